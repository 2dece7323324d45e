//! Form drafts and their validation, with the rules from `jobforge_types`
//! (the same functions the store runs), so inline messages match the
//! shell's refusals word for word.

use std::collections::BTreeMap;

use jobforge_types::validation::ValidationError;
use jobforge_types::{
    Date, Field, NewApplication, NewResume, NewWritingSample, Priority, ProfileUpdate, ResumeId,
    ResumeUpdate, UpdateResume, ValidationErrors,
};

/// A field's wire name, as `Field` serialises (`role_title`, `job_url`...);
/// the UI puts it in `data-field` of the matching `.field-error`.
pub const fn field_name(field: Field) -> &'static str {
    match field {
        Field::Company => "company",
        Field::RoleTitle => "role_title",
        Field::JobDescription => "job_description",
        Field::JobUrl => "job_url",
        Field::Location => "location",
        Field::Notes => "notes",
        Field::ResumeName => "resume_name",
        Field::ResumeContent => "resume_content",
        Field::DocumentContent => "document_content",
        Field::FullName => "full_name",
        Field::Email => "email",
        Field::ContactLine => "contact_line",
        Field::SampleTitle => "sample_title",
        Field::SampleContent => "sample_content",
        Field::Model => "model",
        Field::BaseUrl => "base_url",
        Field::Temperature => "temperature",
        Field::MaxTokens => "max_tokens",
    }
}

/// Form fields the contract's `Field` does not name; their messages are the
/// UI's own.
pub mod ui_field {
    pub const DEADLINE: &str = "deadline";
    pub const API_KEY: &str = "api_key";
}

/// Inline messages by field wire name, each a full sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    /// Messages from validation problems (the shell's `fields` or a local
    /// check): "Company must not be empty." Several problems with one field
    /// are joined.
    pub fn from_problems(problems: &[ValidationError]) -> Self {
        let mut errors = Self::default();
        for problem in problems {
            let sentence = format!(
                "{} {}.",
                upper_first(problem.field.label()),
                problem.problem
            );
            let name = field_name(problem.field);
            match errors.0.get_mut(name) {
                Some(existing) => {
                    existing.push(' ');
                    existing.push_str(&sentence);
                }
                None => {
                    errors.0.insert(name.to_owned(), sentence);
                }
            }
        }
        errors
    }

    pub fn from_validation(errors: &ValidationErrors) -> Self {
        Self::from_problems(&errors.errors)
    }

    pub fn insert(&mut self, field: &str, sentence: impl Into<String>) {
        self.0.insert(field.to_owned(), sentence.into());
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Adds `other`'s messages (for a check the types crate does not run).
    pub fn merge(&mut self, other: Self) {
        self.0.extend(other.0);
    }
}

pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Parses a date input's value (`YYYY-MM-DD`); empty means no date.
pub fn parse_date(value: &str) -> Result<Option<Date>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let invalid = || "The deadline must be a date such as 2026-12-31.".to_owned();
    let mut parts = value.splitn(3, '-');
    let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(invalid());
    };
    let year: i32 = y.parse().map_err(|_| invalid())?;
    let month: u8 = m.parse().map_err(|_| invalid())?;
    let day: u8 = d.parse().map_err(|_| invalid())?;
    let month = time::Month::try_from(month).map_err(|_| invalid())?;
    Date::from_calendar_date(year, month, day)
        .map(Some)
        .map_err(|_| invalid())
}

/// `YYYY-MM-DD`, the value of a date input.
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Which text field of the new-application form changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewAppField {
    Company,
    RoleTitle,
    Description,
    Location,
    Deadline,
    Url,
    Notes,
}

/// The new-application form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewApplicationForm {
    pub company: String,
    pub role_title: String,
    pub job_description: String,
    pub location: String,
    pub priority: Priority,
    pub deadline: String,
    pub job_url: String,
    pub notes: String,
    pub errors: FieldErrors,
    /// Submitted once: from then on every change re-checks the form, so
    /// messages go away as soon as the problem is fixed.
    pub submitted: bool,
    /// `create_application` is under way.
    pub busy: bool,
    /// Filling the form from a posting's address or file.
    pub capture: crate::transfer::CaptureState,
}

impl NewApplicationForm {
    pub fn set(&mut self, field: NewAppField, value: String) {
        let slot = match field {
            NewAppField::Company => &mut self.company,
            NewAppField::RoleTitle => &mut self.role_title,
            NewAppField::Description => &mut self.job_description,
            NewAppField::Location => &mut self.location,
            NewAppField::Deadline => &mut self.deadline,
            NewAppField::Url => &mut self.job_url,
            NewAppField::Notes => &mut self.notes,
        };
        *slot = value;
        if self.submitted {
            self.errors = self.request().err().unwrap_or_default();
        }
    }

    /// The request to send, normalised and validated; or every problem.
    pub fn request(&self) -> Result<NewApplication, FieldErrors> {
        let mut errors = FieldErrors::default();
        let deadline = parse_date(&self.deadline).unwrap_or_else(|message| {
            errors.insert(ui_field::DEADLINE, message);
            None
        });
        let request = NewApplication {
            company: self.company.clone(),
            role_title: self.role_title.clone(),
            job_description: self.job_description.clone(),
            job_url: Some(self.job_url.clone()),
            location: Some(self.location.clone()),
            priority: self.priority,
            deadline,
            notes: self.notes.clone(),
        }
        .normalised();
        if let Err(problems) = request.validate() {
            errors.merge(FieldErrors::from_validation(&problems));
        }
        if errors.is_empty() {
            Ok(request)
        } else {
            Err(errors)
        }
    }
}

/// A resume being added (no `id`) or edited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResumeForm {
    pub id: Option<ResumeId>,
    pub name: String,
    pub content: String,
    /// For a new resume: make it the primary one.
    pub primary: bool,
    pub errors: FieldErrors,
    pub busy: bool,
}

/// What saving a resume form sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResumeRequest {
    Add(NewResume),
    Update(UpdateResume),
}

impl ResumeForm {
    pub fn request(&self) -> Result<ResumeRequest, FieldErrors> {
        let name = self.name.trim().to_owned();
        match self.id {
            None => {
                let resume = NewResume {
                    name,
                    content: self.content.clone(),
                    is_primary: self.primary,
                    ..NewResume::default()
                };
                resume
                    .validate()
                    .map(|()| ResumeRequest::Add(resume))
                    .map_err(|e| FieldErrors::from_validation(&e))
            }
            Some(id) => {
                let update = ResumeUpdate {
                    name: Some(name),
                    content: Some(self.content.clone()),
                    focus_area: None,
                };
                update
                    .validate()
                    .map(|()| ResumeRequest::Update(UpdateResume { id, update }))
                    .map_err(|e| FieldErrors::from_validation(&e))
            }
        }
    }
}

/// A resume's name from a file path: the file name without its extension.
pub fn name_from_path(path: &str) -> String {
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => file,
    };
    stem.replace(['_', '-'], " ").trim().to_owned()
}

/// The profile part of the settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileForm {
    pub full_name: String,
    pub email: String,
    /// Contact lines, one per line of the text area.
    pub lines: String,
    pub errors: FieldErrors,
}

impl ProfileForm {
    pub fn request(&self) -> Result<ProfileUpdate, FieldErrors> {
        let update = ProfileUpdate {
            full_name: self.full_name.clone(),
            email: Some(self.email.clone()),
            contact_lines: self.lines.lines().map(str::to_owned).collect(),
        }
        .normalised();
        update
            .validate()
            .map(|()| update)
            .map_err(|e| FieldErrors::from_validation(&e))
    }
}

/// A new writing sample.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SampleForm {
    pub title: String,
    pub content: String,
    pub errors: FieldErrors,
}

impl SampleForm {
    pub fn request(&self) -> Result<NewWritingSample, FieldErrors> {
        let sample = NewWritingSample {
            title: self.title.trim().to_owned(),
            content: self.content.clone(),
        };
        sample
            .validate()
            .map(|()| sample)
            .map_err(|e| FieldErrors::from_validation(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_FIELDS: [Field; 18] = [
        Field::Company,
        Field::RoleTitle,
        Field::JobDescription,
        Field::JobUrl,
        Field::Location,
        Field::Notes,
        Field::ResumeName,
        Field::ResumeContent,
        Field::DocumentContent,
        Field::FullName,
        Field::Email,
        Field::ContactLine,
        Field::SampleTitle,
        Field::SampleContent,
        Field::Model,
        Field::BaseUrl,
        Field::Temperature,
        Field::MaxTokens,
    ];

    #[test]
    fn field_names_are_the_wire_names() {
        for field in ALL_FIELDS {
            let json = serde_json::to_string(&field).expect("serialise");
            assert_eq!(json, format!("\"{}\"", field_name(field)));
        }
    }

    #[test]
    fn shell_field_errors_become_inline_sentences() {
        let errors = FieldErrors::from_problems(&[
            ValidationError {
                field: Field::RoleTitle,
                problem: "must not be empty".into(),
            },
            ValidationError {
                field: Field::RoleTitle,
                problem: "must be a single line".into(),
            },
        ]);
        assert_eq!(
            errors.get("role_title"),
            Some("Role title must not be empty. Role title must be a single line.")
        );
        assert_eq!(errors.len(), 1);
    }

    fn filled_form() -> NewApplicationForm {
        NewApplicationForm {
            company: " Acme ".into(),
            role_title: "Rust Engineer".into(),
            job_description: "Build the control plane of our warehouse robots in Rust, with tests."
                .into(),
            job_url: "  ".into(),
            deadline: "2026-12-31".into(),
            ..NewApplicationForm::default()
        }
    }

    #[test]
    fn a_valid_new_application_is_normalised() {
        let request = filled_form().request().expect("valid");
        assert_eq!(request.company, "Acme");
        assert_eq!(request.job_url, None, "blank optional means not given");
        assert_eq!(request.location, None);
        assert_eq!(
            request.deadline.map(format_date).as_deref(),
            Some("2026-12-31")
        );
    }

    #[test]
    fn new_application_problems_are_named_per_field() {
        let form = NewApplicationForm {
            company: "".into(),
            job_description: "too short".into(),
            job_url: "www.example.com".into(),
            deadline: "2026-02-30".into(),
            ..filled_form()
        };
        let errors = form.request().expect_err("invalid");
        assert_eq!(errors.get("company"), Some("Company must not be empty."));
        assert!(
            errors
                .get("job_description")
                .is_some_and(|m| m.contains("at least 50")),
            "{errors:?}"
        );
        assert_eq!(
            errors.get("job_url"),
            Some("Job URL must start with http:// or https://.")
        );
        assert!(errors.get("deadline").is_some());
        assert!(errors.get("role_title").is_none());
    }

    #[test]
    fn after_a_failed_submit_fixing_a_field_clears_its_message() {
        let mut form = NewApplicationForm {
            company: "".into(),
            ..filled_form()
        };
        form.errors = form.request().expect_err("invalid");
        form.submitted = true;
        form.set(NewAppField::Company, "Acme".into());
        assert!(form.errors.is_empty(), "{:?}", form.errors);
    }

    #[test]
    fn dates_parse_from_date_inputs() {
        assert_eq!(parse_date(""), Ok(None));
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("tomorrow").is_err());
        assert_eq!(
            parse_date("2026-03-07").map(|d| d.map(format_date)),
            Ok(Some("2026-03-07".to_owned()))
        );
    }

    #[test]
    fn resume_forms_add_or_update() {
        let content = "# Ada Lovelace\n\n".to_owned() + &"Analytical engine programmer. ".repeat(5);
        let add = ResumeForm {
            name: " Main ".into(),
            content: content.clone(),
            primary: true,
            ..ResumeForm::default()
        };
        match add.request().expect("valid") {
            ResumeRequest::Add(r) => {
                assert_eq!(r.name, "Main");
                assert!(r.is_primary);
            }
            other => panic!("expected an add, got {other:?}"),
        }
        let short = ResumeForm {
            name: "".into(),
            content: "short".into(),
            ..ResumeForm::default()
        };
        let errors = short.request().expect_err("invalid");
        assert!(errors.get("resume_name").is_some());
        assert!(errors.get("resume_content").is_some());
    }

    #[test]
    fn resume_names_come_from_file_names() {
        assert_eq!(name_from_path("/home/ada/cv_2026.md"), "cv 2026");
        assert_eq!(name_from_path("C:\\Users\\ada\\Resume.markdown"), "Resume");
        assert_eq!(name_from_path(".profile"), ".profile");
    }

    #[test]
    fn profile_lines_are_trimmed_and_email_checked() {
        let form = ProfileForm {
            full_name: "Ada".into(),
            email: "".into(),
            lines: " +44 20 7946 0000 \n\nLondon".into(),
            ..ProfileForm::default()
        };
        let update = form.request().expect("valid");
        assert_eq!(update.email, None);
        assert_eq!(update.contact_lines, vec!["+44 20 7946 0000", "London"]);
        let bad = ProfileForm {
            email: "ada-at-example".into(),
            ..form
        };
        assert!(bad.request().expect_err("bad email").get("email").is_some());
    }
}
