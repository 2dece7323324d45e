//! `run_phases` and `cancel_run`: the AI pipeline, one run at a time, with
//! progress sent to the window as it happens.
//!
//! Each phase is prepared under the workspace lock, generated without it
//! (a model may stream for minutes while the window stays usable), then
//! recorded under the lock again.

use std::time::Instant;

use jobforge_core::ai::{StreamEvent, provider_kind, run_phase};
use jobforge_core::pipeline::{current_year, engine_config};
use jobforge_core::types::{
    AiRun, PipelineProgress, PipelineStep, RunRef, RunRequest, ShellError, Timestamp,
};

use super::Shell;
use super::errors::{OrShellError, internal_error, user_error};
use super::progress::ProgressSink;

/// A small async runtime for one run, download or connection test, on the
/// calling (blocking) thread; `what` names it for the person ("a run").
pub(super) fn runtime(what: &str) -> Result<tokio::runtime::Runtime, ShellError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            internal_error(
                &format!("Job Forge could not start {what}; see the log."),
                &e,
            )
        })
}

impl Shell {
    /// `run_phases`: runs the phases in order with the engine chosen in the
    /// settings, stopping at the first that does not succeed. Every phase
    /// is recorded, whatever its outcome; answers with the runs.
    pub fn run_phases(
        &self,
        request: RunRequest,
        progress: &dyn ProgressSink,
    ) -> Result<Vec<AiRun>, ShellError> {
        if request.phases.is_empty() {
            return Err(user_error("Choose at least one phase to run."));
        }
        let slot = self
            .running
            .claim("A run is already in progress; wait for it to finish or cancel it first.")?;
        let cancel = slot.token();
        let application = request.application;
        let (engine, prompts_dir) = self.with_open(|ws| {
            // Fail early, before any key or runtime, for a missing application.
            ws.store().application(&application).or_shell()?;
            let settings = ws.ai_settings().or_shell()?;
            Ok((
                engine_config(&settings, settings.engine),
                ws.dir().prompts(),
            ))
        })?;
        let api_key = match provider_kind(engine.kind()) {
            Some(provider) => self.api_key(provider)?,
            None => None,
        };
        let runtime = runtime("a run")?;
        let send = |phase, step| {
            progress.send(PipelineProgress {
                application,
                phase,
                step,
            });
        };

        let mut runs = Vec::new();
        for &phase in &request.phases {
            if cancel.is_cancelled() {
                break;
            }
            let prepared = self.with_open(|ws| {
                ws.prepare_phase(&application, phase, request.resume.as_ref(), current_year())
                    .or_shell()
            })?;
            send(
                phase,
                PipelineStep::Started {
                    engine: engine.kind(),
                    model: engine.model().to_owned(),
                },
            );
            let started_at = Timestamp::now_utc();
            let clock = Instant::now();
            let result = {
                let mut forward = |event: StreamEvent| {
                    let step = match event {
                        StreamEvent::Token(text) => PipelineStep::Token { text },
                        StreamEvent::Retrying {
                            attempt,
                            wait,
                            reason,
                        } => PipelineStep::Retrying {
                            attempt,
                            wait_ms: u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                            reason,
                        },
                    };
                    send(phase, step);
                };
                runtime.block_on(run_phase(
                    &engine,
                    api_key.as_ref(),
                    Some(&prompts_dir),
                    &prepared.input,
                    &mut forward,
                    cancel,
                ))
            };
            let duration_ms = u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX);
            let run = self.with_open(|ws| {
                ws.record_phase(&prepared, &engine, started_at, duration_ms, &result)
                    .or_shell()
            })?;
            let open_flags = result.as_ref().map_or(0, |output| output.findings.len());
            send(
                phase,
                PipelineStep::Ended {
                    run: run.clone(),
                    open_flags,
                },
            );
            runs.push(run);
            if result.is_err() {
                break;
            }
        }
        Ok(runs)
    }

    /// `cancel_run`: stops the run in progress at its next step, if there is
    /// one; what it wrote so far is kept as a draft on its run record. The
    /// argument is ignored: a run's ID exists only once it has ended.
    pub fn cancel_run(&self, _request: RunRef) {
        self.running.cancel("pipeline run");
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use jobforge_core::types::{
        AiSettings, ApplicationId, ApplicationRef, DocumentKind, EngineKind, Phase,
        ProviderSettings, RunOutcome, ShellErrorKind,
    };
    use jobforge_testkit::http_script::{Reply, Server};

    use super::super::testing::{northwind, sample_shell};
    use super::*;

    /// What a test sees of the progress, in order.
    #[derive(Debug, PartialEq)]
    enum Seen {
        Started(Phase, EngineKind),
        Token(Phase),
        Retrying(Phase),
        Ended(Phase, RunOutcome),
    }

    fn seen(progress: &PipelineProgress) -> Seen {
        match &progress.step {
            PipelineStep::Started { engine, .. } => Seen::Started(progress.phase, *engine),
            PipelineStep::Token { .. } => Seen::Token(progress.phase),
            PipelineStep::Retrying { .. } => Seen::Retrying(progress.phase),
            PipelineStep::Ended { run, .. } => Seen::Ended(progress.phase, run.outcome),
        }
    }

    /// Collapses runs of tokens, so the order of steps is easy to compare.
    fn steps(events: &[PipelineProgress]) -> Vec<Seen> {
        let mut out: Vec<Seen> = Vec::new();
        for event in events {
            let next = seen(event);
            if !(matches!(next, Seen::Token(_)) && out.last() == Some(&next)) {
                out.push(next);
            }
        }
        out
    }

    fn request(application: ApplicationId, phases: &[Phase]) -> RunRequest {
        RunRequest {
            application,
            phases: phases.to_vec(),
            resume: None,
        }
    }

    #[test]
    fn the_offline_pipeline_streams_in_order_and_records_every_phase() {
        let (_tmp, shell) = sample_shell();
        let app = northwind(&shell);
        let events = Mutex::new(Vec::new());
        let sink = |p: PipelineProgress| {
            // The workspace is not locked while the engine streams: other
            // commands answer in the middle of a run.
            if matches!(p.step, PipelineStep::Token { .. }) {
                assert!(shell.list_applications(None).is_ok());
            }
            events.lock().expect("events").push(p);
        };
        let runs = shell
            .run_phases(request(app.id, Phase::ALL), &sink)
            .expect("runs");
        assert_eq!(runs.len(), 3);
        assert!(runs.iter().all(|r| r.outcome == RunOutcome::Succeeded));

        let events = events.into_inner().expect("events");
        assert!(events.iter().all(|e| e.application == app.id));
        let mut expected = Vec::new();
        for (phase, run) in Phase::ALL.iter().zip(&runs) {
            expected.push(Seen::Started(*phase, EngineKind::Offline));
            expected.push(Seen::Token(*phase));
            expected.push(Seen::Ended(*phase, run.outcome));
        }
        assert_eq!(steps(&events), expected);

        // The tokens of a phase are its document.
        let streamed: String = events
            .iter()
            .filter(|e| e.phase == Phase::CoverLetter)
            .filter_map(|e| match &e.step {
                PipelineStep::Token { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let detail = shell
            .application_detail(ApplicationRef { id: app.id })
            .expect("detail");
        let letter = detail
            .documents
            .iter()
            .find(|d| d.document.kind == DocumentKind::CoverLetter)
            .expect("letter saved");
        assert_eq!(streamed, letter.document.current.content);
        assert_eq!(detail.runs.len(), 3);
        let Some(PipelineStep::Ended { run, open_flags }) = events.last().map(|e| &e.step) else {
            panic!("the last step ends the run");
        };
        assert_eq!(run, &runs[2]);
        assert_eq!(*open_flags, 0, "the offline engine invents nothing");
    }

    #[test]
    fn a_cancelled_run_keeps_its_draft_and_frees_the_slot() {
        let (_tmp, shell) = sample_shell();
        let app = northwind(&shell);
        let events = Mutex::new(Vec::new());
        let sink = |p: PipelineProgress| {
            if matches!(p.step, PipelineStep::Token { .. }) {
                // One run at a time: a second one is refused meanwhile.
                let second = shell
                    .run_phases(request(app.id, &[Phase::Research]), &|_| {})
                    .expect_err("busy");
                assert_eq!(second.kind, ShellErrorKind::User);
                assert!(second.message.contains("already in progress"));
                shell.cancel_run(None);
            }
            events.lock().expect("events").push(p);
        };
        let runs = shell
            .run_phases(request(app.id, Phase::ALL), &sink)
            .expect("runs");
        assert_eq!(runs.len(), 1, "later phases do not start");
        let run = &runs[0];
        assert_eq!(run.outcome, RunOutcome::Cancelled);
        assert!(
            run.draft.as_deref().is_some_and(|d| !d.is_empty()),
            "the text so far is kept: {run:?}"
        );
        assert_eq!(run.document_version_id, None);
        let events = events.into_inner().expect("events");
        assert_eq!(
            steps(&events),
            [
                Seen::Started(Phase::Research, EngineKind::Offline),
                Seen::Token(Phase::Research),
                Seen::Ended(Phase::Research, RunOutcome::Cancelled),
            ]
        );
        let detail = shell
            .application_detail(ApplicationRef { id: app.id })
            .expect("detail");
        assert!(
            detail.documents.is_empty(),
            "a cancelled run saves no document"
        );

        // Cancelling with nothing running is harmless, and the slot is free.
        shell.cancel_run(None);
        let again = shell
            .run_phases(request(app.id, &[Phase::Research]), &|_| {})
            .expect("runs again");
        assert_eq!(again[0].outcome, RunOutcome::Succeeded);
    }

    #[test]
    fn a_run_without_a_resume_or_phases_is_refused_before_it_starts() {
        let (_tmp, shell) = sample_shell();
        let app = northwind(&shell);
        let none = shell
            .run_phases(request(app.id, &[]), &|_| {})
            .expect_err("no phases");
        assert_eq!(none.kind, ShellErrorKind::User);
        for resume in shell.list_resumes().expect("resumes") {
            shell
                .delete_resume(jobforge_core::types::ResumeRef { id: resume.id })
                .expect("delete");
        }
        let events = Mutex::new(Vec::new());
        let error = shell
            .run_phases(request(app.id, Phase::ALL), &|p| {
                events.lock().expect("events").push(p);
            })
            .expect_err("no resume");
        assert_eq!(error.kind, ShellErrorKind::User);
        assert!(error.message.contains("Resumes"), "{}", error.message);
        assert!(events.into_inner().expect("events").is_empty());
        // The slot was freed by the failure.
        let again = shell
            .run_phases(request(app.id, Phase::ALL), &|_| {})
            .expect_err("still no resume");
        assert!(again.message.contains("no resume"), "{}", again.message);
    }

    #[test]
    fn a_provider_run_streams_retries_and_records_the_failure() {
        let (_tmp, shell) = sample_shell();
        let app = northwind(&shell);
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let cut = "data: {\"choices\":[{\"delta\":{\"content\":\"# Research\\n\"}}]}\n\n";
        let server = rt.block_on(Server::start(vec![
            Reply::sse(cut),
            Reply::sse(cut),
            Reply::sse(cut),
            Reply::sse(cut),
        ]));
        shell
            .set_ai_settings(AiSettings {
                engine: EngineKind::OpenAiCompatible,
                openai_compatible: ProviderSettings {
                    model: Some("llama3.1".into()),
                    base_url: Some(server.base_url()),
                    ..ProviderSettings::default()
                },
                ..AiSettings::default()
            })
            .expect("settings");
        let events = Mutex::new(Vec::new());
        let runs = shell
            .run_phases(request(app.id, Phase::ALL), &|p| {
                events.lock().expect("events").push(p);
            })
            .expect("runs");
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].outcome, RunOutcome::Failed);
        assert_eq!(runs[0].engine, EngineKind::OpenAiCompatible);
        assert!(runs[0].error.is_some());
        let steps = steps(&events.into_inner().expect("events"));
        assert_eq!(
            steps.first(),
            Some(&Seen::Started(
                Phase::Research,
                EngineKind::OpenAiCompatible
            ))
        );
        assert!(
            steps.contains(&Seen::Retrying(Phase::Research)),
            "{steps:?}"
        );
        assert_eq!(
            steps.last(),
            Some(&Seen::Ended(Phase::Research, RunOutcome::Failed))
        );
    }
}
