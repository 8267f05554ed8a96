//! Finding every problem in a YAML file, not only the first.
//!
//! The parser stops at the first field that does not fit. To find the next, the problem just
//! found is set aside in a working copy of the file: an unknown field is taken out, a bad value
//! is replaced by a stand-in that fits, a missing field is added with one, and the copy is
//! parsed again. A stand-in is kept only if the parser then stops somewhere else, so nothing it
//! says about the stand-in reaches the writer. Every position is mapped back to the writer's
//! file. This runs only for a file that already has a problem.

/// A problem the parser reported, in the working copy's coordinates.
pub(super) struct Found {
    /// The message without serde_yaml's " at line L column C".
    pub message: String,
    /// 1-based line and column (in characters) in the working copy.
    pub at: Option<(usize, usize)>,
    /// What the parser was reading when it stopped, and where that began: "while scanning a
    /// quoted scalar" at the quote mark that was never closed.
    pub within: Option<(String, (usize, usize))>,
}

impl Found {
    pub(super) fn new(error: &serde_yaml::Error) -> Found {
        let raw = error.to_string();
        let (message, within) = match raw.find(" at line ") {
            Some(i) => (raw[..i].to_owned(), within(&raw[i..])),
            None => (raw, None),
        };
        Found {
            message,
            at: error.location().map(|l| (l.line(), l.column())),
            within,
        }
    }

    /// The path serde_yaml puts before a problem inside the document (`findings[0].date`),
    /// and the rest of the message.
    pub(super) fn split_path(message: &str) -> (&str, &str) {
        match message.find(": ") {
            Some(i) if !message[..i].contains(' ') && !message[..i].contains('`') => {
                (&message[..i], &message[i + 2..])
            }
            _ => ("", message),
        }
    }
}

/// ", while scanning a quoted scalar at line 1 column 8" from the tail of a message.
fn within(tail: &str) -> Option<(String, (usize, usize))> {
    let (_, rest) = tail.split_once(", while ")?;
    let (what, place) = rest.rsplit_once(" at line ")?;
    let (line, column) = place.split_once(" column ")?;
    Some((
        what.to_owned(),
        (line.trim().parse().ok()?, column.trim().parse().ok()?),
    ))
}

/// A field written with the map that starts at `at` (1-based line and column) but indented a
/// space or two off its fields, so YAML reads it as outside the map and reports a field
/// missing: its name, line (1-based) and indentation.
pub(super) fn misindented(
    yaml: &str,
    (line, column): (usize, usize),
) -> Option<(String, usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let start = lines.get(line.checked_sub(1)?)?;
    let col0 = column.checked_sub(1)?;
    let before = start.get(..char_to_byte(start, col0))?;
    let item = before.trim_end().ends_with('-');
    let parent = if item {
        indent(start) as isize
    } else {
        lines[..line - 1]
            .iter()
            .rev()
            .find(|l| !is_blank(l) && indent(l) < col0)
            .map_or(-1, |l| indent(l) as isize)
    };
    for (n, text) in lines.iter().enumerate().skip(line) {
        if is_blank(text) {
            continue;
        }
        let i = indent(text);
        let dash = text[i..].starts_with("- ");
        let inside = i as isize > parent || (item && i as isize == parent && !dash);
        if !inside {
            return None;
        }
        let content = &text[i..];
        // Less indented than its group but more than the group's parent: nothing else can
        // stand there. (Further in is another field's value, or text going on: see
        // [`absorbed`].)
        let near = i < col0 && col0 - i <= 2;
        let key = content.split_once(':').map(|(k, _)| k).filter(|k| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
        if near
            && !dash
            && let Some(key) = key
        {
            return Some((key.to_owned(), n + 1, i));
        }
    }
    None
}

/// A field indented a space or two past the field on line `line` (1-based), so YAML reads it
/// as more of that field's text (`kind: strength` then `   text: B` is the kind "strength
/// text: B"): its name, line (1-based), indentation, and the indentation of its group.
pub(super) fn absorbed(yaml: &str, line: usize) -> Option<(String, usize, usize, usize)> {
    let lines: Vec<&str> = yaml.lines().collect();
    let start = lines.get(line.checked_sub(1)?)?;
    let key_col = content_start(start);
    let value = start[key_col..].split_once(": ")?.1.trim_start();
    if value.is_empty() || value.starts_with(['|', '>', '"', '\'', '{', '[']) {
        return None;
    }
    let next = lines.get(line)?;
    let i = indent(next);
    let content = &next[i..];
    let key = content.split_once(':').map(|(k, _)| k).filter(|k| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    })?;
    (i > key_col && i - key_col <= 2).then(|| (key.to_owned(), line + 1, i, key_col))
}

/// One line of the working copy: its text, the line of the original it stands for (0-based),
/// and the edits made to it, to map columns back.
#[derive(Clone)]
struct Line {
    origin: usize,
    text: String,
    /// (first character of the new text, its length, the length it replaced).
    edits: Vec<(usize, usize, usize)>,
    /// The parts written by a repair, as character ranges of the current text: a problem
    /// found there is about a stand-in, not the writer's text.
    written: Vec<std::ops::Range<usize>>,
}

/// The working copy.
#[derive(Clone)]
pub(super) struct Doc {
    lines: Vec<Line>,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

pub(super) fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

fn char_to_byte(text: &str, col0: usize) -> usize {
    text.char_indices().nth(col0).map_or(text.len(), |(i, _)| i)
}

/// How deep in `[...]` and `{...}` the end of `text` is, from `depth` at its start: quotes
/// and comments skipped.
fn flow_depth(text: &str, mut depth: i32) -> i32 {
    let mut quote = None;
    let mut previous = ' ';
    // Outside brackets, `[` or `{` opens a flow value only where a value starts: at the start
    // of the line or after `: ` or `- `. In text ("rated [good") it is a letter.
    let mut value_starts = true;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '#') if previous.is_whitespace() => break,
            (None, '"' | '\'') if depth > 0 || previous.is_whitespace() => quote = Some(c),
            (None, '[' | '{') if depth > 0 || value_starts => depth += 1,
            (None, ']' | '}') if depth > 0 => depth -= 1,
            _ => {}
        }
        if !c.is_whitespace() {
            value_starts = depth > 0 || matches!(c, ':' | '-');
        }
        previous = c;
    }
    depth
}

/// The end (in characters, exclusive) of the flow value starting at `col0`: the next `,`,
/// `]` or `}` outside quotes and outside brackets opened by the value itself.
fn flow_end(line: &str, col0: usize) -> usize {
    let mut depth = 0i32;
    let mut quote = None;
    for (i, c) in line.chars().enumerate().skip(col0) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') if depth > 0 => depth -= 1,
            (None, ',' | ']' | '}') if depth == 0 => return i,
            _ => {}
        }
    }
    line.chars().count()
}

/// Where the content of a line starts, after its indentation and any `- ` markers.
fn content_start(line: &str) -> usize {
    let mut rest = line.trim_start_matches(' ');
    while let Some(r) = rest.strip_prefix("- ") {
        rest = r.trim_start_matches(' ');
    }
    line.len() - rest.len()
}

impl Doc {
    pub(super) fn new(yaml: &str) -> Doc {
        let lines = yaml
            .split('\n')
            .enumerate()
            .map(|(origin, text)| Line {
                origin,
                text: text.strip_suffix('\r').unwrap_or(text).to_owned(),
                edits: Vec::new(),
                written: Vec::new(),
            })
            .collect();
        Doc { lines }
    }

    pub(super) fn text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            out.push_str(&line.text);
            out.push('\n');
        }
        out
    }

    /// The original position (1-based line and column) of a position in the copy.
    pub(super) fn origin(&self, (line, column): (usize, usize)) -> (usize, usize) {
        let Some(l) = self.lines.get(line.saturating_sub(1)) else {
            return (line, column);
        };
        let mut col0 = column.saturating_sub(1);
        for &(at, new, old) in l.edits.iter().rev() {
            if col0 >= at + new {
                col0 = col0 + old - new;
            } else if col0 >= at {
                col0 = at;
            }
        }
        (l.origin + 1, col0 + 1)
    }

    /// Whether a position in the copy is in text a repair wrote.
    pub(super) fn is_written(&self, (line, column): (usize, usize)) -> bool {
        let col0 = column.saturating_sub(1);
        self.lines.get(line.saturating_sub(1)).is_some_and(|l| {
            l.written
                .iter()
                // An empty stand-in (a removal) counts at its place.
                .any(|r| r.contains(&col0) || (r.is_empty() && col0 == r.start))
        })
    }

    fn replace(&mut self, line: usize, from: usize, to: usize, with: &str) {
        let to = to.max(from);
        let l = &mut self.lines[line];
        let (a, b) = (char_to_byte(&l.text, from), char_to_byte(&l.text, to));
        l.text.replace_range(a..b, with);
        let new = with.chars().count();
        l.edits.push((from, new, to - from));
        // Parts written before, after this edit, move with the text.
        for r in &mut l.written {
            if r.start >= to {
                let shift = |x: usize| {
                    if x == usize::MAX {
                        x
                    } else {
                        (x + new).saturating_sub(to - from)
                    }
                };
                *r = shift(r.start)..shift(r.end);
            }
        }
        l.written.push(from..from + new);
    }

    /// Whether column `col0` of `line` is inside `[...]` or `{...}`, which may have begun on
    /// an earlier line.
    fn in_flow(&self, line: usize, col0: usize) -> bool {
        let before = self.lines[..line]
            .iter()
            .fold(0, |depth, l| flow_depth(&l.text, depth));
        let text = &self.lines[line].text;
        flow_depth(&text[..char_to_byte(text, col0)], before) > 0
    }

    fn blank(&mut self, line: usize) {
        let len = self.lines[line].text.chars().count();
        self.replace(line, 0, len, "");
    }

    /// The lines after `line` that belong to a block node whose content starts at column
    /// `col0` of `line`: more indented lines, and for a sequence, its later `- ` items.
    fn block_end(&self, line: usize, col0: usize, same_indent: bool) -> usize {
        let sequence = self.lines[line]
            .text
            .get(char_to_byte(&self.lines[line].text, col0)..)
            .is_some_and(|rest| rest == "-" || rest.starts_with("- "));
        let mut end = line + 1;
        let mut last = line + 1;
        while end < self.lines.len() {
            let text = &self.lines[end].text;
            end += 1;
            if is_blank(text) {
                continue;
            }
            let i = indent(text);
            let inside = i > col0
                || (i == col0 && same_indent)
                || (i == col0 && sequence && (text.trim() == "-" || text[i..].starts_with("- ")));
            if !inside {
                break;
            }
            last = end;
        }
        last
    }

    /// Moves line `line` (1-based), indented by `from` spaces, and the lines below it that
    /// belong to it, to `to` spaces.
    pub(super) fn reindent(&mut self, line: usize, from: usize, to: usize) -> bool {
        let first = line - 1;
        let mut end = first + 1;
        // Its children are indented further; a field already where the group's fields are
        // is a sibling, not a child.
        let belongs = |text: &str| {
            let i = indent(text);
            let field = text[i..]
                .split_once(':')
                .is_some_and(|(k, _)| !k.is_empty() && !k.contains(' '));
            is_blank(text) || (i > from && !(i == to && field))
        };
        while end < self.lines.len() && belongs(&self.lines[end].text) {
            end += 1;
        }
        for l in first..end {
            if is_blank(&self.lines[l].text) {
                continue;
            }
            let i = indent(&self.lines[l].text);
            let new = (i + to).saturating_sub(from);
            self.replace(l, 0, i, &" ".repeat(new));
        }
        true
    }

    /// Takes out the `key: value` entry whose key starts at `at`.
    pub(super) fn remove_entry(&mut self, (line, column): (usize, usize)) -> bool {
        let (line, col0) = (line - 1, column - 1);
        let Some(text) = self.lines.get(line).map(|l| l.text.clone()) else {
            return false;
        };
        if self.in_flow(line, col0) {
            let end = flow_end(&text, col0);
            let chars: Vec<char> = text.chars().collect();
            // The comma after it, or else the one before.
            let (from, to) = if chars.get(end) == Some(&',') {
                (col0, end + 1)
            } else {
                let before = chars[..col0.min(chars.len())]
                    .iter()
                    .rposition(|c| *c == ',');
                (before.unwrap_or(col0), end)
            };
            self.replace(line, from, to, "");
            return true;
        }
        // The key's children are below it and indented further, or a sequence at its indent.
        let end = {
            let mut end = line + 1;
            let mut last = line + 1;
            while end < self.lines.len() {
                let t = &self.lines[end].text;
                end += 1;
                if is_blank(t) {
                    continue;
                }
                let i = indent(t);
                if i > col0 || (i == col0 && (t.trim() == "-" || t[i..].starts_with("- "))) {
                    last = end;
                } else {
                    break;
                }
            }
            last
        };
        let len = text.chars().count();
        self.replace(line, col0, len, "");
        // What the parser finds on the rest of the line now is about the removal.
        if let Some(r) = self.lines[line].written.last_mut() {
            r.end = usize::MAX;
        }
        for l in line + 1..end {
            self.blank(l);
        }
        true
    }

    /// Takes out the second `field:` of the map whose first key is at `at`, and says where it
    /// was.
    pub(super) fn remove_duplicate(
        &mut self,
        (line, column): (usize, usize),
        field: &str,
    ) -> Option<(usize, usize)> {
        let (line, col0) = (line - 1, column - 1);
        if line >= self.lines.len() {
            return None;
        }
        let end = self.block_end(line, col0, true);
        let is_key = |l: &Line, at: usize| {
            let b = char_to_byte(&l.text, at);
            l.text
                .get(b..)
                .and_then(|r| r.strip_prefix(field))
                .is_some_and(|r| r.trim_start_matches(' ').starts_with(':'))
        };
        let second = (line..end)
            .filter(|&l| {
                let t = &self.lines[l].text;
                let at = if l == line {
                    col0
                } else {
                    t.chars().take_while(|c| *c == ' ').count()
                };
                (l == line || indent(t) == col0) && is_key(&self.lines[l], at)
            })
            .nth(1);
        let l = second?;
        let at = if l == line {
            col0
        } else {
            indent(&self.lines[l].text)
        };
        self.remove_entry((l + 1, at + 1))
            .then_some((l + 1, at + 1))
    }

    /// Replaces the value that starts at `at` with `with`.
    pub(super) fn replace_value(&mut self, (line, column): (usize, usize), with: &str) -> bool {
        let (line, col0) = (line - 1, column - 1);
        let Some(text) = self.lines.get(line).map(|l| l.text.clone()) else {
            return false;
        };
        let len = text.chars().count();
        if col0 > len {
            return false;
        }
        if self.in_flow(line, col0) {
            let end = flow_end(&text, col0);
            self.replace(line, col0, end, with);
            return true;
        }
        let starts_line = text.chars().take(col0).all(|c| c == ' ' || c == '-');
        let end = if starts_line {
            // A block map or sequence (or a scalar on its own line): it and everything below
            // it indented as far or further.
            self.block_end(line, col0, true)
        } else {
            // A value after `key: `: its continuation lines are indented past the key.
            let base = text[..].chars().count().min(content_start(&text));
            self.block_end(line, base, false)
        };
        // `|` and `>` blocks and flow values run to the end of the line; so does a scalar.
        self.replace(line, col0, len, with);
        for l in line + 1..end {
            self.blank(l);
        }
        true
    }

    /// Adds `field: with` to the map that starts at `at`.
    pub(super) fn add_field(
        &mut self,
        (line, column): (usize, usize),
        field: &str,
        with: &str,
    ) -> bool {
        let (line, col0) = (line - 1, column - 1);
        let Some(text) = self.lines.get(line).map(|l| l.text.clone()) else {
            return false;
        };
        let rest = &text[char_to_byte(&text, col0).min(text.len())..];
        if rest.starts_with('{') {
            // `{ kind: concern }`: before its closing brace.
            let end = flow_end(&text, col0 + 1);
            if text.chars().nth(end) != Some('}') {
                return false;
            }
            let inner: String = text.chars().skip(col0 + 1).take(end - col0 - 1).collect();
            let entry = if inner.trim().is_empty() {
                format!("{field}: {with}")
            } else {
                format!(", {field}: {with}")
            };
            self.replace(line, end, end, &entry);
            return true;
        }
        if rest.starts_with('[') || self.in_flow(line, col0) {
            return false;
        }
        let end = if rest.trim().is_empty() || rest.trim() == "-" {
            // An empty item (`-`, read as an empty map): the field goes on its line.
            let len = text.chars().count();
            self.replace(line, len, len, &format!(" {field}: {with}"));
            return true;
        } else {
            self.block_end(line, col0, true)
        };
        let origin = self.lines[line].origin;
        self.lines.insert(
            end,
            Line {
                origin,
                text: format!("{}{field}: {with}", " ".repeat(col0)),
                edits: vec![(0, 0, 0)],
                written: std::iter::once(0..usize::MAX).collect(),
            },
        );
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_value_keeps_the_columns_after_it() {
        let mut doc = Doc::new("a: { x: bad, y: worse }\n");
        assert!(doc.replace_value((1, 9), "good"));
        assert_eq!(doc.text(), "a: { x: good, y: worse }\n\n");
        assert_eq!(doc.origin((1, 17)), (1, 16));
        assert!(doc.is_written((1, 10)));
        assert!(!doc.is_written((1, 2)));
    }

    #[test]
    fn an_entry_and_its_children_are_taken_out() {
        let mut doc = Doc::new("title: A\nextra:\n  - a\n  - b\nsummary: B\n");
        assert!(doc.remove_entry((2, 1)));
        assert_eq!(doc.text(), "title: A\n\n\n\nsummary: B\n\n");
    }

    #[test]
    fn a_missing_field_is_added_at_the_end_of_its_map() {
        let mut doc = Doc::new("list:\n  - kind: a\n    text: |\n      t\n  - kind: b\n");
        assert!(doc.add_field((2, 5), "source", "x"));
        assert_eq!(
            doc.text(),
            "list:\n  - kind: a\n    text: |\n      t\n    source: x\n  - kind: b\n\n"
        );
        assert_eq!(doc.origin((5, 5)), (2, 5));
    }

    #[test]
    fn brackets_open_a_flow_value_only_where_a_value_starts() {
        assert_eq!(flow_depth("  Rated [good", 0), 0);
        assert_eq!(flow_depth("by: { name: A,", 0), 1);
        assert_eq!(flow_depth("  - [a, b", 0), 1);
        assert_eq!(flow_depth("    role: B }", 1), 0);
        assert_eq!(flow_depth("text: a ] b", 0), 0);
    }

    #[test]
    fn a_multi_line_value_is_replaced_whole() {
        let mut doc = Doc::new("a: |\n  one\n  two\nb: 1\n");
        assert!(doc.replace_value((1, 4), "x"));
        assert_eq!(doc.text(), "a: x\n\n\nb: 1\n\n");
    }
}
