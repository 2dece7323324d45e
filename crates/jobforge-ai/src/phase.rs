//! What a phase needs and what it produces, independent of the engine.

use jobforge_analysis::{Positioning, PostingAnalysis, Resume, Voice, analyse, position};
use jobforge_types::{EngineKind, Phase, TruthFinding};
use serde::Serialize;

use crate::providers::Usage;

/// The job being applied for, as the user saved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub company: String,
    pub role_title: String,
    pub description: String,
}

/// Everything one phase works from. The resume, notes and profile name are
/// the only sources of facts about the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhaseInput {
    pub phase: Phase,
    pub posting: Posting,
    /// The source resume (Markdown).
    pub resume: String,
    /// The user's notes for this application.
    pub notes: String,
    pub profile_name: Option<String>,
    pub writing_samples: Vec<String>,
    /// The current research report, if the research phase ran before.
    pub research: Option<String>,
    /// The current tailored resume, if the resume phase ran before.
    pub tailored_resume: Option<String>,
    /// For "years listed" arithmetic; passed in so runs are reproducible.
    pub current_year: u16,
}

/// The deterministic reading shared by every engine: the posting analysis,
/// the resume structure, the positioning and the user's voice.
#[derive(Debug, Clone)]
pub struct Grounding {
    pub analysis: PostingAnalysis,
    pub resume: Resume,
    pub positioning: Positioning,
    pub voice: Voice,
}

impl Grounding {
    pub fn new(input: &PhaseInput) -> Grounding {
        let analysis = analyse(
            &input.posting.description,
            &input.posting.company,
            &input.posting.role_title,
        );
        let resume = Resume::parse(&input.resume);
        let positioning = position(&resume, &input.notes, &analysis, input.current_year);
        let voice = Voice::learn(input.writing_samples.iter().map(String::as_str));
        Grounding {
            analysis,
            resume,
            positioning,
            voice,
        }
    }
}

/// A finished phase.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseOutput {
    pub phase: Phase,
    pub engine: EngineKind,
    pub model: String,
    pub prompt_version: String,
    /// The document, in Markdown.
    pub content: String,
    /// Structured data: the analysis, the change report, the voice used.
    pub report: serde_json::Value,
    /// Claims the sources do not support.
    pub findings: Vec<TruthFinding>,
    pub usage: Usage,
    pub attempts: u32,
}

/// Rough token count for engines that report none (four characters a token).
pub fn estimate_tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4)
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}
