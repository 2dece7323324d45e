//! A job description in the JSON Resume project's job schema
//! (`title`, `company`, `type`, `date`, `description`, `location`,
//! `remote`, `salary`, `experience`, `responsibilities`, `qualifications`,
//! `skills`), as some boards and tools export it.

use jobforge_types::{CaptureMethod, CapturedPosting};
use serde_json::{Map, Value};

use crate::CaptureError;

pub fn from_json_job(text: &str) -> Result<CapturedPosting, CaptureError> {
    let value: Value = serde_json::from_str(text).map_err(|e| CaptureError::NoPosting {
        detail: format!(
            "the file is not valid JSON (line {}, column {}: {e})",
            e.line(),
            e.column()
        ),
    })?;
    let Some(job) = value.as_object() else {
        return Err(CaptureError::NoPosting {
            detail: "the JSON file is not an object with a `title` and a `description`".to_owned(),
        });
    };
    let text_of = |key: &str| {
        job.get(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let list_of = |key: &str| -> Vec<String> {
        job.get(key)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut description = Vec::new();
    if let Some(text) = text_of("description") {
        description.push(text);
    }
    for (key, heading) in [
        ("responsibilities", "Responsibilities"),
        ("qualifications", "Qualifications"),
    ] {
        let items = list_of(key);
        if !items.is_empty() {
            description.push(format!("## {heading}"));
            description.push(
                items
                    .iter()
                    .map(|i| format!("- {i}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        }
    }
    let skills: Vec<String> = job
        .get("skills")
        .and_then(Value::as_array)
        .map(|groups| groups.iter().filter_map(skill_line).collect())
        .unwrap_or_default();
    if !skills.is_empty() {
        description.push("## Skills".to_owned());
        description.push(skills.join("\n"));
    }
    if let Some(experience) = text_of("experience") {
        description.push(format!("Experience: {experience}"));
    }
    if description.is_empty() {
        return Err(CaptureError::NoPosting {
            detail: "the JSON job description has no `description`, `responsibilities` or `qualifications`".to_owned(),
        });
    }
    let location = job
        .get("location")
        .and_then(Value::as_object)
        .map(place)
        .filter(|p| !p.is_empty());
    let location = match (location, text_of("remote")) {
        (Some(place), Some(remote)) => Some(format!("{place} ({remote})")),
        (place, remote) => place.or(remote),
    };
    let date_posted = text_of("date").and_then(|d| parse_date(&d));
    Ok(CapturedPosting {
        method: CaptureMethod::Pasted,
        source_url: job
            .get("meta")
            .and_then(|m| m.get("canonical"))
            .and_then(Value::as_str)
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            .map(str::to_owned),
        title: text_of("title"),
        company: text_of("company"),
        location,
        description: description.join("\n\n"),
        date_posted,
        deadline: None,
        employment_type: text_of("type"),
        salary: job.get("salary").and_then(|s| match s {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }),
        notes: Vec::new(),
    })
}

fn skill_line(group: &Value) -> Option<String> {
    let name = group
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let keywords: Vec<&str> = group
        .get("keywords")
        .and_then(Value::as_array)
        .map(|k| k.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    match (name.trim(), keywords.is_empty()) {
        ("", true) => None,
        (name, true) => Some(format!("- {name}")),
        ("", false) => Some(format!("- {}", keywords.join(", "))),
        (name, false) => Some(format!("- {name}: {}", keywords.join(", "))),
    }
}

/// "Berlin, Berlin, DE" from the address object (street left out).
fn place(location: &Map<String, Value>) -> String {
    ["city", "region", "countryCode"]
        .iter()
        .filter_map(|k| location.get(*k).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .fold(Vec::<&str>::new(), |mut parts, p| {
            if !parts.contains(&p) {
                parts.push(p);
            }
            parts
        })
        .join(", ")
}

/// "2024-07" or "2024-07-10" → a date (the first of the month when only
/// the month is given).
fn parse_date(text: &str) -> Option<time::Date> {
    let mut parts = text.split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next().map_or(Some(1), |d| d.get(..2)?.parse().ok())?;
    time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../../tests/fixtures/corpus/jsonresume-sample-job.json");

    #[test]
    fn the_json_resume_job_sample_fills_a_posting() {
        let posting = from_json_job(SAMPLE).expect("sample");
        assert_eq!(posting.title.as_deref(), Some("Web Developer"));
        assert_eq!(posting.company.as_deref(), Some("Microsoft"));
        assert_eq!(posting.location.as_deref(), Some("Berlin, DE (Hybrid)"));
        assert_eq!(posting.employment_type.as_deref(), Some("Full-time"));
        assert_eq!(posting.salary.as_deref(), Some("100000"));
        assert_eq!(
            posting.date_posted.map(|d| d.to_string()).as_deref(),
            Some("2024-07-01")
        );
        assert!(
            posting
                .description
                .contains("## Responsibilities\n\n- Develop and maintain web applications")
        );
        assert!(
            posting
                .description
                .contains("- Web Development: HTML, CSS, JavaScript, React, Node.js")
        );
        assert!(
            posting
                .description
                .contains("3+ years of experience in web development")
        );
    }

    #[test]
    fn json_without_a_posting_is_refused_with_what_is_missing() {
        let error = from_json_job(r#"{"title": "X"}"#).expect_err("no description");
        assert!(error.to_string().contains("no `description`"), "{error}");
        let error = from_json_job("{ nope").expect_err("not JSON");
        assert!(error.to_string().contains("not valid JSON"), "{error}");
        assert!(from_json_job("[1, 2]").is_err());
    }
}
