//! How well the user's resumes fit an application's posting: the match
//! score, its explanation and the gaps (`jobforge-match`), for one resume or
//! the whole library ranked.

use jobforge_analysis::posting;
use jobforge_embed::Embedder;
use jobforge_match::{MatchSettings, Matcher};
use jobforge_store::Store;
use jobforge_types::{ApplicationId, MatchReport, ResumeFit, ResumeId};

use crate::WorkspaceError;

fn settings() -> MatchSettings {
    MatchSettings::new(u16::try_from(time::OffsetDateTime::now_utc().year()).unwrap_or(2026))
}

/// Runs `work` with a matcher for the application's posting (read and
/// embedded once, whatever the number of resumes).
fn with_matcher<T>(
    store: &Store,
    embedder: &dyn Embedder,
    application: &ApplicationId,
    work: impl FnOnce(&Matcher<'_>) -> Result<T, WorkspaceError>,
) -> Result<T, WorkspaceError> {
    let application = store.application(application)?;
    let analysis = posting::analyse(
        &application.job_description,
        &application.company,
        &application.role_title,
    );
    let matcher = Matcher::new(
        &application.job_description,
        &analysis,
        embedder,
        settings(),
    )?;
    work(&matcher)
}

/// Every resume in the library against the application's posting, best fit
/// first.
pub fn rank_library(
    store: &Store,
    embedder: &dyn Embedder,
    application: &ApplicationId,
) -> Result<Vec<ResumeFit>, WorkspaceError> {
    let resumes = store.list_resumes()?;
    if resumes.is_empty() {
        return Err(WorkspaceError::NoResume);
    }
    let labelled: Vec<(String, &str)> = resumes
        .iter()
        .map(|r| (r.id.to_string(), r.content.as_str()))
        .collect();
    let ranked = with_matcher(store, embedder, application, |matcher| {
        Ok(matcher.rank(&labelled)?)
    })?;
    let mut fits = Vec::with_capacity(ranked.len());
    for entry in ranked {
        let Some(resume) = resumes.iter().find(|r| r.id.to_string() == entry.label) else {
            continue;
        };
        fits.push(ResumeFit {
            resume: resume.id,
            name: resume.name.clone(),
            is_primary: resume.is_primary,
            rank: entry.rank,
            report: entry.report,
        });
    }
    Ok(fits)
}

/// One resume (the primary one when `resume` is `None`) against the
/// application's posting.
pub fn match_one(
    store: &Store,
    embedder: &dyn Embedder,
    application: &ApplicationId,
    resume: Option<&ResumeId>,
) -> Result<(String, MatchReport), WorkspaceError> {
    let resume = match resume {
        Some(id) => store.resume(id)?,
        None => store.primary_resume()?.ok_or(WorkspaceError::NoResume)?,
    };
    let report = with_matcher(store, embedder, application, |matcher| {
        Ok(matcher.report(&resume.content)?)
    })?;
    Ok((resume.name, report))
}
