//! 직원 관리 page and the invitation page an invited person opens.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::*;
use crate::i18n::msg;
use crate::ui::AuthCard;
use crate::ui::{confirm, go_to, use_toasts, ErrorNotice, Field, FormError, FormErrors, Loading};

fn role_options(selected: Option<Role>) -> impl IntoView {
    Role::INVITABLE
        .iter()
        .map(|r| view! { <option value=r.as_str() selected=selected == Some(*r)>{r.label()}</option> })
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
            toasts.success(msg::staff_toast_invited());
        }
    });
    Effect::new(move |_| report(change.value().get(), msg::staff_toast_role_changed()));
    Effect::new(move |_| report(revoke.value().get(), msg::staff_toast_revoked()));
    Effect::new(move |_| report(cancel.value().get(), msg::staff_toast_invitation_cancelled()));

    view! {
        <Title text=msg::staff_title()/>
        <div class="page-head"><h1>{msg::staff_heading()}</h1></div>
        <ActionForm action=invite attr:class="card form" attr:novalidate=true>
            <fieldset>
                <legend>{msg::staff_invite_legend()}</legend>
                <FormError errors=invite_errors/>
                <Field id="invite-email" name="email" label=msg::staff_invite_email() value="" error=invite_errors.field("email")
                    kind="email" inputmode="email" required=true/>
                <label for="invite-role">{msg::staff_role()}</label>
                <select id="invite-role" name="role">{role_options(Some(Role::Cs))}</select>
                <p class="hint">{msg::staff_roles_hint()}</p>
            </fieldset>
            <div class="form-actions"><button type="submit" class="btn btn-primary">{msg::staff_send_invitation()}</button></div>
        </ActionForm>
        <Transition fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                match staff.await {
                    Ok(overview) => view! {
                        <section class="card">
                            <h2>{msg::staff_members_count(overview.members.len())}</h2>
                            <ul class="member-list">
                                {overview.members.into_iter().map(|m| {
                                    let user_id = m.user_id;
                                    let editable = m.role != Role::Owner;
                                    view! {
                                        <li class="member" data-testid="member">
                                            <div>
                                                <strong>{m.name.clone()}</strong>
                                                {m.is_you.then(|| view! { <span class="muted">{msg::staff_you()}</span> })}
                                                <br/>
                                                <span class="muted">{m.email.clone()} " · " {msg::staff_joined_on(&m.joined_at)}</span>
                                            </div>
                                            {if editable {
                                                view! {
                                                    <div class="member-actions">
                                                        <ActionForm action=change attr:class="inline-form">
                                                            <input type="hidden" name="user_id" value=user_id/>
                                                            <label class="sr-only" for=format!("role-{user_id}")>{msg::staff_role()}</label>
                                                            <select id=format!("role-{user_id}") name="role">{role_options(Some(m.role))}</select>
                                                            <button type="submit" class="btn">{msg::staff_save_role()}</button>
                                                        </ActionForm>
                                                        <button type="button" class="btn btn-danger" on:click=move |_| {
                                                            if confirm(msg::staff_confirm_revoke()) {
                                                                revoke.dispatch(RevokeStaff { user_id });
                                                            }
                                                        }>{msg::staff_revoke()}</button>
                                                    </div>
                                                }.into_any()
                                            } else {
                                                view! { <span class="badge">{m.role.label()}</span> }.into_any()
                                            }}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                        {(!overview.invitations.is_empty()).then(|| view! {
                            <section class="card">
                                <h2>{msg::staff_pending_invitations()}</h2>
                                <ul class="member-list">
                                    {overview.invitations.into_iter().map(|i| {
                                        let id = i.id.clone();
                                        view! {
                                            <li class="member" data-testid="invitation">
                                                <div>
                                                    <strong>{i.email}</strong> " · " {i.role.label()}<br/>
                                                    <span class="muted">{msg::staff_valid_until(i.expires_at)}</span>
                                                </div>
                                                <button type="button" class="btn" on:click=move |_| {
                                                    cancel.dispatch(CancelInvitation { id: id.clone() });
                                                }>{msg::staff_cancel_invitation()}</button>
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
        <AuthCard title=msg::staff_invitation_title()>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match invitation.await {
                        Ok(inv) => view! {
                            <p>
                                <strong>{inv.shop_name.clone()}</strong> {msg::staff_invitation_from()}
                                <strong>{inv.email.clone()}</strong> {msg::staff_invitation_person()}
                                <strong>{inv.role.label()}</strong> {msg::staff_invitation_as_role()}
                            </p>
                            <ActionForm action=accept attr:class="form" attr:novalidate=true>
                                <FormError errors/>
                                <input type="hidden" name="token" value=token.get_untracked()/>
                                {if inv.has_account {
                                    view! {
                                        <input type="hidden" name="name" value=""/>
                                        <input type="hidden" name="password_confirm" value=""/>
                                        <Field id="inv-password" name="password" label=msg::staff_existing_password() value=""
                                            error=errors.field("password") kind="password" autocomplete="current-password" required=true/>
                                    }.into_any()
                                } else {
                                    view! {
                                        <Field id="inv-name" name="name" label=msg::staff_name() value="" error=errors.field("name") required=true/>
                                        <Field id="inv-password" name="password" label=msg::staff_password() value="" error=errors.field("password")
                                            kind="password" autocomplete="new-password" required=true/>
                                        <Field id="inv-confirm" name="password_confirm" label=msg::staff_password_confirm() value=""
                                            error=errors.field("password_confirm") kind="password" autocomplete="new-password" required=true/>
                                    }.into_any()
                                }}
                                <button type="submit" class="btn btn-primary btn-block">{msg::staff_accept()}</button>
                            </ActionForm>
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </AuthCard>
    }
}
