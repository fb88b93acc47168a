# The developer mailbox.

mail_title = 개발용 메일함 · 파트너센터
mail_heading = 개발용 메일함
mail_intro = SMTP가 설정되지 않았을 때 보내려던 메일이 이곳에 보관됩니다.
mail_empty = 보관된 메일이 없습니다.
mail_to = 받는 사람:{" "}
mail_body_hidden = 본문은 개발 모드에서만 표시됩니다. 일회용 링크는 운영자에게도 보이지 않습니다.
mail_link_removed = (일회용 링크는 발송 후 또는 만료 후 보안을 위해 삭제되었습니다)
