//! The key information file beside the database: how to get the key, and a
//! check value that tells a wrong key from a damaged database. It holds no
//! secret: the check value is a one-way MAC, and an attacker with the salt
//! and the check value is no better off than one with the encrypted file.

use std::path::Path;

use jobforge_secrets::{KdfParams, KeyCheck, Salt};
use serde::{Deserialize, Serialize};

use crate::WorkspaceError;

const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyInfo {
    pub format: u32,
    /// Names this database, e.g. in its keyring entry.
    pub database_id: String,
    pub key_check: String,
    pub source: KeySourceInfo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeySourceInfo {
    /// A random key kept in the OS keyring.
    Keyring { service: String, account: String },
    /// A key stretched from a passphrase with Argon2id.
    Passphrase {
        salt: String,
        memory_kib: u32,
        iterations: u32,
        parallelism: u32,
    },
}

impl KeyInfo {
    pub fn new(database_id: String, key_check: &KeyCheck, source: KeySourceInfo) -> Self {
        Self {
            format: FORMAT,
            database_id,
            key_check: key_check.to_hex(),
            source,
        }
    }

    pub fn key_check(&self, path: &Path) -> Result<KeyCheck, WorkspaceError> {
        KeyCheck::from_hex(&self.key_check).ok_or_else(|| damaged(path, "bad key check value"))
    }

    pub fn read(path: &Path) -> Result<Self, WorkspaceError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(WorkspaceError::KeyInfoMissing {
                    path: path.display().to_string(),
                });
            }
            Err(e) => return Err(damaged(path, &e.to_string())),
        };
        let info: Self = serde_json::from_str(&text).map_err(|e| damaged(path, &e.to_string()))?;
        if info.format != FORMAT {
            return Err(damaged(
                path,
                &format!(
                    "format {} is not one this version knows; update Job Forge",
                    info.format
                ),
            ));
        }
        Ok(info)
    }

    /// Writes the file so that a crash leaves either the old or the new one.
    pub fn write(&self, path: &Path) -> Result<(), WorkspaceError> {
        let io = |source| WorkspaceError::Io {
            path: path.display().to_string(),
            source,
        };
        let json = serde_json::to_string_pretty(self).map_err(|e| damaged(path, &e.to_string()))?;
        crate::text_file::write_file_replacing(path, json.as_bytes()).map_err(io)?;
        Ok(())
    }
}

impl KeySourceInfo {
    pub fn passphrase(salt: &Salt, params: KdfParams) -> Self {
        Self::Passphrase {
            salt: salt.to_hex(),
            memory_kib: params.memory_kib,
            iterations: params.iterations,
            parallelism: params.parallelism,
        }
    }
}

fn damaged(path: &Path, detail: &str) -> WorkspaceError {
    WorkspaceError::KeyInfoDamaged {
        path: path.display().to_string(),
        detail: detail.to_owned(),
    }
}
