# Promotions: what the three kinds share (codes, periods, statuses).

promo_err_code = A coupon code is { $min } to { $max } capital letters, digits, - or _ (no spaces).
promo_err_name = Enter a name of 1 to { $max } characters.
promo_err_amount = Enter an amount from 1 won to 100,000,000 won.
promo_err_datetime = Enter the date and time as YYYY-MM-DD HH:MM.
promo_err_end_before_start = The end must be after the start.
promo_err_period_too_long = A period cannot be longer than a year.
promo_status_scheduled = Scheduled
promo_status_active = Running
promo_status_ended = Ended
promo_status_paused = Paused
promo_tab_coupons = Coupons
promo_tab_discounts = Period discounts
promo_tab_campaigns = Campaigns
promo_title = Promotions
