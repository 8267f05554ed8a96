//! Checks that look across files: every cited seed exists, every quotation is in its source,
//! seed ids are unique, and every rating in seeds belongs to a page.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::closest;
use crate::error::{Diagnostic, Report};
use crate::load::Loaded;
use crate::model::page::{ServicePage, Source};
use crate::sources::{Mismatch, Sources};
use rayon::prelude::*;

/// Checks the site, recording on each quotation where it was found (see
/// [`check_page_citations`]).
pub(crate) fn validate(site: &mut Loaded, report: &mut Report) {
    check_seed_ids(site, report);
    let Loaded {
        services,
        inspections,
        statements,
        seed_index,
        unreadable_seeds,
        ..
    } = site;
    let sources = Sources::new(inspections, statements, seed_index);
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

    let pages: BTreeSet<&str> = site.services.iter().map(|s| s.id.as_str()).collect();
    for inspection in &site.inspections {
        for id in inspection.data.services.keys() {
            let unknown = !pages.contains(id.as_str()) && !site.unreadable_services.contains(id);
            if unknown && site.has_content {
                let known: Vec<String> = pages.iter().map(|s| (*s).to_owned()).collect();
                let help = match closest(id, &known) {
                    Some(best) => format!(
                        "did you mean `{best}`? A service's id is the file name of its page in content/services/"
                    ),
                    None => format!(
                        "add a page content/services/{id}.md, or correct the id to match a page's file name"
                    ),
                };
                let d = Diagnostic::warning(
                    &inspection.path,
                    format!("the report rates `{id}`, but no page has that id"),
                )
                .code("no-page")
                .help(help);
                report.push(d.placed(&inspection.text, &format!("{id}:")));
            }
        }
        if let Some(url) = &inspection.data.report_url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            report.push(
                    Diagnostic::error(&inspection.path, format!("`report_url` is not a web address: `{url}`"))
                        .help("give the address of the report on the regulator's website, starting with https://"),
                );
        }
    }
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
    let front = &mut page.front;
    let mut citations: Vec<(&str, &str, &str, &mut Option<String>)> = Vec::new();
    for finding in &mut front.findings {
        if let Some(source) = &finding.source {
            citations.push(("finding", &finding.text, source, &mut finding.quoted_in));
        }
    }
    if let Some(apology) = &mut front.apology
        && let Some(source) = &apology.source
    {
        citations.push(("apology", &apology.text, source, &mut apology.quoted_in));
    }
    if let Some(improvement) = &mut front.improvement
        && let Some(source) = &improvement.source
    {
        citations.push((
            "improvement statement",
            &improvement.text,
            source,
            &mut improvement.quoted_in,
        ));
    }
    for (what, text, id, quoted_in) in citations {
        if unreadable.contains(id) {
            continue; // its own errors are reported; a second message would mislead
        }
        *quoted_in = check_citation(sources, &page.source, what, text, id, report);
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

/// Checks one quotation; returns where its passage says it was quoted, if anywhere.
fn check_citation(
    sources: &Sources,
    page: &Source,
    what: &str,
    text: &str,
    id: &str,
    report: &mut Report,
) -> Option<String> {
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
    match sources.verify(seed, text) {
        Ok(found) => found.quoted_in.map(str::to_owned),
        Err(mismatch) => {
            let d = Diagnostic::error(
                &page.path,
                format!(
                    "the {what} quotes `{}`, but these words are not in it",
                    seed.path().display()
                ),
            )
            .help(explain_mismatch(&mismatch));
            report.push(d.placed(&page.text, &first_words_needle(text)));
            None
        }
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
