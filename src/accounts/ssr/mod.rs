//! Accounts on the server: sign-up with the business documents, e-mail
//! verification, password resets and changes, the account's sessions and
//! resubmitted applications. Sessions, guards and
//! tokens are identity's (`crate::auth::ssr`).

mod purge;
mod signup;
mod unlock;

pub use purge::*;
pub use signup::*;
pub use unlock::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_named_the_way_sellers_know_them() {
        let galaxy = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 SamsungBrowser/25.0 Chrome/121 Mobile Safari/537.36";
        assert_eq!(describe_agent(galaxy), "삼성 인터넷 · Android");
        let mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15";
        assert_eq!(describe_agent(mac), "Safari · macOS");
        assert_eq!(describe_agent("curl/8.5"), "알 수 없는 기기");
    }
}
