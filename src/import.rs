//! `carepages import cqc`: one provider's ratings from the CQC's monthly ratings data, written
//! as seed reports in `seeds/inspections/`, one per publication date. Everything is checked
//! before anything is written, and nothing the writer wrote is ever changed: a file's part
//! below its end line is kept byte for byte, and a file the writer wrote or edited above that
//! line is refused.

mod cqc;
mod seed;
mod table;

/// The line that ends a report's imported part: the content editor leaves such reports alone.
pub(crate) use seed::END;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Report, Result, plural};
use crate::fsio;
use crate::model::Date;

use cqc::{Dated, Found, Level, Question};

/// Where seed reports live, in the site's folder.
const SEEDS: &str = "seeds/inspections";

/// What `carepages import cqc` was asked to do.
#[derive(Debug, Clone)]
pub struct CqcImport {
    /// The CQC's ratings data: `.ods` as published, `.xlsx`, or `.csv`.
    pub file: PathBuf,
    /// The provider's CQC id (`RX1`), in any case.
    pub provider: String,
    /// The site's folder.
    pub root: PathBuf,
}

/// What an import did, for the writer.
#[derive(Debug)]
pub struct ImportSummary {
    pub provider_name: String,
    pub provider_id: String,
    /// The data file's name.
    pub source: String,
    /// Ratings of the provider in the data (a repeated row counts once).
    pub ratings: usize,
    pub files: Vec<ImportedFile>,
    /// Rows for other providers.
    pub skipped: usize,
    /// Every service the files rate, by id.
    pub services: Vec<ImportedService>,
    /// Things worth a look that did not stop the import (a rating given twice).
    pub warnings: Report,
}

/// One seed file the import wrote, or found up to date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedFile {
    /// Relative to the site's folder.
    pub path: PathBuf,
    pub outcome: Outcome,
    /// Ratings the file held that the data no longer lists, kept as history.
    pub kept: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    New,
    Updated,
    UpToDate,
}

/// A service the import rates: its page is `content/services/<id>.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedService {
    pub id: String,
    pub name: String,
    /// The location it is at; `None` for a service rated across the trust.
    pub location: Option<String>,
    pub has_page: bool,
}

/// A file to write, decided before anything is written.
struct Plan {
    relative: PathBuf,
    date: Date,
    /// The file as it was read, with its parts, when it exists.
    existing: Option<(String, seed::Existing)>,
    dated: Dated,
    kept: usize,
}

/// A file to write once everything is checked: its new bytes, or `None` when up to date.
struct Write<'a> {
    plan: &'a Plan,
    outcome: Outcome,
    bytes: Option<String>,
}

/// Imports the ratings of `options.provider` from the CQC's data file into the site at
/// `options.root`. Mistakes in the data or in the seed files it would replace are all
/// reported together as [`Error::Content`], and then nothing is written.
pub fn cqc(options: &CqcImport) -> Result<ImportSummary> {
    let provider = options.provider.trim();
    if provider.is_empty() {
        return Err(Error::Usage(
            "--provider is empty: give the provider's CQC id, for example --provider RX1 (it is \
             in the address of the provider's page on the CQC's website)"
                .to_owned(),
        ));
    }
    if !options.root.join("carepages.yaml").is_file() {
        return Err(Error::Usage(format!(
            "there is no carepages.yaml in `{}`: run the import in the site's folder, or give \
             that folder with --root DIR (start a site with `carepages init DIR`)",
            options.root.display()
        )));
    }
    let mut report = Report::default();
    let found = read_data(&options.file, provider, &mut report)?;
    let source = options.file.file_name().map_or_else(
        || options.file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let provider_name = if found.provider_name.is_empty() {
        found.provider_id.clone()
    } else {
        found.provider_name.clone()
    };

    let plans = plan(&options.root, &found, &mut report)?;
    let keys = location_keys(&found, &plans);
    let mut writes = Vec::new();
    let mut services = BTreeMap::new();
    for plan in &plans {
        let header = seed::Header {
            source: &source,
            provider_name: &provider_name,
            provider_id: &found.provider_id,
            published: plan.date,
        };
        let (above, rated) = match seed::render(&header, &plan.dated, &keys) {
            Ok(rendered) => rendered,
            Err(message) => {
                report.push(Diagnostic::error(&plan.relative, message).help(
                    "ids are made from the names in the CQC's data: correct a name there if it \
                     is wrong, else please report this to carepages' maintainers",
                ));
                continue;
            }
        };
        for service in rated {
            services.insert(service.key.clone(), service);
        }
        writes.push(match &plan.existing {
            None => Write {
                plan,
                outcome: Outcome::New,
                bytes: Some(seed::new_file(&above)),
            },
            Some((_, existing)) if existing.says(&above) => Write {
                plan,
                outcome: Outcome::UpToDate,
                bytes: None,
            },
            Some((_, existing)) => Write {
                plan,
                outcome: Outcome::Updated,
                bytes: Some(existing.replaced(&above)),
            },
        });
    }
    if report.has_errors() {
        return Err(Error::Content(report));
    }

    let files = write(&options.root, &writes)?;
    let services = services
        .into_values()
        .map(|s| ImportedService {
            has_page: options
                .root
                .join("content/services")
                .join(format!("{}.md", s.key))
                .is_file(),
            id: s.key,
            name: s.name,
            location: s.location,
        })
        .collect();
    Ok(ImportSummary {
        provider_name,
        provider_id: found.provider_id.clone(),
        source,
        ratings: found.rating_count(),
        files,
        skipped: found.skipped,
        services,
        warnings: report,
    })
}

/// The provider's rows of the data file. Mistakes in them are [`Error::Content`]; a file
/// with no row for the provider is a usage error naming the nearest one it has.
fn read_data(file: &Path, provider: &str, report: &mut Report) -> Result<Found> {
    let read = table::read(file)?;
    let label = file.display().to_string();
    report.extend(read.notes);
    let found = cqc::interpret(&label, &read.sheets, provider, report);
    if report.has_errors() {
        return Err(Error::Content(std::mem::take(report)));
    }
    if found.matched == 0 {
        let hint = cqc::suggest_provider(provider, &found.others).unwrap_or_else(|| {
            "give the provider's CQC id, which is in the address of its page on the CQC's \
             website (https://www.cqc.org.uk/provider/RX1 is provider RX1)"
                .to_owned()
        });
        let rows = match found.skipped {
            0 => "it has no rows of ratings".to_owned(),
            n => format!("all {} are for other providers", counted(n, "row")),
        };
        return Err(Error::Usage(format!(
            "no row of `{label}` is for the provider `{provider}` ({rows}).\nFix: {hint}"
        )));
    }
    Ok(found)
}

/// Writes the files, once nothing is wrong. Every file is first written in full beside its
/// place; only when all are written, and every file to replace is still as it was read, are
/// they put in place, each in one step: a new one only where none is.
fn write(root: &Path, writes: &[Write<'_>]) -> Result<Vec<ImportedFile>> {
    if writes.iter().any(|w| w.bytes.is_some()) {
        fsio::create_dir_all(&root.join(SEEDS))?;
    }
    let unchanged = |write: &Write<'_>| -> Result<()> {
        let plan = write.plan;
        match &plan.existing {
            Some((original, _))
                if &fsio::read_to_string(&root.join(&plan.relative))? != original =>
            {
                Err(Error::Usage(format!(
                    "`{}` changed while the import ran, so nothing was written.\nFix: run the \
                     import again",
                    plan.relative.display()
                )))
            }
            _ => Ok(()),
        }
    };
    let mut staged = Vec::new();
    for write in writes {
        let Some(bytes) = &write.bytes else { continue };
        match unchanged(write)
            .and_then(|()| fsio::stage(&root.join(&write.plan.relative), bytes.as_bytes()))
        {
            Ok(file) => staged.push(file),
            Err(e) => {
                staged.into_iter().for_each(fsio::Staged::discard);
                return Err(e);
            }
        }
    }
    for file in staged {
        file.put()?;
    }
    Ok(writes
        .iter()
        .map(|write| ImportedFile {
            path: write.plan.relative.clone(),
            outcome: write.outcome,
            kept: write.plan.kept,
        })
        .collect())
}

/// Each publication date's file: what is there, and the ratings it will hold. A file the
/// import may not replace is an error in `report`.
fn plan(root: &Path, found: &Found, report: &mut Report) -> Result<Vec<Plan>> {
    let mut plans = Vec::new();
    for (date, new) in &found.reports {
        let relative = Path::new(SEEDS).join(seed::file_name(&found.provider_id, *date));
        let path = root.join(&relative);
        let Some(bytes) = fsio::read_if_exists(&path)? else {
            plans.push(Plan {
                relative,
                date: *date,
                existing: None,
                dated: new.clone(),
                kept: 0,
            });
            continue;
        };
        // A file that is not UTF-8 text was not written by the import either.
        let Ok(text) = String::from_utf8(bytes) else {
            report.push(
                Diagnostic::error(
                    &relative,
                    "this file is not UTF-8 text, so the import cannot tell what is in it and leaves it as it is",
                )
                .help("save it as UTF-8 text, or move it out of seeds/inspections/ and import again"),
            );
            continue;
        };
        let existing = match seed::split(&text) {
            Ok(existing) => existing,
            Err(refusal) => {
                report.push(refused(&relative, &text, refusal));
                continue;
            }
        };
        let old = match seed::parse(&existing.above) {
            Ok(old) => old,
            Err((line, message)) => {
                let mut diagnostic = Diagnostic::error(
                    &relative,
                    format!("the imported part of this file cannot be read: {message}"),
                )
                .help(
                    "the words after `inherited_from:` are the only ones to change above the end \
                     line; write them in double quotes: inherited_from: \"Example Care Ltd\"",
                );
                if let Some(line) = line {
                    diagnostic = diagnostic.at(&existing.above, line, 1);
                }
                report.push(diagnostic);
                continue;
            }
        };
        let (dated, kept, dropped) = merge(old, new, *date, &found.latest);
        for (level, question, now) in dropped {
            report.push(Diagnostic::warning(
                &relative,
                format!(
                    "the CQC's data now dates the {} rating of {} {}, before this file's date, so \
                     this file no longer holds it",
                    question.key(),
                    cqc::describe(&level, &dated.names),
                    now.words()
                ),
            ));
        }
        plans.push(Plan {
            relative,
            date: *date,
            existing: Some((text, existing)),
            dated,
            kept,
        });
    }
    Ok(plans)
}

/// The error for a file the import will not replace.
fn refused(relative: &Path, text: &str, refusal: seed::Refusal) -> Diagnostic {
    match refusal {
        seed::Refusal::HandWritten => Diagnostic::error(
            relative,
            format!(
                "this file has no line \"{}\", so the import did not write it and will not \
                 replace it",
                seed::END
            ),
        )
        .help(
            "rename your file (the import writes cqc-<provider id>-<date>.yaml) and run the \
             import again; to keep notes in an imported file, write them below its end line",
        ),
        seed::Refusal::Edited { line } => Diagnostic::error(
            relative,
            "the imported part of this file (above this line) was edited since the import wrote \
             it, so the import will not replace it",
        )
        .help(
            "move your edits below this line, where the import keeps everything, and undo them \
             above it (or move the file away and import again to have it written afresh); only \
             the words after `inherited_from:` may change above it",
        )
        .at(text.trim_start_matches('\u{feff}'), line, 1),
    }
}

/// The ratings a file will hold: those it holds (`old`), with this import's of the same date
/// laid over them. A rating the data no longer lists stays, as the history it is, when the
/// data now rates that level and key question on a later date (or not at all); it goes when
/// the data now gives it an earlier date, since the CQC has then taken this one back.
/// Returns the ratings, how many were kept so, and those that went with their date now.
fn merge(
    old: Dated,
    new: &Dated,
    date: Date,
    latest: &HashMap<(Level, Question), Date>,
) -> (Dated, usize, Vec<(Level, Question, Date)>) {
    let mut merged = Dated {
        report_url: new.report_url.clone().or(old.report_url),
        names: old.names,
        ratings: BTreeMap::new(),
    };
    merged
        .names
        .extend(new.names.iter().map(|(l, n)| (l.clone(), n.clone())));
    let mut kept = 0;
    let mut dropped = Vec::new();
    for (key, given) in old.ratings {
        if new.ratings.contains_key(&key) {
            // The writer's words for an inherited rating outlive the import's.
            if let (Some(words), Some(mut newer)) =
                (given.inherited_from, new.ratings.get(&key).cloned())
                && newer.inherited_from.is_some()
            {
                newer.inherited_from = Some(words);
                merged.ratings.insert(key, newer);
            }
            continue;
        }
        match latest.get(&key) {
            Some(now) if *now < date => dropped.push((key.0, key.1, *now)),
            _ => {
                kept += 1;
                merged.ratings.insert(key, given);
            }
        }
    }
    for (key, given) in &new.ratings {
        merged
            .ratings
            .entry(key.clone())
            .or_insert_with(|| given.clone());
    }
    (merged, kept, dropped)
}

/// Location ids for every file, from the names the data gives now, else the files' own.
fn location_keys(found: &Found, plans: &[Plan]) -> HashMap<String, String> {
    let mut names = BTreeMap::new();
    let dated = plans.iter().map(|p| &p.dated).chain(found.reports.values());
    for dated in dated {
        for (level, name) in &dated.names {
            if let Level::Location(id) = level {
                names.insert(id.clone(), name.clone());
            }
        }
    }
    seed::location_keys(&names)
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Imported {} for {} ({}) from {}:",
            counted(self.ratings, "rating"),
            self.provider_name,
            self.provider_id,
            self.source
        )?;
        for file in &self.files {
            let path = file.path.display();
            let kept = match file.kept {
                0 => String::new(),
                1 => ", keeping 1 earlier rating the data no longer lists".to_owned(),
                n => format!(", keeping {n} earlier ratings the data no longer lists"),
            };
            match file.outcome {
                Outcome::New => writeln!(f, "  wrote {path} (new)")?,
                Outcome::Updated => writeln!(f, "  wrote {path} (updated{kept})")?,
                Outcome::UpToDate => writeln!(f, "  {path} is up to date")?,
            }
        }
        if self.skipped > 0 {
            writeln!(
                f,
                "Skipped {} for other providers.",
                counted(self.skipped, "row")
            )?;
        }
        if !self.services.is_empty() {
            writeln!(
                f,
                "\nService ids (a page content/services/<id>.md shows a service's ratings):"
            )?;
            for service in &self.services {
                let name = match &service.location {
                    Some(location) => format!("{} at {location}", service.name),
                    None => service.name.clone(),
                };
                let page = if service.has_page {
                    "has a page"
                } else {
                    "no page yet"
                };
                writeln!(f, "  {}: {name} ({page})", service.id)?;
            }
        }
        Ok(())
    }
}

/// "1 row", "12,345 rows".
fn counted(n: usize, word: &str) -> String {
    let plural = plural(n, word);
    let (_, word) = plural.split_once(' ').unwrap_or(("", &plural));
    format!("{} {word}", thousands(n))
}

/// `12345` as `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use cqc::{Given, ServiceAt, Word};

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(12_345), "12,345");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    fn given(word: Word) -> Given {
        Given {
            word,
            inherited_from: None,
        }
    }

    #[test]
    fn a_merge_keeps_history_and_drops_what_the_cqc_took_back() {
        let march = Date::parse("2024-03-14").unwrap();
        let earlier = Date::parse("2023-06-01").unwrap();
        let later = Date::parse("2025-01-10").unwrap();
        let maternity = Level::Service(ServiceAt::TrustWide("maternity".into()));
        let mut old = Dated::default();
        old.ratings
            .insert((Level::Provider, Question::Overall), given(Word::Good));
        old.ratings
            .insert((Level::Provider, Question::Safe), given(Word::Inadequate));
        old.ratings.insert(
            (Level::Provider, Question::Caring),
            Given {
                word: Word::Good,
                inherited_from: Some("Sunrise Care Ltd".into()),
            },
        );
        old.ratings
            .insert((maternity.clone(), Question::Overall), given(Word::Good));
        let mut new = Dated::default();
        new.ratings.insert(
            (Level::Provider, Question::Overall),
            given(Word::Outstanding),
        );
        new.ratings.insert(
            (Level::Provider, Question::Caring),
            Given {
                word: Word::Outstanding,
                inherited_from: Some(cqc::PREVIOUS_PROVIDER.into()),
            },
        );
        let latest: HashMap<_, _> = [
            ((Level::Provider, Question::Overall), march),
            ((Level::Provider, Question::Caring), march),
            ((Level::Provider, Question::Safe), later),
            ((maternity.clone(), Question::Overall), earlier),
        ]
        .into_iter()
        .collect();
        let (merged, kept, dropped) = merge(old, &new, march, &latest);
        assert_eq!(
            merged.ratings[&(Level::Provider, Question::Overall)].word,
            Word::Outstanding
        );
        assert_eq!(
            merged.ratings[&(Level::Provider, Question::Safe)].word,
            Word::Inadequate,
            "superseded by a later report: kept as history"
        );
        let caring = &merged.ratings[&(Level::Provider, Question::Caring)];
        assert_eq!(caring.word, Word::Outstanding);
        assert_eq!(caring.inherited_from.as_deref(), Some("Sunrise Care Ltd"));
        assert_eq!(kept, 1);
        assert_eq!(dropped, vec![(maternity, Question::Overall, earlier)]);
    }
}
