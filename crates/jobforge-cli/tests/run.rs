//! `jobforge run`, `runs`, `doc flags` and `key` as a person uses them.
//! Provider runs talk to a scripted server on 127.0.0.1.

use std::io::Write;
use std::path::PathBuf;
use std::process::Stdio;

use jobforge_testkit::http_script::{Reply, Server};

mod support;

use support::{Env, stderr};

const PASSPHRASE: &str = "violet harbour engine lamp";

/// An initialised database with the sample data, and the Northwind
/// application's ID.
fn with_sample() -> (Env, String) {
    let env = Env::with_sample(PASSPHRASE);
    let id = env.app_of("Northwind Freight");
    (env, id)
}

#[test]
fn an_offline_run_streams_all_three_documents_and_records_them() {
    let (env, id) = with_sample();
    let out = env.run(&["run", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    let streamed = String::from_utf8(out.stdout.clone()).expect("utf-8");
    assert!(
        streamed.contains("# Research: Staff Backend Engineer at Northwind Freight"),
        "{streamed}"
    );
    assert!(streamed.contains("Parcelwise"));
    assert!(
        streamed.contains("Best regards,")
            || streamed.contains("Cheers,")
            || streamed.contains("Thanks,")
    );
    let progress = stderr(&out);
    assert!(progress.contains("== Research — offline"), "{progress}");
    assert!(
        progress.contains("saved cover letter (no flags"),
        "{progress}"
    );

    let runs = env.json(&["runs", &id]);
    let outcomes: Vec<&str> = runs
        .as_array()
        .expect("runs")
        .iter()
        .map(|r| r["outcome"].as_str().expect("outcome"))
        .collect();
    assert_eq!(outcomes, ["succeeded", "succeeded", "succeeded"]);
    let letter = env.json(&["doc", "show", &id, "cover-letter"]);
    assert_eq!(letter["version"]["origin"], "generated");
    assert_eq!(letter["flags"], serde_json::json!([]));
    assert!(
        env.ok(&["doc", "flags", &id, "resume"])
            .contains("No flags")
    );

    // One phase again: a new version, the old one kept.
    env.ok(&["run", &id, "--phase", "resume", "--quiet"]);
    let versions = env.json(&["doc", "versions", &id, "resume"]);
    assert_eq!(versions.as_array().expect("versions").len(), 2);
}

#[test]
fn a_provider_run_flags_inventions_and_the_user_can_accept_a_true_one() {
    let (env, id) = with_sample();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let letter = "Dear Northwind Freight team,\n\nAt Parcelwise I mentored four engineers. I also led the data team at Initech.\n\nBest regards,\nAda Park\n";
    let body = format!(
        "data: {}\n\ndata: {}\n\ndata: [DONE]\n\n",
        serde_json::json!({"model": "local-model", "choices": [{"delta": {"content": &letter[..40]}}]}),
        serde_json::json!({"model": "local-model", "choices": [{"delta": {"content": &letter[40..]}}]})
    );
    let server = runtime.block_on(Server::start(vec![Reply::sse(&body)]));
    let out = env.run(&[
        "run",
        &id,
        "--phase",
        "cover-letter",
        "--engine",
        "openai-compatible",
        "--base-url",
        &server.base_url(),
        "--model",
        "local-model",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Initech"));
    assert!(stderr(&out).contains("1 claim flagged"), "{}", stderr(&out));

    let shown = env.run(&["doc", "show", &id, "cover-letter"]);
    assert!(
        stderr(&shown).contains("employer “Initech”"),
        "{}",
        stderr(&shown)
    );
    let flags = env.json(&["doc", "flags", &id, "cover-letter"]);
    assert_eq!(flags.as_array().expect("flags").len(), 1);
    assert!(flags[0]["accepted_at"].is_null());
    let accepted = env.json(&["doc", "flags", &id, "cover-letter", "--accept", "1"]);
    assert!(accepted[0]["accepted_at"].is_string());
    let runs = env.json(&["runs", &id]);
    assert_eq!(runs[0]["engine"], "openai_compatible");
    assert_eq!(runs[0]["model"], "local-model");
}

#[test]
fn provider_problems_fail_with_a_message_that_says_what_to_do() {
    let (env, id) = with_sample();
    // Nothing listens on this port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let url = format!("http://127.0.0.1:{port}/v1");
    let out = env.run(&[
        "run",
        &id,
        "--phase",
        "research",
        "--engine",
        "openai-compatible",
        "--base-url",
        &url,
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a server that is down is not the user's input: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("could not reach"), "{}", stderr(&out));
    let runs = env.json(&["runs", &id]);
    assert_eq!(runs[0]["outcome"], "failed");

    let out = env.run(&[
        "run",
        &id,
        "--engine",
        "openai-compatible",
        "--base-url",
        "ftp://example.com",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("base URL: must start with http:// or https://"),
        "{}",
        stderr(&out)
    );

    // OpenAI needs a key; without one (or without a keyring) nothing is sent.
    let out = env.run(&["run", &id, "--engine", "openai"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let message = stderr(&out);
    assert!(
        message.contains("jobforge key set openai") || message.contains("keyring"),
        "{message}"
    );
}

#[test]
fn api_keys_go_to_the_keyring_and_nowhere_else() {
    if std::env::var_os("JOBFORGE_EXPECT_KEYRING").is_none() {
        eprintln!(
            "api_keys_go_to_the_keyring_and_nowhere_else: not run (no keyring session; `cargo xtask test` provides one)"
        );
        return;
    }
    let (env, id) = with_sample();
    let secret = "sk-test-4f9c2b7e1d0a5c3b8e6f";
    let mut child = env
        .jobforge(&["key", "set", "openai"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(secret.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", stderr(&out));
    let status = env.json(&["key", "status"]);
    assert_eq!(status["openai"], true);
    assert_eq!(status["anthropic"], false);

    // The key reaches the provider, and only as the Authorization header.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(Server::start(vec![Reply::json(
        401,
        &[],
        &format!("{{\"error\":{{\"message\":\"Incorrect API key provided: {secret}\"}}}}"),
    )]));
    let out = env.run(&[
        "run",
        &id,
        "--phase",
        "research",
        "--engine",
        "openai",
        "--base-url",
        &server.base_url(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("refused the API key"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains(secret));
    let request = &server.requests()[0];
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {secret}").as_str())
    );

    // Nowhere on disk: not in the database, the key info, or the logs.
    for entry in walk(&env.data) {
        let bytes = std::fs::read(&entry).expect("read");
        let needle = secret.as_bytes();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "the key leaked into {}",
            entry.display()
        );
    }
    env.ok(&["key", "delete", "openai"]);
    assert_eq!(env.json(&["key", "status"])["openai"], false);
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn saved_ai_settings_choose_the_engine_and_are_checked() {
    let (env, id) = with_sample();
    let out = env.run(&[
        "ai",
        "set",
        "--engine",
        "openai-compatible",
        "--temperature",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("temperature: must be between 0 and 2"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&["ai", "set", "--model", "x"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the offline engine has no model"
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let body = format!(
        "data: {}\n\ndata: [DONE]\n\n",
        serde_json::json!({"choices": [{"delta": {"content": "# Research\n\nThe posting asks for Rust and Kafka.\n"}}]})
    );
    let server = runtime.block_on(Server::start(vec![Reply::sse(&body)]));
    let settings = env.json(&[
        "ai",
        "set",
        "--engine",
        "openai-compatible",
        "--base-url",
        &server.base_url(),
        "--model",
        "qwen2.5",
        "--max-tokens",
        "900",
    ]);
    assert_eq!(settings["engine"], "openai_compatible");
    assert_eq!(settings["openai_compatible"]["model"], "qwen2.5");
    assert!(env.ok(&["ai", "show"]).contains("qwen2.5"));

    env.ok(&["run", &id, "--phase", "research", "--quiet"]);
    let request = &server.requests()[0];
    assert_eq!(request.json()["model"], "qwen2.5");
    assert_eq!(request.json()["max_tokens"], 900);
    let runs = env.json(&["runs", &id]);
    assert_eq!(runs[0]["engine"], "openai_compatible");
}
