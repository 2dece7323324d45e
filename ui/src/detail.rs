//! The application view's state: the detail from the shell, the open
//! document tab, unsaved edits (kept per document, so switching tabs loses
//! nothing) and the version list of the open document.

use std::collections::BTreeMap;

use jobforge_types::{
    ApplicationDetail, ApplicationId, ApplicationUpdate, DocumentKind, DocumentVersion,
    DocumentView, ResumeFit, ResumeId, SaveDocument, SimilarApplication, TruthFlag,
    UpdateApplication, validate_document_content,
};

use crate::forms::FieldErrors;

#[derive(Debug, Clone, PartialEq)]
pub struct DetailState {
    pub detail: ApplicationDetail,
    pub tab: DocumentKind,
    /// Unsaved editor text per document.
    pub drafts: BTreeMap<DocumentKind, String>,
    /// Versions of the open document, newest first.
    pub versions: Option<(DocumentKind, Vec<DocumentVersion>)>,
    /// Unsaved notes.
    pub notes: Option<String>,
    pub notes_errors: FieldErrors,
    pub document_errors: FieldErrors,
    /// The document and text being saved, while `save_document` runs.
    pub saving: Option<(DocumentKind, String)>,
    /// The resume the next run uses (`None`: the primary one).
    pub run_resume: Option<ResumeId>,
    /// Applications whose postings read like this one's; `None` until loaded.
    pub similar: Option<Vec<SimilarApplication>>,
    /// The library ranked against the posting (or why it could not be);
    /// `None` until loaded.
    pub fit: Option<Result<Vec<ResumeFit>, String>>,
    /// The resume whose report is shown (`None`: the best fit).
    pub fit_shown: Option<ResumeId>,
}

impl DetailState {
    pub fn new(detail: ApplicationDetail) -> Self {
        let tab = DocumentKind::ALL
            .iter()
            .copied()
            .find(|kind| detail.documents.iter().any(|d| d.document.kind == *kind))
            .unwrap_or(DocumentKind::ResearchReport);
        Self {
            detail,
            tab,
            drafts: BTreeMap::new(),
            versions: None,
            similar: None,
            fit: None,
            fit_shown: None,
            notes: None,
            notes_errors: FieldErrors::default(),
            document_errors: FieldErrors::default(),
            saving: None,
            run_resume: None,
        }
    }

    pub fn id(&self) -> ApplicationId {
        self.detail.application.id
    }

    /// A fresh detail from the shell for the same application: drafts, tab
    /// and choices stay.
    /// The fit shown: the chosen resume's, else the best one.
    pub fn shown_fit(&self) -> Option<&ResumeFit> {
        let fits = self.fit.as_ref()?.as_ref().ok()?;
        self.fit_shown
            .and_then(|id| fits.iter().find(|f| f.resume == id))
            .or_else(|| fits.first())
    }

    pub fn refresh(&mut self, detail: ApplicationDetail) {
        self.detail = detail;
        if self.notes.as_deref() == Some(self.detail.application.notes.as_str()) {
            self.notes = None;
        }
        // Drafts equal to the saved text are no longer edits.
        let saved: Vec<DocumentKind> = self
            .drafts
            .iter()
            .filter(|(kind, text)| self.current_text(**kind) == Some(text.as_str()))
            .map(|(kind, _)| *kind)
            .collect();
        for kind in saved {
            self.drafts.remove(&kind);
        }
    }

    pub fn document(&self, kind: DocumentKind) -> Option<&DocumentView> {
        self.detail
            .documents
            .iter()
            .find(|d| d.document.kind == kind)
    }

    fn current_text(&self, kind: DocumentKind) -> Option<&str> {
        self.document(kind)
            .map(|d| d.document.current.content.as_str())
    }

    /// What the editor shows for the open tab.
    pub fn editor_text(&self) -> &str {
        self.drafts
            .get(&self.tab)
            .map(String::as_str)
            .or_else(|| self.current_text(self.tab))
            .unwrap_or("")
    }

    pub fn is_dirty(&self) -> bool {
        self.drafts.contains_key(&self.tab)
    }

    pub fn edit(&mut self, text: String) {
        self.document_errors = FieldErrors::default();
        if self.current_text(self.tab).unwrap_or("") == text {
            self.drafts.remove(&self.tab);
        } else {
            self.drafts.insert(self.tab, text);
        }
    }

    /// `save_document` succeeded: the draft that was sent is no longer an
    /// edit (even if the shell normalised the text); later typing stays.
    pub fn saved(&mut self) {
        if let Some((kind, sent)) = self.saving.take()
            && self.drafts.get(&kind) == Some(&sent)
        {
            self.drafts.remove(&kind);
        }
    }

    pub fn cancel_edit(&mut self) {
        self.drafts.remove(&self.tab);
        self.document_errors = FieldErrors::default();
    }

    /// The `save_document` request for the open draft, validated.
    pub fn save_request(&self) -> Result<Option<SaveDocument>, FieldErrors> {
        let Some(content) = self.drafts.get(&self.tab) else {
            return Ok(None);
        };
        validate_document_content(content).map_err(|e| FieldErrors::from_validation(&e))?;
        Ok(Some(SaveDocument {
            application: self.id(),
            kind: self.tab,
            content: content.clone(),
        }))
    }

    /// Flags on the open document's current version.
    pub fn flags(&self) -> &[TruthFlag] {
        self.document(self.tab).map_or(&[], |d| d.flags.as_slice())
    }

    /// Claims to highlight in the preview: the unresolved ones.
    pub fn open_claims(&self) -> Vec<&str> {
        self.flags()
            .iter()
            .filter(|f| !f.is_resolved())
            .map(|f| f.finding.claim.as_str())
            .collect()
    }

    pub fn versions(&self) -> &[DocumentVersion] {
        match &self.versions {
            Some((kind, versions)) if *kind == self.tab => versions,
            _ => &[],
        }
    }

    /// The current version's number of the open document.
    pub fn current_number(&self) -> Option<u32> {
        self.document(self.tab).map(|d| d.document.current.number)
    }

    pub fn notes_text(&self) -> &str {
        self.notes
            .as_deref()
            .unwrap_or(&self.detail.application.notes)
    }

    /// The `update_application` request for edited notes, validated. Only
    /// `notes` is set; see `ipc::call_with` on how unset fields travel.
    pub fn notes_request(&self) -> Result<Option<UpdateApplication>, FieldErrors> {
        let Some(notes) = &self.notes else {
            return Ok(None);
        };
        let update = ApplicationUpdate {
            notes: Some(notes.clone()),
            ..ApplicationUpdate::default()
        };
        update
            .validate()
            .map_err(|e| FieldErrors::from_validation(&e))?;
        Ok(Some(UpdateApplication {
            id: self.id(),
            update,
        }))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn detail_json(documents: serde_json::Value) -> ApplicationDetail {
        serde_json::from_value(serde_json::json!({
            "application": {
                "id": "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9a01",
                "name": "acme_rust_engineer_2026_03_07",
                "company": "Acme",
                "role_title": "Rust Engineer",
                "job_url": "https://acme.example/jobs/1",
                "job_description": "Build things in Rust for a long time, with care and tests.",
                "location": null,
                "priority": "high",
                "status": "draft",
                "phases": { "research_done": true, "resume_optimised": false, "cover_letter_done": false },
                "deadline": null,
                "notes": "met them at RustConf",
                "created_at": "2026-03-07T23:30:00Z",
                "updated_at": "2026-03-08T09:00:00Z",
                "version": 1
            },
            "history": [],
            "documents": documents,
            "runs": []
        }))
        .expect("a valid detail")
    }

    pub fn research_document(content: &str, flags: serde_json::Value) -> serde_json::Value {
        serde_json::json!([{
            "document": {
                "id": "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9c01",
                "application_id": "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9a01",
                "kind": "research_report",
                "current": {
                    "id": "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9d02",
                    "number": 2,
                    "content": content,
                    "origin": "generated",
                    "created_at": "2026-03-08T09:00:00Z"
                },
                "version_count": 2
            },
            "flags": flags
        }])
    }

    pub fn flag(id_suffix: u8, claim: &str, accepted: bool) -> serde_json::Value {
        serde_json::json!({
            "id": format!("0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9e0{id_suffix}"),
            "version_id": "0196a7c2-8f3e-7d41-9b2a-5c6d7e8f9d02",
            "kind": "number",
            "claim": claim,
            "sentence": format!("Grew revenue by {claim}."),
            "reason": "the resume mentions no such number",
            "accepted_at": if accepted { serde_json::json!("2026-03-08T10:00:00Z") } else { serde_json::Value::Null }
        })
    }

    #[test]
    fn the_first_existing_document_opens_and_drafts_are_kept_per_tab() {
        let mut state = DetailState::new(detail_json(research_document(
            "# Report",
            serde_json::json!([]),
        )));
        assert_eq!(state.tab, DocumentKind::ResearchReport);
        assert_eq!(state.editor_text(), "# Report");
        assert!(!state.is_dirty());

        state.edit("# Report, edited".into());
        assert!(state.is_dirty());
        state.tab = DocumentKind::CoverLetter;
        assert_eq!(state.editor_text(), "");
        state.tab = DocumentKind::ResearchReport;
        assert_eq!(state.editor_text(), "# Report, edited");

        state.edit("# Report".into());
        assert!(!state.is_dirty(), "typing the saved text back is no edit");
    }

    #[test]
    fn saving_sends_the_draft_and_a_refresh_with_it_clears_the_draft() {
        let mut state = DetailState::new(detail_json(research_document(
            "# Report",
            serde_json::json!([]),
        )));
        assert_eq!(state.save_request(), Ok(None), "nothing to save");
        state.edit("# Better report".into());
        let request = state.save_request().expect("valid").expect("a draft");
        assert_eq!(request.content, "# Better report");
        assert_eq!(request.kind, DocumentKind::ResearchReport);

        state.refresh(detail_json(research_document(
            "# Better report",
            serde_json::json!([]),
        )));
        assert!(!state.is_dirty());
    }

    #[test]
    fn an_empty_document_is_refused_before_sending() {
        let mut state = DetailState::new(detail_json(research_document(
            "# Report",
            serde_json::json!([]),
        )));
        state.edit("   ".into());
        let errors = state.save_request().expect_err("empty");
        assert!(errors.get("document_content").is_some(), "{errors:?}");
    }

    #[test]
    fn only_unresolved_claims_are_highlighted() {
        let state = DetailState::new(detail_json(research_document(
            "Grew revenue by 60%. Cut costs by 10%.",
            serde_json::json!([flag(1, "60%", false), flag(2, "10%", true)]),
        )));
        assert_eq!(state.flags().len(), 2);
        assert_eq!(state.open_claims(), vec!["60%"]);
    }

    #[test]
    fn notes_updates_carry_only_the_notes() {
        let mut state = DetailState::new(detail_json(serde_json::json!([])));
        assert_eq!(state.notes_text(), "met them at RustConf");
        assert_eq!(state.notes_request(), Ok(None));
        state.notes = Some("call back on Monday".into());
        let request = state.notes_request().expect("valid").expect("changed");
        assert_eq!(
            request.update,
            ApplicationUpdate {
                notes: Some("call back on Monday".into()),
                ..ApplicationUpdate::default()
            }
        );
    }
}
