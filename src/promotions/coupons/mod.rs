//! (being written)

pub mod pages;

#[cfg(feature = "ssr")]
pub mod ssr;
