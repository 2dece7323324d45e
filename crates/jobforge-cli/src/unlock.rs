//! Getting a passphrase from the person: `JOBFORGE_PASSPHRASE`, or a prompt
//! that does not echo when a terminal is attached.

use std::io::IsTerminal;

use jobforge_core::secrets::{Keyring, Passphrase};
use jobforge_core::{KeyStorePreference, PassphrasePurpose, UnlockOptions, WorkspaceError};

use crate::args::KeyStoreArg;

pub fn options(key_store: KeyStoreArg) -> UnlockOptions {
    UnlockOptions {
        preference: match key_store {
            KeyStoreArg::Auto => KeyStorePreference::Auto,
            KeyStoreArg::Keyring => KeyStorePreference::Keyring,
            KeyStoreArg::Passphrase => KeyStorePreference::Passphrase,
        },
        keyring: Keyring::new(
            std::env::var("JOBFORGE_KEYRING_SERVICE")
                .ok()
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| Keyring::DEFAULT_SERVICE.to_owned()),
        ),
        ..UnlockOptions::default()
    }
}

pub fn ask(purpose: PassphrasePurpose) -> Result<Passphrase, WorkspaceError> {
    if let Ok(text) = std::env::var("JOBFORGE_PASSPHRASE") {
        return Ok(Passphrase::new(text)?);
    }
    if !std::io::stdin().is_terminal() {
        return Err(WorkspaceError::PassphraseRequired);
    }
    match purpose {
        PassphrasePurpose::Unlock => {
            let text = prompt("Passphrase: ")?;
            Ok(Passphrase::new(text)?)
        }
        PassphrasePurpose::Create => loop {
            eprintln!(
                "No system keyring is available, so the database will be protected by a passphrase."
            );
            eprintln!("Choose it well: it cannot be recovered if forgotten.");
            let first = Passphrase::new(prompt("New passphrase: ")?)?;
            if let Some(hint) = first.strength_hint() {
                eprintln!("Note: {hint}.");
            }
            let second = prompt("Repeat it: ")?;
            if first.expose() == second {
                return Ok(first);
            }
            eprintln!("The two did not match; try again.");
        },
    }
}

fn prompt(label: &str) -> Result<String, WorkspaceError> {
    rpassword::prompt_password(label).map_err(|_| WorkspaceError::PassphraseRequired)
}
