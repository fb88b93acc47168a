# The Channel API's error messages (the `message` follows Accept-Language;
# the `code` stays), and the strings of the foundation files calendar.rs,
# input.rs and channel.rs.

api_err_unknown_scope = Unknown scope: { $scope }
api_err_bad_key = The API key is missing or invalid.
api_err_wrong_api = This API key cannot be used for this API.
api_err_bad_json = The request body is not valid JSON: { $error }
api_err_bad_cursor = cursor is invalid.
api_err_bad_limit = limit must be between 1 and 500.
api_err_bad_channel_id = { $field } must be 1 to 64 visible ASCII characters, without spaces.
api_err_bad_time = { $field } must be an RFC 3339 time (2026-11-26T10:00:00+09:00).
api_err_time_off = { $field } is too far from the current time.

# input.rs: checks of form input ($label is the field's name)
input_required = { $label } is required.
input_too_long = { $label } must be { $max } characters or fewer.
input_bad_chars = { $label } contains characters that are not allowed.
input_search_too_long = Search terms can be up to 100 characters.

# channel.rs: the sales channels
channel_zigzag = Zigzag
channel_fashionbykakao = Fashion by Kakao
channel_posty = Posty

# calendar.rs: the public holidays' names, shown to sellers on the settlement calendar
calendar_new_year = New Year's Day
calendar_temporary_holiday = Temporary holiday
calendar_seollal_holiday = Seollal holiday
calendar_seollal = Seollal (Lunar New Year)
calendar_independence_movement_day = Independence Movement Day
calendar_substitute_independence_movement_day = Substitute holiday (Independence Movement Day)
calendar_childrens_day_buddhas_birthday = Children's Day · Buddha's Birthday
calendar_substitute_childrens_day_buddhas_birthday = Substitute holiday (Children's Day · Buddha's Birthday)
calendar_presidential_election_21 = 21st presidential election
calendar_memorial_day = Memorial Day
calendar_liberation_day = Liberation Day
calendar_national_foundation_day = National Foundation Day
calendar_chuseok_holiday = Chuseok holiday
calendar_chuseok = Chuseok
calendar_substitute_chuseok = Substitute holiday (Chuseok)
calendar_hangeul_day = Hangeul Day
calendar_christmas = Christmas Day
calendar_childrens_day = Children's Day
calendar_buddhas_birthday = Buddha's Birthday
calendar_substitute_buddhas_birthday = Substitute holiday (Buddha's Birthday)
calendar_local_elections = Local elections
calendar_constitution_day = Constitution Day
calendar_substitute_liberation_day = Substitute holiday (Liberation Day)
calendar_substitute_national_foundation_day = Substitute holiday (National Foundation Day)
calendar_substitute_seollal = Substitute holiday (Seollal)
calendar_substitute_constitution_day = Substitute holiday (Constitution Day)
calendar_substitute_hangeul_day = Substitute holiday (Hangeul Day)
calendar_substitute_christmas = Substitute holiday (Christmas Day)
api_err_bad_signature = The request signature is missing or wrong. Send X-Signature-Timestamp (Unix seconds) and X-Signature (sha256=<hex>, the HMAC-SHA256 of "timestamp.body" with the signing secret). A signature is valid for 5 minutes, once.
api_err_rate_limited = Too many requests with this API key. Please retry in { $seconds } seconds.
