//! The regulators carepages knows, as data: a new regulator is a new entry here, not a
//! rewrite of the pages that show its ratings.

use super::rating::{KeyQuestion, Rating};

/// What the regulator requires of a page that shows its ratings.
#[derive(Debug)]
pub(crate) struct DisplayRules {
    /// Its web address, as pages show it.
    pub web_address: &'static str,
    /// The hosts of its own website: a report link elsewhere does not meet the rules.
    pub hosts: &'static [&'static str],
    /// The page of a provider, from the regulator's provider id (`{id}` is replaced).
    pub provider_page: Option<&'static str>,
    /// The page of a location, from the regulator's location id.
    pub location_page: Option<&'static str>,
    /// The law that says how its ratings are shown, as messages cite it; `None` where no
    /// law sets display rules for the services carepages shows.
    pub rule: Option<&'static str>,
    /// Whether the rules ask every page that shows a rating to link to the latest assessment
    /// on the regulator's website.
    pub link: bool,
    /// Days after publication by which a new rating must be shown; `None` where the rules
    /// give no number of days.
    pub days_to_show: Option<u32>,
    /// Whether the rules ask for every rating to be shown with the date it was given.
    pub dated: bool,
}

impl DisplayRules {
    /// The rules of a regulator that sets none for providers' websites: its web address and
    /// hosts alone.
    const fn none(web_address: &'static str, hosts: &'static [&'static str]) -> Self {
        DisplayRules {
            web_address,
            hosts,
            provider_page: None,
            location_page: None,
            rule: None,
            link: false,
            days_to_show: None,
            dated: false,
        }
    }
}

/// A regulator: its names, its scale and questions, and its display rules.
#[derive(Debug)]
pub(crate) struct Regulator {
    /// The short id a seed may give (`cqc`).
    pub id: &'static str,
    pub name: &'static str,
    /// Its name in running text: "the Care Quality Commission", "Ofsted".
    pub called: &'static str,
    /// The same at the start of a sentence: "The Care Quality Commission".
    pub called_start: &'static str,
    /// Its website's home page.
    pub home: &'static str,
    /// Its grades, best first; empty for a regulator that gives no ratings.
    pub scale: &'static [Rating],
    /// The words a grade is shown with, where they are not the grade's own: the Care
    /// Inspectorate's grades carry their number.
    pub labels: &'static [(Rating, &'static str)],
    /// The states a rating may be in beyond the scale.
    pub states: &'static [Rating],
    /// The questions (or themes) it rates, overall first when it gives an overall rating.
    pub questions: &'static [KeyQuestion],
    /// What it calls them, to end a sentence: "the five key questions: is it safe, ...?".
    pub questions_are: &'static str,
    /// Its overall rating in full, as a page names it.
    pub overall_is: &'static str,
    /// What it is, after its name: "the independent regulator of health and social care in
    /// England".
    pub about: &'static str,
    /// Whether it gives each question a score out of 100.
    pub scores: bool,
    /// Whether it rates a provider as a whole and its locations (hospitals, sites), beside
    /// its services: the CQC does; the others rate each service (a home, a care service).
    pub rates_providers: bool,
    pub rules: DisplayRules,
}

/// The Care Quality Commission, which regulates health and social care in England.
pub(crate) static CQC: Regulator = Regulator {
    id: "cqc",
    name: "Care Quality Commission",
    called: "the Care Quality Commission",
    called_start: "The Care Quality Commission",
    home: "https://www.cqc.org.uk/",
    scale: &[
        Rating::Outstanding,
        Rating::Good,
        Rating::RequiresImprovement,
        Rating::Inadequate,
    ],
    labels: &[],
    states: &[
        Rating::NotRated,
        Rating::InspectedButNotRated,
        Rating::Suspended,
    ],
    questions: &[
        KeyQuestion::Overall,
        KeyQuestion::Safe,
        KeyQuestion::Effective,
        KeyQuestion::Caring,
        KeyQuestion::Responsive,
        KeyQuestion::WellLed,
    ],
    questions_are: "the five key questions: is it safe, effective, caring, responsive to people’s needs, and well-led?",
    overall_is: "Overall",
    about: "the independent regulator of health and social care in England",
    scores: true,
    rates_providers: true,
    rules: DisplayRules {
        web_address: "www.cqc.org.uk",
        hosts: &["www.cqc.org.uk", "cqc.org.uk"],
        provider_page: Some("https://www.cqc.org.uk/provider/{id}"),
        location_page: Some("https://www.cqc.org.uk/location/{id}"),
        rule: Some("Regulation 20A"),
        link: true,
        days_to_show: Some(21),
        dated: false,
    },
};

/// Ofsted, which inspects children's homes in England under its social care common
/// inspection framework (SCCIF). A children's home that provides health care is registered
/// with both Ofsted and the CQC.
pub(crate) static OFSTED: Regulator = Regulator {
    id: "ofsted",
    name: "Ofsted",
    called: "Ofsted",
    called_start: "Ofsted",
    home: "https://reports.ofsted.gov.uk/",
    scale: &[
        Rating::Outstanding,
        Rating::Good,
        Rating::RequiresImprovementToBeGood,
        Rating::Inadequate,
    ],
    labels: &[],
    states: &[Rating::NotRated],
    questions: &[
        KeyQuestion::Overall,
        KeyQuestion::HelpedAndProtected,
        KeyQuestion::LeadersAndManagers,
    ],
    questions_are: "how well children and young people are helped and protected, and the effectiveness of leaders and managers.",
    overall_is: "Overall experiences and progress of children and young people",
    about: "which inspects children’s social care in England",
    scores: false,
    rates_providers: false,
    rules: DisplayRules::none(
        "reports.ofsted.gov.uk",
        &["reports.ofsted.gov.uk", "files.ofsted.gov.uk"],
    ),
};

/// The Care Inspectorate, which regulates care services in Scotland and grades them from 6
/// (excellent) to 1 (unsatisfactory) on each key question of its quality framework.
pub(crate) static CARE_INSPECTORATE: Regulator = Regulator {
    id: "care-inspectorate",
    name: "Care Inspectorate",
    called: "the Care Inspectorate",
    called_start: "The Care Inspectorate",
    home: "https://www.careinspectorate.com/",
    scale: &[
        Rating::Excellent,
        Rating::VeryGood,
        Rating::Good,
        Rating::Adequate,
        Rating::Weak,
        Rating::Unsatisfactory,
    ],
    labels: &[
        (Rating::Excellent, "Excellent (grade 6 of 6)"),
        (Rating::VeryGood, "Very good (grade 5 of 6)"),
        (Rating::Good, "Good (grade 4 of 6)"),
        (Rating::Adequate, "Adequate (grade 3 of 6)"),
        (Rating::Weak, "Weak (grade 2 of 6)"),
        (Rating::Unsatisfactory, "Unsatisfactory (grade 1 of 6)"),
    ],
    states: &[Rating::NotRated],
    questions: &[
        KeyQuestion::Wellbeing,
        KeyQuestion::Leadership,
        KeyQuestion::StaffTeam,
        KeyQuestion::Setting,
        KeyQuestion::CarePlanning,
    ],
    questions_are: "the key questions of its quality framework.",
    overall_is: "Overall grade",
    about: "the independent regulator of social care and social work services in Scotland",
    scores: false,
    rates_providers: false,
    rules: DisplayRules::none(
        "www.careinspectorate.com",
        &["www.careinspectorate.com", "careinspectorate.com"],
    ),
};

/// Care Inspectorate Wales, which has rated care home and domiciliary support services on
/// four themes since 1 April 2025, with no overall rating.
pub(crate) static CIW: Regulator = Regulator {
    id: "ciw",
    name: "Care Inspectorate Wales",
    called: "Care Inspectorate Wales",
    called_start: "Care Inspectorate Wales",
    home: "https://www.careinspectorate.wales/",
    scale: &[
        Rating::Excellent,
        Rating::Good,
        Rating::RequiresImprovement,
        Rating::RequiresSignificantImprovement,
    ],
    labels: &[],
    states: &[Rating::NotRated],
    questions: &[
        KeyQuestion::WellBeing,
        KeyQuestion::CareAndSupport,
        KeyQuestion::LeadershipAndManagement,
        KeyQuestion::Environment,
    ],
    questions_are: "four themes: well-being, care and support, leadership and management, and environment.",
    overall_is: "Overall rating",
    about: "the independent regulator of social care and childcare in Wales",
    scores: false,
    rates_providers: false,
    rules: DisplayRules {
        web_address: "www.careinspectorate.wales",
        hosts: &["www.careinspectorate.wales", "careinspectorate.wales"],
        provider_page: None,
        location_page: None,
        rule: Some("the Regulated Services (Inspection Ratings) (Wales) Regulations 2025"),
        link: false,
        days_to_show: None,
        dated: true,
    },
};

/// Healthcare Inspectorate Wales: it reports on NHS and independent health care in Wales,
/// and gives no ratings. Its reports can be quoted, with no badge.
pub(crate) static HIW: Regulator = Regulator::reports_only(
    [
        "hiw",
        "Healthcare Inspectorate Wales",
        "Healthcare Inspectorate Wales",
        "Healthcare Inspectorate Wales",
        "https://www.hiw.org.uk/",
    ],
    DisplayRules::none("www.hiw.org.uk", &["www.hiw.org.uk", "hiw.org.uk"]),
);

/// The Regulation and Quality Improvement Authority, Northern Ireland: it reports and gives
/// no ratings. Its reports can be quoted, with no badge.
pub(crate) static RQIA: Regulator = Regulator::reports_only(
    [
        "rqia",
        "Regulation and Quality Improvement Authority",
        "the Regulation and Quality Improvement Authority",
        "The Regulation and Quality Improvement Authority",
        "https://www.rqia.org.uk/",
    ],
    DisplayRules::none("www.rqia.org.uk", &["www.rqia.org.uk", "rqia.org.uk"]),
);

/// Every regulator carepages knows.
pub(crate) static REGULATORS: &[&Regulator] =
    &[&CQC, &OFSTED, &CARE_INSPECTORATE, &CIW, &HIW, &RQIA];

impl Regulator {
    /// A regulator that reports without ratings: `[id, name, called, called_start, home]`.
    const fn reports_only(names: [&'static str; 5], rules: DisplayRules) -> Self {
        let [id, name, called, called_start, home] = names;
        Regulator {
            id,
            name,
            called,
            called_start,
            home,
            scale: &[],
            labels: &[],
            states: &[],
            questions: &[],
            questions_are: "",
            overall_is: "",
            about: "",
            scores: false,
            rates_providers: false,
            rules,
        }
    }

    /// The regulator a seed names, by its name or short id, in any case.
    pub(crate) fn find(name: &str) -> Option<&'static Regulator> {
        let name = name.trim();
        REGULATORS
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name) || r.id.eq_ignore_ascii_case(name))
            .copied()
    }

    /// The names a seed may give, for messages.
    pub(crate) fn known() -> String {
        REGULATORS
            .iter()
            .map(|r| {
                if r.name.eq_ignore_ascii_case(r.id) {
                    format!("`{}`", r.name)
                } else {
                    format!("`{}` (or `{}`)", r.name, r.id)
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether `url` is a page on the regulator's own website.
    pub(crate) fn is_own(&self, url: &str) -> bool {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        rest.is_some_and(|rest| {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            self.rules
                .hosts
                .iter()
                .any(|h| host.eq_ignore_ascii_case(h))
        })
    }

    /// Whether `url` is a page on the regulator's website, over https, other than its home
    /// page: one that can hold an assessment.
    pub(crate) fn is_page(&self, url: &str) -> bool {
        url.starts_with("https://")
            && self.is_own(url)
            && url["https://".len()..]
                .split_once('/')
                .is_some_and(|(_, path)| !path.trim_matches('/').is_empty())
    }

    /// Whether `id` can be a provider or location id: letters, digits and hyphens.
    pub(crate) fn is_id(id: &str) -> bool {
        !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    }

    /// The regulator's page for a provider or location id.
    pub(crate) fn page(pattern: &str, id: &str) -> String {
        let id: String = id
            .trim()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        pattern.replace("{id}", &id)
    }

    /// Whether a seed may give this rating.
    pub(crate) fn allows(&self, rating: Rating) -> bool {
        self.scale.contains(&rating) || self.states.contains(&rating)
    }

    /// Whether it gives ratings at all (HIW and RQIA report without them).
    pub(crate) fn rates(&self) -> bool {
        !self.scale.is_empty()
    }

    /// Whether it gives an overall rating, beside its questions.
    pub(crate) fn gives_overall(&self) -> bool {
        self.questions.first() == Some(&KeyQuestion::Overall)
    }

    /// Its questions or themes, without the overall rating.
    pub(crate) fn key_questions(&self) -> &'static [KeyQuestion] {
        match self.questions.split_first() {
            Some((KeyQuestion::Overall, rest)) => rest,
            _ => self.questions,
        }
    }

    /// The words a reader sees for a rating it gives.
    pub(crate) fn label(&self, rating: Rating) -> &'static str {
        self.labels
            .iter()
            .find(|(r, _)| *r == rating)
            .map_or_else(|| rating.label(), |(_, label)| label)
    }

    /// A question as it puts it to readers.
    pub(crate) fn question(&self, question: KeyQuestion) -> &'static str {
        match question {
            KeyQuestion::Overall => self.overall_is,
            q => q.question(),
        }
    }

    /// The values a seed may give: its grades, best first, then its states.
    pub(crate) fn values(&self) -> impl Iterator<Item = Rating> + '_ {
        self.scale.iter().chain(self.states).copied()
    }

    /// The values a seed may give, for messages: `outstanding`, `good`, ...
    pub(crate) fn allowed(&self) -> String {
        self.values()
            .map(|r| format!("`{}`", r.slug()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The questions a seed may rate, for messages.
    pub(crate) fn allowed_questions(&self) -> String {
        self.questions
            .iter()
            .map(|q| format!("`{}`", q.key()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_questions_of_one_regulator_share_a_slot() {
        for regulator in REGULATORS {
            let mut slots: Vec<usize> = regulator.questions.iter().map(|q| q.slot()).collect();
            slots.sort_unstable();
            slots.dedup();
            assert_eq!(slots.len(), regulator.questions.len(), "{}", regulator.name);
            assert!(slots.iter().all(|s| *s < KeyQuestion::SLOTS));
        }
    }

    #[test]
    fn a_regulator_is_found_by_name_or_id_and_knows_its_own_website() {
        assert!(std::ptr::eq(Regulator::find("cqc").unwrap(), &CQC));
        assert!(std::ptr::eq(
            Regulator::find(" care quality commission").unwrap(),
            &CQC
        ));
        assert!(Regulator::find("Ofstead").is_none());
        assert!(CQC.is_own("https://www.cqc.org.uk/location/1-123"));
        assert!(CQC.is_own("https://CQC.org.uk"));
        assert!(!CQC.is_own("https://www.cqc.org.uk.example.com/x"));
        assert!(!CQC.is_own("https://example.org/?https://www.cqc.org.uk/"));
        assert_eq!(
            Regulator::page(CQC.rules.location_page.unwrap(), "1-2345<x>"),
            "https://www.cqc.org.uk/location/1-2345x"
        );
    }
}
