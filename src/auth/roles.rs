//! Who may do what in a shop. One table, checked by the server on every call
//! and used by the interface to hide what a role cannot do.

use serde::{Deserialize, Serialize};

/// A person's role in a shop (SPEC: owner, manager, cs, logistics).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 대표 관리자: the account that signed the shop up.
    Owner,
    /// 매니저: everything but staff and the payout account.
    Manager,
    /// CS 담당: inquiries, reviews, claims.
    Cs,
    /// 물류 담당: orders and shipping.
    Logistics,
}

impl Role {
    pub const INVITABLE: [Role; 3] = [Role::Manager, Role::Cs, Role::Logistics];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Manager => "manager",
            Self::Cs => "cs",
            Self::Logistics => "logistics",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "owner" => Some(Self::Owner),
            "manager" => Some(Self::Manager),
            "cs" => Some(Self::Cs),
            "logistics" => Some(Self::Logistics),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Owner => crate::i18n::msg::auth_role_owner(),
            Self::Manager => crate::i18n::msg::auth_role_manager(),
            Self::Cs => crate::i18n::msg::auth_role_cs(),
            Self::Logistics => crate::i18n::msg::auth_role_logistics(),
        }
    }

    pub fn can(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Self::Owner => true,
            Self::Manager => !matches!(permission, Staff | PayoutAccount | AuditLog),
            Self::Cs => matches!(permission, Dashboard | Claims | Inquiries | Reviews),
            Self::Logistics => matches!(permission, Dashboard | Orders | Shipping),
        }
    }
}

/// Areas of a shop a role may act in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// 홈: every member.
    Dashboard,
    /// 상점 정보: the buyer-facing profile.
    ShopSettings,
    /// 직원 관리
    Staff,
    /// 정산 계좌: where the money goes.
    PayoutAccount,
    /// 활동 기록
    AuditLog,
    /// 정산 내역, 세금계산서
    Settlement,
    Products,
    Orders,
    Shipping,
    Claims,
    Inquiries,
    Reviews,
    Promotions,
    Analytics,
}

#[cfg(test)]
mod tests {
    use super::*;
    use Permission::*;

    #[test]
    fn the_owner_may_do_everything() {
        for p in [Dashboard, ShopSettings, Staff, PayoutAccount, AuditLog, Settlement, Orders, Claims] {
            assert!(Role::Owner.can(p), "{p:?}");
        }
    }

    #[test]
    fn a_manager_may_not_touch_staff_or_the_payout_account() {
        assert!(Role::Manager.can(ShopSettings));
        assert!(Role::Manager.can(Settlement));
        assert!(Role::Manager.can(Products));
        assert!(!Role::Manager.can(Staff));
        assert!(!Role::Manager.can(PayoutAccount));
    }

    #[test]
    fn cs_and_logistics_keep_to_their_own_work() {
        assert!(Role::Cs.can(Claims) && Role::Cs.can(Inquiries) && Role::Cs.can(Reviews));
        assert!(!Role::Cs.can(Settlement) && !Role::Cs.can(Orders) && !Role::Cs.can(ShopSettings));
        assert!(Role::Logistics.can(Orders) && Role::Logistics.can(Shipping));
        assert!(!Role::Logistics.can(Claims) && !Role::Logistics.can(PayoutAccount));
    }

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for r in [Role::Owner, Role::Manager, Role::Cs, Role::Logistics] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
