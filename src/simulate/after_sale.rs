//! After the sale: what the run remembers of bought items, and the
//! buyers' claims (cancel, return, exchange), questions and reviews with
//! the reasons and texts they are written from.

use serde_json::{json, Value};

use super::buyers::person;
use super::orders::{korean_now, rfc3339_kst};
use super::rng::Rng;

/// What the order loop learnt about a bought item, for the buyer's later
/// acts (an exchange needs another option of the same product).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Bought {
    /// Other options of the product in stock when it was bought.
    pub(super) others: Vec<i64>,
    pub(super) buyer_name: String,
}

/// Items bought during this run and products each channel sells, shared by
/// the order loop (which learns them) and the buyers (who act on them).
#[derive(Debug, Default)]
pub(super) struct Purchases {
    items: std::collections::HashMap<(usize, String, String), Bought>,
    oldest: std::collections::VecDeque<(usize, String, String)>,
    pub(super) products: std::collections::HashMap<usize, Vec<i64>>,
}

/// Old purchases are forgotten past this many items.
const REMEMBERED: usize = 20_000;

impl Purchases {
    pub(super) fn remember(
        &mut self,
        channel: usize,
        order_id: &str,
        item_id: &str,
        bought: Bought,
    ) {
        let key = (channel, order_id.to_owned(), item_id.to_owned());
        if self.items.insert(key.clone(), bought).is_none() {
            self.oldest.push_back(key);
        }
        while self.oldest.len() > REMEMBERED {
            if let Some(old) = self.oldest.pop_front() {
                self.items.remove(&old);
            }
        }
    }

    pub(super) fn bought(&self, channel: usize, order_id: &str, item_id: &str) -> Option<Bought> {
        self.items
            .get(&(channel, order_id.to_owned(), item_id.to_owned()))
            .cloned()
    }
}

/// What the buyers post, for the counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Act {
    Claim,
    Question,
    Review,
}

/// `김민지` → `김*지`, as channels show buyers to sellers.
fn masked(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 => "구매자".to_owned(),
        1 => format!("{}*", chars[0]),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

/// Reasons a buyer cancels a paid order, with what they write.
pub(super) const CANCEL_REASONS: &[((&str, &[&str]), u32)] = &[
    (
        (
            "change_of_mind",
            &[
                "다른 상품으로 다시 주문할게요.",
                "충동구매였어요. 취소 부탁드립니다.",
                "같은 상품을 더 싸게 파는 곳을 찾았어요.",
                "",
            ],
        ),
        60,
    ),
    (
        (
            "size_mismatch",
            &[
                "사이즈를 잘못 선택했어요. 다시 주문하겠습니다.",
                "M으로 주문해야 했는데 S로 눌렀어요.",
            ],
        ),
        15,
    ),
    (
        (
            "color_mismatch",
            &["색상을 잘못 골랐어요.", "블랙으로 다시 주문할게요."],
        ),
        10,
    ),
    (
        (
            "other",
            &[
                "배송지를 잘못 입력해서 다시 주문하려고요.",
                "결제 수단을 바꿔서 다시 주문할게요.",
            ],
        ),
        15,
    ),
];

/// Reasons a delivered item goes back, with what buyers write.
const RETURN_REASONS: &[((&str, &[&str]), u32)] = &[
    (
        (
            "change_of_mind",
            &[
                "생각했던 핏이 아니라서 반품할게요.",
                "입어 보니 저랑 안 어울려요.",
                "비슷한 옷이 이미 있어서 반품합니다.",
            ],
        ),
        30,
    ),
    (
        (
            "size_mismatch",
            &[
                "평소 M 입는데 많이 작게 나왔어요.",
                "총장이 생각보다 길어요.",
                "어깨가 너무 끼어요.",
            ],
        ),
        30,
    ),
    (
        (
            "color_mismatch",
            &[
                "화면으로 본 것보다 색이 훨씬 어두워요.",
                "아이보리인 줄 알았는데 노란 기가 많이 돌아요.",
            ],
        ),
        10,
    ),
    (
        (
            "defective",
            &[
                "소매 쪽 실밥이 풀려 있고 얼룩이 있어요.",
                "지퍼가 중간에서 걸려서 안 올라가요.",
                "단추 하나가 떨어져서 왔어요.",
            ],
        ),
        15,
    ),
    (
        (
            "wrong_item",
            &[
                "주문한 색상과 다른 상품이 왔어요.",
                "L을 주문했는데 S가 왔어요.",
            ],
        ),
        10,
    ),
    (
        (
            "late_delivery",
            &["필요한 날짜보다 늦게 와서 입을 일이 없어졌어요."],
        ),
        5,
    ),
];

/// Reasons to exchange for another option.
const EXCHANGE_REASONS: &[((&str, &[&str]), u32)] = &[
    (
        (
            "size_mismatch",
            &[
                "한 치수 큰 걸로 교환 원해요.",
                "조금 커서 한 치수 작은 걸로 바꾸고 싶어요.",
                "품이 작아요. 다음 사이즈로 교환 부탁드려요.",
            ],
        ),
        70,
    ),
    (
        (
            "color_mismatch",
            &[
                "색상이 생각과 달라서 다른 색으로 교환할게요.",
                "실물 색이 너무 밝아요. 다른 색으로 바꿔 주세요.",
            ],
        ),
        20,
    ),
    (
        (
            "defective",
            &["보풀이 심하게 일어난 상태로 왔어요. 같은 옵션으로 교환이 안 되면 다른 옵션도 괜찮아요."],
        ),
        10,
    ),
];

pub(super) fn claim_body(
    rng: &mut Rng,
    kind: &str,
    channel_order_id: &str,
    channel_item_id: &str,
    exchange_to: Option<i64>,
) -> Value {
    let reasons = match kind {
        "cancel" => CANCEL_REASONS,
        "exchange" => EXCHANGE_REASONS,
        _ => RETURN_REASONS,
    };
    let (reason, texts) = *rng.weighted(reasons);
    let mut body = json!({
        "channel_claim_id": format!("{channel_order_id}-C{}{channel_item_id}", kind[..1].to_uppercase()),
        "channel_order_id": channel_order_id,
        "channel_item_id": channel_item_id,
        "kind": kind,
        "reason": reason,
        "reason_text": *rng.pick(texts),
        "requested_at": rfc3339_kst(korean_now()),
    });
    if let Some(variant) = exchange_to {
        body["exchange_variant_id"] = Value::from(variant);
    }
    body
}

/// Questions about a product: category, title and what buyers ask.
const PRODUCT_QUESTIONS: &[((&str, &str, &[&str]), u32)] = &[
    (
        (
            "size",
            "사이즈 문의",
            &[
                "키 163에 55 입는데 S랑 M 중 어떤 게 맞을까요?",
                "어깨너비랑 총장 실측 사이즈 알려 주실 수 있나요?",
                "평소 100 입는 남자인데 L 사면 될까요?",
                "허리 28인데 M 입으면 많이 클까요?",
            ],
        ),
        35,
    ),
    (
        (
            "restock",
            "재입고 문의",
            &[
                "블랙 M 사이즈 재입고 예정 있나요?",
                "품절된 아이보리 색상 언제 다시 들어오나요?",
                "재입고되면 알림 받을 수 있을까요?",
            ],
        ),
        25,
    ),
    (
        (
            "delivery",
            "배송 문의",
            &[
                "오늘 주문하면 언제 발송되나요?",
                "제주도도 배송되나요? 추가 배송비가 있나요?",
                "주말 전에 받아 볼 수 있을까요?",
            ],
        ),
        20,
    ),
    (
        (
            "product",
            "상품 문의",
            &[
                "소재가 어떻게 되나요? 니트인데 따가운지 궁금해요.",
                "흰색은 많이 비치나요?",
                "세탁기 돌려도 줄어들지 않나요?",
                "안감이 있는 제품인가요?",
            ],
        ),
        20,
    ),
];

pub(super) fn product_question(rng: &mut Rng, channel_inquiry_id: &str, product_id: i64) -> Value {
    let (category, title, texts) = *rng.weighted(PRODUCT_QUESTIONS);
    json!({
        "channel_inquiry_id": channel_inquiry_id,
        "kind": "product",
        "product_id": product_id,
        "buyer_name": masked(&person(rng).name),
        "category": category,
        "title": title,
        "body": *rng.pick(texts),
        "secret": rng.percent(15),
        "asked_at": rfc3339_kst(korean_now()),
    })
}

/// Questions about an order: before it ships (배송) and after (교환·반품).
const ORDER_QUESTIONS_PAID: &[&str] = &[
    "언제 발송되나요? 이번 주 안에 받아야 해서요.",
    "배송지를 회사 주소로 바꿀 수 있을까요?",
    "주문한 두 개 같이 묶어서 보내 주세요.",
    "선물용인데 가격표 빼고 보내 주실 수 있나요?",
];
const ORDER_QUESTIONS_DELIVERED: &[&str] = &[
    "교환하려면 어떻게 보내면 되나요?",
    "반품 택배는 따로 불러야 하나요?",
    "택을 떼어 버렸는데 반품 가능한가요?",
];

pub(super) fn order_question(
    rng: &mut Rng,
    channel_order_id: &str,
    channel_item_id: &str,
    after_delivery: bool,
    buyer_name: &str,
) -> Value {
    let (category, title, texts) = if after_delivery {
        (
            "exchange_return",
            "교환/반품 문의",
            ORDER_QUESTIONS_DELIVERED,
        )
    } else {
        ("delivery", "배송 문의", ORDER_QUESTIONS_PAID)
    };
    json!({
        "channel_inquiry_id": format!("{channel_order_id}-Q{channel_item_id}"),
        "kind": "order",
        "channel_order_id": channel_order_id,
        "channel_item_id": channel_item_id,
        "buyer_name": masked(buyer_name),
        "category": category,
        "title": title,
        "body": *rng.pick(texts),
        "secret": rng.percent(30),
        "asked_at": rfc3339_kst(korean_now()),
    })
}

/// Ratings lean positive, as on Korean fashion channels.
const RATINGS: &[(i64, u32)] = &[(5, 58), (4, 24), (3, 9), (2, 5), (1, 4)];

const REVIEW_TEXTS: &[(i64, &[&str])] = &[
    (
        5,
        &[
            "핏이 너무 예뻐요! 색감도 사진이랑 똑같아요. 다른 색도 살게요.",
            "배송 빠르고 포장도 꼼꼼했어요. 소재가 부드러워서 매일 입어요.",
            "정사이즈로 주문했는데 딱 맞아요. 강력 추천합니다.",
            "가격 대비 퀄리티 최고예요. 재구매 의사 있어요!",
            "생각보다 두께감 있고 따뜻해요. 엄마도 하나 사 드렸어요.",
        ],
    ),
    (
        4,
        &[
            "전체적으로 만족해요. 다만 소매가 살짝 길어요.",
            "예쁜데 배송이 조금 늦었어요. 옷은 마음에 들어요.",
            "색이 화면보다 조금 어둡지만 그래도 예뻐요.",
            "한 번 세탁했는데 줄지 않았어요. 보풀만 조금 생기네요.",
        ],
    ),
    (
        3,
        &[
            "무난해요. 가격 생각하면 괜찮은 편이에요.",
            "생각보다 얇아서 봄 가을용이에요.",
            "사이즈가 조금 크게 나왔어요. 한 치수 작게 사세요.",
        ],
    ),
    (
        2,
        &[
            "실밥이 여기저기 나와 있어서 아쉬워요.",
            "사진이랑 색이 많이 달라요.",
        ],
    ),
    (
        1,
        &[
            "한 번 빨았더니 많이 줄었어요. 실망입니다.",
            "냄새가 심해서 빨아도 안 빠져요.",
        ],
    ),
];

pub(super) fn review_body(
    rng: &mut Rng,
    channel_order_id: &str,
    channel_item_id: &str,
    buyer_name: &str,
) -> Value {
    let rating = *rng.weighted(RATINGS);
    let texts = REVIEW_TEXTS
        .iter()
        .find(|(r, _)| *r == rating)
        .map_or(REVIEW_TEXTS[0].1, |(_, t)| *t);
    // The product feed carries no photo URLs, and the simulator invents no
    // outside ones: reviews come without photos.
    let photos: Vec<String> = Vec::new();
    json!({
        "channel_review_id": format!("{channel_order_id}-R{channel_item_id}"),
        "channel_order_id": channel_order_id,
        "channel_item_id": channel_item_id,
        "rating": rating,
        "body": *rng.pick(texts),
        "photos": photos,
        "buyer_name": masked(buyer_name),
        "written_at": rfc3339_kst(korean_now()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buyers_are_shown_masked() {
        assert_eq!(masked("김민지"), "김*지");
        assert_eq!(masked("남궁민수"), "남**수");
        assert_eq!(masked("이안"), "이*");
        assert_eq!(masked(""), "구매자");
    }

    #[test]
    fn ratings_lean_positive_and_every_rating_has_texts() {
        let mut rng = Rng::new(3);
        let ratings: Vec<i64> = (0..2_000)
            .map(|_| {
                review_body(&mut rng, "ZZ-1", "1", "김민지")["rating"]
                    .as_i64()
                    .unwrap()
            })
            .collect();
        let fives = ratings.iter().filter(|r| **r == 5).count();
        let ones = ratings.iter().filter(|r| **r == 1).count();
        assert!(
            fives > 1_000 && ones < 200 && ones > 20,
            "{fives} fives, {ones} ones"
        );
        assert!(
            ratings.iter().sum::<i64>() * 10 / 2_000 >= 42,
            "mean rating about 4.3"
        );
        for (rating, _) in RATINGS {
            assert!(REVIEW_TEXTS
                .iter()
                .any(|(r, texts)| r == rating && !texts.is_empty()));
        }
    }
}
