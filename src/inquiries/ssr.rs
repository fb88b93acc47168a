//! Inquiry data access: intake from the channels, the inbox, answers and
//! their history, templates (server only). Every seller-facing query is
//! bounded to the shop of the person acting.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::*;
use crate::auth::ssr::ShopActor;
use crate::audit::ssr::{json as to_json, record, Change};
use crate::error::{ErrorCode, AppError, AppResult};
use crate::i18n::{msg, with_locale, Locale};
use crate::outbox::ssr::{enqueue, BuyerMessage};
use crate::db::sql::{bad_cursor, escape_like, Arg, Sql};
use crate::channel::Channel;
use crate::channel_api::fields::{channel_id, read_feed, time_or_now};
use crate::channel_api::idempotent::{self, Arrival, Created, Intake};
use crate::db::{now_millis, Database};
use crate::context::AppState;

pub const PAGE_SIZE: i64 = 30;
pub const TOPIC: &str = "inquiries";
/// Business days a shop has to answer.
pub const ANSWER_WITHIN_DAYS: u32 = 2;
/// Most templates a shop keeps.
pub const MAX_TEMPLATES: i64 = 100;

/// 답변기한: the end (KST) of the 2nd business day after the question's
/// Korean date.
pub fn due_at(asked_at: i64) -> i64 {
    match crate::calendar::kst_date(asked_at) {
        Some(day) => crate::calendar::end_of_kst_day(crate::calendar::add_business_days(
            day,
            ANSWER_WITHIN_DAYS,
        )),
        None => asked_at,
    }
}

/// UTC millis as RFC 3339 in Korean time.
pub fn rfc3339(millis: i64) -> String {
    crate::time::to_kst(millis)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, false))
        .unwrap_or_default()
}

// ------------------------------------------------------------------ intake

/// An inquiry as the channel sends it (`POST /api/channel/v1/inquiries`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelInquiry {
    pub channel_inquiry_id: String,
    pub kind: String,
    #[serde(default)]
    pub product_id: Option<i64>,
    #[serde(default)]
    pub channel_order_id: Option<String>,
    #[serde(default)]
    pub channel_item_id: Option<String>,
    pub buyer_name: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub secret: bool,
    #[serde(default)]
    pub asked_at: Option<String>,
}

fn text(field: &str, value: &str, max: usize, required: bool) -> AppResult<String> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(AppError::invalid(
            field,
            msg::inquiries_err_field_required(field),
        ));
    }
    if v.chars().count() > max {
        return Err(AppError::invalid(
            field,
            msg::inquiries_err_field_too_long(field, max.to_string()),
        ));
    }
    Ok(v.to_owned())
}

#[derive(Debug)]
pub struct ValidInquiry {
    channel_inquiry_id: String,
    kind: &'static str,
    product_id: Option<i64>,
    order: Option<(String, String)>,
    buyer_name: String,
    category: String,
    title: String,
    body: String,
    secret: bool,
    asked_at: i64,
}

impl ChannelInquiry {
    fn validate(&self, now: i64) -> AppResult<ValidInquiry> {
        let channel_inquiry_id = channel_id("channel_inquiry_id", &self.channel_inquiry_id)?;
        let (kind, product_id, order) = match self.kind.as_str() {
            "product" => {
                let id = self.product_id.ok_or_else(|| {
                    AppError::invalid("product_id", msg::inquiries_err_product_id_required())
                })?;
                ("product", Some(id), None)
            }
            "order" => {
                let order_id = self.channel_order_id.as_deref().unwrap_or_default();
                let item_id = self.channel_item_id.as_deref().unwrap_or_default();
                let order_id = channel_id("channel_order_id", order_id)?;
                let item_id = channel_id("channel_item_id", item_id)?;
                ("order", None, Some((order_id, item_id)))
            }
            _ => {
                return Err(AppError::invalid(
                    "kind",
                    msg::inquiries_err_bad_kind(),
                ))
            }
        };
        let category = if self.category.trim().is_empty() {
            "other".to_owned()
        } else {
            self.category.trim().to_owned()
        };
        if !CATEGORIES.iter().any(|(c, _)| *c == category) {
            return Err(AppError::invalid(
                "category",
                msg::inquiries_err_bad_category(),
            ));
        }
        Ok(ValidInquiry {
            channel_inquiry_id,
            kind,
            product_id,
            order,
            buyer_name: text("buyer_name", &self.buyer_name, 50, true)?,
            category,
            title: text("title", &self.title, 100, false)?,
            body: text("body", &self.body, 2000, true)?,
            secret: self.secret,
            asked_at: time_or_now("asked_at", self.asked_at.as_deref(), now)?,
        })
    }
}

/// An inquiry body as the Channel API reads it: the JSON, checked as of
/// `now`, without the database. What the fuzz target (`fuzz/`) drives.
pub fn check_body(body: &[u8], now: i64) -> AppResult<ValidInquiry> {
    crate::channel_api::parse_json::<ChannelInquiry>(body)?.validate(now)
}

pub use crate::channel_api::idempotent::Answer;

pub async fn accept(
    state: &AppState,
    channel: Channel,
    request: ChannelInquiry,
) -> AppResult<Answer> {
    accept_at(state, channel, request, now_millis()).await
}

/// [`accept`] as if it were `now`: deadlines can be checked on any day.
pub async fn accept_at(
    state: &AppState,
    channel: Channel,
    request: ChannelInquiry,
    now: i64,
) -> AppResult<Answer> {
    idempotent::take(state, channel, &request, now, ChannelInquiry::validate).await
}


impl Intake for ValidInquiry {
    const AREA: &'static str = "inquiries";
    const TOPICS: &'static [&'static str] = &[TOPIC];
    const STORED: &'static str =
        "SELECT id, request_hash, due_at FROM inquiries WHERE channel = $1 AND channel_inquiry_id = $2";
    const CONFLICT: fn() -> &'static str = crate::i18n::msg::inquiries_api_conflict;

    fn id(&self) -> &str {
        &self.channel_inquiry_id
    }

    fn answer(row: &AnyRow) -> AppResult<Value> {
        let id: i64 = row.try_get("id")?;
        Ok(json!({ "inquiry_id": id, "due_at": rfc3339(row.try_get("due_at")?) }))
    }

    async fn write(&self, _: &AppState, tx: &mut AnyConnection, arrival: Arrival<'_>) -> AppResult<Created> {
        insert(tx, arrival, self).await
    }
}

/// Checks and writes a new inquiry inside `tx`: its shop and answer.
async fn insert(tx: &mut AnyConnection, arrival: Arrival<'_>, q: &ValidInquiry) -> AppResult<Created> {
    let Arrival { channel, hash, now } = arrival;
    // The shop is the product's (상품문의) or the ordered item's (주문문의).
    let (shop_id, product_id, order_item_id) = match (&q.product_id, &q.order) {
        (Some(product_id), _) => {
            let row = sqlx::query("SELECT shop_id FROM products WHERE id = $1 AND deleted_at = 0")
                .bind(product_id)
                .fetch_optional(&mut *tx)
                .await?;
            let Some(row) = row else {
                return Err(AppError {
                    field: Some("product_id".into()),
                    ..AppError::not_found(msg::inquiries_noun_product())
                });
            };
            (row.try_get::<i64, _>("shop_id")?, *product_id, None)
        }
        (None, Some((order_id, item_id))) => {
            let row = sqlx::query(
                "SELECT id, shop_id, product_id FROM order_items WHERE channel = $1 AND channel_order_id = $2 AND channel_item_id = $3",
            )
            .bind(channel.code())
            .bind(order_id)
            .bind(item_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else {
                return Err(AppError {
                    field: Some("channel_item_id".into()),
                    ..AppError::not_found(msg::inquiries_noun_order_item())
                });
            };
            (
                row.try_get::<i64, _>("shop_id")?,
                row.try_get::<i64, _>("product_id")?,
                Some(row.try_get::<i64, _>("id")?),
            )
        }
        (None, None) => return Err(AppError::internal()),
    };
    let due = due_at(q.asked_at);
    let inserted = sqlx::query(
        "INSERT INTO inquiries (shop_id, channel, channel_inquiry_id, request_hash, kind, product_id, order_item_id, buyer_name, \
         category, title, body, secret, due_at, asked_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
    )
    .bind(shop_id)
    .bind(channel.code())
    .bind(&q.channel_inquiry_id)
    .bind(hash)
    .bind(q.kind)
    .bind(product_id)
    .bind(order_item_id)
    .bind(&q.buyer_name)
    .bind(&q.category)
    .bind(&q.title)
    .bind(&q.body)
    .bind(i64::from(q.secret))
    .bind(due)
    .bind(q.asked_at)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = inserted?.try_get("id")?;
    Ok(Created { shops: vec![shop_id], answer: json!({ "inquiry_id": id, "due_at": rfc3339(due) }) })
}

/// `GET /api/channel/v1/inquiry-answers`: every answer and every edit of
/// one, of the channel's inquiries, oldest first after `cursor`.
pub async fn answer_feed(
    db: &Database,
    channel: Channel,
    cursor: i64,
    limit: i64,
) -> AppResult<Value> {
    let sql = "SELECT a.id, q.channel_inquiry_id, a.body, a.created_at FROM inquiry_answers a \
         JOIN inquiries q ON q.id = a.inquiry_id WHERE q.channel = $1 AND a.id > $2 ORDER BY a.id LIMIT $3";
    read_feed(db, sql, channel, cursor, limit, "answers", |r| {
        Ok(json!({
            "id": r.try_get::<i64, _>("id")?,
            "channel_inquiry_id": r.try_get::<String, _>("channel_inquiry_id")?,
            "body": r.try_get::<String, _>("body")?,
            "at": rfc3339(r.try_get("created_at")?),
        }))
    })
    .await
}

// ------------------------------------------------------------------ inbox

const ROW_COLS: &str = "q.id, q.kind, q.channel, q.category, q.product_id, p.name AS product_name, \
    COALESCE(i.order_no, '') AS order_no, COALESCE(i.option_text, '') AS option_text, q.buyer_name, q.title, q.body, \
    q.secret, q.answer, q.answered_at, q.answered_by, q.due_at, q.asked_at";
const FROM: &str = "inquiries q JOIN products p ON p.id = q.product_id LEFT JOIN order_items i ON i.id = q.order_item_id";

fn map_row(r: &sqlx::any::AnyRow, now: i64) -> AppResult<InquiryRow> {
    let kind: String = r.try_get("kind")?;
    let category: String = r.try_get("category")?;
    let channel: String = r.try_get("channel")?;
    let answered_at: i64 = r.try_get("answered_at")?;
    let due_at: i64 = r.try_get("due_at")?;
    let open = answered_at == 0;
    Ok(InquiryRow {
        id: r.try_get("id")?,
        kind_label: kind_label(&kind).to_owned(),
        kind,
        channel_label: Channel::parse(&channel)
            .map(|c| c.label().to_owned())
            .unwrap_or(channel),
        category_label: category_label(&category).to_owned(),
        category,
        product_id: r.try_get("product_id")?,
        product_name: r.try_get("product_name")?,
        order_no: r.try_get("order_no")?,
        option_text: r.try_get("option_text")?,
        buyer_name: r.try_get("buyer_name")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        secret: r.try_get::<i64, _>("secret")? != 0,
        answer: r.try_get("answer")?,
        answered: !open,
        answered_at: if open {
            String::new()
        } else {
            crate::time::format_datetime(answered_at)
        },
        answered_by: r.try_get("answered_by")?,
        asked_at: crate::time::format_datetime(r.try_get("asked_at")?),
        due_at: crate::time::format_datetime(due_at),
        due_soon: open && due_at >= now && due_at < now + DUE_SOON_MS,
        overdue: open && due_at < now,
    })
}


/// The WHERE of the inbox without the answered/unanswered split and cursor.
fn filter(sql: &mut Sql, shop_id: i64, q: &InquiryQuery, now: i64) -> AppResult<Vec<String>> {
    let shop = sql.arg(Arg::Int(shop_id));
    let mut clauses = vec![format!("q.shop_id = {shop}")];
    match q.kind.as_str() {
        "" => {}
        "product" | "order" => {
            clauses.push(format!("q.kind = {}", sql.arg(Arg::Text(q.kind.clone()))))
        }
        _ => {
            return Err(AppError::invalid(
                "kind",
                msg::inquiries_err_pick_kind(),
            ))
        }
    }
    if !q.category.is_empty() {
        if !CATEGORIES.iter().any(|(c, _)| *c == q.category) {
            return Err(AppError::invalid(
                "category",
                msg::inquiries_err_pick_category(),
            ));
        }
        clauses.push(format!(
            "q.category = {}",
            sql.arg(Arg::Text(q.category.clone()))
        ));
    }
    match q.due.as_str() {
        "" => {}
        "soon" => {
            let n = sql.arg(Arg::Int(now));
            let soon = sql.arg(Arg::Int(now + DUE_SOON_MS));
            clauses.push(format!("q.due_at >= {n} AND q.due_at < {soon}"));
        }
        "overdue" => clauses.push(format!("q.due_at < {}", sql.arg(Arg::Int(now)))),
        _ => {
            return Err(AppError::invalid(
                "due",
                msg::inquiries_err_pick_due(),
            ))
        }
    }
    if let Some(term) = crate::input::search_term(&q.q)? {
        let exact = sql.arg(Arg::Text(term.to_owned()));
        let like = sql.arg(Arg::Text(format!("%{}%", escape_like(term))));
        let shop = sql.arg(Arg::Int(shop_id));
        clauses.push(format!(
            "(q.buyer_name = {exact} OR q.title LIKE {like} ESCAPE '\\' OR q.body LIKE {like} ESCAPE '\\' \
             OR q.product_id IN (SELECT pp.id FROM products pp WHERE pp.shop_id = {shop} AND pp.name LIKE {like} ESCAPE '\\'))"
        ));
    }
    Ok(clauses)
}

/// Reads one part of the inbox: unanswered (`answered = false`) or
/// answered, newest question first, after `after`.
async fn part(
    db: &Database,
    shop_id: i64,
    q: &InquiryQuery,
    now: i64,
    answered: bool,
    after: Option<(i64, i64)>,
    limit: i64,
) -> AppResult<Vec<sqlx::any::AnyRow>> {
    let mut sql = Sql::default();
    let mut clauses = filter(&mut sql, shop_id, q, now)?;
    clauses.push(if answered {
        "q.answered_at > 0".to_owned()
    } else {
        "q.answered_at = 0".to_owned()
    });
    if let Some((asked_at, id)) = after {
        let a = sql.arg(Arg::Int(asked_at));
        let i = sql.arg(Arg::Int(id));
        clauses.push(format!(
            "q.asked_at <= {a} AND (q.asked_at < {a} OR (q.asked_at = {a} AND q.id < {i}))"
        ));
    }
    let text = format!(
        "SELECT {ROW_COLS} FROM {FROM} WHERE {} ORDER BY q.asked_at DESC, q.id DESC LIMIT {}",
        clauses.join(" AND "),
        limit
    );
    Ok(sql
        .query(&text)
        .persistent(false)
        .fetch_all(db.pool())
        .await?)
}

/// One page of the inbox: unanswered first, then answered, each newest
/// first. The cursor is `[part, asked_at, id]` (part 0: unanswered).
pub async fn list(
    db: &Database,
    shop_id: i64,
    q: &InquiryQuery,
    limit: i64,
) -> AppResult<InquiryPage> {
    let now = now_millis();
    let (want_open, want_answered) = match (q.status.as_str(), q.due.is_empty()) {
        (_, false) | ("unanswered", _) => (true, false),
        ("answered", _) => (false, true),
        ("" | "all", _) => (true, true),
        _ => {
            return Err(AppError::invalid(
                "status",
                msg::inquiries_err_pick_status(),
            ))
        }
    };
    let cursor: Option<(i64, i64, i64)> = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(serde_json::from_str(c).map_err(|_| bad_cursor())?),
    };
    let (start_part, after) = match cursor {
        None => (0, None),
        Some((p, a, i)) => (p, Some((a, i))),
    };
    let mut rows = Vec::new();
    let mut next = None;
    if want_open && start_part == 0 {
        let got = part(db, shop_id, q, now, false, after, limit + 1).await?;
        for r in got.iter().take(limit as usize) {
            rows.push(map_row(r, now)?);
        }
        if got.len() as i64 > limit {
            let last = &got[limit as usize - 1];
            next = Some(to_json(&(
                0,
                last.try_get::<i64, _>("asked_at")?,
                last.try_get::<i64, _>("id")?,
            )));
        }
    }
    if want_answered && next.is_none() {
        let room = limit - rows.len() as i64;
        let after = if start_part == 1 { after } else { None };
        let got = part(db, shop_id, q, now, true, after, room + 1).await?;
        for r in got.iter().take(room as usize) {
            rows.push(map_row(r, now)?);
        }
        if got.len() as i64 > room {
            next = Some(match room {
                0 => to_json(&(1, i64::MAX, i64::MAX)),
                _ => {
                    let last = &got[room as usize - 1];
                    to_json(&(
                        1,
                        last.try_get::<i64, _>("asked_at")?,
                        last.try_get::<i64, _>("id")?,
                    ))
                }
            });
        }
    }
    let counts = if cursor.is_some() {
        None
    } else {
        Some(counts(db, shop_id, now).await?)
    };
    Ok(InquiryPage {
        rows,
        next_cursor: next,
        counts,
    })
}

/// Inquiries per tab.
pub async fn counts(db: &Database, shop_id: i64, now: i64) -> AppResult<InquiryCounts> {
    let (unanswered, due_soon, overdue): (i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN due_at >= $2 AND due_at < $3 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN due_at < $2 THEN 1 ELSE 0 END), 0) AS BIGINT) \
         FROM inquiries WHERE shop_id = $1 AND answered_at = 0",
    )
    .bind(shop_id)
    .bind(now)
    .bind(now + DUE_SOON_MS)
    .fetch_one(db.pool())
    .await?;
    let (answered,): (i64,) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM inquiries WHERE shop_id = $1 AND answered_at > 0",
    )
    .bind(shop_id)
    .fetch_one(db.pool())
    .await?;
    Ok(InquiryCounts {
        unanswered,
        answered,
        due_soon,
        overdue,
    })
}

/// The home dashboard: unanswered inquiries, and those of them due within
/// 4 hours or already overdue.
pub async fn dashboard_counts(db: &Database, shop_id: i64) -> AppResult<(i64, i64)> {
    let c = counts(db, shop_id, now_millis()).await?;
    Ok((c.unanswered, c.due_soon + c.overdue))
}

/// One inquiry of the shop with every version of its answer.
pub async fn detail(db: &Database, shop_id: i64, inquiry_id: i64) -> AppResult<InquiryDetail> {
    let row = sqlx::query(&format!(
        "SELECT {ROW_COLS} FROM {FROM} WHERE q.id = $1 AND q.shop_id = $2"
    ))
    .bind(inquiry_id)
    .bind(shop_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| AppError::not_found(msg::inquiries_noun_inquiry()))?;
    let history = sqlx::query(
        "SELECT id, body, author, created_at FROM inquiry_answers WHERE inquiry_id = $1 AND shop_id = $2 ORDER BY id",
    )
    .bind(inquiry_id)
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(AnswerVersion {
            id: r.try_get("id")?,
            body: r.try_get("body")?,
            author: r.try_get("author")?,
            at: crate::time::format_datetime(r.try_get("created_at")?),
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    Ok(InquiryDetail {
        row: map_row(&row, now_millis())?,
        history,
    })
}

/// 답변 or 답변 수정: a new version, the inquiry's current answer, an audit
/// entry and a message to the buyer, all in one transaction.
pub async fn answer(
    state: &AppState,
    actor: &ShopActor,
    inquiry_id: i64,
    body: &str,
) -> AppResult<InquiryDetail> {
    let body = check_answer(body)?;
    let mut tx = state.db.begin_write().await?;
    let row = sqlx::query(
        "SELECT q.channel, q.kind, q.title, q.body, q.answer, q.answered_at, q.order_item_id, p.name AS product_name, \
         s.name AS shop_name FROM inquiries q JOIN products p ON p.id = q.product_id JOIN shops s ON s.id = q.shop_id \
         WHERE q.id = $1 AND q.shop_id = $2",
    )
    .bind(inquiry_id)
    .bind(actor.shop_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        tx.rollback().await?;
        return Err(AppError::not_found(msg::inquiries_noun_inquiry()));
    };
    let before: String = row.try_get("answer")?;
    let answered_at: i64 = row.try_get("answered_at")?;
    let editing = answered_at != 0;
    if editing && before == body {
        tx.rollback().await?;
        return Err(AppError::invalid(
            "body",
            msg::inquiries_err_same_answer(),
        ));
    }
    let now = now_millis();
    sqlx::query("INSERT INTO inquiry_answers (shop_id, inquiry_id, body, author, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(actor.shop_id)
        .bind(inquiry_id)
        .bind(&body)
        .bind(&actor.email)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    // Conditional on the answer read above: two people answering at once
    // cannot both believe theirs is the one shown.
    let updated = sqlx::query(
        "UPDATE inquiries SET answer = $1, answered_at = CASE WHEN answered_at = 0 THEN $2 ELSE answered_at END, \
         answered_by = $3, updated_at = $2 WHERE id = $4 AND shop_id = $5 AND answer = $6 AND answered_at = $7",
    )
    .bind(&body)
    .bind(now)
    .bind(&actor.email)
    .bind(inquiry_id)
    .bind(actor.shop_id)
    .bind(&before)
    .bind(answered_at)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != 1 {
        tx.rollback().await?;
        return Err(AppError::new(
            ErrorCode::Conflict,
            msg::inquiries_err_answer_changed(),
        ));
    }
    let target = format!("inquiry:{inquiry_id}");
    let before_text = if editing { before.as_str() } else { "" };
    let change = Change::text(actor, ("inquiry.answer", "inquiry.answer.edit"), target, before_text, &body);
    record(&mut *tx, change).await?;

    let order_item_id: Option<i64> = row.try_get("order_item_id")?;
    let (to_phone, to_email) = match order_item_id {
        Some(item) => {
            let r = sqlx::query("SELECT buyer_phone, buyer_email FROM order_items WHERE id = $1")
                .bind(item)
                .fetch_one(&mut *tx)
                .await?;
            (
                r.try_get::<String, _>("buyer_phone")?,
                r.try_get::<String, _>("buyer_email")?,
            )
        }
        None => (String::new(), String::new()),
    };
    let shop_name: String = row.try_get("shop_name")?;
    let title: String = row.try_get("title")?;
    let question: String = row.try_get("body")?;
    let asked = if title.is_empty() {
        question.chars().take(60).collect::<String>()
    } else {
        title
    };
    let subject = if editing {
        format!("[{shop_name}] 문의 답변이 수정되었습니다")
    } else {
        format!("[{shop_name}] 문의에 답변이 등록되었습니다")
    };
    let kind: String = row.try_get("kind")?;
    let message = format!(
        "{} · {}\n문의: {asked}\n\n답변:\n{body}",
        // Buyers read Korean, whatever the seller's language.
        with_locale(Locale::Ko, || kind_label(&kind)),
        row.try_get::<String, _>("product_name")?
    );
    enqueue(
        &mut tx,
        &BuyerMessage {
            shop_id: actor.shop_id,
            order_item_id,
            claim_id: None,
            inquiry_id: Some(inquiry_id),
            channel: row.try_get("channel")?,
            kind: if editing {
                "inquiry_answer_edit".into()
            } else {
                "inquiry_answer".into()
            },
            to_phone,
            to_email,
            subject,
            body: message,
        },
    )
    .await?;
    tx.commit().await?;
    state.events.publish(&state.db, actor.shop_id, TOPIC).await;
    detail(&state.db, actor.shop_id, inquiry_id).await
}

// ------------------------------------------------------------------ templates

pub async fn templates(db: &Database, shop_id: i64) -> AppResult<Vec<AnswerTemplate>> {
    sqlx::query("SELECT id, title, body FROM answer_templates WHERE shop_id = $1 AND deleted_at = 0 ORDER BY title, id")
        .bind(shop_id)
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| Ok(AnswerTemplate { id: r.try_get("id")?, title: r.try_get("title")?, body: r.try_get("body")? }))
        .collect()
}

pub async fn save_template(
    state: &AppState,
    actor: &ShopActor,
    template_id: Option<i64>,
    title: &str,
    body: &str,
) -> AppResult<AnswerTemplate> {
    let (title, body) = check_template(title, body)?;
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    let id = match template_id {
        Some(id) => {
            let updated = sqlx::query(
                "UPDATE answer_templates SET title = $1, body = $2, updated_at = $3 WHERE id = $4 AND shop_id = $5 AND deleted_at = 0",
            )
            .bind(&title)
            .bind(&body)
            .bind(now)
            .bind(id)
            .bind(actor.shop_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated != 1 {
                tx.rollback().await?;
                return Err(AppError::not_found(msg::inquiries_noun_template()));
            }
            id
        }
        None => {
            let (n,): (i64,) = sqlx::query_as(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM answer_templates WHERE shop_id = $1 AND deleted_at = 0",
            )
            .bind(actor.shop_id)
            .fetch_one(&mut *tx)
            .await?;
            if n >= MAX_TEMPLATES {
                tx.rollback().await?;
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    msg::inquiries_err_too_many_templates(MAX_TEMPLATES.to_string()),
                ));
            }
            let row = sqlx::query(
                "INSERT INTO answer_templates (shop_id, title, body, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(actor.shop_id)
            .bind(&title)
            .bind(&body)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            row.try_get("id")?
        }
    };
    tx.commit().await?;
    Ok(AnswerTemplate { id, title, body })
}

/// A template is only hidden (`deleted_at`): answers written with it stay.
pub async fn delete_template(
    state: &AppState,
    actor: &ShopActor,
    template_id: i64,
) -> AppResult<()> {
    let deleted = sqlx::query(
        "UPDATE answer_templates SET deleted_at = $1, updated_at = $1 WHERE id = $2 AND shop_id = $3 AND deleted_at = 0",
    )
    .bind(now_millis())
    .bind(template_id)
    .bind(actor.shop_id)
    .execute(state.db.pool())
    .await?
    .rows_affected();
    if deleted != 1 {
        return Err(AppError::not_found(msg::inquiries_noun_template()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::channel_api::idempotent::request_hash;
    use chrono::TimeZone;

    fn kst(y: i32, m: u32, d: u32, h: u32) -> i64 {
        crate::time::kst()
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn a_body_is_read_as_json_then_checked() {
        let now = 1_767_225_600_000;
        let v = check_body(include_bytes!("../../fuzz/corpus/channel_api_json/inquiry.json"), now).unwrap();
        assert_eq!((v.kind, v.order.clone(), v.secret), ("order", Some(("ZZ-1".to_owned(), "1".to_owned())), true));
        let e = check_body(br#"{"channel_inquiry_id":"Q","kind":"product","buyer_name":"b","body":"?"}"#, now).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("product_id"));
        assert_eq!(check_body(b"", now).unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn a_friday_question_is_due_on_tuesday_night() {
        // 2026-11-20 is a Friday: Monday and Tuesday are the two business days.
        assert_eq!(
            rfc3339(due_at(kst(2026, 11, 20, 15))),
            "2026-11-24T23:59:59.999+09:00"
        );
        // Asked on Saturday: the same.
        assert_eq!(
            rfc3339(due_at(kst(2026, 11, 21, 10))),
            "2026-11-24T23:59:59.999+09:00"
        );
    }

    #[test]
    fn holidays_do_not_count() {
        // 2026-10-02 (Fri); 10-03 개천절 (Sat), 10-05 대체공휴일: Tue 10-06, Wed 10-07.
        assert_eq!(
            rfc3339(due_at(kst(2026, 10, 2, 10))),
            "2026-10-07T23:59:59.999+09:00"
        );
    }

    #[test]
    fn the_same_request_hashes_the_same() {
        let q: ChannelInquiry = serde_json::from_value(json!({
            "channel_inquiry_id": "ZZ-Q-1", "kind": "product", "product_id": 1, "buyer_name": "김민지", "body": "사이즈 문의"
        }))
        .unwrap();
        assert_eq!(request_hash(&q), request_hash(&q.clone()));
        let mut other = q.clone();
        other.body = "다른 문의".into();
        assert_ne!(request_hash(&q), request_hash(&other));
        assert!(q.validate(0).is_ok());
        let mut bad = q.clone();
        bad.kind = "claim".into();
        assert_eq!(bad.validate(0).unwrap_err().field.as_deref(), Some("kind"));
    }
}
