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

pub fn action_label(action: &str) -> &'static str {
    match action {
        "shop.profile.update" => "상점 정보 변경",
        "shop.payout.update" => "정산 계좌 변경",
        "shop.application.submit" => "입점 신청",
        "shop.application.resubmit" => "입점 재신청",
        "shop.review.approve" => "입점 승인",
        "shop.review.reject" => "입점 반려",
        "shop.review.suspend" => "판매 정지",
        "staff.invite" => "직원 초대",
        "staff.invite.cancel" => "초대 취소",
        "staff.join" => "직원 합류",
        "staff.role.change" => "직원 역할 변경",
        "staff.revoke" => "직원 권한 해제",
        "product.create" => "상품 등록",
        "product.update" => "상품 수정",
        "product.delete" => "상품 삭제",
        "product.bulk.status" => "상품 판매 상태 일괄 변경",
        "product.bulk.price" => "상품 가격 일괄 변경",
        "product.stock_sheet" => "재고·가격 일괄 수정",
        "product.import" => "상품 일괄등록",
        "order.confirm" => "발주확인",
        "order.cancel" => "판매취소",
        "order.ship" => "발송처리",
        "order.delay" => "발송지연 안내",
        "claim.approve" => "클레임 승인",
        "claim.reject" => "클레임 거부",
        "claim.hold" => "클레임 보류",
        "claim.pickup" => "수거 요청",
        "claim.collect" => "수거 완료",
        "claim.reship" => "교환 재배송",
        "claim.withdraw" => "클레임 철회",
        "inquiry.answer" => "문의 답변",
        "inquiry.answer.edit" => "문의 답변 수정",
        "review.reply" => "리뷰 답글",
        "review.reply.edit" => "리뷰 답글 수정",
        "review.report" => "리뷰 신고",
        "review.best" => "베스트 리뷰 선정",
        "review.best.cancel" => "베스트 리뷰 해제",
        _ => "기타 변경",
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
        <Title text="활동 기록 · 파트너센터"/>
        <div class="page-head">
            <h1>"활동 기록"</h1>
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
                                                                <summary>"변경 내용"</summary>
                                                                <p class="muted">"변경 전"</p>
                                                                <pre>{e.before}</pre>
                                                                <p class="muted">"변경 후"</p>
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
                                            "이전 기록 더 보기"
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
