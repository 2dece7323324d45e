//! Private by default: a full offline run opens no network connection at
//! all, and a provider run talks only to the provider the user configured.
//! Proven by tracing every `connect`/`sendto` system call of the real binary
//! (and its threads) with strace.

use std::path::Path;
use std::process::Command;

use jobforge_testkit::http_script::{Reply, Server};

fn strace_available() -> bool {
    let found = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found && std::env::var_os("JOBFORGE_EXPECT_STRACE").is_some() {
        panic!(
            "strace is required here (JOBFORGE_EXPECT_STRACE is set); `cargo xtask test` installs it"
        );
    }
    found
}

mod support;

use support::{Env, stderr};

const PASSPHRASE: &str = "quiet network test phrase";

/// The sample data, and its first application's ID.
fn with_sample() -> (Env, String) {
    let env = Env::with_sample(PASSPHRASE);
    let list = env.json(&["app", "list"]);
    let app = list[0]["id"].as_str().expect("id").to_owned();
    (env, app)
}

/// Runs jobforge under strace; returns the network calls it made (not
/// local sockets: the keyring's D-Bus is a Unix socket).
fn traced(env: &Env, args: &[&str]) -> Vec<String> {
    let trace = env.path("trace.txt");
    let out = env
        .command("strace")
        .args(["-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_jobforge"))
        .args(args)
        .output()
        .expect("strace");
    assert!(out.status.success(), "{}", stderr(&out));
    network_calls(&trace)
}

fn network_calls(trace: &Path) -> Vec<String> {
    std::fs::read_to_string(trace)
        .expect("trace")
        .lines()
        .filter(|l| l.contains("AF_INET") || l.contains("sin_addr") || l.contains("sin6_addr"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_full_offline_run_makes_no_network_connection() {
    if !strace_available() {
        eprintln!(
            "a_full_offline_run_makes_no_network_connection: not run (strace missing; `cargo xtask test` installs it)"
        );
        return;
    }
    let (env, app) = with_sample();
    let calls = traced(&env, &["run", &app, "--quiet"]);
    assert_eq!(
        calls,
        Vec::<String>::new(),
        "an offline run must not touch the network"
    );
}

#[test]
fn a_provider_run_talks_only_to_that_provider() {
    if !strace_available() {
        eprintln!("a_provider_run_talks_only_to_that_provider: not run (strace missing)");
        return;
    }
    let (env, app) = with_sample();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let body = format!(
        "data: {}\n\ndata: [DONE]\n\n",
        serde_json::json!({"choices": [{"delta": {"content": "# Research\n\nThe posting asks for Rust.\n"}}]})
    );
    let server = runtime.block_on(Server::start(vec![Reply::sse(&body)]));
    let base = server.base_url();
    let port = base
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches("/v1")
        .to_owned();
    let calls = traced(
        &env,
        &[
            "run",
            &app,
            "--phase",
            "research",
            "--engine",
            "openai-compatible",
            "--base-url",
            &base,
            "--quiet",
        ],
    );
    assert!(!calls.is_empty(), "the provider run connected somewhere");
    for call in &calls {
        assert!(
            call.contains(&format!("htons({port})")) && call.contains("127.0.0.1"),
            "a connection to something other than the configured provider: {call}"
        );
    }
    assert_eq!(server.requests().len(), 1);
}
