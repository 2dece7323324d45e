//! all-MiniLM-L6-v2, the sentence-transformers model, run in-process:
//! WordPiece tokenizer, BERT encoder, mean pooling, unit length. Written
//! for this crate (no candle, no tokenizers crate: both take far longer to
//! build than this whole crate) and checked against an independent NumPy
//! implementation (`tests/minilm_reference.py`).
//!
//! # The model folder
//!
//! [`MiniLmEmbedder::load`] reads three files from a folder the caller
//! names, as the model is published: `config.json` (checked to describe
//! exactly this architecture), `vocab.txt` and `model.safetensors` (F32).
//! Nothing else in the folder is read, and nothing is ever downloaded here
//! ([`release`] only says where the files are published and what they
//! must be). This is the crate's only I/O.
//!
//! # Long texts
//!
//! The model reads at most 256 tokens (`[CLS]` and `[SEP]` included: the
//! `max_seq_length` of its `sentence_bert_config.json`); a longer text is
//! embedded from its first 256 tokens, as sentence-transformers does. The
//! chunker's default limits (at most 900 characters) keep chunks of
//! English well inside that, so in the app only unusual chunks (dense
//! numbers, scripts that take a token per character) are cut.
//!
//! # Vectors
//!
//! 384 floats, L2-normalised. A text with no letter or digit at all (empty,
//! whitespace, punctuation, emoji) gives the zero vector, as the
//! [`Embedder`] contract asks, instead of the model's vector for an empty
//! sentence, which would sit close to every other such text and match
//! nothing meaningful.

mod gemm;
mod math;
mod model;
pub mod release;
mod safetensors;
mod tokenizer;

use std::path::{Path, PathBuf};

use model::{Bert, Dimensions, Scratch};
use safetensors::SafeTensors;
use tokenizer::Tokenizer;

use crate::{EmbedError, Embedder, EmbedderId};

const HIDDEN: usize = 384;
const LAYERS: usize = 6;
const HEADS: usize = 12;
const HEAD_DIM: usize = HIDDEN / HEADS;
const INTERMEDIATE: usize = 1536;
const VOCAB: usize = 30522;

/// Token rows per pack (see `model`'s docs). Measured on 100-word chunks:
/// 512 is about 10% faster than one text at a time; much larger packs are
/// slower again, as the working memory (15 KB per row, 7.5 MB here) no
/// longer stays in the processor's caches between layers.
const PACK_ROWS: usize = 512;

/// all-MiniLM-L6-v2 behind the [`Embedder`] interface.
///
/// Loading reads about 90 MB of weights; keep one embedder and share it
/// (it is `Send + Sync`, and [`Embedder::embed`] takes `&self`).
pub struct MiniLmEmbedder {
    tokenizer: Tokenizer,
    model: Bert,
}

impl std::fmt::Debug for MiniLmEmbedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MiniLmEmbedder")
            .field("id", &self.id().to_string())
            .finish_non_exhaustive()
    }
}

impl MiniLmEmbedder {
    /// The name in the embedder's id: the model's own name.
    pub const NAME: &str = "all-minilm-l6-v2";
    /// The version of this implementation of it. If it ever changes its
    /// output (a tokenizer fix), this goes up, so stored vectors are
    /// recomputed.
    pub const VERSION: u32 = 1;
    /// Length of every vector.
    pub const DIMENSION: usize = HIDDEN;
    /// Tokens the model reads per text, `[CLS]` and `[SEP]` included.
    pub const MAX_TOKENS: usize = 256;
    /// The files [`MiniLmEmbedder::load`] needs in the model folder.
    pub const FILES: [&str; 3] = ["config.json", "vocab.txt", "model.safetensors"];

    /// Loads the model from `model_dir`, a folder holding [`Self::FILES`].
    ///
    /// Refuses, with an error that names the file and says what to do, a
    /// missing folder or file, a config for any other architecture, a
    /// vocabulary of the wrong size, and weights that are cut short,
    /// malformed, of the wrong shape or not F32.
    pub fn load(model_dir: &Path) -> Result<Self, EmbedError> {
        if !model_dir.is_dir() {
            return Err(EmbedError::ModelFolderMissing {
                dir: model_dir.to_owned(),
            });
        }
        let config_path = require(model_dir, "config.json")?;
        let vocab_path = require(model_dir, "vocab.txt")?;
        let weights_path = require(model_dir, "model.safetensors")?;

        let dims = read_config(&config_path)?;
        let vocab = read_text(&vocab_path)?;
        let tokenizer = Tokenizer::from_vocab(&vocab, &vocab_path)?;
        if tokenizer.len() != dims.vocab_size {
            return Err(EmbedError::ModelFileInvalid {
                path: vocab_path,
                reason: format!(
                    "it has {} tokens but config.json says the model has {}",
                    tokenizer.len(),
                    dims.vocab_size
                ),
            });
        }
        let mut weights = SafeTensors::open(&weights_path)?;
        // Exported from a bare BertModel the names start at "embeddings."; from
        // a model with a head on top, at "bert.embeddings.".
        let prefix = ["", "bert."]
            .into_iter()
            .find(|p| weights.contains(&format!("{p}embeddings.word_embeddings.weight")))
            .ok_or_else(|| EmbedError::ModelFileInvalid {
                path: weights_path.clone(),
                reason: "it has no tensor embeddings.word_embeddings.weight (with or without a bert. prefix), so it does not hold BERT weights".to_owned(),
            })?;
        let model = Bert::load(&mut weights, prefix, &dims)?;
        Ok(Self { tokenizer, model })
    }

    /// The token ids the model reads for `text`: `[CLS]`, the first
    /// [`Self::MAX_TOKENS`] − 2 word pieces, `[SEP]`. How many there are
    /// tells whether a text was cut.
    pub fn token_ids(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text, Self::MAX_TOKENS)
    }
}

impl Embedder for MiniLmEmbedder {
    fn id(&self) -> EmbedderId {
        EmbedderId {
            name: Self::NAME.to_owned(),
            version: Self::VERSION,
            dimension: Self::DIMENSION,
        }
    }

    fn dimension(&self) -> usize {
        Self::DIMENSION
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut vectors: Vec<Vec<f32>> = vec![Vec::new(); texts.len()];
        let mut scratch = Scratch::default();
        let mut pack: Vec<(usize, Vec<u32>)> = Vec::new();
        let mut pack_rows = 0;
        let mut run = |pack: &mut Vec<(usize, Vec<u32>)>, vectors: &mut Vec<Vec<f32>>| {
            let sequences: Vec<&[u32]> = pack.iter().map(|(_, ids)| ids.as_slice()).collect();
            let embedded = self.model.embed_pack(&sequences, &mut scratch);
            for ((index, _), vector) in pack.drain(..).zip(embedded) {
                vectors[index] = vector;
            }
        };
        for (index, text) in texts.iter().enumerate() {
            if !text.chars().any(char::is_alphanumeric) {
                vectors[index] = vec![0.0; Self::DIMENSION];
                continue;
            }
            let ids = self.token_ids(text);
            if pack_rows + ids.len() > PACK_ROWS && !pack.is_empty() {
                run(&mut pack, &mut vectors);
                pack_rows = 0;
            }
            pack_rows += ids.len();
            pack.push((index, ids));
        }
        if !pack.is_empty() {
            run(&mut pack, &mut vectors);
        }
        Ok(vectors)
    }
}

/// The path of `file` in `dir`, or the error that says it is missing.
fn require(dir: &Path, file: &str) -> Result<PathBuf, EmbedError> {
    let path = dir.join(file);
    if path.is_file() {
        Ok(path)
    } else {
        Err(EmbedError::ModelFileMissing {
            dir: dir.to_owned(),
            file: file.to_owned(),
        })
    }
}

fn read_text(path: &Path) -> Result<String, EmbedError> {
    let bytes = std::fs::read(path).map_err(|error| EmbedError::ModelFileUnreadable {
        path: path.to_owned(),
        reason: error.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|_| EmbedError::ModelFileInvalid {
        path: path.to_owned(),
        reason: "it is not UTF-8 text".to_owned(),
    })
}

/// Reads `config.json` and checks that it describes all-MiniLM-L6-v2's
/// architecture. The sizes this implementation is written for are fixed, so
/// any other value is refused by name rather than failing later on a
/// tensor's shape, which would read like a damaged download.
fn read_config(path: &Path) -> Result<Dimensions, EmbedError> {
    let text = read_text(path)?;
    let config: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| EmbedError::ModelFileInvalid {
            path: path.to_owned(),
            reason: format!("it is not valid JSON ({error})"),
        })?;
    let unsupported = |reason: String| EmbedError::UnsupportedModel {
        path: path.to_owned(),
        reason,
    };
    let model_type = config.get("model_type").and_then(|v| v.as_str());
    if model_type != Some("bert") {
        return Err(unsupported(format!(
            "model_type is {}, not bert",
            model_type.map_or("missing".to_owned(), |t| format!("{t:?}"))
        )));
    }
    let size = |key: &str| -> Result<Option<usize>, EmbedError> {
        match config.get(key) {
            None => Ok(None),
            Some(value) => value
                .as_u64()
                .and_then(|v| usize::try_from(v).ok())
                .map(Some)
                .ok_or_else(|| unsupported(format!("{key} is {value}, not a whole number"))),
        }
    };
    for (key, expected) in [
        ("hidden_size", HIDDEN),
        ("num_hidden_layers", LAYERS),
        ("num_attention_heads", HEADS),
        ("intermediate_size", INTERMEDIATE),
        ("vocab_size", VOCAB),
    ] {
        match size(key)? {
            Some(value) if value == expected => {}
            Some(value) => {
                return Err(unsupported(format!(
                    "{key} is {value}, expected {expected}"
                )));
            }
            None => return Err(unsupported(format!("{key} is missing"))),
        }
    }
    // Absent keys take BERT's defaults, as the reference implementation does.
    let max_positions = size("max_position_embeddings")?.unwrap_or(512);
    if max_positions < MiniLmEmbedder::MAX_TOKENS {
        return Err(unsupported(format!(
            "max_position_embeddings is {max_positions}, fewer than the {} tokens this embedder reads",
            MiniLmEmbedder::MAX_TOKENS
        )));
    }
    let type_vocab_size = size("type_vocab_size")?.unwrap_or(2);
    if type_vocab_size == 0 {
        return Err(unsupported("type_vocab_size is 0".to_owned()));
    }
    for (key, expected) in [
        ("hidden_act", "gelu"),
        ("position_embedding_type", "absolute"),
    ] {
        if let Some(value) = config.get(key)
            && value.as_str() != Some(expected)
        {
            return Err(unsupported(format!(
                "{key} is {value}, expected \"{expected}\""
            )));
        }
    }
    let eps = config
        .get("layer_norm_eps")
        .and_then(|v| v.as_f64())
        .ok_or_else(|| unsupported("layer_norm_eps is missing or not a number".to_owned()))?;
    if !(eps > 0.0 && eps < 1.0) {
        return Err(unsupported(format!(
            "layer_norm_eps is {eps}, expected a small positive number"
        )));
    }
    Ok(Dimensions {
        vocab_size: VOCAB,
        max_positions,
        type_vocab_size,
        eps: eps as f32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// all-MiniLM-L6-v2's config.json, as published.
    const CONFIG: &str = r#"{
      "_name_or_path": "nreimers/MiniLM-L6-H384-uncased",
      "architectures": ["BertModel"],
      "attention_probs_dropout_prob": 0.1,
      "hidden_act": "gelu",
      "hidden_dropout_prob": 0.1,
      "hidden_size": 384,
      "initializer_range": 0.02,
      "intermediate_size": 1536,
      "layer_norm_eps": 1e-12,
      "max_position_embeddings": 512,
      "model_type": "bert",
      "num_attention_heads": 12,
      "num_hidden_layers": 6,
      "pad_token_id": 0,
      "position_embedding_type": "absolute",
      "type_vocab_size": 2,
      "vocab_size": 30522
    }"#;

    /// A folder with `config`, a vocabulary of `vocab_lines` tokens and an
    /// empty weights file (config and vocabulary are checked before the
    /// weights are opened).
    fn folder(config: &str, vocab_lines: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("config.json"), config).expect("config");
        let mut vocab = String::from("[PAD]\n[UNK]\n[CLS]\n[SEP]\n");
        for i in 4..vocab_lines {
            vocab.push_str(&format!("token{i}\n"));
        }
        std::fs::write(dir.path().join("vocab.txt"), vocab).expect("vocab");
        std::fs::write(dir.path().join("model.safetensors"), b"").expect("weights");
        dir
    }

    fn load_error(config: &str, vocab_lines: usize) -> EmbedError {
        let dir = folder(config, vocab_lines);
        MiniLmEmbedder::load(dir.path()).expect_err("must fail")
    }

    #[test]
    fn the_published_config_and_vocabulary_pass_and_the_weights_are_checked_next() {
        // The empty weights file is the first thing refused, so config and
        // vocabulary were accepted.
        let error = load_error(CONFIG, VOCAB);
        assert!(
            matches!(&error, EmbedError::ModelFileInvalid { path, .. } if path.ends_with("model.safetensors")),
            "{error:?}"
        );
    }

    #[test]
    fn another_architecture_is_refused_by_the_key_that_differs() {
        for (from, to, expected) in [
            (
                "\"hidden_size\": 384",
                "\"hidden_size\": 768",
                "hidden_size is 768, expected 384",
            ),
            (
                "\"num_hidden_layers\": 6",
                "\"num_hidden_layers\": 12",
                "num_hidden_layers is 12, expected 6",
            ),
            (
                "\"num_attention_heads\": 12",
                "\"num_attention_heads\": 6",
                "num_attention_heads is 6, expected 12",
            ),
            (
                "\"intermediate_size\": 1536",
                "\"intermediate_size\": 3072",
                "intermediate_size is 3072, expected 1536",
            ),
            (
                "\"vocab_size\": 30522",
                "\"vocab_size\": 250002",
                "vocab_size is 250002, expected 30522",
            ),
            (
                "\"model_type\": \"bert\"",
                "\"model_type\": \"xlm-roberta\"",
                "model_type is \"xlm-roberta\", not bert",
            ),
            (
                "\"hidden_act\": \"gelu\"",
                "\"hidden_act\": \"gelu_new\"",
                "hidden_act is \"gelu_new\", expected \"gelu\"",
            ),
            (
                "\"layer_norm_eps\": 1e-12",
                "\"layer_norm_eps\": \"small\"",
                "layer_norm_eps is missing or not a number",
            ),
            (
                "\"max_position_embeddings\": 512",
                "\"max_position_embeddings\": 128",
                "max_position_embeddings is 128",
            ),
            ("\"hidden_size\": 384,", "", "hidden_size is missing"),
        ] {
            assert!(CONFIG.contains(from), "{from}");
            let error = load_error(&CONFIG.replace(from, to), VOCAB);
            let message = error.to_string();
            assert!(
                matches!(error, EmbedError::UnsupportedModel { .. }),
                "{to}: {error:?}"
            );
            assert!(message.contains(expected), "{to}: {message}");
            assert!(message.contains("config.json"), "{message}");
            assert!(message.contains("all-MiniLM-L6-v2"), "{message}");
        }
    }

    #[test]
    fn a_config_that_is_not_json_is_a_damaged_file() {
        let error = load_error("{\"model_type\": ", VOCAB);
        assert!(
            matches!(&error, EmbedError::ModelFileInvalid { path, reason } if path.ends_with("config.json") && reason.contains("not valid JSON")),
            "{error:?}"
        );
    }

    #[test]
    fn a_vocabulary_of_the_wrong_size_is_refused() {
        let error = load_error(CONFIG, VOCAB - 1);
        let message = error.to_string();
        assert!(message.contains("vocab.txt"), "{message}");
        assert!(
            message.contains("it has 30521 tokens but config.json says the model has 30522"),
            "{message}"
        );
    }

    #[test]
    fn the_id_is_minilm_l6_v2_of_dimension_384() {
        let id = EmbedderId::new(
            MiniLmEmbedder::NAME,
            MiniLmEmbedder::VERSION,
            MiniLmEmbedder::DIMENSION,
        )
        .expect("valid id");
        assert_eq!(id.to_string(), "all-minilm-l6-v2-v1/384");
        assert_eq!(
            "all-minilm-l6-v2-v1/384"
                .parse::<EmbedderId>()
                .expect("parses"),
            id
        );
    }
}
