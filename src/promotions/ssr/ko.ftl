# 쿠폰 사용과 할인가 확인 (주문 수신 시).

redeem_err_unknown = 쿠폰 코드 { $code }은(는) 이 주문의 상점에 없는 쿠폰입니다.
redeem_err_not_active = 쿠폰 { $code }은(는) 결제 시점에 사용 기간이 아니었습니다.
redeem_err_paused = 쿠폰 { $code }은(는) 판매자가 결제 전에 중지한 쿠폰입니다.
redeem_err_out_of_scope = 쿠폰 { $code }은(는) 이 주문의 상품에 적용할 수 없습니다.
redeem_err_below_minimum = 쿠폰 { $code }은(는) 적용 상품 금액이 { $minimum } 이상일 때 쓸 수 있습니다.
redeem_err_exhausted = 쿠폰 { $code }은(는) 발행 수량이 모두 소진되었습니다.
redeem_err_buyer_limit = 쿠폰 { $code }은(는) 구매자 한 명당 { $limit }회까지 쓸 수 있습니다.
redeem_err_price_not_in_force = 단가 { $price }은(는) 결제 시점에 적용되는 할인가가 아닙니다. 결제 시점의 최저 판매가는 { $lowest }입니다.
