//! Server side of promotions: the price in force ([`pricing`]) and the
//! redemption of coupons at intake ([`redeem`]), both called by other areas
//! inside their own transactions.

pub mod pricing;
pub mod redeem;
