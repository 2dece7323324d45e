//! Runs the AI pipeline for an application: gathers the sources, runs the
//! engine, records the run, saves the document with its truth-gate flags.
//!
//! Split in three steps so a shell can hold its lock on the workspace only
//! while reading and writing, never while a model is generating:
//! [`Workspace::prepare_phase`] (read), [`jobforge_ai::run_phase`] (no
//! database), [`Workspace::record_phase`] (write). [`run_pipeline`] chains
//! them for callers that own the workspace (the CLI).

use std::time::Instant;

use jobforge_ai::{
    CancelToken, EngineConfig, PhaseInput, PhaseOutput, Posting, ProviderConfig, ProviderKind,
    RunFailure, StreamEvent, pricing, provider_kind,
};
use jobforge_secrets::{Keyring, SecretString};
use jobforge_store::{RunRecord, RunResult};
use jobforge_types::{
    AiRun, AiSettings, ApplicationId, DocumentKind, EngineKind, Phase, ResumeId, Timestamp,
    TruthFinding, VersionOrigin,
};

use crate::error::WorkspaceError;
use crate::workspace::Workspace;

/// A phase ready to run: its input, and which resume it was built from.
#[derive(Debug, Clone)]
pub struct PreparedPhase {
    pub application: ApplicationId,
    pub resume: ResumeId,
    pub input: PhaseInput,
}

/// What happens during a pipeline run, for a progress display.
#[derive(Debug, Clone, PartialEq)]
pub enum PipelineEvent {
    PhaseStarted {
        phase: Phase,
        engine: String,
        model: String,
    },
    Stream {
        phase: Phase,
        event: StreamEvent,
    },
    /// The phase ended (any outcome); the run is recorded. `user_fixable`
    /// tells a failure the user can fix (a key, a URL) from a provider fault.
    PhaseEnded {
        run: Box<AiRun>,
        open_flags: usize,
        user_fixable: bool,
    },
}

impl Workspace {
    /// Gathers what a phase works from: the posting, the chosen resume (the
    /// primary one by default), the notes, the profile name, the writing
    /// samples and the documents earlier phases produced.
    pub fn prepare_phase(
        &self,
        application: &ApplicationId,
        phase: Phase,
        resume: Option<&ResumeId>,
        current_year: u16,
    ) -> Result<PreparedPhase, WorkspaceError> {
        let store = self.store();
        let app = store.application(application)?;
        let resume = match resume {
            Some(id) => store.resume(id)?,
            None => self
                .resume_for(application)?
                .ok_or(WorkspaceError::NoResume)?,
        };
        let profile_name = Some(store.profile()?.full_name).filter(|n| !n.trim().is_empty());
        let writing_samples = store
            .writing_samples()?
            .into_iter()
            .map(|s| s.content)
            .collect();
        let current = |kind: DocumentKind| -> Result<Option<String>, WorkspaceError> {
            Ok(store
                .document(application, kind)?
                .map(|d| d.current.content))
        };
        Ok(PreparedPhase {
            application: *application,
            resume: resume.id,
            input: PhaseInput {
                phase,
                posting: Posting {
                    company: app.company,
                    role_title: app.role_title,
                    description: app.job_description,
                },
                resume: resume.content,
                notes: app.notes,
                profile_name,
                writing_samples,
                research: current(DocumentKind::ResearchReport)?,
                tailored_resume: current(DocumentKind::OptimisedResume)?,
                current_year,
            },
        })
    }

    /// The resume an application's documents were made from: the one its
    /// latest run used, else the primary resume, else the newest.
    fn resume_for(
        &self,
        application: &ApplicationId,
    ) -> Result<Option<jobforge_types::Resume>, WorkspaceError> {
        let store = self.store();
        for phase in Phase::ALL.iter().rev() {
            if let Some(run) = store.latest_successful_run(application, *phase)?
                && let Some(id) = run.resume_id
                && let Ok(resume) = store.resume(&id)
            {
                return Ok(Some(resume));
            }
        }
        if let Some(primary) = store.primary_resume()? {
            return Ok(Some(primary));
        }
        Ok(store.list_resumes()?.into_iter().next())
    }

    /// Records a finished phase: the run, and for a success its document
    /// version and flags, in one transaction.
    pub fn record_phase(
        &mut self,
        prepared: &PreparedPhase,
        engine: &EngineConfig,
        started_at: Timestamp,
        duration_ms: u64,
        result: &Result<PhaseOutput, RunFailure>,
    ) -> Result<AiRun, WorkspaceError> {
        let phase = prepared.input.phase;
        let provider = provider_kind(engine.kind());
        let (model, prompt_version, usage, attempts) = match result {
            Ok(output) => (
                &output.model,
                &output.prompt_version,
                output.usage,
                output.attempts,
            ),
            Err(failure) => (
                &failure.model,
                &failure.prompt_version,
                failure.usage,
                failure.attempts,
            ),
        };
        let cost_usd = match provider {
            None => Some(0.0),
            Some(kind) => pricing::cost(kind, model, &usage),
        };
        let record = RunRecord {
            application: prepared.application,
            phase,
            engine: engine.kind(),
            model,
            prompt_version,
            resume: Some(prepared.resume),
            input_tokens: usage.input_tokens,
            output_tokens: usage.output_tokens,
            tokens_reported: usage.reported,
            cost_usd,
            attempts,
            started_at,
            duration_ms,
            report: result.as_ref().ok().map(|o| &o.report),
        };
        let error_text;
        let outcome = match result {
            Ok(output) => RunResult::Succeeded {
                content: &output.content,
                findings: &output.findings,
            },
            Err(failure) if failure.error == jobforge_ai::AiError::Cancelled => {
                RunResult::Cancelled {
                    draft: &failure.partial,
                }
            }
            Err(failure) => {
                error_text = failure.error.to_string();
                RunResult::Failed {
                    error: &error_text,
                    draft: &failure.partial,
                }
            }
        };
        let run = self.store_mut().record_run(&record, outcome)?;
        tracing::info!(
            run = %run.id,
            application = %prepared.application,
            phase = phase.as_str(),
            engine = engine.kind().as_str(),
            outcome = run.outcome.as_str(),
            duration_ms,
            "pipeline phase recorded"
        );
        Ok(run)
    }

    /// Saves a document version the user wrote or restored, checking it
    /// against the application's sources so its flags stay current.
    pub fn save_document_checked(
        &mut self,
        application: &ApplicationId,
        kind: DocumentKind,
        content: &str,
        origin: VersionOrigin,
    ) -> Result<jobforge_types::Document, WorkspaceError> {
        let findings = self.check_against_sources(application, kind, content)?;
        Ok(self
            .store_mut()
            .save_document_checked(application, kind, content, origin, &findings)?)
    }

    /// Brings back an older version as the newest, re-checked.
    pub fn restore_document_version(
        &mut self,
        application: &ApplicationId,
        kind: DocumentKind,
        number: u32,
    ) -> Result<jobforge_types::Document, WorkspaceError> {
        let versions = self.store().document_versions(application, kind)?;
        let old = versions
            .into_iter()
            .find(|v| v.number == number)
            .ok_or_else(|| jobforge_store::StoreError::NotFound {
                entity: "document version",
                reference: number.to_string(),
            })?;
        self.save_document_checked(application, kind, &old.content, VersionOrigin::Restored)
    }

    fn check_against_sources(
        &self,
        application: &ApplicationId,
        kind: DocumentKind,
        content: &str,
    ) -> Result<Vec<TruthFinding>, WorkspaceError> {
        let phase = kind.phase();
        let prepared = match self.prepare_phase(application, phase, None, current_year()) {
            Ok(prepared) => prepared,
            // Without a resume there is nothing to check against; every
            // claim would be flagged, which helps nobody.
            Err(WorkspaceError::NoResume) => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        Ok(jobforge_ai::check(&prepared.input, content, phase))
    }
}

/// The year now, for "years listed" arithmetic.
pub fn current_year() -> u16 {
    u16::try_from(time::OffsetDateTime::now_utc().year()).unwrap_or(2026)
}

/// The keyring account that holds a provider's API key.
pub fn api_key_account(provider: ProviderKind) -> String {
    format!("api-key:{}", provider.as_str())
}

/// A provider's API key from the keyring, if one is stored.
pub fn provider_key(
    keyring: &Keyring,
    provider: ProviderKind,
) -> Result<Option<SecretString>, WorkspaceError> {
    Ok(keyring.get(&api_key_account(provider))?)
}

/// Stores a provider's API key in the keyring (never in the database or a file)
/// and reads it back to be sure the keyring kept it.
pub fn store_provider_key(
    keyring: &Keyring,
    provider: ProviderKind,
    key: &SecretString,
) -> Result<(), WorkspaceError> {
    let account = api_key_account(provider);
    keyring.set(&account, key.expose().trim())?;
    match keyring.get(&account)? {
        Some(read) if read.expose() == key.expose().trim() => Ok(()),
        _ => Err(WorkspaceError::ApiKeyNotStored {
            reason: "the keyring accepted the key but did not return it".to_owned(),
        }),
    }
}

pub fn delete_provider_key(
    keyring: &Keyring,
    provider: ProviderKind,
) -> Result<(), WorkspaceError> {
    Ok(keyring.delete(&api_key_account(provider))?)
}

/// What to run: which phases of which application, from which resume, with
/// which engine.
#[derive(Debug, Clone)]
pub struct RunPlan {
    pub application: ApplicationId,
    /// Run in this order; research, resume, cover letter for the whole pipeline.
    pub phases: Vec<Phase>,
    /// `None`: the resume used before, else the primary one.
    pub resume: Option<ResumeId>,
    pub engine: EngineConfig,
}

/// Runs the plan's phases in order, stopping at the first phase that does
/// not succeed. Every phase is recorded, whatever its outcome.
pub async fn run_pipeline(
    workspace: &mut Workspace,
    plan: &RunPlan,
    api_key: Option<&SecretString>,
    events: &mut (dyn FnMut(PipelineEvent) + Send),
    cancel: &CancelToken,
) -> Result<Vec<AiRun>, WorkspaceError> {
    let (application, engine) = (&plan.application, &plan.engine);
    let resume = plan.resume.as_ref();
    let mut runs = Vec::new();
    let prompts_dir = workspace.dir().prompts();
    for &phase in &plan.phases {
        let prepared = workspace.prepare_phase(application, phase, resume, current_year())?;
        events(PipelineEvent::PhaseStarted {
            phase,
            engine: engine.kind().as_str().to_owned(),
            model: engine.model().to_owned(),
        });
        let started_at = time::OffsetDateTime::now_utc();
        let clock = Instant::now();
        let result = {
            let mut forward = |event: StreamEvent| events(PipelineEvent::Stream { phase, event });
            jobforge_ai::run_phase(
                engine,
                api_key,
                Some(&prompts_dir),
                &prepared.input,
                &mut forward,
                cancel,
            )
            .await
        };
        let duration_ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
        let run = workspace.record_phase(&prepared, engine, started_at, duration_ms, &result)?;
        let open_flags = match &result {
            Ok(output) => output.findings.len(),
            Err(_) => 0,
        };
        let succeeded = result.is_ok();
        events(PipelineEvent::PhaseEnded {
            run: Box::new(run.clone()),
            open_flags,
            user_fixable: result
                .as_ref()
                .err()
                .is_none_or(|f| f.error.is_user_fixable()),
        });
        runs.push(run);
        if !succeeded {
            break;
        }
    }
    Ok(runs)
}

/// Where the AI settings live in the settings table.
const AI_SETTINGS: &str = "ai";

impl Workspace {
    /// The user's engine choice and provider settings (defaults until set).
    pub fn ai_settings(&self) -> Result<AiSettings, WorkspaceError> {
        Ok(self.store().setting(AI_SETTINGS)?.unwrap_or_default())
    }

    /// Saves the AI settings after checking every provider's fields.
    pub fn set_ai_settings(&mut self, settings: &AiSettings) -> Result<(), WorkspaceError> {
        for engine in EngineKind::ALL {
            if let Some(provider) = settings.provider(*engine) {
                provider
                    .validate()
                    .map_err(|e| WorkspaceError::from(jobforge_store::StoreError::Invalid(e)))?;
            }
        }
        Ok(self.store_mut().set_setting(AI_SETTINGS, settings)?)
    }
}

/// The engine to run for `engine`, with the user's settings for it.
pub fn engine_config(settings: &AiSettings, engine: EngineKind) -> EngineConfig {
    let (Some(kind), Some(provider)) = (provider_kind(engine), settings.provider(engine)) else {
        return EngineConfig::Offline;
    };
    let mut config = ProviderConfig::new(kind);
    if let Some(model) = provider
        .model
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        config.model = model.to_owned();
    }
    config.base_url = provider
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_owned);
    config.temperature = provider.temperature;
    if let Some(max_tokens) = provider.max_tokens {
        config.max_tokens = max_tokens;
    }
    EngineConfig::Provider(config)
}
