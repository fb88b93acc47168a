# English of ko.ftl.

server_crash_title = A temporary error occurred
server_crash_body = Please try again in a moment. If it keeps happening, tell the operations team.
server_method_not_allowed = This request is not allowed.
server_cross_origin = Requests sent from other sites cannot be processed.
server_offline_title = You are offline
server_offline_body = Partner Center cannot load without an internet connection. Check your connection and try again. Requests that were not sent were not saved, so please repeat them once you are back online.
server_offline_retry = Try again
