# 프로모션: what the three kinds share (codes, periods, statuses).

promo_err_code = 쿠폰 코드는 영문 대문자, 숫자, -, _ 로 { $min }~{ $max }자여야 합니다 (공백 불가).
promo_err_name = 이름은 1~{ $max }자로 입력해 주세요.
promo_err_amount = 금액은 1원 이상 1억 원 이하로 입력해 주세요.
promo_err_datetime = 날짜와 시간을 YYYY-MM-DD HH:MM 형식으로 입력해 주세요.
promo_err_end_before_start = 종료 일시는 시작 일시보다 뒤여야 합니다.
promo_err_period_too_long = 기간은 1년을 넘을 수 없습니다.
promo_status_scheduled = 예정
promo_status_active = 진행중
promo_status_ended = 종료
promo_status_paused = 중지
promo_tab_coupons = 쿠폰
promo_tab_discounts = 기간할인
promo_tab_campaigns = 기획전
promo_title = 프로모션
