//! Accounts on the server: password hashing, sessions, one-time tokens,
//! login throttling, and the guards every server function starts with —
//! one file per concern, every item reachable as `accounts::ssr::…`.

mod crypto;
mod session;
mod users;
mod throttle;
mod tokens;
mod signup;
mod payout;

pub use crypto::*;
pub use session::*;
pub use users::*;
pub use throttle::*;
pub use tokens::*;
pub use signup::*;
pub use payout::*;

pub const SESSION_COOKIE: &str = "pc_session";
pub const SESSION_DAYS: i64 = 30;
const DAY_MS: i64 = 24 * 3600 * 1000;
const MINUTE_MS: i64 = 60 * 1000;

/// Login throttling: failures counted in a sliding window, per account and per
/// address, in the database so that every app instance sees them.
pub const THROTTLE_WINDOW_MS: i64 = 15 * MINUTE_MS;
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_IP: i64 = 30;

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
    fn devices_are_named_the_way_sellers_know_them() {
        let galaxy = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 SamsungBrowser/25.0 Chrome/121 Mobile Safari/537.36";
        assert_eq!(describe_agent(galaxy), "삼성 인터넷 · Android");
        let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15";
        assert_eq!(describe_agent(mac), "Safari · macOS");
        assert_eq!(describe_agent("curl/8.5"), "알 수 없는 기기");
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
        assert!(verify_password("Moodon#Knit77", &hash).await);
        assert!(!verify_password("moodon#knit77", &hash).await);
        assert!(!verify_password("anything", DUMMY_HASH).await);
    }
}
