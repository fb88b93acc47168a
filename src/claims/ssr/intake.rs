//! Everything the Channel API calls: a claim's intake (checked, written and
//! answered idempotently by the channel's claim id), the buyer's 철회, and
//! the status changes a channel polls for.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::message::tell_buyer;
use super::step::{step, StepInput};
use super::{claim_not_found, due_at, load_claim, load_item, publish, record_event, ItemRec, DAY_MS};
use crate::channel_api::fields::read_feed;
use crate::channel_api::idempotent::{self, Answer, Arrival, Created, Intake};
use crate::claims::{kind_label, ClaimAction, ClaimKind, ClaimStatus, Fault, Reason};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::orders::OrderStatus;
use crate::channel::Channel;
use crate::context::AppState;
use crate::db::{now_millis, Database, UniqueIndex};

/// A claim as a channel sends it (`POST /api/channel/v1/claims`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelClaim {
    pub channel_claim_id: String,
    pub channel_order_id: String,
    pub channel_item_id: String,
    pub kind: String,
    pub reason: String,
    #[serde(default)]
    pub reason_text: String,
    #[serde(default)]
    pub exchange_variant_id: Option<i64>,
    #[serde(default)]
    pub requested_at: Option<String>,
}

fn valid_id(field: &str, s: &str) -> AppResult<String> {
    let s = s.trim();
    if s.is_empty()
        || s.len() > 64
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(AppError::invalid(
            field,
            msg::claims_err_channel_id(field),
        ));
    }
    Ok(s.to_owned())
}

fn answer_of(
    claim_id: i64,
    kind: ClaimKind,
    status: ClaimStatus,
    fault: Fault,
    refund_amount: i64,
) -> Value {
    json!({ "claim_id": claim_id, "kind": kind.as_str(), "status": status.as_str(), "fault": fault.as_str(),
            "refund_amount": refund_amount })
}

/// A claim request whose channel id is checked, as [`idempotent::accept`]
/// takes it; the rest is checked when it is written.
pub struct ClaimRequest {
    request: ChannelClaim,
    id: String,
}


impl Intake for ClaimRequest {
    const AREA: &'static str = "claims";
    // The item's order shows its claim too.
    const TOPICS: &'static [&'static str] = &[super::TOPIC, crate::orders::ssr::TOPIC];
    const STORED: &'static str = "SELECT c.id, c.request_hash, c.kind, c.fault, c.refund_amount, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM claim_events e WHERE e.claim_id = c.id AND e.action = 'approve' \
          AND e.actor LIKE 'channel:%') AS auto_approved \
         FROM claims c WHERE c.channel = $1 AND c.channel_claim_id = $2";
    const CONFLICT: fn() -> &'static str = crate::i18n::msg::claims_api_conflict;

    fn id(&self) -> &str {
        &self.id
    }

    /// `completed` with its refund when the intake itself approved it (a
    /// cancel before 발주확인: the only approval a channel makes), else
    /// `requested`.
    fn answer(r: &AnyRow) -> AppResult<Value> {
        let kind = ClaimKind::parse(&r.try_get::<String, _>("kind")?).ok_or_else(AppError::internal)?;
        let fault = Fault::parse(&r.try_get::<String, _>("fault")?).ok_or_else(AppError::internal)?;
        let (status, refund) = if r.try_get::<i64, _>("auto_approved")? > 0 {
            (ClaimStatus::Completed, r.try_get("refund_amount")?)
        } else {
            (ClaimStatus::Requested, 0)
        };
        Ok(answer_of(r.try_get("id")?, kind, status, fault, refund))
    }

    async fn write(&self, _: &AppState, tx: &mut AnyConnection, arrival: Arrival<'_>) -> AppResult<Created> {
        insert(tx, arrival, &self.request, &self.id).await
    }
}

/// Accepts a claim from `channel`: idempotent by the channel's claim id.
pub async fn accept(
    state: &AppState,
    channel: Channel,
    request: ChannelClaim,
) -> AppResult<Answer> {
    let check = |request: &ChannelClaim, _: i64| -> AppResult<ClaimRequest> {
        let id = valid_id("channel_claim_id", &request.channel_claim_id)?;
        Ok(ClaimRequest { request: request.clone(), id })
    };
    idempotent::take(state, channel, &request, now_millis(), check).await
}

/// A claim body as the Channel API reads it, without the database: the JSON,
/// the channel's claim id, then the kind, reason and time the write checks
/// before it looks the item up. What the fuzz target (`fuzz/`) drives.
pub fn check_body(body: &[u8], now: i64) -> AppResult<ChannelClaim> {
    let request: ChannelClaim = crate::channel_api::parse_json(body)?;
    valid_id("channel_claim_id", &request.channel_claim_id)?;
    checked_claim(&request)?;
    checked_requested_at(&request, now)?;
    Ok(request)
}

/// At most one claim in progress per order item.
const CLAIMS_ONE_OPEN: UniqueIndex =
    UniqueIndex { name: "claims_one_open", table: "claims", columns: &["order_item_id"] };

fn claim_open() -> AppError {
    AppError::new(
        ErrorCode::ClaimOpen,
        msg::claims_err_claim_open(),
    )
}

/// Checks and writes a new claim inside `tx`: its shop and answer.
async fn insert(
    tx: &mut AnyConnection,
    arrival: Arrival<'_>,
    req: &ChannelClaim,
    channel_claim_id: &str,
) -> AppResult<Created> {
    let Arrival { channel, hash, now } = arrival;
    let (kind, reason, reason_text) = checked_claim(req)?;
    let requested_at = checked_requested_at(req, now)?;
    let fault = reason.fault();

    let item = claimable_item(tx, channel, req, kind).await?;
    // 교환: another active option of the same product, with stock now.
    let exchange_option_text = match req.exchange_variant_id {
        Some(variant_id) => exchange_option(tx, &item, variant_id).await?,
        None => String::new(),
    };

    let inserted = sqlx::query(
        "INSERT INTO claims (shop_id, order_item_id, channel, channel_claim_id, request_hash, kind, status, reason_code, \
         reason_text, fault, quantity, exchange_variant_id, exchange_option_text, due_at, requested_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
    )
    .bind(item.shop_id)
    .bind(item.id)
    .bind(channel.code())
    .bind(channel_claim_id)
    .bind(hash)
    .bind(kind.as_str())
    .bind(reason.as_str())
    .bind(&reason_text)
    .bind(fault.as_str())
    .bind(item.quantity)
    .bind(req.exchange_variant_id)
    .bind(&exchange_option_text)
    .bind(due_at(requested_at, kind))
    .bind(requested_at)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let claim_id: i64 = match inserted {
        Ok(r) => r.try_get("id")?,
        Err(e) if CLAIMS_ONE_OPEN.violated_by(&e) => return Err(claim_open()),
        Err(e) => return Err(e.into()),
    };
    let actor = format!("channel:{}", channel.code());
    record_request(tx, &item, claim_id, kind, reason, &reason_text, &actor).await?;
    let (status, refund_amount) = first_answer(tx, &item, claim_id, kind, reason, &actor).await?;
    Ok(Created { shops: vec![item.shop_id], answer: answer_of(claim_id, kind, status, fault, refund_amount) })
}

/// The request's kind, reason and reason text, checked.
fn checked_claim(req: &ChannelClaim) -> AppResult<(ClaimKind, Reason, String)> {
    let kind = ClaimKind::parse(&req.kind).ok_or_else(|| {
        AppError::invalid(
            "kind",
            msg::claims_err_kind(),
        )
    })?;
    let reason = Reason::parse(&req.reason).ok_or_else(|| {
        AppError::invalid(
            "reason",
            msg::claims_err_reason_code(),
        )
    })?;
    let reason_text = req.reason_text.trim().to_owned();
    if reason_text.chars().count() > 500 {
        return Err(AppError::invalid(
            "reason_text",
            msg::claims_err_reason_text_too_long(),
        ));
    }
    if reason_text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::invalid(
            "reason_text",
            msg::claims_err_reason_text_control(),
        ));
    }
    match (kind, req.exchange_variant_id) {
        (ClaimKind::Exchange, None) => {
            return Err(AppError::invalid(
                "exchange_variant_id",
                msg::claims_err_exchange_variant_required(),
            ))
        }
        (ClaimKind::Cancel | ClaimKind::Return, Some(_)) => {
            return Err(AppError::invalid(
                "exchange_variant_id",
                msg::claims_err_exchange_variant_only_exchange(),
            ))
        }
        _ => {}
    }
    Ok((kind, reason, reason_text))
}

/// When the channel says the buyer asked; now if it does not say.
fn checked_requested_at(req: &ChannelClaim, now: i64) -> AppResult<i64> {
    let requested_at = match req
        .requested_at
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => now,
        Some(s) => {
            let t = chrono::DateTime::parse_from_rfc3339(s)
                .map_err(|_| {
                    AppError::invalid("requested_at", msg::claims_err_requested_at_format())
                })?
                .timestamp_millis();
            if t > now + 5 * 60 * 1000 || t < now - 90 * DAY_MS {
                return Err(AppError::invalid(
                    "requested_at",
                    msg::claims_err_requested_at_range(),
                ));
            }
            t
        }
    };
    Ok(requested_at)
}

/// The channel's order item, if it takes a claim of `kind` now.
async fn claimable_item(
    tx: &mut AnyConnection,
    channel: Channel,
    req: &ChannelClaim,
    kind: ClaimKind,
) -> AppResult<ItemRec> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT i.id FROM order_items i JOIN buyer_orders b ON b.id = i.buyer_order_id \
         WHERE b.channel = $1 AND b.channel_order_id = $2 AND i.channel_item_id = $3",
    )
    .bind(channel.code())
    .bind(req.channel_order_id.trim())
    .bind(req.channel_item_id.trim())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((item_id,)) = found else {
        return Err(AppError::not_found(msg::claims_noun_order_item()));
    };
    let item = load_item(tx, item_id)
        .await?
        .ok_or_else(AppError::internal)?;
    if ClaimStatus::parse(&item.claim_status).is_some_and(ClaimStatus::is_open) {
        return Err(claim_open());
    }
    let allowed = match kind {
        ClaimKind::Cancel => matches!(item.status, OrderStatus::Paid | OrderStatus::Confirmed),
        ClaimKind::Return => matches!(item.status, OrderStatus::Shipped | OrderStatus::Delivered),
        ClaimKind::Exchange => item.status == OrderStatus::Delivered,
    };
    let returned = item.claim_kind == "return" && item.claim_status == "completed";
    if !allowed || returned {
        let state_label = if returned {
            msg::claims_status_return_completed()
        } else {
            item.status.label()
        };
        return Err(AppError::new(
            ErrorCode::ClaimNotAllowed,
            msg::claims_err_not_allowed(state_label, kind_label(kind)),
        ));
    }
    Ok(item)
}

/// 교환: the option wanted, if it is another active option of the item's
/// product with stock for the quantity; its option text.
async fn exchange_option(
    tx: &mut AnyConnection,
    item: &ItemRec,
    variant_id: i64,
) -> AppResult<String> {
    let v = sqlx::query(
        "SELECT product_id, option1, option2, option3, stock, active FROM product_variants \
         WHERE id = $1 AND shop_id = $2 AND deleted_at = 0",
    )
    .bind(variant_id)
    .bind(item.shop_id)
    .fetch_optional(&mut *tx)
    .await?;
    let bad = || {
        AppError::invalid(
            "exchange_variant_id",
            msg::claims_err_exchange_same_product(),
        )
    };
    let Some(v) = v else { return Err(bad()) };
    if v.try_get::<i64, _>("product_id")? != item.product_id || variant_id == item.variant_id {
        return Err(bad());
    }
    let stock: i64 = v.try_get("stock")?;
    if v.try_get::<i64, _>("active")? == 0 || stock < item.quantity {
        return Err(AppError {
            field: Some("exchange_variant_id".into()),
            ..AppError::new(
                ErrorCode::OutOfStock,
                msg::claims_err_exchange_option_stock(stock),
            )
        });
    }
    let text = ["option1", "option2", "option3"]
        .iter()
        .map(|c| v.try_get::<String, _>(*c))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|o| !o.is_empty())
        .collect::<Vec<_>>()
        .join(" / ");
    Ok(text)
}

/// The order item's claim columns and the timeline's first entry.
async fn record_request(
    tx: &mut AnyConnection,
    item: &ItemRec,
    claim_id: i64,
    kind: ClaimKind,
    reason: Reason,
    reason_text: &str,
    actor: &str,
) -> AppResult<()> {
    crate::orders::ssr::attach_claim(tx, item.id, claim_id, kind.as_str(), ClaimStatus::Requested.as_str()).await?;
    let detail = if reason_text.is_empty() {
        reason.label_ko().to_owned()
    } else {
        format!("{} · {}", reason.label_ko(), reason_text)
    };
    record_event(
        tx,
        item.shop_id,
        claim_id,
        "request",
        "",
        "requested",
        &detail,
        actor,
    )
    .await?;
    Ok(())
}

/// What the intake answers: the claim approved at once, or requested (and
/// the buyer told so).
async fn first_answer(
    tx: &mut AnyConnection,
    item: &ItemRec,
    claim_id: i64,
    kind: ClaimKind,
    reason: Reason,
    actor: &str,
) -> AppResult<(ClaimStatus, i64)> {
    let claim = load_claim(tx, claim_id)
        .await?
        .ok_or_else(AppError::internal)?;
    // A cancel before 발주확인 needs nobody's decision.
    let (status, refund_amount) = if kind == ClaimKind::Cancel
        && item.status == OrderStatus::Paid
    {
        let done = step(
            tx,
            None,
            claim_id,
            ClaimAction::Approve,
            &StepInput::default(),
            actor,
        )
        .await?;
        (done.to, done.refund_amount)
    } else {
        let body = format!(
            "{} 요청이 접수되었습니다.\n사유: {}\n판매자가 확인한 뒤 처리 결과를 알려 드리겠습니다.",
            kind.label_ko(),
            reason.label_ko()
        );
        let subject = format!("[{}] {} 요청 접수 안내", item.shop_name, kind.label_ko());
        tell_buyer(tx, &claim, item, "claim_requested", &subject, &body).await?;
        (ClaimStatus::Requested, 0)
    };
    Ok((status, refund_amount))
}

/// 철회 by the buyer, while the claim is only requested.
pub async fn withdraw(
    state: &AppState,
    channel: Channel,
    channel_claim_id: &str,
) -> AppResult<Value> {
    let mut tx = state.db.begin_write().await?;
    let found: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, status FROM claims WHERE channel = $1 AND channel_claim_id = $2",
    )
    .bind(channel.code())
    .bind(channel_claim_id.trim())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((claim_id, status)) = found else {
        return Err(claim_not_found());
    };
    if status == ClaimStatus::Withdrawn.as_str() {
        tx.rollback().await?;
        return Ok(json!({"claim_id": claim_id, "status": "withdrawn"}));
    }
    let actor = format!("channel:{}", channel.code());
    let done = step(
        &mut tx,
        None,
        claim_id,
        ClaimAction::Withdraw,
        &StepInput::default(),
        &actor,
    )
    .await?;
    tx.commit().await?;
    publish(state, done.shop_id).await;
    Ok(json!({"claim_id": claim_id, "status": done.to.as_str()}))
}

fn rfc3339_kst(millis: i64) -> String {
    crate::time::to_kst(millis)
        .map(|t| t.to_rfc3339())
        .unwrap_or_default()
}

/// Status changes of the caller's claims, oldest first.
pub async fn updates(db: &Database, channel: Channel, cursor: i64, limit: i64) -> AppResult<Value> {
    let sql = "SELECT e.id, e.to_status, e.created_at, c.channel_claim_id, c.refund_amount, c.charge_amount FROM claim_events e \
         JOIN claims c ON c.id = e.claim_id WHERE c.channel = $1 AND e.id > $2 ORDER BY e.id LIMIT $3";
    read_feed(db, sql, channel, cursor, limit, "events", |r| {
        let status: String = r.try_get("to_status")?;
        let refund: i64 = if status == "completed" { r.try_get("refund_amount")? } else { 0 };
        Ok(json!({
            "id": r.try_get::<i64, _>("id")?,
            "channel_claim_id": r.try_get::<String, _>("channel_claim_id")?,
            "status": status,
            "refund_amount": refund,
            "at": rfc3339_kst(r.try_get("created_at")?),
        }))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_read_as_json_then_checked() {
        let now = 1_767_225_600_000;
        let c = check_body(include_bytes!("../../../fuzz/corpus/channel_api_json/claim.json"), now).unwrap();
        assert_eq!((c.channel_claim_id.as_str(), c.exchange_variant_id), ("ZZ-CLM-1", Some(2)));
        let exchange_without_option =
            br#"{"channel_claim_id":"C","channel_order_id":"O","channel_item_id":"I","kind":"exchange","reason":"defective"}"#;
        assert_eq!(check_body(exchange_without_option, now).unwrap_err().field.as_deref(), Some("exchange_variant_id"));
        let bad_id = br#"{"channel_claim_id":"C 1","channel_order_id":"O","channel_item_id":"I","kind":"cancel","reason":"other"}"#;
        assert_eq!(check_body(bad_id, now).unwrap_err().field.as_deref(), Some("channel_claim_id"));
        assert_eq!(check_body(b"null", now).unwrap_err().code, ErrorCode::InvalidInput);
    }
}
