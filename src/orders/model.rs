//! 상품주문 상태, 상태 전이, 택배사와 송장번호: the order item state machine and
//! the couriers items are shipped with.
//!
//! [`transition`] is the only place that decides which action may move an
//! item from which status; everything else asks it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::msg;

/// 상품주문 상태 (status of one order item).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// 결제완료: a new order the seller has not looked at yet.
    Paid,
    /// 발주확인: accepted, being prepared.
    Confirmed,
    /// 배송중: handed to the courier with a 송장번호.
    Shipped,
    /// 배송완료
    Delivered,
    /// 구매확정: settled, nothing can change any more.
    PurchaseConfirmed,
    /// 취소
    Cancelled,
}

impl OrderStatus {
    /// In the order of the seller's tabs.
    pub const ALL: [OrderStatus; 6] = [
        OrderStatus::Paid,
        OrderStatus::Confirmed,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::PurchaseConfirmed,
        OrderStatus::Cancelled,
    ];

    /// The stored code, the same as the serde name.
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Paid => "paid",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::PurchaseConfirmed => "purchase_confirmed",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    /// The status of a stored code ([`Self::as_str`]), surrounding spaces
    /// ignored.
    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim();
        Self::ALL.into_iter().find(|status| status.as_str() == code)
    }

    /// The status as sellers read it on an order, in their language.
    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::Paid => msg::orders_status_paid(),
            OrderStatus::Confirmed => msg::orders_status_confirmed(),
            OrderStatus::Shipped => msg::orders_status_shipped(),
            OrderStatus::Delivered => msg::orders_status_delivered(),
            OrderStatus::PurchaseConfirmed => msg::orders_status_purchase_confirmed(),
            OrderStatus::Cancelled => msg::orders_status_cancelled(),
        }
    }

    /// The Korean label whatever the reader's language (other areas' texts
    /// for buyers).
    pub const fn label_ko(self) -> &'static str {
        match self {
            OrderStatus::Paid => "결제완료",
            OrderStatus::Confirmed => "발주확인",
            OrderStatus::Shipped => "배송중",
            OrderStatus::Delivered => "배송완료",
            OrderStatus::PurchaseConfirmed => "구매확정",
            OrderStatus::Cancelled => "취소",
        }
    }

    /// The tab of the order list, named for what the seller has to do next.
    pub fn tab_label(self) -> &'static str {
        match self {
            OrderStatus::Paid => msg::orders_tab_paid(),
            OrderStatus::Confirmed => msg::orders_tab_confirmed(),
            other => other.label(),
        }
    }
}

/// What a seller (or a carrier's report) does to an order item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderAction {
    /// 발주확인
    Confirm,
    /// 발송처리
    Ship,
    /// 배송완료 처리
    Deliver,
    /// 구매확정
    ConfirmPurchase,
    /// 취소
    Cancel,
    /// 송장 수정
    ChangeTracking,
    /// 발송지연 안내
    Delay,
    /// 교환 재발송: the exchanged option goes out with a new 송장번호.
    Reship,
}

impl OrderAction {
    pub const ALL: [OrderAction; 8] = [
        OrderAction::Confirm,
        OrderAction::Ship,
        OrderAction::Deliver,
        OrderAction::ConfirmPurchase,
        OrderAction::Cancel,
        OrderAction::ChangeTracking,
        OrderAction::Delay,
        OrderAction::Reship,
    ];

    /// The stored name of the action (order_item_events.action, the
    /// channels' update feed).
    pub const fn code(self) -> &'static str {
        match self {
            OrderAction::Confirm => "confirm",
            OrderAction::Ship => "ship",
            OrderAction::Deliver => "deliver",
            OrderAction::ConfirmPurchase => "confirm_purchase",
            OrderAction::Cancel => "cancel",
            OrderAction::ChangeTracking => "change_tracking",
            OrderAction::Delay => "delay",
            OrderAction::Reship => "reship",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The action as a button or history entry names it.
    pub fn label(self) -> &'static str {
        match self {
            OrderAction::Confirm => msg::orders_action_confirm(),
            OrderAction::Ship => msg::orders_action_ship(),
            OrderAction::Deliver => msg::orders_action_deliver(),
            OrderAction::ConfirmPurchase => msg::orders_action_confirm_purchase(),
            OrderAction::Cancel => msg::orders_action_cancel(),
            OrderAction::ChangeTracking => msg::orders_action_change_tracking(),
            OrderAction::Delay => msg::orders_action_delay(),
            OrderAction::Reship => msg::orders_action_reship(),
        }
    }
}

/// An action that the item's current status does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransitionError {
    pub from: OrderStatus,
    pub action: OrderAction,
}

impl TransitionError {
    /// e.g. "배송중 상태의 주문은 발주확인할 수 없습니다.", in the reader's
    /// language.
    pub fn message(&self) -> String {
        let status = self.from.label();
        match self.action {
            OrderAction::Confirm => msg::orders_err_cannot_confirm(status),
            OrderAction::Ship => msg::orders_err_cannot_ship(status),
            OrderAction::Deliver => msg::orders_err_cannot_deliver(status),
            OrderAction::ConfirmPurchase => msg::orders_err_cannot_confirm_purchase(status),
            OrderAction::Cancel => msg::orders_err_cannot_cancel(status),
            OrderAction::ChangeTracking => msg::orders_err_cannot_change_tracking(status),
            OrderAction::Delay => msg::orders_err_cannot_delay(status),
            OrderAction::Reship => msg::orders_err_cannot_reship(status),
        }
    }
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for TransitionError {}

/// The status `action` moves an item in status `from` to.
///
/// Shipping a new order confirms it implicitly, as seller centres allow, and
/// a buyer may confirm the purchase before the carrier reports delivery.
/// Changing the tracking number and announcing a delay keep the status.
/// An exchange (교환) ships the new option again: the item is 배송중 anew.
pub fn transition(from: OrderStatus, action: OrderAction) -> Result<OrderStatus, TransitionError> {
    use OrderAction as A;
    use OrderStatus as S;
    let to = match (action, from) {
        (A::Confirm, S::Paid) => S::Confirmed,
        (A::Ship, S::Paid | S::Confirmed) => S::Shipped,
        (A::Deliver, S::Shipped) => S::Delivered,
        (A::ConfirmPurchase, S::Shipped | S::Delivered) => S::PurchaseConfirmed,
        (A::Cancel, S::Paid | S::Confirmed) => S::Cancelled,
        (A::ChangeTracking, S::Shipped) => S::Shipped,
        (A::Delay, S::Paid | S::Confirmed) => from,
        (A::Reship, S::Shipped | S::Delivered) => S::Shipped,
        _ => return Err(TransitionError { from, action }),
    };
    Ok(to)
}

pub use crate::courier::{parse_tracking_number, Courier};

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::value::{Error as DeError, StrDeserializer};
    use serde::de::IntoDeserializer;

    fn from_serde_name<'de, T: Deserialize<'de>>(name: &'de str) -> Option<T> {
        let deserializer: StrDeserializer<'de, DeError> = name.into_deserializer();
        T::deserialize(deserializer).ok()
    }

    /// The table of the brief, written out independently of `transition`.
    fn expected(from: OrderStatus, action: OrderAction) -> Option<OrderStatus> {
        use OrderAction as A;
        use OrderStatus as S;
        const ALLOWED: &[(OrderStatus, OrderAction, OrderStatus)] = &[
            (S::Paid, A::Confirm, S::Confirmed),
            (S::Paid, A::Ship, S::Shipped),
            (S::Confirmed, A::Ship, S::Shipped),
            (S::Shipped, A::Deliver, S::Delivered),
            (S::Delivered, A::ConfirmPurchase, S::PurchaseConfirmed),
            (S::Shipped, A::ConfirmPurchase, S::PurchaseConfirmed),
            (S::Paid, A::Cancel, S::Cancelled),
            (S::Confirmed, A::Cancel, S::Cancelled),
            (S::Shipped, A::ChangeTracking, S::Shipped),
            (S::Paid, A::Delay, S::Paid),
            (S::Confirmed, A::Delay, S::Confirmed),
            (S::Shipped, A::Reship, S::Shipped),
            (S::Delivered, A::Reship, S::Shipped),
        ];
        ALLOWED
            .iter()
            .find(|(f, a, _)| *f == from && *a == action)
            .map(|(_, _, to)| *to)
    }

    #[test]
    fn every_status_and_action_pair_follows_the_table() {
        let mut allowed = 0;
        for from in OrderStatus::ALL {
            for action in OrderAction::ALL {
                match (transition(from, action), expected(from, action)) {
                    (Ok(to), Some(want)) => {
                        assert_eq!(to, want, "{from:?} {action:?}");
                        allowed += 1;
                    }
                    (Err(err), None) => {
                        assert_eq!(err, TransitionError { from, action });
                    }
                    (got, want) => panic!("{from:?} {action:?}: got {got:?}, want {want:?}"),
                }
            }
        }
        assert_eq!(allowed, 13);
    }

    #[test]
    fn finished_orders_accept_no_action() {
        for action in OrderAction::ALL {
            assert!(transition(OrderStatus::PurchaseConfirmed, action).is_err());
            assert!(transition(OrderStatus::Cancelled, action).is_err());
        }
    }

    #[test]
    fn shipping_a_new_order_confirms_it_implicitly() {
        assert_eq!(
            transition(OrderStatus::Paid, OrderAction::Ship),
            Ok(OrderStatus::Shipped)
        );
    }

    #[test]
    fn refused_transitions_explain_themselves_in_korean() {
        let err = TransitionError {
            from: OrderStatus::Shipped,
            action: OrderAction::Confirm,
        };
        assert_eq!(
            err.message(),
            "배송중 상태의 주문은 발주확인할 수 없습니다."
        );
        assert_eq!(err.to_string(), err.message());
        let err = TransitionError {
            from: OrderStatus::Paid,
            action: OrderAction::ChangeTracking,
        };
        assert_eq!(
            err.message(),
            "결제완료 상태의 주문은 송장을 수정할 수 없습니다."
        );
        let err = TransitionError {
            from: OrderStatus::Cancelled,
            action: OrderAction::Delay,
        };
        assert_eq!(
            err.message(),
            "취소 상태의 주문은 발송지연 안내를 할 수 없습니다."
        );
        let err = TransitionError {
            from: OrderStatus::Delivered,
            action: OrderAction::Deliver,
        };
        assert_eq!(
            err.message(),
            "배송완료 상태의 주문은 배송완료 처리할 수 없습니다."
        );
    }

    #[test]
    fn status_codes_round_trip_and_match_serde_names() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
            assert_eq!(
                from_serde_name::<OrderStatus>(status.as_str()),
                Some(status)
            );
            assert!(!status.label_ko().is_empty());
            assert!(!status.tab_label().is_empty());
        }
        assert_eq!(OrderStatus::parse(" shipped "), Some(OrderStatus::Shipped));
        assert_eq!(OrderStatus::parse("Shipped"), None);
        assert_eq!(OrderStatus::parse(""), None);
        assert_eq!(OrderStatus::Paid.tab_label(), "신규주문");
        assert_eq!(OrderStatus::Confirmed.tab_label(), "배송준비");
    }

    #[test]
    fn action_serde_names_are_snake_case() {
        assert_eq!(
            from_serde_name::<OrderAction>("confirm_purchase"),
            Some(OrderAction::ConfirmPurchase)
        );
        assert_eq!(
            from_serde_name::<OrderAction>("change_tracking"),
            Some(OrderAction::ChangeTracking)
        );
    }

    #[test]
    fn couriers_parse_from_code_korean_name_and_common_spellings() {
        for courier in Courier::ALL {
            assert_eq!(Courier::parse(courier.code()), Some(courier));
            assert_eq!(Courier::parse(courier.name_ko()), Some(courier));
            assert_eq!(from_serde_name::<Courier>(courier.code()), Some(courier));
        }
        let spellings = [
            ("CJ대한통운", Courier::Cj),
            ("대한통운", Courier::Cj),
            (" CJ 대한통운 ", Courier::Cj),
            ("롯데택배", Courier::Lotte),
            ("롯데글로벌로지스", Courier::Lotte),
            ("한진택배", Courier::Hanjin),
            ("우체국택배", Courier::Epost),
            ("우체국", Courier::Epost),
            ("로젠택배", Courier::Logen),
            ("경동택배", Courier::Kdexp),
            ("CU편의점택배", Courier::Cu),
            ("GS편의점택배", Courier::Gs),
            ("GS Postbox", Courier::Gs),
            ("대신택배", Courier::Daesin),
            ("일양로지스", Courier::Ilyang),
            ("HANJIN", Courier::Hanjin),
        ];
        for (text, courier) in spellings {
            assert_eq!(Courier::parse(text), Some(courier), "{text}");
        }
        for unknown in ["", "   ", "fedex", "택배", "CJ대한통운택배사"] {
            assert_eq!(Courier::parse(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn every_tracking_url_is_https_and_carries_the_number() {
        for courier in Courier::ALL {
            let url = courier.tracking_url("123456789012");
            assert!(url.starts_with("https://"), "{url}");
            assert!(url.ends_with("123456789012"), "{url}");
        }
        assert_eq!(
            Courier::Cj.tracking_url("1234567890"),
            "https://trace.cjlogistics.com/next/tracking.html?wblNo=1234567890"
        );
        assert_eq!(
            Courier::Logen.tracking_url("12345678901"),
            "https://www.ilogen.com/web/personal/trace/12345678901"
        );
    }

    #[test]
    fn stray_characters_cannot_change_a_tracking_url() {
        assert_eq!(
            Courier::Gs.tracking_url("12&x=1 #/"),
            "https://www.cvsnet.co.kr/invoice/tracking.do?invoice_no=12%26x%3D1%20%23%2F"
        );
    }

    fn digits(len: usize) -> String {
        (0..len).map(|i| char::from(b'1' + (i % 9) as u8)).collect()
    }

    #[test]
    fn every_courier_accepts_exactly_its_lengths() {
        let accepted: [(Courier, &[usize]); 10] = [
            (Courier::Cj, &[10, 12]),
            (Courier::Lotte, &[12]),
            (Courier::Hanjin, &[10, 12]),
            (Courier::Epost, &[13]),
            (Courier::Logen, &[11]),
            (Courier::Kdexp, &[9, 10, 11, 12, 13, 14, 15, 16]),
            (Courier::Cu, &[10, 11, 12]),
            (Courier::Gs, &[10, 11, 12, 13]),
            (Courier::Daesin, &[13]),
            (Courier::Ilyang, &[9, 10, 11]),
        ];
        for (courier, lengths) in accepted {
            for len in 1..=20 {
                let number = digits(len);
                let result = parse_tracking_number(courier, &number);
                if lengths.contains(&len) {
                    assert_eq!(result, Ok(number), "{courier:?} {len}");
                } else {
                    let message = result.expect_err("wrong length is refused");
                    assert!(message.starts_with(courier.name_ko()), "{message}");
                }
            }
        }
    }

    #[test]
    fn length_messages_name_the_courier_and_its_lengths() {
        assert_eq!(
            parse_tracking_number(Courier::Cj, "12345"),
            Err("CJ대한통운 송장번호는 숫자 10자리 또는 12자리입니다.".to_string())
        );
        assert_eq!(
            parse_tracking_number(Courier::Epost, "12345"),
            Err("우체국택배 송장번호는 숫자 13자리입니다.".to_string())
        );
        assert_eq!(
            parse_tracking_number(Courier::Kdexp, "12345"),
            Err("경동택배 송장번호는 숫자 9~16자리입니다.".to_string())
        );
    }

    #[test]
    fn tracking_numbers_lose_spaces_and_hyphens() {
        assert_eq!(
            parse_tracking_number(Courier::Lotte, " 1234-5678 9012 "),
            Ok("123456789012".to_string())
        );
        assert_eq!(
            parse_tracking_number(Courier::Logen, "123-4567-8901"),
            Ok("12345678901".to_string())
        );
    }

    #[test]
    fn empty_and_non_digit_tracking_numbers_are_refused() {
        for courier in Courier::ALL {
            assert_eq!(
                parse_tracking_number(courier, " - "),
                Err("송장번호를 입력해 주세요.".to_string())
            );
            for bad in [
                "12345abcde",
                "１２３４５６７８９０",
                "1234567890.",
                "+123456789012",
            ] {
                assert_eq!(
                    parse_tracking_number(courier, bad),
                    Err("송장번호는 숫자만 입력할 수 있습니다.".to_string()),
                    "{courier:?} {bad}"
                );
            }
        }
    }

    #[test]
    fn all_zero_tracking_numbers_are_refused() {
        for courier in Courier::ALL {
            let result = parse_tracking_number(courier, "0000000000000");
            assert!(result.is_err(), "{courier:?}");
        }
        assert_eq!(
            parse_tracking_number(Courier::Cj, "000000000000"),
            Err("올바른 송장번호가 아닙니다. 번호를 다시 확인해 주세요.".to_string())
        );
    }
}
