//! Writing: what `write_docx` produces reads back as the same document, is
//! a complete package, and is the same bytes every time.

mod common;

use common::{part, unzip};
use jobforge_docx::{ParagraphKind, ReadLimits, read_paragraphs, write_docx};
use jobforge_types::{Block, RichDocument, Span};

fn spans(text: &str) -> Vec<Span> {
    vec![Span::plain(text)]
}

fn resume() -> RichDocument {
    let link = |text: &str, url: &str| Span {
        text: text.into(),
        link: Some(url.into()),
        ..Span::default()
    };
    let bold = |text: &str| Span {
        text: text.into(),
        bold: true,
        ..Span::default()
    };
    RichDocument {
        title: "Ada Park — Resume <draft> & \"final\"".into(),
        blocks: vec![
            Block::Heading {
                level: 1,
                spans: spans("Ada Park"),
            },
            Block::Paragraph(vec![
                link("ada@example.com", "mailto:ada@example.com"),
                Span::plain(" | "),
                link("github.com/ada", "https://github.com/ada?tab=repos&x=1"),
                Span::plain(" | "),
                link("not a link", "javascript:alert(1)"),
            ]),
            Block::Rule,
            Block::Heading {
                level: 2,
                spans: spans("Experience"),
            },
            Block::Heading {
                level: 3,
                spans: vec![bold("Staff Engineer"), Span::plain(", Acme\t2019–now")],
            },
            Block::ListItem {
                depth: 0,
                number: None,
                spans: spans("Cut p99 latency by 40% <fast> & cheap"),
            },
            Block::ListItem {
                depth: 1,
                number: None,
                spans: spans("Nested detail"),
            },
            Block::ListItem {
                depth: 0,
                number: Some(1),
                spans: spans("First step"),
            },
            Block::ListItem {
                depth: 0,
                number: Some(2),
                spans: spans("Second step\nwith a line break"),
            },
            Block::Paragraph(vec![Span {
                text: "Control \u{1}chars\u{FFFF} dropped".into(),
                italic: true,
                ..Span::default()
            }]),
        ],
    }
}

fn expected_kind(block: &Block) -> ParagraphKind {
    match block {
        Block::Heading { level, .. } => ParagraphKind::Heading(*level),
        Block::ListItem { depth, number, .. } => ParagraphKind::ListItem {
            depth: *depth,
            numbered: number.is_some(),
        },
        Block::Paragraph(_) | Block::Rule => ParagraphKind::Normal,
    }
}

#[test]
fn a_written_document_reads_back_with_the_same_texts_headings_and_lists() {
    let doc = resume();
    let bytes = write_docx(&doc).expect("write");
    let read = read_paragraphs(&bytes, &ReadLimits::default()).expect("read back");
    let got: Vec<(ParagraphKind, String)> = read
        .paragraphs
        .iter()
        .map(|p| (p.kind, p.text.clone()))
        .collect();
    let want: Vec<(ParagraphKind, String)> = doc
        .blocks
        .iter()
        .map(|b| {
            let text = b.text().replace(['\u{1}', '\u{FFFF}'], "");
            (expected_kind(b), text)
        })
        .collect();
    assert_eq!(got, want);
    assert!(
        read.paragraphs[0].bold,
        "headings are bold through their style"
    );
}

#[test]
fn writing_is_deterministic() {
    let a = write_docx(&resume()).expect("write");
    let b = write_docx(&resume()).expect("write");
    assert_eq!(a, b);
    // Every entry carries the fixed 1980-01-01 timestamp.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&a)).expect("zip");
    for i in 0..archive.len() {
        let f = archive.by_index(i).expect("entry");
        assert_eq!(
            f.last_modified(),
            Some(zip::DateTime::default()),
            "{:?}",
            f.name()
        );
    }
}

#[test]
fn the_package_has_every_part_word_needs() {
    let bytes = write_docx(&resume()).expect("write");
    let names: Vec<String> = unzip(&bytes).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "docProps/app.xml",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/numbering.xml",
            "word/settings.xml"
        ]
    );
    let types = part(&bytes, "[Content_Types].xml");
    for p in [
        "/word/document.xml",
        "/word/styles.xml",
        "/word/numbering.xml",
        "/docProps/core.xml",
    ] {
        assert!(
            types.contains(&format!("PartName=\"{p}\"")),
            "{p} has a content type"
        );
    }
    let core = part(&bytes, "docProps/core.xml");
    assert!(
        core.contains(
            "<dc:title>Ada Park — Resume &lt;draft&gt; &amp; &quot;final&quot;</dc:title>"
        )
    );
    assert!(core.contains("<dc:creator>Job Forge</dc:creator>"));

    let styles = part(&bytes, "word/styles.xml");
    for level in 1..=3 {
        assert!(styles.contains(&format!(
            "w:styleId=\"Heading{level}\"><w:name w:val=\"heading {level}\"/>"
        )));
        assert!(styles.contains(&format!("<w:outlineLvl w:val=\"{}\"/>", level - 1)));
    }
    assert!(styles.contains("w:styleId=\"Title\""));

    let numbering = part(&bytes, "word/numbering.xml");
    assert!(numbering.contains("<w:numFmt w:val=\"bullet\"/>"));
    assert!(numbering.contains("<w:numFmt w:val=\"decimal\"/>"));
    let document = part(&bytes, "word/document.xml");
    assert!(document.contains("<w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr>"));
}

#[test]
fn links_are_external_relationships_for_web_and_mail_only() {
    let bytes = write_docx(&resume()).expect("write");
    let rels = part(&bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains("Target=\"mailto:ada@example.com\" TargetMode=\"External\""));
    assert!(
        rels.contains(
            "Target=\"https://github.com/ada?tab=repos&amp;x=1\" TargetMode=\"External\""
        )
    );
    assert!(!rels.contains("javascript"));
    let document = part(&bytes, "word/document.xml");
    assert_eq!(document.matches("<w:hyperlink ").count(), 2);
    assert!(document.contains("not a link"));
}

#[test]
fn an_empty_document_is_still_a_valid_docx() {
    let bytes = write_docx(&RichDocument::default()).expect("write");
    let read = read_paragraphs(&bytes, &ReadLimits::default()).expect("read");
    let texts: Vec<&str> = read.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, [""], "one empty paragraph, as Word expects");
}
