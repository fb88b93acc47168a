//! Configuration from the command line and environment variables.
//!
//! Every setting has a documented default so that `partner-center` with no
//! arguments starts a working shop back-office on an SQLite file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "partner-center",
    version,
    about = "Partner Center — 패션 셀러를 위한 판매자 센터 (back-office for fashion shops on Korean marketplaces)",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Measure operations at scale on fresh databases (`make bench`).
    Bench {
        /// What to measure: `products`.
        suite: String,
        /// PostgreSQL admin URL (may CREATE DATABASE); without it only SQLite is measured.
        #[arg(long, env = "BENCH_DATABASE_URL", hide_env_values = true)]
        postgres: Option<String>,
    },
    /// Serve the web app (the default when no command is given).
    Serve,
    /// Play the sales channels, carriers and buyers against a running app
    /// through the Channel API (orders, deliveries, purchase confirmations).
    Simulate {
        /// The app's URL; defaults to the one in the keys file.
        #[arg(long, default_value = "")]
        url: String,
        /// API keys (written by the app with its demo data).
        #[arg(long, default_value = "data/demo-api-keys.json")]
        keys: PathBuf,
        /// Orders per minute across all channels.
        #[arg(long, default_value_t = 6)]
        rate: u32,
        /// Stop after this many seconds (default: until Ctrl-C).
        #[arg(long)]
        duration: Option<u64>,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Issue a Channel API or carrier webhook key (printed once).
    ApiKey {
        /// `channel` or `carrier`.
        #[arg(long)]
        kind: String,
        /// Channel code (zigzag, fashionbykakao, posty), courier code (cj …) or `*`.
        #[arg(long)]
        scope: String,
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Create a platform operator account (입점 심사, 운영 콘솔).
    CreateOperator {
        /// The operator's e-mail address (their login).
        #[arg(long)]
        email: String,
        /// Password; when omitted a strong one is generated and printed.
        #[arg(long, env = "OPERATOR_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// Display name.
        #[arg(long, default_value = "플랫폼 운영자")]
        name: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port the HTTP server listens on.
    #[arg(long, env = "LISTEN_ADDR", default_value = "127.0.0.1:3000", global = true)]
    pub listen_addr: SocketAddr,

    /// The URL browsers use to reach the app (links in e-mails, the allowed
    /// Origin of state-changing requests). Defaults to http://<LISTEN_ADDR>.
    #[arg(long, env = "PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// Database: `sqlite://path/to/file.db` or `postgres://user@host/db`.
    /// Defaults to the SQLite file `<DATA_DIR>/partner-center.db`.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Folder for the SQLite file, uploads and the generated secret key.
    #[arg(long, env = "DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Secret for signing links and tokens (at least 32 characters). When
    /// unset, one is generated on first start and kept in `<DATA_DIR>/secret.key`;
    /// set it explicitly when several instances share one database.
    #[arg(long, env = "SECRET_KEY", hide_env_values = true, global = true)]
    pub secret_key: Option<String>,

    /// Outgoing mail server, e.g. `smtp://user:pass@mail.example.com:587`.
    /// When unset, mail is kept in the database outbox instead of being sent.
    #[arg(long, env = "SMTP_URL", hide_env_values = true, global = true)]
    pub smtp_url: Option<String>,

    /// Load the demo shop on first start (when the database has no shop yet).
    #[arg(long, env = "DEMO_DATA", default_value_t = false, global = true)]
    pub demo_data: bool,

    /// How many products the demo shop gets (with options and photos).
    #[arg(long, env = "DEMO_PRODUCTS", default_value_t = 200, global = true)]
    pub demo_products: usize,

    /// Days after delivery when a purchase is confirmed automatically (자동 구매확정).
    #[arg(long, env = "AUTO_CONFIRM_DAYS", default_value_t = 8, global = true)]
    pub auto_confirm_days: u32,

    /// With demo data: play the channels against this server at this many
    /// orders per minute (0 = off), so the dashboard is alive (`make run`).
    #[arg(long, env = "SIMULATE", default_value_t = 0, global = true)]
    pub simulate: u32,

    /// Development mode: the developer mailbox (/dev/mailbox) is open to
    /// everyone. Never in production.
    #[arg(long, env = "DEV_MODE", default_value_t = false, global = true)]
    pub dev_mode: bool,

    /// Built site (the browser bundle, CSS and public files) produced by
    /// `cargo leptos build`.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site", global = true)]
    pub site_root: PathBuf,

    /// Days account mail is kept after it was sent (or given up on); the
    /// hourly purge deletes older mail, expired sessions and spent links.
    #[arg(long, env = "MAIL_RETENTION_DAYS", default_value_t = 30, global = true)]
    pub mail_retention_days: u32,
    /// How many of each kind of heavy work (password hashing, photo decoding,
    /// spreadsheet reading) run at once. Default: one per CPU core.
    #[arg(long, env = "HEAVY_PERMITS", global = true)]
    pub heavy_permits: Option<usize>,

    /// How long heavy work waits for its turn (milliseconds) before the
    /// request is answered "busy, try again" (503 with `Retry-After`).
    #[arg(long, env = "HEAVY_WAIT_MS", default_value_t = 2000, global = true)]
    pub heavy_wait_ms: u64,

    /// Longest a request may take to be answered, in seconds (0 = no limit).
    /// The live-event stream and file downloads are not cut.
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = 120, global = true)]
    pub request_timeout_secs: u64,

    /// PostgreSQL `statement_timeout` of every pooled connection, in
    /// milliseconds (0 = none). SQLite has no such setting.
    #[arg(long, env = "STATEMENT_TIMEOUT_MS", default_value_t = 30_000, global = true)]
    pub statement_timeout_ms: u64,

    /// Channel API and carrier webhook: requests per minute each API key may
    /// make on average (a token bucket per key, per app instance; 0 = no limit).
    #[arg(long, env = "API_RATE_PER_MINUTE", default_value_t = 600, global = true)]
    pub api_rate_per_minute: u32,

    /// Channel API: how many requests a key may make in a burst above its rate.
    #[arg(long, env = "API_BURST", default_value_t = 200, global = true)]
    pub api_burst: u32,
    /// Days a shop's payouts are held after its payout account (정산 계좌)
    /// changes, so that a stolen session cannot divert the next payout unseen.
    #[arg(long, env = "PAYOUT_HOLD_DAYS", default_value_t = 3, global = true)]
    pub payout_hold_days: u32,
}

impl Config {
    /// A configuration with every default, for tests and tools.
    pub fn for_data_dir(data_dir: &Path) -> Self {
        Self {
            listen_addr: "127.0.0.1:3000".parse().expect("static address"),
            public_url: None,
            database_url: None,
            data_dir: data_dir.to_owned(),
            secret_key: None,
            smtp_url: None,
            demo_data: false,
            demo_products: 200,
            auto_confirm_days: 8,
            simulate: 0,
            dev_mode: false,
            site_root: PathBuf::from("target/site"),
            mail_retention_days: 30,
            heavy_permits: None,
            heavy_wait_ms: 2000,
            request_timeout_secs: 120,
            statement_timeout_ms: 30_000,
            api_rate_per_minute: 600,
            api_burst: 200,
            payout_hold_days: 3,
        }
    }

    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", self.listen_addr),
        }
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.is_empty() => url.clone(),
            _ => format!("sqlite://{}", self.data_dir.join("partner-center.db").display()),
        }
    }

    /// The signing secret: the configured one, or the one generated on first
    /// start and kept in the data directory.
    pub fn secret_key(&self) -> Result<String, String> {
        if let Some(key) = &self.secret_key {
            if key.len() < 32 {
                return Err("SECRET_KEY must be at least 32 characters".into());
            }
            return Ok(key.clone());
        }
        let path = self.data_dir.join("secret.key");
        match std::fs::read_to_string(&path) {
            Ok(key) if key.trim().len() >= 32 => Ok(key.trim().to_owned()),
            _ => {
                let mut bytes = [0u8; 32];
                getrandom::getrandom(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
                let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                std::fs::create_dir_all(&self.data_dir)
                    .map_err(|e| format!("cannot create {}: {e}", self.data_dir.display()))?;
                write_private(&path, &key)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                Ok(key)
            }
        }
    }
}

#[cfg(unix)]
pub fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file =
        std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
pub fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_put_everything_under_the_data_directory() {
        let cli = Cli::try_parse_from(["partner-center"]).unwrap();
        assert_eq!(cli.config.listen_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(cli.config.public_url(), "http://127.0.0.1:3000");
        assert_eq!(cli.config.database_url(), "sqlite://data/partner-center.db");
    }

    #[test]
    fn a_generated_secret_is_kept_across_restarts() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::for_data_dir(dir.path());
        let first = config.secret_key().unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(config.secret_key().unwrap(), first);
    }

    #[test]
    fn a_short_secret_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::for_data_dir(dir.path());
        config.secret_key = Some("short".into());
        assert!(config.secret_key().is_err());
    }
}
