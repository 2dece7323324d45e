//! Input rules, as strict as the server schema's constraints. The store runs
//! them before every write and the UI runs the same functions for inline
//! messages, so a person hears about a problem once, in the same words.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Minimum length of a job description, in characters.
pub const JOB_DESCRIPTION_MIN_CHARS: usize = 50;
/// Minimum length of a resume, in characters.
pub const RESUME_MIN_CHARS: usize = 100;
/// Upper bound for short single-line fields (names, titles, locations).
pub const SHORT_TEXT_MAX_CHARS: usize = 255;
/// Upper bound for long texts (descriptions, resumes, documents): 2 MiB of text
/// is far beyond any real posting or resume and keeps one row from swamping the
/// database or the UI.
pub const LONG_TEXT_MAX_CHARS: usize = 2 * 1024 * 1024;
/// Upper bound for a URL.
pub const URL_MAX_CHARS: usize = 2048;

/// The input fields that can be wrong, named as the user sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Company,
    RoleTitle,
    JobDescription,
    JobUrl,
    Location,
    Notes,
    ResumeName,
    ResumeContent,
    DocumentContent,
    FullName,
    Email,
    ContactLine,
    SampleTitle,
    SampleContent,
    Model,
    BaseUrl,
    Temperature,
    MaxTokens,
}

impl Field {
    /// The name shown to people and on the command line.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::RoleTitle => "role title",
            Self::JobDescription => "job description",
            Self::JobUrl => "job URL",
            Self::Location => "location",
            Self::Notes => "notes",
            Self::ResumeName => "resume name",
            Self::ResumeContent => "resume content",
            Self::DocumentContent => "document content",
            Self::FullName => "name",
            Self::Email => "email",
            Self::ContactLine => "contact line",
            Self::SampleTitle => "writing sample title",
            Self::SampleContent => "writing sample text",
            Self::Model => "model",
            Self::BaseUrl => "base URL",
            Self::Temperature => "temperature",
            Self::MaxTokens => "token limit",
        }
    }
}

/// One field that is wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationError {
    pub field: Field,
    pub problem: String,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field.label(), self.problem)
    }
}

/// Every problem found in one input, so the user can fix them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct ValidationErrors {
    pub errors: Vec<ValidationError>,
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.errors.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl ValidationErrors {
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The problem with one field, if any (for inline messages).
    pub fn for_field(&self, field: Field) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.problem.as_str())
    }

    pub(crate) fn push(&mut self, field: Field, problem: impl Into<String>) {
        self.errors.push(ValidationError {
            field,
            problem: problem.into(),
        });
    }

    /// `Ok(())` when nothing was found.
    pub fn into_result(self) -> Result<(), Self> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

/// Collects the problems of one input.
#[derive(Default)]
pub(crate) struct Checker {
    errors: ValidationErrors,
}

impl Checker {
    /// A required single-line text: not blank, not too long, no line breaks.
    pub fn required_line(&mut self, field: Field, value: &str) {
        if value.trim().is_empty() {
            self.errors.push(field, "must not be empty");
        } else {
            self.line_rules(field, value);
        }
    }

    /// An optional single-line text: when given, the same rules as a required one.
    pub fn optional_line(&mut self, field: Field, value: Option<&str>) {
        if let Some(value) = value {
            self.required_line(field, value);
        }
    }

    fn line_rules(&mut self, field: Field, value: &str) {
        let chars = value.chars().count();
        if chars > SHORT_TEXT_MAX_CHARS {
            self.errors.push(
                field,
                format!("is {chars} characters long; at most {SHORT_TEXT_MAX_CHARS} are allowed"),
            );
        }
        if value.contains(['\n', '\r']) {
            self.errors.push(field, "must be a single line");
        }
    }

    /// A long text with a minimum length (trimmed) and the global maximum.
    pub fn long_text(&mut self, field: Field, value: &str, min_chars: usize) {
        let trimmed = value.trim().chars().count();
        if trimmed == 0 && min_chars > 0 {
            self.errors.push(field, "must not be empty");
        } else if trimmed < min_chars {
            self.errors.push(
                field,
                format!("is {trimmed} characters long; at least {min_chars} are needed"),
            );
        }
        let chars = value.chars().count();
        if chars > LONG_TEXT_MAX_CHARS {
            self.errors.push(
                field,
                format!("is {chars} characters long; at most {LONG_TEXT_MAX_CHARS} are allowed"),
            );
        }
    }

    pub fn optional_url(&mut self, field: Field, value: Option<&str>) {
        if let Some(Err(problem)) = value.map(check_http_url) {
            self.errors.push(field, problem);
        }
    }

    pub fn email(&mut self, field: Field, value: &str) {
        if let Err(problem) = check_email(value) {
            self.errors.push(field, problem);
        }
    }

    pub fn finish(self) -> Result<(), ValidationErrors> {
        self.errors.into_result()
    }
}

/// An `http` or `https` URL with a host, the rule of the server schema
/// (`^https?://[^\s/$.?#].[^\s]*$`).
pub fn check_http_url(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else {
        return Err("must start with http:// or https://".to_owned());
    };
    if url.chars().count() > URL_MAX_CHARS {
        return Err(format!("is longer than {URL_MAX_CHARS} characters"));
    }
    if url.chars().any(char::is_whitespace) {
        return Err("must not contain spaces".to_owned());
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_ok = host.chars().count() >= 2
        && !host.starts_with(['.', '$', '?', '#'])
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '_' | '@'));
    if !host_ok {
        return Err("must name a host, as in https://example.com/jobs/123".to_owned());
    }
    Ok(())
}

/// An e-mail address of the shape the server schema accepts
/// (`^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$`).
pub fn check_email(email: &str) -> Result<(), String> {
    let shape = "must be an e-mail address such as ada@example.com";
    let Some((local, domain)) = email.split_once('@') else {
        return Err(shape.to_owned());
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-'));
    let Some((host, tld)) = domain.rsplit_once('.') else {
        return Err(shape.to_owned());
    };
    let domain_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic());
    if local_ok && domain_ok && email.len() <= SHORT_TEXT_MAX_CHARS {
        Ok(())
    } else {
        Err(shape.to_owned())
    }
}

pub(crate) fn checker() -> Checker {
    Checker::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_http_with_a_host() {
        assert!(check_http_url("https://jobs.example.com/123").is_ok());
        assert!(check_http_url("HTTP://example.org").is_ok());
        assert!(check_http_url("ftp://example.org").is_err());
        assert!(check_http_url("https://").is_err());
        assert!(check_http_url("https://exa mple.com").is_err());
        assert!(check_http_url("javascript:alert(1)").is_err());
    }

    #[test]
    fn emails_follow_the_schema_shape() {
        assert!(check_email("ada.lovelace+jobs@example.co.uk").is_ok());
        assert!(check_email("ada@localhost").is_err());
        assert!(check_email("@example.com").is_err());
        assert!(check_email("ada@example.c").is_err());
        assert!(check_email("ada example@example.com").is_err());
    }

    #[test]
    fn all_problems_are_reported_together() {
        let mut c = checker();
        c.required_line(Field::Company, "  ");
        c.long_text(
            Field::JobDescription,
            "too short",
            JOB_DESCRIPTION_MIN_CHARS,
        );
        let errors = c.finish().expect_err("two problems");
        assert_eq!(errors.errors.len(), 2);
        assert_eq!(errors.for_field(Field::Company), Some("must not be empty"));
        assert_eq!(
            errors.to_string(),
            "company: must not be empty; job description: is 9 characters long; at least 50 are needed"
        );
    }
}
