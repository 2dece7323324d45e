//! Secrets and where they live.
//!
//! Every secret has its own type: none is `Clone`, `Serialize` or printable
//! (their `Debug` prints `***`), and each is wiped from memory when dropped.
//! They are kept in the OS keyring ([`Keyring`]) and never written to files,
//! logs or error messages.

mod kdf;
mod keyring_store;
mod types;

pub use kdf::{KdfParams, Salt, derive_database_key};
pub use keyring_store::{Keyring, KeyringError};
pub use types::{DatabaseKey, KeyCheck, Passphrase, SecretString};

/// Errors from secret handling. None of them carries secret material.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error("the system's random number generator failed: {0}")]
    Random(String),
    #[error("the key derivation parameters are invalid: {0}")]
    KdfParams(String),
    #[error("the passphrase is empty; choose one with at least one character")]
    EmptyPassphrase,
}
