//! A workspace for the core's scenario tests: a passphrase store with cheap
//! Argon2id parameters (these tests are about the flow, not the cost).

// Each test file uses its own part of this.
#![allow(dead_code)]

use std::path::Path;

use jobforge_core::secrets::{KdfParams, Keyring, Passphrase};
use jobforge_core::store::ApplicationFilter;
use jobforge_core::types::ApplicationId;
use jobforge_core::{
    DataDir, KeyStorePreference, PassphrasePurpose, UnlockOptions, Workspace, WorkspaceError,
};

pub fn passphrase_options() -> UnlockOptions {
    UnlockOptions {
        keyring: Keyring::new("jobforge-test-unused"),
        preference: KeyStorePreference::Passphrase,
        kdf: KdfParams {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        },
    }
}

pub fn answer(
    text: &'static str,
) -> impl FnMut(PassphrasePurpose) -> Result<Passphrase, WorkspaceError> {
    move |_| Ok(Passphrase::new(text.to_owned())?)
}

/// A new workspace in `dir/data`.
pub fn new_workspace(dir: &Path, passphrase: &'static str) -> Workspace {
    Workspace::init(
        &DataDir::new(dir.join("data")),
        &passphrase_options(),
        &mut answer(passphrase),
    )
    .expect("init")
}

/// The ID of the (sample) application for `company`.
pub fn application_of(ws: &Workspace, company: &str) -> ApplicationId {
    ws.store()
        .list_applications(&ApplicationFilter::default())
        .expect("list")
        .into_iter()
        .find(|a| a.company == company)
        .unwrap_or_else(|| panic!("no application of {company}"))
        .id
}
