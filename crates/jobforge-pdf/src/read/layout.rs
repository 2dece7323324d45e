//! From placed glyphs to lines in reading order.
//!
//! 1. **Overprint removal.** A glyph drawn again at (nearly) the same spot
//!    with the same text is the "fake bold" trick; the copy is dropped and
//!    the original marked bold.
//! 2. **Chunks.** Glyphs are joined, in drawing order, into runs on one
//!    baseline. A space is put where the pen jumps further than a small part
//!    of the font size (a kern is smaller than that, a word space larger);
//!    a jump of more than an em ends the chunk, so text on either side of a
//!    gutter never shares one.
//! 3. **Regions.** The page is cut recursively, XY-cut style, preferring
//!    vertical cuts: a region with an empty vertical strip (a *gutter*) from
//!    top to bottom is split into a left and a right column, read whole, one
//!    after the other. A region without one is cut into horizontal bands,
//!    and neighbouring bands that together still have a gutter are regrouped,
//!    so a two-column body is not chopped into alternating slices.
//! 4. **Columns or annotations.** A gutter whose narrower side is mostly
//!    on the same baselines as the other side is not a column break but a
//!    table-like layout: dates beside role titles, a date column beside
//!    entries. Such a region is read row by row, so "Senior Engineer, Acme"
//!    and its right-aligned "2019 – 2022" end up on one line.
//!
//! Everything is O(n log n) in the number of chunks per region; the
//! recursion depth is bounded.

use std::collections::HashMap;

use super::interp::PlacedGlyph;

/// A space is inserted when the pen jumps more than this many ems.
const WORD_GAP_EM: f32 = 0.15;
/// A jump of more than this many ems starts a new chunk; chunks on one
/// baseline closer than this are merged. Gaps between the items of a
/// contact line or between a date and its entry in a date column are about
/// an em; gutters between columns are two or more.
const CHUNK_GAP_EM: f32 = 1.5;
/// Glyphs whose baselines differ by less than this many ems share a chunk
/// (superscripts and subscripts included).
const SAME_BASELINE_EM: f32 = 0.35;
/// Rows on either side of a gutter are "aligned" when their baselines are
/// this close (ems of the smaller size; at least half a point). Text made as
/// a table row shares its baseline exactly; independent columns only match
/// by chance.
const ALIGNED_BASELINE_EM: f32 = 0.12;
/// Share of the narrower side's rows that must be aligned for a gutter to
/// count as a row layout rather than a column break.
const ALIGNED_SHARE: f32 = 0.75;
/// Narrowest gutter, in ems of the region's typical font size.
const MIN_GUTTER_EM: f32 = 1.0;
/// A band that only has text on one side of the gutter joins the group
/// above it only when it is at most this many ems below it; further away it
/// starts a new group (a section under a header block, say).
const ONE_SIDED_JOIN_EM: f32 = 2.0;
const MAX_DEPTH: usize = 24;

/// A line as the layout pass produces it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line {
    pub text: String,
    pub font_size: f32,
    pub bold: bool,
    pub italic: bool,
    pub x: f32,
    pub y: f32,
    pub column: u8,
}

/// A run of glyphs on one baseline.
#[derive(Debug, Clone)]
struct Chunk {
    text: String,
    left: f32,
    right: f32,
    baseline: f32,
    size: f32,
    /// Visible characters, and how many of them are bold / italic.
    chars: usize,
    bold_chars: usize,
    italic_chars: usize,
}

impl Chunk {
    fn top(&self) -> f32 {
        self.baseline - 0.8 * self.size
    }
    fn bottom(&self) -> f32 {
        self.baseline + 0.2 * self.size
    }
}

/// Lays one page's glyphs out as lines in reading order.
pub(super) fn lay_out(glyphs: Vec<PlacedGlyph>) -> Vec<Line> {
    let glyphs = remove_overprint(glyphs);
    let chunks = merge_neighbours(build_chunks(&glyphs));
    let mut lines = Vec::new();
    let ids: Vec<usize> = (0..chunks.len()).collect();
    segment(&chunks, ids, 0, 0, &mut lines);
    lines
}

/// Drops glyphs drawn again on top of themselves (fake bold, shadows) and
/// marks the glyph they repeat bold.
fn remove_overprint(glyphs: Vec<PlacedGlyph>) -> Vec<PlacedGlyph> {
    const CELL: f32 = 2.0;
    let cell = |x: f32, y: f32| ((x / CELL).floor() as i64, (y / CELL).floor() as i64);
    let mut kept: Vec<PlacedGlyph> = Vec::with_capacity(glyphs.len());
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for glyph in glyphs {
        if glyph.text.trim().is_empty() {
            kept.push(glyph);
            continue;
        }
        let (cx, cy) = cell(glyph.x, glyph.y);
        // Closer than half the glyph's width (so "ll" is two l's) and than
        // a sixth of an em (fake-bold offsets are a fraction of a point).
        let max_dx = (0.5 * glyph.width).min(0.15 * glyph.size).max(0.05);
        let max_dy = (0.1 * glyph.size).max(0.05);
        let mut original = None;
        'search: for dx in -1..=1 {
            for dy in -1..=1 {
                for &i in grid
                    .get(&(cx + dx, cy + dy))
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                {
                    if let Some(other) = kept.get(i)
                        && other.text == glyph.text
                        && (other.x - glyph.x).abs() < max_dx
                        && (other.y - glyph.y).abs() < max_dy
                    {
                        original = Some(i);
                        break 'search;
                    }
                }
            }
        }
        match original.and_then(|i| kept.get_mut(i)) {
            Some(other) => other.bold = true,
            None => {
                grid.entry((cx, cy)).or_default().push(kept.len());
                kept.push(glyph);
            }
        }
    }
    kept
}

/// Joins glyphs into chunks in drawing order (writers draw a line's words in
/// order far more often than not; where they do not, the chunks still sort
/// by position later).
fn build_chunks(glyphs: &[PlacedGlyph]) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut current: Option<Chunk> = None;
    // Where the pen stood after the previous glyph, and whether a space
    // glyph was drawn since the last visible one.
    let mut pen = 0.0f32;
    let mut pending_space = false;
    for glyph in glyphs {
        let is_space = glyph.text.chars().all(char::is_whitespace);
        if glyph.text.is_empty() && !glyph.unknown {
            // Icons we drop: they still move the pen, and act as a space.
            pending_space = true;
            pen = glyph.x + glyph.advance;
            continue;
        }
        let size = glyph.size.max(0.1);
        let continues = current.as_ref().is_some_and(|chunk| {
            let em = chunk.size.max(size);
            (glyph.y - chunk.baseline).abs() <= SAME_BASELINE_EM * em
                && glyph.x >= chunk.right - 0.5 * em
                && glyph.x - chunk.right <= CHUNK_GAP_EM * em
        });
        if is_space {
            if continues {
                pending_space = true;
                pen = glyph.x + glyph.advance;
            }
            continue;
        }
        if !continues {
            if let Some(done) = current.take() {
                chunks.push(done);
            }
            current = Some(Chunk {
                text: String::new(),
                left: glyph.x,
                right: glyph.x,
                baseline: glyph.y,
                size,
                chars: 0,
                bold_chars: 0,
                italic_chars: 0,
            });
            pending_space = false;
            pen = glyph.x;
        }
        let Some(chunk) = current.as_mut() else {
            continue;
        };
        let em = chunk.size.max(size);
        if !chunk.text.is_empty()
            && (pending_space || glyph.x - pen > WORD_GAP_EM * em)
            && !chunk.text.ends_with(' ')
        {
            chunk.text.push(' ');
        }
        pending_space = false;
        let text = if glyph.unknown {
            "\u{fffd}"
        } else {
            glyph.text.as_str()
        };
        chunk.text.push_str(text);
        let n = text.chars().count();
        chunk.chars += n;
        if glyph.bold {
            chunk.bold_chars += n;
        }
        if glyph.italic {
            chunk.italic_chars += n;
        }
        // The larger size wins, so a chunk's size is its main text's and not
        // a superscript's.
        if size > chunk.size {
            chunk.size = size;
            chunk.baseline = glyph.y;
        }
        chunk.right = chunk.right.max(glyph.x + glyph.width.max(0.0));
        pen = glyph.x + glyph.advance;
    }
    if let Some(done) = current.take() {
        chunks.push(done);
    }
    for chunk in &mut chunks {
        let trimmed = chunk.text.trim_end().len();
        chunk.text.truncate(trimmed);
    }
    chunks.retain(|c| !c.text.is_empty());
    chunks
}

/// Merges chunks that sit on one baseline close together but were drawn
/// apart (a word drawn after the rest of its line, a line drawn in pieces
/// per font).
fn merge_neighbours(mut chunks: Vec<Chunk>) -> Vec<Chunk> {
    chunks.sort_by(|a, b| {
        a.baseline
            .total_cmp(&b.baseline)
            .then(a.left.total_cmp(&b.left))
    });
    // Rows of exactly shared baselines (a small tolerance for rounding);
    // superscripts were already joined while building chunks.
    let mut merged: Vec<Chunk> = Vec::with_capacity(chunks.len());
    let mut row_start = 0;
    for chunk in chunks {
        let same_row = merged.get(row_start).is_some_and(|first| {
            (chunk.baseline - first.baseline).abs() <= 0.1 * first.size.min(chunk.size)
        });
        if !same_row {
            sort_row(&mut merged, row_start);
            row_start = merged.len();
        }
        merged.push(chunk);
    }
    sort_row(&mut merged, row_start);
    let mut out: Vec<Chunk> = Vec::with_capacity(merged.len());
    for chunk in merged {
        if let Some(previous) = out.last_mut() {
            let em = previous.size.max(chunk.size);
            let gap = chunk.left - previous.right;
            if (chunk.baseline - previous.baseline).abs() <= 0.1 * previous.size.min(chunk.size)
                && gap >= -0.5 * em
                && gap <= CHUNK_GAP_EM * em
            {
                if gap > WORD_GAP_EM * em {
                    previous.text.push(' ');
                }
                previous.text.push_str(&chunk.text);
                previous.right = previous.right.max(chunk.right);
                previous.chars += chunk.chars;
                previous.bold_chars += chunk.bold_chars;
                previous.italic_chars += chunk.italic_chars;
                if chunk.size > previous.size {
                    previous.size = chunk.size;
                }
                continue;
            }
        }
        out.push(chunk);
    }
    out
}

/// Sorts the chunks of one row (from `start` to the end) left to right.
fn sort_row(chunks: &mut [Chunk], start: usize) {
    if let Some(row) = chunks.get_mut(start..) {
        row.sort_by(|a, b| a.left.total_cmp(&b.left));
    }
}

/// Reads a region: splits it at a column gutter, or into bands, or reads it
/// row by row. Returns the highest column number it used.
fn segment(chunks: &[Chunk], ids: Vec<usize>, column: u8, depth: usize, out: &mut Vec<Line>) -> u8 {
    if ids.len() <= 1 || depth >= MAX_DEPTH {
        emit_rows(chunks, &ids, column, out);
        return column;
    }
    if let Some(gutter) = find_gutter(chunks, &ids) {
        let (left, right): (Vec<usize>, Vec<usize>) = ids
            .iter()
            .partition(|&&i| chunks.get(i).is_some_and(|c| c.right <= gutter.0 + 0.01));
        if is_row_layout(chunks, &left, &right) {
            emit_rows(chunks, &ids, column, out);
            return column;
        }
        let last = segment(chunks, left, column, depth + 1, out);
        return segment(chunks, right, last.saturating_add(1), depth + 1, out);
    }
    let groups = band_groups(chunks, &ids);
    if groups.len() <= 1 {
        emit_rows(chunks, &ids, column, out);
        return column;
    }
    let mut last = column;
    for group in groups {
        last = last.max(segment(chunks, group, column, depth + 1, out));
    }
    last
}

/// The widest vertical strip with no chunk in it, between chunks of the
/// region: `(left edge, right edge)`.
fn find_gutter(chunks: &[Chunk], ids: &[usize]) -> Option<(f32, f32)> {
    let spans: Vec<(f32, f32)> = ids
        .iter()
        .filter_map(|&i| chunks.get(i))
        .map(|c| (c.left, c.right))
        .collect();
    widest_gap(&coverage(spans), min_gutter(chunks, ids))
}

/// The narrowest strip that counts as a gutter in a region: an em of its
/// typical (median) font size, and never under 4 points.
fn min_gutter(chunks: &[Chunk], ids: &[usize]) -> f32 {
    let mut sizes: Vec<f32> = ids
        .iter()
        .filter_map(|&i| chunks.get(i))
        .map(|c| c.size)
        .collect();
    sizes.sort_by(f32::total_cmp);
    let typical = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0);
    (MIN_GUTTER_EM * typical).max(4.0)
}

/// The x-ranges covered by some spans, sorted and merged.
fn coverage(mut spans: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f32, f32)> = Vec::with_capacity(spans.len());
    for (left, right) in spans {
        match merged.last_mut() {
            Some(last) if left <= last.1 => last.1 = last.1.max(right),
            _ => merged.push((left, right)),
        }
    }
    merged
}

/// The union of two coverages (both sorted and merged), in linear time.
fn merge_coverage(a: &[(f32, f32)], b: &[(f32, f32)]) -> Vec<(f32, f32)> {
    let mut all: Vec<(f32, f32)> = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while let Some(next) = match (a.get(i), b.get(j)) {
        (Some(x), Some(y)) if x.0 <= y.0 => {
            i += 1;
            Some(*x)
        }
        (_, Some(y)) => {
            j += 1;
            Some(*y)
        }
        (Some(x), None) => {
            i += 1;
            Some(*x)
        }
        (None, None) => None,
    } {
        match all.last_mut() {
            Some(last) if next.0 <= last.1 => last.1 = last.1.max(next.1),
            _ => all.push(next),
        }
    }
    all
}

/// The widest gap of at least `min_width` between covered ranges.
fn widest_gap(coverage: &[(f32, f32)], min_width: f32) -> Option<(f32, f32)> {
    coverage
        .windows(2)
        .filter_map(|pair| match pair {
            [a, b] if b.0 - a.1 >= min_width => Some((a.1, b.0)),
            _ => None,
        })
        .max_by(|a, b| (a.1 - a.0).total_cmp(&(b.1 - b.0)))
}

/// Whether the two sides of a gutter form rows (a table, or dates beside
/// entries) rather than two independent columns.
fn is_row_layout(chunks: &[Chunk], left: &[usize], right: &[usize]) -> bool {
    let left_rows = row_baselines(chunks, left);
    let right_rows = row_baselines(chunks, right);
    let (narrow, other) = if left_rows.len() <= right_rows.len() {
        (&left_rows, &right_rows)
    } else {
        (&right_rows, &left_rows)
    };
    if narrow.is_empty() {
        return false;
    }
    let aligned = narrow
        .iter()
        .filter(|(y, size)| {
            other.iter().any(|(y2, size2)| {
                let tolerance = (ALIGNED_BASELINE_EM * size.min(*size2)).max(0.5);
                (y - y2).abs() <= tolerance
            })
        })
        .count();
    // usize → f32 for a ratio; row counts are far below f32's exact range.
    (aligned as f32) >= ALIGNED_SHARE * (narrow.len() as f32)
}

/// The baselines (with font size) of the rows a set of chunks forms.
fn row_baselines(chunks: &[Chunk], ids: &[usize]) -> Vec<(f32, f32)> {
    rows(chunks, ids)
        .iter()
        .filter_map(|row| {
            let first = chunks.get(*row.first()?)?;
            Some((first.baseline, first.size))
        })
        .collect()
}

/// Cuts a region into horizontal bands at full-width empty strips, then
/// regroups neighbouring bands that share a gutter (see the module notes).
fn band_groups(chunks: &[Chunk], ids: &[usize]) -> Vec<Vec<usize>> {
    let mut sorted: Vec<usize> = ids.to_vec();
    sorted.sort_by(|&a, &b| {
        let ta = chunks.get(a).map_or(0.0, Chunk::top);
        let tb = chunks.get(b).map_or(0.0, Chunk::top);
        ta.total_cmp(&tb)
    });
    let mut bands: Vec<Vec<usize>> = Vec::new();
    let mut bottom = f32::MIN;
    for id in sorted {
        let Some(chunk) = chunks.get(id) else {
            continue;
        };
        match bands.last_mut() {
            Some(band) if chunk.top() < bottom => band.push(id),
            _ => bands.push(vec![id]),
        }
        bottom = bottom.max(chunk.bottom());
    }
    if bands.len() <= 1 {
        return bands;
    }
    let min_width = min_gutter(chunks, ids);
    let mut groups: Vec<Group> = Vec::new();
    for band in bands {
        let band = Group::new(chunks, band);
        match groups.last_mut() {
            Some(group) if group.can_take(&band, min_width) => group.take(band),
            _ => groups.push(band),
        }
    }
    groups.into_iter().map(|g| g.ids).collect()
}

/// Bands grouped so far, with what joining needs kept up to date, so that
/// adding a band costs time in the band's size, not the group's.
struct Group {
    ids: Vec<usize>,
    coverage: Vec<(f32, f32)>,
    bottom: f32,
    top: f32,
    size: f32,
}

impl Group {
    fn new(chunks: &[Chunk], ids: Vec<usize>) -> Group {
        let members = ids.iter().filter_map(|&i| chunks.get(i));
        let coverage = coverage(members.clone().map(|c| (c.left, c.right)).collect());
        let bottom = members.clone().map(Chunk::bottom).fold(f32::MIN, f32::max);
        let top = members.clone().map(Chunk::top).fold(f32::MAX, f32::min);
        let size = members.map(|c| c.size).fold(0.0, f32::max);
        Group {
            ids,
            coverage,
            bottom,
            top,
            size,
        }
    }

    /// Whether `band` belongs with this group: together they still have a
    /// gutter, and the band either has text on both sides of it or sits
    /// close below the group (which itself spans the gutter).
    fn can_take(&self, band: &Group, min_width: f32) -> bool {
        let union = merge_coverage(&self.coverage, &band.coverage);
        let Some((gutter_left, gutter_right)) = widest_gap(&union, min_width) else {
            return false;
        };
        let sides = |coverage: &[(f32, f32)]| {
            (
                coverage.first().is_some_and(|c| c.1 <= gutter_left),
                coverage.last().is_some_and(|c| c.0 >= gutter_right),
            )
        };
        let (band_left, band_right) = sides(&band.coverage);
        let (group_left, group_right) = sides(&self.coverage);
        let both_sides = band_left && band_right;
        if !(both_sides || (group_left && group_right)) {
            // Neither the group nor the band spans the gutter: nothing here
            // is a column yet, only text that happens to leave a strip empty.
            return false;
        }
        both_sides || band.top - self.bottom <= ONE_SIDED_JOIN_EM * band.size
    }

    fn take(&mut self, band: Group) {
        self.coverage = merge_coverage(&self.coverage, &band.coverage);
        self.ids.extend(band.ids);
        self.bottom = self.bottom.max(band.bottom);
        self.top = self.top.min(band.top);
        self.size = self.size.max(band.size);
    }
}

/// Groups chunks into rows by baseline, top to bottom, each row left to
/// right.
fn rows(chunks: &[Chunk], ids: &[usize]) -> Vec<Vec<usize>> {
    let mut sorted: Vec<usize> = ids.to_vec();
    sorted.sort_by(|&a, &b| {
        let (Some(ca), Some(cb)) = (chunks.get(a), chunks.get(b)) else {
            return std::cmp::Ordering::Equal;
        };
        ca.baseline
            .total_cmp(&cb.baseline)
            .then(ca.left.total_cmp(&cb.left))
    });
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut row_baseline = f32::MIN;
    let mut row_size = 0.0f32;
    for id in sorted {
        let Some(chunk) = chunks.get(id) else {
            continue;
        };
        let tolerance = SAME_BASELINE_EM * chunk.size.min(row_size).max(1.0);
        match rows.last_mut() {
            Some(row) if chunk.baseline - row_baseline <= tolerance => row.push(id),
            _ => {
                rows.push(vec![id]);
                row_baseline = chunk.baseline;
                row_size = chunk.size;
            }
        }
    }
    for row in &mut rows {
        row.sort_by(|&a, &b| {
            let la = chunks.get(a).map_or(0.0, |c| c.left);
            let lb = chunks.get(b).map_or(0.0, |c| c.left);
            la.total_cmp(&lb)
        });
    }
    rows
}

fn emit_rows(chunks: &[Chunk], ids: &[usize], column: u8, out: &mut Vec<Line>) {
    for row in rows(chunks, ids) {
        let members: Vec<&Chunk> = row.iter().filter_map(|&i| chunks.get(i)).collect();
        let Some(first) = members.first() else {
            continue;
        };
        let mut text = String::new();
        let mut previous_right = f32::MIN;
        let (mut chars, mut bold, mut italic) = (0, 0, 0);
        // The row's size is that of the chunk with the most text.
        let mut main = *first;
        for chunk in &members {
            if !text.is_empty() {
                let gap = chunk.left - previous_right;
                if gap > WORD_GAP_EM * chunk.size || text.ends_with(' ') {
                    text.push(' ');
                }
            }
            text.push_str(chunk.text.trim_start());
            previous_right = previous_right.max(chunk.right);
            chars += chunk.chars;
            bold += chunk.bold_chars;
            italic += chunk.italic_chars;
            if chunk.chars > main.chars {
                main = chunk;
            }
        }
        out.push(Line {
            text,
            font_size: main.size,
            // Mostly bold counts: a heading with one regular glyph (a
            // space, a digit from a fallback font) is still a heading.
            bold: bold * 10 >= chars * 8 && chars > 0,
            italic: italic * 10 >= chars * 8 && chars > 0,
            x: first.left,
            y: main.baseline,
            column,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs for `text` starting at (x, y), 0.5 em per character, with a
    /// word-space-sized advance for spaces.
    fn word(text: &str, x: f32, y: f32, size: f32) -> Vec<PlacedGlyph> {
        let mut pen = x;
        text.chars()
            .map(|c| {
                let width = 0.5 * size;
                let glyph = PlacedGlyph {
                    text: c.to_string(),
                    x: pen,
                    y,
                    advance: width,
                    width,
                    size,
                    bold: false,
                    italic: false,
                    unknown: false,
                };
                pen += width;
                glyph
            })
            .collect()
    }

    fn texts(lines: &[Line]) -> Vec<&str> {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn pen_jumps_become_single_spaces_and_kerns_do_not() {
        let mut glyphs = word("Hello", 10.0, 100.0, 10.0);
        // A 3-point jump at 10 pt is a word space; a 0.5-point one a kern.
        glyphs.extend(word("world", 10.0 + 25.0 + 3.0, 100.0, 10.0));
        glyphs.extend(word("s", 10.0 + 25.0 + 3.0 + 25.0 + 0.5, 100.0, 10.0));
        let lines = lay_out(glyphs);
        assert_eq!(texts(&lines), ["Hello worlds"]);
    }

    #[test]
    fn fake_bold_overprint_is_read_once_and_marked_bold() {
        let mut glyphs = word("Skills", 10.0, 100.0, 12.0);
        glyphs.extend(word("Skills", 10.3, 100.0, 12.0));
        glyphs.extend(word("Skills", 10.0, 100.2, 12.0));
        let lines = lay_out(glyphs);
        assert_eq!(texts(&lines), ["Skills"]);
        assert!(lines.first().is_some_and(|l| l.bold));
    }

    #[test]
    fn repeated_letters_are_not_mistaken_for_overprint() {
        let lines = lay_out(word("Hello llama", 10.0, 100.0, 10.0));
        assert_eq!(texts(&lines), ["Hello llama"]);
    }

    #[test]
    fn right_aligned_date_joins_its_title_line() {
        let mut glyphs = word("Senior Engineer, Acme", 50.0, 100.0, 10.0);
        glyphs.extend(word("2019 - 2022", 480.0, 100.0, 10.0));
        glyphs.extend(word(
            "Built the billing system and the rest",
            50.0,
            114.0,
            10.0,
        ));
        glyphs.extend(word("Led a team of four engineers", 50.0, 128.0, 10.0));
        let lines = lay_out(glyphs);
        assert_eq!(
            texts(&lines),
            [
                "Senior Engineer, Acme 2019 - 2022",
                "Built the billing system and the rest",
                "Led a team of four engineers"
            ]
        );
    }

    #[test]
    fn two_columns_are_read_one_after_the_other() {
        let mut glyphs = Vec::new();
        // Drawn interleaved, as many writers do, with baselines that
        // differ between the columns.
        for i in 0..6u8 {
            let y = 100.0 + f32::from(i) * 14.0;
            glyphs.extend(word(&format!("main line {i} of the body"), 40.0, y, 10.0));
            glyphs.extend(word(&format!("side {i}"), 400.0, y + 5.0, 9.0));
        }
        let lines = lay_out(glyphs);
        let got = texts(&lines);
        assert_eq!(got.first(), Some(&"main line 0 of the body"));
        assert_eq!(got.get(5), Some(&"main line 5 of the body"));
        assert_eq!(got.get(6), Some(&"side 0"));
        assert_eq!(got.last(), Some(&"side 5"));
        assert!(lines.iter().take(6).all(|l| l.column == 0));
        assert!(lines.iter().skip(6).all(|l| l.column == 1));
    }

    #[test]
    fn a_narrow_date_column_attaches_to_entries_on_the_same_baseline() {
        let mut glyphs = Vec::new();
        glyphs.extend(word("2018 - 2022", 40.0, 100.0, 10.0));
        glyphs.extend(word(
            "B.Tech, Computer Science, IIT Delhi",
            120.0,
            100.0,
            10.0,
        ));
        glyphs.extend(word("Overall GPA: 9.5/10", 120.0, 113.0, 10.0));
        glyphs.extend(word("2016 - 2018", 40.0, 130.0, 10.0));
        glyphs.extend(word("Senior School, DPS", 120.0, 130.0, 10.0));
        let lines = lay_out(glyphs);
        assert_eq!(
            texts(&lines),
            [
                "2018 - 2022 B.Tech, Computer Science, IIT Delhi",
                "Overall GPA: 9.5/10",
                "2016 - 2018 Senior School, DPS"
            ]
        );
    }
}
