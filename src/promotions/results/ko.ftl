# 프로모션 성과: totals, the daily chart, redemptions, exports.

promores_title = 프로모션 성과
promores_noun = 프로모션
promores_orders = 주문수
promores_units = 판매수량
promores_revenue = 매출
promores_discount = 할인 금액
promores_seller_discount = 판매자 부담
promores_platform_discount = 플랫폼 부담
promores_redemptions = 쿠폰 사용
promores_released = 사용 취소
promores_count = { $n }건
promores_daily = 일별 매출
promores_csv = CSV 내려받기
promores_xlsx = 엑셀 내려받기
promores_latest = 최근 쿠폰 사용 내역
promores_none = 아직 쿠폰을 사용한 주문이 없습니다.
promores_col_at = 사용 일시
promores_col_order = 주문번호
promores_col_channel = 판매채널
promores_col_status = 상태
promores_status_used = 사용
promores_status_released = 사용 취소
promores_err_kind = 프로모션 종류는 쿠폰, 기간할인, 기획전 중 하나여야 합니다.
promores_err_date = 날짜를 2026-12-01 형식으로 입력해 주세요.
promores_err_end_before_start = 종료일은 시작일보다 앞설 수 없습니다.
promores_err_too_long = 한 번에 { $max }일까지 볼 수 있습니다.
