//! Job Forge's core, shared by the CLI, the desktop shell and (later) the
//! server's web front: where the user's data lives, how it is unlocked, and
//! the operations on it. Plain Rust types in and out; no UI, wire format or
//! framework knowledge here.

mod data_dir;
mod error;
pub mod export;
pub mod import;
mod key_info;
pub mod matching;
pub mod pipeline;
pub mod sample;
pub mod semantic;
pub mod text_file;
mod workspace;

pub use data_dir::{DataDir, default_data_dir};
pub use error::WorkspaceError;
pub use workspace::{KeySource, KeyStorePreference, PassphrasePurpose, UnlockOptions, Workspace};

pub use pipeline::{PipelineEvent, PreparedPhase, RunPlan, run_pipeline};

pub use jobforge_ai as ai;
pub use jobforge_analysis as analysis;
pub use jobforge_embed as embed;
pub use jobforge_secrets as secrets;
pub use jobforge_store as store;
pub use jobforge_types as types;
