//! The shell's state and what its commands do, free of Tauri so it can be
//! tested directly. Opening follows the CLI's rules: the key comes from the
//! keyring or from `JOBFORGE_PASSPHRASE`, and a data folder without a
//! database gets a new one.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use jobforge_core::secrets::{Passphrase, SecretsError};
use jobforge_core::store::ApplicationFilter;
use jobforge_core::types::{ShellError, ShellErrorKind, WorkspaceOverview};
use jobforge_core::{
    DataDir, KeyStorePreference, PassphrasePurpose, UnlockOptions, Workspace, WorkspaceError,
};

/// Where the passphrase comes from when the database needs one.
pub type PassphraseSource = fn() -> Option<String>;

/// How the shell finds and unlocks the workspace.
#[derive(Debug, Clone)]
pub struct ShellConfig {
    /// `--data-dir`, else `JOBFORGE_DATA_DIR`, else the platform default.
    pub data_dir: Option<PathBuf>,
    /// `JOBFORGE_KEY_STORE`: auto (default), keyring or passphrase.
    pub key_store: KeyStorePreference,
    pub passphrase: PassphraseSource,
}

impl ShellConfig {
    /// Reads the command line and the environment, as the CLI does.
    pub fn from_env() -> Result<Self, ShellError> {
        let data_dir = data_dir_argument(std::env::args_os().skip(1)).or_else(|| {
            std::env::var_os("JOBFORGE_DATA_DIR")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        });
        let key_store = match std::env::var("JOBFORGE_KEY_STORE") {
            Ok(value) => parse_key_store(&value)?,
            Err(_) => KeyStorePreference::Auto,
        };
        Ok(Self {
            data_dir,
            key_store,
            passphrase: || std::env::var("JOBFORGE_PASSPHRASE").ok(),
        })
    }
}

/// `--data-dir DIR` or `--data-dir=DIR`; the last one wins.
fn data_dir_argument(args: impl Iterator<Item = OsString>) -> Option<PathBuf> {
    let mut found = None;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            found = args.next().map(PathBuf::from);
        } else if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--data-dir=")) {
            found = Some(PathBuf::from(value));
        }
    }
    found
}

fn parse_key_store(value: &str) -> Result<KeyStorePreference, ShellError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "auto" => Ok(KeyStorePreference::Auto),
        "keyring" => Ok(KeyStorePreference::Keyring),
        "passphrase" => Ok(KeyStorePreference::Passphrase),
        _ => Err(ShellError {
            kind: ShellErrorKind::User,
            message: format!(
                "JOBFORGE_KEY_STORE is `{value}`, which Job Forge does not know; use auto, keyring or passphrase, or leave it unset"
            ),
            fields: Vec::new(),
        }),
    }
}

struct Opened {
    workspace: Workspace,
    newly_created: bool,
}

/// Kept in Tauri's state: the configuration and, once unlocked, the workspace.
pub struct Shell {
    config: Result<ShellConfig, ShellError>,
    opened: Mutex<Option<Opened>>,
}

impl Shell {
    pub fn new(config: Result<ShellConfig, ShellError>) -> Self {
        Self {
            config,
            opened: Mutex::new(None),
        }
    }

    /// Opens (or creates) the workspace if that has not happened yet, and
    /// lists its applications.
    pub fn overview(&self) -> Result<WorkspaceOverview, ShellError> {
        self.with_workspace(|_| Ok(()))
    }

    /// Loads the bundled sample data into an empty workspace.
    pub fn load_sample_data(&self) -> Result<WorkspaceOverview, ShellError> {
        self.with_workspace(|workspace| {
            jobforge_core::sample::load(workspace.store_mut()).map_err(|e| to_shell_error(&e))?;
            tracing::info!("loaded the sample data");
            Ok(())
        })
    }

    fn with_workspace(
        &self,
        action: impl FnOnce(&mut Workspace) -> Result<(), ShellError>,
    ) -> Result<WorkspaceOverview, ShellError> {
        let config = self.config.as_ref().map_err(Clone::clone)?;
        // A panic while the lock was held leaves the workspace as SQLite left
        // it, which is consistent; carry on with it.
        let mut guard = self.opened.lock().unwrap_or_else(PoisonError::into_inner);
        let opened = match &mut *guard {
            Some(opened) => opened,
            empty => empty.insert(open_or_create(config)?),
        };
        action(&mut opened.workspace)?;
        let applications = opened
            .workspace
            .store()
            .list_applications(&ApplicationFilter::default())
            .map_err(|e| to_shell_error(&e.into()))?;
        Ok(WorkspaceOverview {
            data_dir: opened.workspace.dir().root().display().to_string(),
            newly_created: opened.newly_created,
            applications,
        })
    }
}

fn open_or_create(config: &ShellConfig) -> Result<Opened, ShellError> {
    let dir = DataDir::resolve(config.data_dir.clone()).map_err(|e| to_shell_error(&e))?;
    let options = UnlockOptions {
        preference: config.key_store,
        ..UnlockOptions::default()
    };
    let source = config.passphrase;
    let mut ask = |purpose: PassphrasePurpose| ask_passphrase(source, purpose);
    let result = if dir.database().exists() {
        Workspace::open(&dir, &options, &mut ask).map(|w| (w, false))
    } else {
        match Workspace::init(&dir, &options, &mut ask) {
            // Created meanwhile by another process (the CLI, say): open it.
            Err(WorkspaceError::AlreadyInitialised { .. }) => {
                Workspace::open(&dir, &options, &mut ask).map(|w| (w, false))
            }
            other => other.map(|w| (w, true)),
        }
    };
    match result {
        Ok((workspace, newly_created)) => {
            tracing::info!(
                dir = %dir.root().display(),
                key_source = ?workspace.key_source(),
                newly_created,
                "workspace open"
            );
            Ok(Opened {
                workspace,
                newly_created,
            })
        }
        Err(error) => {
            let mut shell_error = to_shell_error(&error);
            if shell_error.kind == ShellErrorKind::PassphraseRequired {
                shell_error.message = if dir.database().exists() {
                    "Your workspace is protected by a passphrase, and none was given.".to_owned()
                } else {
                    "No system keyring answers, so a new workspace needs a passphrase, and none was given."
                        .to_owned()
                };
            }
            Err(shell_error)
        }
    }
}

/// The window cannot ask for a passphrase yet, so it comes from the
/// environment or not at all.
fn ask_passphrase(
    source: PassphraseSource,
    purpose: PassphrasePurpose,
) -> Result<Passphrase, WorkspaceError> {
    match source() {
        Some(text) => Ok(Passphrase::new(text)?),
        None => {
            tracing::info!(
                ?purpose,
                "a passphrase is needed and JOBFORGE_PASSPHRASE is not set"
            );
            Err(WorkspaceError::PassphraseRequired)
        }
    }
}

/// What the UI is told about a failure: a kind to act on and the core's own
/// sentence (which never holds a secret). [`open_or_create`] rewords a missing
/// passphrase, since the core's sentence speaks of a prompt this window lacks.
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
        | WorkspaceError::WrongKey => ShellErrorKind::Keyring,
        WorkspaceError::NotEmpty => ShellErrorKind::NotEmpty,
        e if e.is_user_error() => ShellErrorKind::User,
        _ => ShellErrorKind::Internal,
    };
    if kind == ShellErrorKind::Internal {
        tracing::error!(error = %error, "workspace error");
    } else {
        tracing::info!(error = %error, "workspace error the user can put right");
    }
    ShellError {
        kind,
        message: upper_first(&error.to_string()),
        fields: Vec::new(),
    }
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(dir: &std::path::Path, passphrase: PassphraseSource) -> ShellConfig {
        ShellConfig {
            data_dir: Some(dir.to_owned()),
            key_store: KeyStorePreference::Passphrase,
            passphrase,
        }
    }

    #[test]
    fn data_dir_argument_takes_both_spellings() {
        let args = |list: &[&str]| {
            list.iter()
                .map(OsString::from)
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(
            data_dir_argument(args(&["--data-dir", "/a"])),
            Some(PathBuf::from("/a"))
        );
        assert_eq!(
            data_dir_argument(args(&["--data-dir=/b"])),
            Some(PathBuf::from("/b"))
        );
        assert_eq!(data_dir_argument(args(&["--verbose"])), None);
    }

    #[test]
    fn unknown_key_store_is_a_user_error() {
        assert_eq!(
            parse_key_store("Passphrase").ok(),
            Some(KeyStorePreference::Passphrase)
        );
        let error = parse_key_store("vault").expect_err("unknown");
        assert_eq!(error.kind, ShellErrorKind::User);
        assert!(error.message.contains("vault"));
    }

    #[test]
    fn creates_then_reopens_and_loads_samples_once() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("data");
        let shell = Shell::new(Ok(config(&dir, || Some("correct horse".into()))));
        let first = shell.overview().expect("created");
        assert!(first.newly_created);
        assert!(first.applications.is_empty());

        let loaded = shell.load_sample_data().expect("samples");
        assert!(!loaded.applications.is_empty());
        let again = shell.load_sample_data().expect_err("not empty any more");
        assert_eq!(again.kind, ShellErrorKind::NotEmpty);
        drop(shell);

        let reopened = Shell::new(Ok(config(&dir, || Some("correct horse".into()))));
        let overview = reopened.overview().expect("reopened");
        assert!(!overview.newly_created);
        assert_eq!(overview.applications.len(), loaded.applications.len());

        let wrong = Shell::new(Ok(config(&dir, || Some("wrong".into()))));
        assert_eq!(
            wrong.overview().expect_err("wrong").kind,
            ShellErrorKind::WrongPassphrase
        );
        let missing = Shell::new(Ok(config(&dir, || None)));
        assert_eq!(
            missing.overview().expect_err("none").kind,
            ShellErrorKind::PassphraseRequired
        );
    }
}
