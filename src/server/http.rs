//! The HTTP stack: pages and server functions from Leptos, the service
//! worker, static files with long cache lifetimes, compression, and the
//! cross-origin guard on every state-changing request.

use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;

use super::AppState;
use crate::i18n::{msg, negotiate, with_locale, Locale};
use crate::app::{shell, App};

/// The app's routes, walked once per process. Walking them sets Leptos's
/// process-wide "suppress resource loads" flag, and a page render whose
/// resource first polls while it is set waits forever (leptos#4773): so no
/// second router (a restart in place, a test's own app) may walk them again
/// while another is serving.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    let routes = routes();
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/sw.js", get(service_worker))
        .route("/i18n/{file}", get(catalogue))
        .route("/offline.html", get(offline_page))
        .route("/operator/documents/{shop_id}", get(crate::operator::ssr::document))
        .route("/media/products/{name}", get(crate::products::images::serve))
        .route("/downloads/{name}", get(crate::products::import::serve_download))
        .route("/downloads/orders.csv", get(order_download))
        .route("/downloads/orders.xlsx", get(order_download))
        .route("/downloads/invoice-template.csv", get(order_download))
        .route("/downloads/invoice-template.xlsx", get(order_download))
        .route("/downloads/settlement/{file}", get(crate::settlement::ssr::serve_download))
        .route("/downloads/tax-invoices/{file}", get(crate::settlement::tax::ssr::serve_download))
        .route("/downloads/vat/{file}", get(crate::settlement::tax::ssr::serve_vat_download))
        .route("/downloads/promotions/{file}", get(crate::promotions::results::ssr::serve_download))
        .route("/api/events", get(live_events))
        .merge(super::api_routes::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(context_state.clone());
                provide_page_nonce();
            },
            move || shell(shell_options.clone()),
        )
        .fallback(static_file_or_not_found)
        .layer(middleware::from_fn(error_status))
        .layer(middleware::from_fn(retry_after))
        .layer(middleware::from_fn_with_state(state.clone(), heavy_scope))
        .layer(middleware::from_fn_with_state(state.clone(), request_deadline))
        .layer(middleware::from_fn_with_state(state.clone(), same_origin_only))
        .layer(middleware::from_fn(cache_headers))
        .layer(middleware::from_fn(choose_language))
        .layer(CompressionLayer::new())
        // The largest thing anyone sends is a 10 MB 사업자등록증 plus the form.
        .layer(RequestBodyLimitLayer::new(11 * 1024 * 1024))
        .layer(CatchPanicLayer::custom(internal_error_page))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
        .with_state(state)
}

/// A bug must never show a blank page or a dropped connection: the seller
/// gets a Korean error page, the log gets the details.
fn internal_error_page(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(detail, "request handler panicked");
    // The panic left the request's scope behind: say it in both languages.
    let part = |l: Locale| {
        with_locale(l, || {
            format!(
                r#"<section lang="{}"><h1>{}</h1><p>{}</p><p><a href="/">{}</a></p></section>"#,
                l.as_str(),
                msg::server_crash_title(),
                msg::server_crash_body(),
                msg::ui_go_home()
            )
        })
    };
    let page = format!(
        r#"<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{} · {}</title></head><body style="font-family:sans-serif;text-align:center;padding:3rem 1rem">{}{}</body></html>"#,
        msg::server_crash_title(),
        msg::app_name(),
        part(Locale::Ko),
        part(Locale::En)
    );
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        page,
    )
        .into_response()
}

/// The order downloads, under the file name they were asked by.
async fn order_download(
    state: State<AppState>,
    uri: axum::http::Uri,
    query: axum::extract::Query<crate::orders::OrderQuery>,
    headers: axum::http::HeaderMap,
) -> Response {
    let name = uri.path().trim_start_matches("/downloads/").to_owned();
    let raw_query = axum::extract::RawQuery(uri.query().map(str::to_owned));
    crate::orders::invoices::serve_download(state, axum::extract::Path(name), query, raw_query, headers).await
}

async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let db_ok = state.db.ping().await;
    let status = if db_ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let body = serde_json::json!({
        "status": if db_ok { "ok" } else { "database_unavailable" },
        "database": state.db.backend().name(),
        "build": state.build.build_id,
        // Each background worker of this instance: its last successful
        // round (UTC millis), last error and panics survived.
        "workers": state.workers.statuses(),
    });
    (status, Json(body))
}

async fn service_worker(State(state): State<AppState>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        state.build.service_worker(),
    )
}

/// Files of the built site (bundle, CSS, icons, manifest, offline page);
/// anything else is the app's Korean 404 page.
async fn static_file_or_not_found(State(state): State<AppState>, req: Request) -> Response {
    if req.method() == Method::GET || req.method() == Method::HEAD {
        let (parts, _) = req.into_parts();
        let lookup = Request::from_parts(parts.clone(), Body::empty());
        let served = ServeDir::new(&*state.leptos_options.site_root)
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(false)
            .oneshot(lookup)
            .await;
        let Ok(res) = served;
        if res.status() != StatusCode::NOT_FOUND {
            return res.map(Body::new);
        }
        let req = Request::from_parts(parts, Body::empty());
        return render_not_found(state, req).await;
    }
    (StatusCode::METHOD_NOT_ALLOWED, msg::server_method_not_allowed()).into_response()
}

async fn render_not_found(state: AppState, req: Request) -> Response {
    let shell_options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || {
            provide_context(state.clone());
            provide_page_nonce();
        },
        move || shell(shell_options.clone()),
    );
    handler(req).await.into_response()
}

/// The language of the request (the `lang` cookie, else `Accept-Language`,
/// else Korean), decided once: kept in the request for Leptos's renders and
/// server functions, and as the task's language for everything else
/// (the Channel API's messages, error pages).
async fn choose_language(mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let cookie = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let locale = negotiate(cookie, accept);
    req.extensions_mut().insert(locale);
    let mut res = crate::i18n::scope(locale, next.run(req)).await;
    // A page or an answer differs by language: caches must key on what
    // chose it (static files don't).
    let html = res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if html || res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json")) {
        res.headers_mut().append(header::VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    }
    res
}

/// `GET /i18n/<lang>.<hash>.js`: a language's catalogue, named by its
/// content, so it is cached for good.
async fn catalogue(axum::extract::Path(file): axum::extract::Path<String>, headers: HeaderMap) -> Response {
    let Some((script, brotli)) = crate::i18n::catalogue_script(&file) else {
        return (StatusCode::NOT_FOUND, msg::ui_not_found_title()).into_response();
    };
    let accepts_br = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.split(';').next().is_some_and(|e| e.trim() == "br")));
    let fixed = [
        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
        (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        (header::VARY, "Accept-Encoding"),
    ];
    if accepts_br {
        (fixed, [(header::CONTENT_ENCODING, "br")], brotli).into_response()
    } else {
        (fixed, script).into_response()
    }
}

/// The page the service worker shows when there is no network: both
/// languages from the catalogues, the device's own shown (its `lang`
/// cookie, else the browser's language), as the worker caches one copy.
async fn offline_page(nonce: Option<axum::Extension<CspNonce>>) -> Response {
    let nonce = nonce.map(|n| n.0 .0).unwrap_or_default();
    let part = |l: Locale| {
        with_locale(l, || {
            format!(
                r#"<main lang="{lang}"{hidden}><img src="/icons/favicon.svg" alt="" width="56" height="56"><h1>{title}</h1><p>{body}</p><button type="button">{retry}</button></main>"#,
                lang = l.as_str(),
                hidden = if l == Locale::Ko { "" } else { " hidden" },
                title = msg::server_offline_title(),
                body = msg::server_offline_body(),
                retry = msg::server_offline_retry(),
            )
        })
    };
    let page = format!(
        r#"<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="theme-color" content="{theme}"><title>{title}</title><link rel="icon" href="/icons/favicon.svg" type="image/svg+xml"><style>{OFFLINE_CSS}</style></head><body>{ko}{en}<script nonce="{nonce}">{OFFLINE_SCRIPT}</script></body></html>"#,
        theme = crate::app::THEME_COLOR,
        title = msg::server_offline_title(),
        ko = part(Locale::Ko),
        en = part(Locale::En),
    );
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=86400")], page)
        .into_response()
}

const OFFLINE_CSS: &str = r#":root{color-scheme:light;font-family:"Pretendard","Apple SD Gothic Neo","Noto Sans KR","Malgun Gothic",system-ui,sans-serif}body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f4f6fb;color:#1f2430}main{max-width:26rem;margin:1rem;padding:2rem 1.5rem;background:#fff;border-radius:16px;box-shadow:0 2px 12px rgba(0,0,0,.06);text-align:center}main[hidden]{display:none}h1{font-size:1.3rem;margin:1rem 0 .5rem}p{line-height:1.6;color:#4a5263;word-break:keep-all}button{margin-top:1rem;min-height:48px;padding:0 1.5rem;border:0;border-radius:10px;background:#3b5bdb;color:#fff;font:inherit;font-weight:600}"#;

/// Shows the device's language: the `lang` cookie, else the browser's; the
/// retry buttons reload (a listener, not an `onclick` attribute, which the
/// Content-Security-Policy would refuse).
const OFFLINE_SCRIPT: &str = r#"(function(){var m=document.cookie.match(/(?:^|; )lang=(ko|en)/);var l=m?m[1]:((navigator.language||"ko").toLowerCase().indexOf("ko")===0?"ko":"en");document.documentElement.lang=l;document.querySelectorAll("main").forEach(function(e){e.hidden=e.lang!==l});document.querySelectorAll("button").forEach(function(b){b.addEventListener("click",function(){location.reload()})});})();"#;

/// Server-function errors raised before our code runs (arguments that do not
/// parse) arrive as a blanket 500; give them the status of their code, as
/// `server::finish` does for the rest.
async fn error_status(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "").into_response();
    };
    if let Ok(err) = serde_json::from_slice::<crate::error::AppError>(&bytes) {
        if let Ok(status) = StatusCode::from_u16(err.status()) {
            parts.status = status;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// A "busy" answer (503) says when to try again, whichever path made it:
/// a server function's error (its status set by `finish` or by
/// [`error_status`]), a handler's, or the request deadline's.
async fn retry_after(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if res.status() == StatusCode::SERVICE_UNAVAILABLE && !res.headers().contains_key(header::RETRY_AFTER) {
        res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(crate::context::limits::BUSY_RETRY_AFTER_SECS));
    }
    res
}

/// The request runs with its app's heavy-work permits, which password
/// hashing (deep in the identity layer) finds through the task.
async fn heavy_scope(State(state): State<AppState>, req: Request, next: Next) -> Response {
    crate::context::limits::scope(state.heavy.clone(), next.run(req)).await
}

/// A request not answered within `REQUEST_TIMEOUT_SECS` (a slow client
/// trickling its body, a handler stuck on a lock) is stopped: its work is
/// dropped, an open transaction rolled back, and the client told to try
/// again. The live-event stream and downloads are left alone: the stream
/// is answered at once and then stays open, and a large export may rightly
/// take long to make.
async fn request_deadline(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let secs = state.config.request_timeout_secs;
    if secs == 0 || path == "/api/events" || path.starts_with("/downloads/") {
        return next.run(req).await;
    }
    let what = format!("{} {}", req.method(), path);
    match tokio::time::timeout(std::time::Duration::from_secs(secs), next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!(request = %what, secs, "request stopped at its deadline");
            let err = crate::error::AppError::new(crate::error::ErrorCode::Busy, msg::error_request_timeout());
            let retry = HeaderValue::from(crate::context::limits::BUSY_RETRY_AFTER_SECS);
            (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, retry)], Json(err)).into_response()
        }
    }
}

/// Browsers send `Sec-Fetch-Site` (and `Origin`) with every state-changing
/// request. A request another site's page makes on the seller's behalf is
/// refused before it reaches a server function: Leptos does no CSRF check of
/// its own. Requests without either header (API clients, curl) pass here and
/// are authenticated by their own credentials.
async fn same_origin_only(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let public_url = state.config.public_url();
    if !is_same_origin_request(fetch_site, origin, host, &public_url) {
        let body = serde_json::json!({
            "code": "cross_origin",
            "message": msg::server_cross_origin(),
            "field": null,
        });
        return (StatusCode::FORBIDDEN, Json(body)).into_response();
    }
    next.run(req).await
}

pub fn is_same_origin_request(
    fetch_site: Option<&str>,
    origin: Option<&str>,
    host: Option<&str>,
    public_url: &str,
) -> bool {
    if let Some(site) = fetch_site {
        return site == "same-origin";
    }
    match origin {
        None => true,
        Some(origin) => {
            origin == public_url
                || host.is_some_and(|h| origin == format!("http://{h}") || origin == format!("https://{h}"))
        }
    }
}

/// Hashed bundle files never change under their name: cache them for a year.
/// Other static files for a day; the service worker and pages are revalidated
/// every time so a release is seen at once.
async fn cache_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if res.headers().contains_key(header::CACHE_CONTROL) {
        return res;
    }
    let value = if !res.status().is_success() && !res.status().is_redirection() {
        "no-store"
    } else if path.starts_with("/pkg/") {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("/icons/") || path == "/manifest.webmanifest" || path == "/offline.html" {
        "public, max-age=86400"
    } else if path.starts_with("/api/") {
        "no-store"
    } else {
        "no-cache"
    };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    if path == "/manifest.webmanifest" {
        res.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/manifest+json"));
    }
    res
}

/// The nonce of one response's inline scripts (Leptos's hydration and
/// streaming scripts, the offline page's), named in its Content-Security-Policy.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

impl CspNonce {
    fn new() -> Self {
        let mut bytes = [0u8; 16];
        getrandom::getrandom(&mut bytes).expect("the OS has randomness");
        Self(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// Hands the request's nonce to Leptos, which puts it on every inline script
/// it writes (in place of the one it would make up, which no header names).
fn provide_page_nonce() {
    let nonce = use_context::<axum::http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

/// The Content-Security-Policy of an HTML page: scripts only from the app
/// itself or inline with this response's nonce, WebAssembly compiled (the
/// hydrating bundle), no plug-ins, no `<base>`, forms only to the app, never
/// inside another site's frame. Styles may be inline (the views' `style`
/// attributes); a style cannot run code. Images may come from any https
/// address: buyers' review photos stay on the channels' own image servers.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Security headers on every response: `nosniff` (a file is only ever what
/// its Content-Type says), a same-origin Referrer-Policy (links in pages do
/// not leak order or claim URLs), no framing, HSTS when the public URL is
/// https, and on HTML pages the Content-Security-Policy with a fresh nonce.
/// A handler that set its own CSP (an uploaded document's `sandbox`) keeps it.
async fn security_headers(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let nonce = CspNonce::new();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let html = res.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let headers = res.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if state.config.public_url().starts_with("https://") {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    if html && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(csp) = HeaderValue::from_str(&page_csp(&nonce.0)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
    }
    res
}

/// `GET /api/events`: the signed-in member's shop events as SSE.
async fn live_events(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let permission = crate::auth::roles::Permission::Dashboard;
    match crate::auth::ssr::require_shop_for(&state, &headers, permission).await {
        Ok(actor) => crate::events::stream(&state.events, actor.shop_id),
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::UNAUTHORIZED);
            (status, axum::Json(e)).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_same_origin_request as same;

    const URL: &str = "http://127.0.0.1:3000";

    #[test]
    fn the_browser_s_own_pages_may_post() {
        assert!(same(Some("same-origin"), Some(URL), Some("127.0.0.1:3000"), URL));
        assert!(same(None, Some(URL), None, URL));
        assert!(same(None, Some("http://localhost:3000"), Some("localhost:3000"), URL));
    }

    #[test]
    fn other_sites_may_not() {
        assert!(!same(Some("cross-site"), Some("https://evil.example"), Some("127.0.0.1:3000"), URL));
        assert!(!same(Some("same-site"), None, None, URL));
        assert!(!same(None, Some("https://evil.example"), Some("127.0.0.1:3000"), URL));
    }

    #[test]
    fn clients_without_browser_headers_pass_to_their_own_authentication() {
        assert!(same(None, None, None, URL));
    }

    #[test]
    fn a_panic_becomes_a_korean_error_page() {
        let res = super::internal_error_page(Box::new("boom"));
        assert_eq!(res.status(), 500);
        assert_eq!(res.headers()["cache-control"], "no-store");
    }
}
