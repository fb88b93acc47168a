# 상품 관리 (products): Korean, the source of truth.

## Nouns for "… not found"
products_noun_product = 상품
products_noun_variant = 상품 옵션
products_noun_selected_product = 선택한 상품
products_noun_file = 파일

## Statuses and sorts
products_status_on_sale = 판매중
products_status_sold_out = 품절
products_status_stopped = 판매중지
products_status_hidden = 숨김
products_sort_recent = 최근 등록순
products_sort_updated = 최근 수정순
products_sort_name = 상품명순
products_sort_price_asc = 낮은 가격순
products_sort_price_desc = 높은 가격순
products_sort_stock_asc = 재고 적은순
products_single_variant = 단일 상품

## Field labels (also in validation messages)
products_label_name = 상품명
products_label_code = 상품관리코드
products_label_category = 카테고리
products_label_list_price = 정가
products_label_sale_price = 판매가
products_label_description = 상품 설명
products_label_shipping_fee = 기본 배송비
products_label_free_over = 무료배송 기준 금액
products_label_return_fee = 반품 배송비
products_label_exchange_fee = 교환 배송비
products_label_ship_from = 출고지 주소
products_label_return_address = 반품/교환지 주소
products_label_option_name = 옵션명
products_label_option_value = 옵션값
products_label_variant_sku = { $label }의 SKU
products_label_change_amount = 변경 금액

## Validation
products_err_required = { $label }을(를) 입력해 주세요.
products_err_max_chars = { $label }은(는) { $max }자 이하로 입력해 주세요.
products_err_formula_start = { $label }은(는) =, +, @ 로 시작할 수 없습니다.
products_err_bad_chars = { $label }에 쓸 수 없는 문자가 있습니다.
products_err_one_line = { $label }은(는) 한 줄로 입력해 주세요.
products_err_won_range = { $label }은(는) { $min }원 이상 { $max }원 이하로 입력해 주세요.
products_err_won_unit = { $label }은(는) 10원 단위로 입력해 주세요.
products_err_code_chars = { $label }은(는) 영문, 숫자, -, _, . 만 쓸 수 있습니다.
products_err_not_number = { $label }은(는) 숫자로 입력해 주세요.
products_err_stock_range = 재고는 0개 이상 { $max }개 이하로 입력해 주세요.
products_err_threshold_range = 재고 알림 기준은 0 이상 { $max }개 이하로 입력해 주세요.
products_err_sale_above_list = 판매가는 정가보다 높을 수 없습니다.
products_err_extra_range = 옵션 추가금은 판매가의 -50%~+100% ({ $min }원 ~ { $max }원) 안에서 입력해 주세요.
products_err_extra_unit = 옵션 추가금은 10원 단위로 입력해 주세요.
products_err_too_many_groups = 옵션은 최대 3단계(예: 색상, 사이즈, 기장)까지 만들 수 있습니다.
products_err_group_name_twice = 옵션명 '{ $name }'이(가) 두 번 있습니다.
products_err_value_separator = 옵션값 '{ $value }'에는 / 나 , 를 쓸 수 없습니다.
products_err_value_twice = { $name } 옵션에 '{ $value }'이(가) 두 번 있습니다.
products_err_no_values = { $name } 옵션의 값을 하나 이상 입력해 주세요.
products_err_too_many_values = 한 옵션의 값은 { $max }개까지입니다.
products_err_category_choose = 카테고리를 목록에서 선택해 주세요.
products_err_sold_out_choose = 품절은 재고에 따라 자동으로 바뀝니다. 판매중, 판매중지, 숨김 중에서 골라 주세요.
products_err_sold_out_auto = 품절은 재고에 따라 자동으로 바뀝니다.
products_err_too_many_variants_now = 옵션 조합은 최대 { $max }개까지입니다. (지금 { $count }개)
products_err_too_many_variants = 옵션 조합은 최대 { $max }개까지입니다.
products_err_variants_mismatch = 옵션 조합 목록이 옵션과 맞지 않습니다. 옵션 목록을 다시 만들어 주세요.
products_err_sku_twice_here = SKU { $sku }가 이 상품 안에서 두 번 쓰였습니다.
products_err_too_many_images = 사진은 상품당 { $max }장까지 올릴 수 있습니다.
products_err_percent_number = 변경할 비율을 숫자로 입력해 주세요. (예: -10)
products_err_percent_range = 비율은 -100%보다 크고 1000% 이하여야 합니다.
products_err_price_too_big = 변경 후 가격이 너무 큽니다.

## Server checks
products_err_sort_choose = 정렬 기준을 목록에서 골라 주세요.
products_err_status_choose = 판매 상태를 목록에서 골라 주세요.
products_err_category_pick = 카테고리를 목록에서 골라 주세요.
products_err_channel_choose = 판매 채널을 목록에서 골라 주세요.
products_err_code_taken = 상품관리코드 { $code }는 이미 다른 상품에 쓰이고 있습니다.
products_err_sku_taken = SKU { $sku }는 이미 다른 상품에서 쓰고 있습니다.
products_err_options_changed = 옵션 정보가 바뀌었습니다. 상품을 다시 불러와 주세요.
products_err_image_missing = 올린 사진을 찾을 수 없습니다. 사진을 다시 올려 주세요.
products_err_select_one = 상품을 하나 이상 선택해 주세요.
products_err_bulk_max = 한 번에 { $max }개까지 처리할 수 있습니다.
products_err_bulk_extra = { $name }: 옵션 추가금이 바뀐 판매가의 허용 범위를 넘습니다. 옵션 추가금을 먼저 조정해 주세요.
products_err_no_changes = 바뀐 내용이 없습니다.
products_err_sheet_max_cells = 한 번에 5,000칸까지 저장할 수 있습니다.
products_err_not_on_sale = 판매중인 상품이 아닙니다.
products_err_out_of_stock = 재고가 부족합니다. (남은 재고 { $available }개)
products_err_quantity_min = 수량은 1개 이상이어야 합니다.

## Channel API
products_api_err_limit = limit은 1~500이어야 합니다.
products_api_err_cursor = cursor가 올바르지 않습니다.

## Photos
products_err_image_type = 사진 파일(JPG, PNG, WEBP, GIF)만 올릴 수 있습니다.
products_err_image_size = 사진은 한 장에 10MB 이하만 올릴 수 있습니다.
products_err_image_unreadable = 사진 파일을 읽을 수 없습니다. 손상되지 않은 JPG, PNG, WEBP, GIF 파일을 올려 주세요.
products_err_image_small = 사진은 가로, 세로 100픽셀 이상이어야 합니다.
products_err_image_choose = 올릴 사진을 골라 주세요.

## Spreadsheet import
products_import_err_column_twice = '{ $name }' 열이 두 번 있습니다.
products_import_err_unknown_columns = 알 수 없는 열입니다: { $columns }. 양식 파일의 열 이름을 그대로 써 주세요.
products_import_err_missing_columns = 필수 열이 없습니다: { $columns }. 양식 파일을 받아 사용해 주세요.
products_import_err_formula = 수식은 쓸 수 없습니다. 계산된 값을 숫자로 입력해 주세요.
products_import_err_not_number = '{ $value }'은(는) 숫자가 아닙니다. 정수로 입력해 주세요.
products_import_err_yes_no = '{ $value }' 대신 Y 또는 N으로 입력해 주세요.
products_import_err_differs_from_first = 같은 상품관리코드의 첫 행({ $line }행)과 값이 다릅니다.
products_import_err_status = 판매상태는 { $choices } 중 하나로 입력해 주세요.
products_import_err_channel = '{ $part }'은(는) 판매채널이 아닙니다. { $channels } 중에서 쉼표로 구분해 입력해 주세요.
products_import_err_values_without_names = 옵션명이 없으면 옵션값도 비워 두세요. (옵션 없는 상품은 한 행)
products_import_err_values_count = 옵션값은 옵션명({ $names })처럼 / 로 나눠 { $count }개를 입력해 주세요.
products_import_err_combo_twice = 옵션 조합 '{ $combo }'이(가) 두 번 있습니다.
products_import_err_combo_missing = 옵션 조합 '{ $combo }'의 행이 없습니다. 모든 조합을 한 행씩 입력해 주세요.
products_import_err_list_price = 정가를 입력해 주세요.
products_import_err_sale_price = 판매가를 입력해 주세요.
products_import_err_sku_twice = SKU { $sku }가 { $line }행에도 있습니다. SKU는 옵션마다 달라야 합니다.
products_import_err_at_line = { $line }행: { $message }
products_import_err_file_type = CSV 또는 엑셀(XLSX) 파일만 올릴 수 있습니다. 엑셀 97-2003(xls) 파일은 xlsx로 저장해 주세요.
products_import_err_no_rows = 상품 행이 없습니다. 2행부터 상품을 입력해 주세요.
products_import_err_file_size = 파일은 10MB 이하만 올릴 수 있습니다.
products_import_err_mode = 적용 방식을 골라 주세요.
products_import_err_file_choose = 올릴 파일을 골라 주세요.

## Reading and writing spreadsheets
products_sheet_err_empty = 빈 파일입니다. 첫 행에 항목 이름(머리글)을 넣고, 그 아래 행부터 상품을 입력해 주세요.
products_sheet_err_too_many_rows = 행이 너무 많습니다. 한 파일에 상품은 최대 { $max }행까지 올릴 수 있으니 파일을 나누어 올려 주세요.
products_sheet_err_too_many_columns = 열이 너무 많습니다({ $column }열에 값이 있습니다). 한 시트에서 최대 { $max }열까지 읽을 수 있으니, 오른쪽에 필요 없는 값이 남아 있지 않은지 확인해 주세요.
products_sheet_err_encoding = 파일의 문자 인코딩을 읽을 수 없습니다. UTF-8 또는 CP949(EUC-KR)로 저장한 파일을 올려 주세요.
products_sheet_err_xlsx_unreadable = 엑셀 파일을 읽을 수 없습니다. 파일이 손상되지 않았는지 확인하고, 엑셀에서 'Excel 통합 문서(*.xlsx)' 또는 CSV로 다시 저장해 올려 주세요.
products_sheet_err_no_worksheet = 엑셀 파일에 워크시트가 없습니다. 상품 목록이 들어 있는 시트가 있는지 확인해 주세요.
products_sheet_err_too_big_for_excel = 엑셀 시트 하나에 담을 수 있는 크기(1,048,576행, 16,384열)를 넘어 엑셀 파일을 만들 수 없습니다. CSV로 내려받아 주세요.
products_sheet_err_csv_line = { $line }행을 읽을 수 없습니다. CSV 형식이 올바른지 확인해 주세요.
products_sheet_err_password = 암호가 걸린 엑셀 파일은 읽을 수 없습니다. 암호를 해제하고 저장한 뒤 다시 올려 주세요.
products_sheet_err_cell_too_long = 셀 하나에 32,767자가 넘는 내용은 엑셀 파일에 담을 수 없습니다. CSV로 내려받아 주세요.
products_sheet_err_write = 엑셀 파일을 만들 수 없습니다. 잠시 후 다시 시도해 주세요.

## Filter bar
products_filter_search = 상품 검색
products_filter_search_hint = 상품명, 상품관리코드, SKU
products_label_channels = 판매 채널
products_filter_all_categories = 전체 카테고리
products_filter_all_channels = 전체 채널
products_filter_sort = 정렬
products_filter_low_stock = 재고 부족만

## Product list
products_tab_all = 전체
products_label_status = 판매 상태
products_toast_saved = 상품을 저장했습니다.
products_toast_bulk_done = { $count }개 상품을 처리했습니다.
products_list_page_title = 상품 조회/수정 · 파트너센터
products_list_title = 상품 조회/수정
products_list_import = 일괄 등록
products_list_stock = 재고·가격 수정
products_new_title = 상품 등록
products_select_page = 이 페이지 전체 선택
products_select_all = 전체 선택
products_empty_title = 조건에 맞는 상품이 없습니다
products_empty_hint = 검색어나 필터를 바꾸거나 새 상품을 등록해 주세요.
products_select_row = { $name } 선택
products_no_photo = 사진 없음
products_stock_units = { $count }개
products_variant_count = 옵션 { $count }
products_low_stock_count = 재고 부족 { $count }
products_bulk_region = 선택한 상품 일괄 처리
products_selected_count = { $count }개 선택
products_bulk_set_status = 상태 변경
products_bulk_price_mode = 가격 변경 방식
products_bulk_price_percent = 판매가 % 변경
products_bulk_price_amount = 판매가 원 변경
products_bulk_price_value = 변경 값
products_bulk_change_price = 가격 변경
products_bulk_delete_confirm = 선택한 상품 { $count }개를 삭제할까요? 삭제한 상품은 판매 채널에서도 내려갑니다.
products_bulk_delete = 삭제

## Product form
products_new_page_title = 상품 등록 · 파트너센터
products_edit_page_title = 상품 수정 · 파트너센터
products_edit_title = 상품 수정
products_variant_extra = { $label } 추가금
products_variant_stock = { $label } 재고
products_variant_threshold = { $label } 재고 알림 기준
products_variant_sku = { $label } SKU
products_variant_active = { $label } 판매
products_err_max_photos = 사진은 { $max }장까지 올릴 수 있습니다.
products_form_basic = 기본 정보
products_form_code_hint = 비워 두면 자동 생성
products_form_category_choose = 카테고리 선택
products_form_list_price = 정가 (원)
products_form_sale_price = 판매가 (원)
products_form_sold_out_hint = 지금은 재고가 없어 품절로 표시됩니다. 재고를 채우면 판매중으로 바뀝니다.
products_form_photos = 사진
products_form_photos_hint = 첫 번째 사진이 대표 사진입니다. 끌어서 놓거나 화살표로 순서를 바꿀 수 있습니다. (최대 10장, 장당 10MB)
products_form_photo_alt = 사진 { $n }
products_form_cover = 대표
products_form_move_earlier = 앞으로
products_form_remove_photo = 사진 삭제
products_form_move_later = 뒤로
products_form_add_photos = 사진 추가
products_form_uploading = 사진 올리는 중… { $count }
products_form_options = 옵션
products_form_options_hint = 옵션명과 값을 쉼표로 구분해 입력하고 '옵션 목록 만들기'를 누르세요. 최대 3단계. 이미 있는 조합의 재고는 그대로 남습니다.
products_form_option_name_hint = 옵션명 (예: 색상)
products_form_option_values_hint = 값 (예: 블랙, 아이보리, 네이비)
products_form_remove_option = 옵션 삭제
products_form_add_option = 옵션 추가
products_form_build_variants = 옵션 목록 만들기
products_form_bulk_stock = 재고 일괄 입력
products_form_apply_all = 전체 적용
products_form_variant_table = 옵션별 재고
products_col_option = 옵션
products_col_extra = 추가금
products_col_stock = 재고
products_col_threshold = 알림 기준
products_col_active = 판매
products_form_shipping = 배송 정보
products_form_shipping_fee = 기본 배송비 (원)
products_form_free_over = 무료배송 기준 금액 (원, 0은 없음)
products_form_return_fee = 반품 배송비 (편도, 원)
products_form_exchange_fee = 교환 배송비 (왕복, 원)
products_form_back = 목록으로
products_form_save = 저장

## Bulk registration page
products_import_toast_done = 상품 { $count }개를 등록·수정했습니다.
products_import_step_template = 1. 양식 받기
products_import_template_help = 한 행에 옵션 하나씩 입력합니다. 같은 상품관리코드의 행이 한 상품이 되고, 상품 정보는 첫 행에서 읽습니다. 이미 있는 상품관리코드는 수정되며, 빈 칸은 저장된 값을 그대로 둡니다.
products_import_template_xlsx = 엑셀 양식 (XLSX)
products_import_template_csv = CSV 양식
products_import_export_xlsx = 전체 상품 내보내기 (XLSX)
products_import_export_csv = 전체 상품 내보내기 (CSV)
products_import_encoding_hint = CSV는 UTF-8(엑셀의 'CSV UTF-8')과 CP949 모두 읽습니다. 수식은 실행하지 않습니다.
products_import_step_upload = 2. 파일 올리기
products_import_file_label = CSV 또는 XLSX 파일 (10MB 이하)
products_import_mode_legend = 오류가 있는 행이 있으면
products_import_mode_valid_only = 정상인 상품만 등록
products_import_mode_all_or_nothing = 전체를 등록하지 않음
products_import_preview = 미리보기
products_import_apply = 등록하기
products_import_checking = 파일을 확인하는 중…
products_import_page_title = 상품 일괄등록 · 파트너센터
products_import_title = 상품 일괄등록
products_import_outcome_applied = 상품 { $count }개를 반영했습니다. (신규 { $new }, 수정 { $updated })
products_import_outcome_some_errors = 오류 { $errors }건이 있습니다. 정상인 상품 { $count }개만 등록하거나 파일을 고쳐 다시 올려 주세요.
products_import_outcome_all_errors = 오류 { $errors }건이 있어 등록할 수 있는 상품이 없습니다.
products_import_outcome_ok = 모든 행이 정상입니다. '등록하기'를 누르면 상품 { $count }개가 반영됩니다.
products_import_result = 등록 결과
products_import_fact_rows = 행
products_import_fact_products = 상품
products_import_fact_valid = 정상
products_import_fact_new_updated = 신규 / 수정
products_import_fact_errors = 오류
products_import_col_row = 행
products_import_col_column = 열
products_import_col_reason = 사유
products_import_more_errors = 그 밖의 오류 { $count }건은 파일을 고친 뒤 다시 확인해 주세요.

## Stock and price sheet
products_sheet_toast_saved = { $count }건을 저장했습니다.
products_sheet_price_of = { $name } 판매가
products_sheet_threshold_of = { $label } 알림 기준
products_sheet_page_title = 재고·가격 수정 · 파트너센터
products_sheet_title = 재고·가격 일괄 수정
products_sheet_back = 상품 목록
products_sheet_table = 옵션별 재고와 가격
products_sheet_col_product = 상품 / 옵션
products_sheet_empty = 조건에 맞는 상품이 없습니다.
products_load_more = 더 보기
products_sheet_change_count = 변경 { $count }건
products_sheet_save = 변경사항 저장

## Categories (stored and in spreadsheets in Korean; shown translated)
products_cat_outerwear = 아우터
products_cat_coats = 코트
products_cat_jackets = 재킷
products_cat_jumpers = 점퍼
products_cat_puffers = 패딩
products_cat_cardigans = 가디건
products_cat_vests = 베스트
products_cat_tops = 상의
products_cat_t_shirts = 티셔츠
products_cat_blouses = 블라우스
products_cat_shirts = 셔츠
products_cat_knitwear = 니트
products_cat_sweatshirts = 맨투맨
products_cat_hoodies = 후드
products_cat_sleeveless = 슬리브리스
products_cat_dresses = 원피스
products_cat_mini_dresses = 미니원피스
products_cat_midi_dresses = 미디원피스
products_cat_long_dresses = 롱원피스
products_cat_two_piece_sets = 투피스
products_cat_pants = 팬츠
products_cat_slacks = 슬랙스
products_cat_denim = 데님
products_cat_wide_pants = 와이드팬츠
products_cat_shorts = 반바지
products_cat_track_pants = 트레이닝
products_cat_skirts = 스커트
products_cat_mini_skirts = 미니스커트
products_cat_midi_skirts = 미디스커트
products_cat_long_skirts = 롱스커트
products_cat_shoes = 신발
products_cat_sneakers = 스니커즈
products_cat_loafers = 로퍼
products_cat_boots = 부츠
products_cat_sandals = 샌들
products_cat_heels = 힐
products_cat_bags = 가방
products_cat_shoulder_bags = 숄더백
products_cat_crossbody_bags = 크로스백
products_cat_tote_bags = 토트백
products_cat_backpacks = 백팩
products_cat_clutches = 클러치
products_cat_accessories = 액세서리
products_cat_hats = 모자
products_cat_jewellery = 주얼리
products_cat_belts = 벨트
products_cat_socks = 양말
products_cat_hair_accessories = 헤어액세서리
products_cat_scarves = 스카프
products_export_english_headers = 열 이름 영어로
products_sheet_err_unpacked_too_large = 압축을 풀면 너무 커지는 엑셀 파일이라 읽지 않았습니다(압축을 푼 크기는 최대 { $max }MB). 필요 없는 시트·서식·이미지를 지우거나 파일을 나누어 다시 올려 주세요.
products_err_image_too_many_pixels = 사진의 해상도가 너무 큽니다(최대 { $max }메가픽셀). 가로·세로를 줄여 저장한 뒤 다시 올려 주세요.
