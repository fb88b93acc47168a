//! Campaigns' data access (server only). The operator's functions see every
//! shop's applications; a seller's are bounded to the acting shop.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::*;
use crate::audit::ssr::{json, record, Change};
use crate::auth::ssr::{Actor, ShopActor};
use crate::context::AppState;
use crate::db::sql::{Arg, Keyset, Sql};
use crate::db::{now_millis, Database};
use crate::error::{AppResult, ErrorCode};
use crate::promotions::{check_name, check_period, discount_bp, MAX_AMOUNT};

pub const PAGE_SIZE: i64 = 50;
/// A campaign that starts within this long shows to sellers even before
/// its application window opens.
pub const SOON_MS: i64 = 30 * 24 * 60 * 60 * 1000;

const CAMPAIGN_COLS: &str = "c.id, c.title, c.banner, c.starts_at, c.ends_at, c.apply_from, c.apply_until, \
    c.min_discount_bp, c.max_price, c.categories, c.commission_bp, c.status";

fn card(r: &AnyRow, now: i64, pending: i64) -> AppResult<CampaignCard> {
    let (starts, ends, from, until): (i64, i64, i64, i64) =
        (r.try_get("starts_at")?, r.try_get("ends_at")?, r.try_get("apply_from")?, r.try_get("apply_until")?);
    let stored: String = r.try_get("status")?;
    let min_discount_bp: i64 = r.try_get("min_discount_bp")?;
    let commission_bp: i64 = r.try_get("commission_bp")?;
    Ok(CampaignCard {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        banner: r.try_get("banner")?,
        starts_at: crate::time::format_datetime(starts),
        ends_at: crate::time::format_datetime(ends),
        apply_from: crate::time::format_datetime(from),
        apply_until: crate::time::format_datetime(until),
        status: PromoStatus::of(if stored == "cancelled" { "cancelled" } else { "" }, starts, ends, now),
        apply_open: stored == "open" && from <= now && now < until,
        min_discount_bp,
        min_discount: crate::money::format_bp(min_discount_bp),
        max_price: r.try_get("max_price")?,
        categories: serde_json::from_str(&r.try_get::<String, _>("categories")?).unwrap_or_default(),
        commission_bp,
        commission: crate::money::format_bp(commission_bp),
        pending,
    })
}

const APP_COLS: &str = "a.id, a.campaign_id, c.title AS campaign_title, a.product_id, p.name AS product_name, \
    s.name AS shop_name, a.campaign_price, a.regular_price, a.status, a.reason, a.created_at, a.decided_at";
const APP_FROM: &str = "campaign_applications a JOIN campaigns c ON c.id = a.campaign_id \
    JOIN products p ON p.id = a.product_id JOIN shops s ON s.id = a.shop_id";

fn application(r: &AnyRow, with_shop: bool) -> AppResult<ApplicationRow> {
    let status: String = r.try_get("status")?;
    let (price, regular): (i64, i64) = (r.try_get("campaign_price")?, r.try_get("regular_price")?);
    let decided: i64 = r.try_get("decided_at")?;
    Ok(ApplicationRow {
        id: r.try_get("id")?,
        campaign_id: r.try_get("campaign_id")?,
        campaign_title: r.try_get("campaign_title")?,
        product_id: r.try_get("product_id")?,
        product_name: r.try_get("product_name")?,
        shop_name: if with_shop { r.try_get("shop_name")? } else { String::new() },
        campaign_price: price,
        regular_price: regular,
        rate: crate::money::format_bp(discount_bp(regular, price)),
        status_label: application_status_label(&status).to_owned(),
        status,
        reason: r.try_get("reason")?,
        applied_at: crate::time::format_datetime(r.try_get("created_at")?),
        decided_at: if decided > 0 { crate::time::format_datetime(decided) } else { String::new() },
    })
}

async fn campaign_row(db: &Database, id: i64) -> AppResult<AnyRow> {
    sqlx::query(&format!("SELECT {CAMPAIGN_COLS} FROM campaigns c WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| AppError::not_found(msg::campaign_noun()))
}

// ---------------------------------------------------------------- operator

/// The operator's form as typed.
pub struct CampaignInput {
    pub title: String,
    pub banner: String,
    pub starts_at: String,
    pub ends_at: String,
    pub apply_from: String,
    pub apply_until: String,
    pub min_discount: String,
    pub max_price: String,
    pub categories: String,
    pub commission: String,
}

fn percent(field: &str, text: &str, required: bool) -> AppResult<i64> {
    if text.trim().is_empty() && !required {
        return Ok(0);
    }
    crate::money::parse_percent(text)
        .filter(|bp| *bp < crate::money::BP_SCALE)
        .ok_or_else(|| AppError::invalid(field, msg::campaign_err_percent()))
}

pub async fn create(state: &AppState, operator: &Actor, input: CampaignInput) -> AppResult<i64> {
    let now = now_millis();
    let title = check_name("title", &input.title)?;
    let banner = input.banner.trim().to_owned();
    if banner.chars().count() > MAX_BANNER || banner.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::invalid("banner", msg::campaign_err_banner(MAX_BANNER)));
    }
    let (starts, ends) = check_period("starts_at", &input.starts_at, "ends_at", &input.ends_at)?;
    if ends <= now {
        return Err(AppError::invalid("ends_at", msg::campaign_err_ended()));
    }
    let (from, until) = check_period("apply_from", &input.apply_from, "apply_until", &input.apply_until)?;
    if until >= ends {
        return Err(AppError::invalid("apply_until", msg::campaign_err_apply_until()));
    }
    let min_discount_bp = percent("min_discount", &input.min_discount, false)?;
    let max_text = input.max_price.trim().replace(',', "");
    let max_price = if max_text.is_empty() {
        0
    } else {
        max_text
            .parse::<i64>()
            .ok()
            .filter(|m| (0..=MAX_AMOUNT).contains(m))
            .ok_or_else(|| AppError::invalid("max_price", msg::campaign_err_max_price()))?
    };
    let categories = check_categories(&input.categories)?;
    let commission_bp = percent("commission", &input.commission, true)?;

    let mut tx = state.db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO campaigns (title, banner, starts_at, ends_at, apply_from, apply_until, min_discount_bp, max_price, \
         categories, commission_bp, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12, $12) RETURNING id",
    )
    .bind(&title)
    .bind(&banner)
    .bind(starts)
    .bind(ends)
    .bind(from)
    .bind(until)
    .bind(min_discount_bp)
    .bind(max_price)
    .bind(json(&categories))
    .bind(commission_bp)
    .bind(&operator.email)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    record(
        &mut *tx,
        Change {
            shop_id: None,
            actor_user_id: Some(operator.user_id),
            actor_email: &operator.email,
            action: "promotions.campaign.create",
            target: format!("campaign:{id}"),
            before: String::new(),
            after: json(&serde_json::json!({
                "title": title, "starts_at": crate::promotions::kst_input(starts), "ends_at": crate::promotions::kst_input(ends),
                "apply_from": crate::promotions::kst_input(from), "apply_until": crate::promotions::kst_input(until),
                "min_discount_bp": min_discount_bp, "max_price": max_price, "categories": categories,
                "commission_bp": commission_bp, "commission": crate::money::format_bp(commission_bp),
            })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

const BY_START: Keyset = Keyset { key: "c.starts_at", id: "c.id" };
const BY_ID: Keyset = Keyset { key: "a.id", id: "a.id" };
const PENDING: &str = "CAST((SELECT COUNT(*) FROM campaign_applications pa WHERE pa.campaign_id = c.id AND pa.status = 'pending') AS BIGINT) AS pending";

pub async fn operator_list(db: &Database, cursor: Option<&str>) -> AppResult<CampaignPage> {
    let now = now_millis();
    let select = format!("{CAMPAIGN_COLS}, {PENDING} FROM campaigns c");
    let (rows, next_cursor) = BY_START
        .fetch(db, Sql::default(), &select, vec!["1 = 1".to_owned()], cursor, PAGE_SIZE, |r| {
            card(r, now, r.try_get("pending")?)
        })
        .await?;
    Ok(CampaignPage { rows, next_cursor })
}

pub async fn operator_detail(db: &Database, id: i64, status: &str, cursor: Option<&str>) -> AppResult<OperatorCampaign> {
    let now = now_millis();
    let row = sqlx::query(&format!("SELECT {CAMPAIGN_COLS}, {PENDING} FROM campaigns c WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or_else(|| AppError::not_found(msg::campaign_noun()))?;
    let campaign = card(&row, now, row.try_get("pending")?)?;
    let mut sql = Sql::default();
    let mut clauses = vec![format!("a.campaign_id = {}", sql.arg(Arg::Int(id)))];
    match status {
        "" | "all" => {}
        "pending" | "approved" | "rejected" | "withdrawn" => {
            clauses.push(format!("a.status = {}", sql.arg(Arg::Text(status.to_owned()))))
        }
        _ => return Err(AppError::invalid("status", msg::campaign_err_status())),
    }
    let (applications, next_cursor) = BY_ID
        .fetch(db, sql, &format!("{APP_COLS} FROM {APP_FROM}"), clauses, cursor, PAGE_SIZE, |r| application(r, true))
        .await?;
    Ok(OperatorCampaign { campaign, applications, next_cursor })
}

pub async fn review(state: &AppState, operator: &Actor, campaign_id: i64, decisions: &[Decision]) -> AppResult<i64> {
    if decisions.is_empty() || decisions.len() > MAX_ITEMS {
        return Err(AppError::invalid("decisions", msg::campaign_err_decisions()));
    }
    for d in decisions {
        let reason = d.reason.trim();
        if !d.approve && reason.is_empty() {
            return Err(AppError::invalid("reason", msg::campaign_err_reason_required()));
        }
        if reason.chars().count() > MAX_REASON {
            return Err(AppError::invalid("reason", msg::campaign_err_reason_too_long(MAX_REASON)));
        }
    }
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    let commission: Option<i64> = sqlx::query_scalar("SELECT commission_bp FROM campaigns WHERE id = $1")
        .bind(campaign_id)
        .fetch_optional(&mut *tx)
        .await?;
    let commission = commission.ok_or_else(|| AppError::not_found(msg::campaign_noun()))?;
    for d in decisions {
        let row = sqlx::query(
            "SELECT shop_id, product_id, campaign_price, status FROM campaign_applications WHERE id = $1 AND campaign_id = $2",
        )
        .bind(d.application_id)
        .bind(campaign_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::not_found(msg::campaign_noun_application()))?;
        if row.try_get::<String, _>("status")? != "pending" {
            return Err(AppError::new(ErrorCode::Conflict, msg::campaign_err_not_pending()));
        }
        let (to, reason) = if d.approve { ("approved", "") } else { ("rejected", d.reason.trim()) };
        sqlx::query(
            "UPDATE campaign_applications SET status = $1, reason = $2, decided_by = $3, decided_at = $4, updated_at = $4 \
             WHERE id = $5 AND status = 'pending'",
        )
        .bind(to)
        .bind(reason)
        .bind(&operator.email)
        .bind(now)
        .bind(d.application_id)
        .execute(&mut *tx)
        .await?;
        record(
            &mut *tx,
            Change {
                shop_id: Some(row.try_get("shop_id")?),
                actor_user_id: Some(operator.user_id),
                actor_email: &operator.email,
                action: if d.approve { "promotions.campaign.approve" } else { "promotions.campaign.reject" },
                target: format!("campaign_application:{}", d.application_id),
                before: json(&"pending"),
                after: json(&serde_json::json!({
                    "status": to, "reason": reason, "campaign_id": campaign_id,
                    "product_id": row.try_get::<i64, _>("product_id")?,
                    "campaign_price": row.try_get::<i64, _>("campaign_price")?,
                    "commission_bp": commission,
                })),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(decisions.len() as i64)
}

// ------------------------------------------------------------------ seller

const BY_CAMPAIGN: Keyset = Keyset { key: "a.campaign_id", id: "a.id" };

pub async fn seller_list(db: &Database, shop_id: i64, cursor: Option<&str>) -> AppResult<SellerCampaigns> {
    let now = now_millis();
    let campaigns = if cursor.is_some_and(|c| !c.is_empty()) {
        Vec::new()
    } else {
        let rows = sqlx::query(&format!(
            "SELECT {CAMPAIGN_COLS} FROM campaigns c WHERE c.status = 'open' AND c.ends_at > $1 \
             AND ((c.apply_from <= $1 AND c.apply_until > $1) OR c.starts_at <= $2 \
             OR c.id IN (SELECT campaign_id FROM campaign_applications WHERE shop_id = $3)) \
             ORDER BY c.starts_at, c.id LIMIT $4"
        ))
        .bind(now)
        .bind(now + SOON_MS)
        .bind(shop_id)
        .bind(PAGE_SIZE)
        .fetch_all(db.pool())
        .await?;
        rows.iter().map(|r| card(r, now, 0)).collect::<AppResult<Vec<_>>>()?
    };
    let mut sql = Sql::default();
    let clauses = vec![format!("a.shop_id = {}", sql.arg(Arg::Int(shop_id)))];
    let (applications, next_cursor) = BY_CAMPAIGN
        .fetch(db, sql, &format!("{APP_COLS} FROM {APP_FROM}"), clauses, cursor, PAGE_SIZE, |r| application(r, false))
        .await?;
    Ok(SellerCampaigns { campaigns, applications, next_cursor })
}

pub async fn seller_detail(db: &Database, shop_id: i64, id: i64) -> AppResult<CampaignDetail> {
    let now = now_millis();
    let campaign = card(&campaign_row(db, id).await?, now, 0)?;
    let rows = sqlx::query(&format!(
        "SELECT {APP_COLS} FROM {APP_FROM} WHERE a.shop_id = $1 AND a.campaign_id = $2 ORDER BY a.id DESC LIMIT 500"
    ))
    .bind(shop_id)
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let applications = rows.iter().map(|r| application(r, false)).collect::<AppResult<Vec<_>>>()?;
    let products = crate::promotions::discounts::ssr::products(db, shop_id).await?;
    Ok(CampaignDetail { campaign, applications, products })
}

/// Checks every item against the campaign's conditions; applies all or none.
pub async fn apply(state: &AppState, actor: &ShopActor, campaign_id: i64, items: &[ApplyItem]) -> AppResult<i64> {
    if items.is_empty() || items.len() > MAX_ITEMS {
        return Err(AppError::invalid("items", msg::campaign_err_items(MAX_ITEMS)));
    }
    let now = now_millis();
    let db = &state.db;
    let c = campaign_row(db, campaign_id).await?;
    let (from, until): (i64, i64) = (c.try_get("apply_from")?, c.try_get("apply_until")?);
    if c.try_get::<String, _>("status")? != "open" || now < from || now >= until {
        return Err(AppError::invalid("campaign_id", msg::campaign_err_window_closed()));
    }
    let min_bp: i64 = c.try_get("min_discount_bp")?;
    let max_price: i64 = c.try_get("max_price")?;
    let prefixes: Vec<String> = serde_json::from_str(&c.try_get::<String, _>("categories")?).unwrap_or_default();

    let mut tx = db.begin_write().await?;
    db.lock_key(&mut tx, &format!("campaign_apply:{campaign_id}:{}", actor.shop_id)).await?;
    let mut problems: Vec<(&'static str, String)> = Vec::new();
    let mut accepted: Vec<(i64, i64, i64, Option<i64>)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let product = sqlx::query(
            "SELECT name, category, sale_price, status FROM products WHERE id = $1 AND shop_id = $2 AND deleted_at = 0",
        )
        .bind(item.product_id)
        .bind(actor.shop_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| AppError::not_found(msg::discount_noun_product()).on("product_id"))?;
        let name: String = product.try_get("name")?;
        let category: String = product.try_get("category")?;
        let regular: i64 = product.try_get("sale_price")?;
        let mut problem = |field: &'static str, text: String| problems.push((field, msg::campaign_err_item(&name, text)));
        if items[..i].iter().any(|o| o.product_id == item.product_id) {
            problem("product_id", msg::campaign_err_twice().to_owned());
            continue;
        }
        if product.try_get::<String, _>("status")? != "on_sale" {
            problem("product_id", msg::campaign_err_not_on_sale().to_owned());
        }
        if !category_matches(&prefixes, &category) {
            problem("category", msg::campaign_err_category_mismatch(prefixes.join(", ")));
        }
        if item.price <= 0 || item.price >= regular {
            problem("price", msg::campaign_err_price(crate::format::format_won(regular)));
        } else if max_price > 0 && item.price > max_price {
            problem("max_price", msg::campaign_err_over_max(crate::format::format_won(max_price)));
        } else if discount_bp(regular, item.price) < min_bp {
            problem("min_discount", msg::campaign_err_under_min(crate::money::format_bp(min_bp)));
        }
        let existing = sqlx::query("SELECT id, status FROM campaign_applications WHERE campaign_id = $1 AND product_id = $2")
            .bind(campaign_id)
            .bind(item.product_id)
            .fetch_optional(&mut *tx)
            .await?;
        let reuse = match existing {
            Some(e) if e.try_get::<String, _>("status")? == "withdrawn" => Some(e.try_get::<i64, _>("id")?),
            Some(_) => {
                problem("product_id", msg::campaign_err_already().to_owned());
                None
            }
            None => None,
        };
        accepted.push((item.product_id, item.price, regular, reuse));
    }
    if let Some((field, _)) = problems.first() {
        let text = problems.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n");
        return Err(AppError::invalid(field, text));
    }
    for (product_id, price, regular, reuse) in accepted {
        let id: i64 = match reuse {
            Some(id) => {
                sqlx::query(
                    "UPDATE campaign_applications SET status = 'pending', campaign_price = $1, regular_price = $2, reason = '', \
                     decided_by = '', decided_at = 0, created_by = $3, updated_at = $4 WHERE id = $5",
                )
                .bind(price)
                .bind(regular)
                .bind(&actor.email)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                id
            }
            None => {
                sqlx::query_scalar(
                    "INSERT INTO campaign_applications (campaign_id, shop_id, product_id, campaign_price, regular_price, status, \
                     created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $7) RETURNING id",
                )
                .bind(campaign_id)
                .bind(actor.shop_id)
                .bind(product_id)
                .bind(price)
                .bind(regular)
                .bind(&actor.email)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        record(
            &mut *tx,
            Change {
                after: json(&serde_json::json!({
                    "campaign_id": campaign_id, "product_id": product_id, "campaign_price": price, "regular_price": regular,
                })),
                ..Change::by(actor, "promotions.campaign.apply", format!("campaign_application:{id}"))
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(items.len() as i64)
}

pub async fn withdraw(state: &AppState, actor: &ShopActor, id: i64) -> AppResult<()> {
    let now = now_millis();
    let mut tx = state.db.begin_write().await?;
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM campaign_applications WHERE id = $1 AND shop_id = $2")
            .bind(id)
            .bind(actor.shop_id)
            .fetch_optional(&mut *tx)
            .await?;
    match status.as_deref() {
        None => return Err(AppError::not_found(msg::campaign_noun_application())),
        Some("pending") => {}
        Some(_) => return Err(AppError::new(ErrorCode::Conflict, msg::campaign_err_not_pending())),
    }
    crate::promotions::ssr::change_status(
        &mut tx,
        actor,
        crate::promotions::ssr::StatusChange {
            table: "campaign_applications",
            id,
            from: "pending",
            to: "withdrawn",
            action: "promotions.campaign.withdraw",
            object: format!("campaign_application:{id}"),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
