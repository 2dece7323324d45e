//! What the UI shows and how it changes, as plain data and functions: no
//! Yew, no browser, so it is tested on the host.

use jobforge_types::{
    Application, ApplicationStatus, ShellError, ShellErrorKind, WorkspaceOverview,
};

/// The main area of the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// Waiting for the shell to open (or create) the workspace.
    Opening,
    /// The workspace is open.
    Ready(WorkspaceOverview),
    /// The workspace cannot be opened.
    Failed(ShellError),
}

/// Everything the UI knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub screen: Screen,
    /// A `load_sample_data` call is under way.
    pub loading_sample: bool,
    /// Why the last attempt to load sample data failed.
    pub sample_error: Option<ShellError>,
}

impl Default for Model {
    fn default() -> Self {
        Self {
            screen: Screen::Opening,
            loading_sample: false,
            sample_error: None,
        }
    }
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// The person asked to try opening the workspace again.
    Retry,
    /// The shell answered `workspace_overview`.
    Opened(Result<WorkspaceOverview, ShellError>),
    /// The person asked for sample data.
    SampleRequested,
    /// The shell answered `load_sample_data`.
    SampleLoaded(Result<WorkspaceOverview, ShellError>),
}

impl Model {
    /// The model after `msg`.
    pub fn apply(&self, msg: Msg) -> Self {
        match msg {
            Msg::Retry => Self::default(),
            Msg::Opened(Ok(overview)) => Self {
                screen: Screen::Ready(overview),
                ..Self::default()
            },
            Msg::Opened(Err(error)) => Self {
                screen: Screen::Failed(error),
                ..Self::default()
            },
            Msg::SampleRequested if self.can_load_sample() => Self {
                loading_sample: true,
                sample_error: None,
                ..self.clone()
            },
            Msg::SampleRequested => self.clone(),
            Msg::SampleLoaded(Ok(overview)) => Self {
                screen: Screen::Ready(overview),
                ..Self::default()
            },
            Msg::SampleLoaded(Err(error)) => Self {
                loading_sample: false,
                sample_error: Some(error),
                ..self.clone()
            },
        }
    }

    /// Whether the "Load sample data" button does anything now: only in an
    /// open, empty workspace, and once at a time.
    pub fn can_load_sample(&self) -> bool {
        !self.loading_sample
            && matches!(&self.screen, Screen::Ready(o) if o.applications.is_empty())
    }
}

/// What to tell the person about a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guidance {
    pub title: &'static str,
    /// The shell's own description of the problem.
    pub detail: String,
    /// What to do about it, when there is something to do.
    pub hint: Option<&'static str>,
}

pub fn guidance(error: &ShellError) -> Guidance {
    let (title, hint) = match error.kind {
        ShellErrorKind::PassphraseRequired => (
            "Your workspace needs a passphrase",
            Some(
                "Job Forge cannot ask for it in this window yet. Quit Job Forge, set the \
                 JOBFORGE_PASSPHRASE environment variable to your passphrase and start it again, \
                 or run `jobforge init` in a terminal to create your workspace.",
            ),
        ),
        ShellErrorKind::WrongPassphrase => (
            "The passphrase does not unlock your workspace",
            Some("Check the JOBFORGE_PASSPHRASE environment variable, then start Job Forge again."),
        ),
        ShellErrorKind::Keyring => (
            "The system keyring cannot be used",
            Some(
                "Unlock your keyring (for example by logging in to your desktop session), then try again.",
            ),
        ),
        ShellErrorKind::NotEmpty => ("Sample data was not loaded", None),
        ShellErrorKind::User | ShellErrorKind::Invalid => ("Your workspace cannot be opened", None),
        ShellErrorKind::Internal => ("Something went wrong", None),
    };
    Guidance {
        title,
        detail: error.message.clone(),
        hint,
    }
}

/// The status as a person reads it.
pub fn status_label(status: ApplicationStatus) -> &'static str {
    match status {
        ApplicationStatus::Draft => "Draft",
        ApplicationStatus::Applied => "Applied",
        ApplicationStatus::Interview => "Interview",
        ApplicationStatus::Offer => "Offer",
        ApplicationStatus::Rejected => "Rejected",
        ApplicationStatus::Withdrawn => "Withdrawn",
    }
}

/// CSS classes of a status badge; the colour is never the only signal, the
/// badge also carries the label.
pub fn status_badge_class(status: ApplicationStatus) -> String {
    format!("badge badge-{}", status.as_str())
}

/// The day an application was created, `YYYY-MM-DD` (UTC).
pub fn created_date(application: &Application) -> String {
    let date = application.created_at.date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// "1 application", "3 applications".
pub fn count_label(count: usize) -> String {
    if count == 1 {
        "1 application".to_owned()
    } else {
        format!("{count} applications")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn application(company: &str, status: &str) -> Application {
        serde_json::from_value(serde_json::json!({
            "id": "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9a01",
            "name": "acme_rust_engineer_2026_03_07",
            "company": company,
            "role_title": "Rust Engineer",
            "job_url": null,
            "job_description": "Build things in Rust for a long time, with care and tests.",
            "location": null,
            "priority": "high",
            "status": status,
            "phases": { "research_done": false, "resume_optimised": false, "cover_letter_done": false },
            "deadline": null,
            "notes": "",
            "created_at": "2026-03-07T23:30:00Z",
            "updated_at": "2026-03-08T09:00:00Z",
            "version": 1
        }))
        .expect("a valid application")
    }

    fn overview(applications: Vec<Application>) -> WorkspaceOverview {
        WorkspaceOverview {
            data_dir: "/tmp/jobforge".into(),
            newly_created: false,
            applications,
        }
    }

    fn error(kind: ShellErrorKind) -> ShellError {
        ShellError {
            kind,
            message: "it failed".into(),
            fields: Vec::new(),
        }
    }

    #[test]
    fn sample_data_is_offered_only_for_an_open_empty_workspace() {
        let opening = Model::default();
        assert!(!opening.can_load_sample());

        let empty = opening.apply(Msg::Opened(Ok(overview(vec![]))));
        assert!(empty.can_load_sample());

        let loading = empty.apply(Msg::SampleRequested);
        assert!(loading.loading_sample);
        assert!(!loading.can_load_sample(), "one request at a time");
        assert_eq!(loading.apply(Msg::SampleRequested), loading);

        let full = loading.apply(Msg::SampleLoaded(Ok(overview(vec![application(
            "Acme", "draft",
        )]))));
        assert!(!full.loading_sample);
        assert!(!full.can_load_sample());
        assert!(matches!(&full.screen, Screen::Ready(o) if o.applications.len() == 1));
    }

    #[test]
    fn a_failed_sample_load_keeps_the_list_and_says_why() {
        let empty = Model::default().apply(Msg::Opened(Ok(overview(vec![]))));
        let failed = empty
            .apply(Msg::SampleRequested)
            .apply(Msg::SampleLoaded(Err(error(ShellErrorKind::NotEmpty))));
        assert_eq!(failed.screen, empty.screen);
        assert!(!failed.loading_sample);
        assert_eq!(
            failed.sample_error.map(|e| e.kind),
            Some(ShellErrorKind::NotEmpty)
        );
    }

    #[test]
    fn open_failures_become_the_error_screen_and_retry_starts_over() {
        let failed =
            Model::default().apply(Msg::Opened(Err(error(ShellErrorKind::PassphraseRequired))));
        assert!(
            matches!(&failed.screen, Screen::Failed(e) if e.kind == ShellErrorKind::PassphraseRequired)
        );
        assert_eq!(failed.apply(Msg::Retry), Model::default());
    }

    #[test]
    fn a_missing_passphrase_explains_both_ways_out() {
        let g = guidance(&error(ShellErrorKind::PassphraseRequired));
        let hint = g.hint.expect("a hint");
        assert!(hint.contains("JOBFORGE_PASSPHRASE"), "{hint}");
        assert!(hint.contains("jobforge init"), "{hint}");
        assert_eq!(g.detail, "it failed");
    }

    #[test]
    fn list_rows_show_a_day_a_label_and_a_badge() {
        let app = application("Acme", "interview");
        assert_eq!(created_date(&app), "2026-03-07");
        assert_eq!(status_label(app.status), "Interview");
        assert_eq!(status_badge_class(app.status), "badge badge-interview");
        assert_eq!(count_label(1), "1 application");
        assert_eq!(count_label(0), "0 applications");
    }
}
