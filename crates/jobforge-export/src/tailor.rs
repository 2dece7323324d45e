//! Structure-keeping DOCX tailoring: the user's own DOCX, with only what the
//! tailored resume changed written into it — each role's bullets in their
//! new order (left-out ones removed, reworded ones replaced), the lines the
//! tailoring added under a role (the posting's stack the role shows), the
//! summary, and a reordered skills line. Styles, fonts, spacing, headers,
//! footers, tables, images and every untouched paragraph stay as they were
//! (the DOCX crate's patch copies them byte for byte).
//!
//! The tailored resume and the source resume are both Markdown; the source
//! Markdown is what import made of this very DOCX, so its lines are the
//! DOCX's paragraphs. Whatever cannot be matched safely is left as it was
//! and said in the notes; the self-check then reads the result back.

use std::collections::HashSet;

use jobforge_analysis::resume::{Entry, Resume, SectionKind};
use jobforge_analysis::text::{plain, split_list, strip_bullet};
use jobforge_docx::{DocxText, Edit, ReadLimits};

use crate::{Exported, compare};

#[derive(Debug, thiserror::Error)]
pub enum TailorError {
    #[error("{0}")]
    Docx(#[from] jobforge_docx::DocxError),
}

/// Writes `tailored_markdown` into `original` (the DOCX that
/// `source_markdown` was imported from).
pub fn tailor_docx(
    original: &[u8],
    source_markdown: &str,
    tailored_markdown: &str,
) -> Result<Exported, TailorError> {
    let limits = ReadLimits::default();
    let docx = jobforge_docx::read_paragraphs(original, &limits)?;
    let source = Resume::parse(source_markdown);
    let tailored = Resume::parse(tailored_markdown);
    let mut planner = Planner::new(&docx);
    planner.roles(&source, &tailored);
    planner.summary(&source, &tailored);
    planner.skills(&source, &tailored);
    let Planner { edits, notes, .. } = planner;
    let bytes = if edits.is_empty() {
        original.to_vec()
    } else {
        jobforge_docx::patch(original, &edits, &limits)?
    };
    let check = self_check(&bytes, tailored_markdown);
    Ok(Exported {
        bytes,
        check: Some(check),
        pages: None,
        notes,
    })
}

/// Reads the written DOCX the way import reads any DOCX and compares its
/// text with the tailored resume.
fn self_check(bytes: &[u8], tailored_markdown: &str) -> jobforge_types::ExportCheck {
    let found = match jobforge_import::import_resume(
        bytes,
        Some("tailored.docx"),
        &jobforge_import::ImportLimits::default(),
    ) {
        Ok(imported) => imported.markdown,
        Err(error) => {
            tracing::warn!("the tailored DOCX could not be read back: {error}");
            String::new()
        }
    };
    compare(&plain_lines(tailored_markdown), &plain_lines(&found))
}

fn plain_lines(markdown: &str) -> String {
    markdown
        .lines()
        .map(|l| plain(strip_bullet(l).unwrap_or(l)).replace(['*', '_'], ""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A paragraph's text as lines of the Markdown compare it: marks, bullets
/// and extra white space gone.
fn norm(text: &str) -> String {
    let text = plain(text.trim());
    let text = strip_bullet(&text).map(str::to_owned).unwrap_or(text);
    let text = text.trim_start_matches(['•', '▪', '◦', '●', '‣', '∙']);
    text.replace(['*', '_'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

struct Planner<'a> {
    docx: &'a DocxText,
    used: HashSet<usize>,
    edits: Vec<Edit>,
    notes: Vec<String>,
}

impl<'a> Planner<'a> {
    fn new(docx: &'a DocxText) -> Self {
        Self {
            docx,
            used: HashSet::new(),
            edits: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The first paragraph not yet claimed whose text is `line`.
    fn find(&mut self, line: &str) -> Option<usize> {
        let wanted = norm(line);
        if wanted.is_empty() {
            return None;
        }
        let found = self
            .docx
            .paragraphs
            .iter()
            .find(|p| !self.used.contains(&p.index) && norm(&p.text) == wanted)?
            .index;
        self.used.insert(found);
        Some(found)
    }

    fn text_of(&self, index: usize) -> &str {
        self.docx
            .paragraphs
            .iter()
            .find(|p| p.index == index)
            .map_or("", |p| p.text.as_str())
    }

    /// A replacement keeping a typed bullet ("• ") the paragraph started with.
    fn replace(&mut self, index: usize, new_line: &str) {
        let expected = self.text_of(index).to_owned();
        let prefix: String = expected
            .chars()
            .take_while(|c| {
                matches!(c, '•' | '▪' | '◦' | '●' | '‣' | '∙' | '-' | '–') || c.is_whitespace()
            })
            .collect();
        let new_text = format!("{prefix}{}", new_line.trim());
        if new_text != expected {
            self.edits.push(Edit::ReplaceText {
                index,
                expected,
                new_text,
            });
        }
    }

    fn roles(&mut self, source: &Resume, tailored: &Resume) {
        let mut changed_roles = 0;
        for kind in [SectionKind::Experience, SectionKind::Projects] {
            let source_entries: Vec<&Entry> = source
                .sections_of(kind)
                .flat_map(|s| s.entries.iter())
                .collect();
            for entry in tailored.sections_of(kind).flat_map(|s| s.entries.iter()) {
                let Some(original) = source_entries
                    .iter()
                    .find(|e| norm(&e.heading) == norm(&entry.heading))
                else {
                    self.notes.push(format!(
                        "\"{}\" is not a role of the original DOCX; it was not added.",
                        plain(&entry.heading)
                    ));
                    continue;
                };
                if self.role(original, entry) {
                    changed_roles += 1;
                }
            }
        }
        if changed_roles > 0 {
            self.notes.push(format!(
                "Tailored {changed_roles} role(s) in your own DOCX; everything else is as you wrote it."
            ));
        }
    }

    /// One role: returns whether anything changed.
    fn role(&mut self, original: &Entry, tailored: &Entry) -> bool {
        let heading = plain(&original.heading);
        let mut slots = Vec::new();
        for bullet in &original.bullets {
            match self.find(bullet) {
                Some(index) => slots.push(index),
                None => {
                    self.notes.push(format!(
                        "The bullets of \"{heading}\" could not all be found in the DOCX; that role was left as it was."
                    ));
                    return false;
                }
            }
        }
        let contiguous = slots.windows(2).all(|w| w[1] == w[0] + 1);
        if !contiguous || slots.is_empty() {
            if !slots.is_empty() {
                self.notes.push(format!(
                    "The bullets of \"{heading}\" are not one block in the DOCX; that role was left as it was."
                ));
            }
            return false;
        }
        // Each tailored bullet: the same line, a reworded one (most words
        // shared), or new.
        let mut order = Vec::new();
        let mut fresh = Vec::new();
        let mut taken: HashSet<usize> = HashSet::new();
        for bullet in &tailored.bullets {
            let exact = original
                .bullets
                .iter()
                .position(|b| norm(b) == norm(bullet))
                .filter(|i| !taken.contains(i));
            let close = exact.or_else(|| closest(&original.bullets, bullet, &taken));
            match close {
                Some(i) => {
                    taken.insert(i);
                    order.push(slots[i]);
                    if exact.is_none() {
                        self.replace(slots[i], bullet);
                    }
                }
                None => fresh.push(bullet.clone()),
            }
        }
        let dropped: Vec<usize> = (0..slots.len())
            .filter(|i| !taken.contains(i))
            .map(|i| slots[i])
            .collect();
        let mut changed = false;
        let mut new_order = order.clone();
        new_order.extend(&dropped);
        if new_order != slots {
            self.edits.push(Edit::Reorder {
                indices: slots.clone(),
                new_order,
            });
            changed = true;
        }
        for index in &dropped {
            self.edits.push(Edit::Remove {
                index: *index,
                expected: self.text_of(*index).to_owned(),
            });
            changed = true;
        }
        // New bullets after the last kept one, like it; then the lines the
        // tailoring added under the role (its stack), like a non-bullet
        // line of the role when there is one.
        let anchor = order.last().copied().unwrap_or(slots[0]);
        let bullet_like = anchor;
        for bullet in fresh {
            self.edits.push(Edit::InsertAfter {
                index: anchor,
                like: bullet_like,
                text: bullet,
            });
            changed = true;
        }
        let added_lines: Vec<&String> = tailored
            .other_lines
            .iter()
            .filter(|l| !original.other_lines.iter().any(|o| norm(o) == norm(l)))
            .filter(|l| !norm(l).is_empty())
            .collect();
        if !added_lines.is_empty() {
            let plain_like = original
                .other_lines
                .iter()
                .find_map(|l| {
                    self.docx
                        .paragraphs
                        .iter()
                        .find(|p| norm(&p.text) == norm(l))
                        .map(|p| p.index)
                })
                .unwrap_or(bullet_like);
            for line in added_lines {
                self.edits.push(Edit::InsertAfter {
                    index: anchor,
                    like: plain_like,
                    text: norm(line),
                });
                changed = true;
            }
        }
        changed
    }

    fn summary(&mut self, source: &Resume, tailored: &Resume) {
        let (before, after) = (source.summary(), tailored.summary());
        if norm(&before) == norm(&after) || after.trim().is_empty() {
            return;
        }
        let Some(section) = source.section(SectionKind::Summary) else {
            return;
        };
        let lines: Vec<&String> = section
            .lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .collect();
        let mut slots = Vec::new();
        for line in &lines {
            match self.find(line) {
                Some(index) => slots.push(index),
                None => {
                    self.notes.push(
                        "The summary could not be found in the DOCX; it was left as it was."
                            .to_owned(),
                    );
                    return;
                }
            }
        }
        let Some((&first, rest)) = slots.split_first() else {
            return;
        };
        self.replace(first, &after);
        for index in rest {
            self.edits.push(Edit::Remove {
                index: *index,
                expected: self.text_of(*index).to_owned(),
            });
        }
        self.notes
            .push("Rewrote the summary in your DOCX.".to_owned());
    }

    /// A skills line whose items are the same but reordered is replaced; a
    /// line whose items differ is left alone.
    fn skills(&mut self, source: &Resume, tailored: &Resume) {
        let items = |line: &str| -> Vec<String> {
            let text = norm(line);
            let list = match text.split_once(':') {
                Some((label, rest)) if label.split_whitespace().count() <= 4 => rest.to_owned(),
                _ => text.clone(),
            };
            let mut items: Vec<String> = split_list(&list)
                .into_iter()
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
                .collect();
            items.sort();
            items
        };
        let source_lines = source.lines_of(SectionKind::Skills);
        let tailored_lines = tailored.lines_of(SectionKind::Skills);
        let mut replaced = 0;
        for line in &tailored_lines {
            let wanted = items(line);
            let Some(original) = source_lines
                .iter()
                .find(|s| items(s) == wanted && norm(s) != norm(line))
            else {
                continue;
            };
            if let Some(index) = self.find(original) {
                self.replace(index, &norm(line));
                replaced += 1;
            }
        }
        if replaced > 0 {
            self.notes.push(format!(
                "Reordered {replaced} skills line(s) to lead with what the posting asks for."
            ));
        }
    }
}

/// The unclaimed bullet sharing the most words with `line` (at least half).
fn closest(bullets: &[String], line: &str, taken: &HashSet<usize>) -> Option<usize> {
    let words = |s: &str| -> HashSet<String> {
        norm(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(str::to_lowercase)
            .collect()
    };
    let target = words(line);
    bullets
        .iter()
        .enumerate()
        .filter(|(i, _)| !taken.contains(i))
        .map(|(i, b)| {
            let other = words(b);
            let shared = target.intersection(&other).count();
            let total = target.union(&other).count().max(1);
            (i, shared as f64 / total as f64)
        })
        .filter(|(_, score)| *score >= 0.5)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}
