//! What the CQC's ratings data means: its columns, found by their headers; its rating words and
//! key questions; and which level a row rates (the provider, a location, a core service at a
//! location, or a core service trust-wide). One row is one rating of one level and one key
//! question; the rows of one provider become one [`Dated`] report per publication date.

use std::collections::{BTreeMap, HashMap};

use crate::error::{Diagnostic, Report, closest};
use crate::model::Date;

use super::table::{Cell, Sheet};

/// The words written for an inherited rating, since the data does not name the previous
/// provider. The writer may replace them in the file; the import keeps their words.
pub(crate) const PREVIOUS_PROVIDER: &str = "the previous provider";

use crate::model::regulator::CQC;
/// The overall rating and the five key questions, and the CQC's ratings and states: the
/// model's own, so the import writes exactly the words the seeds are read with.
pub(crate) use crate::model::{KeyQuestion as Question, Rating as Word};

/// Reads the data's Domain ("Well led" too) or a seed file's key.
pub(crate) fn parse_question(text: &str) -> Option<Question> {
    let text = words(text).replace('-', " ");
    CQC.questions
        .iter()
        .copied()
        .find(|q| q.label().to_lowercase().replace('-', " ") == text)
}

/// Reads the data's Latest Rating ("Suspended" too).
fn parse_word(text: &str) -> Option<Word> {
    let text = words(text).replace('-', " ");
    if text == "suspended" {
        return Some(Word::Suspended);
    }
    cqc_words().find(|w| w.label().to_lowercase() == text)
}

/// The ratings and states the CQC gives, the only ones its data holds.
fn cqc_words() -> impl Iterator<Item = Word> {
    CQC.values()
}

/// Reads a seed file's value.
pub(crate) fn word_from_key(key: &str) -> Option<Word> {
    Word::ALL.into_iter().find(|w| w.slug() == key)
}

/// One rating: the word, and whom it was inherited from when the provider took the service
/// over from another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Given {
    pub(crate) word: Word,
    pub(crate) inherited_from: Option<String>,
}

/// What a rating is of.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Level {
    /// The provider as a whole (the trust).
    Provider,
    /// A location's own rating, by its CQC location id.
    Location(String),
    Service(ServiceAt),
}

/// A core service, or population group, by the lowercase words of its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ServiceAt {
    /// Rated across the trust (mental health and community trusts are rated so).
    TrustWide(String),
    /// At one location, by its CQC location id.
    Location(String, String),
}

impl ServiceAt {
    pub(crate) fn location(&self) -> Option<&str> {
        match self {
            ServiceAt::TrustWide(_) => None,
            ServiceAt::Location(id, _) => Some(id),
        }
    }
}

/// The identity of a service from its name: case and spacing do not make another service.
pub(crate) fn service_identity(name: &str) -> String {
    words(name)
}

/// The ratings of one publication date: one seed file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Dated {
    /// The report on the CQC's website, from a provider-level row.
    pub(crate) report_url: Option<String>,
    pub(crate) ratings: BTreeMap<(Level, Question), Given>,
    /// The names of the locations and services rated (and of the locations holding them).
    pub(crate) names: BTreeMap<Level, String>,
}

/// One provider's ratings, as the data file gives them.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) provider_id: String,
    pub(crate) provider_name: String,
    pub(crate) reports: BTreeMap<Date, Dated>,
    /// The date of each level and key question's latest rating in the data.
    pub(crate) latest: HashMap<(Level, Question), Date>,
    /// Rows for this provider, including those with mistakes.
    pub(crate) matched: usize,
    /// Rows for other providers.
    pub(crate) skipped: usize,
    /// Every other provider, id and name, for "did you mean".
    pub(crate) others: HashMap<String, String>,
}

impl Found {
    /// Distinct ratings (a repeated row counts once).
    pub(crate) fn rating_count(&self) -> usize {
        self.reports.values().map(|d| d.ratings.len()).sum()
    }
}

/// The columns the import reads, by position in the sheet, and their headers as written.
struct Columns {
    provider_id: usize,
    provider_name: usize,
    service: usize,
    domain: usize,
    rating: usize,
    date: usize,
    inherited: Option<usize>,
    url: Option<usize>,
    /// Both or neither: the Providers sheet has no location columns.
    location: Option<(usize, usize)>,
    headers: HashMap<usize, String>,
}

const PROVIDER_ID: &str = "Provider ID";
const PROVIDER_NAME: &str = "Provider Name";
const SERVICE: &str = "Service / Population Group";
const DOMAIN: &str = "Domain";
const KEY_QUESTION: &str = "Key Question";
const RATING: &str = "Latest Rating";
const DATE: &str = "Publication Date";
const INHERITED: &str = "Inherited Rating";
const URL: &str = "URL";
const LOCATION_ID: &str = "Location ID";
const LOCATION_NAME: &str = "Location Name";

/// How far down a sheet the header row is looked for (the CQC puts a title above it).
const HEADER_SEARCH_ROWS: usize = 100;

/// A header as compared: lowercase, single spaces, no spaces around `/`, and without a
/// trailing "(Y/N)" or other bracketed note.
fn header_key(text: &str) -> String {
    let text = words(text).replace(" / ", "/");
    match text.rfind(" (") {
        Some(at) if text.ends_with(')') => text[..at].to_owned(),
        _ => text,
    }
}

/// Lowercase words separated by single spaces.
fn words(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A sheet's header row: the first naming both the provider id and the key question.
struct HeaderRow {
    row: usize,
    /// Each column by its header as compared ([`header_key`]).
    by_key: HashMap<String, usize>,
    /// Each column's header as written.
    headers: HashMap<usize, String>,
}

fn find_header(sheet: &Sheet) -> Option<HeaderRow> {
    for row in 0..sheet.height().min(HEADER_SEARCH_ROWS) {
        let mut by_key = HashMap::new();
        let mut headers = HashMap::new();
        for col in 0..sheet.width(row) {
            let text = sheet.text(row, col);
            if text.is_empty() {
                continue;
            }
            by_key.entry(header_key(&text)).or_insert(col);
            headers.insert(col, text.into_owned());
        }
        let has = |name: &str| by_key.contains_key(&header_key(name));
        if has(PROVIDER_ID) && (has(DOMAIN) || has(KEY_QUESTION)) {
            return Some(HeaderRow {
                row,
                by_key,
                headers,
            });
        }
    }
    None
}

/// The columns of a header row, or the names of those it lacks.
fn columns(
    by_key: &HashMap<String, usize>,
    headers: HashMap<usize, String>,
) -> Result<Columns, Vec<&'static str>> {
    let find = |name: &str| by_key.get(&header_key(name)).copied();
    let mut missing = Vec::new();
    let mut need = |name: &'static str, alternative: Option<&'static str>| {
        let col = find(name).or_else(|| alternative.and_then(find));
        if col.is_none() {
            missing.push(name);
        }
        col.unwrap_or(0)
    };
    let provider_id = need(PROVIDER_ID, None);
    let provider_name = need(PROVIDER_NAME, None);
    let service = need(SERVICE, None);
    let domain = need(DOMAIN, Some(KEY_QUESTION));
    let rating = need(RATING, None);
    let date = need(DATE, None);
    let location = match (find(LOCATION_ID), find(LOCATION_NAME)) {
        (Some(id), Some(name)) => Some((id, name)),
        (None, None) => None,
        (Some(_), None) => {
            missing.push(LOCATION_NAME);
            None
        }
        (None, Some(_)) => {
            missing.push(LOCATION_ID);
            None
        }
    };
    if !missing.is_empty() {
        return Err(missing);
    }
    Ok(Columns {
        provider_id,
        provider_name,
        service,
        domain,
        rating,
        date,
        inherited: find(INHERITED),
        url: find(URL),
        location,
        headers,
    })
}

/// Reads every sheet with the CQC's header row and keeps the rows of `provider`. Mistakes in
/// them, and in the headers, go into `report`; rows of other providers are only counted.
pub(crate) fn interpret(
    file: &str,
    sheets: &[Sheet],
    provider: &str,
    report: &mut Report,
) -> Found {
    let mut found = Found::default();
    // Where each rating was given, to name both rows when the data repeats one.
    let mut given_at: HashMap<(Level, Question, Date), String> = HashMap::new();
    let mut any_header = false;
    for sheet in sheets {
        let Some(HeaderRow {
            row: header_row,
            by_key,
            headers,
        }) = find_header(sheet)
        else {
            continue;
        };
        any_header = true;
        let columns = match columns(&by_key, headers.clone()) {
            Ok(columns) => columns,
            Err(missing) => {
                let mut have: Vec<(usize, String)> = headers.into_iter().collect();
                have.sort();
                let have: Vec<String> = have.into_iter().map(|(_, h)| format!("`{h}`")).collect();
                let missing: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
                report.push(
                    sheet.locate(
                        file,
                        header_row,
                        Diagnostic::error(
                            "",
                            format!(
                                "the header row has no column {}; the columns it has are {}",
                                missing.join(", "),
                                have.join(", ")
                            ),
                        )
                        .help(format!(
                            "give the CQC's latest ratings file as published: {DOWNLOAD}"
                        )),
                    ),
                );
                continue;
            }
        };
        for row in header_row + 1..sheet.height() {
            let id = sheet.text(row, columns.provider_id);
            if id.is_empty() {
                // Blank rows, and notes under the table.
                continue;
            }
            if !id.eq_ignore_ascii_case(provider.trim()) {
                found.skipped += 1;
                if !found.others.contains_key(id.as_ref()) {
                    let name = sheet.text(row, columns.provider_name).into_owned();
                    found.others.insert(id.into_owned(), name);
                }
                continue;
            }
            found.matched += 1;
            if found.provider_id.is_empty() {
                found.provider_id = id.into_owned();
                found.provider_name = sheet.text(row, columns.provider_name).into_owned();
            }
            let Some(row_found) = read_row(file, sheet, row, &columns, report) else {
                continue;
            };
            let place = sheet.row_label(row);
            let key = (row_found.level.clone(), row_found.question, row_found.date);
            if let Some(earlier) = given_at.insert(key, place.clone()) {
                report.push(sheet.locate(
                    file,
                    row,
                    Diagnostic::warning(
                        "",
                        format!(
                            "this row repeats a rating given at {earlier}: {} of {}, published {}; \
                             the later row, this one, is used",
                            row_found.question.label(),
                            row_found.describe(),
                            row_found.date.words()
                        ),
                    )
                    .help(
                        "the CQC notes that its data can hold a rating twice; check the rating \
                         against the report on the CQC's website",
                    ),
                ));
            }
            let latest = found
                .latest
                .entry((row_found.level.clone(), row_found.question))
                .or_insert(row_found.date);
            *latest = (*latest).max(row_found.date);
            let dated = found.reports.entry(row_found.date).or_default();
            if row_found.level == Level::Provider && dated.report_url.is_none() {
                dated.report_url = row_found.url;
            }
            for (level, name) in row_found.names {
                dated.names.insert(level, name);
            }
            dated
                .ratings
                .insert((row_found.level, row_found.question), row_found.given);
        }
    }
    if !any_header {
        let names: Vec<String> = sheets
            .iter()
            .filter_map(|s| s.name.as_ref().map(|n| format!("`{n}`")))
            .collect();
        let message = if names.is_empty() {
            format!(
                "no row of this file names the columns `{PROVIDER_ID}` and `{DOMAIN}`: it is not \
                 the CQC's ratings data"
            )
        } else {
            format!(
                "no sheet of this file ({}) has a row naming the columns `{PROVIDER_ID}` and \
                 `{DOMAIN}`: it is not the CQC's ratings data",
                names.join(", ")
            )
        };
        report.push(
            Diagnostic::error(file, message)
                .help(format!("give the CQC's latest ratings file: {DOWNLOAD}")),
        );
    }
    found
}

/// Where the file is, for messages.
pub(crate) const DOWNLOAD: &str = "download it from the CQC's page \"Using CQC data\" \
     (https://www.cqc.org.uk/about-us/transparency/using-cqc-data)";

/// A row read without mistakes.
struct Row {
    level: Level,
    question: Question,
    date: Date,
    given: Given,
    url: Option<String>,
    /// The names the row gives: its location's, and its service's.
    names: Vec<(Level, String)>,
}

impl Row {
    fn describe(&self) -> String {
        describe(&self.level, &self.names.iter().cloned().collect())
    }
}

/// A level in words: "the provider", "Example General Hospital", "Maternity at Example
/// General Hospital".
pub(crate) fn describe(level: &Level, names: &BTreeMap<Level, String>) -> String {
    let name = |level: &Level| names.get(level).map_or("", String::as_str).to_owned();
    match level {
        Level::Provider => "the provider".to_owned(),
        Level::Location(_) => name(level),
        Level::Service(at) => match at.location() {
            Some(id) => format!(
                "{} at {}",
                name(level),
                name(&Level::Location(id.to_owned()))
            ),
            None => name(level),
        },
    }
}

/// Reads one of the provider's rows, reporting every mistake in it.
fn read_row(
    file: &str,
    sheet: &Sheet,
    row: usize,
    columns: &Columns,
    report: &mut Report,
) -> Option<Row> {
    let column = |col: usize| {
        let header = columns.headers.get(&col).map_or("", String::as_str);
        sheet.column_label(col, header)
    };
    let mut ok = true;
    let mut error = |message: String, help: String| {
        ok = false;
        report.push(sheet.locate(file, row, Diagnostic::error("", message).help(help)));
    };

    let service = sheet.text(row, columns.service);
    let location = columns.location.map(|(id, name)| {
        (
            sheet.text(row, id).into_owned(),
            sheet.text(row, name).into_owned(),
        )
    });
    let location = location.filter(|(id, _)| !id.is_empty());
    if service.is_empty() {
        error(
            format!(
                "the row names no service or population group ({})",
                column(columns.service)
            ),
            "write Overall for the rating of the provider or the location as a whole, or the \
             service's name, as on the CQC's website"
                .to_owned(),
        );
    }
    if let Some((id, name)) = &location
        && name.is_empty()
    {
        let (_, name_col) = columns.location.unwrap_or_default();
        error(
            format!("location `{id}` has no name ({})", column(name_col)),
            "give the location's name as the CQC's website does, or download the file again"
                .to_owned(),
        );
    }

    let domain = sheet.text(row, columns.domain);
    let question = parse_question(&domain);
    if question.is_none() {
        let allowed: Vec<String> = CQC.questions.iter().map(|q| q.label().to_owned()).collect();
        let found = if domain.is_empty() {
            format!("the row names no key question ({})", column(columns.domain))
        } else {
            format!(
                "`{domain}` is not one of the CQC's key questions ({})",
                column(columns.domain)
            )
        };
        error(
            found,
            did_you_mean(&domain, &allowed, "the key questions are"),
        );
    }

    let rating = sheet.text(row, columns.rating);
    let word = parse_word(&rating);
    if word.is_none() {
        let allowed: Vec<String> = cqc_words().map(|w| w.label().to_owned()).collect();
        let found = if rating.is_empty() {
            format!("the row has no rating ({})", column(columns.rating))
        } else {
            format!(
                "`{rating}` is not a rating the CQC gives ({})",
                column(columns.rating)
            )
        };
        error(
            found,
            did_you_mean(&rating, &allowed, "the CQC's ratings are"),
        );
    }

    let date = match publication_date(sheet.cell(row, columns.date)) {
        Ok(date) => Some(date),
        Err(problem) => {
            error(
                format!("{problem} ({})", column(columns.date)),
                "write the publication date as day/month/year, for example 14/03/2024, as the \
                 CQC does"
                    .to_owned(),
            );
            None
        }
    };

    let inherited = match columns.inherited.map(|col| sheet.text(row, col)) {
        None => false,
        Some(text) => match text.to_ascii_lowercase().as_str() {
            "y" | "yes" => true,
            "" | "n" | "no" => false,
            _ => {
                let col = columns.inherited.unwrap_or_default();
                error(
                    format!("`{text}` is not Y or N ({})", column(col)),
                    "write Y when the rating was inherited from a previous provider, N (or \
                     nothing) when not"
                        .to_owned(),
                );
                false
            }
        },
    };

    let level = match (&location, service.eq_ignore_ascii_case("overall")) {
        (None, true) => Level::Provider,
        (Some((id, _)), true) => Level::Location(id.clone()),
        (None, false) => Level::Service(ServiceAt::TrustWide(service_identity(&service))),
        (Some((id, _)), false) => {
            Level::Service(ServiceAt::Location(id.clone(), service_identity(&service)))
        }
    };

    let url =
        match (&level, columns.url) {
            (Level::Provider, Some(col)) => {
                let url = sheet.text(row, col);
                if url.is_empty() {
                    None
                } else if url.starts_with("https://") || url.starts_with("http://") {
                    Some(url.into_owned())
                } else {
                    report.push(sheet.locate(
                    file,
                    row,
                    Diagnostic::warning(
                        "",
                        format!("`{url}` is not a web address ({})", column(col)),
                    )
                    .help("the report is written without report_url; add it below the end line"),
                ));
                    None
                }
            }
            _ => None,
        };

    let (question, word, date) = match (question, word, date) {
        (Some(q), Some(w), Some(d)) if ok => (q, w, d),
        _ => return None,
    };
    let mut names = Vec::new();
    if let Some((id, name)) = location {
        names.push((Level::Location(id), name));
    }
    if let Level::Service(_) = &level {
        names.push((level.clone(), service.into_owned()));
    }
    Some(Row {
        level,
        question,
        date,
        given: Given {
            word,
            inherited_from: inherited.then(|| PREVIOUS_PROVIDER.to_owned()),
        },
        url,
        names,
    })
}

fn did_you_mean(found: &str, allowed: &[String], these: &str) -> String {
    let list = allowed.join(", ");
    match closest(found, allowed) {
        Some(near) if !found.is_empty() => {
            let mut these = these.chars();
            let first = these.next().map(|c| c.to_uppercase().to_string());
            format!(
                "did you mean `{near}`? {}{}: {list}",
                first.unwrap_or_default(),
                these.as_str()
            )
        }
        _ => format!("{these}: {list}"),
    }
}

/// The publication date: a date cell, `dd/mm/yyyy` (the CQC's form; one-digit days and months
/// too), or `yyyy-mm-dd`.
fn publication_date(cell: Cell<'_>) -> Result<Date, String> {
    let text = match cell {
        Cell::Date(date) => return Ok(date),
        Cell::Text(text) => text,
    };
    if text.is_empty() {
        return Err("the row has no publication date".to_owned());
    }
    let not_a_date = || format!("`{text}` is not a date in the form dd/mm/yyyy");
    let iso = if let [day, month, year] = text.split('/').collect::<Vec<_>>()[..] {
        let digits = |part: &str, lengths: &[usize]| {
            lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
        };
        if !(digits(day, &[1, 2]) && digits(month, &[1, 2]) && digits(year, &[4])) {
            return Err(not_a_date());
        }
        format!("{year}-{month:0>2}-{day:0>2}")
    } else if text.len() >= 10 && text.as_bytes().get(4) == Some(&b'-') {
        text.get(..10).unwrap_or_default().to_owned()
    } else {
        return Err(not_a_date());
    };
    Date::parse(&iso).map_err(|reason| match reason.split_once("is not a date") {
        Some((_, why)) if !why.is_empty() => format!("`{text}` is not a date{why}"),
        _ => not_a_date(),
    })
}

/// "Did you mean" for a `--provider` that no row has: the id nearest to it, or providers
/// whose names hold its words.
pub(crate) fn suggest_provider(wanted: &str, others: &HashMap<String, String>) -> Option<String> {
    let mut ids: Vec<String> = others.keys().cloned().collect();
    ids.sort();
    let show = |id: &str| format!("`{id}` ({})", others.get(id).map_or("", String::as_str));
    if let Some(id) = closest(wanted, &ids) {
        return Some(format!("did you mean {}?", show(id)));
    }
    let wanted_words = words(wanted);
    if wanted_words.len() >= 3 {
        let mut by_name: Vec<&String> = ids
            .iter()
            .filter(|id| {
                others
                    .get(*id)
                    .is_some_and(|name| words(name).contains(&wanted_words))
            })
            .collect();
        by_name.sort_by_key(|id| others.get(*id).map(|n| words(n)));
        if !by_name.is_empty() {
            let shown: Vec<String> = by_name.iter().take(5).map(|id| show(id)).collect();
            let more = if by_name.len() > 5 {
                format!(" and {} more", by_name.len() - 5)
            } else {
                String::new()
            };
            return Some(format!(
                "give the provider's id: providers whose names contain `{wanted}` are {}{more}",
                shown.join(", ")
            ));
        }
    }
    let mut names: Vec<String> = others.values().cloned().collect();
    names.sort();
    let name = closest(wanted, &names)?;
    let id = ids
        .iter()
        .find(|id| others.get(*id) == Some(&name.to_owned()))?;
    Some(format!("did you mean {}?", show(id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Result<String, String> {
        publication_date(Cell::Text(text.into())).map(|d| d.iso())
    }

    #[test]
    fn publication_dates_are_read_day_first() {
        assert_eq!(date("14/03/2024").unwrap(), "2024-03-14");
        assert_eq!(date("1/6/2023").unwrap(), "2023-06-01");
        assert_eq!(date("2024-03-14").unwrap(), "2024-03-14");
        assert_eq!(date("2024-03-14T00:00:00").unwrap(), "2024-03-14");
        assert_eq!(
            date("31/02/2024").unwrap_err(),
            "`31/02/2024` is not a date: February 2024 has 29 days"
        );
        assert_eq!(
            date("03/14/2024").unwrap_err(),
            "`03/14/2024` is not a date: there is no month 14"
        );
        assert_eq!(
            date("14/03/24").unwrap_err(),
            "`14/03/24` is not a date in the form dd/mm/yyyy"
        );
        assert!(date("March 2024").is_err());
    }

    #[test]
    fn headers_match_whatever_their_case_spacing_or_note() {
        assert_eq!(header_key(" Inherited Rating (Y/N) "), "inherited rating");
        assert_eq!(
            header_key("Service/Population  Group"),
            "service/population group"
        );
        assert_eq!(header_key(SERVICE), "service/population group");
    }

    #[test]
    fn ratings_and_key_questions_are_read_as_the_cqc_writes_them() {
        assert_eq!(
            parse_word("Requires Improvement"),
            Some(Word::RequiresImprovement)
        );
        assert_eq!(parse_word("Rating suspended"), Some(Word::Suspended));
        assert_eq!(parse_word("Suspended"), Some(Word::Suspended));
        assert_eq!(
            parse_word("Inspected but not rated"),
            Some(Word::InspectedButNotRated)
        );
        assert_eq!(parse_word("Gud"), None);
        assert_eq!(parse_question("Well led"), Some(Question::WellLed));
        assert_eq!(parse_question("Well-led"), Some(Question::WellLed));
        assert_eq!(parse_question("well-led"), Some(Question::WellLed));
        assert_eq!(parse_question("Kind"), None);
    }

    #[test]
    fn a_provider_is_suggested_by_id_or_by_name() {
        let others: HashMap<String, String> = [
            ("RX1", "Example Hospitals NHS Trust"),
            ("RX2", "Other Care NHS Foundation Trust"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .into_iter()
        .collect();
        assert_eq!(
            suggest_provider("RX11", &others).unwrap(),
            "did you mean `RX1` (Example Hospitals NHS Trust)?"
        );
        assert!(
            suggest_provider("other care", &others)
                .unwrap()
                .contains("`RX2` (Other Care NHS Foundation Trust)")
        );
        assert_eq!(suggest_provider("ZZZZZZZZ", &others), None);
    }
}
