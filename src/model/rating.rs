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
    /// Ofsted's third grade for social care.
    RequiresImprovementToBeGood,
    /// Care Inspectorate Wales's lowest grade.
    RequiresSignificantImprovement,
    /// The Care Inspectorate's grades, 6 to 1 (with `good`, grade 4); `excellent` is also
    /// Care Inspectorate Wales's best.
    Excellent,
    VeryGood,
    Adequate,
    Weak,
    Unsatisfactory,
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
            Rating::RequiresImprovementToBeGood => "Requires improvement to be good",
            Rating::RequiresSignificantImprovement => "Requires significant improvement",
            Rating::Excellent => "Excellent",
            Rating::VeryGood => "Very good",
            Rating::Adequate => "Adequate",
            Rating::Weak => "Weak",
            Rating::Unsatisfactory => "Unsatisfactory",
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
            Rating::RequiresImprovementToBeGood => "requires-improvement-to-be-good",
            Rating::RequiresSignificantImprovement => "requires-significant-improvement",
            Rating::Excellent => "excellent",
            Rating::VeryGood => "very-good",
            Rating::Adequate => "adequate",
            Rating::Weak => "weak",
            Rating::Unsatisfactory => "unsatisfactory",
            Rating::NotRated => "not-rated",
            Rating::InspectedButNotRated => "inspected-but-not-rated",
            Rating::Suspended => "suspended",
        }
    }

    /// Every rating and state, for matching words in writers' text.
    pub(crate) const ALL: [Rating; 14] = [
        Rating::Outstanding,
        Rating::Good,
        Rating::RequiresImprovement,
        Rating::Inadequate,
        Rating::RequiresImprovementToBeGood,
        Rating::RequiresSignificantImprovement,
        Rating::Excellent,
        Rating::VeryGood,
        Rating::Adequate,
        Rating::Weak,
        Rating::Unsatisfactory,
        Rating::NotRated,
        Rating::InspectedButNotRated,
        Rating::Suspended,
    ];

    /// A grade on some regulator's scale, rather than a state such as "not rated".
    pub(crate) fn is_grade(self) -> bool {
        !matches!(
            self,
            Rating::NotRated | Rating::InspectedButNotRated | Rating::Suspended
        )
    }

    /// The colours its badge takes, named as the theme names them: the grades near the top
    /// of every scale share the CQC's colours for its top grades, and so on down. The shape
    /// and the word, never the colour, tell grades apart.
    pub(crate) fn family(self) -> &'static str {
        match self {
            Rating::Outstanding | Rating::Excellent => "outstanding",
            Rating::Good | Rating::VeryGood => "good",
            Rating::RequiresImprovement
            | Rating::RequiresImprovementToBeGood
            | Rating::Adequate
            | Rating::Weak => "requires-improvement",
            Rating::Inadequate
            | Rating::RequiresSignificantImprovement
            | Rating::Unsatisfactory => "inadequate",
            Rating::NotRated | Rating::InspectedButNotRated | Rating::Suspended => "not-rated",
        }
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
            "description": "A rating on the regulator's scale, or the state it left a rating in: not-rated, inspected-but-not-rated (inspected with too little evidence to rate), suspended. The Care Quality Commission: outstanding, good, requires-improvement, inadequate. Ofsted: outstanding, good, requires-improvement-to-be-good, inadequate. The Care Inspectorate (Scotland): excellent, very-good, good, adequate, weak, unsatisfactory. Care Inspectorate Wales: excellent, good, requires-improvement, requires-significant-improvement.",
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
    /// Ofsted (social care): how well children and young people are helped and protected.
    HelpedAndProtected,
    /// Ofsted (social care): the effectiveness of leaders and managers.
    LeadersAndManagers,
    /// The Care Inspectorate (Scotland): its key questions for care homes.
    Wellbeing,
    Leadership,
    StaffTeam,
    Setting,
    CarePlanning,
    /// Care Inspectorate Wales: its four themes.
    WellBeing,
    CareAndSupport,
    LeadershipAndManagement,
    Environment,
}

impl KeyQuestion {
    /// Every question of every regulator: overall, then each regulator's in its order.
    pub(crate) const ALL: [KeyQuestion; 17] = [
        KeyQuestion::Overall,
        KeyQuestion::Safe,
        KeyQuestion::Effective,
        KeyQuestion::Caring,
        KeyQuestion::Responsive,
        KeyQuestion::WellLed,
        KeyQuestion::HelpedAndProtected,
        KeyQuestion::LeadersAndManagers,
        KeyQuestion::Wellbeing,
        KeyQuestion::Leadership,
        KeyQuestion::StaffTeam,
        KeyQuestion::Setting,
        KeyQuestion::CarePlanning,
        KeyQuestion::WellBeing,
        KeyQuestion::CareAndSupport,
        KeyQuestion::LeadershipAndManagement,
        KeyQuestion::Environment,
    ];

    pub(crate) fn label(self) -> &'static str {
        match self {
            KeyQuestion::Overall => "Overall",
            KeyQuestion::Safe => "Safe",
            KeyQuestion::Effective => "Effective",
            KeyQuestion::Caring => "Caring",
            KeyQuestion::Responsive => "Responsive",
            KeyQuestion::WellLed => "Well-led",
            KeyQuestion::HelpedAndProtected => "Helped and protected",
            KeyQuestion::LeadersAndManagers => "Leaders and managers",
            KeyQuestion::Wellbeing => "Wellbeing",
            KeyQuestion::Leadership => "Leadership",
            KeyQuestion::StaffTeam => "Staff team",
            KeyQuestion::Setting => "Setting",
            KeyQuestion::CarePlanning => "Care planning",
            KeyQuestion::WellBeing => "Well-being",
            KeyQuestion::CareAndSupport => "Care and support",
            KeyQuestion::LeadershipAndManagement => "Leadership and management",
            KeyQuestion::Environment => "Environment",
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
            KeyQuestion::HelpedAndProtected => "helped-and-protected",
            KeyQuestion::LeadersAndManagers => "leaders-and-managers",
            KeyQuestion::Wellbeing => "wellbeing",
            KeyQuestion::Leadership => "leadership",
            KeyQuestion::StaffTeam => "staff-team",
            KeyQuestion::Setting => "setting",
            KeyQuestion::CarePlanning => "care-planning",
            KeyQuestion::WellBeing => "well-being",
            KeyQuestion::CareAndSupport => "care-and-support",
            KeyQuestion::LeadershipAndManagement => "leadership-and-management",
            KeyQuestion::Environment => "environment",
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
            KeyQuestion::HelpedAndProtected => {
                "How well children and young people are helped and protected"
            }
            KeyQuestion::LeadersAndManagers => "The effectiveness of leaders and managers",
            KeyQuestion::Wellbeing => "How well do we support people's wellbeing?",
            KeyQuestion::Leadership => "How good is our leadership?",
            KeyQuestion::StaffTeam => "How good is our staff team?",
            KeyQuestion::Setting => "How good is our setting?",
            KeyQuestion::CarePlanning => "How well is our care and support planned?",
            KeyQuestion::WellBeing => "Well-being",
            KeyQuestion::CareAndSupport => "Care and support",
            KeyQuestion::LeadershipAndManagement => "Leadership and management",
            KeyQuestion::Environment => "Environment",
        }
    }

    /// Its place among its own regulator's questions, below [`KeyQuestion::SLOTS`]: no two
    /// questions of one regulator share a slot, so a level's ratings fit in a few slots
    /// whatever the number of regulators.
    pub(crate) fn slot(self) -> usize {
        match self {
            KeyQuestion::Overall => 0,
            KeyQuestion::Safe
            | KeyQuestion::HelpedAndProtected
            | KeyQuestion::Wellbeing
            | KeyQuestion::WellBeing => 1,
            KeyQuestion::Effective
            | KeyQuestion::LeadersAndManagers
            | KeyQuestion::Leadership
            | KeyQuestion::CareAndSupport => 2,
            KeyQuestion::Caring | KeyQuestion::StaffTeam | KeyQuestion::LeadershipAndManagement => {
                3
            }
            KeyQuestion::Responsive | KeyQuestion::Setting | KeyQuestion::Environment => 4,
            KeyQuestion::WellLed | KeyQuestion::CarePlanning => 5,
        }
    }

    /// How many slots [`KeyQuestion::slot`] uses.
    pub(crate) const SLOTS: usize = 6;
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
///
/// The questions of every regulator are keys a report may give, but one report gives a
/// handful, so only those it gives are kept: a directory's reports hold tens of thousands of
/// these.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Ratings {
    /// The regulator's name for it, when it differs from the page title.
    pub name: Option<String>,
    /// For a service: the location (a key of `locations:`) it was rated at.
    pub location: Option<String>,
    /// For a location: the regulator's id for it (the CQC's location id, `1-123456789`).
    pub location_id: Option<String>,
    /// The previous provider whose ratings these are, when the regulator carried them over.
    pub inherited_from: Option<String>,
    /// Each question it rates, in the order the report gives them.
    given: Box<[(KeyQuestion, Given)]>,
}

/// The keys a ratings block may have, as messages list them.
const RATINGS_FIELDS: &[&str] = &[
    "name",
    "location",
    "location_id",
    "inherited_from",
    "overall",
    "safe",
    "effective",
    "caring",
    "responsive",
    "well-led",
    "helped-and-protected",
    "leaders-and-managers",
    "wellbeing",
    "leadership",
    "staff-team",
    "setting",
    "care-planning",
    "well-being",
    "care-and-support",
    "leadership-and-management",
    "environment",
];

/// A key of a ratings block, read as the parser reads a field's name, so a key no regulator
/// asks about is reported at the key itself.
#[derive(Clone, Copy)]
enum RatingsKey {
    Name,
    Location,
    LocationId,
    InheritedFrom,
    Question(KeyQuestion),
}

impl RatingsKey {
    fn name(self) -> &'static str {
        match self {
            RatingsKey::Name => "name",
            RatingsKey::Location => "location",
            RatingsKey::LocationId => "location_id",
            RatingsKey::InheritedFrom => "inherited_from",
            RatingsKey::Question(q) => q.key(),
        }
    }
}

impl<'de> Deserialize<'de> for RatingsKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = RatingsKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("field identifier")
            }
            fn visit_str<E: de::Error>(self, key: &str) -> Result<RatingsKey, E> {
                Ok(match key {
                    "name" => RatingsKey::Name,
                    "location" => RatingsKey::Location,
                    "location_id" => RatingsKey::LocationId,
                    "inherited_from" => RatingsKey::InheritedFrom,
                    other => RatingsKey::Question(
                        KeyQuestion::ALL
                            .into_iter()
                            .find(|q| q.key() == other)
                            .ok_or_else(|| E::unknown_field(other, RATINGS_FIELDS))?,
                    ),
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for Ratings {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RatingsVisitor;
        impl<'de> Visitor<'de> for RatingsVisitor {
            type Value = Ratings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("struct Ratings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ratings, A::Error> {
                let mut ratings = Ratings::default();
                let mut given: Vec<(KeyQuestion, Given)> = Vec::new();
                while let Some(key) = map.next_key::<RatingsKey>()? {
                    let slot = match key {
                        RatingsKey::Name => &mut ratings.name,
                        RatingsKey::Location => &mut ratings.location,
                        RatingsKey::LocationId => &mut ratings.location_id,
                        RatingsKey::InheritedFrom => &mut ratings.inherited_from,
                        RatingsKey::Question(question) => {
                            if given.iter().any(|(q, _)| *q == question) {
                                return Err(de::Error::duplicate_field(question.key()));
                            }
                            // `safe:` with nothing after it is no rating, as for the texts.
                            if let Some(value) = map.next_value::<Option<Given>>()? {
                                given.push((question, value));
                            }
                            continue;
                        }
                    };
                    if slot.is_some() {
                        return Err(de::Error::duplicate_field(key.name()));
                    }
                    *slot = map.next_value::<Option<String>>()?;
                }
                ratings.given = given.into_boxed_slice();
                Ok(ratings)
            }
        }
        deserializer.deserialize_struct("Ratings", RATINGS_FIELDS, RatingsVisitor)
    }
}

/// As the loader reads it: the texts, and each question of every regulator as a [`Given`].
impl schemars::JsonSchema for Ratings {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Ratings".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let given = generator.subschema_for::<Option<Given>>();
        let text = |description: &str| {
            schemars::json_schema!({
                "description": description,
                "default": null,
                "type": ["string", "null"],
            })
        };
        let mut properties = serde_json::Map::new();
        for (key, description) in [
            (
                "name",
                "The regulator's name for it, when it differs from the page title.",
            ),
            (
                "location",
                "For a service: the location (a key of `locations:`) it was rated at.",
            ),
            (
                "location_id",
                "For a location: the regulator's id for it (the CQC's location id, `1-123456789`).",
            ),
            (
                "inherited_from",
                "The previous provider whose ratings these are, when the regulator carried them over.",
            ),
        ] {
            properties.insert(key.to_owned(), text(description).into());
        }
        for question in KeyQuestion::ALL {
            let mut schema = given.clone();
            let whose: Vec<&str> = super::regulator::REGULATORS
                .iter()
                .filter(|r| r.questions.contains(&question))
                .map(|r| r.name)
                .collect();
            schema.insert(
                "description".to_owned(),
                format!(
                    "{} ({}).",
                    match question {
                        KeyQuestion::Overall => "The overall rating",
                        q => q.question(),
                    },
                    whose.join(", ")
                )
                .into(),
            );
            properties.insert(question.key().to_owned(), schema.into());
        }
        schemars::json_schema!({
            "description": "The ratings one report gave one level: the provider, a location or a service. A question the report did not rate is left out: the rating from an earlier report stands.",
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        })
    }
}

impl Ratings {
    pub(crate) fn get(&self, question: KeyQuestion) -> Option<&Given> {
        self.given
            .iter()
            .find(|(q, _)| *q == question)
            .map(|(_, given)| given)
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
