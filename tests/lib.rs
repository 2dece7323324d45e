//! Scenario tests spanning several crates live beside this file; see
//! `crash_safety.rs`. This library is empty on purpose: the package exists to
//! hold those tests.
