//! 환불 금액 계산: the one function that decides what a buyer gets back (or
//! pays, for an exchange) when a claim completes. Pure: prices, discounts,
//! fees and the shop's other lines of the buyer order in, a breakdown out —
//! the same breakdown the seller sees before approving and the server
//! stores when the claim completes.
//!
//! Rounding: money is whole won. The only fraction arises when part of a
//! line's quantity is claimed: its share of the line's discounts is
//! `discount × claimed / quantity`, computed exactly with `rust_decimal` and
//! rounded half away from zero to a whole won (반올림), once per discount.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::model::{ClaimKind, Fault};
use crate::i18n::msg;

/// One line of the shop's part of the buyer order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundLine {
    pub item_id: i64,
    pub unit_price: i64,
    pub option_price: i64,
    pub quantity: i64,
    pub seller_discount: i64,
    pub platform_discount: i64,
    /// 배송비 charged on this line.
    pub shipping_fee: i64,
    /// Already refunded, cancelled or returned: no longer kept by the buyer.
    pub gone: bool,
}

impl RefundLine {
    /// What the buyer paid for the line, shipping excluded.
    pub fn amount(&self) -> i64 {
        (self.unit_price + self.option_price) * self.quantity
            - self.seller_discount
            - self.platform_discount
    }

    /// What the buyer paid for `qty` of the line's units (discounts prorated).
    pub fn amount_of(&self, qty: i64) -> i64 {
        if qty >= self.quantity {
            return self.amount();
        }
        let share = |discount: i64| -> i64 {
            let exact =
                Decimal::from(discount) * Decimal::from(qty) / Decimal::from(self.quantity.max(1));
            exact
                .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                .to_i64()
                .unwrap_or(discount)
        };
        (self.unit_price + self.option_price) * qty
            - share(self.seller_discount)
            - share(self.platform_discount)
    }
}

/// The product's 배송비 settings (상품의 배송 정보).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingProfile {
    /// 기본 배송비
    pub shipping_fee: i64,
    /// 무료배송 기준 금액 (0: none)
    pub free_shipping_over: i64,
    /// 반품 배송비 (편도)
    pub return_fee: i64,
    /// 교환 배송비 (왕복)
    pub exchange_fee: i64,
}

/// What the refund is computed from.
#[derive(Debug, Clone)]
pub struct RefundInput<'a> {
    pub kind: ClaimKind,
    pub fault: Fault,
    /// The shop's lines of the buyer order, the claimed one among them.
    pub lines: &'a [RefundLine],
    pub item_id: i64,
    /// Units claimed (the whole line unless fewer).
    pub quantity: i64,
    pub profile: ShippingProfile,
}

/// One amount taken off the refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deduction {
    /// `return_fee`, `initial_shipping`, `exchange_fee`
    pub code: String,
    /// Korean: the buyer's message quotes it. Pages show [`Deduction::shown_label`].
    pub label: String,
    pub amount: i64,
}

impl Deduction {
    /// The deduction as the seller reads it, in the reader's language, on a
    /// claim of `kind`.
    pub fn shown_label(&self, kind: ClaimKind) -> String {
        match (self.code.as_str(), kind) {
            ("return_fee", _) => msg::claims_deduction_return_fee().to_owned(),
            ("initial_shipping", ClaimKind::Return) => {
                msg::claims_deduction_initial_shipping_return().to_owned()
            }
            ("initial_shipping", _) => msg::claims_deduction_initial_shipping_cancel().to_owned(),
            _ => self.label.clone(),
        }
    }
}

/// The refund, item by item, as the seller sees it before approving.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundBreakdown {
    /// 상품 환불액: what was paid for the claimed units.
    pub product_amount: i64,
    /// 배송비 환불
    pub shipping_refund: i64,
    /// 차감 (반품 배송비, 무료배송 해제로 인한 초기 배송비 …).
    pub deductions: Vec<Deduction>,
    /// The deductions actually taken (at most what there was to refund).
    pub deduction_total: i64,
    /// Deductions beyond the refund, which the refund could not cover.
    pub uncovered: i64,
    /// 환불 예정 금액 (never negative).
    pub total: i64,
    /// 교환: what the buyer pays (왕복 배송비) when at fault.
    pub charge_amount: i64,
}

fn deduction(code: &str, label: &str, amount: i64) -> Deduction {
    Deduction {
        code: code.to_owned(),
        label: label.to_owned(),
        amount,
    }
}

/// The refund of a claim; see the module doc for rounding. The rules:
///
/// - 판매자 책임: the whole amount paid for the claimed units, and the paid
///   shipping when no line of the shop's order remains with the buyer.
/// - 구매자 책임 반품: minus the 반품 배송비; and when the order shipped free
///   (its subtotal reached 무료배송 기준 and no shipping was charged) but what
///   the buyer keeps falls below the threshold now, minus the 초기 배송비 as
///   well (free shipping crossed back). Shipping that was delivered is not
///   refunded.
/// - 구매자 책임 취소 (before shipping): no return fee; paid shipping back when
///   nothing remains; the crossed-back rule when some lines remain (they will
///   now ship under the threshold).
/// - 교환: no refund; a buyer at fault pays the 교환 배송비 (`charge_amount`).
/// - A refund is never negative: deductions beyond it are capped and the rest
///   reported as `uncovered`.
pub fn compute(input: &RefundInput<'_>) -> RefundBreakdown {
    let Some(line) = input.lines.iter().find(|l| l.item_id == input.item_id) else {
        return RefundBreakdown::default();
    };
    let qty = input.quantity.clamp(1, line.quantity.max(1));
    let profile = input.profile;

    if input.kind == ClaimKind::Exchange {
        let charge = if input.fault == Fault::Buyer {
            profile.exchange_fee.max(0)
        } else {
            0
        };
        return RefundBreakdown {
            charge_amount: charge,
            ..Default::default()
        };
    }

    let product_amount = line.amount_of(qty).max(0);
    // What the buyer keeps before and after this claim.
    let kept_before: i64 = input
        .lines
        .iter()
        .filter(|l| !l.gone)
        .map(RefundLine::amount)
        .sum();
    let kept_lines_after = input
        .lines
        .iter()
        .filter(|l| !l.gone && (l.item_id != line.item_id || qty < l.quantity))
        .count();
    let kept_after = kept_before - product_amount;
    let paid_shipping: i64 = input.lines.iter().map(|l| l.shipping_fee).sum();
    let subtotal: i64 = input.lines.iter().map(RefundLine::amount).sum();
    let shipped_free = profile.free_shipping_over > 0
        && subtotal >= profile.free_shipping_over
        && paid_shipping == 0;
    let crossed_back = shipped_free
        && kept_before >= profile.free_shipping_over
        && kept_after < profile.free_shipping_over;

    let mut shipping_refund = 0;
    let mut deductions = Vec::new();
    match (input.fault, input.kind) {
        (Fault::Seller, _) => {
            if kept_lines_after == 0 {
                shipping_refund = paid_shipping;
            }
        }
        (Fault::Buyer, ClaimKind::Return) => {
            if profile.return_fee > 0 {
                deductions.push(deduction("return_fee", "반품 배송비", profile.return_fee));
            }
            if crossed_back && profile.shipping_fee > 0 {
                deductions.push(deduction(
                    "initial_shipping",
                    "초기 배송비 (무료배송 조건 해제)",
                    profile.shipping_fee,
                ));
            }
        }
        (Fault::Buyer, _) => {
            if kept_lines_after == 0 {
                shipping_refund = paid_shipping;
            } else if crossed_back && profile.shipping_fee > 0 {
                deductions.push(deduction(
                    "initial_shipping",
                    "배송비 (무료배송 조건 해제)",
                    profile.shipping_fee,
                ));
            }
        }
    }
    let gross = product_amount + shipping_refund;
    let wanted: i64 = deductions.iter().map(|d| d.amount).sum();
    let taken = wanted.min(gross);
    RefundBreakdown {
        product_amount,
        shipping_refund,
        deductions,
        deduction_total: taken,
        uncovered: wanted - taken,
        total: gross - taken,
        charge_amount: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(item_id: i64, unit: i64, qty: i64, shipping: i64) -> RefundLine {
        RefundLine {
            item_id,
            unit_price: unit,
            option_price: 0,
            quantity: qty,
            seller_discount: 0,
            platform_discount: 0,
            shipping_fee: shipping,
            gone: false,
        }
    }

    const PROFILE: ShippingProfile = ShippingProfile {
        shipping_fee: 3000,
        free_shipping_over: 50000,
        return_fee: 3000,
        exchange_fee: 6000,
    };

    fn run(kind: ClaimKind, fault: Fault, lines: &[RefundLine], item: i64) -> RefundBreakdown {
        let qty = lines.iter().find(|l| l.item_id == item).unwrap().quantity;
        compute(&RefundInput {
            kind,
            fault,
            lines,
            item_id: item,
            quantity: qty,
            profile: PROFILE,
        })
    }

    #[test]
    fn seller_fault_refunds_everything_and_the_shipping_of_the_last_line() {
        let lines = [line(1, 20000, 1, 3000)];
        let r = run(ClaimKind::Return, Fault::Seller, &lines, 1);
        assert_eq!(
            (
                r.product_amount,
                r.shipping_refund,
                r.deduction_total,
                r.total
            ),
            (20000, 3000, 0, 23000)
        );
        assert!(r.deductions.is_empty());
    }

    #[test]
    fn seller_fault_keeps_shipping_while_other_lines_remain() {
        let lines = [line(1, 20000, 1, 3000), line(2, 10000, 1, 0)];
        let r = run(ClaimKind::Return, Fault::Seller, &lines, 1);
        assert_eq!((r.shipping_refund, r.total), (0, 20000));
        // Then the other line goes too: now the shipping comes back.
        let mut lines = lines;
        lines[0].gone = true;
        let r = run(ClaimKind::Return, Fault::Seller, &lines, 2);
        assert_eq!((r.shipping_refund, r.total), (3000, 13000));
    }

    #[test]
    fn buyer_fault_return_deducts_the_return_fee_and_keeps_delivered_shipping() {
        let lines = [line(1, 20000, 1, 3000)];
        let r = run(ClaimKind::Return, Fault::Buyer, &lines, 1);
        assert_eq!(r.product_amount, 20000);
        assert_eq!(r.shipping_refund, 0);
        assert_eq!(
            r.deductions,
            vec![deduction("return_fee", "반품 배송비", 3000)]
        );
        assert_eq!(r.total, 17000);
    }

    #[test]
    fn free_shipping_crossed_back_deducts_the_initial_shipping_too() {
        // 30,000 + 25,000 = 55,000 ≥ 50,000: shipped free. Returning the
        // 30,000 line leaves 25,000 below the threshold.
        let lines = [line(1, 30000, 1, 0), line(2, 25000, 1, 0)];
        let r = run(ClaimKind::Return, Fault::Buyer, &lines, 1);
        assert_eq!(
            r.deductions
                .iter()
                .map(|d| d.code.as_str())
                .collect::<Vec<_>>(),
            vec!["return_fee", "initial_shipping"]
        );
        assert_eq!(r.total, 30000 - 3000 - 3000);
        // Once crossed, a later return is not charged the initial fee again.
        let mut later = lines.clone();
        later[0].gone = true;
        let r = run(ClaimKind::Return, Fault::Buyer, &later, 2);
        assert_eq!(r.deduction_total, 3000);
        assert_eq!(r.total, 22000);
    }

    #[test]
    fn staying_above_the_threshold_keeps_free_shipping() {
        // 70,000 shipped free; 60,000 kept is still over 50,000.
        let lines = [line(1, 10000, 1, 0), line(2, 60000, 1, 0)];
        let r = run(ClaimKind::Return, Fault::Buyer, &lines, 1);
        assert_eq!(r.deductions.len(), 1);
        assert_eq!(r.total, 7000);
        // 45,000 kept falls below it: crossed back.
        let lines = [line(1, 10000, 1, 0), line(2, 45000, 1, 0)];
        let r = run(ClaimKind::Return, Fault::Buyer, &lines, 1);
        assert_eq!(r.deduction_total, 6000);
        assert_eq!(r.total, 4000);
    }

    #[test]
    fn an_order_that_paid_for_shipping_never_crosses_back() {
        let lines = [line(1, 30000, 1, 3000), line(2, 25000, 1, 0)];
        let r = run(ClaimKind::Return, Fault::Buyer, &lines, 1);
        assert_eq!(r.deduction_total, 3000);
    }

    #[test]
    fn buyer_fault_cancel_before_shipping_charges_no_return_fee() {
        let lines = [line(1, 20000, 1, 3000)];
        let r = run(ClaimKind::Cancel, Fault::Buyer, &lines, 1);
        assert_eq!(
            (r.product_amount, r.shipping_refund, r.total),
            (20000, 3000, 23000)
        );
        assert!(r.deductions.is_empty());
    }

    #[test]
    fn buyer_fault_cancel_that_crosses_back_pays_the_shipping_of_what_remains() {
        let lines = [line(1, 30000, 1, 0), line(2, 25000, 1, 0)];
        let r = run(ClaimKind::Cancel, Fault::Buyer, &lines, 1);
        assert_eq!(
            r.deductions,
            vec![deduction(
                "initial_shipping",
                "배송비 (무료배송 조건 해제)",
                3000
            )]
        );
        assert_eq!(r.total, 27000);
        // Cancelling everything ships nothing: nothing is deducted.
        let mut lines = lines;
        lines[0].gone = true;
        let r = run(ClaimKind::Cancel, Fault::Buyer, &lines, 2);
        assert_eq!(r.total, 25000);
    }

    #[test]
    fn partial_return_of_a_multi_item_order_refunds_only_that_line() {
        let mut a = line(1, 29000, 2, 3000);
        a.platform_discount = 2000;
        let b = line(2, 15000, 1, 0);
        let lines = [a, b];
        let r = run(ClaimKind::Return, Fault::Buyer, &lines, 2);
        assert_eq!((r.product_amount, r.total), (15000, 12000));
        let r = run(ClaimKind::Return, Fault::Seller, &lines, 1);
        assert_eq!(
            (r.product_amount, r.shipping_refund, r.total),
            (56000, 0, 56000)
        );
    }

    #[test]
    fn part_of_a_line_prorates_its_discounts_half_away_from_zero() {
        let mut l = line(1, 10000, 3, 0);
        l.seller_discount = 1000; // 333.33… per unit
        l.platform_discount = 500; // 166.66… per unit
        assert_eq!(l.amount_of(1), 10000 - 333 - 167);
        assert_eq!(l.amount_of(2), 20000 - 667 - 333);
        assert_eq!(l.amount_of(3), l.amount());
        let mut even = line(1, 10000, 2, 0);
        even.seller_discount = 1001; // 500.5 → 501
        assert_eq!(even.amount_of(1), 10000 - 501);
        let lines = [l];
        let r = compute(&RefundInput {
            kind: ClaimKind::Return,
            fault: Fault::Seller,
            lines: &lines,
            item_id: 1,
            quantity: 1,
            profile: PROFILE,
        });
        assert_eq!(r.product_amount, 9500);
        assert_eq!(r.shipping_refund, 0, "two units are still kept");
    }

    #[test]
    fn a_refund_is_never_negative() {
        let lines = [
            line(1, 30000, 1, 0),
            line(2, 2000, 1, 0),
            line(3, 25000, 1, 0),
        ];
        let r = run(ClaimKind::Return, Fault::Buyer, &lines, 2);
        // 57,000 → 55,000 kept: no crossing; the return fee (3,000) is more
        // than the 2,000 line.
        assert_eq!(r.total, 0);
        assert_eq!(r.deduction_total, 2000);
        assert_eq!(r.uncovered, 1000);
    }

    #[test]
    fn exchange_charges_the_round_trip_to_a_buyer_at_fault_only() {
        let lines = [line(1, 20000, 1, 3000)];
        let r = run(ClaimKind::Exchange, Fault::Buyer, &lines, 1);
        assert_eq!((r.total, r.charge_amount), (0, 6000));
        let r = run(ClaimKind::Exchange, Fault::Seller, &lines, 1);
        assert_eq!((r.total, r.charge_amount), (0, 0));
    }

    #[test]
    fn an_unknown_item_refunds_nothing() {
        let lines = [line(1, 20000, 1, 3000)];
        assert_eq!(
            run(ClaimKind::Return, Fault::Seller, &lines, 1).total,
            23000
        );
        let r = compute(&RefundInput {
            kind: ClaimKind::Return,
            fault: Fault::Seller,
            lines: &lines,
            item_id: 9,
            quantity: 1,
            profile: PROFILE,
        });
        assert_eq!(r, RefundBreakdown::default());
    }
}
