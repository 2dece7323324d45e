//! What the PDF and DOCX readers give (lines with font sizes, paragraphs
//! with styles) written as Markdown lines: `#` for the name, `##` for
//! sections, `###` for roles, `- ` for bullets. The words stay the user's;
//! only the marks are added, so the structure step and the pipeline read
//! every format the same way.

use jobforge_analysis::resume::SectionKind;
use jobforge_analysis::text::strip_bullet;
use jobforge_docx::{DocxText, Location, Paragraph, ParagraphKind};
use jobforge_pdf::{PdfText, TextLine};
use jobforge_types::ImportNote;

use crate::unreadable;

/// Line endings, tabs, non-breaking and zero-width spaces, control
/// characters: tidied; the words untouched.
pub fn normalise_text(text: &str) -> String {
    let text = text.trim_start_matches('\u{feff}');
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line: String = line
            .chars()
            .filter_map(|c| match c {
                '\t' | '\u{a0}' | '\u{2007}' | '\u{202f}' => Some(' '),
                '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => None,
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

// ----- PDF -----------------------------------------------------------------------

/// Characters LaTeX and Word use to draw bullets, including icon fonts'
/// private-use code points.
fn is_bullet_glyph(c: char) -> bool {
    matches!(
        c,
        '•' | '●'
            | '▪'
            | '■'
            | '◦'
            | '○'
            | '‣'
            | '∙'
            | '·'
            | '➢'
            | '➤'
            | '►'
            | '▸'
            | '✓'
            | '✔'
            | '−'
            | '–'
            | '-'
            | '*'
    ) || is_private_use(c)
}

fn is_private_use(c: char) -> bool {
    ('\u{e000}'..='\u{f8ff}').contains(&c)
}

pub fn pdf_to_markdown(pdf: &PdfText, notes: &mut Vec<ImportNote>) -> String {
    let lines: Vec<&TextLine> = pdf.pages.iter().flat_map(|p| p.lines.iter()).collect();
    let body_size = body_font_size(&lines);
    let mut out: Vec<String> = Vec::new();
    let mut icons = 0usize;
    let mut replacement = 0usize;
    let mut page_numbers = 0usize;
    let mut in_entries = false;
    let mut seen_section = false;
    // The bullet being written: its glyph's x and the line it ended on.
    let mut bullet: Option<(f32, f32)> = None;
    for page in &pdf.pages {
        let last = page.lines.len().saturating_sub(1);
        for (i, line) in page.lines.iter().enumerate() {
            replacement += line.text.matches('\u{fffd}').count();
            let trimmed = line.text.trim();
            if trimmed.is_empty() {
                continue;
            }
            if (i == 0 || i == last) && is_page_number(trimmed) {
                page_numbers += 1;
                continue;
            }
            let first = trimmed.chars().next().unwrap_or(' ');
            let starts_with_bullet = is_bullet_glyph(first)
                && trimmed
                    .chars()
                    .nth(1)
                    .is_some_and(|c| c.is_whitespace() || c.is_alphanumeric())
                && !(first == '-' && trimmed.chars().nth(1).is_some_and(|c| c.is_ascii_digit()));
            // Icons (phone, envelope, GitHub logos) in contact lines are
            // private-use glyphs with no text meaning: left out, and counted.
            let cleaned: String = if starts_with_bullet {
                trimmed.chars().skip(1).collect::<String>()
            } else {
                trimmed.to_owned()
            };
            icons += cleaned.chars().filter(|c| is_private_use(*c)).count();
            let cleaned: String = cleaned.chars().filter(|c| !is_private_use(*c)).collect();
            let text = collapse_spaces(&cleaned);
            if text.is_empty() {
                continue;
            }
            let words = text.split_whitespace().count();
            if out.is_empty()
                && page.number == 1
                && words <= 5
                && (line.bold || line.font_size >= body_size * 1.1 || is_shouted(&text))
                && !text.chars().any(|c| c.is_ascii_digit() || c == '@')
            {
                out.push(format!("# {text}"));
                continue;
            }
            let known_section = SectionKind::from_heading(&text);
            let looks_like_heading = !starts_with_bullet
                && text.chars().count() <= 60
                && !text.ends_with('.')
                && (known_section.is_some()
                    && (line.bold
                        || is_shouted(&text)
                        || line.font_size > body_size * 1.05
                        || words <= 3)
                    // An unknown large heading is a section only once the
                    // sections have begun: above them it is the headline.
                    || (seen_section && line.font_size >= body_size * 1.15 && words <= 5));
            if looks_like_heading {
                seen_section = true;
                in_entries = matches!(
                    known_section,
                    Some(SectionKind::Experience | SectionKind::Projects)
                );
                out.push(String::new());
                out.push(format!("## {text}"));
                bullet = None;
                continue;
            }
            if starts_with_bullet {
                out.push(format!("- {text}"));
                bullet = Some((line.x, line.y));
                continue;
            }
            // A wrapped bullet: the next line, hanging under the bullet's
            // text (or starting in lower case), without a gap.
            if let Some((bullet_x, previous_y)) = bullet
                && line.y > previous_y
                && line.y - previous_y <= line.font_size * 1.8
                && ((line.x > bullet_x + 1.0 && line.x < bullet_x + 40.0)
                    || text.chars().next().is_some_and(char::is_lowercase))
                && !line.bold
                && let Some(previous) = out.last_mut()
            {
                if !previous.ends_with('-') {
                    previous.push(' ');
                }
                previous.push_str(&text);
                bullet = Some((bullet_x, line.y));
                continue;
            }
            bullet = None;
            out.push(text);
        }
    }
    if in_entries || seen_section {
        mark_entry_headings(&mut out);
    }
    if icons > 0 {
        notes.push(unreadable(format!(
            "{icons} icon(s) (such as phone or email symbols) carry no text and were left out."
        )));
    }
    if page_numbers > 0 {
        tracing::debug!(page_numbers, "page numbers left out");
    }
    if replacement > 0 {
        notes.push(unreadable(format!(
            "{replacement} character(s) use a font without a text mapping and could not be read; they show as \u{fffd}. Check the imported text, or import the DOCX instead."
        )));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// "3", "Page 2", "2 of 3", "2 / 3": a page number, not resume text.
fn is_page_number(text: &str) -> bool {
    let lower = text.to_lowercase();
    let rest = lower.strip_prefix("page").unwrap_or(&lower).trim();
    let digits_only =
        |s: &str| !s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit());
    digits_only(rest)
        || rest
            .split_once(" of ")
            .or_else(|| rest.split_once('/'))
            .is_some_and(|(a, b)| digits_only(a.trim()) && digits_only(b.trim()))
}

/// In Experience and Projects, the short lines just above a role's bullets
/// ("Senior Engineer  Jan 2023 – Present", "Stripe • San Francisco") are
/// the role's heading: joined into one `###` line so the role's title,
/// employer and dates stay together.
fn mark_entry_headings(lines: &mut Vec<String>) {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut in_entries = false;
    let mut run: Vec<String> = Vec::new();
    let flush_plain = |run: &mut Vec<String>, out: &mut Vec<String>| out.append(run);
    for line in lines.drain(..) {
        if let Some(heading) = line.strip_prefix("## ") {
            flush_plain(&mut run, &mut out);
            in_entries = matches!(
                SectionKind::from_heading(heading),
                Some(SectionKind::Experience | SectionKind::Projects)
            );
            out.push(line);
            continue;
        }
        let is_plain = !line.is_empty() && !line.starts_with("- ") && !line.starts_with('#');
        if in_entries && is_plain {
            let short = line.chars().count() <= 120 && !line.trim_end().ends_with('.');
            if short && run.len() < 3 {
                run.push(line);
            } else {
                flush_plain(&mut run, &mut out);
                out.push(line);
            }
            continue;
        }
        if in_entries && line.starts_with("- ") && !run.is_empty() {
            out.push(String::new());
            out.push(format!("### {}", run.join(" — ")));
            run.clear();
        } else {
            flush_plain(&mut run, &mut out);
        }
        out.push(line);
    }
    flush_plain(&mut run, &mut out);
    *lines = out;
}

/// The font size most of the text is set in.
fn body_font_size(lines: &[&TextLine]) -> f32 {
    let mut weights: Vec<(i32, usize)> = Vec::new();
    for line in lines {
        let key = (line.font_size * 2.0).round() as i32;
        let chars = line.text.chars().count();
        match weights.iter_mut().find(|(k, _)| *k == key) {
            Some((_, w)) => *w += chars,
            None => weights.push((key, chars)),
        }
    }
    weights
        .iter()
        .max_by_key(|(_, w)| *w)
        .map_or(10.0, |(k, _)| *k as f32 / 2.0)
}

fn is_shouted(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
        && text
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ----- DOCX ----------------------------------------------------------------------

pub fn docx_to_markdown(docx: &DocxText, notes: &mut Vec<ImportNote>) -> String {
    let body = &docx.paragraphs;
    let first_text = body.iter().position(|p| !p.text.trim().is_empty());
    // Section level: the shallowest heading after the name.
    let section_level = body
        .iter()
        .skip(first_text.map_or(0, |i| i + 1))
        .filter_map(|p| match p.kind {
            ParagraphKind::Heading(level) => Some(level),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let mut out: Vec<String> = Vec::new();
    let mut in_entries = false;
    let mut pending_row: Option<(usize, usize, Vec<String>)> = None;
    let header_lines: Vec<String> = docx
        .header_paragraphs
        .iter()
        .map(|p| collapse_spaces(&p.text))
        .filter(|t| !t.is_empty())
        .collect();
    let mut header_done = header_lines.is_empty();
    for (i, paragraph) in body.iter().enumerate() {
        // A line break inside a paragraph (pandoc writes a role's
        // highlights that way) starts a new line of the resume.
        let mut parts = paragraph.text.split('\n');
        let text = collapse_spaces(&parts.next().unwrap_or_default().replace('\t', " | "));
        let continued: Vec<String> = parts
            .map(|l| collapse_spaces(&l.replace('\t', " | ")))
            .filter(|l| !l.is_empty())
            .collect();
        if text.is_empty() && continued.is_empty() {
            continue;
        }
        if text.is_empty() {
            out.extend(continued);
            continue;
        }
        let is_name = Some(i) == first_text
            && (matches!(paragraph.kind, ParagraphKind::Title)
                || matches!(paragraph.kind, ParagraphKind::Heading(level) if level < section_level || level == 1)
                || (paragraph.bold && text.split_whitespace().count() <= 5));
        if is_name {
            out.push(format!("# {text}"));
            if !header_done {
                out.extend(header_lines.iter().cloned());
                header_done = true;
            }
            continue;
        }
        if !header_done {
            out.extend(header_lines.iter().cloned());
            header_done = true;
        }
        // Table rows with one short paragraph per cell ("Engineer, Acme" |
        // "2019 – 2022") read as one line, as they look.
        if let Location::TableCell { table, row, .. } = paragraph.location
            && matches!(paragraph.kind, ParagraphKind::Normal)
        {
            match &mut pending_row {
                Some((t, r, cells)) if *t == table && *r == row => {
                    cells.push(text);
                    continue;
                }
                _ => {
                    flush_row(&mut out, &mut pending_row);
                    pending_row = Some((table, row, vec![text]));
                    continue;
                }
            }
        }
        flush_row(&mut out, &mut pending_row);
        push_paragraph(&mut out, paragraph, &text, section_level, &mut in_entries);
        out.extend(continued);
    }
    flush_row(&mut out, &mut pending_row);
    if !header_done {
        out.extend(header_lines);
    }
    let footer: Vec<String> = docx
        .footer_paragraphs
        .iter()
        .map(|p| collapse_spaces(&p.text))
        .filter(|t| !t.is_empty() && !t.chars().all(|c| c.is_ascii_digit()))
        .collect();
    if !footer.is_empty() {
        notes.push(ImportNote {
            section: None,
            message: format!(
                "The page footer ({}) was not imported; add anything from it you need.",
                footer.join(" / ")
            ),
        });
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn flush_row(out: &mut Vec<String>, pending: &mut Option<(usize, usize, Vec<String>)>) {
    if let Some((_, _, cells)) = pending.take() {
        let short = cells.iter().all(|c| c.chars().count() <= 80);
        if short {
            out.push(cells.join(" | "));
        } else {
            out.extend(cells);
        }
    }
}

fn push_paragraph(
    out: &mut Vec<String>,
    paragraph: &Paragraph,
    text: &str,
    section_level: u8,
    in_entries: &mut bool,
) {
    match paragraph.kind {
        ParagraphKind::Title => out.push(format!("# {text}")),
        ParagraphKind::Heading(level) if level <= section_level => {
            let kind = SectionKind::from_heading(text);
            *in_entries = matches!(kind, Some(SectionKind::Experience | SectionKind::Projects));
            out.push(String::new());
            out.push(format!("## {text}"));
        }
        ParagraphKind::Heading(_) => {
            out.push(String::new());
            out.push(format!("### {text}"));
        }
        ParagraphKind::ListItem { depth, .. } => {
            let text = strip_bullet(text).unwrap_or(text);
            out.push(format!("{}- {text}", "  ".repeat(usize::from(depth))));
        }
        ParagraphKind::Normal => {
            let known = SectionKind::from_heading(text);
            if known.is_some() && (paragraph.bold || is_shouted(text)) && text.chars().count() <= 40
            {
                *in_entries =
                    matches!(known, Some(SectionKind::Experience | SectionKind::Projects));
                out.push(String::new());
                out.push(format!("## {text}"));
            } else if *in_entries && paragraph.bold && text.chars().count() <= 140 {
                out.push(String::new());
                out.push(format!("### {text}"));
            } else {
                out.push(text.to_owned());
            }
        }
    }
}
