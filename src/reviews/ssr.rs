//! Review data access: intake from the channels, the list, replies, reports
//! and best picks (server only). Every seller-facing query is bounded to the
//! shop of the person acting.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::*;
use crate::auth::ssr::ShopActor;
use crate::audit::ssr::{json as to_json, record, Change};
use crate::error::{ErrorCode, AppError, AppResult};
use crate::i18n::msg;
use crate::channel_api::fields::{channel_id, time_or_now};
use crate::db::sql::{Arg, Keyset, Sql};
use crate::channel::Channel;
use crate::channel_api::idempotent::{self, Arrival, Created, Intake};
use crate::db::{now_millis, Database};
use crate::context::AppState;

pub const PAGE_SIZE: i64 = 30;
pub const TOPIC: &str = "reviews";
/// Products shown in the shop's rating summary.
pub const TOP_PRODUCTS: i64 = 5;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// The average of `count` ratings summing to `sum`, with one decimal
/// (half away from zero): 4, 5, 5 → `4.7`.
pub fn average(sum: i64, count: i64) -> String {
    if count <= 0 {
        return "0.0".to_owned();
    }
    let avg = (Decimal::from(sum) / Decimal::from(count))
        .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
    format!("{avg:.1}")
}

// ------------------------------------------------------------------ intake

/// A review as the channel sends it (`POST /api/channel/v1/reviews`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelReview {
    pub channel_review_id: String,
    pub channel_order_id: String,
    pub channel_item_id: String,
    pub rating: i64,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub photos: Vec<String>,
    pub buyer_name: String,
    #[serde(default)]
    pub written_at: Option<String>,
}

#[derive(Debug)]
pub struct ValidReview {
    channel_review_id: String,
    channel_order_id: String,
    channel_item_id: String,
    rating: i64,
    body: String,
    photos: Vec<String>,
    buyer_name: String,
    written_at: i64,
}

/// A photo URL the page may show: `https://`, no spaces or quotes.
fn check_photo(index: usize, url: &str) -> AppResult<String> {
    let url = url.trim();
    let host = url.strip_prefix("https://").unwrap_or_default();
    let ok = !host.is_empty()
        && !host.starts_with('/')
        && url.len() <= 1000
        && url
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '\\'));
    if !ok {
        return Err(AppError::invalid(
            &format!("photos[{index}]"),
            msg::reviews_err_photo_url(),
        ));
    }
    Ok(url.to_owned())
}

impl ChannelReview {
    fn validate(&self, now: i64) -> AppResult<ValidReview> {
        if !(1..=5).contains(&self.rating) {
            return Err(AppError::invalid(
                "rating",
                msg::reviews_err_rating(),
            ));
        }
        let body = self.body.trim().to_owned();
        if body.chars().count() > 2000 {
            return Err(AppError::invalid(
                "body",
                msg::reviews_err_body_too_long(),
            ));
        }
        if self.photos.len() > MAX_PHOTOS {
            return Err(AppError::invalid(
                "photos",
                msg::reviews_err_too_many_photos(MAX_PHOTOS.to_string()),
            ));
        }
        let photos = self
            .photos
            .iter()
            .enumerate()
            .map(|(i, p)| check_photo(i, p))
            .collect::<AppResult<Vec<_>>>()?;
        let buyer_name = self.buyer_name.trim().to_owned();
        if buyer_name.is_empty() || buyer_name.chars().count() > 50 {
            return Err(AppError::invalid(
                "buyer_name",
                msg::reviews_err_buyer_name(),
            ));
        }
        Ok(ValidReview {
            channel_review_id: channel_id("channel_review_id", &self.channel_review_id)?,
            channel_order_id: channel_id("channel_order_id", &self.channel_order_id)?,
            channel_item_id: channel_id("channel_item_id", &self.channel_item_id)?,
            rating: self.rating,
            body,
            photos,
            buyer_name,
            written_at: time_or_now("written_at", self.written_at.as_deref(), now)?,
        })
    }
}

/// A review body as the Channel API reads it: the JSON, checked as of `now`,
/// without the database. What the fuzz target (`fuzz/`) drives.
pub fn check_body(body: &[u8], now: i64) -> AppResult<ValidReview> {
    crate::channel_api::parse_json::<ChannelReview>(body)?.validate(now)
}

pub use crate::channel_api::idempotent::Answer;

pub async fn accept(
    state: &AppState,
    channel: Channel,
    request: ChannelReview,
) -> AppResult<Answer> {
    idempotent::take(state, channel, &request, now_millis(), ChannelReview::validate).await
}


impl Intake for ValidReview {
    const AREA: &'static str = "reviews";
    const TOPICS: &'static [&'static str] = &[TOPIC];
    const STORED: &'static str =
        "SELECT id, request_hash FROM reviews WHERE channel = $1 AND channel_review_id = $2";
    const CONFLICT: fn() -> &'static str = crate::i18n::msg::reviews_api_conflict;

    fn id(&self) -> &str {
        &self.channel_review_id
    }

    fn answer(row: &AnyRow) -> AppResult<serde_json::Value> {
        Ok(json!({ "review_id": row.try_get::<i64, _>("id")? }))
    }

    async fn write(&self, _: &AppState, tx: &mut AnyConnection, arrival: Arrival<'_>) -> AppResult<Created> {
        insert(tx, arrival, self).await
    }
}

/// Checks and writes a new review inside `tx`: its shop and answer.
async fn insert(tx: &mut AnyConnection, arrival: Arrival<'_>, r: &ValidReview) -> AppResult<Created> {
    let Arrival { channel, hash, now } = arrival;
    let item = sqlx::query(
        "SELECT id, shop_id, product_id, option_text, status FROM order_items \
         WHERE channel = $1 AND channel_order_id = $2 AND channel_item_id = $3",
    )
    .bind(channel.code())
    .bind(&r.channel_order_id)
    .bind(&r.channel_item_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(item) = item else {
        return Err(AppError {
            field: Some("channel_item_id".into()),
            ..AppError::not_found(msg::reviews_noun_order_item())
        });
    };
    let status: String = item.try_get("status")?;
    if !matches!(status.as_str(), "delivered" | "purchase_confirmed") {
        return Err(AppError {
            field: Some("channel_item_id".into()),
            ..AppError::new(
                ErrorCode::ReviewNotAllowed,
                msg::reviews_err_not_delivered(),
            )
        });
    }
    let shop_id: i64 = item.try_get("shop_id")?;
    let inserted = sqlx::query(
        "INSERT INTO reviews (shop_id, channel, channel_review_id, request_hash, product_id, order_item_id, option_text, \
         buyer_name, rating, body, photos, photo_count, written_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(shop_id)
    .bind(channel.code())
    .bind(&r.channel_review_id)
    .bind(hash)
    .bind(item.try_get::<i64, _>("product_id")?)
    .bind(item.try_get::<i64, _>("id")?)
    .bind(item.try_get::<String, _>("option_text")?)
    .bind(&r.buyer_name)
    .bind(r.rating)
    .bind(&r.body)
    .bind(to_json(&r.photos))
    .bind(r.photos.len() as i64)
    .bind(r.written_at)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = inserted?.try_get("id")?;
    Ok(Created { shops: vec![shop_id], answer: json!({ "review_id": id }) })
}

// ------------------------------------------------------------------ list

const ROW_COLS: &str = "r.id, r.channel, r.product_id, p.name AS product_name, r.option_text, r.buyer_name, r.rating, \
    r.body, r.photos, r.reply, r.replied_at, r.reported_at, r.report_reason, r.best, r.written_at";

fn map_row(r: &sqlx::any::AnyRow) -> AppResult<ReviewRow> {
    let channel: String = r.try_get("channel")?;
    let replied_at: i64 = r.try_get("replied_at")?;
    let photos: String = r.try_get("photos")?;
    Ok(ReviewRow {
        id: r.try_get("id")?,
        channel_label: Channel::parse(&channel)
            .map(|c| c.label().to_owned())
            .unwrap_or(channel),
        product_id: r.try_get("product_id")?,
        product_name: r.try_get("product_name")?,
        option_text: r.try_get("option_text")?,
        buyer_name: r.try_get("buyer_name")?,
        rating: r.try_get("rating")?,
        body: r.try_get("body")?,
        photos: serde_json::from_str(&photos).unwrap_or_default(),
        reply: r.try_get("reply")?,
        replied_at: if replied_at == 0 {
            String::new()
        } else {
            crate::time::format_datetime(replied_at)
        },
        reported: r.try_get::<i64, _>("reported_at")? != 0,
        report_reason: r.try_get("report_reason")?,
        best: r.try_get::<i64, _>("best")? != 0,
        written_at: crate::time::format_datetime(r.try_get("written_at")?),
    })
}

/// The review list: newest first.
const LIST_ORDER: Keyset = Keyset { key: "r.written_at", id: "r.id" };

/// The shop's product, or not found.
async fn product_name(db: &Database, shop_id: i64, product_id: i64) -> AppResult<String> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT name FROM products WHERE id = $1 AND shop_id = $2")
            .bind(product_id)
            .bind(shop_id)
            .fetch_optional(db.pool())
            .await?;
    row.map(|r| r.0).ok_or_else(|| AppError {
        field: Some("product_id".into()),
        ..AppError::not_found(msg::reviews_noun_product())
    })
}

/// One page of reviews, newest first, with counts and ratings on the first.
pub async fn list(
    db: &Database,
    shop_id: i64,
    q: &ReviewQuery,
    limit: i64,
) -> AppResult<ReviewPage> {
    let mut sql = Sql::default();
    let shop = sql.arg(Arg::Int(shop_id));
    let mut clauses = vec![format!("r.shop_id = {shop}")];
    if !q.rating.is_empty() {
        let rating: i64 = q
            .rating
            .trim()
            .parse()
            .ok()
            .filter(|r| (1..=5).contains(r))
            .ok_or_else(|| AppError::invalid("rating", msg::reviews_err_rating_filter()))?;
        clauses.push(format!("r.rating = {}", sql.arg(Arg::Int(rating))));
    }
    match q.reply.as_str() {
        "" => {}
        "unreplied" => clauses.push("r.replied_at = 0".to_owned()),
        "replied" => clauses.push("r.replied_at > 0".to_owned()),
        _ => {
            return Err(AppError::invalid(
                "reply",
                msg::reviews_err_reply_filter(),
            ))
        }
    }
    if q.photo {
        clauses.push("r.photo_count > 0".to_owned());
    }
    if q.reported {
        clauses.push("r.reported_at > 0".to_owned());
    }
    if q.best {
        clauses.push("r.best = 1".to_owned());
    }
    let product = match q.product_id {
        Some(id) => {
            let name = product_name(db, shop_id, id).await?;
            clauses.push(format!("r.product_id = {}", sql.arg(Arg::Int(id))));
            Some((id, name))
        }
        None => None,
    };
    let first = q.cursor.as_deref().is_none_or(str::is_empty);
    let select = format!("{ROW_COLS} FROM reviews r JOIN products p ON p.id = r.product_id");
    let (out, next_cursor) = LIST_ORDER.fetch(db, sql, &select, clauses, q.cursor.as_deref(), limit, map_row).await?;
    if !first {
        return Ok(ReviewPage {
            rows: out,
            next_cursor,
            counts: None,
            product: None,
            top_products: Vec::new(),
        });
    }
    let product = match product {
        Some((id, name)) => Some(rating_of(db, shop_id, id, name).await?),
        None => None,
    };
    Ok(ReviewPage {
        rows: out,
        next_cursor,
        counts: Some(counts(db, shop_id).await?),
        product,
        top_products: top_products(db, shop_id, TOP_PRODUCTS).await?,
    })
}

pub async fn counts(db: &Database, shop_id: i64) -> AppResult<ReviewCounts> {
    let (total, unreplied, reported, best): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN replied_at = 0 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN reported_at > 0 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(best), 0) AS BIGINT) FROM reviews WHERE shop_id = $1",
    )
    .bind(shop_id)
    .fetch_one(db.pool())
    .await?;
    Ok(ReviewCounts {
        total,
        unreplied,
        reported,
        best,
    })
}

/// A product's review count and average.
pub async fn rating_of(
    db: &Database,
    shop_id: i64,
    product_id: i64,
    product_name: String,
) -> AppResult<ProductRating> {
    let (count, sum): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(rating), 0) AS BIGINT) FROM reviews WHERE shop_id = $1 AND product_id = $2",
    )
    .bind(shop_id)
    .bind(product_id)
    .fetch_one(db.pool())
    .await?;
    Ok(ProductRating {
        product_id,
        product_name,
        count,
        rating_sum: sum,
        average: average(sum, count),
    })
}

/// The shop's most reviewed products with their averages.
pub async fn top_products(
    db: &Database,
    shop_id: i64,
    limit: i64,
) -> AppResult<Vec<ProductRating>> {
    let rows = sqlx::query(
        "SELECT t.product_id, p.name, t.n, t.total FROM (SELECT product_id, CAST(COUNT(*) AS BIGINT) AS n, \
         CAST(SUM(rating) AS BIGINT) AS total FROM reviews WHERE shop_id = $1 GROUP BY product_id) t \
         JOIN products p ON p.id = t.product_id ORDER BY t.n DESC, t.product_id LIMIT $2",
    )
    .bind(shop_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let count: i64 = r.try_get("n")?;
            let sum: i64 = r.try_get("total")?;
            Ok(ProductRating {
                product_id: r.try_get("product_id")?,
                product_name: r.try_get("name")?,
                count,
                rating_sum: sum,
                average: average(sum, count),
            })
        })
        .collect()
}

/// The home dashboard: reviews without a reply, and reviews written today (KST).
pub async fn dashboard_counts(db: &Database, shop_id: i64) -> AppResult<(i64, i64)> {
    let now = now_millis();
    let today = crate::calendar::kst_date(now).ok_or_else(AppError::internal)?;
    let start = crate::calendar::end_of_kst_day(today) + 1 - DAY_MS;
    let (unreplied, today): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(CASE WHEN replied_at = 0 THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN written_at >= $2 THEN 1 ELSE 0 END), 0) AS BIGINT) FROM reviews WHERE shop_id = $1",
    )
    .bind(shop_id)
    .bind(start)
    .fetch_one(db.pool())
    .await?;
    Ok((unreplied, today))
}

/// One review of the shop.
pub async fn row(
    conn: &mut sqlx::AnyConnection,
    shop_id: i64,
    review_id: i64,
) -> AppResult<ReviewRow> {
    let row = sqlx::query(&format!(
        "SELECT {ROW_COLS} FROM reviews r JOIN products p ON p.id = r.product_id WHERE r.id = $1 AND r.shop_id = $2"
    ))
    .bind(review_id)
    .bind(shop_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| AppError::not_found(msg::reviews_noun_review()))?;
    map_row(&row)
}

// ------------------------------------------------------------------ actions

/// 답글 or 답글 수정, audited with the text before and after.
pub async fn reply(
    state: &AppState,
    actor: &ShopActor,
    review_id: i64,
    reply: &str,
) -> AppResult<ReviewRow> {
    let reply = check_reply(reply)?;
    let mut tx = state.db.begin_write().await?;
    let current = match row(&mut tx, actor.shop_id, review_id).await {
        Ok(r) => r,
        Err(e) => {
            tx.rollback().await?;
            return Err(e);
        }
    };
    if current.reply == reply {
        tx.rollback().await?;
        return Err(AppError::invalid(
            "reply",
            msg::reviews_err_reply_unchanged(),
        ));
    }
    let now = now_millis();
    let updated = sqlx::query(
        "UPDATE reviews SET reply = $1, replied_at = CASE WHEN replied_at = 0 THEN $2 ELSE replied_at END, replied_by = $3, \
         updated_at = $2 WHERE id = $4 AND shop_id = $5 AND reply = $6",
    )
    .bind(&reply)
    .bind(now)
    .bind(&actor.email)
    .bind(review_id)
    .bind(actor.shop_id)
    .bind(&current.reply)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated != 1 {
        tx.rollback().await?;
        return Err(AppError::new(
            ErrorCode::Conflict,
            msg::reviews_err_reply_conflict(),
        ));
    }
    let target = format!("review:{review_id}");
    let change = Change::text(actor, ("review.reply", "review.reply.edit"), target, &current.reply, &reply);
    record(&mut *tx, change).await?;
    let out = row(&mut tx, actor.shop_id, review_id).await?;
    tx.commit().await?;
    state.events.publish(&state.db, actor.shop_id, TOPIC).await;
    Ok(out)
}

/// 신고 to the platform, once.
pub async fn report(
    state: &AppState,
    actor: &ShopActor,
    review_id: i64,
    reason: &str,
) -> AppResult<ReviewRow> {
    let reason = check_report_reason(reason)?;
    let mut tx = state.db.begin_write().await?;
    let current = match row(&mut tx, actor.shop_id, review_id).await {
        Ok(r) => r,
        Err(e) => {
            tx.rollback().await?;
            return Err(e);
        }
    };
    let now = now_millis();
    let updated = sqlx::query(
        "UPDATE reviews SET reported_at = $1, report_reason = $2, updated_at = $1 WHERE id = $3 AND shop_id = $4 AND reported_at = 0",
    )
    .bind(now)
    .bind(&reason)
    .bind(review_id)
    .bind(actor.shop_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if current.reported || updated != 1 {
        tx.rollback().await?;
        return Err(AppError::new(
            ErrorCode::Conflict,
            msg::reviews_err_already_reported(),
        ));
    }
    record(
        &mut *tx,
        Change {
            after: to_json(&reason),
            ..Change::by(actor, "review.report", format!("review:{review_id}"))
        },
    )
    .await?;
    let out = row(&mut tx, actor.shop_id, review_id).await?;
    tx.commit().await?;
    state.events.publish(&state.db, actor.shop_id, TOPIC).await;
    Ok(out)
}

/// 베스트 리뷰 선정/해제; at most [`MAX_BEST_PER_PRODUCT`] per product.
pub async fn set_best(
    state: &AppState,
    actor: &ShopActor,
    review_id: i64,
    best: bool,
) -> AppResult<ReviewRow> {
    let mut tx = state.db.begin_write().await?;
    let current = match row(&mut tx, actor.shop_id, review_id).await {
        Ok(r) => r,
        Err(e) => {
            tx.rollback().await?;
            return Err(e);
        }
    };
    if current.best == best {
        tx.rollback().await?;
        return Ok(current);
    }
    if best {
        // The product's row is the lock two pickers meet on, so the count
        // read next is still true when the pick is written.
        crate::products::stock::lock_product(&mut tx, actor.shop_id, current.product_id).await?;
        let (n,): (i64,) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM reviews WHERE shop_id = $1 AND product_id = $2 AND best = 1",
        )
        .bind(actor.shop_id)
        .bind(current.product_id)
        .fetch_one(&mut *tx)
        .await?;
        if n >= MAX_BEST_PER_PRODUCT {
            tx.rollback().await?;
            return Err(AppError::new(
                ErrorCode::Conflict,
                msg::reviews_err_best_max(MAX_BEST_PER_PRODUCT.to_string()),
            ));
        }
    }
    sqlx::query("UPDATE reviews SET best = $1, updated_at = $2 WHERE id = $3 AND shop_id = $4")
        .bind(i64::from(best))
        .bind(now_millis())
        .bind(review_id)
        .bind(actor.shop_id)
        .execute(&mut *tx)
        .await?;
    record(
        &mut *tx,
        Change::by(
            actor,
            if best {
                "review.best"
            } else {
                "review.best.cancel"
            },
            format!("review:{review_id}"),
        ),
    )
    .await?;
    let out = row(&mut tx, actor.shop_id, review_id).await?;
    tx.commit().await?;
    state.events.publish(&state.db, actor.shop_id, TOPIC).await;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_read_as_json_then_checked() {
        let now = 1_767_225_600_000;
        let v = check_body(include_bytes!("../../fuzz/corpus/channel_api_json/review.json"), now).unwrap();
        assert_eq!((v.rating, v.photos.len()), (5, 1));
        let e = check_body(br#"{"channel_review_id":"R","channel_order_id":"O","channel_item_id":"I","rating":6,"buyer_name":"b"}"#, now)
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("rating"));
        assert_eq!(check_body(b"[]", now).unwrap_err().code, ErrorCode::InvalidInput);
    }

    #[test]
    fn averages_are_exact_with_one_decimal() {
        assert_eq!(average(14, 3), "4.7");
        assert_eq!(average(5, 1), "5.0");
        assert_eq!(average(9, 2), "4.5");
        // 4.25 rounds half away from zero.
        assert_eq!(average(17, 4), "4.3");
        assert_eq!(average(0, 0), "0.0");
    }

    #[test]
    fn photos_must_be_https() {
        assert!(check_photo(0, "https://img.example/1.jpg").is_ok());
        assert_eq!(
            check_photo(2, "http://img.example/1.jpg")
                .unwrap_err()
                .field
                .as_deref(),
            Some("photos[2]")
        );
        assert!(check_photo(0, "https://").is_err());
        assert!(check_photo(0, "https://a.example/x\" onerror=").is_err());
        assert!(check_photo(0, "javascript:alert(1)").is_err());
    }
}
