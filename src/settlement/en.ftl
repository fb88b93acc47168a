# Settlement and the tax invoice / VAT report pages (tax_).

settlement_status_scheduled = Scheduled
settlement_status_held = On hold
settlement_status_paid = Paid
settlement_kind_sale = Sale
settlement_kind_claim = Claim
settlement_kind_adjustment = Adjustment
settlement_err_month_format = Enter the month as YYYY-MM.
settlement_month_title =
    { $month ->
        [1] January
        [2] February
        [3] March
        [4] April
        [5] May
        [6] June
        [7] July
        [8] August
        [9] September
        [10] October
        [11] November
       *[12] December
    } { $year }

# Pages
settlement_tabs_label = Settlement
settlement_tab_statements = Statements
settlement_tab_tax_invoices = Tax invoices
settlement_tab_vat = VAT report
settlement_list_page_title = Statements · Partner Center
settlement_heading = Settlement
settlement_no_next_pay = No payout scheduled
settlement_card_scheduled = Scheduled
settlement_next_pay = Next payout { $date }
settlement_card_paid_in_month = Paid in { $month }
settlement_card_held = On hold
settlement_held_hint = See the statement for the hold reason.
settlement_upcoming_title = Upcoming statements
settlement_upcoming_empty = No statements awaiting payout. Confirmed orders go into a statement right away.
settlement_month_prev = ◀ Prev
settlement_month_next = Next ▶
settlement_month_schedule = { $month } payouts
settlement_statements_title = Statements
settlement_excel = Excel
settlement_statements_empty = No statements are paid out this month.
settlement_rates_title = Fee rates (excl. VAT)
settlement_rate_pair = Sales { $commission } · Payment { $payment }
settlement_payout_note = Paid { $days ->
        [one] { $days } business day
       *[other] { $days } business days
    } after purchase confirmation (excl. weekends and holidays). VAT on fees is deducted from the next settlement after the monthly tax invoice.
settlement_pay_on = Payout { $date }
settlement_confirmed_on = Confirmed { $date }
settlement_cal_day = { $month }/{ $day }
settlement_cal_paid = payout { $amount }
settlement_cal_amount = { $amount }
settlement_statement_page_title = Statement · Partner Center
settlement_statement_heading = Statement
settlement_back_to_list = ← Statements
settlement_pay_date_label = Payout date
settlement_hold_reason_value = Hold reason: { $reason }
settlement_sale_amount = Sales
settlement_seller_discount = Seller discount
settlement_shipping_fee = Shipping
settlement_commission = Commission
settlement_payment_fee = Payment fee
settlement_net_payout = Payout
settlement_lines_title = Line items
settlement_more = Load more
settlement_qty = Qty { $count }
settlement_line_sale = Sales { $amount }
settlement_line_discount = Discount -{ $amount }
settlement_line_shipping = Shipping { $amount }
settlement_line_claim = Claim { $amount }

# Operator console
settlement_op_page_title = Settlement · Admin console
settlement_op_heading = Settlement (admin)
settlement_op_platform_default_all = Platform default (all shops)
settlement_platform_default = Platform default
settlement_toast_rate_saved = Fee rate saved.
settlement_toast_adjustment_added = Adjustment added to the next statement.
settlement_rates_form_title = Fee rates
settlement_shop = Shop
settlement_channel = Channel
settlement_commission_rate = Commission (%)
settlement_payment_fee_rate = Payment fee (%)
settlement_effective_from = Effective from
settlement_memo = Memo
settlement_save = Save
settlement_rate_note = Orders settle at the rate in force when they were paid. Past orders keep their rate.
settlement_rate_from = from { $date }
settlement_op_statements_title = Scheduled and held (next 14 days)
settlement_op_statements_empty = No scheduled statements.
settlement_adjust_title = Adjustments
settlement_adjust_note = Paid statements never change. Corrections are added to or deducted from the next statement as adjustment lines.
settlement_adjust_amount = Amount (₩, - to deduct)
settlement_reason = Reason
settlement_adjust_add = Add adjustment
settlement_toast_released = Hold released.
settlement_toast_held = Payout put on hold.
settlement_reason_value = Reason: { $reason }
settlement_release = Release
settlement_hold_reason = Hold reason
settlement_auto_hold_payout_change = The payout account was changed: for safety, payment is held until { $until }.
settlement_auto_hold_suspended = The shop is suspended: payment is held until the suspension ends.
settlement_hold = Hold

# Server errors
settlement_err_conflict_retry = Settlement ran at the same time; retrying.
settlement_err_channel = Choose a channel.
settlement_err_commission = Enter the commission as a number from 0 to 100, with up to 2 decimal places.
settlement_err_payment_fee = Enter the payment fee as a number from 0 to 100, with up to 2 decimal places.
settlement_err_effective_from = Choose the effective date.
settlement_noun_shop = Shop
settlement_noun_statement = Statement
settlement_noun_file = File
settlement_err_already_paid = A paid statement can't be held or changed.
settlement_err_already_held = This statement is already on hold.
settlement_err_not_held = This statement isn't on hold.
settlement_err_hold_reason_required = Enter a hold reason.
settlement_err_hold_reason_too_long = Keep the hold reason to { $max } characters or fewer.
settlement_err_adjust_amount = Enter the adjustment in whole won (- to deduct, up to ₩100,000,000).
settlement_err_adjust_memo = Enter an adjustment reason of up to { $max } characters.

# Tax invoice and VAT report pages (the PDF stays Korean)
tax_purpose_receipt = Receipt
tax_purpose_claim = Billing
tax_err_month_format = Enter the month as YYYY-MM, e.g. 2026-10.
tax_err_month_range = There is no month { $month }. Enter a month from 1 to 12.
tax_err_future_month = { $month } hasn't come yet.
tax_noun_month_invoice = This month's tax invoice
tax_err_font_missing = The server has no Korean font to make the PDF. Please contact the operations team. (Admin: install the fonts-noto-cjk package or set the PDF_FONT environment variable to a font path.)
tax_vat_total_row = Total
tax_list_page_title = Tax invoices · Partner Center
tax_intro = The tax invoices Partner Center issues each month for commission and payment fees. They are dated the last day of the month, and the VAT is deducted from the next payout (receipt).
tax_list_empty = No tax invoices yet.
tax_list_empty_hint = Once fees on confirmed orders are settled, last month's tax invoice is issued on the 1st of the next month.
tax_badge_issued = Issued
tax_badge_preview = Upcoming · Preview
tax_supply_value = Supply value
tax_vat_amount = VAT
tax_total_amount = Total
tax_write_date_value = Dated { $date }
tax_approval_no_label = Approval no.
tax_view = View invoice
tax_download_pdf = Download PDF
tax_invoice_page_title = Tax invoice { $month } · Partner Center
tax_invoice_heading = Tax invoice · { $month }
tax_back_to_list = ← List
tax_print = Print
tax_registration_no = Business registration number
tax_trade_name = Business name
tax_representative = Representative
tax_business_address = Business address
tax_business_type = Business type
tax_business_item = Business item
tax_email = Email
tax_supplier = Supplier
tax_buyer = Recipient
tax_preview_note = Preview, not issued
tax_preview_notice = This is a preview of a tax invoice not yet issued. Amounts may change until the month ends; it is finalized and issued on the 1st of the next month.
tax_invoice_aria = Tax invoice
tax_e_invoice = Electronic tax invoice
tax_buyer_copy = (Recipient's copy)
tax_approval_preview = Not issued (preview)
tax_management_no = Reference no.
tax_write_date = Date
tax_remarks = Remarks
tax_col_month = Mo
tax_col_day = Day
tax_col_item = Item
tax_col_spec = Spec
tax_col_quantity = Qty
tax_col_unit_price = Unit price
tax_col_cash = Cash
tax_col_check = Check
tax_col_note = Promissory note
tax_col_credit = Credit
tax_purpose_before = This amount is (
tax_purpose_after = )
tax_foot = Tax invoice for { $month } commission and payment fees. The VAT of { $vat } is deducted from the next payout.
tax_vat_page_title = VAT report · Partner Center
tax_month_picker = Month
tax_prev_month = Previous month
tax_next_month = Next month
tax_vat_count = Sales count
tax_vat_sales = Sales
tax_vat_refunds = Refunds
tax_vat_refunds_value = { $amount } ({ $count })
tax_vat_taxable_total = Taxable sales
tax_vat = VAT
tax_vat_heading = { $month } sales by payment method
tax_vat_excel = Excel (XLSX)
tax_vat_method = Payment method
tax_vat_note = Sales are what buyers paid (price and option price × quantity − discounts + shipping) for items paid in the month (Korea time) and not cancelled. Refunds are the refunds of returns completed in the month. Supply value is 100/110 of taxable sales rounded to the won; VAT is the rest.
settlement_export_english_headers = English column headers
settlement_coupons_title = Coupon discounts
settlement_coupons_help = The seller's part comes off the payout and the commission base; the platform pays its part back.
settlement_coupon_col_coupon = Coupon
settlement_coupon_col_lines = Lines
settlement_coupon_col_seller = Seller's part
settlement_coupon_col_platform = Platform's part
settlement_line_coupon = Coupon discount (seller { $seller } · platform { $platform })
settlement_line_campaign = Campaign commission applied
