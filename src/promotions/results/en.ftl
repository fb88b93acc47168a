# Promotion results: totals, the daily chart, redemptions, exports.

promores_title = Results
promores_noun = promotion
promores_orders = Orders
promores_units = Units
promores_revenue = Revenue
promores_discount = Discount
promores_seller_discount = Paid by seller
promores_platform_discount = Paid by platform
promores_redemptions = Coupon uses
promores_released = Uses given back
promores_count = { $n }
promores_daily = Daily revenue
promores_csv = Download CSV
promores_xlsx = Download Excel
promores_latest = Latest coupon uses
promores_none = No order has used this coupon yet.
promores_col_at = Used at
promores_col_order = Order no.
promores_col_channel = Channel
promores_col_status = Status
promores_status_used = Used
promores_status_released = Given back
promores_err_kind = The promotion type must be coupon, period or campaign.
promores_err_date = Enter dates like 2026-12-01.
promores_err_end_before_start = The end date can't be before the start date.
promores_err_too_long = You can view up to { $max } days at a time.
