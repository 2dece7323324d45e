//! `jobforge search`, `similar`, `match`, `index` and `embedder` as a person
//! uses them, over the sample data in a real encrypted database.

mod support;

use jobforge_testkit::http_script::{Reply, Server};
use support::{Env, stderr};

const PASSPHRASE: &str = "meaning and matching test";

#[test]
fn search_finds_by_meaning_and_narrows_by_kind_and_status() {
    let env = Env::with_sample(PASSPHRASE);
    // "k8s" appears nowhere; the built-in embedder knows it means Kubernetes.
    let hits = env.json(&["search", "k8s"]);
    let hits = hits.as_array().expect("hits");
    assert!(!hits.is_empty(), "found by meaning");
    assert!(hits.iter().all(|h| h["matched"] == "meaning"), "{hits:?}");
    let words_only = env.json(&["search", "k8s", "--words-only"]);
    assert_eq!(words_only.as_array().map(Vec::len), Some(0));

    let resumes = env.json(&["search", "kubernetes", "--kind", "resume"]);
    let resumes = resumes.as_array().expect("hits");
    assert!(!resumes.is_empty());
    assert!(resumes.iter().all(|h| h["target"]["type"] == "resume"));
    let applied = env.json(&["search", "kubernetes", "--status", "applied"]);
    assert_eq!(
        applied.as_array().map(Vec::len),
        Some(0),
        "nothing is applied yet"
    );

    let bad = env.run(&["search", "kubernetes", "--kind", "letters"]);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("application, resume, document"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn match_ranks_the_library_and_explains_one_resume() {
    let env = Env::with_sample(PASSPHRASE);
    let app = env.app_of("Northwind Freight");
    let ranked = env.json(&["match", &app]);
    let ranked = ranked.as_array().expect("ranked");
    assert_eq!(ranked.len(), 1);
    assert_eq!(ranked[0]["rank"], 1);
    let report = &ranked[0]["report"];
    assert_eq!(report["score_version"], "match-v1");
    assert!(report["score"].as_u64().is_some_and(|s| s <= 100));
    assert_eq!(report["components"].as_array().map(Vec::len), Some(4));

    let text = env.ok(&["match", &app, "--resume", "Backend (general)"]);
    assert!(text.starts_with("Backend (general): "), "{text}");
    for part in [
        "Must-haves",
        "Nice-to-haves",
        "Experience similarity",
        "Seniority and years",
    ] {
        assert!(text.contains(part), "{part} missing from:\n{text}");
    }
    assert!(text.contains("\nMet\n"), "{text}");
}

#[test]
fn similar_lists_other_applications_and_index_reports_its_state() {
    let env = Env::with_sample(PASSPHRASE);
    let app = env.app_of("Northwind Freight");
    let similar = env.json(&["similar", &app]);
    let similar = similar.as_array().expect("similar");
    assert_eq!(similar.len(), 2, "the two other sample applications");
    assert!(similar.iter().all(|s| s["id"] != app.as_str()));

    let status = env.json(&["index", "--status"]);
    assert_eq!(status[0]["embedder"], "builtin-hash-v1/384");
    assert_eq!(status[0]["state"], "active");
    assert_eq!(status[0]["pending"], 0);
    assert_eq!(status[0]["indexed"], 4);
    let nothing = env.ok(&["index", "--cancel"]);
    assert!(nothing.contains("No index is being built"), "{nothing}");
}

#[test]
fn an_embedder_that_cannot_load_is_refused_and_the_choice_kept() {
    let env = Env::with_sample(PASSPHRASE);
    let missing = env.path("no-model-here");
    let out = env.run(&[
        "embedder",
        "minilm",
        "--model-dir",
        missing.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(1), "a problem the person can fix");
    assert!(stderr(&out).contains("no-model-here"), "{}", stderr(&out));
    let current = env.json(&["embedder"]);
    assert_eq!(current["embedder"], "builtin");
}

#[test]
fn switching_to_minilm_reindexes_and_searches_with_it() {
    let dir = jobforge_testkit::models::minilm_dir();
    let env = Env::with_sample(PASSPHRASE);
    env.ok(&["search", "kubernetes"]); // builds the built-in index first
    let switched = env.ok(&[
        "embedder",
        "minilm",
        "--model-dir",
        dir.to_str().expect("utf-8 path"),
    ]);
    assert!(switched.contains("all-minilm-l6-v2-v1/384"), "{switched}");
    let status = env.json(&["index", "--status"]);
    let status = status.as_array().expect("indexes");
    assert_eq!(
        status.len(),
        1,
        "the built-in index was replaced: {status:?}"
    );
    assert_eq!(status[0]["embedder"], "all-minilm-l6-v2-v1/384");
    let hits = env.json(&["search", "container orchestration"]);
    assert!(
        hits.as_array().is_some_and(|h| !h.is_empty()),
        "MiniLM relates orchestration to Kubernetes"
    );
}

/// The three published model files, served from the local copy the tests
/// install, each as the body of one answer.
fn model_server(runtime: &tokio::runtime::Runtime) -> Server {
    let replies = jobforge_testkit::models::minilm_file_replies(&[
        "config.json",
        "vocab.txt",
        "model.safetensors",
    ]);
    runtime.block_on(Server::start(replies))
}

#[test]
fn the_model_is_downloaded_checked_and_used() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server = model_server(&runtime);
    let env = Env::with_sample(PASSPHRASE);
    let mirror = format!("http://{}/all-MiniLM-L6-v2/", server.addr);

    let out = env.run(&["embedder", "minilm", "--download", "--from", &mirror]);
    assert!(out.status.success(), "{}", stderr(&out));
    let progress = stderr(&out);
    assert!(
        progress.contains("Downloading all-MiniLM-L6-v2"),
        "{progress}"
    );
    assert!(progress.contains("of 91.1 MB"), "{progress}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("all-minilm-l6-v2-v1/384"), "{stdout}");
    // Into the data folder's models/, where the app looks by default.
    let installed = env.data.join("models").join("all-MiniLM-L6-v2");
    assert!(installed.join("model.safetensors").is_file());
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/all-MiniLM-L6-v2/config.json",
            "/all-MiniLM-L6-v2/vocab.txt",
            "/all-MiniLM-L6-v2/model.safetensors"
        ]
    );
    let hits = env.json(&["search", "container orchestration"]);
    assert!(
        hits.as_array().is_some_and(|h| !h.is_empty()),
        "searches with MiniLM"
    );
}

#[test]
fn a_download_that_fails_changes_nothing() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(Server::start(vec![Reply::json(404, &[], "{}")]));
    let env = Env::with_sample(PASSPHRASE);
    let mirror = format!("http://{}/nothing-here/", server.addr);

    let out = env.run(&["embedder", "minilm", "--download", "--from", &mirror]);

    assert!(!out.status.success());
    let message = stderr(&out);
    assert!(
        message.contains("answered 404") && message.contains("check the address"),
        "{message}"
    );
    let chosen = env.json(&["embedder"]);
    assert_eq!(chosen["embedder"], "builtin", "the choice stays");
}
