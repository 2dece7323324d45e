//! Everything that can go wrong, each said as what is wrong and what the user
//! can do about it: these messages reach the import and export screens as
//! they are.

/// Why a DOCX could not be read, written or patched. Nothing is half-done
/// when one of these is returned: no output exists.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocxError {
    #[error(
        "the file is {}, more than the {} a resume DOCX can be; remove large images or save a smaller copy",
        megabytes(*size),
        megabytes(*max)
    )]
    FileTooLarge { size: u64, max: u64 },

    #[error(
        "this is an old Word .doc file (Word 97–2003), not a .docx; open it in Word or LibreOffice and save it as .docx"
    )]
    LegacyDoc,

    #[error(
        "this DOCX is password-protected, so its text cannot be read; open it in Word, remove the password (File › Info › Protect Document) and save a copy"
    )]
    PasswordProtected,

    #[error("this is not a DOCX file ({found}); save the document as .docx and try again")]
    NotDocx { found: &'static str },

    #[error(
        "the DOCX file is damaged or incomplete ({reason}); open it in Word or LibreOffice, save it again and retry"
    )]
    CorruptZip { reason: String },

    #[error(
        "the DOCX holds {count} files, more than the {max} a document has; it is not a normal Word document"
    )]
    TooManyEntries { count: usize, max: usize },

    #[error(
        "the part {part} would unpack to more than {}; the file is damaged or built to exhaust memory (a \"ZIP bomb\") and was not opened",
        megabytes(*max)
    )]
    PartTooLarge { part: String, max: u64 },

    #[error(
        "the DOCX would unpack to more than {} in all; the file is damaged or built to exhaust memory (a \"ZIP bomb\") and was not opened",
        megabytes(*max)
    )]
    TotalTooLarge { max: u64 },

    #[error(
        "the part {part} unpacks to more than {max}× its packed size; the file is built to exhaust memory (a \"ZIP bomb\") and was not opened"
    )]
    CompressionRatio { part: String, max: u32 },

    #[error(
        "the part {part} unpacks to more than the size it declares; the file is damaged or built to exhaust memory (a \"ZIP bomb\") and was not opened"
    )]
    SizeMismatch { part: String },

    #[error(
        "the part {part} is encrypted inside the ZIP, which Word never does; the file was not made by Word — save it again from Word or LibreOffice"
    )]
    EncryptedPart { part: String },

    #[error(
        "the DOCX has no main document (word/document.xml); it may be another Office file renamed to .docx — open it and save it as a Word document"
    )]
    MissingDocument,

    #[error(
        "the part {part} is not well-formed XML (near byte {position}: {reason}); open the file in Word or LibreOffice, save it again and retry"
    )]
    MalformedXml {
        part: String,
        position: u64,
        reason: String,
    },

    #[error(
        "the part {part} is not in UTF-8, which this operation needs; open the file in Word, save it again and retry"
    )]
    UnsupportedEncoding { part: String },

    #[error(
        "no paragraph {index} in the document (it has paragraphs 0 to {last}); read the document again before editing it"
    )]
    ParagraphNotFound { index: usize, last: usize },

    #[error(
        "paragraph {index} reads {found:?}, not the expected {expected:?}; the document changed since it was read, so nothing was written"
    )]
    TextMismatch {
        index: usize,
        expected: String,
        found: String,
    },

    #[error("the edits cannot be applied: {reason}; nothing was written")]
    InvalidEdit { reason: String },

    #[error(
        "the DOCX could not be written ({reason}); this is a bug in Job Forge, please report it"
    )]
    Write { reason: String },
}

impl DocxError {
    /// The ZIP container could not be read.
    pub(crate) fn corrupt(error: zip::result::ZipError) -> Self {
        Self::CorruptZip {
            reason: error.to_string(),
        }
    }

    /// A new package could not be written.
    pub(crate) fn write_failed(error: impl std::fmt::Display) -> Self {
        Self::Write {
            reason: error.to_string(),
        }
    }
}

/// "20.0 MB", "512 bytes": sizes as people read them.
fn megabytes(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{bytes} bytes")
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_messages_read_as_megabytes() {
        let e = DocxError::FileTooLarge {
            size: 31 * 1024 * 1024,
            max: 20 * 1024 * 1024,
        };
        assert!(
            e.to_string()
                .starts_with("the file is 31.0 MB, more than the 20.0 MB")
        );
    }
}
