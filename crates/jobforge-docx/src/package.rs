//! The OPC package around a DOCX: recognising what a file is before trusting
//! it, opening the ZIP within limits, reading parts through a bounded reader
//! and following relationships.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::reader::NsReader;
use zip::ZipArchive;

use crate::DocxError;
use crate::xml::{attr, decode_part, next_event};

/// How much a DOCX may hold before it is refused unread. The defaults are
/// far above any real resume (a two-page one is ~15 KB holding ~100 KB of
/// XML) and far below what would hurt the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    /// Size of the DOCX file itself.
    pub max_bytes: u64,
    /// Files (entries) in the ZIP.
    pub max_entries: usize,
    /// Uncompressed size of any one part.
    pub max_part_bytes: u64,
    /// Uncompressed size of all parts: declared, and of those actually read.
    pub max_total_uncompressed: u64,
    /// Uncompressed ÷ compressed size of a part. Word's XML packs about
    /// 5–20×; bombs pack thousands. Judged only for parts over 1 MiB, since
    /// a small part cannot hurt whatever its ratio.
    pub max_ratio: u32,
}

const MIB: u64 = 1024 * 1024;

/// Below this a part's compression ratio is not judged: a 10 KB run of
/// spaces legitimately packs 500×, and is harmless.
const RATIO_FLOOR: u64 = MIB;

impl Default for ReadLimits {
    fn default() -> Self {
        Self {
            max_bytes: 20 * MIB,
            max_entries: 2_000,
            max_part_bytes: 50 * MIB,
            max_total_uncompressed: 200 * MIB,
            max_ratio: 200,
        }
    }
}

/// OLE2 compound file: Office 97–2003 documents, and also the wrapper Office
/// puts around an encrypted (password-protected) OOXML package.
const OLE_MAGIC: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];

/// Refuses, with the reason a person can act on, anything that is not a ZIP.
fn sniff(bytes: &[u8]) -> Result<(), DocxError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(());
    }
    if bytes.starts_with(&OLE_MAGIC) {
        // An encrypted OOXML file is an OLE container whose directory names
        // a stream "EncryptedPackage" (MS-OFFCRYPTO); directory entry names
        // are UTF-16LE, so look for that spelling.
        let needle: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
            return Err(DocxError::PasswordProtected);
        }
        return Err(DocxError::LegacyDoc);
    }
    let trimmed = bytes.trim_ascii_start();
    let found = if bytes.is_empty() {
        "the file is empty"
    } else if bytes.starts_with(b"%PDF") {
        "it is a PDF"
    } else if bytes.starts_with(b"{\\rtf") {
        "it is an RTF document"
    } else if trimmed.starts_with(b"<") || bytes.starts_with(&[0xEF, 0xBB, 0xBF, b'<']) {
        "it is an XML or HTML file"
    } else {
        "it is not a ZIP package"
    };
    Err(DocxError::NotDocx { found })
}

/// The total entry count in the ZIP's end of central directory record
/// (ZIP64's when the classic field is saturated), or `None` when the
/// record cannot be found — the zip crate then reports the damage.
fn declared_entry_count(bytes: &[u8]) -> Option<u64> {
    const EOCD: [u8; 4] = [0x50, 0x4B, 0x05, 0x06];
    const EOCD_LEN: usize = 22;
    let last = bytes.len().checked_sub(EOCD_LEN)?;
    // The record is last, followed only by a comment of at most 64 KiB.
    let first = last.saturating_sub(usize::from(u16::MAX));
    let at = (first..=last).rev().find(|&i| bytes[i..i + 4] == EOCD)?;
    let le = |from: usize, n: usize| -> Option<u64> {
        let b = bytes.get(from..from + n)?;
        Some(
            b.iter()
                .rev()
                .fold(0u64, |acc, &x| (acc << 8) | u64::from(x)),
        )
    };
    let count = le(at + 10, 2)?;
    if count != 0xFFFF {
        return Some(count);
    }
    // ZIP64: a locator 20 bytes before points at the ZIP64 end record.
    let locator = at.checked_sub(20)?;
    if le(locator, 4)? != 0x0706_4B50 {
        return Some(count);
    }
    let record = usize::try_from(le(locator + 8, 8)?).ok()?;
    if le(record, 4)? != 0x0606_4B50 {
        return Some(count);
    }
    le(record + 32, 8)
}

/// One `<Relationship>` of a `.rels` part.
#[derive(Debug, Clone)]
pub(crate) struct Relationship {
    pub rel_type: String,
    pub target: String,
    pub external: bool,
}

impl Relationship {
    /// Relationship types differ between transitional and strict OOXML only
    /// in their prefix, so they are matched on their last segment.
    pub(crate) fn is(&self, kind: &str) -> bool {
        self.rel_type.rsplit('/').next() == Some(kind)
    }
}

/// An opened DOCX package. Every part is read through [`Package::read`],
/// which enforces the limits while inflating.
pub(crate) struct Package<'a> {
    pub archive: ZipArchive<Cursor<&'a [u8]>>,
    limits: ReadLimits,
    /// Lower-cased part name → entry index: OPC part names are
    /// case-insensitive, and some tools write `Word/Document.xml`.
    names: HashMap<String, usize>,
    /// Entry names as stored, by index.
    entry_names: Vec<String>,
    /// Uncompressed bytes read so far, against `max_total_uncompressed`.
    total_read: u64,
}

impl<'a> Package<'a> {
    pub(crate) fn open(bytes: &'a [u8], limits: &ReadLimits) -> Result<Self, DocxError> {
        let size = bytes.len() as u64;
        if size > limits.max_bytes {
            return Err(DocxError::FileTooLarge {
                size,
                max: limits.max_bytes,
            });
        }
        sniff(bytes)?;
        // The entry count the end record declares, before the zip crate
        // builds a record per entry: a 20 MB file can declare ~400,000.
        if let Some(count) = declared_entry_count(bytes)
            && count > limits.max_entries as u64
        {
            tracing::warn!(count, "DOCX refused: too many entries");
            return Err(DocxError::TooManyEntries {
                count: usize::try_from(count).unwrap_or(usize::MAX),
                max: limits.max_entries,
            });
        }
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(DocxError::corrupt)?;
        if archive.len() > limits.max_entries {
            return Err(DocxError::TooManyEntries {
                count: archive.len(),
                max: limits.max_entries,
            });
        }
        // Declared sizes first: cheap, and they refuse an honest bomb before
        // a byte is inflated. They can lie, so `read` checks again.
        let mut names = HashMap::with_capacity(archive.len());
        let mut entry_names = Vec::with_capacity(archive.len());
        let mut declared_total: u64 = 0;
        for index in 0..archive.len() {
            let entry = archive.by_index_data(index).map_err(DocxError::corrupt)?;
            let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            let size = entry.size();
            if size > limits.max_part_bytes {
                tracing::warn!(part = %name, size, "DOCX refused: part declares too much");
                return Err(DocxError::PartTooLarge {
                    part: name,
                    max: limits.max_part_bytes,
                });
            }
            declared_total = declared_total.saturating_add(size);
            if declared_total > limits.max_total_uncompressed {
                return Err(DocxError::TotalTooLarge {
                    max: limits.max_total_uncompressed,
                });
            }
            if size > RATIO_FLOOR
                && size
                    > entry
                        .compressed_size()
                        .saturating_mul(u64::from(limits.max_ratio))
            {
                return Err(DocxError::CompressionRatio {
                    part: name,
                    max: limits.max_ratio,
                });
            }
            names.entry(name.to_lowercase()).or_insert(index);
            entry_names.push(name);
        }
        Ok(Self {
            archive,
            limits: *limits,
            names,
            entry_names,
            total_read: 0,
        })
    }

    pub(crate) fn entry_names(&self) -> &[String] {
        &self.entry_names
    }

    pub(crate) fn index_of(&self, part: &str) -> Option<usize> {
        self.names.get(&part.to_lowercase()).copied()
    }

    /// The part's bytes, or `None` when the package has no such part.
    pub(crate) fn read(&mut self, part: &str) -> Result<Option<Vec<u8>>, DocxError> {
        match self.index_of(part) {
            Some(index) => self.read_index(index, part).map(Some),
            None => Ok(None),
        }
    }

    /// Inflates one entry through a bounded loop: it stops at whichever
    /// comes first of the part limit, the total limit, the entry's declared
    /// size and the ratio limit, so a lying header cannot make it allocate
    /// more than the limits allow.
    fn read_index(&mut self, index: usize, part: &str) -> Result<Vec<u8>, DocxError> {
        if self
            .archive
            .by_index_data(index)
            .map_err(DocxError::corrupt)?
            .encrypted()
        {
            return Err(DocxError::EncryptedPart {
                part: part.to_owned(),
            });
        }
        let limits = self.limits;
        let mut file = self
            .archive
            .by_index(index)
            .map_err(|e| DocxError::CorruptZip {
                reason: format!("{part}: {e}"),
            })?;
        let declared = file.size();
        let packed = file.compressed_size().max(1);
        let capacity = declared.min(limits.max_part_bytes).min(8 * MIB);
        let mut out = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            let n = match file.read(&mut chunk) {
                Ok(n) => n,
                // The zip crate enforces declared sizes itself and says so
                // in its message; anything else is damage.
                Err(e) if e.to_string().contains("declared") => {
                    tracing::warn!(part, "DOCX refused: part inflates past its declared size");
                    return Err(DocxError::SizeMismatch {
                        part: part.to_owned(),
                    });
                }
                Err(e) => {
                    return Err(DocxError::CorruptZip {
                        reason: format!("{part}: {e}"),
                    });
                }
            };
            if n == 0 {
                break;
            }
            let len = (out.len() + n) as u64;
            if len > limits.max_part_bytes {
                return Err(DocxError::PartTooLarge {
                    part: part.to_owned(),
                    max: limits.max_part_bytes,
                });
            }
            if self.total_read.saturating_add(len) > limits.max_total_uncompressed {
                return Err(DocxError::TotalTooLarge {
                    max: limits.max_total_uncompressed,
                });
            }
            if len > declared {
                return Err(DocxError::SizeMismatch {
                    part: part.to_owned(),
                });
            }
            if len > RATIO_FLOOR && len > packed.saturating_mul(u64::from(limits.max_ratio)) {
                return Err(DocxError::CompressionRatio {
                    part: part.to_owned(),
                    max: limits.max_ratio,
                });
            }
            out.extend_from_slice(&chunk[..n]);
        }
        self.total_read = self.total_read.saturating_add(out.len() as u64);
        Ok(out)
    }

    /// The relationships of `part` (from `dir/_rels/name.rels`); empty when
    /// it has none.
    pub(crate) fn relationships(&mut self, part: &str) -> Result<Vec<Relationship>, DocxError> {
        let rels_part = rels_part_name(part);
        let Some(bytes) = self.read(&rels_part)? else {
            return Ok(Vec::new());
        };
        parse_relationships(&rels_part, &bytes)
    }

    /// The main document part's name: the package's `officeDocument`
    /// relationship, else `word/document.xml`.
    pub(crate) fn main_document(&mut self) -> Result<String, DocxError> {
        let from_rels = self
            .relationships("")?
            .into_iter()
            .find(|r| r.is("officeDocument") && !r.external)
            .map(|r| resolve_target("", &r.target));
        let candidates = from_rels
            .into_iter()
            .chain(std::iter::once("word/document.xml".to_owned()));
        for name in candidates {
            if let Some(index) = self.index_of(&name) {
                return Ok(self.entry_names.get(index).cloned().unwrap_or(name));
            }
        }
        // Say what the file is when it is another package format.
        let found = if self.index_of("mimetype").is_some() {
            Some("it is an OpenDocument file; save it as .docx")
        } else if self.index_of("xl/workbook.xml").is_some() {
            Some("it is an Excel workbook")
        } else if self.index_of("ppt/presentation.xml").is_some() {
            Some("it is a PowerPoint presentation")
        } else {
            None
        };
        Err(match found {
            Some(found) => DocxError::NotDocx { found },
            None => DocxError::MissingDocument,
        })
    }
}

/// `word/document.xml` → `word/_rels/document.xml.rels`; the package itself
/// (`""`) → `_rels/.rels`.
fn rels_part_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/_rels/{name}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationship target made a part name: absolute targets start at the
/// package root, relative ones at the source part's folder; `.` and `..`
/// segments are resolved.
pub(crate) fn resolve_target(source_part: &str, target: &str) -> String {
    let base = if let Some(absolute) = target.strip_prefix('/') {
        return normalise(absolute);
    } else {
        source_part.rsplit_once('/').map_or("", |(dir, _)| dir)
    };
    if base.is_empty() {
        normalise(target)
    } else {
        normalise(&format!("{base}/{target}"))
    }
}

fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

pub(crate) fn parse_relationships(
    part: &str,
    bytes: &[u8],
) -> Result<Vec<Relationship>, DocxError> {
    let (text, _) = decode_part(part, bytes)?;
    let mut reader = NsReader::from_str(&text);
    let mut out = Vec::new();
    loop {
        let (_, event) = next_event(&mut reader, part)?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let (Some(rel_type), Some(target)) = (attr(&e, "Type"), attr(&e, "Target")) else {
                    continue;
                };
                let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                out.push(Relationship {
                    rel_type,
                    target,
                    external,
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets_resolve_against_the_source_folder() {
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert_eq!(
            resolve_target("", "/word/document.xml"),
            "word/document.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "header1.xml"),
            "word/header1.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "/word/styles.xml"),
            "word/styles.xml"
        );
        assert_eq!(rels_part_name(""), "_rels/.rels");
        assert_eq!(
            rels_part_name("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
    }

    #[test]
    fn sniffing_names_what_the_file_is() {
        assert_eq!(
            sniff(b""),
            Err(DocxError::NotDocx {
                found: "the file is empty"
            })
        );
        assert_eq!(
            sniff(b"%PDF-1.7"),
            Err(DocxError::NotDocx {
                found: "it is a PDF"
            })
        );
        assert_eq!(
            sniff(b"{\\rtf1\\ansi"),
            Err(DocxError::NotDocx {
                found: "it is an RTF document"
            })
        );
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
            Err(DocxError::LegacyDoc)
        );
        assert!(sniff(b"PK\x03\x04rest").is_ok());
    }

    #[test]
    fn the_declared_entry_count_is_read_from_the_end_record() {
        let mut zip = b"PK\x03\x04 entries... ".to_vec();
        zip.extend_from_slice(&[0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0x39, 0x30, 0x39, 0x30]);
        zip.extend_from_slice(&[0; 10]);
        assert_eq!(declared_entry_count(&zip), Some(12_345));
        zip.extend_from_slice(b"a trailing comment");
        assert_eq!(declared_entry_count(&zip[..zip.len() - 18]), Some(12_345));
        assert_eq!(declared_entry_count(b"PK\x03\x04 no end record"), None);
    }
}
