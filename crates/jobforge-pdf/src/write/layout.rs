//! From blocks to positioned lines on pages: glyph lookup with fallback
//! across the family's faces, greedy line breaking by real advance widths,
//! and pagination that keeps headings with what follows them.
//!
//! Everything here is linear in the document's length: each character is
//! looked up once (cached per face), each word placed once, each line paged
//! once; keeping a heading with its next block looks ahead over a bounded
//! chain of blocks.

use std::collections::{BTreeMap, HashMap};

use jobforge_types::{Block, RichDocument, Span};

use super::{CharSubstitution, MAX_PAGES, PageSetup, PdfWriteError};
use crate::fonts::{FontSet, FontStyle};

/// Slant of synthesised italics (tan 12°).
pub(crate) const SYNTH_ITALIC_SKEW: f32 = 0.212;
/// Stroke width of synthesised bold, as a fraction of the font size.
pub(crate) const SYNTH_BOLD_STROKE: f32 = 0.03;
/// Measurements are compared with this much slack so rounding never pushes
/// a word that exactly fits onto the next line.
const EPSILON: f32 = 0.01;
/// Nesting deeper than this is drawn at this depth.
const MAX_LIST_DEPTH: u8 = 6;

/// Which face draws a glyph, and what is synthesised on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct RunFont {
    pub style: FontStyle,
    pub synth_bold: bool,
    pub synth_italic: bool,
}

/// One glyph to draw.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Glyph {
    pub font: RunFont,
    /// Glyph ID in the original (not yet subset) face.
    pub gid: u16,
    /// Advance in ems.
    pub advance: f32,
    /// The character it stands for (what `ToUnicode` maps it back to).
    pub ch: char,
    /// Index into [`Laid::links`].
    pub link: Option<u32>,
}

pub(crate) struct LoadedFace<'f> {
    pub face: ttf_parser::Face<'f>,
    pub units_per_em: f32,
    cache: HashMap<char, Option<(u16, f32)>>,
}

impl LoadedFace<'_> {
    fn lookup(&mut self, ch: char) -> Option<(u16, f32)> {
        if let Some(hit) = self.cache.get(&ch) {
            return *hit;
        }
        let found = self.face.glyph_index(ch).map(|gid| {
            let advance = self.face.glyph_hor_advance(gid).unwrap_or(0);
            (gid.0, f32::from(advance) / self.units_per_em)
        });
        self.cache.insert(ch, found);
        found
    }

    /// Ascender and descender (negative) in ems, from the face's metrics.
    pub fn vertical_metrics(&self) -> (f32, f32) {
        (
            f32::from(self.face.ascender()) / self.units_per_em,
            f32::from(self.face.descender()) / self.units_per_em,
        )
    }
}

/// The family's faces, parsed once per export.
pub(crate) struct Faces<'f> {
    pub faces: [Option<LoadedFace<'f>>; 4],
    /// For each wanted style, the faces to try in order and what to
    /// synthesise on each.
    candidates: [Vec<RunFont>; 4],
}

impl<'f> Faces<'f> {
    pub fn load(fonts: &'f FontSet) -> Result<Faces<'f>, PdfWriteError> {
        let mut faces: [Option<LoadedFace<'f>>; 4] = Default::default();
        for style in FontStyle::ALL {
            let Some(font) = fonts.face(style) else {
                continue;
            };
            // FontSet validated the face already; a failure here means the
            // bytes changed under us, which is still an error, not a panic.
            let face =
                ttf_parser::Face::parse(font.data(), 0).map_err(|e| PdfWriteError::Font {
                    face: font.source().to_owned(),
                    reason: e.to_string(),
                })?;
            faces[style.index()] = Some(LoadedFace {
                units_per_em: f32::from(face.units_per_em().max(1)),
                face,
                cache: HashMap::new(),
            });
        }
        let candidates = FontStyle::ALL.map(|want| {
            let mut list: Vec<(u8, usize, RunFont)> = FontStyle::ALL
                .iter()
                .filter(|s| faces[s.index()].is_some())
                .map(|&have| {
                    (
                        style_distance(want, have),
                        have.index(),
                        RunFont {
                            style: have,
                            synth_bold: want.is_bold() && !have.is_bold(),
                            synth_italic: want.is_italic() && !have.is_italic(),
                        },
                    )
                })
                .collect();
            list.sort_by_key(|&(d, i, _)| (d, i));
            list.into_iter().map(|(_, _, f)| f).collect()
        });
        Ok(Faces { faces, candidates })
    }

    pub fn face(&self, style: FontStyle) -> Option<&LoadedFace<'f>> {
        self.faces[style.index()].as_ref()
    }

    /// The glyph for `ch` in the first face of `want`'s candidates that has
    /// one.
    fn find(&mut self, ch: char, want: FontStyle) -> Option<(RunFont, u16, f32)> {
        let Faces { faces, candidates } = self;
        candidates[want.index()].iter().find_map(|rf| {
            let face = faces[rf.style.index()].as_mut()?;
            face.lookup(ch).map(|(gid, adv)| (*rf, gid, adv))
        })
    }

    fn primary(&self, want: FontStyle) -> RunFont {
        self.candidates[want.index()]
            .first()
            .copied()
            .unwrap_or(RunFont {
                style: FontStyle::Regular,
                synth_bold: want.is_bold(),
                synth_italic: want.is_italic(),
            })
    }
}

/// How far a face is from the wanted style. Synthesising italic (a slant)
/// looks better than synthesising bold (a stroke), and a face with a style
/// the text does not want (bold for regular text) is the last resort.
fn style_distance(want: FontStyle, have: FontStyle) -> u8 {
    let bold = match (want.is_bold(), have.is_bold()) {
        (true, false) => 2,
        (false, true) => 4,
        _ => 0,
    };
    let italic = match (want.is_italic(), have.is_italic()) {
        (true, false) => 1,
        (false, true) => 4,
        _ => 0,
    };
    bold + italic
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineKind {
    Heading,
    Text,
    Rule,
}

/// A run of glyphs starting at `x` (points from the left margin).
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub x: f32,
    pub glyphs: Vec<Glyph>,
}

/// One line box: a line of text or a rule.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub kind: LineKind,
    /// Height of the box in points.
    pub height: f32,
    /// Baseline (text) or stroke position (rule), from the top of the box.
    pub baseline: f32,
    pub size: f32,
    pub ascent: f32,
    pub descent: f32,
    pub segments: Vec<Segment>,
}

/// A line placed on a page: `top` is its box's distance below the top
/// margin.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    pub top: f32,
    pub line: Line,
}

pub(crate) struct Laid {
    pub pages: Vec<Vec<Placed>>,
    /// Link targets (already checked to be http, https or mailto).
    pub links: Vec<String>,
    pub substitutions: Vec<CharSubstitution>,
}

/// A block as line boxes, with the space above it.
struct LaidBlock {
    space_before: f32,
    lines: Vec<Line>,
    /// Headings (and rules right after them) stay on the page of the next
    /// block's first line.
    keep_with_next: bool,
}

/// Collects what was substituted or left out, in character order.
#[derive(Default)]
struct Report {
    chars: BTreeMap<char, (Option<char>, usize)>,
}

impl Report {
    fn note(&mut self, ch: char, replacement: Option<char>) {
        self.chars.entry(ch).or_insert((replacement, 0)).1 += 1;
    }

    fn finish(self) -> Vec<CharSubstitution> {
        self.chars
            .into_iter()
            .map(|(ch, (replacement, count))| CharSubstitution {
                ch,
                replacement,
                count,
            })
            .collect()
    }
}

struct Ctx<'a, 'f> {
    faces: &'a mut Faces<'f>,
    report: Report,
    links: Vec<String>,
    link_ids: HashMap<String, u32>,
    base: f32,
    column: f32,
    ascender: f32,
    descender: f32,
}

pub(crate) fn lay_out(
    doc: &RichDocument,
    setup: &PageSetup,
    faces: &mut Faces<'_>,
) -> Result<Laid, PdfWriteError> {
    let (page_w, page_h) = setup.size.dimensions_pt();
    let column = page_w - 2.0 * setup.margin_pt;
    let usable_height = page_h - 2.0 * setup.margin_pt;
    let (ascender, descender) = faces
        .face(FontStyle::Regular)
        .map(LoadedFace::vertical_metrics)
        .unwrap_or((0.9, -0.25));
    let mut ctx = Ctx {
        faces,
        report: Report::default(),
        links: Vec::new(),
        link_ids: HashMap::new(),
        base: setup.base_font_pt,
        column,
        ascender,
        descender,
    };

    let mut blocks = Vec::with_capacity(doc.blocks.len());
    let mut previous: Option<&Block> = None;
    for block in &doc.blocks {
        if let Some(laid) = ctx.block(block, previous) {
            blocks.push(laid);
            previous = Some(block);
        }
    }
    let pages = paginate(&blocks, usable_height)?;
    Ok(Laid {
        pages,
        links: ctx.links,
        substitutions: ctx.report.finish(),
    })
}

fn paginate(blocks: &[LaidBlock], usable: f32) -> Result<Vec<Vec<Placed>>, PdfWriteError> {
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut cursor = 0.0_f32;
    // Where the current keep-with-next chain was already checked, so a chain
    // of several headings is measured once, not once per heading.
    let mut chain_checked_until = 0usize;

    for (i, block) in blocks.iter().enumerate() {
        let page_empty = pages.last().is_none_or(Vec::is_empty);
        if block.keep_with_next && i >= chain_checked_until && !page_empty {
            let (needed, end) = chain_height(blocks, i);
            chain_checked_until = end;
            // Only move the chain when it fits on a fresh page; otherwise
            // moving it would not help.
            if cursor + block.space_before + needed > usable + EPSILON && needed <= usable {
                new_page(&mut pages, &mut cursor)?;
            }
        }
        for (k, line) in block.lines.iter().enumerate() {
            let page_empty = pages.last().is_none_or(Vec::is_empty);
            let mut space = if k == 0 && !page_empty {
                block.space_before
            } else {
                0.0
            };
            if !page_empty && cursor + space + line.height > usable + EPSILON {
                new_page(&mut pages, &mut cursor)?;
                space = 0.0;
            }
            cursor += space;
            if let Some(page) = pages.last_mut() {
                page.push(Placed {
                    top: cursor,
                    line: line.clone(),
                });
            }
            cursor += line.height;
        }
    }
    Ok(pages)
}

/// Height of the chain of headings (and rules) starting at `start`, plus
/// the first line of the block after it; and the index just past the chain.
fn chain_height(blocks: &[LaidBlock], start: usize) -> (f32, usize) {
    let mut needed = 0.0;
    let mut j = start;
    while let Some(b) = blocks.get(j) {
        if !b.keep_with_next {
            break;
        }
        if j > start {
            needed += b.space_before;
        }
        needed += b.lines.iter().map(|l| l.height).sum::<f32>();
        j += 1;
    }
    if let Some(next) = blocks.get(j)
        && let Some(first) = next.lines.first()
    {
        needed += next.space_before + first.height;
    }
    (needed, j)
}

fn new_page(pages: &mut Vec<Vec<Placed>>, cursor: &mut f32) -> Result<(), PdfWriteError> {
    if pages.len() >= MAX_PAGES {
        return Err(PdfWriteError::TooLong);
    }
    pages.push(Vec::new());
    *cursor = 0.0;
    Ok(())
}

impl Ctx<'_, '_> {
    fn block(&mut self, block: &Block, previous: Option<&Block>) -> Option<LaidBlock> {
        let base = self.base;
        let after_heading = matches!(previous, Some(Block::Heading { .. }));
        match block {
            Block::Heading { level, spans } => {
                let (scale, before) = match level {
                    0 | 1 => (1.9, 1.2),
                    2 => (1.35, 1.1),
                    3 => (1.15, 0.9),
                    _ => (1.0, 0.7),
                };
                let size = base * scale;
                let glyph_lines = self.set_text(spans, true, size, self.column);
                let lines = self.text_lines(glyph_lines, LineKind::Heading, size, 1.2, 0.0, None);
                if lines.is_empty() {
                    return None;
                }
                let space_before = if after_heading {
                    base * 0.3
                } else {
                    base * before
                };
                Some(LaidBlock {
                    space_before,
                    lines,
                    keep_with_next: true,
                })
            }
            Block::Paragraph(spans) => {
                let glyph_lines = self.set_text(spans, false, base, self.column);
                let lines = self.text_lines(glyph_lines, LineKind::Text, base, 1.3, 0.0, None);
                if lines.is_empty() {
                    return None;
                }
                let space_before = if after_heading {
                    base * 0.3
                } else {
                    base * 0.6
                };
                Some(LaidBlock {
                    space_before,
                    lines,
                    keep_with_next: false,
                })
            }
            Block::ListItem {
                depth,
                number,
                spans,
            } => {
                let depth = (*depth).min(MAX_LIST_DEPTH);
                let mut marker = self.marker(depth, *number);
                let marker_width = advance_sum(&marker) * base;
                // A real space after the marker (inside the gap before the
                // text), so even extractors that ignore positions read
                // "• text", not "•text".
                if !marker.is_empty()
                    && let Some(space) = self.faces.find(' ', FontStyle::Regular)
                {
                    marker.push(Glyph {
                        font: space.0,
                        gid: space.1,
                        advance: space.2,
                        ch: ' ',
                        link: None,
                    });
                }
                let step = base * 1.5;
                // Numbers up to "99." get the same box, so items 9 and 10
                // start their text at the same place.
                let number_width = if number.is_some() {
                    let mut advance =
                        |c| self.faces.find(c, FontStyle::Regular).map_or(0.0, |g| g.2);
                    (2.0 * advance('0') + advance('.')) * base
                } else {
                    0.0
                };
                let marker_box = (marker_width.max(number_width) + base * 0.5).max(base * 1.2);
                // Deep nesting must still leave a usable column.
                let indent = (f32::from(depth) * step).min(self.column * 0.4);
                let text_x = indent + marker_box;
                let width = self.column - text_x;
                let glyph_lines = self.set_text(spans, false, base, width);
                let marker = (!marker.is_empty()).then_some(Segment {
                    x: indent,
                    glyphs: marker,
                });
                let lines = self.text_lines(glyph_lines, LineKind::Text, base, 1.3, text_x, marker);
                if lines.is_empty() {
                    return None;
                }
                let space_before = match previous {
                    Some(Block::ListItem { .. }) => base * 0.2,
                    Some(Block::Heading { .. }) => base * 0.3,
                    _ => base * 0.5,
                };
                Some(LaidBlock {
                    space_before,
                    lines,
                    keep_with_next: false,
                })
            }
            Block::Rule => Some(LaidBlock {
                space_before: base * 0.3,
                lines: vec![Line {
                    kind: LineKind::Rule,
                    height: base * 0.8,
                    baseline: base * 0.4,
                    size: base,
                    ascent: 0.0,
                    descent: 0.0,
                    segments: Vec::new(),
                }],
                // A rule right under a heading belongs to it.
                keep_with_next: after_heading,
            }),
        }
    }

    /// Turns lines of glyphs into line boxes; the marker (if any) goes on
    /// the first line.
    fn text_lines(
        &self,
        glyph_lines: Vec<Vec<Glyph>>,
        kind: LineKind,
        size: f32,
        leading: f32,
        x: f32,
        mut marker: Option<Segment>,
    ) -> Vec<Line> {
        let content_height = (self.ascender - self.descender) * size;
        let height = (leading * size).max(content_height);
        let baseline = (height - content_height) / 2.0 + self.ascender * size;
        glyph_lines
            .into_iter()
            .map(|glyphs| {
                let mut segments = Vec::with_capacity(2);
                if let Some(m) = marker.take() {
                    segments.push(m);
                }
                segments.push(Segment { x, glyphs });
                Line {
                    kind,
                    height,
                    baseline,
                    size,
                    ascent: self.ascender * size,
                    descent: self.descender * size,
                    segments,
                }
            })
            .collect()
    }

    /// The list marker: a bullet by depth (•, ◦, ▪) or "N.". A bullet the
    /// font lacks falls back to • and then to -, quietly: it is decoration,
    /// not the user's text.
    fn marker(&mut self, depth: u8, number: Option<u32>) -> Vec<Glyph> {
        let text = match number {
            Some(n) => format!("{n}."),
            None => {
                let wanted = ['•', '◦', '▪'][usize::from(depth) % 3];
                let Some(ch) = [wanted, '•', '-']
                    .into_iter()
                    .find(|&c| self.faces.find(c, FontStyle::Regular).is_some())
                else {
                    return Vec::new();
                };
                ch.to_string()
            }
        };
        text.chars()
            .filter_map(|ch| {
                self.faces
                    .find(ch, FontStyle::Regular)
                    .map(|(font, gid, advance)| Glyph {
                        font,
                        gid,
                        advance,
                        ch,
                        link: None,
                    })
            })
            .collect()
    }

    fn link_id(&mut self, target: Option<&str>) -> Option<u32> {
        let target = target?.trim();
        if !is_allowed_link(target) {
            if !target.is_empty() {
                tracing::debug!("link left as plain text: only http, https and mailto are linked");
            }
            return None;
        }
        if let Some(&id) = self.link_ids.get(target) {
            return Some(id);
        }
        let id = u32::try_from(self.links.len()).ok()?;
        self.links.push(target.to_owned());
        self.link_ids.insert(target.to_owned(), id);
        Some(id)
    }

    /// Words of `spans` broken into lines no wider than `width` at `size`.
    fn set_text(
        &mut self,
        spans: &[Span],
        force_bold: bool,
        size: f32,
        width: f32,
    ) -> Vec<Vec<Glyph>> {
        let words = self.words(spans, force_bold);
        break_lines(&words, size, width)
    }

    /// The spans as words: whitespace collapsed, control characters out,
    /// each character looked up in the family.
    fn words(&mut self, spans: &[Span], force_bold: bool) -> Words {
        let mut out = Words::default();
        // The space waiting to go before the next word, and whether a hard
        // line break comes first.
        let mut pending_space: Option<Glyph> = None;
        let mut pending_break = false;
        let mut in_word = false;
        let mut previous_cr = false;
        for span in spans {
            let style = FontStyle::from_flags(span.bold || force_bold, span.italic);
            let link = self.link_id(span.link.as_deref());
            for ch in span.text.chars() {
                let after_cr = std::mem::replace(&mut previous_cr, ch == '\r');
                match classify(ch) {
                    CharClass::Break => {
                        if ch == '\n' && after_cr {
                            continue;
                        }
                        in_word = false;
                        pending_space = None;
                        pending_break = !out.words.is_empty();
                    }
                    CharClass::Space => {
                        in_word = false;
                        if pending_space.is_none() && !out.words.is_empty() && !pending_break {
                            pending_space = self.glyph(' ', style, link);
                        }
                    }
                    CharClass::Omit => self.report.note(ch, None),
                    CharClass::Text(draw) => {
                        let Some(glyph) = self.glyph(draw, style, link) else {
                            continue;
                        };
                        if !in_word {
                            out.words.push(Word {
                                start: out.glyphs.len(),
                                end: out.glyphs.len(),
                                width: 0.0,
                                space: pending_space.take(),
                                hard_break: std::mem::take(&mut pending_break),
                            });
                            in_word = true;
                        }
                        out.glyphs.push(glyph);
                        if let Some(word) = out.words.last_mut() {
                            word.end = out.glyphs.len();
                            word.width += glyph.advance;
                        }
                    }
                }
            }
        }
        out
    }

    /// The glyph for `ch`, from the wanted face or another face of the
    /// family; `?` (reported) when none has it.
    fn glyph(&mut self, ch: char, style: FontStyle, link: Option<u32>) -> Option<Glyph> {
        if let Some((font, gid, advance)) = self.faces.find(ch, style) {
            return Some(Glyph {
                font,
                gid,
                advance,
                ch,
                link,
            });
        }
        self.report.note(ch, Some('?'));
        let font = self.faces.primary(style);
        match self.faces.find('?', style) {
            Some((font, gid, advance)) => Some(Glyph {
                font,
                gid,
                advance,
                ch: '?',
                link,
            }),
            // Every accepted face has '?'; if not, draw .notdef rather than
            // lose the position.
            None => Some(Glyph {
                font,
                gid: 0,
                advance: 0.5,
                ch: '?',
                link,
            }),
        }
    }
}

enum CharClass {
    /// A hard line break.
    Break,
    /// Collapsible white space.
    Space,
    /// Not drawn (control and invisible formatting characters); reported.
    Omit,
    /// Drawn, as this character (no-break spaces are drawn as a space).
    Text(char),
}

fn classify(ch: char) -> CharClass {
    match ch {
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => CharClass::Break,
        // No-break spaces keep words together but are drawn (and extracted)
        // as a plain space: fonts often share one glyph between them, and a
        // glyph can only map back to one character.
        '\u{A0}' | '\u{2007}' | '\u{202F}' => CharClass::Text(' '),
        '\t' => CharClass::Space,
        c if c.is_whitespace() => CharClass::Space,
        c if c.is_control() => CharClass::Omit,
        // Soft hyphen, zero-width and joiner characters, direction marks and
        // embeddings, word joiner and invisible operators, variation
        // selectors, byte order mark, interlinear annotation, tags.
        '\u{AD}'
        | '\u{34F}'
        | '\u{61C}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E0FFF}' => CharClass::Omit,
        c => CharClass::Text(c),
    }
}

#[derive(Default)]
struct Words {
    glyphs: Vec<Glyph>,
    words: Vec<Word>,
}

struct Word {
    start: usize,
    end: usize,
    /// Sum of advances, in ems.
    width: f32,
    /// The space before it (absent at the start and after a hard break).
    space: Option<Glyph>,
    hard_break: bool,
}

fn advance_sum(glyphs: &[Glyph]) -> f32 {
    glyphs.iter().map(|g| g.advance).sum()
}

/// Greedy line breaking: each word goes on the current line if it fits,
/// otherwise starts the next; a word wider than a whole line is broken
/// between characters. Linear in the number of glyphs.
fn break_lines(words: &Words, size: f32, width: f32) -> Vec<Vec<Glyph>> {
    let max = width / size;
    let slack = EPSILON / size;
    let mut lines = Vec::new();
    let mut line: Vec<Glyph> = Vec::new();
    let mut used = 0.0_f32;
    for word in &words.words {
        let glyphs = words.glyphs.get(word.start..word.end).unwrap_or(&[]);
        if word.hard_break && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
        if !line.is_empty() {
            let space = word.space.map_or(0.0, |s| s.advance);
            if used + space + word.width <= max + slack {
                if let Some(s) = word.space {
                    line.push(s);
                }
                line.extend_from_slice(glyphs);
                used += space + word.width;
                continue;
            }
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
        if word.width <= max + slack {
            line.extend_from_slice(glyphs);
            used = word.width;
            continue;
        }
        // Too long for any line: fill lines character by character. A
        // zero-width glyph (a combining mark) stays with its base, and every
        // line gets at least one glyph so this always advances.
        for &g in glyphs {
            if !line.is_empty() && g.advance > 0.0 && used + g.advance > max + slack {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            line.push(g);
            used += g.advance;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Only web and mail links become clickable; anything else (javascript:,
/// file:, relative paths) stays plain text.
pub(crate) fn is_allowed_link(target: &str) -> bool {
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    (lower.starts_with("http://") && target.len() > 7)
        || (lower.starts_with("https://") && target.len() > 8)
        || (lower.starts_with("mailto:") && target.len() > 7)
}
