//! The seller's actions on claims: a member's step on one claim, and 승인
//! (cancels in bulk, a return alone).

use serde_json::{json, Value};

use super::step::{checked_reason, step, StepInput};
use super::{claim_not_found, publish, MAX_BULK};
use crate::auth::ssr::ShopActor;
use crate::audit::ssr::{record, Change};
use crate::claims::{ClaimAction, ClaimKind};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::i18n::msg;
use crate::context::AppState;

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
                msg::claims_what_reject()
            } else {
                msg::claims_what_hold()
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
            ..Change::by(actor, audit_action(action), format!("claim:{claim_id}"))
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
        return Err(AppError::invalid("ids", msg::claims_err_select_to_approve()));
    }
    if ids.len() > MAX_BULK {
        return Err(AppError::invalid(
            "ids",
            msg::claims_err_bulk_max(MAX_BULK),
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
                    msg::claims_err_return_one_at_a_time(),
                ));
            }
            Some(ClaimKind::Exchange) => {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    msg::claims_err_exchange_completes_by_reship(),
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
            ..Change::by(actor, "claim.approve", format!("claims:{}", ids.len()))
        },
    )
    .await?;
    tx.commit().await?;
    publish(state, actor.shop_id).await;
    Ok(ids.len())
}
