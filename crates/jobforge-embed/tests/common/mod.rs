//! The real all-MiniLM-L6-v2 model for the tests that need it, found
//! through `JOBFORGE_MINILM_DIR` and loaded once per test binary.

use std::path::PathBuf;
use std::sync::OnceLock;

use jobforge_embed::MiniLmEmbedder;

/// The model folder; the test fails without it.
pub fn minilm_dir() -> PathBuf {
    jobforge_testkit::models::minilm_dir()
}

pub fn minilm() -> &'static MiniLmEmbedder {
    static MODEL: OnceLock<MiniLmEmbedder> = OnceLock::new();
    MODEL.get_or_init(|| {
        let dir = minilm_dir();
        MiniLmEmbedder::load(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
    })
}
