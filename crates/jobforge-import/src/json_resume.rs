//! The jsonresume.org schema (v1.0.0), both ways: a document validated and
//! read into [`ResumeData`], and [`ResumeData`] written back out.
//!
//! Validation walks the JSON by hand rather than deriving, so every problem
//! is reported with its path ("work[2].startDate") and all of them at once.

use jobforge_types::{
    Basics, Certification, Education, Experience, Language, OnlineProfile, OtherSection, Project,
    ResumeData, SkillGroup,
};
use serde_json::{Map, Value, json};

/// Reads a JSON Resume document. `Err` lists what breaks the schema.
pub fn parse(text: &str) -> Result<ResumeData, JsonResumeError> {
    let value: Value = serde_json::from_str(text).map_err(|e| JsonResumeError::Syntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let Value::Object(root) = &value else {
        return Err(JsonResumeError::Schema(vec![
            "the document must be a JSON object with `basics`, `work`, … at the top".to_owned(),
        ]));
    };
    let mut reader = Reader::default();
    let data = reader.resume(root);
    if reader.problems.is_empty() {
        Ok(data)
    } else {
        Err(JsonResumeError::Schema(reader.problems))
    }
}

/// Whether a JSON text looks like a JSON Resume (rather than some other JSON).
pub fn looks_like_json_resume(value: &Value) -> bool {
    value.as_object().is_some_and(|o| {
        o.contains_key("basics")
            || o.contains_key("work")
            || o.get("$schema")
                .and_then(Value::as_str)
                .is_some_and(|s| s.contains("resume-schema"))
    })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JsonResumeError {
    #[error(
        "The file is not valid JSON (line {line}, column {column}: {message}); fix it or export it again from your resume tool."
    )]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("The file is JSON but does not follow the JSON Resume schema: {}. Fix these fields and import it again.", .0.join("; "))]
    Schema(Vec<String>),
}

/// Turns one item of a JSON Resume list into lines of an other-section.
type ItemLines<'a> = &'a dyn Fn(&mut Reader, &str, &Map<String, Value>) -> Vec<String>;

#[derive(Default)]
struct Reader {
    problems: Vec<String>,
}

impl Reader {
    fn resume(&mut self, root: &Map<String, Value>) -> ResumeData {
        let mut data = ResumeData::default();
        if let Some(basics) = self.object(root, "basics", "basics") {
            data.basics = self.basics(basics);
        }
        for (path, item) in self.items(root, "work", "work") {
            data.work.push(self.experience(&path, item));
        }
        for (path, item) in self.items(root, "projects", "projects") {
            data.projects.push(self.project(&path, item));
        }
        for (path, item) in self.items(root, "education", "education") {
            data.education.push(self.education(&path, item));
        }
        for (path, item) in self.items(root, "skills", "skills") {
            data.skills.push(SkillGroup {
                name: self.string(item, "name", &path),
                keywords: self.strings(item, "keywords", &path),
            });
        }
        for (path, item) in self.items(root, "certificates", "certificates") {
            let name = self.string(item, "name", &path);
            let certification = Certification {
                name: name.clone().unwrap_or_default(),
                issuer: self.string(item, "issuer", &path),
                date: self.date(item, "date", &path),
            };
            match name {
                Some(_) => data.certifications.push(certification),
                None => self.problems.push(format!("{path}.name is missing")),
            }
        }
        for (path, item) in self.items(root, "languages", "languages") {
            match self.string(item, "language", &path) {
                Some(language) => data.languages.push(Language {
                    language,
                    fluency: self.string(item, "fluency", &path),
                }),
                None => self.problems.push(format!("{path}.language is missing")),
            }
        }
        self.other_sections(root, &mut data);
        data
    }

    fn basics(&mut self, basics: &Map<String, Value>) -> Basics {
        let path = "basics";
        let email = self.string(basics, "email", path);
        if let Some(email) = &email
            && !is_email(email)
        {
            self.problems
                .push(format!("basics.email `{email}` is not an email address"));
        }
        let url = self.url(basics, "url", path);
        let location = self.object(basics, "location", "basics.location").map(|l| {
            let parts: Vec<String> = ["address", "city", "region", "postalCode", "countryCode"]
                .iter()
                .filter_map(|k| self.string(l, k, "basics.location"))
                .collect();
            // The street address stays out of a resume header unless it is
            // the only thing given.
            let without_street: Vec<&String> = parts
                .iter()
                .skip(usize::from(l.contains_key("address") && parts.len() > 1))
                .collect();
            without_street
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        });
        let mut profiles = Vec::new();
        for (p, item) in self.items(basics, "profiles", "basics.profiles") {
            let network = self.string(item, "network", &p).unwrap_or_default();
            profiles.push(OnlineProfile {
                network,
                username: self.string(item, "username", &p),
                url: self.url(item, "url", &p),
            });
        }
        Basics {
            name: self.string(basics, "name", path),
            label: self.string(basics, "label", path),
            email,
            phone: self.string(basics, "phone", path),
            url,
            location: location.filter(|l| !l.is_empty()),
            profiles,
            summary: self.string(basics, "summary", path),
        }
    }

    fn experience(&mut self, path: &str, item: &Map<String, Value>) -> Experience {
        let description = self.string(item, "description", path);
        let summary = self.string(item, "summary", path);
        Experience {
            organisation: self.string(item, "name", path),
            title: self.string(item, "position", path),
            location: self.string(item, "location", path),
            start: self.date(item, "startDate", path),
            end: self.date(item, "endDate", path),
            summary: match (description, summary) {
                (Some(d), Some(s)) => Some(format!("{d}. {s}")),
                (d, s) => s.or(d),
            },
            bullets: self.strings(item, "highlights", path),
        }
    }

    fn project(&mut self, path: &str, item: &Map<String, Value>) -> Project {
        let name = self.string(item, "name", path);
        if name.is_none() {
            self.problems.push(format!("{path}.name is missing"));
        }
        Project {
            name: name.unwrap_or_default(),
            description: self.string(item, "description", path),
            url: self.url(item, "url", path),
            start: self.date(item, "startDate", path),
            end: self.date(item, "endDate", path),
            bullets: self.strings(item, "highlights", path),
            keywords: self.strings(item, "keywords", path),
        }
    }

    fn education(&mut self, path: &str, item: &Map<String, Value>) -> Education {
        Education {
            institution: self.string(item, "institution", path),
            area: self.string(item, "area", path),
            study_type: self.string(item, "studyType", path),
            start: self.date(item, "startDate", path),
            end: self.date(item, "endDate", path),
            score: self.string(item, "score", path),
            details: self.strings(item, "courses", path),
        }
    }

    /// Volunteering, awards, publications, interests, references: kept as
    /// sections of lines.
    fn other_sections(&mut self, root: &Map<String, Value>, data: &mut ResumeData) {
        let lines_of = |reader: &mut Self, key: &str, line: ItemLines<'_>| {
            let mut lines = Vec::new();
            for (path, item) in reader.items(root, key, key) {
                lines.extend(line(reader, &path, item));
            }
            lines
        };
        let volunteer = lines_of(self, "volunteer", &|r, p, item| {
            let mut lines = vec![heading_line(&[
                r.string(item, "position", p),
                r.string(item, "organization", p),
                date_span(r.date(item, "startDate", p), r.date(item, "endDate", p)),
            ])];
            lines.extend(r.string(item, "summary", p));
            lines.extend(
                r.strings(item, "highlights", p)
                    .into_iter()
                    .map(|h| format!("- {h}")),
            );
            lines
        });
        let awards = lines_of(self, "awards", &|r, p, item| {
            let mut lines = vec![heading_line(&[
                r.string(item, "title", p),
                r.string(item, "awarder", p),
                r.date(item, "date", p).map(|d| human_date(&d)),
            ])];
            lines.extend(r.string(item, "summary", p));
            lines
        });
        let publications = lines_of(self, "publications", &|r, p, item| {
            let mut lines = vec![heading_line(&[
                r.string(item, "name", p),
                r.string(item, "publisher", p),
                r.date(item, "releaseDate", p).map(|d| human_date(&d)),
            ])];
            lines.extend(r.url(item, "url", p));
            lines.extend(r.string(item, "summary", p));
            lines
        });
        let interests = lines_of(self, "interests", &|r, p, item| {
            let name = r.string(item, "name", p).unwrap_or_default();
            let keywords = r.strings(item, "keywords", p);
            vec![if keywords.is_empty() {
                name
            } else {
                format!("{name}: {}", keywords.join(", "))
            }]
        });
        let references = lines_of(self, "references", &|r, p, item| {
            let name = r.string(item, "name", p).unwrap_or_default();
            let text = r.string(item, "reference", p).unwrap_or_default();
            vec![format!("{name}: {text}")]
        });
        for (heading, lines) in [
            ("Volunteering", volunteer),
            ("Awards", awards),
            ("Publications", publications),
            ("Interests", interests),
            ("References", references),
        ] {
            let lines: Vec<String> = lines.into_iter().filter(|l| !l.trim().is_empty()).collect();
            if !lines.is_empty() {
                data.other_sections.push(OtherSection {
                    heading: heading.to_owned(),
                    lines,
                });
            }
        }
    }

    fn object<'a>(
        &mut self,
        parent: &'a Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Option<&'a Map<String, Value>> {
        match parent.get(key)? {
            Value::Object(o) => Some(o),
            Value::Null => None,
            other => {
                self.problems
                    .push(format!("{path} must be an object, not {}", kind(other)));
                None
            }
        }
    }

    fn items<'a>(
        &mut self,
        parent: &'a Map<String, Value>,
        key: &str,
        path: &str,
    ) -> Vec<(String, &'a Map<String, Value>)> {
        let Some(value) = parent.get(key) else {
            return Vec::new();
        };
        let Value::Array(items) = value else {
            if !value.is_null() {
                self.problems
                    .push(format!("{path} must be a list, not {}", kind(value)));
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::Object(o) => out.push((format!("{path}[{i}]"), o)),
                other => self.problems.push(format!(
                    "{path}[{i}] must be an object, not {}",
                    kind(other)
                )),
            }
        }
        out
    }

    /// A non-empty trimmed string; a wrong type is a problem, an empty string is absent.
    fn string(&mut self, parent: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        match parent.get(key)? {
            Value::String(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
            Value::Null => None,
            // Scores and phone numbers are sometimes written as numbers.
            Value::Number(n) if matches!(key, "score" | "phone" | "postalCode") => {
                Some(n.to_string())
            }
            other => {
                self.problems
                    .push(format!("{path}.{key} must be text, not {}", kind(other)));
                None
            }
        }
    }

    fn strings(&mut self, parent: &Map<String, Value>, key: &str, path: &str) -> Vec<String> {
        let Some(value) = parent.get(key) else {
            return Vec::new();
        };
        let Value::Array(items) = value else {
            if !value.is_null() {
                self.problems.push(format!(
                    "{path}.{key} must be a list of text, not {}",
                    kind(value)
                ));
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_owned()),
                Value::String(_) | Value::Null => {}
                other => self.problems.push(format!(
                    "{path}.{key}[{i}] must be text, not {}",
                    kind(other)
                )),
            }
        }
        out
    }

    fn date(&mut self, parent: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        let text = self.string(parent, key, path)?;
        if is_iso_date(&text) {
            Some(text)
        } else {
            self.problems.push(format!(
                "{path}.{key} `{text}` is not a date like 2021, 2021-03 or 2021-03-15"
            ));
            None
        }
    }

    fn url(&mut self, parent: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        let text = self.string(parent, key, path)?;
        if text.contains("://") || text.starts_with("mailto:") {
            Some(text)
        } else {
            self.problems.push(format!(
                "{path}.{key} `{text}` is not a full address (it needs https:// or similar)"
            ));
            None
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn heading_line(parts: &[Option<String>]) -> String {
    parts
        .iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(" — ")
}

fn date_span(start: Option<String>, end: Option<String>) -> Option<String> {
    match (start, end) {
        (None, None) => None,
        (Some(s), None) => Some(format!("{} – Present", human_date(&s))),
        (None, Some(e)) => Some(human_date(&e)),
        (Some(s), Some(e)) => Some(format!("{} – {}", human_date(&s), human_date(&e))),
    }
}

/// The schema's date pattern: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let in_range =
        |s: &str, lo: u32, hi: u32| s.parse::<u32>().is_ok_and(|v| (lo..=hi).contains(&v));
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 1, 12),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && digits(d, 2) && in_range(m, 1, 12) && in_range(d, 1, 31)
        }
        _ => false,
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "2013-12-01" → "Dec 2013"; "2013" stays; anything else is returned as is.
pub fn human_date(date: &str) -> String {
    let mut parts = date.split('-');
    match (parts.next(), parts.next()) {
        (Some(year), Some(month)) => match month.parse::<usize>() {
            Ok(m @ 1..=12) => format!("{} {year}", MONTHS[m - 1]),
            _ => date.to_owned(),
        },
        _ => date.to_owned(),
    }
}

/// "Mar 2021", "March 2021", "03/2021", "2021" → the schema's form; `None`
/// for "Present" and for text that names no date.
pub fn iso_date(text: &str) -> Option<String> {
    let text = text.trim();
    if is_iso_date(text) {
        return Some(text.to_owned());
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [month, year] => {
            let year = year
                .parse::<u16>()
                .ok()
                .filter(|y| (1900..=2100).contains(y))?;
            let month = month_number(month)?;
            Some(format!("{year}-{month:02}"))
        }
        [year] => year
            .parse::<u16>()
            .ok()
            .filter(|y| (1900..=2100).contains(y))
            .map(|y| y.to_string()),
        _ => None,
    }
}

fn month_number(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return Some(n).filter(|n| (1..=12).contains(n));
    }
    let lower = word.to_lowercase();
    MONTHS
        .iter()
        .position(|m| lower.starts_with(&m.to_lowercase()))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.contains(char::is_whitespace)
}

/// Writes `data` as a JSON Resume document. The second value lists what the
/// schema has no place for or could not take (dates it cannot express), so
/// the caller can tell the user instead of dropping it silently.
pub fn to_json(data: &ResumeData) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    let mut date = |value: &Option<String>, what: &str| -> Option<String> {
        let text = value.as_deref()?;
        if text.trim().eq_ignore_ascii_case("present")
            || text.trim().eq_ignore_ascii_case("current")
        {
            return None;
        }
        let iso = iso_date(text);
        if iso.is_none() {
            notes.push(format!(
                "{what}: the date `{text}` has no JSON Resume form and was left out"
            ));
        }
        iso
    };
    let basics = &data.basics;
    let mut root = Map::new();
    root.insert(
        "$schema".into(),
        json!("https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"),
    );
    let mut b = Map::new();
    put(&mut b, "name", &basics.name);
    put(&mut b, "label", &basics.label);
    put(&mut b, "email", &basics.email);
    put(&mut b, "phone", &basics.phone);
    put(&mut b, "url", &basics.url);
    put(&mut b, "summary", &basics.summary);
    if let Some(location) = &basics.location {
        b.insert("location".into(), json!({ "city": location }));
    }
    if !basics.profiles.is_empty() {
        let profiles: Vec<Value> = basics
            .profiles
            .iter()
            .map(|p| {
                let mut o = Map::new();
                o.insert("network".into(), json!(p.network));
                put(&mut o, "username", &p.username);
                put(&mut o, "url", &p.url);
                Value::Object(o)
            })
            .collect();
        b.insert("profiles".into(), Value::Array(profiles));
    }
    root.insert("basics".into(), Value::Object(b));

    let work: Vec<Value> = data
        .work
        .iter()
        .map(|w| {
            let what = w
                .organisation
                .clone()
                .or(w.title.clone())
                .unwrap_or_default();
            let mut o = Map::new();
            put(&mut o, "name", &w.organisation);
            put(&mut o, "position", &w.title);
            put(&mut o, "location", &w.location);
            put(&mut o, "startDate", &date(&w.start, &what));
            put(&mut o, "endDate", &date(&w.end, &what));
            put(&mut o, "summary", &w.summary);
            if !w.bullets.is_empty() {
                o.insert("highlights".into(), json!(w.bullets));
            }
            Value::Object(o)
        })
        .collect();
    root.insert("work".into(), Value::Array(work));

    let education: Vec<Value> = data
        .education
        .iter()
        .map(|e| {
            let what = e.institution.clone().unwrap_or_default();
            let mut o = Map::new();
            put(&mut o, "institution", &e.institution);
            put(&mut o, "area", &e.area);
            put(&mut o, "studyType", &e.study_type);
            put(&mut o, "startDate", &date(&e.start, &what));
            put(&mut o, "endDate", &date(&e.end, &what));
            put(&mut o, "score", &e.score);
            if !e.details.is_empty() {
                o.insert("courses".into(), json!(e.details));
            }
            Value::Object(o)
        })
        .collect();
    root.insert("education".into(), Value::Array(education));

    let skills: Vec<Value> = data
        .skills
        .iter()
        .map(|s| {
            let mut o = Map::new();
            put(&mut o, "name", &s.name);
            o.insert("keywords".into(), json!(s.keywords));
            Value::Object(o)
        })
        .collect();
    root.insert("skills".into(), Value::Array(skills));

    if !data.projects.is_empty() {
        let projects: Vec<Value> = data
            .projects
            .iter()
            .map(|p| {
                let mut o = Map::new();
                o.insert("name".into(), json!(p.name));
                put(&mut o, "description", &p.description);
                put(&mut o, "url", &p.url);
                put(&mut o, "startDate", &date(&p.start, &p.name));
                put(&mut o, "endDate", &date(&p.end, &p.name));
                if !p.bullets.is_empty() {
                    o.insert("highlights".into(), json!(p.bullets));
                }
                if !p.keywords.is_empty() {
                    o.insert("keywords".into(), json!(p.keywords));
                }
                Value::Object(o)
            })
            .collect();
        root.insert("projects".into(), Value::Array(projects));
    }
    if !data.certifications.is_empty() {
        let certificates: Vec<Value> = data
            .certifications
            .iter()
            .map(|c| {
                let mut o = Map::new();
                o.insert("name".into(), json!(c.name));
                put(&mut o, "issuer", &c.issuer);
                put(&mut o, "date", &date(&c.date, &c.name));
                Value::Object(o)
            })
            .collect();
        root.insert("certificates".into(), Value::Array(certificates));
    }
    if !data.languages.is_empty() {
        let languages: Vec<Value> = data
            .languages
            .iter()
            .map(|l| {
                let mut o = Map::new();
                o.insert("language".into(), json!(l.language));
                put(&mut o, "fluency", &l.fluency);
                Value::Object(o)
            })
            .collect();
        root.insert("languages".into(), Value::Array(languages));
    }
    for section in &data.other_sections {
        notes.push(format!(
            "the section `{}` has no JSON Resume field and was left out",
            section.heading
        ));
    }
    let text = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
    (text, notes)
}

fn put(object: &mut Map<String, Value>, key: &str, value: &Option<String>) {
    if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        object.insert(key.to_owned(), json!(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/corpus/jsonresume-sample.json");

    #[test]
    fn the_schema_sample_reads_into_every_part() {
        let data = parse(SAMPLE).expect("valid sample");
        assert_eq!(data.basics.name.as_deref(), Some("Richard Hendriks"));
        assert_eq!(
            data.basics.email.as_deref(),
            Some("richard.hendriks@mail.com")
        );
        assert_eq!(
            data.basics.location.as_deref(),
            Some("San Francisco, California, CA 94115, US")
        );
        assert_eq!(data.basics.profiles.len(), 2);
        assert_eq!(data.work[0].organisation.as_deref(), Some("Pied Piper"));
        assert_eq!(data.work[0].title.as_deref(), Some("CEO/President"));
        assert_eq!(data.work[0].start.as_deref(), Some("2013-12-01"));
        assert!(!data.work[0].bullets.is_empty());
        assert_eq!(data.education[0].study_type.as_deref(), Some("Bachelor"));
        assert_eq!(data.skills[0].keywords, ["HTML", "CSS", "Javascript"]);
        assert_eq!(data.languages[0].language, "English");
        assert_eq!(data.projects[0].name, "Miss Direction");
        let headings: Vec<&str> = data
            .other_sections
            .iter()
            .map(|s| s.heading.as_str())
            .collect();
        assert_eq!(
            headings,
            [
                "Volunteering",
                "Awards",
                "Publications",
                "Interests",
                "References"
            ]
        );
    }

    #[test]
    fn schema_problems_are_all_named_with_their_paths() {
        let text = r#"{"basics": {"name": "A", "email": "not-an-email"},
            "work": [{"name": "X", "startDate": "March 2020", "highlights": ["ok", 3]}],
            "skills": "Rust"}"#;
        let Err(JsonResumeError::Schema(problems)) = parse(text) else {
            panic!("expected schema problems");
        };
        let all = problems.join("\n");
        assert!(all.contains("basics.email `not-an-email`"), "{all}");
        assert!(all.contains("work[0].startDate `March 2020`"), "{all}");
        assert!(all.contains("work[0].highlights[1] must be text"), "{all}");
        assert!(all.contains("skills must be a list"), "{all}");
    }

    #[test]
    fn broken_json_says_where() {
        let error = parse("{\"basics\": {\"name\": \"A\",}").expect_err("broken");
        assert!(
            matches!(error, JsonResumeError::Syntax { line: 1, .. }),
            "{error}"
        );
        assert!(error.to_string().contains("not valid JSON"));
    }

    #[test]
    fn writing_and_reading_back_keeps_every_field_the_schema_has() {
        let data = parse(SAMPLE).expect("valid sample");
        let (text, notes) = to_json(&data);
        let again = parse(&text).expect("our own output is valid");
        assert_eq!(again.work, data.work);
        assert_eq!(again.education, data.education);
        assert_eq!(again.skills, data.skills);
        assert_eq!(again.projects, data.projects);
        assert_eq!(again.basics.name, data.basics.name);
        assert_eq!(again.basics.profiles, data.basics.profiles);
        assert!(
            notes.iter().any(|n| n.contains("Volunteering")),
            "{notes:?}"
        );
    }

    #[test]
    fn human_dates_become_schema_dates_and_present_is_an_open_end() {
        assert_eq!(iso_date("Mar 2021").as_deref(), Some("2021-03"));
        assert_eq!(iso_date("September 2019").as_deref(), Some("2019-09"));
        assert_eq!(iso_date("03/2021").as_deref(), Some("2021-03"));
        assert_eq!(iso_date("2018").as_deref(), Some("2018"));
        assert_eq!(iso_date("Present"), None);
        assert_eq!(iso_date("the spring"), None);
        assert_eq!(human_date("2013-12-01"), "Dec 2013");
        assert!(!is_iso_date("2021-13"));
    }
}
