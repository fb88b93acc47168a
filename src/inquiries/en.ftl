# Inquiries: the inbox, answers and templates; the Channel API's inquiry
# errors. (Messages to buyers stay Korean and are not here.)

## Categories, kinds, tabs
inquiries_category_size = Size
inquiries_category_delivery = Delivery
inquiries_category_restock = Restock
inquiries_category_product = Product
inquiries_category_exchange_return = Exchange/return
inquiries_category_other = Other
inquiries_kind_product = Product inquiry
inquiries_kind_order = Order inquiry
inquiries_unanswered = Unanswered
inquiries_answered = Answered
inquiries_tab_all = All
inquiries_tab_due_soon = Due soon
inquiries_overdue = Overdue

## Input checks
inquiries_err_answer_required = Enter an answer.
inquiries_err_answer_too_long = Answers can be up to { $max } characters.
inquiries_err_template_title_required = Enter a template title.
inquiries_err_template_title_too_long = Template titles can be up to { $max } characters.
inquiries_err_template_body_required = Enter the template text.
inquiries_err_template_body_too_long = Template text can be up to { $max } characters.

## Channel API
inquiries_err_field_required = { $field } is required.
inquiries_err_field_too_long = { $field } must be at most { $max } characters.
inquiries_err_product_id_required = A product inquiry needs product_id.
inquiries_err_bad_kind = kind must be product or order.
inquiries_err_bad_category = category is not valid.
inquiries_noun_product = Product
inquiries_noun_order_item = Ordered item

## Inbox and answers (server)
inquiries_err_pick_kind = Choose an inquiry type from the list.
inquiries_err_pick_category = Choose a category from the list.
inquiries_err_pick_due = Choose a due filter from the list.
inquiries_err_pick_status = Choose an answer status from the list.
inquiries_noun_inquiry = Inquiry
inquiries_err_same_answer = This is the same as the current answer. Enter what to change.
inquiries_err_answer_changed = Someone just changed this answer. Refresh the list and try again.
inquiries_noun_template = Answer template
inquiries_err_too_many_templates = You can have up to { $max } answer templates.

## Inbox page
inquiries_title = Inquiries · Partner Center
inquiries_heading = Inquiries
inquiries_search = Search inquiries
inquiries_search_hint = Buyer, product, inquiry text
inquiries_kind = Inquiry type
inquiries_all_kinds = All types
inquiries_category = Category
inquiries_all_categories = All categories
inquiries_answer_status = Answer status
inquiries_empty_title = No inquiries match
inquiries_empty_body = New inquiries show up here as soon as they arrive.
inquiries_toast_answer_edited = Answer updated.
inquiries_toast_answered = Answer posted.
inquiries_product_order = { $product } · Order { $order }
inquiries_product_option_order = { $product } ({ $option }) · Order { $order }
inquiries_secret = {" "}· Private
inquiries_due = Due { $due }
inquiries_due_in_4h = Due within 4 hours
inquiries_seller_answer = Your answer
inquiries_edit_answer = Edit answer
inquiries_answer_action = Answer
inquiries_history = Edit history
inquiries_first_answer = First answer
inquiries_edited = Edited
inquiries_loading = Loading…
inquiries_answer_form = Answer to inquiry { $id }
inquiries_answer_template = Answer template
inquiries_insert_template = Insert template…
inquiries_answer = Answer
inquiries_answer_hint = Write the answer to send to the buyer.
inquiries_close = Close
inquiries_submit_edit = Save changes
inquiries_submit_answer = Post answer

## Templates
inquiries_toast_template_saved = Template '{ $title }' saved.
inquiries_toast_template_deleted = Template deleted.
inquiries_manage_templates = Manage answer templates
inquiries_edit = Edit
inquiries_delete = Delete
inquiries_confirm_delete_template = Delete this template?
inquiries_edit_template = Edit template
inquiries_new_template = New template
inquiries_template_title_hint = Title (up to 50 characters)
inquiries_template_body = Text
inquiries_cancel = Cancel
inquiries_save = Save

inquiries_api_conflict = A different inquiry with the same channel_inquiry_id was already received.
