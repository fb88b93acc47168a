//! 활동 기록: who changed what, and when — shop settings, staff, review
//! decisions, and later products, orders, claims and money.

#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::AppError;
use crate::i18n::msg;
use crate::ui::{ErrorNotice, Loading};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub action_label: String,
    pub target: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before_id` for the next (older) page.
    pub next: Option<i64>,
}

/// What an entry is about, in the reader's language. A thing without a name
/// of its own is stored as a `kind:id` code (`claim:12`, `order_items:3`);
/// names and e-mails are stored as they are, and so are older entries.
pub fn target_label(stored: &str) -> String {
    let (kind, rest) = stored.split_once(':').unwrap_or((stored, ""));
    match (kind, rest) {
        ("order_items", n) => msg::audit_target_order_items(n.parse::<i64>().unwrap_or(0)),
        ("claims", n) => msg::audit_target_claims(n.parse::<i64>().unwrap_or(0)),
        ("claim", id) => msg::audit_target_claim(id),
        ("review", id) => msg::audit_target_review(id),
        ("inquiry", id) => msg::audit_target_inquiry(id),
        ("statement", id) => msg::audit_target_statement(id),
        ("payout_account", "") => msg::audit_target_payout_account().to_owned(),
        ("products", "") => msg::audit_target_products().to_owned(),
        _ => stored.to_owned(),
    }
}

pub fn action_label(action: &str) -> &'static str {
    match action {
        "shop.profile.update" => msg::audit_action_shop_profile_update(),
        "shop.payout.update" => msg::audit_action_shop_payout_update(),
        "shop.application.submit" => msg::audit_action_shop_application_submit(),
        "shop.application.resubmit" => msg::audit_action_shop_application_resubmit(),
        "shop.review.approve" => msg::audit_action_shop_review_approve(),
        "shop.review.reject" => msg::audit_action_shop_review_reject(),
        "shop.review.suspend" => msg::audit_action_shop_review_suspend(),
        "staff.invite" => msg::audit_action_staff_invite(),
        "staff.invite.cancel" => msg::audit_action_staff_invite_cancel(),
        "staff.join" => msg::audit_action_staff_join(),
        "staff.role.change" => msg::audit_action_staff_role_change(),
        "staff.revoke" => msg::audit_action_staff_revoke(),
        "product.create" => msg::audit_action_product_create(),
        "product.update" => msg::audit_action_product_update(),
        "product.delete" => msg::audit_action_product_delete(),
        "product.bulk.status" => msg::audit_action_product_bulk_status(),
        "product.bulk.price" => msg::audit_action_product_bulk_price(),
        "product.stock_sheet" => msg::audit_action_product_stock_sheet(),
        "product.import" => msg::audit_action_product_import(),
        "order.confirm" => msg::audit_action_order_confirm(),
        "order.cancel" => msg::audit_action_order_cancel(),
        "order.ship" => msg::audit_action_order_ship(),
        "order.delay" => msg::audit_action_order_delay(),
        "claim.approve" => msg::audit_action_claim_approve(),
        "claim.reject" => msg::audit_action_claim_reject(),
        "claim.hold" => msg::audit_action_claim_hold(),
        "claim.pickup" => msg::audit_action_claim_pickup(),
        "claim.collect" => msg::audit_action_claim_collect(),
        "claim.reship" => msg::audit_action_claim_reship(),
        "claim.withdraw" => msg::audit_action_claim_withdraw(),
        "inquiry.answer" => msg::audit_action_inquiry_answer(),
        "inquiry.answer.edit" => msg::audit_action_inquiry_answer_edit(),
        "review.reply" => msg::audit_action_review_reply(),
        "review.reply.edit" => msg::audit_action_review_reply_edit(),
        "review.report" => msg::audit_action_review_report(),
        "review.best" => msg::audit_action_review_best(),
        "review.best.cancel" => msg::audit_action_review_best_cancel(),
        "coupon.create" => msg::audit_action_coupon_create(),
        "coupon.pause" => msg::audit_action_coupon_pause(),
        "coupon.resume" => msg::audit_action_coupon_resume(),
        "coupon.end" => msg::audit_action_coupon_end(),
        "promotions.discount.create" => msg::audit_action_discount_create(),
        "promotions.discount.cancel" => msg::audit_action_discount_cancel(),
        "promotions.campaign.create" => msg::audit_action_campaign_create(),
        "promotions.campaign.approve" => msg::audit_action_campaign_approve(),
        "promotions.campaign.reject" => msg::audit_action_campaign_reject(),
        "promotions.campaign.apply" => msg::audit_action_campaign_apply(),
        "promotions.campaign.withdraw" => msg::audit_action_campaign_withdraw(),
        _ => msg::audit_action_other(),
    }
}

pub const AUDIT_PAGE_SIZE: i64 = 50;

/// The shop's audit log, newest first, by cursor (owner only).
#[server(prefix = "/api")]
pub async fn list_audit_log(before_id: Option<i64>) -> Result<AuditPage, AppError> {
    crate::auth::ssr::as_member(Permission::AuditLog, async |state, actor| {
        ssr::page(&state.db, actor.shop_id, before_id, AUDIT_PAGE_SIZE).await
    })
    .await
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let before = RwSignal::new(None::<i64>);
    let page = Resource::new(move || before.get(), list_audit_log);
    view! {
        <Title text=msg::audit_page_title()/>
        <div class="page-head">
            <h1>{msg::audit_heading()}</h1>
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let next = p.next;
                        view! {
                            <ul class="audit-list">
                                {p.entries
                                    .into_iter()
                                    .map(|e| {
                                        view! {
                                            <li class="card audit-entry" data-testid="audit-entry">
                                                <p>
                                                    <strong>{e.action_label}</strong>
                                                    " · "
                                                    {e.target}
                                                </p>
                                                <p class="muted">{e.actor} " · " {e.at}</p>
                                                {(!e.before.is_empty() || !e.after.is_empty())
                                                    .then(|| {
                                                        view! {
                                                            <details>
                                                                <summary>{msg::audit_changes()}</summary>
                                                                <p class="muted">{msg::audit_before()}</p>
                                                                <pre>{e.before}</pre>
                                                                <p class="muted">{msg::audit_after()}</p>
                                                                <pre>{e.after}</pre>
                                                            </details>
                                                        }
                                                    })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            {next
                                .map(|id| {
                                    view! {
                                        <button type="button" class="btn" on:click=move |_| before.set(Some(id))>
                                            {msg::audit_more()}
                                        </button>
                                    }
                                })}
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}
