//! Review queue data access and the document download (server only).

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sqlx::Row;

use super::{ApplicationDetail, ApplicationSummary, ReviewDecision};
use crate::auth::ssr::{session_info, Actor};
use crate::audit::ssr::{json, record, Change};
use crate::error::{ErrorCode, AppError, AppResult};
use crate::db::Database;
use crate::context::AppState;
use crate::i18n::msg;
use crate::shop::{BusinessNumber, ShopStatus};

const SUMMARY_SQL: &str = "SELECT s.id, s.name, s.representative_name, s.business_number, s.status, s.submitted_at, \
     (SELECT u.email FROM shop_members m JOIN users u ON u.id = m.user_id \
      WHERE m.shop_id = s.id AND m.role = 'owner' ORDER BY m.created_at LIMIT 1) AS owner_email \
     FROM shops s";

fn summary(r: &sqlx::any::AnyRow) -> AppResult<ApplicationSummary> {
    let digits: String = r.try_get("business_number")?;
    Ok(ApplicationSummary {
        shop_id: r.try_get("id")?,
        shop_name: r.try_get("name")?,
        representative_name: r.try_get("representative_name")?,
        business_number: BusinessNumber::parse(&digits).map(|n| n.formatted()).unwrap_or(digits),
        owner_email: r.try_get::<Option<String>, _>("owner_email")?.unwrap_or_default(),
        status: ShopStatus::parse(&r.try_get::<String, _>("status")?).ok_or_else(AppError::internal)?,
        submitted_at: crate::time::format_datetime(r.try_get("submitted_at")?),
    })
}

/// Oldest application first: the queue is worked in order of arrival.
pub async fn list(db: &Database, status: Option<ShopStatus>) -> AppResult<Vec<ApplicationSummary>> {
    let rows = match status {
        Some(s) => {
            sqlx::query(&format!("{SUMMARY_SQL} WHERE s.status = $1 ORDER BY s.submitted_at, s.id LIMIT 200"))
                .bind(s.as_str())
                .fetch_all(db.pool())
                .await?
        }
        None => sqlx::query(&format!("{SUMMARY_SQL} ORDER BY s.submitted_at DESC, s.id DESC LIMIT 200"))
            .fetch_all(db.pool())
            .await?,
    };
    rows.iter().map(summary).collect()
}

pub async fn detail(db: &Database, shop_id: i64) -> AppResult<ApplicationDetail> {
    let row = sqlx::query(&format!(
        "{SUMMARY_SQL} WHERE s.id = $1"
    ))
    .bind(shop_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or_else(|| AppError::not_found(msg::operator_noun_application()))?;
    let extra = sqlx::query(
        "SELECT mail_order_number, business_address, settlement_bank, settlement_account, settlement_holder, \
         document_path, document_mime, rejection_reason FROM shops WHERE id = $1",
    )
    .bind(shop_id)
    .fetch_one(db.pool())
    .await?;
    let document: String = extra.try_get("document_path")?;
    let mime: String = extra.try_get("document_mime")?;
    Ok(ApplicationDetail {
        summary: summary(&row)?,
        mail_order_number: extra.try_get("mail_order_number")?,
        business_address: extra.try_get("business_address")?,
        settlement_bank: extra.try_get("settlement_bank")?,
        settlement_account: extra.try_get("settlement_account")?,
        settlement_holder: extra.try_get("settlement_holder")?,
        document_url: (!document.is_empty()).then(|| format!("/operator/documents/{shop_id}")),
        document_is_pdf: mime == "application/pdf",
        rejection_reason: extra.try_get("rejection_reason")?,
    })
}

pub async fn decide(
    state: &AppState,
    operator: &Actor,
    shop_id: i64,
    decision: ReviewDecision,
    reason: &str,
) -> AppResult<ShopStatus> {
    let app = detail(&state.db, shop_id).await?;
    let from = app.summary.status;
    let to = decision.apply(from)?;
    let mut tx = state.db.pool().begin().await?;
    // Conditional on the state we judged: two operators deciding at once
    // cannot both win.
    let reason_kept = if decision.needs_reason() { reason } else { "" };
    if !crate::shop::ssr::set_review_status(&mut tx, shop_id, from, to, reason_kept).await? {
        return Err(AppError::new(ErrorCode::Conflict, msg::operator_err_already_decided()));
    }
    record(
        &mut *tx,
        Change {
            shop_id: Some(shop_id),
            actor_user_id: Some(operator.user_id),
            actor_email: &operator.email,
            action: decision.audit_action(),
            target: app.summary.shop_name.clone(),
            before: json(&serde_json::json!({ "status": from.as_str() })),
            after: json(&serde_json::json!({ "status": to.as_str(), "reason": reason })),
        },
    )
    .await?;
    tx.commit().await?;
    if !app.summary.owner_email.is_empty() {
        // Written in the owner's language, not the operator's.
        let locale = crate::auth::ssr::locale_of_email(&state.db, &app.summary.owner_email).await?;
        let (subject, body) = crate::i18n::with_locale(locale, || match to {
            ShopStatus::Approved => (
                msg::operator_mail_approved_subject().to_owned(),
                format!("{}\n\n{}/", msg::operator_mail_approved_body(&app.summary.shop_name), state.config.public_url()),
            ),
            ShopStatus::Rejected => (
                msg::operator_mail_rejected_subject().to_owned(),
                format!(
                    "{}\n\n{}\n\n{}\n\n{}/application",
                    msg::operator_mail_rejected_body(&app.summary.shop_name),
                    msg::operator_reason(reason),
                    msg::operator_mail_resubmit(),
                    state.config.public_url()
                ),
            ),
            _ => (
                msg::operator_mail_suspended_subject().to_owned(),
                format!("{}\n\n{}", msg::operator_mail_suspended_body(&app.summary.shop_name), msg::operator_reason(reason)),
            ),
        });
        crate::mail::ssr::send(state, &app.summary.owner_email, &subject, &body).await?;
    }
    Ok(to)
}

/// `GET /operator/documents/{shop_id}`: the 사업자등록증, for operators only,
/// from outside the web root.
pub async fn document(State(state): State<AppState>, Path(shop_id): Path<i64>, req: axum::extract::Request) -> Response {
    let authorised = match crate::auth::ssr::session_token_of(&state, req.headers()) {
        Some(token) => crate::auth::ssr::actor_for_session_token(&state, &token).await,
        None => Ok(None),
    };
    match authorised {
        Ok(Some(actor)) if session_info(&actor).is_operator => {}
        Ok(Some(_)) => return (StatusCode::FORBIDDEN, msg::operator_doc_forbidden()).into_response(),
        _ => return (StatusCode::UNAUTHORIZED, msg::error_code_unauthorized()).into_response(),
    }
    let row = sqlx::query("SELECT document_path, document_mime FROM shops WHERE id = $1")
        .bind(shop_id)
        .fetch_optional(state.db.pool())
        .await;
    let Ok(Some(row)) = row else { return (StatusCode::NOT_FOUND, msg::operator_doc_not_found()).into_response() };
    let path: String = row.try_get("document_path").unwrap_or_default();
    let mime: String = row.try_get("document_mime").unwrap_or_default();
    // Names are ours (random hex + extension); refuse anything else.
    if path.is_empty() || path.contains('/') || path.contains("..") {
        return (StatusCode::NOT_FOUND, msg::operator_doc_not_found()).into_response();
    }
    // An upload is the applicant's file, not ours: downloaded, never shown
    // as a page of this origin (a crafted PDF or SVG runs nothing here).
    let extension = path.rsplit_once('.').map(|(_, e)| e).filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()));
    let disposition = format!("attachment; filename=\"business-registration-{shop_id}.{}\"", extension.unwrap_or("bin"));
    match tokio::fs::read(state.config.data_dir.join("documents").join(&path)).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, mime),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
                (header::HeaderName::from_static("x-content-type-options"), "nosniff".to_owned()),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CONTENT_SECURITY_POLICY, "sandbox".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, msg::operator_doc_not_found()).into_response(),
    }
}
