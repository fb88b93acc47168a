//! Configuration from the command line and environment variables.
//!
//! Every setting has a documented default so that `partner-center` with no
//! arguments starts a working shop back-office on an SQLite file.

use std::net::{IpAddr, SocketAddr};
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
    /// Reverse proxies whose `X-Forwarded-For` is believed (addresses or
    /// ranges, comma-separated: `10.0.0.0/8,127.0.0.1`). Without one, the
    /// header is ignored: anyone can write it, and a forged address would
    /// dodge the sign-in throttle or lock out someone else's address.
    #[arg(long, env = "TRUSTED_PROXIES", value_delimiter = ',', global = true)]
    pub trusted_proxies: Vec<ProxyRange>,

    /// Hours without a request after which a session ends (besides the
    /// 30-day limit): a browser left signed in on a shared PC stops being one.
    #[arg(long, env = "SESSION_IDLE_HOURS", default_value_t = 12, global = true)]
    pub session_idle_hours: u32,

    /// Allow an `SMTP_URL` that sends without TLS (`smtp://` without
    /// `?tls=required`), e.g. a relay on the same host. Refused otherwise:
    /// reset and unlock links would cross the network in the clear.
    #[arg(long, env = "SMTP_ALLOW_PLAINTEXT", default_value_t = false, global = true)]
    pub smtp_allow_plaintext: bool,
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
            trusted_proxies: Vec::new(),
            session_idle_hours: 12,
            smtp_allow_plaintext: false,
        }
    }

    /// Whether this peer is a configured reverse proxy.
    pub fn is_trusted_proxy(&self, ip: IpAddr) -> bool {
        self.trusted_proxies.iter().any(|range| range.contains(ip))
    }

    /// What `serve` refuses to start with (the error says what to set), and
    /// the warnings it starts with.
    pub fn check_for_serving(&self) -> Result<Vec<String>, String> {
        let database = self.database_url();
        if self.secret_key.is_none() && (database.starts_with("postgres:") || database.starts_with("postgresql:")) {
            return Err(format!(
                "SECRET_KEY must be set when DATABASE_URL is PostgreSQL: app instances sharing the database must sign \
                 sessions and links with one key, and a key generated into one instance's {} would sign people out \
                 on the others. Set SECRET_KEY (at least 32 characters) to the same value on every instance.",
                self.data_dir.join("secret.key").display()
            ));
        }
        if let Some(smtp) = self.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            if !smtp_uses_tls(smtp) && !self.smtp_allow_plaintext {
                return Err(format!(
                    "SMTP_URL would send mail without TLS (host {}): password reset and unlock links would cross the \
                     network in the clear. Use smtps://… or smtp://…?tls=required, or set SMTP_ALLOW_PLAINTEXT=true \
                     for a relay you trust (e.g. on the same host).",
                    url::Url::parse(smtp).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_else(|| "?".into())
                ));
            }
        }
        let mut warnings = Vec::new();
        if self.dev_mode && !self.listen_addr.ip().is_loopback() {
            warnings.push(format!(
                "DEV_MODE is on and the server listens on {}, not only on this machine: the developer mailbox \
                 (with every reset link) is open to anyone who can reach it. Never use DEV_MODE in production.",
                self.listen_addr
            ));
        }
        Ok(warnings)
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

/// Whether lettre sends over TLS for this URL: `smtps://` (TLS from the
/// first byte) or `smtp://…?tls=required` (STARTTLS, refused without it).
/// `tls=opportunistic` falls back to plain text when the server (or someone
/// in between) does not offer STARTTLS, so it does not count.
pub fn smtp_uses_tls(smtp_url: &str) -> bool {
    let Ok(url) = url::Url::parse(smtp_url) else { return false };
    match url.scheme() {
        "smtps" => true,
        "smtp" => url.query_pairs().any(|(k, v)| k == "tls" && v == "required"),
        _ => false,
    }
}

/// One address or a CIDR range (`10.0.0.0/8`, `::1`), for `TRUSTED_PROXIES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProxyRange {
    addr: IpAddr,
    prefix: u8,
}

impl ProxyRange {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => prefix_eq(&net.octets(), &ip.octets(), self.prefix),
            (IpAddr::V6(net), IpAddr::V6(ip)) => prefix_eq(&net.octets(), &ip.octets(), self.prefix),
            _ => false,
        }
    }
}

fn prefix_eq(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let (whole, rest) = ((prefix / 8) as usize, prefix % 8);
    a[..whole] == b[..whole] && (rest == 0 || (a[whole] ^ b[whole]) >> (8 - rest) == 0)
}

impl std::str::FromStr for ProxyRange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let bad = || format!("{s:?} is not an IP address or range (e.g. 10.0.0.1 or 10.0.0.0/8)");
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(Self { addr, prefix })
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
    fn a_generated_secret_is_refused_on_postgresql_and_accepted_on_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::for_data_dir(dir.path());
        assert_eq!(config.check_for_serving(), Ok(vec![]), "SQLite on one machine may generate its key");
        config.database_url = Some("postgres://app@db.internal/partner".into());
        let refused = config.check_for_serving().unwrap_err();
        assert!(refused.contains("SECRET_KEY"), "{refused}");
        config.secret_key = Some("k".repeat(40));
        assert_eq!(config.check_for_serving(), Ok(vec![]));
    }

    #[test]
    fn smtp_without_tls_is_refused_unless_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::for_data_dir(dir.path());
        for plain in [
            "smtp://user:secret@mail.example.com:587",
            "smtp://mail.example.com:25?tls=opportunistic",
            "smtp://mail.example.com:587?tls=none",
        ] {
            config.smtp_url = Some(plain.into());
            let refused = config.check_for_serving().unwrap_err();
            assert!(refused.contains("SMTP_ALLOW_PLAINTEXT") && refused.contains("mail.example.com"), "{refused}");
            assert!(!refused.contains("secret"), "the password is never printed: {refused}");
        }
        config.smtp_allow_plaintext = true;
        assert_eq!(config.check_for_serving(), Ok(vec![]));
        config.smtp_allow_plaintext = false;
        for tls in ["smtps://user:pw@mail.example.com:465", "smtp://user:pw@mail.example.com:587?tls=required"] {
            config.smtp_url = Some(tls.into());
            assert_eq!(config.check_for_serving(), Ok(vec![]), "{tls}");
        }
    }

    #[test]
    fn dev_mode_on_a_public_address_is_warned_about() {
        let cli = Cli::try_parse_from(["partner-center", "--dev-mode", "--listen-addr", "0.0.0.0:3000"]).unwrap();
        let warnings = cli.config.check_for_serving().unwrap();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("DEV_MODE") && warnings[0].contains("0.0.0.0:3000"), "{warnings:?}");
        let cli = Cli::try_parse_from(["partner-center", "--dev-mode"]).unwrap();
        assert_eq!(cli.config.check_for_serving(), Ok(vec![]), "loopback is fine");
        let cli = Cli::try_parse_from(["partner-center", "--listen-addr", "0.0.0.0:3000"]).unwrap();
        assert_eq!(cli.config.check_for_serving(), Ok(vec![]), "no DEV_MODE, nothing to warn about");
    }

    #[test]
    fn trusted_proxies_are_addresses_and_ranges() {
        let cli = Cli::try_parse_from(["partner-center", "--trusted-proxies", "10.0.0.0/8,127.0.0.1, fd00::/8"]).unwrap();
        let config = cli.config;
        for yes in ["10.1.2.3", "127.0.0.1", "fd12::1", "::ffff:10.9.9.9"] {
            assert!(config.is_trusted_proxy(yes.parse().unwrap()), "{yes}");
        }
        for no in ["11.0.0.1", "127.0.0.2", "fe80::1", "192.168.0.1"] {
            assert!(!config.is_trusted_proxy(no.parse().unwrap()), "{no}");
        }
        assert!("10.0.0.0/33".parse::<ProxyRange>().is_err());
        assert!("proxy.internal".parse::<ProxyRange>().is_err());
        assert!("0.0.0.0/0".parse::<ProxyRange>().unwrap().contains("8.8.8.8".parse().unwrap()));
        assert!(!Config::for_data_dir(Path::new("data")).is_trusted_proxy("127.0.0.1".parse().unwrap()), "none by default");
    }

    #[test]
    fn a_short_secret_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::for_data_dir(dir.path());
        config.secret_key = Some("short".into());
        assert!(config.secret_key().is_err());
    }
}
