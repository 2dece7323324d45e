//! The things Job Forge keeps: applications, resumes, documents, the profile.
//!
//! `New*` and `*Update` types are what callers hand in; their `validate`
//! methods hold every input rule. The full entity types are what the store
//! hands back.

use serde::{Deserialize, Serialize};

use crate::validation::{
    self, Field, JOB_DESCRIPTION_MIN_CHARS, RESUME_MIN_CHARS, ValidationErrors,
};
use crate::{
    ApplicationId, ApplicationStatus, Date, DocumentId, DocumentKind, DocumentVersionId, FocusArea,
    Priority, ResumeId, Timestamp, VersionOrigin, WritingSampleId,
};

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

/// Which phases of the pipeline have produced their document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseFlags {
    pub research_done: bool,
    pub resume_optimised: bool,
    pub cover_letter_done: bool,
}

/// One job application and everything the user knows about the posting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: ApplicationId,
    /// `company_role_YYYY_MM_DD`, made once at creation; see [`application_name`].
    pub name: String,
    pub company: String,
    pub role_title: String,
    pub job_url: Option<String>,
    pub job_description: String,
    pub location: Option<String>,
    pub priority: Priority,
    pub status: ApplicationStatus,
    pub phases: PhaseFlags,
    #[serde(with = "optional_date")]
    pub deadline: Option<Date>,
    pub notes: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: Timestamp,
    /// Bumped on every change; used for optimistic concurrency and sync.
    pub version: i64,
}

/// What the user provides to start tracking an application.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewApplication {
    pub company: String,
    pub role_title: String,
    pub job_description: String,
    pub job_url: Option<String>,
    pub location: Option<String>,
    pub priority: Priority,
    #[serde(with = "optional_date", default)]
    pub deadline: Option<Date>,
    #[serde(default)]
    pub notes: String,
}

impl NewApplication {
    /// Trims surrounding white space and turns blank optional fields into `None`,
    /// so that `"  "` typed in a form means "not given".
    pub fn normalised(mut self) -> Self {
        self.company = self.company.trim().to_owned();
        self.role_title = self.role_title.trim().to_owned();
        self.job_url = normalise_optional(self.job_url);
        self.location = normalise_optional(self.location);
        self
    }

    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = validation::checker();
        c.required_line(Field::Company, &self.company);
        c.required_line(Field::RoleTitle, &self.role_title);
        c.long_text(
            Field::JobDescription,
            &self.job_description,
            JOB_DESCRIPTION_MIN_CHARS,
        );
        c.optional_url(Field::JobUrl, self.job_url.as_deref());
        c.optional_line(Field::Location, self.location.as_deref());
        c.long_text(Field::Notes, &self.notes, 0);
        c.finish()
    }
}

/// A change to an application's editable fields. `None` leaves a field as it
/// is; for optional fields `Some(None)` clears it. Status has its own
/// operation because every change of it is recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
// Fields left out are not sent: a `null` would mean "clear" to the reader.
pub struct ApplicationUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_description: Option<String>,
    #[serde(
        default,
        deserialize_with = "present_or_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub job_url: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "present_or_null",
        skip_serializing_if = "Option::is_none"
    )]
    pub location: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(
        default,
        with = "iso_date_patch",
        skip_serializing_if = "Option::is_none"
    )]
    pub deadline: Option<Option<Date>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl ApplicationUpdate {
    pub fn normalised(mut self) -> Self {
        self.company = self.company.map(|s| s.trim().to_owned());
        self.role_title = self.role_title.map(|s| s.trim().to_owned());
        self.job_url = self.job_url.map(normalise_optional);
        self.location = self.location.map(normalise_optional);
        self
    }

    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = validation::checker();
        if let Some(company) = &self.company {
            c.required_line(Field::Company, company);
        }
        if let Some(role) = &self.role_title {
            c.required_line(Field::RoleTitle, role);
        }
        if let Some(description) = &self.job_description {
            c.long_text(
                Field::JobDescription,
                description,
                JOB_DESCRIPTION_MIN_CHARS,
            );
        }
        if let Some(url) = &self.job_url {
            c.optional_url(Field::JobUrl, url.as_deref());
        }
        if let Some(location) = &self.location {
            c.optional_line(Field::Location, location.as_deref());
        }
        if let Some(notes) = &self.notes {
            c.long_text(Field::Notes, notes, 0);
        }
        c.finish()
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// For patch fields: a missing key leaves the field alone (`None`, by
/// `default`), `null` clears it (`Some(None)`), a value sets it.
fn present_or_null<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// `Option<Date>` as `"YYYY-MM-DD"` or null. Read through `Option<String>`
/// so it also works inside internally tagged enums, where serde buffers
/// values and hands a null over as unit (which `time`'s own helper refuses).
pub(crate) mod optional_date {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Date;

    const FORMAT: &[time::format_description::BorrowedFormatItem<'_>] =
        time::macros::format_description!("[year]-[month]-[day]");

    pub fn serialize<S: Serializer>(value: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        value
            .map(|date| date.format(FORMAT))
            .transpose()
            .map_err(serde::ser::Error::custom)?
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| Date::parse(&t, FORMAT).map_err(D::Error::custom))
            .transpose()
    }
}

mod iso_date_patch {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::Date;

    #[derive(Serialize, Deserialize)]
    struct Wrapped(#[serde(with = "super::optional_date")] Option<Date>);

    pub fn serialize<S: Serializer>(value: &Option<Option<Date>>, s: S) -> Result<S::Ok, S::Error> {
        value.map(Wrapped).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Date>>, D::Error> {
        Ok(Some(Wrapped::deserialize(d)?.0))
    }
}

/// One recorded change of an application's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// `None` for the status the application was created with.
    pub from: Option<ApplicationStatus>,
    pub to: ApplicationStatus,
    #[serde(with = "time::serde::rfc3339")]
    pub at: Timestamp,
}

/// A resume in the user's library, in Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resume {
    pub id: ResumeId,
    pub name: String,
    pub content: String,
    pub focus_area: FocusArea,
    /// At most one resume is primary; the pipeline uses it by default.
    pub is_primary: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: Timestamp,
    pub version: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewResume {
    pub name: String,
    pub content: String,
    pub focus_area: FocusArea,
    pub is_primary: bool,
}

impl NewResume {
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = validation::checker();
        c.required_line(Field::ResumeName, &self.name);
        c.long_text(Field::ResumeContent, &self.content, RESUME_MIN_CHARS);
        c.finish()
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeUpdate {
    pub name: Option<String>,
    pub content: Option<String>,
    pub focus_area: Option<FocusArea>,
}

impl ResumeUpdate {
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = validation::checker();
        if let Some(name) = &self.name {
            c.required_line(Field::ResumeName, name);
        }
        if let Some(content) = &self.content {
            c.long_text(Field::ResumeContent, content, RESUME_MIN_CHARS);
        }
        c.finish()
    }
}

/// One document of an application (research report, optimised resume or
/// cover letter) with its current version. Older versions are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub application_id: ApplicationId,
    pub kind: DocumentKind,
    pub current: DocumentVersion,
    /// How many versions exist, the current one included.
    pub version_count: u32,
}

/// One saved version of a document; versions are never changed once saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentVersion {
    pub id: DocumentVersionId,
    /// 1 for the first version, counting up.
    pub number: u32,
    pub content: String,
    pub origin: VersionOrigin,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: Timestamp,
}

/// Checks the text of a document version before it is saved.
pub fn validate_document_content(content: &str) -> Result<(), ValidationErrors> {
    let mut c = validation::checker();
    c.long_text(Field::DocumentContent, content, 1);
    c.finish()
}

/// Who the user is, for letters and exports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub full_name: String,
    pub email: Option<String>,
    /// Free lines such as a phone number, a city, a portfolio link.
    pub contact_lines: Vec<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub updated_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileUpdate {
    pub full_name: String,
    pub email: Option<String>,
    pub contact_lines: Vec<String>,
}

impl ProfileUpdate {
    pub fn normalised(mut self) -> Self {
        self.full_name = self.full_name.trim().to_owned();
        self.email = normalise_optional(self.email);
        self.contact_lines = self
            .contact_lines
            .into_iter()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        self
    }

    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = validation::checker();
        c.required_line(Field::FullName, &self.full_name);
        if let Some(email) = &self.email {
            c.email(Field::Email, email);
        }
        for line in &self.contact_lines {
            c.required_line(Field::ContactLine, line);
        }
        c.finish()
    }
}

/// A piece of the user's own writing (a past cover letter, say), from which
/// the cover-letter phase learns their voice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WritingSample {
    pub id: WritingSampleId,
    pub title: String,
    pub content: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWritingSample {
    pub title: String,
    pub content: String,
}

impl NewWritingSample {
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut c = validation::checker();
        c.required_line(Field::SampleTitle, &self.title);
        c.long_text(
            Field::SampleContent,
            &self.content,
            JOB_DESCRIPTION_MIN_CHARS,
        );
        c.finish()
    }
}

/// The name an application gets at creation: `company_role_YYYY_MM_DD`, in
/// lower case, with every run of other characters folded into one `_`.
pub fn application_name(company: &str, role_title: &str, created: Date) -> String {
    fn slug(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('_') {
                out.push('_');
            }
        }
        out.trim_matches('_').to_owned()
    }
    format!(
        "{}_{}_{:04}_{:02}_{:02}",
        slug(company),
        slug(role_title),
        created.year(),
        u8::from(created.month()),
        created.day()
    )
}

fn normalise_optional(value: Option<String>) -> Option<String> {
    value.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn valid_application() -> NewApplication {
        NewApplication {
            company: "Acme Robotics".into(),
            role_title: "Senior Rust Engineer".into(),
            job_description: "Build the control plane for our fleet of warehouse robots in Rust."
                .into(),
            job_url: Some("https://acme.example/jobs/42".into()),
            ..NewApplication::default()
        }
    }

    #[test]
    fn application_name_is_company_role_date_in_snake_case() {
        assert_eq!(
            application_name(
                "Acme Robotics, Inc.",
                "Senior Rust Engineer (Remote)",
                date!(2026 - 03 - 07)
            ),
            "acme_robotics_inc_senior_rust_engineer_remote_2026_03_07"
        );
    }

    #[test]
    fn a_complete_application_is_valid() {
        assert_eq!(valid_application().validate(), Ok(()));
    }

    #[test]
    fn application_rules_name_each_wrong_field() {
        let app = NewApplication {
            company: " ".into(),
            role_title: "Engineer".into(),
            job_description: "Short.".into(),
            job_url: Some("www.example.com".into()),
            ..NewApplication::default()
        };
        let errors = app.validate().expect_err("invalid");
        assert!(errors.for_field(Field::Company).is_some());
        assert!(errors.for_field(Field::JobDescription).is_some());
        assert_eq!(
            errors.for_field(Field::JobUrl),
            Some("must start with http:// or https://")
        );
        assert!(errors.for_field(Field::RoleTitle).is_none());
    }

    #[test]
    fn normalising_drops_blank_optionals() {
        let app = NewApplication {
            location: Some("   ".into()),
            job_url: Some(" https://x.example/j ".into()),
            ..valid_application()
        }
        .normalised();
        assert_eq!(app.location, None);
        assert_eq!(app.job_url.as_deref(), Some("https://x.example/j"));
    }

    #[test]
    fn resume_must_have_a_name_and_100_characters() {
        let resume = NewResume {
            name: "".into(),
            content: "# Ada\nShort".into(),
            ..NewResume::default()
        };
        let errors = resume.validate().expect_err("invalid");
        assert_eq!(errors.errors.len(), 2);
    }

    #[test]
    fn profile_email_must_be_valid() {
        let profile = ProfileUpdate {
            full_name: "Ada Lovelace".into(),
            email: Some("ada-at-example.com".into()),
            contact_lines: vec![],
        };
        let errors = profile.validate().expect_err("invalid email");
        assert!(errors.for_field(Field::Email).is_some());
    }

    #[test]
    fn update_json_distinguishes_clearing_from_leaving_alone() {
        let update: ApplicationUpdate =
            serde_json::from_str(r#"{"deadline": null, "location": null}"#).expect("parse");
        assert_eq!(update.deadline, Some(None));
        assert_eq!(update.location, Some(None));
        assert_eq!(update.job_url, None, "absent means leave alone");
        let update: ApplicationUpdate =
            serde_json::from_str(r#"{"deadline": "2026-12-01"}"#).expect("parse");
        assert_eq!(update.deadline, Some(Some(date!(2026 - 12 - 01))));
    }
}
