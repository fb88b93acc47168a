//! 세금계산서 and 부가세 신고 자료.
//!
//! Every month the platform invoices the shop for its fees: 판매수수료 per
//! channel and 결제수수료, the supply values (VAT-exclusive) the settlement
//! lines of the month hold. The VAT is computed once on the month's total
//! supply (10 %, 원 미만 절사) and collected from the next payout, so the
//! invoice is 영수. Issued invoices are kept as they were written (the parties
//! copied), the running month is shown as a preview.
//!
//! The VAT report gives the shop what it files itself: its monthly sales split
//! by payment method, with the 공급가액 / 부가세 split of what buyers paid.
//!
//! Money is whole won; the split uses `rust_decimal` and the one rounding rule
//! of [`crate::money`].

pub mod pages;

#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod ssr;

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg_attr(not(feature = "ssr"), allow(unused_imports))]
use crate::auth::roles::Permission;
use crate::error::AppError;
use crate::i18n::msg;
use crate::money::{round_won, vat_of};

/// 영수: the VAT is collected from the payout, so the invoice says it was received.
pub const PURPOSE_RECEIPT: &str = "receipt";
/// 청구.
pub const PURPOSE_CLAIM: &str = "claim";

/// One side of a tax invoice (공급자 or 공급받는자).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Party {
    /// 등록번호 `123-45-67890`.
    pub registration_no: String,
    /// 상호.
    pub name: String,
    /// 성명 (대표자).
    pub representative: String,
    /// 사업장 주소.
    pub address: String,
    /// 업태.
    pub business_type: String,
    /// 종목.
    pub business_item: String,
    pub email: String,
}

/// One line of the invoice (월 일 품목 수량 공급가액 세액).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceItem {
    /// `MM-DD`.
    pub date: String,
    /// 품목, e.g. `판매수수료(지그재그)`.
    pub name: String,
    pub quantity: i64,
    pub supply_value: i64,
    pub vat: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxInvoice {
    /// 0 for a preview.
    pub id: i64,
    pub shop_id: i64,
    /// `YYYY-MM`.
    pub month: String,
    /// 승인번호 (empty for a preview).
    pub approval_no: String,
    /// 작성일자 `YYYY-MM-DD`: the month's last day.
    pub write_date: String,
    pub supplier: Party,
    pub buyer: Party,
    pub items: Vec<InvoiceItem>,
    pub supply_value: i64,
    pub vat: i64,
    pub total: i64,
    /// [`PURPOSE_RECEIPT`] (영수) or [`PURPOSE_CLAIM`] (청구).
    pub purpose: String,
    /// `false`: a preview of the running month, not issued yet.
    pub issued: bool,
}

impl TaxInvoice {
    /// 영수 / 청구 in the reader's language (the page).
    pub fn purpose_label(&self) -> &'static str {
        if self.purpose == PURPOSE_CLAIM {
            msg::tax_purpose_claim()
        } else {
            msg::tax_purpose_receipt()
        }
    }

    /// 영수 / 청구, always Korean (the PDF).
    pub fn purpose_ko(&self) -> &'static str {
        if self.purpose == PURPOSE_CLAIM {
            "청구"
        } else {
            "영수"
        }
    }
}

/// A month of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxInvoiceSummary {
    pub month: String,
    pub approval_no: String,
    pub write_date: String,
    pub supply_value: i64,
    pub vat: i64,
    pub total: i64,
    pub issued: bool,
}

impl From<&TaxInvoice> for TaxInvoiceSummary {
    fn from(t: &TaxInvoice) -> Self {
        Self {
            month: t.month.clone(),
            approval_no: t.approval_no.clone(),
            write_date: t.write_date.clone(),
            supply_value: t.supply_value,
            vat: t.vat,
            total: t.total,
            issued: t.issued,
        }
    }
}

/// Sales of one payment method in a month (부가세 신고 자료).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatRow {
    /// A [`crate::orders::PAYMENT_METHODS`] code; empty on the totals row.
    pub method: String,
    pub label: String,
    /// Items sold (paid in the month, not cancelled).
    pub count: i64,
    /// What buyers paid for them.
    pub sales: i64,
    /// Refunds of returns completed in the month.
    pub refund_count: i64,
    pub refunds: i64,
    /// `sales − refunds`: the 과세 매출 of the month.
    pub total: i64,
    /// 과세 공급가액 and 부가세 of `total`.
    pub supply: i64,
    pub vat: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatReport {
    pub month: String,
    pub rows: Vec<VatRow>,
    /// The sums of the rows.
    pub totals: VatRow,
}

// ------------------------------------------------------------------ months

/// A calendar month in Korea.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// `2026-10` (also `2026-1`). Anything else, or a month outside 2000..=2999,
    /// is refused with a message the seller can act on.
    pub fn parse(text: &str) -> Result<Self, AppError> {
        let bad = || AppError::invalid("month", msg::tax_err_month_format());
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.is_empty() || m.len() > 2 || !(y.chars().chain(m.chars()).all(|c| c.is_ascii_digit())) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(AppError::invalid("month", msg::tax_err_month_range(month)));
        }
        if !(2000..=2999).contains(&year) {
            return Err(bad());
        }
        Ok(Self { year, month })
    }

    /// The Korean month of an instant (UTC milliseconds).
    pub fn of_millis(millis: i64) -> Option<Self> {
        let d = crate::calendar::kst_date(millis)?;
        Some(Self {
            year: d.year(),
            month: d.month(),
        })
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn prev(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or_default()
    }

    /// The first millisecond of the month in Korea, UTC milliseconds.
    pub fn start_millis(self) -> i64 {
        self.prev().end_millis()
    }

    /// The first millisecond after the month in Korea (exclusive end).
    pub fn end_millis(self) -> i64 {
        crate::calendar::end_of_kst_day(self.last_day()) + 1
    }

    /// `2026년 10월` / `October 2026` in the reader's language.
    pub fn label(self) -> String {
        crate::settlement::month_name(self.year, self.month)
    }

    /// `2026년 10월`, always Korean (the PDF).
    pub fn label_ko(self) -> String {
        format!("{}년 {}월", self.year, self.month)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// `2026년 10월` / `October 2026` for a `YYYY-MM` text, the text itself
/// when it is not one.
pub fn month_label(text: &str) -> String {
    Month::parse(text)
        .map(Month::label)
        .unwrap_or_else(|_| text.to_owned())
}

/// [`month_label`], always Korean (the PDF).
pub fn month_label_ko(text: &str) -> String {
    Month::parse(text)
        .map(Month::label_ko)
        .unwrap_or_else(|_| text.to_owned())
}

// ------------------------------------------------------------------ money

/// A month's fee before VAT: an invoice item in the making.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fee {
    /// `MM-DD`.
    pub date: String,
    pub name: String,
    pub quantity: i64,
    pub supply: i64,
}

/// Invoice items with their VATs, and the invoice totals.
///
/// The VAT is computed once on the total supply (10 %, 원 미만 절사); each
/// item gets `vat_of` its own supply and the difference to the total goes to
/// the item with the largest supply, so the items always add up to the total.
/// Fees without supply are dropped. Returns the items, supply, VAT and total.
pub fn allocate(fees: Vec<Fee>) -> (Vec<InvoiceItem>, i64, i64, i64) {
    let mut out: Vec<InvoiceItem> = fees
        .into_iter()
        .filter(|f| f.supply != 0)
        .map(|f| InvoiceItem {
            date: f.date,
            name: f.name,
            quantity: f.quantity,
            supply_value: f.supply,
            vat: vat_of(f.supply),
        })
        .collect();
    let supply: i64 = out.iter().map(|i| i.supply_value).sum();
    let vat = vat_of(supply);
    let diff = vat - out.iter().map(|i| i.vat).sum::<i64>();
    if diff != 0 {
        // The first of equally large items, so the result does not depend on the sort's stability.
        let mut largest = 0;
        for (i, item) in out.iter().enumerate() {
            if item.supply_value > out[largest].supply_value {
                largest = i;
            }
        }
        if let Some(item) = out.get_mut(largest) {
            item.vat += diff;
        }
    }
    (out, supply, vat, supply + vat)
}

/// 과세 공급가액 and 부가세 of a VAT-inclusive amount: supply = total × 10 / 11
/// rounded half away from zero, VAT = the rest.
pub fn split_vat(total: i64) -> (i64, i64) {
    let supply = round_won(Decimal::from(total) * Decimal::from(10) / Decimal::from(11));
    (supply, total - supply)
}

/// `123-45-67890` for ten digits; anything else as it is.
pub fn format_registration_no(text: &str) -> String {
    let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() == 10 {
        format!("{}-{}-{}", &digits[..3], &digits[3..5], &digits[5..])
    } else {
        text.to_owned()
    }
}

// ------------------------------------------------------------------ server functions

/// The shop's invoices, newest month first, with the running month's preview on top.
#[server(prefix = "/api")]
pub async fn list_tax_invoices() -> Result<Vec<TaxInvoiceSummary>, AppError> {
    crate::auth::ssr::as_member(Permission::Settlement, async |state, actor| {
        ssr::list(&state.db, actor.shop_id, crate::db::now_millis()).await
    })
    .await
}

/// One month's invoice (issued, or the preview of a month not issued yet).
#[server(prefix = "/api")]
pub async fn get_tax_invoice(month: String) -> Result<TaxInvoice, AppError> {
    crate::auth::ssr::as_member(Permission::Settlement, async |state, actor| {
        let month = Month::parse(&month)?;
        ssr::invoice_for(&state.db, actor.shop_id, month, crate::db::now_millis())
            .await?
            .ok_or_else(|| AppError::not_found(msg::tax_noun_month_invoice()))
    })
    .await
}

/// 부가세 신고 자료 of a month.
#[server(prefix = "/api")]
pub async fn get_vat_report(month: String) -> Result<VatReport, AppError> {
    crate::auth::ssr::as_member(Permission::Settlement, async |state, actor| {
        // No month asked: the last finished one, the month a seller files for.
        let month = if month.trim().is_empty() {
            Month::of_millis(crate::db::now_millis())
                .ok_or_else(AppError::internal)?
                .prev()
        } else {
            Month::parse(&month)?
        };
        ssr::vat_report(&state.db, actor.shop_id, month).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, supply: i64) -> Fee {
        Fee {
            date: "10-31".to_owned(),
            name: name.to_owned(),
            quantity: 1,
            supply,
        }
    }

    #[test]
    fn item_vats_always_add_up_to_the_invoice_vat() {
        // 19 + 19 + 19 = 57: each item's VAT is 1 (cut off), the total's is 5.
        let (items, supply, vat, total) = allocate(vec![item("a", 19), item("b", 19), item("c", 19)]);
        assert_eq!((supply, vat, total), (57, 5, 62));
        assert_eq!(items.iter().map(|i| i.vat).collect::<Vec<_>>(), vec![3, 1, 1]);
        assert_eq!(items.iter().map(|i| i.vat).sum::<i64>(), vat);
    }

    #[test]
    fn the_difference_goes_to_the_largest_item() {
        let (items, supply, vat, _) = allocate(vec![item("작은", 1_005), item("큰", 34_659), item("결제", 2_237)]);
        assert_eq!(supply, 37_901);
        assert_eq!(vat, 3_790);
        // 100 + 3465 + 223 = 3788; +2 on 34,659.
        assert_eq!(items[1].vat, 3_467);
        assert_eq!(items[0].vat, 100);
        assert_eq!(items[2].vat, 223);
        assert_eq!(items.iter().map(|i| i.supply_value).sum::<i64>(), supply);
    }

    #[test]
    fn items_without_supply_are_left_out_and_exact_items_need_no_correction() {
        let (items, supply, vat, total) = allocate(vec![item("a", 10_000), item("b", 0), item("c", 20_000)]);
        assert_eq!(items.len(), 2);
        assert_eq!((supply, vat, total), (30_000, 3_000, 33_000));
        assert_eq!(items[0].vat, 1_000);
        assert_eq!(items[1].vat, 2_000);
        let (items, supply, vat, total) = allocate(vec![]);
        assert!(items.is_empty());
        assert_eq!((supply, vat, total), (0, 0, 0));
    }

    #[test]
    fn a_negative_item_is_allowed_and_still_adds_up() {
        // A refunded sale's commission reduces the month.
        let (items, supply, vat, _) = allocate(vec![item("a", 12_345), item("b", -1_111)]);
        assert_eq!(supply, 11_234);
        assert_eq!(vat, 1_123);
        assert_eq!(items.iter().map(|i| i.vat).sum::<i64>(), vat);
    }

    #[test]
    fn vat_inclusive_amounts_split_by_the_one_rounding_rule() {
        assert_eq!(split_vat(11_000), (10_000, 1_000));
        assert_eq!(split_vat(29_000), (26_364, 2_636)); // 290,000 / 11 is 26,363 and 7/11
        assert_eq!(split_vat(15), (14, 1)); // 150 / 11 is 13 and 7/11
        assert_eq!(split_vat(0), (0, 0));
        assert_eq!(split_vat(-11_000), (-10_000, -1_000));
        // -10 / 11 rounds to -1.
        assert_eq!(split_vat(-1), (-1, 0));
    }

    #[test]
    fn months_are_parsed_strictly() {
        assert_eq!(Month::parse("2026-10").unwrap(), Month { year: 2026, month: 10 });
        assert_eq!(Month::parse(" 2026-1 ").unwrap().to_string(), "2026-01");
        for bad in [
            "2026-13",
            "2026-00",
            "2026/10",
            "26-10",
            "2026-10-01",
            "",
            "abcd-ef",
            "2026-+1",
        ] {
            let err = Month::parse(bad).unwrap_err();
            assert_eq!(err.code, "invalid_input", "{bad}");
            assert_eq!(err.field.as_deref(), Some("month"));
        }
        assert!(Month::parse("2026-13").unwrap_err().message.contains("13월"));
    }

    #[test]
    fn a_month_runs_from_midnight_to_midnight_in_korea() {
        let m = Month::parse("2026-10").unwrap();
        assert_eq!(m.last_day().to_string(), "2026-10-31");
        // 2026-10-01 00:00 KST = 2026-09-30 15:00 UTC.
        assert_eq!(m.start_millis(), 1_790_780_400_000);
        assert_eq!(m.end_millis(), Month::parse("2026-11").unwrap().start_millis());
        assert_eq!(Month::of_millis(m.start_millis()), Some(m));
        assert_eq!(Month::of_millis(m.start_millis() - 1), Some(m.prev()));
        assert_eq!(Month::parse("2026-12").unwrap().next().to_string(), "2027-01");
        assert_eq!(Month::parse("2028-02").unwrap().last_day().to_string(), "2028-02-29");
        assert_eq!(m.label_ko(), "2026년 10월");
    }

    #[test]
    fn registration_numbers_are_shown_with_dashes() {
        assert_eq!(format_registration_no("2208812340"), "220-88-12340");
        assert_eq!(format_registration_no("220-88-12340"), "220-88-12340");
        assert_eq!(format_registration_no("abc"), "abc");
    }
}
