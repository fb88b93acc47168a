//! 클레임 관리 (취소·반품·교환): claims the sales channels send through the
//! Channel API, the seller's decisions on them, the refund computed on the
//! server ([`refund`]) and shown before approval, stock going back exactly
//! once, and a message to the buyer at every step (the buyer outbox).
//!
//! The claim state machine lives in [`model::transition`]; the server code in
//! [`ssr`] applies it under a conditional update, so two people (or a person
//! and a channel) never move one claim twice, and the stock moves with the
//! one change that won.

pub mod model;
pub mod pages;
pub mod refund;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::AppError;
use crate::i18n::msg;
use crate::outbox::OutboxMessageView;
pub use crate::orders::claim_state::ClaimBadge;
pub use model::*;
pub use refund::{Deduction, RefundBreakdown};

/// Tabs of the claim list: the code and its label (in the reader's language).
pub const TABS: &[(&str, fn() -> &'static str)] = &[
    ("", msg::claims_tab_all),
    ("cancel", msg::claims_tab_cancel),
    ("return", msg::claims_tab_return),
    ("exchange", msg::claims_tab_exchange),
    ("processing", msg::claims_tab_processing),
    ("completed", msg::claims_tab_completed),
    ("rejected", msg::claims_tab_rejected),
    ("due", msg::claims_tab_due),
];

/// [`TABS`] with their labels in the current language, as the list's tab
/// bar takes them.
pub fn tabs() -> Vec<(&'static str, &'static str)> {
    TABS.iter().map(|&(code, label)| (code, label())).collect()
}

/// What the claim list is asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClaimQuery {
    /// A [`TABS`] code.
    pub tab: String,
    /// 주문번호, 클레임 번호, buyer or product name.
    pub q: String,
    pub cursor: Option<String>,
}

/// One claim of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRow {
    pub id: i64,
    pub kind: ClaimKind,
    pub kind_label: String,
    pub status: ClaimStatus,
    pub status_label: String,
    pub reason: String,
    pub reason_label: String,
    pub fault: Fault,
    pub fault_label: String,
    pub order_no: String,
    pub order_item_id: i64,
    pub channel_label: String,
    pub product_name: String,
    pub option_text: String,
    /// 교환: the option wanted instead.
    pub exchange_option_text: String,
    pub quantity: i64,
    pub buyer_name: String,
    pub requested_at: String,
    /// 처리기한
    pub due_at: String,
    /// Open and past its deadline.
    pub overdue: bool,
    /// Open and due within a day.
    pub due_soon: bool,
    pub refund_amount: i64,
    pub charge_amount: i64,
}

/// Live counts of the tabs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimCounts {
    pub all: i64,
    pub cancel: i64,
    #[serde(rename = "return")]
    pub returns: i64,
    pub exchange: i64,
    pub processing: i64,
    pub completed: i64,
    pub rejected: i64,
    /// Open claims due within a day or past due.
    pub due: i64,
}

impl ClaimCounts {
    pub fn of_tab(&self, tab: &str) -> i64 {
        match tab {
            "cancel" => self.cancel,
            "return" => self.returns,
            "exchange" => self.exchange,
            "processing" => self.processing,
            "completed" => self.completed,
            "rejected" => self.rejected,
            "due" => self.due,
            _ => self.all,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimPage {
    pub rows: Vec<ClaimRow>,
    pub next_cursor: Option<String>,
    /// On the first page only.
    pub counts: Option<ClaimCounts>,
}

crate::ui::list_page!(ClaimPage, ClaimRow);

/// One entry of a claim's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimEventView {
    pub at: String,
    pub action: String,
    pub action_label: String,
    pub to_status_label: String,
    pub detail: String,
    pub actor: String,
}

/// 클레임 상세.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDetail {
    pub row: ClaimRow,
    pub channel_claim_id: String,
    pub reason_text: String,
    /// The order item's own status (배송완료 …).
    pub item_status_label: String,
    pub recipient_name: String,
    pub address: String,
    pub pickup_courier_name: String,
    pub pickup_tracking: String,
    pub pickup_url: String,
    pub reship_courier_name: String,
    pub reship_tracking: String,
    pub reship_url: String,
    pub damaged: bool,
    pub decision_reason: String,
    pub decided_by: String,
    /// Stored when completed; otherwise computed now (what 승인 would refund).
    pub refund: RefundBreakdown,
    pub refund_final: bool,
    /// What the seller may do now.
    pub actions: Vec<ClaimAction>,
    pub events: Vec<ClaimEventView>,
    pub messages: Vec<OutboxMessageView>,
}

#[server(prefix = "/api")]
pub async fn list_claims(
    tab: String,
    q: String,
    cursor: Option<String>,
) -> Result<ClaimPage, AppError> {
    crate::auth::ssr::as_member(Permission::Claims, async |state, actor| {
        ssr::list(
            &state.db,
            actor.shop_id,
            &ClaimQuery { tab, q, cursor },
            ssr::PAGE_SIZE,
        )
        .await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn get_claim(claim_id: i64) -> Result<ClaimDetail, AppError> {
    crate::auth::ssr::as_member(Permission::Claims, async |state, actor| {
        ssr::detail(&state.db, actor.shop_id, claim_id).await
    })
    .await
}

/// 승인: cancels in bulk; a return one at a time, with the refund the seller
/// was shown (`expected_refund`), which must still be the server's.
#[server(prefix = "/api", input = Json)]
pub async fn approve_claims(
    ids: Vec<i64>,
    expected_refund: Option<i64>,
) -> Result<usize, AppError> {
    crate::auth::ssr::as_member(Permission::Claims, async |state, actor| {
        ssr::approve(&state, &actor, &ids, expected_refund).await
    })
    .await
}

/// 거부, with the reason the buyer is told.
#[server(prefix = "/api")]
pub async fn reject_claim(claim_id: i64, reason: String) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Claims, async |state, actor| {
        ssr::member_step(
            &state,
            &actor,
            claim_id,
            ClaimAction::Reject,
            ssr::StepInput::reason(reason),
        )
        .await
    })
    .await
}

/// 보류, with a reason.
#[server(prefix = "/api")]
pub async fn hold_claim(claim_id: i64, reason: String) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Claims, async |state, actor| {
        ssr::member_step(
            &state,
            &actor,
            claim_id,
            ClaimAction::Hold,
            ssr::StepInput::reason(reason),
        )
        .await
    })
    .await
}

/// 수거 요청 (반품·교환), optionally with the pickup's courier and number.
#[server(prefix = "/api")]
pub async fn start_pickup(
    claim_id: i64,
    courier: String,
    tracking_number: String,
) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Claims, async |state, actor| {
        let input = ssr::StepInput::waybill(&courier, &tracking_number, false)?;
        ssr::member_step(&state, &actor, claim_id, ClaimAction::StartPickup, input).await
    })
    .await
}

/// 수거완료; `damaged`: the goods came back unsellable (no stock back).
#[server(prefix = "/api")]
pub async fn mark_collected(claim_id: i64, damaged: bool) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Claims, async |state, actor| {
        let input = ssr::StepInput {
            damaged,
            ..Default::default()
        };
        ssr::member_step(&state, &actor, claim_id, ClaimAction::MarkCollected, input).await
    })
    .await
}

/// 교환 재발송 with the new courier and tracking number.
#[server(prefix = "/api")]
pub async fn reship_exchange(
    claim_id: i64,
    courier: String,
    tracking_number: String,
) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Claims, async |state, actor| {
        let input = ssr::StepInput::waybill(&courier, &tracking_number, true)?;
        ssr::member_step(&state, &actor, claim_id, ClaimAction::Reship, input).await
    })
    .await
}

/// The claims of order items (the order pages' badges).
#[server(prefix = "/api", input = Json)]
pub async fn claim_badges(ids: Vec<i64>) -> Result<Vec<ClaimBadge>, AppError> {
    crate::auth::ssr::as_member(Permission::Orders, async |state, actor| {
        ssr::badges(&state.db, actor.shop_id, &ids).await
    })
    .await
}
