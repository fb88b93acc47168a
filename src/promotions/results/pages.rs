//! 프로모션 성과, the component every promotion's page shows: the totals,
//! the daily line chart (the `/sales` chart), the exports, and for a coupon
//! its latest redemptions.

use leptos::prelude::*;

use super::*;
use crate::format::{format_number, format_won};
use crate::i18n::msg;
use crate::ui::chart::{ChartPoint, LineChart};
use crate::ui::{ErrorNotice, Loading};

/// The results of one promotion over its own period.
#[component]
pub fn PromotionResults(kind: PromoKind, id: i64) -> impl IntoView {
    let report = Resource::new(move || (kind, id), |(kind, id)| {
        get_promotion_results(kind.as_str().to_owned(), id, String::new(), String::new(), None)
    });
    view! {
        <section class="card promores" data-testid="promores">
            <h2>{msg::promores_title()}</h2>
            <Transition fallback=Loading>
                {move || report.get().map(|res| match res {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(r) => view! { <ResultsView report=r/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ResultsView(report: PromotionReport) -> impl IntoView {
    let t = report.totals;
    let points: Vec<ChartPoint> = report
        .by_day
        .iter()
        .map(|d| ChartPoint {
            label: crate::sales::short_date(&d.date),
            title: crate::sales::long_date(&d.date),
            value: d.totals.revenue,
            display: format_won(d.totals.revenue),
        })
        .collect();
    let base = format!("/downloads/promotions/{}-{}", report.kind.as_str(), report.id);
    let period = format!("{}&to={}", report.from, report.to);
    let csv = format!("{base}.csv?from={period}");
    let xlsx = format!("{base}.xlsx?from={period}");
    let card = |metric: &'static str, label: &'static str, value: String| {
        view! {
            <li class="promores-card">
                <span class="muted">{label}</span>
                <strong data-testid=format!("promores-{metric}")>{value}</strong>
            </li>
        }
    };
    let is_coupon = report.kind == PromoKind::Coupon;
    view! {
        <p class="muted" data-testid="promores-period">
            {crate::sales::period_label(&report.from, &report.to)}
        </p>
        <ul class="promores-cards">
            {card("orders", msg::promores_orders(), msg::promores_count(format_number(t.orders)))}
            {card("units", msg::promores_units(), msg::promores_count(format_number(t.units)))}
            {card("revenue", msg::promores_revenue(), format_won(t.revenue))}
            {card("discount", msg::promores_discount(), format_won(t.discount()))}
            {card("seller-discount", msg::promores_seller_discount(), format_won(t.seller_discount))}
            {card("platform-discount", msg::promores_platform_discount(), format_won(t.platform_discount))}
            {card("redemptions", msg::promores_redemptions(), msg::promores_count(format_number(t.redemptions)))}
            {card("released", msg::promores_released(), msg::promores_count(format_number(t.released)))}
        </ul>
        <LineChart label=msg::promores_daily() points testid="promores-chart" current_label=msg::promores_revenue()/>
        <p class="promores-exports">
            <a href=csv rel="external" download class="btn btn-small" data-testid="promores-csv">{msg::promores_csv()}</a>
            " "
            <a href=xlsx rel="external" download class="btn btn-small" data-testid="promores-xlsx">{msg::promores_xlsx()}</a>
        </p>
        {is_coupon.then(|| view! { <Redemptions report=report.clone()/> })}
    }
}

#[component]
fn Redemptions(report: PromotionReport) -> impl IntoView {
    let (kind, id, from, to) = (report.kind, report.id, report.from.clone(), report.to.clone());
    let more = RwSignal::new(Vec::<RedemptionRow>::new());
    let cursor = RwSignal::new(report.next_cursor.clone());
    let load = Action::new(move |c: &String| {
        get_promotion_results(kind.as_str().to_owned(), id, from.clone(), to.clone(), Some(c.clone()))
    });
    Effect::new(move |_| {
        if let Some(Ok(page)) = load.value().get() {
            more.update(|m| m.extend(page.redemptions.clone()));
            cursor.set(page.next_cursor);
        }
    });
    let row = |r: RedemptionRow| {
        let status = if r.status == "released" { msg::promores_status_released() } else { msg::promores_status_used() };
        view! {
            <tr data-testid="promores-redemption">
                <td>{r.at}</td>
                <td>{r.order_no}</td>
                <td>{crate::channel::Channel::parse(&r.channel).map(|c| c.label().to_owned()).unwrap_or(r.channel)}</td>
                <td class="num">{format_won(r.discount)}</td>
                <td class="num">{format_won(r.seller_part)}</td>
                <td class="num">{format_won(r.platform_part)}</td>
                <td>{status}</td>
            </tr>
        }
    };
    let first = report.redemptions;
    view! {
        <h3>{msg::promores_latest()}</h3>
        {first.is_empty().then(|| view! { <p class="muted" data-testid="promores-no-redemptions">{msg::promores_none()}</p> })}
        <div class="table-scroll">
            <table class="table promores-table">
                <thead>
                    <tr>
                        <th>{msg::promores_col_at()}</th>
                        <th>{msg::promores_col_order()}</th>
                        <th>{msg::promores_col_channel()}</th>
                        <th class="num">{msg::promores_discount()}</th>
                        <th class="num">{msg::promores_seller_discount()}</th>
                        <th class="num">{msg::promores_platform_discount()}</th>
                        <th>{msg::promores_col_status()}</th>
                    </tr>
                </thead>
                <tbody>
                    {first.into_iter().map(row).collect_view()}
                    {move || more.get().into_iter().map(row).collect_view()}
                </tbody>
            </table>
        </div>
        {move || cursor.get().map(|c| view! { <crate::ui::LoadMore cursor=c load testid="promores-more"/> })}
    }
}
