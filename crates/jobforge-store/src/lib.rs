//! Job Forge's local store: one SQLCipher-encrypted SQLite file.
//!
//! * [`Store::create`] / [`Store::open`] key the file with a raw 256-bit key
//!   and bring the schema up to date ([`migrations`]).
//! * Repositories are methods on [`Store`], one module per entity.
//! * Every write validates its input with the rules in `jobforge-types`,
//!   runs in one transaction, bumps the row's `version`, and (through
//!   triggers) appends to the change log and keeps the FTS5 indexes current.
//! * Deletions are tombstones (`deleted_at`), never row removals, so they sync.

mod applications;
mod changes;
mod clock;
mod db;
mod documents;
mod error;
mod flags;
pub mod migrations;
mod profile;
mod resume_sources;
mod resumes;
mod rows;
mod runs;
mod search;
pub mod semantic;
mod settings;

pub use applications::ApplicationFilter;
pub use changes::{ChangeLogEntry, ChangeOperation};
pub use db::Store;
pub use error::{Result, StoreError};
pub use resume_sources::ResumeSource;
pub use runs::{RunRecord, RunResult};
pub use search::{MeaningQuery, SearchQuery, fts_query};
