# The developer mailbox.

mail_title = Dev mailbox · Partner Center
mail_heading = Dev mailbox
mail_intro = Mail that would have been sent is kept here while SMTP is not set up.
mail_empty = No mail kept.
mail_to = To:{" "}
