//! 문의 관리: the inbox (unanswered first, tabs with live counts, filters,
//! cards that work at 360 px), the answer box with templates, the history of
//! an answer's edits, and the shop's answer templates.
//!
//! The inbox is live like the order list: a change in the shop reloads the
//! first page in the background and merges it, keyed by what can change, so
//! an answer being typed keeps its text while new inquiries arrive.


use leptos::prelude::*;
use leptos_meta::Title;

use super::*;
use crate::format::format_number;
use crate::i18n::msg;
use crate::ui::{use_live_events, use_paged_list, use_toasts, ErrorNotice, LoadMore, Loading, PagedList, SearchRow};

async fn fetch(f: InquiryQuery, cursor: Option<String>) -> Result<InquiryPage, AppError> {
    list_inquiries(f.status, f.kind, f.category, f.due, f.q, cursor).await
}

fn row_key(r: &InquiryRow) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        r.id, r.answered, r.answer, r.due_soon, r.overdue
    )
}

const TEXT_STYLE: &str = "white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.5rem 0;";

/// What the inbox's pieces share.
#[derive(Clone, Copy)]
struct Inbox {
    filters: RwSignal<InquiryQuery>,
    paged: PagedList<InquiryQuery, InquiryPage>,
    load_more: Action<String, Result<InquiryPage, AppError>>,
    templates: RwSignal<Vec<AnswerTemplate>>,
    reload: Callback<()>,
    reload_templates: Callback<()>,
}

#[component]
pub fn InquiryInboxPage() -> impl IntoView {
    let toasts = use_toasts();
    // 전체 shows the unanswered first anyway, and an inquiry just answered
    // stays in view.
    let filters = RwSignal::new(InquiryQuery {
        status: "all".into(),
        ..Default::default()
    });
    let first = Resource::new(move || filters.get(), |f| fetch(f, None));
    let paged = use_paged_list(filters, fetch);
    let PagedList { load_more, .. } = paged;
    let reload = move || paged.reload();
    use_live_events("inquiries", reload);

    // Templates are only needed once someone answers: loaded in the browser.
    let templates = RwSignal::new(Vec::<AnswerTemplate>::new());
    let load_templates = Action::new(|_: &()| list_answer_templates());
    Effect::new(move |_| {
        load_templates.dispatch(());
    });
    Effect::new(move |_| match load_templates.value().get() {
        Some(Ok(list)) => templates.set(list),
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });

    let inbox = Inbox {
        filters,
        paged,
        load_more,
        templates,
        reload: Callback::new(move |_| reload()),
        reload_templates: Callback::new(move |_| {
            load_templates.dispatch(());
        }),
    };

    view! {
        <Title text=msg::inquiries_title()/>
        <div class="page-head">
            <h1>{msg::inquiries_heading()}</h1>
        </div>
        <FilterBar filters/>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match first.await {
                    Ok(page) => view! { <InboxResults page inbox/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
        <TemplateManager inbox/>
    }
}

#[component]
fn FilterBar(filters: RwSignal<InquiryQuery>) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        filters.update(|f| f.q = search.get_untracked().trim().to_owned());
    };
    view! {
        <form class="filter-bar card" role="search" on:submit=on_search>
            <SearchRow id="inquiry-search" label=msg::inquiries_search() placeholder=msg::inquiries_search_hint() search/>
            <div class="filter-row">
                <label class="sr-only" for="inquiry-kind">{msg::inquiries_kind()}</label>
                <select id="inquiry-kind" data-testid="inquiry-filter-kind"
                    on:change=move |ev| filters.update(|f| f.kind = event_target_value(&ev))>
                    <option value="">{msg::inquiries_all_kinds()}</option>
                    <option value="product">{msg::inquiries_kind_product()}</option>
                    <option value="order">{msg::inquiries_kind_order()}</option>
                </select>
                <label class="sr-only" for="inquiry-category">{msg::inquiries_category()}</label>
                <select id="inquiry-category" data-testid="inquiry-filter-category"
                    on:change=move |ev| filters.update(|f| f.category = event_target_value(&ev))>
                    <option value="">{msg::inquiries_all_categories()}</option>
                    {CATEGORIES.iter().map(|(c, l)| view! { <option value=*c>{l()}</option> }).collect_view()}
                </select>
            </div>
        </form>
    }
}

#[component]
fn InboxResults(page: InquiryPage, inbox: Inbox) -> impl IntoView {
    let Inbox {
        filters,
        paged,
        load_more,
        ..
    } = inbox;
    let counts = RwSignal::new(page.counts.clone().unwrap_or_default());
    let shown = paged.shown(page, move |p: &InquiryPage| {
        if let Some(c) = p.counts.clone() {
            counts.set(c);
        }
    });
    let all = move || shown.all(|r| r.id);
    let next = move || shown.next();
    view! {
        <div class="tabs" role="tablist" aria-label=msg::inquiries_answer_status()>
            {TABS.iter().map(|(status, due, label)| {
                let (status, due) = (*status, *due);
                let testid = if due.is_empty() { format!("inquiry-tab-{status}") } else { format!("inquiry-tab-{due}") };
                let n = move || counts.with(|c| c.of_tab(status, due));
                let warn = move || (due == "overdue" || due == "soon" || status == "unanswered") && n() > 0;
                view! {
                    <button type="button" role="tab" class="tab" class:tab-warn=warn data-testid=testid.clone()
                        aria-selected=move || filters.with(|f| f.status == status && f.due == due).to_string()
                        on:click=move |_| filters.update(|f| {
                            f.status = status.to_owned();
                            f.due = due.to_owned();
                        })>
                        {label()} " "
                        <span class="tab-count" data-testid=format!("{testid}-count")>{move || format_number(n())}</span>
                    </button>
                }
            }).collect_view()}
        </div>
        <Show when=move || shown.is_empty()>
            <section class="card empty-state">
                <h2>{msg::inquiries_empty_title()}</h2>
                <p>{msg::inquiries_empty_body()}</p>
            </section>
        </Show>
        <ul class="inquiry-list" data-testid="inquiry-list" style="list-style: none; padding: 0; margin: 0;">
            <For each=all key=row_key let:row>
                <InquiryItem row inbox/>
            </For>
        </ul>
        {move || next().map(|cursor| view! {
            <LoadMore cursor load=load_more testid="inquiry-more"/>
        })}
    }
    .into_any()
}

#[component]
fn InquiryItem(row: InquiryRow, inbox: Inbox) -> impl IntoView {
    let id = row.id;
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let draft = RwSignal::new(row.answer.clone());
    let submit = Action::new(move |body: &String| answer_inquiry(id, body.clone()));
    let history = Action::new(move |_: &()| get_inquiry(id));
    let show_history = RwSignal::new(false);
    let answered = row.answered;
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(_)) => {
            toasts.success(if answered {
                msg::inquiries_toast_answer_edited()
            } else {
                msg::inquiries_toast_answered()
            });
            open.set(false);
            inbox.reload.run(());
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = draft.get_untracked();
        if body.trim().is_empty() {
            return toasts.error(msg::inquiries_err_answer_required());
        }
        submit.dispatch(body);
    };
    let pick = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let Ok(tid) = value.parse::<i64>() else {
            return;
        };
        if let Some(t) = inbox
            .templates
            .with_untracked(|ts| ts.iter().find(|t| t.id == tid).cloned())
        {
            draft.update(|d| {
                if d.trim().is_empty() {
                    *d = t.body;
                } else {
                    d.push_str("\n\n");
                    d.push_str(&t.body);
                }
            });
        }
    };
    let heading = if row.title.is_empty() {
        row.body.chars().take(40).collect::<String>()
    } else {
        row.title.clone()
    };
    let border = if row.overdue {
        "border-left: 4px solid var(--color-danger);"
    } else if row.due_soon {
        "border-left: 4px solid var(--color-warning);"
    } else {
        ""
    };
    let product_line = if row.order_no.is_empty() {
        row.product_name.clone()
    } else if row.option_text.is_empty() {
        msg::inquiries_product_order(&row.product_name, &row.order_no)
    } else {
        msg::inquiries_product_option_order(&row.product_name, &row.option_text, &row.order_no)
    };
    let input_id = format!("inquiry-answer-{id}");
    view! {
        <li class="card inquiry-item" style=border data-testid=format!("inquiry-row-{id}")>
            <div class="item-head">
                <div class="item-name">
                    <strong style="overflow-wrap: anywhere;">{heading}</strong>
                    <span class="muted small">
                        {row.kind_label.clone()} " · " {row.category_label.clone()} " · " {row.channel_label.clone()}
                        {row.secret.then(msg::inquiries_secret)}
                    </span>
                </div>
                {if answered {
                    view! { <span class="badge badge-approved" data-testid="inquiry-status">{msg::inquiries_answered()}</span> }.into_any()
                } else {
                    view! { <span class="badge badge-warning" data-testid="inquiry-status">{msg::inquiries_unanswered()}</span> }.into_any()
                }}
            </div>
            <p class="small" style="overflow-wrap: anywhere; margin: 0.25rem 0;">{product_line}</p>
            <p class="muted small" style="margin: 0;">{row.buyer_name.clone()} " · " {row.asked_at.clone()}</p>
            <p style=TEXT_STYLE data-testid="inquiry-body">{row.body.clone()}</p>
            <p class="small" data-testid="inquiry-due" style="margin: 0.25rem 0;">
                {msg::inquiries_due(&row.due_at)}
                {row.overdue.then(|| view! { " " <span class="flag-late" data-testid="inquiry-overdue">{msg::inquiries_overdue()}</span> })}
                {row.due_soon.then(|| view! { " " <span class="badge badge-warning" data-testid="inquiry-due-soon">{msg::inquiries_due_in_4h()}</span> })}
            </p>
            {answered.then(|| view! {
                <div class="inquiry-answer" style="background: var(--color-bg, #f6f7f9); border-radius: 8px; padding: 0.5rem 0.75rem; margin: 0.5rem 0;">
                    <strong class="small">{msg::inquiries_seller_answer()}</strong>
                    <p style=TEXT_STYLE data-testid="inquiry-answer">{row.answer.clone()}</p>
                    <span class="muted small">{row.answered_by.clone()} " · " {row.answered_at.clone()}</span>
                </div>
            })}
            <div class="item-actions" style="display: flex; flex-wrap: wrap; gap: 0.5rem;">
                <button type="button" class="btn" data-testid="inquiry-answer-open"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)>
                    {if answered { msg::inquiries_edit_answer() } else { msg::inquiries_answer_action() }}
                </button>
                {answered.then(|| view! {
                    <button type="button" class="btn btn-quiet" data-testid="inquiry-history-open"
                        on:click=move |_| {
                            show_history.update(|s| *s = !*s);
                            if show_history.get_untracked() { history.dispatch(()); }
                        }>{msg::inquiries_history()}</button>
                })}
            </div>
            {move || (show_history.get()).then(|| match history.value().get() {
                Some(Ok(d)) => view! {
                    <ol class="small" data-testid="inquiry-history" style="padding-left: 1.25rem;">
                        {d.history.into_iter().enumerate().map(|(i, v)| view! {
                            <li>
                                <span class="muted">{if i == 0 { msg::inquiries_first_answer() } else { msg::inquiries_edited() }} " · " {v.at} " · " {v.author}</span>
                                <p style=TEXT_STYLE>{v.body}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
                Some(Err(e)) => view! { <p class="field-error">{e.message}</p> }.into_any(),
                None => view! { <p class="muted small">{msg::inquiries_loading()}</p> }.into_any(),
            })}
            <Show when=move || open.get()>
                <form class="form answer-form" on:submit=send aria-label=msg::inquiries_answer_form(id.to_string())>
                    <label for=format!("template-{id}")>{msg::inquiries_answer_template()}</label>
                    <select id=format!("template-{id}") data-testid="inquiry-template-picker" on:change=pick
                        prop:value="" style="width: 100%; min-height: 44px;">
                        <option value="">{msg::inquiries_insert_template()}</option>
                        {move || inbox.templates.get().into_iter().map(|t| view! {
                            <option value=t.id.to_string()>{t.title}</option>
                        }).collect_view()}
                    </select>
                    <label for=input_id.clone()>{msg::inquiries_answer()}</label>
                    <textarea id=input_id.clone() data-testid="inquiry-answer-input" rows="5" maxlength="2100"
                        placeholder=msg::inquiries_answer_hint()
                        prop:value=move || draft.get()
                        on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                    <p class="small muted" style="text-align: right; margin: 0.25rem 0;"
                        class:field-error=move || draft.with(|d| d.trim().chars().count() > MAX_ANSWER)>
                        {move || draft.with(|d| d.trim().chars().count())} " / " {MAX_ANSWER}
                    </p>
                    <div class="form-actions" style="display: flex; gap: 0.5rem; justify-content: flex-end;">
                        <button type="button" class="btn" on:click=move |_| open.set(false)>{msg::inquiries_close()}</button>
                        <button type="submit" class="btn btn-primary" data-testid="inquiry-answer-submit"
                            disabled=move || submit.pending().get()>
                            {if answered { msg::inquiries_submit_edit() } else { msg::inquiries_submit_answer() }}
                        </button>
                    </div>
                </form>
            </Show>
        </li>
    }
}

/// 답변 템플릿 관리: list, create, change, delete.
#[component]
fn TemplateManager(inbox: Inbox) -> impl IntoView {
    let toasts = use_toasts();
    let editing = RwSignal::new(None::<i64>);
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let save = Action::new(|(id, t, b): &(Option<i64>, String, String)| {
        save_answer_template(*id, t.clone(), b.clone())
    });
    let delete = Action::new(|id: &i64| delete_answer_template(*id));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(t)) => {
            toasts.success(msg::inquiries_toast_template_saved(&t.title));
            editing.set(None);
            title.set(String::new());
            body.set(String::new());
            inbox.reload_templates.run(());
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    Effect::new(move |_| match delete.value().get() {
        Some(Ok(())) => {
            toasts.success(msg::inquiries_toast_template_deleted());
            inbox.reload_templates.run(());
        }
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch((
            editing.get_untracked(),
            title.get_untracked(),
            body.get_untracked(),
        ));
    };
    view! {
        <details class="card" data-testid="template-manager">
            <summary><strong>{msg::inquiries_manage_templates()}</strong></summary>
            <ul style="list-style: none; padding: 0;" data-testid="template-list">
                {move || inbox.templates.get().into_iter().map(|t| {
                    let id = t.id;
                    let (t_title, t_body) = (t.title.clone(), t.body.clone());
                    view! {
                        <li data-testid=format!("template-row-{id}") style="border-bottom: 1px solid var(--color-line); padding: 0.5rem 0;">
                            <strong style="overflow-wrap: anywhere;">{t.title}</strong>
                            <p class="muted small" style="white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.25rem 0;">{t.body}</p>
                            <div style="display: flex; gap: 0.5rem;">
                                <button type="button" class="btn btn-small" data-testid=format!("template-edit-{id}")
                                    on:click=move |_| {
                                        editing.set(Some(id));
                                        title.set(t_title.clone());
                                        body.set(t_body.clone());
                                    }>{msg::inquiries_edit()}</button>
                                <button type="button" class="btn btn-small btn-danger" data-testid=format!("template-delete-{id}")
                                    on:click=move |_| {
                                        if crate::ui::confirm(msg::inquiries_confirm_delete_template()) { delete.dispatch(id); }
                                    }>{msg::inquiries_delete()}</button>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="form" on:submit=submit>
                <label for="template-title">{move || if editing.get().is_some() { msg::inquiries_edit_template() } else { msg::inquiries_new_template() }}</label>
                <input id="template-title" type="text" data-testid="template-title" maxlength="50" placeholder=msg::inquiries_template_title_hint()
                    prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                <label for="template-body">{msg::inquiries_template_body()}</label>
                <textarea id="template-body" data-testid="template-body" rows="4" maxlength="2000"
                    prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <div class="form-actions" style="display: flex; gap: 0.5rem; justify-content: flex-end;">
                    <Show when=move || editing.get().is_some()>
                        <button type="button" class="btn" on:click=move |_| {
                            editing.set(None);
                            title.set(String::new());
                            body.set(String::new());
                        }>{msg::inquiries_cancel()}</button>
                    </Show>
                    <button type="submit" class="btn btn-primary" data-testid="template-save"
                        disabled=move || save.pending().get()>{msg::inquiries_save()}</button>
                </div>
            </form>
        </details>
    }
}
