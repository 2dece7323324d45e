//! Embeddings for Job Forge's semantic layer: the [`Embedder`] interface,
//! the built-in embedder ([`BuiltinEmbedder`]), a local neural embedder
//! ([`MiniLmEmbedder`], all-MiniLM-L6-v2 run in-process), the Markdown
//! [`chunk`]er, and [`cosine`] / [`top_k`] over the vectors.
//!
//! Pure Rust, no network. The one piece of I/O is
//! [`MiniLmEmbedder::load`], which reads a model folder the caller names
//! (downloading it is someone else's job); everything else works on values
//! in memory. Storing vectors (sqlite-vec inside the encrypted database),
//! the indexing queue and hybrid search live elsewhere and build on this
//! crate.
//!
//! # One interface, three kinds of embedder
//!
//! [`Embedder`] is synchronous on purpose: the built-in embedder and a local
//! neural model ([`MiniLmEmbedder`]) run in-process and are CPU
//! bound, so an `async fn` would only hide blocking work inside a future.
//! Callers that live on an async runtime run them with `spawn_blocking`; the
//! background indexer runs them on its own worker thread.
//!
//! Provider embedders (OpenAI, OpenAI-compatible servers such as Ollama) do
//! network I/O and are naturally async. They belong to the crate that already
//! owns HTTP (`jobforge-ai`'s `providers/`), which can adapt them in either
//! of two ways without this trait changing:
//!
//! - implement [`Embedder`] by blocking on the provider's runtime from the
//!   indexer's worker thread (`Handle::block_on`, never from inside a
//!   runtime thread), mapping HTTP failures to [`EmbedError::Provider`] and
//!   honouring [`Embedder::max_batch`] (providers cap inputs per request);
//! - or offer an async twin (`async fn embed(&self, texts: &[&str])`) next to
//!   the provider code and keep this trait for in-process embedders; both
//!   report the same [`EmbedderId`], so stores and search do not care which.
//!
//! Whatever the kind, [`check_batch`] verifies that an embedder's output
//! has one finite vector of the promised dimension per input before anything
//! is stored.

mod builtin;
mod chunk;
mod hash;
mod minilm;
mod similarity;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

pub use builtin::BuiltinEmbedder;
pub use chunk::{Chunk, ChunkKind, ChunkLimits, chunk};
pub use hash::fnv1a64;
pub use minilm::MiniLmEmbedder;
pub use minilm::release::{
    ModelFile, RELEASE_FILES as MINILM_FILES, RELEASE_SOURCE as MINILM_SOURCE,
    release_bytes as minilm_download_bytes,
};
pub use similarity::{cosine, l2_normalise, top_k, top_k_unit_rows};

/// Turns texts into vectors whose cosine says how close their meanings are.
///
/// Implementations must be deterministic for a given [`EmbedderId`]: a
/// stored vector is only comparable with vectors of the same id, and the id
/// changes whenever the output would.
pub trait Embedder: Send + Sync {
    /// Stable name, version and dimension, e.g. `builtin-hash-v1/384`.
    /// Stores key their tables on it.
    fn id(&self) -> EmbedderId;

    /// Length of every vector this embedder returns.
    fn dimension(&self) -> usize;

    /// One vector per text, in order, each L2-normalised (unit length). A
    /// text with nothing to embed (empty, whitespace, only punctuation)
    /// gives the zero vector, whose [`cosine`] with anything is 0.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError>;

    /// How many texts one [`Embedder::embed`] call should carry at most.
    /// In-process embedders take any number; providers cap a request's
    /// inputs, and the indexer splits its batches by this.
    fn max_batch(&self) -> usize {
        usize::MAX
    }
}

/// Which embedder made a vector: name, version of its algorithm or model,
/// and dimension. Written `name-vVERSION/DIMENSION`, e.g.
/// `builtin-hash-v1/384` or `openai-text-embedding-3-small-v1/1536`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmbedderId {
    pub name: String,
    pub version: u32,
    pub dimension: usize,
}

impl EmbedderId {
    /// Checks the parts so that the written form reads back the same.
    pub fn new(name: &str, version: u32, dimension: usize) -> Result<Self, EmbedError> {
        let invalid = |reason: &str| EmbedError::InvalidEmbedderId {
            text: format!("{name}-v{version}/{dimension}"),
            reason: reason.to_owned(),
        };
        if name.is_empty() {
            return Err(invalid("the name is empty"));
        }
        if name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '/')
        {
            return Err(invalid(
                "the name may not contain spaces, control characters or '/'",
            ));
        }
        if dimension == 0 {
            return Err(invalid("the dimension must be at least 1"));
        }
        Ok(Self {
            name: name.to_owned(),
            version,
            dimension,
        })
    }
}

impl fmt::Display for EmbedderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-v{}/{}", self.name, self.version, self.dimension)
    }
}

impl FromStr for EmbedderId {
    type Err = EmbedError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = |reason: &str| EmbedError::InvalidEmbedderId {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        let (head, dimension) = text
            .rsplit_once('/')
            .ok_or_else(|| invalid("expected NAME-vVERSION/DIMENSION"))?;
        // The last "-v" separates the version, so names may contain "-v"
        // themselves ("nomic-embed-text-v1.5-v1/768").
        let (name, version) = head
            .rsplit_once("-v")
            .ok_or_else(|| invalid("expected NAME-vVERSION/DIMENSION"))?;
        let version = version
            .parse()
            .map_err(|_| invalid("the version is not a whole number"))?;
        let dimension = dimension
            .parse()
            .map_err(|_| invalid("the dimension is not a whole number"))?;
        Self::new(name, version, dimension).map_err(|_| invalid("invalid name or dimension"))
    }
}

/// Why texts could not be embedded.
#[derive(Debug, thiserror::Error, PartialEq)]
#[non_exhaustive]
pub enum EmbedError {
    #[error(
        "'{text}' is not an embedder id ({reason}); ids look like builtin-hash-v1/384: name, version and dimension"
    )]
    InvalidEmbedderId { text: String, reason: String },

    #[error(
        "the embedder {embedder} returned {got} vectors for {expected} texts; this is a bug in that embedder or its server: switch to the built-in embedder in Settings and report it"
    )]
    WrongCount {
        embedder: EmbedderId,
        expected: usize,
        got: usize,
    },

    #[error(
        "the embedder {embedder} returned a vector of dimension {got} (text {index}), not {expected}; if the model behind it changed, pick it again in Settings so the library is re-indexed"
    )]
    WrongDimension {
        embedder: EmbedderId,
        index: usize,
        expected: usize,
        got: usize,
    },

    #[error(
        "the embedder {embedder} returned a vector with a value that is not a finite number (text {index}); the model file may be damaged: download it again or switch to the built-in embedder"
    )]
    NotFinite { embedder: EmbedderId, index: usize },

    #[error(
        "the embedding model for {embedder} could not be loaded: {reason}; download it again in Settings or switch to the built-in embedder"
    )]
    ModelUnavailable {
        embedder: EmbedderId,
        reason: String,
    },

    #[error(
        "the embedding provider for {embedder} failed: {message}; check the provider settings and the connection, or switch to the built-in embedder"
    )]
    Provider {
        embedder: EmbedderId,
        message: String,
    },

    #[error("embedding was cancelled; nothing was stored for the unfinished batch")]
    Cancelled,

    #[error(
        "there is no embedding model folder at {}; download the model in Settings or point to a folder containing config.json, vocab.txt and model.safetensors",
        .dir.display()
    )]
    ModelFolderMissing { dir: PathBuf },

    #[error(
        "the embedding model folder {} has no {file}; download the model in Settings or point to a folder containing config.json, vocab.txt and model.safetensors",
        .dir.display()
    )]
    ModelFileMissing { dir: PathBuf, file: String },

    #[error(
        "the model file {} could not be read ({reason}); check that the folder is readable, or download the model again in Settings",
        .path.display()
    )]
    ModelFileUnreadable { path: PathBuf, reason: String },

    #[error(
        "the model file {} is damaged or not in the expected format: {reason}; download the model again in Settings or point to a folder with an intact copy",
        .path.display()
    )]
    ModelFileInvalid { path: PathBuf, reason: String },

    #[error(
        "the model described by {} is not one this embedder can run: {reason}; point to a folder with all-MiniLM-L6-v2 (a BERT model with 384 dimensions and 6 layers) or download it in Settings",
        .path.display()
    )]
    UnsupportedModel { path: PathBuf, reason: String },
}

/// Checks an embedder's answer before it is stored: one vector per text,
/// each of the embedder's dimension, every value finite. Cheap next to
/// embedding; the indexer calls it for every embedder, built-in included.
pub fn check_batch(
    embedder: &EmbedderId,
    texts: usize,
    vectors: &[Vec<f32>],
) -> Result<(), EmbedError> {
    if vectors.len() != texts {
        return Err(EmbedError::WrongCount {
            embedder: embedder.clone(),
            expected: texts,
            got: vectors.len(),
        });
    }
    for (index, vector) in vectors.iter().enumerate() {
        if vector.len() != embedder.dimension {
            return Err(EmbedError::WrongDimension {
                embedder: embedder.clone(),
                index,
                expected: embedder.dimension,
                got: vector.len(),
            });
        }
        if !vector.iter().all(|v| v.is_finite()) {
            return Err(EmbedError::NotFinite {
                embedder: embedder.clone(),
                index,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedder_id_writes_and_reads_back() {
        let id = EmbedderId::new("builtin-hash", 1, 384).expect("test value");
        assert_eq!(id.to_string(), "builtin-hash-v1/384");
        assert_eq!(
            "builtin-hash-v1/384"
                .parse::<EmbedderId>()
                .expect("test value"),
            id
        );
        let tricky = EmbedderId::new("nomic-embed-text-v1.5", 2, 768).expect("test value");
        assert_eq!(
            tricky
                .to_string()
                .parse::<EmbedderId>()
                .expect("test value"),
            tricky
        );
    }

    #[test]
    fn malformed_embedder_ids_are_refused_with_the_expected_form() {
        for bad in [
            "",
            "builtin",
            "builtin-v1",
            "builtin/384",
            "builtin-vx/384",
            "builtin-v1/0",
            "-v1/384",
            "two words-v1/384",
        ] {
            let error = bad.parse::<EmbedderId>().expect_err("must fail");
            assert!(
                error.to_string().contains("builtin-hash-v1/384"),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn check_batch_refuses_wrong_count_dimension_and_nan() {
        let id = EmbedderId::new("test", 1, 3).expect("test value");
        let good = vec![vec![1.0, 0.0, 0.0], vec![0.0, 1.0, 0.0]];
        assert_eq!(check_batch(&id, 2, &good), Ok(()));
        assert!(matches!(
            check_batch(&id, 3, &good),
            Err(EmbedError::WrongCount {
                expected: 3,
                got: 2,
                ..
            })
        ));
        let short = vec![vec![1.0, 0.0, 0.0], vec![0.0, 1.0]];
        assert!(matches!(
            check_batch(&id, 2, &short),
            Err(EmbedError::WrongDimension {
                index: 1,
                expected: 3,
                got: 2,
                ..
            })
        ));
        let nan = vec![vec![f32::NAN, 0.0, 0.0]];
        let error = check_batch(&id, 1, &nan).expect_err("must fail");
        assert!(matches!(error, EmbedError::NotFinite { index: 0, .. }));
        assert!(error.to_string().contains("built-in embedder"), "{error}");
    }
}
