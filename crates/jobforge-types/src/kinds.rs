//! Closed sets of values: statuses, priorities, document kinds. Each has one
//! canonical wire name (used in the database, JSON and the CLI) and may accept
//! a few human aliases when parsed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A string that names no variant of an enum.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a valid {what}: expected one of {expected}")]
pub struct UnknownVariant {
    pub what: &'static str,
    pub input: String,
    pub expected: String,
}

macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $wire:literal $(| $alias:literal)* ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $wire)] $variant, )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The canonical name used in storage, JSON and on the command line.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownVariant;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let normalised = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                match normalised.as_str() {
                    $($wire $(| $alias)* => Ok(Self::$variant),)+
                    _ => Err(UnknownVariant {
                        what: $what,
                        input: s.to_owned(),
                        expected: [$($wire),+].join(", "),
                    }),
                }
            }
        }
    };
}

wire_enum!(
    /// Where an application stands. Every change is recorded with its time.
    #[derive(Default)]
    ApplicationStatus, "status" {
        #[default]
        Draft => "draft",
        Applied => "applied",
        Interview => "interview" | "interviewing",
        Offer => "offer",
        Rejected => "rejected",
        Withdrawn => "withdrawn",
    }
);

impl ApplicationStatus {
    /// Whether the application is finished: no further action is expected.
    pub const fn is_closed(self) -> bool {
        matches!(self, Self::Offer | Self::Rejected | Self::Withdrawn)
    }
}

wire_enum!(
    /// How much the user cares about an application.
    #[derive(Default)]
    Priority, "priority" {
        Low => "low",
        #[default]
        Medium => "medium",
        High => "high",
    }
);

wire_enum!(
    /// The documents the pipeline produces for an application: one of each.
    /// Wire names follow the server schema (`optimized_resume`).
    DocumentKind, "document kind" {
        ResearchReport => "research_report" | "research" | "report",
        OptimisedResume => "optimized_resume" | "optimised_resume" | "resume",
        CoverLetter => "cover_letter" | "letter" | "cover",
    }
);

impl DocumentKind {
    /// A label for people.
    pub const fn label(self) -> &'static str {
        match self {
            Self::ResearchReport => "Research report",
            Self::OptimisedResume => "Optimised resume",
            Self::CoverLetter => "Cover letter",
        }
    }

    /// The pipeline phase that produces this document.
    pub const fn phase(self) -> Phase {
        match self {
            Self::ResearchReport => Phase::Research,
            Self::OptimisedResume => Phase::Resume,
            Self::CoverLetter => Phase::CoverLetter,
        }
    }
}

wire_enum!(
    /// The three phases of the AI pipeline, in order.
    Phase, "phase" {
        Research => "research",
        Resume => "resume",
        CoverLetter => "cover_letter" | "cover",
    }
);

impl Phase {
    /// The document a phase writes.
    pub const fn document_kind(self) -> DocumentKind {
        match self {
            Self::Research => DocumentKind::ResearchReport,
            Self::Resume => DocumentKind::OptimisedResume,
            Self::CoverLetter => DocumentKind::CoverLetter,
        }
    }

    /// A label for people.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Research => "Research",
            Self::Resume => "Tailored resume",
            Self::CoverLetter => "Cover letter",
        }
    }
}

wire_enum!(
    /// Which engine runs the pipeline.
    #[derive(Default)]
    EngineKind, "engine" {
        /// Built in: no key, no network, deterministic.
        #[default]
        Offline => "offline" | "builtin" | "built_in",
        OpenAi => "openai" | "open_ai",
        Anthropic => "anthropic" | "claude",
        /// Ollama, llama.cpp server, LM Studio, vLLM, ...
        OpenAiCompatible => "openai_compatible" | "compatible" | "local",
    }
);

wire_enum!(
    /// How a pipeline run ended.
    RunOutcome, "run outcome" {
        Succeeded => "succeeded",
        Failed => "failed",
        Cancelled => "cancelled",
    }
);

wire_enum!(
    /// The kinds of checkable fact the truth gate compares with the sources.
    FactKind, "fact kind" {
        Employer => "employer",
        JobTitle => "job_title" | "title",
        Date => "date",
        School => "school",
        Degree => "degree",
        Certification => "certification",
        Number => "number",
        Skill => "skill",
    }
);

impl FactKind {
    /// A label for people.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Employer => "employer",
            Self::JobTitle => "job title",
            Self::Date => "date",
            Self::School => "school",
            Self::Degree => "degree",
            Self::Certification => "certification",
            Self::Number => "number",
            Self::Skill => "skill",
        }
    }
}

wire_enum!(
    /// What a resume in the library is aimed at.
    #[derive(Default)]
    FocusArea, "focus area" {
        SoftwareDevelopment => "software_development" | "software" | "engineering",
        DataScience => "data_science" | "data",
        Management => "management",
        Consulting => "consulting",
        #[default]
        Other => "other",
    }
);

wire_enum!(
    /// Who or what produced a document version.
    VersionOrigin, "version origin" {
        /// Typed or edited by the user.
        User => "user",
        /// Produced by a finished pipeline run.
        Generated => "generated",
        /// A copy of an older version, brought back by the user.
        Restored => "restored",
        /// Brought in from a file.
        Imported => "imported",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_parses_from_its_own_wire_name() {
        for status in ApplicationStatus::ALL {
            assert_eq!(status.as_str().parse::<ApplicationStatus>(), Ok(*status));
        }
        for kind in DocumentKind::ALL {
            assert_eq!(kind.as_str().parse::<DocumentKind>(), Ok(*kind));
        }
        for focus in FocusArea::ALL {
            assert_eq!(focus.as_str().parse::<FocusArea>(), Ok(*focus));
        }
    }

    #[test]
    fn aliases_and_case_are_accepted_on_input() {
        assert_eq!("Cover-Letter".parse(), Ok(DocumentKind::CoverLetter));
        assert_eq!("resume".parse(), Ok(DocumentKind::OptimisedResume));
        assert_eq!(" HIGH ".parse(), Ok(Priority::High));
    }

    #[test]
    fn unknown_value_lists_the_valid_ones() {
        let err = "hired"
            .parse::<ApplicationStatus>()
            .expect_err("not a status");
        let message = err.to_string();
        assert!(
            message.contains("`hired` is not a valid status"),
            "{message}"
        );
        assert!(message.contains("draft, applied, interview, offer, rejected, withdrawn"));
    }

    #[test]
    fn serde_uses_the_wire_names() {
        let json = serde_json::to_string(&DocumentKind::OptimisedResume).expect("serialise");
        assert_eq!(json, "\"optimized_resume\"");
    }
}

wire_enum!(
    /// The file formats Job Forge reads resumes and postings from.
    SourceFormat, "source format" {
        Pdf => "pdf",
        Docx => "docx" | "word",
        Markdown => "markdown" | "md",
        PlainText => "text" | "txt" | "plain_text",
        JsonResume => "json_resume" | "jsonresume" | "json",
        Html => "html" | "htm",
    }
);

wire_enum!(
    /// The formats a document or resume can be exported to.
    ExportFormat, "export format" {
        Markdown => "md" | "markdown",
        Html => "html",
        Pdf => "pdf",
        Docx => "docx" | "word",
        /// Resumes only: the jsonresume.org schema.
        JsonResume => "json_resume" | "jsonresume" | "json",
    }
);

impl ExportFormat {
    /// The usual file extension, without the dot.
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Html => "html",
            Self::Pdf => "pdf",
            Self::Docx => "docx",
            Self::JsonResume => "json",
        }
    }
}

wire_enum!(
    /// The parts of a resume an import recognises.
    ResumeSection, "resume section" {
        Contact => "contact",
        Summary => "summary",
        Experience => "experience",
        Projects => "projects",
        Education => "education",
        Skills => "skills",
        Certifications => "certifications",
        Languages => "languages",
        Other => "other",
    }
);

wire_enum!(
    /// How a job posting was captured.
    CaptureMethod, "capture method" {
        /// schema.org `JobPosting` JSON-LD on the page.
        JsonLd => "json_ld",
        /// The main text of a page without structured data.
        PageText => "page_text",
        Pasted => "pasted",
        Pdf => "pdf",
    }
);

wire_enum!(
    /// Paper for PDF export.
    PaperSize, "paper size" {
        Letter => "letter" | "us_letter",
        A4 => "a4",
    }
);

wire_enum!(
    /// What a search may return, for narrowing it.
    SearchKind, "search kind" {
        Application => "application" | "applications" | "posting",
        Resume => "resume" | "resumes",
        Document => "document" | "documents",
    }
);

wire_enum!(
    /// Which half of the hybrid search found a hit.
    MatchedBy, "match kind" {
        /// The words typed appear in it (full-text search).
        Words => "words",
        /// Its meaning is close to the query's (vector search).
        Meaning => "meaning",
        Both => "both",
    }
);

wire_enum!(
    /// Which embedder turns text into vectors for search and matching.
    #[derive(Default)]
    EmbedderKind, "embedder" {
        /// Built in: no download, no network.
        #[default]
        Builtin => "builtin" | "built_in" | "offline",
        /// all-MiniLM-L6-v2, run on this computer from a model folder.
        MiniLm => "minilm" | "mini_lm" | "all_minilm_l6_v2",
        /// The embeddings endpoint of an OpenAI or OpenAI-compatible provider.
        Provider => "provider",
    }
);
