//! 택배사: the couriers Korean shops ship with, their codes and names, the
//! spellings sellers and spreadsheets use for them, their tracking pages
//! and the lengths of their 송장번호 (foundation: orders ship with them, the
//! carrier webhook and its keys name them).

use serde::{Deserialize, Serialize};

use crate::i18n::msg;

/// 택배사.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Courier {
    Cj,
    Lotte,
    Hanjin,
    Epost,
    Logen,
    Kdexp,
    Cu,
    Gs,
    Daesin,
    Ilyang,
}

/// Lengths a courier's 송장번호 may have.
enum TrackingLength {
    OneOf(&'static [usize]),
    Between(usize, usize),
}

impl TrackingLength {
    fn allows(&self, len: usize) -> bool {
        match self {
            TrackingLength::OneOf(lengths) => lengths.contains(&len),
            TrackingLength::Between(min, max) => (*min..=*max).contains(&len),
        }
    }

    /// `10자리 또는 12자리` / `10 digits or 12 digits`, in the reader's language.
    fn describe(&self) -> String {
        match self {
            TrackingLength::OneOf(lengths) => lengths
                .iter()
                .map(|len| msg::courier_digits(*len))
                .reduce(|a, b| msg::courier_digits_or(a, b))
                .unwrap_or_default(),
            TrackingLength::Between(min, max) => msg::courier_digits_range(*min, *max),
        }
    }
}

/// Other spellings sellers type or spreadsheets carry, in the form
/// [`normalize_courier_name`] gives them. Codes and [`Courier::name_ko`] are
/// matched without being listed.
const COURIER_ALIASES: &[(&str, Courier)] = &[
    ("cj택배", Courier::Cj),
    ("대한통운", Courier::Cj),
    ("씨제이대한통운", Courier::Cj),
    ("롯데", Courier::Lotte),
    ("롯데글로벌로지스", Courier::Lotte),
    ("한진", Courier::Hanjin),
    ("우체국", Courier::Epost),
    ("우체국소포", Courier::Epost),
    ("로젠", Courier::Logen),
    ("경동", Courier::Kdexp),
    ("cu편의점", Courier::Cu),
    ("cupost", Courier::Cu),
    ("gs편의점", Courier::Gs),
    ("gs편의점택배", Courier::Gs),
    ("gspostbox", Courier::Gs),
    ("대신", Courier::Daesin),
    ("일양", Courier::Ilyang),
    ("일양택배", Courier::Ilyang),
    // The English names the app shows ([`Courier::name`]).
    ("cjlogistics", Courier::Cj),
    ("lottegloballogistics", Courier::Lotte),
    ("koreapost", Courier::Epost),
    ("kyungdongexpress", Courier::Kdexp),
    ("daesinlogistics", Courier::Daesin),
    ("ilyanglogis", Courier::Ilyang),
];

/// Spreadsheets and people differ in case and spacing ("CJ 대한통운",
/// "GS Postbox"), never in the letters that tell couriers apart.
fn normalize_courier_name(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Escapes everything but RFC 3986 unreserved characters, so that a number
/// pasted with stray characters cannot change the tracking page's URL.
fn encode_url_component(raw: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

impl Courier {
    pub const ALL: [Courier; 10] = [
        Courier::Cj,
        Courier::Lotte,
        Courier::Hanjin,
        Courier::Epost,
        Courier::Logen,
        Courier::Kdexp,
        Courier::Cu,
        Courier::Gs,
        Courier::Daesin,
        Courier::Ilyang,
    ];

    /// The stored code, the same as the serde name.
    pub const fn code(self) -> &'static str {
        match self {
            Courier::Cj => "cj",
            Courier::Lotte => "lotte",
            Courier::Hanjin => "hanjin",
            Courier::Epost => "epost",
            Courier::Logen => "logen",
            Courier::Kdexp => "kdexp",
            Courier::Cu => "cu",
            Courier::Gs => "gs",
            Courier::Daesin => "daesin",
            Courier::Ilyang => "ilyang",
        }
    }

    pub const fn name_ko(self) -> &'static str {
        match self {
            Courier::Cj => "CJ대한통운",
            Courier::Lotte => "롯데택배",
            Courier::Hanjin => "한진택배",
            Courier::Epost => "우체국택배",
            Courier::Logen => "로젠택배",
            Courier::Kdexp => "경동택배",
            Courier::Cu => "CU편의점택배",
            Courier::Gs => "GS편의점택배(GS Postbox)",
            Courier::Daesin => "대신택배",
            Courier::Ilyang => "일양로지스",
        }
    }

    /// The courier's name in the reader's language (`name_ko` stays the
    /// Korean one, for buyers and for matching spreadsheets).
    pub fn name(self) -> &'static str {
        match self {
            Courier::Cj => msg::courier_name_cj(),
            Courier::Lotte => msg::courier_name_lotte(),
            Courier::Hanjin => msg::courier_name_hanjin(),
            Courier::Epost => msg::courier_name_epost(),
            Courier::Logen => msg::courier_name_logen(),
            Courier::Kdexp => msg::courier_name_kdexp(),
            Courier::Cu => msg::courier_name_cu(),
            Courier::Gs => msg::courier_name_gs(),
            Courier::Daesin => msg::courier_name_daesin(),
            Courier::Ilyang => msg::courier_name_ilyang(),
        }
    }

    /// The courier named by a code, its Korean name or a common spelling of
    /// it ("대한통운", "우체국", "GS Postbox"), ignoring case and spaces.
    pub fn parse(text: &str) -> Option<Self> {
        let wanted = normalize_courier_name(text);
        if wanted.is_empty() {
            return None;
        }
        Self::ALL
            .into_iter()
            .find(|courier| {
                courier.code() == wanted || normalize_courier_name(courier.name_ko()) == wanted
            })
            .or_else(|| {
                COURIER_ALIASES
                    .iter()
                    .find(|(alias, _)| *alias == wanted)
                    .map(|(_, courier)| *courier)
            })
    }

    /// The courier's public tracking page for `number`.
    pub fn tracking_url(&self, number: &str) -> String {
        let n = encode_url_component(number);
        match self {
            Courier::Cj => format!("https://trace.cjlogistics.com/next/tracking.html?wblNo={n}"),
            Courier::Lotte => {
                format!("https://www.lotteglogis.com/home/reservation/tracking/linkView?InvNo={n}")
            }
            Courier::Hanjin => format!(
                "https://www.hanjin.com/kor/CMS/DeliveryMgr/WaybillResult.do?mCode=MN038&schLang=KR&wblnumText2={n}"
            ),
            Courier::Epost => format!(
                "https://service.epost.go.kr/trace.RetrieveDomRigiTraceList.comm?sid1={n}"
            ),
            Courier::Logen => format!("https://www.ilogen.com/web/personal/trace/{n}"),
            Courier::Kdexp => {
                format!("https://kdexp.com/service/delivery/etc/delivery.do?barcode={n}")
            }
            Courier::Cu => format!(
                "https://www.cupost.co.kr/postbox/delivery/localResult.cupost?invoice_no={n}"
            ),
            Courier::Gs => format!("https://www.cvsnet.co.kr/invoice/tracking.do?invoice_no={n}"),
            Courier::Daesin => format!(
                "https://www.ds3211.co.kr/freight/internalFreightSearch.ht?billno={n}"
            ),
            Courier::Ilyang => format!(
                "https://www.ilyanglogis.com/functionality/tracking_result.asp?hawb_no={n}"
            ),
        }
    }

    fn tracking_length(self) -> TrackingLength {
        match self {
            Courier::Cj | Courier::Hanjin => TrackingLength::OneOf(&[10, 12]),
            Courier::Lotte => TrackingLength::OneOf(&[12]),
            Courier::Epost | Courier::Daesin => TrackingLength::OneOf(&[13]),
            Courier::Logen => TrackingLength::OneOf(&[11]),
            Courier::Kdexp => TrackingLength::Between(9, 16),
            Courier::Cu => TrackingLength::Between(10, 12),
            Courier::Gs => TrackingLength::Between(10, 13),
            Courier::Ilyang => TrackingLength::Between(9, 11),
        }
    }
}

/// The 송장번호 for `courier` as its digits, or a message for the seller
/// (in the reader's language). Spaces and hyphens are dropped because labels print numbers as
/// `1234-5678-9012`.
pub fn parse_tracking_number(courier: Courier, input: &str) -> Result<String, String> {
    let digits: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.is_empty() {
        return Err(msg::courier_err_tracking_required().to_string());
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(msg::courier_err_tracking_digits_only().to_string());
    }
    let length = courier.tracking_length();
    if !length.allows(digits.len()) {
        return Err(msg::courier_err_tracking_length(courier.name(), length.describe()));
    }
    // A placeholder some sellers type to get past the form; no courier issues it.
    if digits.bytes().all(|b| b == b'0') {
        return Err(msg::courier_err_tracking_invalid().to_string());
    }
    Ok(digits)
}
