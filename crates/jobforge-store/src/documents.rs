//! Documents of an application, each with its full version history.

use jobforge_types::{
    ApplicationId, Document, DocumentId, DocumentKind, DocumentVersion, DocumentVersionId,
    TruthFinding, VersionOrigin, validate_document_content,
};
use rusqlite::{OptionalExtension, params};

use crate::Store;
use crate::applications::set_phase_flag;
use crate::clock::{format_instant, now, parse_instant};
use crate::error::{Result, StoreError};
use crate::rows::{new_uuid, parse_stored};

impl Store {
    /// Saves `content` as the newest version of the application's document of
    /// this kind, creating the document if needed. Earlier versions are kept.
    /// A generated version marks the phase that produced it as done.
    pub fn save_document(
        &mut self,
        application: &ApplicationId,
        kind: DocumentKind,
        content: &str,
        origin: VersionOrigin,
    ) -> Result<Document> {
        self.save_document_checked(application, kind, content, origin, &[])
    }

    /// Like [`Store::save_document`], storing the truth gate's findings for
    /// the new version in the same transaction. A finding the user accepted
    /// on the previous version, unchanged, stays accepted.
    pub fn save_document_checked(
        &mut self,
        application: &ApplicationId,
        kind: DocumentKind,
        content: &str,
        origin: VersionOrigin,
        findings: &[TruthFinding],
    ) -> Result<Document> {
        validate_document_content(content)?;
        self.application(application)?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        write_version(&tx, application, kind, content, origin, findings)?;
        tx.commit()?;
        self.document(application, kind)?
            .ok_or_else(|| StoreError::BadStoredValue("document vanished after saving".into()))
    }

    /// The application's document of this kind with its newest version.
    pub fn document(
        &self,
        application: &ApplicationId,
        kind: DocumentKind,
    ) -> Result<Option<Document>> {
        let row: Option<(String, i64)> = self
            .conn
            .query_row(
                "SELECT id, current_version FROM documents
                 WHERE application_id = ?1 AND kind = ?2 AND deleted_at IS NULL",
                params![application.to_string(), kind.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((id, current_version)) = row else {
            return Ok(None);
        };
        let current = self.version_by_number(&id, current_version)?;
        Ok(Some(Document {
            id: parse_stored(&id, "document id")?,
            application_id: *application,
            kind,
            current,
            version_count: u32::try_from(current_version).unwrap_or(u32::MAX),
        }))
    }

    /// Every document the application has, in pipeline order.
    pub fn documents(&self, application: &ApplicationId) -> Result<Vec<Document>> {
        let mut documents = Vec::new();
        for kind in DocumentKind::ALL {
            if let Some(document) = self.document(application, *kind)? {
                documents.push(document);
            }
        }
        Ok(documents)
    }

    /// All versions of a document, newest first.
    pub fn document_versions(
        &self,
        application: &ApplicationId,
        kind: DocumentKind,
    ) -> Result<Vec<DocumentVersion>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.id, v.number, v.content, v.origin, v.created_at
             FROM document_versions v JOIN documents d ON d.id = v.document_id
             WHERE d.application_id = ?1 AND d.kind = ?2 AND d.deleted_at IS NULL
             ORDER BY v.number DESC",
        )?;
        let rows = stmt.query_map(params![application.to_string(), kind.as_str()], version_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(parse_version))
            .collect()
    }

    /// Brings back an older version by saving a copy of it as the newest.
    pub fn restore_document_version(
        &mut self,
        application: &ApplicationId,
        kind: DocumentKind,
        number: u32,
    ) -> Result<Document> {
        let document = self
            .document(application, kind)?
            .ok_or_else(|| StoreError::NotFound {
                entity: "document",
                reference: format!("{} of application {application}", kind.label()),
            })?;
        let old = self.version_by_number(&document.id.to_string(), i64::from(number))?;
        self.save_document(application, kind, &old.content, VersionOrigin::Restored)
    }

    fn version_by_number(&self, document_id: &str, number: i64) -> Result<DocumentVersion> {
        let raw = self
            .conn
            .query_row(
                "SELECT id, number, content, origin, created_at FROM document_versions
                 WHERE document_id = ?1 AND number = ?2",
                params![document_id, number],
                version_row,
            )
            .optional()?;
        parse_version(raw.ok_or_else(|| StoreError::NotFound {
            entity: "document version",
            reference: number.to_string(),
        })?)
    }
}

/// Writes a new version (and its findings) inside the caller's transaction;
/// returns the version's ID.
pub(crate) fn write_version(
    tx: &rusqlite::Transaction<'_>,
    application: &ApplicationId,
    kind: DocumentKind,
    content: &str,
    origin: VersionOrigin,
    findings: &[TruthFinding],
) -> Result<DocumentVersionId> {
    let at = format_instant(now());
    let existing: Option<(String, i64)> = tx
        .query_row(
            "SELECT id, current_version FROM documents
             WHERE application_id = ?1 AND kind = ?2 AND deleted_at IS NULL",
            params![application.to_string(), kind.as_str()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let (document_id, number, previous_version) = match existing {
        Some((id, current)) => {
            let previous: Option<String> = tx
                .query_row(
                    "SELECT id FROM document_versions WHERE document_id = ?1 AND number = ?2",
                    params![id, current],
                    |row| row.get(0),
                )
                .optional()?;
            tx.execute(
                "UPDATE documents SET content = ?2, current_version = ?3, updated_at = ?4,
                     version = version + 1
                 WHERE id = ?1",
                params![id, content, current + 1, at],
            )?;
            (id, current + 1, previous)
        }
        None => {
            let id = DocumentId::from_uuid(new_uuid()).to_string();
            tx.execute(
                "INSERT INTO documents (id, application_id, kind, content, current_version,
                     created_at, updated_at, version)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5, 1)",
                params![id, application.to_string(), kind.as_str(), content, at],
            )?;
            (id, 1, None)
        }
    };
    let version_id = DocumentVersionId::from_uuid(new_uuid());
    tx.execute(
        "INSERT INTO document_versions (id, document_id, number, content, origin, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            version_id.to_string(),
            document_id,
            number,
            content,
            origin.as_str(),
            at
        ],
    )?;
    crate::flags::insert_flags(tx, &version_id, previous_version.as_deref(), findings, &at)?;
    if origin == VersionOrigin::Generated {
        set_phase_flag(tx, application, kind.phase(), true)?;
    }
    Ok(version_id)
}

type RawVersion = (String, i64, String, String, String);

fn version_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawVersion> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
    ))
}

fn parse_version((id, number, content, origin, created): RawVersion) -> Result<DocumentVersion> {
    Ok(DocumentVersion {
        id: parse_stored(&id, "version id")?,
        number: u32::try_from(number)
            .map_err(|_| StoreError::BadStoredValue(format!("version number {number}")))?,
        content,
        origin: parse_stored(&origin, "version origin")?,
        created_at: parse_instant(&created)?,
    })
}
