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
    let register = Register::new(&site.inspections, &site.services);
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

/// Finds "rated inadequate" (and "rated as good") in a page's description, summary and body,
/// and warns where the words give a rating the page does not show: an old rating a newer
/// report replaced, or a rating for a service no report rates. The words are compared with the
/// overall rating, or with a key question's when they name one ("rated good for caring").
fn stated_ratings(page: &ServicePage, standing: &Standing, report: &mut Report) {
    let source = &page.source;
    let full = source.full_text().ok();
    let full = full.as_deref().unwrap_or(&source.text);
    let front = &full[..source.body_start.min(full.len())];
    // Each field, and where in the file to look for its words.
    let summary_at = front.find("summary:").unwrap_or(0);
    let description_at = front.find("description:").unwrap_or(0);
    let fields = [
        (
            "description",
            page.front.description.as_deref().unwrap_or(""),
            description_at,
        ),
        ("summary", page.front.summary.as_str(), summary_at),
        (
            "page",
            &full[source.body_start.min(full.len())..],
            source.body_start,
        ),
    ];
    for (field, text, from) in fields {
        for stated in rated_phrases(text) {
            let question = stated.question.unwrap_or(KeyQuestion::Overall);
            let shown = standing.get(question);
            if shown.is_some_and(|c| c.given.rating == stated.rating) {
                continue;
            }
            let phrase = &stated.shown;
            let which = match question {
                KeyQuestion::Overall => "overall".to_owned(),
                q => format!("for {}", q.key()),
            };
            let message = match shown {
                _ if !standing.is_rated() => format!(
                    "the {field} says “{phrase}”, but no report in seeds rates `{}`, so the page shows it as not yet rated",
                    page.id
                ),
                None => format!("the {field} says “{phrase}”, but the page has no rating {which}"),
                Some(current) => {
                    let now = format!("{} {which}", current.given.rating.label());
                    let earlier = standing.reports.iter().rev().find(|(report, block)| {
                        !std::ptr::eq(*report, current.report)
                            && block
                                .get(question)
                                .is_some_and(|g| g.rating == stated.rating)
                    });
                    match earlier {
                        Some((old, _)) => format!(
                            "the {field} says “{phrase}”, a rating from the report `{}` that the report `{}` replaced: the page shows {now}",
                            old.id, current.report.id
                        ),
                        None => format!("the {field} says “{phrase}”, but the page shows {now}"),
                    }
                }
            };
            let offset = full[from.min(full.len())..]
                .find(stated.raw.as_str())
                .map_or(0, |i| from + i);
            let (line, column) = crate::error::line_col(full, offset);
            report.push(
                Diagnostic::warning(&source.path, message)
                    .code("display-rules")
                    .help("say the rating the page shows, or add the report that gives this one to seeds/inspections/")
                    .at(full, line, column),
            );
        }
    }
}

/// A page whose words give a rating from a report held back until its publication date
/// ("rated **outstanding**" before the day): the build would publish what the embargo holds.
/// An error for every build, since the ratings themselves wait but the page's words would not.
pub(crate) fn embargo_leaks(site: &Loaded, report: &mut Report) {
    if site.held.embargoed.is_empty() {
        return;
    }
    let register = Register::new(&site.inspections, &site.services);
    for page in &site.services {
        let ids = std::iter::once(&page.id).chain(&page.front.aliases);
        let held: Vec<(&Inspection, &crate::model::Ratings)> = site
            .held
            .embargoed
            .iter()
            .flat_map(|i| {
                ids.clone()
                    .filter_map(move |id| i.data.services.get(id).map(|r| (i, r)))
            })
            .collect();
        if held.is_empty() {
            continue;
        }
        let standing = register.service(&page.id);
        let source = &page.source;
        let Ok(full) = source.full_text() else {
            continue;
        };
        let fields = [
            page.front.description.as_deref().unwrap_or(""),
            page.front.summary.as_str(),
            &full[source.body_start.min(full.len())..],
        ];
        for text in fields {
            for stated in rated_phrases(text) {
                let question = stated.question.unwrap_or(KeyQuestion::Overall);
                if standing
                    .get(question)
                    .is_some_and(|c| c.given.rating == stated.rating)
                {
                    continue;
                }
                let Some((inspection, _)) = held.iter().find(|(_, ratings)| {
                    ratings
                        .get(question)
                        .is_some_and(|g| g.rating == stated.rating)
                }) else {
                    continue;
                };
                let published = inspection
                    .data
                    .published
                    .map(|d| d.words())
                    .unwrap_or_default();
                report.push(
                    Diagnostic::error(
                        &source.path,
                        format!(
                            "the page says “{}”, the rating the report `{}` gives, which is held back until {published}: publishing these words now would break its embargo",
                            stated.shown, inspection.id
                        ),
                    )
                    .help("keep the new words out of the published site until that day (prepare them on a branch, or look at them in `carepages serve`), or write the page without the rating")
                    .placed(&full, &stated.raw),
                );
            }
        }
    }
}

/// A rating a writer's words give.
struct Stated {
    /// The words as written, to find them in the file.
    raw: String,
    /// The words as a message quotes them, without Markdown's marks.
    shown: String,
    rating: Rating,
    /// The key question the words name just after the rating, if any.
    question: Option<KeyQuestion>,
}

/// Every "rated X" in `text` whose X is a grade within the next few words of the same
/// sentence ("rated the centre inadequate", "rated as **good**", "rated good for caring").
fn rated_phrases(text: &str) -> Vec<Stated> {
    const WORDS: usize = 8;
    // ASCII lower case keeps every byte where it was, so offsets stay true.
    let lower = text.to_ascii_lowercase();
    let grades: Vec<(String, Rating)> = Rating::ALL
        .into_iter()
        .filter(|r| r.is_grade())
        .map(|r| (r.label().to_lowercase(), r))
        .collect();
    let mut found = Vec::new();
    for (at, _) in lower.match_indices("rated") {
        let before = lower[..at].chars().next_back();
        let after = lower[at + "rated".len()..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || !after.is_some_and(char::is_whitespace) {
            continue;
        }
        let mut offset = at + "rated".len();
        for _ in 0..WORDS {
            let rest = &lower[offset..];
            let trimmed = rest.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '*' | '_' | '“' | '"' | '‘' | '\'' | '(' | '[')
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
                let end = start + word.len();
                if let Some(raw) = text.get(at..end) {
                    let shown: String = raw
                        .chars()
                        .filter(|c| !matches!(c, '*' | '_' | '“' | '"' | '‘' | '[' | '('))
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    found.push(Stated {
                        raw: raw.to_owned(),
                        shown,
                        rating: *rating,
                        question: named_question(&lower[end..]),
                    });
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

/// The key question named in the few words after a rating ("good for caring", "inadequate
/// on safety"), up to the end of the sentence.
fn named_question(after: &str) -> Option<KeyQuestion> {
    let sentence = after
        .split(['.', ';', ':', '!', '?', '\n'])
        .next()
        .unwrap_or("");
    let words: Vec<&str> = sentence
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    if !words
        .first()
        .is_some_and(|w| matches!(*w, "for" | "on" | "in" | "at"))
    {
        return None;
    }
    words.iter().find_map(|w| match *w {
        "safe" | "safety" => Some(KeyQuestion::Safe),
        "effective" | "effectiveness" => Some(KeyQuestion::Effective),
        "caring" => Some(KeyQuestion::Caring),
        "responsive" | "responsiveness" => Some(KeyQuestion::Responsive),
        "well-led" | "leadership" => Some(KeyQuestion::WellLed),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rated_phrases_are_found_with_their_rating() {
        let found = rated_phrases(
            "Inspectors rated the urgent care centre **inadequate**. It was rated\n Requires \
             improvement before, and rated as good for caring in 2015; nobody rated goodness. \
             We are rated. Good work followed; underrated good. İt was rated outstanding.",
        );
        let ratings: Vec<(Rating, Option<KeyQuestion>)> =
            found.iter().map(|s| (s.rating, s.question)).collect();
        assert_eq!(
            ratings,
            vec![
                (Rating::Inadequate, None),
                (Rating::RequiresImprovement, None),
                (Rating::Good, Some(KeyQuestion::Caring)),
                (Rating::Outstanding, None),
            ]
        );
        assert_eq!(found[0].raw, "rated the urgent care centre **inadequate");
        assert_eq!(found[0].shown, "rated the urgent care centre inadequate");
        assert_eq!(found[1].shown, "rated Requires improvement");
        assert_eq!(found[3].shown, "rated outstanding");
    }
}
