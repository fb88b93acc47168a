//! 기획전: the operator opens a campaign with its conditions (least discount,
//! highest price, categories) and its commission rate; shops apply per
//! product with the campaign price they commit to during the application
//! window; the operator approves or rejects each (a rejection says why).
//! Approved products sell at their campaign price while the campaign runs
//! (`promotions::ssr::pricing`), at the campaign's commission rate.

pub mod pages;

#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::AppError;
use crate::i18n::msg;
use crate::products::model::{parse_category, CATEGORY_SEPARATOR, CATEGORY_TREE};
use crate::promotions::PromoStatus;

/// Longest banner text.
pub const MAX_BANNER: usize = 200;
/// Longest rejection reason.
pub const MAX_REASON: usize = 500;
/// Most products in one application.
pub const MAX_ITEMS: usize = 100;

/// A campaign as sellers and the operator see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignCard {
    pub id: i64,
    pub title: String,
    pub banner: String,
    pub starts_at: String,
    pub ends_at: String,
    pub apply_from: String,
    pub apply_until: String,
    pub status: PromoStatus,
    /// Applications are taken now.
    pub apply_open: bool,
    pub min_discount_bp: i64,
    /// `10%`
    pub min_discount: String,
    /// 0: none.
    pub max_price: i64,
    /// Category prefixes (`상의`, `상의>니트`); empty: any.
    pub categories: Vec<String>,
    pub commission_bp: i64,
    pub commission: String,
    /// Applications waiting for a decision (the operator's list).
    pub pending: i64,
}

/// One product's application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRow {
    pub id: i64,
    pub campaign_id: i64,
    pub campaign_title: String,
    pub product_id: i64,
    pub product_name: String,
    /// The operator's view only (empty for the seller).
    pub shop_name: String,
    pub campaign_price: i64,
    pub regular_price: i64,
    pub rate: String,
    /// `pending`, `approved`, `rejected` or `withdrawn`.
    pub status: String,
    pub status_label: String,
    /// The operator's reason (a rejection).
    pub reason: String,
    pub applied_at: String,
    pub decided_at: String,
}

/// `/promotions/campaigns`: the campaigns open to the shop (first page
/// only) and the shop's applications, newest campaign first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerCampaigns {
    pub campaigns: Vec<CampaignCard>,
    pub applications: Vec<ApplicationRow>,
    pub next_cursor: Option<String>,
}

/// `/promotions/campaigns/:id`: the campaign, the shop's applications to it
/// and the products it may apply with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignDetail {
    pub campaign: CampaignCard,
    pub applications: Vec<ApplicationRow>,
    pub products: Vec<crate::promotions::discounts::ProductChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignPage {
    pub rows: Vec<CampaignCard>,
    pub next_cursor: Option<String>,
}

/// The operator's campaign with a page of its applications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperatorCampaign {
    pub campaign: CampaignCard,
    pub applications: Vec<ApplicationRow>,
    pub next_cursor: Option<String>,
}

/// A product applied with its campaign price (won).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyItem {
    pub product_id: i64,
    pub price: i64,
}

/// The operator's decision on one application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub application_id: i64,
    pub approve: bool,
    #[serde(default)]
    pub reason: String,
}

pub fn application_status_label(status: &str) -> &'static str {
    match status {
        "approved" => msg::campaign_status_approved(),
        "rejected" => msg::campaign_status_rejected(),
        "withdrawn" => msg::campaign_status_withdrawn(),
        _ => msg::campaign_status_pending(),
    }
}

/// The category prefixes the operator typed (comma-separated): each a 대분류
/// (`상의`) or a full category (`상의>니트`). Empty: any category.
pub fn check_categories(text: &str) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let compact: String = part.chars().filter(|c| !c.is_whitespace()).collect();
        let found = if CATEGORY_TREE.iter().any(|(top, _)| *top == compact) { Some(compact) } else { parse_category(part) };
        let Some(prefix) = found else {
            return Err(AppError::invalid("categories", msg::campaign_err_category(part)));
        };
        if !out.contains(&prefix) {
            out.push(prefix);
        }
    }
    Ok(out)
}

/// Whether a product's category falls under one of the prefixes (none: any).
pub fn category_matches(prefixes: &[String], category: &str) -> bool {
    prefixes.is_empty()
        || prefixes.iter().any(|p| category == p || category.starts_with(&format!("{p}{CATEGORY_SEPARATOR}")))
}

/// The categories the operator may pick: every 대분류 and every full path.
pub fn category_choices() -> Vec<String> {
    let mut out = Vec::new();
    for (top, subs) in CATEGORY_TREE {
        out.push((*top).to_owned());
        out.extend(subs.iter().map(|s| format!("{top}{CATEGORY_SEPARATOR}{s}")));
    }
    out
}

// ---------------------------------------------------------------- operator

/// Opens a campaign (operator). Percentages as typed (`10`, `12.5`);
/// `max_price` in won (0: none); `categories` comma-separated prefixes.
#[server(prefix = "/api")]
#[allow(clippy::too_many_arguments)]
pub async fn create_campaign(
    title: String,
    banner: String,
    starts_at: String,
    ends_at: String,
    apply_from: String,
    apply_until: String,
    min_discount: String,
    max_price: String,
    categories: String,
    commission: String,
) -> Result<i64, AppError> {
    crate::auth::ssr::as_operator(async |state, operator| {
        let input = ssr::CampaignInput {
            title,
            banner,
            starts_at,
            ends_at,
            apply_from,
            apply_until,
            min_discount,
            max_price,
            categories,
            commission,
        };
        ssr::create(&state, &operator, input).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn list_campaigns_for_operator(cursor: Option<String>) -> Result<CampaignPage, AppError> {
    crate::auth::ssr::as_operator(async |state, _| ssr::operator_list(&state.db, cursor.as_deref()).await).await
}

/// A campaign and a page of its applications (`status` empty: all).
#[server(prefix = "/api")]
pub async fn get_campaign_for_operator(
    campaign_id: i64,
    status: String,
    cursor: Option<String>,
) -> Result<OperatorCampaign, AppError> {
    crate::auth::ssr::as_operator(async |state, _| {
        ssr::operator_detail(&state.db, campaign_id, &status, cursor.as_deref()).await
    })
    .await
}

/// Approves or rejects pending applications of a campaign, per product; a
/// rejection needs its reason. All or nothing; how many were decided.
#[server(prefix = "/api", input = Json)]
pub async fn review_applications(campaign_id: i64, decisions: Vec<Decision>) -> Result<i64, AppError> {
    crate::auth::ssr::as_operator(async |state, operator| ssr::review(&state, &operator, campaign_id, &decisions).await)
        .await
}

// ------------------------------------------------------------------ seller

#[server(prefix = "/api")]
pub async fn list_campaigns(cursor: Option<String>) -> Result<SellerCampaigns, AppError> {
    crate::auth::ssr::as_member(Permission::Promotions, async |state, actor| {
        ssr::seller_list(&state.db, actor.shop_id, cursor.as_deref()).await
    })
    .await
}

#[server(prefix = "/api")]
pub async fn get_campaign(campaign_id: i64) -> Result<CampaignDetail, AppError> {
    crate::auth::ssr::as_member(Permission::Promotions, async |state, actor| {
        ssr::seller_detail(&state.db, actor.shop_id, campaign_id).await
    })
    .await
}

/// Applies with products of the shop, each at its campaign price. Every
/// condition is checked for every product; if any fails nothing is applied
/// and the message names each product with its problem.
#[server(prefix = "/api", input = Json)]
pub async fn apply_to_campaign(campaign_id: i64, items: Vec<ApplyItem>) -> Result<i64, AppError> {
    crate::auth::ssr::as_member(Permission::Promotions, async |state, actor| {
        ssr::apply(&state, &actor, campaign_id, &items).await
    })
    .await
}

/// Withdraws a pending application of the shop.
#[server(prefix = "/api")]
pub async fn withdraw_application(application_id: i64) -> Result<(), AppError> {
    crate::auth::ssr::as_member(Permission::Promotions, async |state, actor| {
        ssr::withdraw(&state, &actor, application_id).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_prefixes_of_the_tree() {
        assert_eq!(check_categories("상의, 아우터 > 코트").unwrap(), vec!["상의".to_owned(), "아우터>코트".to_owned()]);
        assert!(check_categories("").unwrap().is_empty());
        assert_eq!(check_categories("가전").unwrap_err().field.as_deref(), Some("categories"));
        let p = vec!["상의".to_owned()];
        assert!(category_matches(&p, "상의>니트"));
        assert!(!category_matches(&p, "상의류>니트"));
        assert!(!category_matches(&["상의>니트".to_owned()], "상의>셔츠"));
        assert!(category_matches(&[], "팬츠>데님"));
    }
}
