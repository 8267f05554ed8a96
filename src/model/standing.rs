//! Which rating stands: every rating (a level and a key question) comes from the latest report
//! that rated it, with that report's date and link. A focused inspection that re-rates one key
//! question leaves the others as an earlier report gave them, as the regulator keeps them.

use std::collections::{BTreeMap, HashMap};

use super::rating::{Given, KeyQuestion, Ratings};
use super::regulator::Regulator;
use super::seeds::Inspection;

/// A rating that stands, and the report that gave it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Current<'a> {
    pub given: &'a Given,
    /// The ratings block it was given in (for `inherited_from` on the whole block).
    pub block: &'a Ratings,
    pub report: &'a Inspection,
}

impl<'a> Current<'a> {
    /// The previous provider the rating was inherited from, if it was.
    pub(crate) fn inherited_from(self, question: KeyQuestion) -> Option<&'a str> {
        self.block.inherited_from(question)
    }
}

/// Everything the reports say of one level: the provider, a location or a service.
#[derive(Debug, Default)]
pub(crate) struct Standing<'a> {
    /// The rating that stands for each of [`KeyQuestion::ALL`].
    current: [Option<Current<'a>>; 6],
    /// Every report that rated it (or placed it), oldest first, with what it said.
    pub reports: Vec<(&'a Inspection, &'a Ratings)>,
}

impl<'a> Standing<'a> {
    fn add(&mut self, report: &'a Inspection, block: &'a Ratings) {
        self.reports.push((report, block));
        for question in KeyQuestion::ALL {
            if let Some(given) = block.get(question) {
                self.current[question.index()] = Some(Current {
                    given,
                    block,
                    report,
                });
            }
        }
    }

    pub(crate) fn get(&self, question: KeyQuestion) -> Option<Current<'a>> {
        self.current[question.index()]
    }

    /// Whether any report has rated it.
    pub(crate) fn is_rated(&self) -> bool {
        self.current.iter().any(Option::is_some)
    }

    /// The reports its standing ratings come from, newest first.
    pub(crate) fn sources(&self) -> Vec<&'a Inspection> {
        let mut reports: Vec<&'a Inspection> = Vec::new();
        for current in self.current.iter().flatten() {
            if !reports.iter().any(|r| std::ptr::eq(*r, current.report)) {
                reports.push(current.report);
            }
        }
        reports.sort_by(|a, b| b.date().cmp(&a.date()).then_with(|| b.id.cmp(&a.id)));
        reports
    }

    /// The newest report any standing rating comes from: its latest assessment.
    pub(crate) fn latest(&self) -> Option<&'a Inspection> {
        self.sources().first().copied()
    }

    /// Whether its standing ratings come from reports of different dates, so each rating
    /// must say its own.
    pub(crate) fn dates_differ(&self) -> bool {
        let mut dates = self.current.iter().flatten().map(|c| c.report.date());
        match dates.next() {
            Some(first) => dates.any(|d| d != first),
            None => false,
        }
    }

    /// The latest value a report gave of a field (the regulator's name, the location).
    fn latest_of(&self, field: impl Fn(&'a Ratings) -> Option<&'a String>) -> Option<&'a str> {
        self.reports
            .iter()
            .rev()
            .find_map(|(_, block)| field(block))
            .map(String::as_str)
    }

    /// The regulator's own name for it.
    pub(crate) fn name(&self) -> Option<&'a str> {
        self.latest_of(|b| b.name.as_ref())
    }

    /// The location it was last rated at.
    pub(crate) fn location(&self) -> Option<&'a str> {
        self.latest_of(|b| b.location.as_ref())
    }

    /// The regulator's id for it, for a location.
    pub(crate) fn location_id(&self) -> Option<&'a str> {
        self.latest_of(|b| b.location_id.as_ref())
    }
}

/// Two reports that give one rating on the same date: the later one in id order stands.
#[derive(Debug)]
pub(crate) struct Tie<'a> {
    pub level: String,
    pub question: KeyQuestion,
    pub shown: &'a Inspection,
    pub hidden: &'a Inspection,
}

/// The ratings that stand at every level, from every report.
#[derive(Debug, Default)]
pub(crate) struct Register<'a> {
    /// Every report, oldest first (reports without a date first, then by id).
    pub inspections: Vec<&'a Inspection>,
    pub provider: Standing<'a>,
    pub locations: BTreeMap<&'a str, Standing<'a>>,
    pub services: HashMap<&'a str, Standing<'a>>,
    /// Ratings given twice on one date by different reports.
    pub ties: Vec<Tie<'a>>,
}

static UNRATED: Standing<'static> = Standing {
    current: [None; 6],
    reports: Vec::new(),
};

impl<'a> Register<'a> {
    pub(crate) fn new(all: &'a [Inspection]) -> Self {
        let mut inspections: Vec<&Inspection> = all.iter().collect();
        inspections.sort_by(|a, b| a.date().cmp(&b.date()).then_with(|| a.id.cmp(&b.id)));
        let mut register = Register {
            services: HashMap::with_capacity(
                inspections.first().map_or(0, |i| i.data.services.len()),
            ),
            ..Register::default()
        };
        for &report in &inspections {
            let data = &report.data;
            if let Some(block) = &data.provider_ratings {
                tie(
                    &mut register.ties,
                    "the provider",
                    &register.provider,
                    report,
                    block,
                );
                register.provider.add(report, block);
            }
            for (id, block) in &data.locations {
                let standing = register.locations.entry(id.as_str()).or_default();
                tie(&mut register.ties, id, standing, report, block);
                standing.add(report, block);
            }
            for (id, block) in &data.services {
                let standing = register.services.entry(id.as_str()).or_default();
                tie(&mut register.ties, id, standing, report, block);
                standing.add(report, block);
            }
        }
        register.inspections = inspections;
        register
    }

    /// What the reports say of a service; nothing when none rates it.
    pub(crate) fn service(&self, id: &str) -> &Standing<'a> {
        self.services.get(id).unwrap_or(&UNRATED)
    }

    pub(crate) fn location(&self, id: &str) -> Option<&Standing<'a>> {
        self.locations.get(id)
    }

    /// Whether any report rates a location: the site then groups services by location.
    pub(crate) fn has_locations(&self) -> bool {
        !self.locations.is_empty()
    }

    /// The regulator's page for the latest assessment of a level: the newest report's own
    /// address on the regulator's website, else the location's page, else the provider's.
    pub(crate) fn assessment_url(
        &self,
        standing: &Standing,
        location: Option<&str>,
    ) -> Option<String> {
        let latest = standing.latest().or_else(|| self.provider.latest())?;
        let regulator = latest.regulator();
        if let Some(url) = &latest.data.report_url
            && regulator.is_own(url)
        {
            return Some(url.clone());
        }
        let location_id = standing.location_id().or_else(|| {
            location
                .and_then(|l| self.location(l))
                .and_then(Standing::location_id)
        });
        if let Some(id) = location_id {
            return Some(Regulator::page(regulator.rules.location_page, id));
        }
        self.inspections
            .iter()
            .rev()
            .find_map(|i| i.data.provider_id.as_deref())
            .map(|id| Regulator::page(regulator.rules.provider_page, id))
    }
}

/// Records a tie when `report` gives a rating that `standing` already has from another report
/// of the same date.
fn tie<'a>(
    ties: &mut Vec<Tie<'a>>,
    level: &str,
    standing: &Standing<'a>,
    report: &'a Inspection,
    block: &Ratings,
) {
    for question in KeyQuestion::ALL {
        if block.get(question).is_none() {
            continue;
        }
        if let Some(current) = standing.get(question)
            && current.report.date() == report.date()
            && current.report.date().is_some()
        {
            ties.push(Tie {
                level: level.to_owned(),
                question,
                shown: report,
                hidden: current.report,
            });
        }
    }
}
