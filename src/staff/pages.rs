//! 직원 관리 page and the invitation page an invited person opens.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::*;
use crate::ui::AuthCard;
use crate::ui::{confirm, go_to, use_toasts, ErrorNotice, Field, FormError, FormErrors, Loading};

fn role_options(selected: Option<Role>) -> impl IntoView {
    Role::INVITABLE
        .iter()
        .map(|r| view! { <option value=r.as_str() selected=selected == Some(*r)>{r.label_ko()}</option> })
        .collect_view()
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let toasts = use_toasts();
    let invite = ServerAction::<InviteStaff>::new();
    let change = ServerAction::<ChangeStaffRole>::new();
    let revoke = ServerAction::<RevokeStaff>::new();
    let cancel = ServerAction::<CancelInvitation>::new();
    let staff = Resource::new(
        move || (invite.version().get(), change.version().get(), revoke.version().get(), cancel.version().get()),
        |_| list_staff(),
    );
    let invite_errors = FormErrors::of(invite.value());
    let report = move |result: Option<Result<(), AppError>>, ok: &'static str| match result {
        Some(Ok(())) => toasts.success(ok),
        Some(Err(e)) => toasts.error(e.message),
        None => {}
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = invite.value().get() {
            toasts.success("초대 메일을 보냈습니다.");
        }
    });
    Effect::new(move |_| report(change.value().get(), "역할을 바꿨습니다."));
    Effect::new(move |_| report(revoke.value().get(), "직원의 접근 권한을 해제했습니다."));
    Effect::new(move |_| report(cancel.value().get(), "초대를 취소했습니다."));

    view! {
        <Title text="직원 관리 · 파트너센터"/>
        <div class="page-head"><h1>"직원 관리"</h1></div>
        <ActionForm action=invite attr:class="card form" attr:novalidate=true>
            <fieldset>
                <legend>"직원 초대"</legend>
                <FormError errors=invite_errors/>
                <Field id="invite-email" name="email" label="초대할 이메일" value="" error=invite_errors.field("email")
                    kind="email" inputmode="email" required=true/>
                <label for="invite-role">"역할"</label>
                <select id="invite-role" name="role">{role_options(Some(Role::Cs))}</select>
                <p class="hint">"매니저: 직원·정산 계좌 외 모든 업무 · CS 담당: 문의·리뷰·클레임 · 물류 담당: 주문·배송"</p>
            </fieldset>
            <div class="form-actions"><button type="submit" class="btn btn-primary">"초대 메일 보내기"</button></div>
        </ActionForm>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match staff.await {
                    Ok(overview) => view! {
                        <section class="card">
                            <h2>"직원 " {overview.members.len()} "명"</h2>
                            <ul class="member-list">
                                {overview.members.into_iter().map(|m| {
                                    let user_id = m.user_id;
                                    let editable = m.role != Role::Owner;
                                    view! {
                                        <li class="member" data-testid="member">
                                            <div>
                                                <strong>{m.name.clone()}</strong>
                                                {m.is_you.then(|| view! { <span class="muted">" (나)"</span> })}
                                                <br/>
                                                <span class="muted">{m.email.clone()} " · " {m.joined_at.clone()} " 합류"</span>
                                            </div>
                                            {if editable {
                                                view! {
                                                    <div class="member-actions">
                                                        <ActionForm action=change attr:class="inline-form">
                                                            <input type="hidden" name="user_id" value=user_id/>
                                                            <label class="sr-only" for=format!("role-{user_id}")>"역할"</label>
                                                            <select id=format!("role-{user_id}") name="role">{role_options(Some(m.role))}</select>
                                                            <button type="submit" class="btn">"역할 저장"</button>
                                                        </ActionForm>
                                                        <button type="button" class="btn btn-danger" on:click=move |_| {
                                                            if confirm("이 직원의 접근 권한을 해제할까요?") {
                                                                revoke.dispatch(RevokeStaff { user_id });
                                                            }
                                                        }>"권한 해제"</button>
                                                    </div>
                                                }.into_any()
                                            } else {
                                                view! { <span class="badge">{m.role.label_ko()}</span> }.into_any()
                                            }}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                        {(!overview.invitations.is_empty()).then(|| view! {
                            <section class="card">
                                <h2>"수락 대기 중인 초대"</h2>
                                <ul class="member-list">
                                    {overview.invitations.into_iter().map(|i| {
                                        let id = i.id.clone();
                                        view! {
                                            <li class="member" data-testid="invitation">
                                                <div>
                                                    <strong>{i.email}</strong> " · " {i.role.label_ko()}<br/>
                                                    <span class="muted">{i.expires_at} "까지 유효"</span>
                                                </div>
                                                <button type="button" class="btn" on:click=move |_| {
                                                    cancel.dispatch(CancelInvitation { id: id.clone() });
                                                }>"초대 취소"</button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                    }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let q = use_query_map();
    let token = Memo::new(move |_| q.with(|q| q.get("token").unwrap_or_default()));
    let invitation = Resource::new(move || token.get(), get_invitation);
    let accept = ServerAction::<AcceptInvitation>::new();
    let errors = FormErrors::of(accept.value());
    Effect::new(move |_| {
        if let Some(Ok(_)) = accept.value().get() {
            go_to("/");
        }
    });
    view! {
        <AuthCard title="직원 초대">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match invitation.await {
                        Ok(inv) => view! {
                            <p>
                                <strong>{inv.shop_name.clone()}</strong> "에서 "
                                <strong>{inv.email.clone()}</strong> " 님을 "
                                <strong>{inv.role.label_ko()}</strong> "(으)로 초대했습니다."
                            </p>
                            <ActionForm action=accept attr:class="form" attr:novalidate=true>
                                <FormError errors/>
                                <input type="hidden" name="token" value=token.get_untracked()/>
                                {if inv.has_account {
                                    view! {
                                        <input type="hidden" name="name" value=""/>
                                        <input type="hidden" name="password_confirm" value=""/>
                                        <Field id="inv-password" name="password" label="기존 계정 비밀번호" value=""
                                            error=errors.field("password") kind="password" autocomplete="current-password" required=true/>
                                    }.into_any()
                                } else {
                                    view! {
                                        <Field id="inv-name" name="name" label="이름" value="" error=errors.field("name") required=true/>
                                        <Field id="inv-password" name="password" label="비밀번호" value="" error=errors.field("password")
                                            kind="password" autocomplete="new-password" required=true/>
                                        <Field id="inv-confirm" name="password_confirm" label="비밀번호 확인" value=""
                                            error=errors.field("password_confirm") kind="password" autocomplete="new-password" required=true/>
                                    }.into_any()
                                }}
                                <button type="submit" class="btn btn-primary btn-block">"초대 수락하기"</button>
                            </ActionForm>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </AuthCard>
    }
}
