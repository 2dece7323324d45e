//! Tailoring the user's own DOCX without touching its design: only the
//! edited paragraphs change, spliced into `word/document.xml` by byte
//! range; every other part is copied from the original ZIP still
//! compressed, so it stays byte-identical.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Write};
use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::reader::Reader;
use zip::ZipWriter;

use crate::DocxError;
use crate::package::{Package, ReadLimits};
use crate::read::{DocumentParts, ParaLayout, Paragraph, scan};
use crate::xml::push_run_content;

/// One change to a body paragraph, naming it by [`Paragraph::index`] as
/// [`crate::read_paragraphs`] reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Replace paragraph `index`'s text. `expected` must equal its current
    /// text exactly (as read), so an edit never lands on the wrong
    /// paragraph. The paragraph keeps its `w:pPr` (style, numbering,
    /// spacing) and takes its first text run's `w:rPr` (font, size, bold)
    /// for all the new text; its other runs are dropped. Bookmark, comment
    /// and permission range markers inside it are kept (starts before the
    /// text, ends after), as are runs holding comment, footnote or endnote
    /// references (after the text). Tabs and line breaks in `new_text`
    /// become `w:tab` and `w:br`.
    ReplaceText {
        index: usize,
        expected: String,
        new_text: String,
    },
    /// Reorder a contiguous run of sibling paragraphs (one role's bullets,
    /// say). `indices` are the paragraphs in their current order,
    /// consecutive; `new_order` is the same indices in the order wanted.
    /// Whole `w:p` elements move byte for byte; bookmark and comment-range
    /// markers between them stay where they are. Anything else between
    /// them (a table, a section break) makes the run not contiguous.
    Reorder {
        indices: Vec<usize>,
        new_order: Vec<usize>,
    },
    /// Remove paragraph `index` (whose text must be `expected`), wherever a
    /// reordering puts it. A paragraph holding a text box or a section
    /// break, or the only paragraph of a table cell, cannot be removed.
    Remove { index: usize, expected: String },
    /// A new paragraph with `text` right after paragraph `index` (after it
    /// wherever a reordering puts it; several after the same paragraph keep
    /// their order). It is formatted like paragraph `like`: its `w:pPr`
    /// (style, numbering, spacing; a section break left out) and its first
    /// text run's `w:rPr`. Bookmarks and ids are not copied, so nothing is
    /// duplicated.
    InsertAfter {
        index: usize,
        like: usize,
        text: String,
    },
}

/// Applies `edits` to the DOCX `original` and returns the new file.
///
/// Every ZIP entry other than the main document is copied raw (same
/// compressed bytes, same order, same metadata); in the main document,
/// every byte outside the edited paragraphs is unchanged. Edits are checked
/// together before anything is built: a mismatch or a conflict is an error
/// and nothing is returned.
pub fn patch(original: &[u8], edits: &[Edit], limits: &ReadLimits) -> Result<Vec<u8>, DocxError> {
    let mut package = Package::open(original, limits)?;
    let parts = DocumentParts::load(&mut package)?;
    let scanned = scan(
        &parts.main,
        &parts.document,
        &parts.styles,
        &parts.numbering,
        true,
    )?;
    let offset = scanned
        .text_offset
        .ok_or_else(|| DocxError::UnsupportedEncoding {
            part: parts.main.clone(),
        })?;
    // Valid UTF-8 from `offset` on: `scan` decoded it.
    let text = std::str::from_utf8(&parts.document[offset..]).map_err(|_| {
        DocxError::UnsupportedEncoding {
            part: parts.main.clone(),
        }
    })?;
    let plan = Plan::new(&scanned.paragraphs, &scanned.layouts, text);
    let splices = plan.splices(edits)?;

    let mut document = Vec::with_capacity(parts.document.len() + 1024);
    document.extend_from_slice(&parts.document[..offset]);
    let mut at = 0;
    for (range, content) in &splices {
        document.extend_from_slice(&text.as_bytes()[at..range.start]);
        document.extend_from_slice(content.as_bytes());
        at = range.end;
    }
    document.extend_from_slice(&text.as_bytes()[at..]);

    let main_index = package
        .index_of(&parts.main)
        .ok_or(DocxError::MissingDocument)?;
    let bytes = rezip(&mut package, main_index, &document)?;
    tracing::debug!(edits = edits.len(), splices = splices.len(), "patched DOCX");
    Ok(bytes)
}

/// Copies every entry raw except `replaced_index`, written with `content`
/// and the original entry's method, time and attributes.
fn rezip(
    package: &mut Package<'_>,
    replaced_index: usize,
    content: &[u8],
) -> Result<Vec<u8>, DocxError> {
    let archive = &mut package.archive;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(archive.len() * 1024)));
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index).map_err(DocxError::corrupt)?;
        if index == replaced_index {
            let options = file.options();
            let name = String::from_utf8_lossy(file.name_raw()).into_owned();
            drop(file);
            out.start_file(name, options)
                .map_err(DocxError::write_failed)?;
            out.write_all(content).map_err(DocxError::write_failed)?;
        } else {
            out.raw_copy_file(file).map_err(DocxError::write_failed)?;
        }
    }
    let comment = archive.comment().to_vec();
    if !comment.is_empty() {
        out.set_raw_comment(comment.into_boxed_slice())
            .map_err(DocxError::write_failed)?;
    }
    Ok(out.finish().map_err(DocxError::write_failed)?.into_inner())
}

struct Plan<'a> {
    paragraphs: &'a [Paragraph],
    layouts: &'a [ParaLayout],
    by_index: HashMap<usize, usize>,
    text: &'a str,
}

impl<'a> Plan<'a> {
    fn new(paragraphs: &'a [Paragraph], layouts: &'a [ParaLayout], text: &'a str) -> Self {
        let by_index = layouts
            .iter()
            .enumerate()
            .map(|(i, l)| (l.index, i))
            .collect();
        Self {
            paragraphs,
            layouts,
            by_index,
            text,
        }
    }

    fn find(&self, index: usize) -> Result<usize, DocxError> {
        self.by_index
            .get(&index)
            .copied()
            .ok_or_else(|| DocxError::ParagraphNotFound {
                index,
                last: self.layouts.last().map_or(0, |l| l.index),
            })
    }

    /// [`Plan::find`], insisting the paragraph's text is `expected`, so an
    /// edit never lands on the wrong paragraph.
    fn find_expecting(&self, index: usize, expected: &str) -> Result<usize, DocxError> {
        let at = self.find(index)?;
        let found = &self.paragraphs[at].text;
        if found != expected {
            return Err(DocxError::TextMismatch {
                index,
                expected: expected.to_owned(),
                found: found.clone(),
            });
        }
        Ok(at)
    }

    /// The byte ranges to replace, in order, each with its new content.
    fn splices(&self, edits: &[Edit]) -> Result<Vec<(Range<usize>, String)>, DocxError> {
        let invalid = |reason: String| DocxError::InvalidEdit { reason };
        // New XML per replaced paragraph (by index).
        let mut replaced: HashMap<usize, String> = HashMap::new();
        for edit in edits {
            let Edit::ReplaceText {
                index,
                expected,
                new_text,
            } = edit
            else {
                continue;
            };
            let at = self.find_expecting(*index, expected)?;
            let layout = &self.layouts[at];
            if layout.has_nested {
                return Err(invalid(format!(
                    "paragraph {index} holds a text box, so its text cannot be replaced as a whole"
                )));
            }
            let xml = self.replacement(layout, new_text);
            if replaced.insert(*index, xml).is_some() {
                return Err(invalid(format!("paragraph {index} is replaced twice")));
            }
        }
        let mut removed: HashSet<usize> = HashSet::new();
        let mut appended: HashMap<usize, String> = HashMap::new();
        for edit in edits {
            match edit {
                Edit::Remove { index, expected } => {
                    let at = self.find_expecting(*index, expected)?;
                    self.check_removable(at)?;
                    if !removed.insert(*index) {
                        return Err(invalid(format!("paragraph {index} is removed twice")));
                    }
                }
                Edit::InsertAfter { index, like, text } => {
                    self.find(*index)?;
                    let model = &self.layouts[self.find(*like)?];
                    let xml = self.new_paragraph(model, text);
                    appended.entry(*index).or_default().push_str(&xml);
                }
                Edit::ReplaceText { .. } | Edit::Reorder { .. } => {}
            }
        }
        let content = |index: usize| -> Result<String, DocxError> {
            let mut xml = if removed.contains(&index) {
                String::new()
            } else {
                match replaced.get(&index) {
                    Some(xml) => xml.clone(),
                    None => self.text[self.layouts[self.find(index)?].range.clone()].to_owned(),
                }
            };
            if let Some(extra) = appended.get(&index) {
                xml.push_str(extra);
            }
            Ok(xml)
        };

        let mut splices: Vec<(Range<usize>, String)> = Vec::new();
        let mut moved: HashSet<usize> = HashSet::new();
        for edit in edits {
            let Edit::Reorder { indices, new_order } = edit else {
                continue;
            };
            self.check_reorder(indices, new_order)?;
            for (slot, source) in indices.iter().zip(new_order) {
                if !moved.insert(*slot) {
                    return Err(invalid(format!("paragraph {slot} is in two reorderings")));
                }
                let at = self.find(*slot)?;
                splices.push((self.layouts[at].range.clone(), content(*source)?));
            }
        }
        let touched: HashSet<usize> = replaced
            .keys()
            .chain(removed.iter())
            .chain(appended.keys())
            .copied()
            .collect();
        for index in touched {
            if !moved.contains(&index) {
                let at = self.find(index)?;
                splices.push((self.layouts[at].range.clone(), content(index)?));
            }
        }
        splices.sort_by_key(|(r, _)| r.start);
        for pair in splices.windows(2) {
            if pair[0].0.end > pair[1].0.start {
                return Err(invalid(
                    "two edits touch the same paragraph (one is inside the other's text box)"
                        .to_owned(),
                ));
            }
        }
        Ok(splices)
    }

    fn check_reorder(&self, indices: &[usize], new_order: &[usize]) -> Result<(), DocxError> {
        let invalid = |reason: String| Err(DocxError::InvalidEdit { reason });
        if indices.is_empty() {
            return invalid("a reordering names no paragraphs".to_owned());
        }
        let mut sorted_new = new_order.to_vec();
        sorted_new.sort_unstable();
        if sorted_new != indices {
            return invalid(format!(
                "the new order {new_order:?} is not a rearrangement of paragraphs {indices:?}"
            ));
        }
        self.find(indices[0])?;
        for pair in indices.windows(2) {
            if pair[1] != pair[0] + 1 {
                return invalid(format!(
                    "paragraphs {indices:?} are not consecutive (in document order, ascending)"
                ));
            }
            let (a, b) = (
                &self.layouts[self.find(pair[0])?],
                &self.layouts[self.find(pair[1])?],
            );
            if a.parent != b.parent || a.range.end > b.range.start {
                return invalid(format!(
                    "paragraphs {} and {} are not siblings (one is in a table or text box the other is not)",
                    pair[0], pair[1]
                ));
            }
            if !movable_gap(&self.text[a.range.end..b.range.start]) {
                return invalid(format!(
                    "paragraphs {} and {} have other content between them",
                    pair[0], pair[1]
                ));
            }
        }
        Ok(())
    }

    fn check_removable(&self, at: usize) -> Result<(), DocxError> {
        let layout = &self.layouts[at];
        let index = layout.index;
        let invalid = |reason: String| Err(DocxError::InvalidEdit { reason });
        if layout.has_nested {
            return invalid(format!(
                "paragraph {index} holds a text box and cannot be removed"
            ));
        }
        if layout
            .ppr
            .as_ref()
            .is_some_and(|r| self.text[r.clone()].contains("sectPr"))
        {
            return invalid(format!(
                "paragraph {index} ends a section of the document and cannot be removed"
            ));
        }
        let siblings = self
            .layouts
            .iter()
            .filter(|l| l.parent == layout.parent)
            .count();
        if siblings <= 1 {
            return invalid(format!(
                "paragraph {index} is the only one in its table cell or text box and cannot be removed"
            ));
        }
        Ok(())
    }

    /// A new `w:p` formatted like `model`: a plain start tag (no ids to
    /// duplicate), its `w:pPr` without a section break, one run with its
    /// first text run's `w:rPr`.
    fn new_paragraph(&self, model: &ParaLayout, text: &str) -> String {
        let t = self.text;
        let p = model.prefix.as_str();
        let mut out = format!("<{p}p>");
        if let Some(ppr) = &model.ppr {
            let ppr = &t[ppr.clone()];
            if !ppr.contains("sectPr") {
                out.push_str(ppr);
            }
        }
        if !text.is_empty() {
            out.push_str(&format!("<{p}r>"));
            if let Some(rpr) = &model.first_rpr {
                out.push_str(&t[rpr.clone()]);
            }
            push_run_content(&mut out, p, text);
            out.push_str(&format!("</{p}r>"));
        }
        out.push_str(&format!("</{p}p>"));
        out
    }

    /// The new `w:p`: original start tag and `w:pPr`, range-start markers,
    /// one run with the first text run's `w:rPr` and the new text, range-end
    /// markers, reference runs.
    fn replacement(&self, layout: &ParaLayout, new_text: &str) -> String {
        let t = self.text;
        let p = layout.prefix.as_str();
        let mut out = String::with_capacity(new_text.len() + 256);
        let start_tag = &t[layout.start_tag.clone()];
        if layout.empty_element {
            // `<w:p …/>` becomes `<w:p …>`.
            let open = start_tag
                .trim_end_matches('>')
                .trim_end_matches('/')
                .trim_end();
            out.push_str(open);
            out.push('>');
        } else {
            out.push_str(start_tag);
        }
        if let Some(ppr) = &layout.ppr {
            out.push_str(&t[ppr.clone()]);
        }
        for r in &layout.range_starts {
            out.push_str(&t[r.clone()]);
        }
        if !new_text.is_empty() {
            out.push_str(&format!("<{p}r>"));
            if let Some(rpr) = &layout.first_rpr {
                out.push_str(&t[rpr.clone()]);
            }
            push_run_content(&mut out, p, new_text);
            out.push_str(&format!("</{p}r>"));
        }
        for r in layout.range_ends.iter().chain(&layout.reference_runs) {
            out.push_str(&t[r.clone()]);
        }
        out.push_str(&format!("</{p}p>"));
        out
    }
}

/// Whether the XML between two paragraphs can stay put while they move:
/// only whitespace, comments and empty range markers.
fn movable_gap(gap: &str) -> bool {
    let mut reader = Reader::from_str(gap);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return true,
            Ok(Event::Text(t)) if t.trim().is_empty() => {}
            Ok(Event::Comment(_)) => {}
            Ok(Event::Empty(e))
                if matches!(
                    e.local_name().as_ref(),
                    "bookmarkStart"
                        | "bookmarkEnd"
                        | "commentRangeStart"
                        | "commentRangeEnd"
                        | "permStart"
                        | "permEnd"
                        | "proofErr"
                ) => {}
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_markers_and_whitespace_may_sit_between_moved_paragraphs() {
        assert!(movable_gap(""));
        assert!(movable_gap(
            "\n  <w:bookmarkEnd w:id=\"1\"/><!-- x --><w:proofErr w:type=\"spellEnd\"/>"
        ));
        assert!(!movable_gap("<w:tbl></w:tbl>"));
        assert!(!movable_gap("text"));
        assert!(!movable_gap("<w:sectPr/>"));
    }
}
