//! Records of pipeline runs. A run that succeeded saves its document version,
//! its truth-gate flags and its record in one transaction.

use jobforge_types::{
    AiRun, ApplicationId, DocumentVersionId, EngineKind, Phase, ResumeId, RunId, RunOutcome,
    Timestamp, TruthFinding, VersionOrigin, validate_document_content,
};
use rusqlite::{OptionalExtension, params};

use crate::Store;
use crate::clock::{format_instant, parse_instant};
use crate::documents::write_version;
use crate::error::{Result, StoreError};
use crate::rows::{new_uuid, parse_stored};

/// What is known about a run whatever its outcome.
#[derive(Debug, Clone)]
pub struct RunRecord<'a> {
    pub application: ApplicationId,
    pub phase: Phase,
    pub engine: EngineKind,
    pub model: &'a str,
    pub prompt_version: &'a str,
    pub resume: Option<ResumeId>,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub tokens_reported: bool,
    pub cost_usd: Option<f64>,
    pub attempts: u32,
    pub started_at: Timestamp,
    pub duration_ms: u64,
    /// Structured output (analysis, change report), if any.
    pub report: Option<&'a serde_json::Value>,
}

/// How the run ended, with what it produced.
#[derive(Debug, Clone, Copy)]
pub enum RunResult<'a> {
    /// The document, saved as a new generated version with these findings.
    Succeeded {
        content: &'a str,
        findings: &'a [TruthFinding],
    },
    /// Kept as a draft on the run record, never as a document version.
    Failed {
        error: &'a str,
        draft: &'a str,
    },
    Cancelled {
        draft: &'a str,
    },
}

impl Store {
    /// Records a run; for a run that succeeded, also saves its document
    /// version and flags — all or nothing.
    pub fn record_run(&mut self, record: &RunRecord<'_>, result: RunResult<'_>) -> Result<AiRun> {
        if let RunResult::Succeeded { content, .. } = result {
            validate_document_content(content)?;
        }
        self.application(&record.application)?;
        let report = record
            .report
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| StoreError::BadStoredValue(format!("run report: {e}")))?;
        let id = RunId::from_uuid(new_uuid());
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (outcome, error, draft, version): (
            RunOutcome,
            Option<&str>,
            Option<&str>,
            Option<DocumentVersionId>,
        ) = match result {
            RunResult::Succeeded { content, findings } => {
                let version = write_version(
                    &tx,
                    &record.application,
                    record.phase.document_kind(),
                    content,
                    VersionOrigin::Generated,
                    findings,
                )?;
                (RunOutcome::Succeeded, None, None, Some(version))
            }
            RunResult::Failed { error, draft } => (
                RunOutcome::Failed,
                Some(error),
                Some(draft).filter(|d| !d.is_empty()),
                None,
            ),
            RunResult::Cancelled { draft } => (
                RunOutcome::Cancelled,
                None,
                Some(draft).filter(|d| !d.is_empty()),
                None,
            ),
        };
        tx.execute(
            "INSERT INTO ai_runs (id, application_id, phase, engine, model, prompt_version, resume_id,
                 outcome, error, input_tokens, output_tokens, tokens_reported, cost_usd, attempts,
                 started_at, duration_ms, document_version_id, draft, report)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            params![
                id.to_string(),
                record.application.to_string(),
                record.phase.as_str(),
                record.engine.as_str(),
                record.model,
                record.prompt_version,
                record.resume.map(|r| r.to_string()),
                outcome.as_str(),
                error,
                i64::try_from(record.input_tokens).unwrap_or(i64::MAX),
                i64::try_from(record.output_tokens).unwrap_or(i64::MAX),
                record.tokens_reported,
                record.cost_usd,
                record.attempts,
                format_instant(record.started_at),
                i64::try_from(record.duration_ms).unwrap_or(i64::MAX),
                version.map(|v| v.to_string()),
                draft,
                report,
            ],
        )?;
        tx.commit()?;
        self.run(&id)?
            .ok_or_else(|| StoreError::BadStoredValue("run vanished after saving".into()))
    }

    pub fn run(&self, id: &RunId) -> Result<Option<AiRun>> {
        let raw = self
            .conn
            .query_row(
                &format!("{SELECT_RUN} WHERE id = ?1"),
                params![id.to_string()],
                run_row,
            )
            .optional()?;
        raw.map(parse_run).transpose()
    }

    /// The application's runs, newest first.
    pub fn runs(&self, application: &ApplicationId) -> Result<Vec<AiRun>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT_RUN} WHERE application_id = ?1 ORDER BY seq DESC"
        ))?;
        let rows = stmt.query_map(params![application.to_string()], run_row)?;
        rows.map(|r| r.map_err(StoreError::from).and_then(parse_run))
            .collect()
    }

    /// The structured report a run stored (analysis, change report), if any.
    pub fn run_report(&self, id: &RunId) -> Result<Option<serde_json::Value>> {
        let raw: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT report FROM ai_runs WHERE id = ?1",
                params![id.to_string()],
                |row| row.get(0),
            )
            .optional()?;
        raw.flatten()
            .map(|text| {
                serde_json::from_str(&text)
                    .map_err(|e| StoreError::BadStoredValue(format!("run report: {e}")))
            })
            .transpose()
    }

    /// The newest run of a phase that saved a document.
    pub fn latest_successful_run(
        &self,
        application: &ApplicationId,
        phase: Phase,
    ) -> Result<Option<AiRun>> {
        let raw = self
            .conn
            .query_row(
                &format!(
                    "{SELECT_RUN} WHERE application_id = ?1 AND phase = ?2 AND outcome = 'succeeded'
                     ORDER BY seq DESC LIMIT 1"
                ),
                params![application.to_string(), phase.as_str()],
                run_row,
            )
            .optional()?;
        raw.map(parse_run).transpose()
    }
}

const SELECT_RUN: &str =
    "SELECT id, application_id, phase, engine, model, prompt_version, resume_id,
    outcome, error, input_tokens, output_tokens, tokens_reported, cost_usd, attempts, started_at,
    duration_ms, document_version_id, draft FROM ai_runs";

struct RawRun {
    id: String,
    application: String,
    phase: String,
    engine: String,
    model: String,
    prompt_version: String,
    resume: Option<String>,
    outcome: String,
    error: Option<String>,
    input_tokens: i64,
    output_tokens: i64,
    tokens_reported: bool,
    cost_usd: Option<f64>,
    attempts: i64,
    started_at: String,
    duration_ms: i64,
    version: Option<String>,
    draft: Option<String>,
}

fn run_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<RawRun> {
    Ok(RawRun {
        id: row.get(0)?,
        application: row.get(1)?,
        phase: row.get(2)?,
        engine: row.get(3)?,
        model: row.get(4)?,
        prompt_version: row.get(5)?,
        resume: row.get(6)?,
        outcome: row.get(7)?,
        error: row.get(8)?,
        input_tokens: row.get(9)?,
        output_tokens: row.get(10)?,
        tokens_reported: row.get(11)?,
        cost_usd: row.get(12)?,
        attempts: row.get(13)?,
        started_at: row.get(14)?,
        duration_ms: row.get(15)?,
        version: row.get(16)?,
        draft: row.get(17)?,
    })
}

fn parse_run(raw: RawRun) -> Result<AiRun> {
    let count = |n: i64, what: &str| {
        u64::try_from(n).map_err(|_| StoreError::BadStoredValue(format!("{what} {n}")))
    };
    Ok(AiRun {
        id: parse_stored(&raw.id, "run id")?,
        application_id: parse_stored(&raw.application, "application id")?,
        phase: parse_stored(&raw.phase, "phase")?,
        engine: parse_stored(&raw.engine, "engine")?,
        model: raw.model,
        prompt_version: raw.prompt_version,
        resume_id: raw
            .resume
            .as_deref()
            .map(|r| parse_stored(r, "resume id"))
            .transpose()?,
        outcome: parse_stored(&raw.outcome, "run outcome")?,
        error: raw.error,
        input_tokens: count(raw.input_tokens, "input tokens")?,
        output_tokens: count(raw.output_tokens, "output tokens")?,
        tokens_reported: raw.tokens_reported,
        cost_usd: raw.cost_usd,
        attempts: u32::try_from(raw.attempts)
            .map_err(|_| StoreError::BadStoredValue(format!("attempts {}", raw.attempts)))?,
        started_at: parse_instant(&raw.started_at)?,
        duration_ms: count(raw.duration_ms, "duration")?,
        document_version_id: raw
            .version
            .as_deref()
            .map(|v| parse_stored(v, "version id"))
            .transpose()?,
        draft: raw.draft,
    })
}
