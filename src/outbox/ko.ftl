# The buyer outbox as the seller sees it: the state of a message and how it
# went out. (The messages themselves go to buyers and stay Korean.)

outbox_status_pending = 대기
outbox_status_sending = 발송중
outbox_status_sent = 발송완료
outbox_status_failed = 실패

outbox_via_email = 이메일
outbox_via_channel = 채널 알림
