//! Claim data access and the claim steps (server only).
//!
//! Every step — a member's, a channel's — goes through [`step`]: the state
//! machine of [`super::model::transition`] decides, and the claim row is
//! updated first and only if its status is still the one that was checked
//! (`WHERE status = $from`). Everything the step does besides (the order
//! item moving, stock going back or out, the refund, the timeline entry and
//! the buyer's message) comes after that update in the same transaction, so
//! when two people approve one claim at once only one of them does any of
//! it.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

use super::refund::{self, RefundBreakdown, RefundLine, ShippingProfile};
use super::*;
use crate::accounts::ssr::ShopActor;
use crate::audit::ssr::{record, Change};
use crate::error::{AppError, AppResult};
use crate::orders::ssr::{move_item, ItemChange, MoveError};
use crate::orders::{Courier, OrderAction, OrderStatus};
use crate::outbox::ssr::{enqueue, BuyerMessage};
use crate::products::ssr::{escape_like, Arg, Sql};
use crate::products::{format_won, Channel};
use crate::server::db::{now_millis, Database};
use crate::server::AppState;

pub const PAGE_SIZE: i64 = 50;
pub const TOPIC: &str = "claims";
/// Most cancels one bulk approval may touch.
pub const MAX_BULK: usize = 200;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
const OPEN_SQL: &str = "('requested', 'collecting', 'collected', 'on_hold')";

fn invalid_transition(e: ClaimTransitionError) -> AppError {
    AppError::new("invalid_transition", e.message_ko())
}

fn claim_not_found() -> AppError {
    AppError::not_found("클레임")
}

/// 처리기한: the end of the `n`-th business day after the request (KST).
pub fn due_at(requested_at: i64, kind: ClaimKind) -> i64 {
    let days = if kind == ClaimKind::Cancel { 1 } else { 3 };
    match crate::calendar::kst_date(requested_at) {
        Some(day) => crate::calendar::end_of_kst_day(crate::calendar::add_business_days(day, days)),
        None => requested_at,
    }
}

fn rfc3339_kst(millis: i64) -> String {
    crate::time::to_kst(millis)
        .map(|t| t.to_rfc3339())
        .unwrap_or_default()
}

// ------------------------------------------------------------------ reading

/// A claim as the steps need it.
#[derive(Debug, Clone)]
struct ClaimRec {
    id: i64,
    shop_id: i64,
    order_item_id: i64,
    kind: ClaimKind,
    status: ClaimStatus,
    reason: Reason,
    fault: Fault,
    quantity: i64,
    exchange_variant_id: Option<i64>,
    exchange_option_text: String,
    damaged: bool,
}

async fn load_claim(conn: &mut AnyConnection, claim_id: i64) -> AppResult<Option<ClaimRec>> {
    let row = sqlx::query(
        "SELECT id, shop_id, order_item_id, kind, status, reason_code, fault, quantity, exchange_variant_id, \
         exchange_option_text, damaged FROM claims WHERE id = $1",
    )
    .bind(claim_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(ClaimRec {
        id: r.try_get("id")?,
        shop_id: r.try_get("shop_id")?,
        order_item_id: r.try_get("order_item_id")?,
        kind: ClaimKind::parse(&r.try_get::<String, _>("kind")?).ok_or_else(AppError::internal)?,
        status: ClaimStatus::parse(&r.try_get::<String, _>("status")?)
            .ok_or_else(AppError::internal)?,
        reason: Reason::parse(&r.try_get::<String, _>("reason_code")?).unwrap_or(Reason::Other),
        fault: Fault::parse(&r.try_get::<String, _>("fault")?).ok_or_else(AppError::internal)?,
        quantity: r.try_get("quantity")?,
        exchange_variant_id: r.try_get("exchange_variant_id")?,
        exchange_option_text: r.try_get("exchange_option_text")?,
        damaged: r.try_get::<i64, _>("damaged")? != 0,
    }))
}

/// An order item as the claims need it.
#[derive(Debug, Clone)]
struct ItemRec {
    id: i64,
    shop_id: i64,
    shop_name: String,
    buyer_order_id: i64,
    order_no: String,
    channel: String,
    product_id: i64,
    variant_id: i64,
    product_name: String,
    quantity: i64,
    status: OrderStatus,
    claim_kind: String,
    claim_status: String,
    buyer_phone: String,
    buyer_email: String,
}

async fn load_item(conn: &mut AnyConnection, item_id: i64) -> AppResult<Option<ItemRec>> {
    let row = sqlx::query(
        "SELECT i.id, i.shop_id, s.name AS shop_name, i.buyer_order_id, i.order_no, i.channel, i.product_id, i.variant_id, \
         i.product_name, i.quantity, i.status, i.claim_kind, i.claim_status, i.buyer_phone, i.buyer_email \
         FROM order_items i JOIN shops s ON s.id = i.shop_id WHERE i.id = $1",
    )
    .bind(item_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(ItemRec {
        id: r.try_get("id")?,
        shop_id: r.try_get("shop_id")?,
        shop_name: r.try_get("shop_name")?,
        buyer_order_id: r.try_get("buyer_order_id")?,
        order_no: r.try_get("order_no")?,
        channel: r.try_get("channel")?,
        product_id: r.try_get("product_id")?,
        variant_id: r.try_get("variant_id")?,
        product_name: r.try_get("product_name")?,
        quantity: r.try_get("quantity")?,
        status: OrderStatus::parse(&r.try_get::<String, _>("status")?)
            .ok_or_else(AppError::internal)?,
        claim_kind: r.try_get("claim_kind")?,
        claim_status: r.try_get("claim_status")?,
        buyer_phone: r.try_get("buyer_phone")?,
        buyer_email: r.try_get("buyer_email")?,
    }))
}

/// The refund of a claim as things stand now ([`refund::compute`] over the
/// shop's lines of the buyer order and the product's shipping settings).
async fn compute_refund(
    conn: &mut AnyConnection,
    claim: &ClaimRec,
    item: &ItemRec,
) -> AppResult<RefundBreakdown> {
    let rows = sqlx::query(
        "SELECT id, unit_price, option_price, quantity, seller_discount, platform_discount, shipping_fee, status, \
         claim_kind, claim_status FROM order_items WHERE shop_id = $1 AND buyer_order_id = $2 ORDER BY id",
    )
    .bind(item.shop_id)
    .bind(item.buyer_order_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut lines = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let status: String = r.try_get("status")?;
        let kind: String = r.try_get("claim_kind")?;
        let claim_status: String = r.try_get("claim_status")?;
        // The claimed line itself counts as kept until this claim completes.
        let gone = id != item.id
            && (status == "cancelled" || (kind == "return" && claim_status == "completed"));
        lines.push(RefundLine {
            item_id: id,
            unit_price: r.try_get("unit_price")?,
            option_price: r.try_get("option_price")?,
            quantity: r.try_get("quantity")?,
            seller_discount: r.try_get("seller_discount")?,
            platform_discount: r.try_get("platform_discount")?,
            shipping_fee: r.try_get("shipping_fee")?,
            gone,
        });
    }
    let p = sqlx::query("SELECT shipping_fee, free_shipping_over, return_fee, exchange_fee FROM products WHERE id = $1")
        .bind(item.product_id)
        .fetch_optional(&mut *conn)
        .await?;
    let profile = match p {
        Some(p) => ShippingProfile {
            shipping_fee: p.try_get("shipping_fee")?,
            free_shipping_over: p.try_get("free_shipping_over")?,
            return_fee: p.try_get("return_fee")?,
            exchange_fee: p.try_get("exchange_fee")?,
        },
        None => ShippingProfile::default(),
    };
    Ok(refund::compute(&refund::RefundInput {
        kind: claim.kind,
        fault: claim.fault,
        lines: &lines,
        item_id: item.id,
        quantity: claim.quantity,
        profile,
    }))
}

// ------------------------------------------------------------------ steps

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
fn checked_reason(reason: Option<&str>, what: &str) -> AppResult<String> {
    let reason = reason.unwrap_or_default().trim();
    if reason.is_empty() {
        return Err(AppError::invalid(
            "reason",
            format!("{what} 사유를 입력해 주세요."),
        ));
    }
    if reason.chars().count() > 200 {
        return Err(AppError::invalid(
            "reason",
            format!("{what} 사유는 200자 이하로 입력해 주세요."),
        ));
    }
    if reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::invalid(
            "reason",
            format!("{what} 사유에 쓸 수 없는 문자가 들어 있습니다."),
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
    let now = now_millis();

    let mut sql = Sql::default();
    let mut sets = vec![
        format!("status = {}", sql.arg(Arg::Text(to.as_str().into()))),
        format!("updated_at = {}", sql.arg(Arg::Int(now))),
    ];
    let mut detail = String::new();
    let mut refund_amount = 0;
    let mut breakdown = None;
    match action {
        ClaimAction::Reject | ClaimAction::Hold => {
            let what = if action == ClaimAction::Reject {
                "거부"
            } else {
                "보류"
            };
            let reason = checked_reason(input.reason.as_deref(), what)?;
            detail = reason.clone();
            sets.push(format!("decision_reason = {}", sql.arg(Arg::Text(reason))));
            sets.push(format!("decided_by = {}", sql.arg(Arg::Text(actor.into()))));
        }
        ClaimAction::StartPickup => {
            if let Some((courier, number)) = &input.waybill {
                detail = format!("{} {}", courier.name_ko(), number);
                sets.push(format!(
                    "pickup_courier = {}",
                    sql.arg(Arg::Text(courier.code().into()))
                ));
                sets.push(format!(
                    "pickup_tracking = {}",
                    sql.arg(Arg::Text(number.clone()))
                ));
            }
        }
        ClaimAction::MarkCollected => {
            if input.damaged {
                detail = "상품 손상 (재고 미반영)".to_owned();
            }
            sets.push(format!(
                "damaged = {}",
                sql.arg(Arg::Int(i64::from(input.damaged)))
            ));
        }
        ClaimAction::Approve => {
            let b = compute_refund(conn, &claim, &item).await?;
            if claim.kind == ClaimKind::Return {
                let Some(expected) = input.expected_refund else {
                    return Err(AppError::invalid(
                        "expected_refund",
                        "환불 예정 금액을 확인한 뒤 승인해 주세요.",
                    ));
                };
                if expected != b.total {
                    return Err(AppError::new(
                        "refund_mismatch",
                        format!(
                            "환불 금액이 바뀌었습니다. 새 환불 예정 금액 {}을(를) 확인한 뒤 다시 승인해 주세요.",
                            format_won(b.total)
                        ),
                    ));
                }
            }
            refund_amount = b.total;
            detail = format!("환불 {}", format_won(b.total));
            breakdown = Some(b);
            sets.push(format!("decided_by = {}", sql.arg(Arg::Text(actor.into()))));
        }
        ClaimAction::Reship => {
            let (courier, number) = input
                .waybill
                .clone()
                .ok_or_else(|| AppError::invalid("tracking_number", "송장번호를 입력해 주세요."))?;
            let b = compute_refund(conn, &claim, &item).await?;
            detail = format!("{} {}", courier.name_ko(), number);
            sets.push(format!(
                "reship_courier = {}",
                sql.arg(Arg::Text(courier.code().into()))
            ));
            sets.push(format!("reship_tracking = {}", sql.arg(Arg::Text(number))));
            sets.push(format!("decided_by = {}", sql.arg(Arg::Text(actor.into()))));
            breakdown = Some(b);
        }
        ClaimAction::Withdraw => {}
    }
    if let Some(b) = &breakdown {
        sets.push(format!(
            "refund_product = {}",
            sql.arg(Arg::Int(b.product_amount))
        ));
        sets.push(format!(
            "refund_shipping = {}",
            sql.arg(Arg::Int(b.shipping_refund))
        ));
        sets.push(format!(
            "deduction = {}",
            sql.arg(Arg::Int(b.deduction_total))
        ));
        sets.push(format!("refund_amount = {}", sql.arg(Arg::Int(b.total))));
        sets.push(format!(
            "charge_amount = {}",
            sql.arg(Arg::Int(b.charge_amount))
        ));
    }
    if !to.is_open() {
        sets.push(format!("resolved_at = {}", sql.arg(Arg::Int(now))));
    }
    let id = sql.arg(Arg::Int(claim.id));
    let was = sql.arg(Arg::Text(claim.status.as_str().into()));
    let updated = sql
        .query(&format!(
            "UPDATE claims SET {} WHERE id = {id} AND status = {was}",
            sets.join(", ")
        ))
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if updated != 1 {
        return Err(AppError::new(
            "conflict",
            format!(
                "클레임 {}의 상태가 방금 바뀌었습니다. 새로 고친 뒤 다시 시도해 주세요.",
                claim.id
            ),
        ));
    }

    // The claim is ours now: the rest happens exactly once.
    let mut item_moved = false;
    match (action, claim.kind) {
        (ClaimAction::Approve, ClaimKind::Cancel) => {
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
                Ok(_) => item_moved = true,
                Err(e) => return Err(move_error(&e, item.id)),
            }
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
            let new_variant = claim.exchange_variant_id.ok_or_else(AppError::internal)?;
            match crate::products::stock::reserve(conn, claim.shop_id, new_variant, claim.quantity)
                .await?
            {
                Ok(()) => {}
                Err(crate::products::stock::StockError::Insufficient { available }) => {
                    return Err(AppError::new(
                        "out_of_stock",
                        format!(
                            "교환할 옵션({})의 재고가 부족합니다. (남은 재고 {available}개)",
                            claim.exchange_option_text
                        ),
                    ))
                }
                Err(e) => return Err(e.into()),
            }
            let v = sqlx::query("SELECT sku FROM product_variants WHERE id = $1")
                .bind(new_variant)
                .fetch_one(&mut *conn)
                .await?;
            sqlx::query(
                "UPDATE order_items SET variant_id = $1, option_text = $2, sku = $3 WHERE id = $4",
            )
            .bind(new_variant)
            .bind(&claim.exchange_option_text)
            .bind(v.try_get::<String, _>("sku")?)
            .bind(item.id)
            .execute(&mut *conn)
            .await?;
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
                Ok(_) => item_moved = true,
                Err(e) => return Err(move_error(&e, item.id)),
            }
        }
        _ => {}
    }
    sqlx::query(
        "UPDATE order_items SET claim_id = $1, claim_kind = $2, claim_status = $3 WHERE id = $4",
    )
    .bind(claim.id)
    .bind(claim.kind.as_str())
    .bind(to.as_str())
    .bind(item.id)
    .execute(&mut *conn)
    .await?;
    record_event(
        conn,
        claim.shop_id,
        claim.id,
        action.code(),
        claim.status.as_str(),
        to.as_str(),
        &detail,
        actor,
    )
    .await?;
    let message = step_message(&claim, &item, action, to, input, breakdown.as_ref());
    if let Some((kind, subject, body)) = message {
        tell_buyer(conn, &claim, &item, &kind, &subject, &body).await?;
    }
    Ok(StepDone {
        claim_id: claim.id,
        shop_id: claim.shop_id,
        to,
        item_moved,
        refund_amount,
    })
}

fn move_error(e: &MoveError, item_id: i64) -> AppError {
    match e {
        MoveError::Transition(t) => AppError::new(
            "claim_not_allowed",
            format!("상품주문번호 {item_id}: {}", t.message_ko()),
        ),
        other => other.for_item(item_id),
    }
}

/// The buyer's message for a step: (kind, subject, body).
fn step_message(
    claim: &ClaimRec,
    item: &ItemRec,
    action: ClaimAction,
    to: ClaimStatus,
    input: &StepInput,
    breakdown: Option<&RefundBreakdown>,
) -> Option<(String, String, String)> {
    let kind = claim.kind.label_ko();
    let shop = &item.shop_name;
    let refund_lines = |b: &RefundBreakdown| {
        let mut s = format!(
            "환불 예정 금액: {}\n· 상품 금액 {}",
            format_won(b.total),
            format_won(b.product_amount)
        );
        if b.shipping_refund > 0 {
            s.push_str(&format!(
                "\n· 배송비 환불 {}",
                format_won(b.shipping_refund)
            ));
        }
        for d in &b.deductions {
            s.push_str(&format!("\n· {} -{}", d.label, format_won(d.amount)));
        }
        s
    };
    Some(match action {
        ClaimAction::Approve => {
            let b = breakdown?;
            let (code, title) = if claim.kind == ClaimKind::Cancel {
                ("cancel_completed", "주문 취소 완료 안내")
            } else {
                ("return_approved", "반품 완료 안내")
            };
            let body = format!(
                "{} 요청이 승인되어 {}되었습니다. 결제하신 수단으로 환불됩니다.\n{}",
                kind,
                to.label_ko(claim.kind),
                refund_lines(b)
            );
            (code.to_owned(), format!("[{shop}] {title}"), body)
        }
        ClaimAction::Reject => (
            "claim_rejected".to_owned(),
            format!("[{shop}] {kind} 요청 거부 안내"),
            format!(
                "{kind} 요청이 거부되었습니다.\n사유: {}",
                input.reason.as_deref().unwrap_or_default().trim()
            ),
        ),
        ClaimAction::Hold => (
            "claim_on_hold".to_owned(),
            format!("[{shop}] {kind} 처리 보류 안내"),
            format!(
                "{kind} 처리가 보류되었습니다.\n사유: {}",
                input.reason.as_deref().unwrap_or_default().trim()
            ),
        ),
        ClaimAction::StartPickup => {
            let waybill = match &input.waybill {
                Some((c, n)) => format!("\n수거 택배사: {} / 송장번호 {}", c.name_ko(), n),
                None => String::new(),
            };
            (
                "claim_pickup".to_owned(),
                format!("[{shop}] {kind} 상품 수거 안내"),
                format!("{kind} 상품 수거를 요청했습니다. 택배 기사님이 방문하면 상품을 전달해 주세요.{waybill}"),
            )
        }
        ClaimAction::MarkCollected => (
            "claim_collected".to_owned(),
            format!("[{shop}] {kind} 상품 도착 안내"),
            format!("보내 주신 상품이 도착했습니다. 확인 후 {kind} 처리 결과를 알려 드리겠습니다."),
        ),
        ClaimAction::Reship => {
            let (c, n) = input.waybill.as_ref()?;
            let mut body = format!(
                "교환 상품({})을 발송했습니다.\n택배사: {} / 송장번호 {}\n배송 조회: {}",
                claim.exchange_option_text,
                c.name_ko(),
                n,
                c.tracking_url(n)
            );
            if let Some(b) = breakdown.filter(|b| b.charge_amount > 0) {
                body.push_str(&format!(
                    "\n교환 배송비(왕복) {}은(는) 구매자 부담입니다.",
                    format_won(b.charge_amount)
                ));
            }
            (
                "exchange_reshipped".to_owned(),
                format!("[{shop}] 교환 상품 발송 안내"),
                body,
            )
        }
        ClaimAction::Withdraw => (
            "claim_withdrawn".to_owned(),
            format!("[{shop}] {kind} 요청 철회 안내"),
            format!("{kind} 요청이 철회되었습니다."),
        ),
    })
}

async fn tell_buyer(
    conn: &mut AnyConnection,
    claim: &ClaimRec,
    item: &ItemRec,
    kind: &str,
    subject: &str,
    body: &str,
) -> AppResult<i64> {
    let full = format!(
        "주문번호 {} · {}\n\n{}",
        item.order_no, item.product_name, body
    );
    enqueue(
        conn,
        &BuyerMessage {
            shop_id: item.shop_id,
            order_item_id: Some(item.id),
            claim_id: Some(claim.id),
            inquiry_id: None,
            channel: item.channel.clone(),
            kind: kind.to_owned(),
            to_phone: item.buyer_phone.clone(),
            to_email: item.buyer_email.clone(),
            subject: subject.to_owned(),
            body: full,
        },
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn record_event(
    conn: &mut AnyConnection,
    shop_id: i64,
    claim_id: i64,
    action: &str,
    from: &str,
    to: &str,
    detail: &str,
    actor: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO claim_events (shop_id, claim_id, action, from_status, to_status, detail, actor, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(shop_id)
    .bind(claim_id)
    .bind(action)
    .bind(from)
    .bind(to)
    .bind(detail)
    .bind(actor)
    .bind(now_millis())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// After a commit: the claim pages reload, and the order pages too, whose
/// rows show each item's claim (and its status, when the item moved).
async fn publish(state: &AppState, shop_id: i64) {
    state.events.publish(&state.db, shop_id, TOPIC).await;
    state.events.publish(&state.db, shop_id, crate::orders::ssr::TOPIC).await;
}

fn audit_action(action: ClaimAction) -> &'static str {
    match action {
        ClaimAction::Approve => "claim.approve",
        ClaimAction::Reject => "claim.reject",
        ClaimAction::Hold => "claim.hold",
        ClaimAction::StartPickup => "claim.pickup",
        ClaimAction::MarkCollected => "claim.collect",
        ClaimAction::Reship => "claim.reship",
        ClaimAction::Withdraw => "claim.withdraw",
    }
}

/// A member's step on one claim: audited, committed, announced.
pub async fn member_step(
    state: &AppState,
    actor: &ShopActor,
    claim_id: i64,
    action: ClaimAction,
    input: StepInput,
) -> AppResult<()> {
    if matches!(action, ClaimAction::Reject | ClaimAction::Hold) {
        checked_reason(
            input.reason.as_deref(),
            if action == ClaimAction::Reject {
                "거부"
            } else {
                "보류"
            },
        )?;
    }
    let mut tx = state.db.begin_write().await?;
    let done = step(
        &mut tx,
        Some(actor.shop_id),
        claim_id,
        action,
        &input,
        &actor.email,
    )
    .await?;
    record(
        &mut *tx,
        Change {
            after: json!({"claim_id": claim_id, "status": done.to.as_str(), "reason": input.reason, "damaged": input.damaged})
                .to_string(),
            ..Change::by(actor, audit_action(action), format!("클레임 {claim_id}"))
        },
    )
    .await?;
    tx.commit().await?;
    publish(state, actor.shop_id).await;
    Ok(())
}

/// 승인: cancels in bulk (all or nothing); a return alone, with the refund
/// the seller was shown. An exchange completes by 재발송 instead.
pub async fn approve(
    state: &AppState,
    actor: &ShopActor,
    ids: &[i64],
    expected_refund: Option<i64>,
) -> AppResult<usize> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Err(AppError::invalid("ids", "승인할 클레임을 선택해 주세요."));
    }
    if ids.len() > MAX_BULK {
        return Err(AppError::invalid(
            "ids",
            format!("한 번에 최대 {MAX_BULK}건까지 승인할 수 있습니다."),
        ));
    }
    let mut tx = state.db.begin_write().await?;
    let mut refunds = Vec::new();
    for id in &ids {
        let kind: Option<(String,)> =
            sqlx::query_as("SELECT kind FROM claims WHERE id = $1 AND shop_id = $2")
                .bind(id)
                .bind(actor.shop_id)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((kind,)) = kind else {
            return Err(claim_not_found());
        };
        match ClaimKind::parse(&kind) {
            Some(ClaimKind::Return) if ids.len() > 1 => {
                return Err(AppError::invalid(
                    "ids",
                    "반품은 환불 금액을 확인하고 한 건씩 승인해 주세요.",
                ));
            }
            Some(ClaimKind::Exchange) => {
                return Err(AppError::new(
                    "invalid_transition",
                    "교환은 교환 상품을 재발송하면 완료됩니다.",
                ));
            }
            _ => {}
        }
        let input = StepInput {
            expected_refund,
            ..Default::default()
        };
        let done = step(
            &mut tx,
            Some(actor.shop_id),
            *id,
            ClaimAction::Approve,
            &input,
            &actor.email,
        )
        .await?;
        refunds.push(json!({"claim_id": id, "refund_amount": done.refund_amount}));
    }
    record(
        &mut *tx,
        Change {
            after: Value::Array(refunds).to_string(),
            ..Change::by(actor, "claim.approve", format!("클레임 {}건", ids.len()))
        },
    )
    .await?;
    tx.commit().await?;
    publish(state, actor.shop_id).await;
    Ok(ids.len())
}

// ------------------------------------------------------------------ intake

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

fn request_hash(claim: &ChannelClaim) -> String {
    let bytes = serde_json::to_vec(claim).unwrap_or_default();
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
            format!("{field}는 영문, 숫자, -, _, . 로 된 1~64자여야 합니다."),
        ));
    }
    Ok(s.to_owned())
}

/// The answer of an intake: HTTP status and body.
pub type Answer = (u16, Value);

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

/// The answer first given to a claim, rebuilt for a replay: `completed` with
/// its refund when the intake itself approved it (a cancel before 발주확인:
/// the only approval a channel makes), else `requested`.
async fn replay(
    state: &AppState,
    channel: Channel,
    channel_claim_id: &str,
    hash: &str,
) -> AppResult<Option<Answer>> {
    let row = sqlx::query(
        "SELECT c.id, c.request_hash, c.kind, c.fault, c.refund_amount, \
         (SELECT CAST(COUNT(*) AS BIGINT) FROM claim_events e WHERE e.claim_id = c.id AND e.action = 'approve' \
          AND e.actor LIKE 'channel:%') AS auto_approved \
         FROM claims c WHERE c.channel = $1 AND c.channel_claim_id = $2",
    )
    .bind(channel.code())
    .bind(channel_claim_id)
    .fetch_optional(state.db.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    if r.try_get::<String, _>("request_hash")? != hash {
        return Err(AppError::new(
            "idempotency_conflict",
            "같은 channel_claim_id로 내용이 다른 클레임이 이미 접수되었습니다.",
        ));
    }
    let kind = ClaimKind::parse(&r.try_get::<String, _>("kind")?).ok_or_else(AppError::internal)?;
    let fault = Fault::parse(&r.try_get::<String, _>("fault")?).ok_or_else(AppError::internal)?;
    let auto: i64 = r.try_get("auto_approved")?;
    let status = if auto > 0 {
        ClaimStatus::Completed
    } else {
        ClaimStatus::Requested
    };
    let refund = if status == ClaimStatus::Completed {
        r.try_get("refund_amount")?
    } else {
        0
    };
    Ok(Some((
        200,
        answer_of(r.try_get("id")?, kind, status, fault, refund),
    )))
}

/// Accepts a claim from `channel`: idempotent by the channel's claim id.
pub async fn accept(
    state: &AppState,
    channel: Channel,
    request: ChannelClaim,
) -> AppResult<Answer> {
    let hash = request_hash(&request);
    let channel_claim_id = valid_id("channel_claim_id", &request.channel_claim_id)?;
    if let Some(answer) = replay(state, channel, &channel_claim_id, &hash).await? {
        return Ok(answer);
    }
    match insert(state, channel, &request, &channel_claim_id, &hash).await {
        Err(e) if e.code == "duplicate" => {
            match replay(state, channel, &channel_claim_id, &hash).await? {
                Some(answer) => Ok(answer),
                // Not the same claim id: another claim of the item got in first.
                None => Err(claim_open()),
            }
        }
        other => other,
    }
}

fn claim_open() -> AppError {
    AppError::new(
        "claim_open",
        "이 상품주문에는 처리 중인 클레임이 이미 있습니다.",
    )
}

async fn insert(
    state: &AppState,
    channel: Channel,
    req: &ChannelClaim,
    channel_claim_id: &str,
    hash: &str,
) -> AppResult<Answer> {
    let now = now_millis();
    let kind = ClaimKind::parse(&req.kind).ok_or_else(|| {
        AppError::invalid(
            "kind",
            "kind는 cancel, return, exchange 중 하나여야 합니다.",
        )
    })?;
    let reason = Reason::parse(&req.reason).ok_or_else(|| {
        AppError::invalid(
            "reason",
            "reason은 change_of_mind, size_mismatch, color_mismatch, defective, wrong_item, late_delivery, other 중 하나여야 합니다.",
        )
    })?;
    let reason_text = req.reason_text.trim().to_owned();
    if reason_text.chars().count() > 500 {
        return Err(AppError::invalid(
            "reason_text",
            "reason_text는 500자 이하여야 합니다.",
        ));
    }
    if reason_text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::invalid(
            "reason_text",
            "reason_text에 제어 문자가 들어 있습니다.",
        ));
    }
    match (kind, req.exchange_variant_id) {
        (ClaimKind::Exchange, None) => {
            return Err(AppError::invalid(
                "exchange_variant_id",
                "교환은 exchange_variant_id가 필요합니다.",
            ))
        }
        (ClaimKind::Cancel | ClaimKind::Return, Some(_)) => {
            return Err(AppError::invalid(
                "exchange_variant_id",
                "exchange_variant_id는 교환에만 쓸 수 있습니다.",
            ))
        }
        _ => {}
    }
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
                    AppError::invalid("requested_at", "requested_at은 RFC 3339 형식이어야 합니다.")
                })?
                .timestamp_millis();
            if t > now + 5 * 60 * 1000 || t < now - 90 * DAY_MS {
                return Err(AppError::invalid(
                    "requested_at",
                    "requested_at이 현재 시각과 너무 다릅니다.",
                ));
            }
            t
        }
    };
    let fault = reason.fault();

    let mut tx = state.db.begin_write().await?;
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
        return Err(AppError::not_found("주문 상품"));
    };
    let item = load_item(&mut tx, item_id)
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
            "반품완료"
        } else {
            item.status.label_ko()
        };
        return Err(AppError::new(
            "claim_not_allowed",
            format!(
                "{state_label} 상태의 주문 상품에는 {} 요청을 받을 수 없습니다.",
                kind.label_ko()
            ),
        ));
    }

    // 교환: another active option of the same product, with stock now.
    let mut exchange_option_text = String::new();
    if let Some(variant_id) = req.exchange_variant_id {
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
                "같은 상품의 다른 옵션으로만 교환할 수 있습니다.",
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
                    "out_of_stock",
                    format!("교환할 옵션의 재고가 부족합니다. (남은 재고 {stock}개)"),
                )
            });
        }
        exchange_option_text = ["option1", "option2", "option3"]
            .iter()
            .map(|c| v.try_get::<String, _>(*c))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .filter(|o| !o.is_empty())
            .collect::<Vec<_>>()
            .join(" / ");
    }

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
        Err(e) if crate::accounts::ssr::is_unique_violation(&e) => {
            let _ = tx.rollback().await;
            return Err(AppError::new("duplicate", ""));
        }
        Err(e) => return Err(e.into()),
    };
    let actor = format!("channel:{}", channel.code());
    sqlx::query("UPDATE order_items SET claim_id = $1, claim_kind = $2, claim_status = 'requested' WHERE id = $3")
        .bind(claim_id)
        .bind(kind.as_str())
        .bind(item.id)
        .execute(&mut *tx)
        .await?;
    let detail = if reason_text.is_empty() {
        reason.label_ko().to_owned()
    } else {
        format!("{} · {}", reason.label_ko(), reason_text)
    };
    record_event(
        &mut tx,
        item.shop_id,
        claim_id,
        "request",
        "",
        "requested",
        &detail,
        &actor,
    )
    .await?;

    let claim = load_claim(&mut tx, claim_id)
        .await?
        .ok_or_else(AppError::internal)?;
    // A cancel before 발주확인 needs nobody's decision.
    let (status, refund_amount) = if kind == ClaimKind::Cancel
        && item.status == OrderStatus::Paid
    {
        let done = step(
            &mut tx,
            None,
            claim_id,
            ClaimAction::Approve,
            &StepInput::default(),
            &actor,
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
        tell_buyer(&mut tx, &claim, &item, "claim_requested", &subject, &body).await?;
        (ClaimStatus::Requested, 0)
    };
    tx.commit().await?;
    publish(state, item.shop_id).await;
    Ok((201, answer_of(claim_id, kind, status, fault, refund_amount)))
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

/// Status changes of the caller's claims, oldest first.
pub async fn updates(db: &Database, channel: Channel, cursor: i64, limit: i64) -> AppResult<Value> {
    let rows = sqlx::query(
        "SELECT e.id, e.to_status, e.created_at, c.channel_claim_id, c.refund_amount, c.charge_amount FROM claim_events e \
         JOIN claims c ON c.id = e.claim_id WHERE c.channel = $1 AND e.id > $2 ORDER BY e.id LIMIT $3",
    )
    .bind(channel.code())
    .bind(cursor)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    let mut next = cursor;
    let mut events = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        next = next.max(id);
        let status: String = r.try_get("to_status")?;
        let refund: i64 = if status == "completed" {
            r.try_get("refund_amount")?
        } else {
            0
        };
        events.push(json!({
            "id": id,
            "channel_claim_id": r.try_get::<String, _>("channel_claim_id")?,
            "status": status,
            "refund_amount": refund,
            "at": rfc3339_kst(r.try_get("created_at")?),
        }));
    }
    Ok(json!({"events": events, "next_cursor": next}))
}

// ------------------------------------------------------------------ lists

const ROW_COLS: &str = "c.id, c.kind, c.status, c.reason_code, c.fault, c.quantity, c.exchange_option_text, c.refund_amount, \
    c.charge_amount, c.requested_at, c.due_at, c.channel, c.order_item_id, i.order_no, i.product_name, i.option_text, i.buyer_name";

fn channel_label(code: &str) -> String {
    Channel::parse(code)
        .map(|c| c.label_ko().to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn map_row(r: &sqlx::any::AnyRow, now: i64) -> AppResult<ClaimRow> {
    let kind = ClaimKind::parse(&r.try_get::<String, _>("kind")?).ok_or_else(AppError::internal)?;
    let status =
        ClaimStatus::parse(&r.try_get::<String, _>("status")?).ok_or_else(AppError::internal)?;
    let reason_code: String = r.try_get("reason_code")?;
    let fault = Fault::parse(&r.try_get::<String, _>("fault")?).ok_or_else(AppError::internal)?;
    let due: i64 = r.try_get("due_at")?;
    let open = status.is_open();
    Ok(ClaimRow {
        id: r.try_get("id")?,
        kind,
        kind_label: kind.label_ko().to_owned(),
        status,
        status_label: status.label_ko(kind).to_owned(),
        reason_label: Reason::parse(&reason_code)
            .map(|r| r.label_ko().to_owned())
            .unwrap_or_default(),
        reason: reason_code,
        fault,
        fault_label: fault.label_ko().to_owned(),
        order_no: r.try_get("order_no")?,
        order_item_id: r.try_get("order_item_id")?,
        channel_label: channel_label(&r.try_get::<String, _>("channel")?),
        product_name: r.try_get("product_name")?,
        option_text: r.try_get("option_text")?,
        exchange_option_text: r.try_get("exchange_option_text")?,
        quantity: r.try_get("quantity")?,
        buyer_name: r.try_get("buyer_name")?,
        requested_at: crate::time::format_datetime_ko(r.try_get("requested_at")?),
        due_at: crate::time::format_datetime_ko(due),
        overdue: open && due < now,
        due_soon: open && due >= now && due - now <= DAY_MS,
        refund_amount: r.try_get("refund_amount")?,
        charge_amount: r.try_get("charge_amount")?,
    })
}

fn bad_cursor() -> AppError {
    AppError::new(
        "bad_request",
        "목록 위치가 올바르지 않습니다. 처음부터 다시 조회해 주세요.",
    )
}

fn filter(sql: &mut Sql, shop_id: i64, q: &ClaimQuery, now: i64) -> AppResult<Vec<String>> {
    let shop = sql.arg(Arg::Int(shop_id));
    let mut clauses = vec![format!("c.shop_id = {shop}")];
    match q.tab.as_str() {
        "" | "all" => {}
        "cancel" | "return" | "exchange" => {
            clauses.push(format!(
                "c.kind = {} AND c.status = 'requested'",
                sql.arg(Arg::Text(q.tab.clone()))
            ));
        }
        "processing" => {
            clauses.push("c.status IN ('collecting', 'collected', 'on_hold')".to_owned())
        }
        "completed" => clauses.push("c.status = 'completed'".to_owned()),
        "rejected" => clauses.push("c.status IN ('rejected', 'withdrawn')".to_owned()),
        "due" => clauses.push(format!(
            "c.status IN {OPEN_SQL} AND c.due_at < {}",
            sql.arg(Arg::Int(now + DAY_MS))
        )),
        _ => {
            return Err(AppError::invalid(
                "tab",
                "클레임 상태를 목록에서 골라 주세요.",
            ))
        }
    }
    let term = q.q.trim();
    if !term.is_empty() {
        if term.chars().count() > 100 {
            return Err(AppError::invalid(
                "q",
                "검색어는 100자 이하로 입력해 주세요.",
            ));
        }
        let digits: String = term.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            let d = sql.arg(Arg::Text(digits.clone()));
            let mut any = vec![format!("i.order_no = {d}")];
            if let Ok(id) = digits.parse::<i64>() {
                if digits.len() <= 12 {
                    let n = sql.arg(Arg::Int(id));
                    any.push(format!("c.id = {n} OR c.order_item_id = {n}"));
                }
            }
            clauses.push(format!("({})", any.join(" OR ")));
        } else {
            let exact = sql.arg(Arg::Text(term.to_owned()));
            let like = sql.arg(Arg::Text(format!("%{}%", escape_like(term))));
            clauses.push(format!(
                "(i.buyer_name = {exact} OR i.product_name LIKE {like} ESCAPE '\\')"
            ));
        }
    }
    Ok(clauses)
}

/// One page of the claim list, newest request first, with the tab counts.
pub async fn list(db: &Database, shop_id: i64, q: &ClaimQuery, limit: i64) -> AppResult<ClaimPage> {
    let now = now_millis();
    let mut sql = Sql::default();
    let mut clauses = filter(&mut sql, shop_id, q, now)?;
    if let Some(cursor) = q.cursor.as_deref().filter(|c| !c.is_empty()) {
        let (at, id): (i64, i64) = serde_json::from_str(cursor).map_err(|_| bad_cursor())?;
        let a = sql.arg(Arg::Int(at));
        let i = sql.arg(Arg::Int(id));
        clauses.push(format!("c.requested_at <= {a} AND (c.requested_at < {a} OR (c.requested_at = {a} AND c.id < {i}))"));
    }
    let text = format!(
        "SELECT {ROW_COLS} FROM claims c JOIN order_items i ON i.id = c.order_item_id WHERE {} \
         ORDER BY c.requested_at DESC, c.id DESC LIMIT {}",
        clauses.join(" AND "),
        limit + 1
    );
    let rows = sql
        .query(&text)
        .persistent(false)
        .fetch_all(db.pool())
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    let mut last = None;
    for r in rows.iter().take(limit as usize) {
        last = Some((
            r.try_get::<i64, _>("requested_at")?,
            r.try_get::<i64, _>("id")?,
        ));
        out.push(map_row(r, now)?);
    }
    let next_cursor = if rows.len() as i64 > limit {
        last.map(|l| serde_json::to_string(&l).unwrap_or_default())
    } else {
        None
    };
    let first_page = q.cursor.as_deref().is_none_or(str::is_empty);
    let counts = if first_page {
        Some(counts(db, shop_id, now).await?)
    } else {
        None
    };
    Ok(ClaimPage {
        rows: out,
        next_cursor,
        counts,
    })
}

/// Claims per tab.
pub async fn counts(db: &Database, shop_id: i64, now: i64) -> AppResult<ClaimCounts> {
    let rows = sqlx::query(
        "SELECT kind, status, CAST(COUNT(*) AS BIGINT) AS n FROM claims WHERE shop_id = $1 GROUP BY kind, status",
    )
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?;
    let mut c = ClaimCounts::default();
    for r in rows {
        let n: i64 = r.try_get("n")?;
        let kind: String = r.try_get("kind")?;
        let status: String = r.try_get("status")?;
        c.all += n;
        match status.as_str() {
            "requested" => match kind.as_str() {
                "cancel" => c.cancel += n,
                "return" => c.returns += n,
                _ => c.exchange += n,
            },
            "collecting" | "collected" | "on_hold" => c.processing += n,
            "completed" => c.completed += n,
            _ => c.rejected += n,
        }
    }
    let (due,): (i64,) = sqlx::query_as(&format!(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM claims WHERE shop_id = $1 AND status IN {OPEN_SQL} AND due_at < $2"
    ))
    .bind(shop_id)
    .bind(now + DAY_MS)
    .fetch_one(db.pool())
    .await?;
    c.due = due;
    Ok(c)
}

fn event_label(code: &str) -> String {
    match code {
        "request" => "요청 접수".to_owned(),
        other => ClaimAction::from_code(other)
            .map(|a| a.label_ko().to_owned())
            .unwrap_or_else(|| other.to_owned()),
    }
}

fn waybill_view(courier: &str, number: &str) -> (String, String) {
    match Courier::parse(courier) {
        Some(c) if !number.is_empty() => (c.name_ko().to_owned(), c.tracking_url(number)),
        _ => (String::new(), String::new()),
    }
}

/// 클레임 상세, with the refund as 승인 would compute it now.
pub async fn detail(db: &Database, shop_id: i64, claim_id: i64) -> AppResult<ClaimDetail> {
    let now = now_millis();
    let r = sqlx::query(&format!(
        "SELECT {ROW_COLS}, c.channel_claim_id, c.reason_text, c.pickup_courier, c.pickup_tracking, c.reship_courier, \
         c.reship_tracking, c.damaged, c.decision_reason, c.decided_by, c.refund_product, c.refund_shipping, c.deduction, \
         i.status AS item_status, i.recipient_name, i.address, i.address_detail \
         FROM claims c JOIN order_items i ON i.id = c.order_item_id WHERE c.id = $1 AND c.shop_id = $2"
    ))
    .bind(claim_id)
    .bind(shop_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(claim_not_found)?;
    let row = map_row(&r, now)?;
    let mut conn = db.pool().acquire().await?;
    let claim = load_claim(&mut conn, claim_id)
        .await?
        .ok_or_else(claim_not_found)?;
    let item = load_item(&mut conn, claim.order_item_id)
        .await?
        .ok_or_else(AppError::internal)?;
    let refund_final = row.status == ClaimStatus::Completed;
    let refund = if refund_final {
        // What was refunded, as stored; the deductions' detail is recomputed
        // only for their labels.
        let mut b = compute_refund(&mut conn, &claim, &item).await?;
        b.product_amount = r.try_get("refund_product")?;
        b.shipping_refund = r.try_get("refund_shipping")?;
        b.deduction_total = r.try_get("deduction")?;
        b.total = row.refund_amount;
        b.charge_amount = row.charge_amount;
        b
    } else {
        compute_refund(&mut conn, &claim, &item).await?
    };
    drop(conn);
    let events = sqlx::query(
        "SELECT action, to_status, detail, actor, created_at FROM claim_events WHERE claim_id = $1 AND shop_id = $2 ORDER BY id",
    )
    .bind(claim_id)
    .bind(shop_id)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|e| {
        let action: String = e.try_get("action")?;
        let to: String = e.try_get("to_status")?;
        Ok(ClaimEventView {
            at: crate::time::format_datetime_ko(e.try_get("created_at")?),
            action_label: event_label(&action),
            action,
            to_status_label: ClaimStatus::parse(&to).map(|s| s.label_ko(row.kind).to_owned()).unwrap_or_default(),
            detail: e.try_get("detail")?,
            actor: e.try_get("actor")?,
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    let messages = crate::outbox::ssr::messages_for(db, shop_id, &crate::outbox::ssr::MessageFilter::Claim(claim_id)).await?;
    let (pickup_courier_name, pickup_url) = waybill_view(
        &r.try_get::<String, _>("pickup_courier")?,
        &r.try_get::<String, _>("pickup_tracking")?,
    );
    let (reship_courier_name, reship_url) = waybill_view(
        &r.try_get::<String, _>("reship_courier")?,
        &r.try_get::<String, _>("reship_tracking")?,
    );
    let item_status = OrderStatus::parse(&r.try_get::<String, _>("item_status")?)
        .map(|s| s.label_ko())
        .unwrap_or("");
    let address_detail: String = r.try_get("address_detail")?;
    Ok(ClaimDetail {
        actions: seller_actions(row.kind, row.status),
        channel_claim_id: r.try_get("channel_claim_id")?,
        reason_text: r.try_get("reason_text")?,
        item_status_label: item_status.to_owned(),
        recipient_name: r.try_get("recipient_name")?,
        address: format!("{} {}", r.try_get::<String, _>("address")?, address_detail)
            .trim()
            .to_owned(),
        pickup_courier_name,
        pickup_tracking: r.try_get("pickup_tracking")?,
        pickup_url,
        reship_courier_name,
        reship_tracking: r.try_get("reship_tracking")?,
        reship_url,
        damaged: r.try_get::<i64, _>("damaged")? != 0,
        decision_reason: r.try_get("decision_reason")?,
        decided_by: r.try_get("decided_by")?,
        refund,
        refund_final,
        events,
        messages,
        row,
    })
}

/// The current claim of each of the shop's items among `ids`.
pub async fn badges(db: &Database, shop_id: i64, ids: &[i64]) -> AppResult<Vec<ClaimBadge>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    if ids.len() > 500 {
        return Err(AppError::invalid(
            "ids",
            "한 번에 최대 500건까지 조회할 수 있습니다.",
        ));
    }
    let mut sql = Sql::default();
    let shop = sql.arg(Arg::Int(shop_id));
    let list = sql.placeholders(&ids);
    let rows = sql
        .query(&format!(
            "SELECT id, claim_id, claim_kind, claim_status FROM order_items WHERE shop_id = {shop} AND id IN ({list}) AND claim_id <> 0"
        ))
        .fetch_all(db.pool())
        .await?;
    let mut out = Vec::new();
    for r in &rows {
        let kind: String = r.try_get("claim_kind")?;
        let status: String = r.try_get("claim_status")?;
        out.extend(ClaimBadge::of(r.try_get("id")?, r.try_get("claim_id")?, &kind, &status));
    }
    Ok(out)
}
