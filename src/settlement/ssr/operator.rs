//! The operator's changes: commission rates, holds and adjustments, each
//! checked, audited and announced.

use crate::i18n::msg;
use super::queries::{statement_row, STATEMENT_COLUMNS};
use super::{add_adjustments, begin_locked, Adjustment, TOPIC};
use crate::auth::ssr::Actor;
use crate::audit::ssr::{json, record, Change};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::context::AppState;
use crate::db::{now_millis, Database};
use crate::money::{self, Rates};
use crate::settlement::{StatementRow, StatementStatus, MAX_ADJUSTMENT, MAX_ADJUSTMENT_MEMO, MAX_HOLD_REASON};

/// Writes a rate row (the operator's, or the demo's).
pub async fn insert_rate(
    db: &Database,
    shop_id: i64,
    channel: &str,
    rates: Rates,
    effective_from: i64,
    memo: &str,
    created_by: &str,
) -> AppResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO commission_rates (shop_id, channel, commission_bp, payment_fee_bp, effective_from, memo, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(shop_id)
    .bind(channel)
    .bind(rates.commission_bp)
    .bind(rates.payment_fee_bp)
    .bind(effective_from)
    .bind(memo)
    .bind(created_by)
    .bind(now_millis())
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

/// The operator's 수수료율 설정 form, as typed.
pub struct RateInput {
    /// 0: the platform's default for every shop.
    pub shop_id: i64,
    pub channel: String,
    /// 판매수수료율 in percent.
    pub commission: String,
    /// 결제수수료율 in percent.
    pub payment_fee: String,
    /// `YYYY-MM-DD`, a Korean day.
    pub effective_from: String,
    pub memo: String,
}

/// 수수료율 설정: a new rate row from a Korean date on (the old rows stay, so
/// past orders keep the rate of their time), audited.
pub async fn add_rate(state: &AppState, actor: &Actor, input: RateInput) -> AppResult<i64> {
    let RateInput { shop_id, channel, commission, payment_fee, effective_from, memo } = input;
    let channel = crate::channel::Channel::parse(&channel)
        .ok_or_else(|| AppError::invalid("channel", msg::settlement_err_channel()))?;
    let commission_bp = money::parse_percent(&commission)
        .ok_or_else(|| AppError::invalid("commission", msg::settlement_err_commission()))?;
    let payment_fee_bp = money::parse_percent(&payment_fee)
        .ok_or_else(|| AppError::invalid("payment_fee", msg::settlement_err_payment_fee()))?;
    let day = chrono::NaiveDate::parse_from_str(effective_from.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("effective_from", msg::settlement_err_effective_from()))?;
    let memo = memo.trim().chars().take(MAX_ADJUSTMENT_MEMO).collect::<String>();
    if shop_id != 0 {
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM shops WHERE id = $1").bind(shop_id).fetch_optional(state.db.pool()).await?;
        if found.is_none() {
            return Err(AppError::not_found(msg::settlement_noun_shop()));
        }
    }
    // From the start of that Korean day.
    let from = crate::calendar::end_of_kst_day(day.pred_opt().unwrap_or(day)) + 1;
    let rates = money::Rates { commission_bp, payment_fee_bp };
    let id = insert_rate(&state.db, shop_id, channel.code(), rates, from, &memo, &actor.email).await?;
    record(
        state.db.pool(),
        Change {
            shop_id: (shop_id != 0).then_some(shop_id),
            actor_user_id: Some(actor.user_id),
            actor_email: &actor.email,
            action: "settlement.rate",
            target: format!("{}:{}", shop_id, channel.code()),
            before: String::new(),
            after: json(&serde_json::json!({
                "commission": money::format_bp(commission_bp),
                "payment_fee": money::format_bp(payment_fee_bp),
                "effective_from": effective_from.trim(),
            })),
        },
    )
    .await?;
    Ok(id)
}

/// 보류 / 보류 해제 by the operator: only between scheduled and held.
pub async fn set_hold(db: &Database, id: i64, hold: bool, reason: &str, now: i64) -> AppResult<StatementRow> {
    let mut tx = begin_locked(db).await?;
    let (from, to) = if hold { ("scheduled", "held") } else { ("held", "scheduled") };
    let done = sqlx::query(
        // The operator's decision replaces any hold the run put on by itself.
        "UPDATE settlement_statements SET status = $1, hold_reason = $2, auto_hold = '', held_until = 0, updated_at = $3 \
         WHERE id = $4 AND status = $5",
    )
    .bind(to)
    .bind(if hold { reason } else { "" })
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let row = sqlx::query(&format!("SELECT {STATEMENT_COLUMNS} FROM settlement_statements WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::not_found(msg::settlement_noun_statement()))?;
    let statement = statement_row(&row)?;
    if done == 0 {
        tx.rollback().await?;
        let message = match statement.status {
            StatementStatus::Paid => msg::settlement_err_already_paid(),
            _ if hold => msg::settlement_err_already_held(),
            _ => msg::settlement_err_not_held(),
        };
        return Err(AppError::new(ErrorCode::InvalidTransition, message));
    }
    tx.commit().await?;
    Ok(statement)
}

/// 지급보류 (`hold`, with a reason) or 보류 해제 of a statement by the
/// operator: checked, audited and announced.
pub async fn hold(state: &AppState, actor: &Actor, statement_id: i64, hold: bool, reason: &str) -> AppResult<StatementRow> {
    let reason = reason.trim().to_owned();
    if hold && reason.is_empty() {
        return Err(AppError::invalid("reason", msg::settlement_err_hold_reason_required()));
    }
    if reason.chars().count() > MAX_HOLD_REASON {
        return Err(AppError::invalid("reason", msg::settlement_err_hold_reason_too_long(MAX_HOLD_REASON)));
    }
    let now = now_millis();
    let row = set_hold(&state.db, statement_id, hold, &reason, now).await?;
    record(
        state.db.pool(),
        Change {
            shop_id: Some(row.shop_id),
            actor_user_id: Some(actor.user_id),
            actor_email: &actor.email,
            action: if hold { "settlement.hold" } else { "settlement.release" },
            target: format!("statement:{statement_id}"),
            before: String::new(),
            after: json(&serde_json::json!({ "reason": reason })),
        },
    )
    .await?;
    state.events.publish_all(&state.db, vec![row.shop_id], TOPIC).await;
    Ok(row)
}

/// An operator's correction: an adjustment line in the shop's next open statement.
async fn insert_adjustment(db: &Database, shop_id: i64, amount: i64, memo: &str, actor: &str, now: i64) -> AppResult<()> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM shops WHERE id = $1").bind(shop_id).fetch_optional(db.pool()).await?;
    if exists.is_none() {
        return Err(AppError::not_found(msg::settlement_noun_shop()));
    }
    let mut tx = begin_locked(db).await?;
    let key = format!("adjustment:{shop_id}:{}", crate::auth::ssr::random_token());
    let adjustment = Adjustment {
        shop_id,
        source_key: key,
        amount,
        memo: memo.to_owned(),
        actor: actor.to_owned(),
    };
    add_adjustments(&mut tx, vec![adjustment], now).await?;
    tx.commit().await?;
    Ok(())
}

/// 정산 조정 by the operator: `amount` as typed (원, `-` to deduct) and a
/// reason, checked, written into the shop's next open statement, audited and
/// announced.
pub async fn adjust(state: &AppState, actor: &Actor, shop_id: i64, amount: &str, memo: &str) -> AppResult<()> {
    let amount: i64 = amount
        .trim()
        .replace([',', '원'], "")
        .parse()
        .ok()
        .filter(|a: &i64| *a != 0 && a.abs() <= MAX_ADJUSTMENT)
        .ok_or_else(|| AppError::invalid("amount", msg::settlement_err_adjust_amount()))?;
    let memo = memo.trim().to_owned();
    if memo.is_empty() || memo.chars().count() > MAX_ADJUSTMENT_MEMO {
        return Err(AppError::invalid("memo", msg::settlement_err_adjust_memo(MAX_ADJUSTMENT_MEMO)));
    }
    let now = now_millis();
    insert_adjustment(&state.db, shop_id, amount, &memo, &actor.email, now).await?;
    record(
        state.db.pool(),
        Change {
            shop_id: Some(shop_id),
            actor_user_id: Some(actor.user_id),
            actor_email: &actor.email,
            action: "settlement.adjustment",
            target: format!("shop:{shop_id}"),
            before: String::new(),
            after: json(&serde_json::json!({ "amount": amount, "memo": memo })),
        },
    )
    .await?;
    state.events.publish_all(&state.db, vec![shop_id], TOPIC).await;
    Ok(())
}
