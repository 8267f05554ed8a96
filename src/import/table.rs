//! Reading a data file into sheets of cells: a spreadsheet (ODS, as the CQC publishes it, or
//! Excel) through calamine, or a CSV file. Each row keeps its number as a spreadsheet program
//! or a text editor shows it, so every message can send the writer to the right row.

use std::borrow::Cow;
use std::path::Path;

use calamine::{Data, Reader};

use crate::error::{Diagnostic, Error, Result};
use crate::fsio;
use crate::model::Date;

/// The file kinds the import reads, by extension.
const SPREADSHEETS: [&str; 4] = ["ods", "xlsx", "xlsm", "xls"];

/// One table of the file: a sheet of a spreadsheet, or the whole of a CSV file.
pub(crate) struct Sheet {
    /// The sheet's name; `None` for a CSV file.
    pub(crate) name: Option<String>,
    grid: Grid,
}

enum Grid {
    Spreadsheet {
        range: calamine::Range<Data>,
        /// The spreadsheet's row and column numbers (0-based) of the range's first cell.
        start: (u32, u32),
    },
    Csv {
        records: Vec<csv::StringRecord>,
        /// The line each record starts on (1-based).
        lines: Vec<u64>,
        /// The whole file, for showing a line in a message.
        text: std::sync::Arc<str>,
    },
}

/// A cell as the import needs it: text, or a date the spreadsheet stores as a date.
pub(crate) enum Cell<'a> {
    Text(Cow<'a, str>),
    Date(Date),
}

/// What reading found: the tables, and anything the writer should know about the file.
pub(crate) struct Read {
    pub(crate) sheets: Vec<Sheet>,
    pub(crate) notes: Vec<Diagnostic>,
}

/// Reads `path`, a spreadsheet or a CSV file, chosen by its extension. A missing file is an
/// I/O error; a damaged one, or one that is not a spreadsheet, a usage error (exit code 2).
pub(crate) fn read(path: &Path) -> Result<Read> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let shown = path.display();
    if extension != "csv" && !SPREADSHEETS.contains(&extension.as_str()) {
        return Err(Error::Usage(format!(
            "`{shown}` is not a file the import reads: it reads the CQC's ratings data as a \
             spreadsheet (.ods, as the CQC publishes it, or .xlsx) or as .csv.\n\
             Fix: give the file you downloaded from the CQC's website, or save it as .ods or .csv"
        )));
    }
    let bytes = fsio::read(path)?;
    if extension == "csv" {
        return read_csv(path, bytes);
    }
    let sheets = without_panics(|| read_spreadsheet(&extension, bytes)).map_err(|reason| {
        Error::Usage(format!(
            "could not read `{shown}` as a spreadsheet: the file is damaged or is not a .{extension} \
             file ({reason}).\n\
             Fix: download the file again from the CQC's website, or open it in a spreadsheet \
             program and save it as .ods"
        ))
    })?;
    Ok(Read {
        sheets,
        notes: Vec::new(),
    })
}

fn read_spreadsheet(extension: &str, bytes: Vec<u8>) -> std::result::Result<Vec<Sheet>, String> {
    let bytes = std::io::Cursor::new(bytes);
    let mut book = match extension {
        "ods" => calamine::Sheets::Ods(open(bytes)?),
        "xls" => calamine::Sheets::Xls(open(bytes)?),
        _ => calamine::Sheets::Xlsx(open(bytes)?),
    };
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("sheet {name}: {e}"))?;
        let start = range.start().unwrap_or((0, 0));
        sheets.push(Sheet {
            name: Some(name),
            grid: Grid::Spreadsheet { range, start },
        });
    }
    Ok(sheets)
}

fn open<R>(bytes: std::io::Cursor<Vec<u8>>) -> std::result::Result<R, String>
where
    R: Reader<std::io::Cursor<Vec<u8>>>,
    R::Error: std::fmt::Display,
{
    calamine::open_workbook_from_rs::<R, _>(bytes).map_err(|e| e.to_string())
}

/// Runs a spreadsheet parser on a file from outside: a bug it has with some odd file must
/// give the writer an error to act on, never a crash, so a panic is caught. (The process's
/// panic hook is left alone: it may print the parser's message first.)
fn without_panics<T>(
    read: impl FnOnce() -> std::result::Result<T, String>,
) -> std::result::Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err("the spreadsheet reader could not make sense of it".to_owned()))
}

fn read_csv(path: &Path, bytes: Vec<u8>) -> Result<Read> {
    let shown = path.display();
    if bytes.contains(&0) {
        return Err(Error::Usage(format!(
            "`{shown}` is not a CSV file: it holds binary data, not text.\n\
             Fix: give the file you downloaded from the CQC's website (.ods), or save its \
             sheet as .csv from a spreadsheet program"
        )));
    }
    let mut notes = Vec::new();
    let text: std::sync::Arc<str> = match String::from_utf8(bytes) {
        Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(&text).into(),
        Err(e) => {
            notes.push(
                Diagnostic::warning(
                    shown.to_string(),
                    "this file is not in UTF-8, so it was read as Windows-1252 (Excel's usual \
                     CSV encoding)",
                )
                .help(
                    "check the names with accents or curly quotes in the files written; save \
                     the CSV as \"CSV UTF-8\" to be sure",
                ),
            );
            windows_1252(e.as_bytes()).into()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            Error::Usage(format!(
                "could not read `{shown}` as CSV: {e}.\n\
                 Fix: download the file again from the CQC's website, or save it again as CSV"
            ))
        })?;
        lines.push(record.position().map_or(0, csv::Position::line));
        records.push(record);
    }
    Ok(Read {
        sheets: vec![Sheet {
            name: None,
            grid: Grid::Csv {
                records,
                lines,
                text,
            },
        }],
        notes,
    })
}

/// Windows-1252, the encoding Excel writes CSV files in on Windows: Latin-1 but for 0x80 to
/// 0x9f, where it has curly quotes, dashes and a few letters.
fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9f => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

impl Sheet {
    /// How many rows the sheet has (from its first non-empty one, for a spreadsheet).
    pub(crate) fn height(&self) -> usize {
        match &self.grid {
            Grid::Spreadsheet { range, .. } => range.height(),
            Grid::Csv { records, .. } => records.len(),
        }
    }

    /// How many cells row `row` may have.
    pub(crate) fn width(&self, row: usize) -> usize {
        match &self.grid {
            Grid::Spreadsheet { range, .. } => range.width(),
            Grid::Csv { records, .. } => records.get(row).map_or(0, csv::StringRecord::len),
        }
    }

    /// The cell at `row` and `col` (0-based within the table).
    pub(crate) fn cell(&self, row: usize, col: usize) -> Cell<'_> {
        match &self.grid {
            Grid::Spreadsheet { range, .. } => match range.get((row, col)) {
                None | Some(Data::Empty) => Cell::Text(Cow::Borrowed("")),
                Some(Data::String(s)) => Cell::Text(Cow::Borrowed(s.trim())),
                Some(Data::Int(i)) => Cell::Text(Cow::Owned(i.to_string())),
                Some(Data::Float(f)) => Cell::Text(Cow::Owned(f.to_string())),
                Some(Data::Bool(b)) => Cell::Text(Cow::Owned(b.to_string())),
                Some(Data::DateTime(d)) if d.is_datetime() => {
                    let (year, month, day, ..) = d.to_ymd_hms_milli();
                    let date = i16::try_from(year).ok().and_then(|year| {
                        Date::from_ymd(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?)
                    });
                    match date {
                        Some(date) => Cell::Date(date),
                        None => Cell::Text(Cow::Owned(d.as_f64().to_string())),
                    }
                }
                Some(Data::DateTime(d)) => Cell::Text(Cow::Owned(d.as_f64().to_string())),
                Some(Data::DateTimeIso(s)) => {
                    // An ODS date cell: `2024-03-14`, or with a time after a `T`.
                    match s.get(..10).map(Date::parse) {
                        Some(Ok(date)) if date.has_day() => Cell::Date(date),
                        _ => Cell::Text(Cow::Borrowed(s.trim())),
                    }
                }
                Some(Data::DurationIso(s)) => Cell::Text(Cow::Borrowed(s.trim())),
                Some(Data::Error(e)) => Cell::Text(Cow::Owned(e.to_string())),
            },
            Grid::Csv { records, .. } => Cell::Text(Cow::Borrowed(
                records
                    .get(row)
                    .and_then(|r| r.get(col))
                    .unwrap_or("")
                    .trim(),
            )),
        }
    }

    /// The cell as text, trimmed; a date cell as `YYYY-MM-DD`.
    pub(crate) fn text(&self, row: usize, col: usize) -> Cow<'_, str> {
        match self.cell(row, col) {
            Cell::Text(text) => text,
            Cell::Date(date) => Cow::Owned(date.iso()),
        }
    }

    /// The row as the writer finds it: "sheet Locations, row 12", or "line 12" of a CSV file.
    pub(crate) fn row_label(&self, row: usize) -> String {
        match (&self.grid, &self.name) {
            (Grid::Spreadsheet { start, .. }, Some(name)) => {
                format!("sheet {name}, row {}", spreadsheet_row(*start, row))
            }
            (Grid::Spreadsheet { start, .. }, None) => {
                format!("row {}", spreadsheet_row(*start, row))
            }
            (Grid::Csv { lines, .. }, _) => {
                format!("line {}", lines.get(row).copied().unwrap_or(0))
            }
        }
    }

    /// The column's name as a spreadsheet shows it ("column T"), with its header.
    pub(crate) fn column_label(&self, col: usize, header: &str) -> String {
        match &self.grid {
            Grid::Spreadsheet { start, .. } => {
                let letters = column_letters(start.1 as usize + col);
                format!("column {letters}, {header}")
            }
            Grid::Csv { .. } => format!("column {header}"),
        }
    }

    /// Places `diagnostic` at `row`: for a spreadsheet, "file, sheet Locations, row 12"; for a
    /// CSV file, the file and line, with the line shown under the message.
    pub(crate) fn locate(&self, file: &str, row: usize, mut diagnostic: Diagnostic) -> Diagnostic {
        match &self.grid {
            Grid::Spreadsheet { .. } => {
                diagnostic.file = format!("{file}, {}", self.row_label(row)).into();
            }
            Grid::Csv { lines, text, .. } => {
                diagnostic.file = file.into();
                let line = lines.get(row).copied().unwrap_or(0);
                if line > 0 {
                    diagnostic.line = Some(u32::try_from(line).unwrap_or(u32::MAX));
                    diagnostic.source_line = text
                        .lines()
                        .nth(usize::try_from(line - 1).unwrap_or(usize::MAX))
                        .map(shortened);
                }
            }
        }
        diagnostic
    }
}

fn spreadsheet_row(start: (u32, u32), row: usize) -> usize {
    start.0 as usize + row + 1
}

/// A long row of the national file, cut to what fits a terminal.
fn shortened(line: &str) -> Box<str> {
    const MOST: usize = 160;
    let line = line.trim_end_matches('\r');
    match line.char_indices().nth(MOST) {
        Some((cut, _)) => format!("{} …", &line[..cut]).into(),
        None => line.into(),
    }
}

/// `A` for 0, `Z` for 25, `AA` for 26.
fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + (col % 26) as u8));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_show_them() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(19), "T");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn windows_1252_gives_curly_quotes_and_accents() {
        assert_eq!(windows_1252(b"St John\x92s caf\xe9"), "St John’s café");
    }
}
