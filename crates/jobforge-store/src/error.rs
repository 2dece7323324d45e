use jobforge_types::ValidationErrors;
use rusqlite::ErrorCode;

/// What can go wrong in the store. Messages say what happened and what to do;
/// none contains key material or document text.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLCipher cannot read the file with the key given. On its own SQLCipher
    /// cannot tell a wrong key from a damaged file; the workspace layer can,
    /// with the key check value kept beside the database.
    #[error(
        "the database cannot be decrypted with this key: the key is wrong or the file is damaged"
    )]
    CannotDecrypt,
    #[error("the database file is damaged ({detail}); restore it from a backup")]
    Damaged { detail: String },
    #[error(
        "this database was written by a newer version of Job Forge (schema version {found}; this version knows up to {supported}); update Job Forge to open it. The file was not changed."
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error(
        "upgrading the database to schema version {version} ({name}) failed: {source}. The database was left at the previous version."
    )]
    Migration {
        version: i64,
        name: &'static str,
        #[source]
        source: rusqlite::Error,
    },
    #[error("a database already exists at {path}")]
    AlreadyExists { path: String },
    #[error("no {entity} matches `{reference}`")]
    NotFound {
        entity: &'static str,
        reference: String,
    },
    #[error("`{reference}` matches {count} {entity}s; give more characters of the ID")]
    Ambiguous {
        entity: &'static str,
        reference: String,
        count: usize,
    },
    #[error("{0}")]
    Invalid(#[from] ValidationErrors),
    #[error(
        "this {entity} was changed elsewhere since you opened it (you edited version {expected}, it is now version {current}); reload it and make your change again"
    )]
    Conflict {
        entity: &'static str,
        expected: i64,
        current: i64,
    },
    #[error("the search has no words to look for; type at least one word")]
    EmptySearch,
    #[error("the database is busy in another Job Forge window or command; try again in a moment")]
    Busy,
    #[error(
        "the database holds a value this version cannot read ({0}); it may have been edited by hand or damaged"
    )]
    BadStoredValue(String),
    /// The semantic index was asked something it cannot do; the message
    /// says what and what to do.
    #[error("{0}")]
    VectorIndex(String),
    #[error(
        "the encrypted database engine could not start ({0}); this build of Job Forge is broken, reinstall it"
    )]
    EngineUnavailable(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl StoreError {
    /// True when the caller gave something wrong (bad input, unknown ID, stale
    /// edit), as opposed to the store failing.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Self::NotFound { .. }
                | Self::Ambiguous { .. }
                | Self::Invalid(_)
                | Self::Conflict { .. }
                | Self::AlreadyExists { .. }
                | Self::EmptySearch
        )
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Self::Damaged {
                detail: error.to_string(),
            },
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            _ => Self::Sqlite(error),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
