use std::path::{Path, PathBuf};

use crate::WorkspaceError;

/// The folder that holds one user's Job Forge data: the encrypted database,
/// its key information and the logs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

/// The platform's per-user data folder for Job Forge
/// (`~/.local/share/jobforge` on Linux, `~/Library/Application Support/org.jobforge.Job-Forge`
/// on macOS, `%APPDATA%\jobforge\Job Forge\data` on Windows).
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "jobforge", "Job Forge").map(|d| d.data_dir().to_owned())
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The folder given, or else the platform default.
    pub fn resolve(explicit: Option<PathBuf>) -> Result<Self, WorkspaceError> {
        explicit
            .or_else(default_data_dir)
            .map(Self::new)
            .ok_or(WorkspaceError::NoHomeDirectory)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The encrypted SQLite database.
    pub fn database(&self) -> PathBuf {
        self.root.join("jobforge.sqlite3")
    }

    /// Non-secret facts needed to unlock the database (where the key is, the
    /// passphrase salt, a key check value). Back it up with the database.
    pub fn key_info(&self) -> PathBuf {
        self.root.join("jobforge.key.json")
    }

    /// The user's prompt overrides (`research.md`, `resume.md`, `cover-letter.md`).
    pub fn prompts(&self) -> PathBuf {
        self.root.join("prompts")
    }

    pub fn logs(&self) -> PathBuf {
        self.root.join("logs")
    }

    /// Creates the folder, readable by this user only.
    pub fn create(&self) -> Result<(), WorkspaceError> {
        std::fs::create_dir_all(&self.root).map_err(|source| WorkspaceError::Io {
            path: self.root.display().to_string(),
            source,
        })?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let private = std::fs::Permissions::from_mode(0o700);
            std::fs::set_permissions(&self.root, private).map_err(|source| WorkspaceError::Io {
                path: self.root.display().to_string(),
                source,
            })?;
        }
        Ok(())
    }
}
