//! The structure of a resume written in Markdown or plain text: the header,
//! sections, roles with their bullets, skills, education, certifications.
//!
//! Parsing keeps every source line: a tailored resume is assembled from the
//! user's own lines, never from paraphrase.

use serde::{Deserialize, Serialize};

use crate::taxonomy::{SkillId, Taxonomy};
use crate::text::{self, strip_bullet};

/// What a section of a resume holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Summary,
    Experience,
    Projects,
    Education,
    Skills,
    Certifications,
    Other,
}

impl SectionKind {
    /// Recognises a section heading ("Work Experience", "SKILLS:", "## Education").
    pub fn from_heading(heading: &str) -> Option<Self> {
        let lower = text::plain(heading)
            .trim_end_matches(':')
            .trim()
            .to_lowercase();
        let kind = match lower.as_str() {
            "summary"
            | "profile"
            | "professional summary"
            | "about"
            | "about me"
            | "objective"
            | "career summary"
            | "overview"
            | "professional profile" => Self::Summary,
            "experience"
            | "work experience"
            | "professional experience"
            | "employment"
            | "employment history"
            | "work history"
            | "career history"
            | "relevant experience"
            | "clinical experience"
            | "leadership experience" => Self::Experience,
            "projects" | "selected projects" | "personal projects" | "side projects"
            | "open source" | "portfolio" | "key projects" => Self::Projects,
            "education" | "education and training" | "academic background" | "training" => {
                Self::Education
            }
            "skills"
            | "technical skills"
            | "core skills"
            | "key skills"
            | "core competencies"
            | "competencies"
            | "tools"
            | "technologies"
            | "skills and tools"
            | "expertise"
            | "areas of expertise"
            | "languages and tools"
            | "tech stack" => Self::Skills,
            "certifications"
            | "certificates"
            | "licenses"
            | "licenses and certifications"
            | "licences and certifications"
            | "certifications and licenses"
            | "credentials" => Self::Certifications,
            "awards"
            | "publications"
            | "volunteering"
            | "volunteer experience"
            | "interests"
            | "languages"
            | "references"
            | "activities"
            | "honors"
            | "honours"
            | "patents" => Self::Other,
            _ => return None,
        };
        Some(kind)
    }
}

/// Words that make a name a school's ("Oregon State University"), lower case.
pub const SCHOOL_WORDS: &[&str] = &[
    "university",
    "college",
    "institute",
    "school",
    "academy",
    "polytechnic",
    "universität",
    "université",
    "école",
];

/// A span of years (months are kept in the raw text only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRange {
    pub from: u16,
    /// `None` for "present".
    pub to: Option<u16>,
}

/// A role, project or school: a heading line and what sits under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The heading line exactly as written (Markdown marks included).
    pub heading: String,
    pub title: Option<String>,
    pub organisation: Option<String>,
    pub years: Option<YearRange>,
    /// Bullet texts without their markers.
    pub bullets: Vec<String>,
    /// Lines under the heading that are not bullets (a date line, a tagline).
    pub other_lines: Vec<String>,
}

/// One section: its heading line and content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub kind: SectionKind,
    /// The heading line exactly as written.
    pub heading: String,
    /// Lines before the first entry (or all lines, for sections without entries).
    pub lines: Vec<String>,
    pub entries: Vec<Entry>,
}

impl Section {
    /// Every bullet of every entry, with the entry it belongs to.
    pub fn bullets(&self) -> impl Iterator<Item = (&Entry, &str)> {
        self.entries
            .iter()
            .flat_map(|e| e.bullets.iter().map(move |b| (e, b.as_str())))
    }
}

/// A parsed resume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resume {
    /// The person's name: the first line, when it looks like one.
    pub name: Option<String>,
    /// Lines before the first section (name, contact details), as written.
    pub header: Vec<String>,
    pub sections: Vec<Section>,
}

impl Resume {
    pub fn parse(source: &str) -> Resume {
        let mut header = Vec::new();
        let mut sections: Vec<Section> = Vec::new();
        for raw in source.lines() {
            let line = raw.trim_end();
            if let Some(kind) = section_heading(line) {
                sections.push(Section {
                    kind,
                    heading: line.to_owned(),
                    lines: Vec::new(),
                    entries: Vec::new(),
                });
                continue;
            }
            let Some(section) = sections.last_mut() else {
                if !line.trim().is_empty() {
                    header.push(line.to_owned());
                }
                continue;
            };
            push_line(section, line);
        }
        let name = header
            .first()
            .map(|l| text::plain(l))
            .filter(|l| looks_like_name(l));
        Resume {
            name,
            header,
            sections,
        }
    }

    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    pub fn sections_of(&self, kind: SectionKind) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(move |s| s.kind == kind)
    }

    /// Roles, most recent first as written.
    pub fn roles(&self) -> impl Iterator<Item = &Entry> {
        self.sections_of(SectionKind::Experience)
            .flat_map(|s| s.entries.iter())
    }

    pub fn projects(&self) -> impl Iterator<Item = &Entry> {
        self.sections_of(SectionKind::Projects)
            .flat_map(|s| s.entries.iter())
    }

    /// The summary's prose, joined.
    pub fn summary(&self) -> String {
        self.section(SectionKind::Summary)
            .map(|s| {
                s.lines
                    .iter()
                    .map(|l| l.trim())
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    }

    /// Items of the skills section(s), split at commas, semicolons, pipes
    /// and bullets; a leading "Languages:" style label is dropped.
    pub fn listed_skills(&self) -> Vec<String> {
        let mut out = Vec::new();
        for section in self.sections_of(SectionKind::Skills) {
            let lines = section.lines.iter().chain(
                section
                    .entries
                    .iter()
                    .flat_map(|e| e.bullets.iter().chain(e.other_lines.iter())),
            );
            for line in lines {
                let line = strip_bullet(line).unwrap_or(line);
                let line = text::plain(line);
                let items = match line.split_once(':') {
                    Some((label, rest))
                        if label.split_whitespace().count() <= 4
                            && !label.contains(['(', '[', ',']) =>
                    {
                        rest
                    }
                    _ => line.as_str(),
                };
                for item in text::split_list(items) {
                    let item = item.trim().trim_end_matches('.').trim();
                    if !item.is_empty() && item.chars().count() <= 60 {
                        out.push(item.to_owned());
                    }
                }
            }
        }
        out
    }

    /// The lines of the sections of `kind`, entries' headings included.
    pub fn lines_of(&self, kind: SectionKind) -> Vec<String> {
        let mut out = Vec::new();
        for section in self.sections_of(kind) {
            out.extend(
                section
                    .lines
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .cloned(),
            );
            for entry in &section.entries {
                out.push(entry.heading.clone());
                out.extend(entry.other_lines.iter().cloned());
                out.extend(entry.bullets.iter().cloned());
            }
        }
        out
    }

    /// The skills named in role and project bullets — shown in use, not
    /// merely listed — in order of first mention.
    pub fn skills_in_use(&self) -> Vec<SkillId> {
        let taxonomy = Taxonomy::bundled();
        let mut found = Vec::new();
        for entry in self.roles().chain(self.projects()) {
            for bullet in &entry.bullets {
                for id in taxonomy.skills_in(bullet) {
                    if !found.contains(&id) {
                        found.push(id);
                    }
                }
            }
        }
        found
    }

    /// The most recent role's title, if the resume has one.
    pub fn current_title(&self) -> Option<&str> {
        self.roles().find_map(|r| r.title.as_deref())
    }
}

fn section_heading(line: &str) -> Option<SectionKind> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.len() > 60 {
        return None;
    }
    let hashes = trimmed.chars().take_while(|&c| c == '#').count();
    if hashes >= 3 {
        return None;
    }
    let kind = SectionKind::from_heading(trimmed);
    if hashes > 0 {
        // A Markdown heading that is not a known section is still a section.
        return Some(kind.unwrap_or(SectionKind::Other)).filter(|_| hashes == 2 || kind.is_some());
    }
    let plain = text::plain(trimmed);
    let is_shouted = plain.chars().any(char::is_alphabetic)
        && plain
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    if kind.is_some()
        && (is_shouted
            || trimmed.ends_with(':')
            || trimmed.starts_with("**")
            || plain.split_whitespace().count() <= 3)
    {
        return kind;
    }
    None
}

fn push_line(section: &mut Section, line: &str) {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return;
    }
    let has_entries = matches!(
        section.kind,
        SectionKind::Experience | SectionKind::Projects
    );
    if let Some(bullet) = strip_bullet(trimmed) {
        match section.entries.last_mut() {
            Some(entry) if has_entries => entry.bullets.push(bullet.to_owned()),
            _ => section.lines.push(line.to_owned()),
        }
        return;
    }
    if has_entries && is_entry_heading(trimmed, section) {
        section.entries.push(parse_entry_heading(trimmed));
        return;
    }
    match section.entries.last_mut() {
        Some(entry) if has_entries => {
            // "Senior Engineer" on its own line under a "### Company" heading.
            if entry.bullets.is_empty() {
                absorb_detail_line(entry, trimmed);
            }
            entry.other_lines.push(line.to_owned());
        }
        _ => section.lines.push(line.to_owned()),
    }
}

fn is_entry_heading(line: &str, section: &Section) -> bool {
    if line.starts_with("###") {
        return true;
    }
    if line.starts_with("**") && line.ends_with("**") {
        return true;
    }
    // Plain text: a short line with a year range or a separator, after
    // bullets of the previous entry (or first in the section).
    let has_years = find_years(line).is_some();
    let has_separator = [" — ", " – ", " | ", " @ ", " at "]
        .iter()
        .any(|s| line.contains(s));
    let after_bullets = section.entries.last().is_none_or(|e| !e.bullets.is_empty());
    line.len() <= 140 && after_bullets && (has_years || has_separator)
}

fn absorb_detail_line(entry: &mut Entry, line: &str) {
    if entry.years.is_none() {
        entry.years = find_years(line);
    }
    let plain = text::plain(line);
    if entry.title.is_none() && contains_title_word(&plain) && plain.split_whitespace().count() <= 8
    {
        let title = strip_years(&plain);
        if !title.is_empty() {
            entry.title = Some(title);
        }
    }
}

/// Parses "Senior Engineer — Parcelwise (2021–present), Portland, OR" and
/// its many cousins.
pub fn parse_entry_heading(line: &str) -> Entry {
    let plain = text::plain(line);
    let years = find_years(&plain);
    let without_years = strip_years(&plain);
    let parts: Vec<String> = split_heading(&without_years);
    let (title, organisation) = match parts.as_slice() {
        [] => (None, None),
        [only] => {
            if contains_title_word(only) {
                (Some(only.clone()), None)
            } else {
                (None, Some(only.clone()))
            }
        }
        [first, second, ..] => {
            if contains_title_word(second) && !contains_title_word(first) {
                (Some(second.clone()), Some(first.clone()))
            } else {
                (Some(first.clone()), Some(second.clone()))
            }
        }
    };
    Entry {
        heading: line.to_owned(),
        title,
        organisation: organisation.map(|o| clean_organisation(&o)),
        years,
        bullets: Vec::new(),
        other_lines: Vec::new(),
    }
}

fn split_heading(text: &str) -> Vec<String> {
    let mut parts = vec![text.to_owned()];
    for separator in [" — ", " – ", " | ", " @ ", " at ", " - ", ", "] {
        if parts.len() >= 2 {
            break;
        }
        if text.contains(separator) {
            parts = text
                .split(separator)
                .map(|p| {
                    p.trim()
                        .trim_matches(|c| c == ',' || c == '(' || c == ')')
                        .trim()
                        .to_owned()
                })
                .filter(|p| !p.is_empty())
                .collect();
        }
    }
    parts
}

fn clean_organisation(text: &str) -> String {
    // "Parcelwise, Portland, OR" → "Parcelwise"
    text.split(", ").next().unwrap_or(text).trim().to_owned()
}

/// Words that make a phrase a job title.
pub const TITLE_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "manager",
    "director",
    "analyst",
    "designer",
    "scientist",
    "consultant",
    "specialist",
    "coordinator",
    "lead",
    "architect",
    "administrator",
    "officer",
    "representative",
    "executive",
    "associate",
    "intern",
    "technician",
    "supervisor",
    "head",
    "president",
    "vp",
    "founder",
    "co-founder",
    "cto",
    "ceo",
    "cfo",
    "coo",
    "cmo",
    "nurse",
    "accountant",
    "controller",
    "auditor",
    "assistant",
    "advisor",
    "adviser",
    "programmer",
    "researcher",
    "strategist",
    "producer",
    "editor",
    "writer",
    "teacher",
    "instructor",
    "professor",
    "therapist",
    "physician",
    "pharmacist",
    "clerk",
    "agent",
    "owner",
    "partner",
    "principal",
    "recruiter",
    "generalist",
    "operator",
    "planner",
    "buyer",
    "paralegal",
    "attorney",
    "counsel",
    "marketer",
    "strategist",
    "scrum",
    "sre",
    "devops",
    "fellow",
    "apprentice",
    "trainee",
    "chief",
    "vice",
    "superintendent",
    "foreman",
    "lpn",
    "rn",
    "np",
    "medic",
    "paramedic",
    "hygienist",
    "dispatcher",
    "handler",
    "picker",
    "packer",
    "driver",
    "expert",
    "owner",
    "steward",
    "leader",
    "member",
    "contractor",
    "freelancer",
];

pub fn contains_title_word(text: &str) -> bool {
    text::tokens(text)
        .iter()
        .any(|t| TITLE_WORDS.contains(&t.text.to_lowercase().as_str()))
}

fn looks_like_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && !line.contains('@')
        && !line.chars().any(|c| c.is_ascii_digit())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Finds a year or a year range: "2018–2021", "(Jan 2019 – Mar 2021)",
/// "2021–present", "2016 - 2019", "(2018)".
pub fn find_years(text: &str) -> Option<YearRange> {
    let tokens = text::tokens(text);
    let mut years = Vec::new();
    let mut present = false;
    for token in &tokens {
        if let Some(year) = as_year(token.text) {
            years.push(year);
        } else if matches!(
            token.text.to_lowercase().as_str(),
            "present" | "current" | "now" | "today"
        ) && !years.is_empty()
        {
            present = true;
        }
    }
    let from = *years.first()?;
    let to = if present {
        None
    } else {
        Some(*years.get(1).unwrap_or(&from))
    };
    Some(YearRange { from, to })
}

pub fn as_year(word: &str) -> Option<u16> {
    if word.len() != 4 {
        return None;
    }
    let year: u16 = word.parse().ok()?;
    (1950..=2100).contains(&year).then_some(year)
}

const MONTHS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];

pub fn is_month(lower: &str) -> bool {
    MONTHS.contains(&lower.trim_end_matches('.'))
}

/// Removes a date span ("(Jan 2019 – Mar 2021)", "2018–present") from a heading.
fn strip_years(text: &str) -> String {
    let mut out = String::new();
    let mut depth_skip = false;
    // Drop a parenthesised part that holds a year.
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let Some(close_rel) = rest[open..].find(')') else {
            break;
        };
        let inner = &rest[open + 1..open + close_rel];
        out.push_str(&rest[..open]);
        if find_years(inner).is_none() {
            out.push_str(&rest[open..=open + close_rel]);
        } else {
            depth_skip = true;
        }
        rest = &rest[open + close_rel + 1..];
    }
    out.push_str(rest);
    if !depth_skip {
        // A bare range at the end: "Company 2018 – 2021".
        let tokens = text::tokens(&out);
        if let Some(first_date) = tokens
            .iter()
            .position(|t| as_year(t.text).is_some() || is_month(&t.text.to_lowercase()))
        {
            let cut = tokens[first_date].start;
            let tail_is_dates = tokens[first_date..].iter().all(|t| {
                let lower = t.text.to_lowercase();
                as_year(t.text).is_some()
                    || is_month(&lower)
                    || matches!(lower.as_str(), "present" | "current" | "now" | "to")
            });
            if tail_is_dates {
                out.truncate(cut);
            }
        }
    }
    out.trim()
        .trim_end_matches([',', '—', '–', '-', '|', ' '])
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADA: &str = include_str!("../../../assets/sample/resume-ada-park.md");

    #[test]
    fn markdown_resume_parses_into_sections_roles_and_bullets() {
        let resume = Resume::parse(ADA);
        assert_eq!(resume.name.as_deref(), Some("Ada Park"));
        assert_eq!(resume.header.len(), 2);
        let kinds: Vec<SectionKind> = resume.sections.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                SectionKind::Summary,
                SectionKind::Experience,
                SectionKind::Education,
                SectionKind::Skills,
                SectionKind::Certifications
            ]
        );
        let roles: Vec<&Entry> = resume.roles().collect();
        assert_eq!(roles.len(), 2);
        assert_eq!(roles[0].title.as_deref(), Some("Senior Software Engineer"));
        assert_eq!(roles[0].organisation.as_deref(), Some("Parcelwise"));
        assert_eq!(
            roles[0].years,
            Some(YearRange {
                from: 2021,
                to: None
            })
        );
        assert_eq!(roles[0].bullets.len(), 4);
        assert_eq!(roles[1].organisation.as_deref(), Some("Ledgerly"));
        assert_eq!(
            roles[1].years,
            Some(YearRange {
                from: 2018,
                to: Some(2021)
            })
        );
        assert!(resume.listed_skills().contains(&"Kubernetes".to_owned()));
        assert!(
            resume
                .summary()
                .starts_with("Backend engineer with six years")
        );
    }

    #[test]
    fn plain_text_resume_with_shouted_headings_parses() {
        let text = "Maria Lopez\nmaria@example.com\n\nEXPERIENCE\nRegistered Nurse | St. Anne Hospital | Jan 2019 - Present\n- Cared for 6 patients per shift\n- Charted in Epic\nNurse Aide, Mercy Clinic, 2016 - 2019\n- Took vital signs\n\nSKILLS\nPatient care; IV therapy; BLS\n";
        let resume = Resume::parse(text);
        let roles: Vec<&Entry> = resume.roles().collect();
        assert_eq!(roles.len(), 2, "{resume:#?}");
        assert_eq!(roles[0].title.as_deref(), Some("Registered Nurse"));
        assert_eq!(roles[0].organisation.as_deref(), Some("St. Anne Hospital"));
        assert_eq!(
            roles[0].years,
            Some(YearRange {
                from: 2019,
                to: None
            })
        );
        assert_eq!(roles[1].title.as_deref(), Some("Nurse Aide"));
        assert_eq!(roles[1].organisation.as_deref(), Some("Mercy Clinic"));
        assert_eq!(
            resume.listed_skills(),
            ["Patient care", "IV therapy", "BLS"]
        );
    }

    #[test]
    fn company_first_headings_are_recognised() {
        let entry = parse_entry_heading("### Globex Corp — Data Analyst (Mar 2020 – Jun 2022)");
        assert_eq!(entry.title.as_deref(), Some("Data Analyst"));
        assert_eq!(entry.organisation.as_deref(), Some("Globex Corp"));
        assert_eq!(
            entry.years,
            Some(YearRange {
                from: 2020,
                to: Some(2022)
            })
        );
    }
}
