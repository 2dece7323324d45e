//! Versioned schema migrations, embedded from `migrations/sqlite/`.
//!
//! Each runs in its own transaction and is recorded with a checksum of its
//! text. Released migrations are never edited (a test pins their checksums);
//! a change to the schema is a new file.

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::clock;
use crate::error::{Result, StoreError};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// All migrations, in order. Append only.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial",
        sql: include_str!("../../../migrations/sqlite/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "ai_pipeline",
        sql: include_str!("../../../migrations/sqlite/0002_ai_pipeline.sql"),
    },
    Migration {
        version: 3,
        name: "resume_sources",
        sql: include_str!("../../../migrations/sqlite/0003_resume_sources.sql"),
    },
    Migration {
        version: 4,
        name: "semantic_index",
        sql: include_str!("../../../migrations/sqlite/0004_semantic_index.sql"),
    },
];

/// The newest schema version this build understands.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

pub fn checksum(sql: &str) -> String {
    hex::encode(Sha256::digest(sql.as_bytes()))
}

/// The schema version of an open database: 0 when it is empty.
pub fn current_version(conn: &Connection) -> Result<i64> {
    let has_table: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
        [],
        |row| row.get(0),
    )?;
    if !has_table {
        return Ok(0);
    }
    Ok(conn.query_row(
        "SELECT coalesce(max(version), 0) FROM schema_migrations",
        [],
        |row| row.get(0),
    )?)
}

/// Brings the schema up to date. Refuses, without writing anything, a
/// database from a newer version of Job Forge.
pub fn migrate(conn: &mut Connection) -> Result<Vec<i64>> {
    let found = current_version(conn)?;
    let supported = latest_version();
    if found > supported {
        return Err(StoreError::NewerSchema { found, supported });
    }
    let mut applied = Vec::new();
    for migration in MIGRATIONS.iter().filter(|m| m.version > found) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let run = tx
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INTEGER PRIMARY KEY,
                    name       TEXT NOT NULL,
                    checksum   TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                );",
            )
            .and_then(|()| tx.execute_batch(migration.sql))
            .and_then(|()| {
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![
                        migration.version,
                        migration.name,
                        checksum(migration.sql),
                        clock::format_instant(clock::now())
                    ],
                )
            });
        if let Err(source) = run {
            // Dropping `tx` rolls the migration back as a whole.
            return Err(StoreError::Migration {
                version: migration.version,
                name: migration.name,
                source,
            });
        }
        tx.commit()?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "applied migration"
        );
        applied.push(migration.version);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_contiguous_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(
                m.version,
                i as i64 + 1,
                "migration {} is out of sequence",
                m.name
            );
        }
    }

    /// Released migrations are append-only: editing one would leave existing
    /// databases on a schema no fresh database has. Add a new migration
    /// instead, and pin its checksum here.
    #[test]
    fn released_migrations_are_never_edited() {
        let released = [
            (
                1,
                "6a436712130e9b9a58a283a125b64d39c469054f149b316344b42699c0353512",
            ),
            (
                2,
                "3abd7dc4de6b5241e6501efea6f05ad6fe33f1c05ae001e8c38b331099cf98c9",
            ),
            (
                3,
                "8044d282cd843a938d8a7c9ea358e61f27883f58367ac42a504d827ea77fc5af",
            ),
            (
                4,
                "0edc66dac96a0854b6b6f0ee234b5f01f384505f738df6250ff08594df8908c0",
            ),
        ];
        for (version, expected) in released {
            let migration = MIGRATIONS
                .iter()
                .find(|m| m.version == version)
                .expect("released migration present");
            assert_eq!(
                checksum(migration.sql),
                expected,
                "migration {version} was edited after release"
            );
        }
    }
}
