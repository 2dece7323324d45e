//! The HTTP side of [`super::complete`]: one POST per attempt, the answer read
//! as server-sent events with an idle timeout, retries with backoff, and every
//! wait raced against the cancel token.
//!
//! Logs carry the provider, model, status, attempt, byte counts and timings —
//! never the key, the prompt or the answer.

use std::future::Future;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use jobforge_secrets::SecretString;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Response, StatusCode, Url};
use serde_json::Value;

use super::sse::{SseEvent, SseParser};
use super::{
    ChatRequest, Completion, Failure, ProviderConfig, ProviderError, ProviderKind, Usage,
    anthropic, openai, retry,
};
use crate::stream::{CancelToken, EventSink, StreamEvent};

/// Error bodies longer than this are cut; only their message is wanted.
const MAX_ERROR_BODY: usize = 64 * 1024;
/// Provider error messages longer than this (in characters) are shortened.
const MAX_MESSAGE_CHARS: usize = 500;

/// What one attempt has gathered so far.
#[derive(Debug, Default)]
pub(crate) struct StreamState {
    pub text: String,
    pub input_tokens: Option<u64>,
    pub output_tokens: Option<u64>,
    pub model: Option<String>,
    pub bytes: usize,
}

impl StreamState {
    /// Reported usage when the provider sent both counts, else estimates
    /// for whatever is missing.
    fn usage(&self, request: ChatRequest<'_>) -> Usage {
        match (self.input_tokens, self.output_tokens) {
            (Some(input_tokens), Some(output_tokens)) => Usage {
                input_tokens,
                output_tokens,
                reported: true,
            },
            (input, output) => Usage {
                input_tokens: input.unwrap_or_else(|| estimate_input(request)),
                output_tokens: output.unwrap_or_else(|| estimate_tokens(&self.text)),
                reported: false,
            },
        }
    }
}

/// What a stream event meant.
pub(crate) enum Handled {
    Nothing,
    Token(String),
    Done,
}

/// Why an attempt stopped without an answer.
#[derive(Debug)]
pub(crate) enum AttemptError {
    /// Worth another attempt; `retry_after` is the wait the server asked for.
    Retry {
        error: ProviderError,
        retry_after: Option<Duration>,
    },
    /// Would fail the same way again.
    Fatal(ProviderError),
    Cancelled,
}

impl AttemptError {
    pub(crate) fn retry(error: ProviderError, retry_after: Option<Duration>) -> Self {
        Self::Retry { error, retry_after }
    }
}

fn estimate_tokens(text: &str) -> u64 {
    chars(text).div_ceil(4)
}

fn estimate_input(request: ChatRequest<'_>) -> u64 {
    (chars(request.system) + chars(request.user)).div_ceil(4)
}

fn chars(text: &str) -> u64 {
    u64::try_from(text.chars().count()).unwrap_or(u64::MAX)
}

/// Where requests go.
pub(super) struct Target {
    pub(super) endpoint: Url,
    /// The base URL as configured, trimmed: what messages name.
    pub(super) base_url: String,
    pub(super) loopback: bool,
}

fn target(config: &ProviderConfig) -> Result<Target, ProviderError> {
    let path = match config.kind {
        ProviderKind::Anthropic => "/messages",
        ProviderKind::OpenAi | ProviderKind::OpenAiCompatible => "/chat/completions",
    };
    target_at(config, path)
}

/// The endpoint `path` (e.g. `/embeddings`) under the configured base URL,
/// after checking that the base URL is a plain http(s) address.
pub(super) fn target_at(config: &ProviderConfig, path: &str) -> Result<Target, ProviderError> {
    let raw = config.base_url();
    let bad = || ProviderError::BadBaseUrl {
        base_url: raw.to_owned(),
    };
    let trimmed = raw.trim().trim_end_matches('/');
    let base = Url::parse(trimmed).map_err(|_| bad())?;
    let host = base.host_str().unwrap_or_default();
    if !matches!(base.scheme(), "http" | "https")
        || host.is_empty()
        || base.query().is_some()
        || base.fragment().is_some()
    {
        return Err(bad());
    }
    let endpoint = Url::parse(&format!("{trimmed}{path}")).map_err(|_| bad())?;
    Ok(Target {
        loopback: is_loopback(host),
        endpoint,
        base_url: trimmed.to_owned(),
    })
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let lower = host.to_ascii_lowercase();
    lower == "localhost"
        || lower.ends_with(".localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn headers(kind: ProviderKind, key: Option<&str>) -> Result<HeaderMap, ProviderError> {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(ACCEPT, HeaderValue::from_static("text/event-stream"));
    let secret = |value: String| {
        let mut value = HeaderValue::from_str(&value).map_err(|_| ProviderError::Unauthorized {
            // The key cannot even be sent (a control character pasted with
            // it); no request was made, hence no HTTP status.
            provider: kind.display_name(),
            cli_name: kind.as_str(),
            status: 0,
        })?;
        value.set_sensitive(true);
        Ok::<_, ProviderError>(value)
    };
    match kind {
        ProviderKind::Anthropic => {
            headers.insert(
                HeaderName::from_static("anthropic-version"),
                HeaderValue::from_static(anthropic::API_VERSION),
            );
            if let Some(key) = key {
                headers.insert(
                    HeaderName::from_static("x-api-key"),
                    secret(key.to_owned())?,
                );
            }
        }
        ProviderKind::OpenAi | ProviderKind::OpenAiCompatible => {
            if let Some(key) = key {
                headers.insert(
                    reqwest::header::AUTHORIZATION,
                    secret(format!("Bearer {key}"))?,
                );
            }
        }
    }
    Ok(headers)
}

pub(super) fn client(
    config: &ProviderConfig,
    target: &Target,
) -> Result<reqwest::Client, ProviderError> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(config.timeouts.connect)
        // One host only: a redirect is a misconfigured base URL, not a hint.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("jobforge/", env!("CARGO_PKG_VERSION")));
    if target.loopback {
        builder = builder.no_proxy();
    }
    builder.build().map_err(|e| ProviderError::Connection {
        provider: config.kind.display_name(),
        base_url: target.base_url.clone(),
        reason: format!("the HTTP client could not start ({})", innermost(&e)),
    })
}

/// Awaits `future` unless `cancel` fires first.
async fn race<F: Future>(cancel: &CancelToken, future: F) -> Option<F::Output> {
    tokio::select! {
        biased;
        () = cancel.cancelled() => None,
        out = future => Some(out),
    }
}

pub(super) async fn complete(
    config: &ProviderConfig,
    api_key: Option<&SecretString>,
    request: ChatRequest<'_>,
    events: EventSink<'_>,
    cancel: &CancelToken,
) -> Result<Completion, Failure> {
    let kind = config.kind;
    let provider = kind.display_name();
    let key = api_key.map(|k| k.expose().trim()).filter(|k| !k.is_empty());
    let early = |error| Failure {
        error: redact(error, key),
        partial: String::new(),
        usage: StreamState::default().usage(request),
        attempts: 0,
    };
    if kind.requires_key() && key.is_none() {
        return Err(early(ProviderError::MissingKey {
            provider,
            cli_name: kind.as_str(),
        }));
    }
    let target = target(config).map_err(early)?;
    let headers = headers(kind, key).map_err(early)?;
    let client = client(config, &target).map_err(early)?;
    let body = match kind {
        ProviderKind::Anthropic => anthropic::request_body(config, request),
        ProviderKind::OpenAi | ProviderKind::OpenAiCompatible => {
            openai::request_body(config, request)
        }
    };
    let body = Bytes::from(body.to_string());
    let call = Call {
        config,
        client: &client,
        target: &target,
        headers: &headers,
        body,
    };

    let max_attempts = config.retry.max_attempts.max(1);
    let run_started = Instant::now();
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut state = StreamState::default();
        let started = Instant::now();
        tracing::debug!(provider = kind.as_str(), model = %config.model, attempt, "sending request");
        let result = call.attempt(&mut state, &mut *events, cancel).await;
        let elapsed_ms = millis(started.elapsed());
        let fail = |error: ProviderError, state: StreamState| Failure {
            error: redact(error, key),
            usage: state.usage(request),
            partial: state.text,
            attempts: attempt,
        };
        let (error, retry_after) = match result {
            Ok(()) => {
                let usage = state.usage(request);
                tracing::info!(
                    provider = kind.as_str(),
                    model = %config.model,
                    attempts = attempt,
                    bytes = state.bytes,
                    input_tokens = usage.input_tokens,
                    output_tokens = usage.output_tokens,
                    usage_reported = usage.reported,
                    elapsed_ms = millis(run_started.elapsed()),
                    "completion finished"
                );
                return Ok(Completion {
                    model: state.model.unwrap_or_else(|| config.model.clone()),
                    text: state.text,
                    usage,
                    attempts: attempt,
                });
            }
            Err(AttemptError::Cancelled) => {
                tracing::info!(provider = kind.as_str(), model = %config.model, attempt, bytes = state.bytes, elapsed_ms, "cancelled");
                return Err(fail(ProviderError::Cancelled, state));
            }
            Err(AttemptError::Fatal(error)) => {
                log_failure(config, attempt, &error, state.bytes, elapsed_ms);
                return Err(fail(error, state));
            }
            Err(AttemptError::Retry { error, retry_after }) => (error, retry_after),
        };
        log_failure(config, attempt, &error, state.bytes, elapsed_ms);
        if attempt >= max_attempts {
            return Err(fail(error, state));
        }
        let wait = retry_after.unwrap_or_else(|| retry::backoff(&config.retry, attempt));
        tracing::info!(
            provider = kind.as_str(),
            model = %config.model,
            next_attempt = attempt + 1,
            wait_ms = millis(wait),
            "retrying"
        );
        events(StreamEvent::Retrying {
            attempt: attempt + 1,
            wait,
            reason: redact_text(short_reason(&error), key),
        });
        if race(cancel, tokio::time::sleep(wait)).await.is_none() {
            return Err(fail(ProviderError::Cancelled, state));
        }
    }
}

pub(super) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn log_failure(
    config: &ProviderConfig,
    attempt: u32,
    error: &ProviderError,
    bytes: usize,
    elapsed_ms: u64,
) {
    let (kind, status) = error_kind(error);
    tracing::warn!(
        provider = config.kind.as_str(),
        model = %config.model,
        attempt,
        error = kind,
        status,
        bytes,
        elapsed_ms,
        "attempt failed"
    );
}

/// A name and status for logs: no message, which may quote the prompt.
fn error_kind(error: &ProviderError) -> (&'static str, u16) {
    match error {
        ProviderError::MissingKey { .. } => ("missing_key", 0),
        ProviderError::Unauthorized { status, .. } => ("unauthorized", *status),
        ProviderError::RateLimited { .. } => ("rate_limited", 429),
        ProviderError::Server { status, .. } => ("server", *status),
        ProviderError::Rejected { status, .. } => ("rejected", *status),
        ProviderError::Connection { .. } => ("connection", 0),
        ProviderError::Timeout { .. } => ("timeout", 0),
        ProviderError::Protocol { .. } => ("protocol", 0),
        ProviderError::BadBaseUrl { .. } => ("bad_base_url", 0),
        ProviderError::Cancelled => ("cancelled", 0),
    }
}

/// The `reason` of a `Retrying` event: what went wrong, without the advice
/// meant for a final error.
fn short_reason(error: &ProviderError) -> String {
    match error {
        ProviderError::RateLimited { .. } => "rate-limited (HTTP 429)".to_owned(),
        ProviderError::Server {
            status, message, ..
        } => format!("server error (HTTP {status}): {message}"),
        ProviderError::Connection { reason, .. } => reason.clone(),
        ProviderError::Timeout { seconds, .. } => format!("no data for {seconds} s"),
        other => other.to_string(),
    }
}

/// One provider call's fixed parts, shared by its attempts.
struct Call<'a> {
    config: &'a ProviderConfig,
    client: &'a reqwest::Client,
    target: &'a Target,
    headers: &'a HeaderMap,
    body: Bytes,
}

impl Call<'_> {
    fn provider(&self) -> &'static str {
        self.config.kind.display_name()
    }

    fn timeout_error(&self) -> AttemptError {
        let idle = self.config.timeouts.idle;
        AttemptError::retry(
            ProviderError::Timeout {
                provider: self.provider(),
                // Rounded up: a sub-second test timeout should not read "0 s".
                seconds: idle.as_secs() + u64::from(idle.subsec_nanos() > 0),
            },
            None,
        )
    }

    fn connection_error(&self, reason: String) -> AttemptError {
        AttemptError::retry(
            ProviderError::Connection {
                provider: self.provider(),
                base_url: self.target.base_url.clone(),
                reason,
            },
            None,
        )
    }

    async fn attempt(
        &self,
        state: &mut StreamState,
        events: &mut (dyn FnMut(StreamEvent) + Send),
        cancel: &CancelToken,
    ) -> Result<(), AttemptError> {
        let idle = self.config.timeouts.idle;
        let started = Instant::now();
        let send = self
            .client
            .post(self.target.endpoint.clone())
            .headers(self.headers.clone())
            .body(self.body.clone())
            .send();
        let mut response = match race(cancel, tokio::time::timeout(idle, send)).await {
            None => return Err(AttemptError::Cancelled),
            Some(Err(_elapsed)) => return Err(self.timeout_error()),
            Some(Ok(Err(e))) => return Err(self.connection_error(describe(&e))),
            Some(Ok(Ok(response))) => response,
        };
        let status = response.status();
        tracing::debug!(
            provider = self.config.kind.as_str(),
            model = %self.config.model,
            status = status.as_u16(),
            elapsed_ms = millis(started.elapsed()),
            "response headers"
        );
        if !status.is_success() {
            return Err(self.status_error(response, cancel).await);
        }
        let is_json = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().starts_with("application/json"));
        if is_json {
            let body = self.read_small_body(&mut response, cancel).await?;
            let detail = error_message(&body)
                .map(|m| format!(": {m}"))
                .unwrap_or_default();
            return Err(AttemptError::Fatal(ProviderError::Protocol {
                provider: self.provider(),
                reason: format!(
                    "it answered with one JSON document instead of an event stream{detail}"
                ),
            }));
        }

        let mut parser = SseParser::new();
        loop {
            let chunk = match race(cancel, tokio::time::timeout(idle, response.chunk())).await {
                None => return Err(AttemptError::Cancelled),
                Some(Err(_elapsed)) => return Err(self.timeout_error()),
                Some(Ok(Err(e))) => {
                    return Err(self.connection_error(format!(
                        "the connection broke while the answer was streaming ({})",
                        innermost(&e)
                    )));
                }
                Some(Ok(Ok(chunk))) => chunk,
            };
            let Some(chunk) = chunk else { break };
            state.bytes += chunk.len();
            let parsed = parser.push(&chunk).map_err(|_| {
                AttemptError::Fatal(ProviderError::Protocol {
                    provider: self.provider(),
                    reason: "a stream line is longer than 8 MiB".to_owned(),
                })
            })?;
            for event in parsed {
                if self.on_event(&event, state, events)? {
                    return Ok(());
                }
            }
        }
        if let Some(event) = parser.finish()
            && self.on_event(&event, state, events)?
        {
            return Ok(());
        }
        Err(self
            .connection_error("the connection closed before the answer was complete".to_owned()))
    }

    /// Handles one event; true when it ended the answer.
    fn on_event(
        &self,
        event: &SseEvent,
        state: &mut StreamState,
        events: &mut (dyn FnMut(StreamEvent) + Send),
    ) -> Result<bool, AttemptError> {
        let handled = match self.config.kind {
            ProviderKind::Anthropic => anthropic::handle_event(event, state, self.provider()),
            ProviderKind::OpenAi | ProviderKind::OpenAiCompatible => {
                openai::handle_event(event, state, self.provider())
            }
        }?;
        match handled {
            Handled::Nothing => Ok(false),
            Handled::Done => Ok(true),
            Handled::Token(text) => {
                state.text.push_str(&text);
                events(StreamEvent::Token(text));
                Ok(false)
            }
        }
    }

    /// Turns a non-2xx response into an error, retryable or not.
    async fn status_error(&self, mut response: Response, cancel: &CancelToken) -> AttemptError {
        let provider = self.provider();
        let status = response.status();
        let code = status.as_u16();
        let retry_after = retry::retry_after(response.headers());
        let max_retry_after = self.config.retry.max_retry_after;
        match code {
            401 | 403 => AttemptError::Fatal(ProviderError::Unauthorized {
                provider,
                cli_name: self.config.kind.as_str(),
                status: code,
            }),
            429 => {
                let error = ProviderError::RateLimited {
                    provider,
                    retry_after,
                };
                match retry_after {
                    Some(wait) if wait > max_retry_after => AttemptError::Fatal(error),
                    _ => AttemptError::retry(error, retry_after),
                }
            }
            300..=399 => AttemptError::Fatal(ProviderError::Protocol {
                provider,
                reason: format!(
                    "it redirected the request (HTTP {code}); check the base URL, which must be the API's own address"
                ),
            }),
            _ => {
                let body = match self.read_small_body(&mut response, cancel).await {
                    Ok(body) => body,
                    Err(cancelled) => return cancelled,
                };
                let message =
                    error_message(&body).unwrap_or_else(|| reason_phrase(status).to_owned());
                if code >= 500 || code == 408 {
                    // Honour a Retry-After on 503/529 when it is reasonable;
                    // otherwise the usual backoff.
                    let wait = retry_after.filter(|wait| *wait <= max_retry_after);
                    AttemptError::retry(
                        ProviderError::Server {
                            provider,
                            status: code,
                            message,
                        },
                        wait,
                    )
                } else {
                    AttemptError::Fatal(ProviderError::Rejected {
                        provider,
                        status: code,
                        message,
                    })
                }
            }
        }
    }

    /// Reads at most [`MAX_ERROR_BODY`] bytes of a body; a timeout or a
    /// broken connection just ends it, only cancelling is an error.
    async fn read_small_body(
        &self,
        response: &mut Response,
        cancel: &CancelToken,
    ) -> Result<Vec<u8>, AttemptError> {
        let mut body = Vec::new();
        while body.len() < MAX_ERROR_BODY {
            let next = race(
                cancel,
                tokio::time::timeout(self.config.timeouts.idle, response.chunk()),
            )
            .await;
            match next {
                None => return Err(AttemptError::Cancelled),
                Some(Ok(Ok(Some(chunk)))) => body.extend_from_slice(&chunk),
                Some(_) => break,
            }
        }
        body.truncate(MAX_ERROR_BODY);
        Ok(body)
    }
}

pub(super) fn reason_phrase(status: StatusCode) -> &'static str {
    status
        .canonical_reason()
        .unwrap_or("unexpected HTTP status")
}

/// The provider's own explanation in an error body: `error.message`
/// (OpenAI, Anthropic), `error` as a string (Ollama), `message` or `detail`
/// (other compatible servers).
pub(super) fn error_message(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    error_message_of(&value)
}

pub(crate) fn error_message_of(value: &Value) -> Option<String> {
    let text = value
        .pointer("/error/message")
        .and_then(Value::as_str)
        .or_else(|| value.get("error").and_then(Value::as_str))
        .or_else(|| value.get("message").and_then(Value::as_str))
        .or_else(|| value.get("detail").and_then(Value::as_str))?
        .trim();
    if text.is_empty() {
        return None;
    }
    Some(shorten(text))
}

fn shorten(text: &str) -> String {
    shorten_to(text, MAX_MESSAGE_CHARS)
}

/// `text` cut after `max_chars` characters, with an ellipsis when cut.
pub(super) fn shorten_to(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// A short description of a transport error, without reqwest's "for url (…)".
pub(super) fn describe(error: &reqwest::Error) -> String {
    let detail = innermost(error);
    if error.is_connect() && error.is_timeout() {
        "timed out while connecting".to_owned()
    } else if error.is_connect() {
        format!("connection failed ({detail})")
    } else {
        detail
    }
}

pub(super) fn innermost(error: &reqwest::Error) -> String {
    let mut current: &dyn std::error::Error = error;
    while let Some(source) = current.source() {
        current = source;
    }
    current.to_string()
}

pub(super) fn redact_text(text: String, key: Option<&str>) -> String {
    match key {
        Some(key) if text.contains(key) => text.replace(key, "***"),
        _ => text,
    }
}

/// Replaces the API key wherever a provider (or a URL) echoed it back.
fn redact(error: ProviderError, key: Option<&str>) -> ProviderError {
    let r = |text: String| redact_text(text, key);
    match error {
        ProviderError::Server {
            provider,
            status,
            message,
        } => ProviderError::Server {
            provider,
            status,
            message: r(message),
        },
        ProviderError::Rejected {
            provider,
            status,
            message,
        } => ProviderError::Rejected {
            provider,
            status,
            message: r(message),
        },
        ProviderError::Connection {
            provider,
            base_url,
            reason,
        } => ProviderError::Connection {
            provider,
            base_url: r(base_url),
            reason: r(reason),
        },
        ProviderError::Protocol { provider, reason } => ProviderError::Protocol {
            provider,
            reason: r(reason),
        },
        ProviderError::BadBaseUrl { base_url } => ProviderError::BadBaseUrl {
            base_url: r(base_url),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(kind: ProviderKind, base_url: &str) -> ProviderConfig {
        let mut config = ProviderConfig::new(kind);
        config.base_url = Some(base_url.to_owned());
        config
    }

    #[test]
    fn endpoints_are_built_from_the_base_url() {
        let t = target(&config(ProviderKind::OpenAi, "https://api.openai.com/v1/")).expect("valid");
        assert_eq!(
            t.endpoint.as_str(),
            "https://api.openai.com/v1/chat/completions"
        );
        assert!(!t.loopback);
        let t = target(&config(ProviderKind::Anthropic, "http://[::1]:8080/v1")).expect("valid");
        assert_eq!(t.endpoint.as_str(), "http://[::1]:8080/v1/messages");
        assert!(t.loopback);
        for local in [
            "http://localhost:11434/v1",
            "http://127.0.0.1/v1",
            "http://LOCALHOST/v1",
        ] {
            assert!(
                target(&config(ProviderKind::OpenAiCompatible, local))
                    .expect("valid")
                    .loopback,
                "{local}"
            );
        }
    }

    #[test]
    fn bad_base_urls_are_refused() {
        for bad in [
            "",
            "api.openai.com/v1",
            "ftp://example.com/v1",
            "file:///etc/passwd",
            "http://",
            "https://example.com/v1?x=1",
            "https://example.com/v1#frag",
        ] {
            let error = target(&config(ProviderKind::OpenAi, bad))
                .err()
                .unwrap_or_else(|| panic!("{bad:?} should be refused"));
            assert!(matches!(error, ProviderError::BadBaseUrl { .. }), "{bad:?}");
        }
    }

    #[test]
    fn error_messages_come_from_the_usual_places() {
        let m = |body: &str| error_message(body.as_bytes());
        assert_eq!(
            m(r#"{"error":{"message":"bad model","type":"invalid_request_error"}}"#).as_deref(),
            Some("bad model")
        );
        assert_eq!(
            m(r#"{"type":"error","error":{"type":"x","message":"too long"}}"#).as_deref(),
            Some("too long")
        );
        assert_eq!(
            m(r#"{"error":"model not found"}"#).as_deref(),
            Some("model not found")
        );
        assert_eq!(m(r#"{"detail":"nope"}"#).as_deref(), Some("nope"));
        assert_eq!(m("<html>502</html>"), None);
        let long = format!(r#"{{"error":{{"message":"{}"}}}}"#, "é".repeat(2000));
        assert_eq!(
            m(&long).expect("message").chars().count(),
            MAX_MESSAGE_CHARS + 1
        );
    }

    #[test]
    fn keys_are_redacted_from_errors() {
        let error = ProviderError::Rejected {
            provider: "OpenAI",
            status: 400,
            message: "Incorrect key sk-abc123 provided".to_owned(),
        };
        let redacted = redact(error, Some("sk-abc123"));
        assert!(!redacted.to_string().contains("sk-abc123"));
        assert!(redacted.to_string().contains("Incorrect key *** provided"));
    }

    #[test]
    fn usage_is_estimated_when_not_reported() {
        let request = ChatRequest {
            system: "abcd",
            user: "efghi",
        };
        let mut state = StreamState {
            text: "xyz".to_owned(),
            ..StreamState::default()
        };
        assert_eq!(
            state.usage(request),
            Usage {
                input_tokens: 3,
                output_tokens: 1,
                reported: false
            }
        );
        state.input_tokens = Some(10);
        assert_eq!(state.usage(request).input_tokens, 10);
        assert!(!state.usage(request).reported);
        state.output_tokens = Some(20);
        assert_eq!(
            state.usage(request),
            Usage {
                input_tokens: 10,
                output_tokens: 20,
                reported: true
            }
        );
    }
}
