//! Creating and unlocking the encrypted workspace, with real files and (where
//! the test command provides one) the real Secret Service.

use std::io::{Seek, SeekFrom, Write};

use jobforge_core::secrets::{Keyring, Passphrase};
use jobforge_core::store::ApplicationFilter;
use jobforge_core::{
    DataDir, KeySource, KeyStorePreference, PassphrasePurpose, UnlockOptions, Workspace,
    WorkspaceError, sample,
};

mod support;

use support::{answer, passphrase_options};

fn never_asked(_: PassphrasePurpose) -> Result<Passphrase, WorkspaceError> {
    panic!("no passphrase should be needed")
}

fn new_workspace() -> (tempfile::TempDir, DataDir) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = DataDir::new(tmp.path().join("data"));
    let mut ws = Workspace::init(
        &dir,
        &passphrase_options(),
        &mut answer("river lamp quiet tall"),
    )
    .expect("init");
    assert_eq!(ws.key_source(), KeySource::Passphrase);
    sample::load(ws.store_mut()).expect("sample data");
    (tmp, dir)
}

#[test]
fn the_right_passphrase_opens_the_data() {
    let (_tmp, dir) = new_workspace();
    let ws = Workspace::open(
        &dir,
        &passphrase_options(),
        &mut answer("river lamp quiet tall\n"),
    )
    .expect("open");
    let apps = ws
        .store()
        .list_applications(&ApplicationFilter::default())
        .expect("list");
    assert_eq!(apps.len(), 3);
}

#[test]
fn a_wrong_passphrase_is_told_apart_from_damage() {
    let (_tmp, dir) = new_workspace();
    let err = Workspace::open(
        &dir,
        &passphrase_options(),
        &mut answer("river lamp quiet tal"),
    )
    .expect_err("wrong passphrase");
    assert!(matches!(err, WorkspaceError::WrongPassphrase), "{err}");
    assert!(err.is_user_error());
}

#[test]
fn a_damaged_file_is_reported_as_damage_not_as_a_wrong_passphrase() {
    let (_tmp, dir) = new_workspace();
    // Checkpointing happened on close; scribble over the first page.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.database())
        .expect("open db file");
    file.seek(SeekFrom::Start(100)).expect("seek");
    file.write_all(&[0x5a; 512]).expect("scribble");
    drop(file);
    let err = Workspace::open(
        &dir,
        &passphrase_options(),
        &mut answer("river lamp quiet tall"),
    )
    .expect_err("damaged");
    assert!(matches!(err, WorkspaceError::Damaged { .. }), "{err}");
    assert!(
        err.to_string().contains("restore the file from a backup"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_a_database_at_all_is_damage() {
    let (_tmp, dir) = new_workspace();
    std::fs::write(dir.database(), b"this is not a database, just some text").expect("overwrite");
    let err = Workspace::open(
        &dir,
        &passphrase_options(),
        &mut answer("river lamp quiet tall"),
    )
    .expect_err("damaged");
    assert!(matches!(err, WorkspaceError::Damaged { .. }), "{err}");
}

#[test]
fn missing_pieces_get_their_own_messages() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = DataDir::new(tmp.path().join("nothing-here"));
    let err = Workspace::open(&dir, &passphrase_options(), &mut never_asked).expect_err("no data");
    assert!(
        matches!(err, WorkspaceError::NotInitialised { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("jobforge init"));

    let (_tmp, dir) = new_workspace();
    let err = Workspace::init(&dir, &passphrase_options(), &mut never_asked).expect_err("exists");
    assert!(
        matches!(err, WorkspaceError::AlreadyInitialised { .. }),
        "{err}"
    );

    std::fs::remove_file(dir.key_info()).expect("remove key info");
    let err =
        Workspace::open(&dir, &passphrase_options(), &mut never_asked).expect_err("no key info");
    assert!(
        matches!(err, WorkspaceError::KeyInfoMissing { .. }),
        "{err}"
    );
}

#[test]
fn the_key_information_file_holds_no_secret() {
    let (_tmp, dir) = new_workspace();
    let text = std::fs::read_to_string(dir.key_info()).expect("read");
    assert!(!text.contains("river"), "the passphrase is not in the file");
    assert!(text.contains("\"kind\": \"passphrase\""), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.root())
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the data folder is private to the user");
    }
}

#[test]
fn sample_data_goes_only_into_an_empty_workspace() {
    let (_tmp, dir) = new_workspace();
    let mut ws = Workspace::open(
        &dir,
        &passphrase_options(),
        &mut answer("river lamp quiet tall"),
    )
    .expect("open");
    let err = sample::load(ws.store_mut()).expect_err("not empty");
    assert!(matches!(err, WorkspaceError::NotEmpty));
    assert_eq!(ws.store().list_resumes().expect("resumes").len(), 1);
}

/// Runs where the test command provides a Secret Service (see the xtask).
#[test]
fn with_a_keyring_the_data_opens_without_a_passphrase() {
    if std::env::var_os("JOBFORGE_EXPECT_KEYRING").is_none() {
        eprintln!("no keyring expected here (JOBFORGE_EXPECT_KEYRING unset); not run");
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = DataDir::new(tmp.path().join("data"));
    let options = UnlockOptions {
        keyring: Keyring::new(format!("jobforge-test-ws-{}", std::process::id())),
        preference: KeyStorePreference::Keyring,
        ..passphrase_options()
    };
    let ws = Workspace::init(&dir, &options, &mut never_asked).expect("init with keyring");
    assert_eq!(ws.key_source(), KeySource::Keyring);
    drop(ws);
    let ws = Workspace::open(&dir, &options, &mut never_asked).expect("open from keyring");
    assert_eq!(ws.key_source(), KeySource::Keyring);
    drop(ws);
    let info = std::fs::read_to_string(dir.key_info()).expect("key info");
    let account = info
        .split("\"account\": \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("account recorded");
    options.keyring.delete(account).expect("remove the key");
    let err = Workspace::open(&dir, &options, &mut never_asked).expect_err("key gone");
    assert!(
        matches!(err, WorkspaceError::KeyMissingFromKeyring { .. }),
        "{err}"
    );
}
