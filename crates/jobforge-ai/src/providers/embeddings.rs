//! Embeddings from OpenAI and OpenAI-compatible servers (Ollama, llama.cpp,
//! LM Studio, vLLM) behind the synchronous [`Embedder`] trait.
//!
//! One `POST {base_url}/embeddings` per batch, with the chat providers' base
//! URL checks, timeouts, retry policy and key handling. The trait is
//! synchronous and this crate's HTTP client is async, so each embedder owns a
//! small current-thread tokio runtime and blocks on it; a caller already
//! inside a runtime (the CLI) is served from a short-lived scoped thread,
//! because blocking on a runtime from within another one panics.
//!
//! Logs carry the provider, model, status, attempt, text count and timings —
//! never the key or the texts.

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use bytes::Bytes;
use jobforge_embed::{EmbedError, Embedder, EmbedderId, check_batch, l2_normalise};
use jobforge_secrets::SecretString;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Response, Url};
use serde::Deserialize;
use serde_json::json;

use super::{ProviderConfig, ProviderKind, RetryPolicy, Timeouts, imp, retry};

/// At most this many texts go in one request.
///
/// OpenAI accepts up to 2048 inputs but also caps the tokens of a whole
/// request; 64 chunks of the indexer's size stay far below that cap. A local
/// server (Ollama on a CPU) answers only once the whole batch is done, so a
/// small batch keeps its silence well inside the idle timeout, and a retried
/// request redoes little work.
pub const MAX_EMBED_BATCH: usize = 64;

/// Bumped when the way texts become vectors here changes (request fields,
/// normalisation), so that stored vectors are not mixed with new ones.
const EMBEDDER_VERSION: u32 = 1;

/// What [`ProviderEmbedder::connect`] embeds to learn the dimension. Any
/// short text does; a fixed one keeps the probe reproducible.
const PROBE_TEXT: &str = "Job Forge embedding probe: software engineer, Rust, SQL.";

/// An embeddings answer is a few MB at most (64 texts × 3072 floats as
/// JSON text is about 5 MB); a bigger one is a misbehaving server.
const MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
/// Error bodies are read only for their message.
const MAX_ERROR_BODY: usize = 64 * 1024;
/// How much of a provider's message or of a bad answer an error quotes.
const EXCERPT_CHARS: usize = 200;
/// How much of an unreadable answer an error quotes.
const BODY_EXCERPT_CHARS: usize = 80;

/// Vectors from OpenAI's or an OpenAI-compatible server's embeddings
/// endpoint, L2-normalised, with the dimension learned when connecting.
///
/// Empty and whitespace-only texts are never sent (providers refuse empty
/// input); they get the zero vector.
pub struct ProviderEmbedder {
    id: EmbedderId,
    http: Http,
    /// `Some` for the embedder's whole life; `Option` only so that `Drop`
    /// can shut it down without waiting.
    runtime: Option<tokio::runtime::Runtime>,
}

impl ProviderEmbedder {
    /// The embedding model used when the settings name none: OpenAI's small
    /// current model, and for compatible servers Ollama's common embedding
    /// model. `None` for Anthropic, which has no embeddings endpoint.
    pub fn default_model(kind: ProviderKind) -> Option<&'static str> {
        match kind {
            ProviderKind::OpenAi => Some("text-embedding-3-small"),
            ProviderKind::OpenAiCompatible => Some("nomic-embed-text"),
            ProviderKind::Anthropic => None,
        }
    }

    /// Checks the configuration and embeds one short probe text to learn the
    /// model's dimension, which fixes [`Embedder::id`] and
    /// [`Embedder::dimension`] from then on.
    ///
    /// `config` is the chat provider's configuration: its kind, base URL,
    /// timeouts and retry policy are used, its (chat) model is not;
    /// `model` is the embedding model (`None` or blank:
    /// [`Self::default_model`]). `api_key` is required for OpenAI and
    /// optional for compatible servers (Ollama needs none).
    ///
    /// Before the probe the dimension is unknown, so errors from here name
    /// the embedder with dimension 0, which no real index has.
    pub fn connect(
        config: &ProviderConfig,
        api_key: Option<&SecretString>,
        model: Option<&str>,
    ) -> Result<Self, EmbedError> {
        let kind = config.kind;
        let model = model
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .or_else(|| Self::default_model(kind))
            .unwrap_or("none");
        let name = embedder_name(kind, model);
        let provisional = EmbedderId {
            name: name.clone(),
            version: EMBEDDER_VERSION,
            dimension: 0,
        };
        let key = api_key.map(|k| k.expose().trim()).filter(|k| !k.is_empty());
        let fail = |problem: Problem| EmbedError::Provider {
            embedder: provisional.clone(),
            message: imp::redact_text(problem.to_string(), key),
        };

        if kind == ProviderKind::Anthropic {
            return Err(fail(Problem::new(
                "Anthropic has no embeddings API",
                "choose OpenAI or an OpenAI-compatible server (such as Ollama) for embeddings in Settings",
            )));
        }
        if kind.requires_key() && key.is_none() {
            return Err(fail(Problem::new(
                format!("no API key is stored for {}", kind.display_name()),
                format!(
                    "add it in Settings or with `jobforge key set {}`",
                    kind.as_str()
                ),
            )));
        }
        let target = imp::target_at(config, "/embeddings")
            .map_err(|e| fail(Problem::new(e.to_string(), "correct it in Settings")))?;
        let headers = request_headers(key).map_err(|()| {
            fail(Problem::new(
                "the stored API key contains characters that cannot be sent",
                format!(
                    "set it again in Settings or with `jobforge key set {}`",
                    kind.as_str()
                ),
            ))
        })?;
        let client = imp::client(config, &target).map_err(|e| {
            fail(Problem::new(
                e.to_string(),
                "restart Job Forge; if it persists, report it",
            ))
        })?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| {
                fail(Problem::new(
                    format!("the embedding requests could not start ({e})"),
                    "restart Job Forge; if it persists, report it",
                ))
            })?;

        let mut embedder = Self {
            id: provisional,
            http: Http {
                kind,
                model: model.to_owned(),
                endpoint: target.endpoint,
                base_url: target.base_url,
                headers,
                client,
                timeouts: config.timeouts,
                retry: config.retry,
                key: key.map(|k| SecretString::new(k.to_owned())),
            },
            runtime: Some(runtime),
        };
        let started = Instant::now();
        let probe = embedder
            .request(&[PROBE_TEXT])
            .map_err(|e| e.into_embed_error(&embedder.id))?;
        let dimension = probe.first().map_or(0, Vec::len);
        if dimension == 0 {
            return Err(EmbedError::Provider {
                embedder: embedder.id.clone(),
                message: Problem::new(
                    format!(
                        "{} returned an empty vector for a test text",
                        embedder.http.who()
                    ),
                    format!("check that '{model}' is an embedding model"),
                )
                .to_string(),
            });
        }
        embedder.id = EmbedderId::new(&name, EMBEDDER_VERSION, dimension)?;
        check_batch(&embedder.id, 1, &probe)?;
        tracing::info!(
            provider = kind.as_str(),
            model = %embedder.http.model,
            dimension,
            elapsed_ms = imp::millis(started.elapsed()),
            "embedding provider connected"
        );
        Ok(embedder)
    }

    pub fn kind(&self) -> ProviderKind {
        self.http.kind
    }

    /// The embedding model's name as sent to the server.
    pub fn model(&self) -> &str {
        &self.http.model
    }

    /// Sends `texts` (none blank) in one request and returns their vectors
    /// as the server gave them, in the order of `texts`.
    fn request(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, CallError> {
        self.block_on(|| self.http.embed(texts))?
    }

    /// Runs the future `make` builds on this embedder's runtime.
    ///
    /// Blocking on a runtime from a thread that is already inside one
    /// panics (the CLI calls embedders from its async code), so there the
    /// request runs on a scoped thread of its own while the caller's thread
    /// waits. The future is built on the thread that runs it, so it need not
    /// be `Send`.
    fn block_on<F, Fut>(&self, make: F) -> Result<Fut::Output, CallError>
    where
        F: FnOnce() -> Fut + Send,
        Fut: Future,
        Fut::Output: Send,
    {
        let Some(runtime) = self.runtime.as_ref() else {
            return Err(CallError::Provider(Problem::new(
                "the embedder was already shut down",
                "this is a bug: report it",
            )));
        };
        if tokio::runtime::Handle::try_current().is_err() {
            return Ok(runtime.block_on(make()));
        }
        std::thread::scope(|scope| {
            let worker = std::thread::Builder::new()
                .name("jobforge-embed-http".to_owned())
                .spawn_scoped(scope, || runtime.block_on(make()))
                .map_err(|e| {
                    CallError::Provider(Problem::new(
                        format!("no thread could be started for the embedding request ({e})"),
                        "close other programs and try again",
                    ))
                })?;
            worker.join().map_err(|_| {
                CallError::Provider(Problem::new(
                    "the embedding request stopped unexpectedly",
                    "this is a bug: report it",
                ))
            })
        })
    }
}

impl Embedder for ProviderEmbedder {
    fn id(&self) -> EmbedderId {
        self.id.clone()
    }

    fn dimension(&self) -> usize {
        self.id.dimension
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let dimension = self.id.dimension;
        let mut vectors: Vec<Vec<f32>> = texts
            .iter()
            .map(|text| {
                if is_blank(text) {
                    vec![0.0; dimension]
                } else {
                    Vec::new()
                }
            })
            .collect();
        let to_send: Vec<usize> = (0..texts.len())
            .filter(|&i| texts.get(i).is_some_and(|t| !is_blank(t)))
            .collect();
        // The indexer already splits by `max_batch`; splitting here too keeps
        // a direct caller from sending a request the provider would refuse.
        for positions in to_send.chunks(MAX_EMBED_BATCH) {
            let batch: Vec<&str> = positions
                .iter()
                .filter_map(|&i| texts.get(i).copied())
                .collect();
            let embedded = self
                .request(&batch)
                .map_err(|e| e.into_embed_error(&self.id))?;
            for (&position, mut vector) in positions.iter().zip(embedded) {
                l2_normalise(&mut vector);
                if let Some(slot) = vectors.get_mut(position) {
                    *slot = vector;
                }
            }
        }
        // Dimension checked here, on the caller's positions, so that an
        // error's text index is the caller's.
        check_batch(&self.id, texts.len(), &vectors)?;
        Ok(vectors)
    }

    fn max_batch(&self) -> usize {
        MAX_EMBED_BATCH
    }
}

impl fmt::Debug for ProviderEmbedder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderEmbedder")
            .field("id", &self.id)
            .field("kind", &self.http.kind)
            .field("base_url", &self.http.base_url)
            .field("has_key", &self.http.key.is_some())
            .finish_non_exhaustive()
    }
}

impl Drop for ProviderEmbedder {
    fn drop(&mut self) {
        // Dropping a runtime waits for its blocking threads, and that wait
        // panics when the drop happens inside an async context (the CLI
        // drops embedders there). No request of ours is running once
        // `embed` has returned, so there is nothing to wait for.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// `openai-<model>` or `compatible-<model>`, with every character an
/// [`EmbedderId`] name may not hold (and anything unusual in a table key or
/// a file name) replaced by `-`: `sentence-transformers/all-MiniLM-L6-v2`
/// becomes `compatible-sentence-transformers-all-MiniLM-L6-v2`.
fn embedder_name(kind: ProviderKind, model: &str) -> String {
    let prefix = match kind {
        ProviderKind::OpenAi => "openai",
        ProviderKind::OpenAiCompatible => "compatible",
        ProviderKind::Anthropic => "anthropic",
    };
    let model: String = model
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | ':') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{prefix}-{model}")
}

fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// JSON in and out, and the bearer key when there is one (marked sensitive
/// so that it never shows in a debug print of the headers).
fn request_headers(key: Option<&str>) -> Result<HeaderMap, ()> {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    if let Some(key) = key {
        let mut value = HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| ())?;
        value.set_sensitive(true);
        headers.insert(AUTHORIZATION, value);
    }
    Ok(headers)
}

/// What went wrong and what to do, joined by a colon in messages.
#[derive(Debug, Clone)]
struct Problem {
    what: String,
    advice: String,
}

impl Problem {
    fn new(what: impl Into<String>, advice: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            advice: advice.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.advice)
    }
}

/// Why a request gave no vectors, before it is tied to an embedder id.
#[derive(Debug)]
enum CallError {
    Provider(Problem),
    WrongCount { expected: usize, got: usize },
}

impl CallError {
    fn into_embed_error(self, embedder: &EmbedderId) -> EmbedError {
        match self {
            Self::Provider(problem) => EmbedError::Provider {
                embedder: embedder.clone(),
                message: problem.to_string(),
            },
            Self::WrongCount { expected, got } => EmbedError::WrongCount {
                embedder: embedder.clone(),
                expected,
                got,
            },
        }
    }
}

/// Why one attempt failed.
#[derive(Debug)]
enum AttemptError {
    /// Worth another attempt; `retry_after` is the wait the server asked for.
    Retry {
        log: &'static str,
        problem: Problem,
        retry_after: Option<Duration>,
    },
    /// Would fail the same way again.
    Fatal { log: &'static str, error: CallError },
}

impl AttemptError {
    fn retry(log: &'static str, problem: Problem) -> Self {
        Self::Retry {
            log,
            problem,
            retry_after: None,
        }
    }

    fn fatal(log: &'static str, problem: Problem) -> Self {
        Self::Fatal {
            log,
            error: CallError::Provider(problem),
        }
    }

    fn log_name(&self) -> &'static str {
        match self {
            Self::Retry { log, .. } | Self::Fatal { log, .. } => log,
        }
    }
}

/// The HTTP side: everything one request needs, fixed at connect time.
struct Http {
    kind: ProviderKind,
    model: String,
    endpoint: Url,
    base_url: String,
    headers: HeaderMap,
    client: reqwest::Client,
    timeouts: Timeouts,
    retry: RetryPolicy,
    /// Kept only to scrub it from messages a server might echo it in.
    key: Option<SecretString>,
}

#[derive(Deserialize)]
struct EmbeddingsAnswer {
    data: Vec<EmbeddingItem>,
}

#[derive(Deserialize)]
struct EmbeddingItem {
    /// Which input this vector belongs to; servers that omit it answer in
    /// input order.
    #[serde(default)]
    index: Option<usize>,
    embedding: Vec<f32>,
}

impl Http {
    /// Who answered, for messages: the provider, or the configured address
    /// of a compatible server (there may be several on one machine).
    fn who(&self) -> String {
        match self.kind {
            ProviderKind::OpenAiCompatible => format!("the server at {}", self.base_url),
            kind => kind.display_name().to_owned(),
        }
    }

    fn key(&self) -> Option<&str> {
        self.key.as_ref().map(SecretString::expose)
    }

    /// One request with retries: 429 (honouring `Retry-After` up to the
    /// policy's limit), 408, 5xx, timeouts and connection failures are tried
    /// again with backoff; everything else fails at once.
    async fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, CallError> {
        let body = Bytes::from(
            json!({ "model": self.model, "input": texts, "encoding_format": "float" }).to_string(),
        );
        let max_attempts = self.retry.max_attempts.max(1);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            tracing::debug!(
                provider = self.kind.as_str(),
                model = %self.model,
                texts = texts.len(),
                attempt,
                "sending embeddings request"
            );
            let failure = match self.attempt(body.clone(), texts.len()).await {
                Ok(vectors) => {
                    tracing::debug!(
                        provider = self.kind.as_str(),
                        model = %self.model,
                        texts = texts.len(),
                        attempt,
                        elapsed_ms = imp::millis(started.elapsed()),
                        "embeddings received"
                    );
                    return Ok(vectors);
                }
                Err(failure) => failure,
            };
            tracing::warn!(
                provider = self.kind.as_str(),
                model = %self.model,
                attempt,
                error = failure.log_name(),
                elapsed_ms = imp::millis(started.elapsed()),
                "embeddings attempt failed"
            );
            let (mut problem, retry_after) = match failure {
                AttemptError::Fatal { error, .. } => return Err(self.redact(error)),
                AttemptError::Retry {
                    problem,
                    retry_after,
                    ..
                } => (problem, retry_after),
            };
            if attempt >= max_attempts {
                if attempt > 1 {
                    problem.what = format!("{}, tried {attempt} times", problem.what);
                }
                return Err(self.redact(CallError::Provider(problem)));
            }
            let wait = retry_after.unwrap_or_else(|| retry::backoff(&self.retry, attempt));
            tracing::info!(
                provider = self.kind.as_str(),
                model = %self.model,
                next_attempt = attempt + 1,
                wait_ms = imp::millis(wait),
                "retrying embeddings request"
            );
            tokio::time::sleep(wait).await;
        }
    }

    fn redact(&self, error: CallError) -> CallError {
        match error {
            CallError::Provider(problem) => CallError::Provider(Problem {
                what: imp::redact_text(problem.what, self.key()),
                advice: imp::redact_text(problem.advice, self.key()),
            }),
            other => other,
        }
    }

    async fn attempt(&self, body: Bytes, expected: usize) -> Result<Vec<Vec<f32>>, AttemptError> {
        let send = self
            .client
            .post(self.endpoint.clone())
            .headers(self.headers.clone())
            .body(body)
            .send();
        let mut response = match tokio::time::timeout(self.timeouts.idle, send).await {
            Err(_elapsed) => return Err(self.timeout()),
            Ok(Err(e)) => return Err(self.transport(&e)),
            Ok(Ok(response)) => response,
        };
        if !response.status().is_success() {
            return Err(self.status_error(response).await);
        }
        let body = self.read_answer(&mut response).await?;
        self.parse(&body, expected)
    }

    fn timeout(&self) -> AttemptError {
        let idle = self.timeouts.idle;
        // Rounded up: a sub-second test timeout should not read "0 s".
        let seconds = idle.as_secs() + u64::from(idle.subsec_nanos() > 0);
        AttemptError::retry(
            "timeout",
            Problem::new(
                format!("{} sent nothing for {seconds} s", self.who()),
                "try again later; a local server may still be loading the model",
            ),
        )
    }

    fn transport(&self, error: &reqwest::Error) -> AttemptError {
        let base_url = &self.base_url;
        if error.is_connect() {
            let detail = if error.is_timeout() {
                "timed out".to_owned()
            } else {
                imp::innermost(error)
            };
            let advice = match self.kind {
                ProviderKind::OpenAiCompatible => format!(
                    "is the server running at {base_url}? For Ollama, start it with `ollama serve`"
                ),
                _ => format!("check the internet connection and the base URL {base_url}"),
            };
            return AttemptError::retry(
                "connection",
                Problem::new(
                    format!("could not connect to {base_url} ({detail})"),
                    advice,
                ),
            );
        }
        if error.is_timeout() {
            return self.timeout();
        }
        AttemptError::retry(
            "connection",
            Problem::new(
                format!(
                    "the connection to {base_url} broke ({})",
                    imp::describe(error)
                ),
                "check the connection and try again",
            ),
        )
    }

    /// Turns a non-2xx response into an error, retryable or not.
    async fn status_error(&self, mut response: Response) -> AttemptError {
        let code = response.status().as_u16();
        let reason = imp::reason_phrase(response.status());
        let retry_after = retry::retry_after(response.headers());
        let who = self.who();
        let cli_name = self.kind.as_str();
        let model = &self.model;
        match code {
            // The body is not quoted: some providers echo part of the key.
            401 | 403 => {
                let what = if self.key.is_some() {
                    format!("{who} refused the API key (HTTP {code})")
                } else {
                    format!("{who} asks for an API key (HTTP {code})")
                };
                AttemptError::fatal(
                    "unauthorized",
                    Problem::new(
                        what,
                        format!("set it again in Settings or with `jobforge key set {cli_name}`"),
                    ),
                )
            }
            429 => {
                let too_long = retry_after.filter(|wait| *wait > self.retry.max_retry_after);
                let what = format!("{who} is rate-limiting requests (HTTP 429)");
                match too_long {
                    Some(wait) => AttemptError::fatal(
                        "rate_limited",
                        Problem::new(
                            what,
                            format!(
                                "it asked to wait {} s; indexing will go on later",
                                wait.as_secs()
                            ),
                        ),
                    ),
                    None => AttemptError::Retry {
                        log: "rate_limited",
                        problem: Problem::new(what, "wait a minute; indexing will go on later"),
                        retry_after,
                    },
                }
            }
            300..=399 => AttemptError::fatal(
                "redirect",
                Problem::new(
                    format!("{who} redirected the request (HTTP {code})"),
                    "check the base URL in Settings, which must be the API's own address",
                ),
            ),
            _ => {
                let body = self.read_error_body(&mut response).await;
                let detail = imp::error_message(&body)
                    .map(|m| imp::shorten_to(&m, EXCERPT_CHARS))
                    .unwrap_or_else(|| reason.to_owned());
                let what = format!("{who} answered HTTP {code} ({detail})");
                if code == 404 {
                    let advice = match self.kind {
                        ProviderKind::OpenAiCompatible => format!(
                            "the server does not know the model '{model}'; for Ollama run `ollama pull {model}`, otherwise check the model's name in Settings and that the base URL ends with the API version, such as /v1"
                        ),
                        _ => format!(
                            "{who} does not know the model '{model}'; check the embedding model's name in Settings, such as text-embedding-3-small"
                        ),
                    };
                    AttemptError::fatal("not_found", Problem::new(what, advice))
                } else if code == 408 || code >= 500 {
                    AttemptError::Retry {
                        log: "server",
                        problem: Problem::new(what, "the server failed; try again later"),
                        retry_after: retry_after.filter(|w| *w <= self.retry.max_retry_after),
                    }
                } else {
                    AttemptError::fatal(
                        "rejected",
                        Problem::new(
                            what,
                            format!(
                                "check that '{model}' is an embedding model and the base URL is right"
                            ),
                        ),
                    )
                }
            }
        }
    }

    /// Reads at most [`MAX_ERROR_BODY`] bytes; a timeout or a broken
    /// connection just ends it, since only the message is wanted.
    async fn read_error_body(&self, response: &mut Response) -> Vec<u8> {
        let mut body = Vec::new();
        while body.len() < MAX_ERROR_BODY {
            match tokio::time::timeout(self.timeouts.idle, response.chunk()).await {
                Ok(Ok(Some(chunk))) => body.extend_from_slice(&chunk),
                _ => break,
            }
        }
        body.truncate(MAX_ERROR_BODY);
        body
    }

    /// Reads a successful answer, up to [`MAX_RESPONSE_BYTES`], with the
    /// idle timeout between reads.
    async fn read_answer(&self, response: &mut Response) -> Result<Vec<u8>, AttemptError> {
        let too_big = || {
            AttemptError::fatal(
                "too_large",
                Problem::new(
                    format!(
                        "{} sent an answer larger than {} MiB",
                        self.who(),
                        MAX_RESPONSE_BYTES / (1024 * 1024)
                    ),
                    "check that the base URL points to an embeddings API",
                ),
            )
        };
        if response
            .content_length()
            .is_some_and(|length| length > MAX_RESPONSE_BYTES as u64)
        {
            return Err(too_big());
        }
        let mut body = Vec::new();
        loop {
            let chunk = match tokio::time::timeout(self.timeouts.idle, response.chunk()).await {
                Err(_elapsed) => return Err(self.timeout()),
                Ok(Err(e)) => {
                    return Err(AttemptError::retry(
                        "connection",
                        Problem::new(
                            format!(
                                "the connection to {} broke while the answer was arriving ({})",
                                self.base_url,
                                imp::innermost(&e)
                            ),
                            "check the connection and try again",
                        ),
                    ));
                }
                Ok(Ok(chunk)) => chunk,
            };
            let Some(chunk) = chunk else { break };
            if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
                return Err(too_big());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// The vectors of an answer, in input order (by each item's `index`).
    fn parse(&self, body: &[u8], expected: usize) -> Result<Vec<Vec<f32>>, AttemptError> {
        let answer: EmbeddingsAnswer = serde_json::from_slice(body).map_err(|e| {
            let what = match imp::error_message(body) {
                Some(message) => format!(
                    "{} answered with an error instead of embeddings ({})",
                    self.who(),
                    imp::shorten_to(&message, EXCERPT_CHARS)
                ),
                None => format!(
                    "{} sent an answer that is not an embeddings response ({e}; it begins {:?})",
                    self.who(),
                    imp::shorten_to(
                        String::from_utf8_lossy(body).trim(),
                        BODY_EXCERPT_CHARS
                    )
                ),
            };
            AttemptError::fatal(
                "protocol",
                Problem::new(
                    what,
                    "check that the base URL points to an OpenAI-style API with an /embeddings endpoint",
                ),
            )
        })?;
        order_by_index(answer.data, expected).map_err(|error| AttemptError::Fatal {
            log: "protocol",
            error: match error {
                OrderError::Count { got } => CallError::WrongCount { expected, got },
                OrderError::Index { index } => CallError::Provider(Problem::new(
                    format!(
                        "{} numbered its vectors wrongly (index {index} is repeated or beyond the {expected} texts sent)",
                        self.who()
                    ),
                    "this is a bug in the server: switch to another embedder in Settings",
                )),
            },
        })
    }
}

#[derive(Debug, PartialEq)]
enum OrderError {
    Count { got: usize },
    Index { index: usize },
}

/// Puts each vector at its item's `index` (or its position when the server
/// sent none); every index must be used once.
fn order_by_index(items: Vec<EmbeddingItem>, expected: usize) -> Result<Vec<Vec<f32>>, OrderError> {
    if items.len() != expected {
        return Err(OrderError::Count { got: items.len() });
    }
    let mut slots: Vec<Option<Vec<f32>>> = (0..expected).map(|_| None).collect();
    for (position, item) in items.into_iter().enumerate() {
        let index = item.index.unwrap_or(position);
        match slots.get_mut(index) {
            Some(slot @ None) => *slot = Some(item.embedding),
            _ => return Err(OrderError::Index { index }),
        }
    }
    // As many items as slots and no slot used twice: all are filled.
    Ok(slots.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(index: Option<usize>, value: f32) -> EmbeddingItem {
        EmbeddingItem {
            index,
            embedding: vec![value],
        }
    }

    #[test]
    fn embedder_names_are_valid_ids_for_any_model_name() {
        let cases = [
            (
                ProviderKind::OpenAi,
                "text-embedding-3-small",
                "openai-text-embedding-3-small",
            ),
            (
                ProviderKind::OpenAiCompatible,
                "nomic-embed-text:latest",
                "compatible-nomic-embed-text:latest",
            ),
            (
                ProviderKind::OpenAiCompatible,
                " sentence-transformers/all MiniLM\t",
                "compatible-sentence-transformers-all-MiniLM",
            ),
            (
                ProviderKind::OpenAiCompatible,
                "bge-m3-v2",
                "compatible-bge-m3-v2",
            ),
        ];
        for (kind, model, expected) in cases {
            let name = embedder_name(kind, model);
            assert_eq!(name, expected);
            let id = EmbedderId::new(&name, EMBEDDER_VERSION, 768).expect("valid name");
            assert_eq!(id.to_string().parse::<EmbedderId>(), Ok(id));
        }
    }

    #[test]
    fn vectors_are_put_in_index_order_or_position_order_without_indices() {
        let out_of_order = vec![item(Some(2), 2.0), item(Some(0), 0.0), item(Some(1), 1.0)];
        assert_eq!(
            order_by_index(out_of_order, 3),
            Ok(vec![vec![0.0], vec![1.0], vec![2.0]])
        );
        let unnumbered = vec![item(None, 5.0), item(None, 6.0)];
        assert_eq!(
            order_by_index(unnumbered, 2),
            Ok(vec![vec![5.0], vec![6.0]])
        );
    }

    #[test]
    fn repeated_or_out_of_range_indices_and_wrong_counts_are_refused() {
        assert_eq!(
            order_by_index(vec![item(Some(0), 0.0), item(Some(0), 1.0)], 2),
            Err(OrderError::Index { index: 0 })
        );
        assert_eq!(
            order_by_index(vec![item(Some(0), 0.0), item(Some(7), 1.0)], 2),
            Err(OrderError::Index { index: 7 })
        );
        assert_eq!(
            order_by_index(vec![item(Some(0), 0.0)], 2),
            Err(OrderError::Count { got: 1 })
        );
    }

    #[test]
    fn the_bearer_header_is_sensitive_and_absent_without_a_key() {
        let headers = request_headers(Some("sk-secret")).expect("valid key");
        let auth = headers.get(AUTHORIZATION).expect("authorization");
        assert!(auth.is_sensitive());
        assert!(!format!("{headers:?}").contains("sk-secret"));
        let keyless = request_headers(None).expect("no key");
        assert!(keyless.get(AUTHORIZATION).is_none());
        assert!(request_headers(Some("sk-\nbad")).is_err());
    }
}
