# Staff page and the invitation page; the invitation e-mail.

staff_err_pick_role = Choose a role to invite as (Manager, Customer service, Logistics).
staff_err_already_member = This email already belongs to a member of this shop.
staff_err_other_shop = This account already belongs to another shop. Invite a different email address.
staff_err_owner_fixed = The owner's access can't be changed or revoked.
staff_err_accept_other_shop = This account already belongs to another shop, so it can't accept the invitation.
staff_err_wrong_password = The password of your existing account is incorrect.
staff_err_password_mismatch = Passwords don't match.
staff_noun_invitation = Invitation
staff_noun_member = Staff member

staff_invite_mail_subject = [Partner Center] Staff invitation from { $shop }
staff_invite_mail_body =
    You've been invited to { $shop } on Partner Center as { $role }.

    Accept the invitation with the link below. The link works once, for 7 days.

    { $link }

staff_toast_invited = Invitation sent.
staff_toast_role_changed = Role changed.
staff_toast_revoked = Access revoked.
staff_toast_invitation_cancelled = Invitation cancelled.

staff_title = Staff · Partner Center
staff_heading = Staff
staff_invite_legend = Invite staff
staff_invite_email = Email to invite
staff_role = Role
staff_roles_hint = Manager: everything but staff and payout account · Customer service: inquiries, reviews, claims · Logistics: orders, shipping
staff_send_invitation = Send invitation
staff_members_count = { $count ->
    [one] { $count } staff member
   *[other] { $count } staff members
}
staff_you = {" "}(you)
staff_joined_on = Joined { $date }
staff_save_role = Save role
staff_confirm_revoke = Revoke this person's access?
staff_revoke = Revoke access
staff_pending_invitations = Pending invitations
staff_valid_until = Valid until { $date }
staff_cancel_invitation = Cancel invitation

staff_invitation_title = Staff invitation
staff_invitation_from = {" "}invited{" "}
staff_invitation_person = {" "}as{" "}
staff_invitation_as_role = .
staff_existing_password = Password of your existing account
staff_name = Name
staff_password = Password
staff_password_confirm = Confirm password
staff_accept = Accept invitation
staff_err_too_many_invitations = A shop can send up to { $max } invitations an hour. Please try again later.
