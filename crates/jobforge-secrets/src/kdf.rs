//! Stretching a passphrase into a database key with Argon2id, for machines
//! where no keyring can be reached.

use argon2::{Algorithm, Argon2, Params, Version};

use crate::{DatabaseKey, Passphrase, SecretsError};

/// A random salt, stored in the clear beside the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Salt(pub [u8; 16]);

impl Salt {
    pub fn generate() -> Result<Self, SecretsError> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|e| SecretsError::Random(e.to_string()))?;
        Ok(Self(bytes))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(text: &str) -> Option<Self> {
        let mut bytes = [0u8; 16];
        hex::decode_to_slice(text.trim(), &mut bytes).ok()?;
        Some(Self(bytes))
    }
}

/// Argon2id cost parameters, stored beside the salt so they can be raised for
/// new databases without breaking old ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for KdfParams {
    /// OWASP's recommended Argon2id setting (64 MiB, 3 passes): about a tenth
    /// of a second on a laptop, paid once per unlock.
    fn default() -> Self {
        Self {
            memory_kib: 64 * 1024,
            iterations: 3,
            parallelism: 1,
        }
    }
}

/// Derives the database key from a passphrase.
pub fn derive_database_key(
    passphrase: &Passphrase,
    salt: &Salt,
    params: KdfParams,
) -> Result<DatabaseKey, SecretsError> {
    let argon_params = Params::new(
        params.memory_kib,
        params.iterations,
        params.parallelism,
        Some(DatabaseKey::LEN),
    )
    .map_err(|e| SecretsError::KdfParams(e.to_string()))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
    let mut out = [0u8; DatabaseKey::LEN];
    argon
        .hash_password_into(passphrase.expose().as_bytes(), &salt.0, &mut out)
        .map_err(|e| SecretsError::KdfParams(e.to_string()))?;
    let key = DatabaseKey::from_bytes(out);
    zeroize::Zeroize::zeroize(&mut out);
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> KdfParams {
        KdfParams {
            memory_kib: 1024,
            iterations: 1,
            parallelism: 1,
        }
    }

    #[test]
    fn same_passphrase_and_salt_give_the_same_key() {
        let salt = Salt([7; 16]);
        let p = Passphrase::new("tall lamp quiet river".into()).expect("non-empty");
        let a = derive_database_key(&p, &salt, cheap()).expect("derive");
        let b = derive_database_key(&p, &salt, cheap()).expect("derive");
        assert!(a.check_value().matches(&b.check_value()));
    }

    #[test]
    fn a_different_salt_or_passphrase_gives_another_key() {
        let p = Passphrase::new("tall lamp quiet river".into()).expect("non-empty");
        let q = Passphrase::new("tall lamp quiet rivet".into()).expect("non-empty");
        let a = derive_database_key(&p, &Salt([7; 16]), cheap()).expect("derive");
        let b = derive_database_key(&p, &Salt([8; 16]), cheap()).expect("derive");
        let c = derive_database_key(&q, &Salt([7; 16]), cheap()).expect("derive");
        assert!(!a.check_value().matches(&b.check_value()));
        assert!(!a.check_value().matches(&c.check_value()));
    }

    #[test]
    fn salt_round_trips_through_hex() {
        let salt = Salt::generate().expect("rng");
        assert_eq!(Salt::from_hex(&salt.to_hex()), Some(salt));
    }
}
