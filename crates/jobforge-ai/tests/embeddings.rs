//! Provider embeddings against a scripted local HTTP server: the request,
//! the probe, ordering and normalisation, blank texts, retries, errors
//! without the key, and calls from inside a tokio runtime.
//!
//! The embedder is synchronous, so the tests are plain `#[test]`s; the
//! scripted server runs on a runtime of its own in the background.

use std::time::Duration;

use jobforge_ai::providers::{
    MAX_EMBED_BATCH, ProviderConfig, ProviderEmbedder, ProviderKind, RetryPolicy, Timeouts,
};
use jobforge_embed::{EmbedError, Embedder, EmbedderId};
use jobforge_secrets::SecretString;
use jobforge_testkit::http_script::{Reply, Request, Server};
use serde_json::{Value, json};

const KEY: &str = "sk-test-S3CRET-0123456789abcdef";
const DIMENSION: usize = 4;

/// The scripted server on a background runtime, so that the test's own
/// thread can block in `embed`.
struct Backend {
    server: Option<Server>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Backend {
    fn start(replies: Vec<Reply>) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("test runtime");
        let server = runtime.block_on(Server::start(replies));
        Self {
            server: Some(server),
            runtime: Some(runtime),
        }
    }

    fn server(&self) -> &Server {
        self.server.as_ref().expect("server runs until drop")
    }

    fn base_url(&self) -> String {
        self.server().base_url()
    }

    fn requests(&self) -> Vec<Request> {
        self.server().requests()
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        drop(self.server.take());
        // Some tests drop this inside an async context, where a blocking
        // runtime shutdown would panic.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn config(kind: ProviderKind, base_url: &str) -> ProviderConfig {
    let mut config = ProviderConfig::new(kind);
    config.base_url = Some(base_url.to_owned());
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

fn key() -> SecretString {
    SecretString::new(KEY.to_owned())
}

/// An embeddings answer with the given `(index, vector)` items, in the order given.
fn answer(items: &[(usize, Vec<f32>)]) -> Reply {
    let data: Vec<Value> = items
        .iter()
        .map(|(index, vector)| json!({"object": "embedding", "index": index, "embedding": vector}))
        .collect();
    let body = json!({"object": "list", "data": data, "model": "served-model",
                      "usage": {"prompt_tokens": 5, "total_tokens": 5}});
    Reply::json(200, &[], &body.to_string())
}

/// One vector of `DIMENSION` per text, `[i + 1, 0, 0, 0]`-like and not unit length.
fn vectors(count: usize) -> Vec<(usize, Vec<f32>)> {
    (0..count)
        .map(|i| {
            let mut vector = vec![0.0; DIMENSION];
            vector[i % DIMENSION] = 3.0 + i as f32;
            vector[(i + 1) % DIMENSION] = 4.0;
            (i, vector)
        })
        .collect()
}

fn probe_answer() -> Reply {
    answer(&[(0, vec![1.0, 2.0, 2.0, 0.0])])
}

fn connect(
    backend: &Backend,
    kind: ProviderKind,
    key: Option<&SecretString>,
) -> Result<ProviderEmbedder, EmbedError> {
    ProviderEmbedder::connect(&config(kind, &backend.base_url()), key, None)
}

fn connected_openai(replies: Vec<Reply>) -> (Backend, ProviderEmbedder) {
    let mut script = vec![probe_answer()];
    script.extend(replies);
    let backend = Backend::start(script);
    let embedder = connect(&backend, ProviderKind::OpenAi, Some(&key())).expect("connects");
    (backend, embedder)
}

fn norm(vector: &[f32]) -> f32 {
    vector.iter().map(|v| v * v).sum::<f32>().sqrt()
}

fn message(error: &EmbedError) -> &str {
    match error {
        EmbedError::Provider { message, .. } => message,
        other => panic!("expected a provider error, got {other:?}"),
    }
}

fn assert_no_key(error: &EmbedError) {
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(KEY), "the key leaked into {shown:?}");
    assert!(
        !shown.contains("S3CRET"),
        "part of the key leaked into {shown:?}"
    );
}

// ---------------------------------------------------------------- requests

#[test]
fn openai_request_carries_model_input_array_float_format_and_the_bearer_key() {
    let (backend, embedder) = connected_openai(vec![answer(&vectors(3))]);
    let texts = ["Rust engineer", "SQL and Postgres", "Café — naïve 😀"];
    embedder.embed(&texts).expect("embeds");

    let requests = backend.requests();
    assert_eq!(requests.len(), 2, "the probe, then one request for 3 texts");
    let auth = format!("Bearer {KEY}");
    for request in &requests {
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, "/v1/embeddings");
        assert_eq!(request.header("authorization"), Some(auth.as_str()));
        assert_eq!(request.header("content-type"), Some("application/json"));
        let body = request.json();
        assert_eq!(body["model"], "text-embedding-3-small");
        assert_eq!(body["encoding_format"], "float");
    }
    assert_eq!(
        requests[0].json()["input"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(requests[1].json()["input"], json!(texts));
}

#[test]
fn a_keyless_compatible_server_gets_no_authorization_and_the_ollama_model() {
    let backend = Backend::start(vec![probe_answer(), answer(&vectors(1))]);
    let embedder = connect(&backend, ProviderKind::OpenAiCompatible, None).expect("connects");
    embedder.embed(&["hello"]).expect("embeds");
    let requests = backend.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.path, "/v1/embeddings");
        assert_eq!(request.header("authorization"), None);
        assert_eq!(request.json()["model"], "nomic-embed-text");
    }
}

#[test]
fn a_compatible_server_with_a_key_gets_it_as_bearer() {
    let backend = Backend::start(vec![probe_answer()]);
    let local = SecretString::new("local-key".to_owned());
    connect(&backend, ProviderKind::OpenAiCompatible, Some(&local)).expect("connects");
    assert_eq!(
        backend.requests()[0].header("authorization"),
        Some("Bearer local-key")
    );
}

#[test]
fn a_named_model_is_sent_and_named_in_the_id() {
    let backend = Backend::start(vec![probe_answer()]);
    let embedder = ProviderEmbedder::connect(
        &config(ProviderKind::OpenAiCompatible, &backend.base_url()),
        None,
        Some(" mixedbread-ai/mxbai-embed-large "),
    )
    .expect("connects");
    assert_eq!(
        backend.requests()[0].json()["model"],
        "mixedbread-ai/mxbai-embed-large"
    );
    assert_eq!(embedder.model(), "mixedbread-ai/mxbai-embed-large");
    assert_eq!(
        embedder.id().to_string(),
        "compatible-mixedbread-ai-mxbai-embed-large-v1/4"
    );
}

// ---------------------------------------------------------------- probe

#[test]
fn the_probe_fixes_id_and_dimension() {
    let backend = Backend::start(vec![answer(&[(0, vec![0.5; 7])])]);
    let embedder = connect(&backend, ProviderKind::OpenAi, Some(&key())).expect("connects");
    assert_eq!(embedder.dimension(), 7);
    assert_eq!(
        embedder.id(),
        EmbedderId::new("openai-text-embedding-3-small", 1, 7).expect("valid id")
    );
    assert_eq!(
        embedder.id().to_string(),
        "openai-text-embedding-3-small-v1/7"
    );
    assert_eq!(embedder.max_batch(), MAX_EMBED_BATCH);
    assert_eq!(MAX_EMBED_BATCH, 64);
    assert_eq!(backend.requests().len(), 1);

    let backend = Backend::start(vec![probe_answer()]);
    let embedder = connect(&backend, ProviderKind::OpenAiCompatible, None).expect("connects");
    assert_eq!(
        embedder.id().to_string(),
        "compatible-nomic-embed-text-v1/4"
    );
}

#[test]
fn a_probe_answered_with_an_empty_vector_is_refused() {
    let backend = Backend::start(vec![answer(&[(0, vec![])])]);
    let error = connect(&backend, ProviderKind::OpenAiCompatible, None).expect_err("refused");
    assert!(message(&error).contains("empty vector"), "{error}");
    assert!(
        message(&error).contains("'nomic-embed-text' is an embedding model"),
        "{error}"
    );
}

#[test]
fn a_later_change_of_dimension_is_wrong_dimension() {
    let (_backend, embedder) = connected_openai(vec![answer(&[
        (0, vec![1.0, 0.0, 0.0, 0.0]),
        (1, vec![1.0, 0.0, 0.0]),
    ])]);
    let error = embedder.embed(&["a", "b"]).expect_err("refused");
    assert_eq!(
        error,
        EmbedError::WrongDimension {
            embedder: embedder.id(),
            index: 1,
            expected: DIMENSION,
            got: 3,
        }
    );
}

#[test]
fn wrong_dimension_names_the_callers_text_when_blanks_were_skipped() {
    let (_backend, embedder) = connected_openai(vec![answer(&[(0, vec![1.0, 0.0])])]);
    let error = embedder.embed(&["", "   ", "text"]).expect_err("refused");
    assert!(
        matches!(
            error,
            EmbedError::WrongDimension {
                index: 2,
                got: 2,
                ..
            }
        ),
        "{error:?}"
    );
}

// ---------------------------------------------------------------- vectors

#[test]
fn vectors_are_unit_length_and_follow_index_when_the_server_answers_out_of_order() {
    let (_backend, embedder) = connected_openai(vec![answer(&[
        (2, vec![0.0, 0.0, 5.0, 0.0]),
        (0, vec![3.0, 4.0, 0.0, 0.0]),
        (1, vec![0.0, 0.0, 0.0, 0.25]),
    ])]);
    let vectors = embedder
        .embed(&["first", "second", "third"])
        .expect("embeds");
    assert_eq!(
        vectors,
        vec![
            vec![0.6, 0.8, 0.0, 0.0],
            vec![0.0, 0.0, 0.0, 1.0],
            vec![0.0, 0.0, 1.0, 0.0],
        ]
    );
    for vector in &vectors {
        assert!((norm(vector) - 1.0).abs() < 1e-6, "{vector:?}");
    }
}

#[test]
fn repeated_indices_are_refused_as_a_server_fault() {
    let (backend, embedder) = connected_openai(vec![answer(&[
        (0, vec![1.0, 0.0, 0.0, 0.0]),
        (0, vec![0.0, 1.0, 0.0, 0.0]),
    ])]);
    let error = embedder.embed(&["a", "b"]).expect_err("refused");
    assert!(message(&error).contains("index 0 is repeated"), "{error}");
    assert_eq!(backend.requests().len(), 2, "not retried");
}

#[test]
fn blank_texts_are_not_sent_and_give_zero_vectors() {
    let (backend, embedder) = connected_openai(vec![answer(&[
        (0, vec![0.0, 2.0, 0.0, 0.0]),
        (1, vec![0.0, 0.0, 2.0, 0.0]),
    ])]);
    let vectors = embedder
        .embed(&["", "first", " \n\t ", "second"])
        .expect("embeds");
    assert_eq!(
        vectors,
        vec![
            vec![0.0; DIMENSION],
            vec![0.0, 1.0, 0.0, 0.0],
            vec![0.0; DIMENSION],
            vec![0.0, 0.0, 1.0, 0.0],
        ]
    );
    let requests = backend.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].json()["input"], json!(["first", "second"]));
}

#[test]
fn only_blank_texts_or_none_send_nothing() {
    let (backend, embedder) = connected_openai(vec![]);
    assert_eq!(
        embedder.embed(&["", "  "]).expect("embeds"),
        vec![vec![0.0; DIMENSION]; 2]
    );
    assert_eq!(embedder.embed(&[]).expect("embeds"), Vec::<Vec<f32>>::new());
    assert_eq!(backend.requests().len(), 1, "only the probe");
}

#[test]
fn more_texts_than_max_batch_are_split_into_requests_of_max_batch() {
    let count = MAX_EMBED_BATCH + 1;
    let (backend, embedder) =
        connected_openai(vec![answer(&vectors(MAX_EMBED_BATCH)), answer(&vectors(1))]);
    let texts: Vec<String> = (0..count).map(|i| format!("text {i}")).collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let vectors = embedder.embed(&texts).expect("embeds");
    assert_eq!(vectors.len(), count);
    let requests = backend.requests();
    assert_eq!(requests.len(), 3);
    let sent = |i: usize| requests[i].json()["input"].as_array().map(Vec::len);
    assert_eq!(sent(1), Some(MAX_EMBED_BATCH));
    assert_eq!(sent(2), Some(1));
    assert_eq!(
        requests[2].json()["input"],
        json!([format!("text {}", count - 1)])
    );
}

// ---------------------------------------------------------------- failures

#[test]
fn unauthorized_fails_at_once_says_to_set_the_key_again_and_hides_it() {
    let body = format!(r#"{{"error":{{"message":"Incorrect API key provided: {KEY}"}}}}"#);
    let backend = Backend::start(vec![Reply::json(401, &[], &body)]);
    let error = connect(&backend, ProviderKind::OpenAi, Some(&key())).expect_err("refused");
    let text = message(&error);
    assert!(
        text.contains("OpenAI refused the API key (HTTP 401)"),
        "{text}"
    );
    assert!(text.contains("set it again in Settings"), "{text}");
    assert_no_key(&error);
    assert_eq!(backend.requests().len(), 1, "not retried");
}

#[test]
fn a_keyless_compatible_server_asking_for_a_key_says_so() {
    let backend = Backend::start(vec![Reply::json(401, &[], r#"{"error":"unauthorized"}"#)]);
    let error = connect(&backend, ProviderKind::OpenAiCompatible, None).expect_err("refused");
    assert!(message(&error).contains("asks for an API key"), "{error}");
    assert!(
        message(&error).contains("jobforge key set openai-compatible"),
        "{error}"
    );
}

#[test]
fn an_unknown_model_on_a_compatible_server_says_to_pull_it() {
    let backend = Backend::start(vec![Reply::json(
        404,
        &[],
        r#"{"error":{"message":"model \"nomic-embed-text\" not found, try pulling it first","type":"api_error"}}"#,
    )]);
    let error = connect(&backend, ProviderKind::OpenAiCompatible, None).expect_err("refused");
    let text = message(&error);
    assert!(text.contains("HTTP 404"), "{text}");
    assert!(text.contains("try pulling it first"), "{text}");
    assert!(text.contains("ollama pull nomic-embed-text"), "{text}");
    assert_eq!(backend.requests().len(), 1, "not retried");
}

#[test]
fn an_unknown_openai_model_says_to_check_its_name() {
    let (_backend, embedder) = connected_openai(vec![Reply::json(
        404,
        &[],
        r#"{"error":{"message":"The model `text-embedding-9` does not exist"}}"#,
    )]);
    let error = embedder.embed(&["text"]).expect_err("refused");
    let text = message(&error);
    assert!(text.contains("does not exist"), "{text}");
    assert!(text.contains("check the embedding model's name"), "{text}");
    assert!(!text.contains("ollama"), "{text}");
}

#[test]
fn a_server_error_is_retried_then_succeeds() {
    let (backend, embedder) = connected_openai(vec![
        Reply::json(500, &[], r#"{"error":{"message":"internal oops"}}"#),
        answer(&vectors(2)),
    ]);
    let vectors = embedder.embed(&["a", "b"]).expect("recovers");
    assert_eq!(vectors.len(), 2);
    let requests = backend.requests();
    assert_eq!(requests.len(), 3, "probe, 500, retry");
    assert_eq!(requests[1].body, requests[2].body, "the same request again");
}

#[test]
fn server_errors_on_every_attempt_end_as_a_provider_error_naming_the_tries() {
    let failing = || Reply::json(503, &[], r#"{"error":{"message":"overloaded"}}"#);
    let (backend, embedder) = connected_openai(vec![failing(), failing(), failing()]);
    let error = embedder.embed(&["a"]).expect_err("fails");
    let text = message(&error);
    assert!(text.contains("HTTP 503 (overloaded)"), "{text}");
    assert!(text.contains("tried 3 times"), "{text}");
    assert_eq!(backend.requests().len(), 4);
}

#[test]
fn a_rate_limit_is_retried_after_the_wait_it_asks_for() {
    let (backend, embedder) = connected_openai(vec![
        Reply::json(
            429,
            &[("retry-after-ms", "150")],
            r#"{"error":{"message":"slow"}}"#,
        ),
        answer(&vectors(1)),
    ]);
    let started = std::time::Instant::now();
    embedder.embed(&["a"]).expect("recovers");
    assert!(started.elapsed() >= Duration::from_millis(150));
    assert_eq!(backend.requests().len(), 3);
}

#[test]
fn a_rate_limit_asking_for_too_long_a_wait_fails_at_once() {
    let (backend, embedder) = connected_openai(vec![Reply::json(
        429,
        &[("Retry-After", "600")],
        r#"{"error":{"message":"quota"}}"#,
    )]);
    let error = embedder.embed(&["a"]).expect_err("fails");
    assert!(
        message(&error).contains("it asked to wait 600 s"),
        "{error}"
    );
    assert_eq!(backend.requests().len(), 2);
}

#[test]
fn an_idle_timeout_is_retried_then_succeeds() {
    let backend = Backend::start(vec![Reply::stall_before_headers(), probe_answer()]);
    let mut config = config(ProviderKind::OpenAiCompatible, &backend.base_url());
    config.timeouts.idle = Duration::from_millis(300);
    let embedder = ProviderEmbedder::connect(&config, None, None).expect("recovers");
    assert_eq!(embedder.dimension(), DIMENSION);
    assert_eq!(backend.requests().len(), 2);
}

#[test]
fn malformed_json_is_a_provider_error_without_retry() {
    let (backend, embedder) = connected_openai(vec![
        Reply::json(
            200,
            &[],
            r#"{"data": [{"index": 0, "embedding": [1.0, oops"#,
        ),
        answer(&vectors(1)),
    ]);
    let error = embedder.embed(&["a"]).expect_err("fails");
    let text = message(&error);
    assert!(text.contains("not an embeddings response"), "{text}");
    assert!(text.contains("/embeddings endpoint"), "{text}");
    assert_eq!(backend.requests().len(), 2, "not retried");
}

#[test]
fn an_html_page_is_quoted_only_briefly() {
    let page = format!(
        "<html><body>{}</body></html>",
        "proxy says no. ".repeat(100)
    );
    let (_backend, embedder) = connected_openai(vec![
        Reply::head(200, &[("Content-Type", "text/html")]).write(page),
    ]);
    let error = embedder.embed(&["a"]).expect_err("fails");
    let text = message(&error);
    assert!(text.contains("<html><body>proxy says no."), "{text}");
    assert!(text.len() < 600, "{} characters: {text}", text.len());
}

#[test]
fn a_wrong_count_of_vectors_is_wrong_count() {
    let (_backend, embedder) = connected_openai(vec![answer(&vectors(2))]);
    let error = embedder.embed(&["a", "b", "c"]).expect_err("fails");
    assert_eq!(
        error,
        EmbedError::WrongCount {
            embedder: embedder.id(),
            expected: 3,
            got: 2,
        }
    );
}

#[test]
fn connection_refused_asks_whether_the_server_is_running() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let base_url = format!("http://127.0.0.1:{port}/v1");
    let error = ProviderEmbedder::connect(
        &config(ProviderKind::OpenAiCompatible, &base_url),
        None,
        None,
    )
    .expect_err("nothing listens");
    let text = message(&error);
    assert!(
        text.contains(&format!("could not connect to {base_url}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("is the server running at {base_url}?")),
        "{text}"
    );
    assert!(text.contains("tried 3 times"), "{text}");
}

#[test]
fn anthropic_is_refused_before_any_request() {
    let backend = Backend::start(vec![probe_answer()]);
    let error = connect(&backend, ProviderKind::Anthropic, Some(&key())).expect_err("refused");
    let text = message(&error);
    assert!(text.contains("Anthropic has no embeddings API"), "{text}");
    assert!(text.contains("OpenAI-compatible server"), "{text}");
    assert_eq!(
        ProviderEmbedder::default_model(ProviderKind::Anthropic),
        None
    );
    assert!(backend.requests().is_empty());
}

#[test]
fn openai_without_a_key_is_refused_before_any_request() {
    let backend = Backend::start(vec![probe_answer()]);
    let blank = SecretString::new("  ".to_owned());
    for key in [None, Some(&blank)] {
        let error = connect(&backend, ProviderKind::OpenAi, key).expect_err("refused");
        assert!(
            message(&error).contains("no API key is stored for OpenAI"),
            "{error}"
        );
    }
    assert!(backend.requests().is_empty());
}

#[test]
fn a_bad_base_url_is_refused_before_any_request() {
    let error = ProviderEmbedder::connect(
        &config(ProviderKind::OpenAiCompatible, "ftp://example.com/v1"),
        None,
        None,
    )
    .expect_err("refused");
    assert!(
        message(&error).contains("not a valid http(s) URL"),
        "{error}"
    );
}

#[test]
fn a_key_echoed_by_the_server_never_shows_in_an_error() {
    let echo = |status: u16| {
        Reply::json(
            status,
            &[],
            &format!(r#"{{"error":{{"message":"bad request for key {KEY}"}}}}"#),
        )
    };
    let (_backend, embedder) = connected_openai(vec![
        echo(400),
        echo(500),
        echo(500),
        echo(500),
        Reply::json(200, &[], &format!(r#"{{"error":"quota for {KEY}"}}"#)),
    ]);
    for _ in 0..3 {
        let error = embedder.embed(&["a"]).expect_err("fails");
        assert!(message(&error).contains("***"), "{error}");
        assert_no_key(&error);
    }
    assert!(!format!("{embedder:?}").contains(KEY));
}

// ---------------------------------------------------------------- runtimes

/// Connects and embeds from async code running on `runtime`, as the CLI
/// does, then drops the embedder there too (dropping a runtime inside
/// another one panics unless done with care).
fn connect_and_embed_inside(runtime: &tokio::runtime::Runtime, kind: ProviderKind) {
    let backend = Backend::start(vec![probe_answer(), answer(&vectors(2))]);
    let base_url = backend.base_url();
    let vectors = runtime.block_on(async move {
        assert!(tokio::runtime::Handle::try_current().is_ok());
        let key = key();
        let embedder = ProviderEmbedder::connect(&config(kind, &base_url), Some(&key), None)
            .expect("connects");
        let vectors = embedder.embed(&["a", "b"]).expect("embeds");
        drop(embedder);
        vectors
    });
    assert_eq!(vectors.len(), 2);
    assert_eq!(backend.requests().len(), 2);
}

#[test]
fn embed_works_from_inside_a_current_thread_runtime() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    connect_and_embed_inside(&runtime, ProviderKind::OpenAiCompatible);
}

#[test]
fn embed_works_from_inside_a_multi_thread_runtime() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    connect_and_embed_inside(&runtime, ProviderKind::OpenAi);
}

#[test]
fn embed_works_from_several_threads_at_once() {
    let backend = Backend::start(vec![
        probe_answer(),
        answer(&vectors(1)),
        answer(&vectors(1)),
        answer(&vectors(1)),
    ]);
    let embedder = connect(&backend, ProviderKind::OpenAiCompatible, None).expect("connects");
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..3)
            .map(|i| {
                let embedder = &embedder;
                scope.spawn(move || embedder.embed(&[&format!("text {i}")]))
            })
            .collect();
        for worker in workers {
            let vectors = worker.join().expect("no panic").expect("embeds");
            assert!((norm(&vectors[0]) - 1.0).abs() < 1e-6);
        }
    });
    assert_eq!(backend.requests().len(), 4);
}
