//! Text left from `carepages init` and `carepages new` (code `placeholder`): the scaffolds'
//! example organisation, their example report, and the sentences written to be replaced. A
//! site that publishes them tells readers about a trust that does not exist.

use std::path::Path;

use crate::error::{Diagnostic, Report};
use crate::load::{CONFIG_FILE, Loaded};
use crate::model::page::Source;

/// The scaffolds' example organisation.
pub(crate) const EXAMPLE_ORGANISATION: &str = "Example NHS Trust";

/// Phrases found only in the scaffolds' stand-in text, and what each stands for. A test keeps
/// them in step with the scaffold files. Short ones a writer could use in a sentence ("who is
/// responsible?") count only as a field's whole value: see [`WHOLE_VALUE`].
pub(crate) const PHRASES: &[(&str, &str)] = &[
    ("Say what this service does", "the family summary"),
    ("Say what the inspectors found", "the family summary"),
    (
        "Replace it with one of your services",
        "the example page's text",
    ),
    (
        "Anything below the front matter is Markdown",
        "the page's text",
    ),
    (
        "Tell readers how to contact the trust here",
        "the contact details",
    ),
    ("Words copied exactly from the report", "the finding"),
    ("We are sorry that ...", "the apology"),
    ("What we will do, and by when", "the commitment"),
    ("What will be done", "the action's title"),
    ("Who is responsible", "the action's owner"),
    ("What has happened so far", "the update"),
    ("Full Name", "the person's name"),
    (EXAMPLE_ORGANISATION, "the trust's name"),
    ("Write the provider's name", "the provider's name"),
    ("Their job title", "the person's role"),
    ("Copy the statement here", "the statement's own words"),
    ("Write the page here", "the page's text"),
    ("Start a section with a heading line", "the page's text"),
];

/// Phrases that are stand-ins only as a field's whole value (`title: What will be done`).
const WHOLE_VALUE: &[&str] = &["What will be done", "Who is responsible", "Full Name"];

/// Whether `phrase`, found at byte `at` of `line`, is the scaffold's stand-in there.
fn is_stand_in(line: &str, at: usize, phrase: &str) -> bool {
    if !WHOLE_VALUE.contains(&phrase) {
        return true;
    }
    // After `key: ` or `{ name: `, and ending the value.
    let before = line[..at].trim_end();
    let after = line[at + phrase.len()..].trim_start();
    before.ends_with(':') && (after.is_empty() || after.starts_with([',', '}', '#']))
}

fn warning(file: impl AsRef<Path>, message: String, help: &str) -> Diagnostic {
    Diagnostic::warning(file.as_ref(), message)
        .help(help)
        .code("placeholder")
}

/// The settings and reports: checked by every build, as they reach every page.
pub(crate) fn check_settings(site: &Loaded, report: &mut Report) {
    let config = &site.config;
    if config.organisation.name.contains(EXAMPLE_ORGANISATION) {
        report.push(
            warning(
                CONFIG_FILE,
                format!("the organisation is still the example one, `{EXAMPLE_ORGANISATION}`"),
                "write the trust's name under `organisation:`, as in `name: Riverside Community NHS Trust`: every page shows it",
            )
            .placed(&site.config_text, EXAMPLE_ORGANISATION),
        );
    }
    if let Some(text) = &config.contact.text
        && let Some((phrase, _)) = PHRASES.iter().find(|(p, _)| text.contains(p))
    {
        report.push(
            warning(
                CONFIG_FILE,
                "the contact details are still the example text".to_owned(),
                "write how readers reach the trust under `contact:`: `phone:`, `email:`, `url:` or `text:`",
            )
            .placed(&site.config_text, phrase),
        );
    }
    if site.base.origin == "https://example.org" && site.base.path == "/" {
        report.push(
            warning(
                CONFIG_FILE,
                "`base_url` is still the example address, https://example.org/".to_owned(),
                "write the address the site will be published at, such as https://ratings.example-trust.nhs.uk/ or https://your-team.github.io/ratings/",
            )
            .placed(&site.config_text, "base_url:"),
        );
    }
    for inspection in &site.inspections {
        let data = &inspection.data;
        let example = data.provider.contains(EXAMPLE_ORGANISATION);
        if example {
            report.push(
                warning(
                    &inspection.path,
                    "this is the example report `carepages init` wrote: its ratings are made up, and the site shows them as the trust's".to_owned(),
                    "replace it with the regulator's report (`carepages import cqc FILE --provider ID`, or write it from the report) and delete this file",
                )
                .placed(&inspection.text, "provider:"),
            );
        }
        // A report `carepages new report` wrote, not yet filled in.
        let provider = (!example).then_some(data.provider.as_str());
        let values = provider
            .into_iter()
            .chain(data.passages.iter().map(|p| p.text.as_str()));
        check_seed(&inspection.path, &inspection.text, values, report);
    }
}

/// The statements: checked by `carepages check`, as they reach a page only when it quotes
/// them.
pub(crate) fn check_statements(site: &Loaded, report: &mut Report) {
    for statement in &site.statements {
        let data = &statement.data;
        let values = [
            data.by.name.as_str(),
            data.by.role.as_str(),
            data.text.as_str(),
        ]
        .into_iter()
        .chain(data.published_in.as_deref());
        check_seed(&statement.path, &statement.text, values, report);
    }
}

/// Warns of each phrase that one of a seed's `values` holds, at the first line of the file
/// (`text`) that holds it and is not a comment: the scaffolds explain their fields in
/// comments, in their own words.
fn check_seed<'a>(
    path: &Path,
    text: &str,
    values: impl Iterator<Item = &'a str> + Clone,
    report: &mut Report,
) {
    for &(phrase, what) in PHRASES {
        if !values.clone().any(|value| value.contains(phrase)) {
            continue;
        }
        let mut offset = 0;
        let mut place = None;
        for line in text.split_inclusive('\n') {
            if !line.trim_start().starts_with('#')
                && let Some(at) = line.find(phrase)
            {
                place = Some(offset + at);
                break;
            }
            offset += line.len();
        }
        let (line, column) = place.map_or((1, 1), |at| crate::error::line_col(text, at));
        report.push(
            warning(
                path,
                format!("`{phrase}` is example text from the scaffold, not yet replaced"),
                &format!("write {what} in its place"),
            )
            .at(text, line, column),
        );
    }
}

/// Every page, front matter and text: checked by `carepages check`.
pub(crate) fn check_pages(site: &Loaded, report: &mut Report) {
    for source in site.page_sources() {
        check_page(source, report);
    }
}

fn check_page(source: &Source, report: &mut Report) {
    let Ok(text) = source.full_text() else {
        return;
    };
    // The front matter's comments explain the fields, in the scaffolds' own words.
    let comments_end = source.body_start;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if start < comments_end && line.trim_start().starts_with('#') {
            continue;
        }
        for &(phrase, what) in PHRASES {
            if let Some(at) = line
                .find(phrase)
                .filter(|at| is_stand_in(line, *at, phrase))
            {
                let (line_no, column) = crate::error::line_col(&text, start + at);
                report.push(
                    warning(
                        &source.path,
                        format!("`{phrase}` is example text from the scaffold, not yet replaced"),
                        &format!("write {what} in its place"),
                    )
                    .at(&text, line_no, column),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every scaffold file with stand-in text holds a phrase this check knows, and every
    /// phrase is in a scaffold: the two cannot drift apart unnoticed.
    #[test]
    fn the_phrases_are_the_scaffolds_own() {
        let scaffolds = [
            include_str!("scaffold/service.md"),
            include_str!("scaffold/example-service.md"),
            include_str!("scaffold/carepages.yaml"),
            include_str!("scaffold/accessibility.md"),
            include_str!("scaffold/example-report.yaml"),
            include_str!("scaffold/report.yaml"),
            include_str!("scaffold/statement.yaml"),
            include_str!("scaffold/page.md"),
        ];
        for (phrase, _) in PHRASES {
            assert!(
                scaffolds.iter().any(|s| s.contains(phrase)),
                "`{phrase}` is in no scaffold"
            );
        }
        for scaffold in scaffolds {
            assert!(
                PHRASES.iter().any(|(p, _)| scaffold.contains(p)),
                "no phrase in:\n{scaffold}"
            );
        }
        // What `init` writes for the team, not for readers, holds none: it is never checked,
        // and must not read as if it needed replacing.
        for written in [
            include_str!("scaffold/site-readme.md"),
            include_str!("scaffold/pages.yml"),
        ] {
            for (phrase, _) in PHRASES {
                assert!(!written.contains(phrase), "`{phrase}` in:\n{written}");
            }
        }
    }
}
