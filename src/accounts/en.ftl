# Sign-up, sign-in, e-mail verification, password pages, the account page,
# the resubmitted application; the verification and reset e-mails.

## Errors
accounts_err_password_mismatch = Passwords don't match.
accounts_err_document_too_large = The business registration certificate must be 10 MB or smaller.
accounts_err_bad_request = The request is not in the right format.
accounts_err_business_number_taken = This business registration number has already applied. Sign in with the existing account.
accounts_err_current_password = Current password is incorrect.
accounts_err_same_password = Enter a password different from the current one.
accounts_err_not_rejected = Only a rejected application can be resubmitted.

## E-mails
accounts_verify_mail_subject = [Partner Center] Verify your email address
accounts_verify_mail_body =
    Thanks for signing up for Partner Center.

    Open the link below to verify your email address. The link works once, for 48 hours.

    { $link }

    If you didn't sign up, ignore this email.
accounts_reset_mail_subject = [Partner Center] Reset your password
accounts_reset_mail_body =
    You asked to reset your password.

    Choose a new password with the link below. The link works once, for 1 hour.

    { $link }

    If you didn't ask for this, ignore this email. Your password won't change.
accounts_unlock_mail_subject = [Partner Center] Sign-in to your account was paused after many attempts
accounts_unlock_mail_body =
    Someone tried to sign in to this account many times with a wrong password. To protect the account, sign-in from unknown devices is paused for a while.

    If it was you, open the link below to unlock it. On the device where you open it, the right password works even if someone else keeps trying. The link works once, for 24 hours.

    { $link }

    If it wasn't you, make sure your password is safe, and change it if you use it anywhere else. Without your password nobody can sign in, with or without this link.

## Devices
accounts_browser_samsung = Samsung Internet
accounts_unknown_device = Unknown device

## Sign-in
accounts_login = Sign in
accounts_email = Email
accounts_password = Password
accounts_resend_email = Email to send verification to
accounts_resend = Resend verification email
accounts_resent = Verification email sent again. Check your inbox.
accounts_signup = Sign up as a partner
accounts_forgot_password = Forgot password

## Sign-up
accounts_signup_done_sent = {" "}— verification email sent. Open the link in it to verify your email, then sign in.
accounts_signup_done_review = Your application is reviewed after verification. We'll tell you the result on the home screen and by email.
accounts_go_login = Go to sign in
accounts_account_info = Account
accounts_login_email = Email (your sign-in ID)
accounts_password_hint = 10+ characters, at least two of letters, numbers, symbols
accounts_password_confirm = Confirm password
accounts_contact_name = Contact name
accounts_applying = Applying…
accounts_apply = Apply to sell
accounts_have_account = Already have an account? Sign in

## Business details
accounts_business_info = Business details
accounts_shop_name = Shop name
accounts_representative = Representative name
accounts_business_number = Business registration number
accounts_mail_order_number = Mail-order business report number
accounts_business_address = Business address
accounts_payout_account = Payout account
accounts_bank = Bank
accounts_choose_bank = Choose a bank
accounts_account_number = Account number
accounts_digits_only = Numbers only
accounts_holder = Account holder
accounts_registration = Business registration certificate
accounts_registration_file = Certificate file (image or PDF, up to 10 MB)

## E-mail verification
accounts_verify_title = Verify email
accounts_verified = {" "}is verified.
accounts_sign_in = Sign in
accounts_verify_intro = Press the button below to finish verifying your email address.
accounts_verify_button = Verify email
accounts_unlock_title = Unlock sign-in
accounts_unlock_intro = Press the button to unlock sign-in to this account. This device will be remembered: the right password works here even while someone else keeps trying.
accounts_unlock_button = Unlock
accounts_unlocked = {": "}sign-in is unlocked. Sign in with your password on this device.
accounts_verify_resend = Resend verification email from sign-in

## Passwords
accounts_forgot_sent = If that email has an account, we sent a password reset link. The link is valid for 1 hour.
accounts_forgot_intro = Enter the email you signed up with and we'll send a link to set a new password.
accounts_forgot_button = Send reset link
accounts_back_to_login = Back to sign in
accounts_reset_title = Set a new password
accounts_reset_done = Password changed. You were signed out on all devices; sign in with the new password.
accounts_new_password = New password
accounts_new_password_confirm = Confirm new password
accounts_reset_button = Change password

## My account
accounts_toast_password_changed = Password changed. All other devices were signed out.
accounts_toast_logged_out_others = { $count ->
    [one] Signed out of { $count } other device.
   *[other] Signed out of { $count } other devices.
}
accounts_title = My account · Partner Center
accounts_heading = My account
accounts_name = Name
accounts_shop = Shop
accounts_role = Role
accounts_logout = Sign out
accounts_change_password = Change password
accounts_current_password = Current password
accounts_devices = Signed-in devices
accounts_this_device = This device
accounts_last_used = Last used { $time }
accounts_logout_others = Sign out all other devices

## Resubmitted application
accounts_reapply_title = Resubmit application · Partner Center
accounts_reapply_heading = Resubmit application
accounts_rejection_reason = Reason for rejection:{" "}
accounts_reapply_button = Request review again

accounts_mail_order_placeholder = As on your mail-order business report (in Korean)
accounts_err_too_many_signups = Too many sign-up requests. Please try again in an hour.
accounts_err_business_number_verified_elsewhere = Another shop verified its email with this business registration number first, so this verification cannot be completed. If the number is yours, contact customer service with your business registration certificate.
