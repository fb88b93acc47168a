# Shared words and the generic message of every error code (Korean: the
# source of truth). Each area keeps its own ko.ftl/en.ftl beside its code;
# keys start with the area's name.

common_items_count = { $count }건
common_language = 언어
common_weekday_mon = 월
common_weekday_tue = 화
common_weekday_wed = 수
common_weekday_thu = 목
common_weekday_fri = 금
common_weekday_sat = 토
common_weekday_sun = 일

error_not_found_thing = { $what }을(를) 찾을 수 없습니다.
error_internal = 일시적인 오류로 요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.
error_network = 서버에 연결하지 못했습니다. 네트워크 연결을 확인해 주세요.
error_bad_request = 요청 형식이 올바르지 않습니다.

# The generic message of each ErrorCode (the API's `message` when nothing
# more specific is said).
error_code_invalid_input = 입력값을 확인해 주세요.
error_code_unknown_variant = 알 수 없는 옵션입니다.
error_code_invalid_period = 기간이 올바르지 않습니다.
error_code_period_too_long = 조회 기간이 너무 깁니다.
error_code_bad_request = 요청 형식이 올바르지 않습니다.
error_code_invalid_token = 링크가 올바르지 않거나 만료되었습니다.
error_code_unauthorized = 로그인이 필요합니다.
error_code_invalid_credentials = 이메일 또는 비밀번호가 올바르지 않습니다.
error_code_forbidden = 권한이 없습니다.
error_code_cross_origin = 다른 사이트에서 보낸 요청은 처리하지 않습니다.
error_code_email_not_verified = 이메일 인증이 필요합니다.
error_code_not_found = 찾을 수 없습니다.
error_code_unknown_tracking_number = 알 수 없는 송장번호입니다.
error_code_conflict = 다른 변경과 충돌했습니다. 새로고침 후 다시 시도해 주세요.
error_code_email_taken = 이미 가입된 이메일입니다.
error_code_business_number_taken = 이미 등록된 사업자등록번호입니다.
error_code_invalid_transition = 지금 상태에서는 할 수 없는 처리입니다.
error_code_out_of_stock = 재고가 부족합니다.
error_code_not_on_sale = 판매 중인 상품이 아닙니다.
error_code_idempotency_conflict = 같은 요청 번호로 다른 내용이 이미 접수되었습니다.
error_code_claim_not_allowed = 이 주문에는 클레임을 접수할 수 없습니다.
error_code_claim_open = 처리 중인 클레임이 있습니다.
error_code_refund_mismatch = 환불 금액이 맞지 않습니다.
error_code_review_not_allowed = 이 주문에는 리뷰를 작성할 수 없습니다.
error_code_too_many_requests = 요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.
error_code_network = 서버에 연결하지 못했습니다. 네트워크 연결을 확인해 주세요.
error_code_internal = 일시적인 오류로 요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.
error_code_font_missing = 서버에 한글 글꼴이 없어 PDF를 만들 수 없습니다.
error_code_busy = 지금 처리할 작업이 많습니다. 잠시 후 다시 시도해 주세요.
error_code_invalid_signature = 요청의 서명이 올바르지 않거나 유효 시간이 지났습니다.
error_code_waybill_taken = 이미 다른 배송에 사용 중인 송장번호입니다.
error_code_coupon_unknown = 이 상점에 없는 쿠폰 코드입니다.
error_code_coupon_not_active = 사용 기간이 아닌 쿠폰입니다.
error_code_coupon_paused = 판매자가 중지한 쿠폰입니다.
error_code_coupon_exhausted = 발행 수량이 모두 소진된 쿠폰입니다.
error_code_coupon_buyer_limit = 구매자당 사용 한도를 넘은 쿠폰입니다.
error_code_coupon_out_of_scope = 이 상품에는 적용할 수 없는 쿠폰입니다.
error_code_coupon_below_minimum = 쿠폰의 최소 주문금액에 미치지 못합니다.
error_code_price_not_in_force = 결제 시점에 적용되지 않는 할인가입니다.
error_code_period_overlap = 같은 상품에 기간이 겹치는 기간할인이 있습니다.

common_language_failed = 언어를 바꾸지 못했습니다. 네트워크 연결을 확인해 주세요.
common_language_hint = 화면에 쓰는 언어입니다. 내보내기 파일의 열 이름과 세금계산서는 한국어로 유지됩니다.
common_bad_cursor = 목록 위치가 올바르지 않습니다. 처음부터 다시 조회해 주세요.
error_request_timeout = 요청을 처리하는 데 너무 오래 걸려 중단했습니다. 잠시 후 다시 시도해 주세요.
