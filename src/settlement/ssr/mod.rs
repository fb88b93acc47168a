//! Settlement data access and the settlement run (server only).
//!
//! **The run.** Every instance runs [`run()`] every few seconds. It turns
//! purchase-confirmed items and completed claims that have no line yet into
//! settlement lines, adds them to the day's statement, issues the month's
//! tax invoices once a month is over, and pays statements whose day has come.
//! Each batch is one transaction that first takes the settlement lock (a
//! PostgreSQL transaction-scoped advisory lock; SQLite's `BEGIN IMMEDIATE`
//! already lets one writer in), reads its work inside the lock and marks it
//! settled before committing: two instances never settle one item twice, and
//! a crash in between settles nothing.
//!
//! **Money never changes after a statement is paid.** Totals are added only
//! `WHERE status <> 'paid'`; a line whose own day's statement is already
//! paid goes to the statement of the day the run sees it, and corrections
//! are adjustment lines ([`add_adjustments`]) in the next open statement.
//!
//! One file per part, every item reachable as `settlement::ssr::…`: the run
//! (`run`), the writing of lines into statements (`ledger`), the reads of
//! the pages (`queries`), the operator's rates, holds and adjustments
//! (`operator`), and the spreadsheet downloads (`download`).

mod download;
mod ledger;
mod operator;
mod queries;
mod run;

pub use download::{line_cells, serve_download, statement_cells, LINE_EXPORT_COLUMNS, STATEMENT_EXPORT_COLUMNS};
pub use ledger::{add_adjustments, mark_invoiced, Adjustment};
pub use operator::{add_rate, adjust, hold, insert_rate, set_hold, RateInput};
pub use queries::{
    coupon_lines, current_rates, lines, operator_settlement, rate_rows, settlement_month, statement, statements_between, summary,
    unpaid, upcoming_statements,
};
pub use run::{pay_due, run, start, RateBook, RunReport, FALLBACK_RATES};

use sqlx::{Any, Transaction};

use crate::calendar::kst_date;
use crate::error::AppResult;
use crate::db::{Backend, Database};

/// Live-update topic of the settlement pages.
pub const TOPIC: &str = super::TOPIC_NAME;
/// The key of the PostgreSQL advisory lock that serialises settlement runs.
const LOCK_KEY: i64 = 0x5e77_1e;

pub type Tx = Transaction<'static, Any>;

/// Begins a write transaction holding the settlement lock.
pub async fn begin_locked(db: &Database) -> AppResult<Tx> {
    let mut tx = db.begin_write().await?;
    if db.backend() == Backend::Postgres {
        sqlx::query(&format!("SELECT pg_advisory_xact_lock({LOCK_KEY})")).execute(&mut *tx).await?;
    }
    Ok(tx)
}

/// Today's Korean date as `YYYY-MM-DD`.
pub fn today(now: i64) -> String {
    kst_date(now).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()
}
