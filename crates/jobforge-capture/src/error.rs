//! What can go wrong while capturing a posting, each said as a sentence
//! that also tells the person what to do next.

use std::fmt;

/// Why a posting could not be captured. Every message names the problem
/// and the way out (most often: copy the posting and paste it).
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// The text is not a web address at all.
    #[error(
        "“{url}” is not a web address Job Forge can open ({reason}); check the link, or paste the posting's text instead"
    )]
    InvalidUrl { url: String, reason: String },

    /// `ftp:`, `file:`, `javascript:`, … — refused before any connection.
    #[error(
        "Job Forge only opens http and https links, not “{scheme}:” ones; open the posting in your browser and paste its text instead"
    )]
    UnsupportedScheme { scheme: String },

    /// `https://user:password@host/…`: credentials are never sent.
    #[error(
        "the link contains a user name or password, which Job Forge will not send; remove them from the link, or paste the posting's text instead"
    )]
    CredentialsInUrl,

    /// A redirect pointed somewhere Job Forge will not follow.
    #[error(
        "the site redirected to “{location}”, which Job Forge will not follow ({reason}); open the page in your browser and paste the posting's text instead"
    )]
    RedirectRefused { location: String, reason: String },

    /// A redirect led back to an address already visited.
    #[error(
        "the site redirects in a loop (back to {url}); open the page in your browser, copy the posting and paste it"
    )]
    RedirectLoop { url: String },

    #[error(
        "the site redirected more than {limit} times without reaching a page; open the link in your browser, copy the posting and paste it"
    )]
    TooManyRedirects { limit: usize },

    #[error(
        "could not connect to {host} within {seconds} seconds; check your internet connection and the address, or paste the posting's text"
    )]
    ConnectTimeout { host: String, seconds: u64 },

    #[error(
        "the site did not send the page within {seconds} seconds; try again later, or paste the posting's text"
    )]
    Timeout { seconds: u64 },

    #[error(
        "could not connect to {host} ({detail}); check your internet connection and the address, or paste the posting's text"
    )]
    Connect { host: String, detail: String },

    #[error(
        "the connection failed while loading the page ({detail}); try again, or paste the posting's text"
    )]
    Network { detail: String },

    /// Reading stopped at the cap; nothing beyond it was kept.
    #[error(
        "the page is larger than {limit_mb} MB, far more than a job posting; open it in your browser, copy the posting and paste it"
    )]
    TooLarge { limit_mb: u64 },

    /// A 4xx or 5xx answer (or a 3xx that goes nowhere).
    #[error("{}", status_message(*status))]
    HttpStatus { status: u16 },

    /// An image, a JSON API, an archive, …
    #[error(
        "the link leads to “{content_type}” content, not a web page, text or PDF; open the posting itself and paste its text"
    )]
    UnsupportedContent { content_type: String },

    /// The page has no posting Job Forge can find: a login wall, a page
    /// built by scripts, an empty page.
    #[error(
        "no job posting found: {detail}; open the posting in your browser, copy its text and paste it instead"
    )]
    NoPosting { detail: String },

    /// The link is a PDF. [`crate::capture_url`] hands the downloaded bytes
    /// back here so the caller can read them with the PDF reader without
    /// downloading again.
    #[error(
        "the link is a PDF document ({final_url}), not a web page; read it with the PDF import"
    )]
    Pdf { final_url: String, bytes: PdfBytes },

    /// The HTTP client could not be set up (TLS initialisation).
    #[error(
        "the web client could not start ({detail}); restart Job Forge, or paste the posting's text"
    )]
    Client { detail: String },
}

/// A downloaded PDF. `Debug` prints only its size so logs never fill with
/// megabytes of numbers.
#[derive(Clone, PartialEq, Eq)]
pub struct PdfBytes(pub Vec<u8>);

impl fmt::Debug for PdfBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PdfBytes({} bytes)", self.0.len())
    }
}

/// The sentence for an HTTP error status.
fn status_message(status: u16) -> String {
    match status {
        401 | 403 => format!(
            "the site refused automated access ({status}); open the page in your browser, copy the posting and paste it"
        ),
        404 | 410 => format!(
            "the page was not found ({status}); the posting may have been taken down — check the link, or paste the posting's text if you have it"
        ),
        429 => format!(
            "the site is limiting requests ({status}); wait a few minutes and try again, or open the page in your browser and paste the posting"
        ),
        500..=599 => format!(
            "the site had a server error ({status}); try again later, or open the page in your browser and paste the posting"
        ),
        300..=399 => format!(
            "the site answered with a redirect ({status}) that leads nowhere; open the link in your browser and paste the posting"
        ),
        _ => format!(
            "the site answered with an error ({status}); check the link, or open the page in your browser and paste the posting"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_messages_name_the_status_and_the_way_out() {
        let forbidden = CaptureError::HttpStatus { status: 403 }.to_string();
        assert!(forbidden.contains("refused automated access (403)"));
        assert!(forbidden.contains("paste"));
        for status in [401, 404, 410, 418, 429, 500, 503, 399] {
            let message = CaptureError::HttpStatus { status }.to_string();
            assert!(message.contains(&status.to_string()), "{message}");
            assert!(message.contains("paste"), "{message}");
        }
    }

    #[test]
    fn pdf_bytes_debug_is_short() {
        let error = CaptureError::Pdf {
            final_url: "https://example.test/a.pdf".into(),
            bytes: PdfBytes(vec![0; 1_000_000]),
        };
        let debug = format!("{error:?}");
        assert!(debug.contains("1000000 bytes"));
        assert!(debug.len() < 200);
    }
}
