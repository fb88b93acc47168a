# Reviews. English.

reviews_report_reason_abuse = Abuse or insults
reviews_report_reason_ad = Advertising
reviews_report_reason_privacy = Personal information
reviews_report_reason_unrelated = Not about the product
reviews_report_reason_other = Other

## Errors
reviews_err_reply_required = Enter a reply.
reviews_err_reply_too_long = Replies can be up to { $max } characters.
reviews_err_report_reason_required = Enter a report reason.
reviews_err_report_reason_too_long = Report reasons can be up to { $max } characters.
reviews_err_photo_url = Photo URLs must start with https://.
reviews_err_rating = rating must be an integer from 1 to 5.
reviews_err_body_too_long = The review body must be 2000 characters or fewer.
reviews_err_too_many_photos = Up to { $max } photos are allowed.
reviews_err_buyer_name = buyer_name must be 1–50 characters.
reviews_noun_order_item = Order item
reviews_noun_product = Product
reviews_noun_review = Review
reviews_err_not_delivered = Reviews can only be written for delivered or confirmed order items.
reviews_err_rating_filter = Choose a rating from 1 to 5.
reviews_err_reply_filter = Choose a reply status from the list.
reviews_err_reply_unchanged = This is the same as the current reply. Enter your changes.
reviews_err_reply_conflict = Someone else just changed the reply. Refresh the list and try again.
reviews_err_already_reported = You've already reported this review. A review can be reported only once.
reviews_err_best_max = You can pick up to { $max } best reviews per product. Unpick another review first.

## Page
reviews_page_title = Reviews · Partner Center
reviews_heading = Reviews
reviews_filters_label = Review filters
reviews_rating = Rating
reviews_rating_all = All ratings
reviews_points = { $rating ->
    [one] { $rating } star
   *[other] { $rating } stars
}
reviews_reply_status = Reply status
reviews_reply_all = All replies
reviews_unreplied = No reply
reviews_replied = Replied
reviews_filter_photo = With photos
reviews_filter_reported = Reported
reviews_filter_best = Best reviews
reviews_summary_reviews = Reviews
reviews_summary_best = Best
reviews_summary_reported = Reported
reviews_average = Average
reviews_count = { $count ->
    [one] { $count } review
   *[other] { $count } reviews
}
reviews_all_products = All products
reviews_top_products = Most reviewed
reviews_empty_title = No matching reviews
reviews_empty_body = New reviews show up here as they arrive.
reviews_reply_updated = Reply updated.
reviews_reply_posted = Reply posted.
reviews_reported_toast = Review reported.
reviews_best_removed = Removed from best reviews.
reviews_best_picked = Picked as a best review.
reviews_rating_aria = Rated { $rating } out of 5
reviews_best_badge = Best
reviews_reported_badge = Reported
reviews_photo_alt = Review photo { $n }
reviews_report_reason_shown = Report reason:
reviews_seller_reply = Seller reply
reviews_edit_reply = Edit reply
reviews_best_unpick = Unpick best
reviews_best_pick = Pick as best
reviews_report_done = Reported
reviews_report = Report
reviews_report_title = Report review
reviews_report_to_platform = Sent to the platform
reviews_reason = Reason
reviews_reason_detail = Details
reviews_close = Close
reviews_report_submit = Report
reviews_reply_form = Reply to review { $id }
reviews_reply = Reply
reviews_reply_hint = Write a reply to the buyer.
reviews_post_reply = Post reply

reviews_api_conflict = A different review with the same channel_review_id was already received.
