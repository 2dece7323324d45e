//! DOCX files built in code: small, readable, and each one exactly the
//! structure or the attack a test is about.

#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

pub const NAMESPACES: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps""#;

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

pub fn fixture(name: &str) -> Vec<u8> {
    let path = jobforge_testkit::package_dir!()
        .join("../../tests/fixtures/corpus")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A ZIP of `entries`, deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in entries {
        zip.start_file(*name, options).expect("start entry");
        zip.write_all(data).expect("write entry");
    }
    zip.finish().expect("finish zip").into_inner()
}

/// The entries of a ZIP, uncompressed, in order.
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read entry");
            (f.name().expect("entry name").into_owned(), data)
        })
        .collect()
}

/// The raw (still compressed) bytes and name of every entry, in order.
pub fn raw_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index_raw(i).expect("entry");
            let name = f.name().expect("entry name").into_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("raw bytes");
            (name, data)
        })
        .collect()
}

pub fn part(bytes: &[u8], name: &str) -> String {
    let entries = unzip(bytes);
    let (_, data) = entries
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    String::from_utf8(data.clone()).expect("utf-8 part")
}

/// A DOCX whose body is `body`, with optional styles, numbering, headers
/// and footers (each `(file name, inner XML)`).
#[derive(Default)]
pub struct DocxBuilder {
    pub body: String,
    pub styles: Option<String>,
    pub numbering: Option<String>,
    pub headers: Vec<(String, String)>,
    pub footers: Vec<(String, String)>,
    pub extra: Vec<(String, Vec<u8>)>,
}

impl DocxBuilder {
    pub fn new(body: impl Into<String>) -> Self {
        Self {
            body: body.into(),
            ..Self::default()
        }
    }

    pub fn styles(mut self, inner: &str) -> Self {
        self.styles = Some(format!("<w:styles {NAMESPACES}>{inner}</w:styles>"));
        self
    }

    pub fn numbering(mut self, inner: &str) -> Self {
        self.numbering = Some(format!("<w:numbering {NAMESPACES}>{inner}</w:numbering>"));
        self
    }

    pub fn header(mut self, file: &str, inner: &str) -> Self {
        self.headers.push((
            file.to_owned(),
            format!("<w:hdr {NAMESPACES}>{inner}</w:hdr>"),
        ));
        self
    }

    pub fn footer(mut self, file: &str, inner: &str) -> Self {
        self.footers.push((
            file.to_owned(),
            format!("<w:ftr {NAMESPACES}>{inner}</w:ftr>"),
        ));
        self
    }

    pub fn build(&self) -> Vec<u8> {
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NAMESPACES}><w:body>{}</w:body></w:document>",
            self.body
        );
        let mut rels = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
        );
        let mut parts: Vec<(String, Vec<u8>)> = vec![
            (
                "[Content_Types].xml".into(),
                CONTENT_TYPES.as_bytes().to_vec(),
            ),
            ("_rels/.rels".into(), PACKAGE_RELS.as_bytes().to_vec()),
            ("word/document.xml".into(), document.into_bytes()),
        ];
        let mut id = 0;
        let mut add = |kind: &str, file: &str, xml: &str, parts: &mut Vec<(String, Vec<u8>)>| {
            id += 1;
            rels.push_str(&format!(
                "<Relationship Id=\"rId{id}\" Type=\"{REL}/{kind}\" Target=\"{file}\"/>"
            ));
            parts.push((format!("word/{file}"), xml.as_bytes().to_vec()));
        };
        if let Some(s) = &self.styles {
            add("styles", "styles.xml", s, &mut parts);
        }
        if let Some(n) = &self.numbering {
            add("numbering", "numbering.xml", n, &mut parts);
        }
        for (file, xml) in &self.headers {
            add("header", file, xml, &mut parts);
        }
        for (file, xml) in &self.footers {
            add("footer", file, xml, &mut parts);
        }
        rels.push_str("</Relationships>");
        parts.push(("word/_rels/document.xml.rels".into(), rels.into_bytes()));
        parts.extend(self.extra.iter().cloned());
        let refs: Vec<(&str, &[u8])> = parts
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        zip_of(&refs)
    }
}

pub const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

pub const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// `<w:p>` with one run of `text`, and `ppr` as its properties.
pub fn para(ppr: &str, text: &str) -> String {
    let ppr = if ppr.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{ppr}</w:pPr>")
    };
    format!("<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}
