# Sales dashboard.

sales_range_today = Today
sales_range_7d = 7 days
sales_range_30d = 30 days
sales_err_date = Enter the { $label } as a date like 2026-11-26.
sales_err_range = Choose today, 7 days or 30 days.
sales_start_date = start date
sales_end_date = end date
sales_err_end_before_start = The end date can't be before the start date. Choose the period again.
sales_err_period_too_long = You can view up to 2 years (731 days) at a time.
sales_no_change = No change
sales_long_date =
    { $weekday }, { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    } { $day }
sales_date =
    { $month ->
        [1] Jan
        [2] Feb
        [3] Mar
        [4] Apr
        [5] May
        [6] Jun
        [7] Jul
        [8] Aug
        [9] Sep
        [10] Oct
        [11] Nov
       *[12] Dec
    } { $day }, { $year }
sales_uncategorized = Uncategorized

sales_page_title = Sales · Partner Center
sales_heading = Sales
sales_period_nav = Period
sales_custom = Custom
sales_period_label = Period (payment date)
sales_period_hint = You can view up to 2 years (731 days).
sales_apply = Apply
sales_prev_value = Prev. { $value }
sales_count_orders = { $count ->
        [one] { $count } order
       *[other] { $count } orders
    }
sales_count_units = { $count ->
        [one] { $count } unit
       *[other] { $count } units
    }
sales_amount_and_count = { $amount } ({ $count })
sales_channel_point = { $amount } · { $count ->
        [one] { $count } order
       *[other] { $count } orders
    }
sales_period_days = ({ $days ->
        [one] { $days } day
       *[other] { $days } days
    }) · vs. previous period { $prev }
sales_summary = Summary
sales_revenue = Revenue
sales_orders = Orders
sales_units = Units sold
sales_aov = Avg. order value
sales_cancelled = Cancelled
sales_refunds = Refunds
sales_net = Net sales
sales_empty = No orders were paid in this period.
sales_daily = Daily sales
sales_by_channel = Sales by channel
sales_no_channels = No channel has sold yet.
sales_top_products = Top { $count } products
sales_by_category = Sales by category
sales_note = Revenue is the sales amount by payment date (item price + option price − seller discount), without platform discounts or shipping. Cancellations count on the day cancelled, refunds on the day the return completed. Net sales = revenue − cancellations − refunds.
sales_no_rows = No sales yet.
sales_rank_meta = { $orders ->
        [one] { $orders } order
       *[other] { $orders } orders
    } · { $units ->
        [one] { $units } unit
       *[other] { $units } units
    } · { $share }
sales_this_period = This period
sales_previous_period = Previous period
