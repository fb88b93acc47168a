//! One step of a claim: [`step`] checks it against the state machine,
//! computes the claim row's new values, writes them under the status it
//! checked, and only then moves the order item and the stock, records the
//! timeline entry and tells the buyer (see the parent module's doc).

use sqlx::{AnyConnection, Row};

use super::message::{step_message, tell_buyer};
use super::{claim_not_found, compute_refund, load_claim, load_item, record_event, ClaimRec, ItemRec};
use crate::claims::refund::RefundBreakdown;
use crate::claims::{transition, ClaimAction, ClaimKind, ClaimStatus, ClaimTransitionError};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::format::format_won;
use crate::i18n::msg;
use crate::orders::ssr::{move_item, ItemChange, MoveError};
use crate::orders::{Courier, OrderAction};
use crate::db::now_millis;
use crate::db::sql::{Arg, Sql};

fn invalid_transition(e: ClaimTransitionError) -> AppError {
    AppError::new(ErrorCode::InvalidTransition, e.message())
}

/// What a step carries besides its action.
#[derive(Debug, Clone, Default)]
pub struct StepInput {
    pub reason: Option<String>,
    pub waybill: Option<(Courier, String)>,
    pub damaged: bool,
    /// 반품 승인: the refund the seller was shown.
    pub expected_refund: Option<i64>,
}

impl StepInput {
    pub fn reason(reason: String) -> Self {
        Self {
            reason: Some(reason),
            ..Default::default()
        }
    }

    /// A courier and tracking number; both may be left empty unless required.
    pub fn waybill(courier: &str, number: &str, required: bool) -> AppResult<Self> {
        if !required && courier.trim().is_empty() && number.trim().is_empty() {
            return Ok(Self::default());
        }
        let waybill = crate::orders::ssr::parse_waybill(courier, number)?;
        Ok(Self {
            waybill: Some(waybill),
            ..Default::default()
        })
    }
}

/// A reason a member typed: required, at most 200 characters.
pub(super) fn checked_reason(reason: Option<&str>, what: &str) -> AppResult<String> {
    let reason = reason.unwrap_or_default().trim();
    if reason.is_empty() {
        return Err(AppError::invalid(
            "reason",
            msg::claims_err_reason_required(what),
        ));
    }
    if reason.chars().count() > 200 {
        return Err(AppError::invalid(
            "reason",
            msg::claims_err_reason_too_long(what),
        ));
    }
    if reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::invalid(
            "reason",
            msg::claims_err_reason_bad_chars(what),
        ));
    }
    Ok(reason.to_owned())
}

/// What a step did.
#[derive(Debug, Clone)]
pub struct StepDone {
    pub claim_id: i64,
    pub shop_id: i64,
    pub to: ClaimStatus,
    /// The order item's status moved (publish "orders" too).
    pub item_moved: bool,
    pub refund_amount: i64,
}

/// One step of a claim inside the caller's transaction; see the module doc.
/// `shop_id` bounds it to a shop (None: the channel, which found the claim
/// by its own id). An error leaves the transaction to be rolled back.
pub async fn step(
    conn: &mut AnyConnection,
    shop_id: Option<i64>,
    claim_id: i64,
    action: ClaimAction,
    input: &StepInput,
    actor: &str,
) -> AppResult<StepDone> {
    let (claim, item, to) = check(conn, shop_id, claim_id, action).await?;
    let now = now_millis();

    let mut u = ClaimUpdate::new(to, now);
    match action {
        ClaimAction::Reject | ClaimAction::Hold => set_decision_reason(&mut u, action, input, actor)?,
        ClaimAction::StartPickup => set_pickup(&mut u, input),
        ClaimAction::MarkCollected => set_collected(&mut u, input),
        ClaimAction::Approve => set_approval(conn, &mut u, &claim, &item, input, actor).await?,
        ClaimAction::Reship => set_reship(conn, &mut u, &claim, &item, input, actor).await?,
        ClaimAction::Withdraw => {}
    }
    set_refund_and_resolved(&mut u);
    write_claim(conn, &claim, &mut u).await?;

    // The claim is ours now: the rest happens exactly once.
    let item_moved = move_item_and_stock(conn, &claim, &item, action, input, actor).await?;
    record_and_tell(conn, &claim, &item, action, input, &u, actor).await?;
    Ok(StepDone {
        claim_id: claim.id,
        shop_id: claim.shop_id,
        to,
        item_moved,
        refund_amount: u.refund_amount,
    })
}

/// Check: the claim (of `shop_id`, when bounded), the status the state
/// machine moves it to, and its order item.
async fn check(
    conn: &mut AnyConnection,
    shop_id: Option<i64>,
    claim_id: i64,
    action: ClaimAction,
) -> AppResult<(ClaimRec, ItemRec, ClaimStatus)> {
    let Some(claim) = load_claim(conn, claim_id).await? else {
        return Err(claim_not_found());
    };
    if shop_id.is_some_and(|s| s != claim.shop_id) {
        return Err(claim_not_found());
    }
    let to = transition(claim.kind, claim.status, action).map_err(invalid_transition)?;
    let item = load_item(conn, claim.order_item_id)
        .await?
        .ok_or_else(AppError::internal)?;
    Ok((claim, item, to))
}

/// Compute: the claim row's update as a step builds it (the `SET` clauses
/// and their arguments, in order), with the timeline's detail and the refund
/// the step computed, if any.
struct ClaimUpdate {
    to: ClaimStatus,
    now: i64,
    sql: Sql,
    sets: Vec<String>,
    detail: String,
    refund_amount: i64,
    breakdown: Option<RefundBreakdown>,
}

impl ClaimUpdate {
    fn new(to: ClaimStatus, now: i64) -> Self {
        let mut sql = Sql::default();
        let sets = vec![
            format!("status = {}", sql.arg(Arg::Text(to.as_str().into()))),
            format!("updated_at = {}", sql.arg(Arg::Int(now))),
        ];
        Self {
            to,
            now,
            sql,
            sets,
            detail: String::new(),
            refund_amount: 0,
            breakdown: None,
        }
    }
}

/// 거부·보류: the member's reason, checked, and who decided.
fn set_decision_reason(
    u: &mut ClaimUpdate,
    action: ClaimAction,
    input: &StepInput,
    actor: &str,
) -> AppResult<()> {
    let what = if action == ClaimAction::Reject {
        msg::claims_what_reject()
    } else {
        msg::claims_what_hold()
    };
    let reason = checked_reason(input.reason.as_deref(), what)?;
    u.detail = reason.clone();
    u.sets.push(format!("decision_reason = {}", u.sql.arg(Arg::Text(reason))));
    u.sets.push(format!("decided_by = {}", u.sql.arg(Arg::Text(actor.into()))));
    Ok(())
}

/// 수거 시작: the pickup waybill, when one was given.
fn set_pickup(u: &mut ClaimUpdate, input: &StepInput) {
    if let Some((courier, number)) = &input.waybill {
        u.detail = format!("{} {}", courier.name_ko(), number);
        u.sets.push(format!(
            "pickup_courier = {}",
            u.sql.arg(Arg::Text(courier.code().into()))
        ));
        u.sets.push(format!(
            "pickup_tracking = {}",
            u.sql.arg(Arg::Text(number.clone()))
        ));
    }
}

/// 수거 완료: whether the goods came back damaged.
fn set_collected(u: &mut ClaimUpdate, input: &StepInput) {
    if input.damaged {
        u.detail = "상품 손상 (재고 미반영)".to_owned();
    }
    u.sets.push(format!(
        "damaged = {}",
        u.sql.arg(Arg::Int(i64::from(input.damaged)))
    ));
}

/// 승인: the refund as things stand now; a return's only if it is the one
/// the seller was shown.
async fn set_approval(
    conn: &mut AnyConnection,
    u: &mut ClaimUpdate,
    claim: &ClaimRec,
    item: &ItemRec,
    input: &StepInput,
    actor: &str,
) -> AppResult<()> {
    let b = compute_refund(conn, claim, item).await?;
    if claim.kind == ClaimKind::Return {
        let Some(expected) = input.expected_refund else {
            return Err(AppError::invalid(
                "expected_refund",
                msg::claims_err_expected_refund_required(),
            ));
        };
        if expected != b.total {
            return Err(AppError::new(
                ErrorCode::RefundMismatch,
                msg::claims_err_refund_changed(format_won(b.total)),
            ));
        }
    }
    u.refund_amount = b.total;
    // Stored in the timeline as written: Korean, as the other entries.
    u.detail = crate::i18n::with_locale(crate::i18n::Locale::Ko, || format!("환불 {}", format_won(b.total)));
    u.breakdown = Some(b);
    u.sets.push(format!("decided_by = {}", u.sql.arg(Arg::Text(actor.into()))));
    Ok(())
}

/// 재발송: the waybill (required) and the exchange's charges.
async fn set_reship(
    conn: &mut AnyConnection,
    u: &mut ClaimUpdate,
    claim: &ClaimRec,
    item: &ItemRec,
    input: &StepInput,
    actor: &str,
) -> AppResult<()> {
    let (courier, number) = input
        .waybill
        .clone()
        .ok_or_else(|| AppError::invalid("tracking_number", msg::claims_err_tracking_required()))?;
    let b = compute_refund(conn, claim, item).await?;
    u.detail = format!("{} {}", courier.name_ko(), number);
    u.sets.push(format!(
        "reship_courier = {}",
        u.sql.arg(Arg::Text(courier.code().into()))
    ));
    u.sets.push(format!("reship_tracking = {}", u.sql.arg(Arg::Text(number))));
    u.sets.push(format!("decided_by = {}", u.sql.arg(Arg::Text(actor.into()))));
    u.breakdown = Some(b);
    Ok(())
}

/// The refund's columns, when the step computed one, and the time a step
/// that closes the claim resolved it.
fn set_refund_and_resolved(u: &mut ClaimUpdate) {
    if let Some(b) = &u.breakdown {
        u.sets.push(format!(
            "refund_product = {}",
            u.sql.arg(Arg::Int(b.product_amount))
        ));
        u.sets.push(format!(
            "refund_shipping = {}",
            u.sql.arg(Arg::Int(b.shipping_refund))
        ));
        u.sets.push(format!(
            "deduction = {}",
            u.sql.arg(Arg::Int(b.deduction_total))
        ));
        u.sets.push(format!("refund_amount = {}", u.sql.arg(Arg::Int(b.total))));
        u.sets.push(format!(
            "charge_amount = {}",
            u.sql.arg(Arg::Int(b.charge_amount))
        ));
    }
    if !u.to.is_open() {
        u.sets.push(format!("resolved_at = {}", u.sql.arg(Arg::Int(u.now))));
    }
}

/// Write: the claim row, only if its status is still the one checked.
async fn write_claim(
    conn: &mut AnyConnection,
    claim: &ClaimRec,
    u: &mut ClaimUpdate,
) -> AppResult<()> {
    let id = u.sql.arg(Arg::Int(claim.id));
    let was = u.sql.arg(Arg::Text(claim.status.as_str().into()));
    let updated = u
        .sql
        .query(&format!(
            "UPDATE claims SET {} WHERE id = {id} AND status = {was}",
            u.sets.join(", ")
        ))
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if updated != 1 {
        return Err(AppError::new(
            ErrorCode::Conflict,
            msg::claims_err_status_changed(claim.id.to_string()),
        ));
    }
    Ok(())
}

/// After the write: the order item and the stock, as the step and the
/// claim's kind ask. Whether the order item's status moved.
async fn move_item_and_stock(
    conn: &mut AnyConnection,
    claim: &ClaimRec,
    item: &ItemRec,
    action: ClaimAction,
    input: &StepInput,
    actor: &str,
) -> AppResult<bool> {
    let mut item_moved = false;
    match (action, claim.kind) {
        (ClaimAction::Approve, ClaimKind::Cancel) => {
            cancel_item(conn, claim, item, actor).await?;
            item_moved = true;
        }
        (ClaimAction::Approve, ClaimKind::Return) => {
            if !claim.damaged {
                crate::products::stock::release(
                    conn,
                    claim.shop_id,
                    item.variant_id,
                    claim.quantity,
                )
                .await?;
            }
            // A full return gives the order's coupon back once all its items are back.
            crate::promotions::ssr::redeem::release(conn, item.id, crate::db::now_millis()).await?;
        }
        (ClaimAction::MarkCollected, ClaimKind::Exchange) => {
            if !input.damaged {
                crate::products::stock::release(
                    conn,
                    claim.shop_id,
                    item.variant_id,
                    claim.quantity,
                )
                .await?;
            }
        }
        (ClaimAction::Reship, ClaimKind::Exchange) => {
            reship_item(conn, claim, item, input, actor).await?;
            item_moved = true;
        }
        _ => {}
    }
    Ok(item_moved)
}

/// 취소 승인: the order item is cancelled.
async fn cancel_item(
    conn: &mut AnyConnection,
    claim: &ClaimRec,
    item: &ItemRec,
    actor: &str,
) -> AppResult<()> {
    let reason = format!("{} ({})", "구매자 취소 요청 승인", claim.reason.label_ko());
    let change = ItemChange {
        reason: Some(reason),
        ..Default::default()
    };
    // Stock goes back inside move_item, with the cancel.
    match move_item(
        conn,
        Some(claim.shop_id),
        item.id,
        OrderAction::Cancel,
        actor,
        &change,
    )
    .await?
    {
        Ok(_) => Ok(()),
        Err(e) => Err(move_error(&e, item.id)),
    }
}

/// 교환 재발송: the option wanted goes out of stock, the order item becomes
/// that option and ships again with the new waybill.
async fn reship_item(
    conn: &mut AnyConnection,
    claim: &ClaimRec,
    item: &ItemRec,
    input: &StepInput,
    actor: &str,
) -> AppResult<()> {
    let new_variant = claim.exchange_variant_id.ok_or_else(AppError::internal)?;
    reserve_exchange(conn, claim, new_variant).await?;
    let v = sqlx::query("SELECT sku FROM product_variants WHERE id = $1")
        .bind(new_variant)
        .fetch_one(&mut *conn)
        .await?;
    let sku: String = v.try_get("sku")?;
    crate::orders::ssr::switch_variant(conn, item.id, new_variant, &claim.exchange_option_text, &sku).await?;
    let (courier, number) = input.waybill.clone().ok_or_else(AppError::internal)?;
    let change = ItemChange {
        courier: Some(courier),
        tracking_number: Some(number),
        reason: Some(format!("교환 재발송 ({})", claim.exchange_option_text)),
        ..Default::default()
    };
    match move_item(
        conn,
        Some(claim.shop_id),
        item.id,
        OrderAction::Reship,
        actor,
        &change,
    )
    .await?
    {
        Ok(_) => Ok(()),
        Err(e) => Err(move_error(&e, item.id)),
    }
}

/// The exchange option's stock for the claim's quantity, or why not.
async fn reserve_exchange(
    conn: &mut AnyConnection,
    claim: &ClaimRec,
    new_variant: i64,
) -> AppResult<()> {
    match crate::products::stock::reserve(conn, claim.shop_id, new_variant, claim.quantity)
        .await?
    {
        Ok(()) => Ok(()),
        Err(crate::products::stock::StockError::Insufficient { available }) => {
            Err(AppError::new(
                ErrorCode::OutOfStock,
                msg::claims_err_exchange_stock(&claim.exchange_option_text, available),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// Last: the order item's claim columns, the timeline entry and the
/// buyer's message.
async fn record_and_tell(
    conn: &mut AnyConnection,
    claim: &ClaimRec,
    item: &ItemRec,
    action: ClaimAction,
    input: &StepInput,
    u: &ClaimUpdate,
    actor: &str,
) -> AppResult<()> {
    crate::orders::ssr::attach_claim(conn, item.id, claim.id, claim.kind.as_str(), u.to.as_str()).await?;
    record_event(
        conn,
        claim.shop_id,
        claim.id,
        action.code(),
        claim.status.as_str(),
        u.to.as_str(),
        &u.detail,
        actor,
    )
    .await?;
    let message = crate::i18n::with_locale(crate::i18n::Locale::Ko, || {
        step_message(claim, item, action, u.to, input, u.breakdown.as_ref())
    });
    if let Some((kind, subject, body)) = message {
        tell_buyer(conn, claim, item, &kind, &subject, &body).await?;
    }
    Ok(())
}

fn move_error(e: &MoveError, item_id: i64) -> AppError {
    match e {
        MoveError::Transition(t) => AppError::new(
            ErrorCode::ClaimNotAllowed,
            msg::claims_err_item_transition(item_id.to_string(), t.message()),
        ),
        other => other.for_item(item_id),
    }
}
