//! Sign-up with the business documents, e-mail verification, password resets
//! and changes, the account's sessions, and resubmitting an application.

use sqlx::Row;

use crate::auth::roles::Role;
use crate::accounts::validate::Email;
use crate::error::{ErrorCode, AppError, AppResult};
use crate::i18n::msg;
use crate::db::now_millis;
use crate::context::AppState;
use crate::auth::ShopStatus;
use crate::auth::ssr::*;

// ---------------------------------------------------------------- forms

/// A multipart form: its text fields and the one uploaded file, if any.
pub struct UploadedForm {
    pub fields: std::collections::HashMap<String, String>,
    /// The file's bytes (empty when none was sent).
    pub document: Vec<u8>,
    /// The file name the browser gave.
    pub file_name: String,
}

impl UploadedForm {
    pub fn get(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

/// Reads the sign-up form, stopping as soon as the document passes 10 MB.
pub async fn read_form(data: leptos::server_fn::codec::MultipartData) -> AppResult<UploadedForm> {
    read_multipart(
        data,
        "document",
        crate::accounts::validate::DOCUMENT_MAX_BYTES,
        AppError::invalid("document", msg::accounts_err_document_too_large()),
    )
    .await
}

/// Reads a multipart form with one file in `file_field`, refusing with
/// `too_large` as soon as the file passes `max_bytes` (never buffering more).
pub async fn read_multipart(
    data: leptos::server_fn::codec::MultipartData,
    file_field: &str,
    max_bytes: usize,
    too_large: AppError,
) -> AppResult<UploadedForm> {
    let bad = || AppError::new(ErrorCode::BadRequest, msg::accounts_err_bad_request());
    let mut data = data.into_inner().ok_or_else(bad)?;
    let mut fields = std::collections::HashMap::new();
    let mut document = Vec::new();
    let mut file_name = String::new();
    while let Some(mut field) = data.next_field().await.map_err(|_| bad())? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            file_name = field.file_name().unwrap_or_default().to_owned();
            while let Some(chunk) = field.chunk().await.map_err(|_| bad())? {
                if document.len() + chunk.len() > max_bytes {
                    return Err(too_large);
                }
                document.extend_from_slice(&chunk);
            }
        } else {
            let text = field.text().await.map_err(|_| bad())?;
            if text.len() > 10_000 {
                return Err(bad());
            }
            fields.insert(name, text);
        }
    }
    Ok(UploadedForm { fields, document, file_name })
}

/// Stores the 사업자등록증 outside the web root under a generated name.
pub(super) async fn store_document(state: &AppState, bytes: &[u8]) -> AppResult<(String, &'static str)> {
    let kind = crate::accounts::validate::DocumentKind::check(bytes)?;
    let dir = state.config.data_dir.join("documents");
    tokio::fs::create_dir_all(&dir).await.map_err(|e| {
        tracing::error!(error = %e, "cannot create the documents folder");
        AppError::internal()
    })?;
    let name = format!("{}.{}", random_token(), kind.extension());
    tokio::fs::write(dir.join(&name), bytes).await.map_err(|e| {
        tracing::error!(error = %e, "cannot store a document");
        AppError::internal()
    })?;
    Ok((name, kind.mime()))
}

pub(super) async fn remove_document(state: &AppState, name: &str) {
    let _ = tokio::fs::remove_file(state.config.data_dir.join("documents").join(name)).await;
}

/// The audit entry of an application (first or resubmitted).
pub(super) fn application_change<'a>(
    shop_id: i64,
    user_id: i64,
    email: &'a str,
    action: &'a str,
    business: &crate::accounts::validate::BusinessInput,
) -> crate::audit::ssr::Change<'a> {
    crate::audit::ssr::Change {
        shop_id: Some(shop_id),
        actor_user_id: Some(user_id),
        actor_email: email,
        action,
        target: business.shop_name.clone(),
        before: String::new(),
        after: crate::audit::ssr::json(&serde_json::json!({
            "shop_name": business.shop_name,
            "business_number": business.business_number.formatted(),
        })),
    }
}

pub(super) fn business_number_taken() -> AppError {
    AppError {
        code: ErrorCode::BusinessNumberTaken,
        message: msg::accounts_err_business_number_taken().into(),
        field: Some("business_number".into()),
    }
}

pub async fn signup(state: &AppState, form: &UploadedForm) -> AppResult<String> {
    let input = crate::accounts::validate::SignupInput::parse(&|name| form.get(name))?;
    crate::accounts::validate::DocumentKind::check(&form.document)?;
    // Only a verified application holds a number: an unverified one with the
    // same number (perhaps a squatter's) does not stop this one. Which
    // numbers are held is public (shops print them), so this answer is not
    // counted; whether an address has an account is, below.
    if crate::shop::ssr::business_number_held(&state.db, input.business.business_number.digits(), None).await? {
        return Err(business_number_taken());
    }
    signup_throttle(&state.db, &input.email, &client_ip(), now_millis()).await?;
    if user_by_email(&state.db, &input.email).await?.is_some() {
        return Err(duplicate_email());
    }
    let password_hash = hash_password(&input.password).await?;
    let (document, mime) = store_document(state, &form.document).await?;
    let result = async {
        let mut tx = state.db.pool().begin().await?;
        let user_id = insert_user(&mut tx, &input.email, &input.name, &password_hash, false, false).await?;
        let business = &input.business;
        let shop_id = crate::shop::ssr::insert_shop(
            &mut tx,
            &crate::shop::ssr::NewShop {
                business,
                status: ShopStatus::PendingReview,
                document_path: &document,
                document_mime: mime,
            },
        )
        .await
        .map_err(|e| if e.code == "conflict" { business_number_taken() } else { e })?;
        crate::staff::ssr::add_member(&mut tx, shop_id, user_id, Role::Owner).await?;
        let change = application_change(shop_id, user_id, input.email.as_str(), "shop.application.submit", business);
        crate::audit::ssr::record(&mut *tx, change).await?;
        tx.commit().await?;
        Ok::<i64, AppError>(user_id)
    }
    .await;
    let user_id = match result {
        Ok(id) => id,
        Err(e) => {
            remove_document(state, &document).await;
            return Err(e);
        }
    };
    send_verification(state, user_id, input.email.as_str()).await?;
    Ok(input.email.as_str().to_owned())
}

pub(super) async fn send_verification(state: &AppState, user_id: i64, email: &str) -> AppResult<()> {
    let token = issue_token(
        state,
        TokenPurpose::VerifyEmail,
        &TokenData { user_id: Some(user_id), email: email.to_owned(), ..Default::default() },
    )
    .await?;
    let link = format!("{}/verify-email?token={token}", state.config.public_url());
    let body = msg::accounts_verify_mail_body(&link);
    let lifetime = TokenPurpose::VerifyEmail.lifetime_ms();
    crate::mail::ssr::send_link(state, email, msg::accounts_verify_mail_subject(), &body, &link, lifetime).await
}

pub async fn verify_email(state: &AppState, token: &str) -> AppResult<String> {
    let mut tx = state.db.pool().begin().await?;
    let data = consume_token(&mut tx, &state.secret, TokenPurpose::VerifyEmail, token).await?;
    let user_id = data.user_id.ok_or_else(AppError::internal)?;
    mark_email_verified(&mut tx, user_id, now_millis()).await?;
    reserve_business_numbers(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(data.email)
}

/// The owner proved the address: the 사업자등록번호 of each application they
/// own becomes theirs, unless another application was verified with it
/// first (then nothing of this verification is kept).
async fn reserve_business_numbers(conn: &mut sqlx::AnyConnection, user_id: i64) -> AppResult<()> {
    for shop_id in crate::staff::ssr::shops_owned_by(conn, user_id).await? {
        if !crate::shop::ssr::reserve_business_number(conn, shop_id).await? {
            return Err(AppError {
                code: ErrorCode::BusinessNumberTaken,
                message: msg::accounts_err_business_number_verified_elsewhere().into(),
                field: Some("business_number".into()),
            });
        }
    }
    Ok(())
}

/// Sign-ups counted per address and per client in the last hour.
const SIGNUP_WINDOW_MS: i64 = 60 * 60 * 1000;
pub const MAX_SIGNUPS_PER_ADDRESS: i64 = 5;
pub const MAX_SIGNUPS_PER_IP: i64 = 20;

/// Counts this sign-up, then refuses it when its address or its client made
/// too many within the hour. The attempt is written before the count is
/// read, so parallel sign-ups see each other and cannot all slip under it.
async fn signup_throttle(db: &crate::db::Database, email: &Email, ip: &str, now: i64) -> AppResult<()> {
    let since = now - SIGNUP_WINDOW_MS;
    sqlx::query("DELETE FROM signup_attempts WHERE attempted_at <= $1").bind(since).execute(db.pool()).await?;
    let keys = [(format!("email:{}", email.as_str()), MAX_SIGNUPS_PER_ADDRESS), (format!("ip:{ip}"), MAX_SIGNUPS_PER_IP)];
    for (key, _) in &keys {
        sqlx::query("INSERT INTO signup_attempts (throttle_key, attempted_at) VALUES ($1, $2)")
            .bind(key)
            .bind(now)
            .execute(db.pool())
            .await?;
    }
    for (key, max) in &keys {
        let (attempts,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM signup_attempts WHERE throttle_key = $1 AND attempted_at > $2")
                .bind(key)
                .bind(since)
                .fetch_one(db.pool())
                .await?;
        if attempts > *max {
            return Err(AppError::new(ErrorCode::TooManyRequests, msg::accounts_err_too_many_signups()));
        }
    }
    Ok(())
}


pub async fn resend_verification(state: &AppState, email: &str) -> AppResult<()> {
    let email = Email::parse(email)?;
    mail_throttle(&state.db, &email).await?;
    if let Some(user) = user_by_email(&state.db, &email).await? {
        if !user.email_verified {
            send_verification(state, user.id, &user.email).await?;
        }
    }
    Ok(())
}

pub async fn forgot_password(state: &AppState, email: &str) -> AppResult<()> {
    let email = Email::parse(email)?;
    mail_throttle(&state.db, &email).await?;
    let Some(user) = user_by_email(&state.db, &email).await? else { return Ok(()) };
    let token = issue_token(
        state,
        TokenPurpose::ResetPassword,
        &TokenData { user_id: Some(user.id), email: user.email.clone(), ..Default::default() },
    )
    .await?;
    let link = format!("{}/reset-password?token={token}", state.config.public_url());
    let body = msg::accounts_reset_mail_body(&link);
    let lifetime = TokenPurpose::ResetPassword.lifetime_ms();
    crate::mail::ssr::send_link(state, &user.email, msg::accounts_reset_mail_subject(), &body, &link, lifetime).await
}

pub async fn reset_password(state: &AppState, token: &str, password: &str, confirm: &str) -> AppResult<()> {
    let data = peek_token(state, TokenPurpose::ResetPassword, token).await?;
    let email = Email::parse(&data.email)?;
    check_password(password, &email)?;
    if password != confirm {
        return Err(AppError::invalid("password_confirm", msg::accounts_err_password_mismatch()));
    }
    let hash = hash_password(password).await?;
    let mut tx = state.db.pool().begin().await?;
    let data = consume_token(&mut tx, &state.secret, TokenPurpose::ResetPassword, token).await?;
    let user_id = data.user_id.ok_or_else(AppError::internal)?;
    reset_password_of(&mut tx, user_id, &hash, now_millis()).await?;
    // The mailed link proves the address as the verification link does.
    reserve_business_numbers(&mut tx, user_id).await?;
    tx.commit().await?;
    clear_failures(&state.db, email.as_str()).await
}

pub(super) fn check_password(password: &str, email: &Email) -> AppResult<()> {
    crate::accounts::validate::check_password(password, Some(email))
}

pub async fn change_password(
    state: &AppState,
    actor: &Actor,
    current: &str,
    password: &str,
    confirm: &str,
) -> AppResult<()> {
    let user = user_by_id(&state.db, actor.user_id).await?.ok_or_else(unauthorized)?;
    if !verify_password(current, &user.password_hash).await? {
        return Err(AppError::invalid("current_password", msg::accounts_err_current_password()));
    }
    check_password(password, &Email::parse(&user.email)?)?;
    if password != confirm {
        return Err(AppError::invalid("password_confirm", msg::accounts_err_password_mismatch()));
    }
    if password == current {
        return Err(AppError::invalid("password", msg::accounts_err_same_password()));
    }
    set_password(&state.db, user.id, password).await?;
    // Other devices are signed out, this one continues under a new session id.
    rotate_after_password_change(state, user.id).await
}

pub async fn list_sessions(state: &AppState, user_id: i64) -> AppResult<Vec<crate::accounts::SessionView>> {
    let current = current_session_hash(state).unwrap_or_default();
    let now = now_millis();
    let rows = sqlx::query(
        "SELECT id_hash, created_at, last_seen_at, user_agent, ip FROM sessions \
         WHERE user_id = $1 AND expires_at > $2 AND last_seen_at > $3 ORDER BY last_seen_at DESC",
    )
    .bind(user_id)
    .bind(now)
    .bind(now - session_idle_ms(state))
    .fetch_all(state.db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let hash: String = r.try_get("id_hash")?;
            Ok(crate::accounts::SessionView {
                current: hash == current,
                created_at: crate::time::format_datetime(r.try_get("created_at")?),
                last_seen_at: crate::time::format_datetime(r.try_get("last_seen_at")?),
                user_agent: describe_agent(&r.try_get::<String, _>("user_agent")?),
                ip: r.try_get("ip")?,
            })
        })
        .collect()
}

/// A readable device name from a User-Agent header. Order matters: Edge,
/// Samsung Internet and Whale also say "Chrome", Chrome also says "Safari".
pub fn describe_agent(ua: &str) -> String {
    const SYSTEMS: &[(&[&str], &str)] = &[
        (&["Android"], "Android"),
        (&["iPhone", "iPad"], "iOS"),
        (&["Windows"], "Windows"),
        (&["Mac OS"], "macOS"),
        (&["Linux"], "Linux"),
    ];
    // Named in the reader's language below.
    const SAMSUNG_INTERNET: &str = "Samsung Internet";
    const BROWSERS: &[(&[&str], &str)] = &[
        (&["Edg/"], "Edge"),
        (&["SamsungBrowser"], SAMSUNG_INTERNET),
        (&["Whale"], "Whale"),
        (&["Chrome", "Chromium"], "Chrome"),
        (&["Safari"], "Safari"),
        (&["Firefox"], "Firefox"),
    ];
    let find = |table: &[(&[&str], &'static str)]| {
        table.iter().find(|(marks, _)| marks.iter().any(|m| ua.contains(m))).map(|(_, name)| *name)
    };
    let os = find(SYSTEMS).unwrap_or_else(msg::accounts_unknown_device);
    match find(BROWSERS).map(|b| if b == SAMSUNG_INTERNET { msg::accounts_browser_samsung() } else { b }) {
        Some(browser) => format!("{browser} · {os}"),
        None => os.to_owned(),
    }
}

/// A rejected shop sends corrected business details and a new document.
pub async fn resubmit(state: &AppState, actor: &ShopActor, form: &UploadedForm) -> AppResult<()> {
    let business = crate::accounts::validate::BusinessInput::parse(&|name| form.get(name))?;
    let status: (String,) =
        sqlx::query_as("SELECT status FROM shops WHERE id = $1").bind(actor.shop_id).fetch_one(state.db.pool()).await?;
    if status.0 != ShopStatus::Rejected.as_str() {
        return Err(AppError::new(ErrorCode::Conflict, msg::accounts_err_not_rejected()));
    }
    if crate::shop::ssr::business_number_held(&state.db, business.business_number.digits(), Some(actor.shop_id)).await? {
        return Err(business_number_taken());
    }
    let (old_document,): (String,) = sqlx::query_as("SELECT document_path FROM shops WHERE id = $1")
        .bind(actor.shop_id)
        .fetch_one(state.db.pool())
        .await?;
    let (document, mime) = store_document(state, &form.document).await?;
    let result = async {
        let mut tx = state.db.pool().begin().await?;
        let shop = crate::shop::ssr::NewShop {
            business: &business,
            status: ShopStatus::PendingReview,
            document_path: &document,
            document_mime: mime,
        };
        let resubmitted = crate::shop::ssr::resubmit_shop(&mut tx, actor.shop_id, &shop)
            .await
            .map_err(|e| if e.code == "conflict" { business_number_taken() } else { e })?;
        if !resubmitted {
            return Err(AppError::new(ErrorCode::Conflict, msg::accounts_err_not_rejected()));
        }
        let change =
            application_change(actor.shop_id, actor.user_id, &actor.email, "shop.application.resubmit", &business);
        crate::audit::ssr::record(&mut *tx, change).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    match &result {
        Ok(()) if !old_document.is_empty() => remove_document(state, &old_document).await,
        Ok(()) => {}
        Err(_) => remove_document(state, &document).await,
    }
    result
}
