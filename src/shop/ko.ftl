# The shop: settings page, profile and payout account checks, application rules.

shop_page_title = 상점 정보 · 파트너센터
shop_heading = 상점 정보
shop_none = 등록된 상점이 없습니다.
shop_saved = 상점 정보를 저장했습니다.
shop_public_legend = 구매자에게 보이는 정보
shop_name = 상점 이름
shop_cs_phone = 고객센터 전화번호
shop_cs_email = 고객센터 이메일
shop_cs_hours = 고객센터 운영 시간
shop_cs_hours_placeholder = 평일 10:00-17:00 (점심 12:00-13:00)
shop_introduction = 상점 소개
shop_business_kind_legend = 사업자 업태·종목
shop_business_kind_hint = 사업자등록증의 업태와 종목을 적어 주세요. 세금계산서에 표시됩니다.
shop_business_type = 업태
shop_business_type_placeholder = 도매 및 소매업
shop_business_item = 종목
shop_business_item_placeholder = 의류 전자상거래
shop_saving = 저장 중…
shop_save = 저장
shop_business_facts = 사업자 정보
shop_business_facts_hint = 아래 사업자 정보는 입점 심사를 거쳐 변경됩니다. 업태·종목은 위에서 직접 고칠 수 있습니다.
shop_representative = 대표자
shop_representative_name = 대표자 이름
shop_business_number = 사업자등록번호
shop_mail_order_number = 통신판매업 신고번호
shop_business_address = 사업장 주소
shop_noun_shop = 상점

# Payout account
shop_payout_saved = 정산 계좌를 바꿨습니다.
shop_payout_title = 정산 계좌
shop_payout_current = { $bank } { $account } (예금주 { $holder })
shop_payout_change = 정산 계좌 변경
shop_bank = 은행
shop_bank_choose = 은행을 선택해 주세요
shop_account_number = 계좌번호
shop_account_holder = 예금주
shop_payout_save = 계좌 저장

# Errors
shop_err_name_required = 상점 이름을 입력해 주세요.
shop_err_name_too_long = 상점 이름은 { $max }자 이내로 입력해 주세요.
shop_err_name_bad_chars = 상점 이름에 쓸 수 없는 문자가 있습니다.
shop_err_email_invalid = 이메일 주소 형식이 올바르지 않습니다.
shop_err_cs_hours_too_long = 운영 시간은 100자 이내로 입력해 주세요.
shop_err_introduction_too_long = 상점 소개는 { $max }자 이내로 입력해 주세요.
shop_err_business_type_too_long = 업태는 { $max }자 이내로 입력해 주세요.
shop_err_business_item_too_long = 종목은 { $max }자 이내로 입력해 주세요.
shop_err_business_type_bad_chars = 업태에 쓸 수 없는 문자가 있습니다.
shop_err_business_item_bad_chars = 종목에 쓸 수 없는 문자가 있습니다.
shop_err_phone_invalid = 전화번호 형식이 올바르지 않습니다. 예: 02-1234-5678
shop_err_business_number_invalid = 올바른 사업자등록번호가 아닙니다. 10자리 숫자를 확인해 주세요.
shop_err_bank_required = 정산 받을 은행을 선택해 주세요.
shop_err_account_number = 계좌번호는 숫자 10~16자리로 입력해 주세요.
shop_err_document_required = 사업자등록증 파일을 첨부해 주세요.
shop_err_document_too_large = 사업자등록증 파일은 10MB 이하만 올릴 수 있습니다.
shop_err_document_type = 사업자등록증은 이미지(JPG, PNG, WEBP) 또는 PDF 파일만 올릴 수 있습니다.

# Banks (the stored value stays the Korean name).
shop_bank_kb = KB국민은행
shop_bank_shinhan = 신한은행
shop_bank_woori = 우리은행
shop_bank_hana = 하나은행
shop_bank_nh = NH농협은행
shop_bank_ibk = IBK기업은행
shop_bank_sc = SC제일은행
shop_bank_citi = 한국씨티은행
shop_bank_kakao = 카카오뱅크
shop_bank_toss = 토스뱅크
shop_bank_kbank = 케이뱅크
shop_bank_post = 우체국
shop_bank_mg = 새마을금고
shop_bank_cu = 신협
shop_bank_suhyup = 수협은행
shop_bank_busan = 부산은행
shop_bank_im = 대구은행(iM뱅크)
shop_bank_kyongnam = 경남은행
shop_bank_gwangju = 광주은행
shop_bank_jeonbuk = 전북은행
shop_bank_jeju = 제주은행
shop_bank_kdb = KDB산업은행
