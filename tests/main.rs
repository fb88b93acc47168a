//! The integration suites, one module per area, in one test binary: each
//! `tests/*.rs` used to be a binary of its own, so the common harness was
//! compiled and the whole crate linked once per suite (thirteen times).
//! Run one area with `cargo test --features ssr --test integration accounts::`.

#[macro_use]
mod common;

mod accounts;
mod app_shell;
mod claims;
mod i18n;
mod idempotency;
mod limits;
mod no_float;
mod orders;
mod outbox;
mod products;
mod promotions_intake;
mod promotions_coupons;
mod promotions_campaigns;
mod sales;
mod settlement;
mod support;
mod tax;
mod tenancy;
mod hardening_signup;
mod hardening_mail;
mod hardening_headers;
mod hardening_auth;
mod promotions_settlement;
