# Products: English.

## Nouns for "… not found"
products_noun_product = Product
products_noun_variant = Variant
products_noun_selected_product = Selected product
products_noun_file = File

## Statuses and sorts
products_status_on_sale = On sale
products_status_sold_out = Sold out
products_status_stopped = Paused
products_status_hidden = Hidden
products_sort_recent = Newest
products_sort_updated = Recently updated
products_sort_name = Name
products_sort_price_asc = Price: low to high
products_sort_price_desc = Price: high to low
products_sort_stock_asc = Stock: low to high
products_single_variant = Single variant

## Field labels (also in validation messages)
products_label_name = Product name
products_label_code = Product code
products_label_category = Category
products_label_list_price = List price
products_label_sale_price = Sale price
products_label_description = Description
products_label_shipping_fee = Shipping fee
products_label_free_over = Free shipping over
products_label_return_fee = Return shipping fee
products_label_exchange_fee = Exchange shipping fee
products_label_ship_from = Ship-from address
products_label_return_address = Return address
products_label_option_name = Option name
products_label_option_value = Option value
products_label_variant_sku = SKU of { $label }
products_label_change_amount = Amount

## Validation
products_err_required = Enter { $label }.
products_err_max_chars = { $label } must be { $max } characters or fewer.
products_err_formula_start = { $label } can't start with =, + or @.
products_err_bad_chars = { $label } contains characters that aren't allowed.
products_err_one_line = { $label } must be a single line.
products_err_won_range = { $label } must be between ₩{ $min } and ₩{ $max }.
products_err_won_unit = { $label } must be in units of ₩10.
products_err_code_chars = { $label } may only contain letters, digits, -, _ and .
products_err_not_number = { $label } must be a number.
products_err_stock_range = Stock must be between 0 and { $max }.
products_err_threshold_range = Low-stock alert must be between 0 and { $max }.
products_err_sale_above_list = Sale price can't be higher than the list price.
products_err_extra_range = Option surcharge must be within -50% to +100% of the sale price (₩{ $min } to ₩{ $max }).
products_err_extra_unit = Option surcharge must be in units of ₩10.
products_err_too_many_groups = You can add up to 3 options (e.g. colour, size, length).
products_err_group_name_twice = Option name '{ $name }' appears twice.
products_err_value_separator = Option value '{ $value }' can't contain / or ,.
products_err_value_twice = '{ $value }' appears twice in option { $name }.
products_err_no_values = Enter at least one value for option { $name }.
products_err_too_many_values = An option can have up to { $max } values.
products_err_category_choose = Choose a category from the list.
products_err_sold_out_choose = Sold out is set automatically from stock. Choose On sale, Paused or Hidden.
products_err_sold_out_auto = Sold out is set automatically from stock.
products_err_too_many_variants_now = Up to { $max } option combinations (now { $count }).
products_err_too_many_variants = Up to { $max } option combinations.
products_err_variants_mismatch = The variants don't match the options. Rebuild the variant list.
products_err_sku_twice_here = SKU { $sku } is used twice in this product.
products_err_too_many_images = Up to { $max } photos per product.
products_err_percent_number = Enter the percentage as a number (e.g. -10).
products_err_percent_range = Percentage must be above -100% and at most 1000%.
products_err_price_too_big = The new price is too high.

## Server checks
products_err_sort_choose = Choose a sort order from the list.
products_err_status_choose = Choose a status from the list.
products_err_category_pick = Choose a category from the list.
products_err_channel_choose = Choose a sales channel from the list.
products_err_code_taken = Product code { $code } is already used by another product.
products_err_sku_taken = SKU { $sku } is already used by another product.
products_err_options_changed = The options have changed. Reload the product.
products_err_image_missing = An uploaded photo wasn't found. Upload it again.
products_err_select_one = Select at least one product.
products_err_bulk_max = You can process up to { $max } at a time.
products_err_bulk_extra = { $name }: option surcharges exceed the range allowed for the new sale price. Adjust the surcharges first.
products_err_no_changes = Nothing has changed.
products_err_sheet_max_cells = You can save up to 5,000 cells at a time.
products_err_not_on_sale = This product is not on sale.
products_err_out_of_stock = Not enough stock ({ $available } left).
products_err_quantity_min = Quantity must be at least 1.

## Channel API
products_api_err_limit = limit must be between 1 and 500.
products_api_err_cursor = cursor is not valid.

## Photos
products_err_image_type = Only photo files (JPG, PNG, WEBP, GIF) can be uploaded.
products_err_image_size = Each photo must be 10 MB or smaller.
products_err_image_unreadable = The photo can't be read. Upload an undamaged JPG, PNG, WEBP or GIF file.
products_err_image_small = Photos must be at least 100 pixels wide and high.
products_err_image_choose = Choose a photo to upload.

## Spreadsheet import
products_import_err_column_twice = Column '{ $name }' appears twice.
products_import_err_unknown_columns = Unknown columns: { $columns }. Use the column names of the template as they are.
products_import_err_missing_columns = Required columns missing: { $columns }. Download and use the template.
products_import_err_formula = Formulas aren't allowed. Enter the calculated value as a number.
products_import_err_not_number = '{ $value }' is not a number. Enter a whole number.
products_import_err_yes_no = Enter Y or N instead of '{ $value }'.
products_import_err_differs_from_first = Differs from the first row of this product code (row { $line }).
products_import_err_status = Status must be one of: { $choices }.
products_import_err_channel = '{ $part }' is not a sales channel. Enter any of { $channels }, separated by commas.
products_import_err_values_without_names = Leave option values empty when there is no option name (a product without options is one row).
products_import_err_values_count = { $count ->
    [one] Enter { $count } option value, like the option names ({ $names }).
   *[other] Enter { $count } option values separated by /, like the option names ({ $names }).
}
products_import_err_combo_twice = Option combination '{ $combo }' appears twice.
products_import_err_combo_missing = No row for option combination '{ $combo }'. Enter one row per combination.
products_import_err_list_price = Enter the list price.
products_import_err_sale_price = Enter the sale price.
products_import_err_sku_twice = SKU { $sku } is also in row { $line }. Each option needs its own SKU.
products_import_err_at_line = Row { $line }: { $message }
products_import_err_file_type = Only CSV or Excel (XLSX) files can be uploaded. Save Excel 97-2003 (xls) files as xlsx.
products_import_err_no_rows = No product rows. Enter products from row 2.
products_import_err_file_size = Files must be 10 MB or smaller.
products_import_err_mode = Choose how to apply the file.
products_import_err_file_choose = Choose a file to upload.

## Reading and writing spreadsheets
products_sheet_err_empty = The file is empty. Put the column names (header) in the first row and products in the rows below.
products_sheet_err_too_many_rows = Too many rows. A file can have up to { $max } product rows; split the file and upload the parts.
products_sheet_err_too_many_columns = Too many columns (column { $column } has a value). Up to { $max } columns can be read per sheet; check for stray values on the right.
products_sheet_err_encoding = The file's text encoding can't be read. Upload a file saved as UTF-8 or CP949 (EUC-KR).
products_sheet_err_xlsx_unreadable = The Excel file can't be read. Check that it isn't damaged, then save it again in Excel as 'Excel Workbook (*.xlsx)' or CSV.
products_sheet_err_no_worksheet = The Excel file has no worksheet. Check that it has a sheet with the product list.
products_sheet_err_too_big_for_excel = Too big for one Excel sheet (1,048,576 rows, 16,384 columns), so no Excel file can be made. Download as CSV.
products_sheet_err_csv_line = Row { $line } can't be read. Check that the CSV format is valid.
products_sheet_err_password = Password-protected Excel files can't be read. Remove the password, save and upload again.
products_sheet_err_cell_too_long = A cell with more than 32,767 characters can't go into an Excel file. Download as CSV.
products_sheet_err_write = The Excel file couldn't be made. Please try again shortly.

## Filter bar
products_filter_search = Search products
products_filter_search_hint = Name, product code, SKU
products_label_channels = Sales channels
products_filter_all_categories = All categories
products_filter_all_channels = All channels
products_filter_sort = Sort
products_filter_low_stock = Low stock only

## Product list
products_tab_all = All
products_label_status = Status
products_toast_saved = Product saved.
products_toast_bulk_done = { $count ->
    [one] { $count } product updated.
   *[other] { $count } products updated.
}
products_list_page_title = Products · Partner Center
products_list_title = Products
products_list_import = Bulk upload
products_list_stock = Stock & prices
products_new_title = Add product
products_select_page = Select all on this page
products_select_all = Select all
products_empty_title = No matching products
products_empty_hint = Change the search or filters, or add a new product.
products_select_row = Select { $name }
products_no_photo = No photo
products_stock_units = { $count } in stock
products_variant_count = { $count ->
    [one] { $count } variant
   *[other] { $count } variants
}
products_low_stock_count = { $count } low stock
products_bulk_region = Bulk actions for selected products
products_selected_count = { $count } selected
products_bulk_set_status = Set status
products_bulk_price_mode = Price change type
products_bulk_price_percent = Sale price by %
products_bulk_price_amount = Sale price by ₩
products_bulk_price_value = Change by
products_bulk_change_price = Change price
products_bulk_delete_confirm = { $count ->
    [one] Delete { $count } selected product? It will also be removed from the sales channels.
   *[other] Delete { $count } selected products? They will also be removed from the sales channels.
}
products_bulk_delete = Delete

## Product form
products_new_page_title = Add product · Partner Center
products_edit_page_title = Edit product · Partner Center
products_edit_title = Edit product
products_variant_extra = { $label } surcharge
products_variant_stock = { $label } stock
products_variant_threshold = { $label } low-stock alert
products_variant_sku = { $label } SKU
products_variant_active = { $label } on sale
products_err_max_photos = You can upload up to { $max } photos.
products_form_basic = Basic information
products_form_code_hint = Leave empty to generate
products_form_category_choose = Choose a category
products_form_list_price = List price (₩)
products_form_sale_price = Sale price (₩)
products_form_sold_out_hint = Shown as sold out because there is no stock. It goes back on sale when you add stock.
products_form_photos = Photos
products_form_photos_hint = The first photo is the main photo. Drag and drop or use the arrows to reorder. (Up to 10, 10 MB each)
products_form_photo_alt = Photo { $n }
products_form_cover = Main
products_form_move_earlier = Move earlier
products_form_remove_photo = Remove photo
products_form_move_later = Move later
products_form_add_photos = Add photos
products_form_uploading = Uploading photos… { $count }
products_form_options = Options
products_form_options_hint = Enter an option name and its values separated by commas, then press 'Build variants'. Up to 3 options. Stock of existing combinations is kept.
products_form_option_name_hint = Option name (e.g. Colour)
products_form_option_values_hint = Values (e.g. Black, Ivory, Navy)
products_form_remove_option = Remove option
products_form_add_option = Add option
products_form_build_variants = Build variants
products_form_bulk_stock = Set stock for all
products_form_apply_all = Apply to all
products_form_variant_table = Stock by variant
products_col_option = Variant
products_col_extra = Surcharge
products_col_stock = Stock
products_col_threshold = Alert at
products_col_active = On sale
products_form_shipping = Shipping
products_form_shipping_fee = Shipping fee (₩)
products_form_free_over = Free shipping over (₩, 0 for none)
products_form_return_fee = Return fee (one way, ₩)
products_form_exchange_fee = Exchange fee (round trip, ₩)
products_form_back = Back to list
products_form_save = Save

## Bulk registration page
products_import_toast_done = { $count ->
    [one] { $count } product added or updated.
   *[other] { $count } products added or updated.
}
products_import_step_template = 1. Get the template
products_import_template_help = Enter one option per row. Rows with the same product code make one product, and product details are read from its first row. Existing product codes are updated; empty cells keep the saved values.
products_import_template_xlsx = Excel template (XLSX)
products_import_template_csv = CSV template
products_import_export_xlsx = Export all products (XLSX)
products_import_export_csv = Export all products (CSV)
products_import_encoding_hint = CSV files can be UTF-8 (Excel's 'CSV UTF-8') or CP949. Formulas are not run.
products_import_step_upload = 2. Upload the file
products_import_file_label = CSV or XLSX file (up to 10 MB)
products_import_mode_legend = If some rows have errors
products_import_mode_valid_only = Add only the valid products
products_import_mode_all_or_nothing = Add nothing
products_import_preview = Preview
products_import_apply = Import
products_import_checking = Checking the file…
products_import_page_title = Bulk upload · Partner Center
products_import_title = Bulk upload
products_import_outcome_applied = { $count ->
    [one] { $count } product applied ({ $new } new, { $updated } updated).
   *[other] { $count } products applied ({ $new } new, { $updated } updated).
}
products_import_outcome_some_errors = { $errors ->
    [one] { $errors } error found. Import only the { $count } valid products, or fix the file and upload it again.
   *[other] { $errors } errors found. Import only the { $count } valid products, or fix the file and upload it again.
}
products_import_outcome_all_errors = { $errors ->
    [one] { $errors } error found; no product can be imported.
   *[other] { $errors } errors found; no product can be imported.
}
products_import_outcome_ok = { $count ->
    [one] All rows are valid. Press 'Import' to apply { $count } product.
   *[other] All rows are valid. Press 'Import' to apply { $count } products.
}
products_import_result = Import result
products_import_fact_rows = Rows
products_import_fact_products = Products
products_import_fact_valid = Valid
products_import_fact_new_updated = New / updated
products_import_fact_errors = Errors
products_import_col_row = Row
products_import_col_column = Column
products_import_col_reason = Reason
products_import_more_errors = { $count ->
    [one] Fix the file and check again for { $count } more error.
   *[other] Fix the file and check again for { $count } more errors.
}

## Stock and price sheet
products_sheet_toast_saved = { $count ->
    [one] { $count } change saved.
   *[other] { $count } changes saved.
}
products_sheet_price_of = { $name } sale price
products_sheet_threshold_of = { $label } alert at
products_sheet_page_title = Stock & prices · Partner Center
products_sheet_title = Edit stock & prices
products_sheet_back = Products
products_sheet_table = Stock and prices by variant
products_sheet_col_product = Product / variant
products_sheet_empty = No matching products.
products_load_more = Load more
products_sheet_change_count = { $count ->
    [one] { $count } change
   *[other] { $count } changes
}
products_sheet_save = Save changes

## Categories (stored and in spreadsheets in Korean; shown translated)
products_cat_outerwear = Outerwear
products_cat_coats = Coats
products_cat_jackets = Jackets
products_cat_jumpers = Jumpers
products_cat_puffers = Puffers
products_cat_cardigans = Cardigans
products_cat_vests = Vests
products_cat_tops = Tops
products_cat_t_shirts = T-shirts
products_cat_blouses = Blouses
products_cat_shirts = Shirts
products_cat_knitwear = Knitwear
products_cat_sweatshirts = Sweatshirts
products_cat_hoodies = Hoodies
products_cat_sleeveless = Sleeveless
products_cat_dresses = Dresses
products_cat_mini_dresses = Mini dresses
products_cat_midi_dresses = Midi dresses
products_cat_long_dresses = Long dresses
products_cat_two_piece_sets = Two-piece sets
products_cat_pants = Pants
products_cat_slacks = Slacks
products_cat_denim = Denim
products_cat_wide_pants = Wide pants
products_cat_shorts = Shorts
products_cat_track_pants = Track pants
products_cat_skirts = Skirts
products_cat_mini_skirts = Mini skirts
products_cat_midi_skirts = Midi skirts
products_cat_long_skirts = Long skirts
products_cat_shoes = Shoes
products_cat_sneakers = Sneakers
products_cat_loafers = Loafers
products_cat_boots = Boots
products_cat_sandals = Sandals
products_cat_heels = Heels
products_cat_bags = Bags
products_cat_shoulder_bags = Shoulder bags
products_cat_crossbody_bags = Crossbody bags
products_cat_tote_bags = Tote bags
products_cat_backpacks = Backpacks
products_cat_clutches = Clutches
products_cat_accessories = Accessories
products_cat_hats = Hats
products_cat_jewellery = Jewellery
products_cat_belts = Belts
products_cat_socks = Socks
products_cat_hair_accessories = Hair accessories
products_cat_scarves = Scarves
products_export_english_headers = English column headers
products_sheet_err_unpacked_too_large = This Excel file grows too large when unpacked, so it was not read (at most { $max } MB unpacked). Remove unneeded sheets, formatting or images, or split the file, and upload it again.
products_err_image_too_many_pixels = The photo's resolution is too high (at most { $max } megapixels). Please save it smaller and upload it again.
