//! Rendering: Markdown, then Tera templates fed with view structs, into in-memory outputs.
//! Nothing here touches the filesystem; the writer does that.

mod catalogue;
mod cms;
mod publish;
mod views;

pub(crate) use catalogue::{Depends, Entry, Listed, catalogue, clashes, paths};
use catalogue::{GRID_PAGE_SIZE, Item, Make};

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::error::{Diagnostic, Report};
use crate::links::PageLinks;
use crate::load::{Loaded, Theme};
use crate::markdown;
use crate::model::Regulator;
use crate::model::page::Source;
use crate::model::standing::{Register, Registers, Standing};
use crate::model::{Date, KeyQuestion};
use crate::sources::Sources;
use crate::xml::escape_xml;
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
pub(crate) struct Rendered {
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
pub(crate) const REQUIRED_TEMPLATES: [&str; 7] = [
    "grid.html",
    "index.html",
    "service.html",
    "page.html",
    "404.html",
    "embed.html",
    "badge.svg",
];

/// Parses the theme's templates once. Problems name the template file and line.
pub(crate) fn templates(theme: &Theme) -> Result<Tera, Vec<Diagnostic>> {
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
pub(crate) struct Renderer<'a> {
    pub(crate) site: &'a Loaded,
    tera: &'a Tera,
    entries: &'a [Entry],
    pub(crate) sources: Sources<'a>,
    pub(crate) today: Date,
    /// The site's view, converted for Tera once rather than for every page.
    site_value: tera::Value,
    /// The ratings that stand at every level, and every report oldest first.
    pub(crate) registers: Registers<'a>,
    /// Every service as listings show it, in title order; made only when a listing is
    /// rendered.
    pub(crate) rows: Vec<ServiceRow>,
    /// The trust for each page's schema.org data.
    organisation_json: String,
    /// The files of draft pages this build includes, each shown with a "Draft" banner.
    drafts: std::collections::HashSet<&'a std::path::Path>,
}

/// Renders the files of `entries` (the site's catalogue) that `selected` picks into `sink`,
/// in parallel. Problems (template errors, refused links) go into `report`; the files are
/// complete only when `report` has no errors. `Err` is only for a sink that failed (a disk
/// that would not take a file).
pub(crate) fn render(
    site: &Loaded,
    entries: &[Entry],
    tera: &Tera,
    today: Date,
    report: &mut Report,
    sink: &dyn Sink,
    selected: &(dyn Fn(&Entry) -> bool + Sync),
) -> crate::error::Result<Rendered> {
    let registers = Registers::new(&site.inspections, &site.services, site.config.regulator());
    let mut renderer = Renderer {
        site,
        tera,
        entries,
        sources: Sources::new(&site.inspections, &site.statements, &site.seed_index),
        today,
        site_value: to_value(&site_view(site, &registers)),
        registers,
        rows: Vec::new(),
        organisation_json: organisation_json(&site.config),
        drafts: site
            .services
            .iter()
            .filter(|s| s.front.draft)
            .map(|s| s.source.path.as_path())
            .chain(
                site.pages
                    .iter()
                    .filter(|p| p.front.draft)
                    .map(|p| p.source.path.as_path()),
            )
            .collect(),
    };
    let (pages, files): (Vec<&Entry>, Vec<&Entry>) = entries
        .iter()
        .filter(|e| selected(e))
        .partition(|e| matches!(e.make, Make::Page { .. }));
    if pages
        .iter()
        .chain(&files)
        .any(|e| e.depends == Depends::Listing)
    {
        renderer.service_rows();
    }
    let renderer = &renderer;

    /// A written page's links and path, and the problems found rendering it.
    type Done = (Option<(PageLinks, String)>, Vec<Diagnostic>);
    let render_pages = || {
        pages
            .par_iter()
            .map(|entry| {
                let (page, problems) = renderer.render_page(entry);
                let Some((text, source)) = page else {
                    return Ok((None, problems));
                };
                let links = if entry.path.ends_with(".html") {
                    PageLinks::scan(&entry.path, source, &text, &site.base.origin)
                } else {
                    PageLinks::default()
                };
                sink.put(Output {
                    path: entry.path.clone(),
                    contents: Contents::Bytes(text.into_bytes()),
                })?;
                Ok((Some((links, entry.path.clone())), problems))
            })
            .collect::<crate::error::Result<Vec<Done>>>()
    };
    // The feed, the listings and the static files are made while the pages render.
    let make_files = || {
        files
            .iter()
            .map(|entry| match entry.make {
                Make::File(make) => make(renderer, entry),
                _ => renderer.static_output(entry),
            })
            .collect::<Vec<Output>>()
    };
    let (results, others) = rayon::join(render_pages, make_files);

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

/// A rendered page's text, and the content file it came from.
type RenderedPage = (String, Option<PathBuf>);

/// At most this many problems are shown for one page's text: a page with thousands of the
/// same mistake is told so, not listed.
const MAX_PROBLEMS_PER_FILE: usize = 100;

/// The plain page that explains the regulator's ratings: every service page links to it.
pub(crate) const RATINGS_EXPLAINED: &str = "about-ratings";

fn site_view(site: &Loaded, registers: &Registers) -> SiteView {
    let base = &site.base;
    // The site's settings are Markdown at the site's root.
    let place = markdown::Place {
        base_path: &base.path,
        folder: "",
        files: Some(&site.theme.static_files),
        id_prefix: "",
    };
    let config = &site.config;
    let contact = &config.contact;
    let nav = vec![NavLink {
        title: "Home".to_owned(),
        url: base.path_to(paths::HOME),
    }];
    let accessibility_url = site
        .pages
        .iter()
        .find(|p| p.slug == "accessibility")
        .map(|p| base.path_to(&paths::plain(&p.slug)));
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
        feed: base.path_to(paths::FEED),
        embed_url: base.path_to(paths::EMBED),
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
            text_html: contact
                .text
                .as_ref()
                .map(|t| markdown::render(t, &place).html),
        },
        notice_html: config.notice.as_ref().map(|t| {
            let notice = markdown::Place {
                id_prefix: "notice-",
                ..place
            };
            markdown::render(t, &notice).html
        }),
        nav,
        accessibility_url,
        shown_early: site
            .held
            .shown_early
            .iter()
            .map(|(id, date)| EarlyReport {
                id: id.clone(),
                published: DateView::from(*date),
            })
            .collect(),
        regulators: registers
            .shown(&site.services)
            .map(|r| format!("{}, {}", r.regulator.called, r.regulator.about))
            .collect(),
        ratings_explained_url: site
            .pages
            .iter()
            .find(|p| p.slug == RATINGS_EXPLAINED)
            .map(|p| base.path_to(&paths::plain(&p.slug))),
    }
}

impl<'a> Renderer<'a> {
    /// The regulator that leads the site: the one `regulator:` names, else the one that
    /// rates the provider as a whole.
    pub(crate) fn regulator(&self) -> &'static Regulator {
        self.primary().regulator
    }

    /// Every report that gives ratings some page shows, oldest first.
    pub(crate) fn all_inspections(&self) -> Vec<&'a crate::model::seeds::Inspection> {
        let mut all: Vec<_> = self
            .registers
            .shown(&self.site.services)
            .flat_map(|r| r.inspections.iter().copied())
            .collect();
        all.sort_by(|a, b| a.date().cmp(&b.date()).then_with(|| a.id.cmp(&b.id)));
        all
    }

    /// The ratings of the site's own regulator.
    pub(crate) fn primary(&self) -> &Register<'a> {
        self.registers.primary()
    }

    /// The regulator's name for a location, else its id.
    pub(crate) fn location_name(&self, register: &Register, id: &str) -> String {
        register
            .location(id)
            .and_then(Standing::name)
            .unwrap_or(id)
            .to_owned()
    }

    /// Every service the site's own regulator rates (or no regulator does) as listings show
    /// it, in title order, made from its [`Listed`] facts and the seeds alone.
    fn service_rows(&mut self) {
        let primary = self.primary();
        let mut rows: Vec<ServiceRow> = self
            .site
            .services
            .iter()
            .map(Listed::of)
            .filter(|listed| std::ptr::eq(self.registers.home_of(&listed.id), primary))
            .map(|listed| self.service_row(primary, listed))
            .collect();
        // Grouped by location (trust-wide services first) when reports rate locations.
        rows.sort_by(|a, b| (&a.location, &a.title, &a.id).cmp(&(&b.location, &b.title, &b.id)));
        self.rows = rows;
    }

    /// A service as `register`'s grid shows it.
    pub(crate) fn service_row(&self, register: &Register, listed: Listed) -> ServiceRow {
        let standing = register.service(&listed.id);
        let (overall, questions) = RatingView::row(standing, register.regulator);
        ServiceRow {
            url: self.site.base.path_to(&paths::service(&listed.id)),
            location: standing.location().map(|l| self.location_name(register, l)),
            location_id: standing.location().map(str::to_owned),
            id: listed.id,
            title: listed.title,
            overall,
            questions,
            overall_only: views::overall_only(standing, register.regulator),
            by: None,
        }
    }

    /// The services each other regulator rates, a table for each, in title order.
    pub(crate) fn other_grids(&self) -> Vec<views::OtherGrid> {
        self.registers
            .others()
            .iter()
            .filter_map(|register| {
                let mut services: Vec<ServiceRow> = self
                    .site
                    .services
                    .iter()
                    .filter(|page| register.service(&page.id).is_rated())
                    .map(|page| self.service_row(register, Listed::of(page)))
                    .collect();
                if services.is_empty() {
                    return None;
                }
                services.sort_by(|a, b| (&a.title, &a.id).cmp(&(&b.title, &b.id)));
                // As long as a page of the grid, at most: a site most of whose services another
                // regulator rates names it to lead (`regulator:`), and gets its paged grid.
                let more = services.len().saturating_sub(GRID_PAGE_SIZE);
                services.truncate(GRID_PAGE_SIZE);
                let regulator = register.regulator;
                // One service: the link goes to its own assessment.
                let assessment_url = match services.as_slice() {
                    [one] => register
                        .assessment_url(register.service(&one.id), one.location_id.as_deref()),
                    _ => register.assessment_url(&register.provider, None),
                };
                Some(views::OtherGrid {
                    id: regulator.id,
                    regulator: RegulatorView::new(regulator, assessment_url),
                    gives_overall: regulator.gives_overall(),
                    questions_are: regulator.questions_are,
                    key_questions: views::grid_has_key_questions(&services),
                    services,
                    more,
                })
            })
            .collect()
    }

    /// Rows of the grid grouped by location, when reports rate locations (else none: the
    /// grid is one table).
    pub(crate) fn grid_groups(&self, rows: &[ServiceRow]) -> Vec<GridGroup> {
        let register = self.primary();
        if !register.has_locations() {
            return Vec::new();
        }
        let mut groups: Vec<GridGroup> = Vec::new();
        for row in rows {
            match groups.last_mut() {
                Some(group) if group.location_id == row.location_id => {
                    group.services.push(row.clone())
                }
                _ => groups.push(GridGroup {
                    location: row.location.clone(),
                    location_id: row.location_id.clone(),
                    overall: row
                        .location_id
                        .as_deref()
                        .and_then(|id| register.location(id))
                        .filter(|l| l.get(KeyQuestion::Overall).is_some())
                        .map(|l| {
                            RatingView::current(l, KeyQuestion::Overall, false, register.regulator)
                        }),
                    services: vec![row.clone()],
                    key_questions: true,
                }),
            }
        }
        for group in &mut groups {
            group.key_questions = views::grid_has_key_questions(&group.services);
        }
        groups
    }

    /// The overall rating of `name` as schema.org JSON: a Review by the regulator with its
    /// date, never an AggregateRating (a regulator's rating is not a sum of reviews).
    pub(crate) fn rating_ld(
        &self,
        name: &str,
        standing: &Standing,
        assessment_url: Option<&str>,
    ) -> Option<String> {
        // A state such as "Rating suspended" is not a rating to publish as one.
        let current = standing
            .get(KeyQuestion::Overall)
            .filter(|c| c.given.rating.is_grade())?;
        let regulator = current.report.regulator();
        let aspect = regulator.question(KeyQuestion::Overall);
        // Written out in key order, as serde_json's map would write it, without building one
        // for every page.
        let string = |s: &str| serde_json::Value::from(s).to_string();
        let mut review = String::with_capacity(512);
        review.push_str(r#"{"@type":"Review","author":{"@type":"GovernmentOrganization","name":"#);
        review.push_str(&string(regulator.name));
        review.push_str(r#","url":"#);
        review.push_str(&string(regulator.home));
        review.push('}');
        if let Some(date) = current.report.data.published {
            review.push_str(r#","datePublished":"#);
            review.push_str(&string(&date.iso()));
        }
        review.push_str(r#","itemReviewed":{"@type":"MedicalOrganization","name":"#);
        review.push_str(&string(name));
        review.push('}');
        if let Some(from) = current.inherited_from() {
            review.push_str(r#","reviewBody":"#);
            review.push_str(&string(&format!("A rating {}.", views::awarded_to(from))));
        }
        review.push_str(r#","reviewAspect":"#);
        review.push_str(&string(aspect));
        review.push_str(r#","reviewRating":{"@type":"Rating","ratingValue":"#);
        review.push_str(&string(regulator.label(current.given.rating)));
        review.push('}');
        if let Some(url) = assessment_url {
            review.push_str(r#","url":"#);
            review.push_str(&string(url));
        }
        review.push('}');
        Some(review)
    }

    /// Every address the sitemap lists, with its last-reviewed date, sorted.
    pub(crate) fn sitemap_urls(&self) -> Vec<(String, Option<Date>)> {
        let mut urls: Vec<(String, Option<Date>)> = self
            .entries
            .iter()
            .filter_map(|e| {
                e.sitemap
                    .map(|reviewed| (self.site.base.url_to(e.url()), reviewed))
            })
            .collect();
        urls.sort();
        urls
    }

    /// A static file, copied or written as it is.
    fn static_output(&self, entry: &Entry) -> Output {
        let file = match &entry.item {
            Item::Name(name) => self.site.theme.static_files.get(name),
            _ => None,
        };
        let contents = match file.map(|f| (&f.bytes, &f.origin)) {
            Some((Some(bytes), _)) => Contents::Bytes(bytes.to_vec()),
            Some((None, crate::load::Origin::File(path))) => Contents::Copy(path.clone()),
            Some((None, crate::load::Origin::Builtin(bytes))) => Contents::Static(bytes),
            None => Contents::Bytes(Vec::new()),
        };
        Output {
            path: entry.path.clone(),
            contents,
        }
    }

    /// Draws a page through its template.
    fn render_page(&self, entry: &Entry) -> (Option<RenderedPage>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let Make::Page { template, view } = entry.make else {
            return (None, problems);
        };
        let view = view(self, entry, &mut problems);
        let draft = view
            .source
            .as_deref()
            .is_some_and(|path| self.drafts.contains(path));
        let mut meta = self.meta(
            view.title,
            view.description,
            entry.url(),
            (view.reviewed, view.next_review),
            view.rating_ld.as_deref(),
        );
        meta.draft = draft;
        let mut context = Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert("page", &meta);
        context.insert_value(view.key, view.value);
        match self.tera.render(template, &context) {
            Ok(html) => (Some((html, view.source)), problems),
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
        (reviewed, next_review): (Option<Date>, Option<Date>),
        rating: Option<&str>,
    ) -> PageMeta {
        let json_ld = json_ld(
            &self.organisation_json,
            &self.site.config.language,
            &title,
            description.as_deref(),
            &self.site.base.url_to(url),
            reviewed,
            rating,
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
            draft: false,
        }
    }

    /// Links to every page of the ratings grid, or none when one page holds it all.
    pub(crate) fn grid_links(&self, services: usize) -> Vec<GridLink> {
        let pages = services.div_ceil(GRID_PAGE_SIZE);
        if pages <= 1 {
            return Vec::new();
        }
        (1..=pages)
            .map(|number| GridLink {
                number,
                url: self.site.base.path_to(&paths::grid_page(number)),
            })
            .collect()
    }

    /// The badge snippets page: one badge and its HTML per service, for web editors.
    pub(crate) fn embed_view(&self) -> EmbedView {
        let rows = &self.rows;
        let regulator = self.regulator();
        let base = &self.site.base;
        let item = |name: &str,
                    page: String,
                    id: &str,
                    rating: RatingView,
                    standing: &Standing,
                    location: Option<&str>,
                    register: &Register| {
            let regulator = register.regulator;
            let badge = base.url_to(&paths::badge(id));
            let alt = rating_sentence(name, &rating, regulator.called);
            // The regulator's display rules go with the badge: its web address, linked to the
            // page with the latest assessment.
            let assessment = register
                .assessment_url(standing, location)
                .unwrap_or_else(|| regulator.home.to_owned());
            if !regulator.gives_overall() {
                // No overall rating for a badge to show: the ratings in words, with their
                // dates, as the Welsh rules ask of every website about the service.
                let (_, questions) = RatingView::all(standing, regulator);
                let notes: Vec<Option<String>> = questions.iter().map(RatingView::note).collect();
                // One date for all, when they share it ("20 October 2025").
                let shared = notes
                    .first()
                    .cloned()
                    .flatten()
                    .filter(|first| notes.iter().all(|n| n.as_ref() == Some(first)));
                let ratings: Vec<String> = questions
                    .iter()
                    .zip(&notes)
                    .map(|(q, note)| match note {
                        Some(note) if shared.is_none() => {
                            format!("{}: {} ({note})", q.question, q.label)
                        }
                        _ => format!("{}: {}", q.question, q.label),
                    })
                    .collect();
                let when = shared
                    .map(|note| format!(", {}", note.strip_prefix("Rated ").unwrap_or(&note)))
                    .unwrap_or_default();
                let snippet = format!(
                    "<p><a href=\"{}\">{}</a>: ratings from {}{}. {}. <a href=\"{}\">{}</a></p>",
                    escape_xml(&page),
                    escape_xml(name),
                    escape_xml(regulator.called),
                    escape_xml(&when),
                    escape_xml(&ratings.join("; ")),
                    escape_xml(&assessment),
                    escape_xml(regulator.rules.web_address),
                );
                return EmbedItem {
                    text_html: Some(snippet.clone()),
                    snippet,
                    name: name.to_owned(),
                    badge_path: String::new(),
                    alt: String::new(),
                    rating,
                };
            }
            EmbedItem {
                text_html: None,
                snippet: format!(
                    "<a href=\"{}\"><img src=\"{}\" alt=\"{}\" height=\"28\"></a>\n<a href=\"{}\">{}</a>",
                    escape_xml(&page),
                    escape_xml(&badge),
                    escape_xml(&alt),
                    escape_xml(&assessment),
                    escape_xml(regulator.rules.web_address),
                ),
                name: name.to_owned(),
                badge_path: base.path_to(&paths::badge(id)),
                alt,
                rating,
            }
        };
        let org = &self.site.config.organisation.name;
        let primary = self.primary();
        let whole = self.registers.of_provider();
        let trust_rating = RatingView::all(&whole.provider, whole.regulator).0;
        let mut items = vec![item(
            org,
            base.url_to(paths::HOME),
            paths::TRUST,
            trust_rating,
            &whole.provider,
            None,
            whole,
        )];
        items.extend(rows.iter().take(GRID_PAGE_SIZE).map(|r| {
            item(
                &r.title,
                base.url_to(&paths::service(&r.id)),
                &r.id,
                r.overall.clone(),
                primary.service(&r.id),
                r.location_id.as_deref(),
                primary,
            )
        }));
        // The services only another regulator rates: their badges, or their ratings in
        // words where the regulator gives no overall rating; a page of them at most.
        let mut more = rows.len().saturating_sub(GRID_PAGE_SIZE);
        for other in self.registers.others() {
            let mut services: Vec<&crate::model::page::ServicePage> = self
                .site
                .services
                .iter()
                .filter(|page| std::ptr::eq(self.registers.home_of(&page.id), other))
                .collect();
            services.sort_by(|a, b| (&a.front.title, &a.id).cmp(&(&b.front.title, &b.id)));
            more += services.len().saturating_sub(GRID_PAGE_SIZE);
            services.truncate(GRID_PAGE_SIZE);
            items.extend(services.into_iter().map(|page| {
                let standing = other.service(&page.id);
                item(
                    &page.front.title,
                    base.url_to(&paths::service(&page.id)),
                    &page.id,
                    RatingView::current(standing, KeyQuestion::Overall, false, other.regulator),
                    standing,
                    standing.location(),
                    other,
                )
            }));
        }
        EmbedView {
            regulator: RegulatorView::new(
                regulator,
                primary.assessment_url(&primary.provider, None),
            ),
            items,
            more,
            ratings_json: base.url_to(paths::RATINGS_JSON),
            feed: base.url_to(paths::FEED),
        }
    }

    /// Where the Markdown of the file `source` is shown, for the paths in it.
    pub(crate) fn place<'s>(&'s self, source: &'s Source) -> markdown::Place<'s> {
        markdown::Place {
            base_path: &self.site.base.path,
            folder: source
                .path
                .parent()
                .and_then(|p| p.to_str())
                .unwrap_or("content"),
            files: Some(&self.site.theme.static_files),
            id_prefix: "",
        }
    }

    /// Renders a page's Markdown body, turning its problems into messages at the right line.
    pub(crate) fn body(&self, source: &Source, problems: &mut Vec<Diagnostic>) -> String {
        let text = match source.full_text() {
            Ok(text) => text,
            Err(d) => {
                problems.push(d);
                return String::new();
            }
        };
        let rendered = markdown::render(&text[source.body_start..], &self.place(source));
        if rendered.problems.is_empty() {
            return rendered.html;
        }
        // Problems come in the order of the text: their lines are found in one pass, not a
        // pass each, so a page with thousands of them takes no longer than a pass.
        let mut shown = rendered.problems.iter().collect::<Vec<_>>();
        shown.sort_by_key(|p| p.offset);
        let more = shown.len().saturating_sub(MAX_PROBLEMS_PER_FILE);
        shown.truncate(MAX_PROBLEMS_PER_FILE);
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        for p in shown {
            let offset = (source.body_start + p.offset).min(text.len());
            let line = starts.partition_point(|&s| s <= offset);
            let line_start = starts[line - 1];
            let line_end = starts.get(line).map_or(text.len(), |&s| s - 1);
            let column = text[line_start..offset].chars().count() + 1;
            let d = if p.is_error {
                Diagnostic::error(&source.path, &p.message)
            } else {
                Diagnostic::warning(&source.path, &p.message)
            };
            let mut d = problem_diagnostic(d, p);
            d.line = u32::try_from(line).ok();
            d.column = u32::try_from(column).ok();
            d.source_line = Some(text[line_start..line_end].trim_end_matches('\r').into());
            problems.push(d);
        }
        if more > 0 {
            problems.push(Diagnostic::note(
                &source.path,
                format!("and {more} more problems like these in this file: fix these and build again to see them"),
            ));
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
    let d = d.help(p.help.clone());
    match p.code {
        Some(code) => d.code(code),
        None => d,
    }
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
    review: Option<&str>,
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
    if let Some(review) = review {
        page.push_str(r#","review":"#);
        page.push_str(review);
    }
    page.push_str(r#","url":"#);
    page.push_str(&string(url));
    page.push('}');
    script_safe(&page)
}

/// JSON made safe inside an HTML `<script>` element: `<`, `>` and `&` (which could end the
/// element or open a comment that swallows the page) and U+2028 and U+2029 (line ends to older
/// JavaScript) written as `\u` escapes. They occur only inside JSON strings, where an escape
/// reads the same.
pub(crate) fn script_safe(json: &str) -> String {
    let bytes = json.as_bytes();
    // Most pages' JSON holds none of them: copied as it is.
    if memchr::memchr3(b'<', b'>', b'&', bytes).is_none()
        && memchr::memmem::find(bytes, "\u{2028}".as_bytes()).is_none()
        && memchr::memmem::find(bytes, "\u{2029}".as_bytes()).is_none()
    {
        return json.to_owned();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn to_value<T: serde::Serialize>(view: &T) -> tera::Value {
    // View structs hold only strings, numbers, booleans and lists, which always convert.
    tera::Value::from_serializable(view)
}

/// The first sentence of Markdown text, as plain words, for a page description.
fn first_sentence(markdown_text: &str) -> Option<String> {
    // Links and images need Markdown read properly (their addresses are not words); most
    // summaries have neither, and their marks are dropped as they are.
    let plain: String = if markdown_text.contains(['[', '<']) {
        crate::readability::plain_words(markdown_text, false)
    } else {
        markdown_text
            .chars()
            .filter(|c| !matches!(c, '*' | '_' | '`' | '#'))
            .collect()
    };
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let end = plain.find(". ").map_or(plain.len(), |i| i + 1);
    let sentence = plain[..end].trim();
    (!sentence.is_empty()).then(|| sentence.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_element_cannot_end_it_or_open_a_comment() {
        let json =
            serde_json::json!({"name": "a</script><!--<script>&\u{2028}\u{2029}b"}).to_string();
        let safe = script_safe(&json);
        for bad in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!safe.contains(bad), "{safe}");
        }
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], "a</script><!--<script>&\u{2028}\u{2029}b");
    }
}
