//! Job Forge's AI engines: the built-in offline engine and the OpenAI,
//! Anthropic and OpenAI-compatible providers, behind one entry point
//! ([`run_phase`]) that streams, cancels and runs the truth gate; and
//! [`ProviderEmbedder`], embeddings from the same providers behind
//! `jobforge_embed`'s `Embedder` trait.
//!
//! Only [`providers`] knows HTTP. Nothing here touches the database: the
//! core prepares a [`PhaseInput`] and stores the [`PhaseOutput`].

pub mod download;
pub mod engine;
pub mod offline;
pub mod phase;
pub mod pricing;
pub mod prompts;
pub mod providers;
pub mod stream;

pub use engine::{AiError, EngineConfig, RunFailure, check, engine_kind, provider_kind, run_phase};
pub use phase::{Grounding, PhaseInput, PhaseOutput, Posting};
pub use providers::{ProviderConfig, ProviderEmbedder, ProviderError, ProviderKind, Usage};
pub use stream::{CancelToken, StreamEvent};
