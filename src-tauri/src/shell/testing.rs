//! Test support: a shell over a temporary data folder, protected by a
//! passphrase with cheap key derivation (these tests are about the flow,
//! not the cost).

use std::path::Path;

use jobforge_core::KeyStorePreference;
use jobforge_core::secrets::{KdfParams, Keyring};
use jobforge_core::types::{Application, UnlockRequest};

use super::{PassphraseSource, Shell, ShellConfig};

pub const PASSPHRASE: &str = "lantern orchard seventeen quietly";

pub fn config(dir: &Path, passphrase: PassphraseSource) -> ShellConfig {
    ShellConfig {
        data_dir: Some(dir.to_owned()),
        key_store: KeyStorePreference::Passphrase,
        passphrase,
        keyring: Keyring::new("jobforge-test-unused"),
        kdf: KdfParams {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        },
    }
}

/// A shell over `dir` with no passphrase in the environment.
pub fn shell_at(dir: &Path) -> Shell {
    Shell::new(Ok(config(dir, || None)))
}

/// A new, unlocked workspace with the sample data loaded.
pub fn sample_shell() -> (tempfile::TempDir, Shell) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let shell = shell_at(&tmp.path().join("data"));
    shell
        .unlock(UnlockRequest {
            passphrase: PASSPHRASE.into(),
            confirm: Some(PASSPHRASE.into()),
        })
        .expect("created");
    shell.load_sample_data().expect("samples");
    (tmp, shell)
}

/// The sample application the pipeline tests work on.
pub fn northwind(shell: &Shell) -> Application {
    shell
        .list_applications(None)
        .expect("list")
        .into_iter()
        .find(|a| a.company == "Northwind Freight")
        .expect("sample application")
}
