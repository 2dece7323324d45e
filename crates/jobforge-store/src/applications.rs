//! Applications and their status history.

use jobforge_types::{
    Application, ApplicationId, ApplicationStatus, ApplicationUpdate, NewApplication, Phase,
    PhaseFlags, StatusChange, application_name,
};
use rusqlite::{OptionalExtension, Row, params};

use crate::Store;
use crate::clock::{format_date, format_instant, now, parse_date, parse_instant};
use crate::error::{Result, StoreError};
use crate::rows::{check_version, new_uuid, parse_stored, resolve};

const ENTITY: &str = "application";

const COLUMNS: &str = "id, name, company, role_title, job_url, job_description, location, priority, \
     status, research_done, resume_optimised, cover_letter_done, deadline, notes, created_at, \
     updated_at, version";

/// Which applications to list.
#[derive(Debug, Clone, Default)]
pub struct ApplicationFilter {
    pub status: Option<ApplicationStatus>,
    /// At most this many, newest first; `None` for all.
    pub limit: Option<u32>,
    pub offset: u32,
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<RawApplication> {
    Ok(RawApplication {
        id: row.get(0)?,
        name: row.get(1)?,
        company: row.get(2)?,
        role_title: row.get(3)?,
        job_url: row.get(4)?,
        job_description: row.get(5)?,
        location: row.get(6)?,
        priority: row.get(7)?,
        status: row.get(8)?,
        research_done: row.get(9)?,
        resume_optimised: row.get(10)?,
        cover_letter_done: row.get(11)?,
        deadline: row.get(12)?,
        notes: row.get(13)?,
        created_at: row.get(14)?,
        updated_at: row.get(15)?,
        version: row.get(16)?,
    })
}

/// A row as read, before its text columns are parsed into types.
struct RawApplication {
    id: String,
    name: String,
    company: String,
    role_title: String,
    job_url: Option<String>,
    job_description: String,
    location: Option<String>,
    priority: String,
    status: String,
    research_done: bool,
    resume_optimised: bool,
    cover_letter_done: bool,
    deadline: Option<String>,
    notes: String,
    created_at: String,
    updated_at: String,
    version: i64,
}

impl RawApplication {
    fn parse(self) -> Result<Application> {
        Ok(Application {
            id: parse_stored(&self.id, "application id")?,
            name: self.name,
            company: self.company,
            role_title: self.role_title,
            job_url: self.job_url,
            job_description: self.job_description,
            location: self.location,
            priority: parse_stored(&self.priority, "priority")?,
            status: parse_stored(&self.status, "status")?,
            phases: PhaseFlags {
                research_done: self.research_done,
                resume_optimised: self.resume_optimised,
                cover_letter_done: self.cover_letter_done,
            },
            deadline: self.deadline.as_deref().map(parse_date).transpose()?,
            notes: self.notes,
            created_at: parse_instant(&self.created_at)?,
            updated_at: parse_instant(&self.updated_at)?,
            version: self.version,
        })
    }
}

impl Store {
    /// Starts tracking an application, in status `draft`.
    pub fn create_application(&mut self, new: NewApplication) -> Result<Application> {
        let new = new.normalised();
        new.validate()?;
        let id = ApplicationId::from_uuid(new_uuid());
        let created = now();
        let at = format_instant(created);
        let name = application_name(&new.company, &new.role_title, created.date());
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO applications (id, name, company, role_title, job_url, job_description, location,
                 priority, status, deadline, notes, created_at, updated_at, version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, 1)",
            params![
                id.to_string(),
                name,
                new.company,
                new.role_title,
                new.job_url,
                new.job_description,
                new.location,
                new.priority.as_str(),
                ApplicationStatus::Draft.as_str(),
                new.deadline.map(format_date),
                new.notes,
                at,
            ],
        )?;
        insert_status_change(&tx, &id, None, ApplicationStatus::Draft, &at)?;
        tx.commit()?;
        tracing::debug!(%id, "created application");
        self.application(&id)
    }

    /// One live application by ID.
    pub fn application(&self, id: &ApplicationId) -> Result<Application> {
        let raw = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM applications WHERE id = ?1 AND deleted_at IS NULL"),
                [id.to_string()],
                from_row,
            )
            .optional()?;
        raw.ok_or_else(|| StoreError::NotFound {
            entity: ENTITY,
            reference: id.to_string(),
        })?
        .parse()
    }

    /// Finds an application by full ID, unique ID prefix or exact name.
    pub fn resolve_application(&self, reference: &str) -> Result<ApplicationId> {
        let id = resolve(&self.conn, "applications", ENTITY, Some("name"), reference)?;
        Ok(parse_stored(&id, "application id")?)
    }

    /// Live applications, newest first.
    pub fn list_applications(&self, filter: &ApplicationFilter) -> Result<Vec<Application>> {
        let limit = filter.limit.map_or(-1, i64::from);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM applications
             WHERE deleted_at IS NULL AND (?1 IS NULL OR status = ?1)
             ORDER BY created_at DESC, seq DESC
             LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = stmt.query_map(
            params![filter.status.map(|s| s.as_str()), limit, filter.offset],
            from_row,
        )?;
        rows.map(|raw| {
            raw.map_err(StoreError::from)
                .and_then(RawApplication::parse)
        })
        .collect()
    }

    /// Number of live applications in each status (statuses with none left out).
    pub fn count_by_status(&self) -> Result<Vec<(ApplicationStatus, u64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT status, count(*) FROM applications WHERE deleted_at IS NULL GROUP BY status",
        )?;
        let rows = stmt.query_map([], |row| {
            let status: String = row.get(0)?;
            Ok((parse_stored(&status, "status")?, row.get::<_, i64>(1)?))
        })?;
        let mut counts: Vec<(ApplicationStatus, u64)> = rows
            .map(|r| r.map(|(s, n)| (s, u64::try_from(n).unwrap_or(0))))
            .collect::<rusqlite::Result<_>>()?;
        counts.sort_by_key(|(status, _)| *status);
        Ok(counts)
    }

    /// Changes an application's editable fields. With `expected_version`, the
    /// change is refused if someone else changed the application meanwhile.
    pub fn update_application(
        &mut self,
        id: &ApplicationId,
        expected_version: Option<i64>,
        update: ApplicationUpdate,
    ) -> Result<Application> {
        let update = update.normalised();
        update.validate()?;
        let current = self.application(id)?;
        check_version(ENTITY, current.version, expected_version)?;
        if update.is_empty() {
            return Ok(current);
        }
        let merged = Application {
            company: update.company.unwrap_or(current.company),
            role_title: update.role_title.unwrap_or(current.role_title),
            job_description: update.job_description.unwrap_or(current.job_description),
            job_url: update.job_url.unwrap_or(current.job_url),
            location: update.location.unwrap_or(current.location),
            priority: update.priority.unwrap_or(current.priority),
            deadline: update.deadline.unwrap_or(current.deadline),
            notes: update.notes.unwrap_or(current.notes),
            ..current
        };
        let changed = self.conn.execute(
            "UPDATE applications SET company = ?2, role_title = ?3, job_description = ?4, job_url = ?5,
                 location = ?6, priority = ?7, deadline = ?8, notes = ?9, updated_at = ?10,
                 version = version + 1
             WHERE id = ?1 AND version = ?11 AND deleted_at IS NULL",
            params![
                id.to_string(),
                merged.company,
                merged.role_title,
                merged.job_description,
                merged.job_url,
                merged.location,
                merged.priority.as_str(),
                merged.deadline.map(format_date),
                merged.notes,
                format_instant(now()),
                merged.version,
            ],
        )?;
        if changed == 0 {
            let now_version = self.application(id)?.version;
            return Err(StoreError::Conflict {
                entity: ENTITY,
                expected: merged.version,
                current: now_version,
            });
        }
        self.application(id)
    }

    /// Moves an application to another status and records the change. Setting
    /// the status it already has changes nothing.
    pub fn set_status(
        &mut self,
        id: &ApplicationId,
        status: ApplicationStatus,
    ) -> Result<Application> {
        let current = self.application(id)?;
        if current.status == status {
            return Ok(current);
        }
        let at = format_instant(now());
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE applications SET status = ?2, updated_at = ?3, version = version + 1
             WHERE id = ?1 AND deleted_at IS NULL",
            params![id.to_string(), status.as_str(), at],
        )?;
        insert_status_change(&tx, id, Some(current.status), status, &at)?;
        tx.commit()?;
        self.application(id)
    }

    /// Every status the application has had, oldest first.
    pub fn status_history(&self, id: &ApplicationId) -> Result<Vec<StatusChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT from_status, to_status, changed_at FROM application_status_changes
             WHERE application_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([id.to_string()], |row| {
            let from: Option<String> = row.get(0)?;
            let to: String = row.get(1)?;
            let at: String = row.get(2)?;
            Ok((from, to, at))
        })?;
        rows.map(|row| {
            let (from, to, at) = row?;
            Ok(StatusChange {
                from: from.map(|f| parse_stored(&f, "status")).transpose()?,
                to: parse_stored(&to, "status")?,
                at: parse_instant(&at)?,
            })
        })
        .collect()
    }

    /// Marks a pipeline phase as done or not done.
    pub fn set_phase_done(
        &mut self,
        id: &ApplicationId,
        phase: Phase,
        done: bool,
    ) -> Result<Application> {
        set_phase_flag(&self.conn, id, phase, done)?;
        self.application(id)
    }

    /// Deletes an application and its documents. The rows stay as tombstones
    /// so the deletion can sync; they no longer appear anywhere.
    pub fn delete_application(&mut self, id: &ApplicationId) -> Result<()> {
        self.application(id)?;
        let at = format_instant(now());
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE documents SET deleted_at = ?2, updated_at = ?2, version = version + 1
             WHERE application_id = ?1 AND deleted_at IS NULL",
            params![id.to_string(), at],
        )?;
        tx.execute(
            "UPDATE applications SET deleted_at = ?2, updated_at = ?2, version = version + 1
             WHERE id = ?1 AND deleted_at IS NULL",
            params![id.to_string(), at],
        )?;
        tx.commit()?;
        Ok(())
    }
}

pub(crate) fn set_phase_flag(
    conn: &rusqlite::Connection,
    id: &ApplicationId,
    phase: Phase,
    done: bool,
) -> Result<()> {
    let column = match phase {
        Phase::Research => "research_done",
        Phase::Resume => "resume_optimised",
        Phase::CoverLetter => "cover_letter_done",
    };
    let changed = conn.execute(
        &format!(
            "UPDATE applications SET {column} = ?2, updated_at = ?3, version = version + 1
             WHERE id = ?1 AND deleted_at IS NULL AND {column} <> ?2"
        ),
        params![id.to_string(), done, format_instant(now())],
    )?;
    tracing::debug!(%id, ?phase, done, changed, "phase flag");
    Ok(())
}

fn insert_status_change(
    tx: &rusqlite::Transaction<'_>,
    id: &ApplicationId,
    from: Option<ApplicationStatus>,
    to: ApplicationStatus,
    at: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO application_status_changes (id, application_id, from_status, to_status, changed_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            new_uuid().hyphenated().to_string(),
            id.to_string(),
            from.map(|s| s.as_str()),
            to.as_str(),
            at
        ],
    )?;
    Ok(())
}
