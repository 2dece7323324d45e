//! `jobforge import` and `jobforge export` through the real binary: real
//! PDF, DOCX and JSON Resume files in; Markdown, HTML, PDF, DOCX and JSON
//! Resume out, with the self-check and the truth gate.

use std::path::PathBuf;

use jobforge_testkit::http_script::{Reply, Server};
use serde_json::Value;

const PASSPHRASE: &str = "copper lantern seventy meadow";

fn fixture(name: &str) -> PathBuf {
    jobforge_testkit::package_dir!()
        .join("../../tests/fixtures/corpus")
        .join(name)
}

mod support;

use support::{Env, arg, stderr};

fn resume_count(env: &Env) -> usize {
    env.json(&["resume", "list"]).as_array().map_or(0, Vec::len)
}

#[test]
fn a_docx_resume_is_imported_with_its_report_and_kept_whole() {
    let env = Env::initialised(PASSPHRASE);
    let docx = fixture("resume-jsonresume-sample.docx");
    let imported = env.json(&["import", "resume", arg(&docx), "--primary"]);
    assert_eq!(imported["report"]["format"], "docx");
    let found: Vec<&str> = imported["report"]["found"]
        .as_array()
        .expect("found")
        .iter()
        .filter_map(|f| f["section"].as_str())
        .collect();
    for section in ["contact", "experience", "education", "skills"] {
        assert!(found.contains(&section), "{section} missing from {found:?}");
    }
    assert_eq!(imported["data"]["basics"]["name"], "Richard Hendriks");
    let id = imported["resume"]["id"].as_str().expect("id");
    let shown = env.ok(&["resume", "show", id]);
    assert!(shown.contains("Pied Piper"), "{shown}");
}

#[test]
fn a_pdf_resume_is_read_into_sections() {
    let env = Env::initialised(PASSPHRASE);
    let pdf = fixture("resume-john-doe.pdf");
    let out = env.ok(&["import", "resume", arg(&pdf)]);
    assert!(out.contains("Read a pdf file, 2 page(s)"), "{out}");
    assert!(out.contains("experience"), "{out}");
    assert_eq!(resume_count(&env), 1);
}

#[test]
fn a_dry_run_saves_nothing() {
    let env = Env::initialised(PASSPHRASE);
    let out = env.ok(&[
        "import",
        "resume",
        arg(&fixture("jsonresume-sample.json")),
        "--dry-run",
    ]);
    assert!(out.contains("## Experience"), "{out}");
    assert!(out.contains("nothing was saved"));
    assert_eq!(resume_count(&env), 0);
}

#[test]
fn broken_and_unreadable_files_are_refused_and_nothing_is_saved() {
    let env = Env::initialised(PASSPHRASE);
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "broken.docx",
            b"PK\x03\x04 this is not really a zip archive",
            "DOCX",
        ),
        (
            "old.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old word",
            ".doc",
        ),
        ("scan.pdf", b"%PDF-1.4\n% nothing else\n", "PDF"),
        ("empty.txt", b"   \n", "empty"),
    ];
    for (name, bytes, says) in cases {
        let file = env.path(name);
        std::fs::write(&file, bytes).expect("write");
        let out = env.run(&["import", "resume", arg(&file)]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(says),
            "{name}: the message should name the problem: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"));
    }
    assert_eq!(resume_count(&env), 0, "nothing half-imported");
}

#[test]
fn a_json_resume_goes_in_and_comes_back_out_valid() {
    let env = Env::initialised(PASSPHRASE);
    let imported = env.json(&["import", "resume", arg(&fixture("jsonresume-sample.json"))]);
    let id = imported["resume"]["id"].as_str().expect("id").to_owned();
    let out = env.path("back.json");
    env.ok(&[
        "resume",
        "export",
        &id,
        "--format",
        "json",
        "--out",
        arg(&out),
    ]);
    let back: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("written")).expect("JSON");
    assert_eq!(back["basics"]["name"], "Richard Hendriks");
    assert_eq!(back["work"][0]["name"], "Pied Piper");
    assert!(
        back["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("resume-schema"))
    );
}

#[test]
fn a_posting_file_becomes_an_application() {
    let env = Env::initialised(PASSPHRASE);
    let posting = env.path("posting.txt");
    std::fs::write(
        &posting,
        "Senior Rust Engineer\n\nWe are Quillmark, building document tools.\n\nRequirements:\n- 5+ years of Rust\n- PostgreSQL\n",
    )
    .expect("write");
    let missing = env.run(&["import", "job", arg(&posting)]);
    if !missing.status.success() {
        assert!(
            stderr(&missing).contains("--company"),
            "{}",
            stderr(&missing)
        );
    }
    let created = env.json(&[
        "import",
        "job",
        arg(&posting),
        "--company",
        "Quillmark",
        "--role",
        "Senior Rust Engineer",
    ]);
    assert_eq!(created["application"]["company"], "Quillmark");
    assert!(
        created["application"]["job_description"]
            .as_str()
            .is_some_and(|d| d.contains("5+ years of Rust"))
    );
}

#[test]
fn a_web_page_with_job_posting_data_fills_the_application() {
    let env = Env::initialised(PASSPHRASE);
    let page = r#"<!doctype html><html><head><title>Jobs</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting",
"title":"Platform Engineer","hiringOrganization":{"@type":"Organization","name":"Tidewater Freight"},
"jobLocation":{"@type":"Place","address":{"@type":"PostalAddress","addressLocality":"Portland","addressRegion":"OR","addressCountry":"US"}},
"description":"<p>Run our <b>Kubernetes</b> platform.</p><ul><li>Terraform</li><li>Go</li></ul>",
"datePosted":"2026-11-01","validThrough":"2026-12-15T23:59","employmentType":"FULL_TIME"}</script>
</head><body><nav>Home | Jobs</nav><main><h1>Platform Engineer</h1><p>Run our Kubernetes platform.</p></main></body></html>"#;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(Server::start(vec![
        Reply::head(200, &[("Content-Type", "text/html; charset=utf-8")]).write(page),
    ]));
    let url = format!("http://{}/jobs/42", server.addr);
    let created = env.json(&["import", "job", &url]);
    let app = &created["application"];
    assert_eq!(app["company"], "Tidewater Freight");
    assert_eq!(app["role_title"], "Platform Engineer");
    assert_eq!(app["deadline"], "2026-12-15");
    assert_eq!(app["job_url"], url);
    let description = app["job_description"].as_str().expect("description");
    assert!(description.contains("Kubernetes") && description.contains("Terraform"));
    assert!(
        !description.contains("Home | Jobs"),
        "navigation is not the posting"
    );
}

#[test]
fn documents_export_to_every_format_and_pdf_and_docx_are_read_back() {
    let env = Env::initialised(PASSPHRASE);
    env.ok(&["sample"]);
    let apps = env.json(&["app", "list"]);
    let id = apps[0]["id"].as_str().expect("id").to_owned();
    env.ok(&["run", &id, "--quiet"]);
    for format in ["md", "html", "pdf", "docx"] {
        let out = env.path(&format!("resume.{format}"));
        let result = env.run(&[
            "export",
            &id,
            "optimized_resume",
            "--format",
            format,
            "--out",
            arg(&out),
        ]);
        assert!(result.status.success(), "{format}: {}", stderr(&result));
        let bytes = std::fs::read(&out).expect("written");
        match format {
            "pdf" => assert!(bytes.starts_with(b"%PDF-")),
            "docx" => assert!(bytes.starts_with(b"PK\x03\x04")),
            "html" => assert!(String::from_utf8_lossy(&bytes).contains("<h1>Ada Park</h1>")),
            _ => assert!(String::from_utf8_lossy(&bytes).starts_with("# Ada Park")),
        }
        if matches!(format, "pdf" | "docx") {
            assert!(
                stderr(&result).contains("Checked: all"),
                "{format}: the self-check should find every word: {}",
                stderr(&result)
            );
        }
    }
    // An existing file is not replaced unless asked.
    let again = env.run(&[
        "export",
        &id,
        "cover_letter",
        "--format",
        "md",
        "--out",
        arg(&env.path("resume.md")),
    ]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("--force"));
}

#[test]
fn a_document_with_open_truth_flags_does_not_leave_the_app() {
    let env = Env::initialised(PASSPHRASE);
    env.ok(&["sample"]);
    let apps = env.json(&["app", "list"]);
    let id = apps[0]["id"].as_str().expect("id").to_owned();
    let letter = env.path("letter.md");
    std::fs::write(
        &letter,
        "Dear team,\n\nAt Parcelwise I led the rewrite to Rust. I also ran the data team at Initech for five years.\n\nBest,\nAda Park\n",
    )
    .expect("write");
    env.ok(&["doc", "save", &id, "cover_letter", arg(&letter)]);
    let out_file = env.path("letter.pdf");
    let refused = env.run(&[
        "export",
        &id,
        "cover_letter",
        "--format",
        "pdf",
        "--out",
        arg(&out_file),
    ]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("unresolved truth-gate flag"),
        "{}",
        stderr(&refused)
    );
    assert!(!out_file.exists(), "nothing written");
    env.ok(&["doc", "flags", &id, "cover_letter", "--accept-all"]);
    env.ok(&[
        "export",
        &id,
        "cover_letter",
        "--format",
        "pdf",
        "--out",
        arg(&out_file),
    ]);
    assert!(out_file.exists());
}
