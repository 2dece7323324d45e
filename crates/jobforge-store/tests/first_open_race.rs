//! Its own test binary on purpose: the race it guards against exists only in
//! a process where SQLite has not been initialised yet, so the test runs the
//! race in fresh child processes of this binary.

use std::process::Command;
use std::sync::{Arc, Barrier};

use jobforge_secrets::DatabaseKey;
use jobforge_store::Store;

const CHILD: &str = "JOBFORGE_FIRST_OPEN_RACE_CHILD";
const TEST_NAME: &str = "databases_opened_at_once_on_a_fresh_process_all_accept_their_key";

#[test]
fn databases_opened_at_once_on_a_fresh_process_all_accept_their_key() {
    if std::env::var_os(CHILD).is_some() {
        open_many_at_once();
        return;
    }
    // One chance per process: without the fix about one fresh process in
    // fifteen lost the race on this machine; forty rounds make it likely to show.
    let exe = std::env::current_exe().expect("test binary path");
    for round in 0..40 {
        let out = Command::new(&exe)
            .args(["--exact", TEST_NAME, "--test-threads=1", "--nocapture"])
            .env(CHILD, "1")
            .output()
            .expect("run child");
        assert!(
            out.status.success(),
            "round {round}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn open_many_at_once() {
    const THREADS: usize = 8;
    let dir = tempfile::tempdir().expect("temp dir");
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let path = dir.path().join(format!("db{i}.sqlite3"));
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                Store::create(&path, &DatabaseKey::from_bytes([i as u8 + 1; 32]))
                    .map(drop)
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for (i, handle) in handles.into_iter().enumerate() {
        let outcome = handle.join().expect("thread finished");
        assert_eq!(outcome, Ok(()), "database {i}");
    }
}
