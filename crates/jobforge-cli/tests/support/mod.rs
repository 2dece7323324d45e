//! What every `jobforge` binary test needs: a throwaway data folder and the
//! binary run against it with a passphrase store (and its own keyring
//! service name, so no test touches the user's keyring entries).

// Each test file uses its own part of this.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub struct Env {
    tmp: tempfile::TempDir,
    pub data: PathBuf,
    passphrase: &'static str,
    keyring_service: String,
}

impl Env {
    /// A data folder with no database yet.
    pub fn new(passphrase: &'static str) -> Self {
        let tmp = tempfile::tempdir().expect("temp dir");
        let data = tmp.path().join("data");
        Self {
            tmp,
            data,
            passphrase,
            keyring_service: format!("jobforge-test-{}", std::process::id()),
        }
    }

    pub fn initialised(passphrase: &'static str) -> Self {
        let env = Self::new(passphrase);
        env.ok(&["init"]);
        env
    }

    /// An initialised database with the sample data.
    pub fn with_sample(passphrase: &'static str) -> Self {
        let env = Self::initialised(passphrase);
        env.ok(&["sample"]);
        env
    }

    /// The sample application of `company`'s ID.
    pub fn app_of(&self, company: &str) -> String {
        self.json(&["app", "list"])
            .as_array()
            .expect("list")
            .iter()
            .find(|a| a["company"] == company)
            .unwrap_or_else(|| panic!("no application of {company}"))["id"]
            .as_str()
            .expect("id")
            .to_owned()
    }

    /// A path in the test's own folder (beside `data`).
    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    pub fn keyring_service(&self) -> &str {
        &self.keyring_service
    }

    /// `program` with the environment that points it at this data folder.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        self.command_with(program, self.passphrase)
    }

    pub fn command_with(&self, program: impl AsRef<std::ffi::OsStr>, passphrase: &str) -> Command {
        let mut command = Command::new(program);
        command
            .env("JOBFORGE_DATA_DIR", &self.data)
            .env("JOBFORGE_KEY_STORE", "passphrase")
            .env("JOBFORGE_PASSPHRASE", passphrase)
            .env("JOBFORGE_KEYRING_SERVICE", &self.keyring_service);
        command
    }

    pub fn jobforge(&self, args: &[&str]) -> Command {
        let mut command = self.command(env!("CARGO_BIN_EXE_jobforge"));
        command.args(args);
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.jobforge(args).output().expect("run jobforge")
    }

    pub fn run_with(&self, args: &[&str], passphrase: &str) -> Output {
        self.command_with(env!("CARGO_BIN_EXE_jobforge"), passphrase)
            .args(args)
            .output()
            .expect("run jobforge")
    }

    /// Runs and insists on success; the standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "`jobforge {}` failed: {}",
            args.join(" "),
            stderr(&out)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// [`Env::ok`] with `--json`, parsed.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut with_json = vec!["--json"];
        with_json.extend_from_slice(args);
        serde_json::from_str(&self.ok(&with_json)).expect("valid JSON")
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}
