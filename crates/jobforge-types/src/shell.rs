//! What the desktop shell's commands hand to the UI. Plain data on both sides
//! of the IPC boundary, so the shell and the wasm UI cannot disagree on it.

use serde::{Deserialize, Serialize};

use crate::Application;

/// The user's workspace at a glance: answer of `workspace_overview` and
/// `load_sample_data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceOverview {
    /// The folder holding the encrypted database, for display.
    pub data_dir: String,
    /// True when this start created the workspace.
    pub newly_created: bool,
    /// Every application, newest first.
    pub applications: Vec<Application>,
}

/// What kind of problem a shell command hit, so the UI can say what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShellErrorKind {
    /// The database is protected by a passphrase and none was given.
    PassphraseRequired,
    /// The passphrase given does not unlock the database.
    WrongPassphrase,
    /// The key lives in the OS keyring, which cannot be reached or lacks it.
    Keyring,
    /// Sample data is only loaded into an empty workspace.
    NotEmpty,
    /// Something else the person can put right; the message says what.
    User,
    /// A fault of the system or damaged data; the message says what.
    Internal,
}

/// A failed shell command, as the UI receives it. `message` is a complete
/// sentence for people and never holds a key or passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShellError {
    pub kind: ShellErrorKind,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_use_snake_case_kinds_on_the_wire() {
        let error = ShellError {
            kind: ShellErrorKind::PassphraseRequired,
            message: "a passphrase is needed".into(),
        };
        let json = serde_json::to_string(&error).expect("serialise");
        assert_eq!(
            json,
            r#"{"kind":"passphrase_required","message":"a passphrase is needed"}"#
        );
        assert_eq!(
            serde_json::from_str::<ShellError>(&json).expect("parse"),
            error
        );
    }
}
