//! The file a resume was imported from, kept beside it (encrypted like every
//! other row) so a tailored resume can be written back into the user's own
//! DOCX with its layout intact.

use jobforge_types::{NewResume, Resume, ResumeId, SourceFormat, Timestamp};
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::Store;
use crate::clock::{format_instant, now, parse_instant};
use crate::error::Result;
use crate::resumes::insert_resume;
use crate::rows::{new_uuid, parse_stored};

/// An imported file, as it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeSource {
    pub format: SourceFormat,
    pub file_name: String,
    pub content: Vec<u8>,
    /// Hex SHA-256 of `content`.
    pub sha256: String,
    pub imported_at: Timestamp,
}

impl Store {
    /// Adds an imported resume together with the file it came from, in one
    /// transaction: both are saved or neither is.
    pub fn add_imported_resume(
        &mut self,
        new: NewResume,
        format: SourceFormat,
        file_name: &str,
        content: &[u8],
    ) -> Result<Resume> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let id = insert_resume(&tx, new)?;
        tx.execute(
            "INSERT INTO resume_sources (id, resume_id, format, file_name, content, sha256, imported_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                new_uuid().to_string(),
                id.to_string(),
                format.as_str(),
                file_name,
                content,
                hex::encode(Sha256::digest(content)),
                format_instant(now()),
            ],
        )?;
        tx.commit()?;
        self.resume(&id)
    }

    /// The file `resume` was imported from, if it was imported from one.
    pub fn resume_source(&self, resume: &ResumeId) -> Result<Option<ResumeSource>> {
        let row = self
            .conn
            .query_row(
                "SELECT format, file_name, content, sha256, imported_at FROM resume_sources WHERE resume_id = ?1",
                params![resume.to_string()],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, Vec<u8>>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(format, file_name, content, sha256, imported_at)| {
            Ok(ResumeSource {
                format: parse_stored(&format, "source format")?,
                file_name,
                content,
                sha256,
                imported_at: parse_instant(&imported_at)?,
            })
        })
        .transpose()
    }
}
