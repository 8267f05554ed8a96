//! The evidence pages are grown from: regulator reports and published statements, as typed
//! into `seeds/`. Ratings live only here, so no rating is ever typed twice.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::date::Date;
use super::rating::Ratings;
use super::regulator::Regulator;

/// A person who speaks for the trust.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Person {
    /// Their name, as published.
    pub name: String,
    /// Their role at the trust (Chief executive).
    pub role: String,
}

/// When inspectors visited: one month or date, or a span.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Visits {
    /// The first visit.
    pub from: Date,
    /// The last visit, when there was more than one.
    #[serde(default)]
    pub to: Option<Date>,
}

/// `seeds/inspections/<id>.yaml`: one regulator report.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct InspectionFile {
    /// The regulator that wrote the report: `Care Quality Commission` (or `cqc`).
    #[schemars(extend("examples" = ["Care Quality Commission"]))]
    pub regulator: String,
    /// The provider the report is about, as the report names it.
    pub provider: String,
    /// The regulator's id for the provider (the CQC's provider id, `RX1`).
    #[serde(default)]
    pub provider_id: Option<String>,
    /// When inspectors visited.
    #[serde(default)]
    pub visited: Option<Visits>,
    /// When the report was published.
    #[serde(default)]
    pub published: Option<Date>,
    /// The report on the regulator's website.
    #[serde(default)]
    pub report_url: Option<String>,
    /// Ratings for the provider as a whole.
    #[serde(default)]
    pub provider_ratings: Option<Ratings>,
    /// Locations (hospitals, sites) the report rates, keyed by the site's id for them.
    #[serde(default, deserialize_with = "unique_keys")]
    pub locations: BTreeMap<String, Ratings>,
    /// Ratings per service, keyed by service id (the file stem of its page).
    #[serde(default, deserialize_with = "unique_keys")]
    pub services: BTreeMap<String, Ratings>,
    /// Passages of the report that pages may quote.
    #[serde(default)]
    pub passages: Vec<Passage>,
}

/// A map in which each key may appear once: YAML would otherwise keep the last of two
/// entries for one service and drop the first without a word.
fn unique_keys<'de, D, V>(deserializer: D) -> Result<BTreeMap<String, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    V: Deserialize<'de>,
{
    struct Unique<V>(std::marker::PhantomData<V>);
    impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Unique<V> {
        type Value = BTreeMap<String, V>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of ids to ratings")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut found = BTreeMap::new();
            while let Some((key, value)) = map.next_entry::<String, V>()? {
                if found.contains_key(&key) {
                    return Err(serde::de::Error::custom(format!(
                        "`{key}` is given twice in this report: give its ratings once"
                    )));
                }
                found.insert(key, value);
            }
            Ok(found)
        }
    }
    deserializer.deserialize_map(Unique(std::marker::PhantomData))
}

/// A passage of a report, word for word.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Passage {
    /// The passage, word for word.
    pub text: String,
    /// Where the passage was read, when not in the report itself (a news report quoting it).
    #[serde(default)]
    pub quoted_in: Option<String>,
    /// The services (ids) the passage is about: only their pages may quote it. Empty: any.
    #[serde(default)]
    pub services: Vec<String>,
}

/// `seeds/statements/<id>.yaml`: something the trust published, word for word.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatementFile {
    /// Who made the statement.
    pub by: Person,
    /// When it was published.
    #[serde(default)]
    pub date: Option<Date>,
    /// Where it was published ("A local news report").
    #[serde(default)]
    pub published_in: Option<String>,
    /// Where it can be read.
    #[serde(default)]
    pub url: Option<String>,
    /// The statement, word for word.
    pub text: String,
}

/// A loaded inspection: the file, its id and where it came from.
#[derive(Debug, Clone)]
pub(crate) struct Inspection {
    pub id: String,
    pub path: PathBuf,
    /// The file as written, for placing messages.
    pub text: String,
    pub data: InspectionFile,
    /// The regulator `data.regulator` names, found once when the report is read.
    pub named: Option<&'static Regulator>,
}

impl Inspection {
    /// The regulator the report names; the CQC when it names none carepages knows (which
    /// validation reports as an error).
    pub(crate) fn regulator(&self) -> &'static Regulator {
        self.named.unwrap_or(&super::regulator::CQC)
    }

    /// The date that orders reports: publication, else the last visit.
    pub(crate) fn date(&self) -> Option<Date> {
        self.data
            .published
            .or_else(|| self.data.visited.as_ref().map(|v| v.to.unwrap_or(v.from)))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Statement {
    pub id: String,
    pub path: PathBuf,
    /// The file as written, for placing messages.
    pub text: String,
    pub data: StatementFile,
}
