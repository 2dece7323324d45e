//! Types shared by every part of Job Forge: the core, the CLI, the desktop
//! shell, the future sync server and the wasm UI.
//!
//! This crate is deliberately plain data: no I/O, no native-only dependencies,
//! so it compiles to `wasm32-unknown-unknown` and the UI validates input with
//! exactly the rules the store enforces.

mod ai;
mod documents;
mod entities;
mod ids;
// `#[macro_use]`: the wire-name macro defined there serves `matching` too.
#[macro_use]
mod kinds;
mod matching;
mod search;
mod shell;
pub mod validation;

pub use ai::{AiRun, AiSettings, EmbeddingSettings, ProviderSettings, TruthFinding, TruthFlag};
pub use documents::{
    Basics, Block, CapturedPosting, Certification, Education, Experience, ExportCheck, ImportNote,
    ImportReport, ImportedResume, Language, OnlineProfile, OtherSection, Project, ResumeData,
    RichDocument, SectionFound, SkillGroup, Span,
};
pub use entities::{
    Application, ApplicationUpdate, Document, DocumentVersion, NewApplication, NewResume,
    NewWritingSample, PhaseFlags, Profile, ProfileUpdate, Resume, ResumeUpdate, StatusChange,
    WritingSample, application_name, validate_document_content,
};
pub use ids::{
    ApplicationId, DocumentId, DocumentVersionId, IdParseError, ResumeId, RunId, TruthFlagId,
    WritingSampleId,
};
pub use kinds::{
    ApplicationStatus, CaptureMethod, DocumentKind, EmbedderKind, EngineKind, ExportFormat,
    FactKind, FocusArea, MatchedBy, PaperSize, Phase, Priority, ResumeSection, RunOutcome,
    SearchKind, SourceFormat, UnknownVariant, VersionOrigin,
};
pub use matching::{
    GapItem, GapStatus, Importance, MatchReport, RankedResume, ScoreComponent, ScoreComponentKind,
};
pub use search::{SearchFilter, SearchHit, SearchHitKind, SimilarApplication};
pub use shell::*;
pub use validation::{Field, ValidationError, ValidationErrors};

/// Instants are UTC, serialised as RFC 3339.
pub type Timestamp = time::OffsetDateTime;
/// Calendar dates (deadlines), serialised as `YYYY-MM-DD`.
pub type Date = time::Date;
