//! A pipeline run as the application view shows it: the text streamed so
//! far for each phase, retries, and how each phase ended. Only
//! [`PipelineProgress`] events and the answer of `run_phases` change it.

use jobforge_types::{
    AiRun, ApplicationId, EngineKind, Phase, PipelineProgress, PipelineStep, RunOutcome, ShellError,
};

/// Where one phase of the run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamState {
    /// Asked for; not started yet.
    Waiting,
    Running,
    /// The last attempt failed; the engine tries again.
    Retrying,
    Succeeded,
    Failed,
    Cancelled,
}

impl StreamState {
    /// The `data-state` value and a word for people.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Running => "running",
            Self::Retrying => "retrying",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// The streamed output of one phase.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseStream {
    pub phase: Phase,
    pub state: StreamState,
    /// The text so far (void after a retry).
    pub text: String,
    /// Engine and model, once started.
    pub engine: Option<(EngineKind, String)>,
    /// Why the engine is trying again.
    pub retry_reason: Option<String>,
    /// Unresolved truth-gate flags on the saved document.
    pub open_flags: Option<usize>,
}

impl PhaseStream {
    fn new(phase: Phase) -> Self {
        Self {
            phase,
            state: StreamState::Waiting,
            text: String::new(),
            engine: None,
            retry_reason: None,
            open_flags: None,
        }
    }
}

/// The current (or last) run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunState {
    pub application: Option<ApplicationId>,
    /// `run_phases` has not answered yet.
    pub running: bool,
    /// The user asked to cancel; waiting for the run to stop.
    pub cancelling: bool,
    pub phases: Vec<PhaseStream>,
    /// Why the run failed, for `#run-error`.
    pub error: Option<String>,
}

impl RunState {
    /// A run of `phases` was asked for.
    pub fn start(application: ApplicationId, phases: &[Phase]) -> Self {
        Self {
            application: Some(application),
            running: true,
            cancelling: false,
            phases: phases.iter().copied().map(PhaseStream::new).collect(),
            error: None,
        }
    }

    pub fn is_running_for(&self, application: ApplicationId) -> bool {
        self.running && self.application == Some(application)
    }

    pub fn stream(&self, phase: Phase) -> Option<&PhaseStream> {
        self.phases.iter().find(|s| s.phase == phase)
    }

    fn stream_mut(&mut self, phase: Phase) -> &mut PhaseStream {
        let index = match self.phases.iter().position(|s| s.phase == phase) {
            Some(index) => index,
            None => {
                self.phases.push(PhaseStream::new(phase));
                self.phases.len() - 1
            }
        };
        &mut self.phases[index]
    }

    /// Applies one event. Returns the phase that ended, if this event ended
    /// one (the view then reloads the application). Events for another
    /// application than the one running are ignored; with nothing running,
    /// an event starts following that application's run.
    pub fn apply(&mut self, progress: &PipelineProgress) -> Option<(Phase, RunOutcome)> {
        if self.application != Some(progress.application) {
            if self.running {
                return None;
            }
            *self = Self::start(progress.application, &[]);
        }
        let stream = self.stream_mut(progress.phase);
        match &progress.step {
            PipelineStep::Started { engine, model } => {
                stream.state = StreamState::Running;
                stream.engine = Some((*engine, model.clone()));
                None
            }
            PipelineStep::Token { text } => {
                if stream.state != StreamState::Running {
                    stream.state = StreamState::Running;
                }
                stream.text.push_str(text);
                None
            }
            PipelineStep::Retrying {
                attempt, reason, ..
            } => {
                stream.state = StreamState::Retrying;
                stream.text.clear();
                stream.retry_reason = Some(format!("Attempt {attempt} failed: {reason}"));
                None
            }
            PipelineStep::Ended { run, open_flags } => {
                stream.open_flags = Some(*open_flags);
                stream.state = match run.outcome {
                    RunOutcome::Succeeded => StreamState::Succeeded,
                    RunOutcome::Failed => StreamState::Failed,
                    RunOutcome::Cancelled => StreamState::Cancelled,
                };
                if run.outcome == RunOutcome::Failed && self.error.is_none() {
                    self.error = Some(run_error(run));
                }
                Some((progress.phase, run.outcome))
            }
        }
    }

    /// `run_phases` answered.
    pub fn finish(&mut self, answer: Result<(), ShellError>) {
        self.running = false;
        self.cancelling = false;
        if let Err(error) = answer
            && self.error.is_none()
        {
            self.error = Some(error.message);
        }
        for stream in &mut self.phases {
            if matches!(stream.state, StreamState::Waiting) {
                stream.state = StreamState::Cancelled;
            }
        }
    }
}

/// The error of a failed run, for people.
pub fn run_error(run: &AiRun) -> String {
    match &run.error {
        Some(error) if !error.trim().is_empty() => {
            format!("The {} phase failed: {error}", run.phase.label())
        }
        _ => format!("The {} phase failed.", run.phase.label()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app_id(n: u8) -> ApplicationId {
        format!("0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9a0{n}")
            .parse()
            .expect("id")
    }

    fn event(app: ApplicationId, phase: Phase, step: PipelineStep) -> PipelineProgress {
        PipelineProgress {
            application: app,
            phase,
            step,
        }
    }

    fn token(app: ApplicationId, phase: Phase, text: &str) -> PipelineProgress {
        event(app, phase, PipelineStep::Token { text: text.into() })
    }

    fn run(outcome: RunOutcome, error: Option<&str>) -> AiRun {
        serde_json::from_value(serde_json::json!({
            "id": "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9b01",
            "application_id": "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9a01",
            "phase": "research",
            "engine": "openai",
            "model": "gpt-x",
            "prompt_version": "research@1",
            "resume_id": null,
            "outcome": outcome.as_str(),
            "error": error,
            "input_tokens": 10,
            "output_tokens": 20,
            "tokens_reported": true,
            "cost_usd": null,
            "attempts": 1,
            "started_at": "2026-03-07T10:00:00Z",
            "duration_ms": 1200,
            "document_version_id": null,
            "draft": null
        }))
        .expect("a valid run")
    }

    #[test]
    fn tokens_stream_into_their_phase() {
        let app = app_id(1);
        let mut state = RunState::start(app, &[Phase::Research, Phase::Resume]);
        state.apply(&event(
            app,
            Phase::Research,
            PipelineStep::Started {
                engine: EngineKind::Offline,
                model: "builtin".into(),
            },
        ));
        state.apply(&token(app, Phase::Research, "# Acme"));
        state.apply(&token(app, Phase::Research, " report"));
        let research = state.stream(Phase::Research).expect("research");
        assert_eq!(research.text, "# Acme report");
        assert_eq!(research.state, StreamState::Running);
        assert_eq!(
            state.stream(Phase::Resume).map(|s| s.state),
            Some(StreamState::Waiting)
        );
    }

    #[test]
    fn a_retry_voids_the_phase_text_and_says_why() {
        let app = app_id(1);
        let mut state = RunState::start(app, &[Phase::Research]);
        state.apply(&token(app, Phase::Research, "half a sent"));
        state.apply(&event(
            app,
            Phase::Research,
            PipelineStep::Retrying {
                attempt: 1,
                wait_ms: 500,
                reason: "the provider answered 503".into(),
            },
        ));
        let stream = state.stream(Phase::Research).expect("research");
        assert_eq!(stream.text, "");
        assert_eq!(stream.state, StreamState::Retrying);
        assert_eq!(
            stream.retry_reason.as_deref(),
            Some("Attempt 1 failed: the provider answered 503")
        );
        state.apply(&token(app, Phase::Research, "fresh"));
        let stream = state.stream(Phase::Research).expect("research");
        assert_eq!(
            (stream.text.as_str(), stream.state),
            ("fresh", StreamState::Running)
        );
    }

    #[test]
    fn a_failed_phase_reports_the_run_error() {
        let app = app_id(1);
        let mut state = RunState::start(app, &[Phase::Research]);
        let ended = state.apply(&event(
            app,
            Phase::Research,
            PipelineStep::Ended {
                run: run(RunOutcome::Failed, Some("the API key was refused")),
                open_flags: 0,
            },
        ));
        assert_eq!(ended, Some((Phase::Research, RunOutcome::Failed)));
        assert_eq!(
            state.error.as_deref(),
            Some("The Research phase failed: the API key was refused")
        );
        state.finish(Err(ShellError {
            kind: jobforge_types::ShellErrorKind::User,
            message: "later message".into(),
            fields: vec![],
        }));
        assert!(!state.running);
        assert_eq!(
            state.error.as_deref(),
            Some("The Research phase failed: the API key was refused"),
            "the first, most specific error stays"
        );
    }

    #[test]
    fn events_of_another_application_are_ignored_while_running() {
        let mut state = RunState::start(app_id(1), &[Phase::Research]);
        state.apply(&token(app_id(2), Phase::Research, "not ours"));
        assert_eq!(
            state.stream(Phase::Research).map(|s| s.text.as_str()),
            Some("")
        );
        state.finish(Ok(()));
        state.apply(&token(app_id(2), Phase::Resume, "now followed"));
        assert_eq!(state.application, Some(app_id(2)));
        assert_eq!(
            state.stream(Phase::Resume).map(|s| s.text.as_str()),
            Some("now followed")
        );
    }

    #[test]
    fn a_finished_run_marks_phases_that_never_started_as_cancelled() {
        let app = app_id(1);
        let mut state = RunState::start(app, &[Phase::Research, Phase::Resume]);
        state.apply(&event(
            app,
            Phase::Research,
            PipelineStep::Ended {
                run: run(RunOutcome::Cancelled, None),
                open_flags: 0,
            },
        ));
        state.finish(Ok(()));
        assert_eq!(
            state.stream(Phase::Resume).map(|s| s.state),
            Some(StreamState::Cancelled)
        );
        assert_eq!(state.error, None);
    }
}
