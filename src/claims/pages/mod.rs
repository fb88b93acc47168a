//! Pages of 클레임 관리: the live claim list (tabs with counts, deadline
//! warnings, bulk 승인 of cancels) and a claim's detail (timeline, the refund
//! computed before 승인, the seller's actions and the messages to the buyer).

mod detail;
mod list;

pub use detail::ClaimDetailPage;
pub use list::ClaimListPage;

use leptos::prelude::*;

use super::*;
use crate::i18n::msg;

fn status_badge(kind: ClaimKind, status: ClaimStatus) -> impl IntoView {
    let class = match status {
        ClaimStatus::Requested => "badge badge-warning",
        ClaimStatus::Collecting | ClaimStatus::Collected | ClaimStatus::OnHold => {
            "badge badge-pending_review"
        }
        ClaimStatus::Completed => "badge badge-approved",
        ClaimStatus::Rejected | ClaimStatus::Withdrawn => "badge badge-rejected",
    };
    view! { <span class=class data-testid="claim-status">{status_label(status, kind)}</span> }
}

/// 처리기한 with its warning: 기한 초과 or 기한 임박.
fn due_flag(row: &ClaimRow) -> impl IntoView {
    view! {
        <span class="muted small">{msg::claims_due()} " " {row.due_at.clone()}</span>
        {row.overdue.then(|| view! { " " <span class="flag-late" data-testid="claim-overdue">{msg::claims_overdue()}</span> })}
        {row.due_soon.then(|| view! { " " <span class="badge badge-warning" data-testid="claim-due-soon">{msg::claims_due_soon()}</span> })}
    }
}
