# Home: the seller's dashboard, and the home of operators and of accounts
# without a shop.

home_page_title = 홈 · 파트너센터
home_heading = 홈
home_operator_console = 운영 콘솔
home_operator_hint = 입점 신청을 심사하고 상점을 관리합니다.
home_operator_go = 입점 심사로 가기
home_no_shop = 소속된 상점이 없습니다
home_no_shop_hint = 상점의 대표 관리자에게 직원 초대를 요청해 주세요.

# The shop's review state
home_status_pending = 입점 심사가 진행 중입니다. 심사 중에도 상품을 미리 등록할 수 있습니다.
home_status_approved = 입점이 승인되어 판매 채널에서 상품을 판매할 수 있습니다.
home_status_rejected = 입점이 반려되었습니다. 반려 사유를 확인하고 서류를 보완해 다시 신청해 주세요.
home_status_suspended = 판매가 정지되었습니다. 운영팀 안내를 확인해 주세요.
home_pending_banner_title = 입점 심사 중입니다.
home_pending_banner_text = 심사는 보통 영업일 기준 1~3일 걸립니다. 그동안 상품을 미리 등록해 둘 수 있습니다.
home_rejected_banner_title = 입점 신청이 반려되었습니다.
home_reason = 사유: { $reason }
home_resubmit = 보완해서 다시 신청하기
home_suspended_banner_title = 판매가 정지된 상점입니다.

# Dashboard
home_refreshed = 대시보드를 최신 정보로 새로 고쳤습니다.
home_refresh = 새로고침
home_no_shop_yet = 아직 등록된 상점이 없습니다
home_no_shop_yet_hint = 상점이 등록되면 이곳에서 오늘 처리할 일을 한눈에 볼 수 있습니다.
# The greeting: before the shop's name, between it and today's date, after the date.
home_greeting_before = {""}
home_greeting_middle = {" "}님, 안녕하세요. 오늘은{" "}
home_greeting_after = {" "}입니다.
home_card_products = 상품
home_on_sale = 판매중
home_sold_out = 품절
home_low_stock = 재고 부족 옵션
home_add_product = 상품 등록
home_card_status = 입점 상태
home_card_profile = 상점 정보
home_profile_complete = 고객센터 정보가 모두 입력되어 있습니다.
home_profile_missing = 구매자에게 보일 정보가 아직 비어 있습니다:
home_manage_profile = 상점 정보 관리
home_as_of = 기준 시각: { $time }
home_card_orders = 주문·배송
home_new_orders = 신규주문
home_to_ship = 배송준비
home_shipping = 배송중
home_late = 발송지연
home_today_paid = 오늘 결제 { $count }건 · { $amount }
home_manage_orders = 주문 관리
home_card_support = 고객 지원
home_claims_open = 처리할 클레임
home_inquiries_unanswered = 미답변 문의
home_inquiries_due = 답변기한 임박·초과
home_reviews_unreplied = 답글 없는 리뷰
