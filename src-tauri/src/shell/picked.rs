//! The files the user chose in this session, in the open dialog (to read)
//! or the save dialog (to write), or dropped on the window. The page hands
//! the shell paths, never contents, so without this list a page could ask
//! for any file; with it, the shell reads and writes only what the person
//! picked. The dialog plugin adds each chosen path to the fs scope (its
//! `save` command too, as of tauri-plugin-dialog 2.7), and the app follows
//! that scope's events into this list (`commands::follow_picks`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use jobforge_core::types::ShellError;

use super::errors::user_error;

#[derive(Clone, Default)]
pub struct PickedFiles(Arc<Mutex<HashSet<PathBuf>>>);

impl PickedFiles {
    /// Remembers a picked path, as given and resolved (a file to be saved
    /// does not exist yet, so it is only remembered as given).
    pub fn remember(&self, path: &Path) {
        let mut set = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Ok(real) = path.canonicalize() {
            set.insert(real);
        }
        set.insert(path.to_owned());
    }

    pub fn contains(&self, path: &Path) -> bool {
        let set = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        set.contains(path) || path.canonicalize().is_ok_and(|real| set.contains(&real))
    }

    /// `path` as a path to read, if the user picked it.
    pub fn to_read(&self, path: &str) -> Result<PathBuf, ShellError> {
        let path = PathBuf::from(path);
        if self.contains(&path) {
            return Ok(path);
        }
        tracing::warn!(path = %path.display(), "refused to read a file the user did not pick");
        Err(user_error(
            "Job Forge reads only files you choose in its file picker; choose the file again.",
        ))
    }

    /// `path` as a path to write, if the user chose it in the save dialog.
    pub fn to_write(&self, path: &str) -> Result<PathBuf, ShellError> {
        let path = PathBuf::from(path);
        if self.contains(&path) {
            return Ok(path);
        }
        tracing::warn!(path = %path.display(), "refused to write a file the user did not choose");
        Err(user_error(
            "Job Forge writes only to a file you choose in its save dialog; choose where to save again.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_picked_files_are_readable_by_any_path_to_them() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let real = tmp.path().join("resume.md");
        std::fs::write(&real, "# Resume\n").expect("write");
        let link = tmp.path().join("link.md");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        let picked = PickedFiles::default();
        assert!(!picked.contains(&real));
        picked.remember(&link);
        assert!(picked.contains(&link));
        #[cfg(unix)]
        assert!(picked.contains(&real), "the same file by its real path");
        assert!(!picked.contains(&tmp.path().join("other.md")));
    }

    #[test]
    fn a_save_path_is_allowed_before_the_file_exists_and_nothing_beside_it() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let chosen = tmp.path().join("letter.pdf");
        let picked = PickedFiles::default();
        let shown = chosen.display().to_string();
        assert!(picked.to_write(&shown).is_err());
        picked.remember(&chosen);
        assert_eq!(picked.to_write(&shown).expect("chosen"), chosen);
        let beside = tmp.path().join("other.pdf").display().to_string();
        let error = picked.to_write(&beside).expect_err("not chosen");
        assert!(error.message.contains("save dialog"), "{}", error.message);
    }
}
