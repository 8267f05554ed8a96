//! Rendering: Markdown, then Tera templates fed with view structs, into in-memory outputs.
//! Nothing here touches the filesystem; the writer does that.

pub mod publish;
pub mod views;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::error::{Diagnostic, Report};
use crate::links::PageLinks;
use crate::load::front_matter::line_col;
use crate::load::{Loaded, Theme};
use crate::markdown;
use crate::model::Date;
use crate::model::page::{FindingKind, Source};
use crate::model::seeds::Inspection;
use crate::sources::Sources;
use crate::validate::place;
use views::*;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub contents: Contents,
}

/// Where rendered files go as they are made: the writer's staging folder, memory, or
/// nowhere. Rendering hands each file over and forgets it, so a site of any size is never
/// held in memory whole.
pub trait Sink: Sync {
    fn put(&self, output: Output) -> crate::error::Result<()>;
}

/// What rendering leaves behind once every file is in the sink: enough to check links.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages: Vec<PageLinks>,
    /// Every file written, by its path in the site.
    pub files: HashSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Bytes(Vec<u8>),
    /// A static file, copied as it is.
    Copy(PathBuf),
    /// A file of the built-in theme.
    Static(&'static [u8]),
}

/// The templates every theme must have.
pub const REQUIRED_TEMPLATES: [&str; 7] = [
    "grid.html",
    "index.html",
    "service.html",
    "page.html",
    "404.html",
    "embed.html",
    "badge.svg",
];

/// Parses the theme's templates once. Problems name the template file and line.
pub fn templates(theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
    let sources = theme
        .templates
        .iter()
        .filter(|(name, _)| {
            [".html", ".xml", ".svg"]
                .iter()
                .any(|ext| name.ends_with(ext))
        })
        .map(|(name, (_, text))| (name.as_str(), text.as_str()));
    if let Err(e) = tera.add_raw_templates(sources) {
        return Err(vec![template_diagnostic(&e, theme)]);
    }
    let missing: Vec<Diagnostic> = REQUIRED_TEMPLATES
        .iter()
        .filter(|name| !tera.contains_template(name))
        .map(|name| {
            Diagnostic::error("templates", format!("the theme has no `{name}` template"))
                .help(format!("add templates/{name}, or use a theme that has one"))
        })
        .collect();
    if missing.is_empty() {
        Ok(tera)
    } else {
        Err(missing)
    }
}

/// Turns a Tera error into a message naming the template's file and line.
fn template_diagnostic(error: &tera::Error, theme: &Theme) -> Diagnostic {
    let file_of = |name: &str| {
        theme
            .templates
            .get(name)
            .map(|(file, text)| (file.shown_path.clone(), text.as_str()))
    };
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let (file, text) = file_of(report.filename())
                .unwrap_or_else(|| (PathBuf::from(report.filename()), ""));
            Diagnostic::error(file, format!("template error: {}", report.message()))
                .at(text, span.start_line, span.start_col + 1)
                .help("fix the template; see https://keats.github.io/tera/ for its syntax")
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(inner) = source {
                message.push_str(": ");
                message.push_str(&inner.to_string());
                source = inner.source();
            }
            // Reference errors come as reports: "error: MESSAGE\n --> NAME:LINE:COL\n...".
            if let Some((first, name, line, column)) = parse_report(&message)
                && let Some((file, text)) = file_of(name)
            {
                return Diagnostic::error(file, format!("template error: {first}"))
                    .at(text, line, column)
                    .help("fix the template; see https://keats.github.io/tera/ for its syntax");
            }
            Diagnostic::error("templates", format!("template error: {message}"))
                .help("fix the template named in the message")
        }
    }
}

/// Reads the first message and place out of a Tera report.
fn parse_report(report: &str) -> Option<(&str, &str, usize, usize)> {
    let mut lines = report.lines();
    let first = lines.next()?.trim().trim_start_matches("error: ");
    let place = lines.find_map(|l| l.trim().strip_prefix("--> "))?;
    let mut parts = place.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    Some((first, name, line, column))
}

/// Everything a page render needs, shared read-only across threads.
struct Renderer<'a> {
    site: &'a Loaded,
    tera: &'a Tera,
    sources: Sources<'a>,
    today: Date,
    /// The site's view, converted for Tera once rather than for every page.
    site_value: tera::Value,
    /// For each service id, the reports that rate it, oldest first.
    reports_for: HashMap<&'a str, Vec<&'a Inspection>>,
    /// The trust for each page's schema.org data.
    organisation_json: String,
}

/// Renders the whole site into `sink`, in parallel. Problems (template errors, refused
/// links) go into `report`; the site is complete only when `report` has no errors. `Err` is
/// only for a sink that failed (a disk that would not take a file).
pub fn render(
    site: &Loaded,
    tera: &Tera,
    today: Date,
    report: &mut Report,
    sink: &dyn Sink,
) -> crate::error::Result<Rendered> {
    render_selected(site, tera, today, report, sink, &Selection::All)
}

/// What to render: the whole site, or after an edit to some service pages, those pages and
/// the pages that list them (home, grid pages, embed page, feed, sitemap, ratings.json).
#[derive(Debug, Clone)]
pub enum Selection {
    All,
    Services {
        /// Indexes into the site's services.
        services: Vec<usize>,
        /// Pages of the ratings grid (1 is the home page) whose rows may have changed.
        grid_pages: Vec<usize>,
        /// Whether a title, id or review date changed, so ratings.json and the sitemap too.
        listing_changed: bool,
    },
}

/// Renders what `selection` names into `sink`; see [`render`].
pub fn render_selected(
    site: &Loaded,
    tera: &Tera,
    today: Date,
    report: &mut Report,
    sink: &dyn Sink,
    selection: &Selection,
) -> crate::error::Result<Rendered> {
    let mut inspections: Vec<&Inspection> = site.inspections.iter().collect();
    inspections.sort_by(|a, b| a.date().cmp(&b.date()).then_with(|| a.id.cmp(&b.id)));
    let mut reports_for: HashMap<&str, Vec<&Inspection>> = HashMap::new();
    for inspection in &inspections {
        for id in inspection.data.services.keys() {
            reports_for.entry(id.as_str()).or_default().push(inspection);
        }
    }
    let renderer = Renderer {
        site,
        tera,
        sources: Sources::new(&site.inspections, &site.statements, &site.seed_index),
        today,
        site_value: to_value(&site_view(site)),
        reports_for,
        organisation_json: organisation_json(&site.config),
    };
    // The listings (home, grid, embed page, ratings.json, sitemap) change only when a title,
    // an id or a review date does; a plain edit re-renders just its page.
    let listings = match selection {
        Selection::All => true,
        Selection::Services {
            listing_changed, ..
        } => *listing_changed,
    };
    let rows = if listings {
        renderer.service_rows()
    } else {
        Vec::new()
    };
    let provider = inspections
        .iter()
        .rev()
        .find(|i| i.data.provider_ratings.is_some())
        .copied();

    let jobs: Vec<Job> = match selection {
        Selection::All => {
            let mut jobs = vec![Job::Home, Job::NotFound, Job::Embed, Job::TrustBadge];
            jobs.extend((2..=site.services.len().div_ceil(GRID_PAGE_SIZE)).map(Job::GridPage));
            jobs.extend((0..site.services.len()).map(Job::Service));
            jobs.extend((0..site.services.len()).map(Job::Badge));
            jobs.extend((0..site.pages.len()).map(Job::Plain));
            jobs
        }
        Selection::Services {
            services,
            grid_pages,
            ..
        } => {
            let mut jobs = if listings {
                vec![Job::Home, Job::Embed]
            } else {
                Vec::new()
            };
            let pages = site.services.len().div_ceil(GRID_PAGE_SIZE);
            jobs.extend(
                grid_pages
                    .iter()
                    .filter(|&&n| n >= 2 && n <= pages)
                    .map(|&n| Job::GridPage(n)),
            );
            jobs.extend(services.iter().map(|&i| Job::Service(i)));
            jobs.extend(services.iter().map(|&i| Job::Badge(i)));
            jobs
        }
    };
    /// A written page's links and path, and the problems found rendering it.
    type Done = (Option<(PageLinks, String)>, Vec<Diagnostic>);
    let render_pages = || {
        jobs.par_iter()
            .map(|job| {
                let (page, problems) = renderer.render_job(*job, &rows, provider);
                let Some((path, text, source)) = page else {
                    return Ok((None, problems));
                };
                let links = if path.ends_with(".html") {
                    PageLinks::scan(&path, source, &text, &site.base.origin)
                } else {
                    PageLinks::default()
                };
                sink.put(Output {
                    path: path.clone(),
                    contents: Contents::Bytes(text.into_bytes()),
                })?;
                Ok((Some((links, path)), problems))
            })
            .collect::<crate::error::Result<Vec<Done>>>()
    };
    // The feed and the listings are single files over the whole site: they are made while
    // the pages render, not after.
    let render_others = || {
        let mut others = vec![publish::feed(site, &inspections, today)];
        // After an edit that keeps every title, id and review date, the listings are unchanged.
        if listings {
            others.push(publish::ratings_json(site, &rows, provider, |id| {
                renderer.ratings_of(id).0
            }));
            others.extend(publish::sitemaps(site));
        }
        others
    };
    let (results, mut others) = rayon::join(render_pages, render_others);

    let mut rendered = Rendered::default();
    for (page, diagnostics) in results? {
        if let Some((links, path)) = page {
            if !links.path.is_empty() {
                rendered.pages.push(links);
            }
            rendered.files.insert(path);
        }
        report.extend(diagnostics);
    }
    if matches!(selection, Selection::All) {
        others.push(publish::text(".nojekyll", String::new()));
        others.push(publish::robots(&site.base));
        if let Some(domain) = &site.config.custom_domain {
            others.push(publish::text("CNAME", format!("{}\n", domain.trim())));
        }
    }
    let static_files = match selection {
        Selection::All => site.theme.static_files.iter().collect(),
        Selection::Services { .. } => Vec::new(),
    };
    for (name, file) in static_files {
        let contents = match (&file.bytes, &file.origin) {
            (Some(bytes), _) => Contents::Bytes(bytes.to_vec()),
            (None, crate::load::Origin::File(path)) => Contents::Copy(path.clone()),
            (None, crate::load::Origin::Builtin(bytes)) => Contents::Static(bytes),
        };
        others.push(Output {
            path: asset_path(name, file),
            contents,
        });
    }
    for output in others {
        rendered.files.insert(output.path.clone());
        sink.put(output)?;
    }
    Ok(rendered)
}

/// Where a static file is written: stylesheets and scripts under a content-hashed name.
fn asset_path(name: &str, file: &crate::load::ThemeFile) -> String {
    match &file.bytes {
        Some(bytes) if crate::load::ThemeFile::is_hashed_asset(name) => {
            publish::hashed_name(name, &publish::content_hash(bytes))
        }
        _ => name.to_owned(),
    }
}

/// A rendered file: its path in the site, its text, and the content file it came from.
type RenderedPage = (String, String, Option<PathBuf>);

/// Services a page of the ratings grid shows: a directory of thousands of services gets
/// several pages, not one page of hundreds of megabytes.
pub const GRID_PAGE_SIZE: usize = 500;

/// Services the home page lists as most needing attention.
pub const ATTENTION_LIMIT: usize = 50;

/// The site path of page `number` of the ratings grid (page 1 is the home page).
pub fn grid_page_url(number: usize) -> String {
    if number <= 1 {
        String::new()
    } else {
        format!("services/page/{number}/")
    }
}

#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    /// Page 2 onwards of the ratings grid.
    GridPage(usize),
    NotFound,
    /// The page of badge snippets for web editors.
    Embed,
    TrustBadge,
    Service(usize),
    /// A service's standalone SVG badge.
    Badge(usize),
    Plain(usize),
}

fn site_view(site: &Loaded) -> SiteView {
    let base = &site.base;
    let config = &site.config;
    let contact = &config.contact;
    let nav = vec![NavLink {
        title: "Home".to_owned(),
        url: base.path_to(""),
    }];
    let accessibility_url = site
        .pages
        .iter()
        .find(|p| p.slug == "accessibility")
        .map(|p| base.path_to(&format!("{}/", p.slug)));
    SiteView {
        title: config.title.clone(),
        language: config.language.clone(),
        description: config.description.clone(),
        organisation: config.organisation.name.clone(),
        organisation_url: config.organisation.url.clone(),
        root: base.path.clone(),
        assets: site
            .theme
            .static_files
            .iter()
            .map(|(name, file)| (name.clone(), base.path_to(&asset_path(name, file))))
            .collect::<BTreeMap<_, _>>(),
        feed: base.path_to("feed.xml"),
        embed_url: base.path_to("embed/"),
        contact: ContactView {
            // A phone number must not break across lines.
            phone: contact.phone.as_ref().map(|p| p.replace(' ', "\u{a0}")),
            phone_href: contact.phone.as_ref().map(|p| {
                format!(
                    "tel:{}",
                    p.chars()
                        .filter(|c| c.is_ascii_digit() || *c == '+')
                        .collect::<String>()
                )
            }),
            email: contact.email.clone(),
            url: contact.url.clone(),
            text_html: contact.text.as_ref().map(|t| markdown::render(t).html),
        },
        nav,
        accessibility_url,
    }
}

impl<'a> Renderer<'a> {
    fn ratings_of(&self, id: &str) -> (Option<&'a Inspection>, &[&'a Inspection]) {
        match self.reports_for.get(id).map(Vec::as_slice) {
            Some([earlier @ .., latest]) => (Some(*latest), earlier),
            _ => (None, &[]),
        }
    }

    fn service_rows(&self) -> Vec<ServiceRow> {
        let mut rows: Vec<ServiceRow> = self
            .site
            .services
            .iter()
            .map(|page| {
                let (latest, _) = self.ratings_of(&page.id);
                let (overall, questions) =
                    RatingView::all(latest.and_then(|i| i.data.services.get(&page.id)));
                ServiceRow {
                    id: page.id.clone(),
                    title: page.front.title.clone(),
                    url: self.site.base.path_to(&format!("services/{}/", page.id)),
                    overall,
                    questions,
                    inspection: latest.map(InspectionView::new),
                }
            })
            .collect();
        rows.sort_by(|a, b| a.title.cmp(&b.title).then_with(|| a.id.cmp(&b.id)));
        rows
    }

    fn render_job(
        &self,
        job: Job,
        rows: &[ServiceRow],
        provider: Option<&Inspection>,
    ) -> (Option<RenderedPage>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let mut source = None;
        let (template, path, meta, key, value): (&str, String, PageMeta, &str, tera::Value) =
            match job {
                Job::Home => {
                    let home = self.site.home.as_ref();
                    let body_html =
                        home.map_or_else(String::new, |h| self.body(&h.source, &mut problems));
                    source = home.map(|h| h.source.path.clone());
                    let (overall, questions) =
                        RatingView::all(provider.and_then(|i| i.data.provider_ratings.as_ref()));
                    let mut attention: Vec<&ServiceRow> = rows
                        .iter()
                        .filter(|r| matches!(r.overall.slug, "inadequate" | "requires-improvement"))
                        .collect();
                    attention.sort_by_key(|r| if r.overall.slug == "inadequate" { 0 } else { 1 });
                    let attention_more = attention.len().saturating_sub(ATTENTION_LIMIT);
                    let view = HomeView {
                        body_html,
                        overall,
                        questions,
                        inspection: provider.map(InspectionView::new),
                        services: rows.iter().take(GRID_PAGE_SIZE).cloned().collect(),
                        grid_pages: self.grid_links(rows.len()),
                        attention: attention
                            .into_iter()
                            .take(ATTENTION_LIMIT)
                            .cloned()
                            .collect(),
                        attention_more,
                    };
                    let title = home
                        .map_or_else(|| self.site.config.title.clone(), |h| h.front.title.clone());
                    let description = home
                        .and_then(|h| h.front.description.clone())
                        .or_else(|| self.site.config.description.clone());
                    (
                        "index.html",
                        "index.html".to_owned(),
                        self.meta(title, description, "", None, None),
                        "home",
                        to_value(&view),
                    )
                }
                Job::GridPage(number) => {
                    let url = grid_page_url(number);
                    let view = GridView {
                        number,
                        services: rows
                            .iter()
                            .skip((number - 1) * GRID_PAGE_SIZE)
                            .take(GRID_PAGE_SIZE)
                            .cloned()
                            .collect(),
                        grid_pages: self.grid_links(rows.len()),
                    };
                    let pages = rows.len().div_ceil(GRID_PAGE_SIZE);
                    (
                        "grid.html",
                        format!("{url}index.html"),
                        self.meta(
                            format!("Ratings for every service, page {number} of {pages}"),
                            None,
                            &url,
                            None,
                            None,
                        ),
                        "grid",
                        to_value(&view),
                    )
                }
                Job::NotFound => (
                    "404.html",
                    "404.html".to_owned(),
                    self.meta("Page not found".to_owned(), None, "404.html", None, None),
                    "plain",
                    to_value(&PlainView {
                        body_html: String::new(),
                    }),
                ),
                Job::Embed => (
                    "embed.html",
                    "embed/index.html".to_owned(),
                    self.meta(
                        "Rating badges for web editors".to_owned(),
                        Some(
                            "Badges and HTML to show these ratings on another website.".to_owned(),
                        ),
                        "embed/",
                        None,
                        None,
                    ),
                    "embed",
                    to_value(&self.embed_view(rows, provider)),
                ),
                Job::TrustBadge | Job::Badge(_) => {
                    let (id, title, ratings) = match job {
                        Job::Badge(index) => {
                            let page = &self.site.services[index];
                            let latest = self.ratings_of(&page.id).0;
                            (
                                page.id.as_str(),
                                page.front.title.as_str(),
                                latest.and_then(|i| i.data.services.get(&page.id)),
                            )
                        }
                        _ => (
                            "trust",
                            self.site.config.organisation.name.as_str(),
                            provider.and_then(|i| i.data.provider_ratings.as_ref()),
                        ),
                    };
                    let view =
                        BadgeView::new(title, RatingView::all(ratings).0, &self.site.theme.colours);
                    (
                        "badge.svg",
                        format!("badges/{id}.svg"),
                        self.meta(
                            title.to_owned(),
                            None,
                            &format!("badges/{id}.svg"),
                            None,
                            None,
                        ),
                        "badge",
                        to_value(&view),
                    )
                }
                Job::Plain(index) => {
                    let page = &self.site.pages[index];
                    source = Some(page.source.path.clone());
                    let body_html = self.body(&page.source, &mut problems);
                    let url = format!("{}/", page.slug);
                    (
                        "page.html",
                        format!("{url}index.html"),
                        self.meta(
                            page.front.title.clone(),
                            page.front.description.clone(),
                            &url,
                            page.front.reviewed,
                            None,
                        ),
                        "plain",
                        to_value(&PlainView { body_html }),
                    )
                }
                Job::Service(index) => {
                    let page = &self.site.services[index];
                    source = Some(page.source.path.clone());
                    let front = &page.front;
                    let summary = markdown::render(&front.summary);
                    for p in &summary.problems {
                        problems.push(problem_diagnostic(
                            place(
                                Diagnostic::error(&page.source.path, &p.message),
                                &page.source.text,
                                "summary:",
                            ),
                            p,
                        ));
                    }
                    let body_html = self.body(&page.source, &mut problems);
                    let (latest, earlier) = self.ratings_of(&page.id);
                    let (overall, questions) =
                        RatingView::all(latest.and_then(|i| i.data.services.get(&page.id)));
                    let history = earlier
                        .iter()
                        .rev()
                        .map(|i| {
                            let (overall, questions) =
                                RatingView::all(i.data.services.get(&page.id));
                            HistoryRow {
                                inspection: InspectionView::new(i),
                                overall,
                                questions,
                            }
                        })
                        .collect();
                    let findings = |kind| {
                        front
                            .findings
                            .iter()
                            .filter(|f| f.kind == kind)
                            .map(|f| FindingView::new(&self.sources, f))
                            .collect()
                    };
                    let view = ServicePageView {
                        id: page.id.clone(),
                        summary_html: summary.html,
                        body_html,
                        overall,
                        questions,
                        inspection: latest.map(InspectionView::new),
                        strengths: findings(FindingKind::Strength),
                        concerns: findings(FindingKind::Concern),
                        apology: front
                            .apology
                            .as_ref()
                            .map(|a| ApologyView::new(&self.sources, a)),
                        improvement: front
                            .improvement
                            .as_ref()
                            .map(|i| ImprovementView::new(&self.sources, i, self.today)),
                        history,
                    };
                    let url = format!("services/{}/", page.id);
                    let description = front
                        .description
                        .clone()
                        .or_else(|| first_sentence(&front.summary));
                    (
                        "service.html",
                        format!("{url}index.html"),
                        self.meta(
                            front.title.clone(),
                            description,
                            &url,
                            front.reviewed,
                            front.next_review,
                        ),
                        "service",
                        to_value(&view),
                    )
                }
            };
        let mut context = Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert("page", &meta);
        context.insert_value(key, value);
        match self.tera.render(template, &context) {
            Ok(html) => (Some((path, html, source)), problems),
            Err(e) => {
                problems.push(template_diagnostic(&e, &self.site.theme));
                (None, problems)
            }
        }
    }

    fn meta(
        &self,
        title: String,
        description: Option<String>,
        url: &str,
        reviewed: Option<Date>,
        next_review: Option<Date>,
    ) -> PageMeta {
        let json_ld = json_ld(
            &self.organisation_json,
            &self.site.config.language,
            &title,
            description.as_deref(),
            &self.site.base.url_to(url),
            reviewed,
        );
        PageMeta {
            title,
            description,
            json_ld,
            url: self.site.base.path_to(url),
            canonical: self.site.base.url_to(url),
            reviewed: reviewed.map(DateView::from),
            next_review: next_review.map(DateView::from),
            review_overdue: next_review.is_some_and(|d| d.is_wholly_before(&self.today)),
        }
    }

    /// Links to every page of the ratings grid, or none when one page holds it all.
    fn grid_links(&self, services: usize) -> Vec<GridLink> {
        let pages = services.div_ceil(GRID_PAGE_SIZE);
        if pages <= 1 {
            return Vec::new();
        }
        (1..=pages)
            .map(|number| GridLink {
                number,
                url: self.site.base.path_to(&grid_page_url(number)),
            })
            .collect()
    }

    /// The badge snippets page: one badge and its HTML per service, for web editors.
    fn embed_view(&self, rows: &[ServiceRow], provider: Option<&Inspection>) -> EmbedView {
        let base = &self.site.base;
        let item = |name: &str, page: String, id: &str, rating: RatingView| {
            let badge = base.url_to(&format!("badges/{id}.svg"));
            let alt = rating_sentence(name, &rating);
            EmbedItem {
                snippet: format!(
                    "<a href=\"{}\"><img src=\"{}\" alt=\"{}\" height=\"28\"></a>",
                    publish::escape_xml(&page),
                    publish::escape_xml(&badge),
                    publish::escape_xml(&alt)
                ),
                name: name.to_owned(),
                badge_path: base.path_to(&format!("badges/{id}.svg")),
                alt,
                rating,
            }
        };
        let org = &self.site.config.organisation.name;
        let trust_rating =
            RatingView::all(provider.and_then(|i| i.data.provider_ratings.as_ref())).0;
        let mut items = vec![item(org, base.url_to(""), "trust", trust_rating)];
        items.extend(rows.iter().take(GRID_PAGE_SIZE).map(|r| {
            item(
                &r.title,
                base.url_to(&format!("services/{}/", r.id)),
                &r.id,
                r.overall.clone(),
            )
        }));
        EmbedView {
            items,
            more: rows.len().saturating_sub(GRID_PAGE_SIZE),
            ratings_json: base.url_to("ratings.json"),
            feed: base.url_to("feed.xml"),
        }
    }

    /// Renders a page's Markdown body, turning its problems into messages at the right line.
    fn body(&self, source: &Source, problems: &mut Vec<Diagnostic>) -> String {
        let text = match source.full_text() {
            Ok(text) => text,
            Err(d) => {
                problems.push(d);
                return String::new();
            }
        };
        let rendered = markdown::render(&text[source.body_start..]);
        for p in &rendered.problems {
            let (line, column) = line_col(&text, source.body_start + p.offset);
            let d = if p.is_error {
                Diagnostic::error(&source.path, &p.message)
            } else {
                Diagnostic::warning(&source.path, &p.message)
            };
            problems.push(problem_diagnostic(d.at(&text, line, column), p));
        }
        rendered.html
    }
}

fn problem_diagnostic(d: Diagnostic, p: &markdown::Problem) -> Diagnostic {
    let d = if p.is_error {
        d
    } else {
        Diagnostic {
            severity: crate::error::Severity::Warning,
            ..d
        }
    };
    d.help(p.help.clone())
}

/// The trust as a schema.org MedicalOrganization, as JSON: the same on every page.
fn organisation_json(config: &crate::config::Config) -> String {
    let mut organisation = serde_json::json!({
        "@type": "MedicalOrganization",
        "name": config.organisation.name,
    });
    if let Some(org_url) = &config.organisation.url {
        organisation["url"] = serde_json::Value::from(org_url.as_str());
    }
    organisation.to_string()
}

/// Schema.org data for search engines: the page, and the trust (`organisation`, from
/// [`organisation_json`]) as its publisher and subject. Never an AggregateRating: regulator
/// ratings are not reviews. Keys are in sorted order, as a JSON object's would be.
fn json_ld(
    organisation: &str,
    language: &str,
    title: &str,
    description: Option<&str>,
    url: &str,
    reviewed: Option<Date>,
) -> String {
    let string = |s: &str| serde_json::Value::from(s).to_string();
    let mut page = String::with_capacity(2 * organisation.len() + 256);
    page.push_str(r#"{"@context":"https://schema.org","@type":"WebPage","about":"#);
    page.push_str(organisation);
    if let Some(description) = description {
        page.push_str(r#","description":"#);
        page.push_str(&string(description));
    }
    page.push_str(r#","inLanguage":"#);
    page.push_str(&string(language));
    if let Some(date) = reviewed {
        page.push_str(r#","lastReviewed":"#);
        page.push_str(&string(&date.iso()));
    }
    page.push_str(r#","name":"#);
    page.push_str(&string(title));
    page.push_str(r#","publisher":"#);
    page.push_str(organisation);
    page.push_str(r#","url":"#);
    page.push_str(&string(url));
    page.push('}');
    // `</` inside a script element would end it early.
    page.replace("</", "<\\/")
}

fn to_value<T: serde::Serialize>(view: &T) -> tera::Value {
    // View structs hold only strings, numbers, booleans and lists, which always convert.
    tera::Value::from_serializable(view)
}

/// The first sentence of Markdown text, as plain words, for a page description.
fn first_sentence(markdown_text: &str) -> Option<String> {
    let plain: String = markdown_text
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '#' | '[' | ']'))
        .collect();
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = plain.find(". ").map_or(plain.len(), |i| i + 1);
    let sentence = plain[..end].trim();
    (!sentence.is_empty()).then(|| sentence.to_owned())
}
