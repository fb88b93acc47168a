# The developer mailbox.

mail_title = Dev mailbox · Partner Center
mail_heading = Dev mailbox
mail_intro = Mail that would have been sent is kept here while SMTP is not set up.
mail_empty = No mail kept.
mail_to = To:{" "}
mail_body_hidden = Bodies are shown only in development mode. One-time links are hidden from operators too.
mail_link_removed = (the one-time link was removed for security after sending or expiry)
