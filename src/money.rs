//! The money rules of settlement, as plain functions on whole won.
//!
//! **The one rounding rule.** Every amount that comes out of a rate is
//! computed exactly with `rust_decimal` and then rounded to whole won half
//! away from zero ([`round_won`]), once per component of a line. Totals are
//! sums of those whole-won components, never rounded again, so a statement is
//! exactly the sum of its lines and no line is more than half a won from the
//! exact value of any of its parts.
//!
//! **VAT** on a tax invoice is supply × 10 % with the fraction of a won cut
//! off (원 미만 절사), as Korean e-tax invoices do ([`vat_of`]).
//!
//! Rates are basis points (1050 = 10.50 %) so that no fractional number is
//! stored or sent anywhere.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Basis points in one (100 %).
pub const BP_SCALE: i64 = 10_000;

/// A rate in basis points as an exact decimal: 1050 → 0.1050.
pub fn bp_rate(bp: i64) -> Decimal {
    Decimal::new(bp, 4)
}

/// Whole won, half away from zero. Saturates instead of panicking on an
/// amount no shop can reach.
pub fn round_won(amount: Decimal) -> i64 {
    amount.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero).to_i64().unwrap_or(if amount
        .is_sign_negative()
    {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// `base × rate`, rounded by the one rule.
pub fn fee(base: i64, bp: i64) -> i64 {
    round_won(Decimal::from(base) * bp_rate(bp))
}

/// VAT of a supply value: 10 %, 원 미만 절사.
pub fn vat_of(supply: i64) -> i64 {
    supply / 10
}

/// 10.50 % as a seller reads it.
pub fn format_bp(bp: i64) -> String {
    let whole = bp / 100;
    let frac = (bp % 100).abs();
    if frac == 0 {
        format!("{whole}%")
    } else if frac % 10 == 0 {
        format!("{whole}.{}%", frac / 10)
    } else {
        format!("{whole}.{frac:02}%")
    }
}

/// "10.5" or "10.50 %" typed by the operator → basis points; `None` when it is
/// not a percentage between 0 and 100 with at most two decimals.
pub fn parse_percent(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches('%').trim();
    let d: Decimal = t.parse().ok()?;
    if d.is_sign_negative() || d > Decimal::from(100) || d.scale() > 2 {
        return None;
    }
    (d * Decimal::from(100)).to_i64()
}

/// Commission and payment-fee rates in force for an item (basis points).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rates {
    pub commission_bp: i64,
    pub payment_fee_bp: i64,
}

/// What an order item brought in, as the order recorded it (whole won).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SaleInput {
    pub unit_price: i64,
    pub option_price: i64,
    pub quantity: i64,
    /// 판매자 부담 할인: the seller gives it up.
    pub seller_discount: i64,
    /// 플랫폼 부담 할인: the platform pays it to the seller.
    pub platform_discount: i64,
    /// 배송비 the buyer paid with this item; it is the seller's.
    pub shipping_fee: i64,
    /// What a completed claim on the item adds (+, e.g. 교환 왕복 배송비
    /// paid by a buyer at fault) or takes (−).
    pub claim_amount: i64,
}

/// The amounts of one settlement line. `net_payout` is exactly
/// `sale − seller_discount + shipping − commission − payment_fee + claim + adjustment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineAmounts {
    pub sale_amount: i64,
    pub seller_discount: i64,
    pub platform_discount: i64,
    pub shipping_fee: i64,
    pub commission: i64,
    pub payment_fee: i64,
    pub claim_amount: i64,
    pub adjustment: i64,
    pub net_payout: i64,
}

impl LineAmounts {
    fn with_net(mut self) -> Self {
        self.net_payout = self.sale_amount - self.seller_discount + self.shipping_fee - self.commission
            - self.payment_fee
            + self.claim_amount
            + self.adjustment;
        self
    }

    /// A line that only carries a claim's amount (반품배송비 kept …).
    pub fn claim(amount: i64) -> Self {
        Self { claim_amount: amount, ..Self::default() }.with_net()
    }

    /// A correction (정산 조정), positive or negative.
    pub fn adjustment(amount: i64) -> Self {
        Self { adjustment: amount, ..Self::default() }.with_net()
    }

    /// Adds another line's amounts (a statement's totals).
    pub fn add(&mut self, other: &LineAmounts) {
        self.sale_amount += other.sale_amount;
        self.seller_discount += other.seller_discount;
        self.platform_discount += other.platform_discount;
        self.shipping_fee += other.shipping_fee;
        self.commission += other.commission;
        self.payment_fee += other.payment_fee;
        self.claim_amount += other.claim_amount;
        self.adjustment += other.adjustment;
        self.net_payout += other.net_payout;
    }
}

/// The settlement of a purchase-confirmed item.
///
/// - 판매금액 = (unit price + option price) × quantity.
/// - 판매수수료 = commission rate × (판매금액 − seller-borne discount): the
///   price the seller sold at; platform-borne discounts are the platform's.
/// - 결제수수료 = payment-fee rate × what the buyer paid (판매금액 − both
///   discounts + 배송비).
/// - Each fee is rounded once by [`round_won`]; the net follows exactly.
pub fn sale_line(item: &SaleInput, rates: Rates) -> LineAmounts {
    let sale_amount = (item.unit_price + item.option_price) * item.quantity;
    let sold_at = sale_amount - item.seller_discount;
    let buyer_paid = sold_at - item.platform_discount + item.shipping_fee;
    LineAmounts {
        sale_amount,
        seller_discount: item.seller_discount,
        platform_discount: item.platform_discount,
        shipping_fee: item.shipping_fee,
        commission: fee(sold_at.max(0), rates.commission_bp),
        payment_fee: fee(buyer_paid.max(0), rates.payment_fee_bp),
        claim_amount: item.claim_amount,
        adjustment: 0,
        net_payout: 0,
    }
    .with_net()
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    #[test]
    fn a_sale_line_takes_commission_on_the_sold_price_and_the_payment_fee_on_what_the_buyer_paid() {
        let item = SaleInput {
            unit_price: 39_000,
            option_price: 2_000,
            quantity: 2,
            seller_discount: 5_000,
            platform_discount: 3_000,
            shipping_fee: 3_000,
            claim_amount: 0,
        };
        let line = sale_line(&item, Rates { commission_bp: 1050, payment_fee_bp: 330 });
        assert_eq!(line.sale_amount, 82_000);
        assert_eq!(line.commission, 8_085); // 77,000 × 10.5 %
        assert_eq!(line.payment_fee, 2_541); // (77,000 − 3,000 + 3,000) × 3.3 %
        assert_eq!(line.net_payout, 82_000 - 5_000 + 3_000 - 8_085 - 2_541);
    }

    fn item() -> impl Strategy<Value = SaleInput> {
        (0i64..2_000_000, 0i64..50_000, 1i64..20, 0i64..100, 0i64..100, 0i64..10_000, -20_000i64..20_000).prop_map(
            |(unit, option, qty, sd, pd, ship, claim)| {
                let gross = (unit + option) * qty;
                SaleInput {
                    unit_price: unit,
                    option_price: option,
                    quantity: qty,
                    // Discounts as a share of the gross, so they never exceed it.
                    seller_discount: gross * sd / 200,
                    platform_discount: gross * pd / 200,
                    shipping_fee: ship,
                    claim_amount: claim,
                }
            },
        )
    }

    fn rates() -> impl Strategy<Value = Rates> {
        (0i64..3_000, 0i64..1_000).prop_map(|(c, p)| Rates { commission_bp: c, payment_fee_bp: p })
    }

    proptest! {
        #[test]
        fn a_statement_is_exactly_the_sum_of_its_lines(
            lines in proptest::collection::vec((item(), rates()), 0..60),
            claims in proptest::collection::vec(-30_000i64..30_000, 0..10),
            adjustments in proptest::collection::vec(-100_000i64..100_000, 0..5),
        ) {
            let mut all: Vec<LineAmounts> = lines.iter().map(|(i, r)| sale_line(i, *r)).collect();
            all.extend(claims.iter().map(|c| LineAmounts::claim(*c)));
            all.extend(adjustments.iter().map(|a| LineAmounts::adjustment(*a)));
            let mut total = LineAmounts::default();
            for l in &all {
                total.add(l);
            }
            prop_assert_eq!(total.net_payout, all.iter().map(|l| l.net_payout).sum::<i64>());
            prop_assert_eq!(
                total.net_payout,
                total.sale_amount - total.seller_discount + total.shipping_fee - total.commission - total.payment_fee
                    + total.claim_amount + total.adjustment
            );
        }

        #[test]
        fn every_fee_is_within_half_a_won_of_its_exact_value((item, rates) in (item(), rates())) {
            let line = sale_line(&item, rates);
            let sold_at = Decimal::from(line.sale_amount - item.seller_discount);
            let paid = sold_at - Decimal::from(item.platform_discount) + Decimal::from(item.shipping_fee);
            let exact_commission = sold_at * bp_rate(rates.commission_bp);
            let exact_payment = paid * bp_rate(rates.payment_fee_bp);
            let half = Decimal::new(5, 1);
            prop_assert!((Decimal::from(line.commission) - exact_commission).abs() <= half);
            prop_assert!((Decimal::from(line.payment_fee) - exact_payment).abs() <= half);
            // And the net is within a won of the exact net.
            let exact_net = Decimal::from(line.sale_amount - item.seller_discount + item.shipping_fee + item.claim_amount)
                - exact_commission - exact_payment;
            prop_assert!((Decimal::from(line.net_payout) - exact_net).abs() < Decimal::ONE);
        }

        #[test]
        fn vat_is_a_tenth_of_the_supply_with_the_won_fraction_cut(supply in 0i64..10_000_000_000) {
            let exact = Decimal::from(supply) / Decimal::from(10);
            let vat = vat_of(supply);
            prop_assert_eq!(Decimal::from(vat), exact.trunc());
            prop_assert!(exact - Decimal::from(vat) < Decimal::ONE);
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_won(Decimal::new(15, 1)), 2);
        assert_eq!(round_won(Decimal::new(25, 1)), 3);
        assert_eq!(round_won(Decimal::new(-25, 1)), -3);
        assert_eq!(round_won(Decimal::new(2499, 3)), 2);
    }

    #[test]
    fn fees_apply_basis_points_exactly() {
        assert_eq!(fee(33_000, 1050), 3465);
        assert_eq!(fee(10_001, 550), 550); // 550.055
        assert_eq!(fee(10_010, 550), 551); // 550.55
        assert_eq!(fee(0, 1050), 0);
    }

    #[test]
    fn vat_cuts_off_the_fraction_of_a_won() {
        assert_eq!(vat_of(12_345), 1234);
        assert_eq!(vat_of(10), 1);
        assert_eq!(vat_of(9), 0);
    }

    #[test]
    fn percentages_round_trip_through_basis_points() {
        assert_eq!(parse_percent("10.5"), Some(1050));
        assert_eq!(parse_percent(" 5.55 % "), Some(555));
        assert_eq!(parse_percent("3"), Some(300));
        assert_eq!(parse_percent("5.555"), None);
        assert_eq!(parse_percent("-1"), None);
        assert_eq!(parse_percent("101"), None);
        assert_eq!(parse_percent("abc"), None);
        assert_eq!(format_bp(1050), "10.5%");
        assert_eq!(format_bp(555), "5.55%");
        assert_eq!(format_bp(300), "3%");
    }
}
