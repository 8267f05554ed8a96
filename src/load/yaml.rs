//! YAML into strict types, with serde_yaml's messages turned into a writer's: positions in the
//! user's file (front matter starts below its `---`) and a "did you mean" for near misses.

use crate::error::closest;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::repair::{Doc, Found};
use crate::error::Diagnostic;

/// Parses `yaml`, which starts at 1-based line `first_line` of `file_text`.
pub(crate) fn parse<T: DeserializeOwned>(
    yaml: &str,
    file: &Path,
    file_text: &str,
    first_line: usize,
) -> Result<T, Vec<Diagnostic>> {
    // Typed anywhere in the file; as escapes, in the YAML, where they mean something.
    let found = literal_control(file_text)
        .map(|(offset, what)| (crate::error::line_col(file_text, offset), what))
        .or_else(|| {
            escaped_control(yaml).map(|(offset, what)| {
                let (line, column) = crate::error::line_col(yaml, offset);
                ((first_line + line - 1, column), what)
            })
        });
    if let Some(((line, column), what)) = found {
        return Err(vec![Diagnostic::error(
            file,
            format!("the file holds a control character ({what}), which no page, feed or badge can show"),
        )
        .help("remove it (a pasted text can carry one unseen); for a line break, start a new line in a `|` block")
        .at(file_text, line, column)]);
    }
    // YAML reads these as line ends where nothing else here does: every line after would be
    // counted wrong.
    if let Some(i) = memchr::memchr2_iter(0xE2, b'\r', yaml.as_bytes()).find(|&i| {
        let b = yaml.as_bytes();
        match b[i] {
            b'\r' => b.get(i + 1) != Some(&b'\n'),
            _ => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)),
        }
    }) {
        let what = match yaml.as_bytes()[i] {
            b'\r' => "a carriage return (U+000D) on its own",
            _ if yaml.as_bytes()[i + 2] == 0xA8 => "a line separator (U+2028)",
            _ => "a paragraph separator (U+2029)",
        };
        let (line, column) = crate::error::line_col(yaml, i);
        return Err(vec![Diagnostic::error(
            file,
            format!("the text holds {what}, which YAML reads as the end of a line"),
        )
        .help("replace it with a space (a pasted text can carry one unseen); for a line break, start a new line in a `|` block")
        .at(file_text, first_line + line - 1, column)]);
    }
    if let Some(line) = indented_start(yaml) {
        return Err(vec![Diagnostic::error(
            file,
            "this first field is indented, but the fields below it are not",
        )
        .help("remove the spaces at the start of this line: the fields at the top of the front matter all start at the first column")
        .at(file_text, first_line + line, 1)]);
    }
    if let Some(line) = too_deep(yaml) {
        return Err(vec![Diagnostic::error(
            file,
            format!("the YAML is nested more than {MAX_DEPTH} levels deep here"),
        )
        .help(
            "front matter and seeds need a few levels at most: check for runs of `[`, `{` or `- `",
        )
        .at(file_text, first_line + line, 1)]);
    }
    let error = match serde_yaml::from_str(yaml) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let (found, more) = every_problem::<T>(yaml, Found::new(&error));
    let mut diagnostics: Vec<Diagnostic> = found
        .into_iter()
        .map(|f| to_diagnostic(f, file, file_text, first_line))
        .collect();
    if more {
        // Placed at the last problem found, so it is read after them.
        let mut note = Diagnostic::note(
            file,
            "carepages stopped looking for problems in this file here: fix the ones above and run it again to see the rest",
        );
        if let Some(last) = diagnostics.iter().max_by_key(|d| (d.line, d.column)) {
            note.line = last.line;
            note.column = last.column;
            note.source_line = last.source_line.clone();
        }
        diagnostics.push(note);
    }
    Err(diagnostics)
}

/// Every problem in `yaml`, given the first, in the writer's coordinates, and whether there may
/// be more than were looked for.
fn every_problem<T: DeserializeOwned>(yaml: &str, first: Found) -> (Vec<Found>, bool) {
    // Each look is a parse of the file: enough for any page a person writes, and a bounded
    // time for one that is not.
    let mut looks = (2_000_000 / (yaml.len() + 1)).clamp(16, 400);
    let mut doc = Doc::new(yaml);
    let (first_found, first) = misplaced(
        &doc,
        Found {
            message: first.message.clone(),
            at: first.at,
            within: first.within.clone(),
        },
        first,
    );
    let mut found = vec![first_found];
    // Unknown fields taken out, with the field they were near: a "missing" field that a typo
    // stands for is the same mistake, not a second one.
    let mut typos: Vec<(String, String)> = Vec::new();
    let mut current = first;
    loop {
        let Some(at) = current.at else {
            return (found, false);
        };
        let (path, rest) = Found::split_path(&current.message);
        let path = path.to_owned();
        let fix = if let Some(words) = rest.strip_prefix(MISINDENTED) {
            let mut parts = words.split_whitespace().skip(1);
            let has: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let wants: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            Fix::Reindent(has, wants)
        } else if let Some(field) = quoted_after(rest, "unknown field ") {
            if let Some(near) = crate::error::closest(&field, &backticked(rest).1) {
                typos.push((path.clone(), near.to_owned()));
            }
            Fix::Remove
        } else if let Some(field) = quoted_after(rest, "duplicate field ") {
            Fix::Duplicate(field)
        } else if let Some(field) = quoted_after(rest, "missing field ") {
            Fix::Add(field)
        } else if !path.is_empty() {
            Fix::Value
        } else {
            // Not a field's problem (the YAML itself cannot be read): nothing to set aside.
            return (found, false);
        };
        // The stand-ins to try, most neutral first; an enum's own values are learnt from what
        // the parser says of a stand-in that is not one of them.
        let mut stand_ins: std::collections::VecDeque<String> = match &fix {
            Fix::Remove | Fix::Duplicate(_) | Fix::Reindent(..) => [String::new()].into(),
            Fix::Value => std::iter::once("null")
                .chain(SCALARS)
                .map(String::from)
                .collect(),
            Fix::Add(_) => SCALARS.map(String::from).into(),
        };
        if let Some(value) = first_expected(rest) {
            stand_ins.push_front(value);
        }
        let within = match &fix {
            Fix::Add(field) if path.is_empty() => field.clone(),
            Fix::Add(field) => format!("{path}.{field}"),
            _ => path.clone(),
        };
        let mut tried = std::collections::HashSet::new();
        let mut accepted = None;
        while let Some(stand_in) = stand_ins.pop_front() {
            if !tried.insert(stand_in.clone()) {
                continue;
            }
            if looks == 0 {
                return (found, true);
            }
            looks -= 1;
            let mut copy = doc.clone();
            let applied = match &fix {
                Fix::Remove => copy.remove_entry(at),
                Fix::Reindent(has, wants) => copy.reindent(at.0, *has, *wants),
                Fix::Duplicate(field) => match copy.remove_duplicate(at, field) {
                    Some(second) => {
                        // Shown at the second entry, which is the one taken out.
                        let place = doc.origin(second);
                        let shown = doc.origin(at);
                        if let Some(f) = found
                            .iter_mut()
                            .rev()
                            .find(|f| f.message == current.message && f.at == Some(shown))
                        {
                            f.at = Some(place);
                        }
                        true
                    }
                    None => false,
                },
                Fix::Value => copy.replace_value(at, &stand_in),
                Fix::Add(field) => copy.add_field(at, field, &stand_in),
            };
            if !applied {
                return (found, false);
            }
            let next = match serde_yaml::from_str::<T>(&copy.text()) {
                Ok(_) => return (found, false),
                Err(e) => Found::new(&e),
            };
            let (next_path, next_rest) = Found::split_path(&next.message);
            // The file could be read as YAML before: if the copy cannot, the edit is at fault.
            let about_field = !next_path.is_empty()
                || ["unknown field ", "missing field ", "duplicate field "]
                    .iter()
                    .any(|p| next_rest.starts_with(p));
            // A field missing from a map whose start a stand-in wrote is the map's, not the
            // stand-in's, unless it is a field of the stand-in itself.
            let map_missing = next_rest.starts_with("missing field ") && next_path != within;
            let about_stand_in = !about_field
                || (next.at.is_some_and(|a| copy.is_written(a)) && !map_missing)
                || (!matches!(fix, Fix::Remove | Fix::Duplicate(_) | Fix::Reindent(..))
                    && (next_path == within
                        || next_path.starts_with(&format!("{within}."))
                        || next_path.starts_with(&format!("{within}["))
                        || (next_path == path && next.message == current.message)));
            if about_stand_in {
                if let Some(grown) = grow(&stand_in, &within, next_path, next_rest) {
                    stand_ins.push_front(grown);
                } else if next_path == within
                    && let Some(value) = first_expected(next_rest)
                {
                    stand_ins.push_front(value);
                }
                continue;
            }
            accepted = Some((copy, next));
            break;
        }
        let Some((copy, next)) = accepted else {
            return (found, false);
        };
        doc = copy;
        let original = Found {
            message: next.message.clone(),
            at: next.at.map(|a| doc.origin(a)),
            within: None,
        };
        if found
            .iter()
            .any(|f| f.message == original.message && f.at == original.at)
        {
            return (found, false);
        }
        let (next_path, next_rest) = Found::split_path(&next.message);
        let missing = quoted_after(next_rest, "missing field ");
        let echo = missing
            .as_ref()
            .is_some_and(|field| typos.contains(&(next_path.to_owned(), field.clone())));
        let (original, next) = misplaced(&doc, original, next);
        if !echo || original.message.starts_with(MISINDENTED) {
            found.push(original);
        }
        current = next;
    }
}

/// Stand-ins for a field's value, most neutral first.
const SCALARS: [&str; 4] = ["2000-01-01", "0", "[]", "{}"];

/// A map stand-in (`{name: 2000-01-01}`) grown by what the parser said of it at `within`: a
/// field it lacks added, or a field's value that did not fit replaced by the next one to try.
fn grow(stand_in: &str, within: &str, path: &str, message: &str) -> Option<String> {
    let inner = stand_in.strip_prefix('{')?.strip_suffix('}')?;
    let mut fields: Vec<(String, String)> = if inner.is_empty() {
        Vec::new()
    } else {
        inner
            .split(", ")
            .map(|f| {
                f.split_once(": ")
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
            })
            .collect::<Option<_>>()?
    };
    if path == within {
        let field = quoted_after(message, "missing field ")?;
        fields.push((field, SCALARS[0].to_owned()));
    } else {
        let field = path.strip_prefix(within)?.strip_prefix('.')?;
        let (_, value) = fields.iter_mut().find(|(k, _)| k == field)?;
        *value = match first_expected(message).filter(|v| v != value) {
            Some(expected) => expected,
            None => {
                let next = SCALARS.iter().position(|s| s == value)? + 1;
                (*SCALARS.get(next).filter(|s| **s != "{}")?).to_owned()
            }
        };
    }
    let fields: Vec<String> = fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    Some(format!("{{{}}}", fields.join(", ")))
}

/// Marks a problem that is a field indented off its group (see [`misplaced`]).
const MISINDENTED: &str = "MISINDENTED `";

/// A field reported missing from a map that has a field indented a space or two off the
/// others (often the "missing" one): the indentation is the mistake, named at its own line.
/// Returns the problem to report (in the writer's coordinates) and the problem to set aside
/// next (in the copy's), which for a misindented field is its indentation.
fn misplaced(doc: &Doc, original: Found, current: Found) -> (Found, Found) {
    let (path, rest) = Found::split_path(&current.message);
    let missing = quoted_after(rest, "missing field ").is_some();
    let Some(at) = current.at.filter(|_| missing || !path.is_empty()) else {
        return (original, current);
    };
    let copy = doc.text();
    let off = if missing {
        super::repair::misindented(&copy, at)
            .map(|(field, line, indent)| (field, line, indent, at.1.saturating_sub(1)))
    } else if copy
        .lines()
        .nth(at.0.saturating_sub(1))
        .is_some_and(|l| dash_without_space(l).is_some())
    {
        // `-kind: x` is its own mistake, named as such: what follows it is read off.
        return (original, current);
    } else {
        super::repair::absorbed(&copy, at.0)
    };
    match off {
        Some((field, line, indent, wants)) => {
            let message = format!("{MISINDENTED}{field}` {indent} {wants}");
            (
                Found {
                    message: message.clone(),
                    at: Some(doc.origin((line, indent + 1))),
                    within: None,
                },
                Found {
                    message,
                    at: Some((line, indent + 1)),
                    within: None,
                },
            )
        }
        None => (original, current),
    }
}

/// How a problem is set aside to look for the next.
enum Fix {
    /// An unknown field: taken out.
    Remove,
    /// A field given twice: its second entry taken out.
    Duplicate(String),
    /// A value that does not fit: replaced with a stand-in.
    Value,
    /// A required field not given: added with a stand-in.
    Add(String),
    /// A field indented off its group, by this many spaces: moved to that many.
    Reindent(usize, usize),
}

/// The backticked word right after `prefix` at the start of `text`.
fn quoted_after(text: &str, prefix: &str) -> Option<String> {
    let rest = text.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split_once('`').map(|(word, _)| word.to_owned())
}

/// The first value a message says was expected (`expected one of `a`, `b``).
fn first_expected(text: &str) -> Option<String> {
    let (_, expected) = text.split_once("expected ")?;
    let rest = expected.strip_prefix("one of ").unwrap_or(expected);
    let word = rest.strip_prefix('`')?.split_once('`')?.0;
    Some(word.to_owned())
}

/// The byte offset and name of the first control character in `text`. Tabs and line ends are
/// text.
pub(crate) fn literal_control(text: &str) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    // This runs over every file: a simple test per byte, which the compiler vectorises, and
    // memchr for the lead byte of the C1 controls (U+0080 to U+009F).
    let c0 = bytes
        .iter()
        .position(|&b| (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7F);
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .find(|&i| bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)));
    let literal = match (c0, c1) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if let Some(i) = literal {
        let c = text[i..].chars().next().unwrap_or_default();
        return Some((i, format!("U+{:04X}", u32::from(c))));
    }
    None
}

/// The byte offset and name of the first control character written as a YAML escape in a
/// double-quoted string (`"\x01"`, `"\v"`, `"\e"`); escapes only mean something there.
fn escaped_control(text: &str) -> Option<(usize, String)> {
    // Most files have no backslash at all.
    memchr::memchr(b'\\', text.as_bytes())?;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut quoted = false;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => quoted = !quoted,
                '\\' if quoted => {
                    let rest = &line[i + 1..];
                    let escape = match rest.chars().next() {
                        Some(e @ ('0' | 'a' | 'b' | 'v' | 'f' | 'e' | 'N')) => {
                            Some(format!("\\{e}"))
                        }
                        Some('x') => rest
                            .get(1..3)
                            .and_then(|h| u8::from_str_radix(h, 16).ok())
                            .filter(|b| {
                                *b < 0x20 && *b != 0x09 && *b != 0x0A || (0x7F..=0x9F).contains(b)
                            })
                            .map(|b| format!("\\x{b:02X}")),
                        Some('u') => rest
                            .get(1..5)
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32)
                            .filter(|c| c.is_control() && !matches!(c, '\t' | '\n'))
                            .map(|c| format!("\\u{:04X}", u32::from(c))),
                        _ => None,
                    };
                    if let Some(escape) = escape {
                        return Some((offset + i, format!("written `{escape}`")));
                    }
                    chars.next();
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    None
}

/// The 0-based line of the first field, when it is indented further than a field after it:
/// YAML then reads only the first, and says the others are missing.
fn indented_start(yaml: &str) -> Option<usize> {
    let content = |line: &&str| !line.trim().is_empty() && !line.trim_start().starts_with('#');
    let (n, first) = yaml.lines().enumerate().find(|(_, l)| content(l))?;
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let first_indent = indent(first);
    (first_indent > 0
        && yaml
            .lines()
            .skip(n + 1)
            .filter(content)
            .any(|l| indent(l) < first_indent))
    .then_some(n)
}

/// Deeper than any site needs; the YAML parser recurses once per level, so a hostile file
/// nested 100,000 deep would take it seconds, or its stack.
const MAX_DEPTH: usize = 64;

/// The 0-based line where `yaml` nests deeper than [`MAX_DEPTH`]: by brackets (outside quotes),
/// by `- ` items opened on one line, or by indentation.
fn too_deep(yaml: &str) -> Option<usize> {
    // Brackets can nest no deeper than there are brackets: most files have a few.
    let brackets = memchr::memchr2_iter(b'[', b'{', yaml.as_bytes()).count();
    let flow = brackets > MAX_DEPTH;
    let mut depth: usize = 0;
    for (n, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let mut items = 0;
        let mut rest = trimmed;
        while let Some(r) = rest
            .strip_prefix("- ")
            .or_else(|| rest.strip_prefix('-').filter(|r| r.is_empty()))
        {
            items += 1;
            rest = r.trim_start_matches(' ');
        }
        if indent / 2 + items > MAX_DEPTH * 2 {
            return Some(n);
        }
        if !flow {
            continue;
        }
        let mut quote: Option<char> = None;
        for c in rest.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(n);
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

fn to_diagnostic(found: Found, file: &Path, file_text: &str, first_line: usize) -> Diagnostic {
    let (message, help) = explain(&found.message);
    // What the parser saw at the place, in a writer's words: a tab, or a colon with no space.
    let line = found
        .at
        .map_or(first_line, |(line, _)| first_line + line - 1);
    let text_line = file_text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let (message, help) = if text_line.contains('\t') && !message.starts_with('`') {
        (
            "this line has a tab: YAML is indented with spaces only".to_owned(),
            Some("replace the tab with spaces (two for each level)".to_owned()),
        )
    } else if let Some(item) = dash_without_space(text_line) {
        let column = text_line.len() - text_line.trim_start().len() + 1;
        return Diagnostic::error(file, "a list item needs a space after its `-`")
            .help(format!("write `- {item}`"))
            .at(file_text, line, column);
    } else if let Some(field) = colon_without_space(text_line) {
        (
            format!("`{}` needs a space after its colon", field),
            Some(format!(
                "write `{field}: ` then the value, as in `title: Maternity`"
            )),
        )
    } else if let Some((message, help, (line, column))) = syntax(&found, file_text, first_line) {
        return Diagnostic::error(file, message)
            .help(help)
            .at(file_text, line, column);
    } else {
        (message, help)
    };
    // A field missing from `{ ... }` goes inside the braces, not on a line of its own.
    let help = match (help, found.at) {
        (Some(help), Some((_, column)))
            if message.contains("is missing")
                && text_line.chars().nth(column.saturating_sub(1)) == Some('{') =>
        {
            Some(
                help.replace("add a line `", "add `")
                    .replace("` here", "` inside the `{ }`"),
            )
        }
        (help, _) => help,
    };
    let mut diagnostic = Diagnostic::error(file, &message);
    if let Some(help) = help {
        diagnostic = diagnostic.help(help);
    }
    // A key given twice is placed at its second line, not at the start of its map.
    if let Some(key) = message
        .strip_prefix('`')
        .and_then(|m| m.split_once("` is given twice in this report"))
        .map(|(key, _)| key)
        && let Some(line) = second_key_line(file_text, key)
    {
        let indent = file_text
            .lines()
            .nth(line - 1)
            .map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
        return diagnostic.at(file_text, line, indent + 1);
    }
    match found.at {
        Some((line, column)) => diagnostic.at(file_text, first_line + line - 1, column),
        None => diagnostic.at(file_text, first_line, 1),
    }
}

/// A mistake the YAML parser stopped at, in a writer's words: the parser says what it
/// expected next, which is rarely what the writer did. The message, its fix, and where to
/// point (the quote mark or bracket that was opened, rather than the end of the file).
fn syntax(
    found: &Found,
    file_text: &str,
    first_line: usize,
) -> Option<(String, String, (usize, usize))> {
    let (line, column) = found.at?;
    let line = first_line + line - 1;
    let text = file_text.lines().nth(line - 1).unwrap_or("");
    let here = text.chars().nth(column.saturating_sub(1));
    let began = found
        .within
        .as_ref()
        .map(|(what, (l, c))| (what.as_str(), (first_line + l - 1, *c)));
    let m = found.message.as_str();
    // The field and its text on this line, for writing the fix out in full.
    let field = text.trim_start().trim_start_matches("- ");
    // Inside `{ }` or `[ ]`, the entry around the column: `name: @alex` of `{ name: @alex }`.
    let chars: Vec<char> = text.chars().collect();
    let col0 = column.saturating_sub(1).min(chars.len());
    let depth = chars[..col0].iter().fold(0i32, |d, c| match c {
        '{' | '[' => d + 1,
        '}' | ']' => d - 1,
        _ => d,
    });
    let entry = (depth > 0).then(|| {
        let start = chars[..col0]
            .iter()
            .rposition(|c| matches!(c, ',' | '{' | '['))
            .map_or(0, |i| i + 1);
        let end = chars[col0..]
            .iter()
            .position(|c| matches!(c, ',' | '}' | ']'))
            .map_or(chars.len(), |i| col0 + i);
        chars[start..end].iter().collect::<String>()
    });
    let example = entry
        .as_deref()
        .unwrap_or(field)
        .trim()
        .split_once(": ")
        .map(|(key, value)| format!("`{key}: \"{}\"`", value.trim().replace('"', "\\\"")));
    let quote_it = |what: &str| match &example {
        Some(example) => format!("put {what} in double quotes: {example}"),
        None => format!("put {what} in double quotes"),
    };
    if let Some(("scanning a quoted scalar", at)) = began
        && m.starts_with("found unexpected end of stream")
    {
        let opened = file_text
            .lines()
            .nth(at.0 - 1)
            .and_then(|l| l.chars().nth(at.1 - 1))
            .unwrap_or('"');
        let help = if opened == '\'' {
            "end the text with `'` on the same line; an apostrophe inside single quotes is typed twice (`'It''s open'`), or put double quotes around the text (`\"It's open\"`)"
        } else {
            "end the text with `\"` on the same line; a quote mark inside double quotes is typed `\\\"`, or put single quotes around the text"
        };
        return Some((
            format!(
                "the quote mark `{opened}` here is never closed, so the rest of the file is read as its text"
            ),
            help.to_owned(),
            at,
        ));
    }
    if m.starts_with("could not find expected ':'") {
        // A line before with no space after its colon (`summary:Hi`), read as text going on.
        for back in 1..=3 {
            let Some(earlier) = line
                .checked_sub(back)
                .filter(|l| *l >= first_line)
                .and_then(|l| file_text.lines().nth(l - 1).map(|t| (l, t)))
            else {
                break;
            };
            if let Some(field) = colon_without_space(earlier.1) {
                let column = earlier
                    .1
                    .find(field)
                    .map_or(1, |i| earlier.1[..i].chars().count() + 1);
                return Some((
                    format!("`{field}` needs a space after its colon"),
                    format!("write `{field}: ` then the value, as in `title: Maternity`"),
                    (earlier.0, column),
                ));
            }
            let trimmed = earlier.1.trim_end();
            if trimmed.ends_with(": |")
                || trimmed.ends_with(": >")
                || trimmed.ends_with(": |-")
                || trimmed.ends_with(": >-")
            {
                return Some((
                    "the text of a `|` or `>` block must be indented under its field".to_owned(),
                    "indent each line of the text by two more spaces than the field's name"
                        .to_owned(),
                    (line, column),
                ));
            }
            if !super::repair::is_blank(earlier.1) {
                break;
            }
        }
    }
    if m.starts_with("did not find expected comment or line break") {
        let trimmed = text.trim_start().trim_start_matches("- ");
        if let Some((field, value)) = trimmed.split_once(": ")
            && value.trim_start().starts_with(['|', '>'])
        {
            return Some((
                "the text of a `|` or `>` block starts on the line below it, not on its line"
                    .to_owned(),
                format!(
                    "put the text on the next lines, indented under `{field}:`; or write it on this line without the `|`, in double quotes"
                ),
                (line, column),
            ));
        }
    }
    if m.starts_with("found unknown escape character") {
        let escape: String = text
            .chars()
            .skip(column.saturating_sub(1))
            .take(2)
            .collect();
        return Some((
            format!("`{escape}` means nothing in double-quoted text, where a backslash starts an escape"),
            "type a backslash as `\\\\`, or put the text in single quotes, where a backslash is just a backslash".to_owned(),
            (line, column),
        ));
    }
    if let Some((what, at)) = began
        && (what == "parsing a flow mapping" || what == "parsing a flow sequence")
    {
        let (open, close) = if what.ends_with("mapping") {
            ('{', '}')
        } else {
            ('[', ']')
        };
        let opened_on = file_text.lines().nth(at.0 - 1).unwrap_or("");
        let chars: Vec<char> = opened_on.chars().collect();
        // The `key: value` entry of the brackets around character `col0`, quoted as it must be.
        let entry_at = |col0: usize| {
            let col0 = col0.min(chars.len());
            let start = chars[..col0]
                .iter()
                .rposition(|c| *c == ',' || *c == open)
                .map_or(0, |i| i + 1);
            let end = chars[col0..]
                .iter()
                .position(|c| *c == ',' || *c == close)
                .map_or(chars.len(), |i| col0 + i);
            let entry: String = chars[start..end].iter().collect();
            let (key, value) = entry.trim().split_once(": ")?;
            let value = value.trim().to_owned();
            let quoted = if value.contains('"') {
                format!("'{}'", value.replace('\'', "''"))
            } else {
                format!("\"{value}\"")
            };
            Some((value, format!("{key}: {quoted}")))
        };
        let hash =
            (at.1..chars.len().saturating_sub(1)).find(|&i| chars[i] == ' ' && chars[i + 1] == '#');
        if let Some(hash) = hash {
            let fix = entry_at(hash)
                .map(|(_, fixed)| format!("write it as `{fixed}`"))
                .unwrap_or_else(|| "put the text with `#` in double quotes".to_owned());
            return Some((
                format!(
                    "` #` here starts a comment, which hides the rest of the line and its `{close}`"
                ),
                fix,
                (at.0, hash + 2),
            ));
        }
        if chars[at.1.min(chars.len())..].contains(&close)
            && line == at.0
            && let Some((value, fixed)) = entry_at(column.saturating_sub(1))
        {
            // The brackets close: the trouble is a value inside them that needs quotes.
            return Some((
                format!("inside `{open} {close}`, the text `{value}` needs quote marks of its own"),
                format!("write it as `{fixed}`"),
                (line, column),
            ));
        }
        let key = opened_on
            .trim_start()
            .trim_start_matches("- ")
            .split_once(": ")
            .map(|(key, value)| format!(": `{key}: \"{}\"`", value.trim().replace('"', "\\\"")))
            .unwrap_or_default();
        return Some((
            format!("the `{open}` here is never closed with `{close}`"),
            format!(
                "close it with `{close}` on the same line; text that starts with `{open}` is read as a list or map, so put such text in double quotes{key}"
            ),
            at,
        ));
    }
    if m == "block sequence entries are not allowed in this context" {
        return Some((
            "a `-` after a field's name would start a list, which cannot begin on the field's own line".to_owned(),
            format!(
                "{}, or start the list on the next line, indented, with `- ` before each item",
                quote_it("text that starts with `-`")
            ),
            (line, column),
        ));
    }
    if m.starts_with("found character that cannot start any token")
        && let Some(c) = here.filter(|c| *c != '\t')
    {
        let c = if c == '`' {
            "a backtick (`)".to_owned()
        } else {
            format!("`{c}`")
        };
        return Some((
            format!("YAML text cannot start with {c}"),
            quote_it("the text"),
            (line, column),
        ));
    }
    if let Some((what, at)) = began
        && what.contains("tag")
    {
        return Some((
            "text that starts with `!` is read as a YAML type, not as text".to_owned(),
            quote_it("the text"),
            at,
        ));
    }
    if m == "unknown anchor"
        || m.starts_with("found undefined alias")
        || m.starts_with("did not find expected alphabetic or numeric character")
    {
        return Some((
            "text that starts with `*` or `&` is read as a reference to another part of the file"
                .to_owned(),
            quote_it("the text"),
            (line, column),
        ));
    }
    if m == "mapping values are not allowed in this context"
        || m == "did not find expected key"
        || m.starts_with("did not find expected '-' indicator")
    {
        if text.contains(['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}']) {
            return Some((
                "curly quote marks (“ ” ‘ ’) do not quote text in YAML, so this text is read as if it had no quote marks".to_owned(),
                "type straight quote marks (\" or ') around the text; curly ones inside it are kept as they are".to_owned(),
                (line, column),
            ));
        }
        let content = text.len() - text.trim_start_matches([' ', '-']).len();
        let first_colon = text[content..]
            .find(':')
            .map(|i| text[..content + i].chars().count() + 1);
        if m.starts_with("mapping") && first_colon != Some(column) {
            return Some((
                "this `: ` is read as the start of another field, inside the text of this one"
                    .to_owned(),
                quote_it("text that holds `: `"),
                (line, column),
            ));
        }
        let value = field.split_once(": ").map_or("", |(_, v)| v.trim());
        let closing = value
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .and_then(|q| value[1..].find(q).map(|end| (q, &value[end + 2..])))
            .filter(|(_, after)| !after.trim().is_empty() && !after.trim().starts_with('#'));
        if let Some((q, _)) = closing {
            let help = if q == '"' {
                "put all of the text inside the quotes, typing a quote mark inside them as `\\\"`, or put single quotes around text that holds double ones"
            } else {
                "put all of the text inside the quotes, typing an apostrophe inside them twice (`''`), or put double quotes around text that holds apostrophes"
            };
            return Some((
                format!("the text goes on after its closing quote mark `{q}`"),
                help.to_owned(),
                (line, column),
            ));
        }
        let content = text.trim_start();
        if content.starts_with('-')
            && content[1..].starts_with(|c: char| !c.is_whitespace() && c != '-')
        {
            return Some((
                "a list item needs a space after its `-`".to_owned(),
                format!("write `- {}`", &content[1..]),
                (line, text.len() - content.len() + 1),
            ));
        }
        return Some((
            "this line does not line up with the lines above it".to_owned(),
            "fields of one group start at the same column, and the items of a list each start with `- ` at the same column: check the spaces at the start of this line and of the one above".to_owned(),
            (line, column),
        ));
    }
    None
}

/// The rest of a line such as `-kind: strength`, where a missing space makes YAML read `-kind`
/// as a field's name instead of a list item.
fn dash_without_space(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix('-')?;
    rest.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(rest)
}

/// The field of a line such as `title:Maternity`, where a missing space makes YAML read the
/// whole line as text.
fn colon_without_space(line: &str) -> Option<&str> {
    let trimmed = line.trim_start().trim_start_matches("- ");
    let (field, rest) = trimmed.split_once(':')?;
    let is_field = !field.is_empty()
        && field
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    (is_field && rest.starts_with(|c: char| !c.is_whitespace() && c != '/')).then_some(field)
}

/// The 1-based line of the second line that starts (after its indentation) with `key:`.
fn second_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.starts_with(':'))
        })
        .nth(1)
        .map(|(i, _)| i + 1)
}

/// Rewords the messages writers meet most, adding the fix.
fn explain(message: &str) -> (String, Option<String>) {
    // Messages may start with a path such as "findings[0]: ".
    let (path, rest) = match message.find(": ") {
        Some(i) if !message[..i].contains(' ') => (Some(&message[..i]), &message[i + 2..]),
        _ => (None, message),
    };
    let within = |m: String| match path {
        Some(p) => format!("{m} (in {})", place(p)),
        None => m,
    };
    for (prefix, what) in [("unknown field", "field"), ("unknown variant", "value")] {
        if let Some(tail) = rest.strip_prefix(prefix) {
            let (found, expected) = backticked(tail);
            let Some(found) = found else { break };
            let help = match closest(&found, &expected) {
                Some(best) => format!(
                    "did you mean `{best}`? The {what}s allowed here are: {}",
                    expected.join(", ")
                ),
                None if expected.is_empty() => {
                    format!("remove `{found}`: no {what}s are allowed here")
                }
                None => format!("the {what}s allowed here are: {}", expected.join(", ")),
            };
            if what == "field"
                && let Some((field, _)) = found.split_once(':')
                && expected.iter().any(|e| e == field)
            {
                return (
                    within(format!("`{field}` needs a space after its colon")),
                    Some(format!("write `{field}: ` then the value")),
                );
            }
            let message = if what == "field" {
                format!("unknown field `{found}`")
            } else {
                format!("`{found}` is not an allowed value")
            };
            return (within(message), Some(help));
        }
    }
    if let Some(words) = rest.strip_prefix(MISINDENTED) {
        let mut parts = words.split_whitespace();
        let field = parts.next().unwrap_or("").trim_end_matches('`');
        let has: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        let wants: usize = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        let spaces = |n: usize| {
            if n == 1 {
                "1 space".to_owned()
            } else {
                format!("{n} spaces")
            }
        };
        let read_as = if has > wants {
            "so it is read as more of the text above it"
        } else {
            "so it is read as outside them"
        };
        return (
            format!(
                "`{field}` is indented by {}, but the fields it belongs with by {}, {read_as}",
                spaces(has),
                spaces(wants)
            ),
            Some(format!(
                "start `{field}:` under the other fields of its group, {} from the left",
                spaces(wants)
            )),
        );
    }
    if let Some(field) = rest
        .strip_prefix("duplicate field `")
        .and_then(|tail| tail.strip_suffix('`'))
    {
        return (
            within(format!("`{field}` is given twice")),
            Some(
                "keep one of the two lines: the second would silently replace the first".to_owned(),
            ),
        );
    }
    if let Some(tail) = rest.strip_prefix("missing field") {
        let (found, _) = backticked(tail);
        if let Some(field) = found {
            return (
                within(format!("the required field `{field}` is missing")),
                Some(format!("add a line `{field}: ...` here")),
            );
        }
    }
    if let Some((found, expected)) = rest
        .strip_prefix("invalid type: ")
        .and_then(|tail| tail.split_once(", expected "))
        && !expected.starts_with("a string")
        && !expected.starts_with("u16")
        && !expected.starts_with("struct Ratings")
    {
        let expected_words = words(expected);
        let help = if expected_words == "a list" {
            "write each item on its own line below the field, indented, starting with `- `"
        } else if expected_words.starts_with("a group of fields") {
            "write its fields on the lines below it, indented, each as `name: value` (or on one line, as `{ name: value, other: value }`)"
        } else {
            "check the indentation, and that each field is written `name: value`"
        };
        return (
            within(format!(
                "{} is given where {expected_words} is expected",
                words(found),
            )),
            Some(help.to_owned()),
        );
    }
    if let Some(found) = rest
        .strip_prefix("invalid type: ")
        .and_then(|r| r.strip_suffix(", expected u16"))
        .or_else(|| {
            rest.strip_prefix("invalid value: ")
                .and_then(|r| r.strip_suffix(", expected u16"))
        })
    {
        return (
            within(format!(
                "a score is a whole number from 0 to 100, not {}",
                words(found)
            )),
            Some("write the score as the report gives it, such as `score: 72`".to_owned()),
        );
    }
    if let Some(found) = rest
        .strip_prefix("invalid type: ")
        .and_then(|r| r.strip_suffix(", expected struct Ratings"))
    {
        return (
            within(format!(
                "{} is given where ratings are expected, listed by question",
                words(found)
            )),
            Some(
                "write them as `{ overall: good, safe: requires-improvement }`, or on the lines below, one question a line"
                    .to_owned(),
            ),
        );
    }
    if let Some(found) = rest
        .strip_prefix("invalid type: ")
        .and_then(|r| r.strip_suffix(", expected a string"))
    {
        return (
            within(format!("{} is given where text is expected", words(found))),
            Some("write the text in double quotes, as in `title: \"[Draft] Our services\"`: text starting with [ { & * ! or containing `: ` must be quoted".to_owned()),
        );
    }
    if rest.contains("is not a date") {
        return (
            within(rest.to_owned()),
            Some(crate::model::date::DATE_HELP.to_owned()),
        );
    }
    if rest.starts_with("did not find expected")
        || rest.starts_with("mapping values are not allowed")
        || rest.starts_with("found character that cannot start")
    {
        return (
            within(format!("the YAML could not be read: {rest}")),
            Some("check the indentation and put text containing `: ` or starting with a quote mark or `-` in double quotes".to_owned()),
        );
    }
    (within(rest.to_owned()), None)
}

/// serde_yaml's path to a value (`improvement.actions[1].date`) in a writer's words, counting
/// list items from 1: "`improvement` › `actions` item 2 › `date`".
fn place(path: &str) -> String {
    path.split('.')
        .map(|part| match part.split_once('[') {
            Some((name, rest)) => {
                let items: Vec<String> = rest
                    .split('[')
                    .map(|i| {
                        let i = i.trim_end_matches(']');
                        i.parse::<usize>()
                            .map_or_else(|_| i.to_owned(), |n| (n + 1).to_string())
                    })
                    .collect();
                format!("`{name}` item {}", items.join(", item "))
            }
            None => format!("`{part}`"),
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// serde's names for kinds of value, in a writer's words.
fn words(kind: &str) -> String {
    let kind = kind.trim();
    if kind == "a map of ids to ratings" {
        return "ratings listed by id (`urgent-care: { overall: good }`)".to_owned();
    }
    if kind.starts_with("struct ") || kind == "a map" || kind.starts_with("map") {
        return "a group of fields (`name: value` lines)".to_owned();
    }
    if kind == "field identifier" {
        return "a field's name".to_owned();
    }
    if kind.starts_with("sequence") || kind.starts_with("a sequence") {
        return "a list".to_owned();
    }
    if let Some(text) = kind.strip_prefix("string ") {
        return format!("the text {text}");
    }
    if matches!(kind, "f32" | "f64" | "a number") {
        return "a number".to_owned();
    }
    if matches!(
        kind,
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize"
    ) {
        return "a whole number".to_owned();
    }
    match kind {
        "unit value" => "nothing".to_owned(),
        "a string" | "string" => "text".to_owned(),
        "a boolean" | "boolean" => "`true` or `false`".to_owned(),
        other if other.starts_with("integer") || other.starts_with("floating point") => {
            format!(
                "the number {}",
                other
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("")
                    .trim_matches('`')
            )
        }
        other if other.starts_with("enum ") => "one of the allowed values".to_owned(),
        other => other.replace("variant", "value"),
    }
}

/// The first backticked word, and the list of backticked words after "expected".
fn backticked(text: &str) -> (Option<String>, Vec<String>) {
    let mut words = text.split('`').skip(1).step_by(2).map(str::to_owned);
    let first = words.next();
    (first, words.collect())
}
