# 매출 현황 (sales dashboard).

sales_range_today = 오늘
sales_range_7d = 7일
sales_range_30d = 30일
sales_err_date = { $label }은(는) 2026-11-26 형식의 날짜로 입력해 주세요.
sales_err_range = 기간은 오늘, 7일, 30일 중에서 골라 주세요.
sales_start_date = 시작일
sales_end_date = 종료일
sales_err_end_before_start = 종료일이 시작일보다 앞설 수 없습니다. 기간을 다시 선택해 주세요.
sales_err_period_too_long = 기간은 최대 2년(731일)까지 조회할 수 있습니다.
sales_no_change = 변동 없음
sales_long_date = { $month }월 { $day }일 ({ $weekday })
sales_date = { $year }. { $month }. { $day }.
sales_uncategorized = 미분류

sales_page_title = 매출 현황 · 파트너센터
sales_heading = 매출 현황
sales_period_nav = 조회 기간
sales_custom = 직접 선택
sales_period_label = 조회 기간 (결제일)
sales_period_hint = 최대 2년(731일)까지 조회할 수 있습니다.
sales_apply = 조회
sales_prev_value = 이전 { $value }
sales_count_orders = { $count }건
sales_count_units = { $count }개
sales_amount_and_count = { $amount } ({ $count }건)
sales_channel_point = { $amount } · { $count }건
sales_period_days = ({ $days }일) · 이전 기간 { $prev } 대비
sales_summary = 요약
sales_revenue = 매출
sales_orders = 주문수
sales_units = 판매수량
sales_aov = 객단가
sales_cancelled = 취소
sales_refunds = 환불
sales_net = 순매출
sales_empty = 이 기간에 결제된 주문이 없습니다.
sales_daily = 일별 매출
sales_by_channel = 채널별 매출
sales_no_channels = 판매된 채널이 없습니다.
sales_top_products = 상품별 매출 TOP { $count }
sales_by_category = 카테고리별 매출
sales_note = 매출은 결제일 기준 판매금액(상품금액 + 옵션금액 − 판매자 할인)이며, 플랫폼 할인과 배송비는 포함하지 않습니다. 취소는 취소된 날, 환불은 반품이 완료된 날 기준입니다. 순매출 = 매출 − 취소 − 환불.
sales_no_rows = 판매 내역이 없습니다.
sales_rank_meta = 주문 { $orders }건 · { $units }개 · { $share }
sales_this_period = 이번 기간
sales_previous_period = 이전 기간
