# Identity: shop review states, roles, e-mail and password rules, sign-in
# and permission errors.

auth_shop_status_pending_review = Under review
auth_shop_status_approved = Active
auth_shop_status_rejected = Application rejected
auth_shop_status_suspended = Suspended

auth_role_owner = Owner
auth_role_manager = Manager
auth_role_cs = Customer service
auth_role_logistics = Logistics

auth_err_email_format = Enter a valid email address.
auth_err_email_required = Enter your email address.

auth_err_password_too_short = Password must be at least { $min } characters.
auth_err_password_too_long = Password must be 128 characters or fewer.
auth_err_password_kinds = Mix at least two of letters, numbers and symbols.
auth_err_password_common = This password is too common. Choose a different one.
auth_err_password_has_email = Password can't contain the name part of your email.

auth_err_unauthorized = You need to sign in. Please sign in again.
auth_err_forbidden = You don't have permission to use this. Ask the shop owner.
auth_err_operator_only = Only operators can use this.
auth_err_too_many_logins = Too many sign-in attempts. Try again in 15 minutes or reset your password.
auth_err_account_locked = Too many sign-in attempts, so sign-in to this account is paused for a while. If the address has an account, we sent it an unlock link: open the link in the email. On a device you signed in with before, the right password still works. If you forgot your password, reset it.
auth_err_wrong_credentials = Incorrect email or password.
auth_err_email_not_verified = Verify your email first. Check your inbox for the verification email, or send it again.
auth_err_too_many_mails = Too many email requests. Try again in 15 minutes.
auth_err_bad_link = This link has expired or was already used. Request a new one.
auth_err_email_taken = An account with this email already exists. Sign in or reset your password.
