//! Sign-up, sign-in, e-mail verification, password pages, the account page
//! and the application a rejected shop resubmits.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::*;
use crate::auth::use_session;
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
        <AuthCard title="로그인">
            <form method="post" action={<Login as leptos::server_fn::ServerFn>::url()} class="form" novalidate on:submit=on_login>
                <FormError errors/>
                <Field id="login-email" name="email" label="이메일" value="" error=errors.field("email")
                    kind="email" inputmode="email" autocomplete="username" required=true/>
                <Field id="login-password" name="password" label="비밀번호" value="" error=errors.field("password")
                    kind="password" autocomplete="current-password" required=true/>
                <button type="submit" class="btn btn-primary btn-block" disabled=move || login.pending().get()>
                    "로그인"
                </button>
            </form>
            <Show when=unverified>
                <form method="post" action={<ResendVerification as leptos::server_fn::ServerFn>::url()} class="form resend" on:submit=on_resend>
                    <Field id="resend-email" name="email" label="인증 메일을 받을 이메일" value=""
                        error=FormErrors::of(resend.value()).field("email") kind="email" required=true/>
                    <button type="submit" class="btn btn-block">"인증 메일 다시 받기"</button>
                    {move || resend.value().get().and_then(|r| r.ok()).map(|_| view! {
                        <p class="form-ok" role="status">"인증 메일을 다시 보냈습니다. 메일함을 확인해 주세요."</p>
                    })}
                </form>
            </Show>
            <p class="auth-links">
                <a href="/signup">"파트너 회원가입"</a>
                <a href="/forgot-password">"비밀번호 찾기"</a>
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
        <AuthCard title="파트너 회원가입">
            <Show
                when=move || done().is_none()
                fallback=move || view! {
                    <div class="form-ok" role="status" data-testid="signup-done">
                        <p>
                            <strong>{done().unwrap_or_default()}</strong>
                            "(으)로 인증 메일을 보냈습니다. 메일의 링크를 열어 이메일 인증을 마친 뒤 로그인해 주세요."
                        </p>
                        <p>"입점 심사는 인증 후 진행되며, 결과는 홈 화면과 메일로 알려 드립니다."</p>
                        <a class="btn btn-primary btn-block" href="/login">"로그인하러 가기"</a>
                    </div>
                }
            >
                <form class="form" on:submit=on_submit novalidate>
                    <FormError errors/>
                    <fieldset disabled=move || submit.pending().get()>
                        <legend>"계정 정보"</legend>
                        <Field id="su-email" name="email" label="이메일 (로그인 아이디)" value="" error=errors.field("email")
                            kind="email" inputmode="email" autocomplete="email" required=true/>
                        <Field id="su-password" name="password" label="비밀번호" value="" error=errors.field("password")
                            kind="password" autocomplete="new-password" required=true/>
                        <p class="hint">"10자 이상, 영문·숫자·특수문자 중 두 종류 이상"</p>
                        <Field id="su-password-confirm" name="password_confirm" label="비밀번호 확인" value=""
                            error=errors.field("password_confirm") kind="password" autocomplete="new-password" required=true/>
                        <Field id="su-name" name="name" label="담당자 이름" value="" error=errors.field("name")
                            autocomplete="name" required=true/>
                    </fieldset>
                    <BusinessFields errors/>
                    <button type="submit" class="btn btn-primary btn-block" disabled=move || submit.pending().get()>
                        {move || if submit.pending().get() { "신청하는 중…" } else { "입점 신청하기" }}
                    </button>
                </form>
            </Show>
            <p class="auth-links">
                <a href="/login">"이미 계정이 있으신가요? 로그인"</a>
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
            <legend>"사업자 정보"</legend>
            <Field id="su-shop-name" name="shop_name" label="상점 이름" value=v(|s| s.name.clone())
                error=errors.field("shop_name") required=true/>
            <Field id="su-representative" name="representative_name" label="대표자 이름"
                value=v(|s| s.representative_name.clone()) error=errors.field("representative_name") required=true/>
            <Field id="su-business-number" name="business_number" label="사업자등록번호"
                value=v(|s| s.business_number.clone()) error=errors.field("business_number")
                inputmode="numeric" placeholder="000-00-00000" required=true/>
            <Field id="su-mail-order" name="mail_order_number" label="통신판매업 신고번호"
                value=v(|s| s.mail_order_number.clone()) error=errors.field("mail_order_number")
                placeholder="제2024-서울마포-0000호" required=true/>
            <Field id="su-address" name="business_address" label="사업장 주소"
                value=v(|s| s.business_address.clone()) error=errors.field("business_address")
                autocomplete="street-address" required=true/>
        </fieldset>
        <fieldset>
            <legend>"정산 계좌"</legend>
            <label for="su-bank">"은행"</label>
            <select id="su-bank" name="settlement_bank" aria-invalid=move || bank_error.get().map(|_| "true")>
                <option value="">"은행을 선택해 주세요"</option>
                {BANKS.iter().map(|b| view! { <option value=*b>{*b}</option> }).collect_view()}
            </select>
            {move || bank_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <Field id="su-account" name="settlement_account" label="계좌번호" value=""
                error=errors.field("settlement_account") inputmode="numeric" placeholder="숫자만 입력" required=true/>
            <Field id="su-holder" name="settlement_holder" label="예금주" value=""
                error=errors.field("settlement_holder") required=true/>
        </fieldset>
        <fieldset>
            <legend>"사업자등록증"</legend>
            <label for="su-document">"사업자등록증 파일 (이미지 또는 PDF, 10MB 이하)"</label>
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
        <AuthCard title="이메일 인증">
            <Show
                when=move || verified().is_none()
                fallback=move || view! {
                    <div class="form-ok" role="status" data-testid="verified">
                        <p><strong>{verified().unwrap_or_default()}</strong> " 주소 인증이 완료되었습니다."</p>
                        <a class="btn btn-primary btn-block" href="/login">"로그인하기"</a>
                    </div>
                }
            >
                <ActionForm action=verify attr:class="form">
                    <FormError errors/>
                    <p>"아래 버튼을 누르면 이메일 주소 인증이 끝납니다."</p>
                    <input type="hidden" name="token" value=move || token.get()/>
                    <button type="submit" class="btn btn-primary btn-block" data-testid="verify">"이메일 인증 완료하기"</button>
                </ActionForm>
                {move || errors.code().get().map(|_| view! {
                    <a class="btn btn-block" href="/login">"로그인 화면에서 인증 메일 다시 받기"</a>
                })}
            </Show>
        </AuthCard>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    let errors = FormErrors::of(action.value());
    view! {
        <AuthCard title="비밀번호 찾기">
            <Show
                when=move || !matches!(action.value().get(), Some(Ok(_)))
                fallback=|| view! {
                    <p class="form-ok" role="status">
                        "가입된 이메일이라면 비밀번호 재설정 링크를 보냈습니다. 링크는 1시간 동안 유효합니다."
                    </p>
                }
            >
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <FormError errors/>
                    <p class="muted">"가입한 이메일 주소를 입력하면 비밀번호를 다시 정할 수 있는 링크를 보내 드립니다."</p>
                    <Field id="fp-email" name="email" label="이메일" value="" error=errors.field("email")
                        kind="email" inputmode="email" autocomplete="email" required=true/>
                    <button type="submit" class="btn btn-primary btn-block">"재설정 링크 받기"</button>
                </ActionForm>
            </Show>
            <p class="auth-links"><a href="/login">"로그인으로 돌아가기"</a></p>
        </AuthCard>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = query("token");
    let action = ServerAction::<ResetPassword>::new();
    let errors = FormErrors::of(action.value());
    view! {
        <AuthCard title="새 비밀번호 정하기">
            <Show
                when=move || !matches!(action.value().get(), Some(Ok(_)))
                fallback=|| view! {
                    <div class="form-ok" role="status">
                        <p>"비밀번호를 바꿨습니다. 모든 기기에서 로그아웃되었으니 새 비밀번호로 로그인해 주세요."</p>
                        <a class="btn btn-primary btn-block" href="/login">"로그인하기"</a>
                    </div>
                }
            >
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <FormError errors/>
                    <input type="hidden" name="token" value=move || token.get()/>
                    <Field id="rp-password" name="password" label="새 비밀번호" value="" error=errors.field("password")
                        kind="password" autocomplete="new-password" required=true/>
                    <Field id="rp-password-confirm" name="password_confirm" label="새 비밀번호 확인" value=""
                        error=errors.field("password_confirm") kind="password" autocomplete="new-password" required=true/>
                    <button type="submit" class="btn btn-primary btn-block">"비밀번호 바꾸기"</button>
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
            toasts.success("비밀번호를 바꿨습니다. 다른 기기는 모두 로그아웃되었습니다.");
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(n)) = others.value().get() {
            toasts.success(format!("다른 기기 {n}곳에서 로그아웃했습니다."));
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = logout_action.value().get() {
            go_to("/login");
        }
    });
    view! {
        <Title text="내 계정 · 파트너센터"/>
        <div class="page-head"><h1>"내 계정"</h1></div>
        {
            let s = session.clone();
            view! {
            <section class="card">
                <dl class="facts">
                    <dt>"이름"</dt><dd>{s.name.clone()}</dd>
                    <dt>"이메일"</dt><dd>{s.email.clone()}</dd>
                    {s.shop.clone().map(|m| view! {
                        <dt>"상점"</dt><dd>{m.shop_name}</dd>
                        <dt>"역할"</dt><dd data-testid="my-role">{m.role.label_ko()}</dd>
                    })}
                </dl>
                <ActionForm action=logout_action attr:class="inline-form">
                    <button type="submit" class="btn" data-testid="logout">"로그아웃"</button>
                </ActionForm>
            </section>
        }}
        <ActionForm action=change attr:class="card form" attr:novalidate=true>
            <fieldset>
                <legend>"비밀번호 변경"</legend>
                <FormError errors/>
                <Field id="cp-current" name="current_password" label="현재 비밀번호" value=""
                    error=errors.field("current_password") kind="password" autocomplete="current-password" required=true/>
                <Field id="cp-password" name="password" label="새 비밀번호" value="" error=errors.field("password")
                    kind="password" autocomplete="new-password" required=true/>
                <Field id="cp-confirm" name="password_confirm" label="새 비밀번호 확인" value=""
                    error=errors.field("password_confirm") kind="password" autocomplete="new-password" required=true/>
            </fieldset>
            <div class="form-actions"><button type="submit" class="btn btn-primary">"비밀번호 변경"</button></div>
        </ActionForm>
        <section class="card">
            <h2>"로그인된 기기"</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(list) => view! {
                            <ul class="session-list">
                                {list.into_iter().map(|s| view! {
                                    <li data-testid="session">
                                        <strong>{s.user_agent}</strong>
                                        {s.current.then(|| view! { <span class="badge badge-approved">"현재 기기"</span> })}
                                        <br/>
                                        <span class="muted">"마지막 사용 " {s.last_seen_at} " · " {s.ip}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <ActionForm action=others attr:class="inline-form">
                <button type="submit" class="btn" data-testid="logout-others">"다른 기기 모두 로그아웃"</button>
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
        <Title text="입점 재신청 · 파트너센터"/>
        <div class="page-head"><h1>"입점 재신청"</h1></div>
        {session.shop.clone().filter(|m| !m.rejection_reason.is_empty()).map(|m| view! {
            <div class="banner banner-danger" role="alert">
                <strong>"반려 사유: "</strong>{m.rejection_reason}
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
                                "다시 심사 요청하기"
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
