//! The server (app layer): what wires the areas together — the HTTP stack,
//! the workers' start-up, demo data, the command line's tasks and the
//! benchmarks. The plumbing every area stands on is the foundation's:
//! [`crate::context`], [`crate::db`], [`crate::config`], [`crate::assets`].

pub mod api_routes;
pub mod bench;
pub mod bench_orders;
pub mod bench_promotions;
pub mod bench_settlement;
pub mod demo_history;
pub mod demo;
pub mod http;
pub mod purge;

use std::sync::Arc;

use leptos::prelude::*;

use crate::assets::BuildInfo;
use crate::config::Config;
pub use crate::context::{finish, state, AppState};
use crate::db::Database;

/// Start-up lives here, beside the demo data it loads: the struct itself is
/// the foundation's ([`context`]).
impl AppState {
    /// Connects the database, applies migrations, loads demo data when asked
    /// and reads the built assets.
    pub async fn new(config: Config) -> Result<Self, String> {
        let db = Database::connect_with(&config.database_url(), config.statement_timeout_ms).await?;
        let events = crate::events::EventBus::start(&db, &config.database_url());
        let loaded = config.demo_data
            && demo::load_if_empty(&db, &config.data_dir, config.demo_products, &config.public_url())
                .await
                .map_err(|e| format!("demo data: {e}"))?;
        let secret: Arc<str> = config.secret_key()?.into();
        let build = BuildInfo::read(&config.site_root);
        let hash_file = build
            .hash_file
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|| "hash.txt".to_owned());
        let leptos_options = LeptosOptions::builder()
            .output_name("partner-center")
            .site_root(config.site_root.to_string_lossy().into_owned())
            .site_pkg_dir("pkg")
            .site_addr(config.listen_addr)
            .hash_files(build.hashed)
            .hash_file(std::sync::Arc::<str>::from(hash_file))
            .env(leptos::config::Env::PROD)
            .build();
        let heavy = crate::context::limits::Heavy::from_config(&config);
        let api_limits = crate::context::limits::RateLimiter::from_config(&config);
        let state = Self { leptos_options, db, config: Arc::new(config), build: Arc::new(build), secret, events, workers: Default::default(), heavy, api_limits };
        // A demo catalogue gets two months of history (tests load none).
        if loaded && state.config.demo_products > 0 {
            let shop_id: i64 = sqlx::query_scalar("SELECT MIN(id) FROM shops")
                .fetch_one(state.db.pool())
                .await
                .map_err(|e| format!("demo history: {e}"))?;
            let orders = demo_history::load(&state, shop_id).await.map_err(|e| format!("demo history: {e}"))?;
            tracing::info!(orders, "demo order history loaded");
        }
        Ok(state)
    }
}

/// `partner-center create-operator`: an operator account, verified, ready to
/// sign in. Prints the generated password when none was given.
pub async fn create_operator(config: &Config, email: &str, password: Option<&str>, name: &str) -> Result<(), String> {
    use crate::accounts::validate;
    use crate::auth::ssr;
    let db = Database::connect(&config.database_url()).await?;
    let email = validate::Email::parse(email).map_err(|e| e.message)?;
    let (password, generated) = match password {
        Some(p) => (p.to_owned(), false),
        None => (format!("Op-{}", &ssr::random_token()[..16]), true),
    };
    validate::check_password(&password, Some(&email)).map_err(|e| e.message)?;
    let hash = ssr::hash_password(&password).await.map_err(|e| e.message)?;
    let mut conn = db.pool().acquire().await.map_err(|e| e.to_string())?;
    let id = ssr::insert_user(&mut conn, &email, name, &hash, true, true).await.map_err(|e| e.message)?;
    println!("operator #{id} created: {}", email.as_str());
    if generated {
        println!("password: {password}");
    }
    Ok(())
}

/// `partner-center api-key`: a Channel API or carrier key, printed once.
pub async fn issue_api_key(config: &Config, kind: &str, scope: &str, name: &str) -> Result<(), String> {
    use crate::channel_api::{create_client, ClientKind};
    let kind = match kind {
        "channel" => ClientKind::Channel,
        "carrier" => ClientKind::Carrier,
        other => return Err(format!("--kind must be channel or carrier (got {other:?})")),
    };
    let db = Database::connect(&config.database_url()).await?;
    let name = if name.is_empty() { scope } else { name };
    let key = create_client(&db, kind, scope, name).await.map_err(|e| e.message)?;
    println!("{key}");
    if kind == ClientKind::Carrier {
        let signing = crate::channel_api::carrier_signing_secret(&db, &key).await.map_err(|e| e.message)?;
        println!("signing secret (X-Signature): {signing}");
    }
    Ok(())
}

/// Starts the HTTP server and runs until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), String> {
    for warning in config.check_for_serving()? {
        tracing::warn!("{warning}");
    }
    let addr = config.listen_addr;
    let state = AppState::new(config).await?;
    crate::mail::ssr::start_worker(state.clone());
    crate::orders::jobs::start(state.clone());
    crate::accounts::ssr::start_purge(state.clone());
    crate::outbox::ssr::start_worker(state.clone());
    crate::settlement::ssr::start(state.clone());
    purge::start(state.clone());
    let app = http::router(state.clone());
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let keys_file = state.config.data_dir.join("demo-api-keys.json");
    if state.config.simulate > 0 && keys_file.exists() {
        let options = crate::simulate::SimulateOptions {
            base_url: format!("http://{addr}"),
            keys_file,
            orders_per_minute: state.config.simulate,
            duration_secs: None,
            seed: crate::db::now_millis() as u64,
        };
        tokio::spawn(async move {
            if let Err(e) = crate::simulate::run(options).await {
                tracing::warn!(error = %e, "the channel simulator stopped");
            }
        });
    }
    tracing::info!(
        "파트너센터 listening on http://{addr} ({} database, public URL {})",
        state.db.backend().name(),
        state.config.public_url()
    );
    axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown({
            // Open live-event streams would keep the server from stopping.
            let events = state.events.clone();
            let workers = state.workers.clone();
            async move {
                shutdown_signal().await;
                events.close();
                // Workers finish the round they are in, then stop.
                workers.stop();
            }
        })
        .await
        .map_err(|e| format!("server error: {e}"))?;
    state.workers.stop();
    state.workers.join(std::time::Duration::from_secs(30)).await;
    state.db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
