//! 매출 현황 page: the period bar (오늘 / 7일 / 30일 / 직접 선택, kept in the
//! URL so a period can be linked), summary cards compared with the previous
//! period, the daily line chart (this period and the one before), the
//! channel bar chart, and the top products and categories.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::*;
use crate::format::{format_number, format_won};
use crate::ui::chart::{BarChart, ChartPoint, LineChart};
use crate::ui::{ErrorNotice, Loading};

/// A query-string value: letters, digits and `-` as they are, the rest %XX.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

/// What the URL asks for: `(from, to, range)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Asked {
    from: String,
    to: String,
    range: String,
}

impl Asked {
    /// The chip to highlight: a range, `custom`, or `7d` for a bare `/sales`.
    fn chip(&self) -> &str {
        if !self.range.is_empty() {
            &self.range
        } else if self.from.is_empty() && self.to.is_empty() {
            "7d"
        } else {
            "custom"
        }
    }
}

#[component]
pub fn SalesDashboardPage() -> impl IntoView {
    let query = use_query_map();
    let asked = move || {
        query.with(|q| Asked {
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
            range: q.get("range").unwrap_or_default(),
        })
    };
    let report = Resource::new(asked, |a| get_sales_report(a.from, a.to, Some(a.range)));
    view! {
        <Title text="매출 현황 · 파트너센터"/>
        <div class="page-head">
            <h1>"매출 현황"</h1>
        </div>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                let a = asked();
                match report.await {
                    Ok(r) => {
                        let shown = Asked { from: r.from.clone(), to: r.to.clone(), range: a.range.clone() };
                        view! {
                            <PeriodBar chip=a.chip().to_owned() dates=shown/>
                            <SalesView report=r/>
                        }
                        .into_any()
                    }
                    Err(e) if matches!(e.code.as_str(), "invalid_period" | "period_too_long" | "invalid_input") => {
                        view! {
                            <PeriodBar chip=a.chip().to_owned() dates=a.clone()/>
                            <p class="form-error" role="alert" data-testid="sales-error">{e.message}</p>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// 오늘 / 7일 / 30일 are links (`?range=`); 직접 선택 opens two dates.
#[component]
fn PeriodBar(chip: String, dates: Asked) -> impl IntoView {
    let custom = chip == "custom";
    let open = RwSignal::new(custom);
    // `value` for the server's HTML (and a page without script), `prop:value` once live.
    let (from_html, to_html) = (dates.from.clone(), dates.to.clone());
    let from = RwSignal::new(dates.from);
    let to = RwSignal::new(dates.to);
    let navigate = use_navigate();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let url = format!("/sales?from={}&to={}", encode(&from.get_untracked()), encode(&to.get_untracked()));
        navigate(&url, Default::default());
    };
    view! {
        <nav class="tabs sales-periods" aria-label="조회 기간">
            {RANGES
                .iter()
                .map(|(code, label)| {
                    let current = (chip == *code).then_some("page");
                    view! {
                        <a href=format!("/sales?range={code}") aria-current=current data-testid=format!("period-{code}")>
                            {*label}
                        </a>
                    }
                })
                .collect_view()}
            <button type="button" class="tab" class:tab-on=custom data-testid="period-custom"
                aria-expanded=move || open.get().to_string() aria-controls="sales-custom"
                on:click=move |_| open.update(|o| *o = !*o)>
                "직접 선택"
            </button>
        </nav>
        <form id="sales-custom" class="filter-bar card sales-custom" method="get" action="/sales"
            hidden=move || !open.get() on:submit=on_submit>
            <div class="filter-row date-row">
                <span class="filter-label">"조회 기간 (결제일)"</span>
                <label class="sr-only" for="sales-from">"시작일"</label>
                <input id="sales-from" name="from" type="date" data-testid="sales-from" required value=from_html
                    prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                <span aria-hidden="true">"~"</span>
                <label class="sr-only" for="sales-to">"종료일"</label>
                <input id="sales-to" name="to" type="date" data-testid="sales-to" required value=to_html
                    prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
            </div>
            <p class="hint">"최대 2년(731일)까지 조회할 수 있습니다."</p>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="sales-apply">"조회"</button>
            </div>
        </form>
    }
}

/// ▲/▼ against the previous period; for 취소 and 환불 an increase is bad news.
fn trend(cur: i64, prev: i64, more_is_good: bool) -> (String, &'static str) {
    let bp = change_bp(cur, prev);
    let class = match bp {
        Some(b) if b > 0 && more_is_good => "sales-trend trend-good",
        Some(b) if b > 0 => "sales-trend trend-bad",
        Some(b) if b < 0 && more_is_good => "sales-trend trend-bad",
        Some(b) if b < 0 => "sales-trend trend-good",
        _ => "sales-trend",
    };
    (format_change(bp), class)
}

#[component]
fn SummaryCard(
    metric: &'static str,
    label: &'static str,
    value: String,
    cur: i64,
    prev: i64,
    prev_text: String,
    #[prop(default = true)] more_is_good: bool,
) -> impl IntoView {
    let (change, class) = trend(cur, prev, more_is_good);
    view! {
        <li class="card sales-card" data-testid=format!("sales-card-{metric}")>
            <span class="sales-card-label">{label}</span>
            <strong class="sales-card-value" data-testid=format!("sales-{metric}")>{value}</strong>
            <span class=class data-testid=format!("sales-change-{metric}")>{change}</span>
            <span class="sales-card-prev muted">"이전 " {prev_text}</span>
        </li>
    }
}

fn count(n: i64, unit: &str) -> String {
    format!("{}{unit}", format_number(n))
}

#[component]
fn SalesView(report: SalesReport) -> impl IntoView {
    let SalesReport { from, to, prev_from, prev_to, days, totals: t, prev: p, .. } = report.clone();
    let amount_and_count = |amount: i64, n: i64| format!("{} ({}건)", format_won(amount), format_number(n));
    let day_points = |list: &[DayPoint]| -> Vec<ChartPoint> {
        list.iter()
            .map(|d| ChartPoint {
                label: short_date(&d.date),
                title: long_date(&d.date),
                value: d.revenue,
                display: format_won(d.revenue),
            })
            .collect()
    };
    let points = day_points(&report.by_day);
    let previous = day_points(&report.prev_by_day);
    let channels: Vec<ChartPoint> = report
        .by_channel
        .iter()
        .map(|b| ChartPoint {
            label: b.label.clone(),
            title: b.label.clone(),
            value: b.revenue,
            display: format!("{} · {}건", format_won(b.revenue), format_number(b.orders)),
        })
        .collect();
    let empty = t.orders == 0;
    view! {
        <p class="sales-period muted" data-testid="sales-period">
            <strong>{period_label(&from, &to)}</strong>
            " (" {days} "일) · 이전 기간 " {period_label(&prev_from, &prev_to)} " 대비"
        </p>
        <ul class="sales-cards" aria-label="요약">
            <SummaryCard metric="revenue" label="매출" value=format_won(t.revenue) cur=t.revenue prev=p.revenue
                prev_text=format_won(p.revenue)/>
            <SummaryCard metric="orders" label="주문수" value=count(t.orders, "건") cur=t.orders prev=p.orders
                prev_text=count(p.orders, "건")/>
            <SummaryCard metric="units" label="판매수량" value=count(t.units, "개") cur=t.units prev=p.units
                prev_text=count(p.units, "개")/>
            <SummaryCard metric="aov" label="객단가" value=format_won(t.average_order_value) cur=t.average_order_value
                prev=p.average_order_value prev_text=format_won(p.average_order_value)/>
            <SummaryCard metric="cancelled" label="취소" value=amount_and_count(t.cancelled_amount, t.cancelled_count)
                cur=t.cancelled_amount prev=p.cancelled_amount
                prev_text=amount_and_count(p.cancelled_amount, p.cancelled_count) more_is_good=false/>
            <SummaryCard metric="refunds" label="환불" value=amount_and_count(t.refund_amount, t.refund_count)
                cur=t.refund_amount prev=p.refund_amount prev_text=amount_and_count(p.refund_amount, p.refund_count)
                more_is_good=false/>
            <SummaryCard metric="net" label="순매출" value=format_won(t.net) cur=t.net prev=p.net
                prev_text=format_won(p.net)/>
        </ul>
        {empty.then(|| view! { <p class="muted" data-testid="sales-empty">"이 기간에 결제된 주문이 없습니다."</p> })}
        <section class="card sales-section">
            <h2>"일별 매출"</h2>
            <LineChart label="일별 매출" points previous testid="sales-daily-chart"/>
        </section>
        <div class="sales-grid">
            <section class="card sales-section">
                <h2>"채널별 매출"</h2>
                {if channels.is_empty() {
                    view! { <p class="muted">"판매된 채널이 없습니다."</p> }.into_any()
                } else {
                    view! { <BarChart label="채널별 매출" points=channels testid="sales-channel-chart"/> }.into_any()
                }}
                <Ranking rows=report.by_channel.clone() testid="sales-channels" numbered=false/>
            </section>
            <section class="card sales-section">
                <h2>"상품별 매출 TOP " {TOP_PRODUCTS}</h2>
                <Ranking rows=report.by_product.clone() testid="sales-products" numbered=true/>
            </section>
            <section class="card sales-section">
                <h2>"카테고리별 매출"</h2>
                <Ranking rows=report.by_category.clone() testid="sales-categories" numbered=false/>
            </section>
        </div>
        <p class="muted small sales-note">
            "매출은 결제일 기준 판매금액(상품금액 + 옵션금액 − 판매자 할인)이며, 플랫폼 할인과 배송비는 포함하지 않습니다. "
            "취소는 취소된 날, 환불은 반품이 완료된 날 기준입니다. 순매출 = 매출 − 취소 − 환불."
        </p>
    }
}

/// Rows as small cards: name, revenue, orders and units, the share as a bar.
#[component]
fn Ranking(rows: Vec<Breakdown>, testid: &'static str, numbered: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted" data-testid=testid>"판매 내역이 없습니다."</p> }.into_any();
    }
    view! {
        <ol class="sales-rank" class:sales-rank-numbered=numbered data-testid=testid>
            {rows
                .into_iter()
                .map(|b| {
                    let width = format!("width: {}", crate::ui::chart::percent(b.share_bp.clamp(0, 10_000)));
                    view! {
                        <li class="sales-rank-row">
                            <span class="sales-rank-name">{b.label}</span>
                            <strong class="sales-rank-amount">{format_won(b.revenue)}</strong>
                            <span class="sales-rank-meta muted">
                                {format!("주문 {}건 · {}개 · {}", format_number(b.orders), format_number(b.units),
                                    format_share(b.share_bp))}
                            </span>
                            <span class="sales-share" aria-hidden="true"><span style=width></span></span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(encode("2026-11-26"), "2026-11-26");
        assert_eq!(encode("a&b=c"), "a%26b%3Dc");
    }

    #[test]
    fn the_bare_page_highlights_seven_days() {
        assert_eq!(Asked::default().chip(), "7d");
        assert_eq!(Asked { range: "30d".into(), ..Default::default() }.chip(), "30d");
        assert_eq!(Asked { from: "2026-11-01".into(), ..Default::default() }.chip(), "custom");
    }

    #[test]
    fn more_cancellations_are_bad_news() {
        assert_eq!(trend(200, 100, true).1, "sales-trend trend-good");
        assert_eq!(trend(200, 100, false).1, "sales-trend trend-bad");
        assert_eq!(trend(200, 0, false), ("-".to_owned(), "sales-trend"));
    }

    #[test]
    fn the_dashboard_renders_cards_charts_and_rankings_in_korean_format() {
        let day = |date: &str, revenue: i64| DayPoint { date: date.into(), revenue, orders: 1, units: 2 };
        let row = |label: &str, revenue: i64| Breakdown {
            key: label.into(),
            label: label.into(),
            revenue,
            orders: 1,
            units: 2,
            share_bp: 5000,
        };
        let report = SalesReport {
            from: "2026-11-25".into(),
            to: "2026-11-26".into(),
            prev_from: "2026-11-23".into(),
            prev_to: "2026-11-24".into(),
            days: 2,
            totals: SalesTotals { revenue: 12_300, orders: 2, average_order_value: 6_150, net: 12_300, ..Default::default() },
            prev: SalesTotals { revenue: 10_000, orders: 1, ..Default::default() },
            by_day: vec![day("2026-11-25", 2_300), day("2026-11-26", 10_000)],
            prev_by_day: vec![day("2026-11-23", 0), day("2026-11-24", 10_000)],
            by_channel: vec![row("지그재그", 12_300)],
            by_product: vec![row("데일리 니트", 12_300)],
            by_category: vec![row("상의 > 니트", 12_300)],
            ..Default::default()
        };
        let html = Owner::new().with(|| view! { <SalesView report/> }.to_html());
        assert!(html.contains(r#"data-testid="sales-revenue""#) && html.contains(">12,300원<"), "{html}");
        assert!(html.contains("▲ 23.0%"), "{html}");
        assert!(html.contains("2026. 11. 25. ~ 2026. 11. 26."), "{html}");
        assert_eq!(html.matches(r#"data-testid="chart-point""#).count(), 2, "{html}");
        assert_eq!(html.matches(r#"data-testid="chart-bar""#).count(), 1, "{html}");
        assert!(html.contains("데일리 니트") && html.contains("상의 &gt; 니트") || html.contains("상의 > 니트"), "{html}");
        assert!(!html.contains("sales-empty"), "{html}");
    }
}
