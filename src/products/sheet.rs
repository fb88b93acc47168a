//! 상품 일괄등록 spreadsheets: reading what sellers upload and writing what
//! they download.
//!
//! Sellers live in Excel, so both directions follow Excel's habits rather than
//! the CSV RFC's. Korean Excel saves "CSV" as CP949 unless told otherwise and
//! only opens UTF-8 correctly when the file starts with a BOM. Row numbers are
//! the ones Excel shows, blank rows included, because an error report that
//! says "5행" is useless if the seller's row 5 is a different product.
//!
//! Uploads are untrusted: formulas are never evaluated (only the value Excel
//! cached when it saved is read), rows and columns are capped while reading
//! so a tiny file cannot make us allocate a huge grid, and nothing here
//! panics. Downloads may be opened by anyone, so CSV text that a spreadsheet
//! would run as a formula is neutralised (CSV injection).
//!
//! Pure functions only: what the cells mean, and the database, belong to the
//! callers.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Cursor;

use calamine::{DataRef, ExcelDateTime, Reader, SheetType, SheetVisible, Xlsx};
use encoding_rs::{EUC_KR, UTF_16BE, UTF_16LE, UTF_8};
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet};

use crate::i18n::msg;

/// The most data rows a file may hold.
pub const MAX_ROWS: usize = 20_000;

/// The widest sheet we read. A product template has a few dozen columns; the
/// cap exists because a single stray value far to the right would otherwise
/// make every row that wide.
const MAX_COLUMNS: u32 = 200;

/// The most an XLSX may hold once unpacked, all its parts together. A full
/// file (20,000 rows of a few dozen columns) is well under it; a zip bomb
/// made to fit under the 10 MB upload cap is far over.
pub const MAX_UNPACKED_BYTES: u64 = 48 * 1024 * 1024;
/// A part larger than [`RATIO_FLOOR`] that shrank more than this in the zip
/// is made to expand, not a spreadsheet: real sheet XML shrinks 5–30 times.
const MAX_RATIO: u64 = 100;
const RATIO_FLOOR: u64 = 1024 * 1024;
/// An XLSX has a few dozen parts; the zip's index of a crafted one could
/// list tens of thousands, each held in memory while it is read.
const MAX_ZIP_ENTRIES: u16 = 1_000;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// OLE compound file: old binary Excel (.xls), or an encrypted .xlsx.
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Extensions of files that are surely not CSV, so the seller is told to
/// re-save instead of being shown a confusing encoding error.
const NOT_CSV_EXTENSIONS: &[&str] = &[
    "xls", "xlsx", "xlsm", "xlsb", "xlt", "xltx", "xltm", "ods", "numbers", "cell", "hwp", "hwpx", "doc",
    "docx", "pdf", "zip", "png", "jpg", "jpeg", "gif", "webp", "heic",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

/// One data row: `line` is the spreadsheet row number as Excel shows it (the
/// header is row 1, the first data row is 2), `cells` trimmed strings, as many
/// as the row has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub line: usize,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<SheetRow>,
}

/// What was wrong with the file as a whole (Korean message for the seller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetError(pub String);

impl SheetError {
    fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SheetError {}

/// A cell to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Number(i64),
}

// ---------------------------------------------------------------------------
// Messages

fn empty_file() -> SheetError {
    SheetError::new(msg::products_sheet_err_empty())
}

fn too_many_rows() -> SheetError {
    SheetError::new(msg::products_sheet_err_too_many_rows(thousands(MAX_ROWS)))
}

fn too_many_columns(col: u32) -> SheetError {
    SheetError::new(msg::products_sheet_err_too_many_columns(column_letters(col), MAX_COLUMNS.to_string()))
}

fn unreadable_encoding() -> SheetError {
    SheetError::new(msg::products_sheet_err_encoding())
}

fn unreadable_xlsx() -> SheetError {
    SheetError::new(msg::products_sheet_err_xlsx_unreadable())
}

fn unpacked_too_large() -> SheetError {
    SheetError::new(msg::products_sheet_err_unpacked_too_large((MAX_UNPACKED_BYTES / (1024 * 1024)).to_string()))
}

fn no_worksheet() -> SheetError {
    SheetError::new(msg::products_sheet_err_no_worksheet())
}

fn too_big_for_excel() -> SheetError {
    SheetError::new(msg::products_sheet_err_too_big_for_excel())
}

/// `20000` → `"20,000"`, the way Korean sellers read numbers.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Zero-based column index → Excel's letters (0 → A, 26 → AA), so a message
/// points at a column the seller can find.
fn column_letters(col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

// ---------------------------------------------------------------------------
// Format detection

/// XLSX when the bytes are a zip (PK\x03\x04); CSV when the file name ends
/// with .csv/.txt (any case) or the bytes are not a zip and the name has no
/// other known extension; None for e.g. .xls (old binary Excel: tell the
/// seller to save as xlsx or csv) or other formats.
///
/// The bytes win over the name: sellers rename files, and an .xls renamed to
/// .csv must not be decoded as text.
pub fn detect_format(filename: &str, bytes: &[u8]) -> Option<SheetFormat> {
    if bytes.starts_with(ZIP_MAGIC) {
        return Some(SheetFormat::Xlsx);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return None;
    }
    match extension(filename).as_deref() {
        Some("csv" | "txt") => Some(SheetFormat::Csv),
        Some(ext) if NOT_CSV_EXTENSIONS.contains(&ext) => None,
        _ => Some(SheetFormat::Csv),
    }
}

/// Lower-cased extension of the last path component; browsers on Windows may
/// send `C:\fakepath\상품.csv`.
fn extension(filename: &str) -> Option<String> {
    let base = filename.rsplit(['/', '\\']).next().unwrap_or(filename);
    let (_, ext) = base.rsplit_once('.')?;
    (!ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

// ---------------------------------------------------------------------------
// Reading

pub fn read_sheet(bytes: &[u8], format: SheetFormat) -> Result<Sheet, SheetError> {
    match format {
        SheetFormat::Csv => read_csv(bytes),
        SheetFormat::Xlsx => read_xlsx(bytes),
    }
}

/// Collects rows the same way for both formats: blank rows dropped, the first
/// non-blank row taken as the header, the row cap enforced as rows arrive so
/// an oversized file is refused before it is held in memory.
#[derive(Default)]
struct SheetBuilder {
    header: Option<Vec<String>>,
    rows: Vec<SheetRow>,
}

impl SheetBuilder {
    fn push(&mut self, line: usize, cells: Vec<String>) -> Result<(), SheetError> {
        if cells.iter().all(String::is_empty) {
            return Ok(());
        }
        if self.header.is_none() {
            self.header = Some(cells);
            return Ok(());
        }
        if self.rows.len() >= MAX_ROWS {
            return Err(too_many_rows());
        }
        self.rows.push(SheetRow { line, cells });
        Ok(())
    }

    fn finish(self) -> Result<Sheet, SheetError> {
        let header = self.header.ok_or_else(empty_file)?;
        Ok(Sheet { header, rows: self.rows })
    }
}

fn read_csv(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let text = decode_text(bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        // Rows of other lengths are the caller's to report, with their row number.
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut lines = ExcelLines::new(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut sheet = SheetBuilder::default();
    loop {
        let line = lines.line_of_record_at(reader.position().byte());
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => {
                return Err(SheetError::new(msg::products_sheet_err_csv_line(line.to_string())))
            }
        }
        lines.skip_breaks_inside(&record);
        sheet.push(line, record.iter().map(|cell| cell.trim().to_owned()).collect())?;
    }
    sheet.finish()
}

/// Bytes → text the way Korean sellers' files actually arrive: UTF-8 (with or
/// without the BOM Excel writes), CP949 from "CSV (쉼표로 분리)", or UTF-16
/// from "유니코드 텍스트". CP949 is tried only when the bytes are not UTF-8:
/// Korean CP949 text is practically never valid UTF-8, the other way round it
/// often decodes to garbage without complaint.
fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, SheetError> {
    let (text, malformed) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        UTF_8.decode_without_bom_handling(rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        UTF_16LE.decode_without_bom_handling(rest)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        UTF_16BE.decode_without_bom_handling(rest)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (Cow::Borrowed(text), false)
    } else {
        // WHATWG's EUC-KR is windows-949, i.e. CP949 with its extra Hangul.
        EUC_KR.decode_without_bom_handling(bytes)
    };
    // No spreadsheet text holds a NUL; one means UTF-16 without its BOM or a
    // binary file that was named .csv.
    if malformed || text.contains('\0') {
        return Err(unreadable_encoding());
    }
    Ok(text)
}

/// Excel's "텍스트 (탭으로 분리)" and "유니코드 텍스트" are tab-separated .txt
/// files; a header line with tabs and no comma can only be one of those.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().find(|line| !line.trim().is_empty()).unwrap_or("");
    if first.contains('\t') && !first.contains(',') {
        b'\t'
    } else {
        b','
    }
}

/// Excel's row number of each CSV record. The csv crate's own line count does
/// not match it: csv skips blank lines (Excel shows them as empty rows) and
/// counts a line break inside a quoted cell (Excel keeps it inside the cell).
/// So: row = line breaks before the record − those inside earlier cells + 1.
struct ExcelLines<'a> {
    text: &'a [u8],
    counted_to: usize,
    breaks: usize,
    breaks_in_cells: usize,
}

impl<'a> ExcelLines<'a> {
    fn new(text: &'a [u8]) -> Self {
        Self { text, counted_to: 0, breaks: 0, breaks_in_cells: 0 }
    }

    /// `from` is the reader's byte position before it reads the record.
    fn line_of_record_at(&mut self, from: u64) -> usize {
        let from = usize::try_from(from).map_or(self.text.len(), |b| b.min(self.text.len()));
        // The reader skips the line breaks of blank lines before a record, so
        // the record starts after them. Starting there also means a chunk never
        // ends between the \r and \n of one line break.
        let blank = self.text.get(from..).unwrap_or_default();
        let start = from + blank.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        if let Some(chunk) = self.text.get(self.counted_to..start) {
            self.breaks += count_line_breaks(chunk);
            self.counted_to = start;
        }
        self.breaks.saturating_sub(self.breaks_in_cells) + 1
    }

    fn skip_breaks_inside(&mut self, record: &csv::StringRecord) {
        self.breaks_in_cells += record.iter().map(|cell| count_line_breaks(cell.as_bytes())).sum::<usize>();
    }
}

/// \r\n, \n and a lone \r (old Mac files) each end one line, as for csv and Excel.
fn count_line_breaks(bytes: &[u8]) -> usize {
    let mut count = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            count += 1;
        }
    }
    count
}

fn read_xlsx(bytes: &[u8]) -> Result<Sheet, SheetError> {
    // calamine walks an untrusted zip and its XML. Should it ever panic on a
    // file nobody foresaw, the seller still gets "cannot read this file"
    // instead of a failed request.
    std::panic::catch_unwind(|| {
        check_unpacked_size(bytes)?;
        read_xlsx_cells(bytes)
    })
    .unwrap_or_else(|_| Err(unreadable_xlsx()))
}

/// What an upload would unpack to, by the zip's own index (its central
/// directory): refused when its parts together exceed [`MAX_UNPACKED_BYTES`]
/// or one part shrank more than [`MAX_RATIO`] times. Cheap (nothing is
/// unpacked), so it runs before the upload waits for a turn to be read; a
/// CSV has nothing to unpack.
pub fn check_declared_size(bytes: &[u8], format: SheetFormat) -> Result<(), SheetError> {
    if format != SheetFormat::Xlsx {
        return Ok(());
    }
    std::panic::catch_unwind(|| check_declared(&mut open_zip(bytes)?)).unwrap_or_else(|_| Err(unreadable_xlsx()))
}

fn open_zip(bytes: &[u8]) -> Result<zip::ZipArchive<Cursor<&[u8]>>, SheetError> {
    if declared_entries(bytes).is_some_and(|n| n > MAX_ZIP_ENTRIES) {
        return Err(unreadable_xlsx());
    }
    zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable_xlsx())
}

/// The number of parts the end-of-central-directory record announces (it
/// ends the file, before a comment of at most 64 KiB), read before the zip
/// crate builds its index of them. 0xFFFF means "see the ZIP64 record",
/// which no XLSX under the upload cap needs.
fn declared_entries(bytes: &[u8]) -> Option<u16> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let tail = &bytes[bytes.len().saturating_sub(22 + usize::from(u16::MAX))..];
    let at = tail.windows(EOCD.len()).rposition(|w| w == EOCD)?;
    let count = tail.get(at + 10..at + 12)?;
    Some(u16::from_le_bytes([count[0], count[1]]))
}

fn check_declared(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), SheetError> {
    let mut total = 0u64;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(|_| unreadable_xlsx())?;
        let (size, packed) = (part.size(), part.compressed_size());
        total = total.saturating_add(size);
        if total > MAX_UNPACKED_BYTES || (size > RATIO_FLOOR && size / packed.max(1) > MAX_RATIO) {
            return Err(unpacked_too_large());
        }
    }
    Ok(())
}

/// The declared sizes, then the real ones: every part is unpacked into a
/// small buffer and counted, stopping at the cap, since a crafted zip's
/// index may understate what its parts unpack to. Only then does calamine,
/// which holds what it unpacks, read the file.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), SheetError> {
    use std::io::Read;
    let mut archive = open_zip(bytes)?;
    check_declared(&mut archive)?;
    let mut buffer = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).map_err(xlsx_zip_error)?;
        let declared = part.size();
        let mut unpacked = 0u64;
        loop {
            let n = match part.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n as u64,
                Err(_) => return Err(unreadable_xlsx()),
            };
            unpacked += n;
            total += n;
            if unpacked > declared || total > MAX_UNPACKED_BYTES {
                return Err(unpacked_too_large());
            }
        }
    }
    Ok(())
}

fn xlsx_zip_error(error: zip::result::ZipError) -> SheetError {
    match error {
        zip::result::ZipError::UnsupportedArchive(reason) if reason == zip::result::ZipError::PASSWORD_REQUIRED => {
            SheetError::new(msg::products_sheet_err_password())
        }
        _ => unreadable_xlsx(),
    }
}

/// Streams the first worksheet's cells rather than asking calamine for a
/// `Range`: a range is a dense grid spanning every used cell, so a file with
/// just A1 and XFD1048576 would ask for seventeen billion cells. Streaming
/// keeps only non-blank cells and stops at the row and column caps. The
/// values are the same ones `worksheet_range` gives: for a formula, the
/// result Excel cached when it saved; nothing is ever evaluated.
fn read_xlsx_cells(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_read_error)?;
    let name = first_worksheet(book.sheets_metadata()).ok_or_else(no_worksheet)?;
    let mut reader = book.worksheet_cells_reader(&name).map_err(xlsx_read_error)?;

    let mut by_row: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    while let Some(cell) = reader.next_cell().map_err(xlsx_read_error)? {
        let text = cell_text(cell.get_value());
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let (row, col) = cell.get_position();
        if col >= MAX_COLUMNS {
            return Err(too_many_columns(col));
        }
        // Header plus MAX_ROWS data rows already seen: a new row is one too many.
        if by_row.len() > MAX_ROWS && !by_row.contains_key(&row) {
            return Err(too_many_rows());
        }
        by_row.entry(row).or_default().push((col, text.to_owned()));
    }

    // Columns count from the leftmost used one, as calamine's ranges do, so a
    // table that starts in column B reads like one that starts in A.
    let first_col = by_row.values().flatten().map(|(col, _)| *col).min().unwrap_or(0);
    let mut sheet = SheetBuilder::default();
    let mut header_len = None;
    for (row, cells) in by_row {
        let used = cells.iter().map(|(col, _)| (col - first_col) as usize + 1).max().unwrap_or(0);
        // An xlsx row has no length of its own. Padding data rows to the
        // header's width makes an empty trailing cell look the same as in a
        // CSV saved by Excel, so the caller's length check only fires on
        // values that really stick out past the header.
        let mut dense = vec![String::new(); used.max(header_len.unwrap_or(0))];
        for (col, text) in cells {
            if let Some(slot) = dense.get_mut((col - first_col) as usize) {
                *slot = text;
            }
        }
        header_len.get_or_insert(dense.len());
        let line = usize::try_from(row).map_or(usize::MAX, |r| r.saturating_add(1));
        sheet.push(line, dense)?;
    }
    sheet.finish()
}

/// The first worksheet the seller can see (a template may hide a sheet of
/// code lists), else the first worksheet at all. Chart sheets hold no cells.
fn first_worksheet(sheets: &[calamine::Sheet]) -> Option<String> {
    let worksheets = || sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    worksheets()
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| worksheets().next())
        .map(|s| s.name.clone())
}

fn xlsx_read_error(error: calamine::XlsxError) -> SheetError {
    match error {
        calamine::XlsxError::Password => SheetError::new(msg::products_sheet_err_password()),
        _ => unreadable_xlsx(),
    }
}

/// A cell's value as the seller sees it. Error values become "#오류", not
/// "", so a broken formula is reported as an invalid value rather than
/// silently treated as a blank.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(text) | DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text.clone(),
        DataRef::SharedString(text) => (*text).to_owned(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(x) => number_text(*x),
        DataRef::Bool(true) => "TRUE".to_owned(),
        DataRef::Bool(false) => "FALSE".to_owned(),
        DataRef::DateTime(dt) => date_text(dt),
        DataRef::Error(_) => "#오류".to_owned(),
        DataRef::Empty => String::new(),
    }
}

/// Excel stores every number as a double, so a typed 12000 comes back as
/// 12000.0. Rust's float formatting is the shortest text that round-trips and
/// never uses an exponent, so that prints "12000" and 0.1 prints "0.1".
fn number_text(x: f64) -> String {
    if x == 0.0 {
        // Also catches -0.0, which would print as "-0".
        "0".to_owned()
    } else if x.is_finite() {
        format!("{x}")
    } else {
        "#오류".to_owned()
    }
}

/// Dates as ISO text (what the seller typed, not Excel's day count), times of
/// day as HH:MM:SS, durations as their number of days.
fn date_text(dt: &ExcelDateTime) -> String {
    let serial = dt.as_f64();
    if dt.is_duration() {
        return number_text(serial);
    }
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    if serial > 0.0 && serial < 1.0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    }
}

// ---------------------------------------------------------------------------
// Writing

/// UTF-8 with BOM (what Excel opens correctly in Korean), CRLF line ends,
/// header first.
///
/// Written by hand rather than with `csv::Writer`: into a `Vec` nothing can
/// fail, and this way there is no `Result` to swallow.
pub fn write_csv(header: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    for (i, title) in header.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_csv_text(&mut out, title);
    }
    out.push_str("\r\n");
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match cell {
                Cell::Text(text) => push_csv_text(&mut out, text),
                // A negative number is a number to the spreadsheet, not a formula.
                Cell::Number(n) => out.push_str(&n.to_string()),
            }
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// Text that a spreadsheet would take for a formula (`=cmd|' /C calc'!A0`,
/// `+`, `-`, `@`, or those hidden behind a tab or CR) gets a leading `'`, so a
/// product name typed by anyone can never run on the seller's computer.
fn push_csv_text(out: &mut String, text: &str) {
    let guard = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { "'" } else { "" };
    if text.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(guard);
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(guard);
        out.push_str(text);
    }
}

/// Header row bold on a light fill and frozen, columns wide enough to read,
/// text always written as text: `write_string` never turns "=..." into a
/// formula, so no neutralising is needed (or wanted) here.
pub fn write_xlsx(sheet_name: &str, header: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>, SheetError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    // A name Excel refuses (e.g. "History") is not worth failing a download
    // over: the sheet then keeps its default name.
    let _ = sheet.set_name(excel_sheet_name(sheet_name));

    let header_format = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xF2_F2_F2))
        .set_border_bottom(FormatBorder::Thin);
    for (col, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, to_col(col)?, *title, &header_format).map_err(write_error)?;
    }
    for (index, row) in rows.iter().enumerate() {
        let line = to_row(index + 1)?;
        for (col, cell) in row.iter().enumerate() {
            let col = to_col(col)?;
            match cell {
                Cell::Text(text) => sheet.write_string(line, col, text.as_str()),
                Cell::Number(n) => write_integer(sheet, line, col, *n),
            }
            .map_err(write_error)?;
        }
    }
    for (col, width) in column_widths(header, rows).into_iter().enumerate() {
        sheet.set_column_width(to_col(col)?, width).map_err(write_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(write_error)?;
    workbook.save_to_buffer().map_err(write_error)
}

/// Excel holds numbers as doubles, exact up to 2^53; a larger integer is
/// written as text so that no digit silently changes.
fn write_integer(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    n: i64,
) -> Result<&mut Worksheet, rust_xlsxwriter::XlsxError> {
    const EXACT_IN_EXCEL: u64 = 1 << 53;
    if n.unsigned_abs() <= EXACT_IN_EXCEL {
        sheet.write_number(row, col, n as f64)
    } else {
        sheet.write_string(row, col, n.to_string())
    }
}

fn to_row(index: usize) -> Result<u32, SheetError> {
    u32::try_from(index).map_err(|_| too_big_for_excel())
}

fn to_col(index: usize) -> Result<u16, SheetError> {
    u16::try_from(index).map_err(|_| too_big_for_excel())
}

fn write_error(error: rust_xlsxwriter::XlsxError) -> SheetError {
    match error {
        rust_xlsxwriter::XlsxError::RowColumnLimitError => too_big_for_excel(),
        rust_xlsxwriter::XlsxError::MaxStringLengthExceeded => SheetError::new(msg::products_sheet_err_cell_too_long()),
        _ => SheetError::new(msg::products_sheet_err_write()),
    }
}

/// Excel refuses sheet names with []:*?/\, longer than 31 characters, blank,
/// or wrapped in apostrophes.
fn excel_sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '_' } else { c })
        .take(31)
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim();
    if cleaned.is_empty() {
        "Sheet1".to_owned()
    } else {
        cleaned.to_owned()
    }
}

/// At least 14 characters so short headers such as "판매가" still leave room
/// for their values, wider for long headers or values, never so wide that a
/// long description pushes the other columns off screen. Values are sampled
/// from the first rows only: an export may hold tens of thousands.
fn column_widths(header: &[&str], rows: &[Vec<Cell>]) -> Vec<u16> {
    const MIN_WIDTH: usize = 14;
    const MAX_WIDTH: usize = 50;
    const SAMPLE_ROWS: usize = 500;
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0).max(header.len());
    (0..columns)
        .map(|col| {
            let header_width = header.get(col).map_or(0, |title| display_width(title));
            let value_width = rows
                .iter()
                .take(SAMPLE_ROWS)
                .filter_map(|row| row.get(col))
                .map(|cell| match cell {
                    Cell::Text(text) => display_width(text),
                    Cell::Number(n) => n.to_string().len(),
                })
                .max()
                .unwrap_or(0);
            let width = (header_width.max(value_width) + 2).clamp(MIN_WIDTH, MAX_WIDTH);
            u16::try_from(width).unwrap_or(MAX_WIDTH as u16)
        })
        .collect()
}

/// Column width in Excel's units: Hangul and other wide characters take about
/// two.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Result<Sheet, SheetError> {
        read_sheet(text.as_bytes(), SheetFormat::Csv)
    }

    fn cells(row: &SheetRow) -> Vec<&str> {
        row.cells.iter().map(String::as_str).collect()
    }

    fn lines(sheet: &Sheet) -> Vec<usize> {
        sheet.rows.iter().map(|row| row.line).collect()
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    /// An xlsx made directly with rust_xlsxwriter, for cells `write_xlsx`
    /// never writes (floats, formulas, far-away cells).
    fn custom_xlsx(fill: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
        let mut workbook = Workbook::new();
        fill(workbook.add_worksheet());
        workbook.save_to_buffer().expect("test workbook")
    }

    #[test]
    fn utf8_with_bom_is_read_without_the_bom_in_the_first_header() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice("상품명,판매가\r\n린넨 셔츠,39000\r\n".as_bytes());
        let sheet = read_sheet(&bytes, SheetFormat::Csv).unwrap();
        assert_eq!(sheet.header, vec!["상품명", "판매가"]);
        assert_eq!(sheet.rows, vec![SheetRow { line: 2, cells: vec!["린넨 셔츠".into(), "39000".into()] }]);
    }

    #[test]
    fn plain_utf8_is_read_and_cells_are_trimmed() {
        let sheet = csv(" 상품명 , 판매가\n  린넨 셔츠 ,\t39000 \n").unwrap();
        assert_eq!(sheet.header, vec!["상품명", "판매가"]);
        assert_eq!(cells(&sheet.rows[0]), vec!["린넨 셔츠", "39000"]);
    }

    #[test]
    fn cp949_bytes_from_korean_excel_are_decoded() {
        let (bytes, _, _) = EUC_KR.encode("상품명,판매가\n린넨 셔츠,39000\n");
        assert!(std::str::from_utf8(&bytes).is_err(), "the test needs bytes that are not UTF-8");
        let sheet = read_sheet(&bytes, SheetFormat::Csv).unwrap();
        assert_eq!(sheet.header, vec!["상품명", "판매가"]);
        assert_eq!(cells(&sheet.rows[0]), vec!["린넨 셔츠", "39000"]);
    }

    #[test]
    fn bytes_that_are_neither_utf8_nor_cp949_are_rejected_with_a_message() {
        let err = read_sheet(b"name,price\n\x80\xFF,1\n", SheetFormat::Csv).unwrap_err();
        assert!(err.0.contains("문자 인코딩을 읽을 수 없습니다"), "{err}");
        assert!(err.0.contains("UTF-8") && err.0.contains("CP949"), "{err}");
    }

    #[test]
    fn utf16_text_without_a_bom_is_rejected_rather_than_read_as_garbage() {
        let bytes: Vec<u8> = "name,price\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let err = read_sheet(&bytes, SheetFormat::Csv).unwrap_err();
        assert!(err.0.contains("문자 인코딩"), "{err}");
    }

    #[test]
    fn excel_unicode_text_is_read_as_utf16_separated_by_tabs() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("상품명\t판매가\r\n셔츠, 반팔\t1000\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        let sheet = read_sheet(&bytes, SheetFormat::Csv).unwrap();
        assert_eq!(sheet.header, vec!["상품명", "판매가"]);
        assert_eq!(cells(&sheet.rows[0]), vec!["셔츠, 반팔", "1000"]);
    }

    #[test]
    fn quoted_cells_keep_their_commas_quotes_and_line_breaks() {
        let sheet =
            csv("상품명,설명\n\"셔츠, 반팔\",\"첫 줄\n둘째 줄 \"\"특가\"\"\"\n바지,긴 바지\n").unwrap();
        assert_eq!(cells(&sheet.rows[0]), vec!["셔츠, 반팔", "첫 줄\n둘째 줄 \"특가\""]);
        assert_eq!(cells(&sheet.rows[1]), vec!["바지", "긴 바지"]);
        // The line break inside the cell does not shift the next row's number.
        assert_eq!(lines(&sheet), vec![2, 3]);
    }

    #[test]
    fn rows_of_other_lengths_are_kept_as_they_are() {
        let sheet = csv("a,b,c\n1,2\n1,2,3,4\n").unwrap();
        assert_eq!(cells(&sheet.rows[0]), vec!["1", "2"]);
        assert_eq!(cells(&sheet.rows[1]), vec!["1", "2", "3", "4"]);
    }

    #[test]
    fn empty_rows_are_skipped_but_still_counted_in_line_numbers() {
        let text = "\r\n상품명,설명\r\n\r\n셔츠,\"첫 줄\r\n둘째 줄\"\r\n , \r\n바지,긴 바지\r\n\r\n";
        let sheet = csv(text).unwrap();
        assert_eq!(sheet.header, vec!["상품명", "설명"]);
        assert_eq!(lines(&sheet), vec![4, 6]);
        assert_eq!(cells(&sheet.rows[1]), vec!["바지", "긴 바지"]);
    }

    #[test]
    fn old_mac_line_ends_count_as_rows_too() {
        let sheet = csv("a,b\r\r1,2\r").unwrap();
        assert_eq!(lines(&sheet), vec![3]);
    }

    #[test]
    fn a_file_without_a_header_is_an_empty_file() {
        for text in ["", "\u{FEFF}", "\n\n", " , \r\n,,\r\n"] {
            let err = csv(text).unwrap_err();
            assert!(err.0.starts_with("빈 파일입니다"), "{text:?}: {err}");
        }
    }

    #[test]
    fn exactly_max_rows_are_accepted_and_one_more_is_refused() {
        let mut text = String::from("상품명\n");
        for i in 0..MAX_ROWS {
            text.push_str(&format!("상품{i}\n"));
        }
        let sheet = csv(&text).unwrap();
        assert_eq!(sheet.rows.len(), MAX_ROWS);
        assert_eq!(sheet.rows.last().unwrap().line, MAX_ROWS + 1);

        text.push_str("하나 더\n");
        let err = csv(&text).unwrap_err();
        assert!(err.0.contains("20,000행"), "{err}");
    }

    #[test]
    fn write_csv_starts_with_a_bom_and_ends_lines_with_crlf() {
        let bytes = write_csv(&["상품명", "판매가"], &[vec![text("셔츠, 반팔"), Cell::Number(39000)]]);
        let out = String::from_utf8(bytes).unwrap();
        assert_eq!(out, "\u{FEFF}상품명,판매가\r\n\"셔츠, 반팔\",39000\r\n");
    }

    #[test]
    fn write_csv_neutralises_formulas_in_text_but_not_negative_numbers() {
        let rows = vec![vec![
            text("=cmd|' /C calc'!A0"),
            text("+82"),
            text("-1"),
            text("@SUM(A1)"),
            text("\t=1"),
            Cell::Number(-5000),
            text("정상"),
        ]];
        let out = String::from_utf8(write_csv(&["=머리글", "b", "c", "d", "e", "f", "g"], &rows)).unwrap();
        assert_eq!(
            out,
            "\u{FEFF}'=머리글,b,c,d,e,f,g\r\n'=cmd|' /C calc'!A0,'+82,'-1,'@SUM(A1),'\t=1,-5000,정상\r\n"
        );
    }

    #[test]
    fn neutralised_csv_reads_back_with_the_apostrophe() {
        let bytes =
            write_csv(&["상품명", "판매가"], &[vec![text("=cmd|' /C calc'!A0, \"x\""), Cell::Number(-5)]]);
        let sheet = read_sheet(&bytes, SheetFormat::Csv).unwrap();
        assert_eq!(sheet.header, vec!["상품명", "판매가"]);
        assert_eq!(cells(&sheet.rows[0]), vec!["'=cmd|' /C calc'!A0, \"x\"", "-5"]);
    }

    #[test]
    fn xlsx_round_trip_keeps_header_and_cells_with_numbers_as_integer_text() {
        let header = ["상품명", "판매가", "메모"];
        let rows = vec![
            vec![text("린넨 셔츠"), Cell::Number(39000), text("=1+2")],
            vec![text("바지"), Cell::Number(-1200), text("")],
            vec![text("큰 수"), Cell::Number(i64::MAX), text("@멘션")],
        ];
        let bytes = write_xlsx("상품", &header, &rows).unwrap();
        assert_eq!(detect_format("상품.xlsx", &bytes), Some(SheetFormat::Xlsx));
        let sheet = read_sheet(&bytes, SheetFormat::Xlsx).unwrap();
        assert_eq!(sheet.header, header);
        assert_eq!(cells(&sheet.rows[0]), vec!["린넨 셔츠", "39000", "=1+2"]);
        // The empty trailing cell pads to the header's width.
        assert_eq!(cells(&sheet.rows[1]), vec!["바지", "-1200", ""]);
        assert_eq!(cells(&sheet.rows[2]), vec!["큰 수", &i64::MAX.to_string(), "@멘션"]);
        assert_eq!(lines(&sheet), vec![2, 3, 4]);
    }

    /// A zip of `parts` (name, content), deflated.
    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn unpacked_message() -> String {
        unpacked_too_large().0
    }

    #[test]
    fn a_full_size_export_is_not_mistaken_for_a_zip_bomb() {
        let header: Vec<String> = (0..21).map(|c| format!("항목{c}")).collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let rows: Vec<Vec<Cell>> = (0..MAX_ROWS)
            .map(|r| {
                let mut row = vec![text(&format!("MD-{:05}", r / 5)), text(&format!("린넨 셔츠 {r}")), text("상의>셔츠")];
                row.extend((3..20).map(|c| Cell::Number((r * 31 + c * 7) as i64 % 100_000)));
                row.push(text(&format!("{} {}", "부드러운 린넨 소재로 여름에도 시원하게 입을 수 있는 셔츠입니다.".repeat(4), r / 5)));
                row
            })
            .collect();
        let bytes = write_xlsx("상품", &header, &rows).unwrap();
        assert_eq!(check_declared_size(&bytes, SheetFormat::Xlsx), Ok(()));
        let sheet = read_sheet(&bytes, SheetFormat::Xlsx).unwrap();
        assert_eq!(sheet.rows.len(), MAX_ROWS);
    }

    #[test]
    fn a_part_that_expands_too_far_is_refused_before_it_is_read() {
        // 40 MB of one repeated row: a few tens of kilobytes zipped.
        let row = "<row><c t=\"inlineStr\"><is><t>폭탄</t></is></c></row>";
        let sheet = format!("<worksheet><sheetData>{}</sheetData></worksheet>", row.repeat(40_000_000 / row.len()));
        let bytes = zip_of(&[("xl/worksheets/sheet1.xml", sheet.as_bytes())]);
        assert!(bytes.len() < 1024 * 1024, "{}", bytes.len());
        assert_eq!(check_declared_size(&bytes, SheetFormat::Xlsx), Err(SheetError(unpacked_message())));
        assert_eq!(read_sheet(&bytes, SheetFormat::Xlsx), Err(SheetError(unpacked_message())));
        // Many parts, each modest, that add up past the cap.
        let part = vec![b'x'; 600 * 1024];
        let names: Vec<String> = (0..90).map(|i| format!("xl/media/p{i}.bin")).collect();
        let parts: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), part.as_slice())).collect();
        assert_eq!(check_declared_size(&zip_of(&parts), SheetFormat::Xlsx), Err(SheetError(unpacked_message())));
        assert_eq!(check_declared_size(b"a,b\n1,2\n", SheetFormat::Csv), Ok(()));
    }

    #[test]
    fn a_zip_whose_index_understates_a_part_is_refused_when_unpacked() {
        let content = "<row/>".repeat(200_000);
        let mut bytes = zip_of(&[("xl/worksheets/sheet1.xml", content.as_bytes())]);
        // The central directory's uncompressed size (offset 24 of its entry): 1,000.
        let at = bytes.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        bytes[at + 24..at + 28].copy_from_slice(&1000u32.to_le_bytes());
        assert_eq!(check_declared_size(&bytes, SheetFormat::Xlsx), Ok(()));
        assert!(read_sheet(&bytes, SheetFormat::Xlsx).is_err());
    }

    #[test]
    fn a_zip_index_of_too_many_parts_is_not_read() {
        let names: Vec<String> = (0..1001).map(|i| format!("p{i}")).collect();
        let parts: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        let bytes = zip_of(&parts);
        assert_eq!(declared_entries(&bytes), Some(1001));
        assert!(check_declared_size(&bytes, SheetFormat::Xlsx).is_err());
    }

    #[test]
    fn write_xlsx_survives_a_sheet_name_excel_would_refuse() {
        let bytes = write_xlsx("상품/재고 [2025]: 목록*?", &["a"], &[]).unwrap();
        let sheet = read_sheet(&bytes, SheetFormat::Xlsx).unwrap();
        assert_eq!(sheet.header, vec!["a"]);
        assert!(sheet.rows.is_empty());
        assert_eq!(excel_sheet_name("'History'"), "History");
        assert_eq!(excel_sheet_name("''"), "Sheet1");
        assert_eq!(excel_sheet_name(&"가".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn xlsx_empty_rows_are_skipped_with_their_real_row_numbers() {
        let rows = vec![vec![text("셔츠")], vec![text(" ")], vec![], vec![text("바지")]];
        let bytes = write_xlsx("상품", &["상품명"], &rows).unwrap();
        let sheet = read_sheet(&bytes, SheetFormat::Xlsx).unwrap();
        assert_eq!(lines(&sheet), vec![2, 5]);
    }

    #[test]
    fn xlsx_table_starting_below_and_right_keeps_sheet_row_numbers() {
        let bytes = custom_xlsx(|ws| {
            ws.write_string(2, 1, "상품명").unwrap();
            ws.write_string(2, 2, "판매가").unwrap();
            ws.write_string(4, 1, "셔츠").unwrap();
            ws.write_number(4, 2, 39000).unwrap();
            ws.write_string(5, 2, "   ").unwrap();
            ws.write_string(6, 1, "바지").unwrap();
        });
        let sheet = read_sheet(&bytes, SheetFormat::Xlsx).unwrap();
        assert_eq!(sheet.header, vec!["상품명", "판매가"]);
        assert_eq!(lines(&sheet), vec![5, 7]);
        assert_eq!(cells(&sheet.rows[0]), vec!["셔츠", "39000"]);
        assert_eq!(cells(&sheet.rows[1]), vec!["바지", ""]);
    }

    #[test]
    fn xlsx_integral_floats_read_as_integers_and_others_as_decimals() {
        let bytes = custom_xlsx(|ws| {
            ws.write_string(0, 0, "값").unwrap();
            for (i, x) in [12000.0, 1.25, -0.5, 0.0, 1e15].into_iter().enumerate() {
                ws.write_number(i as u32 + 1, 0, x).unwrap();
            }
            ws.write_boolean(6, 0, true).unwrap();
        });
        let sheet = read_sheet(&bytes, SheetFormat::Xlsx).unwrap();
        let values: Vec<&str> = sheet.rows.iter().map(|row| row.cells[0].as_str()).collect();
        assert_eq!(values, vec!["12000", "1.25", "-0.5", "0", "1000000000000000", "TRUE"]);
    }

    #[test]
    fn cell_values_convert_to_the_text_a_seller_sees() {
        assert_eq!(cell_text(&DataRef::Float(12000.0)), "12000");
        assert_eq!(cell_text(&DataRef::Float(-0.0)), "0");
        assert_eq!(cell_text(&DataRef::Float(0.1)), "0.1");
        assert_eq!(cell_text(&DataRef::Float(f64::NAN)), "#오류");
        assert_eq!(cell_text(&DataRef::Int(-7)), "-7");
        assert_eq!(cell_text(&DataRef::Bool(false)), "FALSE");
        assert_eq!(cell_text(&DataRef::Error(calamine::CellErrorType::Div0)), "#오류");
        assert_eq!(cell_text(&DataRef::Empty), "");
        let date = ExcelDateTime::new(45_717.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&DataRef::DateTime(date)), "2025-03-01");
        let moment = ExcelDateTime::new(45_717.5, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&DataRef::DateTime(moment)), "2025-03-01 12:00:00");
        let time = ExcelDateTime::new(0.5625, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&DataRef::DateTime(time)), "13:30:00");
    }

    #[test]
    fn xlsx_formulas_are_never_evaluated_only_their_cached_values_read() {
        use rust_xlsxwriter::Formula;
        let bytes = custom_xlsx(|ws| {
            ws.write_string(0, 0, "판매가").unwrap();
            ws.write_string(0, 1, "재고").unwrap();
            ws.write_formula(1, 0, Formula::new("=1+2").set_result("999")).unwrap();
            ws.write_formula(1, 1, Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
        });
        let sheet = read_sheet(&bytes, SheetFormat::Xlsx).unwrap();
        assert_eq!(cells(&sheet.rows[0]), vec!["999", "#오류"]);
    }

    #[test]
    fn xlsx_far_apart_cells_do_not_build_a_huge_grid() {
        let wide = custom_xlsx(|ws| {
            ws.write_string(0, 0, "상품명").unwrap();
            ws.write_string(1_048_575, 16_383, "x").unwrap();
        });
        let err = read_sheet(&wide, SheetFormat::Xlsx).unwrap_err();
        assert!(err.0.contains("XFD열"), "{err}");

        let tall = custom_xlsx(|ws| {
            ws.write_string(0, 0, "상품명").unwrap();
            ws.write_string(1_048_575, 0, "맨 아래").unwrap();
        });
        let sheet = read_sheet(&tall, SheetFormat::Xlsx).unwrap();
        assert_eq!(sheet.rows, vec![SheetRow { line: 1_048_576, cells: vec!["맨 아래".into()] }]);
    }

    #[test]
    fn xlsx_with_more_than_max_rows_is_refused() {
        let rows: Vec<Vec<Cell>> = (0..=MAX_ROWS).map(|i| vec![Cell::Number(i as i64)]).collect();
        let bytes = write_xlsx("상품", &["번호"], &rows).unwrap();
        let err = read_sheet(&bytes, SheetFormat::Xlsx).unwrap_err();
        assert!(err.0.contains("20,000행"), "{err}");
    }

    #[test]
    fn xlsx_without_cells_is_an_empty_file() {
        let bytes = write_xlsx("상품", &[], &[]).unwrap();
        let err = read_sheet(&bytes, SheetFormat::Xlsx).unwrap_err();
        assert!(err.0.starts_with("빈 파일입니다"), "{err}");
    }

    #[test]
    fn corrupt_or_foreign_zips_are_rejected_as_unreadable_excel() {
        for bytes in [&b"PK\x03\x04 this is not really a zip"[..], b"", b"\xD0\xCF\x11\xE0garbage"] {
            let err = read_sheet(bytes, SheetFormat::Xlsx).unwrap_err();
            assert!(err.0.starts_with("엑셀 파일을 읽을 수 없습니다"), "{err}");
        }
        // A valid zip that is not a workbook (half of a real xlsx, truncated).
        let bytes = write_xlsx("상품", &["a"], &[]).unwrap();
        let err = read_sheet(&bytes[..bytes.len() / 2], SheetFormat::Xlsx).unwrap_err();
        assert!(err.0.starts_with("엑셀 파일을 읽을 수 없습니다"), "{err}");
    }

    /// Found by `make fuzz` (products_upload): a workbook whose cell
    /// reference has more letters than a u32 column holds. calamine's
    /// unchecked arithmetic panics on it (tafia/calamine#709); the file is
    /// refused like any unreadable workbook, the panic never reaches the
    /// request.
    #[test]
    fn a_cell_reference_too_long_for_calamine_is_refused() {
        let bytes = include_bytes!("../../fuzz/regressions/products_upload/calamine-cell-reference-overflow.xlsx");
        assert_eq!(detect_format("상품.xlsx", bytes), Some(SheetFormat::Xlsx));
        let err = read_sheet(bytes, SheetFormat::Xlsx).unwrap_err();
        assert!(err.0.starts_with("엑셀 파일을 읽을 수 없습니다"), "{err}");
    }

    /// Found by `make fuzz` (invoices_upload): a workbook whose
    /// `<dimension ref>` ends before it starts. calamine subtracts the
    /// corners unchecked; the file is refused like any unreadable workbook.
    #[test]
    fn a_reversed_sheet_dimension_is_refused() {
        let bytes = include_bytes!("../../fuzz/regressions/invoices_upload/calamine-reversed-dimension.xlsx");
        let err = read_sheet(bytes, SheetFormat::Xlsx).unwrap_err();
        assert!(err.0.starts_with("엑셀 파일을 읽을 수 없습니다"), "{err}");
    }

    #[test]
    fn detect_format_trusts_the_bytes_first_then_the_name() {
        let zip = b"PK\x03\x04rest";
        let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest";
        let text = "상품명,판매가\n".as_bytes();
        assert_eq!(detect_format("상품.xlsx", zip), Some(SheetFormat::Xlsx));
        assert_eq!(detect_format("상품.csv", zip), Some(SheetFormat::Xlsx));
        assert_eq!(detect_format("상품.CSV", text), Some(SheetFormat::Csv));
        assert_eq!(detect_format("상품.Txt", text), Some(SheetFormat::Csv));
        assert_eq!(detect_format(r"C:\fakepath\상품.csv", text), Some(SheetFormat::Csv));
        assert_eq!(detect_format("상품목록", text), Some(SheetFormat::Csv));
        assert_eq!(detect_format("상품.tsv", text), Some(SheetFormat::Csv));
        assert_eq!(detect_format("상품.xls", ole), None);
        assert_eq!(detect_format("상품.csv", ole), None);
        assert_eq!(detect_format("상품", ole), None);
        assert_eq!(detect_format("상품.XLS", text), None);
        // Not a zip: an encrypted workbook or something else under the name.
        assert_eq!(detect_format("상품.xlsx", text), None);
        assert_eq!(detect_format("상품.hwp", text), None);
        assert_eq!(detect_format("상품.pdf", text), None);
    }

    #[test]
    fn column_widths_start_at_14_and_grow_for_long_headers_and_values() {
        let header = ["번호", "상품 상세 설명 (최대 2,000자까지 입력)"];
        let rows = vec![vec![Cell::Number(1), text(&"가".repeat(100))]];
        assert_eq!(column_widths(&header, &rows), vec![14, 50]);
        assert_eq!(column_widths(&["판매가", "ABCDEFGHIJKLMNOPQRST"], &[]), vec![14, 22]);
    }

    #[test]
    fn row_and_column_helpers_format_like_excel() {
        assert_eq!(thousands(20_000), "20,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
    }
}
