# Sign-up, sign-in, e-mail verification, password pages, the account page,
# the resubmitted application; the verification and reset e-mails.

## Errors
accounts_err_password_mismatch = 비밀번호가 서로 다릅니다.
accounts_err_document_too_large = 사업자등록증 파일은 10MB 이하만 올릴 수 있습니다.
accounts_err_bad_request = 요청 형식이 올바르지 않습니다.
accounts_err_business_number_taken = 이미 입점 신청된 사업자등록번호입니다. 기존 계정으로 로그인해 주세요.
accounts_err_current_password = 현재 비밀번호가 올바르지 않습니다.
accounts_err_same_password = 지금과 다른 비밀번호를 입력해 주세요.
accounts_err_not_rejected = 반려된 신청만 다시 제출할 수 있습니다.

## E-mails
accounts_verify_mail_subject = [파트너센터] 이메일 주소를 인증해 주세요
accounts_verify_mail_body =
    파트너센터에 가입해 주셔서 감사합니다.

    아래 링크를 열어 이메일 주소를 인증해 주세요. 링크는 48시간 동안 한 번만 쓸 수 있습니다.

    { $link }

    본인이 가입하지 않았다면 이 메일을 무시해 주세요.
accounts_reset_mail_subject = [파트너센터] 비밀번호 재설정 안내
accounts_reset_mail_body =
    비밀번호 재설정을 요청하셨습니다.

    아래 링크에서 새 비밀번호를 정해 주세요. 링크는 1시간 동안 한 번만 쓸 수 있습니다.

    { $link }

    요청하지 않았다면 이 메일을 무시해 주세요. 비밀번호는 바뀌지 않습니다.
accounts_unlock_mail_subject = [파트너센터] 로그인 시도가 많아 계정을 잠시 잠갔습니다
accounts_unlock_mail_body =
    누군가 이 계정으로 잘못된 비밀번호를 여러 번 넣어 로그인을 시도했습니다. 계정을 지키기 위해 처음 보는 기기에서의 로그인을 잠시 막았습니다.

    본인이라면 아래 링크를 열어 잠금을 풀어 주세요. 링크를 연 기기에서는 다른 사람이 다시 시도해도 올바른 비밀번호로 로그인할 수 있습니다. 링크는 24시간 동안 한 번만 쓸 수 있습니다.

    { $link }

    본인이 시도하지 않았다면 비밀번호가 안전한지 확인하고, 다른 곳에서도 같은 비밀번호를 쓰고 있다면 바꿔 주세요. 비밀번호를 모르는 사람은 이 링크로도 로그인할 수 없습니다.

## Devices
accounts_browser_samsung = 삼성 인터넷
accounts_unknown_device = 알 수 없는 기기

## Sign-in
accounts_login = 로그인
accounts_email = 이메일
accounts_password = 비밀번호
accounts_resend_email = 인증 메일을 받을 이메일
accounts_resend = 인증 메일 다시 받기
accounts_resent = 인증 메일을 다시 보냈습니다. 메일함을 확인해 주세요.
accounts_signup = 파트너 회원가입
accounts_forgot_password = 비밀번호 찾기

## Sign-up
accounts_signup_done_sent = (으)로 인증 메일을 보냈습니다. 메일의 링크를 열어 이메일 인증을 마친 뒤 로그인해 주세요.
accounts_signup_done_review = 입점 심사는 인증 후 진행되며, 결과는 홈 화면과 메일로 알려 드립니다.
accounts_go_login = 로그인하러 가기
accounts_account_info = 계정 정보
accounts_login_email = 이메일 (로그인 아이디)
accounts_password_hint = 10자 이상, 영문·숫자·특수문자 중 두 종류 이상
accounts_password_confirm = 비밀번호 확인
accounts_contact_name = 담당자 이름
accounts_applying = 신청하는 중…
accounts_apply = 입점 신청하기
accounts_have_account = 이미 계정이 있으신가요? 로그인

## Business details
accounts_business_info = 사업자 정보
accounts_shop_name = 상점 이름
accounts_representative = 대표자 이름
accounts_business_number = 사업자등록번호
accounts_mail_order_number = 통신판매업 신고번호
accounts_business_address = 사업장 주소
accounts_payout_account = 정산 계좌
accounts_bank = 은행
accounts_choose_bank = 은행을 선택해 주세요
accounts_account_number = 계좌번호
accounts_digits_only = 숫자만 입력
accounts_holder = 예금주
accounts_registration = 사업자등록증
accounts_registration_file = 사업자등록증 파일 (이미지 또는 PDF, 10MB 이하)

## E-mail verification
accounts_verify_title = 이메일 인증
accounts_verified = {" "}주소 인증이 완료되었습니다.
accounts_sign_in = 로그인하기
accounts_verify_intro = 아래 버튼을 누르면 이메일 주소 인증이 끝납니다.
accounts_verify_button = 이메일 인증 완료하기
accounts_unlock_title = 로그인 잠금 해제
accounts_unlock_intro = 아래 버튼을 누르면 이 계정의 로그인 잠금이 풀리고, 이 기기는 다른 사람이 로그인을 시도해도 올바른 비밀번호로 로그인할 수 있는 기기로 기억됩니다.
accounts_unlock_button = 잠금 해제하기
accounts_unlocked = {" "}계정의 로그인 잠금을 풀었습니다. 이 기기에서 비밀번호로 로그인해 주세요.
accounts_verify_resend = 로그인 화면에서 인증 메일 다시 받기

## Passwords
accounts_forgot_sent = 가입된 이메일이라면 비밀번호 재설정 링크를 보냈습니다. 링크는 1시간 동안 유효합니다.
accounts_forgot_intro = 가입한 이메일 주소를 입력하면 비밀번호를 다시 정할 수 있는 링크를 보내 드립니다.
accounts_forgot_button = 재설정 링크 받기
accounts_back_to_login = 로그인으로 돌아가기
accounts_reset_title = 새 비밀번호 정하기
accounts_reset_done = 비밀번호를 바꿨습니다. 모든 기기에서 로그아웃되었으니 새 비밀번호로 로그인해 주세요.
accounts_new_password = 새 비밀번호
accounts_new_password_confirm = 새 비밀번호 확인
accounts_reset_button = 비밀번호 바꾸기

## My account
accounts_toast_password_changed = 비밀번호를 바꿨습니다. 다른 기기는 모두 로그아웃되었습니다.
accounts_toast_logged_out_others = 다른 기기 { $count }곳에서 로그아웃했습니다.
accounts_title = 내 계정 · 파트너센터
accounts_heading = 내 계정
accounts_name = 이름
accounts_shop = 상점
accounts_role = 역할
accounts_logout = 로그아웃
accounts_change_password = 비밀번호 변경
accounts_current_password = 현재 비밀번호
accounts_devices = 로그인된 기기
accounts_this_device = 현재 기기
accounts_last_used = 마지막 사용 { $time }
accounts_logout_others = 다른 기기 모두 로그아웃

## Resubmitted application
accounts_reapply_title = 입점 재신청 · 파트너센터
accounts_reapply_heading = 입점 재신청
accounts_rejection_reason = 반려 사유:{" "}
accounts_reapply_button = 다시 심사 요청하기

accounts_mail_order_placeholder = 제2024-서울마포-0000호
accounts_err_too_many_signups = 가입 신청이 너무 많습니다. 1시간 후에 다시 시도해 주세요.
accounts_err_business_number_verified_elsewhere = 이 사업자등록번호로 먼저 이메일 인증을 마친 상점이 있어 인증을 완료할 수 없습니다. 본인의 사업자등록번호가 맞다면 사업자등록증을 준비해 고객센터로 문의해 주세요.
