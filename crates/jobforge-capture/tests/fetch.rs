//! Fetching over real HTTP from servers on 127.0.0.1: the scripted
//! testkit server (one reply per connection, in order) and, where a test
//! needs to watch the connection itself, a few lines of its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use jobforge_capture::{CaptureError, FetchOptions, Fetched, capture_url, fetch};
use jobforge_testkit::http_script::{Reply, Server};
use jobforge_types::CaptureMethod;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const JOB_BOARD: &str = include_str!("fixtures/job_board_jsonld.html");
const CAREERS: &str = include_str!("fixtures/careers_page.html");

fn quick() -> FetchOptions {
    FetchOptions {
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(5),
        ..FetchOptions::default()
    }
}

fn html_reply(body: &str) -> Reply {
    let length = body.len().to_string();
    Reply::head(
        200,
        &[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", length.as_str()),
        ],
    )
    .write(body)
}

fn redirect(status: u16, location: &str) -> Reply {
    Reply::head(status, &[("Location", location), ("Content-Length", "0")])
}

fn url(server: &Server, path: &str) -> String {
    format!("http://{}{path}", server.addr)
}

fn paths(server: &Server) -> Vec<String> {
    server.requests().into_iter().map(|r| r.path).collect()
}

#[tokio::test]
async fn json_ld_page_over_http() {
    let server = Server::start(vec![html_reply(JOB_BOARD)]).await;
    let posting = capture_url(&url(&server, "/jobs/117"), &quick())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(posting.method, CaptureMethod::JsonLd);
    assert_eq!(
        posting.title.as_deref(),
        Some("Senior Backend Engineer (Rust)")
    );
    assert_eq!(posting.company.as_deref(), Some("Quillmate GmbH"));
    assert_eq!(
        posting.salary.as_deref(),
        Some("EUR 72,000–88,000 per year")
    );
    let source = url(&server, "/jobs/117");
    assert_eq!(posting.source_url.as_deref(), Some(source.as_str()));
    // Relative links resolve against the page's address.
    let blog = url(&server, "/company/quillmate/engineering");
    assert!(
        posting
            .description
            .contains(&format!("[engineering blog]({blog})"))
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    let agent = requests[0].header("user-agent").unwrap_or_default();
    assert!(agent.contains("JobForge/"), "{agent}");
    assert!(
        requests[0]
            .header("accept")
            .unwrap_or_default()
            .contains("text/html")
    );
}

#[tokio::test]
async fn page_without_json_ld_over_http() {
    let server = Server::start(vec![html_reply(CAREERS)]).await;
    let posting = capture_url(&url(&server, "/careers/product-designer"), &quick())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(posting.method, CaptureMethod::PageText);
    assert_eq!(posting.title.as_deref(), Some("Product Designer"));
    assert!(!posting.description.contains("cookie"));
}

#[tokio::test]
async fn relative_redirects_are_followed() {
    let server = Server::start(vec![
        redirect(301, "../careers/42?ref=board"),
        redirect(302, "/jobs/final"),
        redirect(307, "final-2#apply"),
        html_reply(CAREERS),
    ])
    .await;
    let fetched = fetch(&url(&server, "/jobs/old/42"), &quick())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        paths(&server),
        [
            "/jobs/old/42",
            "/jobs/careers/42?ref=board",
            "/jobs/final",
            "/jobs/final-2"
        ]
    );
    match fetched {
        Fetched::Html {
            final_url,
            html,
            notes,
        } => {
            assert_eq!(final_url, url(&server, "/jobs/final-2#apply"));
            assert!(html.contains("Product Designer"));
            assert!(notes.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_redirect_loop_is_named() {
    let server = Server::start(vec![redirect(302, "/b"), redirect(302, "/a")]).await;
    let error = fetch(&url(&server, "/a"), &quick()).await;
    match error {
        Err(CaptureError::RedirectLoop { url: looped }) => {
            assert_eq!(looped, url(&server, "/a"));
            let message = CaptureError::RedirectLoop { url: looped }.to_string();
            assert!(message.contains("redirects in a loop"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(paths(&server), ["/a", "/b"]);
}

#[tokio::test]
async fn redirects_are_limited() {
    let replies = (1..=6)
        .map(|i| redirect(302, &format!("/hop{i}")))
        .collect();
    let server = Server::start(replies).await;
    let error = fetch(&url(&server, "/hop0"), &quick()).await;
    assert!(
        matches!(error, Err(CaptureError::TooManyRedirects { limit: 5 })),
        "{error:?}"
    );
    // The start and five redirects were requested; the sixth was refused.
    assert_eq!(server.requests().len(), 6);

    let server = Server::start(vec![redirect(302, "/next"), html_reply(CAREERS)]).await;
    let no_redirects = FetchOptions {
        max_redirects: 0,
        ..quick()
    };
    let error = fetch(&url(&server, "/start"), &no_redirects).await;
    assert!(
        matches!(error, Err(CaptureError::TooManyRedirects { limit: 0 })),
        "{error:?}"
    );
}

#[tokio::test]
async fn redirects_to_other_schemes_are_refused() {
    for location in [
        "ftp://files.example.test/job.txt",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://user:pw@127.0.0.1/",
    ] {
        let server = Server::start(vec![redirect(302, location), html_reply(CAREERS)]).await;
        let error = fetch(&url(&server, "/jobs/1"), &quick()).await;
        match error {
            Err(CaptureError::RedirectRefused { location: seen, .. }) => assert_eq!(seen, location),
            other => panic!("{location}: {other:?}"),
        }
        assert_eq!(server.requests().len(), 1, "{location}: nothing followed");
    }
}

#[tokio::test]
async fn a_redirect_to_a_pdf() {
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
    let length = pdf.len().to_string();
    let pdf_reply = || {
        Reply::head(
            200,
            &[
                ("Content-Type", "application/pdf"),
                ("Content-Length", length.as_str()),
            ],
        )
        .write(pdf.clone())
    };
    let server = Server::start(vec![
        redirect(302, "/files/posting.pdf"),
        pdf_reply(),
        redirect(302, "/files/posting.pdf"),
        pdf_reply(),
    ])
    .await;
    match fetch(&url(&server, "/apply/77"), &quick()).await {
        Ok(Fetched::Pdf { final_url, bytes }) => {
            assert_eq!(final_url, url(&server, "/files/posting.pdf"));
            assert_eq!(bytes, pdf);
        }
        other => panic!("{other:?}"),
    }
    // capture_url hands the PDF back for the PDF reader.
    match capture_url(&url(&server, "/apply/77"), &quick()).await {
        Err(CaptureError::Pdf { final_url, bytes }) => {
            assert_eq!(final_url, url(&server, "/files/posting.pdf"));
            assert_eq!(bytes.0, pdf);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn untyped_pdf_is_sniffed() {
    let server = Server::start(vec![
        Reply::head(200, &[]).write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec()),
    ])
    .await;
    let fetched = fetch(&url(&server, "/download?id=9"), &quick()).await;
    assert!(matches!(fetched, Ok(Fetched::Pdf { .. })), "{fetched:?}");
}

#[tokio::test]
async fn http_errors_say_what_to_do() {
    for (status, expected) in [
        (404, "was not found (404)"),
        (410, "was not found (410)"),
        (
            403,
            "refused automated access (403); open the page in your browser, copy the posting and paste it",
        ),
        (401, "refused automated access (401)"),
        (429, "limiting requests (429)"),
        (500, "server error (500)"),
        (503, "server error (503)"),
    ] {
        let server = Server::start(vec![Reply::json(status, &[], "{}")]).await;
        match capture_url(&url(&server, "/jobs/1"), &quick()).await {
            Err(error @ CaptureError::HttpStatus { .. }) => {
                let message = error.to_string();
                assert!(message.contains(expected), "{status}: {message}");
            }
            other => panic!("{status}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn non_html_content_is_refused_by_type() {
    for content_type in [
        "image/png",
        "application/json",
        "application/zip",
        "video/mp4",
    ] {
        let server = Server::start(vec![
            Reply::head(
                200,
                &[("Content-Type", content_type), ("Content-Length", "4")],
            )
            .write("\u{0}\u{1}\u{2}\u{3}"),
        ])
        .await;
        match fetch(&url(&server, "/thing"), &quick()).await {
            Err(error @ CaptureError::UnsupportedContent { .. }) => {
                let message = error.to_string();
                assert!(message.contains(content_type), "{message}");
            }
            other => panic!("{content_type}: {other:?}"),
        }
    }
    // Without a type, bytes that are not text are refused too.
    let server = Server::start(vec![
        Reply::head(200, &[]).write(vec![0x89, b'P', b'N', b'G', 0, 0, 0]),
    ])
    .await;
    let error = fetch(&url(&server, "/image"), &quick()).await;
    assert!(
        matches!(error, Err(CaptureError::UnsupportedContent { .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn plain_text_documents() {
    let text = "Bookkeeper at Marrowfield Bakery\n\nWe bake bread for twenty cafés in York and need help with our books two days a week.\nLocation: York\n";
    let length = text.len().to_string();
    let server = Server::start(vec![
        Reply::head(
            200,
            &[
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", length.as_str()),
            ],
        )
        .write(text),
    ])
    .await;
    let posting = capture_url(&url(&server, "/jobs/bookkeeper.txt"), &quick())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(posting.method, CaptureMethod::PageText);
    let source = url(&server, "/jobs/bookkeeper.txt");
    assert_eq!(posting.source_url.as_deref(), Some(source.as_str()));
    assert_eq!(posting.title.as_deref(), Some("Bookkeeper"));
    assert_eq!(posting.company.as_deref(), Some("Marrowfield Bakery"));
    assert_eq!(posting.location.as_deref(), Some("York"));
}

#[tokio::test]
async fn legacy_charsets_are_decoded() {
    let mut body = b"<html><head><title>Caf".to_vec();
    body.push(0xE9);
    body.extend_from_slice(b" manager</title></head><body><p>Cr");
    body.push(0xE8);
    body.extend_from_slice(b"me br");
    body.push(0xFB);
    body.extend_from_slice(b"l\xE9e</p></body></html>");
    let server = Server::start(vec![
        Reply::head(200, &[("Content-Type", "text/html; charset=windows-1252")])
            .write(body.clone()),
        Reply::head(200, &[("Content-Type", "text/html")]).write(body),
    ])
    .await;
    for expect_note in [false, true] {
        match fetch(&url(&server, "/"), &quick()).await {
            Ok(Fetched::Html { html, notes, .. }) => {
                assert!(html.contains("Café manager"), "{html}");
                assert!(html.contains("Crème brûlée"), "{html}");
                assert_eq!(!notes.is_empty(), expect_note, "{notes:?}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn a_10_mb_page_with_its_length_is_refused_before_reading() {
    let body = vec![b'a'; 10 * 1024 * 1024];
    let server = Server::start(vec![
        Reply::head(
            200,
            &[
                ("Content-Type", "text/html"),
                ("Content-Length", "10485760"),
            ],
        )
        .write(body),
    ])
    .await;
    let started = Instant::now();
    let error = fetch(&url(&server, "/huge"), &quick()).await;
    match error {
        Err(error @ CaptureError::TooLarge { limit_mb: 5 }) => {
            assert!(error.to_string().contains("larger than 5 MB"));
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn a_10_mb_page_without_length_hits_the_cap_while_streaming() {
    let mut page = b"<html><body><p>".to_vec();
    page.resize(10 * 1024 * 1024, b'x');
    let server = Server::start(vec![
        Reply::head(200, &[("Content-Type", "text/html")]).write(page),
    ])
    .await;
    let error = fetch(&url(&server, "/huge"), &quick()).await;
    assert!(
        matches!(error, Err(CaptureError::TooLarge { .. })),
        "{error:?}"
    );
}

/// A server that streams an endless page and counts what it managed to
/// send: the client must stop reading at the cap, not buffer it all.
#[tokio::test]
async fn reading_stops_at_the_cap() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    let server = tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n";
        if socket.write_all(head).await.is_err() {
            return;
        }
        let chunk = vec![b'x'; 64 * 1024];
        // Bounded: at most 200 MB or ten seconds.
        let deadline = Instant::now() + Duration::from_secs(10);
        while counter.load(Ordering::SeqCst) < 200 * 1024 * 1024 && Instant::now() < deadline {
            match socket.write_all(&chunk).await {
                Ok(()) => counter.fetch_add(chunk.len(), Ordering::SeqCst),
                Err(_) => return,
            };
        }
    });
    let options = FetchOptions {
        max_bytes: 1024 * 1024,
        ..quick()
    };
    let error = fetch(&format!("http://{addr}/endless"), &options).await;
    assert!(
        matches!(error, Err(CaptureError::TooLarge { limit_mb: 1 })),
        "{error:?}"
    );
    let _ = tokio::time::timeout(Duration::from_secs(12), server).await;
    let total = sent.load(Ordering::SeqCst);
    // The cap plus what socket buffers held, far from the 200 MB offered.
    assert!(total < 40 * 1024 * 1024, "the server sent {total} bytes");
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let server = Server::start(vec![Reply::stall_before_headers()]).await;
    let options = FetchOptions {
        total_timeout: Duration::from_millis(300),
        ..quick()
    };
    let started = Instant::now();
    let error = fetch(&url(&server, "/slow"), &options).await;
    assert!(
        matches!(error, Err(CaptureError::Timeout { .. })),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_body_that_stalls_times_out() {
    let server = Server::start(vec![
        Reply::head(
            200,
            &[("Content-Type", "text/html"), ("Content-Length", "5000")],
        )
        .write("<html><body><p>The first part of the page arrives")
        .stall(),
    ])
    .await;
    let options = FetchOptions {
        total_timeout: Duration::from_millis(400),
        ..quick()
    };
    let error = fetch(&url(&server, "/slow-body"), &options).await;
    match error {
        Err(error @ CaptureError::Timeout { .. }) => {
            assert!(
                error.to_string().contains("did not send the page"),
                "{error}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_total_timeout_covers_a_slow_trickle() {
    let mut reply = Reply::head(200, &[("Content-Type", "text/html")]);
    for _ in 0..50 {
        reply = reply.write("<p>slow</p>").pause(Duration::from_millis(50));
    }
    let server = Server::start(vec![reply]).await;
    let options = FetchOptions {
        total_timeout: Duration::from_millis(500),
        ..quick()
    };
    let error = fetch(&url(&server, "/trickle"), &options).await;
    assert!(
        matches!(error, Err(CaptureError::Timeout { .. })),
        "{error:?}"
    );
}

#[tokio::test]
async fn other_schemes_and_credentials_are_refused_before_connecting() {
    // A listener that would notice any connection.
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    for (link, scheme) in [
        (format!("ftp://127.0.0.1:{port}/job.txt"), "ftp"),
        ("file:///etc/passwd".to_owned(), "file"),
        ("data:text/html,<p>hi</p>".to_owned(), "data"),
        (format!("gopher://127.0.0.1:{port}/"), "gopher"),
    ] {
        match fetch(&link, &quick()).await {
            Err(error @ CaptureError::UnsupportedScheme { .. }) => {
                let message = error.to_string();
                assert!(message.contains(&format!("“{scheme}:”")), "{message}");
                assert!(message.contains("paste"), "{message}");
            }
            other => panic!("{link}: {other:?}"),
        }
    }
    let error = fetch(&format!("http://me:secret@127.0.0.1:{port}/"), &quick()).await;
    assert!(
        matches!(error, Err(CaptureError::CredentialsInUrl)),
        "{error:?}"
    );
    let accepted = tokio::time::timeout(Duration::from_millis(100), listener.accept()).await;
    assert!(accepted.is_err(), "nothing connected");
}

#[tokio::test]
async fn a_closed_port_is_a_connection_error() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    drop(listener);
    match fetch(&format!("http://{addr}/"), &quick()).await {
        Err(error @ CaptureError::Connect { .. }) => {
            let message = error.to_string();
            assert!(
                message.contains(&format!("could not connect to {addr}")),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
}

/// Dropping the future (here by an outer timeout) closes the connection:
/// the server reads end-of-file.
#[tokio::test]
async fn dropping_the_future_closes_the_connection() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.ok()?;
        let mut buf = [0u8; 4096];
        let _ = socket.read(&mut buf).await;
        socket
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<p>partial")
            .await
            .ok()?;
        // Wait for the client to go away.
        let closed_at = tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                match socket.read(&mut buf).await {
                    Ok(0) | Err(_) => return Instant::now(),
                    Ok(_) => {}
                }
            }
        })
        .await
        .ok()?;
        Some(closed_at)
    });
    let options = FetchOptions {
        total_timeout: Duration::from_secs(60),
        ..quick()
    };
    let outer = tokio::time::timeout(
        Duration::from_millis(300),
        fetch(&format!("http://{addr}/"), &options),
    )
    .await;
    assert!(outer.is_err(), "the fetch was still waiting for the body");
    let dropped_at = Instant::now();
    let closed_at = server.await.ok().flatten();
    let closed_at = closed_at.unwrap_or_else(|| panic!("the connection stayed open"));
    assert!(closed_at.saturating_duration_since(dropped_at) < Duration::from_secs(2));
}

#[tokio::test]
async fn a_page_without_a_posting_says_to_paste() {
    let login = "<html><head><title>Sign in</title></head><body><main><h1>Sign in</h1>\
                 <form><input type=email><input type=password><button>Go</button></form></main></body></html>";
    let server = Server::start(vec![html_reply(login)]).await;
    match capture_url(&url(&server, "/jobs/5"), &quick()).await {
        Err(error @ CaptureError::NoPosting { .. }) => {
            let message = error.to_string();
            assert!(message.contains(&url(&server, "/jobs/5")), "{message}");
            assert!(message.contains("sign in"), "{message}");
            assert!(message.contains("paste"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}
