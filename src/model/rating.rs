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

    /// How many there are, for tables indexed by [`KeyQuestion::index`].
    pub(crate) const COUNT: usize = KeyQuestion::ALL.len();

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
    /// Ofsted: how well children and young people are helped and protected.
    #[serde(default, rename = "helped-and-protected")]
    pub helped_and_protected: Option<Given>,
    /// Ofsted: the effectiveness of leaders and managers.
    #[serde(default, rename = "leaders-and-managers")]
    pub leaders_and_managers: Option<Given>,
    /// The Care Inspectorate: how well do we support people's wellbeing?
    #[serde(default)]
    pub wellbeing: Option<Given>,
    /// The Care Inspectorate: how good is our leadership?
    #[serde(default)]
    pub leadership: Option<Given>,
    /// The Care Inspectorate: how good is our staff team?
    #[serde(default, rename = "staff-team")]
    pub staff_team: Option<Given>,
    /// The Care Inspectorate: how good is our setting?
    #[serde(default)]
    pub setting: Option<Given>,
    /// The Care Inspectorate: how well is our care and support planned?
    #[serde(default, rename = "care-planning")]
    pub care_planning: Option<Given>,
    /// Care Inspectorate Wales: well-being.
    #[serde(default, rename = "well-being")]
    pub well_being: Option<Given>,
    /// Care Inspectorate Wales: care and support.
    #[serde(default, rename = "care-and-support")]
    pub care_and_support: Option<Given>,
    /// Care Inspectorate Wales: leadership and management.
    #[serde(default, rename = "leadership-and-management")]
    pub leadership_and_management: Option<Given>,
    /// Care Inspectorate Wales: environment.
    #[serde(default)]
    pub environment: Option<Given>,
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
            KeyQuestion::HelpedAndProtected => self.helped_and_protected.as_ref(),
            KeyQuestion::LeadersAndManagers => self.leaders_and_managers.as_ref(),
            KeyQuestion::Wellbeing => self.wellbeing.as_ref(),
            KeyQuestion::Leadership => self.leadership.as_ref(),
            KeyQuestion::StaffTeam => self.staff_team.as_ref(),
            KeyQuestion::Setting => self.setting.as_ref(),
            KeyQuestion::CarePlanning => self.care_planning.as_ref(),
            KeyQuestion::WellBeing => self.well_being.as_ref(),
            KeyQuestion::CareAndSupport => self.care_and_support.as_ref(),
            KeyQuestion::LeadershipAndManagement => self.leadership_and_management.as_ref(),
            KeyQuestion::Environment => self.environment.as_ref(),
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
