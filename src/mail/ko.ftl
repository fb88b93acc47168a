# The developer mailbox.

mail_title = 개발용 메일함 · 파트너센터
mail_heading = 개발용 메일함
mail_intro = SMTP가 설정되지 않았을 때 보내려던 메일이 이곳에 보관됩니다.
mail_empty = 보관된 메일이 없습니다.
mail_to = 받는 사람:{" "}
