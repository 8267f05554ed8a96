//! The content editor, when `cms:` is set in `carepages.yaml`: `admin/index.html`, which loads
//! Sveltia CMS, and `admin/config.yml`, its configuration (Decap CMS's format, which Sveltia
//! reads): where the site's files are and their fields, as the loader reads them.
//!
//! The page is the one page of a site that loads a script from elsewhere: Sveltia CMS from
//! unpkg.com, at a pinned version, with its Subresource Integrity hash so the browser runs
//! exactly the file checked here and nothing else served at that address.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Cms;
use crate::load::Loaded;
use crate::model::regulator::{CQC, REGULATORS};
use crate::model::{KeyQuestion, Rating, Regulator};
use crate::xml::escape_xml;

/// The version of Sveltia CMS the page loads.
pub(crate) const SVELTIA_VERSION: &str = "0.221.1";

/// Its script: `dist/sveltia-cms.js` of the npm package `@sveltia/cms`, from unpkg.com.
pub(crate) const SVELTIA_SCRIPT: &str =
    "https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js";

/// The SHA-384 of that file, as the npm registry has it: the hash of `package/dist/sveltia-cms.js`
/// in `cms-0.221.1.tgz`, the tarball whose SHA-512 is the registry's `dist.integrity`. To
/// upgrade, change the three constants together: `npm pack @sveltia/cms@<version>`, then
/// `tar xzf` it and `openssl dgst -sha384 -binary package/dist/sveltia-cms.js | base64`.
pub(crate) const SVELTIA_INTEGRITY: &str =
    "sha384-JQ+XsKx/UzwdTiNnFStza3XtqqQoVtyNPApkfvwlzZDfhe7giE9CnfQrpHqgv3k6";

/// Where editors' images go, and the address pages give them (read from `static/`).
const MEDIA_FOLDER: &str = "static/images";
const PUBLIC_FOLDER: &str = "/images";

/// The editor's page. It is not listed in the sitemap and asks search engines to leave it out.
pub(crate) fn page(site: &Loaded) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex\">\n<title>Edit: {title}</title>\n</head>\n<body>\n<noscript><p>The content editor needs JavaScript. The site itself does not: <a href=\"{home}\">{title}</a>.</p></noscript>\n<script src=\"{SVELTIA_SCRIPT}\" integrity=\"{SVELTIA_INTEGRITY}\" crossorigin=\"anonymous\"></script>\n</body>\n</html>\n",
        lang = escape_xml(&site.config.language),
        title = escape_xml(&site.config.title),
        home = escape_xml(&site.base.path),
    )
}

/// `admin/config.yml`.
pub(crate) fn config(site: &Loaded, cms: &Cms) -> String {
    let ids = Ids::of(site);
    let config = Config {
        backend: Backend {
            name: cms.backend.name(),
            repo: cms.repo.trim().to_owned(),
            branch: cms.branch.as_ref().map(|b| b.trim().to_owned()),
            base_url: cms
                .auth_url
                .as_ref()
                .map(|u| u.trim().trim_end_matches('/').to_owned()),
            // Without an OAuth client, "Sign in with GitHub" would go to Netlify's and fail:
            // editors sign in with an access token.
            auth_methods: cms.auth_url.is_none().then(|| vec!["token"]),
        },
        site_url: site.base.url_to(""),
        display_url: site.base.url_to(""),
        media_folder: MEDIA_FOLDER,
        public_folder: PUBLIC_FOLDER,
        slug: SlugOptions {
            encoding: "ascii",
            clean_accents: true,
        },
        output: OutputOptions {
            omit_empty_optional_fields: true,
        },
        collections: vec![services(), pages(), inspections(site, &ids), statements()],
    };
    let yaml = serde_yaml::to_string(&config).unwrap_or_default();
    format!(
        "# Made by carepages from carepages.yaml and the site's pages and reports, for the\n# content editor (Sveltia CMS, {SVELTIA_VERSION}). Edit those, not this file: every build writes it again.\n{yaml}"
    )
}

/// The ids a report may rate, so the editor shows a block for each.
struct Ids {
    /// Service ids with the page's title: every page, its old ids, and any id a report rates.
    services: Vec<(String, String)>,
    /// Location ids with their names, from every report.
    locations: Vec<(String, String)>,
}

impl Ids {
    fn of(site: &Loaded) -> Ids {
        let mut services: BTreeMap<String, String> = BTreeMap::new();
        let mut locations: BTreeMap<String, String> = BTreeMap::new();
        for page in &site.services {
            services.insert(page.id.clone(), page.front.title.clone());
            for alias in &page.front.aliases {
                services
                    .entry(alias.clone())
                    .or_insert_with(|| format!("{} (its old id)", page.front.title));
            }
        }
        for report in &site.inspections {
            for (id, ratings) in &report.data.services {
                services
                    .entry(id.clone())
                    .or_insert_with(|| ratings.name.clone().unwrap_or_else(|| id.clone()));
            }
            for (id, ratings) in &report.data.locations {
                let name = ratings.name.clone().filter(|n| !n.trim().is_empty());
                let entry = locations.entry(id.clone()).or_insert_with(|| id.clone());
                if let Some(name) = name {
                    *entry = name;
                }
            }
        }
        Ids {
            services: services.into_iter().collect(),
            locations: locations.into_iter().collect(),
        }
    }
}

#[derive(Serialize)]
struct Config {
    backend: Backend,
    site_url: String,
    display_url: String,
    media_folder: &'static str,
    public_folder: &'static str,
    slug: SlugOptions,
    output: OutputOptions,
    collections: Vec<Collection>,
}

#[derive(Serialize)]
struct Backend {
    name: &'static str,
    repo: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    branch: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    base_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auth_methods: Option<Vec<&'static str>>,
}

/// File names the editor makes: ASCII, so a new service's file name is an id carepages takes.
#[derive(Serialize)]
struct SlugOptions {
    encoding: &'static str,
    clean_accents: bool,
}

/// An optional field left empty is left out of the file, as a writer would leave it out: an
/// empty `date: ''` is not a date.
#[derive(Serialize)]
struct OutputOptions {
    omit_empty_optional_fields: bool,
}

#[derive(Serialize)]
struct Collection {
    name: &'static str,
    label: &'static str,
    label_singular: &'static str,
    description: &'static str,
    folder: &'static str,
    extension: &'static str,
    format: &'static str,
    create: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier_field: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<Slug>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    index_file: Option<IndexFile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filter: Option<Filter>,
    fields: Vec<Field>,
}

/// Which files of the folder the editor lists: those whose name (`slug`) the pattern matches.
#[derive(Serialize)]
struct Filter {
    field: &'static str,
    pattern: String,
}

/// How a new file is named: from the template, which the editor may change before the file is
/// first saved, never after (a file's name is its id, which others cite).
#[derive(Serialize)]
struct Slug {
    template: &'static str,
    editable: [&'static str; 1],
}

impl Slug {
    fn new(template: &'static str) -> Option<Slug> {
        Some(Slug {
            template,
            editable: ["create"],
        })
    }
}

/// The home page, `content/_index.md`, in the pages' folder with fields of its own.
#[derive(Serialize)]
struct IndexFile {
    name: &'static str,
    label: &'static str,
    fields: Vec<Field>,
}

/// One field of a file, as Decap CMS describes it.
#[derive(Serialize, Clone)]
struct Field {
    name: String,
    label: String,
    widget: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<[String; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<Vec<Choice>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multiple: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label_singular: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    collapsed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<Field>>,
}

/// One value of a select field, with the words the editor shows for it.
#[derive(Serialize, Clone)]
struct Choice {
    label: String,
    value: String,
}

impl Field {
    fn new(name: &str, label: &str, widget: &'static str) -> Field {
        Field {
            name: name.to_owned(),
            label: label.to_owned(),
            widget,
            required: None,
            hint: None,
            default: None,
            pattern: None,
            options: None,
            multiple: None,
            label_singular: None,
            summary: None,
            collapsed: None,
            fields: None,
        }
    }

    /// One line of text.
    fn string(name: &str, label: &str) -> Field {
        Field::new(name, label, "string")
    }

    /// Text of several lines, kept exactly as typed: quotations must match their source.
    fn text(name: &str, label: &str) -> Field {
        Field::new(name, label, "text")
    }

    /// Markdown, with the editor's toolbar.
    fn markdown(name: &str, label: &str) -> Field {
        Field::new(name, label, "markdown")
    }

    /// A date or a month, typed as carepages reads it: a date picker would refuse a month.
    fn date(name: &str, label: &str) -> Field {
        Field {
            pattern: Some([
                crate::model::date::DATE_PATTERN.to_owned(),
                "Write a date as YYYY-MM-DD (2020-01-15), or a month as YYYY-MM (2020-01)"
                    .to_owned(),
            ]),
            hint: Some("YYYY-MM-DD, or YYYY-MM for a month".to_owned()),
            ..Field::string(name, label)
        }
    }

    fn select(name: &str, label: &str, options: Vec<Choice>) -> Field {
        Field {
            options: Some(options),
            ..Field::new(name, label, "select")
        }
    }

    /// A block of fields.
    fn object(name: &str, label: &str, fields: Vec<Field>) -> Field {
        Field {
            fields: Some(fields),
            ..Field::new(name, label, "object")
        }
    }

    /// A list of blocks, each of `fields`.
    fn list(name: &str, label: &str, singular: &str, fields: Vec<Field>) -> Field {
        Field {
            fields: Some(fields),
            label_singular: Some(singular.to_owned()),
            ..Field::new(name, label, "list")
        }
    }

    fn optional(self) -> Field {
        Field {
            required: Some(false),
            ..self
        }
    }

    fn hint(self, hint: &str) -> Field {
        Field {
            hint: Some(hint.to_owned()),
            ..self
        }
    }

    fn collapsed(self) -> Field {
        Field {
            collapsed: Some(true),
            ..self
        }
    }
}

fn choice(value: &str, label: &str) -> Choice {
    Choice {
        label: label.to_owned(),
        value: value.to_owned(),
    }
}

/// A person who speaks for the trust.
fn person(name: &str, label: &str) -> Field {
    Field::object(
        name,
        label,
        vec![
            Field::string("name", "Name"),
            Field::string("role", "Role").hint("Their role at the trust, such as Chief executive"),
        ],
    )
}

/// `source:` of a quotation.
fn source(hint: &str) -> Field {
    Field::string("source", "Source").optional().hint(hint)
}

const QUOTED: &str = "With a source, the words must be the source's exactly (mark words left out with …); leave the source empty for the trust's own words.";

/// Service pages: `content/services/<id>.md`, fields as `ServiceFront`.
fn services() -> Collection {
    Collection {
        name: "services",
        label: "Service pages",
        label_singular: "Service page",
        description: "One page per service. Its file name is the service's id, which reports rate it under: it is set when the page is made and never changes (an old id goes under Earlier ids). Ratings are never typed here: they are in Inspection reports.",
        folder: "content/services",
        extension: "md",
        format: "frontmatter",
        create: true,
        identifier_field: Some("title"),
        slug: Slug::new("{{slug}}"),
        summary: None,
        index_file: None,
        filter: None,
        fields: vec![
            Field::string("title", "Title").hint("The service's name, as readers know it"),
            Field::markdown("summary", "Summary for families").hint(
                "What the rating means for the people who use the service, in plain English: short sentences, everyday words (a reading age of 11)",
            ),
            Field::string("description", "Description")
                .optional()
                .hint("One sentence for search engines; the summary's first sentence if left empty"),
            Field::list(
                "findings",
                "What inspectors found",
                "Finding",
                vec![
                    Field::select(
                        "kind",
                        "Kind",
                        vec![choice("strength", "Strength"), choice("concern", "Concern")],
                    ),
                    Field::text("text", "Text").hint(QUOTED),
                    source("The report it comes from: a file name in Inspection reports or Statements"),
                ],
            )
            .optional(),
            Field::object(
                "apology",
                "Apology",
                vec![
                    person("by", "Who says sorry"),
                    Field::string("to", "To whom")
                        .optional()
                        .hint("Such as: patients who waited too long"),
                    Field::date("date", "Date").optional(),
                    Field::text("text", "Text").hint(QUOTED),
                    source("The statement it was published in: a file name in Statements"),
                ],
            )
            .optional()
            .collapsed(),
            Field::object(
                "improvement",
                "Improvement",
                vec![
                    person("by", "Who commits to it").optional(),
                    Field::text("text", "Commitment")
                        .hint("What the trust will do, and by when. With a source, the source's words exactly"),
                    source("The report or statement it comes from: a file name in Inspection reports or Statements"),
                    Field::list(
                        "actions",
                        "Actions",
                        "Action",
                        vec![
                            Field::string("title", "What will be done"),
                            Field::string("owner", "Who is responsible").optional(),
                            Field::date("due", "Due").optional(),
                            Field::select(
                                "status",
                                "Status",
                                vec![
                                    choice("not-started", "Not started"),
                                    choice("in-progress", "In progress"),
                                    choice("done", "Done"),
                                ],
                            ),
                            Field::list(
                                "updates",
                                "Updates",
                                "Update",
                                vec![
                                    Field::date("date", "Date"),
                                    Field::text("text", "What has happened"),
                                ],
                            )
                            .optional(),
                        ],
                    )
                    .optional(),
                ],
            )
            .optional()
            .collapsed(),
            Field::date("reviewed", "Last reviewed")
                .optional()
                .hint("When the page was last checked against the latest report (YYYY-MM-DD)"),
            Field::date("next_review", "Next review")
                .optional()
                .hint("When it will be checked next (YYYY-MM-DD): a date that has passed is flagged"),
            Field {
                label_singular: Some("Earlier id".to_owned()),
                ..Field::new("aliases", "Earlier ids", "list")
                    .optional()
                    .hint("The page's old file names, after a rename: their addresses send readers here")
            },
            Field::new("draft", "Draft", "boolean")
                .optional()
                .hint("A draft is left out of the published site until this is turned off"),
            Field::markdown("body", "More about the service")
                .optional()
                .hint("Shown after the improvement section"),
        ],
    }
}

/// Plain pages, `content/*.md`, and the home page, `content/_index.md`.
fn pages() -> Collection {
    Collection {
        name: "pages",
        label: "Pages",
        label_singular: "Page",
        description: "Pages such as the accessibility statement and what the ratings mean, and the home page. A page's file name is its address.",
        folder: "content",
        extension: "md",
        format: "frontmatter",
        create: true,
        identifier_field: Some("title"),
        slug: Slug::new("{{slug}}"),
        summary: None,
        index_file: Some(IndexFile {
            name: "_index",
            label: "Home page",
            fields: vec![
                Field::string("title", "Title"),
                Field::string("description", "Description")
                    .optional()
                    .hint("One sentence for search engines; the site's description if left empty"),
                Field::markdown("body", "Text").optional(),
            ],
        }),
        filter: None,
        fields: vec![
            Field::string("title", "Title"),
            Field::string("description", "Description")
                .optional()
                .hint("One sentence for search engines and link previews"),
            Field::date("reviewed", "Last reviewed").optional(),
            Field::new("draft", "Draft", "boolean")
                .optional()
                .hint("A draft is left out of the published site until this is turned off"),
            Field::markdown("body", "Text"),
        ],
    }
}

/// The regulators whose reports the site holds (the CQC when it holds none): the editor
/// offers their ratings and questions, as one form serves every report.
fn site_regulators(site: &Loaded) -> Vec<&'static Regulator> {
    let named: Vec<&'static Regulator> = REGULATORS
        .iter()
        .copied()
        .filter(|r| r.rates())
        .filter(|r| {
            site.inspections
                .iter()
                .any(|i| std::ptr::eq(i.regulator(), *r))
        })
        .collect();
    if named.is_empty() { vec![&CQC] } else { named }
}

/// The rating words of `regulators`, as the editor offers them: their grades, then the
/// states.
fn ratings_choices(regulators: &[&Regulator]) -> Vec<Choice> {
    let mut words: Vec<Rating> = Vec::new();
    for rating in regulators
        .iter()
        .flat_map(|r| r.scale)
        .chain(regulators.iter().flat_map(|r| r.states))
    {
        if !words.contains(rating) {
            words.push(*rating);
        }
    }
    words.iter().map(|r| choice(r.slug(), r.label())).collect()
}

/// What a report says of one level.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Provider,
    Location,
    Service,
}

/// The fields of `Ratings` that `level` may have, the key questions as selects.
fn ratings(level: Level, locations: &[(String, String)], regulators: &[&Regulator]) -> Vec<Field> {
    let mut fields = Vec::new();
    if level != Level::Provider {
        fields.push(
            Field::string("name", "Name in the report")
                .optional()
                .hint("The regulator's name for it, when it differs"),
        );
    }
    if level == Level::Service {
        fields.push(if locations.is_empty() {
            Field::string("location", "Location")
                .optional()
                .hint("The location it was rated at, by its id under Locations")
        } else {
            Field::select(
                "location",
                "Location",
                locations
                    .iter()
                    .map(|(id, name)| choice(id, name))
                    .collect(),
            )
            .optional()
            .hint("The location it was rated at")
        });
    }
    if level == Level::Location {
        fields.push(
            Field::string("location_id", "CQC location id")
                .optional()
                .hint("Such as 1-123456789: pages link to its page on www.cqc.org.uk"),
        );
    }
    fields.push(
        Field::string("inherited_from", "Inherited from")
            .optional()
            .hint("The previous provider, when the regulator carried these ratings over"),
    );
    let mut questions: Vec<KeyQuestion> = Vec::new();
    for question in regulators.iter().flat_map(|r| r.questions) {
        if !questions.contains(question) {
            questions.push(*question);
        }
    }
    for question in questions {
        fields.push(
            Field::select(
                question.key(),
                question.label(),
                ratings_choices(regulators),
            )
            .optional(),
        );
    }
    fields
}

/// The reports the editor leaves out, as a filter on their file names: those it would change
/// by saving them. A rating in its long form (`safe: { rating: good, score: 72 }`) would be
/// dropped, as the editor's field for it holds a rating word; and a report written by
/// `carepages import cqc` would lose its end line, so the next import would refuse it.
fn hands_off(site: &Loaded) -> Option<Filter> {
    let ids: Vec<String> = site
        .inspections
        .iter()
        .filter(|report| report.text.contains(crate::import::END) || has_long_form(&report.text))
        .map(|report| regex_escape(&report.id))
        .collect();
    (!ids.is_empty()).then(|| Filter {
        field: "slug",
        pattern: format!("^(?!(?:{})$)", ids.join("|")),
    })
}

/// Whether a report gives any rating in its long form, `{ rating: ..., ... }`.
fn has_long_form(text: &str) -> bool {
    let Ok(serde_yaml::Value::Mapping(report)) = serde_yaml::from_str::<serde_yaml::Value>(text)
    else {
        return false;
    };
    let long = |block: &serde_yaml::Value| {
        crate::model::KeyQuestion::ALL.iter().any(|q| {
            block
                .get(q.key())
                .is_some_and(serde_yaml::Value::is_mapping)
        })
    };
    let blocks = |key: &str| -> Vec<&serde_yaml::Value> {
        match report.get(key) {
            Some(serde_yaml::Value::Mapping(levels)) => levels.values().collect(),
            _ => Vec::new(),
        }
    };
    report.get("provider_ratings").is_some_and(long)
        || blocks("locations").into_iter().any(long)
        || blocks("services").into_iter().any(long)
}

/// `text` matched literally in a JavaScript regular expression.
fn regex_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Inspection reports, `seeds/inspections/<id>.yaml`, fields as `InspectionFile`.
fn inspections(site: &Loaded, ids: &Ids) -> Collection {
    let regulators = site_regulators(site);
    let mut fields = vec![
        Field {
            default: Some(regulators[0].name.to_owned()),
            ..Field::string("regulator", "Regulator").hint(&format!(
                "The regulator that wrote the report: {}",
                REGULATORS
                    .iter()
                    .map(|r| r.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        },
        Field::string("provider", "Provider").hint("The provider, as the report names it"),
        Field::string("provider_id", "CQC provider id")
            .optional()
            .hint("Such as RX1: every page links to the provider's page on www.cqc.org.uk"),
        Field::object(
            "visited",
            "Visited",
            vec![
                Field::date("from", "From"),
                Field::date("to", "To").optional(),
            ],
        )
        .optional(),
        Field::date("published", "Published").optional().hint(
            "The date the regulator published the report (YYYY-MM-DD): shown beside its ratings",
        ),
        Field::string("report_url", "Report's address")
            .optional()
            .hint("The report on www.cqc.org.uk"),
        Field::object(
            "provider_ratings",
            "The trust's ratings",
            ratings(Level::Provider, &ids.locations, &regulators),
        )
        .optional()
        .collapsed(),
    ];
    if !ids.locations.is_empty() {
        fields.push(
            Field::object(
                "locations",
                "Locations' ratings",
                ids.locations
                    .iter()
                    .map(|(id, name)| {
                        Field::object(
                            id,
                            &format!("{name} ({id})"),
                            ratings(Level::Location, &ids.locations, &regulators),
                        )
                        .optional()
                        .collapsed()
                    })
                    .collect(),
            )
            .optional()
            .hint("A new location is added to a report file itself, then appears here"),
        );
    }
    if !ids.services.is_empty() {
        fields.push(
            Field::object(
                "services",
                "Services' ratings",
                ids.services
                    .iter()
                    .map(|(id, title)| {
                        Field::object(
                            id,
                            &format!("{title} ({id})"),
                            ratings(Level::Service, &ids.locations, &regulators),
                        )
                        .optional()
                        .collapsed()
                    })
                    .collect(),
            )
            .optional()
            .hint("By service id. A service appears here once its page is published"),
        );
    }
    let passage_services = if ids.services.is_empty() {
        Field::new("services", "About the services", "list")
    } else {
        Field {
            multiple: Some(true),
            ..Field::select(
                "services",
                "About the services",
                ids.services
                    .iter()
                    .map(|(id, title)| choice(id, &format!("{title} ({id})")))
                    .collect(),
            )
        }
    };
    fields.push(
        Field::list(
            "passages",
            "Passages pages may quote",
            "Passage",
            vec![
                Field::text("text", "Text").hint("The report's words exactly"),
                Field::string("quoted_in", "Quoted in")
                    .optional()
                    .hint("Where the passage was read, when not in the report itself"),
                passage_services
                    .optional()
                    .hint("Only these services' pages may quote it; none: any page"),
            ],
        )
        .optional(),
    );
    Collection {
        name: "inspections",
        label: "Inspection reports",
        label_singular: "Inspection report",
        description: "One file per regulator report: the ratings it gave and the passages pages may quote. Ratings are typed only here. Not listed, and edited in the file itself: reports written by `carepages import cqc`, and reports that give a rating with its score or previous provider on the rating itself, which this editor would drop.",
        folder: "seeds/inspections",
        extension: "yaml",
        format: "yaml",
        create: true,
        identifier_field: Some("provider"),
        slug: Slug::new("{{year}}-{{month}}-{{day}}-{{slug}}"),
        summary: Some("{{provider}} ({{published}})"),
        index_file: None,
        filter: hands_off(site),
        fields,
    }
}

/// Statements, `seeds/statements/<id>.yaml`, fields as `StatementFile`.
fn statements() -> Collection {
    Collection {
        name: "statements",
        label: "Statements",
        label_singular: "Statement",
        description: "What the trust published, word for word: apologies and commitments on pages quote them.",
        folder: "seeds/statements",
        extension: "yaml",
        format: "yaml",
        create: true,
        identifier_field: Some("text"),
        slug: Slug::new("{{year}}-{{month}}-{{day}}-statement"),
        summary: None,
        index_file: None,
        filter: None,
        fields: vec![
            person("by", "Made by"),
            Field::date("date", "Date").optional(),
            Field::string("published_in", "Published in")
                .optional()
                .hint("Such as: a local news report"),
            Field::string("url", "Address").optional(),
            Field::text("text", "Text").hint("The statement, word for word"),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_is_the_pinned_version() {
        assert_eq!(
            SVELTIA_SCRIPT,
            format!("https://unpkg.com/@sveltia/cms@{SVELTIA_VERSION}/dist/sveltia-cms.js")
        );
        assert!(SVELTIA_INTEGRITY.starts_with("sha384-"));
    }

    #[test]
    fn long_form_ratings_are_found_at_every_level() {
        assert!(!has_long_form(
            "provider_ratings: { overall: good }\nservices:\n  a: { safe: good }\n"
        ));
        assert!(has_long_form(
            "provider_ratings: { safe: { rating: good, score: 70 } }\n"
        ));
        assert!(has_long_form(
            "locations:\n  a:\n    overall: { rating: good }\n"
        ));
        assert!(has_long_form(
            "services:\n  a: { well-led: { rating: good, inherited_from: B } }\n"
        ));
        // `inherited_from` on a whole level is a field of its own, kept by the editor.
        assert!(!has_long_form(
            "services:\n  a: { inherited_from: B, overall: good }\n"
        ));
    }

    #[test]
    fn report_ids_are_matched_literally() {
        assert_eq!(regex_escape("cqc-2019.v2 (a)"), "cqc-2019\\.v2 \\(a\\)");
    }
}
