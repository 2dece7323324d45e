//! A writer process killed with SIGKILL at random moments loses no committed
//! change and never leaves the database unopenable or half-written.
//!
//! This binary plays both parts: started with `JOBFORGE_CRASH_WRITER_DB` it
//! is the writer, adding applications forever and printing each ID once its
//! transaction has committed; otherwise it is the driver, which kills writers
//! and checks what survived. (No test harness: the writer must be a process
//! of its own to be killed.)

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use jobforge_core::secrets::DatabaseKey;
use jobforge_core::store::{ApplicationFilter, ChangeOperation, Store};
use jobforge_core::types::{ApplicationStatus, NewApplication};

const ROUNDS: u32 = 25;
const WRITER_ENV: &str = "JOBFORGE_CRASH_WRITER_DB";

fn key() -> DatabaseKey {
    DatabaseKey::from_bytes([42; 32])
}

fn main() -> ExitCode {
    match std::env::var_os(WRITER_ENV) {
        Some(path) => writer(Path::new(&path)),
        None => driver(),
    }
}

fn writer(path: &Path) -> ExitCode {
    let Ok(mut store) = Store::open(path, &key()) else {
        return ExitCode::from(3);
    };
    let mut out = std::io::stdout().lock();
    for n in 0u64.. {
        let app = NewApplication {
            company: format!("Company {n}"),
            role_title: "Engineer".into(),
            job_description:
                "A long enough description of the job, repeated to make pages fill up. ".repeat(8),
            ..NewApplication::default()
        };
        let Ok(created) = store.create_application(app) else {
            return ExitCode::from(4);
        };
        if n % 3 == 0
            && store
                .set_status(&created.id, ApplicationStatus::Applied)
                .is_err()
        {
            return ExitCode::from(5);
        }
        // Printed only after commit returned: the driver counts it as durable.
        if writeln!(out, "{}", created.id)
            .and_then(|()| out.flush())
            .is_err()
        {
            return ExitCode::from(6);
        }
    }
    ExitCode::SUCCESS
}

/// A cheap varying delay; no randomness crate needed for this.
fn jitter_ms(round: u32) -> u64 {
    let nanos = Instant::now().elapsed().as_nanos() as u64
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos() as u64)
            .unwrap_or(0);
    20 + (nanos
        .wrapping_mul(6364136223846793005)
        .wrapping_add(u64::from(round))
        >> 33)
        % 180
}

fn driver() -> ExitCode {
    let tmp = match tempfile::tempdir() {
        Ok(tmp) => tmp,
        Err(e) => return fail(&format!("no temp dir: {e}")),
    };
    let path = tmp.path().join("crash.sqlite3");
    if let Err(e) = Store::create(&path, &key()) {
        return fail(&format!("cannot create the database: {e}"));
    }
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return fail(&format!("cannot find own executable: {e}")),
    };
    let mut acknowledged: HashSet<String> = HashSet::new();
    let mut passed = 0;
    for round in 0..ROUNDS {
        let mut child = match Command::new(&exe)
            .env(WRITER_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
        {
            Ok(child) => child,
            Err(e) => return fail(&format!("cannot start the writer: {e}")),
        };
        let Some(stdout) = child.stdout.take() else {
            return fail("writer has no stdout");
        };
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                match line {
                    Ok(id) => {
                        if tx.send(id).is_err() {
                            break;
                        }
                    }
                    Err(_) => break,
                }
            }
        });
        std::thread::sleep(Duration::from_millis(jitter_ms(round)));
        // SIGKILL: no destructor, no checkpoint, no chance to tidy up.
        if let Err(e) = child.kill() {
            return fail(&format!("cannot kill the writer: {e}"));
        }
        let _ = child.wait();
        let _ = reader.join();
        let before = acknowledged.len();
        acknowledged.extend(rx.try_iter());
        let store = match Store::open(&path, &key()) {
            Ok(store) => store,
            Err(e) => {
                return fail(&format!(
                    "round {round}: the database does not open after a kill: {e}"
                ));
            }
        };
        if let Err(e) = store.integrity_check() {
            return fail(&format!("round {round}: integrity check failed: {e}"));
        }
        let apps = match store.list_applications(&ApplicationFilter::default()) {
            Ok(apps) => apps,
            Err(e) => return fail(&format!("round {round}: cannot list: {e}")),
        };
        let present: HashSet<String> = apps.iter().map(|a| a.id.to_string()).collect();
        let lost: Vec<_> = acknowledged.difference(&present).collect();
        if !lost.is_empty() {
            return fail(&format!(
                "round {round}: {} committed applications were lost",
                lost.len()
            ));
        }
        // No half-written change: every application has its creation in the
        // status history and exactly one insert in the change log.
        for app in &apps {
            match store.status_history(&app.id) {
                Ok(history) if history.first().is_some_and(|c| c.from.is_none()) => {}
                _ => {
                    return fail(&format!(
                        "round {round}: application {} has no creation record",
                        app.id
                    ));
                }
            }
        }
        let inserts = match store.pending_changes(u32::MAX) {
            Ok(log) => log
                .iter()
                .filter(|e| e.entity == "application" && e.operation == ChangeOperation::Insert)
                .count(),
            Err(e) => return fail(&format!("round {round}: cannot read the change log: {e}")),
        };
        if inserts != apps.len() {
            return fail(&format!(
                "round {round}: {} applications but {inserts} logged inserts",
                apps.len()
            ));
        }
        println!(
            "round {round:>2}: killed after {} new commits; {} applications, all {} acknowledged present",
            acknowledged.len() - before,
            apps.len(),
            acknowledged.len()
        );
        passed += 1;
    }
    if acknowledged.is_empty() {
        return fail("the writer never committed anything; the test proved nothing");
    }
    println!("crash_safety: {passed} passed, 0 failed");
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("crash_safety: {message}");
    println!("crash_safety: 0 passed, 1 failed");
    ExitCode::FAILURE
}
