//! The shell's state and what its commands do, free of Tauri so it can be
//! tested directly: one method per command. Opening follows the CLI's rules:
//! the key comes from the keyring, from `JOBFORGE_PASSPHRASE`, or from the
//! unlock screen (`unlock`), and a data folder without a database gets a new
//! one.
//!
//! Locking: the open workspace sits behind one mutex, held only while a
//! command reads or writes the database. A pipeline run takes it to prepare
//! a phase and to record it, never while a model generates, and a model
//! download only to read and save the settings, so the window stays usable
//! meanwhile.

mod download;
mod errors;
mod picked;
mod pipeline;
mod progress;
mod records;
mod semantic;
mod settings;
#[cfg(test)]
mod testing;
mod transfer;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use jobforge_core::secrets::{KdfParams, Keyring, Passphrase, SecretsError};
use jobforge_core::store::ApplicationFilter;
use jobforge_core::types::{
    ShellError, ShellErrorKind, UnlockRequest, UnlockState, WorkspaceOverview,
};
use jobforge_core::{
    DataDir, KeyStorePreference, PassphrasePurpose, UnlockOptions, Workspace, WorkspaceError,
};

pub use errors::to_shell_error;
pub use picked::PickedFiles;
pub use progress::ProgressSink;

use errors::{OrShellError, sentence, user_error};

/// Where the passphrase comes from when the database needs one and the
/// window has not asked yet (`JOBFORGE_PASSPHRASE`).
pub type PassphraseSource = fn() -> Option<String>;

/// How the shell finds and unlocks the workspace.
#[derive(Debug, Clone)]
pub struct ShellConfig {
    /// `--data-dir`, else `JOBFORGE_DATA_DIR`, else the platform default.
    pub data_dir: Option<PathBuf>,
    /// `JOBFORGE_KEY_STORE`: auto (default), keyring or passphrase.
    pub key_store: KeyStorePreference,
    pub passphrase: PassphraseSource,
    /// Holds the database key (keyring workspaces) and the API keys.
    pub keyring: Keyring,
    /// Argon2id cost for a new passphrase-protected workspace.
    pub kdf: KdfParams,
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
            keyring: Keyring::new(Keyring::DEFAULT_SERVICE),
            kdf: KdfParams::default(),
        })
    }

    fn unlock_options(&self) -> UnlockOptions {
        UnlockOptions {
            keyring: self.keyring.clone(),
            preference: self.key_store,
            kdf: self.kdf,
        }
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
        _ => Err(user_error(format!(
            "JOBFORGE_KEY_STORE is `{value}`, which Job Forge does not know; use auto, keyring or passphrase, or leave it unset."
        ))),
    }
}

/// Search answers at most this many hits, whatever the UI asks.
const MAX_SEARCH_HITS: u32 = 200;

struct Opened {
    workspace: Workspace,
    newly_created: bool,
}

/// Kept in Tauri's state: the configuration, the workspace once unlocked,
/// and the pipeline run and model download in progress.
pub struct Shell {
    config: Result<ShellConfig, ShellError>,
    /// Shared with the indexing worker.
    opened: Arc<Mutex<Option<Opened>>>,
    indexer: semantic::Indexer,
    /// The running pipeline's switch, taken while `run_phases` works.
    running: progress::CancelSlot,
    /// The model download's switch, taken while `download_model` works.
    downloading: progress::CancelSlot,
    /// Set by [`Shell::shut_down`]: nothing opens the workspace again.
    closing: AtomicBool,
}

impl Shell {
    pub fn new(config: Result<ShellConfig, ShellError>) -> Self {
        Self {
            config,
            opened: Arc::new(Mutex::new(None)),
            indexer: semantic::Indexer::default(),
            running: progress::CancelSlot::default(),
            downloading: progress::CancelSlot::default(),
            closing: AtomicBool::new(false),
        }
    }

    /// The configuration; every path that opens or writes the workspace
    /// starts here, so once the app is closing this refuses them all.
    fn config(&self) -> Result<&ShellConfig, ShellError> {
        if self.closing.load(Ordering::Acquire) {
            return Err(user_error("Job Forge is closing; nothing more is saved."));
        }
        self.config.as_ref().map_err(Clone::clone)
    }

    /// The app is closing: stops the indexing worker (after it stores the
    /// batch in hand), waits for the command writing, if one is, and closes
    /// the database, so the process's exit never tears down what a write is
    /// using (SQLCipher's OpenSSL) and the WAL is checkpointed into the file.
    pub fn shut_down(&self) {
        self.closing.store(true, Ordering::Release);
        self.running.cancel("pipeline run");
        self.downloading.cancel("model download");
        self.indexer.stop();
        drop(self.lock_opened().take());
        tracing::debug!("workspace closed");
    }

    /// A panic while the lock was held leaves the workspace as SQLite left
    /// it, which is consistent; carry on with it.
    fn lock_opened(&self) -> MutexGuard<'_, Option<Opened>> {
        self.opened.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `unlock_state`: opens the workspace if the keyring or
    /// `JOBFORGE_PASSPHRASE` can, else says what the unlock screen must ask.
    pub fn unlock_state(&self) -> Result<UnlockState, ShellError> {
        tracing::debug!("the window asks whether the workspace is open");
        let config = self.config()?;
        let mut guard = self.lock_opened();
        match open_unless_passphrase_needed(config, &mut guard) {
            Ok(None) => {}
            Ok(Some(need)) => return Ok(need),
            Err(WorkspaceError::WrongPassphrase) => {
                return Err(ShellError {
                    kind: ShellErrorKind::WrongPassphrase,
                    message: "The passphrase in JOBFORGE_PASSPHRASE does not unlock your workspace; type the right one.".to_owned(),
                    fields: Vec::new(),
                });
            }
            Err(error) => return Err(to_shell_error(&error)),
        }
        let overview = overview_of(guard.as_mut())?;
        Ok(UnlockState::Open { overview })
    }

    /// Opens the workspace in the background while the window loads the UI,
    /// so the key lookup (keyring or Argon2id) and SQLCipher's open overlap
    /// WebKit's start instead of following it. Anything that goes wrong is
    /// left for `unlock_state`, which tries again and tells the user.
    pub fn open_early(&self) {
        let Ok(config) = self.config() else { return };
        let mut guard = self.lock_opened();
        match open_unless_passphrase_needed(config, &mut guard) {
            Ok(None) => tracing::debug!("workspace opened while the window loads"),
            Ok(Some(_)) => tracing::debug!("the unlock screen will ask for a passphrase"),
            Err(error) => tracing::debug!("opening early failed; the UI will report it: {error}"),
        }
    }

    /// `unlock`: opens the workspace with the passphrase typed into the
    /// unlock screen, or creates it when there is none yet. A new passphrase
    /// must be typed twice and must not be weak.
    pub fn unlock(&self, request: UnlockRequest) -> Result<WorkspaceOverview, ShellError> {
        let config = self.config()?;
        let mut guard = self.lock_opened();
        if guard.is_none() {
            let dir = DataDir::resolve(config.data_dir.clone()).or_shell()?;
            let UnlockRequest {
                passphrase,
                confirm,
            } = request;
            let mut typed = Some(passphrase);
            let mut confirm = confirm;
            let mut refusal = None;
            let mut ask = |purpose: PassphrasePurpose| {
                let text = typed.take().ok_or(WorkspaceError::PassphraseRequired)?;
                let passphrase = Passphrase::new(text)?;
                if purpose == PassphrasePurpose::Create
                    && let Err(problem) = check_new_passphrase(&passphrase, confirm.take())
                {
                    refusal = Some(problem);
                    return Err(WorkspaceError::PassphraseRequired);
                }
                Ok(passphrase)
            };
            let result = open_or_create(config, &dir, &mut ask);
            match result {
                Ok(opened) => *guard = Some(opened),
                Err(error) => return Err(refusal.unwrap_or_else(|| to_shell_error(&error))),
            }
        }
        overview_of(guard.as_mut())
    }

    /// `workspace_overview`: opens the workspace as `unlock_state` does, and
    /// lists its applications.
    pub fn overview(&self) -> Result<WorkspaceOverview, ShellError> {
        let mut guard = self.open_from_environment()?;
        overview_of(guard.as_mut())
    }

    /// `load_sample_data`: the bundled samples, into an empty workspace.
    pub fn load_sample_data(&self) -> Result<WorkspaceOverview, ShellError> {
        let mut guard = self.open_from_environment()?;
        if let Some(opened) = guard.as_mut() {
            jobforge_core::sample::load(opened.workspace.store_mut()).or_shell()?;
            tracing::info!("loaded the sample data");
        }
        overview_of(guard.as_mut())
    }

    /// Runs `action` on the open workspace (opening it from the keyring or
    /// the environment first if no `unlock` did).
    fn with_open<T>(
        &self,
        action: impl FnOnce(&mut Workspace) -> Result<T, ShellError>,
    ) -> Result<T, ShellError> {
        let mut guard = self.open_from_environment()?;
        let outcome = match guard.as_mut() {
            Some(opened) => action(&mut opened.workspace),
            None => Err(locked()),
        };
        drop(guard);
        // Whatever the command changed is queued for embedding by the
        // database's triggers; the worker picks it up.
        if let Ok(config) = self.config() {
            self.indexer.wake(&self.opened, &config.keyring);
        }
        outcome
    }

    fn open_from_environment(&self) -> Result<MutexGuard<'_, Option<Opened>>, ShellError> {
        let config = self.config()?;
        let mut guard = self.lock_opened();
        match open_unless_passphrase_needed(config, &mut guard) {
            Ok(None) => {}
            Ok(Some(need)) => {
                let mut error = locked();
                if need == UnlockState::NeedsNewPassphrase {
                    error.message = "No system keyring answers, so a new workspace needs a passphrase; choose one to create it.".to_owned();
                }
                return Err(error);
            }
            Err(error) => return Err(to_shell_error(&error)),
        }
        Ok(guard)
    }
}

/// Opens the workspace into `slot` (if it is not open yet) with the keyring
/// or `JOBFORGE_PASSPHRASE`. `Ok(Some(..))`: a passphrase must be typed, and
/// which unlock screen asks for it.
fn open_unless_passphrase_needed(
    config: &ShellConfig,
    slot: &mut Option<Opened>,
) -> Result<Option<UnlockState>, WorkspaceError> {
    if slot.is_some() {
        return Ok(None);
    }
    let dir = DataDir::resolve(config.data_dir.clone())?;
    let source = config.passphrase;
    let mut ask = |purpose| ask_environment(source, purpose);
    match open_or_create(config, &dir, &mut ask) {
        Ok(opened) => {
            *slot = Some(opened);
            Ok(None)
        }
        Err(
            WorkspaceError::PassphraseRequired
            | WorkspaceError::Secrets(SecretsError::EmptyPassphrase),
        ) => Ok(Some(if dir.database().exists() {
            UnlockState::NeedsPassphrase
        } else {
            UnlockState::NeedsNewPassphrase
        })),
        Err(error) => Err(error),
    }
}

fn locked() -> ShellError {
    ShellError {
        kind: ShellErrorKind::PassphraseRequired,
        message:
            "Your workspace is protected by a passphrase, and none was given; unlock it first."
                .to_owned(),
        fields: Vec::new(),
    }
}

fn overview_of(opened: Option<&mut Opened>) -> Result<WorkspaceOverview, ShellError> {
    let opened = opened.ok_or_else(locked)?;
    let applications = opened
        .workspace
        .store()
        .list_applications(&ApplicationFilter::default())
        .or_shell()?;
    Ok(WorkspaceOverview {
        data_dir: opened.workspace.dir().root().display().to_string(),
        newly_created: opened.newly_created,
        applications,
    })
}

/// A new passphrase must be typed twice alike and must not be weak.
fn check_new_passphrase(
    passphrase: &Passphrase,
    confirm: Option<String>,
) -> Result<(), ShellError> {
    let confirm = confirm
        .filter(|c| !c.is_empty())
        .ok_or_else(|| user_error("Type the new passphrase a second time to confirm it."))?;
    // The same trimming of a trailing newline as the passphrase had.
    let same = Passphrase::new(confirm).is_ok_and(|c| c.expose() == passphrase.expose());
    if !same {
        return Err(user_error(
            "The two passphrases differ; type the same passphrase in both fields.",
        ));
    }
    if let Some(hint) = passphrase.strength_hint() {
        return Err(user_error(sentence(hint)));
    }
    Ok(())
}

fn open_or_create(
    config: &ShellConfig,
    dir: &DataDir,
    ask: &mut dyn FnMut(PassphrasePurpose) -> Result<Passphrase, WorkspaceError>,
) -> Result<Opened, WorkspaceError> {
    let options = config.unlock_options();
    let (workspace, newly_created) = if dir.database().exists() {
        (Workspace::open(dir, &options, ask)?, false)
    } else {
        match Workspace::init(dir, &options, ask) {
            // Created meanwhile by another process (the CLI, say): open it.
            Err(WorkspaceError::AlreadyInitialised { .. }) => {
                (Workspace::open(dir, &options, ask)?, false)
            }
            other => (other?, true),
        }
    };
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

/// Before the unlock screen has asked, the passphrase comes from the
/// environment or not at all.
fn ask_environment(
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

/// `read_text_file`: a resume or posting the user picked, under the CLI's
/// rules (no binary, no non-UTF-8, at most 8 MiB).
pub fn read_text_file(path: &Path) -> Result<String, ShellError> {
    jobforge_core::text_file::read_text_file(path, "resume")
        .map_err(|e| user_error(sentence(&e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::testing::{PASSPHRASE, config, shell_at};
    use super::*;

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
        let shell = Shell::new(Ok(config(&dir, || Some(PASSPHRASE.into()))));
        let first = shell.overview().expect("created");
        assert!(first.newly_created);
        assert!(first.applications.is_empty());

        let loaded = shell.load_sample_data().expect("samples");
        assert!(!loaded.applications.is_empty());
        let again = shell.load_sample_data().expect_err("not empty any more");
        assert_eq!(again.kind, ShellErrorKind::NotEmpty);
        drop(shell);

        let reopened = Shell::new(Ok(config(&dir, || Some(PASSPHRASE.into()))));
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

    #[test]
    fn opening_early_leaves_the_workspace_open_for_the_first_call() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("data");
        let shell = Shell::new(Ok(config(&dir, || Some(PASSPHRASE.into()))));
        shell.open_early();
        assert!(shell.lock_opened().is_some(), "opened in the background");
        match shell.unlock_state().expect("state") {
            UnlockState::Open { overview } => assert!(overview.newly_created),
            other => panic!("expected an open workspace, got {other:?}"),
        }

        // A wrong passphrase opens nothing early; the first call says why.
        let wrong = Shell::new(Ok(config(&dir, || Some("wrong".into()))));
        wrong.open_early();
        assert!(wrong.lock_opened().is_none());
        assert_eq!(
            wrong.unlock_state().expect_err("wrong").kind,
            ShellErrorKind::WrongPassphrase
        );
    }

    #[test]
    fn unlock_state_asks_for_a_new_passphrase_then_for_the_existing_one() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("data");
        let shell = shell_at(&dir);
        assert_eq!(
            shell.unlock_state().expect("state"),
            UnlockState::NeedsNewPassphrase
        );
        assert!(
            !dir.join("jobforge.sqlite3").exists(),
            "nothing created yet"
        );
        let overview = shell
            .unlock(UnlockRequest {
                passphrase: PASSPHRASE.into(),
                confirm: Some(PASSPHRASE.into()),
            })
            .expect("created");
        assert!(overview.newly_created);
        assert!(matches!(
            shell.unlock_state().expect("state"),
            UnlockState::Open { overview } if overview.newly_created
        ));
        drop(shell);

        let again = shell_at(&dir);
        assert_eq!(
            again.unlock_state().expect("state"),
            UnlockState::NeedsPassphrase
        );
        // Other commands say the workspace is locked, with the right kind.
        assert_eq!(
            again.list_applications(None).expect_err("locked").kind,
            ShellErrorKind::PassphraseRequired
        );
        let overview = again
            .unlock(UnlockRequest {
                passphrase: format!("{PASSPHRASE}\n"),
                confirm: None,
            })
            .expect("unlocked");
        assert!(!overview.newly_created);
        assert!(matches!(
            again.unlock_state().expect("state"),
            UnlockState::Open { .. }
        ));
    }

    #[test]
    fn unlock_refuses_a_wrong_passphrase() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("data");
        shell_at(&dir)
            .unlock(UnlockRequest {
                passphrase: PASSPHRASE.into(),
                confirm: Some(PASSPHRASE.into()),
            })
            .expect("created");
        let shell = shell_at(&dir);
        let error = shell
            .unlock(UnlockRequest {
                passphrase: "not the passphrase at all".into(),
                confirm: None,
            })
            .expect_err("wrong");
        assert_eq!(error.kind, ShellErrorKind::WrongPassphrase);
        assert_eq!(error.message, "The passphrase is wrong; try again.");
        assert!(!error.message.contains("not the passphrase"));
        let empty = shell
            .unlock(UnlockRequest {
                passphrase: String::new(),
                confirm: None,
            })
            .expect_err("empty");
        assert_eq!(empty.kind, ShellErrorKind::PassphraseRequired);
        shell
            .unlock(UnlockRequest {
                passphrase: PASSPHRASE.into(),
                confirm: None,
            })
            .expect("the right one still works");
    }

    #[test]
    fn unlock_refuses_a_new_passphrase_that_differs_or_is_weak() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("data");
        let shell = shell_at(&dir);
        let unlock = |passphrase: &str, confirm: Option<&str>| {
            shell.unlock(UnlockRequest {
                passphrase: passphrase.into(),
                confirm: confirm.map(str::to_owned),
            })
        };
        let missing = unlock(PASSPHRASE, None).expect_err("no confirmation");
        assert_eq!(missing.kind, ShellErrorKind::User);
        assert!(
            missing.message.contains("second time"),
            "{}",
            missing.message
        );

        let differs = unlock(PASSPHRASE, Some("lantern orchard")).expect_err("mismatch");
        assert_eq!(differs.kind, ShellErrorKind::User);
        assert!(differs.message.contains("differ"), "{}", differs.message);

        let weak = unlock("hunter2", Some("hunter2")).expect_err("weak");
        assert_eq!(weak.kind, ShellErrorKind::User);
        let hint = Passphrase::new("hunter2".into())
            .expect("passphrase")
            .strength_hint()
            .expect("a hint");
        assert_eq!(weak.message, sentence(hint));
        assert!(!weak.message.contains("hunter2"));

        assert!(
            !dir.join("jobforge.sqlite3").exists(),
            "nothing is created until a passphrase is accepted"
        );
        assert_eq!(
            shell.unlock_state().expect("state"),
            UnlockState::NeedsNewPassphrase
        );
        unlock(PASSPHRASE, Some(PASSPHRASE)).expect("accepted");
    }

    #[test]
    fn a_wrong_environment_passphrase_is_reported_as_wrong() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("data");
        Shell::new(Ok(config(&dir, || Some(PASSPHRASE.into()))))
            .overview()
            .expect("created");
        let shell = Shell::new(Ok(config(&dir, || Some("a different phrase".into()))));
        let error = shell.unlock_state().expect_err("wrong");
        assert_eq!(error.kind, ShellErrorKind::WrongPassphrase);
        assert!(error.message.contains("JOBFORGE_PASSPHRASE"));
    }

    #[test]
    fn unlock_state_opens_a_keyring_workspace_without_asking() {
        if std::env::var_os("JOBFORGE_EXPECT_KEYRING").is_none() {
            eprintln!("no keyring expected here (JOBFORGE_EXPECT_KEYRING unset); not run");
            return;
        }
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("data");
        let keyring_config = || ShellConfig {
            key_store: KeyStorePreference::Keyring,
            keyring: Keyring::new(format!("jobforge-desktop-test-{}", std::process::id())),
            ..config(&dir, || None)
        };
        let shell = Shell::new(Ok(keyring_config()));
        let state = shell.unlock_state().expect("state");
        assert!(
            matches!(&state, UnlockState::Open { overview } if overview.newly_created),
            "{state:?}"
        );
        drop(shell);
        let again = Shell::new(Ok(keyring_config()));
        assert!(matches!(
            again.unlock_state().expect("state"),
            UnlockState::Open { overview } if !overview.newly_created
        ));
    }

    #[test]
    fn a_bad_configuration_reaches_every_command() {
        let shell = Shell::new(Err(user_error("JOBFORGE_KEY_STORE is wrong.")));
        assert_eq!(
            shell.unlock_state().expect_err("config").message,
            "JOBFORGE_KEY_STORE is wrong."
        );
        assert_eq!(
            shell.dashboard().expect_err("config").kind,
            ShellErrorKind::User
        );
    }

    #[test]
    fn text_files_are_read_and_binary_or_foreign_ones_refused() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let text = tmp.path().join("resume.md");
        std::fs::write(&text, "\u{feff}# Ada Park\n\nRust engineer.\n").expect("write");
        assert_eq!(
            read_text_file(&text).expect("text"),
            "# Ada Park\n\nRust engineer.\n"
        );

        let pdf = tmp.path().join("resume.pdf");
        std::fs::write(&pdf, b"%PDF-1.7\n...").expect("write");
        let error = read_text_file(&pdf).expect_err("pdf");
        assert_eq!(error.kind, ShellErrorKind::User);
        assert!(
            error.message.contains("not a text file"),
            "{}",
            error.message
        );

        let latin1 = tmp.path().join("resume.txt");
        std::fs::write(&latin1, b"Caf\xe9 manager").expect("write");
        let error = read_text_file(&latin1).expect_err("latin-1");
        assert!(error.message.contains("not UTF-8"), "{}", error.message);

        let big = tmp.path().join("big.md");
        let file = std::fs::File::create(&big).expect("create");
        file.set_len(jobforge_core::text_file::MAX_TEXT_FILE_BYTES + 1)
            .expect("grow");
        let error = read_text_file(&big).expect_err("too big");
        assert!(
            error.message.contains("larger than 8 MiB"),
            "{}",
            error.message
        );

        let error = read_text_file(&tmp.path().join("missing.md")).expect_err("missing");
        assert!(
            error.message.starts_with("Cannot open "),
            "{}",
            error.message
        );
    }
}
