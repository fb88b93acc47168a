//! The demo shop's catalogue (server only): fashion products with realistic
//! Korean names, colour and size options, prices, stock (some sold out, some
//! running low) and a generated photo each. Deterministic, so every demo
//! looks the same; saved through the same path as the product form.

use super::images::{media_dir_in, placeholder, process, store_at};
use super::ssr::save_in;
use super::*;
use crate::error::AppResult;
use crate::db::Database;

/// (category, item names, price range in thousands of won, size set)
const ITEMS: &[(&str, &[&str], (i64, i64), Sizes)] = &[
    ("아우터>코트", &["울 블렌드 롱 코트", "핸드메이드 하프 코트", "더블 버튼 트렌치 코트", "후드 울 코트"], (129, 239), Sizes::Apparel),
    ("아우터>재킷", &["크롭 트위드 재킷", "오버핏 싱글 블레이저", "레더 라이더 재킷", "코듀로이 셔츠 재킷"], (89, 159), Sizes::Apparel),
    ("아우터>패딩", &["숏 덕다운 패딩", "경량 구스 다운 점퍼", "후드 롱 패딩"], (119, 199), Sizes::Apparel),
    ("아우터>가디건", &["케이블 니트 가디건", "브이넥 울 가디건", "크롭 모헤어 가디건"], (49, 79), Sizes::Free),
    ("상의>티셔츠", &["데일리 코튼 라운드 티셔츠", "레터링 반팔 티셔츠", "슬림 골지 긴팔 티셔츠"], (19, 32), Sizes::Apparel),
    ("상의>블라우스", &["리본 타이 블라우스", "퍼프 소매 블라우스", "셔링 쉬폰 블라우스"], (39, 59), Sizes::Free),
    ("상의>셔츠", &["오버핏 스트라이프 셔츠", "린넨 베이직 셔츠", "옥스포드 버튼다운 셔츠"], (39, 59), Sizes::Apparel),
    ("상의>니트", &["캐시미어 블렌드 라운드 니트", "꽈배기 터틀넥 니트", "루즈핏 앙고라 니트"], (49, 89), Sizes::Free),
    ("상의>맨투맨", &["기모 오버핏 맨투맨", "피그먼트 워싱 맨투맨"], (35, 49), Sizes::Apparel),
    ("원피스>미디원피스", &["플라워 프린트 미디 원피스", "셔츠 카라 미디 원피스", "골지 니트 미디 원피스"], (59, 99), Sizes::Korean),
    ("팬츠>슬랙스", &["핀턱 와이드 슬랙스", "세미 부츠컷 슬랙스", "밴딩 일자 슬랙스"], (39, 59), Sizes::Apparel),
    ("팬츠>데님", &["하이웨스트 스트레이트 데님", "와이드 흑청 데님", "생지 부츠컷 데님"], (49, 69), Sizes::Waist),
    ("스커트>롱스커트", &["플리츠 롱 스커트", "머메이드 니트 스커트"], (39, 59), Sizes::Apparel),
    ("스커트>미니스커트", &["트위드 미니 스커트", "A라인 데님 미니 스커트"], (35, 49), Sizes::Apparel),
    ("신발>로퍼", &["클래식 페니 로퍼", "청키 굽 로퍼"], (59, 99), Sizes::Shoes),
    ("신발>스니커즈", &["캔버스 로우 스니커즈"], (49, 69), Sizes::Shoes),
    ("가방>숄더백", &["하프문 숄더백", "미니 레더 숄더백"], (39, 129), Sizes::None),
    ("가방>토트백", &["캔버스 빅 토트백"], (29, 49), Sizes::None),
    ("액세서리>모자", &["울 베레모", "워싱 볼캡"], (19, 35), Sizes::None),
    ("액세서리>스카프", &["캐시미어 머플러", "실크 스카프"], (29, 59), Sizes::None),
];

#[derive(Debug, Clone, Copy)]
enum Sizes {
    Apparel,
    Korean,
    Waist,
    Shoes,
    Free,
    None,
}

impl Sizes {
    fn values(self) -> &'static [&'static str] {
        match self {
            Self::Apparel => &["S", "M", "L"],
            Self::Korean => &["44", "55", "66", "77"],
            Self::Waist => &["25", "26", "27", "28", "29"],
            Self::Shoes => &["225", "230", "235", "240", "245", "250"],
            Self::Free => &["FREE"],
            Self::None => &[],
        }
    }
}

const COLOURS: &[(&str, &str, [u8; 3])] = &[
    ("블랙", "BK", [34, 34, 38]),
    ("아이보리", "IV", [236, 228, 210]),
    ("베이지", "BE", [214, 196, 166]),
    ("카멜", "CM", [176, 125, 72]),
    ("네이비", "NV", [36, 46, 84]),
    ("차콜", "CH", [66, 66, 72]),
    ("그레이", "GR", [150, 150, 156]),
    ("소라", "SK", [162, 192, 222]),
    ("핑크", "PK", [232, 182, 192]),
    ("카키", "KH", [112, 112, 72]),
    ("브라운", "BR", [112, 76, 52]),
    ("버건디", "BG", [112, 32, 48]),
];

const PREFIXES: &[&str] = &["", "[당일출고] ", "[무드온 단독] ", "[기획특가] ", "[재입고] ", "[2차 리오더] "];

/// A small deterministic generator: the demo is the same on every machine.
pub struct Lcg(pub u64);

impl Lcg {
    /// A number below `n`.
    pub fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// The product number `i` of the demo catalogue.
fn product(i: usize, rng: &mut Lcg) -> (ProductInput, [u8; 3]) {
    let (category, names, (low, high), sizes) = ITEMS[i % ITEMS.len()];
    let name = names[(i / ITEMS.len()) % names.len()];
    let prefix = PREFIXES[(i / (ITEMS.len() * 2)) % PREFIXES.len()];
    let list_price = (low + rng.next((high - low + 1) as u64) as i64) * 1_000;
    let discount = [0, 10, 15, 20, 30][rng.next(5) as usize];
    let sale_price = list_price * (100 - discount) / 100 / 100 * 100;
    let colour_count = 1 + rng.next(4) as usize;
    let first = rng.next(COLOURS.len() as u64) as usize;
    let colours: Vec<&(&str, &str, [u8; 3])> = (0..colour_count).map(|k| &COLOURS[(first + k * 5) % COLOURS.len()]).collect();
    let size_values = sizes.values();
    let mut option_groups = vec![OptionGroup { name: "색상".into(), values: colours.iter().map(|c| c.0.to_owned()).collect() }];
    if !size_values.is_empty() {
        option_groups.push(OptionGroup { name: "사이즈".into(), values: size_values.iter().map(|s| s.to_string()).collect() });
    }
    let code = format!("MD-{:04}", 1001 + i);
    // Some products sell out, some run low, most are stocked.
    let sold_out = i % 23 == 7;
    let variants = combinations(&option_groups)
        .into_iter()
        .map(|options| {
            let colour = COLOURS.iter().find(|c| c.0 == options[0]).map(|c| c.1).unwrap_or("XX");
            let sku = match options.get(1) {
                Some(size) => format!("{code}-{colour}-{size}"),
                None => format!("{code}-{colour}"),
            };
            let stock = if sold_out { 0 } else { [0, 2, 5, 8, 12, 20, 35, 50][rng.next(8) as usize] };
            VariantInput {
                id: None,
                options,
                sku,
                extra_price: 0,
                stock,
                stock_was: None,
                low_stock_threshold: DEFAULT_LOW_STOCK,
                active: true,
            }
        })
        .collect();
    let status = match i % 40 {
        13 => ProductStatus::Stopped,
        29 => ProductStatus::Hidden,
        _ => ProductStatus::OnSale,
    };
    let channels = match i % 7 {
        3 => vec![Channel::Zigzag],
        5 => vec![Channel::Zigzag, Channel::Posty],
        _ => Channel::ALL.to_vec(),
    };
    let product = ProductInput {
        id: None,
        code,
        name: format!("{prefix}{name}"),
        category: category.to_owned(),
        list_price,
        sale_price,
        description: format!("{name}입니다. 모델 키 168cm, 착용 사이즈 M(FREE). 세탁 시 찬물 단독 손세탁을 권장합니다."),
        status,
        channels,
        option_groups,
        variants,
        shipping: ShippingProfile {
            ship_from: "서울특별시 마포구 월드컵북로 396, 5층".into(),
            return_address: "서울특별시 마포구 월드컵북로 396, 5층 무드온 스튜디오 반품 담당".into(),
            ..ShippingProfile::default()
        },
        image_ids: Vec::new(),
    };
    (product, colours[0].2)
}

/// Loads `count` demo products into the shop, with one photo each.
pub async fn load(db: &Database, data_dir: &std::path::Path, shop_id: i64, count: usize) -> AppResult<()> {
    let dir = media_dir_in(data_dir);
    let mut rng = Lcg(20_261_126);
    for i in 0..count {
        let (mut input, rgb) = product(i, &mut rng);
        let photo = tokio::task::spawn_blocking(move || {
            let bytes = placeholder(rgb, i as u32);
            process(&bytes).map(|p| (bytes, p))
        })
        .await
        .map_err(|_| crate::error::AppError::internal())??;
        let image = store_at(db, &dir, shop_id, &photo.0, &photo.1).await?;
        input.image_ids = vec![image.id];
        let mut tx = db.begin_write().await?;
        save_in(&mut tx, shop_id, &input.validate()?).await?;
        tx.commit().await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_product_passes_the_form_s_rules() {
        let mut rng = Lcg(20_261_126);
        for i in 0..200 {
            let (p, _) = product(i, &mut rng);
            assert_eq!(p.validate().map(|v| v.variants.len()), Ok(p.variants.len()), "product {i}");
        }
    }
}
