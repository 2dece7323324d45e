//! The `jobforge` binary as a person or a script uses it.

use std::path::{Path, PathBuf};
use std::process::Output;

const PASSPHRASE: &str = "orange kettle window seventeen";
const DESCRIPTION: &str = "Join Quillmark to build our document pipeline in Rust; you will own parsing, storage and search.";

mod support;

use support::{Env, stderr};

trait Applications {
    fn add_app(&self, company: &str) -> String;
}

impl Applications for Env {
    fn add_app(&self, company: &str) -> String {
        let app = self.json(&[
            "app",
            "add",
            "--company",
            company,
            "--role",
            "Rust Engineer",
            "--description",
            DESCRIPTION,
            "--url",
            "https://quillmark.example/jobs/7",
            "--priority",
            "high",
            "--deadline",
            "2026-12-31",
        ]);
        app["id"].as_str().expect("id").to_owned()
    }
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

#[test]
fn application_lifecycle_through_the_cli() {
    let env = Env::initialised(PASSPHRASE);
    let id = env.add_app("Quillmark");
    let listed = env.json(&["app", "list"]);
    assert_eq!(listed.as_array().expect("array").len(), 1);
    assert_eq!(listed[0]["company"], "Quillmark");
    assert_eq!(listed[0]["status"], "draft");
    assert_eq!(listed[0]["priority"], "high");
    assert_eq!(listed[0]["deadline"], "2026-12-31");

    let prefix = &id[..13];
    let changed = env.json(&["app", "status", prefix, "interview"]);
    assert_eq!(changed["status"], "interview");
    let shown = env.json(&["app", "show", prefix]);
    let history: Vec<&str> = shown["status_history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|c| c["to"].as_str().expect("to"))
        .collect();
    assert_eq!(history, vec!["draft", "interview"]);

    let text = env.ok(&["app", "list", "--status", "interview"]);
    assert!(
        text.contains("Quillmark") && text.contains("interview"),
        "{text}"
    );
    assert!(
        env.ok(&["app", "list", "--status", "offer"])
            .contains("No applications with status offer")
    );

    let hits = env.json(&["search", "parsing"]);
    assert_eq!(hits[0]["target"]["type"], "application");
    assert_eq!(hits[0]["target"]["id"], id.as_str());

    env.ok(&["app", "delete", prefix]);
    assert_eq!(
        env.json(&["app", "list"]).as_array().expect("array").len(),
        0
    );
    let out = env.run(&["app", "show", &id]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("no application matches"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn user_mistakes_exit_1_with_a_message_that_names_the_problem() {
    let env = Env::initialised(PASSPHRASE);
    let out = env.run(&[
        "app",
        "add",
        "--company",
        "",
        "--role",
        "R",
        "--description",
        "short",
    ]);
    assert_eq!(code(&out), 1);
    let message = stderr(&out);
    assert!(message.contains("company: must not be empty"), "{message}");
    assert!(
        message.contains("job description: is 5 characters long; at least 50"),
        "{message}"
    );

    let out = env.run(&["app", "status", "0000", "hired"]);
    assert_eq!(
        code(&out),
        1,
        "a bad value on the command line is a user error"
    );
    assert!(
        stderr(&out).contains("`hired` is not a valid status"),
        "{}",
        stderr(&out)
    );

    let out = env.run(&[
        "app",
        "add",
        "--company",
        "C",
        "--role",
        "R",
        "--description",
        DESCRIPTION,
        "--url",
        "ftp://x",
    ]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("job URL: must start with http:// or https://"));

    let out = env.run(&["--json", "app", "show", "ffff"]);
    assert_eq!(code(&out), 1);
    let error: serde_json::Value = serde_json::from_str(stderr(&out).trim()).expect("JSON error");
    assert_eq!(error["error"]["kind"], "user");
    assert!(
        error["error"]["message"]
            .as_str()
            .expect("message")
            .contains("ffff")
    );

    let out = env.run(&["frobnicate"]);
    assert_eq!(code(&out), 1);
}

#[test]
fn unlocking_problems_are_told_apart() {
    let env = Env::new(PASSPHRASE);
    let out = env.run(&["app", "list"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("run `jobforge init`"),
        "{}",
        stderr(&out)
    );

    env.ok(&["init"]);
    let out = env.run(&["init"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("already exists"));

    let out = env.run_with(&["app", "list"], "orange kettle window eighteen");
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("the passphrase is wrong"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("eighteen"),
        "the passphrase never appears in messages"
    );
}

#[test]
fn text_inputs_refuse_binary_non_utf8_and_huge_files() {
    let env = Env::initialised(PASSPHRASE);
    let dir = env.data.parent().expect("parent").to_owned();
    let write = |name: &str, bytes: &[u8]| -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write fixture");
        path
    };
    let cases: [(PathBuf, &str); 3] = [
        (
            write("posting.pdf", b"%PDF-1.7\n%binary"),
            "not a text file",
        ),
        (
            write(
                "posting.txt",
                b"caf\xe9 and more text that is long enough for a job description",
            ),
            "not UTF-8",
        ),
        (
            write("huge.txt", &vec![b'a'; 9 * 1024 * 1024]),
            "larger than",
        ),
    ];
    for (path, expected) in cases {
        let out = env.run(&[
            "app",
            "add",
            "--company",
            "C",
            "--role",
            "R",
            "--description-file",
            path.to_str().expect("utf-8 path"),
        ]);
        assert_eq!(code(&out), 1, "{}", path.display());
        assert!(
            stderr(&out).contains(expected),
            "{}: {}",
            path.display(),
            stderr(&out)
        );
    }
    assert_eq!(
        env.json(&["app", "list"]).as_array().expect("array").len(),
        0,
        "nothing half-added"
    );

    let good = write("posting.md", format!("\u{feff}{DESCRIPTION}").as_bytes());
    let app = env.json(&[
        "app",
        "add",
        "--company",
        "C",
        "--role",
        "R",
        "--description-file",
        good.to_str().expect("path"),
    ]);
    assert_eq!(
        app["job_description"], DESCRIPTION,
        "a byte-order mark is dropped"
    );
}

#[test]
fn resumes_and_documents_through_the_cli() {
    let env = Env::initialised(PASSPHRASE);
    let resume_file = env.data.parent().expect("parent").join("resume.md");
    std::fs::write(
        &resume_file,
        "# Sam Rivera\n\n## Experience\n\nQuillmark — Engineer (2020–2024). Built a Rust search index over 2 million documents.\n",
    )
    .expect("write resume");
    let resume = env.json(&[
        "resume",
        "add",
        resume_file.to_str().expect("path"),
        "--name",
        "Main",
        "--focus",
        "software",
    ]);
    assert_eq!(resume["is_primary"], true);
    assert_eq!(resume["focus_area"], "software_development");
    let text = env.ok(&["resume", "list"]);
    assert!(text.contains("Main") && text.contains('*'), "{text}");

    let id = env.add_app("Quillmark");
    let out = env.run(&["doc", "show", &id, "cover-letter"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("no cover letter yet"),
        "{}",
        stderr(&out)
    );

    let letter = env.data.parent().expect("parent").join("letter.md");
    std::fs::write(&letter, "Dear Quillmark team, first draft.").expect("write");
    env.ok(&[
        "doc",
        "save",
        &id,
        "cover_letter",
        letter.to_str().expect("path"),
    ]);
    std::fs::write(&letter, "Dear Quillmark team, second draft.").expect("write");
    env.ok(&[
        "doc",
        "save",
        &id,
        "cover_letter",
        letter.to_str().expect("path"),
    ]);
    assert_eq!(
        env.ok(&["doc", "show", &id, "cover-letter"]).trim(),
        "Dear Quillmark team, second draft."
    );
    assert_eq!(
        env.ok(&["doc", "show", &id, "letter", "--version", "1"])
            .trim(),
        "Dear Quillmark team, first draft."
    );
    env.ok(&["doc", "restore", &id, "cover_letter", "1"]);
    let shown = env.json(&["doc", "show", &id, "cover_letter"]);
    assert_eq!(shown["version"]["number"], 3);
    assert_eq!(shown["version"]["origin"], "restored");
    assert_eq!(
        env.json(&["doc", "versions", &id, "cover_letter"])
            .as_array()
            .expect("array")
            .len(),
        3
    );
}

#[test]
fn sample_data_loads_and_is_searchable() {
    let env = Env::initialised(PASSPHRASE);
    env.ok(&["sample"]);
    let apps = env.json(&["app", "list"]);
    assert_eq!(apps.as_array().expect("array").len(), 3);
    let hits = env.json(&["search", "kubernetes"]);
    assert!(hits.as_array().expect("array").len() >= 2, "{hits}");
    let out = env.run(&["sample"]);
    assert_eq!(code(&out), 1, "samples only go into an empty workspace");
}

fn all_log_text(dir: &Path) -> String {
    let mut text = String::new();
    if let Ok(entries) = std::fs::read_dir(dir.join("logs")) {
        for entry in entries.flatten() {
            text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    text
}

#[test]
fn logs_go_to_a_file_and_hold_no_secrets_or_document_text() {
    let env = Env::initialised(PASSPHRASE);
    env.add_app("Quillmark");
    env.ok(&["-vv", "app", "list"]);
    let logs = all_log_text(&env.data);
    assert!(
        logs.contains("created encrypted database"),
        "the log file is written: {logs}"
    );
    assert!(!logs.contains("kettle"), "no passphrase in logs");
    assert!(
        !logs.contains("document pipeline"),
        "no job description text in logs"
    );
    let out = env.run(&["-vv", "app", "list"]);
    let err = stderr(&out);
    assert!(
        !err.contains("kettle") && !err.contains("document pipeline"),
        "{err}"
    );
}
