//! The files beside the pages that publishing needs: the Atom feed of dated events, the
//! sitemap, robots.txt, `ratings.json` for the trust's main website, `.nojekyll` and `CNAME`.

use serde::Serialize;

use super::catalogue::paths;
use super::views::{InspectionView, ServiceRow};
use super::{Contents, Output, Renderer};
use crate::config::BaseUrl;
use crate::load::Loaded;
use crate::markdown::slug;
use crate::model::seeds::Inspection;
use crate::model::standing::{Register, Standing};
use crate::model::{Date, KeyQuestion, Regulator};
use crate::xml::escape_xml;
use std::collections::BTreeMap;

/// The version of the `ratings.json` shape; raised on any change a consumer could notice.
pub(crate) const RATINGS_JSON_VERSION: u32 = 3;

pub(crate) fn text(path: &str, text: String) -> Output {
    Output {
        path: path.to_owned(),
        contents: Contents::Bytes(text.into_bytes()),
    }
}

/// A sitemap's `<urlset>` of addresses with their last-reviewed dates.
pub(crate) fn urlset(urls: &[(String, Option<Date>)]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, reviewed) in urls {
        xml.push_str(&format!("  <url><loc>{}</loc>", escape_xml(url)));
        if let Some(date) = reviewed {
            xml.push_str(&format!("<lastmod>{}</lastmod>", date.iso()));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A sitemap index of the sitemap files at `parts`.
pub(crate) fn sitemap_index(parts: &[String]) -> String {
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for part in parts {
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape_xml(part)
        ));
    }
    index.push_str("</sitemapindex>\n");
    index
}

pub(crate) fn robots(base: &BaseUrl) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        base.url_to(paths::SITEMAP)
    )
}

/// The newest events the feed keeps: readers follow what is new, and a directory of
/// thousands of services would otherwise publish a feed of hundreds of megabytes.
pub(crate) const FEED_LIMIT: usize = 200;

/// One dated event of the feed.
struct Entry {
    id: String,
    title: String,
    link: String,
    date: Date,
    summary: String,
}

/// The Atom feed (RFC 4287): new reports, apologies and action progress, newest first. Ids
/// are built from what the event is, not its position, so they stay the same between builds.
pub(crate) fn feed(site: &Loaded, inspections: &[&Inspection], today: Date) -> Output {
    let base = &site.base;
    let mut entries: Vec<Entry> = Vec::new();
    for inspection in inspections {
        // An entry is dated by the report's publication. A report whose publication date no
        // source gives is left out rather than given a day nobody stated (its visits give a
        // month at best).
        let Some(date) = inspection.data.published else {
            continue;
        };
        let view = InspectionView::new(inspection);
        let rated = inspection.data.services.len();
        let overall = inspection
            .data
            .provider_ratings
            .as_ref()
            .and_then(|r| r.get(crate::model::KeyQuestion::Overall))
            .map(|g| match g.rating {
                r if r.is_grade() => format!(
                    " It rated {} {} overall.",
                    view.provider,
                    inspection.regulator().label(r)
                ),
                r => format!(" Overall: {}.", r.label()),
            })
            .unwrap_or_default();
        let what = format!(
            "{} published a report on {} on {}.",
            inspection.regulator().called_start,
            view.provider,
            date.words()
        );
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let locations = inspection.data.locations.len();
        let rates = match (rated, locations) {
            (0, 0) => String::new(),
            (1, 0) => " The report rates one of its services.".to_owned(),
            (_, 0) => format!(" The report rates {rated} of its services."),
            (0, _) => format!(
                " The report rates {}.",
                plural(locations, "location", "locations")
            ),
            _ => format!(
                " The report rates {} and {}.",
                plural(locations, "location", "locations"),
                plural(rated, "service", "services")
            ),
        };
        entries.push(Entry {
            id: format!("{}#report-{}", base.url_to(paths::HOME), inspection.id),
            title: format!("Report from {} on {}", view.regulator_called, view.provider),
            link: base.url_to(paths::HOME),
            date,
            summary: format!("{what}{overall}{rates}"),
        });
    }
    // A directory has thousands of dated events: find the newest by date first, and write
    // out only those (and any that share the cut-off date, so the order stays exact).
    enum Pending<'a> {
        Apology(
            &'a crate::model::page::ServicePage,
            &'a crate::model::page::Apology,
        ),
        Update(
            &'a crate::model::page::ServicePage,
            &'a crate::model::page::Action,
            usize,
        ),
    }
    let mut pending: Vec<(Date, Pending)> = Vec::new();
    for page in &site.services {
        if let Some(apology) = &page.front.apology
            && let Some(date) = apology.date
        {
            pending.push((date, Pending::Apology(page, apology)));
        }
        for action in page.front.improvement.iter().flat_map(|i| &i.actions) {
            for (n, update) in action.updates.iter().enumerate() {
                pending.push((update.date, Pending::Update(page, action, n)));
            }
        }
    }
    pending.sort_by_key(|(date, _)| std::cmp::Reverse(*date));
    if let Some(&(cutoff, _)) = pending.get(FEED_LIMIT.saturating_sub(1)) {
        pending.retain(|(date, _)| *date >= cutoff);
    }
    for (date, event) in pending {
        match event {
            Pending::Apology(page, apology) => {
                let url = base.url_to(&paths::service(&page.id));
                entries.push(Entry {
                    id: format!("{url}#apology-{}", date.iso()),
                    title: format!(
                        "{}: an apology from {}, {}",
                        page.front.title, apology.by.name, apology.by.role
                    ),
                    link: format!("{url}#apology-heading"),
                    date,
                    summary: apology
                        .text
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                });
            }
            Pending::Update(page, action, n) => {
                let url = base.url_to(&paths::service(&page.id));
                let update = &action.updates[n];
                entries.push(Entry {
                    id: format!(
                        "{url}#action-{}-{}-{n}",
                        slug(&action.title),
                        update.date.iso()
                    ),
                    title: format!("{}: progress on “{}”", page.front.title, action.title),
                    link: format!("{url}#improvement-heading"),
                    date,
                    summary: update.text.split_whitespace().collect::<Vec<_>>().join(" "),
                });
            }
        }
    }
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    entries.truncate(FEED_LIMIT);
    let updated = entries.first().map_or(today, |e| e.date);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    xml.push_str(&format!(
        " xml:lang=\"{}\">\n",
        escape_xml(&site.config.language)
    ));
    xml.push_str(&format!(
        "  <title>{}</title>\n",
        escape_xml(&site.config.title)
    ));
    xml.push_str(&format!(
        "  <subtitle>Ratings, reports, apologies and progress from {}</subtitle>\n",
        escape_xml(&site.config.organisation.name)
    ));
    xml.push_str(&format!(
        "  <id>{}</id>\n",
        escape_xml(&base.url_to(paths::HOME))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&base.url_to(paths::FEED))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(&base.url_to(paths::HOME))
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", updated.rfc3339()));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape_xml(&site.config.organisation.name)
    ));
    for e in entries {
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <id>{}</id>\n", escape_xml(&e.id)));
        xml.push_str(&format!("    <title>{}</title>\n", escape_xml(&e.title)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&e.link)
        ));
        xml.push_str(&format!("    <updated>{}</updated>\n", e.date.rfc3339()));
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            escape_xml(&e.summary)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    text(paths::FEED, xml)
}

/// `ratings.json`: the documented, versioned shape other websites read.
#[derive(Serialize)]
struct RatingsFile<'a> {
    version: u32,
    site: String,
    /// The site's own regulator: the one whose ratings `ratings` give unless `regulator`
    /// says otherwise.
    regulator: RegulatorRef,
    /// Every regulator whose ratings the file holds, the site's own first.
    regulators: Vec<RegulatorRef>,
    organisation: RatedThing<'a>,
    locations: Vec<RatedThing<'a>>,
    services: Vec<RatedThing<'a>>,
    /// Every report a rating above comes from, by id.
    reports: BTreeMap<&'a str, ReportRef>,
}

#[derive(Serialize)]
struct RegulatorRef {
    id: &'static str,
    name: &'static str,
    web_address: &'static str,
    url: &'static str,
}

#[derive(Serialize)]
struct RatedThing<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    name: &'a str,
    /// The regulator's name for it, when it differs from `name`.
    #[serde(skip_serializing_if = "Option::is_none")]
    regulator_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    badge: Option<String>,
    /// The regulator (its `id`) whose ratings `ratings` are.
    regulator: &'static str,
    /// The page on the regulator's website with the latest assessment.
    assessment_url: Option<String>,
    ratings: RatingsRef<'a>,
    /// What other regulators rate it: a children's home's Ofsted judgements beside its CQC
    /// ratings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    also: Vec<AlsoRated<'a>>,
}

/// Another regulator's ratings of one thing.
#[derive(Serialize)]
struct AlsoRated<'a> {
    regulator: &'static str,
    assessment_url: Option<String>,
    ratings: RatingsRef<'a>,
}

#[derive(Serialize)]
struct ReportRef {
    regulator: String,
    visited_from: Option<String>,
    visited_to: Option<String>,
    published: Option<String>,
    url: Option<String>,
}

/// One rating that stands, with the date and id of the report that gave it.
#[derive(Serialize)]
struct RatingRef<'a> {
    rating: &'static str,
    label: &'static str,
    /// The report's publication date (or, where it has none, its last visit).
    date: Option<String>,
    report: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inherited_from: Option<&'a str>,
}

/// Every question of the regulator's (overall first, where it gives one) in its order, by
/// the key seeds use, `null` where the rating is not known.
struct RatingsRef<'a>(Vec<(&'static str, Option<RatingRef<'a>>)>);

impl Serialize for RatingsRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, rating) in &self.0 {
            map.serialize_entry(key, rating)?;
        }
        map.end()
    }
}

fn ratings_map<'a>(
    standing: &Standing<'a>,
    regulator: &Regulator,
    reports: &mut BTreeMap<&'a str, ReportRef>,
) -> RatingsRef<'a> {
    let mut get = |q: KeyQuestion| {
        standing.get(q).map(|current| {
            let report = current.report;
            reports
                .entry(report.id.as_str())
                .or_insert_with(|| report_ref(report));
            RatingRef {
                rating: current.given.rating.slug(),
                label: regulator.label(current.given.rating),
                date: report.date().map(|d| d.iso()),
                report: report.id.as_str(),
                score: current.given.score,
                inherited_from: current.inherited_from(),
            }
        })
    };
    RatingsRef(
        regulator
            .questions
            .iter()
            .map(|q| (q.key(), get(*q)))
            .collect(),
    )
}

fn regulator_ref(regulator: &'static Regulator) -> RegulatorRef {
    RegulatorRef {
        id: regulator.id,
        name: regulator.name,
        web_address: regulator.rules.web_address,
        url: regulator.home,
    }
}

fn report_ref(inspection: &Inspection) -> ReportRef {
    let data = &inspection.data;
    ReportRef {
        regulator: inspection.regulator().name.to_owned(),
        visited_from: data.visited.as_ref().map(|v| v.from.iso()),
        visited_to: data.visited.as_ref().and_then(|v| v.to).map(|d| d.iso()),
        published: data.published.map(|d| d.iso()),
        url: data.report_url.clone(),
    }
}

pub(crate) fn ratings_json(r: &Renderer, rows: &[ServiceRow]) -> Output {
    let site = r.site;
    let base = &site.base;
    let register = r.primary();
    let regulator = r.regulator();
    let mut reports = BTreeMap::new();
    let whole = r.registers.of_provider();
    let organisation = RatedThing {
        id: None,
        name: &site.config.organisation.name,
        regulator_name: None,
        location: None,
        url: Some(base.url_to(paths::HOME)),
        badge: Some(base.url_to(&paths::badge(paths::TRUST))),
        regulator: whole.regulator.id,
        assessment_url: whole.assessment_url(&whole.provider, None),
        ratings: ratings_map(&whole.provider, whole.regulator, &mut reports),
        also: Vec::new(),
    };
    let locations = register
        .locations
        .iter()
        .map(|(id, standing)| RatedThing {
            id: Some(id),
            name: standing.name().unwrap_or(id),
            regulator_name: None,
            location: None,
            url: None,
            badge: None,
            regulator: regulator.id,
            assessment_url: register.assessment_url(standing, Some(id)),
            ratings: ratings_map(standing, regulator, &mut reports),
            also: Vec::new(),
        })
        .collect();
    // The services of the site's own regulator's grid, then those only others rate.
    let only_others: Vec<(&Register, ServiceRow)> = r
        .registers
        .others()
        .iter()
        .flat_map(|other| {
            let mut rows: Vec<(&Register, ServiceRow)> = site
                .services
                .iter()
                .filter(|page| std::ptr::eq(r.registers.home_of(&page.id), other))
                .map(|page| {
                    (
                        other,
                        r.service_row(other, super::catalogue::Listed::of(page)),
                    )
                })
                .collect();
            rows.sort_by(|a, b| (&a.1.title, &a.1.id).cmp(&(&b.1.title, &b.1.id)));
            rows
        })
        .collect();
    let all_rows = rows
        .iter()
        .map(|row| (register, row))
        .chain(only_others.iter().map(|(other, row)| (*other, row)));
    let mut services = Vec::new();
    for (home, row) in all_rows {
        let standing = home.service(&row.id);
        let mut also = Vec::new();
        for other in r.registers.rating(&row.id) {
            if std::ptr::eq(other, home) {
                continue;
            }
            let theirs = other.service(&row.id);
            also.push(AlsoRated {
                regulator: other.regulator.id,
                assessment_url: other.assessment_url(theirs, theirs.location()),
                ratings: ratings_map(theirs, other.regulator, &mut reports),
            });
        }
        services.push(RatedThing {
            id: Some(&row.id),
            name: &row.title,
            regulator_name: standing
                .name()
                .filter(|n| !super::catalogue::same_name(n, &row.title)),
            location: row.location_id.as_deref(),
            url: Some(base.url_to(&paths::service(&row.id))),
            badge: Some(base.url_to(&paths::badge(&row.id))),
            regulator: home.regulator.id,
            assessment_url: home.assessment_url(standing, row.location_id.as_deref()),
            ratings: ratings_map(standing, home.regulator, &mut reports),
            also,
        });
    }
    let file = RatingsFile {
        version: RATINGS_JSON_VERSION,
        site: base.url_to(paths::HOME),
        regulator: regulator_ref(regulator),
        regulators: r
            .registers
            .shown(&site.services)
            .map(|r| regulator_ref(r.regulator))
            .collect(),
        organisation,
        locations,
        services,
        reports,
    };
    // Compact: a directory's file is megabytes, a third of them spaces when pretty.
    let mut json = serde_json::to_string(&file).unwrap_or_default();
    json.push('\n');
    text(paths::RATINGS_JSON, json)
}

/// FNV-1a, 64 bits: a stable content hash for cache-busting file names (not for security).
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:010x}", hash >> 24)
}

/// `style.css` with `hash` becomes `style.<hash>.css`.
pub(crate) fn hashed_name(name: &str, hash: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_change_with_content() {
        let a = hashed_name("css/style.css", &content_hash(b"a { color: red }"));
        let b = hashed_name("css/style.css", &content_hash(b"a { color: blue }"));
        assert!(a.starts_with("css/style.") && a.ends_with(".css"));
        assert_ne!(a, b);
        assert_eq!(
            a,
            hashed_name("css/style.css", &content_hash(b"a { color: red }"))
        );
    }

    #[test]
    fn a_sitemap_index_names_each_part_by_its_full_address() {
        let base = BaseUrl::parse("https://example.org/r/").unwrap();
        let parts: Vec<String> = (1..=3)
            .map(|n| base.url_to(&paths::sitemap_part(n)))
            .collect();
        let index = sitemap_index(&parts);
        assert!(index.contains("<sitemapindex"));
        assert!(index.contains("<loc>https://example.org/r/sitemap-3.xml</loc>"));
        let urlset = urlset(&[(base.url_to("a&b/"), None)]);
        assert!(
            urlset.contains("<loc>https://example.org/r/a&amp;b/</loc>"),
            "{urlset}"
        );
    }
}
