//! Results of the full-text search over everything the user keeps.

use serde::{Deserialize, Serialize};

use crate::{ApplicationId, DocumentKind};

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
    /// The matching passage, with matches wrapped in `[` and `]`.
    pub snippet: String,
    /// BM25 relevance; lower is better, as SQLite reports it.
    pub rank: f64,
}
