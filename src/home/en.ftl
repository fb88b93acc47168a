# Home: the seller's dashboard, and the home of operators and of accounts
# without a shop.

home_page_title = Home · Partner Center
home_heading = Home
home_operator_console = Operator console
home_operator_hint = Review onboarding applications and manage shops.
home_operator_go = Go to onboarding review
home_no_shop = You don't belong to a shop yet
home_no_shop_hint = Ask the shop's owner to invite you as staff.

# The shop's review state
home_status_pending = Your application is under review. You can add products in the meantime.
home_status_approved = Your application is approved. You can sell on the sales channels.
home_status_rejected = Your application was rejected. Check the reason, update your documents and apply again.
home_status_suspended = Sales are suspended. Check the notice from our operations team.
home_pending_banner_title = Your application is under review.
home_pending_banner_text = Reviews usually take 1 to 3 business days. You can add products in the meantime.
home_rejected_banner_title = Your application was rejected.
home_reason = Reason: { $reason }
home_resubmit = Update and reapply
home_suspended_banner_title = Sales of this shop are suspended.

# Dashboard
home_refreshed = Dashboard refreshed.
home_refresh = Refresh
home_no_shop_yet = No shop registered yet
home_no_shop_yet_hint = Once your shop is registered, you'll see today's tasks here at a glance.
# The greeting: before the shop's name, between it and today's date, after the date.
home_greeting_before = Hello,{" "}
home_greeting_middle = . Today is{" "}
home_greeting_after = .
home_card_products = Products
home_on_sale = On sale
home_sold_out = Sold out
home_low_stock = Low-stock options
home_add_product = Add product
home_card_status = Onboarding status
home_card_profile = Shop details
home_profile_complete = All customer service details are filled in.
home_profile_missing = Buyers can't see these details yet:
home_manage_profile = Edit shop details
home_as_of = As of { $time }
home_card_orders = Orders & shipping
home_new_orders = New orders
home_to_ship = Ready to ship
home_shipping = In transit
home_late = Late
home_today_paid = { $count ->
    [one] Paid today: { $count } item · { $amount }
   *[other] Paid today: { $count } items · { $amount }
}
home_manage_orders = Manage orders
home_card_support = Customer support
home_claims_open = Claims to handle
home_inquiries_unanswered = Unanswered inquiries
home_inquiries_due = Inquiries due soon or overdue
home_reviews_unreplied = Reviews without a reply
