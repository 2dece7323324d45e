//! Writing a [`RichDocument`] as a DOCX that Word and LibreOffice open as a
//! real document: headings are Heading styles with outline levels (so the
//! navigation pane and ATS parsers see them), lists are Word numbering, and
//! links are hyperlink relationships.

use std::collections::HashMap;
use std::io::{Cursor, Write};

use jobforge_types::{Block, RichDocument, Span};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::DocxError;
use crate::xml::{push_escaped, push_run_content};

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL_BASE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The numbering instance every bullet item uses; numbered lists get their
/// own instances from 2 up, so each list counts from its own start.
const BULLET_NUM_ID: u32 = 1;

/// Writes `doc` as a DOCX.
///
/// - Headings use styles `Heading1`…`Heading6` (defined in styles.xml with
///   outline levels 0–5); `Title` is defined too for documents that want it.
/// - List items are `w:numPr` paragraphs: bullets share one list, each run
///   of consecutive items with numbers gets its own numbering that starts at
///   its first item's number; `depth` becomes `w:ilvl` (0–8).
/// - Links are external hyperlink relationships, for `http`, `https` and
///   `mailto` targets only; any other target is written as plain text.
/// - Tabs become `w:tab`, line breaks `w:br`. Characters XML 1.0 does not
///   allow (C0 controls other than tab and line breaks, U+FFFE, U+FFFF) are
///   **dropped**, since Word refuses a whole file holding one.
/// - The bytes are deterministic: entries in a fixed order, every timestamp
///   1980-01-01 00:00, nothing taken from the clock or the environment.
pub fn write_docx(doc: &RichDocument) -> Result<Vec<u8>, DocxError> {
    let mut body = Body::default();
    body.write_blocks(&doc.blocks);
    if body.xml.is_empty() {
        // Word expects a body to hold at least one paragraph.
        body.xml.push_str("<w:p/>");
    }

    let parts: [(&str, String); 9] = [
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", package_rels()),
        ("docProps/core.xml", core_properties(&doc.title)),
        ("docProps/app.xml", app_properties()),
        ("word/document.xml", body.document_xml()),
        ("word/_rels/document.xml.rels", body.document_rels()),
        ("word/styles.xml", styles_xml()),
        ("word/numbering.xml", body.numbering_xml()),
        ("word/settings.xml", settings_xml()),
    ];

    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        zip.start_file(name, options)
            .map_err(DocxError::write_failed)?;
        zip.write_all(content.as_bytes())
            .map_err(DocxError::write_failed)?;
    }
    let bytes = zip.finish().map_err(DocxError::write_failed)?.into_inner();
    tracing::debug!(blocks = doc.blocks.len(), bytes = bytes.len(), "wrote DOCX");
    Ok(bytes)
}

/// A link target Word may open: http, https and mailto only. Anything else
/// (`javascript:`, `file:`, relative paths) is not made a link.
fn safe_link(target: &str) -> bool {
    let lower = target.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:"))
        && !target.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[derive(Default)]
struct Body {
    xml: String,
    /// Hyperlink targets in order of first use; relationship ids follow
    /// the fixed ones (styles, numbering, settings).
    links: Vec<String>,
    link_ids: HashMap<String, usize>,
    /// Numbered list instances: (numId, start per level) in order.
    numbered_lists: Vec<(u32, Vec<(u8, u32)>)>,
}

const FIXED_RELS: usize = 3;

impl Body {
    fn write_blocks(&mut self, blocks: &[Block]) {
        // The numbered list instance of the current run of list items.
        let mut current_list: Option<usize> = None;
        for block in blocks {
            match block {
                Block::Heading { level, spans } => {
                    current_list = None;
                    let level = (*level).clamp(1, 6);
                    self.paragraph(&format!("<w:pStyle w:val=\"Heading{level}\"/>"), spans);
                }
                Block::Paragraph(spans) => {
                    current_list = None;
                    self.paragraph("", spans);
                }
                Block::ListItem {
                    depth,
                    number,
                    spans,
                } => {
                    let ilvl = (*depth).min(8);
                    let num_id = match number {
                        None => BULLET_NUM_ID,
                        Some(n) => {
                            let list = *current_list.get_or_insert_with(|| {
                                let id = 2 + self.numbered_lists.len() as u32;
                                self.numbered_lists.push((id, Vec::new()));
                                self.numbered_lists.len() - 1
                            });
                            let (id, starts) = &mut self.numbered_lists[list];
                            // The first item seen at a level sets where that
                            // level counts from.
                            if !starts.iter().any(|(l, _)| *l == ilvl) {
                                starts.push((ilvl, *n));
                            }
                            *id
                        }
                    };
                    self.paragraph(
                        &format!(
                            "<w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num_id}\"/></w:numPr>"
                        ),
                        spans,
                    );
                }
                Block::Rule => {
                    current_list = None;
                    self.xml.push_str(
                        "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"auto\"/></w:pBdr></w:pPr></w:p>",
                    );
                }
            }
        }
    }

    fn paragraph(&mut self, ppr: &str, spans: &[Span]) {
        self.xml.push_str("<w:p>");
        if !ppr.is_empty() {
            self.xml.push_str("<w:pPr>");
            self.xml.push_str(ppr);
            self.xml.push_str("</w:pPr>");
        }
        for span in spans.iter().filter(|s| !s.text.is_empty()) {
            let link = span.link.as_deref().filter(|l| safe_link(l));
            if let Some(target) = link {
                let next = FIXED_RELS + self.links.len() + 1;
                let id = *self.link_ids.entry(target.to_owned()).or_insert_with(|| {
                    self.links.push(target.to_owned());
                    next
                });
                self.xml
                    .push_str(&format!("<w:hyperlink r:id=\"rId{id}\" w:history=\"1\">"));
            }
            self.xml.push_str("<w:r>");
            if link.is_some() || span.bold || span.italic {
                self.xml.push_str("<w:rPr>");
                if link.is_some() {
                    self.xml.push_str("<w:rStyle w:val=\"Hyperlink\"/>");
                }
                if span.bold {
                    self.xml.push_str("<w:b/><w:bCs/>");
                }
                if span.italic {
                    self.xml.push_str("<w:i/><w:iCs/>");
                }
                self.xml.push_str("</w:rPr>");
            }
            push_run_content(&mut self.xml, "w:", &span.text);
            self.xml.push_str("</w:r>");
            if link.is_some() {
                self.xml.push_str("</w:hyperlink>");
            }
        }
        self.xml.push_str("</w:p>");
    }

    fn document_xml(&self) -> String {
        // US Letter with 1-inch margins: the page most resume readers print
        // on; Word and LibreOffice re-fit it to A4 without reflowing badly.
        format!(
            "{XML_DECL}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>{}<w:sectPr><w:pgSz w:w=\"12240\" w:h=\"15840\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
            self.xml
        )
    }

    fn document_rels(&self) -> String {
        let mut xml = format!(
            "{XML_DECL}<Relationships xmlns=\"{REL_NS}\"><Relationship Id=\"rId1\" Type=\"{REL_BASE}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"{REL_BASE}/numbering\" Target=\"numbering.xml\"/><Relationship Id=\"rId3\" Type=\"{REL_BASE}/settings\" Target=\"settings.xml\"/>"
        );
        for (i, target) in self.links.iter().enumerate() {
            xml.push_str(&format!(
                "<Relationship Id=\"rId{}\" Type=\"{REL_BASE}/hyperlink\" Target=\"",
                FIXED_RELS + i + 1
            ));
            push_escaped(&mut xml, target);
            xml.push_str("\" TargetMode=\"External\"/>");
        }
        xml.push_str("</Relationships>");
        xml
    }

    fn numbering_xml(&self) -> String {
        let mut xml = format!("{XML_DECL}<w:numbering xmlns:w=\"{W_NS}\">");
        // abstractNum 0: bullets; 1: numbers. Nine levels each, as Word
        // expects, indented half an inch per level.
        const BULLETS: [&str; 3] = ["\u{2022}", "\u{25E6}", "\u{25AA}"];
        const NUMBER_FORMATS: [&str; 3] = ["decimal", "lowerLetter", "lowerRoman"];
        for (abstract_id, numbered) in [(0, false), (1, true)] {
            xml.push_str(&format!(
                "<w:abstractNum w:abstractNumId=\"{abstract_id}\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"
            ));
            for level in 0..9usize {
                let (format, text) = if numbered {
                    (NUMBER_FORMATS[level % 3], format!("%{}.", level + 1))
                } else {
                    ("bullet", BULLETS[level % 3].to_owned())
                };
                let left = 720 * (level + 1);
                xml.push_str(&format!(
                    "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{left}\" w:hanging=\"360\"/></w:pPr></w:lvl>"
                ));
            }
            xml.push_str("</w:abstractNum>");
        }
        xml.push_str(&format!(
            "<w:num w:numId=\"{BULLET_NUM_ID}\"><w:abstractNumId w:val=\"0\"/></w:num>"
        ));
        for (num_id, starts) in &self.numbered_lists {
            xml.push_str(&format!(
                "<w:num w:numId=\"{num_id}\"><w:abstractNumId w:val=\"1\"/>"
            ));
            for (level, start) in starts {
                xml.push_str(&format!(
                    "<w:lvlOverride w:ilvl=\"{level}\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride>"
                ));
            }
            xml.push_str("</w:num>");
        }
        xml.push_str("</w:numbering>");
        xml
    }
}

fn content_types() -> String {
    const MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    format!(
        "{XML_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"{MAIN}.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"{MAIN}.styles+xml\"/>\
<Override PartName=\"/word/numbering.xml\" ContentType=\"{MAIN}.numbering+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"{MAIN}.settings+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>"
    )
}

fn package_rels() -> String {
    format!(
        "{XML_DECL}<Relationships xmlns=\"{REL_NS}\">\
<Relationship Id=\"rId1\" Type=\"{REL_BASE}/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"{REL_BASE}/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>"
    )
}

/// Title and creator only: no dates, so the same document gives the same
/// bytes (Word fills them in when the user saves).
fn core_properties(title: &str) -> String {
    let mut xml = format!(
        "{XML_DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>"
    );
    push_escaped(&mut xml, title);
    xml.push_str("</dc:title><dc:creator>Job Forge</dc:creator><cp:lastModifiedBy>Job Forge</cp:lastModifiedBy></cp:coreProperties>");
    xml
}

fn app_properties() -> String {
    format!(
        "{XML_DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>Job Forge</Application></Properties>"
    )
}

fn settings_xml() -> String {
    // Compatibility mode 15 (Word 2013+): without it Word opens the file in
    // compatibility mode and says so in the title bar.
    format!(
        "{XML_DECL}<w:settings xmlns:w=\"{W_NS}\"><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    )
}

fn styles_xml() -> String {
    let mut xml = format!(
        "{XML_DECL}<w:styles xmlns:w=\"{W_NS}\">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/><w:lang w:val=\"en-US\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"10\"/><w:qFormat/><w:pPr><w:spacing w:after=\"240\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"48\"/><w:szCs w:val=\"48\"/></w:rPr></w:style>"
    );
    // Sizes in half-points for levels 1–6.
    const SIZES: [u32; 6] = [32, 28, 24, 22, 22, 22];
    for (i, size) in SIZES.iter().enumerate() {
        let level = i + 1;
        let italic = if level >= 5 { "<w:i/><w:iCs/>" } else { "" };
        xml.push_str(&format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{level}\"><w:name w:val=\"heading {level}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"80\"/><w:outlineLvl w:val=\"{i}\"/></w:pPr><w:rPr><w:b/><w:bCs/>{italic}<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>"
        ));
    }
    xml.push_str(
        "<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/><w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"34\"/><w:qFormat/><w:pPr><w:spacing w:after=\"40\"/><w:ind w:left=\"720\"/><w:contextualSpacing/></w:pPr></w:style>\
<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:rPr><w:color w:val=\"0563C1\"/><w:u w:val=\"single\"/></w:rPr></w:style>\
</w:styles>",
    );
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_are_links() {
        assert!(safe_link("https://example.com/a?b=c&d"));
        assert!(safe_link("mailto:ada@example.com"));
        assert!(!safe_link("javascript:alert(1)"));
        assert!(!safe_link("file:///etc/passwd"));
        assert!(!safe_link("https://exa mple.com"));
    }

    #[test]
    fn each_numbered_list_restarts_at_its_first_number() {
        let item = |number| Block::ListItem {
            depth: 0,
            number,
            spans: vec![Span::plain("x")],
        };
        let mut body = Body::default();
        body.write_blocks(&[
            item(Some(1)),
            item(Some(2)),
            Block::Paragraph(vec![]),
            item(Some(5)),
            item(None),
        ]);
        assert_eq!(
            body.numbered_lists,
            vec![(2, vec![(0, 1)]), (3, vec![(0, 5)])]
        );
        assert!(
            body.numbering_xml()
                .contains("<w:startOverride w:val=\"5\"/>")
        );
    }
}
