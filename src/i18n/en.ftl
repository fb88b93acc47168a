# English texts of ko.ftl (same keys, same variables).

common_items_count = { $count ->
    [one] { $count } item
   *[other] { $count } items
}
common_language = Language
common_weekday_mon = Mon
common_weekday_tue = Tue
common_weekday_wed = Wed
common_weekday_thu = Thu
common_weekday_fri = Fri
common_weekday_sat = Sat
common_weekday_sun = Sun

error_not_found_thing = { $what } was not found.
error_internal = A temporary error stopped the request. Please try again in a moment.
error_network = Could not reach the server. Please check your network connection.
error_bad_request = The request is not in the right format.

error_code_invalid_input = Please check what you entered.
error_code_unknown_variant = Unknown option.
error_code_invalid_period = The period is not valid.
error_code_period_too_long = The period is too long.
error_code_bad_request = The request is not in the right format.
error_code_invalid_token = The link is invalid or has expired.
error_code_unauthorized = Please sign in.
error_code_invalid_credentials = The e-mail or password is incorrect.
error_code_forbidden = You do not have permission.
error_code_cross_origin = Requests sent from other sites are not processed.
error_code_email_not_verified = Please verify your e-mail address.
error_code_not_found = Not found.
error_code_unknown_tracking_number = Unknown tracking number.
error_code_conflict = This conflicts with another change. Please refresh and try again.
error_code_email_taken = This e-mail is already registered.
error_code_business_number_taken = This business registration number is already registered.
error_code_invalid_transition = This cannot be done in the current status.
error_code_out_of_stock = Not enough stock.
error_code_not_on_sale = The product is not on sale.
error_code_idempotency_conflict = A different request with the same ID was already received.
error_code_claim_not_allowed = A claim cannot be filed for this order.
error_code_claim_open = A claim is already in progress.
error_code_refund_mismatch = The refund amount does not match.
error_code_review_not_allowed = A review cannot be written for this order.
error_code_too_many_requests = Too many requests. Please try again in a moment.
error_code_network = Could not reach the server. Please check your network connection.
error_code_internal = A temporary error stopped the request. Please try again in a moment.
error_code_font_missing = The server has no Korean font installed, so the PDF cannot be made.
error_code_busy = The server is busy right now. Please try again in a moment.
error_code_invalid_signature = The request's signature is wrong or has expired.
error_code_waybill_taken = This waybill number is already used by another shipment.
error_code_coupon_unknown = This shop has no coupon with this code.
error_code_coupon_not_active = The coupon is not within its period of use.
error_code_coupon_paused = The seller has paused this coupon.
error_code_coupon_exhausted = This coupon has been used up.
error_code_coupon_buyer_limit = The buyer has reached this coupon's per-buyer limit.
error_code_coupon_out_of_scope = This coupon does not apply to this product.
error_code_coupon_below_minimum = The order is below the coupon's minimum amount.
error_code_price_not_in_force = This discounted price was not in force when the order was paid.
error_code_period_overlap = Another period discount of this product overlaps this period.

common_language_failed = Could not change the language. Please check your network connection.
common_language_hint = The language of the screens. Export column headers and tax invoices stay in Korean.
common_bad_cursor = The list position is not valid. Please search again from the start.
error_request_timeout = The request took too long and was stopped. Please try again shortly.
