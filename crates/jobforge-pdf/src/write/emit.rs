//! Laid-out pages to PDF objects: subset fonts embedded as
//! `Type0`/`CIDFontType2` with `Identity-H` and a `ToUnicode` CMap, one
//! compressed content stream per page, link annotations, and the document
//! information. Object numbers are allocated in a fixed order and nothing
//! time- or randomness-dependent is written, so the bytes are reproducible.

use std::collections::BTreeMap;

use jobforge_types::RichDocument;
use pdf_writer::types::{
    ActionType, AnnotationType, CidFontType, FontFlags, SystemInfo, TextRenderingMode, UnicodeCmap,
};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use super::layout::{
    Faces, Glyph, Laid, LineKind, Placed, RunFont, SYNTH_BOLD_STROKE, SYNTH_ITALIC_SKEW,
};
use super::{PageSetup, PdfWriteError};
use crate::fonts::{FontSet, FontStyle};

const PRODUCER: &str = "Job Forge";
/// zlib level 6: streams shrink about 3× and a two-page export still
/// compresses in a few milliseconds.
const COMPRESSION_LEVEL: u8 = 6;
const LINK_RGB: (f32, f32, f32) = (0.06, 0.27, 0.6);
const RULE_GRAY: f32 = 0.55;
const RULE_WIDTH: f32 = 0.6;
const RESOURCE_NAMES: [&[u8]; 4] = [b"F1", b"F2", b"F3", b"F4"];

/// Hands out object numbers in call order.
struct Ids(i32);

impl Ids {
    fn next(&mut self) -> Ref {
        self.0 += 1;
        Ref::new(self.0)
    }
}

/// A face as it goes into the PDF: its subset and the glyph renumbering.
struct Embedded {
    style: FontStyle,
    remapper: GlyphRemapper,
    /// Original glyph ID → the character it maps back to.
    chars: BTreeMap<u16, char>,
    type0: Ref,
    cid: Ref,
    descriptor: Ref,
    to_unicode: Ref,
    file: Ref,
}

fn compress(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, COMPRESSION_LEVEL)
}

pub(crate) fn emit(
    laid: &Laid,
    doc: &RichDocument,
    setup: &PageSetup,
    fonts: &FontSet,
    faces: &Faces<'_>,
) -> Result<Vec<u8>, PdfWriteError> {
    let (page_w, page_h) = setup.size.dimensions_pt();
    let mut ids = Ids(0);
    let catalog_id = ids.next();
    let tree_id = ids.next();
    let info_id = ids.next();

    // Which glyphs each face needs, with the character each one stands for
    // (the first seen, in reading order, if several share a glyph).
    let mut used: [BTreeMap<u16, char>; 4] = Default::default();
    for placed in laid.pages.iter().flatten() {
        for glyph in placed.line.segments.iter().flat_map(|s| &s.glyphs) {
            used[glyph.font.style.index()]
                .entry(glyph.gid)
                .or_insert(glyph.ch);
        }
    }
    let mut embedded: [Option<Embedded>; 4] = Default::default();
    for style in FontStyle::ALL {
        let chars = std::mem::take(&mut used[style.index()]);
        if chars.is_empty() {
            continue;
        }
        let gids: Vec<u16> = chars.keys().copied().collect();
        embedded[style.index()] = Some(Embedded {
            style,
            remapper: GlyphRemapper::new_from_glyphs_sorted(&gids),
            chars,
            type0: ids.next(),
            cid: ids.next(),
            descriptor: ids.next(),
            to_unicode: ids.next(),
            file: ids.next(),
        });
    }

    let mut pdf = Pdf::new();
    // Page objects first, so each page can name its annotations' numbers.
    let page_ids: Vec<(Ref, Ref)> = laid
        .pages
        .iter()
        .map(|_| (ids.next(), ids.next()))
        .collect();

    // The title goes into metadata as one clean line: no control
    // characters, no runs of white space.
    let title = doc
        .title
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut catalog = pdf.catalog(catalog_id);
    catalog.pages(tree_id);
    if !title.is_empty() {
        // Viewers show the title, not the file name, in their title bar.
        catalog.viewer_preferences().display_doc_title(true);
    }
    catalog.finish();
    let page_count = i32::try_from(page_ids.len()).map_err(|_| PdfWriteError::TooLong)?;
    pdf.pages(tree_id)
        .kids(page_ids.iter().map(|(page, _)| *page))
        .count(page_count);
    let mut info = pdf.document_info(info_id);
    if !title.is_empty() {
        info.title(TextStr(&title));
    }
    info.producer(TextStr(PRODUCER)).creator(TextStr(PRODUCER));
    info.finish();

    for (placed_lines, &(page_id, content_id)) in laid.pages.iter().zip(&page_ids) {
        let mut painted = paint_page(placed_lines, setup, &embedded);
        // Every annotation number handed out must be written, so drop
        // (impossible) links without a target before numbering.
        painted
            .links
            .retain(|r| laid.links.get(r.link as usize).is_some());
        let annotation_ids: Vec<Ref> = painted.links.iter().map(|_| ids.next()).collect();

        let mut page = pdf.page(page_id);
        page.parent(tree_id)
            .media_box(Rect::new(0.0, 0.0, page_w, page_h))
            .contents(content_id);
        if !annotation_ids.is_empty() {
            page.annotations(annotation_ids.iter().copied());
        }
        {
            let mut resources = page.resources();
            let mut font_dict = resources.fonts();
            for e in embedded.iter().flatten() {
                font_dict.pair(Name(RESOURCE_NAMES[e.style.index()]), e.type0);
            }
        }
        page.finish();

        pdf.stream(content_id, &compress(&painted.content))
            .filter(Filter::FlateDecode);

        for (rect, link) in painted.links.iter().zip(&annotation_ids) {
            let Some(target) = laid.links.get(rect.link as usize) else {
                continue;
            };
            let mut annotation = pdf.annotation(*link);
            annotation
                .subtype(AnnotationType::Link)
                .rect(Rect::new(rect.x0, rect.y0, rect.x1, rect.y1))
                // No visible box around links: the colour marks them.
                .border(0.0, 0.0, 0.0, None);
            annotation
                .action()
                .action_type(ActionType::Uri)
                .uri(Str(uri_ascii(target).as_bytes()));
            annotation.finish();
        }
    }

    for e in embedded.iter().flatten() {
        // Pages already refer to this font, so a missing face is an error,
        // not something to skip (it cannot happen: glyphs come from faces).
        let (Some(font), Some(face)) = (fonts.face(e.style), faces.face(e.style)) else {
            return Err(PdfWriteError::Font {
                face: format!("{:?}", e.style),
                reason: "the face disappeared during the export".to_owned(),
            });
        };
        write_font(
            &mut pdf,
            e,
            font.data(),
            font.source(),
            font.postscript_name(),
            &face.face,
            face.units_per_em,
        )?;
    }

    Ok(pdf.finish())
}

/// A clickable area on a page.
struct LinkRect {
    link: u32,
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

struct Painted {
    content: Vec<u8>,
    links: Vec<LinkRect>,
}

/// The content stream of one page: each text line one `BT … ET` object, in
/// reading order; rules as stroked lines between them.
fn paint_page(lines: &[Placed], setup: &PageSetup, embedded: &[Option<Embedded>; 4]) -> Painted {
    let (page_w, page_h) = setup.size.dimensions_pt();
    let left = setup.margin_pt;
    let right = page_w - setup.margin_pt;
    let mut content = Content::new();
    let mut links = Vec::new();
    content.set_fill_gray(0.0);
    // Font, rendering mode and colour are graphics state: they carry over
    // from one text object to the next, so they are tracked for the page.
    let mut state = TextState::default();

    for placed in lines {
        let line = &placed.line;
        let baseline = page_h - setup.margin_pt - placed.top - line.baseline;
        if line.kind == LineKind::Rule {
            content
                .save_state()
                .set_stroke_gray(RULE_GRAY)
                .set_line_width(RULE_WIDTH)
                .move_to(left, baseline)
                .line_to(right, baseline)
                .stroke()
                .restore_state();
            continue;
        }
        content.begin_text();
        let mut open_link: Option<LinkRect> = None;
        for segment in &line.segments {
            let mut x = left + segment.x;
            let mut need_position = true;
            let mut glyphs = segment.glyphs.as_slice();
            while let Some(first) = glyphs.first() {
                // A run: consecutive glyphs drawn the same way.
                let run_len = glyphs
                    .iter()
                    .take_while(|g| {
                        g.font == first.font && g.link.is_some() == first.link.is_some()
                    })
                    .count()
                    .max(1);
                let (run, rest) = glyphs.split_at(run_len.min(glyphs.len()));
                glyphs = rest;
                let Some(e) = embedded[first.font.style.index()].as_ref() else {
                    continue;
                };
                state.apply(&mut content, first, line.size, &mut need_position);
                if need_position {
                    let skew = if first.font.synth_italic {
                        SYNTH_ITALIC_SKEW
                    } else {
                        0.0
                    };
                    content.set_text_matrix([1.0, 0.0, skew, 1.0, x, baseline]);
                    need_position = false;
                }
                content.show(Str(&encode(run, e)));
                // Link areas follow the glyphs, run by run.
                for g in run {
                    let w = g.advance * line.size;
                    match (&mut open_link, g.link) {
                        (Some(open), Some(id)) if open.link == id => open.x1 = x + w,
                        (_, id) => {
                            if let Some(done) = open_link.take() {
                                links.push(done);
                            }
                            open_link = id.map(|link| LinkRect {
                                link,
                                x0: x,
                                y0: baseline + line.descent,
                                x1: x + w,
                                y1: baseline + line.ascent,
                            });
                        }
                    }
                    x += w;
                }
            }
        }
        if let Some(done) = open_link.take() {
            links.push(done);
        }
        content.end_text();
    }
    Painted {
        content: content.finish().into_vec(),
        links,
    }
}

/// The text and colour state of the page so far, so operators are only
/// written when something changes.
#[derive(Default)]
struct TextState {
    font: Option<(FontStyle, f32)>,
    synth_bold: bool,
    stroke_width: f32,
    synth_italic: bool,
    link_colour: bool,
}

impl TextState {
    fn apply(&mut self, content: &mut Content, glyph: &Glyph, size: f32, need_position: &mut bool) {
        let RunFont {
            style,
            synth_bold,
            synth_italic,
        } = glyph.font;
        if self.font != Some((style, size)) {
            content.set_font(Name(RESOURCE_NAMES[style.index()]), size);
            self.font = Some((style, size));
        }
        if self.synth_bold != synth_bold {
            content.set_text_rendering_mode(if synth_bold {
                TextRenderingMode::FillStroke
            } else {
                TextRenderingMode::Fill
            });
            self.synth_bold = synth_bold;
        }
        // The outline stroke scales with the type size.
        if synth_bold && self.stroke_width != size * SYNTH_BOLD_STROKE {
            self.stroke_width = size * SYNTH_BOLD_STROKE;
            content.set_line_width(self.stroke_width);
        }
        if self.synth_italic != synth_italic {
            // A slant lives in the text matrix, so the next run is
            // positioned again with the new matrix.
            self.synth_italic = synth_italic;
            *need_position = true;
        }
        let link = glyph.link.is_some();
        if self.link_colour != link {
            let (r, g, b) = if link { LINK_RGB } else { (0.0, 0.0, 0.0) };
            content.set_fill_rgb(r, g, b).set_stroke_rgb(r, g, b);
            self.link_colour = link;
        }
    }
}

/// Two bytes per glyph: the subset's glyph ID, which is also the CID
/// (`Identity-H` encoding, `Identity` CID-to-GID map).
fn encode(run: &[Glyph], e: &Embedded) -> Vec<u8> {
    run.iter()
        .flat_map(|g| e.remapper.get(g.gid).unwrap_or(0).to_be_bytes())
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn write_font(
    pdf: &mut Pdf,
    e: &Embedded,
    data: &[u8],
    source: &str,
    postscript_name: &str,
    face: &ttf_parser::Face<'_>,
    units_per_em: f32,
) -> Result<(), PdfWriteError> {
    let subset = subsetter::subset(data, 0, &e.remapper).map_err(|err| PdfWriteError::Font {
        face: source.to_owned(),
        reason: format!("subsetting failed ({err})"),
    })?;
    let base_font = format!(
        "{}+{postscript_name}",
        subset_tag(postscript_name, &e.chars)
    );
    let base_font = Name(base_font.as_bytes());
    let to_pdf = |v: f32| v * 1000.0 / units_per_em;
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };

    pdf.type0_font(e.type0)
        .base_font(base_font)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(e.cid)
        .to_unicode(e.to_unicode);

    let widths: Vec<f32> = e
        .remapper
        .remapped_gids()
        .map(|old| {
            to_pdf(f32::from(
                face.glyph_hor_advance(ttf_parser::GlyphId(old))
                    .unwrap_or(0),
            ))
        })
        .collect();
    let mut cid = pdf.cid_font(e.cid);
    cid.subtype(CidFontType::Type2)
        .base_font(base_font)
        .system_info(system_info)
        .font_descriptor(e.descriptor)
        .default_width(0.0)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    cid.widths().consecutive(0, widths);
    cid.finish();

    let bbox = face.global_bounding_box();
    let mut flags = FontFlags::SYMBOLIC;
    if e.style.is_italic() {
        flags |= FontFlags::ITALIC;
    }
    if face.is_monospaced() {
        flags |= FontFlags::FIXED_PITCH;
    }
    let ascender = f32::from(face.ascender());
    let weight = f32::from(face.weight().to_number());
    pdf.font_descriptor(e.descriptor)
        .name(base_font)
        .flags(flags)
        .bbox(Rect::new(
            to_pdf(f32::from(bbox.x_min)),
            to_pdf(f32::from(bbox.y_min)),
            to_pdf(f32::from(bbox.x_max)),
            to_pdf(f32::from(bbox.y_max)),
        ))
        .italic_angle(face.italic_angle())
        .ascent(to_pdf(ascender))
        .descent(to_pdf(f32::from(face.descender())))
        .cap_height(to_pdf(
            face.capital_height().map_or(ascender * 0.7, f32::from),
        ))
        // PDF wants a stem width; fonts do not record one. This common
        // estimate from the weight class is what readers expect to see.
        .stem_v(10.0 + 0.244 * (weight - 50.0).max(0.0))
        .font_file2(e.file);

    let mut cmap = UnicodeCmap::new(
        Name(b"Adobe-Identity-UCS"),
        SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        },
    );
    for (&old, &ch) in &e.chars {
        if let Some(new) = e.remapper.get(old) {
            cmap.pair(new, ch);
        }
    }
    pdf.stream(e.to_unicode, &compress(&cmap.finish()))
        .filter(Filter::FlateDecode);

    let subset_len = i32::try_from(subset.len()).map_err(|_| PdfWriteError::Font {
        face: source.to_owned(),
        reason: "the subset is too large".to_owned(),
    })?;
    pdf.stream(e.file, &compress(&subset))
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset_len);
    Ok(())
}

/// The six-letter tag PDF requires before a subset font's name. Derived
/// from the glyph set (FNV-1a), so it is stable for the same document and
/// differs between different subsets of the same face.
fn subset_tag(name: &str, chars: &BTreeMap<u16, char>) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    name.bytes().for_each(&mut feed);
    for gid in chars.keys() {
        gid.to_be_bytes().into_iter().for_each(&mut feed);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8))
        .collect()
}

/// URIs in PDF are 7-bit ASCII: anything else (and spaces) is
/// percent-encoded as UTF-8.
fn uri_ascii(target: &str) -> String {
    let mut out = String::with_capacity(target.len());
    for byte in target.bytes() {
        if byte.is_ascii_graphic() {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
