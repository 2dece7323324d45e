//! The resume library.

use jobforge_types::{NewResume, Resume, ResumeId, ResumeUpdate};
use rusqlite::{OptionalExtension, Row, params};

use crate::Store;
use crate::clock::{format_instant, now, parse_instant};
use crate::error::{Result, StoreError};
use crate::rows::{new_uuid, parse_stored, resolve};

const ENTITY: &str = "resume";
const COLUMNS: &str = "id, name, content, focus_area, is_primary, created_at, updated_at, version";

fn from_row(row: &Row<'_>) -> rusqlite::Result<RawResume> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
    ))
}

type RawResume = (String, String, String, String, bool, String, String, i64);

fn parse(
    (id, name, content, focus, is_primary, created, updated, version): RawResume,
) -> Result<Resume> {
    Ok(Resume {
        id: parse_stored(&id, "resume id")?,
        name,
        content,
        focus_area: parse_stored(&focus, "focus area")?,
        is_primary,
        created_at: parse_instant(&created)?,
        updated_at: parse_instant(&updated)?,
        version,
    })
}

impl Store {
    /// Adds a resume to the library. A primary resume takes over from the
    /// previous primary one; the first resume is primary anyway.
    pub fn add_resume(&mut self, new: NewResume) -> Result<Resume> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let id = insert_resume(&tx, new)?;
        tx.commit()?;
        self.resume(&id)
    }

    pub fn resume(&self, id: &ResumeId) -> Result<Resume> {
        let raw = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM resumes WHERE id = ?1 AND deleted_at IS NULL"),
                [id.to_string()],
                from_row,
            )
            .optional()?;
        parse(raw.ok_or_else(|| StoreError::NotFound {
            entity: ENTITY,
            reference: id.to_string(),
        })?)
    }

    /// Finds a resume by full ID, unique ID prefix or exact name.
    pub fn resolve_resume(&self, reference: &str) -> Result<ResumeId> {
        let id = resolve(&self.conn, "resumes", ENTITY, Some("name"), reference)?;
        Ok(parse_stored(&id, "resume id")?)
    }

    /// The library: the primary resume first, then by name.
    pub fn list_resumes(&self) -> Result<Vec<Resume>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM resumes WHERE deleted_at IS NULL
             ORDER BY is_primary DESC, name COLLATE NOCASE, seq"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(parse))
            .collect()
    }

    /// The primary resume, if the library has any.
    pub fn primary_resume(&self) -> Result<Option<Resume>> {
        let raw = self
            .conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM resumes WHERE is_primary = 1 AND deleted_at IS NULL"
                ),
                [],
                from_row,
            )
            .optional()?;
        raw.map(parse).transpose()
    }

    pub fn update_resume(&mut self, id: &ResumeId, update: ResumeUpdate) -> Result<Resume> {
        update.validate()?;
        let current = self.resume(id)?;
        self.conn.execute(
            "UPDATE resumes SET name = ?2, content = ?3, focus_area = ?4, updated_at = ?5,
                 version = version + 1
             WHERE id = ?1 AND deleted_at IS NULL",
            params![
                id.to_string(),
                update.name.map_or(current.name, |n| n.trim().to_owned()),
                update.content.unwrap_or(current.content),
                update.focus_area.unwrap_or(current.focus_area).as_str(),
                format_instant(now()),
            ],
        )?;
        self.resume(id)
    }

    /// Makes this resume the primary one (and no other).
    pub fn set_primary_resume(&mut self, id: &ResumeId) -> Result<Resume> {
        let current = self.resume(id)?;
        if current.is_primary {
            return Ok(current);
        }
        let at = format_instant(now());
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        clear_primary(&tx, &at)?;
        tx.execute(
            "UPDATE resumes SET is_primary = 1, updated_at = ?2, version = version + 1 WHERE id = ?1",
            params![id.to_string(), at],
        )?;
        tx.commit()?;
        self.resume(id)
    }

    /// Deletes a resume (kept as a tombstone for sync).
    pub fn delete_resume(&mut self, id: &ResumeId) -> Result<()> {
        self.resume(id)?;
        let at = format_instant(now());
        self.conn.execute(
            "UPDATE resumes SET deleted_at = ?2, is_primary = 0, updated_at = ?2, version = version + 1
             WHERE id = ?1 AND deleted_at IS NULL",
            params![id.to_string(), at],
        )?;
        Ok(())
    }
}

fn clear_primary(tx: &rusqlite::Transaction<'_>, at: &str) -> Result<()> {
    tx.execute(
        "UPDATE resumes SET is_primary = 0, updated_at = ?1, version = version + 1
         WHERE is_primary = 1 AND deleted_at IS NULL",
        [at],
    )?;
    Ok(())
}

/// Inserts a validated resume inside the caller's transaction. A primary
/// resume takes over from the previous primary one; the first resume is
/// primary anyway.
pub(crate) fn insert_resume(tx: &rusqlite::Transaction<'_>, new: NewResume) -> Result<ResumeId> {
    let new = NewResume {
        name: new.name.trim().to_owned(),
        ..new
    };
    new.validate()?;
    let id = ResumeId::from_uuid(new_uuid());
    let at = format_instant(now());
    let has_primary: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM resumes WHERE is_primary = 1 AND deleted_at IS NULL)",
        [],
        |row| row.get(0),
    )?;
    let make_primary = new.is_primary || !has_primary;
    if make_primary {
        clear_primary(tx, &at)?;
    }
    tx.execute(
        "INSERT INTO resumes (id, name, content, focus_area, is_primary, created_at, updated_at, version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, 1)",
        params![id.to_string(), new.name, new.content, new.focus_area.as_str(), make_primary, at],
    )?;
    Ok(id)
}
