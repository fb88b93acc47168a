//! The keys file the app writes with its demo data (channel and carrier
//! keys, the app's address) and the base URL the simulation calls.

use std::collections::BTreeMap;

use hyper::Uri;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Keys {
    pub(super) base_url: Option<String>,
    /// Channel code → key, in a stable order so that a seed replays.
    pub(super) channels: BTreeMap<String, String>,
    pub(super) carrier: Option<String>,
    /// The carrier key's signing secret: webhook calls are signed with it.
    pub(super) carrier_signing_secret: Option<String>,
}

pub(super) fn parse_keys(text: &str) -> Result<Keys, String> {
    #[derive(Deserialize)]
    struct File {
        #[serde(default)]
        base_url: Option<String>,
        #[serde(default)]
        channels: BTreeMap<String, String>,
        #[serde(default)]
        carrier: Option<String>,
        #[serde(default)]
        carrier_signing_secret: Option<String>,
    }
    let file: File = serde_json::from_str(text)
        .map_err(|e| format!("not the keys file of the contract: {e}"))?;
    let channels = file
        .channels
        .into_iter()
        .filter(|(code, key)| !code.is_empty() && !key.trim().is_empty())
        .collect();
    Ok(Keys {
        base_url: file.base_url.filter(|u| !u.trim().is_empty()),
        channels,
        carrier: file.carrier.filter(|k| !k.trim().is_empty()),
        carrier_signing_secret: file.carrier_signing_secret.filter(|k| !k.trim().is_empty()),
    })
}

/// The command line wins over the keys file: the file names the address the
/// app listened on when it wrote it, which a proxy or a port change outdates.
pub(super) fn base_url(option: &str, file: Option<&str>) -> Result<String, String> {
    let chosen = if option.trim().is_empty() {
        file.unwrap_or("").trim()
    } else {
        option.trim()
    };
    if chosen.is_empty() {
        return Err("no base URL: give --base-url or a keys file with base_url".to_owned());
    }
    if chosen.starts_with("https://") {
        return Err(format!(
            "{chosen}: the simulator speaks plain HTTP only; point it at the app itself (http://…)"
        ));
    }
    if !chosen.starts_with("http://") {
        return Err(format!("{chosen}: the base URL must start with http://"));
    }
    let base = chosen.trim_end_matches('/').to_owned();
    let uri: Uri = base.parse().map_err(|e| format!("{chosen}: {e}"))?;
    if uri.authority().is_none() {
        return Err(format!("{chosen}: no host"));
    }
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_keys_file_is_read_and_the_command_line_url_wins() {
        let keys = parse_keys(
            r#"{"base_url": "http://127.0.0.1:3000", "channels": {"zigzag": "k1.s1", "posty": "k3.s3", "fashionbykakao": "k2.s2"}, "carrier": "k4.s4", "carrier_signing_secret": "whsec_x"}"#,
        )
        .expect("the demo file");
        assert_eq!(
            keys.channels.keys().collect::<Vec<_>>(),
            ["fashionbykakao", "posty", "zigzag"]
        );
        assert_eq!(keys.carrier.as_deref(), Some("k4.s4"));
        assert_eq!(keys.carrier_signing_secret.as_deref(), Some("whsec_x"));
        assert_eq!(
            base_url("http://localhost:8080/", keys.base_url.as_deref()),
            Ok("http://localhost:8080".to_owned())
        );
        assert_eq!(
            base_url("", keys.base_url.as_deref()),
            Ok("http://127.0.0.1:3000".to_owned())
        );
        assert!(base_url("https://shop.example.com", None).is_err());
        assert!(base_url("", None).is_err());
        assert!(parse_keys("not json").is_err());
        assert!(parse_keys(r#"{"channels": {"zigzag": 1}}"#).is_err());
    }
}
