use jobforge_secrets::{KeyringError, SecretsError};
use jobforge_store::StoreError;

/// Why the user's data could not be set up, unlocked or used. Each message
/// says what is wrong and what to do; none holds a key or passphrase.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("no Job Forge data in {dir}; run `jobforge init` to create it")]
    NotInitialised { dir: String },
    #[error("Job Forge data already exists in {dir}; nothing was changed")]
    AlreadyInitialised { dir: String },
    #[error(
        "the key information file {path} is missing, so the database cannot be unlocked; restore it from the same backup as the database"
    )]
    KeyInfoMissing { path: String },
    #[error(
        "the key information file {path} cannot be read ({detail}); restore it from the same backup as the database"
    )]
    KeyInfoDamaged { path: String, detail: String },
    #[error(
        "the database key is kept in the system keyring, which cannot be reached ({reason}); unlock the keyring (log in to your desktop session) and try again"
    )]
    KeyringUnavailable { reason: String },
    #[error(
        "the system keyring was asked for, but it cannot be reached ({reason}); unlock it, or choose a passphrase instead"
    )]
    KeyringRequired { reason: String },
    #[error(
        "the system keyring has no key for this database (entry `{account}`); if the data came from another computer or user, bring its keyring entry along, or restore a backup"
    )]
    KeyMissingFromKeyring { account: String },
    #[error(
        "the keyring entry `{account}` does not hold a Job Forge key; it may have been edited by another program"
    )]
    KeyringEntryDamaged { account: String },
    #[error("the system keyring did not keep the key it was given ({reason}); nothing was created")]
    KeyringDidNotPersist { reason: String },
    #[error(
        "this database is protected by a passphrase; type it when asked, or set JOBFORGE_PASSPHRASE"
    )]
    PassphraseRequired,
    #[error("the passphrase is wrong; try again")]
    WrongPassphrase,
    #[error(
        "the key in the system keyring does not fit this database; the keyring entry may belong to another copy of the data"
    )]
    WrongKey,
    #[error(
        "the database file is damaged ({detail}); the key is right, so restore the file from a backup"
    )]
    Damaged { detail: String },
    #[error(
        "sample data is only loaded into an empty workspace, and this one already has applications or resumes; use a new --data-dir to try the samples"
    )]
    NotEmpty,
    #[error("a file bundled with Job Forge is broken ({0}); reinstall Job Forge")]
    BundledAsset(String),
    #[error(
        "cannot find your home folder to keep Job Forge data in; give a folder with --data-dir or JOBFORGE_DATA_DIR"
    )]
    NoHomeDirectory,
    #[error("cannot use {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "there is no resume to work from: add one with `jobforge resume add NAME --file resume.md` (the first becomes your primary resume)"
    )]
    NoResume,
    #[error("the system keyring could not store the API key: {reason}")]
    ApiKeyNotStored { reason: String },
    #[error(
        "the built-in writing engine has no embeddings endpoint; choose OpenAI or an OpenAI-compatible server for embeddings in Settings, or the built-in or MiniLM embedder"
    )]
    EmbeddingProviderUnavailable,
    #[error(transparent)]
    Embed(#[from] jobforge_embed::EmbedError),
    #[error("the meaning model could not be downloaded: {0}")]
    ModelDownload(#[from] jobforge_ai::download::DownloadError),
    #[error("the match could not be computed: {0}")]
    Match(#[source] jobforge_match::MatchError),
    #[error(transparent)]
    Secrets(#[from] SecretsError),
    #[error(transparent)]
    Store(StoreError),
}

impl WorkspaceError {
    /// True when the person can put it right themselves (a wrong passphrase,
    /// a missing `init`, bad input), as opposed to a fault of the system.
    pub fn is_user_error(&self) -> bool {
        match self {
            Self::NotInitialised { .. }
            | Self::AlreadyInitialised { .. }
            | Self::KeyringUnavailable { .. }
            | Self::KeyringRequired { .. }
            | Self::PassphraseRequired
            | Self::WrongPassphrase
            | Self::WrongKey
            | Self::NoHomeDirectory
            | Self::NotEmpty
            | Self::NoResume
            | Self::Secrets(SecretsError::EmptyPassphrase)
            | Self::EmbeddingProviderUnavailable => true,
            Self::Store(e) => e.is_user_error(),
            // The address, the connection, the disk or a cancel: all theirs.
            Self::ModelDownload(_) => true,
            // A model folder the person named or has yet to download, or a
            // provider they configured: theirs to put right.
            Self::Embed(e) => matches!(
                e,
                jobforge_embed::EmbedError::ModelFolderMissing { .. }
                    | jobforge_embed::EmbedError::ModelFileMissing { .. }
                    | jobforge_embed::EmbedError::ModelFileUnreadable { .. }
                    | jobforge_embed::EmbedError::ModelFileInvalid { .. }
                    | jobforge_embed::EmbedError::UnsupportedModel { .. }
                    | jobforge_embed::EmbedError::ModelUnavailable { .. }
                    | jobforge_embed::EmbedError::Provider { .. }
            ),
            _ => false,
        }
    }
}

impl From<jobforge_match::MatchError> for WorkspaceError {
    fn from(error: jobforge_match::MatchError) -> Self {
        match error {
            // The embedder's own sentence says what to do.
            jobforge_match::MatchError::Embed(e) => Self::Embed(e),
            other => Self::Match(other),
        }
    }
}

impl From<StoreError> for WorkspaceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Damaged { detail } => Self::Damaged { detail },
            other => Self::Store(other),
        }
    }
}

impl From<KeyringError> for WorkspaceError {
    fn from(error: KeyringError) -> Self {
        match error {
            KeyringError::Unavailable { reason } => Self::KeyringUnavailable { reason },
            KeyringError::Failed { reason } => Self::KeyringUnavailable { reason },
        }
    }
}
