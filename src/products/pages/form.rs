//! 상품 등록/수정: one form for a new product and for an existing one —
//! basic information, photos (drag or the arrow buttons to reorder; the
//! first is the thumbnail), options and their variants, shipping and
//! channels.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::{category_options, parse_number};
use crate::i18n::msg;
use crate::products::*;
use crate::ui::{go_to, use_toasts, ErrorNotice, Loading};

#[component]
pub fn ProductNewPage() -> impl IntoView {
    view! {
        <Title text=msg::products_new_page_title()/>
        <div class="page-head"><h1>{msg::products_new_title()}</h1></div>
        <ProductForm detail=None/>
    }
}

#[component]
pub fn ProductEditPage() -> impl IntoView {
    let params = use_params_map();
    let product_id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let product = Resource::new(product_id, get_product);
    view! {
        <Title text=msg::products_edit_page_title()/>
        <div class="page-head"><h1>{msg::products_edit_title()}</h1></div>
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match product.await {
                    Ok(detail) => view! { <ProductForm detail=Some(detail)/> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A variant row as the form edits it (numbers as typed).
#[derive(Debug, Clone, PartialEq)]
struct VariantRow {
    key: u64,
    id: Option<i64>,
    options: Vec<String>,
    sku: RwSignal<String>,
    extra_price: RwSignal<String>,
    stock: RwSignal<String>,
    stock_was: Option<i64>,
    threshold: RwSignal<String>,
    active: RwSignal<bool>,
}

/// An option group as typed: a name and comma-separated values.
#[derive(Debug, Clone, PartialEq)]
struct GroupRow {
    key: u64,
    name: RwSignal<String>,
    values: RwSignal<String>,
}

fn text(s: impl Into<String>) -> RwSignal<String> {
    RwSignal::new(s.into())
}

fn variant_row(key: u64, v: &VariantInput) -> VariantRow {
    VariantRow {
        key,
        id: v.id,
        options: v.options.clone(),
        sku: text(v.sku.clone()),
        extra_price: text(v.extra_price.to_string()),
        stock: text(v.stock.to_string()),
        stock_was: v.stock_was,
        threshold: text(v.low_stock_threshold.to_string()),
        active: RwSignal::new(v.active),
    }
}

fn sku_for(code: &str, index: usize) -> String {
    let base = if code.trim().is_empty() { "SKU".to_owned() } else { code.trim().to_ascii_uppercase() };
    format!("{base}-{:02}", index + 1)
}

#[component]
fn ProductForm(detail: Option<ProductDetail>) -> impl IntoView {
    let toasts = use_toasts();
    let is_new = detail.is_none();
    let input = detail.as_ref().map(|d| d.input.clone()).unwrap_or_else(|| ProductInput {
        id: None,
        code: String::new(),
        name: String::new(),
        category: String::new(),
        list_price: 0,
        sale_price: 0,
        description: String::new(),
        status: ProductStatus::OnSale,
        channels: Channel::ALL.to_vec(),
        option_groups: Vec::new(),
        variants: Vec::new(),
        shipping: ShippingProfile::default(),
        image_ids: Vec::new(),
    });
    let keys = StoredValue::new(0u64);
    let next_key = move || {
        let k = keys.get_value() + 1;
        keys.set_value(k);
        k
    };
    let product_id = input.id;
    let code = text(input.code.clone());
    let name = text(input.name.clone());
    let category = text(input.category.clone());
    let price_text = |n: i64| if n == 0 { String::new() } else { n.to_string() };
    let list_price = text(price_text(input.list_price));
    let sale_price = text(price_text(input.sale_price));
    let description = text(input.description.clone());
    let status = RwSignal::new(input.status);
    let channels = RwSignal::new(input.channels.clone());
    let s = input.shipping.clone();
    let shipping_fee = text(s.shipping_fee.to_string());
    let free_over = text(s.free_shipping_over.to_string());
    let return_fee = text(s.return_fee.to_string());
    let exchange_fee = text(s.exchange_fee.to_string());
    let ship_from = text(s.ship_from);
    let return_address = text(s.return_address);
    let groups = RwSignal::new(
        input
            .option_groups
            .iter()
            .map(|g| GroupRow { key: next_key(), name: text(g.name.clone()), values: text(g.values.join(", ")) })
            .collect::<Vec<_>>(),
    );
    let variants = RwSignal::new(input.variants.iter().map(|v| variant_row(next_key(), v)).collect::<Vec<_>>());
    // No options: the product is one variant (단일 상품).
    if input.variants.is_empty() {
        variants.set(vec![variant_row(
            next_key(),
            &VariantInput {
                id: None,
                options: Vec::new(),
                sku: String::new(),
                extra_price: 0,
                stock: 0,
                stock_was: None,
                low_stock_threshold: DEFAULT_LOW_STOCK,
                active: true,
            },
        )]);
    }
    let images = RwSignal::new(detail.as_ref().map(|d| d.images.clone()).unwrap_or_default());
    let uploading = RwSignal::new(0usize);
    let error = RwSignal::new(None::<String>);
    let field_error = RwSignal::new(None::<(String, String)>);
    let err_for = move |field: &'static str| {
        move || field_error.get().filter(|(f, _)| f == field).map(|(_, m)| view! { <p class="field-error" role="alert">{m}</p> })
    };
    let bulk_stock = text("");

    let typed_groups = move || -> Vec<OptionGroup> {
        groups
            .get_untracked()
            .iter()
            .map(|g| OptionGroup {
                name: g.name.get_untracked().trim().to_owned(),
                values: g
                    .values
                    .get_untracked()
                    .split(',')
                    .map(|v| v.trim().to_owned())
                    .filter(|v| !v.is_empty())
                    .collect(),
            })
            .collect()
    };
    // 옵션 목록 만들기: every combination, keeping rows that still exist.
    let build_variants = move |_| {
        let groups = typed_groups();
        if let Err(e) = check_option_groups(&groups) {
            field_error.set(Some(("option_groups".into(), e.message)));
            return;
        }
        field_error.set(None);
        let combos = combinations(&groups);
        if combos.len() > MAX_VARIANTS {
            field_error.set(Some((
                "option_groups".into(),
                msg::products_err_too_many_variants_now(MAX_VARIANTS, combos.len().to_string()),
            )));
            return;
        }
        let old = variants.get_untracked();
        let code_now = code.get_untracked();
        let rows = combos
            .into_iter()
            .enumerate()
            .map(|(i, options)| {
                old.iter().find(|r| r.options == options).cloned().unwrap_or_else(|| {
                    variant_row(
                        next_key(),
                        &VariantInput {
                            id: None,
                            options,
                            sku: sku_for(&code_now, i),
                            extra_price: 0,
                            stock: 0,
                            stock_was: None,
                            low_stock_threshold: DEFAULT_LOW_STOCK,
                            active: true,
                        },
                    )
                })
            })
            .collect();
        variants.set(rows);
    };

    let save = Action::new(|input: &ProductInput| save_product(input.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        field_error.set(None);
        let num = |label: &str, field: &str, s: RwSignal<String>| {
            parse_number(label, &s.get_untracked()).map_err(|m| (field.to_owned(), m))
        };
        let built = (|| -> Result<ProductInput, (String, String)> {
            let mut vs = Vec::new();
            for (i, r) in variants.get_untracked().iter().enumerate() {
                let field = format!("variants.{i}");
                let label = option_label(&r.options);
                vs.push(VariantInput {
                    id: r.id,
                    options: r.options.clone(),
                    sku: r.sku.get_untracked(),
                    extra_price: parse_number(&msg::products_variant_extra(&label), &r.extra_price.get_untracked())
                        .map_err(|m| (field.clone(), m))?,
                    stock: parse_number(&msg::products_variant_stock(&label), &r.stock.get_untracked()).map_err(|m| (field.clone(), m))?,
                    stock_was: r.stock_was,
                    low_stock_threshold: parse_number(&msg::products_variant_threshold(&label), &r.threshold.get_untracked())
                        .map_err(|m| (field.clone(), m))?,
                    active: r.active.get_untracked(),
                });
            }
            Ok(ProductInput {
                id: product_id,
                code: code.get_untracked(),
                name: name.get_untracked(),
                category: category.get_untracked(),
                list_price: num(msg::products_label_list_price(), "list_price", list_price)?,
                sale_price: num(msg::products_label_sale_price(), "sale_price", sale_price)?,
                description: description.get_untracked(),
                status: status.get_untracked(),
                channels: channels.get_untracked(),
                option_groups: typed_groups(),
                variants: vs,
                shipping: ShippingProfile {
                    shipping_fee: num(msg::products_label_shipping_fee(), "shipping_fee", shipping_fee)?,
                    free_shipping_over: num(msg::products_label_free_over(), "free_shipping_over", free_over)?,
                    return_fee: num(msg::products_label_return_fee(), "return_fee", return_fee)?,
                    exchange_fee: num(msg::products_label_exchange_fee(), "exchange_fee", exchange_fee)?,
                    ship_from: ship_from.get_untracked(),
                    return_address: return_address.get_untracked(),
                },
                image_ids: images.get_untracked().iter().map(|i| i.id).collect(),
            })
        })();
        match built {
            Ok(input) => {
                save.dispatch(input);
            }
            Err((field, message)) => {
                error.set(Some(message.clone()));
                field_error.set(Some((field, message)));
            }
        }
    };
    Effect::new(move |_| match save.value().get() {
        // A fresh list, which says what was saved.
        Some(Ok(id)) => go_to(&format!("/products?saved={id}")),
        Some(Err(e)) => {
            error.set(Some(e.message.clone()));
            field_error.set(e.field.map(|f| (f, e.message)));
        }
        None => {}
    });

    let on_files = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            let Some(files) = input.files() else { return };
            for i in 0..files.length() {
                let Some(file) = files.get(i) else { continue };
                if images.get_untracked().len() + uploading.get_untracked() >= MAX_IMAGES {
                    toasts.error(msg::products_err_max_photos(MAX_IMAGES));
                    break;
                }
                let Ok(data) = web_sys::FormData::new() else { continue };
                if data.append_with_blob_and_filename("image", &file, &file.name()).is_err() {
                    continue;
                }
                uploading.update(|n| *n += 1);
                leptos::task::spawn_local(async move {
                    match upload_product_image(data.into()).await {
                        Ok(image) => images.update(|list| list.push(image)),
                        Err(e) => toasts.error(e.message),
                    }
                    uploading.update(|n| *n -= 1);
                });
            }
            input.set_value("");
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, toasts);
    };
    let dragging = RwSignal::new(None::<usize>);
    let move_image = move |from: usize, to: usize| {
        images.update(|list| {
            if from < list.len() && to < list.len() && from != to {
                let item = list.remove(from);
                list.insert(to, item);
            }
        });
    };

    let basic = view! {
            <section class="card form">
                <h2>{msg::products_form_basic()}</h2>
                <label for="p-name">{msg::products_label_name()}</label>
                <input id="p-name" maxlength="100" required prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
                {err_for("name")}
                <div class="grid-2">
                    <div>
                        <label for="p-code">{msg::products_label_code()}</label>
                        <input id="p-code" maxlength="40" placeholder=msg::products_form_code_hint() prop:value=move || code.get()
                            on:input=move |ev| code.set(event_target_value(&ev))/>
                        {err_for("code")}
                    </div>
                    <div>
                        <label for="p-category">{msg::products_label_category()}</label>
                        <select id="p-category" on:change=move |ev| category.set(event_target_value(&ev))>
                            <option value="">{msg::products_form_category_choose()}</option>
                            {category_options(input.category.clone())}
                        </select>
                        {err_for("category")}
                    </div>
                </div>
                <div class="grid-2">
                    <div>
                        <label for="p-list-price">{msg::products_form_list_price()}</label>
                        <input id="p-list-price" inputmode="numeric" prop:value=move || list_price.get()
                            on:input=move |ev| list_price.set(event_target_value(&ev))/>
                        {err_for("list_price")}
                    </div>
                    <div>
                        <label for="p-sale-price">{msg::products_form_sale_price()}</label>
                        <input id="p-sale-price" inputmode="numeric" prop:value=move || sale_price.get()
                            on:input=move |ev| sale_price.set(event_target_value(&ev))/>
                        {err_for("sale_price")}
                    </div>
                </div>
                <fieldset class="inline-choices">
                    <legend>{msg::products_label_status()}</legend>
                    {ProductStatus::CHOOSABLE.iter().map(|s| {
                        let s = *s;
                        view! {
                            <label class="check">
                                <input type="radio" name="status" value=s.as_str()
                                    prop:checked=move || status.get() == s
                                    on:change=move |_| status.set(s)/>
                                " " {s.label()}
                            </label>
                        }
                    }).collect_view()}
                    {(!is_new).then(|| detail.as_ref().map(|d| d.status)).flatten().filter(|s| *s == ProductStatus::SoldOut).map(|_| view! {
                        <p class="hint">{msg::products_form_sold_out_hint()}</p>
                    })}
                </fieldset>
                <fieldset class="inline-choices">
                    <legend>{msg::products_label_channels()}</legend>
                    {Channel::ALL.iter().map(|c| {
                        let c = *c;
                        view! {
                            <label class="check">
                                <input type="checkbox" prop:checked=move || channels.with(|l| l.contains(&c))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        channels.update(|l| { l.retain(|x| *x != c); if on { l.push(c); } });
                                    }/>
                                " " {c.label()}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <label for="p-description">{msg::products_label_description()}</label>
                <textarea id="p-description" rows="5" maxlength="20000" prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                {err_for("description")}
            </section>
    }
    .into_any();
    let photos = view! {
            <section class="card form">
                <h2>{msg::products_form_photos()}</h2>
                <p class="hint">{msg::products_form_photos_hint()}</p>
                <ul class="image-list" data-testid="image-list">
                    <For each=move || images.get().into_iter().enumerate() key=|(i, img)| (img.id, *i) let:item>
                        {
                            let (i, img) = item;
                            let id = img.id;
                            view! {
                                <li class="image-item" draggable="true" data-testid="product-image"
                                    on:dragstart=move |_| dragging.set(Some(i))
                                    on:dragover=move |ev| ev.prevent_default()
                                    on:drop=move |ev| {
                                        ev.prevent_default();
                                        if let Some(from) = dragging.get_untracked() { move_image(from, i); }
                                        dragging.set(None);
                                    }>
                                    <img src=img.thumb_url.clone() alt=msg::products_form_photo_alt((i + 1).to_string()) width="96" height="120"/>
                                    {(i == 0).then(|| view! { <span class="badge cover">{msg::products_form_cover()}</span> })}
                                    <div class="image-actions">
                                        <button type="button" class="icon-btn" aria-label=msg::products_form_move_earlier() disabled=i == 0
                                            on:click=move |_| move_image(i, i.saturating_sub(1))>"◀"</button>
                                        <button type="button" class="icon-btn" aria-label=msg::products_form_remove_photo()
                                            on:click=move |_| images.update(|l| l.retain(|x| x.id != id))>"✕"</button>
                                        <button type="button" class="icon-btn" aria-label=msg::products_form_move_later()
                                            on:click=move |_| move_image(i, i + 1)>"▶"</button>
                                    </div>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <label class="btn file-btn" for="p-images">{msg::products_form_add_photos()}</label>
                <input id="p-images" class="sr-only" type="file" accept="image/jpeg,image/png,image/webp,image/gif" multiple
                    on:change=on_files data-testid="image-input"/>
                {move || { uploading.get() > 0 }.then(|| view! { <p class="muted" aria-live="polite">{msg::products_form_uploading(uploading.get().to_string())}</p> })}
                {err_for("images")}
            </section>
    }
    .into_any();
    let options = view! {
            <section class="card form">
                <h2>{msg::products_form_options()}</h2>
                <p class="hint">{msg::products_form_options_hint()}</p>
                <For each=move || groups.get() key=|g| g.key let:g>
                    <div class="option-group" data-testid="option-group">
                        <input class="option-name" placeholder=msg::products_form_option_name_hint() aria-label=msg::products_label_option_name() maxlength="20"
                            prop:value=move || g.name.get() on:input=move |ev| g.name.set(event_target_value(&ev))/>
                        <input class="option-values" placeholder=msg::products_form_option_values_hint() aria-label=msg::products_label_option_value()
                            prop:value=move || g.values.get() on:input=move |ev| g.values.set(event_target_value(&ev))/>
                        <button type="button" class="icon-btn" aria-label=msg::products_form_remove_option()
                            on:click=move |_| groups.update(|l| l.retain(|x| x.key != g.key))>"✕"</button>
                    </div>
                </For>
                <div class="form-actions left">
                    <button type="button" class="btn" disabled=move || { groups.get().len() >= MAX_OPTION_GROUPS }
                        on:click=move |_| groups.update(|l| l.push(GroupRow { key: next_key(), name: text(""), values: text("") }))>
                        {msg::products_form_add_option()}
                    </button>
                    <button type="button" class="btn btn-primary" on:click=build_variants data-testid="build-variants">
                        {msg::products_form_build_variants()}
                    </button>
                </div>
                {err_for("option_groups")}
                <div class="bulk-stock">
                    <label for="p-bulk-stock">{msg::products_form_bulk_stock()}</label>
                    <input id="p-bulk-stock" class="short" inputmode="numeric" prop:value=move || bulk_stock.get()
                        on:input=move |ev| bulk_stock.set(event_target_value(&ev))/>
                    <button type="button" class="btn" on:click=move |_| {
                        let v = bulk_stock.get_untracked();
                        variants.with_untracked(|rows| rows.iter().for_each(|r| r.stock.set(v.clone())));
                    }>{msg::products_form_apply_all()}</button>
                </div>
                <div class="variant-table" role="table" aria-label=msg::products_form_variant_table() data-testid="variant-table">
                    <div class="variant-row variant-head" role="row">
                        <span role="columnheader">{msg::products_col_option()}</span>
                        <span role="columnheader">"SKU"</span>
                        <span role="columnheader">{msg::products_col_extra()}</span>
                        <span role="columnheader">{msg::products_col_stock()}</span>
                        <span role="columnheader">{msg::products_col_threshold()}</span>
                        <span role="columnheader">{msg::products_col_active()}</span>
                    </div>
                    <For each=move || variants.get() key=|r| r.key let:r>
                        {
                            let label = option_label(&r.options);
                            view! {
                                <div class="variant-row" role="row" data-testid="variant-row">
                                    <span role="cell" class="variant-name">{label.clone()}</span>
                                    <span role="cell" data-label="SKU"><input aria-label=msg::products_variant_sku(&label) maxlength="50"
                                        prop:value=move || r.sku.get() on:input=move |ev| r.sku.set(event_target_value(&ev))/></span>
                                    <span role="cell" data-label=msg::products_col_extra()><input aria-label=msg::products_variant_extra(&label) inputmode="numeric"
                                        prop:value=move || r.extra_price.get() on:input=move |ev| r.extra_price.set(event_target_value(&ev))/></span>
                                    <span role="cell" data-label=msg::products_col_stock()><input aria-label=msg::products_variant_stock(&label) inputmode="numeric" data-testid="variant-stock"
                                        prop:value=move || r.stock.get() on:input=move |ev| r.stock.set(event_target_value(&ev))/></span>
                                    <span role="cell" data-label=msg::products_col_threshold()><input aria-label=msg::products_variant_threshold(&label) inputmode="numeric"
                                        prop:value=move || r.threshold.get() on:input=move |ev| r.threshold.set(event_target_value(&ev))/></span>
                                    <span role="cell" data-label=msg::products_col_active()><input type="checkbox" aria-label=msg::products_variant_active(&label)
                                        prop:checked=move || r.active.get() on:change=move |ev| r.active.set(event_target_checked(&ev))/></span>
                                </div>
                            }
                        }
                    </For>
                </div>
                {move || field_error.get().filter(|(f, _)| f.starts_with("variants")).map(|(_, m)| view! { <p class="field-error" role="alert">{m}</p> })}
            </section>
    }
    .into_any();
    let shipping = view! {
            <section class="card form">
                <h2>{msg::products_form_shipping()}</h2>
                <div class="grid-2">
                    <div>
                        <label for="p-ship-fee">{msg::products_form_shipping_fee()}</label>
                        <input id="p-ship-fee" inputmode="numeric" prop:value=move || shipping_fee.get()
                            on:input=move |ev| shipping_fee.set(event_target_value(&ev))/>
                        {err_for("shipping_fee")}
                    </div>
                    <div>
                        <label for="p-free-over">{msg::products_form_free_over()}</label>
                        <input id="p-free-over" inputmode="numeric" prop:value=move || free_over.get()
                            on:input=move |ev| free_over.set(event_target_value(&ev))/>
                        {err_for("free_shipping_over")}
                    </div>
                    <div>
                        <label for="p-return-fee">{msg::products_form_return_fee()}</label>
                        <input id="p-return-fee" inputmode="numeric" prop:value=move || return_fee.get()
                            on:input=move |ev| return_fee.set(event_target_value(&ev))/>
                        {err_for("return_fee")}
                    </div>
                    <div>
                        <label for="p-exchange-fee">{msg::products_form_exchange_fee()}</label>
                        <input id="p-exchange-fee" inputmode="numeric" prop:value=move || exchange_fee.get()
                            on:input=move |ev| exchange_fee.set(event_target_value(&ev))/>
                        {err_for("exchange_fee")}
                    </div>
                </div>
                <label for="p-ship-from">{msg::products_label_ship_from()}</label>
                <input id="p-ship-from" maxlength="200" prop:value=move || ship_from.get()
                    on:input=move |ev| ship_from.set(event_target_value(&ev))/>
                {err_for("ship_from")}
                <label for="p-return-address">{msg::products_label_return_address()}</label>
                <input id="p-return-address" maxlength="200" prop:value=move || return_address.get()
                    on:input=move |ev| return_address.set(event_target_value(&ev))/>
                {err_for("return_address")}
            </section>
    }
    .into_any();
    view! {
        <form class="product-form" novalidate on:submit=submit data-testid="product-form">
            {basic}
            {photos}
            {options}
            {shipping}
            <div class="save-bar">
                {move || error.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
                <a class="btn" href="/products">{msg::products_form_back()}</a>
                <button type="submit" class="btn btn-primary" data-testid="save-product"
                    disabled=move || { save.pending().get() || uploading.get() > 0 }>
                    {if is_new { msg::products_new_title() } else { msg::products_form_save() }}
                </button>
            </div>
        </form>
    }
}
