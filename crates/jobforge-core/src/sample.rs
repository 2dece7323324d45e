//! Sample data shipped in `assets/sample/`, so a new user can look around
//! before entering their own (and so the app's main job can be shown on a
//! machine with no display).

use jobforge_store::Store;
use jobforge_types::{
    Application, FocusArea, NewApplication, NewResume, NewWritingSample, Priority, ProfileUpdate,
    Resume,
};
use serde::Deserialize;

use crate::WorkspaceError;

const RESUME: &str = include_str!("../../../assets/sample/resume-ada-park.md");
const APPLICATIONS: &str = include_str!("../../../assets/sample/applications.json");
const WRITING_SAMPLE: &str = include_str!("../../../assets/sample/writing-sample.md");

#[derive(Deserialize)]
struct SamplePosting {
    company: String,
    role_title: String,
    location: Option<String>,
    job_url: Option<String>,
    priority: Priority,
    description: String,
}

/// What [`load`] added.
#[derive(Debug)]
pub struct SampleData {
    pub resume: Resume,
    pub applications: Vec<Application>,
}

/// Adds the sample profile, resume, writing sample and applications. Only
/// into an empty workspace, so the user's own data is never mixed with it.
pub fn load(store: &mut Store) -> Result<SampleData, WorkspaceError> {
    let has_data = !store
        .list_applications(&jobforge_store::ApplicationFilter {
            limit: Some(1),
            ..Default::default()
        })?
        .is_empty()
        || !store.list_resumes()?.is_empty();
    if has_data {
        return Err(WorkspaceError::NotEmpty);
    }
    let postings: Vec<SamplePosting> = serde_json::from_str(APPLICATIONS)
        .map_err(|e| WorkspaceError::BundledAsset(format!("sample applications: {e}")))?;
    store.set_profile(ProfileUpdate {
        full_name: "Ada Park".into(),
        email: Some("ada.park@example.com".into()),
        contact_lines: vec![
            "+1 555 0142".into(),
            "Portland, OR".into(),
            "github.com/adapark".into(),
        ],
    })?;
    store.add_writing_sample(NewWritingSample {
        title: "Letter to Harbor Logistics".into(),
        content: WRITING_SAMPLE.into(),
    })?;
    let resume = store.add_resume(NewResume {
        name: "Backend (general)".into(),
        content: RESUME.into(),
        focus_area: FocusArea::SoftwareDevelopment,
        is_primary: true,
    })?;
    let mut applications = Vec::new();
    for posting in postings {
        applications.push(store.create_application(NewApplication {
            company: posting.company,
            role_title: posting.role_title,
            job_description: posting.description,
            job_url: posting.job_url,
            location: posting.location,
            priority: posting.priority,
            ..NewApplication::default()
        })?);
    }
    Ok(SampleData {
        resume,
        applications,
    })
}
