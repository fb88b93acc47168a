# The buyer outbox as the seller sees it: the state of a message and how it
# went out. (The messages themselves go to buyers and stay Korean.)

outbox_status_pending = Queued
outbox_status_sending = Sending
outbox_status_sent = Sent
outbox_status_failed = Failed

outbox_via_email = Email
outbox_via_channel = Channel notification
