//! Fetching a posting's page: http and https only, redirects followed by
//! hand (each hop's scheme checked, loops named), a connect timeout and a
//! total one, a size cap enforced while the body streams in, and the
//! content type deciding what comes back.
//!
//! Cancel-safe: nothing is spawned, so dropping the future drops the
//! connection and stops everything.

use std::time::Duration;

use jobforge_types::{CaptureMethod, CapturedPosting};
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use url::Url;

use crate::error::{CaptureError, PdfBytes};

/// How a fetch behaves. The defaults suit a person pasting a link; tests
/// shorten the timeouts.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Redirects followed before giving up (default 5).
    pub max_redirects: usize,
    /// Time to open the connection (default 10 s).
    pub connect_timeout: Duration,
    /// Time for everything: every redirect and the whole body (default 30 s).
    pub total_timeout: Duration,
    /// The largest body read, in bytes (default 5 MB); reading stops at
    /// the cap.
    pub max_bytes: usize,
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            max_redirects: 5,
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_bytes: 5 * 1024 * 1024,
            user_agent: format!(
                "JobForge/{} (job capture for a desktop app; +local)",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

/// What a link gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// A web page, decoded to text. `notes` say what was doubtful about
    /// the decoding (an unknown or missing character set).
    Html {
        final_url: String,
        html: String,
        notes: Vec<String>,
    },
    /// A plain-text document.
    Text {
        final_url: String,
        text: String,
        notes: Vec<String>,
    },
    /// A PDF, for the caller's PDF reader.
    Pdf { final_url: String, bytes: Vec<u8> },
}

/// Downloads `url` within the limits of `options`.
///
/// Refused before any connection: schemes other than http and https, and
/// links with a user name or password. A link without a scheme
/// ("example.com/jobs/1") is taken as https.
pub async fn fetch(url: &str, options: &FetchOptions) -> Result<Fetched, CaptureError> {
    let start = parse_url(url)?;
    let seconds = options.total_timeout.as_secs().max(1);
    match tokio::time::timeout(options.total_timeout, fetch_inner(start, options)).await {
        Ok(result) => result,
        Err(_) => {
            tracing::debug!(url = %url, "capture fetch timed out");
            Err(CaptureError::Timeout { seconds })
        }
    }
}

/// Fetches `url` and reads the posting from it: HTML through
/// [`crate::from_html`], plain text as the posting's text.
///
/// A PDF is returned as [`CaptureError::Pdf`], carrying the final address
/// and the downloaded bytes: the caller reads them with the PDF reader
/// (and sets the method to `Pdf`) without downloading again.
pub async fn capture_url(
    url: &str,
    options: &FetchOptions,
) -> Result<CapturedPosting, CaptureError> {
    match fetch(url, options).await? {
        Fetched::Html {
            final_url,
            html,
            notes,
        } => {
            let mut posting = crate::from_html(&html, Some(&final_url))?;
            posting.notes.splice(0..0, notes);
            Ok(posting)
        }
        Fetched::Text {
            final_url,
            text,
            notes,
        } => {
            if text.chars().filter(|c| c.is_alphanumeric()).count() < 50 {
                return Err(CaptureError::NoPosting {
                    detail: format!("the document at {final_url} is (almost) empty"),
                });
            }
            let mut posting = crate::from_text(&text);
            if posting.method == CaptureMethod::Pasted {
                posting.method = CaptureMethod::PageText;
            }
            posting.source_url = Some(final_url);
            posting.notes.splice(0..0, notes);
            Ok(posting)
        }
        Fetched::Pdf { final_url, bytes } => Err(CaptureError::Pdf {
            final_url,
            bytes: PdfBytes(bytes),
        }),
    }
}

fn parse_url(raw: &str) -> Result<Url, CaptureError> {
    let raw = raw.trim();
    let invalid = |reason: String| CaptureError::InvalidUrl {
        url: raw.chars().take(200).collect(),
        reason,
    };
    let url = match Url::parse(raw) {
        Ok(url) => url,
        // "example.com/jobs/1": people paste links without the scheme.
        Err(url::ParseError::RelativeUrlWithoutBase)
            if !raw.contains(char::is_whitespace)
                && raw.split('/').next().is_some_and(|host| host.contains('.')) =>
        {
            Url::parse(&format!("https://{raw}")).map_err(|e| invalid(e.to_string()))?
        }
        Err(error) => return Err(invalid(error.to_string())),
    };
    check_url(&url)?;
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it names no host".to_owned()));
    }
    Ok(url)
}

fn check_url(url: &Url) -> Result<(), CaptureError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(CaptureError::UnsupportedScheme {
            scheme: url.scheme().to_owned(),
        });
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(CaptureError::CredentialsInUrl);
    }
    Ok(())
}

/// The address as it is compared for loops: without its fragment, which
/// is never sent.
fn loop_key(url: &Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    url.into()
}

async fn fetch_inner(start: Url, options: &FetchOptions) -> Result<Fetched, CaptureError> {
    let client = reqwest::Client::builder()
        // Redirects are followed below, so every hop is checked.
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(options.connect_timeout)
        .user_agent(options.user_agent.as_str())
        .build()
        .map_err(|e| CaptureError::Client {
            detail: error_chain(&e),
        })?;
    let mut url = start;
    let mut visited = vec![loop_key(&url)];
    let mut redirects = 0usize;
    loop {
        tracing::debug!(url = %url, "capture fetch");
        let response = client
            .get(url.clone())
            .header(
                ACCEPT,
                "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8,*/*;q=0.1",
            )
            .send()
            .await
            .map_err(|e| request_error(&e, &url, options))?;
        let status = response.status();
        if status.is_redirection() {
            let Some(location) = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .map(str::trim)
                .filter(|l| !l.is_empty())
            else {
                return Err(CaptureError::HttpStatus {
                    status: status.as_u16(),
                });
            };
            let next = url
                .join(location)
                .map_err(|e| CaptureError::RedirectRefused {
                    location: location.chars().take(200).collect(),
                    reason: format!("not a valid address: {e}"),
                })?;
            if let Err(error) = check_url(&next) {
                let reason = match error {
                    CaptureError::CredentialsInUrl => {
                        "it contains a user name or password".to_owned()
                    }
                    _ => format!("only http and https are followed, not “{}:”", next.scheme()),
                };
                return Err(CaptureError::RedirectRefused {
                    location: location.chars().take(200).collect(),
                    reason,
                });
            }
            let key = loop_key(&next);
            if visited.contains(&key) {
                return Err(CaptureError::RedirectLoop { url: key });
            }
            if redirects >= options.max_redirects {
                return Err(CaptureError::TooManyRedirects {
                    limit: options.max_redirects,
                });
            }
            redirects += 1;
            visited.push(key);
            url = next;
            continue;
        }
        if !status.is_success() {
            return Err(CaptureError::HttpStatus {
                status: status.as_u16(),
            });
        }
        return read_content(response, url, options).await;
    }
}

/// What kind of content a response declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Declared {
    Html,
    Text,
    Pdf,
    /// No type, or the generic binary one: the bytes decide.
    Unknown,
}

async fn read_content(
    mut response: reqwest::Response,
    url: Url,
    options: &FetchOptions,
) -> Result<Fetched, CaptureError> {
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let declared = match mime.as_str() {
        "text/html" | "application/xhtml+xml" => Declared::Html,
        "text/plain" => Declared::Text,
        "application/pdf" | "application/x-pdf" => Declared::Pdf,
        "" | "application/octet-stream" | "binary/octet-stream" => Declared::Unknown,
        _ => return Err(CaptureError::UnsupportedContent { content_type: mime }),
    };
    let too_large = || CaptureError::TooLarge {
        limit_mb: (options.max_bytes as u64).div_ceil(1024 * 1024).max(1),
    };
    let declared_length = response.content_length();
    if declared_length.is_some_and(|len| len > options.max_bytes as u64) {
        return Err(too_large());
    }
    let capacity = declared_length
        .and_then(|len| usize::try_from(len).ok())
        .unwrap_or(64 * 1024)
        .min(options.max_bytes);
    let mut body: Vec<u8> = Vec::with_capacity(capacity);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| request_error(&e, &url, options))?
    {
        if body.len() + chunk.len() > options.max_bytes {
            // Dropping the response here closes the connection: the rest
            // is never read.
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    let final_url: String = url.into();
    let kind = match declared {
        Declared::Unknown => sniff(&body).ok_or_else(|| CaptureError::UnsupportedContent {
            content_type: if mime.is_empty() {
                "unknown (no content type)".to_owned()
            } else {
                mime.clone()
            },
        })?,
        known => known,
    };
    let charset = charset_param(&content_type);
    Ok(match kind {
        Declared::Pdf => Fetched::Pdf {
            final_url,
            bytes: body,
        },
        Declared::Html => {
            let (html, notes) = decode(&body, charset.as_deref(), true);
            Fetched::Html {
                final_url,
                html,
                notes,
            }
        }
        Declared::Text | Declared::Unknown => {
            let (text, notes) = decode(&body, charset.as_deref(), false);
            Fetched::Text {
                final_url,
                text,
                notes,
            }
        }
    })
}

/// Guesses what an untyped body is from its first bytes.
fn sniff(body: &[u8]) -> Option<Declared> {
    if body.starts_with(b"%PDF-") {
        return Some(Declared::Pdf);
    }
    let head = &body[..body.len().min(1024)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = text.trim_start_matches('\u{FEFF}').trim_start();
    if start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<head")
        || start.starts_with("<body")
        || (start.starts_with('<') && text.contains("<html"))
    {
        return Some(Declared::Html);
    }
    let binary = head
        .iter()
        .any(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)));
    (!binary && !head.is_empty()).then_some(Declared::Text)
}

fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_owned())
            .filter(|v| !v.is_empty())
    })
}

/// `<meta charset=…>` or `<meta http-equiv=content-type content="…;
/// charset=…">` in the first bytes of a page.
fn meta_charset(body: &[u8]) -> Option<String> {
    let head = &body[..body.len().min(4096)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(pos) = tag.find("charset") {
            let value = tag[pos + 7..].trim_start();
            if let Some(value) = value.strip_prefix('=') {
                let value = value.trim_start().trim_start_matches(['"', '\'']);
                let end = value
                    .find(|c: char| {
                        c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace()
                    })
                    .unwrap_or(value.len());
                let charset = &value[..end];
                if !charset.is_empty() {
                    return Some(charset.to_owned());
                }
            }
        }
    }
    None
}

/// Decodes a body: the BOM, else the header's charset, else (for HTML) a
/// `<meta>` charset, else UTF-8 when the bytes are UTF-8, else
/// windows-1252 (what browsers assume for unlabelled legacy pages).
fn decode(body: &[u8], header_charset: Option<&str>, html: bool) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    let declared = header_charset
        .map(str::to_owned)
        .or_else(|| html.then(|| meta_charset(body)).flatten());
    let encoding = match declared.as_deref() {
        Some(label) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
            // A page cannot really be UTF-16 if its <meta> was readable as
            // ASCII; browsers treat that label as UTF-8 too.
            Some(enc) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => {
                if header_charset.is_some() {
                    enc
                } else {
                    encoding_rs::UTF_8
                }
            }
            Some(enc) => enc,
            None => {
                notes.push(format!(
                    "the page names a character set Job Forge does not know (“{label}”); it was read as UTF-8, so check accented letters"
                ));
                encoding_rs::UTF_8
            }
        },
        None => {
            if std::str::from_utf8(body).is_ok() || body.starts_with(&[0xEF, 0xBB, 0xBF]) {
                encoding_rs::UTF_8
            } else {
                notes.push(
                    "the page does not say which character set it uses and is not UTF-8; it was read as Windows-1252, so check accented letters"
                        .to_owned(),
                );
                encoding_rs::WINDOWS_1252
            }
        }
    };
    // `decode` honours a BOM over the label, as browsers do.
    let (text, used, had_errors) = encoding.decode(body);
    if had_errors {
        notes.push(format!(
            "some bytes of the page are not valid {}; they were replaced with �",
            used.name()
        ));
    }
    (text.into_owned(), notes)
}

fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => url.as_str().chars().take(100).collect(),
    }
}

fn request_error(error: &reqwest::Error, url: &Url, options: &FetchOptions) -> CaptureError {
    let detail = error_chain(error);
    tracing::debug!(url = %url, %detail, "capture fetch failed");
    if error.is_connect() {
        if error.is_timeout() || detail.to_lowercase().contains("timed out") {
            return CaptureError::ConnectTimeout {
                host: host_of(url),
                seconds: options.connect_timeout.as_secs().max(1),
            };
        }
        return CaptureError::Connect {
            host: host_of(url),
            detail,
        };
    }
    if error.is_timeout() {
        return CaptureError::Timeout {
            seconds: options.total_timeout.as_secs().max(1),
        };
    }
    CaptureError::Network { detail }
}

/// The error and its sources in one line, the last (most specific) ones
/// being what a person can act on.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut parts = vec![error.to_string()];
    let mut source = error.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = inner.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_before_connecting() {
        assert!(matches!(
            parse_url("ftp://example.test/job"),
            Err(CaptureError::UnsupportedScheme { scheme }) if scheme == "ftp"
        ));
        assert!(matches!(
            parse_url("file:///etc/passwd"),
            Err(CaptureError::UnsupportedScheme { scheme }) if scheme == "file"
        ));
        assert!(matches!(
            parse_url("javascript:alert(1)"),
            Err(CaptureError::UnsupportedScheme { .. })
        ));
        assert!(matches!(
            parse_url("https://user:secret@example.test/"),
            Err(CaptureError::CredentialsInUrl)
        ));
        assert!(matches!(
            parse_url("not a url"),
            Err(CaptureError::InvalidUrl { .. })
        ));
        assert_eq!(
            parse_url(" jobs.example.test/post/1 ")
                .map(String::from)
                .ok()
                .as_deref(),
            Some("https://jobs.example.test/post/1")
        );
    }

    #[test]
    fn sniffing_untyped_bodies() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(Declared::Pdf));
        assert_eq!(sniff(b"\n <!DOCTYPE html><html>"), Some(Declared::Html));
        assert_eq!(
            sniff(b"Senior engineer\nWe are hiring"),
            Some(Declared::Text)
        );
        assert_eq!(sniff(&[0x89, b'P', b'N', b'G', 0, 0]), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn charsets() {
        assert_eq!(
            charset_param("text/html; charset=\"ISO-8859-1\"").as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(charset_param("text/html"), None);
        assert_eq!(
            meta_charset(b"<html><head><meta charset='windows-1252'>").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(
            meta_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"
            )
            .as_deref(),
            Some("shift_jis")
        );
        let (text, notes) = decode(b"caf\xe9", Some("iso-8859-1"), true);
        assert_eq!(text, "café");
        assert!(notes.is_empty());
        let (text, notes) = decode(b"<p>caf\xe9</p>", None, true);
        assert_eq!(text, "<p>café</p>");
        assert_eq!(notes.len(), 1);
        let (text, notes) = decode(b"caf\xe9", Some("utf-8"), true);
        assert_eq!(text, "caf\u{FFFD}");
        assert!(notes[0].contains("not valid UTF-8"), "{notes:?}");
        let (_, notes) = decode(b"x", Some("klingon"), true);
        assert!(notes[0].contains("klingon"));
        let (text, _) = decode("caf\u{e9}".as_bytes(), None, true);
        assert_eq!(text, "café");
    }
}
