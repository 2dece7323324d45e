//! Test support shared by Job Forge's crates. Only ever a dev-dependency:
//! nothing here ships in the app.

pub mod http_script;
pub mod models;
pub mod webdriver;

/// The folder of the package whose test (or bench) is running, as a
/// `PathBuf`. Cargo sets `CARGO_MANIFEST_DIR` when it runs a test binary,
/// and that value is the right one: the compiled-in `env!` names the clone
/// that built the binary, and cargo reuses test binaries from a shared
/// target directory for another clone of the same tree, whose fixtures then
/// seem to be missing. The compiled-in value is the fallback for a binary
/// run by hand.
#[macro_export]
macro_rules! package_dir {
    () => {
        ::std::env::var_os("CARGO_MANIFEST_DIR")
            .map(::std::path::PathBuf::from)
            .unwrap_or_else(|| ::std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
    };
}
