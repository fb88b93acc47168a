//! HTTP: the client that calls the app (Channel API and carrier webhook),
//! why a call failed, query escaping and the log of an app that went away.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{header, Method, Request, Uri};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

use super::REQUEST_TIMEOUT;

/// Why a call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Failure {
    /// No answer at all: the app is down, restarting or hung.
    Down(String),
    /// An answer other than 2xx, with the contract's error body if any.
    Http {
        status: u16,
        code: String,
        message: String,
        field: Option<String>,
    },
    /// A 2xx whose body is not what the contract says.
    Garbled(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Down(why) => write!(f, "no answer: {why}"),
            Failure::Http {
                status,
                code,
                message,
                field: Some(field),
            } => {
                write!(f, "HTTP {status} {code} ({field}): {message}")
            }
            Failure::Http {
                status,
                code,
                message,
                field: None,
            } => write!(f, "HTTP {status} {code}: {message}"),
            Failure::Garbled(why) => write!(f, "unexpected answer: {why}"),
        }
    }
}

#[derive(Clone)]
pub(super) struct Api {
    client: Client<HttpConnector, Full<Bytes>>,
    /// Without a trailing slash.
    pub(super) base: String,
    /// The carrier key's signing secret: calls to the carrier webhook are
    /// signed with it (`X-Signature-Timestamp`, `X-Signature`).
    carrier_signing_secret: Option<String>,
}

impl Api {
    pub(super) fn new(base: String) -> Self {
        Self {
            client: Client::builder(TokioExecutor::new()).build_http(),
            base,
            carrier_signing_secret: None,
        }
    }

    pub(super) fn signing_carrier_calls(mut self, secret: Option<String>) -> Self {
        self.carrier_signing_secret = secret;
        self
    }

    pub(super) async fn call(
        &self,
        method: Method,
        path: &str,
        key: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Value), Failure> {
        let uri: Uri = format!("{}{path}", self.base)
            .parse()
            .map_err(|e| Failure::Garbled(format!("URL {path}: {e}")))?;
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::ACCEPT, "application/json")
            .header(header::USER_AGENT, "partner-center-simulate")
            .header(header::AUTHORIZATION, format!("Bearer {key}"));
        let bytes = match body {
            Some(value) => {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
                Bytes::from(value.to_string())
            }
            None => Bytes::new(),
        };
        if let Some(secret) = self.carrier_signing_secret.as_deref().filter(|_| path.starts_with("/api/carrier/")) {
            let timestamp = crate::db::now_millis() / 1000;
            builder = builder
                .header("x-signature-timestamp", timestamp.to_string())
                .header("x-signature", crate::channel_api::carrier_signature(secret, timestamp, &bytes));
        }
        let request = builder
            .body(Full::new(bytes))
            .map_err(|e| Failure::Garbled(e.to_string()))?;
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| Failure::Down(error_chain(&e)))?;
            let status = response.status().as_u16();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| Failure::Down(error_chain(&e)))?
                .to_bytes();
            Ok::<_, Failure>((status, body))
        };
        let (status, body) = tokio::time::timeout(REQUEST_TIMEOUT, exchange)
            .await
            .map_err(|_| {
                Failure::Down(format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()))
            })??;
        let value: Option<Value> = serde_json::from_slice(&body).ok();
        if (200..300).contains(&status) {
            return value
                .map(|v| (status, v))
                .ok_or_else(|| Failure::Garbled(format!("HTTP {status} without JSON")));
        }
        let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let (code, message, field) = match &value {
            Some(v) => (
                text(v, "code").unwrap_or_else(|| format!("http_{status}")),
                text(v, "message").unwrap_or_default(),
                text(v, "field"),
            ),
            None => (
                format!("http_{status}"),
                String::from_utf8_lossy(&body).chars().take(200).collect(),
                None,
            ),
        };
        Err(Failure::Http {
            status,
            code,
            message,
            field,
        })
    }
}

/// hyper's errors say "client error (Connect)"; the cause (connection
/// refused …) is further down the chain.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Query values are opaque (cursors): escape all but the unreserved.
pub(super) fn escape(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Logs an unreachable app once when it goes away and once when it is back,
/// not at every retry.
pub(super) struct Health {
    what: &'static str,
    pub(super) down: bool,
}

impl Health {
    pub(super) fn new(what: &'static str) -> Self {
        Self { what, down: false }
    }

    pub(super) fn failed(&mut self, why: &str, base: &str, backoff: Duration) {
        if !self.down {
            tracing::warn!(%base, error = why, "simulate: the app does not answer ({}); retrying every {} s", self.what, backoff.as_secs());
        }
        self.down = true;
    }

    pub(super) fn answered(&mut self) {
        if self.down {
            tracing::info!("simulate: the app answers again ({})", self.what);
        }
        self.down = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_are_escaped_in_the_query() {
        assert_eq!(escape("abc-_.~09"), "abc-_.~09");
        assert_eq!(escape("a b+c=/"), "a%20b%2Bc%3D%2F");
    }
}
