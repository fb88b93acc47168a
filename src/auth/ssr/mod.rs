//! Identity on the server: password hashing, sessions, who is calling, the
//! guards and frames every server function starts with, one-time tokens and
//! login throttling. Imports no area; every area may import it.

mod crypto;
mod device;
mod locale;
mod session;
mod throttle;
mod tokens;
mod users;

pub use crypto::*;
pub use device::*;
pub use locale::*;
pub use session::*;
pub use throttle::*;
pub use tokens::*;
pub use users::*;

pub const SESSION_COOKIE: &str = "pc_session";
/// The session cookie's name over https (see [`session_cookie_name`]).
pub const SESSION_COOKIE_HTTPS: &str = "__Host-pc_session";
pub const SESSION_DAYS: i64 = 30;
const DAY_MS: i64 = 24 * 3600 * 1000;
const MINUTE_MS: i64 = 60 * 1000;

/// Login throttling: failures counted in a sliding window, per account and per
/// address, in the database so that every app instance sees them.
pub const THROTTLE_WINDOW_MS: i64 = 15 * MINUTE_MS;
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 30;
/// Wrong passwords typed on a known device (one that signed in before) are
/// counted against that device alone, so a stranger's guesses elsewhere
/// never lock its owner out; a stolen device cookie still guesses no more.
pub const MAX_FAILURES_PER_DEVICE: i64 = 5;


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        assert_eq!(cookie_value("a=1; pc_session=abc; b=2", SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie_value("pc_session=", SESSION_COOKIE), None);
        assert_eq!(cookie_value("x_pc_session=abc", SESSION_COOKIE), None);
    }

    #[test]
    fn token_hashes_depend_on_the_secret() {
        let t = random_token();
        assert_eq!(t.len(), 64);
        assert_eq!(token_hash("k1", &t), token_hash("k1", &t));
        assert_ne!(token_hash("k1", &t), token_hash("k2", &t));
        assert_ne!(random_token(), t);
    }

    #[tokio::test]
    async fn passwords_verify_only_against_their_own_hash() {
        let hash = hash_password("Moodon#Knit77").await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("Moodon#Knit77", &hash).await.unwrap());
        assert!(!verify_password("moodon#knit77", &hash).await.unwrap());
        assert!(!verify_password("anything", DUMMY_HASH).await.unwrap());
    }
}
