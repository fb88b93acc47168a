//! 리뷰 관리: filters (별점, 사진, 답글, 신고, 베스트, 상품), the shop's
//! ratings per product, review cards with photo thumbnails, the reply box,
//! 베스트 선정 and 신고. Live like the order list.


use leptos::prelude::*;
use leptos_meta::Title;

use super::*;
use crate::format::format_number;
use crate::i18n::msg;
use crate::ui::{use_live_events, use_paged_list, use_toasts, ErrorNotice, LoadMore, Loading, PagedList};

async fn fetch(f: ReviewQuery, cursor: Option<String>) -> Result<ReviewPage, AppError> {
    list_reviews(
        f.rating,
        Some(f.photo),
        f.reply,
        Some(f.reported),
        Some(f.best),
        f.product_id,
        cursor,
    )
    .await
}

fn row_key(r: &ReviewRow) -> String {
    format!("{}|{}|{}|{}", r.id, r.reply, r.best, r.reported)
}

const TEXT_STYLE: &str = "white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.5rem 0;";

#[derive(Clone, Copy)]
struct ReviewList {
    filters: RwSignal<ReviewQuery>,
    paged: PagedList<ReviewQuery, ReviewPage>,
    load_more: Action<String, Result<ReviewPage, AppError>>,
    reload: Callback<()>,
}

#[component]
pub fn ReviewListPage() -> impl IntoView {
    let filters = RwSignal::new(ReviewQuery::default());
    let first = Resource::new(move || filters.get(), |f| fetch(f, None));
    let paged = use_paged_list(filters, fetch);
    let PagedList { load_more, .. } = paged;
    let reload = move || paged.reload();
    use_live_events("reviews", reload);
    let list = ReviewList {
        filters,
        paged,
        load_more,
        reload: Callback::new(move |_| reload()),
    };
    view! {
        <Title text=msg::reviews_page_title()/>
        <div class="page-head">
            <h1>{msg::reviews_heading()}</h1>
        </div>
        <FilterBar filters/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(page) => view! { <ReviewResults page list/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn FilterBar(filters: RwSignal<ReviewQuery>) -> impl IntoView {
    let check = move |label: &'static str,
                      testid: &'static str,
                      get: fn(&ReviewQuery) -> bool,
                      set: fn(&mut ReviewQuery, bool)| {
        view! {
            <label class="check">
                <input type="checkbox" data-testid=testid
                    prop:checked=move || filters.with(get)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        filters.update(|f| set(f, on));
                    }/>
                " " {label}
            </label>
        }
    };
    view! {
        <div class="filter-bar card" role="group" aria-label=msg::reviews_filters_label()>
            <div class="filter-row">
                <label class="sr-only" for="review-rating">{msg::reviews_rating()}</label>
                <select id="review-rating" data-testid="review-filter-rating"
                    on:change=move |ev| filters.update(|f| f.rating = event_target_value(&ev))>
                    <option value="">{msg::reviews_rating_all()}</option>
                    {(1..=5).rev().map(|r| view! { <option value=r.to_string()>{stars(r)} " " {msg::reviews_points(r)}</option> }).collect_view()}
                </select>
                <label class="sr-only" for="review-reply">{msg::reviews_reply_status()}</label>
                <select id="review-reply" data-testid="review-filter-reply"
                    on:change=move |ev| filters.update(|f| f.reply = event_target_value(&ev))>
                    <option value="">{msg::reviews_reply_all()}</option>
                    <option value="unreplied">{msg::reviews_unreplied()}</option>
                    <option value="replied">{msg::reviews_replied()}</option>
                </select>
            </div>
            <div class="filter-row" style="display: flex; flex-wrap: wrap; gap: 0.75rem;">
                {check(msg::reviews_filter_photo(), "review-filter-photo", |f| f.photo, |f, on| f.photo = on)}
                {check(msg::reviews_filter_reported(), "review-filter-reported", |f| f.reported, |f, on| f.reported = on)}
                {check(msg::reviews_filter_best(), "review-filter-best", |f| f.best, |f, on| f.best = on)}
            </div>
        </div>
    }
}

#[component]
fn ReviewResults(page: ReviewPage, list: ReviewList) -> impl IntoView {
    let ReviewList {
        filters,
        paged,
        load_more,
        ..
    } = list;
    let counts = RwSignal::new(page.counts.clone().unwrap_or_default());
    let product = RwSignal::new(page.product.clone());
    let top = RwSignal::new(page.top_products.clone());
    let shown = paged.shown(page, move |p: &ReviewPage| {
        if let Some(c) = p.counts.clone() {
            counts.set(c);
        }
        product.set(p.product.clone());
        top.set(p.top_products.clone());
    });
    let all = move || shown.all(|r| r.id);
    let next = move || shown.next();
    view! {
        <section class="card" data-testid="review-summary">
            <p style="margin: 0;">
                {msg::reviews_summary_reviews()} " " <strong data-testid="review-count-total">{move || format_number(counts.get().total)}</strong>
                " · " {msg::reviews_unreplied()} " " <strong data-testid="review-count-unreplied">{move || format_number(counts.get().unreplied)}</strong>
                " · " {msg::reviews_summary_best()} " " {move || format_number(counts.get().best)}
                " · " {msg::reviews_summary_reported()} " " {move || format_number(counts.get().reported)}
            </p>
            {move || product.get().map(|p| view! {
                <div data-testid="review-product-summary" style="margin-top: 0.5rem;">
                    <strong style="overflow-wrap: anywhere;">{p.product_name}</strong>
                    <span>" " {msg::reviews_average()} " ★ " <strong data-testid="review-product-average">{p.average}</strong>
                        " · " {msg::reviews_count(p.count)}</span>
                    " "
                    <button type="button" class="btn btn-small" on:click=move |_| filters.update(|f| f.product_id = None)>
                        {msg::reviews_all_products()}
                    </button>
                </div>
            })}
            <Show when=move || !top.with(Vec::is_empty)>
                <h2 class="small" style="margin: 0.75rem 0 0.25rem;">{msg::reviews_top_products()}</h2>
                <ul data-testid="review-top-products" style="list-style: none; padding: 0; margin: 0;">
                    {move || top.get().into_iter().map(|p| {
                        let id = p.product_id;
                        view! {
                            <li>
                                <button type="button" class="btn btn-quiet" data-testid=format!("review-top-{id}")
                                    style="text-align: left; overflow-wrap: anywhere;"
                                    aria-pressed=move || (filters.get().product_id == Some(id)).to_string()
                                    on:click=move |_| filters.update(|f| f.product_id = Some(id))>
                                    {p.product_name} " · ★ " {p.average} " (" {format_number(p.count)} ")"
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Show>
        </section>
        <Show when=move || shown.is_empty()>
            <section class="card empty-state">
                <h2>{msg::reviews_empty_title()}</h2>
                <p>{msg::reviews_empty_body()}</p>
            </section>
        </Show>
        <ul class="review-list" data-testid="review-list" style="list-style: none; padding: 0; margin: 0;">
            <For each=all key=row_key let:row>
                <ReviewItem row reload=list.reload/>
            </For>
        </ul>
        {move || next().map(|cursor| view! {
            <LoadMore cursor load=load_more testid="review-more"/>
        })}
    }
    .into_any()
}

#[component]
fn ReviewItem(row: ReviewRow, reload: Callback<()>) -> impl IntoView {
    let id = row.id;
    let toasts = use_toasts();
    let replied = !row.reply.is_empty();
    let open = RwSignal::new(!replied);
    let draft = RwSignal::new(row.reply.clone());
    let reporting = RwSignal::new(false);
    let reason = RwSignal::new(REPORT_REASONS[0].0.to_owned());
    let detail = RwSignal::new(String::new());
    let reply_action = Action::new(move |text: &String| reply_review(id, text.clone()));
    let report_action = Action::new(move |why: &String| report_review(id, why.clone()));
    let best_action = Action::new(move |on: &bool| set_best_review(id, *on));
    let done = move |value: Option<Result<ReviewRow, AppError>>, ok: fn() -> &'static str| match value {
        Some(Ok(_)) => {
            toasts.success(ok());
            reload.run(());
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    };
    Effect::new(move |_| {
        done(
            reply_action.value().get(),
            if replied {
                msg::reviews_reply_updated
            } else {
                msg::reviews_reply_posted
            },
        )
    });
    Effect::new(move |_| done(report_action.value().get(), msg::reviews_reported_toast));
    let best = row.best;
    Effect::new(move |_| {
        done(
            best_action.value().get(),
            if best {
                msg::reviews_best_removed
            } else {
                msg::reviews_best_picked
            },
        )
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = draft.get_untracked();
        if text.trim().is_empty() {
            return toasts.error(msg::reviews_err_reply_required());
        }
        reply_action.dispatch(text);
    };
    let send_report = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let detail = detail.get_untracked().trim().to_owned();
        let why = match (reason.get_untracked(), detail.is_empty()) {
            (r, true) => r,
            (r, false) => format!("{r}: {detail}"),
        };
        report_action.dispatch(why);
        reporting.set(false);
    };
    let option = if row.option_text.is_empty() {
        String::new()
    } else {
        format!(" · {}", row.option_text)
    };
    let photos = row.photos.clone();
    let reply_id = format!("review-reply-{id}");
    view! {
        <li class="card review-item" data-testid=format!("review-row-{id}")>
            <div class="item-head">
                <div class="item-name">
                    <span aria-label=msg::reviews_rating_aria(row.rating) data-testid="review-rating" style="color: #f59f00;">
                        {stars(row.rating)} " " <strong>{row.rating}</strong>
                    </span>
                    <span class="muted small">{row.buyer_name.clone()} " · " {row.written_at.clone()} " · " {row.channel_label.clone()}</span>
                </div>
                <span>
                    {row.best.then(|| view! { <span class="badge badge-approved" data-testid="review-best-badge">{msg::reviews_best_badge()}</span> })}
                    {row.reported.then(|| view! { " " <span class="badge badge-warning" data-testid="review-reported-badge">{msg::reviews_reported_badge()}</span> })}
                </span>
            </div>
            <p class="small" style="overflow-wrap: anywhere; margin: 0.25rem 0;">{row.product_name.clone()} {option}</p>
            <p style=TEXT_STYLE data-testid="review-body">{row.body.clone()}</p>
            {(!photos.is_empty()).then(|| view! {
                <div class="review-photos" data-testid="review-photos" style="display: flex; flex-wrap: wrap; gap: 6px; margin: 0.5rem 0;">
                    {photos.into_iter().enumerate().map(|(i, url)| {
                        let href = url.clone();
                        view! {
                        <a href=href target="_blank" rel="noopener noreferrer">
                            <img src=url loading="lazy" decoding="async" width="64" height="64" referrerpolicy="no-referrer"
                                alt=msg::reviews_photo_alt(i + 1)
                                style="width: 64px; height: 64px; object-fit: cover; border-radius: 6px; background: #f1f3f5;"/>
                        </a>
                    }}).collect_view()}
                </div>
            })}
            {row.reported.then(|| view! { <p class="muted small">{msg::reviews_report_reason_shown()} " " {row.report_reason.clone()}</p> })}
            {replied.then(|| view! {
                <div style="background: var(--color-bg, #f6f7f9); border-radius: 8px; padding: 0.5rem 0.75rem; margin: 0.5rem 0;">
                    <strong class="small">{msg::reviews_seller_reply()}</strong>
                    <p style=TEXT_STYLE data-testid="review-reply">{row.reply.clone()}</p>
                    <span class="muted small">{row.replied_at.clone()}</span>
                </div>
            })}
            <div class="item-actions" style="display: flex; flex-wrap: wrap; gap: 0.5rem;">
                {replied.then(|| view! {
                    <button type="button" class="btn" data-testid="review-reply-open"
                        on:click=move |_| open.update(|o| *o = !*o)>{msg::reviews_edit_reply()}</button>
                })}
                <button type="button" class="btn" data-testid="review-best" aria-pressed=best.to_string()
                    disabled=move || best_action.pending().get()
                    on:click=move |_| { best_action.dispatch(!best); }>
                    {if best { msg::reviews_best_unpick() } else { msg::reviews_best_pick() }}
                </button>
                <button type="button" class="btn btn-danger" data-testid="review-report" disabled=row.reported
                    on:click=move |_| reporting.update(|r| *r = !*r)>
                    {if row.reported { msg::reviews_report_done() } else { msg::reviews_report() }}
                </button>
            </div>
            <Show when=move || reporting.get()>
                <form class="reason-panel" on:submit=send_report data-testid="review-report-panel">
                    <p class="panel-title"><strong>{msg::reviews_report_title()}</strong> " · " {msg::reviews_report_to_platform()}</p>
                    <div class="panel-fields">
                        <label>
                            <span class="field-label">{msg::reviews_reason()}</span>
                            <select data-testid="review-report-reason" on:change=move |ev| reason.set(event_target_value(&ev))>
                                {REPORT_REASONS.iter().map(|&(r, label)| view! { <option value=r>{label()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>
                            <span class="field-label">{msg::reviews_reason_detail()}</span>
                            <input type="text" maxlength="400" data-testid="review-report-detail"
                                prop:value=move || detail.get() on:input=move |ev| detail.set(event_target_value(&ev))/>
                        </label>
                    </div>
                    <div class="panel-actions">
                        <button type="button" class="btn" on:click=move |_| reporting.set(false)>{msg::reviews_close()}</button>
                        <button type="submit" class="btn btn-danger" data-testid="review-report-submit"
                            disabled=move || report_action.pending().get()>{msg::reviews_report_submit()}</button>
                    </div>
                </form>
            </Show>
            <Show when=move || open.get()>
                <form class="form" on:submit=send aria-label=msg::reviews_reply_form(id.to_string())>
                    <label for=reply_id.clone()>{msg::reviews_reply()}</label>
                    <textarea id=reply_id.clone() data-testid="review-reply-input" rows="3" maxlength="1100"
                        placeholder=msg::reviews_reply_hint()
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                    <p class="small muted" style="text-align: right; margin: 0.25rem 0;">
                        {move || draft.with(|d| d.trim().chars().count())} " / " {MAX_REPLY}
                    </p>
                    <div class="form-actions" style="display: flex; justify-content: flex-end;">
                        <button type="submit" class="btn btn-primary" data-testid="review-reply-submit"
                            disabled=move || reply_action.pending().get()>
                            {if replied { msg::reviews_edit_reply() } else { msg::reviews_post_reply() }}
                        </button>
                    </div>
                </form>
            </Show>
        </li>
    }
}
