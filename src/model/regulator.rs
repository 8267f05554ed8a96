//! The regulators carepages knows, as data: a new regulator is a new entry here, not a
//! rewrite of the pages that show its ratings.

use super::rating::{KeyQuestion, Rating};

/// What the regulator requires of a page that shows its ratings.
#[derive(Debug)]
pub(crate) struct DisplayRules {
    /// Its web address, which every page showing a rating must show as text.
    pub web_address: &'static str,
    /// The hosts of its own website: a report link elsewhere does not meet the rules.
    pub hosts: &'static [&'static str],
    /// The page of a provider, from the regulator's provider id (`{id}` is replaced).
    pub provider_page: &'static str,
    /// The page of a location, from the regulator's location id.
    pub location_page: &'static str,
    /// Days after publication by which a new rating must be shown.
    pub days_to_show: u32,
    /// The rule's name, as messages cite it.
    pub rule: &'static str,
}

/// A regulator: its names, its scale and questions, and its display rules.
#[derive(Debug)]
pub(crate) struct Regulator {
    /// The short id a seed may give (`cqc`).
    pub id: &'static str,
    pub name: &'static str,
    /// Its website's home page.
    pub home: &'static str,
    /// Its grades, best first.
    pub scale: &'static [Rating],
    /// The states a rating may be in beyond the scale.
    pub states: &'static [Rating],
    /// The questions it rates, overall first when it gives an overall rating.
    pub questions: &'static [KeyQuestion],
    pub rules: DisplayRules,
}

/// The Care Quality Commission, which regulates health and social care in England.
pub(crate) static CQC: Regulator = Regulator {
    id: "cqc",
    name: "Care Quality Commission",
    home: "https://www.cqc.org.uk/",
    scale: &[
        Rating::Outstanding,
        Rating::Good,
        Rating::RequiresImprovement,
        Rating::Inadequate,
    ],
    states: &[
        Rating::NotRated,
        Rating::InspectedButNotRated,
        Rating::Suspended,
    ],
    questions: &KeyQuestion::ALL,
    rules: DisplayRules {
        web_address: "www.cqc.org.uk",
        hosts: &["www.cqc.org.uk", "cqc.org.uk"],
        provider_page: "https://www.cqc.org.uk/provider/{id}",
        location_page: "https://www.cqc.org.uk/location/{id}",
        days_to_show: 21,
        rule: "Regulation 20A",
    },
};

/// Every regulator carepages knows.
pub(crate) static REGULATORS: &[&Regulator] = &[&CQC];

impl Regulator {
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
            .map(|r| format!("`{}` (or `{}`)", r.name, r.id))
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
            Regulator::page(CQC.rules.location_page, "1-2345<x>"),
            "https://www.cqc.org.uk/location/1-2345x"
        );
    }
}
