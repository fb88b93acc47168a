//! Charts drawn as SVG by our own components: [`LineChart`] (with the
//! previous period as a dashed second line) and [`BarChart`].
//!
//! The plot is an SVG with `viewBox="0 0 1000 1000"` stretched to the box
//! (`preserveAspectRatio="none"`), so it fills any width down to a 360 px
//! phone; lines and dots keep their pixel width with
//! `vector-effect: non-scaling-stroke`, and text (axis labels, tooltip) is
//! HTML laid over the plot so it never shrinks with the drawing.
//!
//! Every value can be read: each day or bar owns a full-height column that is
//! focusable (`tabindex="0"`), carries a `<title>`, and shows a tooltip on
//! hover, tap or keyboard focus. The server renders the same markup as the
//! browser (no tooltip until someone points at a value).
//!
//! Geometry is integer arithmetic in tenths of a viewBox unit (0..=10000),
//! printed as `123.4`; no floating-point number is used.

use leptos::prelude::*;

use crate::format::format_number;

/// The plot's extent in tenths of a viewBox unit.
pub const SPAN: i64 = 10_000;
/// X-axis labels shown at most (every k-th day beyond that).
const MAX_X_LABELS: usize = 7;

/// One value of a chart.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChartPoint {
    /// Under the axis: `11/26`, `지그재그`.
    pub label: String,
    /// Heading of the tooltip: `11월 26일 (목)`.
    pub title: String,
    pub value: i64,
    /// The value as read: `12,300원`, `3건`.
    pub display: String,
}

/// Axis ticks from 0 to a round top ≥ `max`: 4 or 5 steps of 1, 2 or 5 × 10ⁿ.
/// Nothing above zero gives the baseline alone.
pub fn nice_ticks(max: i64) -> Vec<i64> {
    if max <= 0 {
        return vec![0];
    }
    let raw = (max + 3) / 4;
    let mut magnitude: i64 = 1;
    while magnitude <= raw / 10 {
        magnitude *= 10;
    }
    let step = [1, 2, 5, 10]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10 * magnitude);
    let steps = (max + step - 1) / step;
    (0..=steps).map(|i| i * step).collect()
}

/// `n / unit` with at most one decimal, trailing `.0` dropped: (15000, 10000) → `1.5`.
fn scaled(n: i64, unit: i64) -> String {
    let tenths = (i128::from(n) * 10 / i128::from(unit)) as i64;
    if tenths % 10 == 0 {
        format_number(tenths / 10)
    } else {
        format!("{}.{}", format_number(tenths / 10), tenths % 10)
    }
}

/// A y-axis label: `9,000`, `1.5만`, `1,200만`, `1.2억`.
pub fn axis_label(v: i64) -> String {
    const MAN: i64 = 10_000;
    const EOK: i64 = 100_000_000;
    let sign = if v < 0 { "-" } else { "" };
    let a = v.saturating_abs();
    let body = match crate::i18n::locale() {
        crate::i18n::Locale::Ko if a < MAN => format_number(a),
        crate::i18n::Locale::Ko if a < EOK => crate::i18n::msg::ui_axis_man(scaled(a, MAN)),
        crate::i18n::Locale::Ko => crate::i18n::msg::ui_axis_eok(scaled(a, EOK)),
        // English counts in thousands: 9,000 · 15K · 12M · 1.5B.
        crate::i18n::Locale::En if a < 10_000 => format_number(a),
        crate::i18n::Locale::En if a < 1_000_000 => format!("{}K", scaled(a, 1_000)),
        crate::i18n::Locale::En if a < 1_000_000_000 => format!("{}M", scaled(a, 1_000_000)),
        crate::i18n::Locale::En => format!("{}B", scaled(a, 1_000_000_000)),
    };
    format!("{sign}{body}")
}

/// Tenths printed as a number: 1234 → `123.4`.
pub fn coord(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let a = tenths.unsigned_abs();
    format!("{sign}{}.{}", a / 10, a % 10)
}

/// Tenths of the plot as a CSS percentage: 4525 → `45.25%`.
pub fn percent(tenths: i64) -> String {
    let sign = if tenths < 0 { "-" } else { "" };
    let a = tenths.unsigned_abs();
    format!("{sign}{}.{:02}%", a / 100, a % 100)
}

/// The centre of column `i` of `n`.
pub fn column_center(i: usize, n: usize) -> i64 {
    let (i, n) = (i as i64, n.max(1) as i64);
    (2 * i + 1) * SPAN / (2 * n)
}

/// The left edge of column `i` of `n`.
pub fn column_start(i: usize, n: usize) -> i64 {
    i as i64 * SPAN / n.max(1) as i64
}

/// The height of `value` on an axis topping at `top`, from the top edge
/// (0 = top, [`SPAN`] = baseline); negatives sit on the baseline.
pub fn y_of(value: i64, top: i64) -> i64 {
    if top <= 0 {
        return SPAN;
    }
    let v = i128::from(value.clamp(0, top));
    SPAN - (v * i128::from(SPAN) / i128::from(top)) as i64
}

/// `M12.3 45.6 L…` through the points.
pub fn line_path(points: &[(i64, i64)]) -> String {
    points
        .iter()
        .enumerate()
        .map(|(i, (x, y))| format!("{}{} {}", if i == 0 { "M" } else { "L" }, coord(*x), coord(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Show every `step`-th x label so at most [`MAX_X_LABELS`] are shown.
pub fn label_step(n: usize) -> usize {
    n.div_ceil(MAX_X_LABELS).max(1)
}

/// Which way the tooltip leans so that it stays inside the chart.
fn tip_class(x: i64) -> &'static str {
    if x < SPAN * 3 / 10 {
        "chart-tip tip-start"
    } else if x > SPAN * 7 / 10 {
        "chart-tip tip-end"
    } else {
        "chart-tip"
    }
}

/// A tap shows the tooltip until the next tap elsewhere; only a mouse hides it
/// by leaving.
fn hover_end(ev: &leptos::ev::PointerEvent, active: RwSignal<Option<usize>>, i: usize) {
    if ev.pointer_type() == "mouse" && active.get_untracked() == Some(i) {
        active.set(None);
    }
}

#[component]
fn YAxis(ticks: Vec<i64>, top: i64) -> impl IntoView {
    view! {
        <div class="chart-y" aria-hidden="true">
            {ticks
                .into_iter()
                .map(|t| {
                    let style = format!("bottom: {}", percent(SPAN - y_of(t, top)));
                    view! { <span style=style>{axis_label(t)}</span> }
                })
                .collect_view()}
        </div>
    }
}

#[component]
fn Legend(current: String, previous: String) -> impl IntoView {
    view! {
        <ul class="chart-legend">
            <li><span class="chart-swatch" aria-hidden="true"></span>{current}</li>
            <li><span class="chart-swatch chart-swatch-prev" aria-hidden="true"></span>{previous}</li>
        </ul>
    }
}

/// A line per day (or any sequence), with an optional dashed `previous`
/// line whose i-th value is compared with the i-th of `points`.
#[component]
pub fn LineChart(
    /// The chart's accessible name: `일별 매출`.
    #[prop(into)]
    label: String,
    points: Vec<ChartPoint>,
    #[prop(optional)] previous: Vec<ChartPoint>,
    #[prop(into, default = crate::i18n::msg::ui_chart_this_period().to_owned())] current_label: String,
    #[prop(into, default = crate::i18n::msg::ui_chart_previous_period().to_owned())] previous_label: String,
    #[prop(into, default = "line-chart".to_owned())] testid: String,
) -> impl IntoView {
    let n = points.len();
    let max = points.iter().chain(previous.iter()).map(|p| p.value).max().unwrap_or(0);
    let ticks = nice_ticks(max);
    let top = ticks.last().copied().unwrap_or(0);
    let xy = |list: &[ChartPoint]| -> Vec<(i64, i64)> {
        list.iter().take(n).enumerate().map(|(i, p)| (column_center(i, n), y_of(p.value, top))).collect()
    };
    let cur_xy = xy(&points);
    let prev_xy = xy(&previous);
    let has_prev = !previous.is_empty();
    let active = RwSignal::new(None::<usize>);
    let step = label_step(n);

    let grid = ticks
        .iter()
        .map(|t| {
            let y = coord(y_of(*t, top));
            view! { <line class="chart-grid" x1="0" x2="1000" y1=y.clone() y2=y vector-effect="non-scaling-stroke"/> }
        })
        .collect_view();
    let prev_line = has_prev.then(|| {
        view! { <path class="chart-line chart-line-prev" d=line_path(&prev_xy) vector-effect="non-scaling-stroke"/> }
    });
    let dots = cur_xy
        .iter()
        .enumerate()
        .map(|(i, (x, y))| {
            let d = format!("M{} {} h0", coord(*x), coord(*y));
            view! {
                <path class="chart-dot" class:chart-dot-active=move || active.get() == Some(i) d=d
                    vector-effect="non-scaling-stroke"/>
            }
        })
        .collect_view();
    let hits = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let prev = previous.get(i);
            let mut text = format!("{} {}", p.title, p.display);
            if let Some(q) = prev {
                text.push_str(&format!(" · {previous_label} {} {}", q.title, q.display));
            }
            let label_text = text.clone();
            let x = coord(column_start(i, n));
            let w = coord(column_start(i + 1, n) - column_start(i, n));
            view! {
                <g class="chart-hit" tabindex="0" role="button" data-testid="chart-point" aria-label=label_text
                    on:pointerenter=move |_| active.set(Some(i))
                    on:pointerleave=move |ev| hover_end(&ev, active, i)
                    on:click=move |_| active.set(Some(i))
                    on:focus=move |_| active.set(Some(i))
                    on:blur=move |_| if active.get_untracked() == Some(i) { active.set(None) }>
                    <title>{text}</title>
                    <rect x=x y="0" width=w height="1000"/>
                </g>
            }
        })
        .collect_view();

    let tip_points = points.clone();
    let tip_prev = previous.clone();
    let tip_cur_xy = cur_xy.clone();
    let tip_prev_xy = prev_xy.clone();
    let (cur_name, prev_name) = (current_label.clone(), previous_label.clone());
    let tooltip = move || {
        let i = active.get()?;
        let p = tip_points.get(i)?.clone();
        let (x, mut y) = tip_cur_xy.get(i).copied()?;
        let prev = tip_prev.get(i).cloned();
        if let Some((_, py)) = tip_prev_xy.get(i) {
            y = y.min(*py);
        }
        let style = format!("left: {}; top: {}", percent(x), percent(y));
        let cur_name = cur_name.clone();
        let prev_name = prev_name.clone();
        Some(view! {
            <div class=tip_class(x) style=style role="status" data-testid="chart-tooltip">
                <strong>{p.title}</strong>
                <span class="chart-tip-row">
                    <span class="chart-swatch" aria-hidden="true"></span>
                    {cur_name} " " <b data-testid="chart-tooltip-value">{p.display}</b>
                </span>
                {prev.map(|q| view! {
                    <span class="chart-tip-row chart-tip-prev">
                        <span class="chart-swatch chart-swatch-prev" aria-hidden="true"></span>
                        {prev_name} " (" {q.title} ") " <b>{q.display}</b>
                    </span>
                })}
            </div>
        })
    };

    let x_labels = points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0)
        .map(|(i, p)| {
            let style = format!("left: {}", percent(column_center(i, n)));
            view! { <span style=style>{p.label.clone()}</span> }
        })
        .collect_view();

    view! {
        <figure class="chart chart-line-chart" data-testid=testid>
            <div class="chart-body">
                <YAxis ticks=ticks.clone() top/>
                <div class="chart-plot">
                    <svg class="chart-svg" viewBox="0 0 1000 1000" preserveAspectRatio="none" role="img"
                        aria-label=label.clone()>
                        {grid}
                        {prev_line}
                        <path class="chart-line" d=line_path(&cur_xy) vector-effect="non-scaling-stroke"/>
                        {dots}
                        {hits}
                    </svg>
                    {tooltip}
                </div>
                <div class="chart-x chart-x-points" aria-hidden="true">{x_labels}</div>
            </div>
            {has_prev.then(|| view! { <Legend current=current_label previous=previous_label/> })}
        </figure>
    }
}

/// Vertical bars, one per point, labels under them.
#[component]
pub fn BarChart(
    /// The chart's accessible name: `채널별 매출`.
    #[prop(into)]
    label: String,
    points: Vec<ChartPoint>,
    #[prop(into, default = "bar-chart".to_owned())] testid: String,
) -> impl IntoView {
    let n = points.len();
    let max = points.iter().map(|p| p.value).max().unwrap_or(0);
    let ticks = nice_ticks(max);
    let top = ticks.last().copied().unwrap_or(0);
    let active = RwSignal::new(None::<usize>);
    let width = SPAN / n.max(1) as i64;
    // Bars fill 60 % of their column, at most a fifth of the plot.
    let bar = (width * 3 / 5).min(SPAN / 5);

    let grid = ticks
        .iter()
        .map(|t| {
            let y = coord(y_of(*t, top));
            view! { <line class="chart-grid" x1="0" x2="1000" y1=y.clone() y2=y vector-effect="non-scaling-stroke"/> }
        })
        .collect_view();
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let y = y_of(p.value, top);
            let text = format!("{} {}", p.title, p.display);
            let label_text = text.clone();
            let x = coord(column_center(i, n) - bar / 2);
            let col_x = coord(column_start(i, n));
            view! {
                <g class="chart-hit chart-bar-group" class:chart-active=move || active.get() == Some(i) tabindex="0"
                    role="button" data-testid="chart-bar" aria-label=label_text
                    on:pointerenter=move |_| active.set(Some(i))
                    on:pointerleave=move |ev| hover_end(&ev, active, i)
                    on:click=move |_| active.set(Some(i))
                    on:focus=move |_| active.set(Some(i))
                    on:blur=move |_| if active.get_untracked() == Some(i) { active.set(None) }>
                    <title>{text}</title>
                    <rect class="chart-hit-area" x=col_x y="0" width=coord(width) height="1000"/>
                    <rect class="chart-bar" x=x y=coord(y) width=coord(bar) height=coord(SPAN - y)/>
                </g>
            }
        })
        .collect_view();
    let tip_points = points.clone();
    let tooltip = move || {
        let i = active.get()?;
        let p = tip_points.get(i)?.clone();
        let x = column_center(i, n);
        let style = format!("left: {}; top: {}", percent(x), percent(y_of(p.value, top)));
        Some(view! {
            <div class=tip_class(x) style=style role="status" data-testid="chart-tooltip">
                <strong>{p.title}</strong>
                <b data-testid="chart-tooltip-value">{p.display}</b>
            </div>
        })
    };
    let x_labels = points.iter().map(|p| view! { <span>{p.label.clone()}</span> }).collect_view();

    view! {
        <figure class="chart chart-bar-chart" data-testid=testid>
            <div class="chart-body">
                <YAxis ticks=ticks.clone() top/>
                <div class="chart-plot">
                    <svg class="chart-svg" viewBox="0 0 1000 1000" preserveAspectRatio="none" role="img"
                        aria-label=label>
                        {grid}
                        {bars}
                    </svg>
                    {tooltip}
                </div>
                <div class="chart-x chart-x-bars" aria-hidden="true">{x_labels}</div>
            </div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_largest_value() {
        assert_eq!(nice_ticks(0), vec![0]);
        assert_eq!(nice_ticks(-5), vec![0]);
        assert_eq!(nice_ticks(3), vec![0, 1, 2, 3]);
        assert_eq!(nice_ticks(10), vec![0, 5, 10]);
        assert_eq!(nice_ticks(87_000), vec![0, 50_000, 100_000]);
        assert_eq!(nice_ticks(123_400), vec![0, 50_000, 100_000, 150_000]);
        assert_eq!(nice_ticks(1_000_000), vec![0, 500_000, 1_000_000]);
        for max in [1, 7, 99, 101, 12_300, 999_999, 4_321_000_000] {
            let t = nice_ticks(max);
            assert!(*t.last().unwrap() >= max, "{max}: {t:?}");
            assert!(t.len() <= 6, "{max}: {t:?}");
        }
    }

    #[test]
    fn axis_labels_use_man_and_eok() {
        assert_eq!(axis_label(0), "0");
        assert_eq!(axis_label(9_000), "9,000");
        assert_eq!(axis_label(10_000), "1만");
        assert_eq!(axis_label(15_000), "1.5만");
        assert_eq!(axis_label(12_000_000), "1,200만");
        assert_eq!(axis_label(100_000_000), "1억");
        assert_eq!(axis_label(150_000_000), "1.5억");
        assert_eq!(axis_label(-20_000), "-2만");
    }

    #[test]
    fn coordinates_are_printed_from_tenths() {
        assert_eq!(coord(1234), "123.4");
        assert_eq!(coord(0), "0.0");
        assert_eq!(coord(-5), "-0.5");
        assert_eq!(percent(4525), "45.25%");
        assert_eq!(percent(10_000), "100.00%");
    }

    #[test]
    fn columns_split_the_plot_and_points_sit_in_their_middle() {
        assert_eq!(column_center(0, 1), 5_000);
        assert_eq!(column_center(0, 4), 1_250);
        assert_eq!(column_center(3, 4), 8_750);
        assert_eq!(column_start(2, 4), 5_000);
        assert_eq!(column_start(4, 4), SPAN);
    }

    #[test]
    fn values_scale_from_the_baseline_up() {
        assert_eq!(y_of(0, 100), SPAN);
        assert_eq!(y_of(100, 100), 0);
        assert_eq!(y_of(25, 100), 7_500);
        assert_eq!(y_of(-3, 100), SPAN);
        assert_eq!(y_of(5, 0), SPAN);
        assert_eq!(y_of(i64::MAX, i64::MAX), 0);
    }

    #[test]
    fn a_line_goes_through_every_point() {
        assert_eq!(line_path(&[(1250, 10_000), (3750, 0)]), "M125.0 1000.0 L375.0 0.0");
        assert_eq!(line_path(&[]), "");
    }

    #[test]
    fn at_most_seven_x_labels() {
        assert_eq!(label_step(7), 1);
        assert_eq!(label_step(8), 2);
        assert_eq!(label_step(30), 5);
        assert_eq!(label_step(731), 105);
        assert_eq!(label_step(0), 1);
    }

    fn point(label: &str, value: i64) -> ChartPoint {
        ChartPoint { label: label.into(), title: format!("{label}일"), value, display: format!("{value}원") }
    }

    #[test]
    fn the_server_draws_an_svg_with_a_focusable_titled_column_per_point_and_no_tooltip() {
        let owner = Owner::new();
        let html = owner.with(|| {
            view! {
                <LineChart label="일별 매출" points=vec![point("11/25", 1000), point("11/26", 3000)]
                    previous=vec![point("11/23", 2000), point("11/24", 0)]/>
            }
            .to_html()
        });
        assert!(html.contains(r#"viewBox="0 0 1000 1000""#), "{html}");
        assert_eq!(html.matches(r#"data-testid="chart-point""#).count(), 2, "{html}");
        assert_eq!(html.matches(r#"tabindex="0""#).count(), 2, "{html}");
        // (Erased components mark text ends with `<!>`, so no closing tag here.)
        assert!(html.contains("<title>11/26일 3000원 · 이전 기간 11/24일 0원"), "{html}");
        assert!(html.contains("chart-line-prev"), "{html}");
        assert!(html.contains(">3,000<") || html.contains(">4,000<"), "a y-axis label: {html}");
        assert!(!html.contains("chart-tooltip"), "{html}");
        let html = owner.with(|| view! { <BarChart label="채널별 매출" points=vec![point("지그재그", 5)]/> }.to_html());
        assert!(html.contains(r#"data-testid="chart-bar""#) && html.contains("<title>지그재그일 5원"), "{html}");
    }
}
