//! The tax invoice as a PDF: the classic 세금계산서 grid on one A4 page.
//!
//! Text is real text in an embedded, subsetted Korean font (krilla writes a
//! ToUnicode map), so the PDF can be searched, copied from and read by
//! accounting software. The font is read once from the system: the path in
//! `PDF_FONT` (`path` or `path,ttc-index`), else the first of the known places
//! Debian's `fonts-noto-cjk` and `fonts-nanum` install to.
//!
//! The layout is in whole points (integers like everything in this area),
//! converted to the PDF library's coordinates only where it is called.
//! Text widths are estimated from the glyph classes of the CJK fonts (full
//! width Hangul, proportional Latin), close enough to centre and right-align.

use std::sync::{Arc, OnceLock};

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;

use super::{format_registration_no, Party, TaxInvoice};
use crate::error::{ErrorCode, AppError, AppResult};
use crate::format::format_number;

/// Where Korean fonts live on the systems we deploy to, with the index of the
/// Korean face in a collection (Noto Sans CJK: JP 0, KR 1, SC 2, TC 3, HK 4).
const KNOWN_FONTS: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 1),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 1),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 1),
    ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf", 0),
    ("/usr/share/fonts/nanum/NanumGothic.ttf", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJKkr-Regular.otf", 0),
];

static FONT: OnceLock<Result<Font, String>> = OnceLock::new();

/// `path` or `path,index`.
fn parse_font_setting(setting: &str) -> (String, u32) {
    match setting.rsplit_once(',') {
        Some((path, index)) if index.trim().parse::<u32>().is_ok() => {
            (path.trim().to_owned(), index.trim().parse().unwrap_or(0))
        }
        _ => (setting.trim().to_owned(), 0),
    }
}

fn load_font() -> Result<Font, String> {
    let candidates: Vec<(String, u32)> = match std::env::var("PDF_FONT") {
        Ok(v) if !v.trim().is_empty() => vec![parse_font_setting(&v)],
        _ => KNOWN_FONTS.iter().map(|(p, i)| ((*p).to_owned(), *i)).collect(),
    };
    for (path, index) in &candidates {
        let Ok(bytes) = std::fs::read(path) else { continue };
        match Font::new(Arc::new(bytes).into(), *index) {
            Some(font) => {
                tracing::info!(path, index, "tax invoice PDF font loaded");
                return Ok(font);
            }
            None => tracing::warn!(path, index, "not a usable font (or no face at this index)"),
        }
    }
    Err(candidates
        .iter()
        .map(|(p, i)| format!("{p},{i}"))
        .collect::<Vec<_>>()
        .join(" "))
}

/// The Korean font, loaded on first use and kept (a CJK font is large).
pub fn font() -> AppResult<Font> {
    match FONT.get_or_init(load_font) {
        Ok(font) => Ok(font.clone()),
        Err(tried) => {
            tracing::error!(tried = %tried, "no Korean font for PDFs: install fonts-noto-cjk or set PDF_FONT=path[,index]");
            Err(AppError::new(
                ErrorCode::FontMissing,
                crate::i18n::msg::tax_err_font_missing(),
            ))
        }
    }
}

/// The invoice as PDF bytes.
pub fn render(invoice: &TaxInvoice) -> AppResult<Vec<u8>> {
    let font = font()?;
    render_with(invoice, font)
}

// ------------------------------------------------------------------ layout

/// Whole points; A4 is 595 × 842.
type Pt = i16;

const PAGE_W: Pt = 595;
const PAGE_H: Pt = 842;
const LEFT: Pt = 36;
const RIGHT: Pt = PAGE_W - 36;
const TOP: Pt = 48;
const MID: Pt = (LEFT + RIGHT) / 2;

/// The buyer's copy (공급받는자 보관용) of the classic form is printed in blue.
const INK: (u8, u8, u8) = (24, 64, 150);
const RULE: (u8, u8, u8) = (120, 150, 205);
const SHADE: (u8, u8, u8) = (236, 242, 252);
const TEXT: (u8, u8, u8) = (17, 17, 17);

fn at(x: Pt, y: Pt) -> Point {
    Point::from_xy(x.into(), y.into())
}

fn color((r, g, b): (u8, u8, u8)) -> rgb::Color {
    rgb::Color::new(r, g, b)
}

/// Advance of a character in thousandths of an em, as Noto Sans CJK KR has
/// it (Hangul 920, digits 555; Latin letters averaged).
fn advance(c: char) -> i32 {
    match c {
        ' ' => 224,
        '0'..='9' | '+' | '#' => 555,
        ',' | '.' | ':' | ';' => 278,
        '-' => 347,
        '(' | ')' | '[' | ']' => 338,
        '/' => 392,
        '*' => 467,
        '_' => 559,
        '&' => 680,
        '%' => 921,
        '@' => 946,
        'A'..='Z' => 640,
        'a'..='z' => 520,
        '·' => 561,
        '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' => 920,
        c if c.is_ascii() => 500,
        _ => 1000,
    }
}

/// Estimated width of `text` at `size` points, in whole points (rounded up).
fn text_width(text: &str, size: u8) -> Pt {
    let milli: i32 = text.chars().map(advance).sum();
    let w = (milli * i32::from(size) + 999) / 1000;
    Pt::try_from(w).unwrap_or(Pt::MAX)
}

/// A cell of the grid.
#[derive(Clone, Copy)]
struct Area {
    x: Pt,
    y: Pt,
    w: Pt,
    h: Pt,
}

fn area(x: Pt, y: Pt, w: Pt, h: Pt) -> Area {
    Area { x, y, w, h }
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Center,
    Right,
}

struct Canvas<'a, 'b> {
    surface: &'a mut Surface<'b>,
    font: Font,
}

impl Canvas<'_, '_> {
    fn fill_rect(&mut self, x: Pt, y: Pt, w: Pt, h: Pt, rgb: (u8, u8, u8)) {
        let mut pb = PathBuilder::new();
        pb.move_to(x.into(), y.into());
        pb.line_to((x + w).into(), y.into());
        pb.line_to((x + w).into(), (y + h).into());
        pb.line_to(x.into(), (y + h).into());
        pb.close();
        if let Some(path) = pb.finish() {
            self.surface.set_stroke(None);
            self.surface.set_fill(Some(Fill {
                paint: color(rgb).into(),
                opacity: NormalizedF32::ONE,
                rule: FillRule::NonZero,
            }));
            self.surface.draw_path(&path);
        }
    }

    fn line(&mut self, x1: Pt, y1: Pt, x2: Pt, y2: Pt, width: u8, rgb: (u8, u8, u8)) {
        let mut pb = PathBuilder::new();
        pb.move_to(x1.into(), y1.into());
        pb.line_to(x2.into(), y2.into());
        if let Some(path) = pb.finish() {
            self.surface.set_fill(None);
            self.surface.set_stroke(Some(Stroke {
                paint: color(rgb).into(),
                width: width.into(),
                ..Default::default()
            }));
            self.surface.draw_path(&path);
        }
    }

    fn frame(&mut self, x: Pt, y: Pt, w: Pt, h: Pt, width: u8, rgb: (u8, u8, u8)) {
        self.line(x, y, x + w, y, width, rgb);
        self.line(x + w, y, x + w, y + h, width, rgb);
        self.line(x + w, y + h, x, y + h, width, rgb);
        self.line(x, y + h, x, y, width, rgb);
    }

    fn text(&mut self, x: Pt, baseline: Pt, size: u8, rgb: (u8, u8, u8), text: &str) {
        if text.is_empty() {
            return;
        }
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(Fill {
            paint: color(rgb).into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::NonZero,
        }));
        self.surface.draw_text(
            at(x, baseline),
            self.font.clone(),
            size.into(),
            text,
            false,
            TextDirection::Auto,
        );
    }

    /// Text inside a cell, vertically centred, shrunk (down to 6 pt) and then
    /// wrapped onto two lines when it does not fit.
    fn cell_text(&mut self, cell: Area, size: u8, rgb: (u8, u8, u8), align: Align, text: &str) {
        let Area { x, y, w, h } = cell;
        let pad: Pt = 3;
        let room = w - 2 * pad;
        let mut size = size;
        while size > 6 && text_width(text, size) > room {
            size -= 1;
        }
        let lines: Vec<String> = if text_width(text, size) <= room {
            vec![text.to_owned()]
        } else {
            wrap(text, size, room, 2)
        };
        let line_h = Pt::from(size) + 2;
        let block = line_h * Pt::try_from(lines.len()).unwrap_or(1);
        // The baseline sits about 86/100 em below the top of a line of CJK text.
        let mut baseline = y + (h - block) / 2 + Pt::from(size) * 86 / 100 + 1;
        for line in lines {
            let tw = text_width(&line, size);
            let tx = match align {
                Align::Left => x + pad,
                Align::Center => x + (w - tw) / 2,
                Align::Right => x + w - pad - tw,
            };
            self.text(tx, baseline, size, rgb, &line);
            baseline += line_h;
        }
    }

    /// A shaded label cell with its frame.
    fn label(&mut self, x: Pt, y: Pt, w: Pt, h: Pt, text: &str) {
        self.fill_rect(x, y, w, h, SHADE);
        self.frame(x, y, w, h, 1, RULE);
        self.cell_text(area(x, y, w, h), 8, INK, Align::Center, text);
    }

    fn value(&mut self, x: Pt, y: Pt, w: Pt, h: Pt, align: Align, text: &str) {
        self.frame(x, y, w, h, 1, RULE);
        self.cell_text(area(x, y, w, h), 9, TEXT, align, text);
    }
}

/// Splits `text` into at most `max_lines` lines of `room` points (the last
/// one cut with an ellipsis when even that is not enough).
fn wrap(text: &str, size: u8, room: Pt, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        let candidate = format!("{current}{c}");
        if text_width(&candidate, size) <= room || current.is_empty() {
            current = candidate;
        } else if lines.len() + 1 < max_lines {
            lines.push(std::mem::take(&mut current));
            if c != ' ' {
                current.push(c);
            }
        } else {
            let mut cut: Vec<char> = current.chars().collect();
            while !cut.is_empty() && text_width(&format!("{}…", cut.iter().collect::<String>()), size) > room {
                cut.pop();
            }
            current = format!("{}…", cut.iter().collect::<String>());
            break;
        }
    }
    lines.push(current);
    lines
}

/// One party's block: a vertical title column and five rows.
fn party(c: &mut Canvas, x: Pt, y: Pt, w: Pt, title: &str, p: &Party, row_h: Pt) {
    let title_w: Pt = 20;
    let label_w: Pt = 50;
    let sub_w: Pt = 30;
    let rows: Pt = 5;
    c.fill_rect(x, y, title_w, row_h * rows, SHADE);
    c.frame(x, y, title_w, row_h * rows, 1, RULE);
    // 공급자 written downwards, one syllable a line, as on the paper form.
    let chars: Vec<char> = title.chars().collect();
    let step: Pt = 16;
    let n = Pt::try_from(chars.len()).unwrap_or(3);
    let mut baseline = y + (row_h * rows - step * n) / 2 + 12;
    for ch in chars {
        let s = ch.to_string();
        c.text(x + (title_w - text_width(&s, 10)) / 2, baseline, 10, INK, &s);
        baseline += step;
    }
    let lx = x + title_w;
    let vx = lx + label_w;
    let vw = x + w - vx;
    let half = (vw - sub_w) / 2;
    let mut row_y = y;
    // 등록번호
    c.label(lx, row_y, label_w, row_h, "등록번호");
    c.value(
        vx,
        row_y,
        vw,
        row_h,
        Align::Center,
        &format_registration_no(&p.registration_no),
    );
    row_y += row_h;
    // 상호 | 성명
    c.label(lx, row_y, label_w, row_h, "상호(법인명)");
    c.value(vx, row_y, half, row_h, Align::Left, &p.name);
    c.label(vx + half, row_y, sub_w, row_h, "성명");
    c.value(
        vx + half + sub_w,
        row_y,
        vw - half - sub_w,
        row_h,
        Align::Left,
        &p.representative,
    );
    row_y += row_h;
    c.label(lx, row_y, label_w, row_h, "사업장 주소");
    c.value(vx, row_y, vw, row_h, Align::Left, &p.address);
    row_y += row_h;
    c.label(lx, row_y, label_w, row_h, "업태");
    c.value(vx, row_y, half, row_h, Align::Left, &p.business_type);
    c.label(vx + half, row_y, sub_w, row_h, "종목");
    c.value(
        vx + half + sub_w,
        row_y,
        vw - half - sub_w,
        row_h,
        Align::Left,
        &p.business_item,
    );
    row_y += row_h;
    c.label(lx, row_y, label_w, row_h, "이메일");
    c.value(vx, row_y, vw, row_h, Align::Left, &p.email);
}

fn won(n: i64) -> String {
    format_number(n)
}

/// Draws the invoice with `font`; public for tests that bring their own font.
pub fn render_with(invoice: &TaxInvoice, font: Font) -> AppResult<Vec<u8>> {
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("세금계산서 {} {}", invoice.month, invoice.buyer.name))
            .creator("파트너센터".to_owned())
            .language("ko-KR".to_owned()),
    );
    let settings = PageSettings::from_wh(PAGE_W.into(), PAGE_H.into()).ok_or_else(AppError::internal)?;
    let mut page = document.start_page_with(settings);
    {
        let mut surface = page.surface();
        let mut c = Canvas {
            surface: &mut surface,
            font,
        };
        draw(&mut c, invoice);
    }
    page.finish();
    document.finish().map_err(|e| {
        tracing::error!(error = ?e, month = %invoice.month, "tax invoice PDF failed");
        AppError::internal()
    })
}

fn draw(c: &mut Canvas, inv: &TaxInvoice) {
    let width = RIGHT - LEFT;
    let mut y = TOP;

    // Title row: 세금계산서 | (공급받는자 보관용) | 승인번호.
    let title_h: Pt = 44;
    c.frame(LEFT, y, width, title_h, 2, INK);
    let title = "전자세금계산서";
    c.text(
        LEFT + (width * 45 / 100 - text_width(title, 20)) / 2 + 8,
        y + 28,
        20,
        INK,
        title,
    );
    c.text(LEFT + width * 45 / 100 - 10, y + 27, 8, INK, "(공급받는자 보관용)");
    let approval_x = LEFT + width * 62 / 100;
    c.label(approval_x, y, 50, title_h / 2, "승인번호");
    c.value(
        approval_x + 50,
        y,
        RIGHT - approval_x - 50,
        title_h / 2,
        Align::Center,
        if inv.issued {
            &inv.approval_no
        } else {
            "발행 전 (미리보기)"
        },
    );
    c.label(approval_x, y + title_h / 2, 50, title_h / 2, "관리번호");
    c.value(
        approval_x + 50,
        y + title_h / 2,
        RIGHT - approval_x - 50,
        title_h / 2,
        Align::Center,
        &inv.month,
    );
    y += title_h;

    // The parties.
    let row_h: Pt = 24;
    party(c, LEFT, y, MID - LEFT, "공급자", &inv.supplier, row_h);
    party(c, MID, y, RIGHT - MID, "공급받는자", &inv.buyer, row_h);
    c.frame(LEFT, y, width, row_h * 5, 2, INK);
    y += row_h * 5;

    // 작성일자 | 공급가액 | 세액 | 수정사유.
    let head_h: Pt = 18;
    let cols = [LEFT, LEFT + 110, LEFT + 250, LEFT + 370, RIGHT];
    let heads = ["작성일자", "공급가액", "세액", "비고"];
    let date = inv.write_date.replace('-', ". ");
    let values = [
        date.as_str(),
        &won(inv.supply_value),
        &won(inv.vat),
        if inv.issued { "" } else { "발행 전 미리보기" },
    ];
    for (i, (h, v)) in heads.iter().zip(values).enumerate() {
        let (x, w) = (cols[i], cols[i + 1] - cols[i]);
        c.label(x, y, w, head_h, h);
        let align = if i == 1 || i == 2 { Align::Right } else { Align::Center };
        c.value(x, y + head_h, w, 22, align, v);
    }
    c.frame(LEFT, y, width, head_h + 22, 2, INK);
    y += head_h + 22;

    // Items: 월 | 일 | 품목 | 규격 | 수량 | 단가 | 공급가액 | 세액 | 비고.
    let item_cols = [
        LEFT,
        LEFT + 24,
        LEFT + 48,
        LEFT + 228,
        LEFT + 262,
        LEFT + 300,
        LEFT + 342,
        LEFT + 422,
        LEFT + 484,
        RIGHT,
    ];
    let item_heads = ["월", "일", "품목", "규격", "수량", "단가", "공급가액", "세액", "비고"];
    for (i, h) in item_heads.iter().enumerate() {
        c.label(item_cols[i], y, item_cols[i + 1] - item_cols[i], head_h, h);
    }
    let items_top = y;
    y += head_h;
    let item_h: Pt = 22;
    let rows = inv.items.len().max(4);
    for r in 0..rows {
        let item = inv.items.get(r);
        let (month, day) = item
            .map(|it| {
                it.date
                    .split_once('-')
                    .map(|(m, d)| (m.to_owned(), d.to_owned()))
                    .unwrap_or_default()
            })
            .unwrap_or_default();
        let cells: [(String, Align); 9] = [
            (month, Align::Center),
            (day, Align::Center),
            (item.map(|i| i.name.clone()).unwrap_or_default(), Align::Left),
            (String::new(), Align::Center),
            (item.map(|i| won(i.quantity)).unwrap_or_default(), Align::Right),
            (String::new(), Align::Right),
            (item.map(|i| won(i.supply_value)).unwrap_or_default(), Align::Right),
            (item.map(|i| won(i.vat)).unwrap_or_default(), Align::Right),
            (String::new(), Align::Left),
        ];
        for (i, (text, align)) in cells.iter().enumerate() {
            c.value(item_cols[i], y, item_cols[i + 1] - item_cols[i], item_h, *align, text);
        }
        y += item_h;
    }
    c.frame(LEFT, items_top, width, y - items_top, 2, INK);

    // 합계금액 | 현금 | 수표 | 어음 | 외상미수금 | 이 금액을 (영수) 함.
    let sum_cols = [LEFT, LEFT + 100, LEFT + 180, LEFT + 250, LEFT + 320, LEFT + 400, RIGHT];
    let sum_heads = ["합계금액", "현금", "수표", "어음", "외상미수금"];
    for (i, h) in sum_heads.iter().enumerate() {
        c.label(sum_cols[i], y, sum_cols[i + 1] - sum_cols[i], head_h, h);
    }
    let total = won(inv.total);
    let sum_values = [total.as_str(), "", "", "", ""];
    for (i, v) in sum_values.iter().enumerate() {
        c.value(
            sum_cols[i],
            y + head_h,
            sum_cols[i + 1] - sum_cols[i],
            24,
            Align::Right,
            v,
        );
    }
    let (px, pw) = (sum_cols[5], RIGHT - sum_cols[5]);
    c.frame(px, y, pw, head_h + 24, 1, RULE);
    let purpose = format!("이 금액을 ({}) 함", inv.purpose_ko());
    c.cell_text(area(px, y, pw, head_h + 24), 11, INK, Align::Center, &purpose);
    c.frame(LEFT, y, width, head_h + 24, 2, INK);
    y += head_h + 24;

    // Notes under the form.
    y += 18;
    let month = super::month_label_ko(&inv.month);
    let notes = [
        format!("· {month} 판매수수료·결제수수료에 대한 세금계산서입니다. 세액은 다음 정산 지급액에서 차감됩니다."),
        format!("· 공급가액 {}원, 세액 {}원, 합계금액 {}원", won(inv.supply_value), won(inv.vat), won(inv.total)),
        "· 이 문서는 파트너센터에서 출력한 세금계산서 사본이며, 원본은 국세청 전자세금계산서 시스템에 전송된 것을 따릅니다.".to_owned(),
    ];
    for n in &notes {
        c.cell_text(area(LEFT, y - 10, width, 14), 8, TEXT, Align::Left, n);
        y += 14;
    }
    if !inv.issued {
        y += 16;
        c.cell_text(
            area(LEFT, y, width, 30),
            16,
            (190, 30, 45),
            Align::Center,
            "미리보기 — 아직 발행되지 않은 세금계산서입니다",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settlement::tax::InvoiceItem;

    fn sample(issued: bool) -> TaxInvoice {
        let party = |no: &str, name: &str| Party {
            registration_no: no.to_owned(),
            name: name.to_owned(),
            representative: "김대표".to_owned(),
            address: "서울특별시 강남구 테헤란로 152, 12층 (역삼동, 강남파이낸스센터)".to_owned(),
            business_type: "서비스".to_owned(),
            business_item: "전자상거래 중개".to_owned(),
            email: "tax@partnercenter.example".to_owned(),
        };
        let item = |name: &str, quantity: i64, supply_value: i64, vat: i64| InvoiceItem {
            date: "10-31".to_owned(),
            name: name.to_owned(),
            quantity,
            supply_value,
            vat,
        };
        TaxInvoice {
            id: 1,
            shop_id: 7,
            month: "2026-10".to_owned(),
            approval_no: "20261031-41000007-20261001".to_owned(),
            write_date: "2026-10-31".to_owned(),
            supplier: party("2208812340", "주식회사 파트너센터"),
            buyer: party("123-45-67891", "무드온"),
            items: vec![
                item("판매수수료(지그재그)", 1_204, 12_345_678, 1_234_569),
                item("판매수수료(패션 바이 카카오)", 31, 456_789, 45_678),
                item("결제수수료", 1_235, 1_002_003, 100_200),
            ],
            supply_value: 13_804_470,
            vat: 1_380_447,
            total: 15_184_917,
            purpose: "receipt".to_owned(),
            issued,
        }
    }

    /// Needs a Korean font on the machine (`make tools` installs one); set
    /// `TAX_PDF_SAMPLE=/tmp/x.pdf` to look at the result.
    #[test]
    fn an_invoice_renders_as_a_small_pdf() {
        let Ok(font) = font() else {
            eprintln!("SKIPPED: no Korean font installed");
            return;
        };
        for issued in [true, false] {
            let bytes = render_with(&sample(issued), font.clone()).unwrap();
            assert!(bytes.starts_with(b"%PDF"));
            assert!(bytes.len() < 300 * 1024, "{} bytes", bytes.len());
            if let (true, Ok(path)) = (issued, std::env::var("TAX_PDF_SAMPLE")) {
                std::fs::write(path, &bytes).unwrap();
            }
        }
    }

    #[test]
    fn the_font_setting_may_name_a_collection_index() {
        assert_eq!(
            parse_font_setting("/x/NotoSansCJK-Regular.ttc,1"),
            ("/x/NotoSansCJK-Regular.ttc".into(), 1)
        );
        assert_eq!(
            parse_font_setting("/x/Nanum,Gothic.ttf"),
            ("/x/Nanum,Gothic.ttf".into(), 0)
        );
        assert_eq!(parse_font_setting(" /x/a.ttf "), ("/x/a.ttf".into(), 0));
    }

    #[test]
    fn widths_follow_the_glyph_classes() {
        assert_eq!(text_width("가나다", 10), 28);
        assert_eq!(text_width("", 10), 0);
        assert!(text_width("1,000", 10) < text_width("가나다", 10));
    }

    #[test]
    fn long_text_wraps_onto_two_lines_and_is_cut_after() {
        let text = "서울특별시 강남구 테헤란로 123 파트너센터빌딩 10층 1001호 (역삼동, 강남파이낸스센터 별관)";
        let lines = wrap(text, 8, 120, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| text_width(l, 8) <= 120));
        assert!(lines[1].ends_with('…'));
        let short = wrap("짧은 주소", 8, 120, 2);
        assert_eq!(short, vec!["짧은 주소".to_owned()]);
    }
}
