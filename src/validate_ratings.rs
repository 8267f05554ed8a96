//! Checks of what the reports in `seeds/inspections/` say about ratings: each report can be
//! placed in time, names a regulator carepages knows and gives only the ratings it gives;
//! services are placed at locations some report names; ids are well formed; and every service
//! a report rates has a page, or is plainly another service.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Diagnostic, Report, closest};
use crate::load::Loaded;
use crate::model::regulator::{OFSTED, REGULATORS};
use crate::model::seeds::Inspection;
use crate::model::standing::{Register, Registers, Tie};
use crate::model::{KeyQuestion, Rating, Ratings, Regulator};

pub(crate) fn check(site: &Loaded, report: &mut Report) {
    let registers = Registers::new(&site.inspections, &site.services, site.config.regulator());
    for tie in registers.all.iter().flat_map(|r| &r.ties) {
        report.push(same_date(tie));
    }
    for register in registers
        .all
        .iter()
        .filter(|r| std::ptr::eq(r.regulator, &OFSTED))
    {
        let mut services: Vec<(&&str, &crate::model::standing::Standing)> =
            register.services.iter().collect();
        services.sort_by_key(|(id, _)| **id);
        for (id, standing) in services {
            limits_across_reports(id, standing, report);
        }
    }
    if let Some(lead) = site.config.regulator()
        && !site
            .inspections
            .iter()
            .any(|i| std::ptr::eq(i.regulator(), lead))
    {
        report.push(
            Diagnostic::warning(
                crate::load::CONFIG_FILE,
                format!(
                    "`regulator:` names {} to lead the site, but no report in seeds/inspections/ is {}'s, so the home page's grid lists no ratings",
                    lead.called, lead.called
                ),
            )
            .code("regulator")
            .help("add its reports to seeds/inspections/, or leave `regulator:` out to lead with the regulator that rates the provider as a whole"),
        );
    }
    let pages: BTreeSet<&str> = site.services.iter().map(|s| s.id.as_str()).collect();
    let aliases = &registers.primary().renamed;
    for inspection in &site.inspections {
        let register = registers
            .all
            .iter()
            .find(|r| std::ptr::eq(r.regulator, inspection.regulator()))
            .unwrap_or(registers.primary());
        let locations: BTreeSet<&str> = register.locations.keys().copied().collect();
        check_report(inspection, &locations, report);
        if inspection.date().is_none()
            && let Some((other, what)) = site
                .inspections
                .iter()
                .filter(|o| {
                    o.id != inspection.id && std::ptr::eq(o.regulator(), inspection.regulator())
                })
                .find_map(|o| shared_rating(inspection, o).map(|what| (o, what)))
        {
            report.push(at_key(
                Diagnostic::error(
                    &inspection.path,
                    format!(
                        "the report has no date, so carepages cannot tell whether its ratings of {what} are newer than those of `{}`",
                        other.id
                    ),
                )
                .help("add `published: YYYY-MM-DD`, the date the regulator published it (or at least `visited: { from: YYYY-MM }`)"),
                &inspection.text,
                "provider",
            ));
        }
        for (alias, page) in aliases {
            let services = &inspection.data.services;
            if services.contains_key(*alias) && services.contains_key(*page) {
                report.push(at_key(
                    Diagnostic::error(
                        &inspection.path,
                        format!("the report rates both `{page}` and `{alias}`, its old id, so one would hide the other"),
                    )
                    .help(format!("give the ratings once, under `{page}`")),
                    &inspection.text,
                    alias,
                ));
            }
        }
        for id in inspection.data.services.keys() {
            let known = pages.contains(id.as_str())
                || aliases.contains_key(id.as_str())
                || site.unreadable_services.contains(id)
                || site.held.draft_services.contains(id);
            if !known && site.has_content {
                report.push(unknown_service(inspection, id, &pages, register));
            }
        }
        for id in inspection.data.passages.iter().flat_map(|p| &p.services) {
            let known = pages.contains(id.as_str())
                || aliases.contains_key(id.as_str())
                || site.unreadable_services.contains(id);
            if !known {
                let known: Vec<String> = pages.iter().map(|s| (*s).to_owned()).collect();
                let help = match closest(id, &known) {
                    Some(best) => format!("did you mean `{best}`? `services:` lists the ids (file names) of the pages that may quote the passage"),
                    None => "`services:` lists the ids (file names) of the pages that may quote the passage".to_owned(),
                };
                report.push(
                    Diagnostic::warning(
                        &inspection.path,
                        format!("a passage is about `{id}`, but no page has that id, so no page may quote it as that service"),
                    )
                    .code("no-page")
                    .help(help)
                    .placed(&inspection.text, id),
                );
            }
        }
    }
}

/// Places a message on the line that starts with `key:` (after its indentation), else on the
/// first line.
fn at_key(d: Diagnostic, text: &str, key: &str) -> Diagnostic {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let rest = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")));
        if rest.is_some_and(|r| r.starts_with(':')) && !trimmed.starts_with('#') {
            let column = line.len() - trimmed.len() + 1;
            let (line_number, _) = crate::error::line_col(text, offset);
            return d.at(text, line_number, column);
        }
        offset += line.len();
    }
    d.at(text, 1, 1)
}

/// Places a message on the line of `key:` inside the block that starts with `block:` (a
/// question of a service's ratings), else on the block's line.
fn at_key_within(d: Diagnostic, text: &str, block: &str, key: &str) -> Diagnostic {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let starts = |line: &str, key: &str| {
        let trimmed = line.trim_start();
        trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")))
            .is_some_and(|rest| rest.starts_with(':'))
    };
    let lines: Vec<&str> = text.lines().collect();
    let Some(open) = lines.iter().position(|l| starts(l, block)) else {
        return at_key(d, text, block);
    };
    let depth = indent(lines[open]);
    // On the block's own line: `safe: good` in `{ }`, or the block's rest.
    if lines[open].contains(&format!("{key}:")) && lines[open].contains('{') {
        let at = lines[open].find(&format!("{key}:")).unwrap_or(0);
        let column = lines[open][..at].chars().count() + 1;
        return d.at(text, open + 1, column);
    }
    for (i, line) in lines.iter().enumerate().skip(open + 1) {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if indent(line) <= depth {
            break;
        }
        if starts(line, key) {
            return d.at(text, i + 1, indent(line) + 1);
        }
    }
    at_key(d, text, block)
}

fn same_date(tie: &Tie) -> Diagnostic {
    let (shown, hidden) = (tie.shown, tie.hidden);
    let what = match &tie.level {
        Some(id) => format!("`{id}`"),
        None => "the provider".to_owned(),
    };
    let questions: Vec<&str> = tie.questions.iter().map(|q| q.key()).collect();
    let (dates, why) = match (shown.date(), hidden.date()) {
        (Some(a), Some(b)) if a == b => (
            format!("the same date, {}", a.words()),
            "the later by file name",
        ),
        (Some(a), Some(b)) => (
            format!(
                "dates that cannot be told apart ({} and {})",
                a.words(),
                b.words()
            ),
            "the one with the full date",
        ),
        _ => ("the same date".to_owned(), "the later by file name"),
    };
    let agree = if tie.agree {
        "They agree"
    } else {
        "They differ"
    };
    let d = Diagnostic::warning(
        &shown.path,
        format!(
            "this report and `{}` both rate {what} ({}) on {dates}. {agree}; the site shows this report's, {why}",
            hidden.id,
            questions.join(", ")
        ),
    )
    .code("same-date")
    .help(format!(
        "if they are one report, keep its ratings in one file; otherwise give each its full publication date, or correct `{}`",
        hidden.id
    ));
    at_key(
        d,
        &shown.text,
        tie.level.as_deref().unwrap_or("provider_ratings"),
    )
}

/// A report rates a service no page has. A near miss of a page's id (a case difference, the
/// page's title for its id, or a typo of a letter or two) is an error: the page would not show
/// the report's ratings. Anything else is a warning: a report may rate services the site has no
/// page for.
fn unknown_service(
    inspection: &Inspection,
    id: &str,
    pages: &BTreeSet<&str>,
    register: &Register,
) -> Diagnostic {
    let message = format!("the report rates `{id}`, but no page has that id");
    let form = crate::markdown::slug(id);
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    // A typo changes a letter or two; `ward-1` and `ward-2` are two wards.
    let near = pages
        .iter()
        .filter(|p| digits(p) == digits(&form))
        .map(|p| (crate::error::edit_distance(&form, p), *p))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, page)| page);
    let rated_here = |page: &str| inspection.data.services.contains_key(page);
    // Whether this report is newer than every rating the page shows, so the page would show
    // older ratings than the seeds hold.
    let newer = |page: &str| {
        let shown = register.service(page).latest().and_then(Inspection::date);
        match (inspection.date(), shown) {
            (_, None) => true,
            (Some(this), Some(shown)) => shown.is_wholly_before(&this),
            (None, Some(_)) => false,
        }
    };
    let d = match near {
        // The same id in another case or spelling (`Maternity-Services`, or the page's title),
        // or a typo of a page this report would otherwise be the latest for: the page would
        // show "not yet rated", or older ratings, while the report rates it.
        Some(page) if form == page || (!rated_here(page) && newer(page)) => {
            let consequence = if register.service(page).is_rated() {
                format!("the page `{page}` will not show this report's ratings")
            } else {
                format!("the page `{page}` will show as not yet rated")
            };
            Diagnostic::error(&inspection.path, format!("{message}: {consequence}"))
                .code("no-page")
                .help(format!(
                    "did you mean `{page}`? A service's id is the file name of its page in content/services/, in lower case"
                ))
        }
        Some(page) => Diagnostic::warning(&inspection.path, message)
            .code("no-page")
            .help(format!(
                "did you mean `{page}`? If this is another service, add a page content/services/{form}.md"
            )),
        None => Diagnostic::warning(&inspection.path, message)
            .code("no-page")
            .help(format!(
                "add a page content/services/{form}.md, or correct the id to match a page's file name"
            )),
    };
    at_key(d, &inspection.text, id)
}

/// What two reports both rate ("the trust", "`urgent-care`"), if anything: a report with no
/// date cannot be put before or after another that rates the same thing.
fn shared_rating(a: &Inspection, b: &Inspection) -> Option<String> {
    let (a, b) = (&a.data, &b.data);
    let rates = |r: &Option<Ratings>| r.as_ref().is_some_and(Ratings::rates_anything);
    if rates(&a.provider_ratings) && rates(&b.provider_ratings) {
        return Some("the trust".to_owned());
    }
    let both = |x: &BTreeMap<String, Ratings>, y: &BTreeMap<String, Ratings>| {
        x.iter()
            .filter(|(_, r)| r.rates_anything())
            .find(|(id, _)| y.get(*id).is_some_and(Ratings::rates_anything))
            .map(|(id, _)| format!("`{id}`"))
    };
    both(&a.locations, &b.locations).or_else(|| both(&a.services, &b.services))
}

/// What one report says that no other report is needed to judge.
fn check_report(inspection: &Inspection, locations: &BTreeSet<&str>, report: &mut Report) {
    let data = &inspection.data;
    let text = &inspection.text;
    let error = |message: String| Diagnostic::error(&inspection.path, message);
    let Some(regulator) = inspection.named else {
        let names: Vec<String> = REGULATORS
            .iter()
            .flat_map(|r| [r.name.to_owned(), r.id.to_owned()])
            .collect();
        // "The Care Quality Commission", "Ofstead", "Care Inspectorate Scotland".
        let written = data.regulator.trim();
        let bare = written
            .strip_prefix("The ")
            .or_else(|| written.strip_prefix("the "))
            .unwrap_or(written);
        let guess = REGULATORS
            .iter()
            .find(|r| bare.eq_ignore_ascii_case(r.name))
            .map(|r| r.name)
            .or_else(|| closest(bare, &names))
            .or_else(|| {
                REGULATORS
                    .iter()
                    .filter(|r| r.rates())
                    .find(|r| bare.to_lowercase().starts_with(&r.name.to_lowercase()))
                    .map(|r| r.name)
            })
            .map(|best| format!("did you mean `{best}`? "))
            .unwrap_or_default();
        report.push(at_key(
            error(format!(
                "`{}` is not a regulator carepages knows",
                data.regulator
            ))
            .help(format!(
                "{guess}write `regulator:` as one of {}",
                Regulator::known()
            )),
            text,
            "regulator",
        ));
        return;
    };
    // A report typed from a template or copied from another regulator's: its address or its
    // file name says whose it is.
    if let Some(url) = &data.report_url
        && !regulator.is_own(url)
        && let Some(owner) = REGULATORS.iter().find(|r| r.is_own(url))
    {
        report.push(at_key(
            error(format!(
                "the report's address is on {}'s website ({}), but `regulator:` names {}",
                owner.called, owner.rules.web_address, regulator.called
            ))
            .help(format!(
                "if {} wrote the report, write `regulator: {}`; otherwise correct `report_url:`",
                owner.called, owner.name
            )),
            text,
            "regulator",
        ));
    } else if let Some(owner) = REGULATORS.iter().find(|r| {
        !std::ptr::eq(**r, regulator)
            && inspection
                .id
                .to_lowercase()
                .starts_with(&format!("{}-", r.id))
    }) {
        report.push(at_key(
            Diagnostic::warning(
                &inspection.path,
                format!(
                    "the file's name starts `{}-`, as a report of {}'s would, but `regulator:` names {}",
                    owner.id, owner.called, regulator.called
                ),
            )
            .code("regulator")
            .help(format!(
                "if {} wrote the report, write `regulator: {}`; otherwise rename the file",
                owner.called, owner.name
            )),
            text,
            "regulator",
        ));
    }
    if !regulator.rates_providers && regulator.rates() {
        for key in ["provider_ratings", "locations"] {
            let given = match key {
                "provider_ratings" => data.provider_ratings.is_some(),
                _ => !data.locations.is_empty(),
            };
            if given {
                report.push(at_key(
                    error(format!(
                        "{} rates each service, not {}: `{key}:` has no place in its report",
                        regulator.called_start,
                        if key == "locations" { "locations" } else { "the provider as a whole" }
                    ))
                    .help("give the ratings under `services:`, by the id of the service's page (a home, a care service)"),
                    text,
                    key,
                ));
            }
        }
    }
    if let Some(visits) = &data.visited {
        if let Some(to) = visits.to
            && to.is_wholly_before(&visits.from)
        {
            report.push(at_key(
                error(format!("the visits end ({}) before they start ({})", to.words(), visits.from.words()))
                    .help("write `visited: { from: FIRST, to: LAST }` with the first day of the visits first"),
                text,
                "visited",
            ));
        }
        if let Some(published) = data.published
            && published.is_wholly_before(&visits.from)
        {
            report.push(at_key(
                error(format!(
                    "the report is published ({}) before the inspectors visited ({})",
                    published.words(),
                    visits.from.words()
                ))
                .help("check `published:` and `visited:` against the report's front page"),
                text,
                "published",
            ));
        }
    }
    for (field, id) in [("provider_id", data.provider_id.as_deref())]
        .into_iter()
        .chain(
            data.locations
                .values()
                .map(|b| ("location_id", b.location_id.as_deref())),
        )
    {
        if let Some(id) = id
            && !Regulator::is_id(id.trim())
        {
            report.push(at_key(
                error(format!("`{field}: {id}` is not an id of the {}", regulator.name))
                    .help(format!(
                        "give the id alone, letters, digits and hyphens (the end of the address of its page on {}, such as `1-123456789`), not an address",
                        regulator.rules.web_address
                    )),
                text,
                field,
            ));
        }
    }
    if let Some(url) = &data.report_url {
        let web = url.starts_with("https://") || url.starts_with("http://");
        let clean = !url
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`'));
        if !web || !clean {
            report.push(at_key(
                error(format!("`report_url` is not a web address: `{url}`"))
                    .help("give the address of the report on the regulator's website, starting with https://, as the browser shows it"),
                text,
                "report_url",
            ));
        }
    }
    let blocks = data
        .provider_ratings
        .iter()
        .map(|b| ("provider", None, b))
        .chain(
            data.locations
                .iter()
                .map(|(id, b)| ("location", Some(id.as_str()), b)),
        )
        .chain(
            data.services
                .iter()
                .map(|(id, b)| ("service", Some(id.as_str()), b)),
        );
    let mut blocks = blocks.peekable();
    if !regulator.rates() && blocks.peek().is_some() {
        report.push(at_key(
            error(format!(
                "{} gives no ratings, so its report cannot give any",
                regulator.called_start
            ))
            .help("keep the report's passages, to quote what inspectors found, and take out `provider_ratings:`, `locations:` and `services:`; if another regulator gave these ratings, give its report a file of its own"),
            text,
            ["provider_ratings", "locations", "services"]
                .into_iter()
                .find(|k| text.lines().any(|l| l.starts_with(&format!("{k}:"))))
                .unwrap_or("regulator"),
        ));
        return;
    }
    for (kind, id, block) in blocks {
        let key = id.unwrap_or("provider_ratings");
        let place = |d: Diagnostic| at_key(d, text, key);
        // At the question's own line in the block, when it has one.
        let place_at = |question: &str, d: Diagnostic| at_key_within(d, text, key, question);
        let what = || id.map_or_else(|| "the provider".to_owned(), |id| format!("`{id}`"));
        for question in KeyQuestion::ALL {
            let Some(given) = block.get(question) else {
                continue;
            };
            if !regulator.questions.contains(&question) {
                let keys: Vec<String> = regulator
                    .questions
                    .iter()
                    .map(|q| q.key().to_owned())
                    .collect();
                let guess = closest(question.key(), &keys)
                    .map(|best| format!("did you mean `{best}`? "))
                    .unwrap_or_default();
                let overall = if question == KeyQuestion::Overall {
                    format!(
                        ": it gives no overall rating, only its ratings of {}",
                        regulator.questions_are
                    )
                } else {
                    String::new()
                };
                report.push(place_at(
                    question.key(),
                    error(format!(
                        "{} does not rate `{}` (in the ratings of {}){overall}",
                        regulator.called_start,
                        question.key(),
                        what()
                    ))
                    .help(format!(
                        "{guess}{} rates {}",
                        regulator.called_start,
                        regulator.allowed_questions()
                    )),
                ));
            }
            if !regulator.allows(given.rating) {
                let guess = other_regulator(given.rating, regulator);
                report.push(place_at(
                    question.key(),
                    error(format!(
                        "`{}: {}` is not a rating {} gives (in the ratings of {}){guess}",
                        question.key(),
                        given.rating.slug(),
                        regulator.called,
                        what()
                    ))
                    .help({
                        // `requires-improvement` for Ofsted's longer words; never a word spelt
                        // like another regulator's but meaning another grade (`inadequate` is
                        // not the Care Inspectorate's `adequate`).
                        let slug = given.rating.slug();
                        let guess = regulator
                            .values()
                            .map(Rating::slug)
                            .find(|a| a.starts_with(slug))
                            .map(|best| format!("did you mean `{best}`? "))
                            .unwrap_or_default();
                        format!(
                            "{guess}write one of {}, as the report gives it",
                            regulator.allowed()
                        )
                    }),
                ));
            }
            if given.score.is_some() && !regulator.scores {
                report.push(place_at(
                    question.key(),
                    error(format!(
                        "{} gives no scores, but the {} rating of {} has `score:`",
                        regulator.called_start,
                        question.key(),
                        what()
                    ))
                    .help("remove `score:`; only the Care Quality Commission scores its key questions"),
                ));
                continue;
            }
            if let Some(score) = given.score {
                let what = format!(
                    "the {} score of {}",
                    question.key(),
                    id.unwrap_or("the provider")
                );
                if score > 100 {
                    report.push(place(
                        error(format!("{what} is {score}, but scores are out of 100")).help(
                            "give the score as the report gives it, a whole number from 0 to 100",
                        ),
                    ));
                } else if !regulator.scale.contains(&given.rating) {
                    report.push(place(
                        error(format!("{what} is {score}, but the rating is `{}`, which has no score", given.rating.slug()))
                            .help("a score goes with a rating on the scale; remove `score:` or correct the rating"),
                    ));
                }
            }
        }
        limiting_judgements(
            regulator,
            block,
            &what(),
            &error,
            &|d| place_at("overall", d),
            report,
        );
        let blank = |f: &Option<String>| f.as_deref().is_some_and(|f| f.trim().is_empty());
        let given_blank = KeyQuestion::ALL
            .iter()
            .filter_map(|q| block.get(*q))
            .any(|g| blank(&g.inherited_from));
        if blank(&block.inherited_from) || given_blank {
            report.push(place(error("`inherited_from` is blank".to_owned()).help(
                "name the previous provider, or write `the previous provider`",
            )));
        }
        if block.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            report.push(place(
                error("`name` is blank".to_owned())
                    .help("give the regulator's name for it, or remove `name:`"),
            ));
        }
        if kind != "service"
            && let Some(location) = &block.location
        {
            report.push(place(
                error(format!("`location: {location}` is only for a service"))
                    .help("a service names the location it was rated at; remove `location:` here"),
            ));
        }
        if kind == "service"
            && let Some(location) = &block.location
            && !locations.contains(location.as_str())
        {
            let names: Vec<String> = locations.iter().map(|l| (*l).to_owned()).collect();
            let help = match closest(location, &names) {
                Some(best) => format!("did you mean `{best}`?"),
                None if names.is_empty() => format!(
                    "add the location under `locations:` in this report, as `{location}: {{ name: ..., location_id: ... }}`"
                ),
                None => format!("the reports name these locations: {}", names.join(", ")),
            };
            report.push(place(
                error(format!(
                    "the service `{}` is at the location `{location}`, which no report names",
                    id.unwrap_or_default()
                ))
                .help(help),
            ));
        }
        if kind != "location"
            && let Some(location_id) = &block.location_id
        {
            report.push(place(
                error(format!("`location_id: {location_id}` is only for a location"))
                    .help("give the regulator's location id on the location under `locations:`, and `location:` on the service"),
            ));
        }
    }
}

/// Ofsted's limiting judgements (SCCIF): the judgement that limits the overall one, when it
/// is inadequate, how the framework says the overall judgement then is, and the overall
/// judgements it allows. `judgement` gives each judgement's rating.
fn ofsted_limit(
    judgement: impl Fn(KeyQuestion) -> Option<Rating>,
) -> Option<(KeyQuestion, &'static str, &'static [Rating])> {
    if judgement(KeyQuestion::HelpedAndProtected) == Some(Rating::Inadequate) {
        Some((
            KeyQuestion::HelpedAndProtected,
            "always inadequate",
            &[Rating::Inadequate],
        ))
    } else if judgement(KeyQuestion::LeadersAndManagers) == Some(Rating::Inadequate) {
        Some((
            KeyQuestion::LeadersAndManagers,
            "no better than requires improvement to be good",
            &[Rating::RequiresImprovementToBeGood, Rating::Inadequate],
        ))
    } else {
        None
    }
}

/// Ofsted's limiting judgements over the judgements that stand, when they come from different
/// reports: a later report that gives only how well children are helped and protected, as
/// inadequate, would stand beside an earlier good overall judgement.
fn limits_across_reports(
    id: &str,
    standing: &crate::model::standing::Standing,
    report: &mut Report,
) {
    let limit = ofsted_limit(|q| standing.get(q).map(|c| c.given.rating));
    let (Some(overall), Some((question, _, allowed))) = (standing.get(KeyQuestion::Overall), limit)
    else {
        return;
    };
    let Some(current) = standing.get(question) else {
        return;
    };
    if std::ptr::eq(overall.report, current.report)
        || !overall.given.rating.is_grade()
        || allowed.contains(&overall.given.rating)
    {
        return;
    }
    let newer = if current.report.date() >= overall.report.date() {
        current.report
    } else {
        overall.report
    };
    report.push(at_key(
        Diagnostic::error(
            &newer.path,
            format!(
                "the page for `{id}` would show Ofsted's judgement of {} as inadequate (from `{}`) beside an overall judgement of {} (from `{}`), which Ofsted's framework does not allow",
                question.question().to_lowercase(),
                current.report.id,
                overall.given.rating.label().to_lowercase(),
                overall.report.id
            ),
        )
        .help("an inspection gives every judgement: give the overall judgement and the others from the same report in this report too"),
        &newer.text,
        id,
    ));
}

/// ", a rating of Ofsted's": the regulators whose scale holds a rating another's does not,
/// so a writer who copied a rating from the wrong report is told whose it is.
fn other_regulator(rating: Rating, regulator: &Regulator) -> String {
    let whose: Vec<&str> = REGULATORS
        .iter()
        .filter(|r| !std::ptr::eq(**r, regulator) && r.values().any(|value| value == rating))
        .map(|r| r.called)
        .collect();
    match whose.as_slice() {
        [] => String::new(),
        [one] => format!(": it is a rating {one} gives"),
        [first @ .., last] => format!(": it is a rating {} and {last} give", first.join(", ")),
    }
}

/// Ofsted's limiting judgements for children's homes (SCCIF): when how well children and
/// young people are helped and protected is inadequate, the overall judgement is always
/// inadequate; when the effectiveness of leaders and managers is inadequate, the overall is
/// no better than requires improvement to be good. A seed that breaks them was typed wrong.
fn limiting_judgements(
    regulator: &Regulator,
    block: &Ratings,
    what: &str,
    error: &dyn Fn(String) -> Diagnostic,
    place: &dyn Fn(Diagnostic) -> Diagnostic,
    report: &mut Report,
) {
    if !std::ptr::eq(regulator, &OFSTED) {
        return;
    }
    let rating = |q| block.get(q).map(|g: &crate::model::Given| g.rating);
    let Some(overall) = rating(KeyQuestion::Overall) else {
        return;
    };
    let Some((question, then, allowed)) = ofsted_limit(rating) else {
        return;
    };
    let judgement = question.question().to_lowercase();
    if overall.is_grade() && !allowed.contains(&overall) {
        report.push(place(
            error(format!(
                "the ratings of {what} give {judgement} as inadequate but the overall experiences and progress as {}: Ofsted's framework makes the overall judgement {then} then",
                overall.label().to_lowercase()
            ))
            .help("check both judgements against the report: one of them was typed wrong"),
        ));
    }
}
