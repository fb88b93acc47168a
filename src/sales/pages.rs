//! 매출 현황 page: the period bar (오늘 / 7일 / 30일 / 직접 선택, kept in the
//! URL so a period can be linked), summary cards compared with the previous
//! period, the daily line chart (this period and the one before), the
//! channel bar chart, and the top products and categories.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::*;
use crate::format::format_won;
use crate::i18n::msg;
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
        <Title text=msg::sales_page_title()/>
        <div class="page-head">
            <h1>{msg::sales_heading()}</h1>
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
        <nav class="tabs sales-periods" aria-label=msg::sales_period_nav()>
            {RANGES
                .iter()
                .map(|(code, label)| {
                    let current = (chip == *code).then_some("page");
                    view! {
                        <a href=format!("/sales?range={code}") aria-current=current data-testid=format!("period-{code}")>
                            {label()}
                        </a>
                    }
                })
                .collect_view()}
            <button type="button" class="tab" class:tab-on=custom data-testid="period-custom"
                aria-expanded=move || open.get().to_string() aria-controls="sales-custom"
                on:click=move |_| open.update(|o| *o = !*o)>
                {msg::sales_custom()}
            </button>
        </nav>
        <form id="sales-custom" class="filter-bar card sales-custom" method="get" action="/sales"
            hidden=move || !open.get() on:submit=on_submit>
            <div class="filter-row date-row">
                <span class="filter-label">{msg::sales_period_label()}</span>
                <label class="sr-only" for="sales-from">{msg::sales_start_date()}</label>
                <input id="sales-from" name="from" type="date" data-testid="sales-from" required value=from_html
                    prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
                <span aria-hidden="true">"~"</span>
                <label class="sr-only" for="sales-to">{msg::sales_end_date()}</label>
                <input id="sales-to" name="to" type="date" data-testid="sales-to" required value=to_html
                    prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))/>
            </div>
            <p class="hint">{msg::sales_period_hint()}</p>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" data-testid="sales-apply">{msg::sales_apply()}</button>
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
            <span class="sales-card-prev muted">{msg::sales_prev_value(prev_text)}</span>
        </li>
    }
}


#[component]
fn SalesView(report: SalesReport) -> impl IntoView {
    let SalesReport { from, to, prev_from, prev_to, days, totals: t, prev: p, .. } = report.clone();
    let amount_and_count = |amount: i64, n: i64| msg::sales_amount_and_count(format_won(amount), n);
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
            display: msg::sales_channel_point(format_won(b.revenue), b.orders),
        })
        .collect();
    let empty = t.orders == 0;
    view! {
        <p class="sales-period muted" data-testid="sales-period">
            <strong>{period_label(&from, &to)}</strong>
            " " {msg::sales_period_days(days, period_label(&prev_from, &prev_to))}
        </p>
        <ul class="sales-cards" aria-label=msg::sales_summary()>
            <SummaryCard metric="revenue" label=msg::sales_revenue() value=format_won(t.revenue) cur=t.revenue prev=p.revenue
                prev_text=format_won(p.revenue)/>
            <SummaryCard metric="orders" label=msg::sales_orders() value=msg::sales_count_orders(t.orders) cur=t.orders prev=p.orders
                prev_text=msg::sales_count_orders(p.orders)/>
            <SummaryCard metric="units" label=msg::sales_units() value=msg::sales_count_units(t.units) cur=t.units prev=p.units
                prev_text=msg::sales_count_units(p.units)/>
            <SummaryCard metric="aov" label=msg::sales_aov() value=format_won(t.average_order_value) cur=t.average_order_value
                prev=p.average_order_value prev_text=format_won(p.average_order_value)/>
            <SummaryCard metric="cancelled" label=msg::sales_cancelled() value=amount_and_count(t.cancelled_amount, t.cancelled_count)
                cur=t.cancelled_amount prev=p.cancelled_amount
                prev_text=amount_and_count(p.cancelled_amount, p.cancelled_count) more_is_good=false/>
            <SummaryCard metric="refunds" label=msg::sales_refunds() value=amount_and_count(t.refund_amount, t.refund_count)
                cur=t.refund_amount prev=p.refund_amount prev_text=amount_and_count(p.refund_amount, p.refund_count)
                more_is_good=false/>
            <SummaryCard metric="net" label=msg::sales_net() value=format_won(t.net) cur=t.net prev=p.net
                prev_text=format_won(p.net)/>
        </ul>
        {empty.then(|| view! { <p class="muted" data-testid="sales-empty">{msg::sales_empty()}</p> })}
        <section class="card sales-section">
            <h2>{msg::sales_daily()}</h2>
            <LineChart label=msg::sales_daily() points previous testid="sales-daily-chart"
                current_label=msg::sales_this_period() previous_label=msg::sales_previous_period()/>
        </section>
        <div class="sales-grid">
            <section class="card sales-section">
                <h2>{msg::sales_by_channel()}</h2>
                {if channels.is_empty() {
                    view! { <p class="muted">{msg::sales_no_channels()}</p> }.into_any()
                } else {
                    view! { <BarChart label=msg::sales_by_channel() points=channels testid="sales-channel-chart"/> }.into_any()
                }}
                <Ranking rows=report.by_channel.clone() testid="sales-channels" numbered=false/>
            </section>
            <section class="card sales-section">
                <h2>{msg::sales_top_products(TOP_PRODUCTS)}</h2>
                <Ranking rows=report.by_product.clone() testid="sales-products" numbered=true/>
            </section>
            <section class="card sales-section">
                <h2>{msg::sales_by_category()}</h2>
                <Ranking rows=report.by_category.clone() testid="sales-categories" numbered=false/>
            </section>
        </div>
        <p class="muted small sales-note">{msg::sales_note()}</p>
    }
}

/// Rows as small cards: name, revenue, orders and units, the share as a bar.
#[component]
fn Ranking(rows: Vec<Breakdown>, testid: &'static str, numbered: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted" data-testid=testid>{msg::sales_no_rows()}</p> }.into_any();
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
                                {msg::sales_rank_meta(b.orders, b.units, format_share(b.share_bp))}
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
