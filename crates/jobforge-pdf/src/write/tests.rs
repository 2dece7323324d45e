//! The writer's behaviour, proved by reading its output back: structure with
//! lopdf, text through each font's `ToUnicode` CMap (a small extractor here,
//! independent of the crate's reader, so a bug in one cannot hide a bug in
//! the other).

use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Instant;

use jobforge_types::{Block, RichDocument, Span};
use lopdf::{Document, Object};

use super::layout::{Faces, LineKind, lay_out};
use super::*;
use crate::fonts::FontSet;

/// The system family (Liberation Sans when `fonts-liberation2` is installed,
/// else DejaVu Sans), loaded once for all tests.
fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| {
        FontSet::from_dir(std::path::Path::new("/usr/share/fonts")).expect(
            "the tests need a sans font: apt install fonts-liberation2 (or fonts-dejavu-core)",
        )
    })
}

fn span(text: &str) -> Span {
    Span::plain(text)
}

fn bold(text: &str) -> Span {
    Span {
        bold: true,
        ..Span::plain(text)
    }
}

fn italic(text: &str) -> Span {
    Span {
        italic: true,
        ..Span::plain(text)
    }
}

fn link(text: &str, target: &str) -> Span {
    Span {
        link: Some(target.to_owned()),
        ..Span::plain(text)
    }
}

fn heading(level: u8, text: &str) -> Block {
    Block::Heading {
        level,
        spans: vec![span(text)],
    }
}

fn para(spans: Vec<Span>) -> Block {
    Block::Paragraph(spans)
}

fn item(depth: u8, number: Option<u32>, spans: Vec<Span>) -> Block {
    Block::ListItem {
        depth,
        number,
        spans,
    }
}

fn resume() -> RichDocument {
    RichDocument {
        title: "Ada Park — Resume".to_owned(),
        blocks: vec![
            heading(1, "Ada Park"),
            para(vec![
                span("Senior Backend Engineer · "),
                link("ada@example.com", "mailto:ada@example.com"),
                span(" · "),
                link("github.com/adapark", "https://github.com/adapark"),
            ]),
            Block::Rule,
            heading(2, "Experience"),
            para(vec![
                bold("Staff Engineer"),
                span(", Northwind Traders — "),
                italic("2021–Present"),
            ]),
            item(
                0,
                None,
                vec![span(
                    "Led the migration of billing to Rust, cutting p99 latency by 38%.",
                )],
            ),
            item(
                1,
                None,
                vec![
                    span("Designed the "),
                    bold("idempotent"),
                    span(" retry layer."),
                ],
            ),
            item(
                1,
                None,
                vec![span("Mentored four engineers; two promoted.")],
            ),
            item(0, None, vec![span("Cut cloud spend by $120k a year.")]),
            heading(2, "Education"),
            para(vec![
                bold("BSc Computer Science"),
                span(", Université de Montréal"),
            ]),
            heading(3, "Highlights"),
            item(
                0,
                Some(1),
                vec![
                    span("Dean’s list, "),
                    bold(""),
                    italic("three years running"),
                ],
            ),
            item(
                0,
                Some(2),
                vec![bold("Thesis:"), span(" “Fast, fair queues”")],
            ),
        ],
    }
}

/// The text a reader should find, block by block, list markers included.
fn expected_text(doc: &RichDocument) -> Vec<String> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Rule => None,
            Block::ListItem { depth, number, .. } => Some(match number {
                Some(n) => format!("{n}. {}", b.text()),
                None => format!("{} {}", ['•', '◦', '▪'][usize::from(*depth) % 3], b.text()),
            }),
            _ => Some(b.text()),
        })
        .collect()
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// Text read back: pages of lines, one line per text object, and every
/// string shown with the state it was drawn in.
struct Extracted {
    pages: Vec<Vec<String>>,
    runs: Vec<Run>,
}

#[derive(Debug, Clone, PartialEq)]
struct Run {
    text: String,
    font: Vec<u8>,
    size: f32,
    fill: Vec<f32>,
    render_mode: i64,
}

impl Extracted {
    fn all_words(&self) -> Vec<String> {
        self.pages.iter().flatten().flat_map(|l| words(l)).collect()
    }
}

/// Parses the `bfchar` entries of a `ToUnicode` CMap.
fn parse_to_unicode(cmap: &str) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let mut in_chars = false;
    for line in cmap.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            in_chars = true;
            continue;
        }
        if line == "endbfchar" {
            in_chars = false;
            continue;
        }
        if !in_chars {
            continue;
        }
        let parts: Vec<&str> = line
            .split(['<', '>', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        assert_eq!(parts.len(), 2, "bfchar line {line:?}");
        let cid = u16::from_str_radix(parts[0], 16).expect("cid");
        let units: Vec<u16> = (0..parts[1].len() / 4)
            .map(|i| u16::from_str_radix(&parts[1][i * 4..i * 4 + 4], 16).expect("utf-16"))
            .collect();
        map.insert(cid, String::from_utf16(&units).expect("valid UTF-16"));
    }
    map
}

fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).expect("reference resolves").1
}

fn extract(bytes: &[u8]) -> Extracted {
    let doc = Document::load_mem(bytes).expect("lopdf parses the PDF");
    let mut pages = Vec::new();
    let mut runs = Vec::new();
    for (_, page_id) in doc.get_pages() {
        let mut maps: HashMap<Vec<u8>, HashMap<u16, String>> = HashMap::new();
        for (name, font) in doc.get_page_fonts(page_id).expect("page fonts") {
            let stream = resolve(&doc, font.get(b"ToUnicode").expect("ToUnicode"))
                .as_stream()
                .expect("ToUnicode is a stream");
            let cmap = stream.decompressed_content().expect("ToUnicode inflates");
            maps.insert(name, parse_to_unicode(&String::from_utf8_lossy(&cmap)));
        }
        let content = doc.get_page_content(page_id);
        let ops = lopdf::content::Content::decode(&content).expect("content decodes");
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut font: Vec<u8> = Vec::new();
        let mut size = 0.0;
        let mut fill = vec![0.0];
        let mut render_mode = 0;
        let numbers = |operands: &[Object]| -> Vec<f32> {
            operands
                .iter()
                .map(|o| o.as_float().expect("number"))
                .collect()
        };
        for op in ops.operations {
            match op.operator.as_str() {
                "BT" => line.clear(),
                "ET" => lines.push(std::mem::take(&mut line)),
                "Tf" => {
                    font = op.operands[0].as_name().expect("font name").to_vec();
                    size = op.operands[1].as_float().expect("size");
                }
                "g" | "rg" => fill = numbers(&op.operands),
                "Tr" => render_mode = op.operands[0].as_i64().expect("mode"),
                "Tj" => {
                    let bytes = op.operands[0].as_str().expect("string");
                    let map = &maps[&font];
                    let mut text = String::new();
                    for pair in bytes.chunks(2) {
                        let cid = u16::from_be_bytes([pair[0], pair[1]]);
                        text.push_str(map.get(&cid).map_or("\u{FFFD}", String::as_str));
                    }
                    line.push_str(&text);
                    runs.push(Run {
                        text,
                        font: font.clone(),
                        size,
                        fill: fill.clone(),
                        render_mode,
                    });
                }
                "TJ" | "'" | "\"" => panic!("the writer only uses Tj"),
                _ => {}
            }
        }
        pages.push(lines);
    }
    Extracted { pages, runs }
}

fn write(doc: &RichDocument, setup: &PageSetup) -> PdfOutput {
    write_pdf(doc, setup, fonts()).expect("writes")
}

#[test]
fn resume_writes_a_text_pdf_with_embedded_subset_fonts_and_to_unicode() {
    let out = write(&resume(), &PageSetup::default());
    assert!(out.is_faithful(), "{:?}", out.substitutions);
    assert_eq!(out.page_count, 1);
    let doc = Document::load_mem(&out.bytes).expect("parses");
    assert_eq!(doc.get_pages().len(), 1);

    let page_id = doc.get_pages()[&1];
    let page_fonts = doc.get_page_fonts(page_id).expect("fonts");
    // Regular, bold, italic (all three styles are used).
    assert!(page_fonts.len() >= 3, "{} fonts", page_fonts.len());
    for font in page_fonts.values() {
        assert_eq!(
            font.get(b"Subtype").and_then(Object::as_name).ok(),
            Some(&b"Type0"[..])
        );
        assert_eq!(
            font.get(b"Encoding").and_then(Object::as_name).ok(),
            Some(&b"Identity-H"[..])
        );
        assert!(font.has(b"ToUnicode"));
        let base = font
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .expect("BaseFont");
        assert_eq!(
            base[6],
            b'+',
            "subset tag in {}",
            String::from_utf8_lossy(base)
        );
        let descendants = resolve(&doc, font.get(b"DescendantFonts").expect("descendants"))
            .as_array()
            .expect("array");
        let cid = resolve(&doc, &descendants[0]).as_dict().expect("CID font");
        assert_eq!(
            cid.get(b"Subtype").and_then(Object::as_name).ok(),
            Some(&b"CIDFontType2"[..])
        );
        assert!(cid.has(b"W"), "widths");
        let descriptor = resolve(&doc, cid.get(b"FontDescriptor").expect("descriptor"))
            .as_dict()
            .expect("dict");
        let file = resolve(&doc, descriptor.get(b"FontFile2").expect("FontFile2"))
            .as_stream()
            .expect("stream");
        let data = file.decompressed_content().expect("inflates");
        // The subset is a real TrueType font, and small.
        let face = ttf_parser::Face::parse(&data, 0).expect("subset parses");
        assert!(
            face.number_of_glyphs() < 120,
            "{} glyphs",
            face.number_of_glyphs()
        );
    }

    let info = resolve(&doc, doc.trailer.get(b"Info").expect("Info"))
        .as_dict()
        .expect("dict");
    let text = |key: &[u8]| {
        let raw = info.get(key).and_then(Object::as_str).expect("string");
        lopdf::decode_text_string(&Object::string_literal(raw.to_vec())).expect("text string")
    };
    assert_eq!(text(b"Title"), "Ada Park — Resume");
    assert_eq!(text(b"Producer"), "Job Forge");
    assert!(!info.has(b"CreationDate") && !info.has(b"ModDate"));
}

#[test]
fn resume_text_reads_back_identical_and_in_order() {
    let doc = resume();
    let out = write(&doc, &PageSetup::default());
    let extracted = extract(&out.bytes);
    // Every block here fits on one line, so lines are blocks.
    assert_eq!(extracted.pages.len(), 1);
    assert_eq!(extracted.pages[0], expected_text(&doc));
}

#[test]
fn links_become_uri_annotations_for_web_and_mail_only() {
    let doc = RichDocument {
        title: String::new(),
        blocks: vec![para(vec![
            link("site", "https://example.com/ü path"),
            span(" "),
            link("mail", "mailto:ada@example.com"),
            span(" "),
            link("evil", "javascript:alert(1)"),
            span(" "),
            link("file", "file:///etc/passwd"),
        ])],
    };
    let out = write(&doc, &PageSetup::default());
    let pdf = Document::load_mem(&out.bytes).expect("parses");
    let page_id = pdf.get_pages()[&1];
    let uris: Vec<String> = pdf
        .get_page_annotations(page_id)
        .expect("annotations")
        .iter()
        .map(|a| {
            assert_eq!(
                a.get(b"Subtype").and_then(Object::as_name).ok(),
                Some(&b"Link"[..])
            );
            let action = resolve(&pdf, a.get(b"A").expect("action"))
                .as_dict()
                .expect("dict");
            String::from_utf8(
                action
                    .get(b"URI")
                    .and_then(Object::as_str)
                    .expect("URI")
                    .to_vec(),
            )
            .expect("ASCII")
        })
        .collect();
    assert_eq!(
        uris,
        [
            "https://example.com/%C3%BC%20path",
            "mailto:ada@example.com"
        ]
    );
    // The text of every link is still there.
    assert_eq!(extract(&out.bytes).pages[0], ["site mail evil file"]);
}

/// A document of `sections` headings, each followed by a paragraph and two
/// list items, every word unique.
fn long_document(sections: usize) -> RichDocument {
    let mut n = 0;
    let mut words = |count: usize| {
        (0..count)
            .map(|_| {
                n += 1;
                format!("w{n:05}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut blocks = Vec::new();
    for s in 0..sections {
        blocks.push(heading(
            if s % 4 == 0 { 2 } else { 3 },
            &format!("Section{s:03} {}", words(2)),
        ));
        if s % 4 == 0 {
            // A rule under a section heading belongs with it.
            blocks.push(Block::Rule);
        }
        blocks.push(para(vec![span(&words(60))]));
        blocks.push(item(0, None, vec![span(&words(25))]));
        blocks.push(item(1, Some(1), vec![span(&words(12))]));
    }
    RichDocument {
        title: "Long".to_owned(),
        blocks,
    }
}

#[test]
fn long_document_breaks_into_pages_with_every_word_exactly_once_in_order() {
    let doc = long_document(40);
    let out = write(&doc, &PageSetup::default());
    assert!(out.page_count >= 4, "{} pages", out.page_count);
    let extracted = extract(&out.bytes);
    assert_eq!(extracted.pages.len(), out.page_count);
    let expected: Vec<String> = expected_text(&doc).iter().flat_map(|t| words(t)).collect();
    assert_eq!(extracted.all_words(), expected);
}

#[test]
fn no_heading_is_the_last_line_of_a_page() {
    // Try several text sizes so headings land at many page positions.
    for tenth in 0..12 {
        let setup = PageSetup {
            base_font_pt: 9.0 + f32::from(tenth as u8) * 0.25,
            ..PageSetup::default()
        };
        let doc = long_document(30);
        let mut faces = Faces::load(fonts()).expect("faces");
        let laid = lay_out(&doc, &setup, &mut faces).expect("lays out");
        assert!(laid.pages.len() > 2);
        for (i, page) in laid.pages.iter().enumerate() {
            let kinds: Vec<LineKind> = page.iter().rev().take(2).map(|p| p.line.kind).collect();
            let ends_with_heading = kinds.first() == Some(&LineKind::Heading)
                || kinds == [LineKind::Rule, LineKind::Heading];
            assert!(
                !ends_with_heading,
                "page {} of size {} ends {kinds:?}",
                i + 1,
                setup.base_font_pt
            );
        }
        // And as read back: no page's last line is a section heading.
        let out = write(&doc, &setup);
        for page in &extract(&out.bytes).pages {
            let last = page.last().expect("text on every page");
            assert!(!last.starts_with("Section"), "heading {last:?} ends a page");
        }
    }
}

#[test]
fn headings_in_a_row_move_together_with_the_next_line() {
    // Push two headings, a rule and a paragraph down the page one filler
    // line at a time, so at some point they meet the bottom of page 1.
    let setup = PageSetup::default();
    let mut moved = 0;
    for fillers in 25..40 {
        let mut blocks: Vec<Block> = (0..fillers)
            .map(|i| para(vec![span(&format!("filler line {i}"))]))
            .collect();
        blocks.push(heading(2, "Experience"));
        blocks.push(Block::Rule);
        blocks.push(heading(3, "Northwind"));
        blocks.push(para(vec![span("First role line.")]));
        let doc = RichDocument {
            title: String::new(),
            blocks,
        };
        let extracted = extract(&write(&doc, &setup).bytes);
        let page_of = |needle: &str| {
            extracted
                .pages
                .iter()
                .position(|p| p.iter().any(|l| l == needle))
                .expect("found")
        };
        assert_eq!(
            page_of("Experience"),
            page_of("Northwind"),
            "{fillers} fillers"
        );
        assert_eq!(
            page_of("Northwind"),
            page_of("First role line."),
            "{fillers} fillers"
        );
        if page_of("Experience") == 1 && page_of("filler line 0") == 0 {
            moved += 1;
        }
        let mut faces = Faces::load(fonts()).expect("faces");
        let laid = lay_out(&doc, &setup, &mut faces).expect("lays out");
        for page in &laid.pages {
            assert_ne!(page.last().map(|p| p.line.kind), Some(LineKind::Heading));
        }
    }
    // The group really did cross a page boundary in some cases.
    assert!(moved > 0);
}

#[test]
fn same_input_gives_the_same_bytes() {
    let a = write(&long_document(10), &PageSetup::default());
    let b = write(&long_document(10), &PageSetup::default());
    assert!(a.bytes == b.bytes, "two writes differ");
    let c = write(&resume(), &PageSetup::default());
    let d = write(&resume(), &PageSetup::default());
    assert!(c.bytes == d.bytes, "two writes differ");
}

fn media_box(bytes: &[u8]) -> Vec<f32> {
    let doc = Document::load_mem(bytes).expect("parses");
    let page = doc.get_dictionary(doc.get_pages()[&1]).expect("page");
    page.get(b"MediaBox")
        .and_then(Object::as_array)
        .expect("MediaBox")
        .iter()
        .map(|v| v.as_float().expect("number"))
        .collect()
}

#[test]
fn a4_and_letter_have_their_media_boxes() {
    let letter = write(&resume(), &PageSetup::default());
    assert_eq!(media_box(&letter.bytes), [0.0, 0.0, 612.0, 792.0]);
    let a4 = write(
        &resume(),
        &PageSetup {
            size: PageSize::A4,
            ..PageSetup::default()
        },
    );
    let mb = media_box(&a4.bytes);
    assert!(
        (mb[2] - 595.28).abs() < 0.01 && (mb[3] - 841.89).abs() < 0.01,
        "{mb:?}"
    );
}

#[test]
fn characters_no_face_has_are_replaced_by_question_marks_and_reported() {
    let doc = RichDocument {
        title: String::new(),
        blocks: vec![para(vec![
            span("Tokyo 東京 office"),
            bold(" 東"),
            span(" bell\u{7} zero\u{200B}width"),
        ])],
    };
    let out = write(&doc, &PageSetup::default());
    assert!(!out.is_faithful());
    let report: Vec<(char, Option<char>, usize)> = out
        .substitutions
        .iter()
        .map(|s| (s.ch, s.replacement, s.count))
        .collect();
    assert_eq!(
        report,
        [
            ('\u{7}', None, 1),
            ('\u{200B}', None, 1),
            ('京', Some('?'), 1),
            ('東', Some('?'), 2)
        ]
    );
    assert_eq!(
        extract(&out.bytes).pages[0],
        ["Tokyo ?? office ? bell zerowidth"]
    );
}

#[test]
fn empty_document_is_one_blank_page() {
    for doc in [
        RichDocument::default(),
        RichDocument {
            title: "Empty".to_owned(),
            blocks: vec![para(vec![]), para(vec![span("   ")]), heading(2, "")],
        },
    ] {
        let out = write(&doc, &PageSetup::default());
        assert_eq!(out.page_count, 1);
        let pdf = Document::load_mem(&out.bytes).expect("parses");
        assert_eq!(pdf.get_pages().len(), 1);
        assert_eq!(extract(&out.bytes).pages, [Vec::<String>::new()]);
    }
}

#[test]
fn long_paragraphs_and_overlong_words_stay_inside_the_margins() {
    let huge: String = (0..5_000).map(|i| format!("word{i} ")).collect();
    let long_word = "x".repeat(600);
    let doc = RichDocument {
        title: String::new(),
        blocks: vec![
            para(vec![span(&huge)]),
            para(vec![span("before "), bold(&long_word), span(" after")]),
            item(200, Some(u32::MAX), vec![span(&long_word)]),
        ],
    };
    let setup = PageSetup::default();
    let mut faces = Faces::load(fonts()).expect("faces");
    let laid = lay_out(&doc, &setup, &mut faces).expect("lays out");
    let column = setup.size.dimensions_pt().0 - 2.0 * setup.margin_pt;
    for placed in laid.pages.iter().flatten() {
        for segment in &placed.line.segments {
            let width: f32 =
                segment.glyphs.iter().map(|g| g.advance).sum::<f32>() * placed.line.size;
            assert!(
                segment.x + width <= column + 0.05,
                "line overflows: {} > {column}",
                segment.x + width
            );
        }
    }
    let out = write(&doc, &setup);
    let extracted = extract(&out.bytes);
    let all: Vec<String> = extracted.pages.iter().flatten().cloned().collect();
    let joined = all.join("\n");
    // The 5,000 words, in order, each once.
    let expected: Vec<String> = words(&huge);
    assert_eq!(words(&joined)[..5_000], expected[..]);
    // The long word is split across lines but no character is lost.
    assert_eq!(joined.matches('x').count(), 1_200);
}

#[test]
fn hostile_input_never_panics() {
    let nasty = [
        "\u{0}\u{1}\u{1b}[31m\r\n\r\n\t\u{7f}\u{85}\u{9c}",
        "שלום עולם مرحبا بالعالم",
        "日本語のテキスト한국어",
        "e\u{301}\u{301}\u{301}\u{20DD} Z\u{0336}\u{0337}",
        "\u{FEFF}\u{202E}reversed\u{202C}\u{2066}",
        "🙂👩‍👩‍👧‍👦🏳️‍🌈",
        "\u{10FFFF}\u{E000}\u{FFFD}\u{FFFF}",
        "",
    ];
    let mut blocks = Vec::new();
    for (i, text) in nasty.iter().enumerate() {
        blocks.push(heading(u8::try_from(i * 40).unwrap_or(0), text));
        blocks.push(para(vec![
            span(text),
            link(text, text),
            link("x", "https://"),
        ]));
        blocks.push(item(u8::MAX, None, vec![span(text)]));
        blocks.push(Block::Rule);
    }
    blocks.push(heading(1, &"Heading ".repeat(3_000)));
    let doc = RichDocument {
        title: nasty.concat(),
        blocks,
    };
    for setup in [
        PageSetup::default(),
        PageSetup {
            size: PageSize::A4,
            margin_pt: 0.0,
            base_font_pt: 36.0,
        },
    ] {
        let out = write(&doc, &setup);
        assert!(Document::load_mem(&out.bytes).is_ok());
        assert!(!out.substitutions.is_empty());
    }
}

#[test]
fn missing_bold_and_italic_faces_are_synthesised_and_text_is_unchanged() {
    let regular = fonts().regular().data().to_vec();
    let only_regular = FontSet::from_bytes(regular, None, None, None).expect("font set");
    let doc = resume();
    let out = write_pdf(&doc, &PageSetup::default(), &only_regular).expect("writes");
    let pdf = Document::load_mem(&out.bytes).expect("parses");
    let page_id = pdf.get_pages()[&1];
    assert_eq!(pdf.get_page_fonts(page_id).expect("fonts").len(), 1);
    let content = String::from_utf8_lossy(&pdf.get_page_content(page_id)).into_owned();
    assert!(
        content.contains("2 Tr"),
        "synthetic bold strokes the outline"
    );
    assert!(
        content.contains(" 0.212 1 "),
        "synthetic italic slants the text matrix"
    );
    let extracted = extract(&out.bytes);
    assert_eq!(extracted.pages[0], expected_text(&doc));
    // The stroke (synthetic bold) and the link colour apply to their own
    // runs only, never to the text drawn after them.
    let is_black = |r: &Run| r.fill.iter().all(|&c| c == 0.0);
    for run in &extracted.runs {
        let should_stroke = [
            "Ada Park",
            "Experience",
            "Education",
            "Highlights",
            "Staff Engineer",
            "idempotent",
            "BSc Computer Science",
            "Thesis:",
        ]
        .contains(&run.text.as_str());
        assert_eq!(run.render_mode == 2, should_stroke, "{run:?}");
        let is_link = ["ada@example.com", "github.com/adapark"].contains(&run.text.as_str());
        assert_eq!(!is_black(run), is_link, "{run:?}");
    }
}

#[test]
fn unusable_page_setups_are_refused_with_the_reason() {
    for (setup, needle) in [
        (
            PageSetup {
                margin_pt: 300.0,
                ..PageSetup::default()
            },
            "smaller margins",
        ),
        (
            PageSetup {
                base_font_pt: f32::NAN,
                ..PageSetup::default()
            },
            "text size",
        ),
        (
            PageSetup {
                margin_pt: -1.0,
                ..PageSetup::default()
            },
            "margin",
        ),
    ] {
        let err = write_pdf(&resume(), &setup, fonts()).expect_err("refused");
        assert!(err.to_string().contains(needle), "{err}");
    }
}

#[test]
fn two_page_export_is_fast() {
    let doc = long_document(6);
    let fonts = fonts(); // discovery is not part of an export
    let started = Instant::now();
    let out = write_pdf(&doc, &PageSetup::default(), fonts).expect("writes");
    let elapsed = started.elapsed();
    assert_eq!(out.page_count, 2, "the benchmark document is two pages");
    // Debug build of this crate (dependencies optimised): the release target
    // is well under 300 ms; this bound only catches accidental blow-ups.
    assert!(elapsed.as_millis() < 1_500, "took {elapsed:?}");
    eprintln!("two-page export: {elapsed:?}, {} bytes", out.bytes.len());

    // Linear, not quadratic: 25 times the words take nowhere near 25² times
    // as long (the floor keeps a very fast first run from making this flaky).
    let big = long_document(200);
    let started = Instant::now();
    let out = write(&big, &PageSetup::default());
    let big_elapsed = started.elapsed();
    eprintln!("{}-page export: {big_elapsed:?}", out.page_count);
    let floor = elapsed.max(std::time::Duration::from_millis(5));
    assert!(big_elapsed < floor * 200, "took {big_elapsed:?}");
}

#[test]
fn the_crate_reader_reads_back_the_resume_and_a_long_document_exactly() {
    let limits = crate::read::ReadLimits::default();
    let doc = resume();
    let out = write(&doc, &PageSetup::default());
    let text = crate::read::read_text(&out.bytes, &limits).expect("reads");
    assert_eq!(text.plain_text(), expected_text(&doc).join("\n"));
    // Headings come back bold and larger than body text.
    let lines: Vec<_> = text.lines().collect();
    assert!(lines[0].bold && lines[0].font_size > 19.0, "{:?}", lines[0]);
    assert!(!lines[1].bold);

    let doc = long_document(20);
    let out = write(&doc, &PageSetup::default());
    let text = crate::read::read_text(&out.bytes, &limits).expect("reads");
    assert_eq!(text.page_count() as usize, out.page_count);
    let expected: Vec<String> = expected_text(&doc).iter().flat_map(|t| words(t)).collect();
    assert_eq!(words(&text.plain_text()), expected);
}
