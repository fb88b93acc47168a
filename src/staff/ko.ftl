# 직원 관리 and the invitation page; the invitation e-mail.

staff_err_pick_role = 초대할 역할을 선택해 주세요. (매니저, CS 담당, 물류 담당)
staff_err_already_member = 이미 이 상점의 직원인 이메일입니다.
staff_err_other_shop = 이미 다른 상점에 소속된 계정입니다. 다른 이메일 주소로 초대해 주세요.
staff_err_owner_fixed = 대표 관리자의 권한은 바꾸거나 해제할 수 없습니다.
staff_err_accept_other_shop = 이미 다른 상점에 소속된 계정이라 초대를 수락할 수 없습니다.
staff_err_wrong_password = 기존 계정의 비밀번호가 올바르지 않습니다.
staff_err_password_mismatch = 비밀번호가 서로 다릅니다.
staff_noun_invitation = 초대
staff_noun_member = 직원

staff_invite_mail_subject = [파트너센터] { $shop } 직원 초대
staff_invite_mail_body =
    { $shop } 파트너센터에 { $role }(으)로 초대되었습니다.

    아래 링크에서 초대를 수락해 주세요. 링크는 7일 동안 한 번만 쓸 수 있습니다.

    { $link }

staff_toast_invited = 초대 메일을 보냈습니다.
staff_toast_role_changed = 역할을 바꿨습니다.
staff_toast_revoked = 직원의 접근 권한을 해제했습니다.
staff_toast_invitation_cancelled = 초대를 취소했습니다.

staff_title = 직원 관리 · 파트너센터
staff_heading = 직원 관리
staff_invite_legend = 직원 초대
staff_invite_email = 초대할 이메일
staff_role = 역할
staff_roles_hint = 매니저: 직원·정산 계좌 외 모든 업무 · CS 담당: 문의·리뷰·클레임 · 물류 담당: 주문·배송
staff_send_invitation = 초대 메일 보내기
staff_members_count = 직원 { $count }명
staff_you = {" "}(나)
staff_joined_on = { $date } 합류
staff_save_role = 역할 저장
staff_confirm_revoke = 이 직원의 접근 권한을 해제할까요?
staff_revoke = 권한 해제
staff_pending_invitations = 수락 대기 중인 초대
staff_valid_until = { $date }까지 유효
staff_cancel_invitation = 초대 취소

staff_invitation_title = 직원 초대
staff_invitation_from = 에서{" "}
staff_invitation_person = {" "}님을{" "}
staff_invitation_as_role = (으)로 초대했습니다.
staff_existing_password = 기존 계정 비밀번호
staff_name = 이름
staff_password = 비밀번호
staff_password_confirm = 비밀번호 확인
staff_accept = 초대 수락하기
staff_err_too_many_invitations = 초대는 한 시간에 { $max }건까지 보낼 수 있습니다. 잠시 후 다시 시도해 주세요.
