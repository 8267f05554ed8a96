//! The regulator's rating scale and the questions it asks of every service. Closed sets, so a
//! typo such as `gud` is an error, never a silently missing badge.

use serde::{Deserialize, Serialize};

/// A rating the regulator gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Rating {
    Outstanding,
    Good,
    RequiresImprovement,
    Inadequate,
    /// The regulator looked but did not give a rating.
    NotRated,
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
        }
    }
}

/// The five questions the regulator asks, plus the overall rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
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
}

/// The ratings one report gave one service (or the whole provider). A question the report did
/// not rate is `None`, shown as "not known", never guessed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Ratings {
    /// The service's name as the report gives it, when it differs from the page title.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub overall: Option<Rating>,
    #[serde(default)]
    pub safe: Option<Rating>,
    #[serde(default)]
    pub effective: Option<Rating>,
    #[serde(default)]
    pub caring: Option<Rating>,
    #[serde(default)]
    pub responsive: Option<Rating>,
    #[serde(default, rename = "well-led")]
    pub well_led: Option<Rating>,
}

impl Ratings {
    pub(crate) fn get(&self, question: KeyQuestion) -> Option<Rating> {
        match question {
            KeyQuestion::Overall => self.overall,
            KeyQuestion::Safe => self.safe,
            KeyQuestion::Effective => self.effective,
            KeyQuestion::Caring => self.caring,
            KeyQuestion::Responsive => self.responsive,
            KeyQuestion::WellLed => self.well_led,
        }
    }
}
