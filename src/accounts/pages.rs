//! Sign-up, sign-in, e-mail verification, password pages, the account page
//! and the application a rejected shop resubmits.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::*;
use crate::auth::use_session;
use crate::i18n::msg;
use crate::shop::application::BANKS;
use crate::ui::{AuthCard, form_fields, go_to, submit_form_data, use_toasts, ErrorNotice, Field, FormError, FormErrors, Loading};


fn query(name: &'static str) -> Memo<String> {
    let q = use_query_map();
    Memo::new(move |_| q.with(|q| q.get(name).unwrap_or_default()))
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let resend = ServerAction::<ResendVerification>::new();
    let errors = FormErrors::of(login.value());
    Effect::new(move |_| {
        if let Some(Ok(info)) = login.value().get() {
            go_to(if info.is_operator && info.shop.is_none() { "/operator" } else { "/" });
        }
    });
    let unverified = move || errors.code().get() == Some(crate::error::ErrorCode::EmailNotVerified);
    // Plain forms posting to the server functions (so they work before the
    // page hydrates), dispatched by hand once it has: see `form_fields`.
    let on_login = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let [email, password] = form_fields(&ev, ["email", "password"]);
        login.dispatch(Login { email, password });
    };
    let on_resend = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let [email] = form_fields(&ev, ["email"]);
        resend.dispatch(ResendVerification { email });
    };
    view! {
        <AuthCard title=msg::accounts_login()>
            <form method="post" action={<Login as leptos::server_fn::ServerFn>::url()} class="form" novalidate on:submit=on_login>
                <FormError errors/>
                <Field id="login-email" name="email" label=msg::accounts_email() value="" error=errors.field("email")
                    kind="email" inputmode="email" autocomplete="username" required=true/>
                <Field id="login-password" name="password" label=msg::accounts_password() value="" error=errors.field("password")
                    kind="password" autocomplete="current-password" required=true/>
                <button type="submit" class="btn btn-primary btn-block" disabled=move || login.pending().get()>
                    {msg::accounts_login()}
                </button>
            </form>
            <Show when=unverified>
                <form method="post" action={<ResendVerification as leptos::server_fn::ServerFn>::url()} class="form resend" on:submit=on_resend>
                    <Field id="resend-email" name="email" label=msg::accounts_resend_email() value=""
                        error=FormErrors::of(resend.value()).field("email") kind="email" required=true/>
                    <button type="submit" class="btn btn-block">{msg::accounts_resend()}</button>
                    {move || resend.value().get().and_then(|r| r.ok()).map(|_| view! {
                        <p class="form-ok" role="status">{msg::accounts_resent()}</p>
                    })}
                </form>
            </Show>
            <p class="auth-links">
                <a href="/signup">{msg::accounts_signup()}</a>
                <a href="/forgot-password">{msg::accounts_forgot_password()}</a>
            </p>
        </AuthCard>
    }
}

#[component]
pub fn SignupPage() -> impl IntoView {
    let submit = Action::new_local(|data: &web_sys::FormData| signup(data.clone().into()));
    let errors = FormErrors::of(submit.value());
    let on_submit = move |ev| submit_form_data(ev, submit);
    let done = move || submit.value().get().and_then(|r| r.ok());
    view! {
        <AuthCard title=msg::accounts_signup()>
            <Show
                when=move || done().is_none()
                fallback=move || view! {
                    <div class="form-ok" role="status" data-testid="signup-done">
                        <p>
                            <strong>{done().unwrap_or_default()}</strong>
                            {msg::accounts_signup_done_sent()}
                        </p>
                        <p>{msg::accounts_signup_done_review()}</p>
                        <a class="btn btn-primary btn-block" href="/login">{msg::accounts_go_login()}</a>
                    </div>
                }
            >
                <form class="form" on:submit=on_submit novalidate>
                    <FormError errors/>
                    <fieldset disabled=move || submit.pending().get()>
                        <legend>{msg::accounts_account_info()}</legend>
                        <Field id="su-email" name="email" label=msg::accounts_login_email() value="" error=errors.field("email")
                            kind="email" inputmode="email" autocomplete="email" required=true/>
                        <Field id="su-password" name="password" label=msg::accounts_password() value="" error=errors.field("password")
                            kind="password" autocomplete="new-password" required=true/>
                        <p class="hint">{msg::accounts_password_hint()}</p>
                        <Field id="su-password-confirm" name="password_confirm" label=msg::accounts_password_confirm() value=""
                            error=errors.field("password_confirm") kind="password" autocomplete="new-password" required=true/>
                        <Field id="su-name" name="name" label=msg::accounts_contact_name() value="" error=errors.field("name")
                            autocomplete="name" required=true/>
                    </fieldset>
                    <BusinessFields errors/>
                    <button type="submit" class="btn btn-primary btn-block" disabled=move || submit.pending().get()>
                        {move || if submit.pending().get() { msg::accounts_applying() } else { msg::accounts_apply() }}
                    </button>
                </form>
            </Show>
            <p class="auth-links">
                <a href="/login">{msg::accounts_have_account()}</a>
            </p>
        </AuthCard>
    }
}

/// The business part of an application: sign-up and resubmission share it.
#[component]
fn BusinessFields(errors: FormErrors, #[prop(optional)] initial: Option<crate::shop::ShopProfile>) -> impl IntoView {
    let v = move |f: fn(&crate::shop::ShopProfile) -> String| initial.as_ref().map(f).unwrap_or_default();
    let bank_error = errors.field("settlement_bank");
    let doc_error = errors.field("document");
    view! {
        <fieldset>
            <legend>{msg::accounts_business_info()}</legend>
            <Field id="su-shop-name" name="shop_name" label=msg::accounts_shop_name() value=v(|s| s.name.clone())
                error=errors.field("shop_name") required=true/>
            <Field id="su-representative" name="representative_name" label=msg::accounts_representative()
                value=v(|s| s.representative_name.clone()) error=errors.field("representative_name") required=true/>
            <Field id="su-business-number" name="business_number" label=msg::accounts_business_number()
                value=v(|s| s.business_number.clone()) error=errors.field("business_number")
                inputmode="numeric" placeholder="000-00-00000" required=true/>
            <Field id="su-mail-order" name="mail_order_number" label=msg::accounts_mail_order_number()
                value=v(|s| s.mail_order_number.clone()) error=errors.field("mail_order_number")
                placeholder=msg::accounts_mail_order_placeholder() required=true/>
            <Field id="su-address" name="business_address" label=msg::accounts_business_address()
                value=v(|s| s.business_address.clone()) error=errors.field("business_address")
                autocomplete="street-address" required=true/>
        </fieldset>
        <fieldset>
            <legend>{msg::accounts_payout_account()}</legend>
            <label for="su-bank">{msg::accounts_bank()}</label>
            <select id="su-bank" name="settlement_bank" aria-invalid=move || bank_error.get().map(|_| "true")>
                <option value="">{msg::accounts_choose_bank()}</option>
                {BANKS.iter().map(|b| view! { <option value=*b>{crate::shop::application::bank_name(b)}</option> }).collect_view()}
            </select>
            {move || bank_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <Field id="su-account" name="settlement_account" label=msg::accounts_account_number() value=""
                error=errors.field("settlement_account") inputmode="numeric" placeholder=msg::accounts_digits_only() required=true/>
            <Field id="su-holder" name="settlement_holder" label=msg::accounts_holder() value=""
                error=errors.field("settlement_holder") required=true/>
        </fieldset>
        <fieldset>
            <legend>{msg::accounts_registration()}</legend>
            <label for="su-document">{msg::accounts_registration_file()}</label>
            <input id="su-document" name="document" type="file" accept="image/jpeg,image/png,image/webp,application/pdf"
                required aria-invalid=move || doc_error.get().map(|_| "true")/>
            {move || doc_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </fieldset>
    }
}

/// The link from the verification mail. The address is confirmed by a
/// button, not by opening the page: mail scanners that open every link
/// would otherwise use the one-time link up before the seller sees it.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let token = query("token");
    let verify = ServerAction::<VerifyEmail>::new();
    let errors = FormErrors::of(verify.value());
    let verified = move || verify.value().get().and_then(|r| r.ok());
    view! {
        <AuthCard title=msg::accounts_verify_title()>
            <Show
                when=move || verified().is_none()
                fallback=move || view! {
                    <div class="form-ok" role="status" data-testid="verified">
                        <p><strong>{verified().unwrap_or_default()}</strong> {msg::accounts_verified()}</p>
                        <a class="btn btn-primary btn-block" href="/login">{msg::accounts_sign_in()}</a>
                    </div>
                }
            >
                <ActionForm action=verify attr:class="form">
                    <FormError errors/>
                    <p>{msg::accounts_verify_intro()}</p>
                    <input type="hidden" name="token" value=move || token.get()/>
                    <button type="submit" class="btn btn-primary btn-block" data-testid="verify">{msg::accounts_verify_button()}</button>
                </ActionForm>
                {move || errors.code().get().map(|_| view! {
                    <a class="btn btn-block" href="/login">{msg::accounts_verify_resend()}</a>
                })}
            </Show>
        </AuthCard>
    }
}

/// The link from the mail a locked account's owner gets. Like the
/// verification link, it acts on a button press, not on opening the page.
#[component]
pub fn UnlockLoginPage() -> impl IntoView {
    let token = query("token");
    let unlock = ServerAction::<UnlockLogin>::new();
    let errors = FormErrors::of(unlock.value());
    let unlocked = move || unlock.value().get().and_then(|r| r.ok());
    view! {
        <AuthCard title=msg::accounts_unlock_title()>
            <Show
                when=move || unlocked().is_none()
                fallback=move || view! {
                    <div class="form-ok" role="status" data-testid="unlocked">
                        <p><strong>{unlocked().unwrap_or_default()}</strong> {msg::accounts_unlocked()}</p>
                        <a class="btn btn-primary btn-block" href="/login">{msg::accounts_sign_in()}</a>
                    </div>
                }
            >
                <ActionForm action=unlock attr:class="form">
                    <FormError errors/>
                    <p>{msg::accounts_unlock_intro()}</p>
                    <input type="hidden" name="token" value=move || token.get()/>
                    <button type="submit" class="btn btn-primary btn-block" data-testid="unlock">{msg::accounts_unlock_button()}</button>
                </ActionForm>
            </Show>
            <p class="auth-links"><a href="/forgot-password">{msg::accounts_forgot_password()}</a></p>
        </AuthCard>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    let errors = FormErrors::of(action.value());
    view! {
        <AuthCard title=msg::accounts_forgot_password()>
            <Show
                when=move || !matches!(action.value().get(), Some(Ok(_)))
                fallback=|| view! {
                    <p class="form-ok" role="status">
                        {msg::accounts_forgot_sent()}
                    </p>
                }
            >
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <FormError errors/>
                    <p class="muted">{msg::accounts_forgot_intro()}</p>
                    <Field id="fp-email" name="email" label=msg::accounts_email() value="" error=errors.field("email")
                        kind="email" inputmode="email" autocomplete="email" required=true/>
                    <button type="submit" class="btn btn-primary btn-block">{msg::accounts_forgot_button()}</button>
                </ActionForm>
            </Show>
            <p class="auth-links"><a href="/login">{msg::accounts_back_to_login()}</a></p>
        </AuthCard>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = query("token");
    let action = ServerAction::<ResetPassword>::new();
    let errors = FormErrors::of(action.value());
    view! {
        <AuthCard title=msg::accounts_reset_title()>
            <Show
                when=move || !matches!(action.value().get(), Some(Ok(_)))
                fallback=|| view! {
                    <div class="form-ok" role="status">
                        <p>{msg::accounts_reset_done()}</p>
                        <a class="btn btn-primary btn-block" href="/login">{msg::accounts_sign_in()}</a>
                    </div>
                }
            >
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <FormError errors/>
                    <input type="hidden" name="token" value=move || token.get()/>
                    <Field id="rp-password" name="password" label=msg::accounts_new_password() value="" error=errors.field("password")
                        kind="password" autocomplete="new-password" required=true/>
                    <Field id="rp-password-confirm" name="password_confirm" label=msg::accounts_new_password_confirm() value=""
                        error=errors.field("password_confirm") kind="password" autocomplete="new-password" required=true/>
                    <button type="submit" class="btn btn-primary btn-block">{msg::accounts_reset_button()}</button>
                </ActionForm>
            </Show>
        </AuthCard>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let session = use_session();
    let toasts = use_toasts();
    let change = ServerAction::<ChangePassword>::new();
    let errors = FormErrors::of(change.value());
    let others = ServerAction::<LogoutOtherSessions>::new();
    let sessions = Resource::new(move || (others.version().get(), change.version().get()), |_| list_sessions());
    let logout_action = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            toasts.success(msg::accounts_toast_password_changed());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(n)) = others.value().get() {
            toasts.success(msg::accounts_toast_logged_out_others(n));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = logout_action.value().get() {
            go_to("/login");
        }
    });
    view! {
        <Title text=msg::accounts_title()/>
        <div class="page-head"><h1>{msg::accounts_heading()}</h1></div>
        {
            let s = session.clone();
            view! {
            <section class="card">
                <dl class="facts">
                    <dt>{msg::accounts_name()}</dt><dd>{s.name.clone()}</dd>
                    <dt>{msg::accounts_email()}</dt><dd>{s.email.clone()}</dd>
                    {s.shop.clone().map(|m| view! {
                        <dt>{msg::accounts_shop()}</dt><dd>{m.shop_name}</dd>
                        <dt>{msg::accounts_role()}</dt><dd data-testid="my-role">{m.role.label()}</dd>
                    })}
                </dl>
                <ActionForm action=logout_action attr:class="inline-form">
                    <button type="submit" class="btn" data-testid="logout">{msg::accounts_logout()}</button>
                </ActionForm>
            </section>
        }}
        <LanguageCard/>
        <ActionForm action=change attr:class="card form" attr:novalidate=true>
            <fieldset>
                <legend>{msg::accounts_change_password()}</legend>
                <FormError errors/>
                <Field id="cp-current" name="current_password" label=msg::accounts_current_password() value=""
                    error=errors.field("current_password") kind="password" autocomplete="current-password" required=true/>
                <Field id="cp-password" name="password" label=msg::accounts_new_password() value="" error=errors.field("password")
                    kind="password" autocomplete="new-password" required=true/>
                <Field id="cp-confirm" name="password_confirm" label=msg::accounts_new_password_confirm() value=""
                    error=errors.field("password_confirm") kind="password" autocomplete="new-password" required=true/>
            </fieldset>
            <div class="form-actions"><button type="submit" class="btn btn-primary">{msg::accounts_change_password()}</button></div>
        </ActionForm>
        <section class="card">
            <h2>{msg::accounts_devices()}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! {
                            <ul class="session-list">
                                {list.into_iter().map(|s| view! {
                                    <li data-testid="session">
                                        <strong>{s.user_agent}</strong>
                                        {s.current.then(|| view! { <span class="badge badge-approved">{msg::accounts_this_device()}</span> })}
                                        <br/>
                                        <span class="muted">{msg::accounts_last_used(s.last_seen_at)} " · " {s.ip}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <ActionForm action=others attr:class="inline-form">
                <button type="submit" class="btn" data-testid="logout-others">{msg::accounts_logout_others()}</button>
            </ActionForm>
        </section>
    }
}

/// 입점 재신청: the rejected shop fixes what the operator asked and sends it again.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    let session = use_session();
    let profile = Resource::new(|| (), |_| crate::shop::get_shop_profile());
    let submit = Action::new_local(|data: &web_sys::FormData| resubmit_application(data.clone().into()));
    let errors = FormErrors::of(submit.value());
    Effect::new(move |_| {
        if let Some(Ok(())) = submit.value().get() {
            go_to("/");
        }
    });
    let on_submit = move |ev| submit_form_data(ev, submit);
    view! {
        <Title text=msg::accounts_reapply_title()/>
        <div class="page-head"><h1>{msg::accounts_reapply_heading()}</h1></div>
        {session.shop.clone().filter(|m| !m.rejection_reason.is_empty()).map(|m| view! {
            <div class="banner banner-danger" role="alert">
                <strong>{msg::accounts_rejection_reason()}</strong>{m.rejection_reason}
            </div>
        })}
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(initial) => view! {
                        <form class="card form" on:submit=on_submit novalidate>
                            <FormError errors/>
                            <BusinessFields errors initial=initial.unwrap_or_else(empty_profile)/>
                            <button type="submit" class="btn btn-primary btn-block" disabled=move || submit.pending().get()>
                                {msg::accounts_reapply_button()}
                            </button>
                        </form>
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn empty_profile() -> crate::shop::ShopProfile {
    crate::shop::ShopProfile {
        id: 0,
        name: String::new(),
        representative_name: String::new(),
        business_number: String::new(),
        mail_order_number: String::new(),
        business_address: String::new(),
        cs_phone: String::new(),
        cs_email: String::new(),
        cs_hours: String::new(),
        introduction: String::new(),
        business_type: String::new(),
        business_item: String::new(),
        status: crate::auth::ShopStatus::PendingReview,
        updated_at: 0,
    }
}

/// 언어 / Language: the person's language, saved on the account (every
/// device signs in with it) and switched at once, without a reload.
#[component]
fn LanguageCard() -> impl IntoView {
    use crate::i18n::Locale;
    let current = expect_context::<crate::ui::CurrentLocale>().locale;
    let switch = crate::accounts::use_language_switch();
    view! {
        <section class="card" data-testid="account-language">
            <h2>{msg::common_language()}</h2>
            <p class="muted small">{msg::common_language_hint()}</p>
            <div class="segmented" role="group" aria-label=msg::common_language()>
                {Locale::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <button
                                type="button"
                                class="btn"
                                class:btn-primary=move || current.get() == l
                                aria-pressed=move || (current.get() == l).to_string()
                                lang=l.as_str()
                                data-testid=format!("language-{}", l.as_str())
                                on:click=move |_| {
                                    if current.get_untracked() != l {
                                        switch.run(l)
                                    }
                                }
                            >
                                {l.native_name()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}
