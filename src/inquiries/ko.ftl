# 문의 관리: the inbox, answers and templates; the Channel API's inquiry
# errors. (Messages to buyers stay Korean and are not here.)

## Categories, kinds, tabs
inquiries_category_size = 사이즈
inquiries_category_delivery = 배송
inquiries_category_restock = 재입고
inquiries_category_product = 상품
inquiries_category_exchange_return = 교환·반품
inquiries_category_other = 기타
inquiries_kind_product = 상품문의
inquiries_kind_order = 주문문의
inquiries_unanswered = 미답변
inquiries_answered = 답변완료
inquiries_tab_all = 전체
inquiries_tab_due_soon = 기한임박
inquiries_overdue = 기한초과

## Input checks
inquiries_err_answer_required = 답변 내용을 입력해 주세요.
inquiries_err_answer_too_long = 답변은 { $max }자 이하로 입력해 주세요.
inquiries_err_template_title_required = 템플릿 제목을 입력해 주세요.
inquiries_err_template_title_too_long = 템플릿 제목은 { $max }자 이하로 입력해 주세요.
inquiries_err_template_body_required = 템플릿 내용을 입력해 주세요.
inquiries_err_template_body_too_long = 템플릿 내용은 { $max }자 이하로 입력해 주세요.

## Channel API
inquiries_err_field_required = { $field }을(를) 입력해 주세요.
inquiries_err_field_too_long = { $field }은(는) { $max }자 이하여야 합니다.
inquiries_err_product_id_required = 상품문의에는 product_id가 필요합니다.
inquiries_err_bad_kind = kind는 product 또는 order여야 합니다.
inquiries_err_bad_category = category가 올바르지 않습니다.
inquiries_noun_product = 상품
inquiries_noun_order_item = 주문 상품

## Inbox and answers (server)
inquiries_err_pick_kind = 문의 유형을 목록에서 골라 주세요.
inquiries_err_pick_category = 문의 분류를 목록에서 골라 주세요.
inquiries_err_pick_due = 답변기한 조건을 목록에서 골라 주세요.
inquiries_err_pick_status = 답변 상태를 목록에서 골라 주세요.
inquiries_noun_inquiry = 문의
inquiries_err_same_answer = 이전 답변과 같습니다. 바꿀 내용을 입력해 주세요.
inquiries_err_answer_changed = 방금 다른 사람이 답변을 바꿨습니다. 목록을 새로 고친 뒤 다시 시도해 주세요.
inquiries_noun_template = 답변 템플릿
inquiries_err_too_many_templates = 답변 템플릿은 { $max }개까지 만들 수 있습니다.

## Inbox page
inquiries_title = 문의 관리 · 파트너센터
inquiries_heading = 문의 관리
inquiries_search = 문의 검색
inquiries_search_hint = 구매자, 상품명, 문의 내용
inquiries_kind = 문의 유형
inquiries_all_kinds = 전체 유형
inquiries_category = 문의 분류
inquiries_all_categories = 전체 분류
inquiries_answer_status = 답변 상태
inquiries_empty_title = 조건에 맞는 문의가 없습니다
inquiries_empty_body = 새 문의는 들어오는 즉시 이곳에 표시됩니다.
inquiries_toast_answer_edited = 답변을 수정했습니다.
inquiries_toast_answered = 답변을 등록했습니다.
inquiries_product_order = { $product } · 주문 { $order }
inquiries_product_option_order = { $product } ({ $option }) · 주문 { $order }
inquiries_secret = {" "}· 비밀글
inquiries_due = 답변기한 { $due }
inquiries_due_in_4h = 4시간 이내 마감
inquiries_seller_answer = 판매자 답변
inquiries_edit_answer = 답변 수정
inquiries_answer_action = 답변하기
inquiries_history = 수정 이력
inquiries_first_answer = 최초 답변
inquiries_edited = 수정
inquiries_loading = 불러오는 중…
inquiries_answer_form = 문의 { $id } 답변
inquiries_answer_template = 답변 템플릿
inquiries_insert_template = 템플릿 넣기…
inquiries_answer = 답변
inquiries_answer_hint = 구매자에게 보낼 답변을 입력해 주세요.
inquiries_close = 닫기
inquiries_submit_edit = 수정 등록
inquiries_submit_answer = 답변 등록

## Templates
inquiries_toast_template_saved = 템플릿 '{ $title }'을(를) 저장했습니다.
inquiries_toast_template_deleted = 템플릿을 삭제했습니다.
inquiries_manage_templates = 답변 템플릿 관리
inquiries_edit = 수정
inquiries_delete = 삭제
inquiries_confirm_delete_template = 이 템플릿을 삭제할까요?
inquiries_edit_template = 템플릿 수정
inquiries_new_template = 새 템플릿
inquiries_template_title_hint = 제목 (50자 이하)
inquiries_template_body = 내용
inquiries_cancel = 취소
inquiries_save = 저장

inquiries_api_conflict = 같은 channel_inquiry_id로 내용이 다른 문의가 이미 접수되었습니다.
