//! The built-in engine: no key, no network, deterministic. It writes each
//! document from the deterministic analysis and the user's own lines.

mod letter;
mod research;
mod resume;

use jobforge_types::Phase;
use serde_json::json;

pub use letter::LetterReport;
pub use resume::{ChangeReport, RoleChange};

use crate::phase::{Grounding, PhaseInput, to_json};

/// Name recorded as the model of offline runs; bump when output changes.
pub const MODEL: &str = "jobforge-offline-1";

/// Writes the document for `input.phase`, with its structured report.
pub fn generate(input: &PhaseInput, grounding: &Grounding) -> (String, serde_json::Value) {
    match input.phase {
        Phase::Research => (
            research::write(grounding),
            json!({
                "analysis": to_json(&grounding.analysis),
                "positioning": to_json(&grounding.positioning),
            }),
        ),
        Phase::Resume => {
            let (content, report) = resume::tailor(grounding);
            (content, json!({ "changes": to_json(&report) }))
        }
        Phase::CoverLetter => {
            let (content, report) = letter::compose(input, grounding);
            (content, json!({ "letter": to_json(&report) }))
        }
    }
}
