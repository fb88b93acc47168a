//! The buyer's messages of the claim steps, through the buyer outbox.

use sqlx::AnyConnection;

use super::step::StepInput;
use super::{ClaimRec, ItemRec};
use crate::claims::refund::RefundBreakdown;
use crate::claims::{ClaimAction, ClaimKind, ClaimStatus};
use crate::error::AppResult;
use crate::format::format_won;
use crate::outbox::ssr::{enqueue, BuyerMessage};

/// The buyer's message for a step: (kind, subject, body). Always in Korean
/// (buyers are Korean marketplace customers), whatever the seller reads:
/// the caller runs it under `with_locale(Ko)`, so amounts read as in Korean.
pub(super) fn step_message(
    claim: &ClaimRec,
    item: &ItemRec,
    action: ClaimAction,
    to: ClaimStatus,
    input: &StepInput,
    breakdown: Option<&RefundBreakdown>,
) -> Option<(String, String, String)> {
    let kind = claim.kind.label_ko();
    let shop = &item.shop_name;
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
        ClaimAction::Reship => reship_message(claim, shop, input, breakdown)?,
        ClaimAction::Withdraw => (
            "claim_withdrawn".to_owned(),
            format!("[{shop}] {kind} 요청 철회 안내"),
            format!("{kind} 요청이 철회되었습니다."),
        ),
    })
}

/// The refund's lines of a message: the total, the product amount, the
/// shipping refund and each deduction.
fn refund_lines(b: &RefundBreakdown) -> String {
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
}

/// 교환 재발송: the new option's waybill, and the buyer's share of the
/// exchange's shipping when there is one.
fn reship_message(
    claim: &ClaimRec,
    shop: &str,
    input: &StepInput,
    breakdown: Option<&RefundBreakdown>,
) -> Option<(String, String, String)> {
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
    Some((
        "exchange_reshipped".to_owned(),
        format!("[{shop}] 교환 상품 발송 안내"),
        body,
    ))
}

pub(super) async fn tell_buyer(
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
