//! Helpers shared by the repositories: IDs, enum columns, reference lookup.

use std::str::FromStr;

use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use crate::error::{Result, StoreError};

/// A fresh time-ordered ID.
pub fn new_uuid() -> Uuid {
    Uuid::now_v7()
}

/// Parses a value stored by this crate (an ID, an enum) back into its type.
pub fn parse_stored<T: FromStr>(text: &str, what: &str) -> rusqlite::Result<T> {
    text.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("{what} `{text}`").into(),
        )
    })
}

/// Finds the one live row a user's reference points at: a full ID, a unique
/// prefix of one, or (where the table has names) an exact name.
pub fn resolve(
    conn: &Connection,
    table: &'static str,
    entity: &'static str,
    name_column: Option<&'static str>,
    reference: &str,
) -> Result<String> {
    let reference = reference.trim();
    let not_found = || StoreError::NotFound {
        entity,
        reference: reference.to_owned(),
    };
    if reference.is_empty() {
        return Err(not_found());
    }
    if let Ok(uuid) = Uuid::parse_str(reference) {
        let id = uuid.hyphenated().to_string();
        let found: Option<String> = conn
            .query_row(
                &format!("SELECT id FROM {table} WHERE id = ?1 AND deleted_at IS NULL"),
                [&id],
                |row| row.get(0),
            )
            .optional()?;
        return found.ok_or_else(not_found);
    }
    let mut matches: Vec<String> = Vec::new();
    let looks_like_prefix = reference.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    if looks_like_prefix {
        // Only hex digits and '-' reach LIKE, so no wildcard can sneak in.
        let mut stmt = conn.prepare(&format!(
            "SELECT id FROM {table} WHERE id LIKE ?1 || '%' AND deleted_at IS NULL LIMIT 10"
        ))?;
        let rows = stmt.query_map([reference.to_ascii_lowercase()], |row| row.get(0))?;
        for row in rows {
            matches.push(row?);
        }
    }
    if let (true, Some(column)) = (matches.is_empty(), name_column) {
        let mut stmt = conn.prepare(&format!(
            "SELECT id FROM {table} WHERE {column} = ?1 AND deleted_at IS NULL LIMIT 10"
        ))?;
        let rows = stmt.query_map([reference], |row| row.get(0))?;
        for row in rows {
            matches.push(row?);
        }
    }
    match matches.len() {
        0 => Err(not_found()),
        1 => Ok(matches.remove(0)),
        count => Err(StoreError::Ambiguous {
            entity,
            reference: reference.to_owned(),
            count,
        }),
    }
}

/// Bumps `version`, checking it against what the caller last saw.
pub fn check_version(entity: &'static str, current: i64, expected: Option<i64>) -> Result<()> {
    match expected {
        Some(expected) if expected != current => Err(StoreError::Conflict {
            entity,
            expected,
            current,
        }),
        _ => Ok(()),
    }
}
