//! The rules of a product, shared by the server and the browser: statuses,
//! channels, the category tree, option groups and their variants, and the
//! validation every save goes through (form, spreadsheet or API alike).

use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::format::format_number;
use crate::i18n::msg;

/// 판매 상태. 품절 is never chosen by a seller: it follows the stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    /// 판매중
    OnSale,
    /// 품절: every active variant is at 0.
    SoldOut,
    /// 판매중지: listed, not orderable.
    Stopped,
    /// 숨김: not shown on the channels.
    Hidden,
}

impl ProductStatus {
    pub const ALL: [ProductStatus; 4] = [Self::OnSale, Self::SoldOut, Self::Stopped, Self::Hidden];
    /// What a seller may pick; 품절 follows from stock.
    pub const CHOOSABLE: [ProductStatus; 3] = [Self::OnSale, Self::Stopped, Self::Hidden];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnSale => "on_sale",
            Self::SoldOut => "sold_out",
            Self::Stopped => "stopped",
            Self::Hidden => "hidden",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s || x.label_ko() == s)
    }

    /// The Korean name: what spreadsheets hold and [`Self::parse`] reads
    /// (exports keep it in every language).
    pub fn label_ko(self) -> &'static str {
        match self {
            Self::OnSale => "판매중",
            Self::SoldOut => "품절",
            Self::Stopped => "판매중지",
            Self::Hidden => "숨김",
        }
    }

    /// The name shown to the reader, in their language.
    pub fn label(self) -> &'static str {
        match self {
            Self::OnSale => msg::products_status_on_sale(),
            Self::SoldOut => msg::products_status_sold_out(),
            Self::Stopped => msg::products_status_stopped(),
            Self::Hidden => msg::products_status_hidden(),
        }
    }

    /// The stored status for what the seller picked and the stock there is.
    pub fn resolve(chosen: ProductStatus, stock_total: i64) -> ProductStatus {
        match chosen {
            Self::OnSale | Self::SoldOut if stock_total > 0 => Self::OnSale,
            Self::OnSale | Self::SoldOut => Self::SoldOut,
            other => other,
        }
    }
}

pub use crate::channel::Channel;

/// The fashion category tree (대분류 > 중분류). A product's category is the
/// full path, which is also what a spreadsheet holds.
pub const CATEGORY_TREE: &[(&str, &[&str])] = &[
    ("아우터", &["코트", "재킷", "점퍼", "패딩", "가디건", "베스트"]),
    ("상의", &["티셔츠", "블라우스", "셔츠", "니트", "맨투맨", "후드", "슬리브리스"]),
    ("원피스", &["미니원피스", "미디원피스", "롱원피스", "투피스"]),
    ("팬츠", &["슬랙스", "데님", "와이드팬츠", "반바지", "트레이닝"]),
    ("스커트", &["미니스커트", "미디스커트", "롱스커트"]),
    ("신발", &["스니커즈", "로퍼", "부츠", "샌들", "힐"]),
    ("가방", &["숄더백", "크로스백", "토트백", "백팩", "클러치"]),
    ("액세서리", &["모자", "주얼리", "벨트", "양말", "헤어액세서리", "스카프"]),
];

pub const CATEGORY_SEPARATOR: &str = ">";

pub fn categories() -> impl Iterator<Item = String> {
    CATEGORY_TREE
        .iter()
        .flat_map(|(top, subs)| subs.iter().map(move |sub| format!("{top}{CATEGORY_SEPARATOR}{sub}")))
}

/// `아우터>코트`, `아우터 > 코트` and `아우터/코트` all name the same category.
pub fn parse_category(s: &str) -> Option<String> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace('/', CATEGORY_SEPARATOR);
    categories().find(|c| *c == compact)
}

/// A category name (대분류 or 중분류) in the reader's language; the stored
/// path and spreadsheets keep the Korean names.
pub fn category_name(name: &str) -> &str {
    match name {
        "아우터" => msg::products_cat_outerwear(),
        "코트" => msg::products_cat_coats(),
        "재킷" => msg::products_cat_jackets(),
        "점퍼" => msg::products_cat_jumpers(),
        "패딩" => msg::products_cat_puffers(),
        "가디건" => msg::products_cat_cardigans(),
        "베스트" => msg::products_cat_vests(),
        "상의" => msg::products_cat_tops(),
        "티셔츠" => msg::products_cat_t_shirts(),
        "블라우스" => msg::products_cat_blouses(),
        "셔츠" => msg::products_cat_shirts(),
        "니트" => msg::products_cat_knitwear(),
        "맨투맨" => msg::products_cat_sweatshirts(),
        "후드" => msg::products_cat_hoodies(),
        "슬리브리스" => msg::products_cat_sleeveless(),
        "원피스" => msg::products_cat_dresses(),
        "미니원피스" => msg::products_cat_mini_dresses(),
        "미디원피스" => msg::products_cat_midi_dresses(),
        "롱원피스" => msg::products_cat_long_dresses(),
        "투피스" => msg::products_cat_two_piece_sets(),
        "팬츠" => msg::products_cat_pants(),
        "슬랙스" => msg::products_cat_slacks(),
        "데님" => msg::products_cat_denim(),
        "와이드팬츠" => msg::products_cat_wide_pants(),
        "반바지" => msg::products_cat_shorts(),
        "트레이닝" => msg::products_cat_track_pants(),
        "스커트" => msg::products_cat_skirts(),
        "미니스커트" => msg::products_cat_mini_skirts(),
        "미디스커트" => msg::products_cat_midi_skirts(),
        "롱스커트" => msg::products_cat_long_skirts(),
        "신발" => msg::products_cat_shoes(),
        "스니커즈" => msg::products_cat_sneakers(),
        "로퍼" => msg::products_cat_loafers(),
        "부츠" => msg::products_cat_boots(),
        "샌들" => msg::products_cat_sandals(),
        "힐" => msg::products_cat_heels(),
        "가방" => msg::products_cat_bags(),
        "숄더백" => msg::products_cat_shoulder_bags(),
        "크로스백" => msg::products_cat_crossbody_bags(),
        "토트백" => msg::products_cat_tote_bags(),
        "백팩" => msg::products_cat_backpacks(),
        "클러치" => msg::products_cat_clutches(),
        "액세서리" => msg::products_cat_accessories(),
        "모자" => msg::products_cat_hats(),
        "주얼리" => msg::products_cat_jewellery(),
        "벨트" => msg::products_cat_belts(),
        "양말" => msg::products_cat_socks(),
        "헤어액세서리" => msg::products_cat_hair_accessories(),
        "스카프" => msg::products_cat_scarves(),
        other => other,
    }
}

/// A stored category path shown in the reader's language (`아우터>코트`).
pub fn category_display(path: &str) -> String {
    path.split(CATEGORY_SEPARATOR).map(|p| category_name(p.trim())).collect::<Vec<_>>().join(CATEGORY_SEPARATOR)
}

/// `상의 > 니트` / `Tops > Knitwear`: a category path in the reader's language.
pub fn category_label(path: &str) -> String {
    path.split(CATEGORY_SEPARATOR).map(|p| category_name(p.trim())).collect::<Vec<_>>().join(" > ")
}

/// 옵션: a named group of values, e.g. 색상: 블랙, 아이보리.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionGroup {
    pub name: String,
    pub values: Vec<String>,
}

/// 배송 정보 of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingProfile {
    /// 기본 배송비
    pub shipping_fee: i64,
    /// 무료배송 기준 금액 (0: none)
    pub free_shipping_over: i64,
    /// 반품 배송비 (편도)
    pub return_fee: i64,
    /// 교환 배송비 (왕복)
    pub exchange_fee: i64,
    /// 출고지
    pub ship_from: String,
    /// 반품/교환지
    pub return_address: String,
}

impl Default for ShippingProfile {
    fn default() -> Self {
        Self {
            shipping_fee: 3_000,
            free_shipping_over: 50_000,
            return_fee: 3_000,
            exchange_fee: 6_000,
            ship_from: String::new(),
            return_address: String::new(),
        }
    }
}

/// One variant as a form or a spreadsheet sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantInput {
    /// The stored variant this row edits, when it is one.
    pub id: Option<i64>,
    /// One value per option group, in group order (empty without options).
    pub options: Vec<String>,
    pub sku: String,
    pub extra_price: i64,
    pub stock: i64,
    /// The stock shown when the form was opened: when `stock` still equals
    /// it the seller did not touch it, and orders taken meanwhile are kept.
    pub stock_was: Option<i64>,
    pub low_stock_threshold: i64,
    pub active: bool,
}

/// A product as the edit form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductInput {
    pub id: Option<i64>,
    /// 상품관리코드 (generated when left empty).
    pub code: String,
    pub name: String,
    pub category: String,
    pub list_price: i64,
    pub sale_price: i64,
    pub description: String,
    pub status: ProductStatus,
    pub channels: Vec<Channel>,
    pub option_groups: Vec<OptionGroup>,
    pub variants: Vec<VariantInput>,
    pub shipping: ShippingProfile,
    /// Uploaded photos in display order; the first is the thumbnail.
    pub image_ids: Vec<i64>,
}

pub const MAX_OPTION_GROUPS: usize = 3;
pub const MAX_OPTION_VALUES: usize = 50;
pub const MAX_VARIANTS: usize = 300;
pub const MAX_IMAGES: usize = 10;
pub const MAX_PRICE: i64 = 100_000_000;
pub const MAX_STOCK: i64 = 99_999;
pub const MAX_THRESHOLD: i64 = 9_999;
pub const MAX_FEE: i64 = 200_000;
pub const DEFAULT_LOW_STOCK: i64 = 3;

/// A spreadsheet would run a cell that starts like this as a formula.
pub fn looks_like_formula(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '@' | '\t' | '\r'))
}

fn text(field: &str, label: &str, value: &str, max: usize, required: bool) -> Result<String, AppError> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(AppError::invalid(field, msg::products_err_required(label)));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, msg::products_err_max_chars(label, max.to_string())));
    }
    if looks_like_formula(value) {
        return Err(AppError::invalid(field, msg::products_err_formula_start(label)));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(AppError::invalid(field, msg::products_err_bad_chars(label)));
    }
    Ok(value.to_owned())
}

fn one_line(field: &str, label: &str, value: &str, max: usize, required: bool) -> Result<String, AppError> {
    let value = text(field, label, value, max, required)?;
    if value.contains(['\n', '\r', '\t']) {
        return Err(AppError::invalid(field, msg::products_err_one_line(label)));
    }
    Ok(value)
}

fn won(field: &str, label: &str, value: i64, min: i64, max: i64) -> Result<i64, AppError> {
    if value < min || value > max {
        return Err(AppError::invalid(
            field,
            msg::products_err_won_range(label, format_number(min), format_number(max)),
        ));
    }
    if value % 10 != 0 {
        return Err(AppError::invalid(field, msg::products_err_won_unit(label)));
    }
    Ok(value)
}

/// SKUs and product codes: letters, digits, `-`, `_`, `.`; stored in capitals
/// so `md-01` and `MD-01` are one code.
pub fn parse_code(field: &str, label: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::invalid(field, msg::products_err_required(label)));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(field, msg::products_err_max_chars(label, max.to_string())));
    }
    if !value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        return Err(AppError::invalid(field, msg::products_err_code_chars(label)));
    }
    Ok(value.to_ascii_uppercase())
}

pub fn check_stock(field: &str, value: i64) -> Result<i64, AppError> {
    if !(0..=MAX_STOCK).contains(&value) {
        return Err(AppError::invalid(field, msg::products_err_stock_range(format_number(MAX_STOCK))));
    }
    Ok(value)
}

pub fn check_threshold(field: &str, value: i64) -> Result<i64, AppError> {
    if !(0..=MAX_THRESHOLD).contains(&value) {
        return Err(AppError::invalid(field, msg::products_err_threshold_range(format_number(MAX_THRESHOLD))));
    }
    Ok(value)
}

/// 판매가 (sale price) against 정가 (list price).
pub fn check_prices(list_price: i64, sale_price: i64) -> Result<(), AppError> {
    won("list_price", msg::products_label_list_price(), list_price, 100, MAX_PRICE)?;
    won("sale_price", msg::products_label_sale_price(), sale_price, 100, MAX_PRICE)?;
    if sale_price > list_price {
        return Err(AppError::invalid("sale_price", msg::products_err_sale_above_list()));
    }
    Ok(())
}

/// 옵션 추가금: from minus half to plus the whole sale price (the range the
/// marketplaces accept).
pub fn check_extra_price(field: &str, extra: i64, sale_price: i64) -> Result<i64, AppError> {
    let min = -(sale_price / 2);
    if extra < min || extra > sale_price {
        return Err(AppError::invalid(
            field,
            msg::products_err_extra_range(format_number(min), format_number(sale_price)),
        ));
    }
    if extra % 10 != 0 {
        return Err(AppError::invalid(field, msg::products_err_extra_unit()));
    }
    Ok(extra)
}

pub fn check_option_groups(groups: &[OptionGroup]) -> Result<Vec<OptionGroup>, AppError> {
    if groups.len() > MAX_OPTION_GROUPS {
        return Err(AppError::invalid("option_groups", msg::products_err_too_many_groups()));
    }
    let mut out: Vec<OptionGroup> = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let field = format!("option_groups.{i}");
        let name = one_line(&field, msg::products_label_option_name(), &g.name, 20, true)?;
        if out.iter().any(|o| o.name == name) {
            return Err(AppError::invalid(&field, msg::products_err_group_name_twice(&name)));
        }
        let mut values: Vec<String> = Vec::new();
        for v in &g.values {
            let v = one_line(&field, msg::products_label_option_value(), v, 30, false)?;
            if v.is_empty() {
                continue;
            }
            if v.contains(['/', ',']) {
                return Err(AppError::invalid(&field, msg::products_err_value_separator(&v)));
            }
            if values.contains(&v) {
                return Err(AppError::invalid(&field, msg::products_err_value_twice(&name, &v)));
            }
            values.push(v);
        }
        if values.is_empty() {
            return Err(AppError::invalid(&field, msg::products_err_no_values(&name)));
        }
        if values.len() > MAX_OPTION_VALUES {
            return Err(AppError::invalid(&field, msg::products_err_too_many_values(MAX_OPTION_VALUES)));
        }
        out.push(OptionGroup { name, values });
    }
    Ok(out)
}

/// Every combination of the groups' values, in order (색상 × 사이즈 → 블랙/S,
/// 블랙/M, …). No groups: one variant without options (단일 상품).
pub fn combinations(groups: &[OptionGroup]) -> Vec<Vec<String>> {
    groups.iter().fold(vec![Vec::new()], |acc, g| {
        acc.iter()
            .flat_map(|prefix| {
                g.values.iter().map(move |v| {
                    let mut next = prefix.clone();
                    next.push(v.clone());
                    next
                })
            })
            .collect()
    })
}

pub fn option_label(options: &[String]) -> String {
    if options.iter().all(|o| o.is_empty()) {
        msg::products_single_variant().to_owned()
    } else {
        options.iter().filter(|o| !o.is_empty()).cloned().collect::<Vec<_>>().join(" / ")
    }
}

/// A product that passed every rule (only [`ProductInput::validate`] makes
/// one): trimmed, codes in capitals, the category as its full path, the
/// channels sorted and each photo once. An empty `code` is generated on save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProduct(ProductInput);

impl std::ops::Deref for ValidProduct {
    type Target = ProductInput;

    fn deref(&self) -> &ProductInput {
        &self.0
    }
}

impl ValidProduct {
    pub fn stock_total(&self) -> i64 {
        self.variants.iter().filter(|v| v.active).map(|v| v.stock).sum()
    }
}

impl ProductInput {
    /// Checks every rule; the first broken one comes back with its field.
    pub fn validate(&self) -> Result<ValidProduct, AppError> {
        let name = one_line("name", msg::products_label_name(), &self.name, 100, true)?;
        let code = if self.code.trim().is_empty() {
            String::new()
        } else {
            parse_code("code", msg::products_label_code(), &self.code, 40)?
        };
        let category = parse_category(&self.category)
            .ok_or_else(|| AppError::invalid("category", msg::products_err_category_choose()))?;
        check_prices(self.list_price, self.sale_price)?;
        let description = text("description", msg::products_label_description(), &self.description, 20_000, false)?;
        let s = &self.shipping;
        let shipping = ShippingProfile {
            shipping_fee: won("shipping_fee", msg::products_label_shipping_fee(), s.shipping_fee, 0, MAX_FEE)?,
            free_shipping_over: won("free_shipping_over", msg::products_label_free_over(), s.free_shipping_over, 0, MAX_PRICE)?,
            return_fee: won("return_fee", msg::products_label_return_fee(), s.return_fee, 0, MAX_FEE)?,
            exchange_fee: won("exchange_fee", msg::products_label_exchange_fee(), s.exchange_fee, 0, MAX_FEE)?,
            ship_from: one_line("ship_from", msg::products_label_ship_from(), &s.ship_from, 200, false)?,
            return_address: one_line("return_address", msg::products_label_return_address(), &s.return_address, 200, false)?,
        };
        if self.status == ProductStatus::SoldOut {
            return Err(AppError::invalid("status", msg::products_err_sold_out_choose()));
        }
        let mut channels = self.channels.clone();
        channels.sort_by_key(|c| c.bit());
        channels.dedup();
        let option_groups = check_option_groups(&self.option_groups)?;
        let wanted = combinations(&option_groups);
        if wanted.len() > MAX_VARIANTS {
            return Err(AppError::invalid(
                "option_groups",
                msg::products_err_too_many_variants_now(MAX_VARIANTS, wanted.len().to_string()),
            ));
        }
        if self.variants.len() != wanted.len() {
            return Err(AppError::invalid("variants", msg::products_err_variants_mismatch()));
        }
        let mut variants = Vec::with_capacity(wanted.len());
        let mut skus: Vec<String> = Vec::new();
        for (i, (v, options)) in self.variants.iter().zip(&wanted).enumerate() {
            let field = format!("variants.{i}");
            let label = option_label(options);
            if &v.options.iter().map(|o| o.trim().to_owned()).collect::<Vec<_>>() != options {
                return Err(AppError::invalid("variants", msg::products_err_variants_mismatch()));
            }
            let sku = parse_code(&field, &msg::products_label_variant_sku(&label), &v.sku, 50)?;
            if skus.contains(&sku) {
                return Err(AppError::invalid(&field, msg::products_err_sku_twice_here(&sku)));
            }
            skus.push(sku.clone());
            variants.push(VariantInput {
                id: v.id,
                options: options.clone(),
                sku,
                extra_price: check_extra_price(&field, v.extra_price, self.sale_price)?,
                stock: check_stock(&field, v.stock)?,
                stock_was: v.stock_was,
                low_stock_threshold: check_threshold(&field, v.low_stock_threshold)?,
                active: v.active,
            });
        }
        if self.image_ids.len() > MAX_IMAGES {
            return Err(AppError::invalid("images", msg::products_err_too_many_images(MAX_IMAGES)));
        }
        let mut image_ids = self.image_ids.clone();
        let mut seen = std::collections::HashSet::new();
        image_ids.retain(|id| seen.insert(*id));
        Ok(ValidProduct(ProductInput {
            id: self.id,
            code,
            name,
            category,
            list_price: self.list_price,
            sale_price: self.sale_price,
            description,
            status: self.status,
            channels,
            option_groups,
            variants,
            shipping,
            image_ids,
        }))
    }
}

/// 일괄 가격 변경: by an amount of won or by a percentage, the result cut
/// down to 10 won (the unit prices are kept in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceChange {
    /// +/- won
    Amount(i64),
    /// +/- percent as decimal text, e.g. `-10` or `5.5`.
    Percent(String),
}

impl PriceChange {
    /// The new sale price. Rule: `price × (100 + p) / 100` (or `price + a`),
    /// rounded toward zero to a multiple of 10 won.
    pub fn apply(&self, price: i64) -> Result<i64, AppError> {
        use rust_decimal::prelude::ToPrimitive;
        use rust_decimal::Decimal;
        let raw = match self {
            Self::Amount(a) => Decimal::from(price) + Decimal::from(*a),
            Self::Percent(p) => {
                let pct: Decimal = p
                    .trim()
                    .trim_end_matches('%')
                    .parse()
                    .map_err(|_| AppError::invalid("value", msg::products_err_percent_number()))?;
                if pct <= Decimal::from(-100) || pct > Decimal::from(1000) {
                    return Err(AppError::invalid("value", msg::products_err_percent_range()));
                }
                Decimal::from(price) * (Decimal::from(100) + pct) / Decimal::from(100)
            }
        };
        let tens = (raw / Decimal::from(10)).trunc() * Decimal::from(10);
        tens.to_i64().ok_or_else(|| AppError::invalid("value", msg::products_err_price_too_big()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProductInput {
        ProductInput {
            id: None,
            code: "md-1001".into(),
            name: "오버핏 울 블렌드 코트".into(),
            category: "아우터 > 코트".into(),
            list_price: 159_000,
            sale_price: 129_000,
            description: "울 60%".into(),
            status: ProductStatus::OnSale,
            channels: vec![Channel::Posty, Channel::Zigzag, Channel::Zigzag],
            option_groups: vec![
                OptionGroup { name: "색상".into(), values: vec!["블랙".into(), "카멜".into()] },
                OptionGroup { name: "사이즈".into(), values: vec!["S".into(), "M".into()] },
            ],
            variants: combinations(&[
                OptionGroup { name: "색상".into(), values: vec!["블랙".into(), "카멜".into()] },
                OptionGroup { name: "사이즈".into(), values: vec!["S".into(), "M".into()] },
            ])
            .into_iter()
            .enumerate()
            .map(|(i, options)| VariantInput {
                id: None,
                options,
                sku: format!("md-1001-{i}"),
                extra_price: 0,
                stock: 5,
                stock_was: None,
                low_stock_threshold: 3,
                active: true,
            })
            .collect(),
            shipping: ShippingProfile::default(),
            image_ids: vec![3, 1, 3],
        }
    }

    #[test]
    fn a_valid_product_comes_back_normalised() {
        let p = input().validate().unwrap();
        assert_eq!(p.code, "MD-1001");
        assert_eq!(p.category, "아우터>코트");
        assert_eq!(p.channels, vec![Channel::Zigzag, Channel::Posty]);
        assert_eq!(p.variants[3].sku, "MD-1001-3");
        assert_eq!(p.stock_total(), 20);
        assert_eq!(p.image_ids, vec![3, 1]);
    }

    #[test]
    fn colours_times_sizes_make_every_combination_in_order() {
        let groups = vec![
            OptionGroup { name: "색상".into(), values: vec!["블랙".into(), "아이보리".into(), "네이비".into()] },
            OptionGroup { name: "사이즈".into(), values: vec!["S".into(), "M".into(), "L".into(), "XL".into()] },
        ];
        let all = combinations(&groups);
        assert_eq!(all.len(), 12);
        assert_eq!(all[0], vec!["블랙", "S"]);
        assert_eq!(all[11], vec!["네이비", "XL"]);
        assert_eq!(combinations(&[]), vec![Vec::<String>::new()]);
        assert_eq!(option_label(&all[5]), "아이보리 / M");
    }

    #[test]
    fn each_broken_rule_names_its_field() {
        let cases: Vec<(Box<dyn Fn(&mut ProductInput)>, &str)> = vec![
            (Box::new(|p| p.name = "  ".into()), "name"),
            (Box::new(|p| p.name = "=cmd|' /C calc'!A0".into()), "name"),
            (Box::new(|p| p.sale_price = 170_000), "sale_price"),
            (Box::new(|p| p.sale_price = -1_000), "sale_price"),
            (Box::new(|p| p.list_price = 1_000_000_000), "list_price"),
            (Box::new(|p| p.sale_price = 129_005), "sale_price"),
            (Box::new(|p| p.category = "가전".into()), "category"),
            (Box::new(|p| p.variants[1].stock = -1), "variants.1"),
            (Box::new(|p| p.variants[2].stock = 1_000_000), "variants.2"),
            (Box::new(|p| p.variants[0].extra_price = 200_000), "variants.0"),
            (Box::new(|p| p.variants[1].sku = "MD-1001-0".into()), "variants.1"),
            (Box::new(|p| p.variants[1].sku = "한글".into()), "variants.1"),
            (Box::new(|p| p.shipping.shipping_fee = -3000), "shipping_fee"),
            (Box::new(|p| p.status = ProductStatus::SoldOut), "status"),
            (Box::new(|p| p.variants.pop().map(drop).unwrap_or(())), "variants"),
            (Box::new(|p| p.image_ids = (0..11).collect()), "images"),
            (
                Box::new(|p| {
                    p.option_groups = (0..4)
                        .map(|i| OptionGroup { name: format!("옵션{i}"), values: vec!["A".into()] })
                        .collect()
                }),
                "option_groups",
            ),
            (Box::new(|p| p.option_groups[1].values = vec!["S".into(), "S".into()]), "option_groups.1"),
        ];
        for (i, (break_it, field)) in cases.into_iter().enumerate() {
            let mut p = input();
            break_it(&mut p);
            let err = p.validate().expect_err(&format!("case {i} passed"));
            assert_eq!(err.field.as_deref(), Some(field), "case {i}: {}", err.message);
            assert_eq!(err.code, "invalid_input");
            assert!(!err.message.is_empty());
        }
    }

    #[test]
    fn sold_out_follows_the_stock_and_stopped_stays_stopped() {
        assert_eq!(ProductStatus::resolve(ProductStatus::OnSale, 0), ProductStatus::SoldOut);
        assert_eq!(ProductStatus::resolve(ProductStatus::SoldOut, 3), ProductStatus::OnSale);
        assert_eq!(ProductStatus::resolve(ProductStatus::Stopped, 0), ProductStatus::Stopped);
        assert_eq!(ProductStatus::resolve(ProductStatus::Hidden, 9), ProductStatus::Hidden);
    }

    #[test]
    fn price_changes_cut_down_to_ten_won() {
        assert_eq!(PriceChange::Percent("-10".into()).apply(39_900).unwrap(), 35_910);
        assert_eq!(PriceChange::Percent("-15%".into()).apply(39_900).unwrap(), 33_910);
        assert_eq!(PriceChange::Percent("5.5".into()).apply(10_000).unwrap(), 10_550);
        assert_eq!(PriceChange::Amount(-2_000).apply(39_900).unwrap(), 37_900);
        assert!(PriceChange::Percent("abc".into()).apply(10_000).is_err());
        assert!(PriceChange::Percent("-100".into()).apply(10_000).is_err());
    }

    #[test]
    fn channels_and_categories_read_korean_names() {
        assert_eq!(Channel::parse("패션바이카카오"), Some(Channel::Fashionbykakao));
        assert_eq!(Channel::parse("posty"), Some(Channel::Posty));
        assert_eq!(Channel::from_bits(5), vec![Channel::Zigzag, Channel::Posty]);
        assert_eq!(parse_category("팬츠/데님").as_deref(), Some("팬츠>데님"));
        assert_eq!(parse_category("팬츠"), None);
        assert_eq!(crate::format::format_won(1_234_500), "1,234,500원");
        assert_eq!(format_number(-1_000), "-1,000");
    }
}
