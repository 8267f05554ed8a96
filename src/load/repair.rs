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

/// One line of the working copy: its text, the line of the original it stands for (0-based),
/// and the edits made to it, to map columns back.
#[derive(Clone)]
struct Line {
    origin: usize,
    text: String,
    /// (first character of the new text, its length, the length it replaced).
    edits: Vec<(usize, usize, usize)>,
    /// Written by a repair: a problem found here is about a stand-in, not the writer's text.
    written: Option<usize>,
}

/// The working copy.
#[derive(Clone)]
pub(super) struct Doc {
    lines: Vec<Line>,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

fn char_to_byte(text: &str, col0: usize) -> usize {
    text.char_indices().nth(col0).map_or(text.len(), |(i, _)| i)
}

/// Whether column `col0` of `line` is inside `[...]` or `{...}` begun on the line.
fn in_flow(line: &str, col0: usize) -> bool {
    let mut depth = 0i32;
    let mut quote = None;
    for c in line.chars().take(col0) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            _ => {}
        }
    }
    depth > 0
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
                written: None,
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
        self.lines
            .get(line.saturating_sub(1))
            .and_then(|l| l.written)
            .is_some_and(|from| column.saturating_sub(1) >= from)
    }

    fn replace(&mut self, line: usize, from: usize, to: usize, with: &str) {
        let l = &mut self.lines[line];
        let (a, b) = (char_to_byte(&l.text, from), char_to_byte(&l.text, to));
        l.text.replace_range(a..b, with);
        l.edits.push((from, with.chars().count(), to - from));
        l.written = Some(l.written.map_or(from, |w| w.min(from)));
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

    /// Takes out the `key: value` entry whose key starts at `at`.
    pub(super) fn remove_entry(&mut self, (line, column): (usize, usize)) -> bool {
        let (line, col0) = (line - 1, column - 1);
        let Some(text) = self.lines.get(line).map(|l| l.text.clone()) else {
            return false;
        };
        if in_flow(&text, col0) {
            let end = flow_end(&text, col0);
            let chars: Vec<char> = text.chars().collect();
            // The comma after it, or else the one before.
            let (from, to) = if chars.get(end) == Some(&',') {
                (col0, end + 1)
            } else {
                let before = chars[..col0].iter().rposition(|c| *c == ',');
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
        for l in line + 1..end {
            self.blank(l);
        }
        true
    }

    /// Takes out the second `field:` of the map whose first key is at `at`.
    pub(super) fn remove_duplicate(&mut self, (line, column): (usize, usize), field: &str) -> bool {
        let (line, col0) = (line - 1, column - 1);
        if line >= self.lines.len() {
            return false;
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
        match second {
            Some(l) => {
                let at = if l == line {
                    col0
                } else {
                    indent(&self.lines[l].text)
                };
                self.remove_entry((l + 1, at + 1))
            }
            None => false,
        }
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
        if in_flow(&text, col0) {
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
        if rest.starts_with('[') || in_flow(&text, col0) {
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
                written: Some(0),
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
    fn a_multi_line_value_is_replaced_whole() {
        let mut doc = Doc::new("a: |\n  one\n  two\nb: 1\n");
        assert!(doc.replace_value((1, 4), "x"));
        assert_eq!(doc.text(), "a: x\n\n\nb: 1\n\n");
    }
}
