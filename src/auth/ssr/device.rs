//! Known devices: a browser someone signed in with before carries a signed,
//! long-lived cookie naming them. With it they sign in past a lock that a
//! stranger's guesses put on their account (see [`super::login`]).

use crate::context::AppState;

use super::session::{append_cookie, cookie_in, is_https, request_parts};
use super::{random_token, token_hash, DAY_MS};

pub const DEVICE_COOKIE: &str = "pc_device";
/// Over https, like the session cookie: see [`super::session_cookie_name`].
pub const DEVICE_COOKIE_HTTPS: &str = "__Host-pc_device";
const DEVICE_DAYS: i64 = 365;

pub fn device_cookie_name(state: &AppState) -> &'static str {
    if is_https(state) { DEVICE_COOKIE_HTTPS } else { DEVICE_COOKIE }
}

/// The cookie's signature: it names this person and this device, under the
/// app's secret, so nobody makes one up or moves one to another account.
fn device_mac(secret: &str, user_id: i64, device: &str) -> String {
    token_hash(secret, &format!("known-device:{user_id}:{device}"))
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The id of the known device this request comes from, when its cookie is
/// ours and names `user_id`.
pub fn known_device_of(state: &AppState, user_id: i64) -> Option<String> {
    let value = cookie_in(&request_parts()?.headers, device_cookie_name(state))?;
    device_in_cookie(&state.secret, &value, user_id)
}

/// Reads `<user id>.<device id>.<signature>`.
pub fn device_in_cookie(secret: &str, value: &str, user_id: i64) -> Option<String> {
    let mut parts = value.splitn(3, '.');
    let (owner, device, mac) = (parts.next()?, parts.next()?, parts.next()?);
    let fits = owner.parse::<i64>().ok() == Some(user_id)
        && device.len() == 32
        && device.bytes().all(|b| b.is_ascii_hexdigit())
        && same(mac, &device_mac(secret, user_id, device));
    fits.then(|| device.to_owned())
}

/// Marks this browser as a known device of `user_id` (a sign-in, or the
/// unlock link opened in it); it keeps its id when it already is one.
pub fn remember_device(state: &AppState, user_id: i64) {
    let device = known_device_of(state, user_id).unwrap_or_else(|| random_token()[..32].to_owned());
    let value = format!("{user_id}.{device}.{}", device_mac(&state.secret, user_id, &device));
    append_cookie(state, device_cookie_name(state), &value, DEVICE_DAYS * DAY_MS / 1000);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_cookie_holds_only_for_its_own_person_and_signature() {
        let device = "0123456789abcdef0123456789abcdef";
        let value = format!("7.{device}.{}", device_mac("k1", 7, device));
        assert_eq!(device_in_cookie("k1", &value, 7).as_deref(), Some(device));
        assert_eq!(device_in_cookie("k1", &value, 8), None, "another person's device");
        assert_eq!(device_in_cookie("k2", &value, 7), None, "signed under another secret");
        let moved = format!("8.{device}.{}", device_mac("k1", 7, device));
        assert_eq!(device_in_cookie("k1", &moved, 8), None, "a signature moved to another account");
        assert_eq!(device_in_cookie("k1", "7.abc.def", 7), None);
        assert_eq!(device_in_cookie("k1", "", 7), None);
    }
}
