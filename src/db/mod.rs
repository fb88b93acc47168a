//! The database layer: one code path for SQLite and PostgreSQL.
//!
//! Queries go through `sqlx::Any` so the same SQL (with `$1` placeholders)
//! runs on both engines. `Any` knows integers, floats, text, bytes and bool,
//! so the schema keeps to those: money is whole won in `BIGINT`, timestamps are
//! UTC milliseconds in `BIGINT`, rates are basis points or decimal text. Sums on
//! PostgreSQL come back as NUMERIC, which `Any` cannot read: cast them
//! (`CAST(SUM(x) AS BIGINT)`). The few statements that differ between the
//! engines ask [`Database::backend`].

pub mod sql;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, String> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(format!("DATABASE_URL must start with sqlite:// or postgres:// (got {url:?})"))
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// PostgreSQL's `statement_timeout` when none is configured (`STATEMENT_TIMEOUT_MS`).
pub const DEFAULT_STATEMENT_TIMEOUT_MS: u64 = 30_000;

#[derive(Clone, Debug)]
pub struct Database {
    pool: AnyPool,
    backend: Backend,
}

impl Database {
    /// Connects (creating the SQLite file and its folder when missing) and
    /// applies the migrations of the engine.
    pub async fn connect(url: &str) -> Result<Self, String> {
        Self::connect_with(url, DEFAULT_STATEMENT_TIMEOUT_MS).await
    }

    /// [`Database::connect`] with PostgreSQL's `statement_timeout` set on
    /// every pooled connection (milliseconds, 0 = none): a runaway query is
    /// cancelled by the server instead of holding a connection and its locks.
    pub async fn connect_with(url: &str, statement_timeout_ms: u64) -> Result<Self, String> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite => sqlite_url_creating_dir(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url).map_err(|e| format!("bad DATABASE_URL: {e}"))?;
        let pool = match backend {
            // One SQLite file: WAL lets readers run beside the single writer;
            // busy_timeout makes a second writer wait instead of failing; a
            // 32 MB page cache per connection (SQLite's default is 2 MB)
            // keeps the hot index pages of a large database in memory.
            Backend::Sqlite => AnyPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                             PRAGMA cache_size = -32768;",
                        )
                        .await?;
                        Ok(())
                    })
                })
                .connect_with(options)
                .await,
            Backend::Postgres => AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .after_connect(move |conn, _| {
                    Box::pin(async move {
                        conn.execute(format!("SET statement_timeout = {statement_timeout_ms}").as_str()).await?;
                        Ok(())
                    })
                })
                .connect_with(options)
                .await,
        }
        .map_err(|e| format!("cannot open the {} database: {e}", backend.name()))?;

        let db = Self { pool, backend };
        db.migrate(statement_timeout_ms).await?;
        if backend == Backend::Sqlite {
            // Fresh statistics where they are missing or stale, so the planner
            // picks the small partial indexes (unsettled items, uninvoiced
            // lines) over the large ones; cheap, and bounded by SQLite itself.
            sqlx::query("PRAGMA optimize = 0x10002")
                .execute(&db.pool)
                .await
                .map_err(|e| format!("cannot optimize the SQLite database: {e}"))?;
        }
        Ok(db)
    }

    async fn migrate(&self, statement_timeout_ms: u64) -> Result<(), String> {
        let failed = |e: sqlx::Error| format!("database migration failed: {e}");
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await.map_err(|e| format!("database migration failed: {e}")),
            // A migration may rightly take longer than any request's statement
            // (an index over a large table): it runs without the timeout, on a
            // connection that gets it back before returning to the pool.
            Backend::Postgres => {
                let mut conn = self.pool.acquire().await.map_err(failed)?;
                conn.execute("SET statement_timeout = 0").await.map_err(failed)?;
                let run = POSTGRES_MIGRATIONS.run(&mut *conn).await;
                conn.execute(format!("SET statement_timeout = {statement_timeout_ms}").as_str()).await.map_err(failed)?;
                run.map_err(|e| format!("database migration failed: {e}"))
            }
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction that holds the write lock from its first statement: on
    /// SQLite `BEGIN IMMEDIATE` (a deferred one that reads first could fail
    /// with SQLITE_BUSY when it later writes); on PostgreSQL an ordinary one,
    /// whose writers lock rows as they go.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Serialises the transactions that name the same `key` until `tx` ends:
    /// a transaction-scoped advisory lock on PostgreSQL (held across app
    /// instances); nothing on SQLite, where [`Self::begin_write`] already
    /// holds the single write lock. Different keys may share a lock (64-bit
    /// hash): that only makes one wait for the other.
    pub async fn lock_key(&self, tx: &mut sqlx::AnyConnection, key: &str) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres {
            use sha2::{Digest, Sha256};
            let digest = Sha256::digest(key.as_bytes());
            let id = i64::from_be_bytes(digest[..8].try_into().unwrap_or([0; 8]));
            sqlx::query("SELECT CAST(1 AS BIGINT) FROM (SELECT pg_advisory_xact_lock($1)) AS locked")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        Ok(())
    }

    /// ` INDEXED BY <index>` on SQLite, nothing on PostgreSQL: for the few
    /// queries whose small partial index SQLite's planner passes over for a
    /// larger one (then sorting or scanning every row of that one).
    pub fn indexed_by(&self, index: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!(" INDEXED BY {index}"),
            Backend::Postgres => String::new(),
        }
    }

    /// Cheap liveness check for `/healthz`.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// `sqlite://relative/file.db` → the same URL with `mode=rwc` so that the file
/// is created on first start, after creating its folder.
fn sqlite_url_creating_dir(url: &str) -> Result<String, String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:" && !path.is_empty() {
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
        }
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// A unique index, as each engine names it in a violation: PostgreSQL by the
/// index's name, SQLite by its table and columns.
#[derive(Debug, Clone, Copy)]
pub struct UniqueIndex {
    pub name: &'static str,
    pub table: &'static str,
    pub columns: &'static [&'static str],
}

impl UniqueIndex {
    /// Whether `err` is a violation of this index (and not of another one
    /// of the same table).
    pub fn violated_by(&self, err: &sqlx::Error) -> bool {
        let sqlx::Error::Database(db) = err else { return false };
        if !db.is_unique_violation() {
            return false;
        }
        if let Some(name) = db.constraint() {
            return name == self.name;
        }
        // SQLite: "UNIQUE constraint failed: claims.channel, claims.channel_claim_id"
        let Some(cols) = db.message().strip_prefix("UNIQUE constraint failed: ") else { return false };
        let expected: Vec<String> = self.columns.iter().map(|c| format!("{}.{c}", self.table)).collect();
        cols.split(", ").eq(expected.iter().map(String::as_str))
    }
}

/// Whether `err` is a violation of any unique index: for inserts whose
/// table has exactly one (say which with [`UniqueIndex`] otherwise).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Milliseconds since the Unix epoch, UTC: how every timestamp is stored.
/// Rows one statement of a purge deletes at most.
pub const PURGE_BATCH: i64 = 1000;

/// Runs a purge's `DELETE … WHERE key IN (SELECT key … $1 … LIMIT $2)` with
/// `$1 = bound` and `$2 =` [`PURGE_BATCH`] until a batch comes back short;
/// how many rows went. Each batch is its own short statement, so a large
/// purge never holds a long lock, and instances may run it at once.
pub async fn delete_in_batches(db: &Database, sql: &str, bound: i64) -> Result<u64, sqlx::Error> {
    let mut purged = 0;
    loop {
        let deleted = sqlx::query(sql).bind(bound).bind(PURGE_BATCH).execute(db.pool()).await?.rows_affected();
        purged += deleted;
        if (deleted as i64) < PURGE_BATCH {
            return Ok(purged);
        }
    }
}

/// A leased work queue's next ids (the account mail and the buyer outbox):
/// rows `pending` and due by `now`, and rows left `sending` by a worker
/// whose lease ran out with tries left, oldest first, at most `batch`.
/// `table` is one of our own table names, never input.
pub async fn due_ids(db: &Database, table: &'static str, now: i64, max_attempts: i64, batch: i64) -> Result<Vec<i64>, sqlx::Error> {
    let mut ids: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM {table} WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT $2"
    ))
    .bind(now)
    .bind(batch)
    .fetch_all(db.pool())
    .await?;
    let stale: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM {table} WHERE status = 'sending' AND locked_until < $1 AND attempts < $2 ORDER BY id LIMIT $3"
    ))
    .bind(now)
    .bind(max_attempts)
    .bind(batch)
    .fetch_all(db.pool())
    .await?;
    ids.extend(stale);
    ids.sort_unstable();
    ids.dedup();
    ids.truncate(batch as usize);
    Ok(ids)
}

pub fn now_millis() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_is_chosen_by_the_url_prefix() {
        assert_eq!(Backend::from_url("sqlite://data/x.db").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::from_url("postgres://u@h/db").unwrap(), Backend::Postgres);
        assert_eq!(Backend::from_url("postgresql://u@h/db").unwrap(), Backend::Postgres);
        assert!(Backend::from_url("mysql://u@h/db").is_err());
    }

    #[test]
    fn sqlite_urls_ask_for_the_file_to_be_created() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("nested/pc.db");
        let url = sqlite_url_creating_dir(&format!("sqlite://{}", file.display())).unwrap();
        assert!(url.ends_with("?mode=rwc"));
        assert!(file.parent().unwrap().is_dir());
    }
}
