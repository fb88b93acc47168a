//! The sales channels (지그재그, 패션 바이 카카오, 포스티): the marketplaces a
//! product is listed on, an order comes from and the Channel API speaks for
//! (foundation: every area names them).

use serde::{Deserialize, Serialize};

use crate::i18n::msg;

/// The marketplace apps a product can be listed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Zigzag,
    Fashionbykakao,
    Posty,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Self::Zigzag, Self::Fashionbykakao, Self::Posty];

    pub fn code(self) -> &'static str {
        match self {
            Self::Zigzag => "zigzag",
            Self::Fashionbykakao => "fashionbykakao",
            Self::Posty => "posty",
        }
    }

    /// The channel's Korean name: also what spreadsheets and exports use
    /// (see [`Channel::parse`]). On screen, use [`Channel::label`].
    pub fn label_ko(self) -> &'static str {
        match self {
            Self::Zigzag => "지그재그",
            Self::Fashionbykakao => "패션 바이 카카오",
            Self::Posty => "포스티",
        }
    }

    /// The channel's name in the reader's language.
    pub fn label(self) -> &'static str {
        match self {
            Self::Zigzag => msg::channel_zigzag(),
            Self::Fashionbykakao => msg::channel_fashionbykakao(),
            Self::Posty => msg::channel_posty(),
        }
    }

    /// By code or by the Korean name (spreadsheets use either).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|c| c.code() == s || c.label_ko() == s || c.label_ko().replace(' ', "") == s)
    }

    pub fn bit(self) -> i64 {
        match self {
            Self::Zigzag => 1,
            Self::Fashionbykakao => 2,
            Self::Posty => 4,
        }
    }

    pub fn from_bits(bits: i64) -> Vec<Channel> {
        Self::ALL.into_iter().filter(|c| bits & c.bit() != 0).collect()
    }

    pub fn bits(channels: &[Channel]) -> i64 {
        channels.iter().fold(0, |acc, c| acc | c.bit())
    }
}
