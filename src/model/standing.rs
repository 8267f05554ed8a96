//! Which rating stands: every rating (a level and a key question) comes from the latest report
//! that rated it, with that report's date and link. A focused inspection that re-rates one key
//! question leaves the others as an earlier report gave them, as the regulator keeps them.

use std::collections::{BTreeMap, HashMap};

use super::page::ServicePage;
use super::rating::{Given, KeyQuestion, Ratings};
use super::regulator::{CQC, REGULATORS, Regulator};
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
    /// The previous provider the rating was inherited from, if it was: said of the rating, or
    /// of every rating of its level.
    pub(crate) fn inherited_from(self) -> Option<&'a str> {
        self.given
            .inherited_from
            .as_deref()
            .or(self.block.inherited_from.as_deref())
    }
}

/// Everything the reports say of one level: the provider, a location or a service.
#[derive(Debug, Default)]
pub(crate) struct Standing<'a> {
    /// The rating that stands for each of its regulator's questions, by
    /// [`KeyQuestion::slot`], with the question each slot holds.
    current: [Option<(KeyQuestion, Current<'a>)>; KeyQuestion::SLOTS],
    /// Every report that rated it (or placed it), oldest first, with what it said.
    pub reports: Vec<(&'a Inspection, &'a Ratings)>,
}

impl<'a> Standing<'a> {
    fn add(&mut self, report: &'a Inspection, block: &'a Ratings) {
        self.reports.push((report, block));
        for &question in report.regulator().questions {
            if let Some(given) = block.get(question) {
                let current = Current {
                    given,
                    block,
                    report,
                };
                self.current[question.slot()] = Some((question, current));
            }
        }
    }

    pub(crate) fn get(&self, question: KeyQuestion) -> Option<Current<'a>> {
        self.current[question.slot()]
            .filter(|(held, _)| *held == question)
            .map(|(_, current)| current)
    }

    /// Whether any report has rated it.
    pub(crate) fn is_rated(&self) -> bool {
        self.current.iter().any(Option::is_some)
    }

    /// The reports its standing ratings come from, newest first.
    pub(crate) fn sources(&self) -> Vec<&'a Inspection> {
        let mut reports: Vec<&'a Inspection> = Vec::new();
        for (_, current) in self.current.iter().flatten() {
            if !reports.iter().any(|r| std::ptr::eq(*r, current.report)) {
                reports.push(current.report);
            }
        }
        reports.sort_by(|a, b| b.date().cmp(&a.date()).then_with(|| b.id.cmp(&a.id)));
        reports
    }

    /// The newest report any standing rating comes from: its latest assessment.
    pub(crate) fn latest(&self) -> Option<&'a Inspection> {
        self.current
            .iter()
            .flatten()
            .map(|(_, c)| c.report)
            .max_by(|a, b| a.date().cmp(&b.date()).then_with(|| a.id.cmp(&b.id)))
    }

    /// Whether its standing ratings come from reports of different dates, so each rating
    /// must say its own.
    pub(crate) fn dates_differ(&self) -> bool {
        let mut dates = self.current.iter().flatten().map(|(_, c)| c.report.date());
        match dates.next() {
            Some(first) => dates.any(|d| d != first),
            None => false,
        }
    }

    /// The latest value a report gave of a field (the regulator's name, the location),
    /// leaving out blank ones.
    fn latest_of(&self, field: impl Fn(&'a Ratings) -> Option<&'a String>) -> Option<&'a str> {
        self.reports
            .iter()
            .rev()
            .filter_map(|(_, block)| field(block))
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
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

/// Two reports that rate one level on dates that cannot be told apart (the same day, or a
/// month and a day in it): the later one in id order stands.
#[derive(Debug)]
pub(crate) struct Tie<'a> {
    /// The service or location id, or `None` for the provider.
    pub level: Option<String>,
    pub questions: Vec<KeyQuestion>,
    /// Whether the two reports give the same ratings.
    pub agree: bool,
    pub shown: &'a Inspection,
    pub hidden: &'a Inspection,
}

/// The ratings one regulator's reports give that stand at every level.
#[derive(Debug)]
pub(crate) struct Register<'a> {
    pub regulator: &'static Regulator,
    /// Every report of the regulator, oldest first (reports without a date first, then by id).
    pub inspections: Vec<&'a Inspection>,
    pub provider: Standing<'a>,
    pub locations: BTreeMap<&'a str, Standing<'a>>,
    pub services: HashMap<&'a str, Standing<'a>>,
    /// Ratings given twice on one date by different reports.
    pub ties: Vec<Tie<'a>>,
    /// Each page's old ids (`aliases`), to the page's id.
    pub renamed: HashMap<&'a str, &'a str>,
}

static UNRATED: Standing<'static> = Standing {
    current: [None; KeyQuestion::SLOTS],
    reports: Vec::new(),
};

/// The ratings of every regulator whose reports the site holds: the one that leads the site
/// first (the one `regulator:` in the settings names, else the one that rates the provider as
/// a whole, else the first that rates anything, else the CQC), then the others in the order
/// carepages lists them.
#[derive(Debug)]
pub(crate) struct Registers<'a> {
    pub all: Vec<Register<'a>>,
}

impl<'a> Registers<'a> {
    /// `lead`: the regulator the site's settings name to lead it, if any.
    pub(crate) fn new(
        all: &'a [Inspection],
        pages: &'a [ServicePage],
        lead: Option<&'static Regulator>,
    ) -> Self {
        let mut registers: Vec<Register<'a>> = REGULATORS
            .iter()
            .filter(|regulator| regulator.rates())
            .filter(|regulator| all.iter().any(|i| std::ptr::eq(i.regulator(), **regulator)))
            .map(|regulator| Register::new(regulator, all, pages))
            .collect();
        let first = match lead {
            Some(lead) => registers
                .iter()
                .position(|r| std::ptr::eq(r.regulator, lead))
                .or_else(|| {
                    registers.push(Register::new(lead, all, pages));
                    Some(registers.len() - 1)
                }),
            None => registers.iter().position(|r| r.provider.is_rated()),
        };
        if let Some(first) = first {
            let primary = registers.remove(first);
            registers.insert(0, primary);
        }
        if registers.is_empty() {
            registers.push(Register::new(&CQC, all, pages));
        }
        Registers { all: registers }
    }

    /// The site's own regulator's ratings.
    pub(crate) fn primary(&self) -> &Register<'a> {
        &self.all[0]
    }

    /// The register whose ratings of the provider as a whole the site shows: the leading
    /// regulator's, unless only another (the CQC, when the site is led by a regulator that
    /// rates services alone) rates the provider.
    pub(crate) fn of_provider(&self) -> &Register<'a> {
        if self.primary().provider.is_rated() {
            return self.primary();
        }
        self.others()
            .iter()
            .find(|r| r.provider.is_rated())
            .unwrap_or_else(|| self.primary())
    }

    /// The registers whose ratings some page shows: the provider's, a location's or a
    /// published page's. A regulator whose only report rates a draft page, held back from a
    /// published build, is not named before the page is.
    pub(crate) fn shown<'s>(
        &'s self,
        pages: &'s [ServicePage],
    ) -> impl Iterator<Item = &'s Register<'a>> {
        self.all.iter().filter(move |r| {
            r.provider.is_rated()
                || r.locations.values().any(Standing::is_rated)
                || pages.iter().any(|p| r.service(&p.id).is_rated())
        })
    }

    /// The other regulators' ratings.
    pub(crate) fn others(&self) -> &[Register<'a>] {
        &self.all[1..]
    }

    /// The registers that rate a service, the site's own regulator's first.
    pub(crate) fn rating<'s>(&'s self, service: &'s str) -> impl Iterator<Item = &'s Register<'a>> {
        self.all
            .iter()
            .filter(move |r| r.service(service).is_rated())
    }

    /// The register whose ratings a service is listed with: the site's own regulator's,
    /// unless only another regulator rates it.
    pub(crate) fn home_of(&self, service: &str) -> &Register<'a> {
        if self.primary().service(service).is_rated() {
            return self.primary();
        }
        self.others()
            .iter()
            .find(|r| r.service(service).is_rated())
            .unwrap_or_else(|| self.primary())
    }
}

impl<'a> Register<'a> {
    /// Every report's ratings from `regulator`; a service rated under one of a page's
    /// `aliases` (its id before a rename) counts as that page's.
    pub(crate) fn new(
        regulator: &'static Regulator,
        all: &'a [Inspection],
        pages: &'a [ServicePage],
    ) -> Self {
        let mut inspections: Vec<&Inspection> = all
            .iter()
            .filter(|i| std::ptr::eq(i.regulator(), regulator))
            .collect();
        inspections.sort_by(|a, b| a.date().cmp(&b.date()).then_with(|| a.id.cmp(&b.id)));
        let mut register = Register {
            regulator,
            inspections: Vec::new(),
            provider: Standing::default(),
            locations: BTreeMap::new(),
            services: HashMap::new(),
            ties: Vec::new(),
            renamed: pages
                .iter()
                .flat_map(|p| p.front.aliases.iter().map(|a| (a.as_str(), p.id.as_str())))
                .collect(),
        };
        for &report in &inspections {
            let data = &report.data;
            if let Some(block) = &data.provider_ratings {
                tie(&mut register.ties, None, &register.provider, report, block);
                register.provider.add(report, block);
            }
            for (id, block) in &data.locations {
                let standing = register.locations.entry(id.as_str()).or_default();
                tie(&mut register.ties, Some(id), standing, report, block);
                standing.add(report, block);
            }
            for (id, block) in &data.services {
                let id = register
                    .renamed
                    .get(id.as_str())
                    .copied()
                    .unwrap_or(id.as_str());
                let standing = register.services.entry(id).or_default();
                tie(&mut register.ties, Some(id), standing, report, block);
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

    /// The regulator's page for the latest assessment of a level. Its own page on the
    /// regulator's website lists its latest assessment whatever re-rated it since: the
    /// provider's page (from `provider_id`) for the provider, the location's (from
    /// `location_id`) for a location and the services rated there. Else the newest report's
    /// own address, when it is on the regulator's website; else the provider's page.
    pub(crate) fn assessment_url(
        &self,
        standing: &Standing,
        location: Option<&str>,
    ) -> Option<String> {
        let regulator = self.regulator;
        standing
            .latest()
            .or_else(|| self.inspections.last().copied())?;
        let provider_page = || {
            let pattern = regulator.rules.provider_page?;
            self.inspections
                .iter()
                .rev()
                .find_map(|i| i.data.provider_id.as_deref())
                .map(|id| Regulator::page(pattern, id))
        };
        if std::ptr::eq(standing, &self.provider) {
            return provider_page().or_else(|| {
                let url = self.provider.latest()?.data.report_url.as_ref()?;
                regulator.is_page(url).then(|| url.clone())
            });
        }
        let location_id = standing.location_id().or_else(|| {
            location
                .and_then(|l| self.location(l))
                .and_then(Standing::location_id)
        });
        if let (Some(id), Some(pattern)) = (location_id, regulator.rules.location_page) {
            return Some(Regulator::page(pattern, id));
        }
        match standing.latest().and_then(|l| l.data.report_url.as_ref()) {
            Some(url) if regulator.is_page(url) => Some(url.clone()),
            _ => provider_page(),
        }
    }
}

/// Records a tie when `report` rates questions that `standing` already has from another
/// report whose date cannot be told apart from this one's.
fn tie<'a>(
    ties: &mut Vec<Tie<'a>>,
    level: Option<&str>,
    standing: &Standing<'a>,
    report: &'a Inspection,
    block: &Ratings,
) {
    if standing.reports.is_empty() {
        return;
    }
    let mut found: Vec<Tie<'a>> = Vec::new();
    for &question in report.regulator().questions {
        let Some(given) = block.get(question) else {
            continue;
        };
        let Some(current) = standing.get(question) else {
            continue;
        };
        let (Some(theirs), Some(ours)) = (current.report.date(), report.date()) else {
            continue;
        };
        let apart = theirs.is_wholly_before(&ours) || ours.is_wholly_before(&theirs);
        if apart || std::ptr::eq(current.report, report) {
            continue;
        }
        let agree = current.given.rating == given.rating;
        match found
            .iter_mut()
            .find(|t| std::ptr::eq(t.hidden, current.report))
        {
            Some(t) => {
                t.questions.push(question);
                t.agree &= agree;
            }
            None => found.push(Tie {
                level: level.map(str::to_owned),
                questions: vec![question],
                agree,
                shown: report,
                hidden: current.report,
            }),
        }
    }
    ties.extend(found);
}
