//! The ratings a regulator gives and the questions it asks of every service. Closed sets, so a
//! typo such as `gud` is an error, never a silently missing badge.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// A rating the regulator gave, or the state it left a rating in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Rating {
    Outstanding,
    Good,
    RequiresImprovement,
    Inadequate,
    /// The regulator has not rated it (a new service, or one it does not rate).
    NotRated,
    /// The regulator inspected but did not give a rating (too little evidence to rate).
    InspectedButNotRated,
    /// The regulator has suspended the rating (while a provider changes, for example).
    Suspended,
}

impl Rating {
    /// The word the regulator uses, as a reader sees it.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Rating::Outstanding => "Outstanding",
            Rating::Good => "Good",
            Rating::RequiresImprovement => "Requires improvement",
            Rating::Inadequate => "Inadequate",
            Rating::NotRated => "Not rated",
            Rating::InspectedButNotRated => "Inspected but not rated",
            Rating::Suspended => "Rating suspended",
        }
    }

    /// The value as written in seeds, and the CSS class of its badge.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            Rating::Outstanding => "outstanding",
            Rating::Good => "good",
            Rating::RequiresImprovement => "requires-improvement",
            Rating::Inadequate => "inadequate",
            Rating::NotRated => "not-rated",
            Rating::InspectedButNotRated => "inspected-but-not-rated",
            Rating::Suspended => "suspended",
        }
    }

    /// Every rating and state, for matching words in writers' text.
    pub(crate) const ALL: [Rating; 7] = [
        Rating::Outstanding,
        Rating::Good,
        Rating::RequiresImprovement,
        Rating::Inadequate,
        Rating::NotRated,
        Rating::InspectedButNotRated,
        Rating::Suspended,
    ];

    /// A grade on the regulator's scale, rather than a state such as "not rated".
    pub(crate) fn is_grade(self) -> bool {
        matches!(
            self,
            Rating::Outstanding | Rating::Good | Rating::RequiresImprovement | Rating::Inadequate
        )
    }
}

/// The values a seed may give, as editors' YAML extensions list them: every rating and state.
impl schemars::JsonSchema for Rating {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rating".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let words: Vec<&str> = Rating::ALL.iter().map(|r| r.slug()).collect();
        schemars::json_schema!({
            "description": "A rating on the regulator's scale (outstanding, good, requires-improvement, inadequate), or the state it left a rating in: not-rated, inspected-but-not-rated (inspected with too little evidence to rate), suspended.",
            "type": "string",
            "enum": words,
        })
    }
}

/// The five questions the regulator asks, plus the overall rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum KeyQuestion {
    Overall,
    Safe,
    Effective,
    Caring,
    Responsive,
    WellLed,
}

impl KeyQuestion {
    /// The five key questions in the regulator's order (overall is not one of them).
    pub(crate) const FIVE: [KeyQuestion; 5] = [
        KeyQuestion::Safe,
        KeyQuestion::Effective,
        KeyQuestion::Caring,
        KeyQuestion::Responsive,
        KeyQuestion::WellLed,
    ];

    /// Overall, then the five, in the regulator's order.
    pub(crate) const ALL: [KeyQuestion; 6] = [
        KeyQuestion::Overall,
        KeyQuestion::Safe,
        KeyQuestion::Effective,
        KeyQuestion::Caring,
        KeyQuestion::Responsive,
        KeyQuestion::WellLed,
    ];

    pub(crate) fn label(self) -> &'static str {
        match self {
            KeyQuestion::Overall => "Overall",
            KeyQuestion::Safe => "Safe",
            KeyQuestion::Effective => "Effective",
            KeyQuestion::Caring => "Caring",
            KeyQuestion::Responsive => "Responsive",
            KeyQuestion::WellLed => "Well-led",
        }
    }

    /// The key as written in seeds.
    pub(crate) fn key(self) -> &'static str {
        match self {
            KeyQuestion::Overall => "overall",
            KeyQuestion::Safe => "safe",
            KeyQuestion::Effective => "effective",
            KeyQuestion::Caring => "caring",
            KeyQuestion::Responsive => "responsive",
            KeyQuestion::WellLed => "well-led",
        }
    }

    /// The question as the regulator puts it to readers.
    pub(crate) fn question(self) -> &'static str {
        match self {
            KeyQuestion::Overall => "Overall rating",
            KeyQuestion::Safe => "Are services safe?",
            KeyQuestion::Effective => "Are services effective?",
            KeyQuestion::Caring => "Are services caring?",
            KeyQuestion::Responsive => "Are services responsive to people's needs?",
            KeyQuestion::WellLed => "Are services well-led?",
        }
    }

    /// Its place in [`KeyQuestion::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// One rating as a report gives it: the word alone (`safe: good`), or the word with what the
/// regulator says of it (`safe: { rating: good, score: 72, inherited_from: ... }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Given {
    pub rating: Rating,
    /// The score out of 100 that assessments since 2024 give each key question.
    pub score: Option<u16>,
    /// The previous provider whose rating this is, when the regulator carried it over.
    pub inherited_from: Option<String>,
}

/// The long form of [`Given`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GivenInFull {
    rating: Rating,
    #[serde(default)]
    score: Option<u16>,
    #[serde(default)]
    inherited_from: Option<String>,
}

impl<'de> Deserialize<'de> for Given {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct GivenVisitor;
        impl<'de> Visitor<'de> for GivenVisitor {
            type Value = Given;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a rating such as `good`, or `{ rating: good, score: 72 }`")
            }
            fn visit_str<E: de::Error>(self, word: &str) -> Result<Given, E> {
                let rating = Rating::deserialize(de::value::StrDeserializer::<E>::new(word))?;
                Ok(Given {
                    rating,
                    score: None,
                    inherited_from: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Given, A::Error> {
                let full = GivenInFull::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Given {
                    rating: full.rating,
                    score: full.score,
                    inherited_from: full.inherited_from,
                })
            }
        }
        deserializer.deserialize_any(GivenVisitor)
    }
}

/// Either form [`Given`] reads. A score goes with a rating on the scale, from 0 to 100, as the
/// build checks.
impl schemars::JsonSchema for Given {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Given".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let rating = generator.subschema_for::<Rating>();
        let states: Vec<&str> = Rating::ALL
            .iter()
            .filter(|r| !r.is_grade())
            .map(|r| r.slug())
            .collect();
        schemars::json_schema!({
            "description": "A rating as the report gives it: the word alone (`safe: good`), or the word with what the regulator says of it (`safe: { rating: good, score: 72 }`).",
            "anyOf": [
                rating,
                {
                    "type": "object",
                    "properties": {
                        "rating": rating,
                        "score": {
                            "description": "The score out of 100 that assessments since 2024 give each key question: only with a rating on the scale, not a state.",
                            "type": ["integer", "null"],
                            "minimum": 0,
                            "maximum": 100,
                        },
                        "inherited_from": {
                            "description": "The previous provider whose rating this is, when the regulator carried it over.",
                            "type": ["string", "null"],
                        },
                    },
                    "required": ["rating"],
                    "additionalProperties": false,
                    "if": {
                        "properties": { "rating": { "enum": states } },
                        "required": ["rating", "score"],
                    },
                    "then": { "properties": { "score": { "type": "null" } } },
                },
            ],
        })
    }
}

/// The ratings one report gave one level: the provider, a location or a service. A question
/// the report did not rate is left out: the rating from an earlier report stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Ratings {
    /// The regulator's name for it, when it differs from the page title.
    #[serde(default)]
    pub name: Option<String>,
    /// For a service: the location (a key of `locations:`) it was rated at.
    #[serde(default)]
    pub location: Option<String>,
    /// For a location: the regulator's id for it (the CQC's location id, `1-123456789`).
    #[serde(default)]
    pub location_id: Option<String>,
    /// The previous provider whose ratings these are, when the regulator carried them over.
    #[serde(default)]
    pub inherited_from: Option<String>,
    /// The overall rating.
    #[serde(default)]
    pub overall: Option<Given>,
    /// Are services safe?
    #[serde(default)]
    pub safe: Option<Given>,
    /// Are services effective?
    #[serde(default)]
    pub effective: Option<Given>,
    /// Are services caring?
    #[serde(default)]
    pub caring: Option<Given>,
    /// Are services responsive to people's needs?
    #[serde(default)]
    pub responsive: Option<Given>,
    /// Are services well-led?
    #[serde(default, rename = "well-led")]
    pub well_led: Option<Given>,
}

impl Ratings {
    pub(crate) fn get(&self, question: KeyQuestion) -> Option<&Given> {
        match question {
            KeyQuestion::Overall => self.overall.as_ref(),
            KeyQuestion::Safe => self.safe.as_ref(),
            KeyQuestion::Effective => self.effective.as_ref(),
            KeyQuestion::Caring => self.caring.as_ref(),
            KeyQuestion::Responsive => self.responsive.as_ref(),
            KeyQuestion::WellLed => self.well_led.as_ref(),
        }
    }

    /// Whether it gives any rating at all.
    pub(crate) fn rates_anything(&self) -> bool {
        KeyQuestion::ALL.iter().any(|q| self.get(*q).is_some())
    }

    /// Who the rating of `question` was inherited from, if it was.
    pub(crate) fn inherited_from(&self, question: KeyQuestion) -> Option<&str> {
        self.get(question)
            .and_then(|g| g.inherited_from.as_deref())
            .or(self.inherited_from.as_deref())
    }
}
