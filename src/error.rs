//! Problems in a writer's files, each with its place and a fix, and the error type of the crate.
//! Content problems are collected into a [`Report`] so one run shows them all together.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a problem is: errors stop the build, warnings are shown and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// For the writer's information; never fails a command (a quotation that reads hard,
    /// which must not be reworded).
    Note,
}

/// The longest line, in bytes, a message shows under itself.
const MAX_SHOWN_LINE: usize = 2000;

/// One problem in one of the site's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Which check found it (`reading-age`, `overdue-action` ...), for `check --format json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// The file, relative to the site's root folder.
    pub file: PathBuf,
    /// 1-based line and column, where known.
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    /// What to do about it, in the writer's terms.
    pub help: Option<Box<str>>,
    /// The text of the line the problem is on, shown under the message.
    #[serde(skip)]
    pub source_line: Option<Box<str>>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Places the problem at a 1-based line and column of `text`, the whole file it is in.
    pub fn at(mut self, text: &str, line: usize, column: usize) -> Self {
        let line = line.max(1);
        self.line = Some(u32::try_from(line).unwrap_or(u32::MAX));
        self.column = Some(u32::try_from(column.max(1)).unwrap_or(u32::MAX));
        // A line too long to show under a message (a hostile page of one long line, with
        // thousands of messages on it) is not copied into each.
        self.source_line = text
            .lines()
            .nth(line - 1)
            .filter(|l| l.len() <= MAX_SHOWN_LINE)
            .map(Box::from);
        self
    }

    /// Places the problem at the first line of `text` (the whole file) containing `needle`,
    /// or at its first word, or at line 1.
    pub(crate) fn placed(self, text: &str, needle: &str) -> Self {
        let offset = text.find(needle).or_else(|| {
            let first = needle.split_whitespace().next()?;
            text.find(first)
        });
        let (line, column) = offset.map_or((1, 1), |offset| line_col(text, offset));
        self.at(text, line, column)
    }

    pub fn note(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into().into_boxed_str());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Severity {
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// `text` with control characters (but tabs) written as escapes: content echoed into a
/// terminal or a CI log must never move its cursor, change its colours or clear it.
pub(crate) fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    // Control characters, and the invisible ones that reorder or hide text (bidirectional
    // overrides, zero-width spaces), which could make a message say what it does not.
    let hidden = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if hidden(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// At most 160 characters of `line` around 1-based `column`, with `…` where it is cut, and
/// the column within what is shown.
fn window(line: &str, column: usize) -> (String, usize) {
    const WIDE: usize = 160;
    let count = line.chars().count();
    if count <= WIDE {
        return (line.to_owned(), column);
    }
    let start = column.saturating_sub(60).min(count.saturating_sub(WIDE));
    let mut shown: String = line.chars().skip(start).take(WIDE).collect();
    let mut column = column - start;
    if start > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if start + WIDE < count {
        shown.push('…');
    }
    (shown, column)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.severity.word();
        writeln!(f, "{kind}: {}", visible(&self.message))?;
        // Laid out like the Rust compiler's messages: the arrow lines up with the gutter.
        let width = self.line.map_or(1, |l| l.to_string().len());
        write!(
            f,
            "{}--> {}",
            " ".repeat(width),
            visible(&self.file.display().to_string())
        )?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        writeln!(f)?;
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            // A line of a megabyte is shown as the part around the column.
            let (text, column) = window(text, self.column.unwrap_or(1) as usize);
            let column = self.column.map(|_| column as u32);
            let text = visible(&text);
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {text}")?;
            if let Some(column) = column {
                // Columns count characters; tabs keep their width so the caret lines up.
                let lead: String = text
                    .chars()
                    .take(column.saturating_sub(1) as usize)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(f, "{pad} | {lead}^")?;
            }
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {}", visible(help))?;
        }
        Ok(())
    }
}

/// All the problems one run found, in a stable order (file, line, column).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(other);
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// Sorts for reproducible output: loading runs in parallel, so arrival order means nothing.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.diagnostics.dedup();
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}")?;
        }
        let errors = self.error_count();
        let warnings = self.warning_count();
        write!(
            f,
            "{} and {} found",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    }
}

/// The 1-based line and column of byte `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The allowed word nearest to `found`, when it is near enough to be a typo.
pub(crate) fn closest<'a>(found: &str, allowed: &'a [String]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (edit_distance(&found.to_lowercase(), &a.to_lowercase()), a))
        .filter(|(d, a)| *d <= 2.max(a.chars().count() / 3) && *d < found.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.as_str())
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site's files have problems the writer must fix; nothing was written.
    #[error("{0}\nThe site was not built: fix the errors above and run the command again.")]
    Content(Report),
    /// The machine would not let us read or write a file.
    #[error("could not {action} `{}`: {source}{}", path.display(), io_help(source))]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A command-line value is wrong.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_owned(),
            source,
        }
    }
}

/// What to do about the system errors a writer can fix, on a line of its own.
fn io_help(error: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
            "\nFix: the disk is full; free some space and run the command again."
        }
        ErrorKind::PermissionDenied => {
            "\nFix: you may not write there; choose a folder you can write to, or ask for access."
        }
        ErrorKind::ReadOnlyFilesystem => {
            "\nFix: that disk is read-only; choose a folder on another disk."
        }
        ErrorKind::NotADirectory => {
            "\nFix: part of that path is a file, not a folder; choose another path."
        }
        ErrorKind::IsADirectory => {
            "\nFix: a folder is where a file should be; move the folder away, or choose another name."
        }
        ErrorKind::AlreadyExists => {
            "\nFix: something is already there (perhaps a broken link); move it away, or choose another name."
        }
        ErrorKind::ResourceBusy => {
            "\nFix: the folder is in use, perhaps a mount point; build into a folder inside it, or close what is using it."
        }
        _ => "",
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_find_their_word() {
        let allowed: Vec<String> = [
            "outstanding",
            "good",
            "requires-improvement",
            "inadequate",
            "not-rated",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(closest("gud", &allowed), Some("good"));
        assert_eq!(closest("inadequet", &allowed), Some("inadequate"));
        assert_eq!(closest("excellent", &allowed), None);
    }
}
