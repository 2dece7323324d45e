//! Search over everything the user keeps: full-text and meaning, fused.

use serde::{Deserialize, Serialize};

use crate::{ApplicationId, ApplicationStatus, DocumentKind, MatchedBy, SearchKind};

/// Narrows a search. Empty lists mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchFilter {
    #[serde(default)]
    pub kinds: Vec<SearchKind>,
    /// Applications (and their documents) in one of these statuses. Resumes
    /// have no status, so a status filter leaves them out.
    #[serde(default)]
    pub statuses: Vec<ApplicationStatus>,
}

impl SearchFilter {
    pub fn allows_kind(&self, kind: SearchKind) -> bool {
        self.kinds.is_empty() || self.kinds.contains(&kind)
    }

    /// `status` is `None` for resumes.
    pub fn allows_status(&self, status: Option<ApplicationStatus>) -> bool {
        self.statuses.is_empty() || status.is_some_and(|s| self.statuses.contains(&s))
    }
}

/// What a search hit points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SearchHitKind {
    Application {
        id: ApplicationId,
    },
    Resume {
        id: crate::ResumeId,
    },
    Document {
        application_id: ApplicationId,
        kind: DocumentKind,
    },
}

/// One match, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub target: SearchHitKind,
    /// A short heading for the hit: "Acme — Rust Engineer", a resume's name.
    pub title: String,
    /// The matching passage, with the query's words wrapped in `[` and `]`.
    pub snippet: String,
    /// Fused relevance (reciprocal rank fusion of the full-text and the
    /// vector ranking); higher is better. Only the order means anything.
    pub rank: f64,
    #[serde(default = "words_only")]
    pub matched: MatchedBy,
}

fn words_only() -> MatchedBy {
    MatchedBy::Words
}

/// An application whose posting reads like another one's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarApplication {
    pub id: ApplicationId,
    pub company: String,
    pub role_title: String,
    pub status: ApplicationStatus,
    /// Cosine similarity of the postings' meaning, 0 to 1.
    pub similarity: f32,
    /// The passage of its posting closest to the other one.
    pub snippet: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_filter_leaves_out_resumes_and_empty_filters_allow_all() {
        let any = SearchFilter::default();
        assert!(any.allows_kind(SearchKind::Resume) && any.allows_status(None));
        let applied = SearchFilter {
            kinds: vec![SearchKind::Application, SearchKind::Document],
            statuses: vec![ApplicationStatus::Applied],
        };
        assert!(!applied.allows_kind(SearchKind::Resume));
        assert!(applied.allows_status(Some(ApplicationStatus::Applied)));
        assert!(!applied.allows_status(Some(ApplicationStatus::Draft)));
        assert!(!applied.allows_status(None));
    }

    #[test]
    fn a_hit_from_an_older_shell_without_a_match_kind_still_reads() {
        let hit: SearchHit = serde_json::from_str(
            r#"{"target":{"type":"resume","id":"0190b8a8-7c1e-7000-8000-000000000001"},"title":"t","snippet":"s","rank":1.0}"#,
        )
        .expect("reads");
        assert_eq!(hit.matched, MatchedBy::Words);
    }
}
