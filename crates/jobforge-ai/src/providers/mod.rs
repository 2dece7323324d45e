//! Remote and local model servers: OpenAI (Chat Completions), Anthropic
//! (Messages) and OpenAI-compatible servers (Ollama, llama.cpp, LM Studio,
//! vLLM). Streaming, timeouts, retries with backoff, cancellation; and
//! embeddings from OpenAI and compatible servers ([`ProviderEmbedder`]).
//!
//! This is the only module that knows HTTP. It talks to exactly one host: the
//! base URL of the configured provider.

use std::time::Duration;

use jobforge_secrets::SecretString;
use serde::{Deserialize, Serialize};

use crate::stream::{CancelToken, EventSink};

/// Which wire format a provider speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProviderKind {
    OpenAi,
    Anthropic,
    OpenAiCompatible,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 3] = [Self::OpenAi, Self::Anthropic, Self::OpenAiCompatible];

    /// Stable name used on the command line, in settings and keyring accounts.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OpenAi => "openai",
            Self::Anthropic => "anthropic",
            Self::OpenAiCompatible => "openai-compatible",
        }
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Self::OpenAi => "OpenAI",
            Self::Anthropic => "Anthropic",
            Self::OpenAiCompatible => "OpenAI-compatible server",
        }
    }

    /// The base URL used when the user configured none.
    pub fn default_base_url(self) -> &'static str {
        match self {
            Self::OpenAi => "https://api.openai.com/v1",
            Self::Anthropic => "https://api.anthropic.com/v1",
            Self::OpenAiCompatible => "http://127.0.0.1:11434/v1",
        }
    }

    /// The model used when the user configured none.
    pub fn default_model(self) -> &'static str {
        match self {
            Self::OpenAi => "gpt-4o-mini",
            Self::Anthropic => "claude-3-5-haiku-latest",
            Self::OpenAiCompatible => "llama3.1",
        }
    }

    /// Whether a request without an API key is refused before it is sent.
    pub fn requires_key(self) -> bool {
        !matches!(self, Self::OpenAiCompatible)
    }
}

/// How long to wait for what.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeouts {
    /// TCP + TLS connection.
    pub connect: Duration,
    /// Longest silence allowed between two reads of the response (headers or
    /// body). A stalled stream fails after this, not after the whole run.
    pub idle: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            idle: Duration::from_secs(90),
        }
    }
}

/// When and how often a failed request is tried again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included (1 = never retry).
    pub max_attempts: u32,
    /// Backoff before retry n (1-based) is a random duration in
    /// `[0, min(max_delay, base_delay * 2^(n-1))]` ("full jitter").
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// A `Retry-After` longer than this fails the run instead of sleeping.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(120),
        }
    }
}

/// Everything needed to talk to one provider, secrets excluded.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderConfig {
    pub kind: ProviderKind,
    /// Up to and including the API version segment, e.g.
    /// `https://api.openai.com/v1`; `None` means `kind.default_base_url()`.
    pub base_url: Option<String>,
    pub model: String,
    pub temperature: Option<f32>,
    pub max_tokens: u32,
    pub timeouts: Timeouts,
    pub retry: RetryPolicy,
}

impl ProviderConfig {
    pub fn new(kind: ProviderKind) -> Self {
        Self {
            kind,
            base_url: None,
            model: kind.default_model().to_owned(),
            temperature: None,
            max_tokens: 2048,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
        }
    }

    pub fn base_url(&self) -> &str {
        self.base_url
            .as_deref()
            .unwrap_or_else(|| self.kind.default_base_url())
    }
}

/// One request: the instructions and the (already delimited) material.
#[derive(Debug, Clone, Copy)]
pub struct ChatRequest<'a> {
    pub system: &'a str,
    pub user: &'a str,
}

/// Tokens counted by the provider (or estimated when it reports none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// False when the provider did not report usage and these are estimates.
    pub reported: bool,
}

/// A finished generation.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    pub text: String,
    pub usage: Usage,
    /// The model the provider says answered (may differ from the requested alias).
    pub model: String,
    /// How many attempts it took (1 = first try).
    pub attempts: u32,
}

/// Why a generation did not finish. Messages never contain the API key.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProviderError {
    #[error(
        "no API key is stored for {provider}; add one with `jobforge key set {cli_name}` or in Settings"
    )]
    MissingKey {
        provider: &'static str,
        cli_name: &'static str,
    },
    #[error(
        "{provider} refused the API key (HTTP {status}); check the key with `jobforge key set {cli_name}` and that it may use this model"
    )]
    Unauthorized {
        provider: &'static str,
        cli_name: &'static str,
        status: u16,
    },
    #[error("{provider} is rate-limiting requests (HTTP 429){}", retry_hint(*retry_after))]
    RateLimited {
        provider: &'static str,
        retry_after: Option<Duration>,
    },
    #[error("{provider} failed (HTTP {status}): {message}")]
    Server {
        provider: &'static str,
        status: u16,
        message: String,
    },
    #[error("{provider} rejected the request (HTTP {status}): {message}")]
    Rejected {
        provider: &'static str,
        status: u16,
        message: String,
    },
    #[error("could not reach {provider} at {base_url}: {reason}")]
    Connection {
        provider: &'static str,
        base_url: String,
        reason: String,
    },
    #[error("{provider} sent nothing for {seconds} s; the request timed out")]
    Timeout {
        provider: &'static str,
        seconds: u64,
    },
    #[error("{provider} sent a response Job Forge cannot read: {reason}")]
    Protocol {
        provider: &'static str,
        reason: String,
    },
    #[error("the base URL {base_url:?} is not a valid http(s) URL")]
    BadBaseUrl { base_url: String },
    #[error("cancelled")]
    Cancelled,
}

fn retry_hint(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!("; it asked to wait {} s — try again later", wait.as_secs()),
        None => "; try again in a minute".to_owned(),
    }
}

/// A failed generation: the reason, and whatever text had arrived in the last
/// attempt (kept as a draft by the caller, never as a finished document).
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub error: ProviderError,
    pub partial: String,
    pub usage: Usage,
    pub attempts: u32,
}

/// Sends one chat request and streams the answer into `events` token by
/// token. Retries 429 (honouring `Retry-After`), 5xx, connection failures and
/// streams cut before they finished, with exponential backoff and full
/// jitter; never retries 400/401/403/404. Returns as soon as `cancel` fires.
pub async fn complete(
    config: &ProviderConfig,
    api_key: Option<&SecretString>,
    request: ChatRequest<'_>,
    events: EventSink<'_>,
    cancel: &CancelToken,
) -> Result<Completion, Failure> {
    imp::complete(config, api_key, request, events, cancel).await
}

pub use embeddings::{MAX_EMBED_BATCH, ProviderEmbedder};

mod anthropic;
mod embeddings;
mod imp;
mod openai;
mod retry;
mod sse;
