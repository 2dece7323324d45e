//! The unlock screen: asking for the passphrase of an existing workspace,
//! or choosing one (twice) for a new one.

use jobforge_types::{ShellError, ShellErrorKind, UnlockRequest};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnlockForm {
    /// No workspace yet: choose a passphrase and confirm it.
    pub new: bool,
    pub passphrase: String,
    pub confirm: String,
    /// Shown in `#unlock-error`.
    pub error: Option<String>,
    /// `unlock` is under way.
    pub busy: bool,
}

pub const WRONG_PASSPHRASE: &str =
    "That passphrase does not unlock your workspace. Check it (and Caps Lock) and try again.";

impl UnlockForm {
    pub fn new(new: bool) -> Self {
        Self {
            new,
            ..Self::default()
        }
    }

    /// The request to send, or why not.
    pub fn request(&self) -> Result<UnlockRequest, String> {
        if self.passphrase.trim_end_matches(['\n', '\r']).is_empty() {
            return Err(if self.new {
                "Choose a passphrase: several random words are easy to type and hard to guess."
                    .to_owned()
            } else {
                "Type your passphrase to unlock your workspace.".to_owned()
            });
        }
        if self.new && self.confirm != self.passphrase {
            return Err("The two passphrases differ; type the same one twice.".to_owned());
        }
        Ok(UnlockRequest {
            passphrase: self.passphrase.clone(),
            confirm: self.new.then(|| self.confirm.clone()),
        })
    }

    /// After a refusal: say why and let the person try again with an empty
    /// field.
    pub fn refused(&mut self, error: &ShellError) {
        self.busy = false;
        self.error = Some(match error.kind {
            ShellErrorKind::WrongPassphrase => WRONG_PASSPHRASE.to_owned(),
            _ => error.message.clone(),
        });
        if error.kind == ShellErrorKind::WrongPassphrase {
            self.passphrase.clear();
            self.confirm.clear();
        }
    }

    /// The strength hint under a new passphrase (the same rule as
    /// `jobforge_secrets::Passphrase::strength_hint`).
    pub fn strength_hint(&self) -> Option<&'static str> {
        if !self.new || self.passphrase.is_empty() {
            return None;
        }
        Some(strength_hint(&self.passphrase))
    }
}

/// How strong a new passphrase looks, for people choosing one.
pub fn strength_hint(passphrase: &str) -> &'static str {
    let chars = passphrase.chars().count();
    let words = passphrase.split_whitespace().count();
    if chars < 8 {
        "Very short: four or more random words are much safer."
    } else if chars < 14 && words < 3 {
        "Short: a longer passphrase (several words) is safer."
    } else {
        "Good length. Keep it somewhere safe: it cannot be recovered."
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_workspace_needs_a_non_empty_passphrase() {
        let mut form = UnlockForm::new(false);
        assert!(form.request().is_err());
        form.passphrase = "tall lamp".into();
        assert_eq!(
            form.request(),
            Ok(UnlockRequest {
                passphrase: "tall lamp".into(),
                confirm: None
            })
        );
    }

    #[test]
    fn a_new_passphrase_must_be_typed_twice_alike() {
        let mut form = UnlockForm::new(true);
        form.passphrase = "tall lamp quiet river".into();
        form.confirm = "tall lamp quiet rivet".into();
        assert!(form.request().expect_err("differs").contains("differ"));
        form.confirm = form.passphrase.clone();
        assert_eq!(
            form.request().map(|r| r.confirm),
            Ok(Some("tall lamp quiet river".to_owned()))
        );
    }

    #[test]
    fn a_wrong_passphrase_clears_the_field_and_says_so() {
        let mut form = UnlockForm::new(false);
        form.passphrase = "nope".into();
        form.busy = true;
        form.refused(&ShellError {
            kind: ShellErrorKind::WrongPassphrase,
            message: "wrong".into(),
            fields: vec![],
        });
        assert!(!form.busy);
        assert!(form.passphrase.is_empty());
        assert_eq!(form.error.as_deref(), Some(WRONG_PASSPHRASE));
    }

    #[test]
    fn strength_hints_follow_length_and_words() {
        assert!(strength_hint("abc").starts_with("Very short"));
        assert!(strength_hint("abcdefghij").starts_with("Short"));
        assert!(strength_hint("tall lamp quiet river").starts_with("Good"));
        assert_eq!(UnlockForm::new(false).strength_hint(), None);
    }
}
