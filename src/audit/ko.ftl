# The activity log: its page and the label of each recorded action.

audit_page_title = 활동 기록 · 파트너센터
audit_heading = 활동 기록
audit_changes = 변경 내용
audit_before = 변경 전
audit_after = 변경 후
audit_more = 이전 기록 더 보기

# Actions
audit_action_shop_profile_update = 상점 정보 변경
audit_action_shop_payout_update = 정산 계좌 변경
audit_action_shop_application_submit = 입점 신청
audit_action_shop_application_resubmit = 입점 재신청
audit_action_shop_review_approve = 입점 승인
audit_action_shop_review_reject = 입점 반려
audit_action_shop_review_suspend = 판매 정지
audit_action_staff_invite = 직원 초대
audit_action_staff_invite_cancel = 초대 취소
audit_action_staff_join = 직원 합류
audit_action_staff_role_change = 직원 역할 변경
audit_action_staff_revoke = 직원 권한 해제
audit_action_product_create = 상품 등록
audit_action_product_update = 상품 수정
audit_action_product_delete = 상품 삭제
audit_action_product_bulk_status = 상품 판매 상태 일괄 변경
audit_action_product_bulk_price = 상품 가격 일괄 변경
audit_action_product_stock_sheet = 재고·가격 일괄 수정
audit_action_product_import = 상품 일괄등록
audit_action_order_confirm = 발주확인
audit_action_order_cancel = 판매취소
audit_action_order_ship = 발송처리
audit_action_order_delay = 발송지연 안내
audit_action_claim_approve = 클레임 승인
audit_action_claim_reject = 클레임 거부
audit_action_claim_hold = 클레임 보류
audit_action_claim_pickup = 수거 요청
audit_action_claim_collect = 수거 완료
audit_action_claim_reship = 교환 재배송
audit_action_claim_withdraw = 클레임 철회
audit_action_inquiry_answer = 문의 답변
audit_action_inquiry_answer_edit = 문의 답변 수정
audit_action_review_reply = 리뷰 답글
audit_action_review_reply_edit = 리뷰 답글 수정
audit_action_review_report = 리뷰 신고
audit_action_review_best = 베스트 리뷰 선정
audit_action_review_best_cancel = 베스트 리뷰 해제
audit_action_other = 기타 변경

# What an entry is about (stored as a code, shown in the reader's language).
audit_target_order_items = 상품주문 { $count }건
audit_target_claims = 클레임 { $count }건
audit_target_claim = 클레임 { $id }
audit_target_review = 리뷰 #{ $id }
audit_target_inquiry = 문의 #{ $id }
audit_target_statement = 정산서 #{ $id }
audit_target_payout_account = 정산 계좌
audit_target_products = 상품
