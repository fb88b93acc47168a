# The shop: settings page, profile and payout account checks, application rules.

shop_page_title = Shop details · Partner Center
shop_heading = Shop details
shop_none = No shop registered.
shop_saved = Shop details saved.
shop_public_legend = Shown to buyers
shop_name = Shop name
shop_cs_phone = Customer service phone
shop_cs_email = Customer service email
shop_cs_hours = Customer service hours
shop_cs_hours_placeholder = Weekdays 10:00-17:00 (lunch 12:00-13:00)
shop_introduction = Shop introduction
shop_business_kind_legend = Business type and item
shop_business_kind_hint = Enter the business type and item from your business registration certificate. They appear on tax invoices.
shop_business_type = Business type
shop_business_type_placeholder = Wholesale and retail
shop_business_item = Business item
shop_business_item_placeholder = Online apparel sales
shop_saving = Saving…
shop_save = Save
shop_business_facts = Business details
shop_business_facts_hint = The business details below change only through an onboarding review. You can edit the business type and item above.
shop_representative = Representative
shop_representative_name = Representative name
shop_business_number = Business registration number
shop_mail_order_number = Mail-order business number
shop_business_address = Business address
shop_noun_shop = Shop

# Payout account
shop_payout_saved = Payout account changed.
shop_payout_title = Payout account
shop_payout_current = { $bank } { $account } (holder: { $holder })
shop_payout_change = Change payout account
shop_bank = Bank
shop_bank_choose = Select a bank
shop_account_number = Account number
shop_account_holder = Account holder
shop_payout_save = Save account

# Errors
shop_err_name_required = Enter a shop name.
shop_err_name_too_long = Shop name must be { $max } characters or fewer.
shop_err_name_bad_chars = Shop name contains characters that are not allowed.
shop_err_email_invalid = Enter a valid email address.
shop_err_cs_hours_too_long = Hours must be 100 characters or fewer.
shop_err_introduction_too_long = Shop introduction must be { $max } characters or fewer.
shop_err_business_type_too_long = Business type must be { $max } characters or fewer.
shop_err_business_item_too_long = Business item must be { $max } characters or fewer.
shop_err_business_type_bad_chars = Business type contains characters that are not allowed.
shop_err_business_item_bad_chars = Business item contains characters that are not allowed.
shop_err_phone_invalid = Enter a valid phone number, e.g. 02-1234-5678
shop_err_business_number_invalid = Not a valid business registration number. Check the 10 digits.
shop_err_bank_required = Select the bank for settlement payouts.
shop_err_account_number = Account number must be 10 to 16 digits.
shop_err_document_required = Attach your business registration certificate.
shop_err_document_too_large = The certificate file must be 10 MB or smaller.
shop_err_document_type = The certificate must be an image (JPG, PNG, WEBP) or a PDF.
