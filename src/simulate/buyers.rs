//! Buyers and addresses: Korean names, mobile numbers, e-mails and road
//! addresses, and the weighted tables drawn from with them (delivery notes,
//! payment methods, the carrier's hubs).

use super::rng::Rng;

/// Weighted by their share of the population (2015 인구주택총조사), per mille.
const SURNAMES: &[((&str, &str), u32)] = &[
    (("김", "kim"), 215),
    (("이", "lee"), 147),
    (("박", "park"), 84),
    (("최", "choi"), 47),
    (("정", "jung"), 43),
    (("강", "kang"), 23),
    (("조", "cho"), 21),
    (("윤", "yoon"), 20),
    (("장", "jang"), 20),
    (("임", "lim"), 17),
    (("한", "han"), 15),
    (("오", "oh"), 15),
    (("서", "seo"), 15),
    (("신", "shin"), 14),
    (("권", "kwon"), 14),
    (("황", "hwang"), 14),
    (("안", "ahn"), 13),
    (("송", "song"), 13),
    (("류", "ryu"), 9),
    (("홍", "hong"), 11),
];

/// Mostly women's names: most buyers of these shops are women in their
/// twenties and thirties, but not all.
const GIVEN_NAMES: &[(&str, &str)] = &[
    ("민지", "minji"),
    ("서연", "seoyeon"),
    ("지우", "jiwoo"),
    ("하은", "haeun"),
    ("수빈", "subin"),
    ("예린", "yerin"),
    ("지민", "jimin"),
    ("유진", "yujin"),
    ("채원", "chaewon"),
    ("지현", "jihyun"),
    ("수아", "sua"),
    ("예은", "yeeun"),
    ("다은", "daeun"),
    ("소연", "soyeon"),
    ("윤서", "yunseo"),
    ("은지", "eunji"),
    ("혜진", "hyejin"),
    ("지은", "jieun"),
    ("민서", "minseo"),
    ("서윤", "seoyun"),
    ("지아", "jia"),
    ("나연", "nayeon"),
    ("수민", "sumin"),
    ("가은", "gaeun"),
    ("도윤", "doyun"),
    ("서준", "seojun"),
    ("하준", "hajun"),
    ("민준", "minjun"),
    ("현우", "hyunwoo"),
    ("지훈", "jihoon"),
    ("준호", "junho"),
    ("우진", "woojin"),
];

/// Reserved example domains (RFC 2606): an app with SMTP configured must
/// never mail a stranger who happens to own `minji93@naver.com`.
const MAIL_DOMAINS: &[(&str, u32)] = &[("example.com", 6), ("example.net", 3), ("example.org", 1)];

/// A 시·군·구 with its postcode range and some of its real roads.
struct District {
    sido: &'static str,
    sigungu: &'static str,
    postcodes: (u32, u32),
    roads: &'static [&'static str],
}

/// Weighted roughly by where online fashion is bought: the capital region
/// first.
#[rustfmt::skip]
const DISTRICTS: &[(District, u32)] = &[
    (District { sido: "서울특별시", sigungu: "강남구", postcodes: (6000, 6399), roads: &["테헤란로", "도산대로", "압구정로", "논현로", "선릉로", "봉은사로", "학동로"] }, 5),
    (District { sido: "서울특별시", sigungu: "서초구", postcodes: (6500, 6799), roads: &["서초대로", "반포대로", "강남대로", "방배로", "사평대로"] }, 4),
    (District { sido: "서울특별시", sigungu: "마포구", postcodes: (3900, 4199), roads: &["월드컵북로", "양화로", "독막로", "와우산로", "마포대로", "성미산로"] }, 5),
    (District { sido: "서울특별시", sigungu: "송파구", postcodes: (5500, 5899), roads: &["올림픽로", "송파대로", "백제고분로", "오금로", "가락로"] }, 5),
    (District { sido: "서울특별시", sigungu: "관악구", postcodes: (8700, 8899), roads: &["관악로", "남부순환로", "봉천로", "신림로"] }, 4),
    (District { sido: "서울특별시", sigungu: "노원구", postcodes: (1600, 1899), roads: &["동일로", "노원로", "상계로", "한글비석로"] }, 3),
    (District { sido: "서울특별시", sigungu: "성동구", postcodes: (4700, 4899), roads: &["왕십리로", "성수이로", "뚝섬로", "아차산로"] }, 3),
    (District { sido: "서울특별시", sigungu: "영등포구", postcodes: (7200, 7499), roads: &["여의대로", "국제금융로", "영중로", "당산로"] }, 3),
    (District { sido: "경기도", sigungu: "성남시 분당구", postcodes: (13400, 13699), roads: &["판교역로", "분당로", "황새울로", "정자일로", "불정로"] }, 5),
    (District { sido: "경기도", sigungu: "수원시 영통구", postcodes: (16500, 16699), roads: &["광교중앙로", "봉영로", "매영로", "영통로"] }, 4),
    (District { sido: "경기도", sigungu: "고양시 일산동구", postcodes: (10300, 10499), roads: &["중앙로", "일산로", "정발산로", "호수로"] }, 4),
    (District { sido: "경기도", sigungu: "용인시 수지구", postcodes: (16800, 16999), roads: &["포은대로", "수지로", "풍덕천로"] }, 3),
    (District { sido: "경기도", sigungu: "화성시", postcodes: (18300, 18599), roads: &["동탄대로", "동탄순환대로", "노작로"] }, 3),
    (District { sido: "경기도", sigungu: "부천시", postcodes: (14400, 14799), roads: &["길주로", "부천로", "소향로"] }, 3),
    (District { sido: "인천광역시", sigungu: "연수구", postcodes: (21900, 22099), roads: &["컨벤시아대로", "송도과학로", "인천타워대로"] }, 3),
    (District { sido: "인천광역시", sigungu: "남동구", postcodes: (21500, 21699), roads: &["구월로", "인하로", "예술로"] }, 2),
    (District { sido: "부산광역시", sigungu: "해운대구", postcodes: (48000, 48129), roads: &["해운대로", "센텀중앙로", "달맞이길", "우동1로"] }, 3),
    (District { sido: "부산광역시", sigungu: "부산진구", postcodes: (47100, 47399), roads: &["중앙대로", "서면로", "전포대로"] }, 3),
    (District { sido: "부산광역시", sigungu: "수영구", postcodes: (48200, 48299), roads: &["광안해변로", "수영로", "남천동로"] }, 2),
    (District { sido: "대구광역시", sigungu: "수성구", postcodes: (42000, 42299), roads: &["달구벌대로", "동대구로", "들안로"] }, 3),
    (District { sido: "대구광역시", sigungu: "중구", postcodes: (41900, 41999), roads: &["동성로", "국채보상로", "달구벌대로"] }, 2),
    (District { sido: "광주광역시", sigungu: "서구", postcodes: (61900, 62099), roads: &["상무중앙로", "치평로", "무진대로"] }, 2),
    (District { sido: "광주광역시", sigungu: "북구", postcodes: (61000, 61299), roads: &["용봉로", "서하로", "설죽로"] }, 2),
    (District { sido: "대전광역시", sigungu: "유성구", postcodes: (34000, 34299), roads: &["대학로", "유성대로", "엑스포로"] }, 2),
    (District { sido: "대전광역시", sigungu: "서구", postcodes: (35200, 35399), roads: &["둔산로", "한밭대로", "계룡로"] }, 2),
    (District { sido: "울산광역시", sigungu: "남구", postcodes: (44600, 44799), roads: &["삼산로", "번영로", "돋질로"] }, 2),
    (District { sido: "세종특별자치시", sigungu: "", postcodes: (30100, 30199), roads: &["한누리대로", "갈매로", "도움3로"] }, 1),
    (District { sido: "제주특별자치도", sigungu: "제주시", postcodes: (63100, 63299), roads: &["노형로", "연북로", "중앙로"] }, 1),
];

/// 배송메모 as buyers leave them; most leave none.
const DELIVERY_NOTES: &[(&str, u32)] = &[
    ("", 40),
    ("문 앞에 놓아 주세요", 20),
    ("경비실에 맡겨 주세요", 10),
    ("배송 전 연락 바랍니다", 8),
    ("부재 시 문 앞에 놓아 주세요", 8),
    ("택배함에 넣어 주세요", 5),
    ("부재 시 연락 주세요", 4),
    ("공동현관 비밀번호 #1234", 3),
    ("파손 위험 상품입니다. 조심히 다뤄 주세요", 2),
];

/// Card first, then the easy-pay wallets (카카오페이, 네이버페이 …).
pub(super) const PAYMENT_METHODS: &[(&str, u32)] = &[
    ("card", 48),
    ("easy_pay", 27),
    ("transfer", 10),
    ("virtual_account", 8),
    ("mobile", 5),
    ("points", 2),
];

/// Hubs a parcel passes through; the location of an `in_transit` event.
pub(super) const HUBS: &[&str] = &[
    "곤지암 메가허브",
    "대전 허브",
    "옥천 허브",
    "청원 서브터미널",
    "서울 강서 터미널",
    "부산 사상 터미널",
    "대구 서브터미널",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Person {
    pub(super) name: String,
    pub(super) phone: String,
    pub(super) email: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Recipient {
    pub(super) name: String,
    pub(super) phone: String,
    pub(super) postcode: String,
    pub(super) address: String,
    pub(super) address_detail: String,
    pub(super) note: String,
}

/// The middle group from 2000 up: the shape of the numbers people have.
fn mobile_phone(rng: &mut Rng) -> String {
    format!(
        "010-{:04}-{:04}",
        rng.between(2000, 9999),
        rng.below(10_000)
    )
}

fn given_name(rng: &mut Rng) -> &'static (&'static str, &'static str) {
    rng.pick(GIVEN_NAMES)
}

pub(super) fn person(rng: &mut Rng) -> Person {
    let (surname, surname_roman) = *rng.weighted(SURNAMES);
    let (given, given_roman) = *given_name(rng);
    // Channels pass the e-mail on only when the buyer agreed to it.
    let email = if rng.percent(30) {
        String::new()
    } else {
        let local = match rng.below(4) {
            0 => format!("{given_roman}{:02}", rng.below(100)),
            1 => format!("{given_roman}.{surname_roman}"),
            2 => format!("{surname_roman}{given_roman}{}", rng.between(1, 999)),
            _ => format!("{given_roman}_{surname_roman}{:02}", rng.below(100)),
        };
        format!("{local}@{}", rng.weighted(MAIL_DOMAINS))
    };
    Person {
        name: format!("{surname}{given}"),
        phone: mobile_phone(rng),
        email,
    }
}

/// Postcode, road address and detail of one household.
fn address(rng: &mut Rng) -> (String, String, String) {
    let district = rng.weighted(DISTRICTS);
    let postcode = format!(
        "{:05}",
        rng.between(
            u64::from(district.postcodes.0),
            u64::from(district.postcodes.1)
        )
    );
    let road = rng.pick(district.roads);
    // Side streets are named after the road they leave: 분당로53번길 11.
    let number = if road.ends_with('로') && rng.percent(30) {
        format!(
            "{road}{}번길 {}",
            rng.between(1, 60) * 2 - 1,
            rng.between(1, 40)
        )
    } else {
        format!("{road} {}", rng.between(1, 400))
    };
    let place = if district.sigungu.is_empty() {
        format!("{} {number}", district.sido)
    } else {
        format!("{} {} {number}", district.sido, district.sigungu)
    };
    let detail = match rng.weighted(&[(0u8, 45), (1, 20), (2, 15), (3, 10), (4, 10)]) {
        0 => format!(
            "{}동 {}{:02}호",
            rng.between(101, 118),
            rng.between(1, 25),
            rng.between(1, 4)
        ),
        1 => format!("{}0{}호", rng.between(1, 5), rng.between(1, 4)),
        2 => format!("{}층", rng.between(2, 15)),
        3 => String::new(),
        _ => format!("{}호", rng.between(1, 19) * 100 + rng.between(1, 30)),
    };
    (postcode, place, detail)
}

pub(super) fn recipient(rng: &mut Rng, buyer: &Person) -> Recipient {
    let (name, phone) = match rng.weighted(&[(0u8, 72), (1, 18), (2, 10)]) {
        0 => (buyer.name.clone(), buyer.phone.clone()),
        // A parent or sibling at the family home: same surname.
        1 => {
            let surname: String = buyer.name.chars().take(1).collect();
            (format!("{surname}{}", given_name(rng).0), mobile_phone(rng))
        }
        // A present, or the office of a friend.
        _ => (person(rng).name, mobile_phone(rng)),
    };
    let (postcode, address, address_detail) = address(rng);
    let note = (*rng.weighted(DELIVERY_NOTES)).to_owned();
    Recipient {
        name,
        phone,
        postcode,
        address,
        address_detail,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where each 시·도's five-digit postcodes begin (국가기초구역 first two
    /// digits), against which generated ones are checked.
    const REGION_PREFIXES: &[(&str, u32, u32)] = &[
        ("서울특별시", 1, 9),
        ("경기도", 10, 18),
        ("인천광역시", 21, 23),
        ("세종특별자치시", 30, 30),
        ("대전광역시", 34, 35),
        ("대구광역시", 41, 43),
        ("울산광역시", 44, 45),
        ("부산광역시", 46, 49),
        ("광주광역시", 61, 62),
        ("제주특별자치도", 63, 63),
    ];

    fn is_phone(s: &str) -> bool {
        let parts: Vec<&str> = s.split('-').collect();
        parts.len() == 3
            && parts[0] == "010"
            && parts[1].len() == 4
            && parts[2].len() == 4
            && parts[1..]
                .iter()
                .all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    }

    #[test]
    fn a_mobile_number_is_010_then_two_groups_of_four_digits() {
        let mut rng = Rng::new(1);
        for _ in 0..1_000 {
            let phone = mobile_phone(&mut rng);
            assert!(is_phone(&phone), "{phone}");
            assert!(
                !phone[4..].starts_with('0') && !phone[4..].starts_with('1'),
                "{phone}"
            );
        }
    }

    #[test]
    fn a_buyer_is_a_common_surname_and_a_two_syllable_given_name() {
        let mut rng = Rng::new(2);
        let mut without_email = 0;
        for _ in 0..1_000 {
            let buyer = person(&mut rng);
            let chars: Vec<char> = buyer.name.chars().collect();
            assert_eq!(chars.len(), 3, "{}", buyer.name);
            assert!(
                chars.iter().all(|c| ('가'..='힣').contains(c)),
                "{}",
                buyer.name
            );
            let surname = chars[0].to_string();
            assert!(
                SURNAMES.iter().any(|((s, _), _)| *s == surname),
                "{}",
                buyer.name
            );
            let given: String = chars[1..].iter().collect();
            assert!(
                GIVEN_NAMES.iter().any(|(g, _)| *g == given),
                "{}",
                buyer.name
            );
            assert!(is_phone(&buyer.phone));
            if buyer.email.is_empty() {
                without_email += 1;
            } else {
                let (local, domain) = buyer.email.split_once('@').expect("an address has an @");
                assert!(
                    !local.is_empty()
                        && local
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
                );
                assert!(domain.starts_with("example."), "{}", buyer.email);
            }
        }
        assert!(
            (150..450).contains(&without_email),
            "{without_email} of 1000 without e-mail"
        );
    }

    #[test]
    fn an_address_is_a_road_address_with_a_postcode_of_its_region() {
        let mut rng = Rng::new(3);
        for _ in 0..2_000 {
            let (postcode, address, detail) = address(&mut rng);
            assert_eq!(postcode.len(), 5, "{postcode}");
            assert!(postcode.bytes().all(|b| b.is_ascii_digit()));
            let sido = address.split(' ').next().unwrap_or_default();
            let (_, low, high) = REGION_PREFIXES
                .iter()
                .find(|(s, _, _)| *s == sido)
                .expect("a known 시·도");
            let prefix: u32 = postcode[..2].parse().unwrap_or_default();
            assert!(
                (*low..=*high).contains(&prefix),
                "{postcode} is not in {sido}"
            );
            // Road name (…로 / …길 / …번길) followed by a building number.
            let words: Vec<&str> = address.split(' ').collect();
            let number = words[words.len() - 1];
            let road = words[words.len() - 2];
            assert!(number.parse::<u32>().is_ok_and(|n| n >= 1), "{address}");
            assert!(road.ends_with('로') || road.ends_with('길'), "{address}");
            assert!(
                detail.is_empty() || detail.ends_with('호') || detail.ends_with('층'),
                "{detail}"
            );
        }
        for (district, _) in DISTRICTS {
            let (low, high) = district.postcodes;
            let (_, first, last) = REGION_PREFIXES
                .iter()
                .find(|(s, _, _)| *s == district.sido)
                .expect("known 시·도");
            assert!(
                low <= high
                    && (*first..=*last).contains(&(low / 1000))
                    && (*first..=*last).contains(&(high / 1000))
            );
        }
    }

    #[test]
    fn a_recipient_is_usually_the_buyer_and_sometimes_someone_else() {
        let mut rng = Rng::new(4);
        let mut others = 0;
        for _ in 0..1_000 {
            let buyer = person(&mut rng);
            let to = recipient(&mut rng, &buyer);
            assert!(is_phone(&to.phone));
            assert!(DELIVERY_NOTES.iter().any(|(n, _)| *n == to.note));
            if to.name != buyer.name || to.phone != buyer.phone {
                others += 1;
            }
        }
        assert!(
            (150..450).contains(&others),
            "{others} of 1000 sent to someone else"
        );
    }
}
