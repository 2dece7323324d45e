use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::SecretsError;

/// The 256-bit key of the encrypted database.
#[derive(ZeroizeOnDrop)]
pub struct DatabaseKey([u8; 32]);

impl DatabaseKey {
    pub const LEN: usize = 32;

    /// A fresh key from the operating system's random number generator.
    pub fn generate() -> Result<Self, SecretsError> {
        let mut bytes = [0u8; Self::LEN];
        getrandom::fill(&mut bytes).map_err(|e| SecretsError::Random(e.to_string()))?;
        Ok(Self(bytes))
    }

    pub fn from_bytes(bytes: [u8; Self::LEN]) -> Self {
        Self(bytes)
    }

    /// Parses the hex form kept in the keyring. `None` if it is not 64 hex digits.
    pub fn from_hex(hex_text: &str) -> Option<Self> {
        let mut bytes = [0u8; Self::LEN];
        hex::decode_to_slice(hex_text.trim(), &mut bytes).ok()?;
        Some(Self(bytes))
    }

    /// The hex form, for the keyring. Wiped when dropped.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0))
    }

    /// The raw-key literal SQLCipher's `PRAGMA key` takes: `x'<64 hex>'`.
    /// A raw key skips SQLCipher's own PBKDF2 (~150 ms per open).
    pub fn sqlcipher_literal(&self) -> Zeroizing<String> {
        let hex = self.to_hex();
        Zeroizing::new(format!("x'{}'", hex.as_str()))
    }

    /// A value that identifies this key without revealing it, kept beside the
    /// database so a wrong key can be told apart from a damaged file.
    pub fn check_value(&self) -> KeyCheck {
        // A MAC keyed by the database key over a fixed label: one-way, and
        // unrelated to anything SQLCipher derives from the key.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            unreachable!("HMAC accepts keys of any length")
        };
        mac.update(b"jobforge database key check v1");
        KeyCheck(mac.finalize().into_bytes().into())
    }
}

impl fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DatabaseKey(***)")
    }
}

/// A one-way check value of a [`DatabaseKey`]; safe to store in the clear.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyCheck([u8; 32]);

impl KeyCheck {
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(text: &str) -> Option<Self> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut bytes).ok()?;
        Some(Self(bytes))
    }

    /// Compares in constant time.
    pub fn matches(&self, other: &KeyCheck) -> bool {
        self.0
            .iter()
            .zip(other.0.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

impl fmt::Debug for KeyCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyCheck({})", self.to_hex())
    }
}

/// A passphrase the user typed or set in `JOBFORGE_PASSPHRASE`.
#[derive(ZeroizeOnDrop)]
pub struct Passphrase(String);

impl Passphrase {
    pub fn new(mut text: String) -> Result<Self, SecretsError> {
        // A trailing newline from a pipe or a file is not part of the passphrase.
        while text.ends_with(['\n', '\r']) {
            text.pop();
        }
        if text.is_empty() {
            text.zeroize();
            return Err(SecretsError::EmptyPassphrase);
        }
        Ok(Self(text))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A rough strength hint for people choosing a passphrase.
    pub fn strength_hint(&self) -> Option<&'static str> {
        let chars = self.0.chars().count();
        let words = self.0.split_whitespace().count();
        if chars < 8 {
            Some("this passphrase is very short; four or more random words are much safer")
        } else if chars < 14 && words < 3 {
            Some("this passphrase is short; a longer one (several words) is safer")
        } else {
            None
        }
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(***)")
    }
}

/// Any other secret text, such as an AI provider's API key.
#[derive(ZeroizeOnDrop)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(text: String) -> Self {
        Self(text)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_secret_material() {
        let key = DatabaseKey::from_bytes([0xab; 32]);
        let passphrase = Passphrase::new("correct horse".into()).expect("non-empty");
        let api_key = SecretString::new("sk-live-123".into());
        let printed = format!("{key:?} {passphrase:?} {api_key:?}");
        assert_eq!(
            printed,
            "DatabaseKey(***) Passphrase(***) SecretString(***)"
        );
        assert!(!printed.contains("abab"));
    }

    #[test]
    fn key_round_trips_through_hex() {
        let key = DatabaseKey::generate().expect("rng");
        let again = DatabaseKey::from_hex(&key.to_hex()).expect("64 hex digits");
        assert!(key.check_value().matches(&again.check_value()));
        assert!(DatabaseKey::from_hex("not hex").is_none());
    }

    #[test]
    fn different_keys_have_different_check_values() {
        let a = DatabaseKey::from_bytes([1; 32]);
        let b = DatabaseKey::from_bytes([2; 32]);
        assert!(!a.check_value().matches(&b.check_value()));
        assert!(
            a.check_value()
                .matches(&KeyCheck::from_hex(&a.check_value().to_hex()).expect("hex"))
        );
    }

    #[test]
    fn generated_keys_differ() {
        let a = DatabaseKey::generate().expect("rng");
        let b = DatabaseKey::generate().expect("rng");
        assert!(!a.check_value().matches(&b.check_value()));
    }

    #[test]
    fn passphrase_drops_trailing_newline_and_rejects_empty() {
        let p = Passphrase::new("secret words\n".into()).expect("non-empty");
        assert_eq!(p.expose(), "secret words");
        assert!(matches!(
            Passphrase::new("\n".into()),
            Err(SecretsError::EmptyPassphrase)
        ));
    }

    #[test]
    fn sqlcipher_literal_is_a_raw_key_blob() {
        let key = DatabaseKey::from_bytes([0x0f; 32]);
        let literal = key.sqlcipher_literal();
        assert!(literal.starts_with("x'0f0f"));
        assert_eq!(literal.len(), 3 + 64);
    }
}
