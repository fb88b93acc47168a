# The Channel API's error messages (the `message` follows Accept-Language;
# the `code` stays), and the strings of the foundation files calendar.rs,
# input.rs and channel.rs.

api_err_unknown_scope = 알 수 없는 범위입니다: { $scope }
api_err_bad_key = API 키가 없거나 올바르지 않습니다.
api_err_wrong_api = 이 API 키로는 이 API를 쓸 수 없습니다.
api_err_bad_json = 요청 본문이 올바른 JSON이 아닙니다: { $error }
api_err_bad_cursor = cursor가 올바르지 않습니다.
api_err_bad_limit = limit은 1~500이어야 합니다.
api_err_bad_channel_id = { $field }은(는) 공백 없는 1~64자의 영문·숫자·기호여야 합니다.
api_err_bad_time = { $field }은(는) RFC 3339 형식(2026-11-26T10:00:00+09:00)이어야 합니다.
api_err_time_off = { $field }이(가) 현재 시각과 너무 다릅니다.

# input.rs: checks of form input ($label is the field's name)
input_required = { $label }을(를) 입력해 주세요.
input_too_long = { $label }은(는) { $max }자 이내로 입력해 주세요.
input_bad_chars = { $label }에 쓸 수 없는 문자가 있습니다.
input_search_too_long = 검색어는 100자 이하로 입력해 주세요.

# channel.rs: the sales channels
channel_zigzag = 지그재그
channel_fashionbykakao = 패션 바이 카카오
channel_posty = 포스티

# calendar.rs: the public holidays' names, shown to sellers on the settlement calendar
calendar_new_year = 신정
calendar_temporary_holiday = 임시공휴일
calendar_seollal_holiday = 설날 연휴
calendar_seollal = 설날
calendar_independence_movement_day = 삼일절
calendar_substitute_independence_movement_day = 대체공휴일(삼일절)
calendar_childrens_day_buddhas_birthday = 어린이날·부처님오신날
calendar_substitute_childrens_day_buddhas_birthday = 대체공휴일(어린이날·부처님오신날)
calendar_presidential_election_21 = 제21대 대통령 선거일
calendar_memorial_day = 현충일
calendar_liberation_day = 광복절
calendar_national_foundation_day = 개천절
calendar_chuseok_holiday = 추석 연휴
calendar_chuseok = 추석
calendar_substitute_chuseok = 대체공휴일(추석)
calendar_hangeul_day = 한글날
calendar_christmas = 성탄절
calendar_childrens_day = 어린이날
calendar_buddhas_birthday = 부처님오신날
calendar_substitute_buddhas_birthday = 대체공휴일(부처님오신날)
calendar_local_elections = 전국동시지방선거
calendar_constitution_day = 제헌절
calendar_substitute_liberation_day = 대체공휴일(광복절)
calendar_substitute_national_foundation_day = 대체공휴일(개천절)
calendar_substitute_seollal = 대체공휴일(설날)
calendar_substitute_constitution_day = 대체공휴일(제헌절)
calendar_substitute_hangeul_day = 대체공휴일(한글날)
calendar_substitute_christmas = 대체공휴일(성탄절)
api_err_bad_signature = 요청 서명이 없거나 맞지 않습니다. X-Signature-Timestamp(유닉스 초)와 X-Signature(sha256=<hex>, 서명 비밀키로 만든 "타임스탬프.본문"의 HMAC-SHA256)를 보내 주세요. 서명은 5분 동안, 한 번만 쓸 수 있습니다.
api_err_rate_limited = 이 API 키의 요청이 너무 많습니다. { $seconds }초 후에 다시 시도해 주세요.
