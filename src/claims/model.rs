//! 클레임 종류, 상태, 사유와 책임, 상태 전이: the claim state machine.
//!
//! [`transition`] is the only place that decides which action may move a
//! claim of which kind from which status; the server code asks it and then
//! applies the answer under a conditional update.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::msg;
pub use crate::orders::claim_state::{ClaimKind, ClaimStatus};

/// A claim kind as the seller reads it, in the reader's language (the
/// Korean `label_ko` stays for the buyer's messages).
pub fn kind_label(kind: ClaimKind) -> &'static str {
    match kind {
        ClaimKind::Cancel => msg::claims_kind_cancel(),
        ClaimKind::Return => msg::claims_kind_return(),
        ClaimKind::Exchange => msg::claims_kind_exchange(),
    }
}

/// A claim status on a claim of `kind`, in the reader's language.
pub fn status_label(status: ClaimStatus, kind: ClaimKind) -> &'static str {
    match status {
        ClaimStatus::Requested => match kind {
            ClaimKind::Cancel => msg::claims_status_cancel_requested(),
            ClaimKind::Return => msg::claims_status_return_requested(),
            ClaimKind::Exchange => msg::claims_status_exchange_requested(),
        },
        ClaimStatus::Collecting => msg::claims_status_collecting(),
        ClaimStatus::Collected => msg::claims_status_collected(),
        ClaimStatus::OnHold => msg::claims_status_on_hold(),
        ClaimStatus::Completed => match kind {
            ClaimKind::Cancel => msg::claims_status_cancel_completed(),
            ClaimKind::Return => msg::claims_status_return_completed(),
            ClaimKind::Exchange => msg::claims_status_exchange_completed(),
        },
        ClaimStatus::Rejected => msg::claims_status_rejected(),
        ClaimStatus::Withdrawn => msg::claims_status_withdrawn(),
    }
}

/// Who is responsible for the claim: it decides who pays the shipping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// 구매자 책임 (단순변심 …)
    Buyer,
    /// 판매자 책임 (상품불량, 오배송 …)
    Seller,
}

impl Fault {
    pub const fn as_str(self) -> &'static str {
        match self {
            Fault::Buyer => "buyer",
            Fault::Seller => "seller",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code.trim() {
            "buyer" => Some(Fault::Buyer),
            "seller" => Some(Fault::Seller),
            _ => None,
        }
    }

    /// Korean, for the buyer's messages and the stored timeline.
    pub const fn label_ko(self) -> &'static str {
        match self {
            Fault::Buyer => "구매자 책임",
            Fault::Seller => "판매자 책임",
        }
    }

    /// In the reader's language.
    pub fn label(self) -> &'static str {
        match self {
            Fault::Buyer => msg::claims_fault_buyer(),
            Fault::Seller => msg::claims_fault_seller(),
        }
    }
}

/// 클레임 사유, as the channels send it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    ChangeOfMind,
    SizeMismatch,
    ColorMismatch,
    Defective,
    WrongItem,
    LateDelivery,
    Other,
}

impl Reason {
    pub const ALL: [Reason; 7] = [
        Reason::ChangeOfMind,
        Reason::SizeMismatch,
        Reason::ColorMismatch,
        Reason::Defective,
        Reason::WrongItem,
        Reason::LateDelivery,
        Reason::Other,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Reason::ChangeOfMind => "change_of_mind",
            Reason::SizeMismatch => "size_mismatch",
            Reason::ColorMismatch => "color_mismatch",
            Reason::Defective => "defective",
            Reason::WrongItem => "wrong_item",
            Reason::LateDelivery => "late_delivery",
            Reason::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == code.trim())
    }

    pub const fn label_ko(self) -> &'static str {
        match self {
            Reason::ChangeOfMind => "단순변심",
            Reason::SizeMismatch => "사이즈 안맞음",
            Reason::ColorMismatch => "색상 불만",
            Reason::Defective => "상품불량",
            Reason::WrongItem => "오배송",
            Reason::LateDelivery => "배송지연",
            Reason::Other => "기타",
        }
    }

    /// In the reader's language (`label_ko` stays for the buyer's messages
    /// and the stored timeline).
    pub fn label(self) -> &'static str {
        match self {
            Reason::ChangeOfMind => msg::claims_reason_change_of_mind(),
            Reason::SizeMismatch => msg::claims_reason_size_mismatch(),
            Reason::ColorMismatch => msg::claims_reason_color_mismatch(),
            Reason::Defective => msg::claims_reason_defective(),
            Reason::WrongItem => msg::claims_reason_wrong_item(),
            Reason::LateDelivery => msg::claims_reason_late_delivery(),
            Reason::Other => msg::claims_reason_other(),
        }
    }

    /// 상품불량, 오배송 and 배송지연 are the seller's doing; the rest the buyer's.
    pub const fn fault(self) -> Fault {
        match self {
            Reason::Defective | Reason::WrongItem | Reason::LateDelivery => Fault::Seller,
            Reason::ChangeOfMind | Reason::SizeMismatch | Reason::ColorMismatch | Reason::Other => {
                Fault::Buyer
            }
        }
    }
}

/// What the seller (or the buyer, for 철회) does to a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimAction {
    /// 승인 (취소승인, 반품승인: the refund)
    Approve,
    /// 거부
    Reject,
    /// 보류
    Hold,
    /// 수거 요청
    StartPickup,
    /// 수거완료
    MarkCollected,
    /// 교환 재발송
    Reship,
    /// 철회 by the buyer
    Withdraw,
}

impl ClaimAction {
    pub const ALL: [ClaimAction; 7] = [
        ClaimAction::Approve,
        ClaimAction::Reject,
        ClaimAction::Hold,
        ClaimAction::StartPickup,
        ClaimAction::MarkCollected,
        ClaimAction::Reship,
        ClaimAction::Withdraw,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            ClaimAction::Approve => "approve",
            ClaimAction::Reject => "reject",
            ClaimAction::Hold => "hold",
            ClaimAction::StartPickup => "start_pickup",
            ClaimAction::MarkCollected => "mark_collected",
            ClaimAction::Reship => "reship",
            ClaimAction::Withdraw => "withdraw",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    pub const fn label_ko(self) -> &'static str {
        match self {
            ClaimAction::Approve => "승인",
            ClaimAction::Reject => "거부",
            ClaimAction::Hold => "보류",
            ClaimAction::StartPickup => "수거 요청",
            ClaimAction::MarkCollected => "수거완료",
            ClaimAction::Reship => "교환 재발송",
            ClaimAction::Withdraw => "철회",
        }
    }

    /// In the reader's language: what the timeline shows.
    pub fn label(self) -> &'static str {
        match self {
            ClaimAction::Approve => msg::claims_action_approve(),
            ClaimAction::Reject => msg::claims_action_reject(),
            ClaimAction::Hold => msg::claims_action_hold(),
            ClaimAction::StartPickup => msg::claims_action_start_pickup(),
            ClaimAction::MarkCollected => msg::claims_action_mark_collected(),
            ClaimAction::Reship => msg::claims_action_reship(),
            ClaimAction::Withdraw => msg::claims_action_withdraw(),
        }
    }

    fn verb(self) -> &'static str {
        match self {
            ClaimAction::Approve => msg::claims_verb_approve(),
            ClaimAction::Reject => msg::claims_verb_reject(),
            ClaimAction::Hold => msg::claims_verb_hold(),
            ClaimAction::StartPickup => msg::claims_verb_start_pickup(),
            ClaimAction::MarkCollected => msg::claims_verb_mark_collected(),
            ClaimAction::Reship => msg::claims_verb_reship(),
            ClaimAction::Withdraw => msg::claims_verb_withdraw(),
        }
    }

    const fn verb_stem_ko(self) -> &'static str {
        match self {
            ClaimAction::Approve => "승인할",
            ClaimAction::Reject => "거부할",
            ClaimAction::Hold => "보류할",
            ClaimAction::StartPickup => "수거 요청할",
            ClaimAction::MarkCollected => "수거완료 처리할",
            ClaimAction::Reship => "재발송할",
            ClaimAction::Withdraw => "철회할",
        }
    }
}

/// An action the claim's kind and status do not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimTransitionError {
    pub kind: ClaimKind,
    pub from: ClaimStatus,
    pub action: ClaimAction,
}

impl ClaimTransitionError {
    /// e.g. "수거중 상태의 반품 요청은 승인할 수 없습니다."
    pub fn message_ko(&self) -> String {
        format!(
            "{} 상태의 {} 요청은 {} 수 없습니다.",
            self.from.label_ko(self.kind),
            self.kind.label_ko(),
            self.action.verb_stem_ko()
        )
    }
}

impl ClaimTransitionError {
    /// [`Self::message_ko`] in the reader's language.
    pub fn message(&self) -> String {
        msg::claims_err_transition(
            status_label(self.from, self.kind),
            kind_label(self.kind),
            self.action.verb(),
        )
    }
}

impl fmt::Display for ClaimTransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ClaimTransitionError {}

/// The status `action` moves a claim of `kind` in status `from` to.
///
/// - 취소: 요청 → 완료 (승인) | 거부.
/// - 반품: 요청 → 수거중 → 수거완료 → 완료 (승인, the refund) | 거부 | 보류;
///   보류 → 완료 | 거부. Rejecting is possible while requested, collected or
///   on hold (not while the courier has the parcel).
/// - 교환: 요청 → 수거중 → 수거완료 → 완료 (재발송) | 거부 | 보류; 보류 → 완료 | 거부.
/// - The buyer may withdraw any claim while it is still only requested.
pub fn transition(
    kind: ClaimKind,
    from: ClaimStatus,
    action: ClaimAction,
) -> Result<ClaimStatus, ClaimTransitionError> {
    use ClaimAction as A;
    use ClaimKind as K;
    use ClaimStatus as S;
    let to = match (kind, from, action) {
        (_, S::Requested, A::Withdraw) => S::Withdrawn,
        (K::Cancel, S::Requested, A::Approve) => S::Completed,
        (K::Cancel, S::Requested, A::Reject) => S::Rejected,
        (K::Return | K::Exchange, S::Requested, A::StartPickup) => S::Collecting,
        (K::Return | K::Exchange, S::Collecting, A::MarkCollected) => S::Collected,
        (K::Return | K::Exchange, S::Collected, A::Hold) => S::OnHold,
        (K::Return | K::Exchange, S::Requested | S::Collected | S::OnHold, A::Reject) => {
            S::Rejected
        }
        (K::Return, S::Collected | S::OnHold, A::Approve) => S::Completed,
        (K::Exchange, S::Collected | S::OnHold, A::Reship) => S::Completed,
        _ => return Err(ClaimTransitionError { kind, from, action }),
    };
    Ok(to)
}

/// The actions a seller may take now (what the detail page offers).
pub fn seller_actions(kind: ClaimKind, from: ClaimStatus) -> Vec<ClaimAction> {
    ClaimAction::ALL
        .into_iter()
        .filter(|a| *a != ClaimAction::Withdraw && transition(kind, from, *a).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table of the brief, written out independently of `transition`.
    fn expected(kind: ClaimKind, from: ClaimStatus, action: ClaimAction) -> Option<ClaimStatus> {
        use ClaimAction as A;
        use ClaimKind as K;
        use ClaimStatus as S;
        const ALLOWED: &[(ClaimKind, ClaimStatus, ClaimAction, ClaimStatus)] = &[
            (K::Cancel, S::Requested, A::Approve, S::Completed),
            (K::Cancel, S::Requested, A::Reject, S::Rejected),
            (K::Cancel, S::Requested, A::Withdraw, S::Withdrawn),
            (K::Return, S::Requested, A::StartPickup, S::Collecting),
            (K::Return, S::Requested, A::Reject, S::Rejected),
            (K::Return, S::Requested, A::Withdraw, S::Withdrawn),
            (K::Return, S::Collecting, A::MarkCollected, S::Collected),
            (K::Return, S::Collected, A::Approve, S::Completed),
            (K::Return, S::Collected, A::Reject, S::Rejected),
            (K::Return, S::Collected, A::Hold, S::OnHold),
            (K::Return, S::OnHold, A::Approve, S::Completed),
            (K::Return, S::OnHold, A::Reject, S::Rejected),
            (K::Exchange, S::Requested, A::StartPickup, S::Collecting),
            (K::Exchange, S::Requested, A::Reject, S::Rejected),
            (K::Exchange, S::Requested, A::Withdraw, S::Withdrawn),
            (K::Exchange, S::Collecting, A::MarkCollected, S::Collected),
            (K::Exchange, S::Collected, A::Reship, S::Completed),
            (K::Exchange, S::Collected, A::Reject, S::Rejected),
            (K::Exchange, S::Collected, A::Hold, S::OnHold),
            (K::Exchange, S::OnHold, A::Reship, S::Completed),
            (K::Exchange, S::OnHold, A::Reject, S::Rejected),
        ];
        ALLOWED
            .iter()
            .find(|(k, f, a, _)| *k == kind && *f == from && *a == action)
            .map(|(_, _, _, to)| *to)
    }

    #[test]
    fn every_kind_status_and_action_follows_the_table() {
        let mut allowed = 0;
        for kind in ClaimKind::ALL {
            for from in ClaimStatus::ALL {
                for action in ClaimAction::ALL {
                    match (transition(kind, from, action), expected(kind, from, action)) {
                        (Ok(to), Some(want)) => {
                            assert_eq!(to, want, "{kind:?} {from:?} {action:?}");
                            allowed += 1;
                        }
                        (Err(e), None) => {
                            assert_eq!(e, ClaimTransitionError { kind, from, action })
                        }
                        (got, want) => {
                            panic!("{kind:?} {from:?} {action:?}: got {got:?}, want {want:?}")
                        }
                    }
                }
            }
        }
        assert_eq!(allowed, 21);
    }

    #[test]
    fn closed_claims_accept_nothing() {
        for kind in ClaimKind::ALL {
            for from in [
                ClaimStatus::Completed,
                ClaimStatus::Rejected,
                ClaimStatus::Withdrawn,
            ] {
                assert!(!from.is_open());
                for action in ClaimAction::ALL {
                    assert!(
                        transition(kind, from, action).is_err(),
                        "{kind:?} {from:?} {action:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_parcel_on_its_way_back_cannot_be_rejected_or_approved() {
        for kind in [ClaimKind::Return, ClaimKind::Exchange] {
            assert!(transition(kind, ClaimStatus::Collecting, ClaimAction::Reject).is_err());
            assert!(transition(kind, ClaimStatus::Collecting, ClaimAction::Approve).is_err());
            assert!(transition(kind, ClaimStatus::Requested, ClaimAction::Approve).is_err());
        }
    }

    #[test]
    fn seller_actions_follow_the_machine() {
        assert_eq!(
            seller_actions(ClaimKind::Cancel, ClaimStatus::Requested),
            vec![ClaimAction::Approve, ClaimAction::Reject]
        );
        assert_eq!(
            seller_actions(ClaimKind::Return, ClaimStatus::Collected),
            vec![ClaimAction::Approve, ClaimAction::Reject, ClaimAction::Hold]
        );
        assert_eq!(
            seller_actions(ClaimKind::Exchange, ClaimStatus::OnHold),
            vec![ClaimAction::Reject, ClaimAction::Reship]
        );
        assert!(seller_actions(ClaimKind::Return, ClaimStatus::Completed).is_empty());
    }

    #[test]
    fn reasons_carry_their_fault_and_korean_label() {
        let seller: Vec<Reason> = Reason::ALL
            .into_iter()
            .filter(|r| r.fault() == Fault::Seller)
            .collect();
        assert_eq!(
            seller,
            vec![Reason::Defective, Reason::WrongItem, Reason::LateDelivery]
        );
        for r in Reason::ALL {
            assert_eq!(Reason::parse(r.as_str()), Some(r));
            assert!(!r.label_ko().is_empty());
        }
        assert_eq!(Reason::ChangeOfMind.label_ko(), "단순변심");
        assert_eq!(Reason::SizeMismatch.label_ko(), "사이즈 안맞음");
        assert_eq!(Reason::WrongItem.label_ko(), "오배송");
        assert_eq!(Reason::parse("broken"), None);
    }

    #[test]
    fn codes_round_trip_and_completed_reads_by_kind() {
        for k in ClaimKind::ALL {
            assert_eq!(ClaimKind::parse(k.as_str()), Some(k));
        }
        for s in ClaimStatus::ALL {
            assert_eq!(ClaimStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(
            ClaimStatus::Completed.label_ko(ClaimKind::Cancel),
            "취소완료"
        );
        assert_eq!(
            ClaimStatus::Completed.label_ko(ClaimKind::Return),
            "반품완료"
        );
        assert_eq!(
            ClaimStatus::Completed.label_ko(ClaimKind::Exchange),
            "교환완료"
        );
        assert_eq!(
            ClaimStatus::Requested.label_ko(ClaimKind::Return),
            "반품요청"
        );
        assert_eq!(ClaimStatus::OnHold.label_ko(ClaimKind::Return), "보류");
    }

    #[test]
    fn refused_transitions_explain_themselves() {
        let e = transition(
            ClaimKind::Return,
            ClaimStatus::Collecting,
            ClaimAction::Approve,
        )
        .unwrap_err();
        assert_eq!(
            e.message_ko(),
            "수거중 상태의 반품 요청은 승인할 수 없습니다."
        );
    }
}
