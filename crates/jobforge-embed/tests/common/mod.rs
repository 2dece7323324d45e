//! The real all-MiniLM-L6-v2 model for the tests that need it, found
//! through `JOBFORGE_MINILM_DIR` and loaded once per test binary.

use std::path::PathBuf;
use std::sync::OnceLock;

use jobforge_embed::MiniLmEmbedder;

/// The model folder. Without it the MiniLM tests fail rather than pass
/// silently: a suite that skips the model proves nothing about it.
pub fn minilm_dir() -> PathBuf {
    match std::env::var_os("JOBFORGE_MINILM_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => panic!(
            "set JOBFORGE_MINILM_DIR to the model folder (cargo xtask test installs it): the folder with config.json, vocab.txt and model.safetensors of all-MiniLM-L6-v2"
        ),
    }
}

pub fn minilm() -> &'static MiniLmEmbedder {
    static MODEL: OnceLock<MiniLmEmbedder> = OnceLock::new();
    MODEL.get_or_init(|| {
        let dir = minilm_dir();
        MiniLmEmbedder::load(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
    })
}
