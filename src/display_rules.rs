//! The regulator's display rules, checked by `carepages check` (code `display-rules`): every
//! page that shows a rating links to the page with the latest assessment on the regulator's
//! website, every rating's report has a publication date (so the days the rules give to show a
//! new rating can be counted), and no page's own words give a rating other than the one it
//! shows.

use std::collections::BTreeMap;

use crate::error::{Diagnostic, Report};
use crate::load::Loaded;
use crate::model::page::ServicePage;
use crate::model::seeds::Inspection;
use crate::model::standing::{Register, Standing};
use crate::model::{KeyQuestion, Rating};

pub(crate) fn check(site: &Loaded, report: &mut Report) {
    let register = Register::new(&site.inspections);
    // Reports whose ratings some page shows without a link, and how many pages.
    let mut unlinked: BTreeMap<&str, (&Inspection, usize)> = BTreeMap::new();
    let mut undated: BTreeMap<&str, &Inspection> = BTreeMap::new();
    let mut levels: Vec<(&Standing, Option<&str>)> = vec![(&register.provider, None)];
    levels.extend(site.services.iter().map(|page| {
        let standing = register.service(&page.id);
        (standing, standing.location())
    }));
    for (standing, location) in levels {
        let Some(latest) = standing.latest() else {
            continue;
        };
        if register.assessment_url(standing, location).is_none() {
            unlinked.entry(&latest.id).or_insert((latest, 0)).1 += 1;
        }
        for source in standing.sources() {
            if source.data.published.is_none() {
                undated.insert(&source.id, source);
            }
        }
    }
    for (inspection, pages) in unlinked.into_values() {
        report.push(unlinked_report(inspection, pages));
    }
    for inspection in undated.into_values() {
        let rules = &inspection.regulator().rules;
        report.push(
            Diagnostic::warning(
                &inspection.path,
                format!(
                    "the report has no `published:` date, so nobody can check that its ratings were shown within the {} days the {}’s display rules ({}) give",
                    rules.days_to_show,
                    inspection.regulator().name,
                    rules.rule
                ),
            )
            .code("display-rules")
            .help("add `published: YYYY-MM-DD`, the date the regulator published the report; pages then show it beside the ratings")
            .placed(&inspection.text, "provider:"),
        );
    }
    for page in &site.services {
        stated_ratings(page, register.service(&page.id), report);
    }
}

fn unlinked_report(inspection: &Inspection, pages: usize) -> Diagnostic {
    let regulator = inspection.regulator();
    let rules = &regulator.rules;
    let pages = if pages == 1 {
        "a page shows".to_owned()
    } else {
        format!("{pages} pages show")
    };
    let why = match &inspection.data.report_url {
        Some(url) => format!(
            "{pages} ratings from this report, but its `report_url` ({url}) is not on {}, and no provider or location id gives the page there",
            rules.web_address
        ),
        None => format!(
            "{pages} ratings from this report, but none can link to the page on {} with the latest assessment",
            rules.web_address
        ),
    };
    let place = if inspection.data.report_url.is_some() {
        "report_url:"
    } else {
        "provider:"
    };
    Diagnostic::warning(&inspection.path, why)
        .code("display-rules")
        .help(format!(
            "the {}’s display rules ({}) ask every page that shows a rating to link to it: give `report_url:` with the report's address on {}, or the trust's `provider_id:` (a location's `location_id:` for services at a hospital)",
            regulator.name, rules.rule, rules.web_address
        ))
        .placed(&inspection.text, place)
}

/// Finds "rated inadequate" (and "rated as good") in a page's summary and body, and warns
/// where the words give a rating the page does not show: an old rating a newer report
/// replaced, or a rating for a service no report rates.
fn stated_ratings(page: &ServicePage, standing: &Standing, report: &mut Report) {
    let source = &page.source;
    let body = source.full_text().ok();
    let texts = [
        ("summary", page.front.summary.as_str()),
        (
            "page",
            body.as_deref().map_or("", |t| &t[source.body_start..]),
        ),
    ];
    let shown: Vec<Rating> = KeyQuestion::ALL
        .iter()
        .filter_map(|q| standing.get(*q).map(|c| c.given.rating))
        .collect();
    for (field, text) in texts {
        for (phrase, rating) in rated_phrases(text) {
            if shown.contains(&rating) {
                continue;
            }
            let overall = standing.get(KeyQuestion::Overall);
            let message = if !standing.is_rated() {
                format!(
                    "the {field} says “{phrase}”, but no report in seeds rates `{}`, so the page shows it as not yet rated",
                    page.id
                )
            } else {
                let earlier = standing.reports.iter().rev().find(|(_, block)| {
                    KeyQuestion::ALL
                        .iter()
                        .any(|q| block.get(*q).is_some_and(|g| g.rating == rating))
                });
                let now = overall.map_or_else(
                    || "other ratings".to_owned(),
                    |c| format!("{} overall", c.given.rating.label()),
                );
                match (earlier, overall) {
                    (Some((old, _)), Some(current)) => format!(
                        "the {field} says “{phrase}”, a rating from the report `{}` that the report `{}` replaced: the page shows {now}",
                        old.id, current.report.id
                    ),
                    _ => format!("the {field} says “{phrase}”, but the page shows {now}"),
                }
            };
            report.push(
                Diagnostic::warning(&source.path, message)
                    .code("display-rules")
                    .help("say the rating the page shows, or add the report that gives this one to seeds/inspections/")
                    .placed(&source.text, &phrase),
            );
        }
    }
}

/// Every "rated X" in `text` whose X is a grade within the next few words of the same
/// sentence ("rated the centre inadequate", "rated as **good**"), as written and as a rating.
fn rated_phrases(text: &str) -> Vec<(String, Rating)> {
    const WORDS: usize = 8;
    let lower = text.to_lowercase();
    let grades: Vec<(String, Rating)> = Rating::ALL
        .into_iter()
        .filter(|r| r.is_grade())
        .map(|r| (r.label().to_lowercase(), r))
        .collect();
    let mut found = Vec::new();
    for (at, _) in lower.match_indices("rated ") {
        if lower[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let mut offset = at + "rated ".len();
        for _ in 0..WORDS {
            let rest = &lower[offset..];
            let trimmed = rest.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '*' | '_' | '“' | '"' | '‘' | '\'' | '(')
            });
            let start = offset + (rest.len() - trimmed.len());
            let hit = grades.iter().find(|(word, _)| {
                trimmed.starts_with(word.as_str())
                    && trimmed[word.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            });
            if let Some((word, rating)) = hit {
                if let Some(phrase) = text.get(at..start + word.len()) {
                    found.push((phrase.to_owned(), *rating));
                }
                break;
            }
            // On to the next word, but not past the end of the sentence.
            let Some(end) = trimmed
                .find(|c: char| c.is_whitespace() || matches!(c, '.' | ';' | ':' | '!' | '?'))
            else {
                break;
            };
            if !trimmed[end..].starts_with(char::is_whitespace) {
                break;
            }
            offset = start + end;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rated_phrases_are_found_with_their_rating() {
        let found = rated_phrases(
            "Inspectors rated the urgent care centre **inadequate**. It was rated Requires \
             improvement before, and rated as good in 2015; nobody rated goodness. We are \
             rated. Good work followed; underrated good.",
        );
        let ratings: Vec<Rating> = found.iter().map(|(_, r)| *r).collect();
        assert_eq!(
            ratings,
            vec![
                Rating::Inadequate,
                Rating::RequiresImprovement,
                Rating::Good
            ]
        );
        assert_eq!(found[0].0, "rated the urgent care centre **inadequate");
        assert_eq!(found[1].0, "rated Requires improvement");
    }
}
