# English of ko.ftl.

ui_not_found_title = Page not found
ui_not_found_body = The address has changed or the page was removed. Please check the address.
ui_go_home = Go to home
ui_error_title = Something went wrong
ui_error_code = Error code:
ui_loading = Loading…
ui_search = Search
ui_load_more = Load more
ui_close_notice = Dismiss
ui_axis_man = { $n }0K
ui_axis_eok = { $n }00M
ui_chart_this_period = This period
ui_chart_previous_period = Previous period
