//! Creating and unlocking the user's encrypted data.
//!
//! The database key is 32 random bytes kept in the OS keyring. Where no
//! keyring answers (a headless box, a locked collection) the key is instead
//! stretched from a passphrase with Argon2id. Which of the two a database
//! uses is recorded in its key information file, so it is never guessed.

use jobforge_secrets::{DatabaseKey, KdfParams, Keyring, Passphrase, Salt, derive_database_key};
use jobforge_store::{Store, StoreError};

use crate::key_info::{KeyInfo, KeySourceInfo};
use crate::{DataDir, WorkspaceError};

/// Where the user wants the database key kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum KeyStorePreference {
    /// The OS keyring when it answers, else a passphrase.
    #[default]
    Auto,
    /// The OS keyring, or fail.
    Keyring,
    /// A passphrase, even where a keyring exists.
    Passphrase,
}

/// Where an open database's key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    Keyring,
    Passphrase,
}

/// Why a passphrase is being asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassphrasePurpose {
    /// Choosing one for a new database (ask twice, show a strength hint).
    Create,
    /// Unlocking an existing database.
    Unlock,
}

/// How to reach the key.
#[derive(Debug, Clone)]
pub struct UnlockOptions {
    pub keyring: Keyring,
    pub preference: KeyStorePreference,
    /// Argon2id cost for new passphrase-protected databases.
    pub kdf: KdfParams,
}

impl Default for UnlockOptions {
    fn default() -> Self {
        Self {
            keyring: Keyring::new(Keyring::DEFAULT_SERVICE),
            preference: KeyStorePreference::Auto,
            kdf: KdfParams::default(),
        }
    }
}

/// The user's unlocked data.
#[derive(Debug)]
pub struct Workspace {
    dir: DataDir,
    store: Store,
    key_source: KeySource,
}

impl Workspace {
    /// Creates a new encrypted database in `dir`. `ask` is called for a
    /// passphrase only when the key cannot go into the keyring.
    pub fn init(
        dir: &DataDir,
        options: &UnlockOptions,
        ask: &mut dyn FnMut(PassphrasePurpose) -> Result<Passphrase, WorkspaceError>,
    ) -> Result<Self, WorkspaceError> {
        if dir.database().exists() {
            return Err(WorkspaceError::AlreadyInitialised {
                dir: dir.root().display().to_string(),
            });
        }
        dir.create()?;
        let use_keyring = match options.preference {
            KeyStorePreference::Passphrase => false,
            KeyStorePreference::Keyring => {
                options
                    .keyring
                    .probe()
                    .map_err(|e| WorkspaceError::KeyringRequired {
                        reason: e.to_string(),
                    })?;
                true
            }
            KeyStorePreference::Auto => match options.keyring.probe() {
                Ok(()) => true,
                Err(e) => {
                    tracing::info!(reason = %e, "no keyring; the database will be protected by a passphrase");
                    false
                }
            },
        };
        let database_id = uuid::Uuid::new_v4().to_string();
        let (key, source, key_source) = if use_keyring {
            let key = DatabaseKey::generate()?;
            let account = format!("database-key:{database_id}");
            options.keyring.set(&account, &key.to_hex())?;
            // Read it back through a new handle: a keyring that accepts a
            // secret and forgets it (a mock, a broken store) must not get the
            // only copy of the key.
            let kept = options
                .keyring
                .get(&account)
                .map_err(|e| WorkspaceError::KeyringDidNotPersist {
                    reason: e.to_string(),
                })?
                .and_then(|s| DatabaseKey::from_hex(s.expose()));
            if !kept.is_some_and(|k| k.check_value().matches(&key.check_value())) {
                let _ = options.keyring.delete(&account);
                return Err(WorkspaceError::KeyringDidNotPersist {
                    reason: "the entry read back differs from the one written".into(),
                });
            }
            let source = KeySourceInfo::Keyring {
                service: options.keyring.service().to_owned(),
                account,
            };
            (key, source, KeySource::Keyring)
        } else {
            let passphrase = ask(PassphrasePurpose::Create)?;
            let salt = Salt::generate()?;
            let key = derive_database_key(&passphrase, &salt, options.kdf)?;
            (
                key,
                KeySourceInfo::passphrase(&salt, options.kdf),
                KeySource::Passphrase,
            )
        };
        let info = KeyInfo::new(database_id, &key.check_value(), source);
        // Key information first: a database must never exist without it.
        info.write(&dir.key_info())?;
        let store = match Store::create(&dir.database(), &key) {
            Ok(store) => store,
            // Another process created it meanwhile: that database is not ours
            // to clean up.
            Err(StoreError::AlreadyExists { .. }) => {
                return Err(WorkspaceError::AlreadyInitialised {
                    dir: dir.root().display().to_string(),
                });
            }
            Err(e) => {
                undo_init(dir, &info, options);
                return Err(e.into());
            }
        };
        tracing::info!(dir = %dir.root().display(), ?key_source, "created encrypted database");
        Ok(Self {
            dir: dir.clone(),
            store,
            key_source,
        })
    }

    /// Unlocks the existing database in `dir`.
    pub fn open(
        dir: &DataDir,
        options: &UnlockOptions,
        ask: &mut dyn FnMut(PassphrasePurpose) -> Result<Passphrase, WorkspaceError>,
    ) -> Result<Self, WorkspaceError> {
        let database = dir.database();
        if !database.exists() {
            return Err(WorkspaceError::NotInitialised {
                dir: dir.root().display().to_string(),
            });
        }
        let info_path = dir.key_info();
        let info = KeyInfo::read(&info_path)?;
        let expected = info.key_check(&info_path)?;
        let (key, key_source) = match &info.source {
            KeySourceInfo::Keyring { service, account } => {
                let keyring = if service == options.keyring.service() {
                    options.keyring.clone()
                } else {
                    Keyring::new(service.clone())
                };
                let secret =
                    keyring
                        .get(account)?
                        .ok_or_else(|| WorkspaceError::KeyMissingFromKeyring {
                            account: account.clone(),
                        })?;
                let key = DatabaseKey::from_hex(secret.expose()).ok_or_else(|| {
                    WorkspaceError::KeyringEntryDamaged {
                        account: account.clone(),
                    }
                })?;
                if !key.check_value().matches(&expected) {
                    return Err(WorkspaceError::WrongKey);
                }
                (key, KeySource::Keyring)
            }
            KeySourceInfo::Passphrase {
                salt,
                memory_kib,
                iterations,
                parallelism,
            } => {
                let salt = Salt::from_hex(salt).ok_or_else(|| WorkspaceError::KeyInfoDamaged {
                    path: info_path.display().to_string(),
                    detail: "bad salt".into(),
                })?;
                let params = KdfParams {
                    memory_kib: *memory_kib,
                    iterations: *iterations,
                    parallelism: *parallelism,
                };
                let passphrase = ask(PassphrasePurpose::Unlock)?;
                let key = derive_database_key(&passphrase, &salt, params)?;
                if !key.check_value().matches(&expected) {
                    return Err(WorkspaceError::WrongPassphrase);
                }
                (key, KeySource::Passphrase)
            }
        };
        // The key is the right one, so a file SQLCipher cannot read is damaged.
        let store = Store::open(&database, &key).map_err(|e| match e {
            StoreError::CannotDecrypt => WorkspaceError::Damaged {
                detail: "its pages do not decrypt with the right key".into(),
            },
            other => other.into(),
        })?;
        Ok(Self {
            dir: dir.clone(),
            store,
            key_source,
        })
    }

    pub fn dir(&self) -> &DataDir {
        &self.dir
    }

    pub fn key_source(&self) -> KeySource {
        self.key_source
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }
}

/// Removes what a failed `init` left, so that it can simply be run again.
fn undo_init(dir: &DataDir, info: &KeyInfo, options: &UnlockOptions) {
    let _ = std::fs::remove_file(dir.key_info());
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut path = dir.database().into_os_string();
        path.push(suffix);
        let _ = std::fs::remove_file(path);
    }
    if let KeySourceInfo::Keyring { account, .. } = &info.source {
        let _ = options.keyring.delete(account);
    }
}
