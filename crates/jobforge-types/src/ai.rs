//! Records of the AI pipeline: runs and truth-gate flags.

use serde::{Deserialize, Serialize};

use crate::{
    ApplicationId, DocumentVersionId, EngineKind, FactKind, Phase, ResumeId, RunId, RunOutcome,
    Timestamp, TruthFlagId,
};

/// A claim in a generated (or edited) document that the sources — the
/// resume the document was made from and the user's notes — do not support.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TruthFinding {
    pub kind: FactKind,
    /// The claim as it stands in the document, e.g. `60%` or `Globex`.
    pub claim: String,
    /// The sentence (or line) the claim stands in.
    pub sentence: String,
    /// Why it was flagged, for people: what the sources say instead.
    pub reason: String,
}

/// A stored finding on one document version, and whether the user has
/// looked at it and accepted it as true.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthFlag {
    pub id: TruthFlagId,
    pub version_id: DocumentVersionId,
    #[serde(flatten)]
    pub finding: TruthFinding,
    /// When the user confirmed the claim is true; `None` while unresolved.
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub accepted_at: Option<Timestamp>,
}

impl TruthFlag {
    pub fn is_resolved(&self) -> bool {
        self.accepted_at.is_some()
    }
}

/// One run of one pipeline phase, finished or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AiRun {
    pub id: RunId,
    pub application_id: ApplicationId,
    pub phase: Phase,
    pub engine: EngineKind,
    pub model: String,
    /// Which prompt template produced it (`research@1`, or an override's hash).
    pub prompt_version: String,
    pub resume_id: Option<ResumeId>,
    pub outcome: RunOutcome,
    /// Why it failed, for people; never contains secrets.
    pub error: Option<String>,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// False when the engine counted no tokens and these are estimates.
    pub tokens_reported: bool,
    /// In US dollars, where the model's prices are known.
    pub cost_usd: Option<f64>,
    pub attempts: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: Timestamp,
    pub duration_ms: u64,
    /// The version the run saved, for a run that succeeded.
    pub document_version_id: Option<DocumentVersionId>,
    /// What a failed or cancelled run had produced: kept, never a document.
    pub draft: Option<String>,
}
