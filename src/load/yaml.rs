//! YAML into strict types, with serde_yaml's messages turned into a writer's: positions in the
//! user's file (front matter starts below its `---`) and a "did you mean" for near misses.

use crate::error::closest;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::Diagnostic;

/// Parses `yaml`, which starts at 1-based line `first_line` of `file_text`.
pub(crate) fn parse<T: DeserializeOwned>(
    yaml: &str,
    file: &Path,
    file_text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
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
        return Err(Diagnostic::error(
            file,
            format!("the file holds a control character ({what}), which no page, feed or badge can show"),
        )
        .help("remove it (a pasted text can carry one unseen); for a line break, start a new line in a `|` block")
        .at(file_text, line, column));
    }
    if let Some(line) = too_deep(yaml) {
        return Err(Diagnostic::error(
            file,
            format!("the YAML is nested more than {MAX_DEPTH} levels deep here"),
        )
        .help(
            "front matter and seeds need a few levels at most: check for runs of `[`, `{` or `- `",
        )
        .at(file_text, first_line + line, 1));
    }
    serde_yaml::from_str(yaml).map_err(|e| to_diagnostic(&e, file, file_text, first_line))
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

fn to_diagnostic(
    error: &serde_yaml::Error,
    file: &Path,
    file_text: &str,
    first_line: usize,
) -> Diagnostic {
    let raw = error.to_string();
    // serde_yaml appends " at line L column C"; we show the place ourselves.
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_owned(),
        None => raw.clone(),
    };
    let (message, help) = explain(&message);
    // What the parser saw at the place, in a writer's words: a tab, or a colon with no space.
    let line = error
        .location()
        .map_or(first_line, |loc| first_line + loc.line() - 1);
    let text_line = file_text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let (message, help) = if text_line.contains('\t') && !message.starts_with('`') {
        (
            "this line has a tab: YAML is indented with spaces only".to_owned(),
            Some("replace the tab with spaces (two for each level)".to_owned()),
        )
    } else if let Some(field) = colon_without_space(text_line) {
        (
            format!("`{}` needs a space after its colon", field),
            Some(format!(
                "write `{field}: ` then the value, as in `title: Maternity`"
            )),
        )
    } else {
        (message, help)
    };
    let mut diagnostic = Diagnostic::error(file, &message);
    if let Some(help) = help {
        diagnostic = diagnostic.help(help);
    }
    // A key given twice is placed at its second line, not at the start of its map.
    if let Some(key) = message
        .strip_prefix('`')
        .and_then(|m| m.split_once("` is given twice"))
        .map(|(key, _)| key)
        && let Some(line) = second_key_line(file_text, key)
    {
        return diagnostic.at(file_text, line, 3);
    }
    match error.location() {
        Some(loc) => diagnostic.at(file_text, first_line + loc.line() - 1, loc.column()),
        None => diagnostic.at(file_text, first_line, 1),
    }
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
        Some(p) => format!("{m} (in `{p}`)"),
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
            let message = if what == "field" {
                format!("unknown field `{found}`")
            } else {
                format!("`{found}` is not an allowed value")
            };
            return (within(message), Some(help));
        }
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
        return (
            within(format!(
                "{} is given where {} is expected",
                words(found),
                words(expected)
            )),
            Some("check the indentation, and that each field is written `name: value`".to_owned()),
        );
    }
    if rest.ends_with("expected u16") {
        return (
            within(format!(
                "a score must be a whole number from 0 to 100: {rest}"
            )),
            Some("write the score as the report gives it, such as `score: 72`".to_owned()),
        );
    }
    if rest.starts_with("invalid type") && rest.ends_with("expected struct Ratings") {
        return (
            within(format!("ratings must be listed by question: {rest}")),
            Some(
                "write them as `urgent-care: { overall: good, safe: requires-improvement }`"
                    .to_owned(),
            ),
        );
    }
    if rest.starts_with("invalid type") && rest.ends_with("expected a string") {
        return (
            within(rest.to_owned()),
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

/// serde's names for kinds of value, in a writer's words.
fn words(kind: &str) -> String {
    let kind = kind.trim();
    if kind.starts_with("struct ") || kind == "a map" || kind.starts_with("map") {
        return "fields (`name: value` lines)".to_owned();
    }
    if kind.starts_with("sequence") || kind.starts_with("a sequence") {
        return "a list".to_owned();
    }
    if let Some(text) = kind.strip_prefix("string ") {
        return format!("the text {text}");
    }
    match kind {
        "unit value" => "nothing".to_owned(),
        "a string" | "string" => "text".to_owned(),
        "a boolean" | "boolean" => "yes or no".to_owned(),
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
