//! `carepages check`: everything `build` validates, without writing, plus the checks a
//! writer needs before anything goes live: plain English in family summaries and apologies,
//! overdue actions, reviews that are due, and pages out of step with the latest report.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::Site;
use crate::config::ChecksConfig;
use crate::error::line_col;
use crate::error::{Diagnostic, Error, Report, Result, Severity, plural};
use crate::load::Loaded;
use crate::model::Date;
use crate::model::page::{ServicePage, Status};
use crate::model::seeds::Inspection;
use crate::readability::{self, AvoidWord};

/// Below this many words a reading age is not measured (sentence length and words to avoid
/// still are).
pub(crate) const MIN_WORDS_TO_MEASURE: usize = 30;

/// The version of the JSON output's shape; raised on any change a CI script could notice.
pub const JSON_VERSION: u32 = 1;

/// Runs every check on the site below `root`. Problems with the site are in the report;
/// `Err` means the check could not run at all.
pub fn check(root: &Path, base_url: Option<&str>, today: Date) -> Result<Report> {
    let site = match Site::load(root, base_url, today) {
        Ok(site) => site,
        Err(Error::Content(report)) => return Ok(report),
        Err(e) => return Err(e),
    };
    let mut report = match site.render() {
        Ok((_, report)) => report,
        Err(Error::Content(report)) => return Ok(report),
        Err(e) => return Err(e),
    };
    writing_checks(site.loaded(), site.today(), &mut report);
    crate::display_rules::check(site.loaded(), &mut report);
    report.sort();
    Ok(report)
}

/// The checks beyond what a build needs.
pub(crate) fn writing_checks(site: &Loaded, today: Date, report: &mut Report) {
    let config = &site.config.checks;
    let avoid = avoid_list(config);
    for page in &site.services {
        plain_english(
            page,
            "summary",
            &page.front.summary,
            false,
            config,
            &avoid,
            report,
        );
        if let Some(apology) = &page.front.apology {
            let quoted = apology.source.is_some();
            plain_english(
                page,
                "apology",
                &apology.text,
                quoted,
                config,
                &avoid,
                report,
            );
        }
        progress(page, today, report);
        freshness(site, page, today, report);
    }
    crate::placeholders::check_pages(site, report);
    crate::placeholders::check_statements(site, report);
    held_back(site, report);
    let contact = &site.config.contact;
    if contact.phone.is_none() && contact.email.is_none() && contact.url.is_none() {
        report.push(
            Diagnostic::warning(
                crate::load::CONFIG_FILE,
                "the site gives readers no phone number, email address or contact page",
            )
            .help("add `phone:`, `email:` or `url:` under `contact:` in carepages.yaml: every page tells readers to ask for it in another format (large print, easy read, Braille), and they need a way to ask")
            .code("no-contact")
            .placed(&site.config_text, "contact:"),
        );
    }
    for source in site.page_sources() {
        comments_in_text(
            &source.path,
            &source.text,
            source.front_matter(),
            source.front_line,
            report,
        );
    }
    for inspection in &site.inspections {
        comments_in_text(
            &inspection.path,
            &inspection.text,
            &inspection.text,
            1,
            report,
        );
    }
    comments_in_text(
        std::path::Path::new(crate::load::CONFIG_FILE),
        &site.config_text,
        &site.config_text,
        1,
        report,
    );
}

/// What the published site leaves out for now: drafts, and reports before their day with the
/// quotations from them.
fn held_back(site: &Loaded, report: &mut Report) {
    let held = &site.held;
    for (file, _, line) in &held.drafts {
        let mut d = Diagnostic::note(file, "this page is a draft: the published site leaves it out")
            .help("remove `draft: true` when it is ready; `carepages build --drafts` and the preview show it meanwhile")
            .code("draft");
        d.line = u32::try_from(*line).ok();
        d.column = Some(1);
        report.push(d);
    }
    for (file, id, line) in &held.quotations {
        let date = held
            .embargoed
            .iter()
            .find(|i| &i.id == id)
            .and_then(|i| i.data.published);
        let mut d = Diagnostic::note(
            file,
            format!(
                "what this page quotes from `{id}` is left out until the report is published{}",
                date.map(|d| format!(
                    " {} {}",
                    if d.day().is_some() { "on" } else { "in" },
                    d.words()
                ))
                .unwrap_or_default()
            ),
        )
        .code("embargo");
        d.line = u32::try_from(*line).ok();
        d.column = Some(1);
        report.push(d);
    }
}

/// Text cut short by YAML, in front matter, seeds and settings: ` #` starts a comment, so
/// `title: Ward #4` is the title "Ward" and the rest is dropped without a word; and a first
/// word starting with `!` or `&` is read as a YAML tag or anchor and dropped (`!important`).
/// A `#` right before a word, or after text of more than one word, is taken to be meant as
/// text. Quoted text and `|` blocks keep their `#`.
fn comments_in_text(
    path: &std::path::Path,
    file_text: &str,
    yaml: &str,
    first_line: usize,
    report: &mut Report,
) {
    if !yaml.contains(['#', '!', '&']) {
        return;
    }
    let indent_of = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let mut block: Option<usize> = None;
    // The indentation of the key whose plain text may go on over the next lines.
    let mut text_of: Option<usize> = None;
    for (n, line) in yaml.lines().enumerate() {
        let indent = indent_of(line);
        let trimmed = line.trim();
        if let Some(block_indent) = block {
            if trimmed.is_empty() || indent > block_indent {
                continue;
            }
            block = None;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let item = trimmed.trim_start_matches("- ");
        let is_key = item.split_once(':').is_some_and(|(k, rest)| {
            !k.is_empty() && !k.contains(' ') && (rest.is_empty() || rest.starts_with(' '))
        });
        // A line of plain text going on from the line above.
        let continued = !is_key && text_of.is_some_and(|key_indent| indent > key_indent);
        let value = if continued {
            trimmed
        } else if let Some((_, value)) = item.split_once(": ") {
            value.trim_start()
        } else {
            text_of = None;
            continue;
        };
        text_of = if continued {
            text_of
        } else if value.starts_with(['"', '\'', '{', '[', '|', '>']) || value.is_empty() {
            None
        } else {
            Some(indent)
        };
        if value.starts_with(['|', '>']) {
            block = Some(indent);
            continue;
        }
        if value.starts_with(['"', '\'']) {
            continue;
        }
        let column_of = |byte: usize| line[..byte].chars().count() + 1;
        let value_at = line.len() - line.trim_start().len() + trimmed.len() - value.len();
        let quoted_line = || {
            let key = &trimmed[..trimmed.len() - value.len()];
            format!("{key}\"{}\"", value.replace('"', "\\\""))
        };
        // `!important care`, `&amp care`: a tag or anchor, then the text.
        if !continued
            && let Some(marker) = value
                .split_whitespace()
                .next()
                .filter(|w| w.len() > 1 && w.starts_with(['!', '&']) && value.len() > w.len())
        {
            let what = if marker.starts_with('!') {
                "tag"
            } else {
                "anchor"
            };
            report.push(
                Diagnostic::warning(
                    path,
                    format!("`{marker}` is read as a YAML {what}, not as text: the page shows the text without it"),
                )
                .help(format!("put the text in double quotes to keep it: `{}`", quoted_line()))
                .code("comment-in-text")
                .at(file_text, first_line + n, column_of(value_at)),
            );
            continue;
        }
        let Some(at) = value.find(" #") else {
            continue;
        };
        let before = value[..at].trim();
        let after = &value[at + 2..];
        let meant = after.starts_with(|c: char| !c.is_whitespace())
            || before.trim_start_matches(['{', '[']).contains(' ');
        if !meant || before.is_empty() {
            continue;
        }
        let help = if continued {
            "put the whole text in double quotes to keep it, or start it with `|` on the field's line (a `|` block keeps every `#`)".to_owned()
        } else {
            format!(
                "put the text in double quotes to keep it: `{}`",
                quoted_line()
            )
        };
        report.push(
            Diagnostic::warning(
                path,
                "the text after `#` here is left out: YAML reads ` #` as the start of a comment",
            )
            .help(help)
            .code("comment-in-text")
            .at(file_text, first_line + n, column_of(value_at + at + 1)),
        );
    }
}

fn avoid_list(config: &ChecksConfig) -> Vec<AvoidWord> {
    let allowed: Vec<String> = config
        .allow_words
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    let mut list: Vec<AvoidWord> = readability::nhs_default_avoid_words()
        .into_iter()
        .filter(|w| !allowed.contains(&w.word.to_lowercase()))
        .collect();
    list.extend(config.avoid_words.iter().map(|w| AvoidWord {
        word: w.word.clone(),
        instead: w.instead.clone(),
    }));
    list
}

/// Reading age, long sentences and words to avoid in one piece of the writer's text. A
/// quotation is never reworded, so its problems are notes, for the writer to add plainer
/// words around it.
fn plain_english(
    page: &ServicePage,
    field: &'static str,
    text: &str,
    quoted: bool,
    config: &ChecksConfig,
    avoid: &[AvoidWord],
    report: &mut Report,
) {
    let source = &page.source;
    let what = if field == "summary" {
        "family summary"
    } else {
        "apology"
    };
    let make = |message: String| {
        if quoted {
            Diagnostic::note(&source.path, message)
        } else {
            Diagnostic::warning(&source.path, message)
        }
    };
    let quoted_help = "it is a quotation, so it is not reworded: add plain words around it";
    let plain = readability::plain_text(text);
    let Some(measured) = readability::measure(&plain) else {
        return;
    };
    let long = readability::long_sentences(&plain, config.sentence_words);
    // Reading ages are quoted in whole years; the formulas are no finer than that, and tell
    // nothing about a text of a sentence or two, where one necessary long word ("inadequate")
    // decides the score.
    let age = measured.reading_age.round();
    if measured.words >= MIN_WORDS_TO_MEASURE && age > config.reading_age {
        let longest = long
            .first()
            .map(|s| format!("; the longest sentence has {} words", s.words))
            .unwrap_or_default();
        let help = if quoted {
            quoted_help.to_owned()
        } else {
            "use shorter sentences and everyday words: NHS guidance aims for a reading age of 9 to 11".to_owned()
        };
        let d = make(format!(
            "the {what} needs a reading age of {age:.0} (Flesch-Kincaid grade {:.1}, SMOG grade {:.1}); the aim is {:.0} or under{longest}",
            measured.flesch_kincaid_grade, measured.smog_grade, config.reading_age
        ))
        .code("reading-age")
        .help(help);
        report.push(d.placed(&source.text, &format!("{field}:")));
    }
    for sentence in &long {
        let d = make(format!(
            "a sentence of {} words in the {what}; the aim is {} or fewer",
            sentence.words, config.sentence_words
        ))
        .code("long-sentence")
        .help(if quoted {
            quoted_help.to_owned()
        } else {
            format!("split it: “{}”", shorten(&sentence.text, 12))
        });
        report.push(locate(d, &source.text, &sentence.text));
    }
    for (word, _) in readability::find_avoid_words(&plain, avoid) {
        let d = make(format!("“{}” in the {what} is a word to avoid", word.word))
            .code("plain-english")
            .help(if quoted {
                quoted_help.to_owned()
            } else {
                format!("write “{}” instead", word.instead)
            });
        report.push(locate(d, &source.text, &word.word));
    }
}

/// Places a message at the first line of the file containing the start of `snippet`.
fn locate(d: Diagnostic, text: &str, snippet: &str) -> Diagnostic {
    let words: Vec<&str> = snippet.split_whitespace().take(4).collect();
    for n in (1..=words.len()).rev() {
        let needle = words[..n].join(" ");
        if let Some(offset) = find_case_insensitive(text, &needle) {
            let (line, column) = line_col(text, offset);
            return d.at(text, line, column);
        }
    }
    d.at(text, 1, 1)
}

fn find_case_insensitive(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let lower = text.to_lowercase();
    // Lowercasing can change byte lengths outside ASCII; only trust an ASCII-safe match.
    if lower.len() != text.len() {
        return text.find(needle);
    }
    lower.find(&needle.to_lowercase())
}

fn shorten(text: &str, words: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    if all.len() <= words {
        all.join(" ")
    } else {
        format!("{} …", all[..words].join(" "))
    }
}

/// Overdue actions and a next review that has passed.
fn progress(page: &ServicePage, today: Date, report: &mut Report) {
    let source = &page.source;
    for action in page.front.improvement.iter().flat_map(|i| &i.actions) {
        let Some(due) = action.due else { continue };
        if action.status != Status::Done && due.is_wholly_before(&today) {
            let d = Diagnostic::warning(
                &source.path,
                format!(
                    "the action “{}” was due {} and is {}: the page shows it as overdue",
                    action.title,
                    due.words(),
                    action.status.label().to_lowercase()
                ),
            )
            .code("overdue-action")
            .help("mark it done, add a dated progress update, or agree a new due date");
            report.push(d.placed(&source.text, &action.title));
        }
    }
    if let Some(next) = page.front.next_review
        && next.is_wholly_before(&today)
    {
        let d = Diagnostic::warning(
                &source.path,
                format!("the page was due for review on {}", next.words()),
            )
            .code("review-due")
            .help("review the page, then set `reviewed:` to the day you did and `next_review:` to the next date");
        report.push(d.placed(&source.text, "next_review:"));
    }
}

/// A page must show the latest report: one published after the page was last reviewed is
/// a warning, and an error once the days the regulator's display rules give have passed (the
/// CQC's 21).
fn freshness(site: &Loaded, page: &ServicePage, today: Date, report: &mut Report) {
    let source = &page.source;
    // Each regulator's latest report that rates the page: a later Ofsted report does not
    // hide a CQC report the page is behind, nor the CQC's 21 days.
    let mut latest: Vec<&Inspection> = Vec::new();
    for inspection in site.inspections.iter().filter(|i| {
        std::iter::once(&page.id)
            .chain(&page.front.aliases)
            .any(|id| i.data.services.contains_key(id))
    }) {
        let newer =
            |than: &Inspection| (inspection.date(), &inspection.id) > (than.date(), &than.id);
        match latest
            .iter_mut()
            .find(|l| std::ptr::eq(l.regulator(), inspection.regulator()))
        {
            Some(held) if newer(held) => *held = inspection,
            Some(_) => {}
            None => latest.push(inspection),
        }
    }
    if latest.is_empty() {
        let d = Diagnostic::warning(&source.path, format!("no report in seeds rates `{}`", page.id))
            .code("no-rating")
            .help(format!(
                "add `{}:` with its ratings under `services:` in the report in seeds/inspections/ that rates it; until then the page says it is not yet rated",
                page.id
            ));
        report.push(d.at(&source.text, 1, 1));
        return;
    }
    let Some(reviewed) = page.front.reviewed else {
        let d = Diagnostic::note(&source.path, "the page has no `reviewed` date")
            .code("no-review-date")
            .help("add `reviewed: YYYY-MM-DD` when the page has been checked against the latest report");
        report.push(d.at(&source.text, 1, 1));
        return;
    };
    for latest in latest {
        let Some(published) = latest.data.published else {
            continue;
        };
        if !reviewed.is_wholly_before(&published) {
            continue;
        }
        let days = days_between(published, today);
        let rules = &latest.regulator().rules;
        let message = format!(
            "the report `{}` was published on {}, after this page was last reviewed ({})",
            latest.id,
            published.words(),
            reviewed.words()
        );
        let limit = rules.days_to_show.map(i64::from);
        let help = match (limit, rules.rule) {
            (Some(limit), _) => format!(
                "check the summary, findings and actions against the new report, then update `reviewed:`; the regulator's display rules give {limit} days"
            ),
            (None, Some(rule)) if rules.dated => format!(
                "check the summary, findings and actions against the new report, then update `reviewed:`; {rule} ask for a new rating to be shown without delay"
            ),
            (None, _) => "check the summary, findings and actions against the new report, then update `reviewed:`".to_owned(),
        };
        let d = if limit.is_some_and(|limit| days > limit) {
            Diagnostic::error(&source.path, format!("{message}, {days} days ago"))
        } else {
            Diagnostic::warning(&source.path, message)
        };
        report.push(
            d.code("report-newer-than-review")
                .help(help)
                .placed(&source.text, "reviewed:"),
        );
    }
}

fn days_between(from: Date, to: Date) -> i64 {
    let day = |d: Date| {
        jiff::civil::Date::new(d.year(), d.month(), d.day().unwrap_or(1))
            .map(|date| {
                date.to_zoned(jiff::tz::TimeZone::UTC)
                    .map(|z| z.timestamp().as_second() / 86_400)
                    .unwrap_or(0)
            })
            .unwrap_or(0)
    };
    day(to) - day(from)
}

/// Whether a report fails the command: errors always, warnings with `--deny warnings`.
pub fn fails(report: &Report, deny_warnings: bool) -> bool {
    report.has_errors() || (deny_warnings && report.warning_count() > 0)
}

/// The human report: problems grouped by file, each with its line, message and fix.
pub fn write_human(report: &Report, colour: bool, out: &mut impl Write) -> std::io::Result<()> {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    };
    let mut by_file: BTreeMap<&Path, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &report.diagnostics {
        by_file.entry(d.file.as_path()).or_default().push(d);
    }
    for (file, problems) in by_file {
        writeln!(out, "{}", paint("1", &file.display().to_string()))?;
        for d in problems {
            let place = match (d.line, d.column) {
                (Some(l), Some(c)) => format!("{l}:{c}"),
                (Some(l), None) => l.to_string(),
                _ => "-".to_owned(),
            };
            let severity = match d.severity {
                Severity::Error => paint("1;31", "error"),
                Severity::Warning => paint("1;33", "warning"),
                Severity::Note => paint("1;36", "note"),
            };
            writeln!(
                out,
                "  {}:{place}: {severity}: {}",
                file.display(),
                d.message
            )?;
            if let Some(help) = &d.help {
                writeln!(out, "      help: {help}")?;
            }
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "{}, {}, {}",
        plural(report.error_count(), "error"),
        plural(report.warning_count(), "warning"),
        plural(report.count(Severity::Note), "note")
    )
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    errors: usize,
    warnings: usize,
    notes: usize,
    problems: &'a [Diagnostic],
}

/// The JSON report for CI: a stable, documented shape (see the README).
pub fn write_json(report: &Report, out: &mut impl Write) -> std::io::Result<()> {
    let json = JsonReport {
        version: JSON_VERSION,
        errors: report.error_count(),
        warnings: report.warning_count(),
        notes: report.count(Severity::Note),
        problems: &report.diagnostics,
    };
    serde_json::to_writer_pretty(&mut *out, &json)?;
    writeln!(out)
}
