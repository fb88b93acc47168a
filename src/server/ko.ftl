# What the HTTP stack itself says.

server_crash_title = 일시적인 오류가 발생했습니다
server_crash_body = 잠시 후 다시 시도해 주세요. 문제가 계속되면 운영팀에 알려 주세요.
server_method_not_allowed = 허용되지 않는 요청입니다.
server_cross_origin = 다른 사이트에서 보낸 요청은 처리할 수 없습니다.
server_offline_title = 오프라인 상태입니다
server_offline_body = 인터넷에 연결되어 있지 않아 파트너센터를 불러올 수 없습니다. 연결을 확인한 뒤 다시 시도해 주세요. 보내지 않은 요청은 저장되지 않았으니 연결 후 다시 진행해 주세요.
server_offline_retry = 다시 시도
