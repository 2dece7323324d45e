//! The change log the sync client pushes from.

use rusqlite::params;

use crate::Store;
use crate::clock::{format_instant, now};
use crate::error::Result;
use crate::rows::parse_stored;

/// What happened to a synced row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeOperation {
    Insert,
    Update,
    Delete,
}

impl std::str::FromStr for ChangeOperation {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "insert" => Ok(Self::Insert),
            "update" => Ok(Self::Update),
            "delete" => Ok(Self::Delete),
            _ => Err(()),
        }
    }
}

/// One entry of the change log, written in the same transaction as the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLogEntry {
    pub seq: i64,
    /// `application`, `application_status_change`, `resume`, `document`,
    /// `document_version`, `profile` or `writing_sample`.
    pub entity: String,
    pub entity_id: String,
    pub operation: ChangeOperation,
    pub entity_version: i64,
    pub changed_at: String,
}

impl Store {
    /// Changes not yet pushed to a server, oldest first.
    pub fn pending_changes(&self, limit: u32) -> Result<Vec<ChangeLogEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, entity, entity_id, operation, entity_version, changed_at
             FROM change_log WHERE pushed_at IS NULL ORDER BY seq LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |row| {
            let operation: String = row.get(3)?;
            Ok(ChangeLogEntry {
                seq: row.get(0)?,
                entity: row.get(1)?,
                entity_id: row.get(2)?,
                operation: parse_stored(&operation, "change operation")?,
                entity_version: row.get(4)?,
                changed_at: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Marks every change up to and including `seq` as pushed.
    pub fn mark_pushed(&mut self, up_to_seq: i64) -> Result<usize> {
        Ok(self.conn.execute(
            "UPDATE change_log SET pushed_at = ?2 WHERE seq <= ?1 AND pushed_at IS NULL",
            params![up_to_seq, format_instant(now())],
        )?)
    }
}
