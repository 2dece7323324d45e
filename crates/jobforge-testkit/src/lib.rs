//! Test support shared by Job Forge's crates. Only ever a dev-dependency:
//! nothing here ships in the app.

pub mod http_script;
pub mod models;
pub mod webdriver;
