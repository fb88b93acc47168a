# The operator's console: the onboarding review queue and application detail.

operator_tab_pending = 심사 대기
operator_tab_approved = 승인
operator_tab_rejected = 반려
operator_tab_suspended = 판매 정지
operator_tab_all = 전체
operator_queue_title = 입점 심사 · 파트너센터
operator_queue_heading = 입점 심사
operator_tabs_label = 심사 상태
operator_queue_empty = 해당하는 신청이 없습니다.
operator_submitted = 신청 { $at }
operator_done = 처리했습니다: { $status }
operator_detail_title = 입점 신청 상세 · 파트너센터
operator_detail_heading = 입점 신청 상세
operator_back = 목록
operator_owner = 대표 관리자
operator_submitted_on = 신청일
operator_reason = 사유: { $reason }
operator_document = 사업자등록증
operator_open_pdf = PDF 열기
operator_no_document = 첨부된 문서가 없습니다.
operator_actions = 처리
operator_approve = 입점 승인
operator_reject_reason = 반려 사유 (판매자에게 보입니다)
operator_reject = 반려
operator_suspend_reason = 판매 정지 사유
operator_suspend = 판매 정지
operator_reinstate = 판매 재개
operator_rejected_hint = 판매자가 보완해 다시 신청하면 심사 대기로 돌아옵니다.

# Errors
operator_err_transition = '{ $status }' 상태의 상점에는 이 처리를 할 수 없습니다.
operator_err_unknown_status = 알 수 없는 상태입니다.
operator_err_decision_required = 처리 방법을 선택해 주세요.
operator_err_reason_required = 사유를 입력해 주세요. 판매자에게 그대로 보입니다.
operator_err_reason_too_long = 사유는 500자 이내로 입력해 주세요.
operator_err_already_decided = 다른 운영자가 먼저 처리했습니다. 목록을 새로 고쳐 주세요.
operator_noun_application = 입점 신청
operator_doc_forbidden = 운영자만 볼 수 있는 문서입니다.
operator_doc_not_found = 문서를 찾을 수 없습니다.

# E-mails to the seller about the decision (paragraphs joined by blank lines in code)
operator_mail_approved_subject = [파트너센터] 입점이 승인되었습니다
operator_mail_approved_body = { $shop } 상점의 입점이 승인되었습니다. 이제 판매를 시작할 수 있습니다.
operator_mail_rejected_subject = [파트너센터] 입점 신청이 반려되었습니다
operator_mail_rejected_body = { $shop } 상점의 입점 신청이 반려되었습니다.
operator_mail_resubmit = 내용을 보완해 다시 신청해 주세요.
operator_mail_suspended_subject = [파트너센터] 상점 판매가 정지되었습니다
operator_mail_suspended_body = { $shop } 상점의 판매가 정지되었습니다.
