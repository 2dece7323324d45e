use std::path::{Path, PathBuf};
use std::process::Command;

use crate::setup::{self, Result, cargo, run, say};

/// Builds the Yew UI to wasm and lays out `ui/dist` for the desktop shell.
pub fn build_ui() -> Result<PathBuf> {
    setup::wasm_toolchain()?;
    say("building the UI (wasm)");
    // The wasm keeps its `target_features` section (the release profile
    // strips symbols, which would take it too): wasm-bindgen reads it.
    run(cargo()
        .args([
            "build",
            "-p",
            "jobforge-ui",
            "--target",
            "wasm32-unknown-unknown",
            "--release",
        ])
        .env("CARGO_PROFILE_RELEASE_STRIP", "debuginfo"))?;
    let root = setup::root();
    let dist = root.join("ui").join("dist");
    std::fs::create_dir_all(&dist).map_err(|e| format!("cannot create {}: {e}", dist.display()))?;
    let wasm = setup::target_dir().join("wasm32-unknown-unknown/release/jobforge_ui.wasm");
    // wasm-bindgen writes into the target dir; only files whose bytes
    // changed are copied into ui/dist. The shell's build script watches
    // ui/dist, so rewriting identical files would relink the desktop app
    // on every `cargo xtask app`.
    let bindgen_out = setup::target_dir().join("ui-bindgen");
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&bindgen_out)
        .arg(&wasm))?;
    let wasm_name = "jobforge_ui_bg.wasm";
    copy_changed_files(&bindgen_out, &dist, |path| !path.ends_with(wasm_name))?;
    let shipped = optimised_wasm(&bindgen_out.join(wasm_name))?;
    copy_if_changed(&shipped, &dist.join(wasm_name))?;
    // The page around the wasm: ui/*.html, *.js, *.css.
    copy_changed_files(&root.join("ui"), &dist, |path| {
        path.extension()
            .is_some_and(|ext| ext == "html" || ext == "js" || ext == "css")
    })?;
    say(&format!("UI ready in {}", dist.display()));
    Ok(dist)
}

pub fn test() -> Result {
    say("Job Forge test suite: prerequisites, formatting, lints, every test");
    setup::apt_packages()?;
    build_ui()?;
    say("checking formatting (cargo fmt --check)");
    run(cargo().args(["fmt", "--all", "--check"]))?;
    say("linting (cargo clippy -D warnings)");
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    let desktop = build_desktop_for_e2e()?;
    say("running every test (the desktop one drives the real window under Xvfb)");
    run_tests_with_keyring(&desktop)?;
    say("all checks passed");
    Ok(())
}

/// Builds the desktop app (debug, serving the embedded UI) and keeps a copy
/// for the end-to-end test, out of the way of later builds.
fn build_desktop_for_e2e() -> Result<PathBuf> {
    setup::tauri_driver()?;
    say("building the desktop app for the end-to-end test");
    run(cargo().args(["build", "-p", "jobforge-desktop"]))?;
    let built = setup::target_dir().join("debug").join("jobforge-desktop");
    let dir = setup::target_dir().join("e2e-bin");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let copy = dir.join("jobforge-desktop");
    std::fs::copy(&built, &copy).map_err(|e| format!("cannot copy {}: {e}", built.display()))?;
    Ok(copy)
}

/// Runs `cargo test --workspace` inside a private D-Bus session with an
/// unlocked GNOME Keyring, so the keyring tests use a real Secret Service
/// and never the user's own keyring.
fn run_tests_with_keyring(desktop: &std::path::Path) -> Result {
    let have_session = setup::succeeds_quietly(Command::new("dbus-run-session").arg("--version"))
        && setup::succeeds_quietly(Command::new("gnome-keyring-daemon").arg("--version"));
    let minilm = setup::minilm_model()?;
    let mut test = cargo();
    test.args(["test", "--workspace", "--no-fail-fast"])
        .env("JOBFORGE_MINILM_DIR", &minilm)
        .env("JOBFORGE_DESKTOP_BIN", desktop)
        .env("JOBFORGE_EXPECT_E2E", "1");
    if !have_session {
        say("no dbus-run-session or gnome-keyring-daemon: keyring tests will say they did not run");
        return run(&mut test);
    }
    let scratch = std::env::temp_dir().join(format!("jobforge-keyring-{}", std::process::id()));
    let runtime = scratch.join("runtime");
    let data = scratch.join("data");
    for dir in [&runtime, &data] {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| format!("cannot protect {}: {e}", runtime.display()))?;
    }
    if let Some(home) = std::env::var_os("HOME") {
        let _ = std::fs::create_dir_all(PathBuf::from(home).join(".cache"));
    }
    let cargo_bin = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let script = format!(
        "eval \"$(printf 'jobforge-test' | gnome-keyring-daemon --unlock --components=secrets)\" && \
         export JOBFORGE_EXPECT_KEYRING=1 JOBFORGE_EXPECT_STRACE=1 && exec '{cargo_bin}' test --workspace --no-fail-fast"
    );
    say("starting a private D-Bus session with GNOME Keyring for the keyring tests");
    let result = run(Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &script])
        .current_dir(setup::root())
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("XDG_DATA_HOME", &data)
        .env("JOBFORGE_DESKTOP_BIN", desktop)
        .env("JOBFORGE_EXPECT_E2E", "1")
        .env("JOBFORGE_MINILM_DIR", &minilm)
        .env_remove("DBUS_SESSION_BUS_ADDRESS"));
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

pub fn app() -> Result {
    if !setup::has_display() {
        return cli_demo();
    }
    say("Job Forge desktop app: prerequisites, UI, shell");
    setup::apt_packages()?;
    build_ui()?;
    say("building the desktop app (release)");
    run(cargo().args(["build", "-p", "jobforge-desktop", "--release"]))?;
    let binary = setup::target_dir().join("release").join("jobforge-desktop");
    say(&format!("opening {}", binary.display()));
    run(&mut Command::new(binary))
}

/// With no display, the app's main job through the CLI, on sample data in a
/// throwaway folder (never the user's own data).
fn cli_demo() -> Result {
    say(
        "no display found (DISPLAY and WAYLAND_DISPLAY are unset), so the desktop window cannot open",
    );
    say("showing Job Forge's main job through the command-line tool instead, on sample data");
    setup::apt_packages()?;
    say("building the jobforge command-line tool");
    run(cargo().args(["build", "-p", "jobforge-cli", "--release"]))?;
    let binary = setup::target_dir().join("release").join("jobforge");
    let data = std::env::temp_dir().join(format!("jobforge-demo-{}", std::process::id()));
    say(&format!(
        "demo data folder: {} (encrypted, passphrase `demo passphrase`)",
        data.display()
    ));
    let jobforge = |args: &[&str]| -> Result {
        eprintln!("\n$ jobforge {}", args.join(" "));
        run(Command::new(&binary)
            .args(args)
            .env("JOBFORGE_DATA_DIR", &data)
            .env("JOBFORGE_KEY_STORE", "passphrase")
            .env("JOBFORGE_PASSPHRASE", "demo passphrase"))
    };
    jobforge(&["init"])?;
    jobforge(&["sample"])?;
    jobforge(&["app", "list"])?;
    let listed = Command::new(&binary)
        .args(["--json", "app", "list"])
        .env("JOBFORGE_DATA_DIR", &data)
        .env("JOBFORGE_PASSPHRASE", "demo passphrase")
        .output()
        .map_err(|e| format!("cannot run jobforge: {e}"))?;
    let text = String::from_utf8_lossy(&listed.stdout);
    let first_id = text
        .split("\"id\": \"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or("the sample applications did not list")?
        .to_owned();
    jobforge(&["app", "show", &first_id])?;
    jobforge(&["resume", "list"])?;
    // How well the resume fits the posting, and what is missing.
    jobforge(&["match", &first_id])?;
    // The main job: research, tailored resume and cover letter, offline.
    jobforge(&["run", &first_id])?;
    jobforge(&["doc", "flags", &first_id, "cover_letter"])?;
    // What the user sends: the tailored resume as a PDF, read back and checked.
    let pdf = data.join("tailored-resume.pdf");
    jobforge(&[
        "export",
        &first_id,
        "optimized_resume",
        "--format",
        "pdf",
        "--out",
        &pdf.display().to_string(),
    ])?;
    jobforge(&["app", "status", &first_id, "applied"])?;
    jobforge(&["search", "kubernetes"])?;
    eprintln!();
    say(&format!(
        "done. Explore further with: JOBFORGE_DATA_DIR={} JOBFORGE_PASSPHRASE='demo passphrase' {} --help",
        data.display(),
        binary.display()
    ));
    Ok(())
}

pub fn bench() -> Result {
    setup::apt_packages()?;
    say("store benchmark: insert, list and search, encrypted against plain SQLite");
    run(cargo().args([
        "bench",
        "-p",
        "jobforge-store",
        "--features",
        "plaintext-benchmark",
        "--bench",
        "store",
    ]))?;
    say("offline AI pipeline benchmark: one application, and a batch of 100");
    run(cargo().args(["bench", "-p", "jobforge-ai", "--bench", "offline"]))?;
    say("import and export benchmark: PDF and DOCX resumes in, PDF/DOCX/HTML out");
    run(cargo().args(["bench", "-p", "jobforge-export", "--bench", "formats"]))?;
    say("embedding benchmark: the built-in and MiniLM embedders' throughput");
    let minilm = setup::minilm_model()?;
    run(cargo()
        .args(["bench", "-p", "jobforge-embed", "--bench", "embed"])
        .env("JOBFORGE_MINILM_DIR", &minilm))?;
    say("semantic benchmark: 10,000 applications indexed, KNN against brute force, hybrid search");
    run(cargo().args(["bench", "-p", "jobforge-core", "--bench", "semantic"]))?;
    crate::bench_desktop::run_bench()
}

/// The wasm the window loads: `bindgen_wasm` through `wasm-opt -Oz`, which
/// makes it about 40 % smaller and so quicker to load and compile at every
/// start. The result is kept beside its source and reused while the source
/// is unchanged (wasm-opt takes about a minute). `JOBFORGE_WASM_OPT=0`
/// skips it, for a quicker UI build while working on the UI.
fn optimised_wasm(bindgen_wasm: &Path) -> Result<PathBuf> {
    if std::env::var_os("JOBFORGE_WASM_OPT").is_some_and(|v| v == "0") {
        say("JOBFORGE_WASM_OPT=0: the UI's wasm is not optimised");
        return Ok(bindgen_wasm.to_owned());
    }
    let dir = setup::target_dir().join("ui-opt");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let source_copy = dir.join("source.wasm");
    let optimised = dir.join("jobforge_ui_bg.wasm");
    let source = std::fs::read(bindgen_wasm)
        .map_err(|e| format!("cannot read {}: {e}", bindgen_wasm.display()))?;
    if optimised.exists() && std::fs::read(&source_copy).is_ok_and(|old| old == source) {
        say("the UI's wasm is unchanged: its optimised build is reused");
        return Ok(optimised);
    }
    let wasm_opt = setup::wasm_opt()?;
    // Gone until the new build is finished (see below).
    let _ = std::fs::remove_file(&source_copy);
    say("optimising the UI's wasm for size (wasm-opt -Oz, about a minute)");
    // The features rustc's wasm32-unknown-unknown target enables by default.
    run(Command::new(&wasm_opt)
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-mutable-globals",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-reference-types",
            "--enable-multivalue",
        ])
        .arg(bindgen_wasm)
        .arg("-o")
        .arg(&optimised))?;
    // Written last: a build stopped half-way is not taken for a finished one.
    std::fs::write(&source_copy, &source)
        .map_err(|e| format!("cannot write {}: {e}", source_copy.display()))?;
    Ok(optimised)
}

/// Copies the files of `from` (not its folders) that `wanted` picks into
/// `to`, leaving alone those already there with the same bytes (and their
/// modification times).
fn copy_changed_files(from: &Path, to: &Path, wanted: impl Fn(&Path) -> bool) -> Result {
    let entries =
        std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_file() || !wanted(&path) {
            continue;
        }
        copy_if_changed(&path, &to.join(entry.file_name()))?;
    }
    Ok(())
}

/// Copies `from` to `to` unless `to` already holds the same bytes (then its
/// modification time stays as it was).
fn copy_if_changed(from: &Path, to: &Path) -> Result {
    let bytes = std::fs::read(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    if std::fs::read(to).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    std::fs::write(to, &bytes).map_err(|e| format!("cannot write {}: {e}", to.display()))
}
