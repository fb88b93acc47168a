//! SQL built from a list page's filters (foundation): placeholders
//! numbered as the filters ask for them, one binding per value, and `LIKE`
//! patterns whose `%` and `_` are the seller's letters.

use sqlx::any::AnyRow;
use sqlx::Row;

use crate::error::{AppError, ErrorCode};

/// A bound value of a query built from filters.
#[derive(Debug, Clone)]
pub enum Arg {
    Int(i64),
    Text(String),
}

/// SQL with numbered placeholders added as the filters ask for them.
#[derive(Debug, Default)]
pub struct Sql {
    pub args: Vec<Arg>,
}

impl Sql {
    /// Adds a value and returns its placeholder (`$3`).
    pub fn arg(&mut self, value: Arg) -> String {
        self.args.push(value);
        format!("${}", self.args.len())
    }

    pub fn placeholders(&mut self, ids: &[i64]) -> String {
        ids.iter().map(|id| self.arg(Arg::Int(*id))).collect::<Vec<_>>().join(", ")
    }

    pub fn query<'q>(&self, sql: &'q str) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        let mut q = sqlx::query(sql);
        for a in &self.args {
            q = match a {
                Arg::Int(i) => q.bind(*i),
                Arg::Text(s) => q.bind(s.clone()),
            };
        }
        q
    }
}

/// `%` and `_` typed by a seller are letters, not wildcards.
pub fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Runs `statement` — an `UPDATE` whose `$1` is `value` and whose `{ids}`
/// stands for a list of row ids — over `ids` in chunks small enough for
/// either engine; the number of rows it changed.
pub async fn update_by_ids(
    conn: &mut sqlx::AnyConnection,
    statement: &str,
    value: i64,
    ids: &[i64],
) -> Result<u64, sqlx::Error> {
    let mut changed = 0;
    for chunk in ids.chunks(500) {
        let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        changed += sqlx::query(&statement.replace("{ids}", &list))
            .bind(value)
            .execute(&mut *conn)
            .await?
            .rows_affected();
    }
    Ok(changed)
}

/// A list read newest first in pages: rows ordered by `(key DESC, id DESC)`
/// and resumed after the last row shown, whose `[key, id]` is the opaque
/// cursor the page hands back (keyset pagination: every page is an index
/// range, however deep the seller scrolls).
#[derive(Debug, Clone, Copy)]
pub struct Keyset {
    /// The ordering column as the query names it, e.g. `i.paid_at`.
    pub key: &'static str,
    /// The id column as the query names it, e.g. `i.id`.
    pub id: &'static str,
}

impl Keyset {
    /// The condition that resumes after `cursor`, or `None` on the first
    /// page (no cursor, or an empty one). A cursor that is not one of ours
    /// is refused with [`bad_cursor`].
    pub fn after(&self, sql: &mut Sql, cursor: Option<&str>) -> Result<Option<String>, AppError> {
        let Some(cursor) = cursor.filter(|c| !c.is_empty()) else { return Ok(None) };
        let (key, id): (i64, i64) = serde_json::from_str(cursor).map_err(|_| bad_cursor())?;
        let (k, i) = (sql.arg(Arg::Int(key)), sql.arg(Arg::Int(id)));
        let (key_col, id_col) = (self.key, self.id);
        // The first condition repeats what the second implies: it lets
        // PostgreSQL read the index as a range instead of filtering it.
        Ok(Some(format!("{key_col} <= {k} AND ({key_col} < {k} OR ({key_col} = {k} AND {id_col} < {i}))")))
    }

    /// `ORDER BY` and `LIMIT` of a page of `limit` rows (one more is read
    /// to know whether another page follows).
    pub fn order_limit(&self, limit: i64) -> String {
        format!("ORDER BY {} DESC, {} DESC LIMIT {}", self.key, self.id, limit + 1)
    }

    /// One page of `SELECT <select> WHERE <clauses>` after `cursor`: the
    /// first `limit` rows in this order, each through `map`, and the cursor
    /// of the next page when there is one. Planned for its values every time:
    /// a plan cached for an average shop reads the whole of a large one
    /// (PostgreSQL's generic plans).
    pub async fn fetch<T>(
        &self,
        db: &super::Database,
        mut sql: Sql,
        select: &str,
        mut clauses: Vec<String>,
        cursor: Option<&str>,
        limit: i64,
        map: impl FnMut(&AnyRow) -> Result<T, AppError>,
    ) -> Result<(Vec<T>, Option<String>), AppError> {
        clauses.extend(self.after(&mut sql, cursor)?);
        let text = format!("SELECT {select} WHERE {} {}", clauses.join(" AND "), self.order_limit(limit));
        let rows = sql.query(&text).persistent(false).fetch_all(db.pool()).await?;
        self.page(&rows, limit, map)
    }

    /// The first `limit` of `rows` (read with [`Self::order_limit`]), each
    /// through `map`, and the cursor of the next page when there is one.
    pub fn page<T>(
        &self,
        rows: &[AnyRow],
        limit: i64,
        mut map: impl FnMut(&AnyRow) -> Result<T, AppError>,
    ) -> Result<(Vec<T>, Option<String>), AppError> {
        let column = |qualified: &'static str| qualified.rsplit('.').next().unwrap_or(qualified);
        let mut out = Vec::with_capacity(rows.len().min(limit.max(0) as usize));
        let mut last = None;
        for r in rows.iter().take(limit.max(0) as usize) {
            last = Some((r.try_get::<i64, _>(column(self.key))?, r.try_get::<i64, _>(column(self.id))?));
            out.push(map(r)?);
        }
        let more = rows.len() as i64 > limit;
        let next = last.filter(|_| more).map(|l| serde_json::to_string(&l).unwrap_or_default());
        Ok((out, next))
    }
}

/// A list position that is not one of ours (edited, or from an old page).
pub fn bad_cursor() -> AppError {
    AppError::new(ErrorCode::BadRequest, crate::i18n::msg::common_bad_cursor())
}
