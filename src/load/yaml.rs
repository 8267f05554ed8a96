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
    serde_yaml::from_str(yaml).map_err(|e| to_diagnostic(&e, file, file_text, first_line))
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

/// The first backticked word, and the list of backticked words after "expected".
fn backticked(text: &str) -> (Option<String>, Vec<String>) {
    let mut words = text.split('`').skip(1).step_by(2).map(str::to_owned);
    let first = words.next();
    (first, words.collect())
}
