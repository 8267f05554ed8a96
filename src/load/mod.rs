//! Loading: reads the config, seeds, content and theme from disk into the domain types,
//! collecting every problem instead of stopping at the first.

pub(crate) mod front_matter;
mod repair;
pub(crate) mod yaml;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::config::{BaseUrl, Config};
use crate::error::{Diagnostic, Error, Report, Result};
use crate::fsio;
use crate::model::page::{HomePage, PlainPage, ServiceFront, ServicePage, Source};
use crate::model::seeds::{Inspection, InspectionFile, Statement, StatementFile};

pub(crate) const CONFIG_FILE: &str = "carepages.yaml";

/// A template or static file, and where it came from (the theme, or the site's override).
#[derive(Debug, Clone)]
pub(crate) struct ThemeFile {
    /// Relative to the site root, for messages.
    pub shown_path: PathBuf,
    pub origin: Origin,
    /// The contents, read for files that get content-hashed names.
    pub bytes: Option<std::sync::Arc<[u8]>>,
}

#[derive(Debug, Clone)]
pub(crate) enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// A file of the default theme built into carepages.
    Builtin(&'static [u8]),
}

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

pub(crate) use builtin::DEFAULT_THEME;

/// The templates and static files in force: the theme's, each replaced by the site's own file
/// of the same name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Theme {
    /// Template name (`service.html`) to its text and file.
    pub templates: BTreeMap<String, (ThemeFile, String)>,
    /// Output path (`style.css`) to the file to copy.
    pub static_files: BTreeMap<String, ThemeFile>,
    /// The custom properties (`--good: #005a30`) of `style.css`, so standalone badges use the
    /// same colours as the pages.
    pub colours: BTreeMap<String, String>,
}

impl ThemeFile {
    /// Whether the file gets a content-hashed name: stylesheets and scripts, which templates
    /// link through `site.assets`. Other files (images, PDFs) keep their names, since
    /// writers link to them from Markdown.
    pub(crate) fn is_hashed_asset(name: &str) -> bool {
        name.ends_with(".css") || name.ends_with(".js")
    }
}

/// Reads `--name: value;` custom properties from a stylesheet.
pub(crate) fn custom_properties(css: &str) -> BTreeMap<String, String> {
    css.lines()
        .filter_map(|line| line.trim().strip_prefix("--"))
        .filter_map(|rest| rest.split_once(':'))
        .map(|(name, value)| {
            (
                name.trim().to_owned(),
                value.trim().trim_end_matches(';').trim().to_owned(),
            )
        })
        .collect()
}

/// Everything read from disk, before checks that look across files.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub config: Config,
    /// `carepages.yaml` as written, for placing problems in the links its settings hold.
    pub config_text: String,
    pub base: BaseUrl,
    pub inspections: Vec<Inspection>,
    pub statements: Vec<Statement>,
    pub home: Option<HomePage>,
    pub services: Vec<ServicePage>,
    pub pages: Vec<PlainPage>,
    pub theme: Theme,
    /// Seeds whose files have errors: citing them is not a second error.
    pub unreadable_seeds: BTreeSet<String>,
    /// Service pages whose files have errors, likewise.
    pub unreadable_services: BTreeSet<String>,
    /// False when there is no `content/` folder (already an error of its own).
    pub has_content: bool,
    /// The seeds' passages, normalised and indexed for checking quotations.
    pub seed_index: crate::sources::SeedIndex,
    /// What this build leaves out of the site: drafts, and reports before their day.
    pub held: Held,
}

impl Loaded {
    /// The file of every page: the home page, service pages and plain pages.
    pub(crate) fn page_sources(&self) -> impl Iterator<Item = &Source> {
        self.home
            .iter()
            .map(|h| &h.source)
            .chain(self.services.iter().map(|s| &s.source))
            .chain(self.pages.iter().map(|p| &p.source))
    }
}

/// What a build may include that the published site does not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Include {
    /// Pages marked `draft: true`.
    pub drafts: bool,
    /// Reports whose `published:` date is after the build's date.
    pub embargoed: bool,
}

impl Include {
    /// The published site: no drafts, no report before its day.
    pub const PUBLISHED: Include = Include {
        drafts: false,
        embargoed: false,
    };
    /// The writers' preview: everything, each marked as what it is.
    pub const PREVIEW: Include = Include {
        drafts: true,
        embargoed: true,
    };
}

/// What a build left out, or showed only because it was asked to.
#[derive(Debug, Default)]
pub(crate) struct Held {
    /// Draft pages left out: their file, their path on the site (`services/x/`), so a link
    /// to one is named as a link to a draft, and the line of their `draft:`.
    pub drafts: Vec<(PathBuf, String, usize)>,
    /// Ids of draft service pages left out, which reports may still rate.
    pub draft_services: BTreeSet<String>,
    /// Reports left out until their publication date.
    pub embargoed: Vec<Inspection>,
    /// Quotations left out because they quote a report before its day: the page's file, the
    /// report's id, and the line citing it.
    pub quotations: Vec<(PathBuf, String, usize)>,
    /// Reports before their day that this build shows (the preview), with their dates.
    pub shown_early: Vec<(String, crate::model::Date)>,
}

/// Reads the whole site below `root`. Problems with the writer's files go into `report`;
/// only a failure to read the disk at all is an `Err`.
pub(crate) fn load(
    root: &Path,
    base_url_override: Option<&str>,
    include: Include,
    today: crate::model::Date,
    report: &mut Report,
) -> Result<Option<Loaded>> {
    let (config, config_text) = match load_config(root, report)? {
        Some((config, text)) => (Some(config), text),
        None => (None, String::new()),
    };
    let theme_dir = config.as_ref().map(|c| Path::new("themes").join(&c.theme));
    for dir in ["content", "seeds", "templates", "static"]
        .map(PathBuf::from)
        .into_iter()
        .chain(theme_dir)
    {
        for (link, target) in fsio::links_leaving(&root.join(&dir), root) {
            let shown = link.strip_prefix(root).unwrap_or(&link);
            let message = match target {
                fsio::BadLink::Outside => {
                    "this is a link to a file outside the site: carepages builds only from the site's own files"
                }
                fsio::BadLink::Nowhere => {
                    "this is a link to nothing, or to a file carepages cannot read"
                }
                fsio::BadLink::Folder => {
                    "this is a link to a folder, which carepages does not follow (it could lead round in a loop)"
                }
            };
            report.push(
                Diagnostic::error(shown, message)
                    .help("copy the files into the site instead: a site's pages and seeds come from its own folder"),
            );
        }
    }
    if let Some(domain) = config.as_ref().and_then(|c| c.custom_domain.as_deref())
        && !crate::config::is_host(domain)
    {
        report.push(
            Diagnostic::error(
                CONFIG_FILE,
                format!("`custom_domain: {}` is not a host name", crate::error::visible(domain)),
            )
            .help("give the domain alone, such as `ratings.example-trust.nhs.uk`: no https://, path or spaces")
            .placed(&config_text, "custom_domain:"),
        );
    }
    if let Some(named) = config.as_ref().and_then(|c| c.regulator.as_deref()) {
        let problem = match crate::model::Regulator::find(named) {
            None => Some(format!(
                "`regulator: {named}` is not a regulator carepages knows"
            )),
            Some(r) if !r.rates() => Some(format!(
                "`regulator: {named}`: {} gives no ratings, so it cannot lead the site's ratings",
                r.called
            )),
            Some(_) => None,
        };
        if let Some(message) = problem {
            report.push(
                Diagnostic::error(CONFIG_FILE, message)
                    .help(format!(
                        "name the regulator whose ratings lead the site, one of {}, or leave `regulator:` out to lead with the one that rates the provider as a whole",
                        crate::model::regulator::REGULATORS
                            .iter()
                            .filter(|r| r.rates())
                            .map(|r| format!("`{}`", r.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .placed(&config_text, "regulator:"),
            );
        }
    }
    // The content editor's settings go into `admin/config.yml`: a repository the editor could
    // not find is an error at the build, not a sign-in page that fails.
    if let Some(cms) = config.as_ref().and_then(|c| c.cms.as_ref()) {
        for (key, message, help) in cms.problems() {
            report.push(
                Diagnostic::error(CONFIG_FILE, message)
                    .help(help)
                    .placed(&config_text, key),
            );
        }
    }
    let base = config.as_ref().and_then(|c| {
        let url = base_url_override.unwrap_or(&c.base_url);
        match BaseUrl::parse(url) {
            Ok(base) => Some(base),
            Err(message) => {
                let d = Diagnostic::error(CONFIG_FILE, format!("`base_url`: {message}"))
                    .help("write the full address the site is published at, such as https://example.github.io/my-site/")
                    .placed(&config_text, "base_url:");
                report.push(d);
                None
            }
        }
    });

    let started = Instant::now();
    let mut unreadable_seeds = BTreeSet::new();
    let inspections =
        load_seeds::<InspectionFile>(root, "seeds/inspections", report, &mut unreadable_seeds)?
            .into_iter()
            .map(|(id, path, text, data)| Inspection {
                id,
                path,
                text,
                named: crate::model::Regulator::find(&data.regulator),
                data,
            })
            .collect::<Vec<_>>();
    let statements =
        load_seeds::<StatementFile>(root, "seeds/statements", report, &mut unreadable_seeds)?
            .into_iter()
            .map(|(id, path, text, data)| {
                if let Some((message, help)) =
                    data.url.as_deref().and_then(crate::markdown::refused_link)
                {
                    report.push(
                        Diagnostic::error(&path, message)
                            .help(help)
                            .placed(&text, "url:"),
                    );
                }
                Statement {
                    id,
                    path,
                    text,
                    data,
                }
            })
            .collect::<Vec<_>>();
    let mut held = Held::default();
    // Reports before their publication date: checked with the rest, then held back (see
    // [`hold_back_embargoed`]), or shown by a preview that says so.
    if include.embargoed {
        held.shown_early = inspections
            .iter()
            .filter_map(|i| i.data.published.map(|p| (i, p)))
            .filter(|(_, published)| today.is_wholly_before(published))
            .map(|(i, published)| (i.id.clone(), published))
            .collect();
    }
    let seed_index = crate::sources::SeedIndex::new(&inspections, &statements);
    crate::timing::timing("seeds", started);

    let started = Instant::now();
    let has_content = root.join("content").is_dir();
    if !has_content {
        report.push(
            Diagnostic::error("content", "the `content/` folder is missing")
                .help("create a folder named `content` beside carepages.yaml, with `_index.md` for the home page and `services/` for service pages"),
        );
    }
    let mut unreadable_services = BTreeSet::new();
    let (home, mut services, mut pages) = load_content(root, report, &mut unreadable_services)?;
    // The 1-based line of `text`'s first line starting with `key`, or 1.
    if !include.drafts {
        services.retain(|s| {
            if s.front.draft {
                held.draft_services.insert(s.id.clone());
                held.drafts.push((
                    s.source.path.clone(),
                    crate::render::paths::service(&s.id),
                    line_of(&s.source.text, "draft:"),
                ));
            }
            !s.front.draft
        });
        pages.retain(|p| {
            if p.front.draft {
                held.drafts.push((
                    p.source.path.clone(),
                    crate::render::paths::plain(&p.slug),
                    line_of(&p.source.text, "draft:"),
                ));
            }
            !p.front.draft
        });
    }
    // An old address of a published page must not be a draft's: the draft's address would
    // send its readers to the other page, and the draft could never be published.
    for page in &services {
        for alias in &page.front.aliases {
            if let Some((file, _, _)) = held
                .drafts
                .iter()
                .find(|(_, url, _)| *url == crate::render::paths::service(alias))
            {
                report.push(
                    Diagnostic::error(
                        &page.source.path,
                        format!(
                            "the alias `{alias}` is the id of a draft page, `{}`",
                            file.display()
                        ),
                    )
                    .placed(&page.source.text, alias)
                    .help("an alias is an old id of this page; take it out, or rename or delete the draft"),
                );
            }
        }
    }
    crate::timing::timing("content", started);
    let theme_name = config.as_ref().map_or("default", |c| c.theme.as_str());
    let theme = load_theme(root, theme_name, &config_text, report)?;

    match (config, base) {
        (Some(config), Some(base)) => Ok(Some(Loaded {
            config,
            config_text,
            base,
            home,
            services,
            pages,
            theme,
            unreadable_seeds,
            unreadable_services,
            has_content,
            seed_index,
            inspections,
            statements,
            held,
        })),
        _ => Ok(None),
    }
}

fn load_config(root: &Path, report: &mut Report) -> Result<Option<(Config, String)>> {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        report.push(
            Diagnostic::error(CONFIG_FILE, "there is no `carepages.yaml` here")
                .help("run carepages in the site's folder (the one with carepages.yaml)"),
        );
        return Ok(None);
    }
    if path.is_symlink()
        && !std::fs::canonicalize(&path)
            .ok()
            .zip(std::fs::canonicalize(root).ok())
            .is_some_and(|(target, root)| target.starts_with(root))
    {
        report.push(
            Diagnostic::error(CONFIG_FILE, "this is a link to a file outside the site: carepages builds only from the site's own files")
                .help("copy the settings into the site's own carepages.yaml"),
        );
        return Ok(None);
    }
    let text = match fsio::read_text(&path, Path::new(CONFIG_FILE))? {
        Ok(text) => text,
        Err(d) => {
            report.push(d);
            return Ok(None);
        }
    };
    match yaml::parse::<Config>(&text, Path::new(CONFIG_FILE), &text, 1) {
        Ok(config) => {
            check_config_links(&config, &text, report);
            Ok(Some((config, text)))
        }
        Err(problems) => {
            report.extend(problems);
            Ok(None)
        }
    }
}

/// The one link policy, for the settings that hold a URL or Markdown: they reach every page.
fn check_config_links(config: &Config, text: &str, report: &mut Report) {
    let file = Path::new(CONFIG_FILE);
    for url in [
        config.organisation.url.as_deref(),
        config.contact.url.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        let refused = crate::markdown::refused_link(url).or_else(|| {
            let lower = url.trim().to_ascii_lowercase();
            let web = ["https://", "http://", "mailto:", "tel:"]
                .iter()
                .any(|s| lower.starts_with(s));
            (!web || url.contains(char::is_whitespace)).then(|| {
                (
                    format!("`{}` is not a web address", crate::error::visible(url)),
                    "give the full address, starting with https://",
                )
            })
        });
        if let Some((message, help)) = refused {
            // The `url:` line that holds it (not `base_url:`), quoted or not.
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("url:") && l.contains(url.trim()))
                .or_else(|| {
                    text.lines()
                        .position(|l| l.trim_start().starts_with("url:"))
                })
                .map_or(1, |i| i + 1);
            report.push(
                Diagnostic::error(file, message)
                    .help(help)
                    .at(text, line, 1),
            );
        }
    }
    for (markdown, key) in [(&config.contact.text, "text:"), (&config.notice, "notice:")] {
        let Some(markdown) = markdown else { continue };
        for problem in crate::markdown::render(markdown, &crate::markdown::Place::ANYWHERE).problems
        {
            let d = if problem.is_error {
                Diagnostic::error(file, problem.message)
            } else {
                Diagnostic::warning(file, problem.message)
            };
            report.push(d.help(problem.help).placed(text, key));
        }
    }
}

/// Reads every `*.yaml` below `root/dir`; the file stem is the seed's id.
fn load_seeds<T: DeserializeOwned + Send>(
    root: &Path,
    dir: &str,
    report: &mut Report,
    unreadable: &mut BTreeSet<String>,
) -> Result<Vec<(String, PathBuf, String, T)>> {
    let (files, others): (Vec<_>, Vec<_>) = fsio::files_with_extension(&root.join(dir), "")?
        .into_iter()
        .partition(|(_, relative)| relative.to_string_lossy().ends_with(".yaml"));
    // A report saved as `.yml` or `.YAML` would otherwise be left out without a word, and an
    // older rating shown in its place.
    for (_, relative) in &others {
        let name = relative.to_string_lossy();
        let lower = name.to_lowercase();
        if lower.ends_with(".yml") || lower.ends_with(".yaml") {
            let stem = &name[..name.rfind('.').unwrap_or(name.len())];
            report.push(
                Diagnostic::error(
                    Path::new(dir).join(&*name),
                    "carepages reads only files ending in `.yaml` here, so this one is left out",
                )
                .help(format!("rename it to `{stem}.yaml`")),
            );
        }
    }
    type Seed<T> = (String, PathBuf, String, T);
    type Parsed<T> = std::result::Result<Seed<T>, (String, Vec<Diagnostic>)>;
    let results: Vec<Result<Parsed<T>>> = files
        .par_iter()
        .map(|(absolute, relative)| {
            let shown = Path::new(dir).join(relative);
            let id = stem(relative);
            // A byte-order mark, as some Windows editors write, is left out.
            let text = match fsio::read_text(absolute, &shown)? {
                Ok(text) => text,
                Err(d) => return Ok(Err((id, vec![d]))),
            };
            Ok(yaml::parse::<T>(&text, &shown, &text, 1)
                .map(|data| (id.clone(), shown, text.clone(), data))
                .map_err(|mut problems| {
                    if dir == "seeds/inspections" {
                        narrow_to_regulator(&text, &mut problems);
                    }
                    (id, problems)
                }))
        })
        .collect();
    let mut seeds = Vec::new();
    for result in results {
        match result? {
            Ok(seed) => seeds.push(seed),
            Err((id, problems)) => {
                unreadable.insert(id);
                report.extend(problems);
            }
        }
    }
    Ok(seeds)
}

/// A report's messages list the ratings and questions of the regulator it names, not of
/// every regulator carepages knows: "The values allowed here are: excellent, very-good, ..."
/// for the Care Inspectorate.
fn narrow_to_regulator(text: &str, problems: &mut [Diagnostic]) {
    let named = text.lines().find_map(|line| {
        let value = line.strip_prefix("regulator:")?;
        let value = value.split(" #").next().unwrap_or(value).trim();
        crate::model::Regulator::find(value.trim_matches(|c| c == '"' || c == '\''))
    });
    let Some(regulator) = named else {
        // No `regulator:` at all: say which can be named.
        for problem in problems.iter_mut() {
            if problem.message.contains("`regulator` is missing") {
                problem.help = Some(
                    format!(
                        "add a line `regulator: ...` here, naming the regulator that wrote the report: one of {}",
                        crate::model::Regulator::known()
                    )
                    .into(),
                );
            }
        }
        return;
    };
    use crate::model::{KeyQuestion, Rating};
    let every_rating: Vec<&str> = Rating::ALL.iter().map(|r| r.slug()).collect();
    let own_ratings: Vec<String> = regulator.values().map(|r| r.slug().to_owned()).collect();
    let others: Vec<&str> = KeyQuestion::ALL
        .iter()
        .filter(|q| !regulator.questions.contains(q))
        .map(|q| q.key())
        .collect();
    for problem in problems.iter_mut() {
        // `wellbeing: 5`: the Care Inspectorate's grades have numbers, but a seed gives the
        // word, so no number is ever read as the wrong grade.
        if let Some(rest) = problem.message.strip_prefix("the number ")
            && let Some((number, _)) = rest.split_once(" is given where a rating such as")
        {
            let grade = number
                .parse::<usize>()
                .ok()
                .filter(|_| !regulator.labels.is_empty())
                .and_then(|n| regulator.scale.len().checked_sub(n))
                .and_then(|i| regulator.scale.get(i));
            let help = match grade {
                Some(rating) => format!(
                    "write the grade as its word: {number} is `{}`. The values {} allows here are: {}",
                    rating.slug(),
                    regulator.called,
                    regulator.allowed()
                ),
                None => format!(
                    "write the rating as its word, one of {}",
                    regulator.allowed()
                ),
            };
            problem.help = Some(help.into());
            continue;
        }
        let Some(help) = problem.help.as_deref() else {
            continue;
        };
        let Some((before, list)) = help.rsplit_once("allowed here are: ") else {
            continue;
        };
        let listed: Vec<&str> = list.split(", ").collect();
        let narrowed: Vec<String> = if every_rating.iter().all(|r| listed.contains(r)) {
            own_ratings.clone()
        } else if KeyQuestion::ALL.iter().all(|q| listed.contains(&q.key())) {
            listed
                .iter()
                .filter(|field| !others.contains(field))
                .map(|field| (*field).to_owned())
                .collect()
        } else {
            continue;
        };
        // The guess, remade from the narrowed list: `gud` is `good`, but for the Care
        // Inspectorate `requires-improvement` is none of its values.
        let found = problem
            .message
            .split('`')
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        let what = if before.contains("field") {
            "field"
        } else {
            "value"
        };
        // `inadequat` is a misspelt `inadequate`, the CQC's word, not the Care Inspectorate's
        // `adequate`, which it would be a step from.
        let every: Vec<String> = if what == "value" {
            every_rating.iter().map(|r| (*r).to_owned()).collect()
        } else {
            narrowed.clone()
        };
        if let Some(near) = crate::error::closest(&found, &every)
            && !narrowed.iter().any(|n| n == near)
        {
            problem.help = Some(
                format!(
                    "`{found}` looks like `{near}`, which {} does not give: write one of {}",
                    regulator.called,
                    narrowed.join(", ")
                )
                .into(),
            );
            continue;
        }
        let help = match crate::error::closest(&found, &narrowed) {
            Some(best) => format!(
                "did you mean `{best}`? The {what}s {} allows here are: {}",
                regulator.called,
                narrowed.join(", ")
            ),
            None => format!(
                "the {what}s {} allows here are: {}",
                regulator.called,
                narrowed.join(", ")
            ),
        };
        problem.help = Some(help.into());
    }
}

type Content = (Option<HomePage>, Vec<ServicePage>, Vec<PlainPage>);

/// How many bytes of service page bodies are held in memory from loading to rendering, by
/// default: 128 MiB, about 18,000 pages of 1,000 words. Beyond it a body is dropped once its
/// front matter is read and read again when its page is rendered, which costs a read of the
/// file from the page cache; the site built is the same.
pub(crate) const BODY_BUDGET: usize = 128 << 20;

/// [`BODY_BUDGET`], or the number of bytes in `CAREPAGES_BODY_BUDGET`, for a machine with
/// less memory to spare (0 holds no bodies).
fn body_budget() -> Result<usize> {
    match std::env::var("CAREPAGES_BODY_BUDGET") {
        Ok(value) => value.trim().parse().map_err(|_| {
            Error::Usage(format!(
                "CAREPAGES_BODY_BUDGET `{value}` is not a number of bytes; write it as a whole number such as 67108864 (64 MiB), or unset it"
            ))
        }),
        Err(_) => Ok(BODY_BUDGET),
    }
}

fn load_content(
    root: &Path,
    report: &mut Report,
    unreadable: &mut BTreeSet<String>,
) -> Result<Content> {
    let (files, others): (Vec<_>, Vec<_>) = fsio::files_with_extension(&root.join("content"), "")?
        .into_iter()
        .partition(|(_, relative)| relative.to_string_lossy().ends_with(".md"));
    // A page saved as `.MD`, `.markdown` or `.md.txt` would otherwise vanish from the site
    // without a word.
    for (_, relative) in &others {
        let name = relative.to_string_lossy();
        let lower = name.to_lowercase();
        let near = [".md", ".markdown", ".mdown", ".mkd", ".md.txt", ".txt"]
            .iter()
            .any(|ext| lower.ends_with(ext));
        if near {
            let stem = lower
                .trim_end_matches(".txt")
                .trim_end_matches(".md")
                .trim_end_matches(".markdown")
                .trim_end_matches(".mdown")
                .trim_end_matches(".mkd")
                .len();
            report.push(
                Diagnostic::error(
                    Path::new("content").join(&*name),
                    "carepages reads only files ending in `.md` here, so this page is left out",
                )
                // The extensions are ASCII: as many bytes end the name as end its lower case.
                .help(format!(
                    "rename it to `{}.md`",
                    Path::new(&name[..name.len() - (lower.len() - stem)])
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                )),
            );
        }
    }
    let budget = body_budget()?;
    let held = AtomicUsize::new(0);
    enum Loaded {
        Home(HomePage),
        Service(Box<ServicePage>),
        Plain(PlainPage),
    }
    let results: Vec<(&PathBuf, Result<std::result::Result<Loaded, Problems>>)> = files
        .par_iter()
        .map(|(absolute, relative)| {
            (
                relative,
                (|| {
                    let shown = Path::new("content").join(relative);
                    let text = match fsio::read_text(absolute, &shown)? {
                        Ok(text) => text,
                        Err(d) => return Ok(Err(vec![d])),
                    };
                    let source = match front_matter::split(&shown, absolute, text) {
                        Ok(source) => source,
                        Err(d) => return Ok(Err(vec![d])),
                    };
                    let loaded = if relative == Path::new("_index.md") {
                        front(&source).map(|front| Loaded::Home(HomePage { front, source }))
                    } else if relative.starts_with("services") {
                        service_page(relative, source).map(|mut page| {
                            let body = page.source.text.len() - page.source.body_start;
                            if held.fetch_add(body, Ordering::Relaxed) + body > budget {
                                page.source.release_body();
                            }
                            Loaded::Service(Box::new(page))
                        })
                    } else {
                        let slug = relative
                            .with_extension("")
                            .to_string_lossy()
                            .replace('\\', "/");
                        let slug = slug.strip_suffix("/_index").unwrap_or(&slug).to_owned();
                        let id = check_id(slug.rsplit('/').next().unwrap_or(&slug), &source);
                        match (front(&source), id) {
                            (Ok(front), Ok(())) => Ok(Loaded::Plain(PlainPage {
                                slug,
                                front,
                                source,
                            })),
                            (front, id) => {
                                Err(front.err().into_iter().flatten().chain(id.err()).collect())
                            }
                        }
                    };
                    Ok(loaded)
                })(),
            )
        })
        .collect();

    let mut home = None;
    let mut services: Vec<ServicePage> = Vec::new();
    let mut pages = Vec::new();
    for (relative, result) in results {
        match result? {
            Ok(Loaded::Home(h)) => home = Some(h),
            Ok(Loaded::Service(s)) => services.push(*s),
            Ok(Loaded::Plain(p)) => pages.push(p),
            Err(problems) => {
                if relative.starts_with("services") {
                    unreadable.insert(stem(relative));
                }
                report.extend(problems);
            }
        }
    }
    services.sort_by(|a, b| {
        a.id.cmp(&b.id)
            .then_with(|| a.source.path.cmp(&b.source.path))
    });
    let mut first_with_id: HashMap<&str, &Path> = HashMap::new();
    for service in &services {
        if let Some(first) = first_with_id.insert(&service.id, &service.source.path) {
            report.push(duplicate_id(service, first));
        }
    }
    Ok((home, services, pages))
}

/// Two service pages with one id: named at the second, pointing at the first.
pub(crate) fn duplicate_id(page: &ServicePage, first: &Path) -> Diagnostic {
    Diagnostic::error(&page.source.path, format!("the service id `{}` is used twice", page.id))
        .at(&page.source.text, 1, 1)
        .help(format!(
            "`{}` has the same file name; a service's file name is its id in seeds and in its web address, so rename one of them",
            first.display()
        ))
}

/// Every problem found in one file.
type Problems = Vec<Diagnostic>;

/// A service page from its file, `relative` to `content/`.
fn service_page(relative: &Path, source: Source) -> std::result::Result<ServicePage, Problems> {
    let id = stem(relative);
    let mut problems: Problems = check_id(&id, &source).err().into_iter().collect();
    let front: ServiceFront = match front(&source) {
        Ok(front) => front,
        Err(more) => {
            problems.extend(more);
            return Err(problems);
        }
    };
    for alias in &front.aliases {
        if !is_id(alias) || alias == &id {
            let suggestion = crate::markdown::slug(alias);
            let why = if alias == &id {
                "is the page's own id".to_owned()
            } else {
                "cannot be used in a web address".to_owned()
            };
            problems.push(Diagnostic::error(
                &source.path,
                format!("the alias `{alias}` {why}"),
            )
            .placed(&source.text, alias)
            .help(format!(
                "an alias is an earlier id of this service, the file name it had, whose address now redirects here: lowercase letters, digits and hyphens, such as `{suggestion}`"
            )));
        }
    }
    if problems.is_empty() {
        Ok(ServicePage { id, front, source })
    } else {
        Err(problems)
    }
}

/// Whether `id` can be a service id: lowercase letters, digits and hyphens.
fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

/// Reads one service page again, for the preview after an edit: `relative` is below the
/// site's root (`content/services/x.md`). `Ok(Err(..))` is a problem with the page.
pub(crate) fn read_service_page(
    root: &Path,
    relative: &Path,
) -> Result<std::result::Result<ServicePage, Problems>> {
    let text = match fsio::read_text(&root.join(relative), relative)? {
        Ok(text) => text,
        Err(d) => return Ok(Err(vec![d])),
    };
    let below_content = relative.strip_prefix("content").unwrap_or(relative);
    Ok(front_matter::split(relative, &root.join(relative), text)
        .map_err(|d| vec![d])
        .and_then(|source| service_page(below_content, source)))
}

/// Ids become URLs and seed keys, so they are kept to lowercase letters, digits and hyphens.
fn check_id(id: &str, source: &Source) -> std::result::Result<(), Diagnostic> {
    if is_id(id) {
        return Ok(());
    }
    let suggestion = crate::markdown::slug(id);
    Err(Diagnostic::error(
        &source.path,
        format!("the file name `{id}` cannot be used in a web address"),
    )
    .help(format!(
        "rename the file to `{suggestion}.md`: lowercase letters, digits and hyphens only"
    )))
}

fn load_theme(root: &Path, name: &str, config_text: &str, report: &mut Report) -> Result<Theme> {
    let mut theme = Theme::default();
    // A theme is a folder's name in themes/, never a path elsewhere: what a build reads from
    // must stay where a build never writes.
    let plain_name = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':'])
        && !Path::new(name).is_absolute();
    if !plain_name {
        report.push(
            Diagnostic::error(
                CONFIG_FILE,
                format!("the theme `{name}` is not the name of a folder in `themes/`"),
            )
            .help("set `theme:` to the name of a folder in themes/, such as `theme: default`")
            .placed(config_text, "theme:"),
        );
        add_builtin_theme(&mut theme)?;
        return Ok(theme);
    }
    let theme_dir = Path::new("themes").join(name);
    if !root.join(&theme_dir).is_dir() {
        if name == "default" {
            // No copy in the site: use the default theme built into carepages.
            add_builtin_theme(&mut theme)?;
        } else {
            report.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!("the theme `{name}` is not in `themes/`"),
                )
                .help("set `theme: default` in carepages.yaml, or copy a theme into themes/")
                .placed(config_text, "theme:"),
            );
            // The default theme stands in, so its templates are not reported missing too.
            add_builtin_theme(&mut theme)?;
        }
    }
    // The theme first, then the site's own files replace it file by file.
    for base in [theme_dir.as_path(), Path::new("")] {
        for (absolute, relative) in
            fsio::files_with_extension(&root.join(base).join("templates"), "")?
        {
            let Some(name) = site_name(&relative, &base.join("templates"), report) else {
                continue;
            };
            let text = fsio::read_to_string(&absolute)?;
            let file = ThemeFile {
                shown_path: base.join("templates").join(&relative),
                origin: Origin::File(absolute),
                bytes: None,
            };
            theme.templates.insert(name, (file, text));
        }
        for (absolute, relative) in fsio::files_with_extension(&root.join(base).join("static"), "")?
        {
            let Some(name) = site_name(&relative, &base.join("static"), report) else {
                continue;
            };
            // Stylesheets and scripts are read now: their names carry a hash of their bytes,
            // and the stylesheet's colours are reused for standalone badges.
            let bytes = if ThemeFile::is_hashed_asset(&name) {
                Some(fsio::read(&absolute)?.into())
            } else {
                None
            };
            let file = ThemeFile {
                shown_path: base.join("static").join(&relative),
                origin: Origin::File(absolute),
                bytes,
            };
            theme.static_files.insert(name, file);
        }
    }
    if let Some(css) = theme
        .static_files
        .get("style.css")
        .and_then(|f| f.bytes.as_deref())
    {
        theme.colours = custom_properties(&String::from_utf8_lossy(css));
    }
    Ok(theme)
}

/// A file's name on the site (`images/map.png`) from its path below its folder: its parts
/// joined with `/`. A part holding `\\` or a control character is an error, never a path:
/// on Linux `\\` is a letter of a file name, and read as a separator it could lead anywhere.
fn site_name(relative: &Path, folder: &Path, report: &mut Report) -> Option<String> {
    let mut parts = Vec::new();
    for part in relative.components() {
        let std::path::Component::Normal(part) = part else {
            return None;
        };
        let part = part.to_string_lossy();
        if part.contains('\\') || part.chars().any(char::is_control) {
            report.push(
                Diagnostic::error(
                    folder.join(relative),
                    "this file's name holds `\\` or a control character, which a web address cannot",
                )
                .help("rename it with letters, digits, `-`, `_` and `.`, and folders for `/`"),
            );
            return None;
        }
        parts.push(part.into_owned());
    }
    Some(parts.join("/"))
}

fn add_builtin_theme(theme: &mut Theme) -> Result<()> {
    for (path, bytes) in DEFAULT_THEME {
        let shown_path = Path::new("(built-in default theme)").join(path);
        let origin = Origin::Builtin(bytes);
        if let Some(name) = path.strip_prefix("templates/") {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| Error::Usage(format!("the built-in template {path} is not UTF-8")))?;
            theme.templates.insert(
                name.to_owned(),
                (
                    ThemeFile {
                        shown_path,
                        origin,
                        bytes: None,
                    },
                    text.to_owned(),
                ),
            );
        } else if let Some(name) = path.strip_prefix("static/") {
            theme.static_files.insert(
                name.to_owned(),
                ThemeFile {
                    shown_path,
                    origin,
                    bytes: Some((*bytes).into()),
                },
            );
        }
    }
    Ok(())
}

/// Takes the reports whose publication date is after `today` out of the site, with the
/// quotations from them, once everything has been checked: their ratings wait for their day,
/// and what is wrong in them is found now, not on the day.
pub(crate) fn hold_back_embargoed(site: &mut Loaded, today: crate::model::Date) {
    let (early, on_time): (Vec<Inspection>, Vec<Inspection>) =
        std::mem::take(&mut site.inspections)
            .into_iter()
            .partition(|i| i.data.published.is_some_and(|p| today.is_wholly_before(&p)));
    site.inspections = on_time;
    if early.is_empty() {
        return;
    }
    let held = &mut site.held;
    held.embargoed = early;
    // Quotations from a report before its day wait for it, as its ratings do.
    let embargoed: BTreeSet<&str> = held.embargoed.iter().map(|i| i.id.as_str()).collect();
    {
        let early =
            |source: &Option<String>| source.as_deref().is_some_and(|s| embargoed.contains(s));
        for page in &mut site.services {
            let front = &mut page.front;
            let mut quoted: Vec<String> = Vec::new();
            front.findings.retain(|f| {
                if early(&f.source) {
                    quoted.extend(f.source.clone());
                }
                !early(&f.source)
            });
            if front.apology.as_ref().is_some_and(|a| early(&a.source)) {
                quoted.extend(front.apology.take().and_then(|a| a.source));
            }
            if front.improvement.as_ref().is_some_and(|i| early(&i.source)) {
                quoted.extend(front.improvement.take().and_then(|i| i.source));
            }
            quoted.dedup();
            held.quotations.extend(quoted.into_iter().map(|id| {
                let line = line_of(&page.source.text, &format!("source: {id}"));
                (page.source.path.clone(), id, line)
            }));
        }
    }
    site.seed_index = crate::sources::SeedIndex::new(&site.inspections, &site.statements);
}

/// The 1-based line of `text`'s first line that starts with `key` (after its indentation and
/// any `- `), or 1.
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().trim_start_matches("- ").starts_with(key))
        .map_or(1, |i| i + 1)
}

/// Parses a page's front matter into the type its place in `content/` calls for.
fn front<T: DeserializeOwned>(source: &Source) -> std::result::Result<T, Problems> {
    yaml::parse(
        source.front_matter(),
        &source.path,
        &source.text,
        source.front_line,
    )
}

fn stem(relative: &Path) -> String {
    relative
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl From<Diagnostic> for Report {
    fn from(d: Diagnostic) -> Self {
        Report {
            diagnostics: vec![d],
        }
    }
}

impl From<Report> for Error {
    fn from(report: Report) -> Self {
        Error::Content(report)
    }
}
