//! How failures reach the UI: a [`ShellError`] with a kind to act on and a
//! sentence for people, built from the core's own `Display` text (which never
//! holds a key or passphrase), never from `Debug`.

use jobforge_core::WorkspaceError;
use jobforge_core::secrets::SecretsError;
use jobforge_core::store::StoreError;
use jobforge_core::types::{ShellError, ShellErrorKind};

/// What the UI is told about a workspace failure. A few core sentences speak
/// of the command line; those are reworded for the window.
pub fn to_shell_error(error: &WorkspaceError) -> ShellError {
    let kind = match error {
        WorkspaceError::PassphraseRequired
        | WorkspaceError::Secrets(SecretsError::EmptyPassphrase) => {
            ShellErrorKind::PassphraseRequired
        }
        WorkspaceError::WrongPassphrase => ShellErrorKind::WrongPassphrase,
        WorkspaceError::KeyringUnavailable { .. }
        | WorkspaceError::KeyringRequired { .. }
        | WorkspaceError::KeyMissingFromKeyring { .. }
        | WorkspaceError::KeyringEntryDamaged { .. }
        | WorkspaceError::KeyringDidNotPersist { .. }
        | WorkspaceError::ApiKeyNotStored { .. }
        | WorkspaceError::WrongKey => ShellErrorKind::Keyring,
        WorkspaceError::NotEmpty => ShellErrorKind::NotEmpty,
        WorkspaceError::Store(StoreError::Invalid(_)) => ShellErrorKind::Invalid,
        // Another window or a CLI command holds the database for a moment.
        WorkspaceError::Store(StoreError::Busy) => ShellErrorKind::User,
        e if e.is_user_error() => ShellErrorKind::User,
        _ => ShellErrorKind::Internal,
    };
    if kind == ShellErrorKind::Internal {
        tracing::error!(error = %error, "workspace error");
    } else {
        tracing::info!(error = %error, "workspace error the user can put right");
    }
    let message = match error {
        WorkspaceError::Store(StoreError::Invalid(errors)) => {
            format!("Some fields need fixing: {errors}.")
        }
        WorkspaceError::NotEmpty => {
            "Sample data is only loaded into an empty workspace, and this one already has applications or resumes.".to_owned()
        }
        WorkspaceError::NoResume => {
            "There is no resume to work from: add one under Resumes (the first becomes your primary resume).".to_owned()
        }
        WorkspaceError::PassphraseRequired => {
            "Your workspace is protected by a passphrase; type it to unlock.".to_owned()
        }
        other => sentence(&other.to_string()),
    };
    ShellError {
        kind,
        message,
        fields: match error {
            WorkspaceError::Store(StoreError::Invalid(errors)) => errors.errors.clone(),
            _ => Vec::new(),
        },
    }
}

/// A problem the person can put right, in their words.
pub fn user_error(message: impl Into<String>) -> ShellError {
    ShellError {
        kind: ShellErrorKind::User,
        message: message.into(),
        fields: Vec::new(),
    }
}

/// A fault of the system; `message` says what, `detail` goes to the log only.
pub fn internal_error(message: &str, detail: &dyn std::fmt::Display) -> ShellError {
    tracing::error!(%detail, "{message}");
    ShellError {
        kind: ShellErrorKind::Internal,
        message: message.to_owned(),
        fields: Vec::new(),
    }
}

/// Turns the core's clause ("the passphrase is wrong; try again") into a
/// sentence: a capital first letter and a full stop.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// `?` for results from the core and the store.
pub trait OrShellError<T> {
    fn or_shell(self) -> Result<T, ShellError>;
}

impl<T> OrShellError<T> for Result<T, WorkspaceError> {
    fn or_shell(self) -> Result<T, ShellError> {
        self.map_err(|e| to_shell_error(&e))
    }
}

impl<T> OrShellError<T> for Result<T, StoreError> {
    fn or_shell(self) -> Result<T, ShellError> {
        self.map_err(|e| to_shell_error(&e.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobforge_core::types::{Field, NewApplication};

    #[test]
    fn sentences_start_with_a_capital_and_end_with_a_stop() {
        assert_eq!(
            sentence("the passphrase is wrong; try again"),
            "The passphrase is wrong; try again."
        );
        assert_eq!(sentence("Done!"), "Done!");
        assert_eq!(sentence("  "), "");
    }

    #[test]
    fn invalid_input_becomes_field_errors() {
        let errors = NewApplication::default()
            .validate()
            .expect_err("empty application");
        let shell = to_shell_error(&StoreError::Invalid(errors).into());
        assert_eq!(shell.kind, ShellErrorKind::Invalid);
        let fields: Vec<Field> = shell.fields.iter().map(|f| f.field).collect();
        assert!(fields.contains(&Field::Company), "{fields:?}");
        assert!(fields.contains(&Field::JobDescription), "{fields:?}");
        assert!(shell.message.starts_with("Some fields need fixing: "));
    }

    #[test]
    fn kinds_follow_the_failure() {
        let kind = |e: WorkspaceError| to_shell_error(&e).kind;
        assert_eq!(
            kind(WorkspaceError::WrongPassphrase),
            ShellErrorKind::WrongPassphrase
        );
        assert_eq!(kind(WorkspaceError::NotEmpty), ShellErrorKind::NotEmpty);
        assert_eq!(kind(WorkspaceError::NoResume), ShellErrorKind::User);
        assert_eq!(
            kind(StoreError::Busy.into()),
            ShellErrorKind::User,
            "a busy database is worth another try"
        );
        assert_eq!(
            kind(
                StoreError::NotFound {
                    entity: "application",
                    reference: "x".into()
                }
                .into()
            ),
            ShellErrorKind::User
        );
        assert_eq!(
            kind(StoreError::BadStoredValue("x".into()).into()),
            ShellErrorKind::Internal
        );
        let message = to_shell_error(&WorkspaceError::NoResume).message;
        assert!(!message.contains("jobforge "), "no CLI advice: {message}");
    }
}
