//! The seed files the import writes: their YAML, the end line that separates what the import
//! owns from what the writer adds below it, and the fingerprint that shows whether anyone
//! edited the imported part since. Also reading an imported part back, so a later import
//! keeps the ratings a newer data file no longer lists.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde_yaml::Value;

use crate::model::Date;
use crate::scaffold::service_id;

use super::cqc::{Dated, Given, Level, Question, ServiceAt, service_identity};

/// The start of the line that ends the imported part of a seed file.
pub(crate) const END: &str = "# --- end of imported ratings";

/// What the import writes above the end line.
pub(crate) struct Header<'a> {
    /// The data file's name (no folders), for the first comment line.
    pub(crate) source: &'a str,
    pub(crate) provider_name: &'a str,
    pub(crate) provider_id: &'a str,
    pub(crate) published: Date,
}

/// The seed file's name for a provider and a publication date.
pub(crate) fn file_name(provider_id: &str, published: Date) -> String {
    let id: String = provider_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("cqc-{id}-{}.yaml", published.iso())
}

/// The ids of the locations, by CQC location id: the slug of the name (its id when the name
/// has no letters or digits). Two locations with one name both get their CQC id added, so
/// neither takes the other's pages.
pub(crate) fn location_keys(names: &BTreeMap<String, String>) -> HashMap<String, String> {
    let slug = |id: &str, name: &str| {
        let key = service_id(name);
        if key.is_empty() { service_id(id) } else { key }
    };
    let mut uses: HashMap<String, usize> = HashMap::new();
    for (id, name) in names {
        *uses.entry(slug(id, name)).or_default() += 1;
    }
    names
        .iter()
        .map(|(id, name)| {
            let key = slug(id, name);
            let key = if uses.get(&key).copied().unwrap_or(0) > 1 {
                format!("{key}-{}", service_id(id))
            } else {
                key
            };
            (id.clone(), key)
        })
        .collect()
}

/// A service's id: `<location id>-<service>` at a location, the service's alone trust-wide.
pub(crate) fn service_key(
    at: &ServiceAt,
    name: &str,
    locations: &HashMap<String, String>,
) -> Option<String> {
    let service = service_id(name);
    if service.is_empty() {
        return None;
    }
    Some(match at.location() {
        None => service,
        Some(id) => format!("{}-{service}", locations.get(id)?),
    })
}

/// A service the file rates, for the summary.
pub(crate) struct RatedService {
    pub(crate) key: String,
    pub(crate) name: String,
    pub(crate) location: Option<String>,
}

/// One level's ratings, in the order they are written.
type Rated<'a> = Vec<(Question, &'a Given)>;

/// The imported part of a seed file (everything above the end line), and the services in it.
/// An error names a service whose id cannot be made, or two that would share one.
pub(crate) fn render(
    header: &Header<'_>,
    dated: &Dated,
    locations: &HashMap<String, String>,
) -> Result<(String, Vec<RatedService>), String> {
    let mut provider = Vec::new();
    // By location key: (CQC id, name, ratings); by service key: (name, location key, ratings).
    let mut places: BTreeMap<String, (String, String, Rated<'_>)> = BTreeMap::new();
    let mut services: BTreeMap<String, (String, Option<String>, Rated<'_>)> = BTreeMap::new();
    let mut service_levels: HashMap<String, &ServiceAt> = HashMap::new();
    let name_of = |level: &Level| dated.names.get(level).cloned().unwrap_or_default();
    let mut place = |id: &str| -> Result<String, String> {
        let key = locations
            .get(id)
            .cloned()
            .ok_or_else(|| format!("the location `{id}` has no key in this report"))?;
        places.entry(key.clone()).or_insert_with(|| {
            (
                id.to_owned(),
                name_of(&Level::Location(id.to_owned())),
                Vec::new(),
            )
        });
        Ok(key)
    };
    let mut location_ratings = Vec::new();
    for ((level, question), given) in &dated.ratings {
        match level {
            Level::Provider => provider.push((*question, given)),
            Level::Location(id) => {
                let key = place(id)?;
                location_ratings.push((key, *question, given));
            }
            Level::Service(at) => {
                let name = name_of(level);
                let location = at.location().map(&mut place).transpose()?;
                let key = service_key(at, &name, locations).ok_or_else(|| {
                    format!("the service `{name}` has no letters or digits to make an id from")
                })?;
                if let Some(other) = service_levels.insert(key.clone(), at)
                    && other != at
                {
                    return Err(format!(
                        "two services would have the id `{key}`: `{}` and `{name}`",
                        dated
                            .names
                            .get(&Level::Service(other.clone()))
                            .map_or("", String::as_str)
                    ));
                }
                services
                    .entry(key)
                    .or_insert_with(|| (name, location, Vec::new()))
                    .2
                    .push((*question, given));
            }
        }
    }
    for (key, question, given) in location_ratings {
        if let Some(entry) = places.get_mut(&key) {
            entry.2.push((question, given));
        }
    }

    let mut out = String::new();
    let source = header.source.replace(|c: char| c.is_control(), "?");
    let _ = writeln!(
        out,
        "# Imported by `carepages import cqc` from the CQC's ratings data ({source})."
    );
    let _ = writeln!(
        out,
        "# Running the import again rewrites everything above the line \"{END}\"."
    );
    out.push_str("# Write passages and notes below that line: the import keeps them.\n");
    out.push_str("regulator: Care Quality Commission\n");
    let _ = writeln!(out, "provider: {}", quote(header.provider_name));
    let _ = writeln!(out, "provider_id: {}", quote(header.provider_id));
    let _ = writeln!(out, "published: {}", header.published.iso());
    // The data's URL is mostly the provider's own page, which `provider_id` already links
    // to; only the address of a report itself is a `report_url`.
    if let Some(url) = dated.report_url.as_deref().filter(|url| is_report(url)) {
        let _ = writeln!(out, "report_url: {}", quote(url));
    }
    if !provider.is_empty() {
        out.push_str("provider_ratings:\n");
        write_ratings(&mut out, "  ", &provider);
    }
    if !places.is_empty() {
        out.push_str("locations:\n");
        for (key, (id, name, ratings)) in &places {
            let _ = writeln!(out, "  {}:", plain(key));
            let _ = writeln!(out, "    name: {}", quote(name));
            let _ = writeln!(out, "    location_id: {}", quote(id));
            write_ratings(&mut out, "    ", ratings);
        }
    }
    let mut rated = Vec::new();
    if !services.is_empty() {
        out.push_str("services:\n");
        for (key, (name, location, ratings)) in &services {
            let _ = writeln!(out, "  {}:", plain(key));
            let _ = writeln!(out, "    name: {}", quote(name));
            if let Some(location) = location {
                let _ = writeln!(out, "    location: {}", plain(location));
            }
            write_ratings(&mut out, "    ", ratings);
            rated.push(RatedService {
                key: key.clone(),
                name: name.clone(),
                location: location
                    .as_ref()
                    .and_then(|l| places.get(l))
                    .map(|(_, name, _)| name.clone()),
            });
        }
    }
    Ok((out, rated))
}

fn write_ratings(out: &mut String, indent: &str, ratings: &[(Question, &Given)]) {
    let mut ratings = ratings.to_vec();
    ratings.sort_by_key(|(q, _)| *q);
    for (question, given) in ratings {
        let word = given.word.slug();
        match &given.inherited_from {
            None => {
                let _ = writeln!(out, "{indent}{}: {word}", question.key());
            }
            Some(from) => {
                let _ = writeln!(
                    out,
                    "{indent}{}: {{ rating: {word}, inherited_from: {} }}",
                    question.key(),
                    quote(from)
                );
            }
        }
    }
}

/// A string in double quotes, escaped as JSON does (and YAML reads), with every character
/// YAML would not take as it is escaped too: no name can break the file.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An id as a YAML key or value: bare when YAML reads it back as the same string, else quoted.
fn plain(id: &str) -> String {
    const WORDS_YAML_READS_OTHERWISE: [&str; 11] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "inf", "nan",
    ];
    let bare = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !WORDS_YAML_READS_OTHERWISE.contains(&id);
    if bare { id.to_owned() } else { quote(id) }
}

/// The end line for an imported part.
pub(crate) fn end_line(above: &str) -> String {
    format!("{END} (fingerprint {}) ---", fingerprint(above))
}

/// FNV-1a (64 bits) of the imported part, with the words after `inherited_from:` left out
/// (the writer may change them) and line ends as `\n` (an editor or Git may change them).
pub(crate) fn fingerprint(above: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for line in above.split_inclusive('\n') {
        let line = line.trim_end_matches(['\r', '\n']);
        let canonical = match line.find("inherited_from:") {
            Some(at) if line.trim_end().ends_with('}') => &line[..at + "inherited_from:".len()],
            _ => line,
        };
        for byte in canonical.bytes().chain([b'\n']) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// A seed file that is already there, split at its end line.
pub(crate) struct Existing {
    /// A byte-order mark the file starts with, kept.
    pub(crate) bom: bool,
    /// The imported part, with `\n` line ends.
    pub(crate) above: String,
    /// Whether the file's lines end in `\r\n`, kept.
    pub(crate) crlf: bool,
    /// Everything after the end line's text (from its line break on), byte for byte.
    pub(crate) rest: String,
}

/// Why an existing file is not one the import may rewrite.
pub(crate) enum Refusal {
    /// It has no end line: the writer wrote it.
    HandWritten,
    /// Its imported part does not match its fingerprint: someone edited it. The end line's
    /// number (1-based).
    Edited { line: usize },
}

/// Splits an existing file at its end line, checking its fingerprint.
pub(crate) fn split(text: &str) -> Result<Existing, Refusal> {
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\r', '\n']);
        if content.starts_with(END) {
            let raw_above = &text[..offset];
            let above = raw_above.replace("\r\n", "\n");
            let recorded = content
                .split_once("(fingerprint ")
                .and_then(|(_, rest)| rest.split_once(')'))
                .map(|(hash, _)| hash.trim());
            if recorded != Some(fingerprint(&above).as_str()) {
                return Err(Refusal::Edited { line: index + 1 });
            }
            return Ok(Existing {
                bom,
                crlf: raw_above.contains("\r\n"),
                above,
                rest: text[offset + content.len()..].to_owned(),
            });
        }
        offset += line.len();
    }
    Err(Refusal::HandWritten)
}

impl Existing {
    /// The file with `above` as its imported part and everything below kept.
    pub(crate) fn replaced(&self, above: &str) -> String {
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        if self.crlf {
            out.push_str(&above.replace('\n', "\r\n"));
        } else {
            out.push_str(above);
        }
        out.push_str(&end_line(above));
        out.push_str(&self.rest);
        out
    }

    /// Whether `above` says what the file says, leaving aside the first line, which only
    /// names the data file the ratings came from.
    pub(crate) fn says(&self, above: &str) -> bool {
        let body = |text: &str| {
            text.split_once('\n')
                .map_or("", |(_, body)| body)
                .to_owned()
        };
        body(&self.above) == body(above)
    }
}

/// A new file: the imported part and its end line.
pub(crate) fn new_file(above: &str) -> String {
    format!("{above}{}\n", end_line(above))
}

/// Reads an imported part back into its ratings, with the ids its locations had.
pub(crate) fn parse(above: &str) -> Result<Dated, (Option<usize>, String)> {
    let value: Value =
        serde_yaml::from_str(above).map_err(|e| (e.location().map(|l| l.line()), e.to_string()))?;
    let whole = |message: String| (None, message);
    let mut dated = Dated {
        report_url: value
            .get("report_url")
            .and_then(Value::as_str)
            .map(str::to_owned),
        ..Dated::default()
    };
    if let Some(ratings) = value.get("provider_ratings") {
        read_ratings(ratings, &Level::Provider, &mut dated, &[]).map_err(whole)?;
    }
    let mut ids_by_key: HashMap<String, String> = HashMap::new();
    if let Some(locations) = value.get("locations").and_then(Value::as_mapping) {
        for (key, entry) in locations {
            let key = key.as_str().unwrap_or_default();
            let id = entry
                .get("location_id")
                .and_then(Value::as_str)
                .ok_or_else(|| whole(format!("location `{key}` has no location_id")))?;
            let name = entry
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let level = Level::Location(id.to_owned());
            dated.names.insert(level.clone(), name.to_owned());
            ids_by_key.insert(key.to_owned(), id.to_owned());
            read_ratings(entry, &level, &mut dated, &["name", "location_id"]).map_err(whole)?;
        }
    }
    if let Some(services) = value.get("services").and_then(Value::as_mapping) {
        for (key, entry) in services {
            let key = key.as_str().unwrap_or_default();
            let name = entry
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let at = match entry.get("location").and_then(Value::as_str) {
                None => ServiceAt::TrustWide(service_identity(name)),
                Some(location) => {
                    let id = ids_by_key.get(location).ok_or_else(|| {
                        whole(format!(
                            "service `{key}` is at location `{location}`, which the file does not list"
                        ))
                    })?;
                    ServiceAt::Location(id.clone(), service_identity(name))
                }
            };
            let level = Level::Service(at);
            dated.names.insert(level.clone(), name.to_owned());
            read_ratings(entry, &level, &mut dated, &["name", "location"]).map_err(whole)?;
        }
    }
    Ok(dated)
}

fn read_ratings(
    entry: &Value,
    level: &Level,
    dated: &mut Dated,
    other_keys: &[&str],
) -> Result<(), String> {
    let Some(mapping) = entry.as_mapping() else {
        return Err("ratings are not a list of key questions".to_owned());
    };
    for (key, value) in mapping {
        let key = key.as_str().unwrap_or_default();
        if other_keys.contains(&key) {
            continue;
        }
        let question = super::cqc::parse_question(key)
            .filter(|q| q.key() == key)
            .ok_or_else(|| format!("`{key}` is not a key question"))?;
        let given = match value {
            Value::String(word) => Given {
                word: super::cqc::word_from_key(word)
                    .ok_or_else(|| format!("`{word}` is not a rating"))?,
                inherited_from: None,
            },
            Value::Mapping(parts)
                if parts.len() == 2
                    && parts.contains_key("rating")
                    && parts.contains_key("inherited_from") =>
            {
                let word = value
                    .get("rating")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let from = value
                    .get("inherited_from")
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        format!("the words after `inherited_from:` of `{key}` are not text")
                    })?;
                Given {
                    word: super::cqc::word_from_key(word)
                        .ok_or_else(|| format!("`{word}` is not a rating"))?,
                    inherited_from: Some(from.to_owned()),
                }
            }
            Value::Mapping(_) => {
                return Err(format!(
                    "`{key}` must be `{{ rating: ..., inherited_from: \"...\" }}`"
                ));
            }
            _ => return Err(format!("`{key}` has no rating")),
        };
        dated.ratings.insert((level.clone(), question), given);
    }
    Ok(())
}

/// Whether `url` is more than a provider's or location's page on the CQC's website.
fn is_report(url: &str) -> bool {
    let trimmed = url.trim().trim_end_matches('/');
    let path = trimmed.split_once("://").map_or(trimmed, |(_, rest)| rest);
    let mut parts = path.split('/').skip(1);
    !matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some("provider" | "location"), Some(_), None)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_names_read_back_as_written() {
        for name in [
            "St Mary's Hospital: Outpatients",
            "- a list? # not a comment",
            "\"quoted\" \\ back",
            "tab\there\nnew line",
            "bell\u{7} del\u{7f} nel\u{85} ls\u{2028}",
            "café – ‘curly’",
            "true",
            "",
        ] {
            let yaml = format!("name: {}\n", quote(name));
            let value: Value = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(value["name"].as_str(), Some(name), "{yaml}");
        }
    }

    #[test]
    fn ids_yaml_would_read_as_something_else_are_quoted() {
        assert_eq!(plain("maternity"), "maternity");
        assert_eq!(plain("ward-7"), "ward-7");
        assert_eq!(plain("7-ward"), "\"7-ward\"");
        assert_eq!(plain("yes"), "\"yes\"");
    }

    #[test]
    fn the_fingerprint_ignores_inherited_words_and_line_ends() {
        let a = "safe: { rating: good, inherited_from: \"the previous provider\" }\n";
        let b = "safe: { rating: good, inherited_from: Sunrise Care Ltd }\r\n";
        let c = "safe: { rating: inadequate, inherited_from: \"the previous provider\" }\n";
        assert_eq!(fingerprint(a), fingerprint(b));
        assert_ne!(fingerprint(a), fingerprint(c));
        assert_eq!(fingerprint(a).len(), 16);
    }

    #[test]
    fn locations_sharing_a_name_get_their_cqc_id_added() {
        let names: BTreeMap<String, String> = [
            ("RX101", "Trust Headquarters"),
            ("RX102", "Trust headquarters"),
            ("RX103", "Example General Hospital"),
            ("RX104", "***"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .into_iter()
        .collect();
        let keys = location_keys(&names);
        assert_eq!(keys["RX101"], "trust-headquarters-rx101");
        assert_eq!(keys["RX102"], "trust-headquarters-rx102");
        assert_eq!(keys["RX103"], "example-general-hospital");
        assert_eq!(keys["RX104"], "rx104");
    }
}
