# Identity: shop review states, roles, e-mail and password rules, sign-in
# and permission errors.

auth_shop_status_pending_review = 입점 심사 중
auth_shop_status_approved = 판매 가능
auth_shop_status_rejected = 입점 반려
auth_shop_status_suspended = 판매 정지

auth_role_owner = 대표 관리자
auth_role_manager = 매니저
auth_role_cs = CS 담당
auth_role_logistics = 물류 담당

auth_err_email_format = 이메일 주소 형식이 올바르지 않습니다.
auth_err_email_required = 이메일 주소를 입력해 주세요.

auth_err_password_too_short = 비밀번호는 { $min }자 이상이어야 합니다.
auth_err_password_too_long = 비밀번호는 128자 이하로 입력해 주세요.
auth_err_password_kinds = 영문, 숫자, 특수문자 중 두 종류 이상을 섞어 주세요.
auth_err_password_common = 너무 흔한 비밀번호입니다. 다른 비밀번호를 사용해 주세요.
auth_err_password_has_email = 비밀번호에 이메일 아이디를 넣을 수 없습니다.

auth_err_unauthorized = 로그인이 필요합니다. 다시 로그인해 주세요.
auth_err_forbidden = 이 기능을 사용할 권한이 없습니다. 대표 관리자에게 문의해 주세요.
auth_err_operator_only = 운영자만 사용할 수 있는 기능입니다.
auth_err_too_many_logins = 로그인 시도가 너무 많습니다. 15분 후에 다시 시도하거나 비밀번호 찾기를 이용해 주세요.
auth_err_account_locked = 로그인 시도가 너무 많아 이 계정의 로그인을 잠시 막았습니다. 가입된 이메일이라면 잠금 해제 링크를 보냈으니 메일의 링크를 열어 주세요. 전에 로그인한 기기에서는 올바른 비밀번호로 바로 로그인할 수 있습니다. 비밀번호가 기억나지 않으면 비밀번호 찾기를 이용해 주세요.
auth_err_wrong_credentials = 이메일 또는 비밀번호가 올바르지 않습니다.
auth_err_email_not_verified = 이메일 인증을 먼저 완료해 주세요. 받은 메일함에서 인증 메일을 확인하거나 인증 메일을 다시 받아 주세요.
auth_err_too_many_mails = 메일 요청이 너무 많습니다. 15분 후에 다시 시도해 주세요.
auth_err_bad_link = 링크가 만료되었거나 이미 사용되었습니다. 새 링크를 요청해 주세요.
auth_err_email_taken = 이미 가입된 이메일 주소입니다. 로그인하거나 비밀번호 찾기를 이용해 주세요.
