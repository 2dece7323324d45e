//! The user's profile and writing samples.

use jobforge_types::{NewWritingSample, Profile, ProfileUpdate, WritingSample, WritingSampleId};
use rusqlite::{OptionalExtension, params};

use crate::Store;
use crate::clock::{format_instant, now, parse_instant};
use crate::error::{Result, StoreError};
use crate::rows::{new_uuid, parse_stored};

impl Store {
    /// The profile; empty until the user fills it in.
    pub fn profile(&self) -> Result<Profile> {
        let row: Option<(String, Option<String>, String, String)> = self
            .conn
            .query_row(
                "SELECT full_name, email, contact_lines, updated_at FROM profile WHERE seq = 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        let Some((full_name, email, lines, updated)) = row else {
            return Ok(Profile::default());
        };
        let contact_lines: Vec<String> = serde_json::from_str(&lines)
            .map_err(|_| StoreError::BadStoredValue("profile contact lines".into()))?;
        Ok(Profile {
            full_name,
            email,
            contact_lines,
            updated_at: Some(parse_instant(&updated)?),
        })
    }

    pub fn set_profile(&mut self, update: ProfileUpdate) -> Result<Profile> {
        let update = update.normalised();
        update.validate()?;
        let lines = serde_json::to_string(&update.contact_lines)
            .map_err(|e| StoreError::BadStoredValue(e.to_string()))?;
        let at = format_instant(now());
        self.conn.execute(
            "INSERT INTO profile (seq, id, full_name, email, contact_lines, updated_at, version)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, 1)
             ON CONFLICT (seq) DO UPDATE SET full_name = excluded.full_name, email = excluded.email,
                 contact_lines = excluded.contact_lines, updated_at = excluded.updated_at,
                 version = profile.version + 1",
            params![
                new_uuid().to_string(),
                update.full_name,
                update.email,
                lines,
                at
            ],
        )?;
        self.profile()
    }

    pub fn add_writing_sample(&mut self, new: NewWritingSample) -> Result<WritingSample> {
        let new = NewWritingSample {
            title: new.title.trim().to_owned(),
            ..new
        };
        new.validate()?;
        let id = WritingSampleId::from_uuid(new_uuid());
        let at = format_instant(now());
        self.conn.execute(
            "INSERT INTO writing_samples (id, title, content, created_at, updated_at, version)
             VALUES (?1, ?2, ?3, ?4, ?4, 1)",
            params![id.to_string(), new.title, new.content, at],
        )?;
        self.writing_samples()?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| {
                StoreError::BadStoredValue("writing sample vanished after saving".into())
            })
    }

    /// Writing samples, oldest first.
    pub fn writing_samples(&self) -> Result<Vec<WritingSample>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, content, created_at, updated_at FROM writing_samples
             WHERE deleted_at IS NULL ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })?;
        rows.map(|r| {
            let (id, title, content, created, updated) = r?;
            Ok(WritingSample {
                id: parse_stored(&id, "writing sample id")?,
                title,
                content,
                created_at: parse_instant(&created)?,
                updated_at: parse_instant(&updated)?,
            })
        })
        .collect()
    }

    pub fn delete_writing_sample(&mut self, id: &WritingSampleId) -> Result<()> {
        let at = format_instant(now());
        let changed = self.conn.execute(
            "UPDATE writing_samples SET deleted_at = ?2, updated_at = ?2, version = version + 1
             WHERE id = ?1 AND deleted_at IS NULL",
            params![id.to_string(), at],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound {
                entity: "writing sample",
                reference: id.to_string(),
            });
        }
        Ok(())
    }
}
