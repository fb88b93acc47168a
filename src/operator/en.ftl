# The operator's console: the onboarding review queue and application detail.

operator_tab_pending = Pending
operator_tab_approved = Approved
operator_tab_rejected = Rejected
operator_tab_suspended = Suspended
operator_tab_all = All
operator_queue_title = Onboarding review · Partner Center
operator_queue_heading = Onboarding review
operator_tabs_label = Review status
operator_queue_empty = No applications here.
operator_submitted = Applied { $at }
operator_done = Done: { $status }
operator_detail_title = Application · Partner Center
operator_detail_heading = Application
operator_back = List
operator_owner = Owner account
operator_submitted_on = Applied on
operator_reason = Reason: { $reason }
operator_document = Business registration certificate
operator_open_pdf = Open PDF
operator_no_document = No document attached.
operator_actions = Decision
operator_approve = Approve
operator_reject_reason = Reason for rejection (shown to the seller)
operator_reject = Reject
operator_suspend_reason = Reason for suspension
operator_suspend = Suspend sales
operator_reinstate = Resume sales
operator_rejected_hint = When the seller fixes and resubmits the application, it returns to Pending.

# Errors
operator_err_transition = This can't be done for a shop with status '{ $status }'.
operator_err_unknown_status = Unknown status.
operator_err_decision_required = Choose a decision.
operator_err_reason_required = Enter a reason. The seller sees it as written.
operator_err_reason_too_long = Reason must be 500 characters or fewer.
operator_err_already_decided = Another operator handled this first. Refresh the list.
operator_noun_application = Application
operator_doc_forbidden = Only operators can view this document.
operator_doc_not_found = Document not found.

# E-mails to the seller about the decision (paragraphs joined by blank lines in code)
operator_mail_approved_subject = [Partner Center] Your application was approved
operator_mail_approved_body = The application of { $shop } was approved. You can start selling now.
operator_mail_rejected_subject = [Partner Center] Your application was rejected
operator_mail_rejected_body = The application of { $shop } was rejected.
operator_mail_resubmit = Please update it and apply again.
operator_mail_suspended_subject = [Partner Center] Your shop's sales were suspended
operator_mail_suspended_body = Sales of { $shop } were suspended.
