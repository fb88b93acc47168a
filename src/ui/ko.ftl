# Shared page parts: status pages, lists, toasts, charts.

ui_not_found_title = 페이지를 찾을 수 없습니다
ui_not_found_body = 주소가 바뀌었거나 삭제된 페이지입니다. 주소를 다시 확인해 주세요.
ui_go_home = 홈으로 가기
ui_error_title = 문제가 발생했습니다
ui_error_code = 오류 코드:
ui_loading = 불러오는 중…
ui_search = 검색
ui_load_more = 더 보기
ui_close_notice = 알림 닫기
ui_axis_man = { $n }만
ui_axis_eok = { $n }억
ui_chart_this_period = 이번 기간
ui_chart_previous_period = 이전 기간
