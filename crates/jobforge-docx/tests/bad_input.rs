//! Files that are not DOCX, damaged, or built to hurt: each is refused with
//! its own error, none panics, and none is read half-way.

mod common;

use common::{DocxBuilder, fixture, para, zip_of};
use jobforge_docx::{DocxError, Edit, ReadLimits, patch, read_paragraphs};

fn read_err(bytes: &[u8], limits: &ReadLimits) -> DocxError {
    match read_paragraphs(bytes, limits) {
        Ok(text) => panic!(
            "expected an error, read {} paragraphs",
            text.paragraphs.len()
        ),
        Err(e) => e,
    }
}

fn document_xml(body: &str) -> String {
    format!(
        "<w:document {}><w:body>{body}</w:body></w:document>",
        common::NAMESPACES
    )
}

/// Rewrites the uncompressed size that `name`'s local and central headers
/// declare: what a ZIP bomb does to slip past a declared-size check.
fn lie_about_size(zip: &mut [u8], name: &str, declared: u32) {
    let name = name.as_bytes();
    let le16 = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as usize;
    let mut patched = 0;
    for at in 0..zip.len().saturating_sub(46) {
        let (size_at, name_len_at, name_at) = match &zip[at..at + 4] {
            [0x50, 0x4B, 0x03, 0x04] => (at + 22, at + 26, at + 30),
            [0x50, 0x4B, 0x01, 0x02] => (at + 24, at + 28, at + 46),
            _ => continue,
        };
        let len = le16(zip, name_len_at);
        if zip.get(name_at..name_at + len) == Some(name) {
            zip[size_at..size_at + 4].copy_from_slice(&declared.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "local and central header both patched");
}

#[test]
fn a_part_that_inflates_past_its_declared_size_is_refused_as_a_bomb() {
    // 8 MiB of XML packs to a few KB and claims to be 1 KB.
    let big = document_xml(&" ".repeat(8 * 1024 * 1024));
    let mut bytes = zip_of(&[
        ("[Content_Types].xml", common::CONTENT_TYPES.as_bytes()),
        ("word/document.xml", big.as_bytes()),
    ]);
    lie_about_size(&mut bytes, "word/document.xml", 1024);
    let limits = ReadLimits {
        // Make the ratio limit permissive, so the lie itself is what trips.
        max_ratio: u32::MAX,
        ..ReadLimits::default()
    };
    let err = read_err(&bytes, &limits);
    assert_eq!(
        err,
        DocxError::SizeMismatch {
            part: "word/document.xml".to_owned()
        }
    );
    assert!(err.to_string().contains("ZIP bomb"));
    let err = patch(&bytes, &[], &limits).err();
    assert!(
        matches!(err, Some(DocxError::SizeMismatch { .. })),
        "{err:?}"
    );
}

#[test]
fn a_part_declaring_more_than_the_part_limit_is_refused_before_inflating() {
    let big = document_xml(&" ".repeat(3 * 1024 * 1024));
    let bytes = zip_of(&[("word/document.xml", big.as_bytes())]);
    let limits = ReadLimits {
        max_part_bytes: 1024 * 1024,
        max_ratio: u32::MAX,
        ..ReadLimits::default()
    };
    assert_eq!(
        read_err(&bytes, &limits),
        DocxError::PartTooLarge {
            part: "word/document.xml".to_owned(),
            max: 1024 * 1024
        }
    );
}

#[test]
fn a_huge_compression_ratio_is_refused() {
    let big = document_xml(&" ".repeat(4 * 1024 * 1024));
    let bytes = zip_of(&[("word/document.xml", big.as_bytes())]);
    assert!(matches!(
        read_err(&bytes, &ReadLimits::default()),
        DocxError::CompressionRatio { max: 200, .. }
    ));
}

#[test]
fn parts_adding_up_past_the_total_limit_are_refused() {
    let chunk = vec![b'x'; 600 * 1024];
    let bytes = zip_of(&[
        ("word/document.xml", document_xml("").as_bytes()),
        ("word/media/a.bin", &chunk),
        ("word/media/b.bin", &chunk),
    ]);
    let limits = ReadLimits {
        max_total_uncompressed: 1024 * 1024,
        ..ReadLimits::default()
    };
    assert_eq!(
        read_err(&bytes, &limits),
        DocxError::TotalTooLarge { max: 1024 * 1024 }
    );
}

#[test]
fn five_thousand_entries_are_refused() {
    let names: Vec<String> = (0..5_000).map(|i| format!("word/media/{i}.bin")).collect();
    let mut entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let doc = document_xml("");
    entries.push(("word/document.xml", doc.as_bytes()));
    let err = read_err(&zip_of(&entries), &ReadLimits::default());
    assert_eq!(
        err,
        DocxError::TooManyEntries {
            count: 5_001,
            max: 2_000
        }
    );
}

/// An OLE compound file: the magic, then padding, then a directory entry
/// name in UTF-16LE somewhere after the header.
fn ole_with(stream_name: &str) -> Vec<u8> {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    bytes.extend(stream_name.encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(2048, 0);
    bytes
}

#[test]
fn a_legacy_doc_is_told_to_be_saved_as_docx() {
    let err = read_err(&ole_with("WordDocument"), &ReadLimits::default());
    assert_eq!(err, DocxError::LegacyDoc);
    assert!(err.to_string().contains("save it as .docx"));
    // The header alone is enough to know.
    assert_eq!(
        read_err(&[0xD0, 0xCF, 0x11, 0xE0], &ReadLimits::default()),
        DocxError::LegacyDoc
    );
}

#[test]
fn a_password_protected_docx_gets_its_own_message() {
    let err = read_err(&ole_with("EncryptedPackage"), &ReadLimits::default());
    assert_eq!(err, DocxError::PasswordProtected);
    assert!(err.to_string().contains("password"));
}

#[test]
fn a_truncated_zip_is_reported_as_damaged() {
    let sample = fixture("resume-jsonresume-sample.docx");
    let err = read_err(&sample[..sample.len() / 2], &ReadLimits::default());
    assert!(matches!(err, DocxError::CorruptZip { .. }), "{err:?}");
    assert!(err.to_string().contains("damaged or incomplete"));
}

#[test]
fn a_package_without_word_document_xml_is_refused() {
    let bytes = zip_of(&[
        ("[Content_Types].xml", common::CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", common::PACKAGE_RELS.as_bytes()),
    ]);
    assert_eq!(
        read_err(&bytes, &ReadLimits::default()),
        DocxError::MissingDocument
    );
}

#[test]
fn other_office_and_zip_formats_are_named() {
    let odt = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
    assert!(matches!(
        read_err(&odt, &ReadLimits::default()),
        DocxError::NotDocx { found } if found.contains("OpenDocument")
    ));
    let pdf = b"%PDF-1.7\n...".to_vec();
    assert_eq!(
        read_err(&pdf, &ReadLimits::default()),
        DocxError::NotDocx {
            found: "it is a PDF"
        }
    );
    assert_eq!(
        read_err(b"just some text", &ReadLimits::default()),
        DocxError::NotDocx {
            found: "it is not a ZIP package"
        }
    );
}

#[test]
fn malformed_xml_names_the_part_and_nothing_is_returned() {
    let bytes = zip_of(&[(
        "word/document.xml",
        document_xml("<w:p><w:r><w:t>open</w:r></w:p>").as_bytes(),
    )]);
    let err = read_err(&bytes, &ReadLimits::default());
    assert!(
        matches!(&err, DocxError::MalformedXml { part, .. } if part == "word/document.xml"),
        "{err:?}"
    );
    let styles_broken = DocxBuilder::new(para("", "x")).styles("<w:style>").build();
    let err = read_err(&styles_broken, &ReadLimits::default());
    assert!(
        matches!(&err, DocxError::MalformedXml { part, .. } if part == "word/styles.xml"),
        "{err:?}"
    );
    let not_utf8 = zip_of(&[("word/document.xml", b"<w:document>\xFF\xFE</w:document>")]);
    assert!(matches!(
        read_err(&not_utf8, &ReadLimits::default()),
        DocxError::MalformedXml { .. }
    ));
}

#[test]
fn a_file_over_the_size_limit_is_refused_unopened() {
    let sample = fixture("resume-jsonresume-sample.docx");
    let limits = ReadLimits {
        max_bytes: 1_000,
        ..ReadLimits::default()
    };
    assert_eq!(
        read_err(&sample, &limits),
        DocxError::FileTooLarge {
            size: sample.len() as u64,
            max: 1_000
        }
    );
    let edit = Edit::ReplaceText {
        index: 0,
        expected: "Richard Hendriks".into(),
        new_text: "R. H.".into(),
    };
    assert!(matches!(
        patch(&sample, &[edit], &limits),
        Err(DocxError::FileTooLarge { .. })
    ));
}

#[test]
fn truncated_and_corrupted_copies_of_a_real_docx_never_panic() {
    let sample = fixture("resume-jsonresume-sample.docx");
    let limits = ReadLimits::default();
    for cut in (0..sample.len()).step_by(61) {
        let _ = read_paragraphs(&sample[..cut], &limits);
    }
    for at in (0..sample.len()).step_by(37) {
        let mut damaged = sample.clone();
        damaged[at] ^= 0x5A;
        let _ = read_paragraphs(&damaged, &limits);
        let _ = patch(&damaged, &[], &limits);
    }
}
