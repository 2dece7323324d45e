//! The desktop app in a real window, driven over WebDriver (tauri-driver in
//! front of WebKitWebDriver, under a private Xvfb display): create an
//! application, run the offline pipeline, see three documents, edit and
//! save one, restore an older version, change the status, quit, restart,
//! and find everything as it was. Screenshots of the main screens are saved
//! in `$CARGO_TARGET_DIR/e2e-artifacts/`.
//!
//! Needs the desktop binary built with `--features custom-protocol` (the
//! test command builds it) and `tauri-driver`; without them the test says it
//! did not run, unless `JOBFORGE_EXPECT_E2E` is set, which makes them
//! required.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use jobforge_testkit::webdriver::{Element, WebDriver};
use serde_json::json;

const PASSPHRASE: &str = "lantern orchard seventeen quietly";
const WAIT: Duration = Duration::from_secs(30);
const DESCRIPTION: &str = "Tidewater Freight is hiring a Senior Backend Engineer to build routing services in Rust on Kubernetes with PostgreSQL and Kafka. Requirements: 5+ years of backend experience, strong Rust or Go.";
const RESUME: &str = "# Ada Park\n\nada.park@example.com · Portland, OR\n\n## Summary\n\nBackend engineer building logistics services in Rust and Go.\n\n## Experience\n\n### Senior Software Engineer — Parcelwise (2021–present), Portland, OR\n\n- Led the rewrite of the tracking service from Python to Rust, cutting p99 latency from 480 ms to 35 ms.\n- Designed an event pipeline on Kafka and PostgreSQL.\n\n## Skills\n\nRust, Go, PostgreSQL, Kafka, Kubernetes\n";

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| jobforge_testkit::package_dir!().join("../target"))
}

fn tool(name: &str) -> Option<PathBuf> {
    let from_home =
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin").join(name));
    from_home.filter(|p| p.exists()).or_else(|| {
        let found = Command::new("which").arg(name).output().ok()?;
        let path = String::from_utf8(found.stdout).ok()?.trim().to_owned();
        (!path.is_empty()).then(|| PathBuf::from(path))
    })
}

struct Display {
    child: Child,
    name: String,
}

impl Display {
    fn start() -> Self {
        // -displayfd: Xvfb picks a free display and tells us its number.
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x900x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let stdout = child.stdout.take().expect("Xvfb stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("display number");
        Self {
            child,
            name: format!(":{}", line.trim()),
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(tauri_driver: &Path, display: &Display, data_dir: &Path) -> Self {
        let port = free_port();
        let native_port = free_port();
        let child = Command::new(tauri_driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .env("DISPLAY", &display.name)
            .env("JOBFORGE_DATA_DIR", data_dir)
            .env("JOBFORGE_KEY_STORE", "passphrase")
            .env_remove("JOBFORGE_PASSPHRASE")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tauri-driver");
        Self { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // SIGTERM, not SIGKILL: tauri-driver then stops WebKitWebDriver too.
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn session(driver: &Driver, app: &Path) -> WebDriver {
    WebDriver::connect(
        driver.port,
        json!({ "browserName": "wry", "tauri:options": { "application": app } }),
        WAIT,
    )
    .expect("WebDriver session")
}

struct Shots(PathBuf);

impl Shots {
    fn take(&self, browser: &WebDriver, name: &str) {
        let path = self.0.join(format!("{name}.png"));
        if let Err(e) = browser.screenshot(&path) {
            eprintln!("screenshot {name}: {e}");
        }
    }
}

fn fill(browser: &WebDriver, css: &str, text: &str) {
    let field = browser.wait_for(css, WAIT).expect(css);
    browser.clear(&field).expect("clear");
    browser.type_text(&field, text).expect("type");
}

/// Sets a textarea's or input's value the way a paste would (typing long
/// text key by key is slow under WebDriver), then tells the UI.
fn paste(browser: &WebDriver, css: &str, text: &str) {
    browser.wait_for(css, WAIT).expect(css);
    browser
        .execute(
            "const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(css), json!(text)],
        )
        .expect("paste");
}

fn click(browser: &WebDriver, css: &str) {
    let element = browser.wait_for(css, WAIT).expect(css);
    browser.click(&element).expect("click");
}

fn text_of(browser: &WebDriver, css: &str) -> String {
    let element: Element = browser.wait_for(css, WAIT).expect(css);
    browser.text(&element).unwrap_or_default()
}

fn select(browser: &WebDriver, css: &str, value: &str) {
    browser.wait_for(css, WAIT).expect(css);
    browser
        .execute(
            "const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(css), json!(value)],
        )
        .expect("select");
}

fn value_of(browser: &WebDriver, css: &str) -> String {
    browser.wait_for(css, WAIT).expect(css);
    browser
        .execute(
            "return document.querySelector(arguments[0]).value;",
            vec![json!(css)],
        )
        .expect("value")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A job board's page for the posting, with its schema.org data.
fn posting_page() -> String {
    let data = json!({
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Senior Backend Engineer",
        "hiringOrganization": {"@type": "Organization", "name": "Tidewater Freight"},
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress",
            "addressLocality": "Portland", "addressRegion": "OR", "addressCountry": "US"}},
        "description": format!("<p>{DESCRIPTION}</p>"),
        "datePosted": "2026-11-01",
        "employmentType": "FULL_TIME",
    });
    format!(
        "<!doctype html><html><head><title>Jobs</title><script type=\"application/ld+json\">{data}</script></head><body><nav>Home</nav><main><h1>Senior Backend Engineer</h1><p>{DESCRIPTION}</p></main></body></html>"
    )
}

/// Serves `html` to every request on 127.0.0.1 until the test ends.
fn serve_forever(html: &str) -> std::net::SocketAddr {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{html}",
        html.len()
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(response.as_bytes());
        }
    });
    addr
}

fn unlock(browser: &WebDriver, confirm: bool) {
    fill(browser, "#passphrase", PASSPHRASE);
    if confirm {
        fill(browser, "#passphrase-confirm", PASSPHRASE);
    }
    click(browser, "#unlock-button");
}

#[test]
fn the_whole_workflow_in_a_real_window_survives_a_restart() {
    let required = std::env::var_os("JOBFORGE_EXPECT_E2E").is_some();
    let app = std::env::var_os("JOBFORGE_DESKTOP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/jobforge-desktop"));
    let (Some(tauri_driver), true, true) = (
        tool("tauri-driver"),
        app.exists(),
        Path::new("/usr/bin/WebKitWebDriver").exists() && tool("Xvfb").is_some(),
    ) else {
        assert!(
            !required,
            "JOBFORGE_EXPECT_E2E is set but the desktop binary ({}), tauri-driver, WebKitWebDriver or Xvfb is missing",
            app.display()
        );
        eprintln!(
            "the_whole_workflow_in_a_real_window_survives_a_restart: not run (needs the desktop binary, tauri-driver, WebKitWebDriver and Xvfb; `cargo xtask test` provides them)"
        );
        return;
    };
    let data = tempfile::tempdir().expect("data dir");
    let shots = Shots(target_dir().join("e2e-artifacts"));
    let display = Display::start();
    let driver = Driver::start(&tauri_driver, &display, data.path());

    // First start: choose a passphrase, add a resume, create an application.
    let browser = session(&driver, &app);
    browser
        .wait_for("#passphrase-confirm", WAIT)
        .expect("new-workspace unlock screen");
    shots.take(&browser, "01-unlock-new");
    unlock(&browser, true);
    click(&browser, "#onboard-resume");
    fill(&browser, "#resume-name", "Backend");
    paste(&browser, "#resume-content", RESUME);
    click(&browser, "#save-resume");
    click(&browser, "#new-application");
    shots.take(&browser, "02-new-application");
    // The posting comes from its web page: the page's JobPosting data
    // fills the form.
    let page = serve_forever(&posting_page());
    fill(&browser, "#capture-url", &format!("http://{page}/jobs/42"));
    click(&browser, "#fetch-posting");
    browser
        .wait_for("#capture-summary", WAIT)
        .expect("capture summary");
    assert_eq!(value_of(&browser, "#new-company"), "Tidewater Freight");
    assert_eq!(value_of(&browser, "#new-role"), "Senior Backend Engineer");
    assert!(
        value_of(&browser, "#new-description").contains("routing services in Rust"),
        "the description comes from the page"
    );
    shots.take(&browser, "02b-captured-posting");
    click(&browser, "#create-application");
    let title = text_of(&browser, "#app-title");
    assert!(title.contains("Tidewater Freight"), "{title}");

    // Run the offline pipeline; three documents appear.
    click(&browser, "#run-all");
    browser
        .wait_until("three phases done", Duration::from_secs(60), |b| {
            Ok(b.find_all(".phase[data-done='true']")?.len() == 3)
        })
        .expect("pipeline finished");
    for tab in [
        "#tab-research_report",
        "#tab-optimized_resume",
        "#tab-cover_letter",
    ] {
        browser.wait_for(tab, WAIT).expect(tab);
    }
    shots.take(&browser, "03-application-after-run");

    // The fit of the library against the posting, beside the research.
    let score = text_of(&browser, "#fit-score");
    let score: u32 = score
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("a score: {score}"));
    assert!(score <= 100, "{score}");
    assert!(
        !browser
            .find_all("#fit .fit-components dd")
            .expect("components")
            .is_empty(),
        "every component is explained"
    );
    browser
        .execute(
            "document.getElementById('fit').scrollIntoView()",
            Vec::new(),
        )
        .ok();
    shots.take(&browser, "03b-fit");

    // Edit the cover letter and save: version 2.
    click(&browser, "#tab-cover_letter");
    let editor = browser.wait_for("textarea#editor", WAIT).expect("editor");
    let original = browser.property(&editor, "value").expect("value");
    let original = original.as_str().unwrap_or_default().to_owned();
    assert!(original.contains("Tidewater Freight"), "{original}");
    paste(
        &browser,
        "textarea#editor",
        &format!("{original}\nP.S. I can start in January.\n"),
    );
    click(&browser, "#save-document");
    browser
        .wait_until("two versions", WAIT, |b| {
            Ok(b.find_all("#versions li.version")?.len() == 2)
        })
        .expect("saved as version 2");
    let preview = text_of(&browser, "#preview");
    assert!(preview.contains("I can start in January"), "{preview}");
    shots.take(&browser, "04-document-editor");

    // Restore version 1: version 3 equals the original.
    click(
        &browser,
        "#versions li.version[data-number='1'] button.restore",
    );
    browser
        .wait_until("three versions", WAIT, |b| {
            Ok(b.find_all("#versions li.version")?.len() == 3)
        })
        .expect("restored");
    let restored = browser
        .property(&browser.find("textarea#editor").expect("editor"), "value")
        .expect("value");
    assert_eq!(
        restored.as_str().unwrap_or_default().trim_end(),
        original.trim_end()
    );

    // Change the status.
    select(&browser, "#status-select", "applied");
    browser
        .wait_for("#app-list li.app-item .badge.status-applied", WAIT)
        .expect("badge updated");
    shots.take(&browser, "05-status-applied");

    // Quit, start again, unlock, and find everything as it was.
    browser.quit().expect("quit");
    let browser = session(&driver, &app);
    browser
        .wait_for("#passphrase", WAIT)
        .expect("unlock screen");
    assert!(
        browser.find("#passphrase-confirm").is_err(),
        "an existing workspace asks once"
    );
    fill(&browser, "#passphrase", "not the passphrase");
    click(&browser, "#unlock-button");
    let error = text_of(&browser, "#unlock-error");
    assert!(!error.trim().is_empty(), "a wrong passphrase says so");
    unlock(&browser, false);
    click(&browser, "#app-list li.app-item");
    let title = text_of(&browser, "#app-title");
    assert!(title.contains("Tidewater Freight"), "{title}");
    browser
        .wait_for("#app-list li.app-item .badge.status-applied", WAIT)
        .expect("status kept");
    assert_eq!(
        browser
            .find_all(".phase[data-done='true']")
            .expect("phases")
            .len(),
        3
    );
    click(&browser, "#tab-cover_letter");
    browser
        .wait_until("three versions after restart", WAIT, |b| {
            Ok(b.find_all("#versions li.version")?.len() == 3)
        })
        .expect("versions kept");
    shots.take(&browser, "06-after-restart");
    click(&browser, "#nav-dashboard");
    browser
        .wait_for("#dashboard-view", WAIT)
        .expect("dashboard");
    shots.take(&browser, "07-dashboard");
    click(&browser, "#nav-settings");
    browser
        .wait_for("#settings-view #engine-select", WAIT)
        .expect("settings loaded");
    browser
        .wait_until("the index is described", WAIT, |b| {
            let status = b.find("#index-status")?;
            Ok(b.text(&status)?
                .contains("Searching with builtin-hash-v1/384"))
        })
        .expect("index status shown");
    shots.take(&browser, "08-settings");
    browser.quit().expect("quit");
    drop(driver);
    drop(display);
}
