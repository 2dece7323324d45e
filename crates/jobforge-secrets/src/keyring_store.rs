//! The OS keyring: macOS Keychain, Windows Credential Manager, the Secret
//! Service (GNOME Keyring, KWallet) on Linux.

use crate::SecretString;

/// Why the keyring could not be used. Never carries the secret itself.
#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    /// No keyring service answered, or it refused access (locked, headless,
    /// no Secret Service running).
    #[error("the system keyring cannot be reached: {reason}")]
    Unavailable { reason: String },
    /// The keyring answered but failed to store or read the entry.
    #[error("the system keyring failed: {reason}")]
    Failed { reason: String },
}

/// Entries under one service name in the OS keyring. Each entry is named by
/// an account string (`database-key:<fingerprint>`, `api-key:openai`, ...).
#[derive(Debug, Clone)]
pub struct Keyring {
    service: String,
}

impl Keyring {
    /// The service name Job Forge uses in the user's keyring.
    pub const DEFAULT_SERVICE: &'static str = "jobforge";

    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    /// Reads an entry; `Ok(None)` when the keyring works but has no such entry.
    pub fn get(&self, account: &str) -> Result<Option<SecretString>, KeyringError> {
        imp::get(&self.service, account)
    }

    pub fn set(&self, account: &str, secret: &str) -> Result<(), KeyringError> {
        imp::set(&self.service, account, secret)?;
        tracing::debug!(service = %self.service, account, "stored a secret in the keyring");
        Ok(())
    }

    /// Removes an entry; removing a missing entry is not an error.
    pub fn delete(&self, account: &str) -> Result<(), KeyringError> {
        imp::delete(&self.service, account)
    }

    /// Whether a keyring answers at all, without touching any real entry.
    pub fn probe(&self) -> Result<(), KeyringError> {
        self.get("probe:reachable").map(|_| ())
    }
}

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
mod imp {
    use super::KeyringError;
    use crate::SecretString;

    fn entry(service: &str, account: &str) -> Result<keyring::Entry, KeyringError> {
        keyring::Entry::new(service, account).map_err(classify)
    }

    fn classify(error: keyring::Error) -> KeyringError {
        match error {
            keyring::Error::NoStorageAccess(e) | keyring::Error::PlatformFailure(e) => {
                KeyringError::Unavailable {
                    reason: e.to_string(),
                }
            }
            other => KeyringError::Failed {
                reason: other.to_string(),
            },
        }
    }

    pub fn get(service: &str, account: &str) -> Result<Option<SecretString>, KeyringError> {
        match entry(service, account)?.get_password() {
            Ok(secret) => Ok(Some(SecretString::new(secret))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(classify(e)),
        }
    }

    pub fn set(service: &str, account: &str, secret: &str) -> Result<(), KeyringError> {
        entry(service, account)?
            .set_password(secret)
            .map_err(classify)
    }

    pub fn delete(service: &str, account: &str) -> Result<(), KeyringError> {
        match entry(service, account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(classify(e)),
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
mod imp {
    use super::KeyringError;
    use crate::SecretString;

    fn unsupported() -> KeyringError {
        KeyringError::Unavailable {
            reason: "this operating system has no supported keyring".to_owned(),
        }
    }

    pub fn get(_: &str, _: &str) -> Result<Option<SecretString>, KeyringError> {
        Err(unsupported())
    }

    pub fn set(_: &str, _: &str, _: &str) -> Result<(), KeyringError> {
        Err(unsupported())
    }

    pub fn delete(_: &str, _: &str) -> Result<(), KeyringError> {
        Err(unsupported())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The xtask test command runs the suite inside a private D-Bus session
    /// with an unlocked GNOME Keyring and sets `JOBFORGE_EXPECT_KEYRING=1`.
    /// There the real Secret Service must work; elsewhere (a bare `cargo
    /// test` on a headless box) this test has nothing to talk to.
    fn expect_keyring() -> bool {
        std::env::var_os("JOBFORGE_EXPECT_KEYRING").is_some()
    }

    #[test]
    fn secrets_persist_in_the_real_keyring_across_handles() {
        if !expect_keyring() {
            eprintln!("no keyring expected here (JOBFORGE_EXPECT_KEYRING unset); not run");
            return;
        }
        let service = format!("jobforge-test-{}", std::process::id());
        let writer = Keyring::new(&service);
        writer
            .set("api-key:test", "sk-test-value")
            .expect("store in keyring");
        // A new handle: the keyring crate's in-memory mock would not see it.
        let reader = Keyring::new(&service);
        let secret = reader.get("api-key:test").expect("read").expect("present");
        assert_eq!(secret.expose(), "sk-test-value");
        reader.delete("api-key:test").expect("delete");
        assert!(reader.get("api-key:test").expect("read").is_none());
        reader
            .delete("api-key:test")
            .expect("deleting twice is fine");
    }

    #[test]
    fn a_missing_entry_is_none_not_an_error() {
        if !expect_keyring() {
            eprintln!("no keyring expected here (JOBFORGE_EXPECT_KEYRING unset); not run");
            return;
        }
        let keyring = Keyring::new("jobforge-test-missing");
        assert!(keyring.get("never-set").expect("reachable").is_none());
        keyring.probe().expect("reachable");
    }
}
