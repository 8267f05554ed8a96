//! The regulator's display rules, checked by `carepages check` (code `display-rules`): every
//! page that shows a rating links to the page with the latest assessment on the regulator's
//! website, every rating's report has a publication date (so the days the rules give to show a
//! new rating can be counted), and no page's own words give a rating other than the one it
//! shows.

use std::collections::BTreeMap;

use crate::error::{Diagnostic, Report};
use crate::load::Loaded;
use crate::model::page::ServicePage;
use crate::model::regulator::{CARE_INSPECTORATE, CIW, CQC, REGULATORS};
use crate::model::seeds::Inspection;
use crate::model::standing::{Register, Registers, Standing};
use crate::model::{KeyQuestion, Rating, Regulator};

pub(crate) fn check(site: &Loaded, report: &mut Report) {
    let registers = Registers::new(&site.inspections, &site.services, site.config.regulator());
    // Reports whose ratings some page shows without a link, and how many pages.
    let mut unlinked: BTreeMap<&str, (&Inspection, usize)> = BTreeMap::new();
    let mut undated: BTreeMap<&str, &Inspection> = BTreeMap::new();
    for register in &registers.all {
        let rules = &register.regulator.rules;
        let mut levels: Vec<(&Standing, Option<&str>)> = vec![(&register.provider, None)];
        levels.extend(site.services.iter().map(|page| {
            let standing = register.service(&page.id);
            (standing, standing.location())
        }));
        for (standing, location) in levels {
            let Some(latest) = standing.latest() else {
                continue;
            };
            if rules.link && register.assessment_url(standing, location).is_none() {
                unlinked.entry(&latest.id).or_insert((latest, 0)).1 += 1;
            }
            if rules.days_to_show.is_some() || rules.dated {
                for source in standing.sources() {
                    if source.data.published.is_none() {
                        undated.insert(&source.id, source);
                    }
                }
            }
        }
    }
    // Care Inspectorate Wales's ratings are to be shown in a form Welsh Ministers specify,
    // which carepages cannot check: said once per report a page shows.
    let mut specified: BTreeMap<&str, &Inspection> = BTreeMap::new();
    for register in registers
        .all
        .iter()
        .filter(|r| std::ptr::eq(r.regulator, &CIW))
    {
        for page in &site.services {
            for source in register.service(&page.id).sources() {
                specified.insert(&source.id, source);
            }
        }
    }
    for inspection in specified.into_values() {
        report.push(
            Diagnostic::note(
                &inspection.path,
                "the Welsh rules (the Regulated Services (Inspection Ratings) (Wales) Regulations 2025, regulation 3) ask for the most recent rating on every website about the service, without delay, legible, conspicuous, with the date it was given and in the form Welsh Ministers specify: pages show each theme's rating with its date, but carepages cannot check that form",
            )
            .code("display-rules")
            .help("compare the service's page with the form Care Inspectorate Wales publishes for showing ratings, and publish the site as soon as a new report is added")
            .placed(&inspection.text, "provider:"),
        );
    }
    for (inspection, pages) in unlinked.into_values() {
        report.push(unlinked_report(inspection, pages));
    }
    for inspection in undated.into_values() {
        let regulator = inspection.regulator();
        let rules = &regulator.rules;
        let rule = rules.rule.unwrap_or("its display rules");
        let why = match rules.days_to_show {
            Some(days) => format!(
                "so nobody can check that its ratings were shown within the {days} days {}’s display rules ({rule}) give",
                regulator.called
            ),
            None => format!(
                "so pages cannot give the date its ratings were given, which {rule} ask to be shown with every rating"
            ),
        };
        report.push(
            Diagnostic::warning(
                &inspection.path,
                format!("the report has no `published:` date, {why}"),
            )
            .code("display-rules")
            .help("add `published: YYYY-MM-DD`, the date the regulator published the report; pages then show it beside the ratings")
            .placed(&inspection.text, "provider:"),
        );
    }
    for page in &site.services {
        let standings: Vec<(&Register, &Standing)> = registers
            .rating(&page.id)
            .map(|r| (r, r.service(&page.id)))
            .collect();
        let home = registers.home_of(&page.id);
        stated_ratings(page, home, &standings, report);
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
            "{}’s display rules ({}) ask every page that shows a rating to link to it: give `report_url:` with the report's address on {}, or the trust's `provider_id:` (a location's `location_id:` for services at a hospital)",
            regulator.called, rules.rule.unwrap_or("its rules"), rules.web_address
        ))
        .placed(&inspection.text, place)
}

/// Finds "rated inadequate" (and "rated as good") in a page's description, summary and body,
/// and warns where the words give a rating the page does not show: an old rating a newer
/// report replaced, or a rating for a service no report rates. The words are compared with the
/// overall rating, or with a key question's when they name one ("rated good for caring").
fn stated_ratings(
    page: &ServicePage,
    home: &Register,
    standings: &[(&Register, &Standing)],
    report: &mut Report,
) {
    let standing = home.service(&page.id);
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
        let mut cursor = from.min(full.len());
        for stated in rated_phrases(text) {
            let gives = |register: &Register, standing: &Standing| {
                let question = stated.question(register.regulator);
                standing
                    .get(question)
                    .is_some_and(|c| c.given.rating == stated.rating)
            };
            let phrase = &stated.shown;
            // Where the words are in the file: the phrases come in order, so each is looked
            // for after the last, once for the whole field.
            let found = full[cursor.min(full.len())..]
                .find(stated.raw.as_str())
                .map(|i| cursor + i);
            if let Some(at) = found {
                cursor = at + stated.raw.len();
            }
            let place = |d: Diagnostic| {
                let (line, column) = crate::error::line_col(full, found.unwrap_or(from));
                d.at(full, line, column)
            };
            // Words that name a regulator ("Ofsted rated the home good") are compared with
            // that regulator's ratings; others with any regulator's that rates the service.
            let (home, standing) = match stated.by {
                Some(named) => match standings
                    .iter()
                    .find(|(r, _)| std::ptr::eq(r.regulator, named))
                {
                    Some((register, standing)) => (*register, *standing),
                    None => {
                        report.push(place(
                            Diagnostic::warning(
                                &source.path,
                                format!(
                                    "the {field} says “{phrase}”, but no report from {} in seeds rates `{}`",
                                    named.called, page.id
                                ),
                            )
                            .code("display-rules")
                            .help("say the rating the page shows, or add the report that gives this one to seeds/inspections/"),
                        ));
                        continue;
                    }
                },
                None => (home, standing),
            };
            let right = match stated.by {
                Some(_) => gives(home, standing),
                None => standings.iter().any(|(r, s)| gives(r, s)),
            };
            if right {
                continue;
            }
            let question = stated.question(home.regulator);
            let shown = standing.get(question);
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
                    let by = if standings.len() > 1 {
                        format!("{}'s ", home.regulator.called)
                    } else {
                        String::new()
                    };
                    let now = format!("{by}{} {which}", home.regulator.label(current.given.rating));
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
            report.push(place(
                Diagnostic::warning(&source.path, message)
                    .code("display-rules")
                    .help("say the rating the page shows, or add the report that gives this one to seeds/inspections/"),
            ));
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
    let registers = Registers::new(&site.inspections, &site.services, site.config.regulator());
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
                // Words that name a regulator are that regulator's rating: "Ofsted rated the
                // service good" is not the CQC's good, which the page may show already.
                let theirs = |regulator: &Regulator| {
                    stated.by.is_none_or(|named| std::ptr::eq(named, regulator))
                };
                let shown = registers
                    .all
                    .iter()
                    .filter(|register| theirs(register.regulator))
                    .any(|register| {
                        register
                            .service(&page.id)
                            .get(stated.question(register.regulator))
                            .is_some_and(|c| c.given.rating == stated.rating)
                    });
                if shown {
                    continue;
                }
                let Some((inspection, _)) = held.iter().find(|(inspection, ratings)| {
                    theirs(inspection.regulator())
                        && ratings
                            .get(stated.question(inspection.regulator()))
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
    /// The word naming a key question just after the rating ("caring", "safety"), if any.
    question: Option<String>,
    /// The regulator the sentence names before the rating ("Ofsted rated ..."), if any.
    by: Option<&'static Regulator>,
}

impl Stated {
    /// The question of `regulator`'s the words name, else its overall rating (which, for a
    /// regulator that gives none, no rating can then match).
    fn question(&self, regulator: &Regulator) -> KeyQuestion {
        self.question
            .as_deref()
            .and_then(|word| named_question(word, regulator))
            .unwrap_or(KeyQuestion::Overall)
    }
}

/// Every "rated X" in `text` whose X is a grade within the next few words of the same
/// sentence ("rated the centre inadequate", "rated as **good**", "rated good for caring").
fn rated_phrases(text: &str) -> Vec<Stated> {
    const WORDS: usize = 8;
    // ASCII lower case keeps every byte where it was, so offsets stay true.
    let lower = text.to_ascii_lowercase();
    // Longest first, so "requires improvement to be good" is not read as "requires
    // improvement".
    let mut grades: Vec<(String, Rating)> = Rating::ALL
        .into_iter()
        .filter(|r| r.is_grade())
        .map(|r| (r.label().to_lowercase(), r))
        .collect();
    grades.sort_by_key(|(word, _)| std::cmp::Reverse(word.len()));
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
                        question: question_word(&lower[end..]),
                        by: named_regulator(&lower[..at]),
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

/// How far before "rated" a regulator's name is looked for.
const LOOK_BACK: usize = 300;

/// The regulator named last in the sentence that ends at the end of `before` ("the CQC",
/// "Ofsted", "Care Inspectorate Wales"), if any.
fn named_regulator(before: &str) -> Option<&'static Regulator> {
    // A regulator is named in the words just before "rated": a few hundred bytes at most,
    // so a page of thousands of phrases is read once, not once a phrase.
    let mut window = before.len().saturating_sub(LOOK_BACK);
    while !before.is_char_boundary(window) {
        window += 1;
    }
    let before = &before[window..];
    let start = [". ", "! ", "? ", "\n\n"]
        .iter()
        .filter_map(|end| before.rfind(end).map(|i| i + end.len()))
        .max()
        .unwrap_or(0);
    let sentence = &before[start..];
    let whole_word = |at: usize, len: usize| {
        let before = sentence[..at].chars().next_back();
        let after = sentence[at + len..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    let mut last: Option<(usize, &'static Regulator)> = None;
    for regulator in REGULATORS {
        let lower = regulator.name.to_lowercase();
        for name in [lower.as_str(), regulator.id] {
            for (at, _) in sentence.match_indices(name) {
                // "Care Inspectorate" inside "Care Inspectorate Wales" is Wales's.
                let wales = std::ptr::eq(*regulator, &CARE_INSPECTORATE)
                    && sentence[at + name.len()..].starts_with(" wales");
                if whole_word(at, name.len()) && !wales && last.is_none_or(|(l, _)| at >= l) {
                    last = Some((at, regulator));
                }
            }
        }
    }
    last.map(|(_, regulator)| regulator)
}

/// The words after a rating that name a question ("good for caring", "inadequate on
/// safety"), up to the end of the sentence.
fn question_word(after: &str) -> Option<String> {
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
    Some(words[1..].join(" "))
}

/// The question of `regulator`'s that words name: "safety" for the CQC's safe, "leadership"
/// for its well-led but for the Care Inspectorate's own leadership question.
fn named_question(words: &str, regulator: &Regulator) -> Option<KeyQuestion> {
    let words: Vec<&str> = words.split(' ').collect();
    let own = regulator.key_questions().iter().find(|q| {
        let key = q.key();
        let label = q.label().to_lowercase();
        words.iter().any(|w| *w == key || *w == label)
            || words.join(" ").starts_with(label.as_str())
    });
    if let Some(question) = own {
        return Some(*question);
    }
    if !std::ptr::eq(regulator, &CQC) {
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
        let ratings: Vec<(Rating, Option<KeyQuestion>)> = found
            .iter()
            .map(|s| (s.rating, s.question.is_some().then(|| s.question(&CQC))))
            .collect();
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
