# The activity log: its page and the label of each recorded action.

audit_page_title = Activity log · Partner Center
audit_heading = Activity log
audit_changes = Changes
audit_before = Before
audit_after = After
audit_more = Show older entries

# Actions
audit_action_shop_profile_update = Shop details changed
audit_action_shop_payout_update = Payout account changed
audit_action_shop_application_submit = Application submitted
audit_action_shop_application_resubmit = Application resubmitted
audit_action_shop_review_approve = Application approved
audit_action_shop_review_reject = Application rejected
audit_action_shop_review_suspend = Sales suspended
audit_action_staff_invite = Staff invited
audit_action_staff_invite_cancel = Invitation cancelled
audit_action_staff_join = Staff joined
audit_action_staff_role_change = Staff role changed
audit_action_staff_revoke = Staff access removed
audit_action_product_create = Product added
audit_action_product_update = Product edited
audit_action_product_delete = Product deleted
audit_action_product_bulk_status = Sale status bulk-changed
audit_action_product_bulk_price = Prices bulk-changed
audit_action_product_stock_sheet = Stock and prices bulk-edited
audit_action_product_import = Products bulk-uploaded
audit_action_order_confirm = Order confirmed
audit_action_order_cancel = Sale cancelled
audit_action_order_ship = Shipped
audit_action_order_delay = Shipping delay notice
audit_action_claim_approve = Claim approved
audit_action_claim_reject = Claim rejected
audit_action_claim_hold = Claim on hold
audit_action_claim_pickup = Pickup requested
audit_action_claim_collect = Pickup completed
audit_action_claim_reship = Exchange reshipped
audit_action_claim_withdraw = Claim withdrawn
audit_action_inquiry_answer = Inquiry answered
audit_action_inquiry_answer_edit = Inquiry answer edited
audit_action_review_reply = Review reply
audit_action_review_reply_edit = Review reply edited
audit_action_review_report = Review reported
audit_action_review_best = Best review selected
audit_action_review_best_cancel = Best review removed
audit_action_other = Other change

audit_target_order_items = { $count ->
    [one] { $count } order item
   *[other] { $count } order items
}
audit_target_claims = { $count ->
    [one] { $count } claim
   *[other] { $count } claims
}
audit_target_claim = Claim { $id }
audit_target_review = Review #{ $id }
audit_target_inquiry = Inquiry #{ $id }
audit_target_statement = Statement #{ $id }
audit_target_payout_account = Payout account
audit_target_products = Products
audit_action_coupon_create = Coupon created
audit_action_coupon_pause = Coupon paused
audit_action_coupon_resume = Coupon resumed
audit_action_coupon_end = Coupon ended early
audit_action_discount_create = Period discount created
audit_action_discount_cancel = Period discount cancelled
audit_action_campaign_create = Campaign opened
audit_action_campaign_approve = Campaign application approved
audit_action_campaign_reject = Campaign application rejected
audit_action_campaign_apply = Applied to a campaign
audit_action_campaign_withdraw = Campaign application withdrawn
