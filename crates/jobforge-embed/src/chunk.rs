//! Cutting resumes, postings and documents (Markdown) into chunks worth one
//! vector each.
//!
//! - A section runs from a heading of level 1 or 2 to the next one; chunks
//!   never cross sections, and each carries its section's title. A heading
//!   with nothing under it joins the section after it.
//! - A section that fits in [`ChunkLimits::max_chars`] is one chunk.
//! - A longer one is cut between pieces, preferring (in order) the start of
//!   an entry (a `###` or deeper heading: a role, a project, a degree), a
//!   blank line, then a sentence or line end; as a last resort a long
//!   sentence is cut between words (or characters, for scripts without
//!   spaces). Among the allowed cuts the chunker takes the strongest one
//!   that leaves the chunk at least [`ChunkLimits::target_chars`] long,
//!   else the last one that fits.
//! - An entry that fits in `max_chars` is never cut inside.
//! - After a cut that is not at an entry, the next chunk starts with about
//!   [`ChunkLimits::overlap_chars`] of the previous one, beginning at a
//!   sentence start (a word start if no sentence starts near), so a fact
//!   split across the cut is whole in one of them. Entries are
//!   self-contained and get no overlap.
//! - Every chunk's text is exactly `text[byte_range]`, trimmed; ranges fall
//!   on char boundaries. The same input always gives the same chunks.

use std::ops::Range;

use jobforge_analysis::text;

/// What is being chunked. Decides which lines count as section headings:
/// Markdown headings everywhere; in postings (often pasted or captured as
/// plain text) also short lines such as `Requirements:` or `**What you'll
/// do**`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChunkKind {
    Resume,
    Posting,
    Document,
}

/// Sizes in characters (not bytes: the same limits hold for any script).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkLimits {
    /// Cuts are taken once a chunk is at least this long, when they can be.
    pub target_chars: usize,
    /// No chunk is longer (an entry longer than this is cut inside).
    pub max_chars: usize,
    /// How much of the previous chunk the next one repeats after a cut.
    pub overlap_chars: usize,
}

impl Default for ChunkLimits {
    /// 600 / 900 / 120: a few resume bullets or a posting paragraph per
    /// chunk, well inside MiniLM's 256-token window (about 1,000 characters
    /// of English).
    fn default() -> Self {
        Self {
            target_chars: 600,
            max_chars: 900,
            overlap_chars: 120,
        }
    }
}

impl ChunkLimits {
    /// Limits that cannot make the chunker loop or exceed its maximum.
    fn sane(self) -> Self {
        let max_chars = self.max_chars.max(16);
        Self {
            max_chars,
            target_chars: self.target_chars.min(max_chars),
            overlap_chars: self.overlap_chars.min(max_chars / 3),
        }
    }
}

/// One piece of a text, ready to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Position among the text's chunks, from 0.
    pub index: usize,
    /// Title of the section the chunk is in; `None` before the first heading.
    pub section: Option<String>,
    /// Exactly `text[byte_range]`.
    pub text: String,
    pub byte_range: Range<usize>,
}

/// Cuts `text` into chunks; see the module documentation for the rules.
pub fn chunk(text: &str, kind: ChunkKind, limits: ChunkLimits) -> Vec<Chunk> {
    let limits = limits.sane();
    let lines = classify_lines(text, kind);
    let mut chunks = Vec::new();
    for section in sections(text, &lines) {
        for range in chunk_section(text, &lines[section.lines.clone()], limits) {
            chunks.push(Chunk {
                index: chunks.len(),
                section: section.title.clone(),
                text: text[range.clone()].to_owned(),
                byte_range: range,
            });
        }
    }
    tracing::trace!(bytes = text.len(), chunks = chunks.len(), ?kind, "chunked");
    chunks
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    /// Markdown heading (or a posting's pseudo-heading, as level 2).
    Heading(usize),
    Text,
}

#[derive(Debug, Clone)]
struct Line {
    /// Byte range of the line without its line break.
    start: usize,
    end: usize,
    kind: LineKind,
}

fn classify_lines(text: &str, kind: ChunkKind) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut at = 0;
    let mut in_fence = false;
    for raw in text.split_inclusive('\n') {
        let start = at;
        at += raw.len();
        let content = raw.trim_end_matches(['\n', '\r']);
        let end = start + content.len();
        let trimmed = content.trim();
        let line_kind = if trimmed.is_empty() {
            LineKind::Blank
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            LineKind::Text
        } else if in_fence {
            LineKind::Text
        } else if let Some(level) = heading_level(content) {
            LineKind::Heading(level)
        } else if kind == ChunkKind::Posting && is_pseudo_heading(trimmed) {
            LineKind::Heading(2)
        } else {
            LineKind::Text
        };
        lines.push(Line {
            start,
            end,
            kind: line_kind,
        });
    }
    lines
}

/// ATX heading level: up to three spaces, 1–6 `#`, then a space or the end.
fn heading_level(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    let after = &rest[hashes..];
    ((1..=6).contains(&hashes) && (after.is_empty() || after.starts_with([' ', '\t'])))
        .then_some(hashes)
}

/// A plain-text posting's section title: short, not a list item, and either
/// ending in a colon or entirely bold.
fn is_pseudo_heading(trimmed: &str) -> bool {
    if trimmed.chars().count() > 60 || text::strip_bullet(trimmed).is_some() {
        return false;
    }
    let bold = (trimmed.starts_with("**") && trimmed.ends_with("**") && trimmed.len() > 4)
        || (trimmed.starts_with("__") && trimmed.ends_with("__") && trimmed.len() > 4);
    let inner = trimmed.trim_matches(['*', '_']).trim();
    let colon = inner.ends_with(':') && !inner[..inner.len() - 1].contains([':', '.', ';']);
    (bold && !inner.contains("**")) || colon
}

fn heading_title(text: &str, line: &Line) -> String {
    let title = text[line.start..line.end]
        .trim()
        .trim_start_matches('#')
        .trim_end_matches('#')
        .trim()
        .trim_matches(['*', '_'])
        .trim()
        .trim_end_matches(':')
        .trim();
    title.to_owned()
}

struct Section {
    title: Option<String>,
    /// Indices into the classified lines.
    lines: Range<usize>,
}

fn sections(text: &str, lines: &[Line]) -> Vec<Section> {
    let is_section_heading =
        |line: &Line| matches!(line.kind, LineKind::Heading(level) if level <= 2);
    let mut raw: Vec<Section> = Vec::new();
    let mut start = 0;
    for (index, line) in lines.iter().enumerate() {
        if is_section_heading(line) && index > start {
            raw.push(Section {
                title: None,
                lines: start..index,
            });
            start = index;
        }
    }
    if start < lines.len() {
        raw.push(Section {
            title: None,
            lines: start..lines.len(),
        });
    }
    for section in &mut raw {
        let first = &lines[section.lines.start];
        if is_section_heading(first) {
            section.title = Some(heading_title(text, first));
        }
    }
    // Drop empty stretches; a heading with nothing under it joins the next
    // section (a resume's "# Name" over "## Summary").
    let mut out: Vec<Section> = Vec::new();
    let mut carried: Option<usize> = None;
    for section in raw {
        let has_body = lines[section.lines.clone()].iter().any(|l| {
            l.kind == LineKind::Text || matches!(l.kind, LineKind::Heading(level) if level > 2)
        });
        let has_anything = lines[section.lines.clone()]
            .iter()
            .any(|l| l.kind != LineKind::Blank);
        if !has_anything {
            continue;
        }
        let start = carried.take().unwrap_or(section.lines.start);
        if has_body {
            out.push(Section {
                title: section.title,
                lines: start..section.lines.end,
            });
        } else {
            carried = Some(start);
        }
    }
    if let Some(start) = carried {
        // Headings only up to the end: keep them, titled by the last.
        let title = lines[start..]
            .iter()
            .rev()
            .find(|l| is_section_heading(l))
            .map(|l| heading_title(text, l));
        out.push(Section {
            title,
            lines: start..lines.len(),
        });
    }
    out
}

/// Strength of a cut before a piece; `Forbidden` where no cut may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cut {
    Forbidden,
    Word,
    Sentence,
    Paragraph,
    Entry,
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    /// The cut allowed just before this piece.
    before: Cut,
}

fn chars(text: &str, range: Range<usize>) -> usize {
    text[range].chars().count()
}

fn chunk_section(text: &str, lines: &[Line], limits: ChunkLimits) -> Vec<Range<usize>> {
    let Some(first) = lines.iter().find(|l| l.kind != LineKind::Blank) else {
        return Vec::new();
    };
    let Some(last) = lines.iter().rev().find(|l| l.kind != LineKind::Blank) else {
        return Vec::new();
    };
    let whole = first.start..last.end;
    let whole = trim_range(text, whole);
    if whole.is_empty() {
        return Vec::new();
    }
    if chars(text, whole.clone()) <= limits.max_chars {
        return vec![whole];
    }
    let pieces = pieces(text, lines, limits);
    pack(text, &pieces, limits)
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = &text[range.clone()];
    let leading = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim().len();
    range.start + leading..range.start + leading + trimmed
}

/// The section as pieces (heading lines, sentences, parts of overlong
/// sentences), each with the cut allowed before it.
fn pieces(text: &str, lines: &[Line], limits: ChunkLimits) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    // (first piece, heading level) of every entry, to protect those that fit.
    let mut entries: Vec<(usize, usize)> = Vec::new();
    let mut after_heading = false;
    let mut blank = false;
    for line in lines {
        match line.kind {
            LineKind::Blank => blank = true,
            LineKind::Heading(level) => {
                let range = trim_range(text, line.start..line.end);
                let before = if after_heading {
                    Cut::Forbidden
                } else if level > 2 {
                    Cut::Entry
                } else {
                    Cut::Paragraph
                };
                if level > 2 {
                    entries.push((pieces.len(), level));
                }
                push_split(text, range, before, limits, &mut pieces);
                after_heading = true;
                blank = false;
            }
            LineKind::Text => {
                let line_text = &text[line.start..line.end];
                for (index, (s, e)) in text::sentences(line_text).into_iter().enumerate() {
                    let before = if index > 0 {
                        Cut::Sentence
                    } else if after_heading {
                        Cut::Forbidden
                    } else if blank {
                        Cut::Paragraph
                    } else {
                        Cut::Sentence
                    };
                    let range = line.start + s..line.start + e;
                    push_split(text, range, before, limits, &mut pieces);
                }
                after_heading = false;
                blank = false;
            }
        }
    }
    // An entry runs to the next heading of its level or higher. One that
    // fits is never cut inside.
    let heading_levels: Vec<(usize, usize)> = entries.clone();
    for &(first, level) in &entries {
        let end = heading_levels
            .iter()
            .find(|&&(other, other_level)| other > first && other_level <= level)
            .map_or(pieces.len(), |&(other, _)| other);
        if end == 0 || first >= end {
            continue;
        }
        if chars(text, pieces[first].start..pieces[end - 1].end) <= limits.max_chars {
            for piece in &mut pieces[first + 1..end] {
                piece.before = Cut::Forbidden;
            }
        }
    }
    if let Some(first) = pieces.first_mut() {
        first.before = Cut::Forbidden;
    }
    pieces
}

/// Pushes `range` as one piece, or as several no longer than `max_chars`
/// when it is a sentence too long for any chunk: cut at the last space
/// before the limit, or at a character boundary when there is none.
fn push_split(
    text: &str,
    range: Range<usize>,
    before: Cut,
    limits: ChunkLimits,
    pieces: &mut Vec<Piece>,
) {
    let mut start = range.start;
    let mut before = before;
    while start < range.end {
        let rest = &text[start..range.end];
        let mut cut = rest.len();
        let mut last_space = None;
        for (count, (at, c)) in rest.char_indices().enumerate() {
            if count == limits.max_chars {
                cut = match last_space {
                    Some(space) if space > 0 => space,
                    _ => at,
                };
                break;
            }
            if c.is_whitespace() && count >= limits.max_chars / 2 {
                last_space = Some(at);
            }
        }
        let piece = trim_range(text, start..start + cut);
        if !piece.is_empty() {
            pieces.push(Piece {
                start: piece.start,
                end: piece.end,
                before,
            });
            before = Cut::Word;
        }
        start += cut;
    }
}

fn pack(text: &str, pieces: &[Piece], limits: ChunkLimits) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if pieces.is_empty() {
        return out;
    }
    // `next` is the first piece not yet in any chunk; `start` where the
    // chunk being built begins (before `pieces[next].start` when it
    // repeats the end of the previous chunk).
    let mut next = 0;
    let mut start = pieces[0].start;
    loop {
        // The last piece that still fits. `next` always fits: every piece is
        // at most `max_chars`, and an overlap is only taken if it leaves
        // room for the piece after it.
        let mut fits = next;
        let mut length = chars(text, start..pieces[next].end);
        while fits + 1 < pieces.len() {
            let added = chars(text, pieces[fits].end..pieces[fits + 1].end);
            if length + added > limits.max_chars {
                break;
            }
            length += added;
            fits += 1;
        }
        if fits + 1 == pieces.len() {
            out.push(start..pieces[fits].end);
            return out;
        }
        // Best allowed cut after pieces[next..=fits]: long enough first, then
        // strongest, then latest. A forced cut at the limit if none.
        let mut best: Option<(bool, Cut, usize)> = None;
        for after in next..=fits {
            let cut = pieces[after + 1].before;
            if cut == Cut::Forbidden {
                continue;
            }
            let long_enough = chars(text, start..pieces[after].end) >= limits.target_chars;
            let candidate = (long_enough, cut, after);
            if best.is_none_or(|b| candidate > b) {
                best = Some(candidate);
            }
        }
        let (cut, after) = best.map_or((Cut::Word, fits), |(_, cut, after)| (cut, after));
        let previous = start..pieces[after].end;
        out.push(previous.clone());
        next = after + 1;
        start = pieces[next].start;
        if cut != Cut::Entry
            && let Some(overlap) = overlap_start(text, pieces, previous, next, limits)
        {
            start = overlap;
        }
    }
}

/// Where the chunk starting at `pieces[next]` should begin to repeat about
/// `overlap_chars` of the `previous` chunk: the piece start closest to that
/// (within twice the amount), else a word start; never before the previous
/// chunk's last entry heading, never so early that `pieces[next]` would
/// not fit.
fn overlap_start(
    text: &str,
    pieces: &[Piece],
    previous: Range<usize>,
    next: usize,
    limits: ChunkLimits,
) -> Option<usize> {
    if limits.overlap_chars == 0 {
        return None;
    }
    // Earliest allowed position: the previous chunk's start, or its last
    // entry heading within it.
    let mut floor = previous.start;
    for piece in pieces[..next].iter().rev() {
        if piece.start < previous.start {
            break;
        }
        if piece.before == Cut::Entry {
            floor = piece.start;
            break;
        }
    }
    let fits = |at: usize| chars(text, at..pieces[next].end) <= limits.max_chars;
    let wanted = limits.overlap_chars;
    let mut best: Option<(usize, usize)> = None; // (distance from wanted, position)
    for piece in pieces[..next].iter().rev() {
        if piece.start < floor {
            break;
        }
        if piece.start <= previous.start {
            continue;
        }
        let length = chars(text, piece.start..previous.end);
        if length > 2 * wanted {
            break;
        }
        let distance = length.abs_diff(wanted);
        if fits(piece.start) && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, piece.start));
        }
    }
    if let Some((_, at)) = best {
        return Some(at);
    }
    // No sentence starts near: the first word start within `wanted`
    // characters of the end.
    let tail_start = text[floor.max(previous.start)..previous.end]
        .char_indices()
        .rev()
        .nth(wanted.saturating_sub(1))
        .map(|(at, _)| floor.max(previous.start) + at)?;
    let slice = &text[tail_start..previous.end];
    let mut seen_space = false;
    for (at, c) in slice.char_indices() {
        if c.is_whitespace() {
            seen_space = true;
        } else if seen_space {
            let position = tail_start + at;
            return (position > previous.start && fits(position)).then_some(position);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ChunkLimits {
        ChunkLimits::default()
    }

    fn sentence(i: usize) -> String {
        format!(
            "Sentence number {i} describes a piece of work on the billing platform in some detail."
        )
    }

    fn long_prose(sentences: usize) -> String {
        (0..sentences).map(sentence).collect::<Vec<_>>().join(" ")
    }

    fn assert_ranges_map_back(text: &str, chunks: &[Chunk]) {
        for (i, c) in chunks.iter().enumerate() {
            assert_eq!(c.index, i);
            assert_eq!(&text[c.byte_range.clone()], c.text);
            assert_eq!(c.text.trim(), c.text, "chunk {i} not trimmed");
            assert!(!c.text.is_empty());
        }
    }

    #[test]
    fn empty_and_whitespace_input_give_no_chunks() {
        for kind in [ChunkKind::Resume, ChunkKind::Posting, ChunkKind::Document] {
            assert!(chunk("", kind, limits()).is_empty());
            assert!(chunk("  \n\n\t \r\n", kind, limits()).is_empty());
        }
    }

    #[test]
    fn sections_are_kept_and_titled() {
        let text = "# Ada Lovelace\n\n## Summary\nAnalyst of engines.\n\n## Skills\nRust, SQL\n\n## Education\nBSc Mathematics\n";
        let chunks = chunk(text, ChunkKind::Resume, limits());
        let sections: Vec<Option<&str>> = chunks.iter().map(|c| c.section.as_deref()).collect();
        assert_eq!(
            sections,
            [Some("Summary"), Some("Skills"), Some("Education")]
        );
        // The name heading with nothing under it joins the first section.
        assert!(
            chunks[0].text.starts_with("# Ada Lovelace"),
            "{:?}",
            chunks[0].text
        );
        assert_eq!(chunks[1].text, "## Skills\nRust, SQL");
        assert_ranges_map_back(text, &chunks);
    }

    #[test]
    fn text_before_the_first_heading_has_no_section() {
        let text = "Just a paragraph.\n\n## Notes\nMore.";
        let chunks = chunk(text, ChunkKind::Document, limits());
        assert_eq!(chunks[0].section, None);
        assert_eq!(chunks[0].text, "Just a paragraph.");
        assert_eq!(chunks[1].section.as_deref(), Some("Notes"));
    }

    #[test]
    fn long_sections_split_within_bounds_with_sentence_overlap() {
        let text = format!("## Story\n{}", long_prose(40));
        let chunks = chunk(&text, ChunkKind::Document, limits());
        assert!(chunks.len() >= 4, "{}", chunks.len());
        assert_ranges_map_back(&text, &chunks);
        for (i, c) in chunks.iter().enumerate() {
            let n = c.text.chars().count();
            assert!(n <= 900, "chunk {i} has {n} chars");
            if i + 1 < chunks.len() {
                assert!(n >= 600, "chunk {i} has only {n} chars");
            }
            assert_eq!(c.section.as_deref(), Some("Story"));
        }
        for pair in chunks.windows(2) {
            let (a, b) = (&pair[0].byte_range, &pair[1].byte_range);
            assert!(b.start < a.end, "no overlap between {a:?} and {b:?}");
            let overlap = &text[b.start..a.end];
            let n = overlap.chars().count();
            assert!((60..=240).contains(&n), "overlap of {n} chars: {overlap:?}");
            assert!(overlap.starts_with("Sentence number"), "{overlap:?}");
            assert!(a.end <= b.end && a.start < b.start);
        }
        // Nothing is lost: the chunks together cover the section.
        assert_eq!(chunks[0].byte_range.start, 0);
        assert_eq!(chunks.last().map(|c| c.byte_range.end), Some(text.len()));
    }

    #[test]
    fn paragraph_breaks_are_preferred_over_sentence_breaks() {
        let para = |n: usize, offset: usize| {
            (offset..offset + n)
                .map(sentence)
                .collect::<Vec<_>>()
                .join(" ")
        };
        // Two paragraphs of ~8 sentences (~700 chars each) then one more.
        let text = format!("## A\n{}\n\n{}\n\n{}", para(8, 0), para(8, 8), para(8, 16));
        let chunks = chunk(&text, ChunkKind::Document, limits());
        assert_ranges_map_back(&text, &chunks);
        assert!(
            chunks[0].text.ends_with(&sentence(7)),
            "{:?} {}",
            chunks[0].text,
            chunks[0].text.chars().count()
        );
    }

    fn role(title: &str, bullets: usize) -> String {
        let mut out = format!("### {title}\n2019 – 2022\n");
        for i in 0..bullets {
            out.push_str(&format!(
                "- Delivered improvement {i} for {title}, measured and reported weekly to the lead.\n"
            ));
        }
        out
    }

    #[test]
    fn an_experience_section_splits_between_roles_not_inside_them() {
        let roles = [
            role("Backend Engineer, Acme", 5),
            role("Platform Engineer, Globex", 5),
            role("Staff Engineer, Initech", 5),
        ];
        let text = format!("## Experience\n\n{}\n{}\n{}", roles[0], roles[1], roles[2]);
        assert!(text.chars().count() > 900);
        let chunks = chunk(&text, ChunkKind::Resume, limits());
        assert_ranges_map_back(&text, &chunks);
        assert!(chunks.len() >= 2);
        for role in &roles {
            let role = role.trim();
            let holders = chunks.iter().filter(|c| c.text.contains(role)).count();
            assert_eq!(holders, 1, "role split or missing: {role:?}");
        }
        for c in &chunks {
            assert_eq!(c.section.as_deref(), Some("Experience"));
            assert!(c.text.chars().count() <= 900);
        }
        // Roles are self-contained: no chunk starts inside a role.
        for c in &chunks[1..] {
            assert!(c.text.starts_with("### "), "{:?}", c.text);
        }
    }

    #[test]
    fn a_role_too_long_for_one_chunk_is_split_inside_with_overlap() {
        let text = format!("## Experience\n{}", role("Engineer, Hooli", 20));
        let chunks = chunk(&text, ChunkKind::Resume, limits());
        assert_ranges_map_back(&text, &chunks);
        assert!(chunks.len() >= 2);
        assert!(chunks[1].byte_range.start < chunks[0].byte_range.end);
    }

    #[test]
    fn a_heading_never_ends_a_chunk() {
        let text = format!(
            "## Experience\n{}\n### Engineer, Hooli\n{}",
            role("Analyst, Umbrella", 9),
            long_prose(4)
        );
        let chunks = chunk(&text, ChunkKind::Resume, limits());
        for c in &chunks {
            let last_line = c.text.lines().last().unwrap_or_default();
            assert!(!last_line.starts_with('#'), "{:?}", c.text);
        }
    }

    #[test]
    fn posting_pseudo_headings_make_sections() {
        let text = "Acme is hiring.\n\nResponsibilities:\n- Run the warehouse floor\n\n**Requirements**\n- Forklift licence\n";
        let chunks = chunk(text, ChunkKind::Posting, limits());
        let sections: Vec<Option<&str>> = chunks.iter().map(|c| c.section.as_deref()).collect();
        assert_eq!(
            sections,
            [None, Some("Responsibilities"), Some("Requirements")]
        );
        // In a resume the same lines are plain text.
        assert_eq!(chunk(text, ChunkKind::Resume, limits()).len(), 1);
    }

    #[test]
    fn headings_inside_code_fences_are_text() {
        let text = "## Notes\n```\n## not a heading\n```\n";
        let chunks = chunk(text, ChunkKind::Document, limits());
        assert_eq!(chunks.len(), 1);
    }

    #[test]
    fn multibyte_text_without_spaces_is_cut_on_char_boundaries() {
        let text = format!("## 経歴\n{}", "東京でソフトウェアを開発🚀".repeat(300));
        let chunks = chunk(&text, ChunkKind::Resume, limits());
        assert!(chunks.len() > 3);
        assert_ranges_map_back(&text, &chunks);
        for c in &chunks {
            assert!(c.text.chars().count() <= 900);
        }
    }

    #[test]
    fn a_megabyte_single_line_is_chunked_within_bounds() {
        let text = "word ".repeat(200_000);
        let chunks = chunk(&text, ChunkKind::Document, limits());
        assert_ranges_map_back(&text, &chunks);
        assert!(chunks.iter().all(|c| c.text.chars().count() <= 900));
        assert_eq!(
            chunks.last().map(|c| c.byte_range.end),
            Some(text.trim_end().len())
        );
    }

    #[test]
    fn chunking_is_deterministic() {
        let text = format!("## A\n{}\n## B\n{}", long_prose(30), role("X, Y", 12));
        let a = chunk(&text, ChunkKind::Resume, limits());
        let b = chunk(&text, ChunkKind::Resume, limits());
        assert_eq!(a, b);
    }

    #[test]
    fn tiny_or_odd_limits_still_terminate_within_bounds() {
        let text = format!("## A\n{}", long_prose(10));
        for limits in [
            ChunkLimits {
                target_chars: 0,
                max_chars: 0,
                overlap_chars: 0,
            },
            ChunkLimits {
                target_chars: 5000,
                max_chars: 40,
                overlap_chars: 500,
            },
            ChunkLimits {
                target_chars: 100,
                max_chars: 200,
                overlap_chars: 100,
            },
        ] {
            let chunks = chunk(&text, ChunkKind::Document, limits);
            let max = limits.sane().max_chars;
            assert_ranges_map_back(&text, &chunks);
            assert!(
                chunks.iter().all(|c| c.text.chars().count() <= max),
                "{limits:?}"
            );
        }
    }
}
