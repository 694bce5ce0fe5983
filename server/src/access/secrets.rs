//! Secrets made and checked here, never stored in the clear: passwords as argon2id
//! hashes (salted, slow on purpose), API tokens and session ids as SHA-256 hashes (they
//! are 256 random bits: a fast hash loses nothing, and lookups stay one indexed read).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// The prefix of every API token, so that a leaked one is recognisable (and secret
/// scanners can be taught it).
pub const TOKEN_PREFIX: &str = "trb_";
/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// `password` hashed with argon2id and a fresh salt, in the PHC string format.
pub fn hash_password(password: &str) -> Result<String, String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!("a password has at least {MIN_PASSWORD_CHARS} characters"));
    }
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|error| error.to_string())?;
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string()).map_err(|e| e.to_string())
}

/// Whether `password` is the one `stored` (a PHC string) was made from.
pub fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

/// 32 random bytes, URL-safe base64 without padding (43 characters).
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A new API token: shown once to its owner, stored as [`secret_hash`].
pub fn new_token() -> String {
    format!("{TOKEN_PREFIX}{}", random_secret())
}

/// Whether `a` and `b` are equal, in a time that does not tell where they first differ
/// (for comparing a secret a caller sent with the one expected).
pub fn constant_time_equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |differ, (x, y)| differ | (x ^ y)) == 0
}

/// The hash a token or session id is stored and looked up by (hex SHA-256).
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_hash_checks_the_password_and_nothing_else() {
        let stored = hash_password("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(password_matches("correct horse battery", &stored));
        assert!(!password_matches("correct horse battery ", &stored));
        assert!(!password_matches("correct horse battery", "not a hash"));
        assert_ne!(stored, hash_password("correct horse battery").unwrap(), "salted");
        assert!(hash_password("short").unwrap_err().contains("12 characters"));
    }

    #[test]
    fn tokens_are_random_prefixed_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert!(a.starts_with(TOKEN_PREFIX) && a.len() == TOKEN_PREFIX.len() + 43, "{a}");
        assert_ne!(a, b);
        assert_eq!(secret_hash(&a), secret_hash(&a));
        assert_eq!(secret_hash(&a).len(), 64);
        assert!(!secret_hash(&a).contains(&a[4..]));
    }
}
