//! The provider layer against a scripted local HTTP server: streaming,
//! retries, timeouts, errors and cancellation for OpenAI, Anthropic and
//! OpenAI-compatible servers.

use std::time::{Duration, Instant};

use jobforge_ai::providers::{
    ChatRequest, Completion, Failure, ProviderConfig, ProviderError, ProviderKind, RetryPolicy,
    Timeouts, Usage, complete,
};
use jobforge_ai::stream::{CancelToken, StreamEvent};
use jobforge_secrets::SecretString;
use jobforge_testkit::http_script::{Reply, Server};
use serde_json::json;

const KEY: &str = "sk-test-S3CRET-0123456789abcdef";
const SYSTEM: &str = "You write cover letters.";
const USER: &str = "<job>Barista at Café Nord</job>";
const TEXT: &str = "Café au lait — naïve 😀 done.";
const PIECES: [&str; 5] = ["Caf", "é au lait ", "— naïve ", "😀", " done."];

fn config(kind: ProviderKind, base_url: &str) -> ProviderConfig {
    let mut config = ProviderConfig::new(kind);
    config.base_url = Some(base_url.to_owned());
    config.model = "test-model".to_owned();
    config.timeouts = Timeouts {
        connect: Duration::from_secs(2),
        idle: Duration::from_secs(2),
    };
    config.retry = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(5),
    };
    config
}

struct Run {
    result: Result<Completion, Failure>,
    events: Vec<StreamEvent>,
    elapsed: Duration,
}

impl Run {
    fn ok(&self) -> &Completion {
        match &self.result {
            Ok(completion) => completion,
            Err(failure) => panic!("expected success, got {failure:?}"),
        }
    }

    fn err(&self) -> &Failure {
        match &self.result {
            Ok(completion) => panic!("expected failure, got {completion:?}"),
            Err(failure) => failure,
        }
    }

    /// Token text after the last `Retrying` event (what a caller would show).
    fn shown_text(&self) -> String {
        let mut text = String::new();
        for event in &self.events {
            match event {
                StreamEvent::Token(token) => text.push_str(token),
                StreamEvent::Retrying { .. } => text.clear(),
            }
        }
        text
    }

    fn retries(&self) -> Vec<(u32, Duration, String)> {
        self.events
            .iter()
            .filter_map(|event| match event {
                StreamEvent::Retrying {
                    attempt,
                    wait,
                    reason,
                } => Some((*attempt, *wait, reason.clone())),
                StreamEvent::Token(_) => None,
            })
            .collect()
    }
}

async fn run(config: &ProviderConfig, key: Option<&str>) -> Run {
    run_with(config, key, &CancelToken::new()).await
}

async fn run_with(config: &ProviderConfig, key: Option<&str>, cancel: &CancelToken) -> Run {
    let key = key.map(|k| SecretString::new(k.to_owned()));
    let mut events = Vec::new();
    let mut sink = |event: StreamEvent| events.push(event);
    let started = Instant::now();
    let result = complete(
        config,
        key.as_ref(),
        ChatRequest {
            system: SYSTEM,
            user: USER,
        },
        &mut sink,
        cancel,
    )
    .await;
    Run {
        result,
        events,
        elapsed: started.elapsed(),
    }
}

fn sse_event(name: Option<&str>, data: &serde_json::Value) -> String {
    match name {
        Some(name) => format!("event: {name}\ndata: {data}\n\n"),
        None => format!("data: {data}\n\n"),
    }
}

fn openai_chunk(content: &str) -> String {
    sse_event(
        None,
        &json!({"id": "c1", "object": "chat.completion.chunk", "model": "gpt-test-0613",
                "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": null}],
                "usage": null}),
    )
}

/// A Chat Completions stream: role chunk, one chunk per piece, a finish
/// chunk, optionally the usage chunk, then `[DONE]`.
fn openai_stream(pieces: &[&str], usage: bool) -> String {
    let mut body = sse_event(
        None,
        &json!({"id": "c1", "object": "chat.completion.chunk", "model": "gpt-test-0613",
                "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}),
    );
    for piece in pieces {
        body.push_str(&openai_chunk(piece));
    }
    body.push_str(&sse_event(
        None,
        &json!({"id": "c1", "model": "gpt-test-0613",
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}),
    ));
    if usage {
        body.push_str(&sse_event(
            None,
            &json!({"id": "c1", "model": "gpt-test-0613", "choices": [],
                    "usage": {"prompt_tokens": 31, "completion_tokens": 9, "total_tokens": 40}}),
        ));
    }
    body.push_str("data: [DONE]\n\n");
    body
}

fn anthropic_start() -> String {
    let mut body = sse_event(
        Some("message_start"),
        &json!({"type": "message_start", "message": {"id": "msg_1", "type": "message",
                "role": "assistant", "model": "claude-test-20250101", "content": [],
                "usage": {"input_tokens": 42, "output_tokens": 1}}}),
    );
    body.push_str(&sse_event(
        Some("content_block_start"),
        &json!({"type": "content_block_start", "index": 0,
                "content_block": {"type": "text", "text": ""}}),
    ));
    body.push_str("event: ping\ndata: {\"type\": \"ping\"}\n\n");
    body
}

fn anthropic_delta(text: &str) -> String {
    sse_event(
        Some("content_block_delta"),
        &json!({"type": "content_block_delta", "index": 0,
                "delta": {"type": "text_delta", "text": text}}),
    )
}

fn anthropic_stream(pieces: &[&str]) -> String {
    let mut body = anthropic_start();
    for piece in pieces {
        body.push_str(&anthropic_delta(piece));
    }
    body.push_str(&sse_event(
        Some("content_block_stop"),
        &json!({"type": "content_block_stop", "index": 0}),
    ));
    body.push_str(&sse_event(
        Some("message_delta"),
        &json!({"type": "message_delta", "delta": {"stop_reason": "end_turn"},
                "usage": {"output_tokens": 11}}),
    ));
    body.push_str(&sse_event(
        Some("message_stop"),
        &json!({"type": "message_stop"}),
    ));
    body
}

/// Cut points inside every multi-byte character, plus every 7th byte.
fn awkward_cuts(body: &[u8]) -> Vec<usize> {
    (1..body.len())
        .filter(|&i| i % 7 == 0 || (body[i] & 0b1100_0000) == 0b1000_0000)
        .collect()
}

fn assert_no_key(text: &str) {
    assert!(!text.contains(KEY), "the key leaked into {text:?}");
}

// ---------------------------------------------------------------- success

#[tokio::test]
async fn openai_streams_tokens_in_order_with_usage_and_a_correct_request() {
    let server = Server::start(vec![Reply::sse(&openai_stream(&PIECES, true))]).await;
    let mut config = config(ProviderKind::OpenAi, &server.base_url());
    config.temperature = Some(0.5);
    config.max_tokens = 777;
    let run = run(&config, Some(KEY)).await;

    let completion = run.ok();
    assert_eq!(completion.text, TEXT);
    assert_eq!(completion.model, "gpt-test-0613");
    assert_eq!(completion.attempts, 1);
    assert_eq!(
        completion.usage,
        Usage {
            input_tokens: 31,
            output_tokens: 9,
            reported: true
        }
    );
    let tokens: Vec<_> = run
        .events
        .iter()
        .map(|e| match e {
            StreamEvent::Token(t) => t.as_str(),
            StreamEvent::Retrying { .. } => panic!("no retry expected"),
        })
        .collect();
    assert_eq!(tokens, PIECES);

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v1/chat/completions");
    let auth = format!("Bearer {KEY}");
    assert_eq!(request.header("authorization"), Some(auth.as_str()));
    assert_eq!(request.header("content-type"), Some("application/json"));
    let body = request.json();
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["stream"], true);
    assert_eq!(body["stream_options"]["include_usage"], true);
    assert_eq!(body["max_completion_tokens"], 777);
    assert!(body.get("max_tokens").is_none());
    assert_eq!(body["temperature"], 0.5);
    assert_eq!(
        body["messages"],
        json!([{"role": "system", "content": SYSTEM}, {"role": "user", "content": USER}])
    );
}

#[tokio::test]
async fn openai_compatible_without_key_sends_no_authorization_and_estimates_usage() {
    let server = Server::start(vec![Reply::sse(&openai_stream(&PIECES, false))]).await;
    let config = config(ProviderKind::OpenAiCompatible, &server.base_url());
    let run = run(&config, None).await;

    let completion = run.ok();
    assert_eq!(completion.text, TEXT);
    let input = (SYSTEM.chars().count() + USER.chars().count()).div_ceil(4) as u64;
    let output = TEXT.chars().count().div_ceil(4) as u64;
    assert_eq!(
        completion.usage,
        Usage {
            input_tokens: input,
            output_tokens: output,
            reported: false
        }
    );
    let request = &server.requests()[0];
    assert_eq!(request.header("authorization"), None);
    let body = request.json();
    assert_eq!(body["max_tokens"], 2048);
    assert!(body.get("max_completion_tokens").is_none());
    assert!(body.get("temperature").is_none());
}

#[tokio::test]
async fn openai_compatible_with_a_key_sends_it_as_bearer() {
    let server = Server::start(vec![Reply::sse(&openai_stream(&["ok"], true))]).await;
    let config = config(ProviderKind::OpenAiCompatible, &server.base_url());
    let run = run(&config, Some("local-key")).await;
    assert_eq!(run.ok().text, "ok");
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer local-key")
    );
}

#[tokio::test]
async fn anthropic_streams_tokens_with_usage_and_its_headers() {
    let server = Server::start(vec![Reply::sse(&anthropic_stream(&PIECES))]).await;
    let mut config = config(ProviderKind::Anthropic, &server.base_url());
    config.temperature = Some(0.25);
    let run = run(&config, Some(KEY)).await;

    let completion = run.ok();
    assert_eq!(completion.text, TEXT);
    assert_eq!(run.shown_text(), TEXT);
    assert_eq!(completion.model, "claude-test-20250101");
    assert_eq!(
        completion.usage,
        Usage {
            input_tokens: 42,
            output_tokens: 11,
            reported: true
        }
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.path, "/v1/messages");
    assert_eq!(request.header("x-api-key"), Some(KEY));
    assert_eq!(request.header("anthropic-version"), Some("2023-06-01"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("authorization"), None);
    let body = request.json();
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["stream"], true);
    assert_eq!(body["max_tokens"], 2048);
    assert_eq!(body["system"], SYSTEM);
    assert_eq!(body["temperature"], 0.25);
    assert_eq!(body["messages"], json!([{"role": "user", "content": USER}]));
}

#[tokio::test]
async fn openai_stream_split_at_awkward_byte_boundaries_is_read_intact() {
    let body = openai_stream(&PIECES, true).replace("\n", "\r\n");
    let cuts = awkward_cuts(body.as_bytes());
    let server = Server::start(vec![Reply::sse_head().write_split(body.as_bytes(), &cuts)]).await;
    let run = run(&config(ProviderKind::OpenAi, &server.base_url()), Some(KEY)).await;
    assert_eq!(run.ok().text, TEXT);
    assert_eq!(run.shown_text(), TEXT);
}

#[tokio::test]
async fn anthropic_stream_split_at_awkward_byte_boundaries_is_read_intact() {
    let body = anthropic_stream(&PIECES);
    let cuts = awkward_cuts(body.as_bytes());
    let server = Server::start(vec![Reply::sse_head().write_split(body.as_bytes(), &cuts)]).await;
    let run = run(
        &config(ProviderKind::Anthropic, &server.base_url()),
        Some(KEY),
    )
    .await;
    assert_eq!(run.ok().text, TEXT);
    assert_eq!(run.ok().usage.output_tokens, 11);
}

// ---------------------------------------------------------------- retries

#[tokio::test]
async fn rate_limit_with_retry_after_waits_that_long_then_succeeds() {
    let server = Server::start(vec![
        Reply::json(
            429,
            &[("Retry-After", "1")],
            r#"{"error":{"message":"slow down"}}"#,
        ),
        Reply::sse(&openai_stream(&PIECES, true)),
    ])
    .await;
    let run = run(&config(ProviderKind::OpenAi, &server.base_url()), Some(KEY)).await;
    assert_eq!(run.ok().text, TEXT);
    assert_eq!(run.ok().attempts, 2);
    let retries = run.retries();
    assert_eq!(retries.len(), 1);
    assert_eq!(retries[0].0, 2);
    assert_eq!(retries[0].1, Duration::from_secs(1));
    assert!(retries[0].2.contains("429"), "{}", retries[0].2);
    assert!(run.elapsed >= Duration::from_secs(1));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_limit_fails_at_once() {
    let server = Server::start(vec![Reply::json(
        429,
        &[("Retry-After", "600")],
        r#"{"error":{"message":"quota"}}"#,
    )])
    .await;
    let run = run(
        &config(ProviderKind::Anthropic, &server.base_url()),
        Some(KEY),
    )
    .await;
    let failure = run.err();
    assert_eq!(
        failure.error,
        ProviderError::RateLimited {
            provider: "Anthropic",
            retry_after: Some(Duration::from_secs(600)),
        }
    );
    assert_eq!(failure.attempts, 1);
    assert!(run.retries().is_empty());
    assert!(run.elapsed < Duration::from_secs(1), "{:?}", run.elapsed);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn rate_limit_on_every_attempt_ends_rate_limited() {
    let limited = || Reply::json(429, &[], r#"{"error":{"message":"slow down"}}"#);
    let server = Server::start(vec![limited(), limited(), limited()]).await;
    let run = run(&config(ProviderKind::OpenAi, &server.base_url()), Some(KEY)).await;
    let failure = run.err();
    assert!(
        matches!(
            failure.error,
            ProviderError::RateLimited {
                retry_after: None,
                ..
            }
        ),
        "{:?}",
        failure.error
    );
    assert_eq!(failure.attempts, 3);
    let retries = run.retries();
    assert_eq!(retries.iter().map(|r| r.0).collect::<Vec<_>>(), vec![2, 3]);
    // Full jitter: never above base * 2^(n-1).
    assert!(retries[0].1 <= Duration::from_millis(10));
    assert!(retries[1].1 <= Duration::from_millis(20));
}

#[tokio::test]
async fn server_errors_are_retried_then_succeed() {
    let server = Server::start(vec![
        Reply::json(500, &[], r#"{"error":{"message":"internal oops"}}"#),
        Reply::sse(&openai_stream(&PIECES, true)),
    ])
    .await;
    let run = run(&config(ProviderKind::OpenAi, &server.base_url()), Some(KEY)).await;
    assert_eq!(run.ok().text, TEXT);
    assert_eq!(run.ok().attempts, 2);
    let retries = run.retries();
    assert_eq!(retries.len(), 1);
    assert!(retries[0].2.contains("internal oops"), "{}", retries[0].2);
}

#[tokio::test]
async fn anthropic_overloaded_status_is_retried_then_ends_as_server_error() {
    let overloaded = || {
        Reply::json(
            529,
            &[],
            r#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
        )
    };
    let server = Server::start(vec![overloaded(), overloaded(), overloaded()]).await;
    let run = run(
        &config(ProviderKind::Anthropic, &server.base_url()),
        Some(KEY),
    )
    .await;
    assert_eq!(
        run.err().error,
        ProviderError::Server {
            provider: "Anthropic",
            status: 529,
            message: "Overloaded".to_owned(),
        }
    );
    assert_eq!(run.err().attempts, 3);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn anthropic_overloaded_event_mid_stream_is_retried() {
    let mut broken = anthropic_start();
    broken.push_str(&anthropic_delta("Half"));
    broken.push_str(&sse_event(
        Some("error"),
        &json!({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}),
    ));
    let server = Server::start(vec![
        Reply::sse(&broken),
        Reply::sse(&anthropic_stream(&PIECES)),
    ])
    .await;
    let run = run(
        &config(ProviderKind::Anthropic, &server.base_url()),
        Some(KEY),
    )
    .await;
    assert_eq!(run.ok().text, TEXT);
    assert_eq!(run.ok().attempts, 2);
    assert_eq!(run.shown_text(), TEXT);
    assert!(run.retries()[0].2.contains("529"), "{:?}", run.retries());
}

#[tokio::test]
async fn openai_error_event_mid_stream_is_a_server_error() {
    let mut broken = openai_chunk("Half");
    broken.push_str(&sse_event(
        None,
        &json!({"error": {"message": "The server had an error", "type": "server_error"}}),
    ));
    let server = Server::start(vec![Reply::sse(&broken), Reply::sse(&broken)]).await;
    let mut config = config(ProviderKind::OpenAi, &server.base_url());
    config.retry.max_attempts = 2;
    let run = run(&config, Some(KEY)).await;
    let failure = run.err();
    assert!(
        matches!(&failure.error, ProviderError::Server { message, .. } if message == "The server had an error"),
        "{:?}",
        failure.error
    );
    assert_eq!(failure.partial, "Half");
    assert_eq!(failure.attempts, 2);
}

#[tokio::test]
async fn an_idle_timeout_is_retried_then_succeeds() {
    let server = Server::start(vec![
        Reply::stall_before_headers(),
        Reply::sse(&openai_stream(&PIECES, true)),
    ])
    .await;
    let mut config = config(ProviderKind::OpenAi, &server.base_url());
    config.timeouts.idle = Duration::from_millis(300);
    let run = run(&config, Some(KEY)).await;
    assert_eq!(run.ok().text, TEXT);
    assert_eq!(run.ok().attempts, 2);
    assert_eq!(run.retries().len(), 1);
    assert!(run.elapsed >= Duration::from_millis(300));
}

#[tokio::test]
async fn idle_timeouts_on_every_attempt_end_as_timeout_with_the_partial_text() {
    let stalls = || {
        Reply::sse_head()
            .write(anthropic_start() + &anthropic_delta("So far"))
            .stall()
    };
    let server = Server::start(vec![stalls(), stalls()]).await;
    let mut config = config(ProviderKind::Anthropic, &server.base_url());
    config.timeouts.idle = Duration::from_millis(300);
    config.retry.max_attempts = 2;
    let run = run(&config, Some(KEY)).await;
    let failure = run.err();
    assert!(
        matches!(failure.error, ProviderError::Timeout { .. }),
        "{:?}",
        failure.error
    );
    assert_eq!(failure.partial, "So far");
    assert_eq!(failure.attempts, 2);
    // Input was reported by message_start; output is an estimate.
    assert_eq!(
        failure.usage,
        Usage {
            input_tokens: 42,
            output_tokens: 2,
            reported: false
        }
    );
    assert!(run.elapsed < Duration::from_secs(3), "{:?}", run.elapsed);
}

#[tokio::test]
async fn a_stream_cut_before_done_is_retried_then_succeeds() {
    let cut = openai_stream(&PIECES, true);
    let cut = &cut[..cut.find("data: [DONE]").expect("marker")];
    let server = Server::start(vec![
        Reply::sse(cut),
        Reply::sse(&openai_stream(&["Second ", "try"], true)),
    ])
    .await;
    let run = run(&config(ProviderKind::OpenAi, &server.base_url()), Some(KEY)).await;
    assert_eq!(run.ok().text, "Second try");
    assert_eq!(run.shown_text(), "Second try");
    assert_eq!(run.ok().attempts, 2);
    assert_eq!(run.retries().len(), 1);
    assert_eq!(run.retries()[0].0, 2);
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_retried() {
    let server = Server::start(vec![
        Reply::head(
            200,
            &[
                ("Content-Type", "text/event-stream"),
                ("Content-Length", "100000"),
            ],
        )
        .write(anthropic_start() + &anthropic_delta("Half")),
        Reply::sse(&anthropic_stream(&PIECES)),
    ])
    .await;
    let run = run(
        &config(ProviderKind::Anthropic, &server.base_url()),
        Some(KEY),
    )
    .await;
    assert_eq!(run.ok().text, TEXT);
    assert_eq!(run.retries().len(), 1);
}

#[tokio::test]
async fn streams_cut_on_every_attempt_end_as_connection_error_with_partial_text() {
    let cut = || {
        let mut body = anthropic_start();
        body.push_str(&anthropic_delta("Dear hiring "));
        body.push_str(&anthropic_delta("manager"));
        Reply::sse(&body)
    };
    let server = Server::start(vec![cut(), cut(), cut()]).await;
    let run = run(
        &config(ProviderKind::Anthropic, &server.base_url()),
        Some(KEY),
    )
    .await;
    let failure = run.err();
    assert!(
        matches!(failure.error, ProviderError::Connection { .. }),
        "{:?}",
        failure.error
    );
    assert_eq!(failure.partial, "Dear hiring manager");
    assert_eq!(failure.attempts, 3);
    assert_eq!(run.retries().len(), 2);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn connection_refused_is_retried_then_reported() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let base_url = format!("http://127.0.0.1:{port}/v1");
    let run = run(&config(ProviderKind::OpenAiCompatible, &base_url), None).await;
    let failure = run.err();
    match &failure.error {
        ProviderError::Connection {
            base_url: reported, ..
        } => assert_eq!(reported, &base_url),
        other => panic!("expected a connection error, got {other:?}"),
    }
    assert_eq!(failure.attempts, 3);
    assert_eq!(run.retries().len(), 2);
    assert!(failure.partial.is_empty());
}

// ---------------------------------------------------------------- no retry

#[tokio::test]
async fn malformed_json_is_a_protocol_error_without_retry() {
    for kind in [ProviderKind::OpenAi, ProviderKind::Anthropic] {
        let body = match kind {
            ProviderKind::Anthropic => {
                anthropic_start() + "event: content_block_delta\ndata: {\"type\": oops\n\n"
            }
            _ => openai_chunk("Hi") + "data: {\"choices\": [oops\n\n",
        };
        let server = Server::start(vec![Reply::sse(&body), Reply::sse(&body)]).await;
        let run = run(&config(kind, &server.base_url()), Some(KEY)).await;
        let failure = run.err();
        assert!(
            matches!(failure.error, ProviderError::Protocol { .. }),
            "{kind:?}: {:?}",
            failure.error
        );
        assert_eq!(failure.attempts, 1);
        assert!(run.retries().is_empty());
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn unauthorized_fails_at_once_and_never_shows_the_key() {
    for (kind, status) in [(ProviderKind::OpenAi, 401), (ProviderKind::Anthropic, 403)] {
        let body = format!(r#"{{"error":{{"message":"Incorrect API key provided: {KEY}"}}}}"#);
        let server = Server::start(vec![Reply::json(status, &[], &body)]).await;
        let run = run(&config(kind, &server.base_url()), Some(KEY)).await;
        let failure = run.err();
        assert_eq!(
            failure.error,
            ProviderError::Unauthorized {
                provider: kind.display_name(),
                cli_name: kind.as_str(),
                status,
            }
        );
        assert_no_key(&failure.error.to_string());
        assert_no_key(&format!("{failure:?}"));
        assert_eq!(failure.attempts, 1);
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn bad_requests_are_rejected_with_the_providers_message_and_the_key_masked() {
    let body = format!(
        r#"{{"error":{{"message":"max_tokens is too large for key {KEY}","type":"invalid_request_error"}}}}"#
    );
    let server = Server::start(vec![Reply::json(400, &[], &body)]).await;
    let run = run(&config(ProviderKind::OpenAi, &server.base_url()), Some(KEY)).await;
    let failure = run.err();
    assert_eq!(
        failure.error,
        ProviderError::Rejected {
            provider: "OpenAI",
            status: 400,
            message: "max_tokens is too large for key ***".to_owned(),
        }
    );
    assert_no_key(&failure.error.to_string());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn not_found_without_json_is_rejected_with_the_reason_phrase() {
    let server = Server::start(vec![
        Reply::head(404, &[("Content-Type", "text/html")]).write("<h1>nope</h1>"),
    ])
    .await;
    let run = run(
        &config(ProviderKind::OpenAiCompatible, &server.base_url()),
        None,
    )
    .await;
    assert_eq!(
        run.err().error,
        ProviderError::Rejected {
            provider: "OpenAI-compatible server",
            status: 404,
            message: "Not Found".to_owned(),
        }
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_missing_key_fails_before_any_request() {
    let server = Server::start(vec![Reply::sse(&openai_stream(&PIECES, true))]).await;
    for (kind, key) in [
        (ProviderKind::OpenAi, None),
        (ProviderKind::OpenAi, Some("  ")),
        (ProviderKind::Anthropic, None),
    ] {
        let run = run(&config(kind, &server.base_url()), key).await;
        let failure = run.err();
        assert_eq!(
            failure.error,
            ProviderError::MissingKey {
                provider: kind.display_name(),
                cli_name: kind.as_str(),
            }
        );
        assert_eq!(failure.attempts, 0);
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_bad_base_url_fails_before_any_request() {
    for base_url in ["ftp://example.com/v1", "not a url", "http://"] {
        let run = run(&config(ProviderKind::OpenAi, base_url), Some(KEY)).await;
        assert_eq!(
            run.err().error,
            ProviderError::BadBaseUrl {
                base_url: base_url.to_owned()
            }
        );
        assert_eq!(run.err().attempts, 0);
    }
}

// ---------------------------------------------------------------- cancel

#[tokio::test]
async fn cancelling_mid_stream_returns_promptly_with_the_partial_text() {
    let mut reply = Reply::sse_head().write(anthropic_start());
    for i in 0..100 {
        reply = reply
            .write(anthropic_delta(&format!("word{i} ")))
            .pause(Duration::from_millis(100));
    }
    let server = Server::start(vec![reply]).await;
    let config = config(ProviderKind::Anthropic, &server.base_url());
    let cancel = CancelToken::new();
    let canceller = {
        let cancel = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(450)).await;
            cancel.cancel();
            Instant::now()
        })
    };
    let run = run_with(&config, Some(KEY), &cancel).await;
    let cancelled_at = canceller.await.expect("canceller ran");
    assert!(
        cancelled_at.elapsed() < Duration::from_secs(1),
        "returned {:?} after the cancel",
        cancelled_at.elapsed()
    );
    let failure = run.err();
    assert_eq!(failure.error, ProviderError::Cancelled);
    assert!(
        failure.partial.starts_with("word0 "),
        "{:?}",
        failure.partial
    );
    assert_eq!(failure.partial, run.shown_text());
    assert_eq!(failure.attempts, 1);
    assert!(run.elapsed < Duration::from_secs(2));
}

#[tokio::test]
async fn cancelling_during_a_retry_wait_returns_promptly() {
    let server = Server::start(vec![Reply::json(
        429,
        &[("Retry-After", "4")],
        r#"{"error":{"message":"later"}}"#,
    )])
    .await;
    let config = config(ProviderKind::OpenAi, &server.base_url());
    let cancel = CancelToken::new();
    let canceller = {
        let cancel = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            cancel.cancel();
        })
    };
    let run = run_with(&config, Some(KEY), &cancel).await;
    canceller.await.expect("canceller ran");
    assert_eq!(run.err().error, ProviderError::Cancelled);
    assert_eq!(run.retries().len(), 1);
    assert!(run.elapsed < Duration::from_secs(1), "{:?}", run.elapsed);
}

#[tokio::test]
async fn an_already_cancelled_token_sends_nothing() {
    let server = Server::start(vec![Reply::sse(&openai_stream(&PIECES, true))]).await;
    let cancel = CancelToken::new();
    cancel.cancel();
    let run = run_with(
        &config(ProviderKind::OpenAi, &server.base_url()),
        Some(KEY),
        &cancel,
    )
    .await;
    assert_eq!(run.err().error, ProviderError::Cancelled);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(server.requests().is_empty());
}

#[test]
fn the_completion_future_can_be_spawned() {
    fn assert_send<T: Send>(_: &T) {}
    let config = ProviderConfig::new(ProviderKind::OpenAi);
    let cancel = CancelToken::new();
    let mut sink = |_: StreamEvent| {};
    let future = complete(
        &config,
        None,
        ChatRequest {
            system: "",
            user: "",
        },
        &mut sink,
        &cancel,
    );
    assert_send(&future);
}
