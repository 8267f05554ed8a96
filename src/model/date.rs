//! Dates as writers type them: a full date (`2020-01-15`) or a month (`2019-09`), checked to be
//! real and shown in words ("15 January 2020", "January 2020").

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(crate) const DATE_HELP: &str =
    "write a full date as YYYY-MM-DD (for example 2020-01-15) or a month as YYYY-MM (2020-01)";

/// A calendar date, or a whole month when the day is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    year: i16,
    month: i8,
    day: Option<i8>,
}

impl Date {
    /// Parses `YYYY-MM-DD` or `YYYY-MM`, refusing dates that do not exist.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('-').collect();
        let shape_ok = matches!(parts.len(), 2 | 3)
            && parts[0].len() == 4
            && parts[1..].iter().all(|p| p.len() == 2)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !shape_ok {
            return Err(format!("`{text}` is not a date"));
        }
        let year: i16 = parts[0]
            .parse()
            .map_err(|_| format!("`{text}` is not a date"))?;
        let month: i8 = parts[1]
            .parse()
            .map_err(|_| format!("`{text}` is not a date"))?;
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}` is not a date: there is no month {month}"));
        }
        let day = match parts.get(2) {
            None => None,
            Some(d) => {
                let day: i8 = d.parse().map_err(|_| format!("`{text}` is not a date"))?;
                let last = days_in_month(year, month);
                if day < 1 || day > last {
                    return Err(format!(
                        "`{text}` is not a date: {} {year} has {last} days",
                        MONTHS[month as usize - 1]
                    ));
                }
                Some(day)
            }
        };
        Ok(Date { year, month, day })
    }

    pub fn from_ymd(year: i16, month: i8, day: i8) -> Option<Date> {
        Date::parse(&format!("{year:04}-{month:02}-{day:02}")).ok()
    }

    /// Today's date in UTC from a Unix timestamp (for `SOURCE_DATE_EPOCH`).
    pub fn from_unix_seconds(seconds: i64) -> Option<Date> {
        let ts = jiff::Timestamp::from_second(seconds).ok()?;
        let date = ts.to_zoned(jiff::tz::TimeZone::UTC).date();
        Date::from_ymd(date.year(), date.month(), date.day())
    }

    pub fn today_utc() -> Date {
        let date = jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date();
        Date {
            year: date.year(),
            month: date.month(),
            day: Some(date.day()),
        }
    }

    pub fn year(&self) -> i16 {
        self.year
    }

    pub fn month(&self) -> i8 {
        self.month
    }

    pub fn day(&self) -> Option<i8> {
        self.day
    }

    pub fn has_day(&self) -> bool {
        self.day.is_some()
    }

    /// The first day this date can mean: a month starts on its 1st.
    fn earliest(&self) -> (i16, i8, i8) {
        (self.year, self.month, self.day.unwrap_or(1))
    }

    /// The last day this date can mean: a month ends on its last day.
    fn latest(&self) -> (i16, i8, i8) {
        (
            self.year,
            self.month,
            self.day
                .unwrap_or_else(|| days_in_month(self.year, self.month)),
        )
    }

    /// True when every day this date can mean is before every day `other` can mean.
    /// A deadline of "January 2020" has passed only once February has begun.
    pub fn is_wholly_before(&self, other: &Date) -> bool {
        self.latest() < other.earliest()
    }

    /// A sort key that puts later dates after earlier ones, a month before its own days.
    pub fn sort_key(&self) -> (i16, i8, i8) {
        (self.year, self.month, self.day.unwrap_or(0))
    }

    /// ISO 8601 form, for `<time datetime>` and feeds.
    pub fn iso(&self) -> String {
        match self.day {
            Some(day) => format!("{:04}-{:02}-{:02}", self.year, self.month, day),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }

    /// The start of the date as an RFC 3339 time, for Atom feeds (a month starts on its 1st).
    pub fn rfc3339(&self) -> String {
        let (year, month, day) = self.earliest();
        format!("{year:04}-{month:02}-{day:02}T00:00:00Z")
    }

    /// The date in words: "15 January 2020", or "January 2020" for a month.
    pub fn words(&self) -> String {
        let month = MONTHS[self.month as usize - 1];
        match self.day {
            Some(day) => format!("{day} {month} {}", self.year),
            None => format!("{month} {}", self.year),
        }
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

fn days_in_month(year: i16, month: i8) -> i8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date as YYYY-MM-DD or YYYY-MM")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Date, E> {
                Err(E::custom(format!("`{v}` is not a date")))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Date, E> {
                Err(E::custom(format!("`{v}` is not a date")))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// The shape `Date::parse` reads: a year, a month from 01 to 12 and an optional day from 01 to
/// 31, as editors' YAML extensions can check it. Whether the day exists in its month
/// (`2020-02-30`) is left to the build, which names the month's length.
pub(crate) const DATE_PATTERN: &str = "^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$";

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A full date as YYYY-MM-DD (2020-01-15), or a month as YYYY-MM (2020-01) when the day is not known.",
            "type": "string",
            "pattern": DATE_PATTERN,
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_dates_and_months_read_in_words() {
        assert_eq!(
            Date::parse("2020-01-15").unwrap().words(),
            "15 January 2020"
        );
        assert_eq!(Date::parse("2019-09").unwrap().words(), "September 2019");
    }

    #[test]
    fn impossible_dates_are_refused_with_the_reason() {
        assert_eq!(
            Date::parse("2020-02-30").unwrap_err(),
            "`2020-02-30` is not a date: February 2020 has 29 days"
        );
        assert_eq!(
            Date::parse("2019-02-29").unwrap_err(),
            "`2019-02-29` is not a date: February 2019 has 28 days"
        );
        assert!(Date::parse("2020-13").unwrap_err().contains("no month 13"));
        assert!(Date::parse("15/01/2020").is_err());
        assert!(Date::parse("2020-1-5").is_err());
    }

    #[test]
    fn a_month_deadline_passes_only_when_the_month_is_over() {
        let due = Date::parse("2020-01").unwrap();
        assert!(!due.is_wholly_before(&Date::parse("2020-01-31").unwrap()));
        assert!(due.is_wholly_before(&Date::parse("2020-02-01").unwrap()));
    }

    #[test]
    fn source_date_epoch_gives_the_utc_day() {
        // 1579046400 is 2020-01-15T00:00:00Z.
        assert_eq!(
            Date::from_unix_seconds(1_579_046_400).unwrap().iso(),
            "2020-01-15"
        );
    }
}
