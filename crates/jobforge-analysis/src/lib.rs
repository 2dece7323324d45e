//! Deterministic text analysis for Job Forge: the skills taxonomy, reading
//! postings and resumes, matching one against the other, the user's writing
//! voice, and the truth gate that keeps generated documents to the facts.
//!
//! Pure Rust and no I/O: the offline engine, the provider engines (for
//! grounding and checking) and, later, the semantic layer all build on it.

pub mod matching;
pub mod posting;
pub mod resume;
pub mod taxonomy;
pub mod text;
pub mod truth;
pub mod voice;

pub use matching::{Coverage, Gap, Positioning, Relevance, RequirementMatch, position};
pub use posting::{Importance, PostingAnalysis, Requirement, Seniority, SkillDemand, analyse};
pub use resume::{Entry, Resume, Section, SectionKind, YearRange};
pub use taxonomy::{Skill, SkillCategory, SkillId, Taxonomy};
pub use truth::{Target, TruthGate};
pub use voice::{Formality, Voice};
