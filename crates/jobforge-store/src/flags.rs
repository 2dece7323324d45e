//! Truth-gate flags on document versions.

use jobforge_types::{
    ApplicationId, DocumentKind, DocumentVersionId, FactKind, TruthFinding, TruthFlag, TruthFlagId,
};
use rusqlite::{OptionalExtension, params};

use crate::Store;
use crate::clock::{format_instant, now, parse_instant};
use crate::error::{Result, StoreError};
use crate::rows::{new_uuid, parse_stored};

/// Stores findings for a new version. A finding the user accepted on the
/// previous version (same kind, claim and sentence) is carried over accepted.
pub(crate) fn insert_flags(
    tx: &rusqlite::Transaction<'_>,
    version: &DocumentVersionId,
    previous_version: Option<&str>,
    findings: &[TruthFinding],
    at: &str,
) -> Result<()> {
    for finding in findings {
        let accepted_at: Option<String> = match previous_version {
            Some(previous) => tx
                .query_row(
                    "SELECT accepted_at FROM truth_flags
                     WHERE document_version_id = ?1 AND kind = ?2 AND claim = ?3 AND sentence = ?4
                       AND accepted_at IS NOT NULL",
                    params![
                        previous,
                        finding.kind.as_str(),
                        finding.claim,
                        finding.sentence
                    ],
                    |row| row.get(0),
                )
                .optional()?,
            None => None,
        };
        tx.execute(
            "INSERT INTO truth_flags (id, document_version_id, kind, claim, sentence, reason,
                 accepted_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                TruthFlagId::from_uuid(new_uuid()).to_string(),
                version.to_string(),
                finding.kind.as_str(),
                finding.claim,
                finding.sentence,
                finding.reason,
                accepted_at,
                at
            ],
        )?;
    }
    Ok(())
}

impl Store {
    /// The flags on one document version, in document order.
    pub fn truth_flags(&self, version: &DocumentVersionId) -> Result<Vec<TruthFlag>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, document_version_id, kind, claim, sentence, reason, accepted_at
             FROM truth_flags WHERE document_version_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![version.to_string()], flag_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(parse_flag))
            .collect()
    }

    /// The flags on the current version of an application's document.
    pub fn current_truth_flags(
        &self,
        application: &ApplicationId,
        kind: DocumentKind,
    ) -> Result<Vec<TruthFlag>> {
        match self.document(application, kind)? {
            Some(document) => self.truth_flags(&document.current.id),
            None => Ok(Vec::new()),
        }
    }

    /// Marks a flag as looked at and true. Returns the updated flag.
    pub fn accept_truth_flag(&mut self, flag: &TruthFlagId) -> Result<TruthFlag> {
        let changed = self.conn.execute(
            "UPDATE truth_flags SET accepted_at = ?2, version = version + 1
             WHERE id = ?1 AND accepted_at IS NULL",
            params![flag.to_string(), format_instant(now())],
        )?;
        let raw = self
            .conn
            .query_row(
                "SELECT id, document_version_id, kind, claim, sentence, reason, accepted_at
                 FROM truth_flags WHERE id = ?1",
                params![flag.to_string()],
                flag_row,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound {
                entity: "flag",
                reference: flag.to_string(),
            })?;
        let _ = changed;
        parse_flag(raw)
    }

    /// Accepts every open flag on the current version of a document; returns
    /// how many were accepted.
    pub fn accept_all_truth_flags(
        &mut self,
        application: &ApplicationId,
        kind: DocumentKind,
    ) -> Result<usize> {
        let Some(document) = self.document(application, kind)? else {
            return Ok(0);
        };
        Ok(self.conn.execute(
            "UPDATE truth_flags SET accepted_at = ?2, version = version + 1
             WHERE document_version_id = ?1 AND accepted_at IS NULL",
            params![document.current.id.to_string(), format_instant(now())],
        )?)
    }
}

type RawFlag = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
);

fn flag_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawFlag> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
    ))
}

fn parse_flag(
    (id, version, kind, claim, sentence, reason, accepted): RawFlag,
) -> Result<TruthFlag> {
    let kind: FactKind = parse_stored(&kind, "fact kind")?;
    Ok(TruthFlag {
        id: parse_stored(&id, "flag id")?,
        version_id: parse_stored(&version, "version id")?,
        finding: TruthFinding {
            kind,
            claim,
            sentence,
            reason,
        },
        accepted_at: accepted.as_deref().map(parse_instant).transpose()?,
    })
}
