//! Applications, documents, flags, resumes, search and the dashboard: each
//! command one short call into the store under the workspace lock.

use jobforge_core::store::{ApplicationFilter, Store};
use jobforge_core::types::{
    AiRun, Application, ApplicationDetail, ApplicationRef, ApplicationStatus, Dashboard,
    DocumentRef, DocumentVersion, DocumentView, FlagRef, ListApplications, NewApplication,
    NewResume, RestoreVersion, Resume, ResumeRef, SaveDocument, SetStatus, ShellError, TruthFlag,
    UpdateApplication, UpdateResume, VersionOrigin,
};

use super::Shell;
use super::errors::OrShellError;

impl Shell {
    /// `list_applications`: newest first, optionally of one status.
    pub fn list_applications(
        &self,
        request: Option<ListApplications>,
    ) -> Result<Vec<Application>, ShellError> {
        let filter = ApplicationFilter {
            status: request.unwrap_or_default().status,
            ..ApplicationFilter::default()
        };
        self.with_open(|ws| ws.store().list_applications(&filter).or_shell())
    }

    /// `create_application`: starts tracking one, in status draft.
    pub fn create_application(&self, request: NewApplication) -> Result<Application, ShellError> {
        self.with_open(|ws| ws.store_mut().create_application(request).or_shell())
    }

    /// `application_detail`: the application, its status history, its
    /// documents with the flags on their current versions, and its runs.
    pub fn application_detail(
        &self,
        request: ApplicationRef,
    ) -> Result<ApplicationDetail, ShellError> {
        self.with_open(|ws| {
            let store = ws.store();
            let application = store.application(&request.id).or_shell()?;
            let history = store.status_history(&request.id).or_shell()?;
            let documents = store
                .documents(&request.id)
                .or_shell()?
                .into_iter()
                .map(|document| {
                    let flags = store.truth_flags(&document.current.id).or_shell()?;
                    Ok(DocumentView { document, flags })
                })
                .collect::<Result<_, ShellError>>()?;
            let runs: Vec<AiRun> = store.runs(&request.id).or_shell()?;
            Ok(ApplicationDetail {
                application,
                history,
                documents,
                runs,
            })
        })
    }

    /// `update_application`: a partial update (the contract carries no
    /// version, so the last writer wins).
    pub fn update_application(
        &self,
        request: UpdateApplication,
    ) -> Result<Application, ShellError> {
        self.with_open(|ws| {
            ws.store_mut()
                .update_application(&request.id, None, request.update)
                .or_shell()
        })
    }

    /// `set_status`: records the change in the history.
    pub fn set_status(&self, request: SetStatus) -> Result<Application, ShellError> {
        self.with_open(|ws| {
            ws.store_mut()
                .set_status(&request.id, request.status)
                .or_shell()
        })
    }

    /// `delete_application`: the application and its documents.
    pub fn delete_application(&self, request: ApplicationRef) -> Result<(), ShellError> {
        self.with_open(|ws| ws.store_mut().delete_application(&request.id).or_shell())
    }

    /// `save_document`: a version the user wrote, checked by the truth gate
    /// against the application's sources.
    pub fn save_document(&self, request: SaveDocument) -> Result<DocumentView, ShellError> {
        self.with_open(|ws| {
            let document = ws
                .save_document_checked(
                    &request.application,
                    request.kind,
                    &request.content,
                    VersionOrigin::User,
                )
                .or_shell()?;
            let flags = ws.store().truth_flags(&document.current.id).or_shell()?;
            Ok(DocumentView { document, flags })
        })
    }

    /// `document_versions`: newest first.
    pub fn document_versions(
        &self,
        request: DocumentRef,
    ) -> Result<Vec<DocumentVersion>, ShellError> {
        self.with_open(|ws| {
            ws.store()
                .document_versions(&request.application, request.kind)
                .or_shell()
        })
    }

    /// `restore_version`: an older version comes back as the newest,
    /// re-checked.
    pub fn restore_version(&self, request: RestoreVersion) -> Result<DocumentView, ShellError> {
        self.with_open(|ws| {
            let document = ws
                .restore_document_version(&request.application, request.kind, request.number)
                .or_shell()?;
            let flags = ws.store().truth_flags(&document.current.id).or_shell()?;
            Ok(DocumentView { document, flags })
        })
    }

    /// `accept_flag`: the user looked at a claim and says it is true.
    pub fn accept_flag(&self, request: FlagRef) -> Result<TruthFlag, ShellError> {
        self.with_open(|ws| ws.store_mut().accept_truth_flag(&request.id).or_shell())
    }

    /// `list_resumes`: the primary one first, then by name.
    pub fn list_resumes(&self) -> Result<Vec<Resume>, ShellError> {
        self.with_open(|ws| ws.store().list_resumes().or_shell())
    }

    /// `add_resume`.
    pub fn add_resume(&self, request: NewResume) -> Result<Resume, ShellError> {
        self.with_open(|ws| ws.store_mut().add_resume(request).or_shell())
    }

    /// `update_resume`: a partial update.
    pub fn update_resume(&self, request: UpdateResume) -> Result<Resume, ShellError> {
        self.with_open(|ws| {
            ws.store_mut()
                .update_resume(&request.id, request.update)
                .or_shell()
        })
    }

    /// `set_primary_resume`: the one the pipeline uses by default.
    pub fn set_primary_resume(&self, request: ResumeRef) -> Result<Resume, ShellError> {
        self.with_open(|ws| ws.store_mut().set_primary_resume(&request.id).or_shell())
    }

    /// `delete_resume`.
    pub fn delete_resume(&self, request: ResumeRef) -> Result<(), ShellError> {
        self.with_open(|ws| ws.store_mut().delete_resume(&request.id).or_shell())
    }

    /// `dashboard`: counts by status and the funnel.
    pub fn dashboard(&self) -> Result<Dashboard, ShellError> {
        self.with_open(|ws| dashboard(ws.store()).or_shell())
    }
}

/// The funnel counts how many applications ever reached each stage, from
/// their status history (one indexed query per application): every
/// application starts as a draft; "applied", "interview" and "offer" count
/// an application whose current status or any earlier one is that stage or
/// a later one (offer ⊂ interview ⊂ applied). Rejected and withdrawn are not
/// stages: an application rejected after an interview counts as applied and
/// interviewed; one withdrawn while still a draft counts only as a draft.
fn dashboard(store: &Store) -> Result<Dashboard, jobforge_core::store::StoreError> {
    let counts = store.count_by_status()?;
    let by_status: Vec<(ApplicationStatus, u64)> = ApplicationStatus::ALL
        .iter()
        .map(|status| {
            let count = counts
                .iter()
                .find(|(s, _)| s == status)
                .map_or(0, |(_, n)| *n);
            (*status, count)
        })
        .collect();
    let total = by_status.iter().map(|(_, n)| n).sum();

    const STAGES: [ApplicationStatus; 4] = [
        ApplicationStatus::Draft,
        ApplicationStatus::Applied,
        ApplicationStatus::Interview,
        ApplicationStatus::Offer,
    ];
    let stage = |status: ApplicationStatus| STAGES.iter().position(|s| *s == status);
    let mut reached = [0_u64; STAGES.len()];
    for application in store.list_applications(&ApplicationFilter::default())? {
        let history = store.status_history(&application.id)?;
        let furthest = history
            .iter()
            .map(|change| change.to)
            .chain(std::iter::once(application.status))
            .filter_map(stage)
            .max()
            .unwrap_or(0);
        for count in reached.iter_mut().take(furthest + 1) {
            *count += 1;
        }
    }
    Ok(Dashboard {
        by_status,
        funnel: STAGES.iter().copied().zip(reached).collect(),
        total,
    })
}

#[cfg(test)]
mod tests {
    use jobforge_core::types::{
        ApplicationUpdate, DocumentKind, Field, FocusArea, Priority, ResumeUpdate, ShellErrorKind,
    };

    use super::super::testing::{northwind, sample_shell};
    use super::*;

    fn new_application(company: &str) -> NewApplication {
        NewApplication {
            company: company.into(),
            role_title: "Backend Engineer".into(),
            job_description: "We build routing services in Rust and need someone who enjoys Kafka and PostgreSQL.".into(),
            job_url: Some("https://example.com/jobs/1".into()),
            location: None,
            priority: Priority::High,
            deadline: None,
            notes: String::new(),
        }
    }

    #[test]
    fn applications_are_created_listed_updated_and_deleted() {
        let (_tmp, shell) = sample_shell();
        let before = shell.list_applications(None).expect("list").len();
        let created = shell
            .create_application(new_application("Tidewater"))
            .expect("created");
        assert_eq!(created.status, ApplicationStatus::Draft);
        assert_eq!(
            shell.list_applications(None).expect("list")[0].id,
            created.id,
            "newest first"
        );
        let updated = shell
            .update_application(UpdateApplication {
                id: created.id,
                update: ApplicationUpdate {
                    notes: Some("Met them at RustConf.".into()),
                    ..ApplicationUpdate::default()
                },
            })
            .expect("updated");
        assert_eq!(updated.notes, "Met them at RustConf.");
        assert_eq!(updated.company, "Tidewater");

        let applied = shell
            .set_status(SetStatus {
                id: created.id,
                status: ApplicationStatus::Applied,
            })
            .expect("status");
        assert_eq!(applied.status, ApplicationStatus::Applied);
        let only_applied = shell
            .list_applications(Some(ListApplications {
                status: Some(ApplicationStatus::Applied),
            }))
            .expect("filtered");
        assert!(only_applied.iter().any(|a| a.id == created.id));
        assert!(
            only_applied
                .iter()
                .all(|a| a.status == ApplicationStatus::Applied)
        );

        let detail = shell
            .application_detail(ApplicationRef { id: created.id })
            .expect("detail");
        let statuses: Vec<_> = detail.history.iter().map(|c| c.to).collect();
        assert_eq!(
            statuses,
            [ApplicationStatus::Draft, ApplicationStatus::Applied]
        );
        assert!(detail.documents.is_empty() && detail.runs.is_empty());

        shell
            .delete_application(ApplicationRef { id: created.id })
            .expect("deleted");
        assert_eq!(shell.list_applications(None).expect("list").len(), before);
        let gone = shell
            .application_detail(ApplicationRef { id: created.id })
            .expect_err("deleted");
        assert_eq!(gone.kind, ShellErrorKind::User);
        assert!(gone.message.starts_with("No application matches"));
    }

    #[test]
    fn invalid_application_fields_come_back_one_by_one() {
        let (_tmp, shell) = sample_shell();
        let error = shell
            .create_application(NewApplication {
                company: "  ".into(),
                job_description: "too short".into(),
                job_url: Some("ftp://example.com".into()),
                ..new_application("x")
            })
            .expect_err("invalid");
        assert_eq!(error.kind, ShellErrorKind::Invalid);
        let fields: Vec<Field> = error.fields.iter().map(|f| f.field).collect();
        assert_eq!(
            fields,
            [Field::Company, Field::JobDescription, Field::JobUrl],
            "{error:?}"
        );
        assert!(error.fields.iter().all(|f| !f.problem.is_empty()));

        let app = northwind(&shell);
        let error = shell
            .update_application(UpdateApplication {
                id: app.id,
                update: ApplicationUpdate {
                    role_title: Some(String::new()),
                    ..ApplicationUpdate::default()
                },
            })
            .expect_err("invalid update");
        assert_eq!(error.kind, ShellErrorKind::Invalid);
        assert_eq!(error.fields[0].field, Field::RoleTitle);
    }

    #[test]
    fn documents_are_saved_versioned_restored_and_flags_accepted() {
        let (_tmp, shell) = sample_shell();
        let app = northwind(&shell);
        let first = shell
            .save_document(SaveDocument {
                application: app.id,
                kind: DocumentKind::CoverLetter,
                content:
                    "Dear Northwind Freight team,\n\nI would like to build your routing services.\n"
                        .into(),
            })
            .expect("first");
        assert_eq!(first.document.current.number, 1);
        assert_eq!(first.document.current.origin, VersionOrigin::User);
        let second = shell
            .save_document(SaveDocument {
                application: app.id,
                kind: DocumentKind::CoverLetter,
                content: "Dear Northwind Freight team,\n\nI spent three years at Initech and hold an MBA.\n".into(),
            })
            .expect("second");
        assert_eq!(second.document.current.number, 2);
        assert!(
            !second.flags.is_empty(),
            "an invented employer and degree are flagged"
        );
        let accepted = shell
            .accept_flag(FlagRef {
                id: second.flags[0].id,
            })
            .expect("accepted");
        assert!(accepted.is_resolved());

        let versions = shell
            .document_versions(DocumentRef {
                application: app.id,
                kind: DocumentKind::CoverLetter,
            })
            .expect("versions");
        assert_eq!(
            versions.iter().map(|v| v.number).collect::<Vec<_>>(),
            [2, 1]
        );
        let restored = shell
            .restore_version(RestoreVersion {
                application: app.id,
                kind: DocumentKind::CoverLetter,
                number: 1,
            })
            .expect("restored");
        assert_eq!(restored.document.current.number, 3);
        assert_eq!(restored.document.current.origin, VersionOrigin::Restored);
        assert_eq!(
            restored.document.current.content,
            first.document.current.content
        );
        assert!(restored.flags.is_empty());

        let detail = shell
            .application_detail(ApplicationRef { id: app.id })
            .expect("detail");
        assert_eq!(detail.documents.len(), 1);
        assert_eq!(detail.documents[0].document.version_count, 3);

        let missing = shell
            .restore_version(RestoreVersion {
                application: app.id,
                kind: DocumentKind::CoverLetter,
                number: 9,
            })
            .expect_err("no version 9");
        assert_eq!(missing.kind, ShellErrorKind::User);
        let empty = shell
            .save_document(SaveDocument {
                application: app.id,
                kind: DocumentKind::CoverLetter,
                content: String::new(),
            })
            .expect_err("empty");
        assert_eq!(empty.kind, ShellErrorKind::Invalid);
        assert_eq!(empty.fields[0].field, Field::DocumentContent);
    }

    #[test]
    fn resumes_are_added_updated_made_primary_and_deleted() {
        let (_tmp, shell) = sample_shell();
        let content = "# Ada Park\n\n## Experience\n\nSenior Software Engineer at Parcelwise, building logistics services in Rust and Go since 2021.\n";
        let added = shell
            .add_resume(NewResume {
                name: "Platform".into(),
                content: content.into(),
                focus_area: FocusArea::default(),
                is_primary: false,
            })
            .expect("added");
        assert!(!added.is_primary);
        let renamed = shell
            .update_resume(UpdateResume {
                id: added.id,
                update: ResumeUpdate {
                    name: Some("Platform engineering".into()),
                    ..ResumeUpdate::default()
                },
            })
            .expect("renamed");
        assert_eq!(renamed.name, "Platform engineering");
        let primary = shell
            .set_primary_resume(ResumeRef { id: added.id })
            .expect("primary");
        assert!(primary.is_primary);
        let library = shell.list_resumes().expect("library");
        assert_eq!(library[0].id, added.id, "primary first");
        assert_eq!(library.iter().filter(|r| r.is_primary).count(), 1);

        let short = shell
            .add_resume(NewResume {
                name: "Short".into(),
                content: "too short".into(),
                ..NewResume::default()
            })
            .expect_err("short");
        assert_eq!(short.kind, ShellErrorKind::Invalid);
        assert_eq!(short.fields[0].field, Field::ResumeContent);

        shell
            .delete_resume(ResumeRef { id: added.id })
            .expect("deleted");
        assert!(
            shell
                .list_resumes()
                .expect("library")
                .iter()
                .all(|r| r.id != added.id)
        );
    }

    #[test]
    fn the_dashboard_counts_statuses_and_the_furthest_stage_reached() {
        let (_tmp, shell) = sample_shell();
        let base = shell.dashboard().expect("dashboard");
        assert_eq!(base.by_status.len(), ApplicationStatus::ALL.len());
        let total = base.total;
        assert_eq!(
            total,
            shell.list_applications(None).expect("list").len() as u64
        );
        assert_eq!(base.funnel[0], (ApplicationStatus::Draft, total));

        let a = shell.create_application(new_application("A")).expect("a");
        let b = shell.create_application(new_application("B")).expect("b");
        let c = shell.create_application(new_application("C")).expect("c");
        let set = |id, status| {
            shell.set_status(SetStatus { id, status }).expect("status");
        };
        set(a.id, ApplicationStatus::Offer); // straight to an offer
        set(b.id, ApplicationStatus::Interview);
        set(b.id, ApplicationStatus::Rejected); // rejected after an interview
        set(c.id, ApplicationStatus::Withdrawn); // withdrawn as a draft

        let dashboard = shell.dashboard().expect("dashboard");
        assert_eq!(dashboard.total, total + 3);
        let count = |list: &[(ApplicationStatus, u64)], status| {
            list.iter().find(|(s, _)| *s == status).map(|(_, n)| *n)
        };
        let delta = |status| {
            count(&dashboard.funnel, status).expect("stage")
                - count(&base.funnel, status).expect("stage")
        };
        assert_eq!(delta(ApplicationStatus::Draft), 3);
        assert_eq!(delta(ApplicationStatus::Applied), 2);
        assert_eq!(delta(ApplicationStatus::Interview), 2);
        assert_eq!(delta(ApplicationStatus::Offer), 1);
        assert_eq!(
            count(&dashboard.by_status, ApplicationStatus::Rejected),
            count(&base.by_status, ApplicationStatus::Rejected).map(|n| n + 1)
        );
        let funnel: Vec<u64> = dashboard.funnel.iter().map(|(_, n)| *n).collect();
        assert!(funnel.windows(2).all(|w| w[0] >= w[1]), "{funnel:?}");
    }
}
