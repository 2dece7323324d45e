//! The PDF reader on files built here with exact coordinates and fonts, and
//! on hostile files: each one gives its specific error or the right text,
//! and none panics.

use std::collections::BTreeMap;

use jobforge_pdf::{PdfReadError, PdfText, ReadLimits, read_text};
use lopdf::content::{Content, Operation};
use lopdf::encryption::{EncryptionState, EncryptionVersion, Permissions};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};

// ---------------------------------------------------------------------------
// A small PDF builder: pages of content operations over a shared set of
// fonts (F1 Helvetica, F2 Helvetica-Bold, both WinAnsi, no /Widths, as many
// generated PDFs are) plus whatever extra resources a test adds.

struct Builder {
    doc: Document,
    pages_id: ObjectId,
    fonts: Dictionary,
    xobjects: Dictionary,
    page_ids: Vec<ObjectId>,
}

impl Builder {
    fn new() -> Builder {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let f1 = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
        });
        let f2 = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica-Bold", "Encoding" => "WinAnsiEncoding",
        });
        Builder {
            doc,
            pages_id,
            fonts: dictionary! { "F1" => f1, "F2" => f2 },
            xobjects: Dictionary::new(),
            page_ids: Vec::new(),
        }
    }

    fn font(&mut self, name: &str, font: Dictionary) {
        let id = self.doc.add_object(font);
        self.fonts.set(name, id);
    }

    fn page(&mut self, operations: Vec<Operation>) {
        let content = Content { operations }.encode().expect("content encodes");
        let content_id = self.doc.add_object(Stream::new(Dictionary::new(), content));
        let page_id = self.doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "Contents" => content_id,
        });
        self.page_ids.push(page_id);
    }

    fn finish_document(mut self) -> Document {
        let resources = self.doc.add_object(dictionary! {
            "Font" => self.fonts.clone(),
            "XObject" => self.xobjects.clone(),
        });
        let kids: Vec<Object> = self
            .page_ids
            .iter()
            .map(|id| Object::Reference(*id))
            .collect();
        let count = i64::try_from(kids.len()).expect("page count fits");
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => kids,
                "Count" => count,
                "Resources" => resources,
                "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            }),
        );
        let catalog = self
            .doc
            .add_object(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog);
        self.doc
    }

    fn finish(self) -> Vec<u8> {
        save(self.finish_document())
    }
}

fn save(mut doc: Document) -> Vec<u8> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("document saves");
    bytes
}

fn op(operator: &str, operands: Vec<Object>) -> Operation {
    Operation::new(operator, operands)
}

fn literal(bytes: &[u8]) -> Object {
    Object::String(bytes.to_vec(), StringFormat::Literal)
}

/// `BT /font size Tf 1 0 0 1 x y Tm (text) Tj ET` — text at exact
/// coordinates (PDF space: y grows upwards from the bottom of the page).
fn text_at(font: &str, size: f32, x: f32, y: f32, text: &[u8]) -> Vec<Operation> {
    vec![
        op("BT", vec![]),
        op(
            "Tf",
            vec![Object::Name(font.as_bytes().to_vec()), size.into()],
        ),
        op(
            "Tm",
            vec![1.into(), 0.into(), 0.into(), 1.into(), x.into(), y.into()],
        ),
        op("Tj", vec![literal(text)]),
        op("ET", vec![]),
    ]
}

/// Helvetica's width of ASCII text at `size`, for right-aligning text the
/// way a writer would (the reader only knows approximate widths for fonts
/// without /Widths, so this uses the same approximation: 0.5 em a glyph is
/// good enough for placing, the reader's gap rules are relative).
fn approx_width(text: &[u8], size: f32) -> f32 {
    f32::from(u16::try_from(text.len()).expect("short text")) * 0.55 * size
}

fn read(bytes: &[u8]) -> Result<PdfText, PdfReadError> {
    read_text(bytes, &ReadLimits::default())
}

fn lines(text: &PdfText) -> Vec<String> {
    text.lines().map(|l| l.text.clone()).collect()
}

// ---------------------------------------------------------------------------
// Layout

/// A header over two columns: a main column with role titles whose dates are
/// right-aligned on the title's baseline, and a sidebar whose baselines are
/// on a different grid. Drawn interleaved, the way writers often emit them.
fn two_column_resume() -> Vec<u8> {
    let mut b = Builder::new();
    let mut ops = Vec::new();
    ops.extend(text_at("F2", 22.0, 50.0, 740.0, b"Jane Q. Applicant"));
    ops.extend(text_at(
        "F1",
        9.0,
        50.0,
        722.0,
        b"jane@example.com   +1 555 0100   Springfield",
    ));
    let main: [(&str, &[u8], f32); 9] = [
        ("F2", b"EXPERIENCE", 680.0),
        ("F2", b"Senior Engineer, Acme", 662.0),
        (
            "F1",
            b"Built the billing platform used by 2M customers",
            648.0,
        ),
        (
            "F1",
            b"Led four engineers through a database migration",
            634.0,
        ),
        ("F2", b"Engineer, Globex", 612.0),
        ("F1", b"Shipped the mobile app's offline mode", 598.0),
        ("F2", b"EDUCATION", 570.0),
        ("F2", b"BSc Computer Science, State University", 552.0),
        ("F1", b"Graduated with honours", 538.0),
    ];
    let side: [(&str, &[u8], f32); 6] = [
        ("F2", b"SKILLS", 675.0),
        ("F1", b"Rust", 657.0),
        ("F1", b"PostgreSQL", 641.0),
        ("F1", b"Kubernetes", 625.0),
        ("F2", b"LANGUAGES", 595.0),
        ("F1", b"English, French", 577.0),
    ];
    for i in 0..main.len().max(side.len()) {
        if let Some((font, text, y)) = main.get(i) {
            ops.extend(text_at(font, 10.0, 50.0, *y, text));
        }
        if let Some((font, text, y)) = side.get(i) {
            ops.extend(text_at(font, 9.0, 420.0, *y, text));
        }
    }
    // Dates right-aligned to the main column's right edge (x = 370).
    for (date, y) in [
        (b"2019 \x96 2022".as_slice(), 662.0),
        (b"2016 \x96 2019".as_slice(), 612.0),
    ] {
        ops.extend(text_at(
            "F1",
            10.0,
            370.0 - approx_width(date, 10.0),
            y,
            date,
        ));
    }
    b.page(ops);
    b.finish()
}

#[test]
fn constructed_two_column_page_reads_main_column_then_sidebar() {
    let text = read(&two_column_resume()).expect("reads");
    let got = lines(&text);
    assert_eq!(
        got,
        [
            "Jane Q. Applicant",
            "jane@example.com +1 555 0100 Springfield",
            "EXPERIENCE",
            "Senior Engineer, Acme 2019 – 2022",
            "Built the billing platform used by 2M customers",
            "Led four engineers through a database migration",
            "Engineer, Globex 2016 – 2019",
            "Shipped the mobile app's offline mode",
            "EDUCATION",
            "BSc Computer Science, State University",
            "Graduated with honours",
            "SKILLS",
            "Rust",
            "PostgreSQL",
            "Kubernetes",
            "LANGUAGES",
            "English, French",
        ]
    );
    let columns: Vec<u8> = text.lines().map(|l| l.column).collect();
    assert!(columns.iter().take(11).all(|c| *c == 0), "{columns:?}");
    assert!(columns.iter().skip(11).all(|c| *c == 1), "{columns:?}");
}

#[test]
fn constructed_page_reports_font_size_bold_and_position() {
    let text = read(&two_column_resume()).expect("reads");
    let name = text.lines().next().expect("a first line");
    assert_eq!(name.text, "Jane Q. Applicant");
    assert!((name.font_size - 22.0).abs() < 0.01);
    assert!(name.bold && !name.italic);
    assert!((name.x - 50.0).abs() < 0.01);
    // y is measured from the top of the page: 792 − 740.
    assert!((name.y - 52.0).abs() < 0.01);
    let body = text
        .lines()
        .find(|l| l.text.starts_with("Built"))
        .expect("body line");
    assert!(!body.bold);
    assert_eq!(text.page_count(), 1);
    assert!(
        text.plain_text()
            .starts_with("Jane Q. Applicant\njane@example.com")
    );
}

#[test]
fn words_are_spaced_by_glyph_gaps_and_kerning_does_not_split_them() {
    let mut b = Builder::new();
    let mut ops = vec![
        op("BT", vec![]),
        op("Tf", vec![Object::Name(b"F1".to_vec()), 12.into()]),
        op(
            "Tm",
            vec![
                1.into(),
                0.into(),
                0.into(),
                1.into(),
                72.into(),
                700.into(),
            ],
        ),
        // A kern (+20: tighter), then a word space made by moving the pen
        // (-300 thousandths of an em), not by a space character.
        op(
            "TJ",
            vec![Object::Array(vec![
                literal(b"Hel"),
                20.into(),
                literal(b"lo"),
                (-300).into(),
                literal(b"world"),
            ])],
        ),
        op("ET", vec![]),
    ];
    // Letters placed one by one at their advances: one word, no spaces.
    let mut x = 72.0;
    for (letter, width) in [(b"R", 0.722), (b"u", 0.556), (b"s", 0.5), (b"t", 0.278)] {
        ops.extend(text_at("F1", 12.0, x, 680.0, letter));
        x += width * 12.0;
    }
    b.page(ops);
    let text = read(&b.finish()).expect("reads");
    assert_eq!(lines(&text), ["Hello world", "Rust"]);
}

#[test]
fn fake_bold_overprinting_is_read_once_and_marked_bold() {
    let mut b = Builder::new();
    let mut ops = Vec::new();
    for dx in [0.0, 0.3, 0.6] {
        ops.extend(text_at("F1", 14.0, 72.0 + dx, 700.0, b"PROJECTS"));
    }
    ops.extend(text_at("F1", 10.0, 72.0, 680.0, b"Billing engine"));
    b.page(ops);
    let text = read(&b.finish()).expect("reads");
    assert_eq!(lines(&text), ["PROJECTS", "Billing engine"]);
    let heading = text.lines().next().expect("heading");
    assert!(heading.bold);
    assert!(!text.lines().nth(1).expect("body").bold);
}

#[test]
fn hyphenation_at_line_ends_is_kept_as_printed() {
    let mut b = Builder::new();
    let mut ops = text_at("F1", 10.0, 72.0, 700.0, b"Designed and imple-");
    ops.extend(text_at("F1", 10.0, 72.0, 688.0, b"mented the service"));
    b.page(ops);
    let text = read(&b.finish()).expect("reads");
    assert_eq!(lines(&text), ["Designed and imple-", "mented the service"]);
}

// ---------------------------------------------------------------------------
// Fonts

#[test]
fn differences_encoding_maps_ligature_and_accented_glyph_names() {
    let mut b = Builder::new();
    b.font(
        "F3",
        dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Times-Italic",
            "Encoding" => dictionary! {
                "Type" => "Encoding",
                "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => vec![1.into(), "fi".into(), "fl".into(), 200.into(), "eacute".into()],
            },
        },
    );
    b.page(text_at(
        "F3",
        11.0,
        72.0,
        700.0,
        b"\x01nance \x02ow, r\xc8sum\xc8",
    ));
    let text = read(&b.finish()).expect("reads");
    assert_eq!(lines(&text), ["finance flow, résumé"]);
    assert!(text.lines().next().expect("line").italic);
}

#[test]
fn identity_h_font_with_to_unicode_decodes_two_byte_codes() {
    let mut b = Builder::new();
    let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        2 beginbfchar <0003> <0020> <0010> <FB01> endbfchar\n\
        1 beginbfrange <0020> <0039> <0041> endbfrange\n\
        endcmap CMapName currentdict /CMap defineresource pop end end";
    let to_unicode = b
        .doc
        .add_object(Stream::new(Dictionary::new(), cmap.to_vec()));
    let descendant = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+Roboto-Bold",
        "CIDSystemInfo" => dictionary! { "Registry" => literal(b"Adobe"), "Ordering" => literal(b"Identity"), "Supplement" => 0 },
        "DW" => 600,
        "W" => vec![3.into(), vec![Object::from(250)].into()],
    });
    b.font(
        "F4",
        dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+Roboto-Bold",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Reference(descendant)],
            "ToUnicode" => to_unicode,
        },
    );
    // "BUILD fiXED": codes 0x21 0x34 0x28 0x2b 0x23 (B U I L D), space, fi, X E D.
    let codes: Vec<u8> = [
        0x21u16, 0x34, 0x28, 0x2b, 0x23, 0x03, 0x10, 0x37, 0x24, 0x23,
    ]
    .iter()
    .flat_map(|c| c.to_be_bytes())
    .collect();
    b.page(vec![
        op("BT", vec![]),
        op("Tf", vec![Object::Name(b"F4".to_vec()), 12.into()]),
        op("Td", vec![72.into(), 700.into()]),
        op("Tj", vec![Object::String(codes, StringFormat::Hexadecimal)]),
        op("ET", vec![]),
    ]);
    let text = read(&b.finish()).expect("reads");
    assert_eq!(lines(&text), ["BUILD fiXED"]);
    assert!(text.lines().next().expect("line").bold);
}

#[test]
fn text_inside_form_xobjects_is_read_with_the_form_matrix() {
    let mut b = Builder::new();
    let form_content = Content {
        operations: text_at("F1", 10.0, 0.0, 0.0, b"Inside a form"),
    }
    .encode()
    .expect("encodes");
    let form = b.doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 200.into(), 50.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 100.into(), 500.into()],
        },
        form_content,
    ));
    b.xobjects.set("Fm1", form);
    let mut ops = text_at("F1", 10.0, 100.0, 520.0, b"Above the form");
    ops.push(op("Do", vec![Object::Name(b"Fm1".to_vec())]));
    b.page(ops);
    let text = read(&b.finish()).expect("reads");
    assert_eq!(lines(&text), ["Above the form", "Inside a form"]);
    let inside = text.lines().nth(1).expect("form line");
    assert!((inside.x - 100.0).abs() < 0.01 && (inside.y - 292.0).abs() < 0.01);
}

// ---------------------------------------------------------------------------
// Errors

#[test]
fn image_only_pdf_is_reported_as_scanned() {
    let mut b = Builder::new();
    let image = b.doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0, 255, 255, 0],
    ));
    b.xobjects.set("Im1", image);
    for _ in 0..2 {
        b.page(vec![
            op("q", vec![]),
            op(
                "cm",
                vec![
                    500.into(),
                    0.into(),
                    0.into(),
                    700.into(),
                    50.into(),
                    50.into(),
                ],
            ),
            op("Do", vec![Object::Name(b"Im1".to_vec())]),
            op("Q", vec![]),
        ]);
    }
    let err = read(&b.finish()).expect_err("no text");
    assert_eq!(err, PdfReadError::NoText { pages: 2 });
    assert!(err.to_string().contains("scanned"));
}

fn encrypted(user_password: &str) -> Vec<u8> {
    let mut b = Builder::new();
    b.page(text_at(
        "F1",
        12.0,
        72.0,
        700.0,
        b"Confidential resume text",
    ));
    let mut doc = b.finish_document();
    doc.trailer.set(
        "ID",
        vec![
            Object::String(b"0123456789abcdef".to_vec(), StringFormat::Literal),
            Object::String(b"0123456789abcdef".to_vec(), StringFormat::Literal),
        ],
    );
    let version = EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner-secret",
        user_password,
        key_length: 128,
        permissions: Permissions::all(),
    };
    let state = EncryptionState::try_from(version).expect("encryption state");
    doc.encrypt(&state).expect("encrypts");
    save(doc)
}

#[test]
fn password_protected_pdf_is_reported_as_encrypted() {
    let bytes = encrypted("user-secret");
    // The text must not be readable in the file as stored.
    assert!(!bytes.windows(12).any(|w| w == b"Confidential"));
    let err = read(&bytes).expect_err("needs a password");
    assert_eq!(err, PdfReadError::Encrypted);
    assert!(err.to_string().contains("password"));
}

#[test]
fn encrypted_pdf_with_empty_user_password_is_read() {
    let text = read(&encrypted("")).expect("opens without a password");
    assert_eq!(lines(&text), ["Confidential resume text"]);
}

#[test]
fn too_many_pages_are_refused_before_reading() {
    let mut b = Builder::new();
    for i in 0..3u8 {
        b.page(text_at(
            "F1",
            12.0,
            72.0,
            700.0,
            format!("Page {i}").as_bytes(),
        ));
    }
    let limits = ReadLimits {
        max_pages: 2,
        ..ReadLimits::default()
    };
    let bytes = b.finish();
    assert_eq!(
        read_text(&bytes, &limits),
        Err(PdfReadError::TooManyPages { pages: 3, limit: 2 })
    );
    let text = read(&bytes).expect("three pages are fine by default");
    assert_eq!(text.page_count(), 3);
    assert_eq!(text.plain_text(), "Page 0\n\nPage 1\n\nPage 2");
}

#[test]
fn files_over_the_byte_limit_are_refused() {
    let bytes = two_column_resume();
    let limits = ReadLimits {
        max_bytes: bytes.len() - 1,
        ..ReadLimits::default()
    };
    assert_eq!(
        read_text(&bytes, &limits),
        Err(PdfReadError::TooLarge {
            bytes: bytes.len(),
            limit: bytes.len() - 1
        })
    );
}

#[test]
fn non_pdf_files_are_refused_as_not_pdf() {
    for bytes in [
        b"PK\x03\x04\x14\x00\x06\x00 docx-like zip".as_slice(),
        b"{\"basics\": {\"name\": \"Jane\"}}",
        b"",
        b"%PD",
    ] {
        assert_eq!(read(bytes), Err(PdfReadError::NotPdf));
    }
}

/// A small deterministic generator, so the hostile inputs are the same on
/// every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).expect("fits")).expect("fits")
    }
}

#[test]
fn random_bytes_behind_a_pdf_header_are_damaged() {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for len in [0usize, 10, 1_000, 50_000] {
        let mut bytes = b"%PDF-1.7\n".to_vec();
        bytes.extend((0..len).map(|_| rng.next().to_le_bytes()[0]));
        match read(&bytes) {
            Err(PdfReadError::Damaged(_)) => {}
            other => panic!("{len} random bytes gave {other:?}"),
        }
    }
}

#[test]
fn truncated_pdf_is_damaged_or_keeps_what_survives() {
    let whole = two_column_resume();
    for cut in [whole.len() / 10, whole.len() / 2, whole.len() - 40] {
        match read(whole.get(..cut).expect("in range")) {
            Err(PdfReadError::Damaged(_) | PdfReadError::NoText { .. }) => {}
            // lopdf rebuilds a cross-reference table it cannot find by
            // scanning for objects; a file cut after its content survives.
            Ok(text) => assert!(
                text.plain_text().starts_with("Jane Q. Applicant"),
                "cut at {cut}"
            ),
            Err(other) => panic!("cut at {cut}: {other:?}"),
        }
    }
}

#[test]
fn mutated_pdfs_never_panic_or_hang() {
    let original = two_column_resume();
    let mut rng = XorShift(42);
    for _ in 0..300 {
        let mut bytes = original.clone();
        for _ in 0..=rng.below(8) {
            let at = rng.below(bytes.len());
            match rng.below(3) {
                0 => bytes[at] = rng.next().to_le_bytes()[0],
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, b"()[]<>/0 R"[rng.below(10)]),
            }
        }
        // Any outcome is fine except a panic escaping (the test would fail)
        // or an error message that is not a sentence.
        if let Err(error) = read(&bytes) {
            assert!(error.to_string().ends_with('.'));
        }
    }
}

#[test]
fn hostile_structures_are_bounded() {
    // A form XObject that draws itself, and a deep q-nesting.
    let mut b = Builder::new();
    let form_id = b.doc.new_object_id();
    let form_content = Content {
        operations: vec![
            op("Do", vec![Object::Name(b"Loop".to_vec())]),
            op("BT", vec![]),
            op("Tf", vec![Object::Name(b"F1".to_vec()), 10.into()]),
            op("Td", vec![72.into(), 400.into()]),
            op("Tj", vec![literal(b"looped text")]),
            op("ET", vec![]),
        ],
    }
    .encode()
    .expect("encodes");
    let fonts = b.fonts.clone();
    b.doc.objects.insert(
        form_id,
        Object::Stream(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
                "Resources" => dictionary! { "XObject" => dictionary! { "Loop" => form_id }, "Font" => fonts },
            },
            form_content,
        )),
    );
    b.xobjects.set("Loop", form_id);
    let mut ops: Vec<Operation> = (0..10_000).map(|_| op("q", vec![])).collect();
    ops.push(op("Do", vec![Object::Name(b"Loop".to_vec())]));
    ops.extend((0..10_000).map(|_| op("Q", vec![])));
    b.page(ops);
    let text = read(&b.finish()).expect("reads");
    assert_eq!(lines(&text), ["looped text"]);
}

#[test]
fn font_missing_from_resources_still_yields_text() {
    let mut b = Builder::new();
    b.page(text_at(
        "Nope",
        12.0,
        72.0,
        700.0,
        b"Text in an unknown font",
    ));
    let text = read(&b.finish()).expect("reads");
    assert_eq!(lines(&text), ["Text in an unknown font"]);
}

#[test]
fn errors_are_distinct_per_cause() {
    // One map from cause to the error each produces, as the import screen
    // would show them.
    let mut seen = BTreeMap::new();
    seen.insert("not pdf", read(b"hello").err());
    seen.insert("encrypted", read(&encrypted("pw")).err());
    seen.insert("damaged", read(b"%PDF-1.4\n%%EOF").err());
    let messages: Vec<String> = seen.values().flatten().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 3);
    let unique: std::collections::BTreeSet<&String> = messages.iter().collect();
    assert_eq!(unique.len(), 3);
}

#[test]
fn page_tree_that_contains_itself_is_damaged_not_a_hang() {
    let mut b = Builder::new();
    b.page(text_at("F1", 12.0, 72.0, 700.0, b"Only page"));
    let mut doc = b.finish_document();
    let pages_id = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .expect("pages reference");
    if let Ok(Object::Dictionary(pages)) = doc.get_object_mut(pages_id) {
        let kids = pages.get_mut(b"Kids").expect("kids");
        if let Object::Array(items) = kids {
            items.push(Object::Reference(pages_id));
        }
    }
    // Whatever lopdf makes of the loop, the reader answers.
    match read(&save(doc)) {
        Ok(text) => assert!(text.plain_text().contains("Only page")),
        Err(error) => assert!(matches!(error, PdfReadError::Damaged(_)), "{error:?}"),
    }
}

#[test]
fn cid_font_without_to_unicode_is_undecodable() {
    let mut b = Builder::new();
    let descendant = b.doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "ABCDEF+Mystery",
        "CIDSystemInfo" => dictionary! { "Registry" => literal(b"Adobe"), "Ordering" => literal(b"Identity"), "Supplement" => 0 },
    });
    b.font(
        "F5",
        dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+Mystery",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Reference(descendant)],
        },
    );
    let codes: Vec<u8> = (0x10u8..0x30).flat_map(|c| [0, c]).collect();
    b.page(vec![
        op("BT", vec![]),
        op("Tf", vec![Object::Name(b"F5".to_vec()), 12.into()]),
        op("Td", vec![72.into(), 700.into()]),
        op("Tj", vec![Object::String(codes, StringFormat::Hexadecimal)]),
        op("ET", vec![]),
    ]);
    assert_eq!(read(&b.finish()), Err(PdfReadError::Undecodable));
}

#[test]
fn invisible_ocr_text_layer_is_read() {
    // Scanners with OCR draw the recognised text invisibly (render mode 3)
    // over the page image; that text layer is what we want.
    let mut b = Builder::new();
    let mut ops = vec![op("Tr", vec![3.into()])];
    ops.extend(text_at("F1", 11.0, 72.0, 700.0, b"Recognised resume text"));
    b.page(ops);
    let text = read(&b.finish()).expect("reads");
    assert_eq!(lines(&text), ["Recognised resume text"]);
}

#[test]
fn dense_hostile_page_reads_in_bounded_time() {
    // 6,000 short lines packed into two columns, baselines on two different
    // grids: the worst case for grouping bands and finding gutters.
    let mut b = Builder::new();
    let mut ops = Vec::new();
    for i in 0..3_000u16 {
        let y = 780.0 - f32::from(i) * 0.25;
        ops.extend(text_at("F1", 6.0, 40.0, y, b"left column words"));
        ops.extend(text_at("F1", 6.0, 400.0, y - 0.1, b"right"));
    }
    b.page(ops);
    let bytes = b.finish();
    let started = std::time::Instant::now();
    let text = read(&bytes).expect("reads");
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs() < 10, "took {elapsed:?}");
    assert!(text.plain_text().contains("left column words"));
}
