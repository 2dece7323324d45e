//! From a resume in Markdown (as written by the user, or as the PDF and DOCX
//! readers lay it out) to [`ResumeData`], noting what was doubtful.
//!
//! The section and role structure comes from the analysis crate's parser,
//! which the pipeline and the truth gate use too, so what import calls a
//! role is what tailoring calls a role. This module only fills the fields.

use jobforge_analysis::resume::{
    Entry, Resume, SCHOOL_WORDS, Section, SectionKind, as_year, is_month,
};
use jobforge_analysis::text::{plain, split_list, strip_bullet};
use jobforge_types::{
    Basics, Certification, Education, Experience, ImportNote, Language, OnlineProfile,
    OtherSection, Project, ResumeData, ResumeSection, SectionFound, SkillGroup,
};

/// The structured resume and what the user should look at.
pub struct Structured {
    pub data: ResumeData,
    pub ambiguous: Vec<ImportNote>,
}

pub fn structure(markdown: &str) -> Structured {
    let resume = Resume::parse(markdown);
    let mut notes = Notes::default();
    let mut data = ResumeData {
        basics: basics(&resume, &mut notes),
        ..ResumeData::default()
    };
    for section in &resume.sections {
        match section.kind {
            SectionKind::Summary => {
                let text = joined(&section.lines);
                if !text.is_empty() {
                    data.basics.summary = Some(match data.basics.summary.take() {
                        Some(before) => format!("{before} {text}"),
                        None => text,
                    });
                }
            }
            SectionKind::Experience => {
                loose_lines(section, ResumeSection::Experience, &mut notes);
                data.work
                    .extend(section.entries.iter().map(|e| experience(e, &mut notes)));
            }
            SectionKind::Projects => {
                loose_lines(section, ResumeSection::Projects, &mut notes);
                data.projects.extend(section.entries.iter().map(project));
            }
            SectionKind::Education => data.education.extend(education(section, &mut notes)),
            SectionKind::Skills => data.skills.extend(skills(section)),
            SectionKind::Certifications => {
                data.certifications.extend(certifications(section));
            }
            SectionKind::Other => {
                let heading = plain(&section.heading)
                    .trim_end_matches(':')
                    .trim()
                    .to_owned();
                let lines = all_lines(section);
                if is_languages_heading(&heading) {
                    data.languages.extend(languages(&lines));
                } else if !lines.is_empty() {
                    data.other_sections.push(OtherSection { heading, lines });
                }
            }
        }
    }
    if resume.sections.is_empty() {
        notes.doubt(
            None,
            "No section headings (Experience, Education, Skills, …) were recognised, so the text was kept as it is without sections; add headings to get roles and skills read.",
        );
    } else if data.work.is_empty() {
        notes.doubt(
            Some(ResumeSection::Experience),
            "No roles were found; if the resume has work experience, check its heading (for example \"Experience\").",
        );
    }
    Structured {
        data,
        ambiguous: notes.0,
    }
}

#[derive(Default)]
struct Notes(Vec<ImportNote>);

impl Notes {
    fn doubt(&mut self, section: Option<ResumeSection>, message: impl Into<String>) {
        self.0.push(ImportNote {
            section,
            message: message.into(),
        });
    }
}

fn joined(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| plain(strip_bullet(l).unwrap_or(l)))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn all_lines(section: &Section) -> Vec<String> {
    let mut lines: Vec<String> = section
        .lines
        .iter()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    for entry in &section.entries {
        lines.push(entry.heading.trim().to_owned());
        lines.extend(entry.other_lines.iter().map(|l| l.trim().to_owned()));
        lines.extend(entry.bullets.iter().map(|b| format!("- {b}")));
    }
    lines
}

fn loose_lines(section: &Section, which: ResumeSection, notes: &mut Notes) {
    let loose: Vec<&String> = section
        .lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .collect();
    if let Some(first) = loose.first() {
        notes.doubt(
            Some(which),
            format!(
                "{} line(s) under \"{}\" belong to no role (the first: \"{}\"); they are kept in the resume text.",
                loose.len(),
                plain(&section.heading),
                plain(first)
            ),
        );
    }
}

// ----- header ---------------------------------------------------------------

fn basics(resume: &Resume, notes: &mut Notes) -> Basics {
    let mut basics = Basics {
        name: resume.name.clone(),
        ..Basics::default()
    };
    if basics.name.is_none() {
        notes.doubt(
            Some(ResumeSection::Contact),
            "The first line does not look like a name; add your name at the top if it is missing.",
        );
    }
    let skip_name = usize::from(resume.name.is_some());
    for line in resume.header.iter().skip(skip_name) {
        let plain_line = plain(line);
        let mut unclaimed: Vec<String> = Vec::new();
        for part in contact_parts(&plain_line) {
            if !claim_contact(&mut basics, part) {
                // Details set apart by spacing alone ("a@b.com +1 555 0100
                // Portland, OR"): claimed word by word, the rest kept.
                let rest = claim_words(&mut basics, part);
                if !rest.is_empty() {
                    unclaimed.push(rest);
                }
            }
        }
        for part in unclaimed.iter().map(String::as_str) {
            if basics.location.is_none() && looks_like_location(part) {
                basics.location = Some(part.to_owned());
            } else if basics.label.is_none() && part.split_whitespace().count() <= 8 {
                basics.label = Some(part.to_owned());
            } else if part.split_whitespace().count() > 8 {
                // A sentence under the name is a summary without a heading.
                basics.summary = Some(match basics.summary.take() {
                    Some(before) => format!("{before} {part}"),
                    None => part.to_owned(),
                });
            } else {
                notes.doubt(
                    Some(ResumeSection::Contact),
                    format!("\"{part}\" at the top was not recognised as a contact detail; it is kept in the resume text."),
                );
            }
        }
    }
    if basics.email.is_none() && basics.phone.is_none() {
        notes.doubt(
            Some(ResumeSection::Contact),
            "No email address or phone number was found; employers need one of them.",
        );
    }
    basics
}

/// "ada@example.com | +1 555 0100 · github.com/ada" → its parts.
fn contact_parts(line: &str) -> impl Iterator<Item = &str> {
    line.split(['|', '•', '·', '\t', '⋅', '◦'])
        .flat_map(|p| {
            // "Portland, OR" must stay whole, but "a@b.com, 555 0100" splits.
            if p.matches(',').count() >= 1 && p.split(',').any(|q| is_contact_token(q.trim())) {
                p.split(',').collect::<Vec<_>>()
            } else {
                vec![p]
            }
        })
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

fn is_contact_token(text: &str) -> bool {
    text.contains('@') || digits(text) >= 7 || is_url(text)
}

fn claim_contact(basics: &mut Basics, part: &str) -> bool {
    let part = strip_label(part);
    if part.contains('@') && !part.contains(' ') {
        let email = part.trim_start_matches("mailto:").to_owned();
        if basics.email.is_none() {
            basics.email = Some(email);
        }
        return true;
    }
    if is_url(part) {
        let url = part.to_owned();
        let lower = url.to_lowercase();
        let network = [
            ("linkedin.com", "LinkedIn"),
            ("github.com", "GitHub"),
            ("gitlab.com", "GitLab"),
            ("twitter.com", "Twitter"),
            ("x.com", "X"),
            ("behance.net", "Behance"),
            ("dribbble.com", "Dribbble"),
            ("stackoverflow.com", "Stack Overflow"),
        ]
        .iter()
        .find(|(host, _)| lower.contains(host));
        match network {
            Some((_, name)) => basics.profiles.push(OnlineProfile {
                network: (*name).to_owned(),
                username: url
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .filter(|u| !u.contains('.'))
                    .map(str::to_owned),
                url: Some(with_scheme(&url)),
            }),
            None if basics.url.is_none() => basics.url = Some(with_scheme(&url)),
            None => basics.profiles.push(OnlineProfile {
                network: "Website".to_owned(),
                username: None,
                url: Some(with_scheme(&url)),
            }),
        }
        return true;
    }
    let digit_count = digits(part);
    if (7..=15).contains(&digit_count)
        && part
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().ext".contains(c))
    {
        if basics.phone.is_none() {
            basics.phone = Some(part.to_owned());
        }
        return true;
    }
    false
}

/// Claims emails, web addresses and a phone number among the words of
/// `part`; returns the words left, in order.
fn claim_words(basics: &mut Basics, part: &str) -> String {
    let words: Vec<&str> = part.split_whitespace().collect();
    let mut left: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = words[i].trim_end_matches([',', ';']);
        if (word.contains('@') || is_url(word)) && claim_contact(basics, word) {
            i += 1;
            continue;
        }
        // A phone number spans words: "+1 (415) 555-0142".
        let phone_char =
            |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || "+-().".contains(c));
        if phone_char(word) && digits(word) > 0 {
            let mut j = i;
            while j < words.len() && phone_char(words[j].trim_end_matches(',')) {
                j += 1;
            }
            let candidate = words[i..j].join(" ");
            let candidate = candidate.trim_end_matches(',');
            if digits(candidate) >= 7 && claim_contact(basics, candidate) {
                i = j;
                continue;
            }
        }
        left.push(words[i]);
        i += 1;
    }
    left.join(" ")
}

/// "Email: a@b.com" → "a@b.com".
fn strip_label(part: &str) -> &str {
    match part.split_once(':') {
        Some((label, rest))
            if matches!(
                label.trim().to_lowercase().as_str(),
                "email"
                    | "e-mail"
                    | "phone"
                    | "tel"
                    | "mobile"
                    | "cell"
                    | "web"
                    | "website"
                    | "linkedin"
                    | "github"
                    | "portfolio"
            ) =>
        {
            rest.trim()
        }
        _ => part,
    }
}

fn digits(text: &str) -> usize {
    text.chars().filter(char::is_ascii_digit).count()
}

fn is_url(text: &str) -> bool {
    if text.contains(' ') || text.contains('@') {
        return false;
    }
    let lower = text.to_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return true;
    }
    // "github.com/ada", "ada.dev"
    let host = lower.split('/').next().unwrap_or("");
    let tld = host.rsplit('.').next().unwrap_or("");
    host.contains('.')
        && (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && !host.chars().any(|c| c.is_ascii_uppercase())
        && !text.ends_with('.')
}

fn with_scheme(url: &str) -> String {
    if url.contains("://") {
        url.to_owned()
    } else {
        format!("https://{url}")
    }
}

/// "Portland, OR", "Berlin, Germany", "London, UK (open to relocation)".
fn looks_like_location(text: &str) -> bool {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    (2..=3).contains(&parts.len())
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.split_whitespace().count() <= 4
                && p.chars().next().is_some_and(char::is_uppercase)
                && digits(p) <= 5
        })
}

// ----- roles and projects ---------------------------------------------------

fn experience(entry: &Entry, notes: &mut Notes) -> Experience {
    let (start, end) = dates_in(std::iter::once(&entry.heading).chain(&entry.other_lines));
    let heading = plain(&entry.heading);
    let location = entry
        .other_lines
        .iter()
        .map(|l| plain(l))
        .find(|l| looks_like_location(&strip_dates(l)))
        .map(|l| strip_dates(&l));
    let summary_lines: Vec<String> = entry
        .other_lines
        .iter()
        .map(|l| plain(l))
        .filter(|l| {
            let rest = strip_dates(l);
            !rest.is_empty()
                && Some(rest.as_str()) != entry.title.as_deref()
                && Some(&rest) != location.as_ref()
        })
        .collect();
    if start.is_none() && entry.years.is_none() {
        notes.doubt(
            Some(ResumeSection::Experience),
            format!("The role \"{heading}\" has no dates that could be read."),
        );
    }
    if entry.title.is_none() || entry.organisation.is_none() {
        notes.doubt(
            Some(ResumeSection::Experience),
            format!("In \"{heading}\" the job title and the employer could not both be told apart; check them."),
        );
    }
    let title = entry
        .title
        .as_deref()
        .map(strip_dates)
        .filter(|t| !t.is_empty());
    // "Stripe • San Francisco" is the employer and where.
    let (organisation, heading_location) = match entry.organisation.as_deref() {
        Some(org) => match org.split_once(" • ").or_else(|| org.split_once(" | ")) {
            Some((name, place)) => (Some(strip_dates(name)), Some(strip_dates(place))),
            None => (Some(strip_dates(org)), None),
        },
        None => (None, None),
    };
    let location = location.or(heading_location.filter(|l| !l.is_empty()));
    Experience {
        organisation: organisation.filter(|o| !o.is_empty()),
        title,
        location,
        start,
        end,
        summary: Some(summary_lines.join(" ")).filter(|s| !s.is_empty()),
        bullets: entry.bullets.clone(),
    }
}

fn project(entry: &Entry) -> Project {
    let (start, end) = dates_in(std::iter::once(&entry.heading).chain(&entry.other_lines));
    let heading = strip_dates(&plain(&entry.heading));
    let name = entry
        .organisation
        .clone()
        .or_else(|| entry.title.clone())
        .unwrap_or_else(|| heading.clone());
    let description: Vec<String> = entry
        .other_lines
        .iter()
        .map(|l| plain(l))
        .filter(|l| !strip_dates(l).is_empty())
        .collect();
    Project {
        name,
        description: Some(description.join(" ")).filter(|d| !d.is_empty()),
        url: None,
        start,
        end,
        bullets: entry.bullets.clone(),
        keywords: Vec::new(),
    }
}

// ----- dates -----------------------------------------------------------------

/// The first "Mar 2019 – Present" style range in the lines, as written.
fn dates_in<'a>(lines: impl Iterator<Item = &'a String>) -> (Option<String>, Option<String>) {
    for line in lines {
        if let Some((start, end, _)) = date_range(&plain(line)) {
            return (Some(start), end);
        }
    }
    (None, None)
}

/// Finds "Jan 2020 – Mar 2022", "2019 - Present", "09/2018 to 06/2020",
/// "2021": the start, the end (if any) and the byte range they cover.
pub(crate) fn date_range(text: &str) -> Option<(String, Option<String>, std::ops::Range<usize>)> {
    let words = word_spans(text);
    let mut i = 0;
    while i < words.len() {
        if let Some((start_len, start_text)) = date_at(text, &words, i) {
            let start_range = words[i].0..words[i + start_len - 1].1;
            let mut j = i + start_len;
            let is_separator = |w: &str| matches!(w, "-" | "–" | "—" | "to" | "until" | "till");
            if j < words.len() && is_separator(&text[words[j].0..words[j].1]) {
                j += 1;
                if let Some((end_len, end_text)) = date_at(text, &words, j) {
                    let range = start_range.start..words[j + end_len - 1].1;
                    return Some((start_text, Some(end_text), range));
                }
                if j < words.len() {
                    let word = &text[words[j].0..words[j].1];
                    if is_open_end(word) {
                        return Some((
                            start_text,
                            Some(word.to_owned()),
                            start_range.start..words[j].1,
                        ));
                    }
                }
            }
            return Some((start_text, None, start_range));
        }
        i += 1;
    }
    None
}

fn is_open_end(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "present" | "current" | "now" | "today" | "ongoing"
    )
}

/// Byte spans of words, with dashes split off as words of their own
/// ("2019–2021" → "2019", "–", "2021").
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let is_dash = matches!(c, '-' | '–' | '—');
        let is_break = c.is_whitespace() || matches!(c, ',' | '(' | ')' | '|' | '[' | ']');
        if is_dash || is_break {
            if let Some(s) = start.take() {
                spans.push((s, i));
            }
            if is_dash {
                spans.push((i, i + c.len_utf8()));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// A date starting at word `i`: "Mar 2019" (2 words), "03/2019", "2019".
fn date_at(text: &str, words: &[(usize, usize)], i: usize) -> Option<(usize, String)> {
    let word = |k: usize| words.get(k).map(|&(s, e)| &text[s..e]);
    let first = word(i)?;
    let is_year = |w: &str| as_year(w.trim_end_matches(['.', ':'])).is_some();
    if is_month_word(first)
        && let Some(second) = word(i + 1)
        && is_year(second)
    {
        return Some((
            2,
            format!("{first} {}", second.trim_end_matches(['.', ':'])),
        ));
    }
    if let Some((m, y)) = first.split_once('/')
        && m.len() <= 2
        && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
        && is_year(y)
    {
        return Some((1, first.to_owned()));
    }
    if is_year(first) {
        // "2013-12-01" or "2013-12", split at its dashes into words.
        let two_digits = |k: usize, max: u8| {
            word(k).is_some_and(|w| {
                w.len() == 2 && w.parse::<u8>().is_ok_and(|n| (1..=max).contains(&n))
            })
        };
        if word(i + 1) == Some("-") && two_digits(i + 2, 12) {
            let len = if word(i + 3) == Some("-") && two_digits(i + 4, 31) {
                5
            } else {
                3
            };
            let (start, end) = (words[i].0, words[i + len - 1].1);
            return Some((len, text[start..end].to_owned()));
        }
        return Some((1, first.trim_end_matches(['.', ':']).to_owned()));
    }
    None
}

fn is_month_word(word: &str) -> bool {
    is_month(&word.to_lowercase())
}

/// The text with its date range taken out and separators tidied.
fn strip_dates(text: &str) -> String {
    let without = match date_range(text) {
        Some((_, _, range)) => format!("{}{}", &text[..range.start], &text[range.end..]),
        None => text.to_owned(),
    };
    without
        .trim()
        .trim_matches(|c: char| {
            matches!(c, '|' | '—' | '–' | '-' | ',' | '(' | ')' | '·') || c.is_whitespace()
        })
        .trim()
        .to_owned()
}

// ----- education, skills, certifications, languages ---------------------------

const DEGREE_WORDS: [&str; 22] = [
    "bachelor",
    "master",
    "phd",
    "ph.d",
    "doctor",
    "doctorate",
    "associate",
    "diploma",
    "bsc",
    "b.sc",
    "msc",
    "m.sc",
    "ba",
    "b.a",
    "ma",
    "m.a",
    "bs",
    "ms",
    "mba",
    "beng",
    "meng",
    "certificate",
];

fn has_word(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '.')
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .any(|w| words.contains(&w.as_str()))
}

fn education(section: &Section, notes: &mut Notes) -> Vec<Education> {
    let mut out: Vec<Education> = Vec::new();
    for line in all_lines(section) {
        let text = plain(strip_bullet(&line).unwrap_or(&line));
        let is_school = has_word(&text, SCHOOL_WORDS);
        let is_degree = has_word(&text, &DEGREE_WORDS);
        let (start, end) = match date_range(&text) {
            Some((s, e, _)) => (Some(s), e),
            None => (None, None),
        };
        let rest = strip_dates(&text);
        let starts_new = out.last().is_none_or(|last| {
            (is_school && last.institution.is_some()) || (is_degree && last.study_type.is_some())
        });
        if starts_new {
            out.push(Education::default());
        }
        let Some(current) = out.last_mut() else {
            continue;
        };
        if current.start.is_none() && start.is_some() {
            current.start = start;
            current.end = end;
        }
        let parts: Vec<String> = rest
            .split([',', '|', '—', '–'])
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        let mut used = false;
        for part in &parts {
            if current.institution.is_none() && has_word(part, SCHOOL_WORDS) {
                current.institution = Some(part.clone());
                used = true;
            } else if current.study_type.is_none() && has_word(part, &DEGREE_WORDS) {
                let (degree, area) = split_degree(part);
                current.study_type = Some(degree);
                current.area = area;
                used = true;
            }
        }
        if !used && !rest.is_empty() {
            current.details.push(rest);
        }
    }
    for entry in &mut out {
        // "UC Berkeley | 2019": a short line beside the degree is the school
        // even without "University" in its name; said, to be checked.
        if entry.institution.is_none()
            && entry.study_type.is_some()
            && let Some(position) = entry
                .details
                .iter()
                .position(|d| d.split_whitespace().count() <= 6 && !d.ends_with('.'))
        {
            let school = entry.details.remove(position);
            notes.doubt(
                Some(ResumeSection::Education),
                format!(
                    "\"{school}\" was taken as the school for \"{}\"; check it.",
                    entry.study_type.as_deref().unwrap_or_default()
                ),
            );
            entry.institution = Some(school);
            continue;
        }
        if entry.institution.is_none() {
            let what = entry
                .study_type
                .clone()
                .or_else(|| entry.details.first().cloned())
                .unwrap_or_default();
            notes.doubt(
                Some(ResumeSection::Education),
                format!("No school was recognised for \"{what}\"; check the education entry."),
            );
        }
    }
    out.retain(|e| e.institution.is_some() || e.study_type.is_some() || !e.details.is_empty());
    out
}

/// "BSc in Computer Science" → ("BSc", Some("Computer Science")).
fn split_degree(text: &str) -> (String, Option<String>) {
    for separator in [" in ", " of Science in ", " of Arts in ", ", "] {
        if let Some((degree, area)) = text.split_once(separator) {
            let degree = if separator.starts_with(" of ") {
                format!("{degree}{}", separator.trim_end_matches(" in "))
            } else {
                degree.to_owned()
            };
            return (degree.trim().to_owned(), Some(area.trim().to_owned()));
        }
    }
    (text.trim().to_owned(), None)
}

fn skills(section: &Section) -> Vec<SkillGroup> {
    let mut groups = Vec::new();
    for line in all_lines(section) {
        let text = plain(strip_bullet(&line).unwrap_or(&line));
        let (name, items) = match text.split_once(':') {
            Some((label, rest))
                if label.split_whitespace().count() <= 4 && !rest.trim().is_empty() =>
            {
                (Some(label.trim().to_owned()), rest)
            }
            _ => (None, text.as_str()),
        };
        let keywords: Vec<String> = split_list(items)
            .into_iter()
            .map(|s| s.trim().trim_end_matches('.').trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        if !keywords.is_empty() {
            groups.push(SkillGroup { name, keywords });
        }
    }
    groups
}

fn certifications(section: &Section) -> Vec<Certification> {
    all_lines(section)
        .iter()
        .map(|line| plain(strip_bullet(line).unwrap_or(line)))
        .filter(|l| !l.is_empty())
        .map(|line| {
            let date = date_range(&line).map(|(start, _, _)| start);
            let rest = strip_dates(&line);
            let (name, issuer) = match rest.split_once(" — ").or_else(|| rest.split_once(" - ")) {
                Some((n, i)) => (n.trim().to_owned(), Some(i.trim().to_owned())),
                None => (rest.clone(), None),
            };
            Certification { name, issuer, date }
        })
        .collect()
}

fn is_languages_heading(heading: &str) -> bool {
    matches!(
        heading.to_lowercase().as_str(),
        "languages" | "language skills" | "spoken languages"
    )
}

fn languages(lines: &[String]) -> Vec<Language> {
    let mut out = Vec::new();
    for line in lines {
        let text = plain(strip_bullet(line).unwrap_or(line));
        for item in split_list(&text) {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let (language, fluency) = if let Some((l, f)) = item.split_once('(') {
                (l.trim(), Some(f.trim_end_matches(')').trim()))
            } else if let Some((l, f)) = item
                .split_once(" — ")
                .or_else(|| item.split_once(" - "))
                .or_else(|| item.split_once(':'))
            {
                (l.trim(), Some(f.trim()))
            } else {
                (item, None)
            };
            out.push(Language {
                language: language.to_owned(),
                fluency: fluency.filter(|f| !f.is_empty()).map(str::to_owned),
            });
        }
    }
    out
}

// ----- report -------------------------------------------------------------------

/// What the report lists as found, part by part.
pub fn found(data: &ResumeData) -> Vec<SectionFound> {
    let mut found = Vec::new();
    let mut push = |section, items: usize, summary: String| {
        if items > 0 {
            found.push(SectionFound {
                section,
                items: u32::try_from(items).unwrap_or(u32::MAX),
                summary,
            });
        }
    };
    let b = &data.basics;
    let contact: Vec<&str> = [
        b.name.as_ref().map(|_| "name"),
        b.email.as_ref().map(|_| "email"),
        b.phone.as_ref().map(|_| "phone"),
        b.location.as_ref().map(|_| "location"),
        b.url.as_ref().map(|_| "website"),
        (!b.profiles.is_empty()).then_some("profiles"),
    ]
    .into_iter()
    .flatten()
    .collect();
    push(ResumeSection::Contact, contact.len(), contact.join(", "));
    if let Some(summary) = &b.summary {
        let words = summary.split_whitespace().count();
        push(ResumeSection::Summary, 1, format!("{words} words"));
    }
    let bullets: usize = data.work.iter().map(|w| w.bullets.len()).sum();
    push(
        ResumeSection::Experience,
        data.work.len(),
        format!("{} role(s), {bullets} bullet(s)", data.work.len()),
    );
    push(
        ResumeSection::Projects,
        data.projects.len(),
        format!("{} project(s)", data.projects.len()),
    );
    push(
        ResumeSection::Education,
        data.education.len(),
        format!(
            "{} entr{}",
            data.education.len(),
            if data.education.len() == 1 {
                "y"
            } else {
                "ies"
            }
        ),
    );
    let skill_count: usize = data.skills.iter().map(|g| g.keywords.len()).sum();
    push(
        ResumeSection::Skills,
        skill_count,
        format!("{skill_count} skill(s) in {} group(s)", data.skills.len()),
    );
    push(
        ResumeSection::Certifications,
        data.certifications.len(),
        format!("{} certification(s)", data.certifications.len()),
    );
    push(
        ResumeSection::Languages,
        data.languages.len(),
        data.languages
            .iter()
            .map(|l| l.language.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    push(
        ResumeSection::Other,
        data.other_sections.len(),
        data.other_sections
            .iter()
            .map(|s| s.heading.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    );
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESUME: &str = "\
# Ada Park
Senior Backend Engineer
ada.park@example.com | +1 (503) 555-0142 | github.com/adapark | Portland, OR

## Summary
Backend engineer with eight years of Rust and Go.

## Experience
### Senior Backend Engineer — Parcelwise
Mar 2021 – Present
- Cut p99 latency by 40% by moving the tracking API to Rust.
- Mentored 4 engineers.

### Software Engineer — Lumen Health (2017–2021)
- Built the claims pipeline in Go.

## Education
BSc in Computer Science, Oregon State University, 2013 – 2017

## Skills
Languages: Rust, Go, Python
Cloud: AWS, Kubernetes

## Certifications
- AWS Certified Solutions Architect – Associate (2022)

## Languages
English (native), Korean (conversational)

## Volunteering
- Code mentor at Portland Code School
";

    #[test]
    fn a_markdown_resume_fills_every_part() {
        let s = structure(RESUME);
        let d = &s.data;
        assert_eq!(d.basics.name.as_deref(), Some("Ada Park"));
        assert_eq!(d.basics.label.as_deref(), Some("Senior Backend Engineer"));
        assert_eq!(d.basics.email.as_deref(), Some("ada.park@example.com"));
        assert_eq!(d.basics.phone.as_deref(), Some("+1 (503) 555-0142"));
        assert_eq!(d.basics.location.as_deref(), Some("Portland, OR"));
        assert_eq!(d.basics.profiles[0].network, "GitHub");
        assert_eq!(d.basics.profiles[0].username.as_deref(), Some("adapark"));
        assert!(
            d.basics
                .summary
                .as_deref()
                .is_some_and(|s| s.contains("eight years"))
        );

        assert_eq!(d.work.len(), 2);
        assert_eq!(d.work[0].title.as_deref(), Some("Senior Backend Engineer"));
        assert_eq!(d.work[0].organisation.as_deref(), Some("Parcelwise"));
        assert_eq!(d.work[0].start.as_deref(), Some("Mar 2021"));
        assert_eq!(d.work[0].end.as_deref(), Some("Present"));
        assert_eq!(d.work[0].bullets.len(), 2);
        assert_eq!(d.work[1].start.as_deref(), Some("2017"));
        assert_eq!(d.work[1].end.as_deref(), Some("2021"));

        assert_eq!(d.education.len(), 1);
        assert_eq!(
            d.education[0].institution.as_deref(),
            Some("Oregon State University")
        );
        assert_eq!(d.education[0].study_type.as_deref(), Some("BSc"));
        assert_eq!(d.education[0].area.as_deref(), Some("Computer Science"));
        assert_eq!(d.education[0].end.as_deref(), Some("2017"));

        assert_eq!(d.skills.len(), 2);
        assert_eq!(d.skills[0].name.as_deref(), Some("Languages"));
        assert_eq!(d.skills[0].keywords, ["Rust", "Go", "Python"]);
        assert_eq!(d.certifications[0].date.as_deref(), Some("2022"));
        assert_eq!(d.languages.len(), 2);
        assert_eq!(d.languages[1].fluency.as_deref(), Some("conversational"));
        assert_eq!(d.other_sections[0].heading, "Volunteering");

        let sections: Vec<ResumeSection> = found(d).iter().map(|f| f.section).collect();
        assert!(sections.contains(&ResumeSection::Experience));
        assert!(s.ambiguous.is_empty(), "{:?}", s.ambiguous);
    }

    #[test]
    fn doubtful_parts_are_reported_not_guessed() {
        let s = structure(
            "Some Words Here That Are Not A Name At All Really\n\n## Experience\nThe Blue Company\n- did things\n",
        );
        let messages: Vec<&str> = s.ambiguous.iter().map(|n| n.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("does not look like a name")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("email address or phone")),
            "{messages:?}"
        );
    }

    #[test]
    fn text_without_headings_is_reported() {
        let s = structure("Jo Bloggs\njo@example.com\nI have worked in many places.\n");
        assert!(
            s.ambiguous
                .iter()
                .any(|n| n.message.contains("No section headings"))
        );
    }

    #[test]
    fn date_ranges_are_found_as_written() {
        let (s, e, _) = date_range("Engineer, Acme (Jan 2020 – Mar 2022)").expect("range");
        assert_eq!((s.as_str(), e.as_deref()), ("Jan 2020", Some("Mar 2022")));
        let (s, e, _) = date_range("2019-present").expect("range");
        assert_eq!((s.as_str(), e.as_deref()), ("2019", Some("present")));
        let (s, e, _) = date_range("CEO (2013-12-01 – 2014-12)").expect("range");
        assert_eq!((s.as_str(), e.as_deref()), ("2013-12-01", Some("2014-12")));
        let (s, e, _) = date_range("09/2018 to 06/2020").expect("range");
        assert_eq!((s.as_str(), e.as_deref()), ("09/2018", Some("06/2020")));
        assert!(date_range("Managed 3000 accounts").is_none());
        assert_eq!(strip_dates("Acme Corp | 2019 – 2021"), "Acme Corp");
    }
}
