//! Checks that look across files: every cited seed exists, every quotation is in its source,
//! seed ids are unique, and every rating in seeds belongs to a page.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Diagnostic, Report};
use crate::error::{closest, line_col};
use crate::load::Loaded;
use crate::model::page::{ServicePage, Source};
use crate::model::seeds::Person;
use crate::quotation::Refusal;
use crate::sources::{Mismatch, Seed, Sources};
use rayon::prelude::*;

/// Checks the site, recording on each quotation where it was found (see
/// [`check_page_citations`]).
pub(crate) fn validate(site: &mut Loaded, report: &mut Report) {
    check_seed_ids(site, report);
    for word in &site.config.quotations.keep_words {
        let one_word = !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_alphanumeric() || c == '\'' || c == '’');
        if !one_word {
            report.push(
                Diagnostic::error(
                    crate::load::CONFIG_FILE,
                    format!("`quotations.keep_words` has `{word}`, which is not one word"),
                )
                .help("list single words, such as `keep_words: [hardly, scarcely]`: each is kept wherever it stands"),
            );
        }
    }
    let Loaded {
        services,
        inspections,
        statements,
        seed_index,
        unreadable_seeds,
        config,
        ..
    } = site;
    let keep_words = config.quotations.keep_words.as_slice();
    let sources = Sources::new(inspections, statements, seed_index).keeping(keep_words);
    // Thousands of pages quote the same seeds: checked in parallel, reported in order.
    let found: Vec<Vec<Diagnostic>> = services
        .par_iter_mut()
        .map(|page| {
            let mut page_report = Report::default();
            check_page_citations(&sources, unreadable_seeds, page, &mut page_report);
            page_report.diagnostics
        })
        .collect();
    report.extend(found.into_iter().flatten());
    let site = &*site;

    crate::validate_ratings::check(site, report);
}

/// Checks the quotations of one service page against the seeds, and records on each the
/// publication its passage was quoted in, if any, so rendering need not search again.
/// Quotations of seeds in `unreadable` (which have their own errors) are not checked.
pub(crate) fn check_page_citations(
    sources: &Sources,
    unreadable: &BTreeSet<String>,
    page: &mut ServicePage,
    report: &mut Report,
) {
    // A passage about the page's old id (an alias, after a rename) is still about it.
    let aliases = page.front.aliases.clone();
    let names: Vec<&str> = std::iter::once(page.id.as_str())
        .chain(aliases.iter().map(String::as_str))
        .collect();
    let front = &mut page.front;
    // (what it is, its text, its source, where it was found, its section and place in it)
    type Citation<'a> = (
        &'a str,
        &'a str,
        &'a str,
        &'a mut Option<String>,
        (&'static str, usize),
    );
    let mut citations: Vec<Citation> = Vec::new();
    for (n, finding) in front.findings.iter_mut().enumerate() {
        if let Some(source) = &finding.source {
            let place = ("findings", n);
            citations.push((
                "finding",
                &finding.text,
                source,
                &mut finding.quoted_in,
                place,
            ));
        }
    }
    if let Some(apology) = &mut front.apology
        && let Some(source) = &apology.source
    {
        let place = ("apology", 0);
        citations.push((
            "apology",
            &apology.text,
            source,
            &mut apology.quoted_in,
            place,
        ));
    }
    if let Some(improvement) = &mut front.improvement
        && let Some(source) = &improvement.source
    {
        citations.push((
            "improvement statement",
            &improvement.text,
            source,
            &mut improvement.quoted_in,
            ("improvement", 0),
        ));
    }
    for (what, text, seed, quoted_in, (section, index)) in citations {
        let needle = first_words_needle(text);
        let at = Place {
            page: &page.source,
            needle: &needle,
            section,
            index,
        };
        if unreadable.contains(seed) {
            continue; // its own errors are reported; a second message would mislead
        }
        *quoted_in = check_citation(sources, &at, what, text, seed, &names, report);
    }
    let front = &page.front;
    if let Some(apology) = &front.apology {
        check_attribution(
            sources,
            &page.source,
            "apology",
            Some(&apology.by),
            apology.date,
            apology.source.as_deref(),
            report,
        );
    }
    if let Some(improvement) = &front.improvement {
        check_attribution(
            sources,
            &page.source,
            "improvement statement",
            improvement.by.as_ref(),
            None,
            improvement.source.as_deref(),
            report,
        );
    }
}

/// Where in a page a quotation is: the `text:` of item `index` of `section` (`findings`,
/// `apology`, `improvement`), or failing that, the first line holding `needle`.
struct Place<'a> {
    page: &'a Source,
    needle: &'a str,
    section: &'static str,
    index: usize,
}

impl Place<'_> {
    /// Places `d` on the quotation's own line, where its text starts.
    fn place(&self, d: Diagnostic) -> Diagnostic {
        let text = &self.page.text;
        let section = if text.starts_with(&format!("{}:", self.section)) {
            Some(0)
        } else {
            text.find(&format!("\n{}:", self.section)).map(|i| i + 1)
        };
        let value = section.and_then(|start| {
            let (i, _) = text[start..].match_indices("text:").nth(self.index)?;
            let after = start + i + "text:".len();
            Some(after + (text[after..].len() - text[after..].trim_start_matches(' ').len()))
        });
        match value {
            Some(offset) => {
                let (line, column) = line_col(text, offset);
                d.at(text, line, column)
            }
            None => d.placed(text, self.needle),
        }
    }
}

/// A quoted apology or improvement statement names the person and role its statement gives,
/// and a date only if the statement has one, the same.
fn check_attribution(
    sources: &Sources,
    page: &Source,
    what: &str,
    by: Option<&Person>,
    date: Option<crate::model::Date>,
    source: Option<&str>,
    report: &mut Report,
) {
    let statement = match source.and_then(|id| sources.get(id)) {
        Some(Seed::Statement(statement)) => statement,
        Some(Seed::Inspection(inspection)) => {
            // A regulator's report speaks for the regulator: its words cannot be credited
            // to a person of the trust.
            if let Some(by) = by {
                report.push(
                    Diagnostic::error(
                        &page.path,
                        format!(
                            "the {what} is credited to {}, {}, but quotes `{}`, a report of the {}, not a statement by them",
                            by.name,
                            by.role,
                            inspection.path.display(),
                            inspection.data.regulator
                        ),
                    )
                    .help("cite the statement in seeds/statements/ that has their words, or write it in your own words and leave out `source:`")
                    .placed(&page.text, &by.name),
                );
            }
            return;
        }
        None => return,
    };
    let said = &statement.data.by;
    let same = |a: &str, b: &str| {
        a.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
            == b.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
    };
    let seed = statement.path.display();
    if let Some(by) = by
        && !(same(&by.name, &said.name) && same(&by.role, &said.role))
    {
        report.push(
            Diagnostic::error(
                &page.path,
                format!(
                    "the {what} is credited to {}, {}, but `{seed}` is by {}, {}",
                    by.name, by.role, said.name, said.role
                ),
            )
            .help(format!(
                "give `by: {{ name: {}, role: {} }}` as the statement does; words are credited only to the person who said them",
                said.name, said.role
            ))
            .placed(&page.text, &by.name),
        );
    }
    if let Some(date) = date
        && statement.data.date != Some(date)
    {
        let has = match statement.data.date {
            Some(d) => format!("is dated {}", d.iso()),
            None => "gives no date".to_owned(),
        };
        report.push(
            Diagnostic::error(
                &page.path,
                format!("the {what} is dated {}, but `{seed}` {has}", date.iso()),
            )
            .help(match statement.data.date {
                Some(d) => format!("give `date: {}`, the statement's date", d.iso()),
                None => "leave `date:` out: a date the statement does not give cannot be shown as its date".to_owned(),
            })
            .placed(&page.text, "date:"),
        );
    }
}

fn check_seed_ids(site: &Loaded, report: &mut Report) {
    let mut seen: BTreeMap<&str, &std::path::Path> = BTreeMap::new();
    let paths = site
        .inspections
        .iter()
        .map(|i| (i.id.as_str(), i.path.as_path()))
        .chain(
            site.statements
                .iter()
                .map(|s| (s.id.as_str(), s.path.as_path())),
        );
    for (id, path) in paths {
        if let Some(first) = seen.insert(id, path) {
            report.push(
                Diagnostic::error(path, format!("the seed id `{id}` is used twice")).help(format!(
                    "`{}` has the same file name; pages cite seeds by file name, so rename one",
                    first.display()
                )),
            );
        }
    }
}

/// Checks one quotation on the page of the service known by `names` (its id, then its
/// aliases); returns where its passage says it was quoted, if anywhere.
fn check_citation(
    sources: &Sources,
    at: &Place,
    what: &str,
    text: &str,
    id: &str,
    names: &[&str],
    report: &mut Report,
) -> Option<String> {
    let page = at.page;
    let Some(seed) = sources.get(id) else {
        let help = match closest(id, &sources.ids()) {
            Some(best) => format!(
                "did you mean `{best}`? `source:` names a file in seeds/inspections/ or seeds/statements/, without `.yaml`"
            ),
            None => format!(
                "`source:` names a file in seeds/inspections/ or seeds/statements/, without `.yaml`; the seeds are: {}",
                sources.ids().join(", ")
            ),
        };
        let d = Diagnostic::error(
            &page.path,
            format!("the {what} cites `{id}`, but there is no seed with that id"),
        )
        .help(help);
        report.push(d.placed(&page.text, &format!("source: {id}")));
        return None;
    };
    match sources.verify(seed, text, names) {
        Ok(found) => found.quoted_in.map(str::to_owned),
        Err((refusal, passage)) => {
            // The seed, and which of its passages when it has several.
            let named = match passage {
                Some(n) => format!("`{}` (passage {})", seed.path().display(), n + 1),
                None => format!("`{}`", seed.path().display()),
            };
            let (message, help) = explain(&refusal, what, &named);
            let d = Diagnostic::error(&page.path, message).help(help);
            report.push(at.place(d));
            None
        }
    }
}

/// The fix offered whenever a quotation cannot stand as written.
const OWN_WORDS: &str = "or write it in your own words and leave out `source:`";

/// A refused quotation's message and fix, in the writer's terms.
fn explain(refusal: &Refusal, what: &str, seed: &str) -> (String, String) {
    let short = |text: &str| {
        let words: Vec<&str> = text.split(' ').collect();
        if words.len() > 8 {
            format!("{} …", words[..8].join(" "))
        } else {
            text.to_owned()
        }
    };
    match refusal {
        Refusal::NoWords => (
            format!("the {what} quotes {seed}, but has no words"),
            format!("quote the source's words, {OWN_WORDS}"),
        ),
        Refusal::TooShort { words } => (
            format!(
                "the {what} is too short to quote: {} carries no meaning of its own, out of its sentence",
                crate::error::plural(*words, "word")
            ),
            format!(
                "quote at least {} words of {seed}, {OWN_WORDS}",
                crate::quotation::MIN_WORDS
            ),
        ),
        Refusal::PartTooShort { part } => (
            format!(
                "the {what} has \"{part}\" between ellipses, too short to carry a meaning of its own"
            ),
            format!(
                "quote at least {} words on each side of an ellipsis, {OWN_WORDS}",
                crate::quotation::MIN_WORDS_PER_PART
            ),
        ),
        Refusal::Missing { part, .. } => (
            format!("the {what} quotes {seed}, but these words are not in it"),
            format!(
                "the source has no passage with \"{}\"; copy the words from the source, or cite the seed they are in",
                short(part)
            ),
        ),
        Refusal::NotFound(mismatch) => (
            format!("the {what} quotes {seed}, but these words are not in it"),
            explain_mismatch(mismatch),
        ),
        Refusal::PartOfWord { part, words } => (
            format!(
                "the {what} quotes {seed}, but \"{}\" is there only inside \"{}\"",
                short(part),
                short(words)
            ),
            format!("quote whole words, as the source has them, {OWN_WORDS}"),
        ),
        Refusal::LeftOut {
            word,
            kind,
            after,
            before,
        } => {
            let message = match (after, before) {
                (Some(after), Some(before)) => format!(
                    "the {what}'s ellipsis between \"{}\" and \"{}\" leaves out \"{word}\" ({kind}), which can change what {seed} says",
                    short(after),
                    short(before)
                ),
                (None, Some(before)) => format!(
                    "the {what} starts at \"{}\", leaving out \"{word}\" ({kind}) before it in the same sentence of {seed}, which can change what it says",
                    short(before)
                ),
                (Some(after), None) => format!(
                    "the {what} ends at \"{}\", leaving out \"{word}\" ({kind}) after it in the same sentence of {seed}, which can change what it says",
                    short(after)
                ),
                (None, None) => format!("the {what} leaves out \"{word}\" ({kind})"),
            };
            (
                message,
                format!("keep \"{word}\" in the quotation, {OWN_WORDS}"),
            )
        }
        Refusal::CrossesSentence { after, before } => (
            format!(
                "the {what}'s ellipsis between \"{}\" and \"{}\" joins part of one sentence of {seed} to part of another",
                short(after),
                short(before)
            ),
            format!(
                "an ellipsis may cross a sentence end only to leave out whole sentences: quote each sentence whole, {OWN_WORDS}"
            ),
        ),
        Refusal::OtherService { services } => (
            format!(
                "the {what} quotes {seed}, a passage about {}, not this service",
                services
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!("quote a passage about this service, {OWN_WORDS}"),
        ),
    }
}

fn explain_mismatch(m: &Mismatch) -> String {
    match (&m.source_next, m.matched.is_empty()) {
        (Some(source_next), false) => format!(
            "the quotation matches the source as far as \"{}\", then the page has \"{}\" where the source has \"{}\"; quote the source word for word, or mark left-out words with …",
            tail(&m.matched, 8),
            m.quote_next,
            source_next
        ),
        _ => format!(
            "the source has no passage starting \"{}\"; copy the words from the source, or cite the seed they are in",
            m.quote_next
        ),
    }
}

fn tail(text: &str, words: usize) -> String {
    let all: Vec<&str> = text.split(' ').collect();
    all[all.len().saturating_sub(words)..].join(" ")
}

/// The first few words of a quoted text, to find the line it starts on.
fn first_words_needle(text: &str) -> String {
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}
