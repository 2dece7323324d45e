//! Documents as structured data: a resume's parts (what import produces and
//! the JSON Resume export writes), the report an import shows the user, a
//! captured job posting, and the small block model the PDF and DOCX writers
//! lay out.

use serde::{Deserialize, Serialize};

use crate::{CaptureMethod, Date, ResumeSection, SourceFormat};

/// A resume's content by part. Every string is the user's own text as the
/// source had it; nothing is inferred beyond splitting it into fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeData {
    pub basics: Basics,
    pub work: Vec<Experience>,
    pub projects: Vec<Project>,
    pub education: Vec<Education>,
    pub skills: Vec<SkillGroup>,
    pub certifications: Vec<Certification>,
    pub languages: Vec<Language>,
    /// Sections with no field of their own (awards, volunteering, …), kept
    /// whole so nothing is lost.
    pub other_sections: Vec<OtherSection>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Basics {
    pub name: Option<String>,
    /// A headline such as "Senior Backend Engineer".
    pub label: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
    pub location: Option<String>,
    pub profiles: Vec<OnlineProfile>,
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnlineProfile {
    /// "LinkedIn", "GitHub", …
    pub network: String,
    pub username: Option<String>,
    pub url: Option<String>,
}

/// A role. Dates stay as written ("Mar 2021", "2019", "Present").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Experience {
    pub organisation: Option<String>,
    pub title: Option<String>,
    pub location: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// A line under the heading that is not a bullet.
    pub summary: Option<String>,
    pub bullets: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub name: String,
    pub description: Option<String>,
    pub url: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub bullets: Vec<String>,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Education {
    pub institution: Option<String>,
    /// The field: "Computer Science".
    pub area: Option<String>,
    /// The degree: "BSc", "Master of Science".
    pub study_type: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub score: Option<String>,
    pub details: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillGroup {
    /// "Languages", "Cloud"; `None` for an unlabelled list.
    pub name: Option<String>,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certification {
    pub name: String,
    pub issuer: Option<String>,
    pub date: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Language {
    pub language: String,
    pub fluency: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherSection {
    pub heading: String,
    pub lines: Vec<String>,
}

/// What an import found, what it was unsure of and what it could not read,
/// shown to the user before the resume is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub format: SourceFormat,
    /// Pages of a PDF.
    pub pages: Option<u32>,
    /// Characters of text read from the file.
    pub characters: u32,
    pub found: Vec<SectionFound>,
    pub ambiguous: Vec<ImportNote>,
    pub unreadable: Vec<ImportNote>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionFound {
    pub section: ResumeSection,
    /// Roles, schools, skills, … in it.
    pub items: u32,
    /// "3 roles, 14 bullets".
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportNote {
    pub section: Option<ResumeSection>,
    pub message: String,
}

/// A resume read from a file, before the user saves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedResume {
    /// Suggested library name (from the file name or the person's name).
    pub name: String,
    /// The resume in Markdown, as it will be stored in the library.
    pub markdown: String,
    pub data: ResumeData,
    pub report: ImportReport,
}

/// A job posting read from a page, a paste or a PDF, to fill a new
/// application the user confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapturedPosting {
    pub method: CaptureMethod,
    pub source_url: Option<String>,
    pub title: Option<String>,
    pub company: Option<String>,
    pub location: Option<String>,
    /// The posting text in Markdown.
    pub description: String,
    #[serde(default, with = "crate::entities::optional_date")]
    pub date_posted: Option<Date>,
    /// From `validThrough`.
    #[serde(default, with = "crate::entities::optional_date")]
    pub deadline: Option<Date>,
    pub employment_type: Option<String>,
    /// As the page states it: "USD 120,000–150,000 a year".
    pub salary: Option<String>,
    /// What could not be read or looked doubtful.
    pub notes: Vec<String>,
}

/// A document as blocks of styled text: what the PDF and DOCX writers lay
/// out, built from the Markdown a document is stored in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RichDocument {
    /// The document's title (PDF/DOCX metadata), e.g. "Ada Park — Resume".
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    /// Level 1–6.
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph(Vec<Span>),
    /// `depth` 0 for a top-level item; `number` for ordered lists.
    ListItem {
        depth: u8,
        number: Option<u32>,
        spans: Vec<Span>,
    },
    /// A horizontal rule.
    Rule,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// A link target (http, https or mailto only).
    pub link: Option<String>,
}

impl Span {
    pub fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
}

impl Block {
    pub fn spans(&self) -> &[Span] {
        match self {
            Block::Heading { spans, .. } | Block::ListItem { spans, .. } => spans,
            Block::Paragraph(spans) => spans,
            Block::Rule => &[],
        }
    }

    /// The block's text without styling.
    pub fn text(&self) -> String {
        self.spans().iter().map(|s| s.text.as_str()).collect()
    }
}

/// What reading an exported PDF or DOCX back found, compared with what was
/// meant to be in it: shown before the user sends the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportCheck {
    /// Words read back, of how many expected.
    pub words_expected: u32,
    pub words_found: u32,
    /// Phrases of the source missing from the file.
    pub lost: Vec<String>,
    /// Phrases present but out of their place.
    pub reordered: Vec<String>,
    /// Text in the file that is not in the source (wrong characters).
    pub garbled: Vec<String>,
}

impl ExportCheck {
    pub fn is_clean(&self) -> bool {
        self.lost.is_empty() && self.reordered.is_empty() && self.garbled.is_empty()
    }
}
