//! The claim list (tabs, search, cursor pages and counts), 클레임 상세 and
//! the order list's claim badges.

use sqlx::Row;

use super::{claim_not_found, compute_refund, load_claim, load_item, DAY_MS, OPEN_SQL};
use crate::claims::refund::RefundBreakdown;
use crate::claims::{
    kind_label, seller_actions, status_label, ClaimAction, ClaimBadge, ClaimCounts, ClaimDetail, ClaimEventView, ClaimKind, ClaimPage,
    ClaimQuery, ClaimRow, ClaimStatus, Fault, Reason,
};
use crate::error::{AppError, AppResult};
use crate::i18n::msg;
use crate::orders::{Courier, OrderStatus};
use crate::channel::Channel;
use crate::db::{now_millis, Database};
use crate::db::sql::{escape_like, Arg, Keyset, Sql};

const ROW_COLS: &str = "c.id, c.kind, c.status, c.reason_code, c.fault, c.quantity, c.exchange_option_text, c.refund_amount, \
    c.charge_amount, c.requested_at, c.due_at, c.channel, c.order_item_id, i.order_no, i.product_name, i.option_text, i.buyer_name";

fn channel_label(code: &str) -> String {
    Channel::parse(code)
        .map(|c| c.label().to_owned())
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
        kind_label: kind_label(kind).to_owned(),
        status,
        status_label: status_label(status, kind).to_owned(),
        reason_label: Reason::parse(&reason_code)
            .map(|r| r.label().to_owned())
            .unwrap_or_default(),
        reason: reason_code,
        fault,
        fault_label: fault.label().to_owned(),
        order_no: r.try_get("order_no")?,
        order_item_id: r.try_get("order_item_id")?,
        channel_label: channel_label(&r.try_get::<String, _>("channel")?),
        product_name: r.try_get("product_name")?,
        option_text: r.try_get("option_text")?,
        exchange_option_text: r.try_get("exchange_option_text")?,
        quantity: r.try_get("quantity")?,
        buyer_name: r.try_get("buyer_name")?,
        requested_at: crate::time::format_datetime(r.try_get("requested_at")?),
        due_at: crate::time::format_datetime(due),
        overdue: open && due < now,
        due_soon: open && due >= now && due - now <= DAY_MS,
        refund_amount: r.try_get("refund_amount")?,
        charge_amount: r.try_get("charge_amount")?,
    })
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
                msg::claims_err_tab(),
            ))
        }
    }
    if let Some(term) = crate::input::search_term(&q.q)? {
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

/// The claim list: newest request first.
const LIST_ORDER: Keyset = Keyset { key: "c.requested_at", id: "c.id" };

/// One page of the claim list, newest request first, with the tab counts.
pub async fn list(db: &Database, shop_id: i64, q: &ClaimQuery, limit: i64) -> AppResult<ClaimPage> {
    let now = now_millis();
    let mut sql = Sql::default();
    let clauses = filter(&mut sql, shop_id, q, now)?;
    let select = format!("{ROW_COLS} FROM claims c JOIN order_items i ON i.id = c.order_item_id");
    let (out, next_cursor) =
        LIST_ORDER.fetch(db, sql, &select, clauses, q.cursor.as_deref(), limit, |r| map_row(r, now)).await?;
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
        "request" => msg::claims_event_request().to_owned(),
        other => ClaimAction::from_code(other)
            .map(|a| a.label().to_owned())
            .unwrap_or_else(|| other.to_owned()),
    }
}

fn waybill_view(courier: &str, number: &str) -> (String, String) {
    match Courier::parse(courier) {
        Some(c) if !number.is_empty() => (c.name().to_owned(), c.tracking_url(number)),
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
    let refund_final = row.status == ClaimStatus::Completed;
    let refund = refund_of(db, claim_id, &r, &row, refund_final).await?;
    let events = events_of(db, shop_id, claim_id, row.kind).await?;
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
        .map(|s| s.label())
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

/// The refund 클레임 상세 shows: what was refunded once the claim completed,
/// else the refund as 승인 would compute it now.
async fn refund_of(
    db: &Database,
    claim_id: i64,
    r: &sqlx::any::AnyRow,
    row: &ClaimRow,
    refund_final: bool,
) -> AppResult<RefundBreakdown> {
    let mut conn = db.pool().acquire().await?;
    let claim = load_claim(&mut conn, claim_id)
        .await?
        .ok_or_else(claim_not_found)?;
    let item = load_item(&mut conn, claim.order_item_id)
        .await?
        .ok_or_else(AppError::internal)?;
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
    Ok(refund)
}

/// The claim's timeline, oldest first.
async fn events_of(
    db: &Database,
    shop_id: i64,
    claim_id: i64,
    kind: ClaimKind,
) -> AppResult<Vec<ClaimEventView>> {
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
            at: crate::time::format_datetime(e.try_get("created_at")?),
            action_label: event_label(&action),
            action,
            to_status_label: ClaimStatus::parse(&to).map(|s| status_label(s, kind).to_owned()).unwrap_or_default(),
            detail: e.try_get("detail")?,
            actor: e.try_get("actor")?,
        })
    })
    .collect::<AppResult<Vec<_>>>()?;
    Ok(events)
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
            msg::claims_err_badges_max(),
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
