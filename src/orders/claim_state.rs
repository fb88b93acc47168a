//! The claim state an order item carries (its `claim_kind` and
//! `claim_status` columns) and the badge the order pages show for it. The
//! claims area moves a claim through these states (`claims::model` holds the
//! state machine); orders only show them.

use serde::{Deserialize, Serialize};

use crate::i18n::msg;

/// 클레임 종류.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    /// 취소
    Cancel,
    /// 반품
    Return,
    /// 교환
    Exchange,
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 3] = [ClaimKind::Cancel, ClaimKind::Return, ClaimKind::Exchange];

    pub const fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Cancel => "cancel",
            ClaimKind::Return => "return",
            ClaimKind::Exchange => "exchange",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == code.trim())
    }

    /// The kind in the reader's language.
    pub fn label(self) -> &'static str {
        match self {
            ClaimKind::Cancel => msg::orders_claim_kind_cancel(),
            ClaimKind::Return => msg::orders_claim_kind_return(),
            ClaimKind::Exchange => msg::orders_claim_kind_exchange(),
        }
    }

    /// The Korean label whatever the reader's language.
    pub const fn label_ko(self) -> &'static str {
        match self {
            ClaimKind::Cancel => "취소",
            ClaimKind::Return => "반품",
            ClaimKind::Exchange => "교환",
        }
    }
}

/// 클레임 상태.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// 요청: the buyer asked, the seller has not acted yet.
    Requested,
    /// 수거중: the pickup was ordered.
    Collecting,
    /// 수거완료: the goods are back at the seller.
    Collected,
    /// 보류
    OnHold,
    /// 완료 (취소완료, 반품완료, 교환완료)
    Completed,
    /// 거부
    Rejected,
    /// 철회: the buyer took the request back.
    Withdrawn,
}

impl ClaimStatus {
    pub const ALL: [ClaimStatus; 7] = [
        ClaimStatus::Requested,
        ClaimStatus::Collecting,
        ClaimStatus::Collected,
        ClaimStatus::OnHold,
        ClaimStatus::Completed,
        ClaimStatus::Rejected,
        ClaimStatus::Withdrawn,
    ];

    /// Statuses of a claim still waiting for the seller (the partial unique
    /// index `claims_one_open` lists the same).
    pub const OPEN: [ClaimStatus; 4] = [
        ClaimStatus::Requested,
        ClaimStatus::Collecting,
        ClaimStatus::Collected,
        ClaimStatus::OnHold,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Requested => "requested",
            ClaimStatus::Collecting => "collecting",
            ClaimStatus::Collected => "collected",
            ClaimStatus::OnHold => "on_hold",
            ClaimStatus::Completed => "completed",
            ClaimStatus::Rejected => "rejected",
            ClaimStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == code.trim())
    }

    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }

    /// The status as the seller reads it on a claim of `kind`, in the
    /// reader's language.
    pub fn label(self, kind: ClaimKind) -> &'static str {
        match self {
            ClaimStatus::Requested => match kind {
                ClaimKind::Cancel => msg::orders_claim_requested_cancel(),
                ClaimKind::Return => msg::orders_claim_requested_return(),
                ClaimKind::Exchange => msg::orders_claim_requested_exchange(),
            },
            ClaimStatus::Collecting => msg::orders_claim_collecting(),
            ClaimStatus::Collected => msg::orders_claim_collected(),
            ClaimStatus::OnHold => msg::orders_claim_on_hold(),
            ClaimStatus::Completed => match kind {
                ClaimKind::Cancel => msg::orders_claim_completed_cancel(),
                ClaimKind::Return => msg::orders_claim_completed_return(),
                ClaimKind::Exchange => msg::orders_claim_completed_exchange(),
            },
            ClaimStatus::Rejected => msg::orders_claim_rejected(),
            ClaimStatus::Withdrawn => msg::orders_claim_withdrawn(),
        }
    }

    /// The Korean label whatever the reader's language (texts for buyers).
    pub const fn label_ko(self, kind: ClaimKind) -> &'static str {
        match self {
            ClaimStatus::Requested => match kind {
                ClaimKind::Cancel => "취소요청",
                ClaimKind::Return => "반품요청",
                ClaimKind::Exchange => "교환요청",
            },
            ClaimStatus::Collecting => "수거중",
            ClaimStatus::Collected => "수거완료",
            ClaimStatus::OnHold => "보류",
            ClaimStatus::Completed => match kind {
                ClaimKind::Cancel => "취소완료",
                ClaimKind::Return => "반품완료",
                ClaimKind::Exchange => "교환완료",
            },
            ClaimStatus::Rejected => "거부",
            ClaimStatus::Withdrawn => "철회",
        }
    }
}

/// The claim of an order item, for the order pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimBadge {
    pub item_id: i64,
    pub claim_id: i64,
    pub kind: ClaimKind,
    pub status: ClaimStatus,
    /// e.g. 반품요청, 교환완료
    pub label: String,
}

impl ClaimBadge {
    /// The badge of an order item from its `claim_id`, `claim_kind` and
    /// `claim_status` columns; None when it never had a claim.
    pub fn of(item_id: i64, claim_id: i64, kind: &str, status: &str) -> Option<Self> {
        let (kind, status) = (ClaimKind::parse(kind)?, ClaimStatus::parse(status)?);
        if claim_id == 0 {
            return None;
        }
        let label = match (status, kind) {
            (ClaimStatus::Rejected, ClaimKind::Cancel) => msg::orders_claim_rejected_cancel(),
            (ClaimStatus::Rejected, ClaimKind::Return) => msg::orders_claim_rejected_return(),
            (ClaimStatus::Rejected, ClaimKind::Exchange) => msg::orders_claim_rejected_exchange(),
            (ClaimStatus::Withdrawn, ClaimKind::Cancel) => msg::orders_claim_withdrawn_cancel(),
            (ClaimStatus::Withdrawn, ClaimKind::Return) => msg::orders_claim_withdrawn_return(),
            (ClaimStatus::Withdrawn, ClaimKind::Exchange) => msg::orders_claim_withdrawn_exchange(),
            _ => status.label(kind),
        }
        .to_owned();
        Some(Self { item_id, claim_id, kind, status, label })
    }
}
