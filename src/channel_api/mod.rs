//! The Channel API (`/api/channel/v1/…`) and the carrier webhook
//! (`/api/carrier/v1/…`): how the sales channels and the couriers talk to
//! Partner Center (server only). The contract is `openapi.json`, served at
//! `/api/channel/v1/openapi.json`.
//!
//! Clients authenticate with `Authorization: Bearer <key_id>.<secret>`; only
//! the secret's SHA-256 is stored, so a leaked database does not leak keys.
//! Errors are JSON `{code, message, field}` with stable codes. These routes
//! take no cookies and are not reachable from a seller's session.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::error::{ErrorCode, AppError, AppResult};
use crate::courier::Courier;
use crate::channel::Channel;
use crate::db::{now_millis, Database};
use crate::context::AppState;
use crate::i18n::msg;

pub mod fields;
pub mod idempotent;

/// An error as the API answers it, and, for a key over its rate, the
/// seconds until it may send again.
pub(crate) struct ApiError(pub AppError, pub Option<u64>);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self(e, None)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        Self(e.into(), None)
    }
}

impl IntoResponse for ApiError {
    /// A refusal to be retried (429 too many requests, 503 busy) carries
    /// `Retry-After`, as HTTP clients and their retry policies expect.
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = match self.0.code {
            ErrorCode::TooManyRequests => Some(self.1.unwrap_or(1)),
            ErrorCode::Busy => Some(self.1.unwrap_or(crate::context::limits::BUSY_RETRY_AFTER_SECS)),
            _ => None,
        };
        let mut res = (status, Json(self.0)).into_response();
        if let Some(secs) = retry_after {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        res
    }
}

pub(crate) type ApiResult = Result<Response, ApiError>;

// ------------------------------------------------------------------ clients

/// Who is calling.
#[derive(Debug, Clone)]
pub struct Client {
    pub id: i64,
    pub key_id: String,
    pub kind: ClientKind,
    /// Channel code, courier code or `*`.
    pub scope: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    Channel,
    Carrier,
}

impl ClientKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Channel => "channel",
            Self::Carrier => "carrier",
        }
    }
}

fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Issues a key; returns `key_id.secret`, shown once.
pub async fn create_client(db: &Database, kind: ClientKind, scope: &str, name: &str) -> AppResult<String> {
    let valid_scope = match kind {
        ClientKind::Channel => Channel::parse(scope).is_some_and(|c| c.code() == scope),
        ClientKind::Carrier => scope == "*" || Courier::parse(scope).is_some_and(|c| c.code() == scope),
    };
    if !valid_scope {
        return Err(AppError::invalid("scope", msg::api_err_unknown_scope(scope)));
    }
    let key_id = format!("pk_{}", &crate::auth::ssr::random_token()[..16]);
    let secret = crate::auth::ssr::random_token();
    // Carriers sign their webhook calls besides sending the key.
    let signing_secret = match kind {
        ClientKind::Carrier => format!("whsec_{}", crate::auth::ssr::random_token()),
        ClientKind::Channel => String::new(),
    };
    sqlx::query(
        "INSERT INTO api_clients (kind, scope, name, key_id, secret_hash, signing_secret, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(kind.as_str())
    .bind(scope)
    .bind(name)
    .bind(&key_id)
    .bind(secret_hash(&secret))
    .bind(&signing_secret)
    .bind(now_millis())
    .execute(db.pool())
    .await?;
    Ok(format!("{key_id}.{secret}"))
}

/// The signing secret of a carrier key (`key_id.secret` or `key_id`), to
/// hand to the carrier with the key; empty for a channel key.
pub async fn carrier_signing_secret(db: &Database, key: &str) -> AppResult<String> {
    let key_id = key.split_once('.').map_or(key, |(id, _)| id);
    let row: Option<(String,)> = sqlx::query_as("SELECT signing_secret FROM api_clients WHERE key_id = $1")
        .bind(key_id)
        .fetch_optional(db.pool())
        .await?;
    row.map(|(s,)| s).ok_or_else(unauthorized)
}

// ------------------------------------------------------------------ signatures

/// How far a signed call's timestamp may be from the server's clock, either
/// way; a signature is remembered at least this long on each side.
pub const SIGNATURE_WINDOW_MS: i64 = 5 * 60 * 1000;
pub const SIGNATURE_TIMESTAMP_HEADER: &str = "x-signature-timestamp";
pub const SIGNATURE_HEADER: &str = "x-signature";

fn mac_of(signing_secret: &str, timestamp: &str, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(signing_secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// `sha256=<hex>`: HMAC-SHA256 under the signing secret of
/// `"<timestamp>.<body>"`, the timestamp in Unix seconds as sent in
/// `X-Signature-Timestamp` and the body byte for byte.
pub fn carrier_signature(signing_secret: &str, timestamp: i64, body: &[u8]) -> String {
    let digest = mac_of(signing_secret, &timestamp.to_string(), body).finalize().into_bytes();
    format!("sha256={}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Hex digits only (`from_str_radix` alone would take `+f` for `0f`, and
/// one signature would have several spellings to replay it under).
fn from_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

/// Checks a carrier call's signature headers against `signing_secret` as
/// of `now`: present, fresh (within the window) and matching the body.
/// Returns the signature, for the replay check.
pub fn check_carrier_signature(signing_secret: &str, headers: &HeaderMap, body: &[u8], now: i64) -> AppResult<String> {
    let bad = || AppError::new(ErrorCode::InvalidSignature, msg::api_err_bad_signature());
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let timestamp = header(SIGNATURE_TIMESTAMP_HEADER).ok_or_else(bad)?;
    let seconds: i64 = timestamp.parse().map_err(|_| bad())?;
    if seconds.checked_mul(1000).is_none_or(|at| at.abs_diff(now) > SIGNATURE_WINDOW_MS.unsigned_abs()) {
        return Err(bad());
    }
    let given = header(SIGNATURE_HEADER).and_then(|v| v.strip_prefix("sha256=")).ok_or_else(bad)?.to_ascii_lowercase();
    let bytes = from_hex(&given).ok_or_else(bad)?;
    if signing_secret.is_empty() {
        return Err(bad());
    }
    // Constant time: the comparison says nothing about how much matched.
    mac_of(signing_secret, timestamp, body).verify_slice(&bytes).map_err(|_| bad())?;
    Ok(given)
}

/// A carrier call: its key, then its signature, which is remembered so that
/// the same signed call is accepted once, on whichever instance it lands.
/// Each retry of a call is signed anew.
pub(crate) async fn authenticate_carrier(state: &AppState, headers: &HeaderMap, body: &[u8]) -> Result<Client, ApiError> {
    let client = authenticate(state, headers, ClientKind::Carrier).await?;
    let signing_secret: (String,) = sqlx::query_as("SELECT signing_secret FROM api_clients WHERE id = $1")
        .bind(client.id)
        .fetch_one(state.db.pool())
        .await?;
    let now = now_millis();
    let signature = check_carrier_signature(&signing_secret.0, headers, body, now)?;
    sqlx::query("DELETE FROM carrier_signatures WHERE seen_at < $1")
        .bind(now - 2 * SIGNATURE_WINDOW_MS)
        .execute(state.db.pool())
        .await?;
    let first = sqlx::query("INSERT INTO carrier_signatures (signature, seen_at) VALUES ($1, $2) ON CONFLICT (signature) DO NOTHING")
        .bind(&signature)
        .bind(now)
        .execute(state.db.pool())
        .await?
        .rows_affected()
        == 1;
    if !first {
        return Err(AppError::new(ErrorCode::InvalidSignature, msg::api_err_bad_signature()).into());
    }
    Ok(client)
}

fn unauthorized() -> AppError {
    AppError::new(ErrorCode::Unauthorized, msg::api_err_bad_key())
}

/// The calling client, authenticated and within its key's rate (429 with
/// `Retry-After` past it; other keys are unaffected).
pub(crate) async fn authenticate(state: &AppState, headers: &HeaderMap, kind: ClientKind) -> Result<Client, ApiError> {
    let client = authenticate_key(state, headers, kind).await?;
    state.api_limits.check(client.id).map_err(|seconds| {
        tracing::info!(client = client.id, seconds, "API key over its rate");
        ApiError(AppError::new(ErrorCode::TooManyRequests, msg::api_err_rate_limited(seconds.to_string())), Some(seconds))
    })?;
    Ok(client)
}

async fn authenticate_key(state: &AppState, headers: &HeaderMap, kind: ClientKind) -> AppResult<Client> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(unauthorized)?;
    let (key_id, secret) = token.trim().split_once('.').ok_or_else(unauthorized)?;
    let row = sqlx::query("SELECT id, kind, scope, secret_hash FROM api_clients WHERE key_id = $1 AND revoked_at = 0")
        .bind(key_id)
        .fetch_optional(state.db.pool())
        .await?
        .ok_or_else(unauthorized)?;
    let stored: String = row.try_get("secret_hash")?;
    // Both sides are hex digests of equal length: compare without an early exit.
    let given = secret_hash(secret);
    let same = stored.len() == given.len() && stored.bytes().zip(given.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    if !same {
        return Err(unauthorized());
    }
    let stored_kind: String = row.try_get("kind")?;
    if stored_kind != kind.as_str() {
        return Err(AppError::new(ErrorCode::Forbidden, msg::api_err_wrong_api()));
    }
    Ok(Client { id: row.try_get("id")?, key_id: key_id.to_owned(), kind, scope: row.try_get("scope")? })
}

pub(crate) async fn channel_of(state: &AppState, headers: &HeaderMap) -> Result<Channel, ApiError> {
    let client = authenticate(state, headers, ClientKind::Channel).await?;
    Ok(Channel::parse(&client.scope).ok_or_else(AppError::internal)?)
}

pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> AppResult<T> {
    serde_json::from_slice(body).map_err(|e| {
        AppError::new(ErrorCode::InvalidInput, msg::api_err_bad_json(e.to_string()))
    })
}

// ------------------------------------------------------------------ handlers


/// The `POST` of an idempotent intake: the caller's channel, the body as
/// `T`, then the area's `accept`, answered with the status it chose (201
/// for a new request, 200 for a replay).
pub(crate) async fn intake<'s, T, F, Fut>(state: &'s AppState, headers: &HeaderMap, body: &[u8], accept: F) -> ApiResult
where
    T: serde::de::DeserializeOwned,
    F: FnOnce(&'s AppState, Channel, T) -> Fut,
    Fut: std::future::Future<Output = AppResult<idempotent::Answer>>,
{
    let channel = channel_of(state, headers).await?;
    let request: T = parse_json(body)?;
    let (status, answer) = accept(state, channel, request).await?;
    Ok((StatusCode::from_u16(status).unwrap_or(StatusCode::OK), Json(answer)).into_response())
}

/// The `GET` of a feed read by id (`?cursor=N&limit=M`, at most 100): the
/// caller's channel, then `read(db, channel, cursor, limit)`.
pub(crate) async fn feed<'s, F, Fut>(state: &'s AppState, headers: &HeaderMap, q: IdFeedQuery, read: F) -> ApiResult
where
    F: FnOnce(&'s Database, Channel, i64, i64) -> Fut,
    Fut: std::future::Future<Output = AppResult<Value>>,
{
    let channel = channel_of(state, headers).await?;
    let (cursor, limit) = q.checked(100)?;
    Ok(Json(read(&state.db, channel, cursor, limit).await?).into_response())
}

/// `?cursor=N&limit=M` of a feed read by id: the last id the channel has,
/// and how many rows it wants (1 to 500).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct IdFeedQuery {
    #[serde(default)]
    pub cursor: Option<String>,
    #[serde(default)]
    pub limit: Option<i64>,
}

impl IdFeedQuery {
    /// The cursor (0 when absent) and the limit (`default` when absent), checked.
    pub(crate) fn checked(&self, default: i64) -> AppResult<(i64, i64)> {
        let limit = feed_limit(self.limit, default)?;
        let cursor = match self.cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => 0,
            Some(c) => c
                .parse()
                .ok()
                .filter(|n: &i64| *n >= 0)
                .ok_or_else(|| AppError::invalid("cursor", msg::api_err_bad_cursor()))?,
        };
        Ok((cursor, limit))
    }
}

pub(crate) fn feed_limit(limit: Option<i64>, default: i64) -> AppResult<i64> {
    let limit = limit.unwrap_or(default);
    if !(1..=500).contains(&limit) {
        return Err(AppError::invalid("limit", msg::api_err_bad_limit()));
    }
    Ok(limit)
}

/// Keys for the demo channels and a tracking aggregator, written to
/// `<DATA_DIR>/demo-api-keys.json` (owner-only) for `partner-center simulate`.
pub async fn write_demo_keys(db: &Database, data_dir: &std::path::Path, base_url: &str) -> AppResult<()> {
    let mut channels = serde_json::Map::new();
    for c in Channel::ALL {
        let key = create_client(db, ClientKind::Channel, c.code(), &format!("{} (데모)", c.label_ko())).await?;
        channels.insert(c.code().to_owned(), Value::String(key));
    }
    let carrier = create_client(db, ClientKind::Carrier, "*", "배송 추적 (데모)").await?;
    let signing = carrier_signing_secret(db, &carrier).await?;
    let file = json!({"base_url": base_url, "channels": channels, "carrier": carrier, "carrier_signing_secret": signing});
    let path = data_dir.join("demo-api-keys.json");
    crate::config::write_private(&path, &serde_json::to_string_pretty(&file).unwrap_or_default()).map_err(|e| {
        tracing::error!(error = %e, "cannot write the demo API keys");
        AppError::internal()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(timestamp: &str, signature: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(SIGNATURE_TIMESTAMP_HEADER, timestamp.parse().unwrap());
        h.insert(SIGNATURE_HEADER, signature.parse().unwrap());
        h
    }

    #[test]
    fn a_carrier_signature_is_checked_against_the_body_the_secret_and_the_clock() {
        let (secret, body, now) = ("whsec_test", br#"{"status":"delivered"}"#.as_slice(), 1_796_169_600_000);
        let ts = now / 1000;
        let good = carrier_signature(secret, ts, body);
        assert_eq!(check_carrier_signature(secret, &headers(&ts.to_string(), &good), body, now).unwrap(), good["sha256=".len()..]);
        let upper = format!("sha256={}", good["sha256=".len()..].to_ascii_uppercase());
        assert_eq!(check_carrier_signature(secret, &headers(&ts.to_string(), &upper), body, now).unwrap(), good["sha256=".len()..], "one spelling per signature");
        let refused = |secret: &str, ts: i64, signature: &str, body: &[u8]| {
            check_carrier_signature(secret, &headers(&ts.to_string(), signature), body, now).unwrap_err().code
        };
        assert_eq!(refused("whsec_other", ts, &good, body), ErrorCode::InvalidSignature);
        assert_eq!(refused(secret, ts, &good, b"{}"), ErrorCode::InvalidSignature);
        assert_eq!(refused(secret, ts - 301, &carrier_signature(secret, ts - 301, body), body), ErrorCode::InvalidSignature);
        assert_eq!(refused(secret, ts + 301, &carrier_signature(secret, ts + 301, body), body), ErrorCode::InvalidSignature);
        assert_eq!(refused("", ts, &carrier_signature("", ts, body), body), ErrorCode::InvalidSignature, "a key without a secret signs nothing");
        let plus = good.replacen("sha256=", "sha256=+", 1).chars().take(71).collect::<String>();
        assert_eq!(refused(secret, ts, &plus, body), ErrorCode::InvalidSignature);
        assert_eq!(refused(secret, i64::MAX, &good, body), ErrorCode::InvalidSignature);
        assert!(check_carrier_signature(secret, &HeaderMap::new(), body, now).is_err());
    }

    #[test]
    fn refusals_to_retry_say_when_and_others_do_not() {
        let busy = ApiError::from(crate::context::limits::busy()).into_response();
        assert_eq!(busy.status(), 503);
        assert_eq!(busy.headers()[axum::http::header::RETRY_AFTER], "2");
        let limited = ApiError(AppError::new(ErrorCode::TooManyRequests, "x"), Some(7)).into_response();
        assert_eq!(limited.status(), 429);
        assert_eq!(limited.headers()[axum::http::header::RETRY_AFTER], "7");
        let other = ApiError::from(AppError::internal()).into_response();
        assert!(!other.headers().contains_key(axum::http::header::RETRY_AFTER));
    }
}
