//! Password hashing, random tokens and their keyed hashes.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::context::limits::Work;
use crate::error::{AppError, AppResult};

// ---------------------------------------------------------------- crypto

/// Argon2 takes 19 MiB and tens of milliseconds a time: it runs under the
/// app's password permits, and a flood of sign-ins is answered `busy`
/// instead of taking all the memory.
pub async fn hash_password(password: &str) -> AppResult<String> {
    let password = password.to_owned();
    crate::context::limits::current()
        .run(Work::Password, move || {
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
        })
        .await?
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::internal()
        })
}

/// Whether `password` matches `hash`; `busy` when no password permit frees
/// in time (which is not a wrong password, and must not be counted as one).
pub async fn verify_password(password: &str, hash: &str) -> AppResult<bool> {
    let password = password.to_owned();
    let hash = hash.to_owned();
    crate::context::limits::current()
        .run(Work::Password, move || {
            PasswordHash::new(&hash)
                .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
                .unwrap_or(false)
        })
        .await
}

/// A hash nobody's password matches, verified when the account does not exist
/// so that a wrong e-mail takes as long as a wrong password.
pub(super) const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Zy6yJ4B5Tq7bC0Ro7GcRrxJ3wQz5kqJQK2tpFz9Uj3A";

/// 32 random bytes, hex: session ids and link tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).expect("the OS has randomness");
    hex(&bytes)
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the database keeps of a session id or link token: its HMAC under the
/// app's secret. A copy of the database alone opens no session and no link.
pub fn token_hash(secret: &str, token: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(token.as_bytes());
    hex(&mac.finalize().into_bytes())
}
