//! The catalogue: every file a build writes. Each kind of page or file is one function here
//! that says where it goes, how it is made (a template and the view it gets, or a function
//! that writes the file) and what it is made from. The renderer, the sitemap, the link
//! checker, the build's progress and the preview's update all read this one list, so an
//! output path is spelt out once, and a new page kind is a function here and its template.

use std::path::PathBuf;

use super::publish;
use super::views::*;
use super::{Output, Renderer, to_value};
use crate::error::Diagnostic;
use crate::load::Loaded;
use crate::model::page::{FindingKind, ServicePage};
use crate::model::standing::{Register, Registers, Standing};
use crate::model::{Date, KeyQuestion};
use crate::xml::escape_xml;

/// Addresses within the site, relative to its base: the one place each is spelt out.
pub(crate) mod paths {
    pub(crate) const HOME: &str = "";
    pub(crate) const EMBED: &str = "embed/";
    pub(crate) const NOT_FOUND: &str = "404.html";
    pub(crate) const FEED: &str = "feed.xml";
    pub(crate) const RATINGS_JSON: &str = "ratings.json";
    pub(crate) const SITEMAP: &str = "sitemap.xml";
    pub(crate) const ROBOTS: &str = "robots.txt";
    pub(crate) const NOJEKYLL: &str = ".nojekyll";
    pub(crate) const CNAME: &str = "CNAME";
    /// The content editor, when `cms:` is set, and its configuration.
    pub(crate) const CMS_PAGE: &str = "admin/index.html";
    pub(crate) const CMS_CONFIG: &str = "admin/config.yml";
    /// The trust's own badge is `badges/trust.svg`.
    pub(crate) const TRUST: &str = "trust";

    pub(crate) fn service(id: &str) -> String {
        format!("services/{id}/")
    }

    pub(crate) fn badge(id: &str) -> String {
        format!("badges/{id}.svg")
    }

    pub(crate) fn plain(slug: &str) -> String {
        format!("{slug}/")
    }

    /// Page `number` of the ratings grid; page 1 is the home page.
    pub(crate) fn grid_page(number: usize) -> String {
        if number <= 1 {
            HOME.to_owned()
        } else {
            format!("services/page/{number}/")
        }
    }

    /// Part `number` of a sitemap too long for one file.
    pub(crate) fn sitemap_part(number: usize) -> String {
        format!("sitemap-{number}.xml")
    }

    /// The file an address is served from: a folder's `index.html`.
    pub(crate) fn file(url: &str) -> String {
        if url.is_empty() || url.ends_with('/') {
            format!("{url}index.html")
        } else {
            url.to_owned()
        }
    }
}

/// Services a page of the ratings grid shows: a directory of thousands of services gets
/// several pages, not one page of hundreds of megabytes.
pub(crate) const GRID_PAGE_SIZE: usize = 500;

/// Services the home page lists as most needing attention.
pub(crate) const ATTENTION_LIMIT: usize = 50;

/// The most URLs one sitemap file may list (sitemaps.org).
pub(crate) const SITEMAP_LIMIT: usize = 50_000;

/// What a file is made from, beyond the site's settings, templates, static files, seeds, home
/// page and plain pages: a change to any of those rebuilds the whole site, while an edit to
/// service pages re-renders only the files that depend on what changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Depends {
    /// One service page (by its index in the site's services).
    Service(usize),
    /// Every service's [`Listed`] facts: the listings.
    Listing,
    /// Every service page's dated events: the feed.
    Events,
    /// None of the service pages.
    Fixed,
}

/// What listings (home page, grid pages, embed page, `ratings.json`, sitemap) read from a
/// service page: they are made from these alone, so the preview re-renders them exactly when
/// one of these changes. A listing that needs more from a page adds it here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listed {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) reviewed: Option<Date>,
    /// Its old ids: ratings a report gave under one are its own.
    pub(crate) aliases: Vec<String>,
    /// A draft, in a build that shows drafts: never in the sitemap.
    pub(crate) draft: bool,
}

impl Listed {
    pub(crate) fn of(page: &ServicePage) -> Listed {
        Listed {
            id: page.id.clone(),
            title: page.front.title.clone(),
            reviewed: page.front.reviewed,
            aliases: page.front.aliases.clone(),
            draft: page.front.draft,
        }
    }
}

/// A page's view for its template, and what its `<head>` says.
pub(crate) struct View {
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) reviewed: Option<Date>,
    pub(crate) next_review: Option<Date>,
    /// The name templates know the view by (`service`, `home` ...).
    pub(crate) key: &'static str,
    pub(crate) value: tera::Value,
    /// The content file it was made from, for placing problems in its links.
    pub(crate) source: Option<PathBuf>,
    /// The regulator's overall rating of what the page is about, as schema.org JSON.
    pub(crate) rating_ld: Option<String>,
}

impl View {
    /// A view with a title and nothing else for `<head>`: no description, dates or source.
    fn titled(title: String, key: &'static str, value: tera::Value) -> View {
        View {
            title,
            description: None,
            reviewed: None,
            next_review: None,
            key,
            value,
            source: None,
            rating_ld: None,
        }
    }
}

/// Makes a page's view; problems found on the way go into the list.
pub(crate) type MakeView = fn(&Renderer, &Entry, &mut Vec<Diagnostic>) -> View;
/// Makes a file other than a page, whole.
pub(crate) type MakeFile = fn(&Renderer, &Entry) -> Output;

/// How a file is made.
#[derive(Clone, Copy)]
pub(crate) enum Make {
    /// An HTML page or SVG drawn by a template from a view.
    Page {
        template: &'static str,
        view: MakeView,
    },
    /// A file written by a function (the feed, the sitemap, `ratings.json` ...).
    File(MakeFile),
    /// A static file of the theme or the site, by its name there.
    Static,
}

/// One file of the site.
#[derive(Clone)]
pub(crate) struct Entry {
    /// The file, relative to the output folder, with `/` separators.
    pub(crate) path: String,
    /// Listed in the sitemap, with the date it was last reviewed.
    pub(crate) sitemap: Option<Option<Date>>,
    pub(crate) depends: Depends,
    /// Which service, plain page, grid page or sitemap part it is, for its maker; for a
    /// static file, its name in the theme.
    pub(crate) item: Item,
    pub(crate) make: Make,
    /// The writer's file it is made from, if any, for messages.
    pub(crate) origin: Origin,
}

/// Which of the writer's files an entry is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// None: carepages makes it.
    Carepages,
    Home,
    /// A service page, by its index in the site's services.
    Service(usize),
    /// A plain page, by its index in the site's plain pages.
    Plain(usize),
    /// A static file, named by the entry's item.
    Static,
}

impl Entry {
    /// Its address relative to the site's base: a folder's for its `index.html`
    /// (`services/x/`), else the file's own.
    pub(crate) fn url(&self) -> &str {
        self.path.strip_suffix("index.html").unwrap_or(&self.path)
    }

    /// The writer's file it is made from.
    fn origin_file<'a>(&'a self, site: &'a Loaded) -> Option<&'a std::path::Path> {
        match (self.origin, &self.item) {
            (Origin::Carepages, _) => None,
            (Origin::Home, _) => site.home.as_ref().map(|h| h.source.path.as_path()),
            (Origin::Service(i), _) => site.services.get(i).map(|s| s.source.path.as_path()),
            (Origin::Plain(i), _) => site.pages.get(i).map(|p| p.source.path.as_path()),
            (Origin::Static, Item::Name(name)) => site
                .theme
                .static_files
                .get(name)
                .map(|f| f.shown_path.as_path()),
            (Origin::Static, _) => None,
        }
    }
}

/// What an entry is of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    None,
    Index(usize),
    Name(String),
}

impl Item {
    fn index(&self) -> usize {
        match self {
            Item::Index(i) => *i,
            _ => 0,
        }
    }
}

/// Every file of the site, in a fixed order.
pub(crate) fn catalogue(site: &Loaded) -> Vec<Entry> {
    // The grid lists the services the leading regulator rates, or no regulator does; those
    // only another regulator rates are in its own table on the home page.
    // With one regulator's reports (most sites, and every directory) that is every service.
    let one_regulator = site
        .inspections
        .windows(2)
        .all(|pair| std::ptr::eq(pair[0].regulator(), pair[1].regulator()));
    let services = if one_regulator && site.config.regulator.is_none() {
        site.services.len()
    } else {
        let registers = Registers::new(&site.inspections, &site.services, site.config.regulator());
        site.services
            .iter()
            .filter(|page| std::ptr::eq(registers.home_of(&page.id), registers.primary()))
            .count()
    };
    let listed: Vec<Listed> = site.services.iter().map(Listed::of).collect();
    let mut entries = vec![home(), not_found(), embed(), trust_badge()];
    if site.home.is_some() {
        entries[0].origin = Origin::Home;
    }
    entries.extend((2..=services.div_ceil(GRID_PAGE_SIZE)).map(grid_page));
    entries.extend(listed.iter().enumerate().map(|(i, l)| service(i, l)));
    entries.extend(listed.iter().enumerate().map(|(i, l)| badge(i, l)));
    entries.extend(site.services.iter().enumerate().flat_map(|(i, page)| {
        page.front
            .aliases
            .iter()
            .map(move |alias| redirect(i, alias))
    }));
    entries.extend(
        site.pages
            .iter()
            .enumerate()
            .map(|(i, p)| plain(i, &p.slug, p.front.reviewed, p.front.draft)),
    );
    entries.extend([feed(), ratings_json(), robots(), nojekyll()]);
    if site.config.custom_domain.is_some() {
        entries.push(cname());
    }
    if site.config.cms.is_some() {
        entries.extend([cms_page(), cms_config()]);
    }
    entries.extend(
        site.theme
            .static_files
            .iter()
            .map(|(name, file)| static_file(name, file)),
    );
    let urls = entries.iter().filter(|e| e.sitemap.is_some()).count();
    entries.extend(sitemaps(urls));
    entries
}

fn page(
    url: String,
    depends: Depends,
    item: Item,
    template: &'static str,
    view: MakeView,
) -> Entry {
    Entry {
        path: paths::file(&url),
        sitemap: None,
        depends,
        origin: match (depends, &item) {
            (Depends::Service(i), _) => Origin::Service(i),
            _ => Origin::Carepages,
        },
        item,
        make: Make::Page { template, view },
    }
}

fn file(url: &str, depends: Depends, make: MakeFile) -> Entry {
    Entry {
        path: url.to_owned(),
        sitemap: None,
        depends,
        item: Item::None,
        make: Make::File(make),
        origin: match depends {
            Depends::Service(i) => Origin::Service(i),
            _ => Origin::Carepages,
        },
    }
}

fn in_sitemap(entry: Entry, reviewed: Option<Date>) -> Entry {
    Entry {
        sitemap: Some(reviewed),
        ..entry
    }
}

/// The home page: the trust's rating, the first page of the ratings grid, and the services
/// that most need attention.
fn home() -> Entry {
    let entry = page(
        paths::HOME.to_owned(),
        Depends::Listing,
        Item::None,
        "index.html",
        home_view,
    );
    in_sitemap(entry, None)
}

fn home_view(r: &Renderer, _: &Entry, problems: &mut Vec<Diagnostic>) -> View {
    let home = r.site.home.as_ref();
    let body_html = home.map_or_else(String::new, |h| r.body(&h.source, problems));
    // The provider as a whole, as the regulator that rates it rates it; the grid is the
    // leading regulator's.
    let whole = r.registers.of_provider();
    let provider = &whole.provider;
    let (overall, questions) = RatingView::all(provider, whole.regulator);
    let rows = &r.rows;
    let others = r.other_grids();
    // The services whose rating is at the foot of its scale, then the step above, by every
    // regulator: overall where it gives one, else its lowest.
    let mut attention: Vec<Attention> = Vec::new();
    for row in rows {
        if let Some(entry) = needs_attention(row, r.regulator(), None) {
            attention.push(entry);
        }
    }
    for grid in &others {
        let Some(regulator) = crate::model::Regulator::find(grid.id) else {
            continue;
        };
        for row in &grid.services {
            if let Some(entry) = needs_attention(row, regulator, Some(regulator.called)) {
                attention.push(entry);
            }
        }
    }
    attention.sort_by_key(|entry| entry.0);
    let attention_more = attention.len().saturating_sub(ATTENTION_LIMIT);
    let view = HomeView {
        body_html,
        overall,
        questions,
        reports: provider
            .sources()
            .into_iter()
            .map(InspectionView::new)
            .collect(),
        regulator: RegulatorView::new(whole.regulator, whole.assessment_url(provider, None)),
        grid_regulator: RegulatorView::new(r.regulator(), None),
        services: rows.iter().take(GRID_PAGE_SIZE).cloned().collect(),
        groups: r.grid_groups(&rows[..rows.len().min(GRID_PAGE_SIZE)]),
        key_questions: grid_has_key_questions(&rows[..rows.len().min(GRID_PAGE_SIZE)]),
        grid_pages: r.grid_links(rows.len()),
        gives_overall: r.regulator().gives_overall(),
        questions_are: r.regulator().questions_are,
        rates_providers: whole.regulator.rates_providers,
        attention: attention
            .into_iter()
            .take(ATTENTION_LIMIT)
            .map(|(_, row, lowest, by)| {
                let mut row = row.clone();
                if let Some(lowest) = lowest {
                    row.overall = lowest.clone();
                }
                row.by = by;
                row
            })
            .collect(),
        attention_more,
        others,
    };
    View {
        title: home.map_or_else(|| r.site.config.title.clone(), |h| h.front.title.clone()),
        description: home
            .and_then(|h| h.front.description.clone())
            .or_else(|| r.site.config.description.clone()),
        reviewed: None,
        next_review: None,
        key: "home",
        value: to_value(&view),
        source: home.map(|h| h.source.path.clone()),
        rating_ld: r.rating_ld(
            &r.site.config.organisation.name,
            provider,
            view_url(&view.regulator),
        ),
    }
}

/// A row of a grid, as the list of services that most need to improve shows it, with its
/// place in that list (0 at the foot of its scale, 1 a step above): by its overall rating
/// where its regulator gives one, else by its lowest. `by` names a regulator other than the
/// site's own.
fn needs_attention<'a>(
    row: &'a ServiceRow,
    regulator: &crate::model::Regulator,
    by: Option<&'static str>,
) -> Option<Attention<'a>> {
    // Places from the foot of the scale: the CQC's inadequate is 0, requires improvement 1;
    // the Care Inspectorate's unsatisfactory 0, weak 1.
    let rank = |r: &RatingView| {
        let place = regulator.scale.iter().position(|g| g.slug() == r.slug)?;
        let from_foot = regulator.scale.len() - 1 - place;
        (from_foot < 2).then_some(from_foot as u8)
    };
    let (at, lowest) = if regulator.gives_overall() {
        (rank(&row.overall)?, None)
    } else {
        row.questions
            .iter()
            .filter_map(|q| rank(q).map(|at| (at, Some(q))))
            .min_by_key(|(at, _)| *at)?
    };
    Some((at, row, lowest, by))
}

/// A service that needs attention: its place in the list, its row, the rating that puts it
/// there when that is not its overall rating, and its regulator when not the site's own.
type Attention<'a> = (
    u8,
    &'a ServiceRow,
    Option<&'a RatingView>,
    Option<&'static str>,
);

/// Page 2 onwards of the ratings grid.
fn grid_page(number: usize) -> Entry {
    let entry = page(
        paths::grid_page(number),
        Depends::Listing,
        Item::Index(number),
        "grid.html",
        grid_view,
    );
    in_sitemap(entry, None)
}

fn grid_view(r: &Renderer, entry: &Entry, _: &mut Vec<Diagnostic>) -> View {
    let number = entry.item.index();
    let start = ((number - 1) * GRID_PAGE_SIZE).min(r.rows.len());
    let rows = &r.rows[start..(start + GRID_PAGE_SIZE).min(r.rows.len())];
    let view = GridView {
        number,
        regulator: RegulatorView::new(
            r.regulator(),
            r.primary().assessment_url(&r.primary().provider, None),
        ),
        services: rows.to_vec(),
        groups: r.grid_groups(rows),
        key_questions: grid_has_key_questions(rows),
        grid_pages: r.grid_links(r.rows.len()),
        gives_overall: r.regulator().gives_overall(),
        questions_are: r.regulator().questions_are,
    };
    let pages = r.rows.len().div_ceil(GRID_PAGE_SIZE);
    View::titled(
        format!("Ratings for every service, page {number} of {pages}"),
        "grid",
        to_value(&view),
    )
}

fn not_found() -> Entry {
    page(
        paths::NOT_FOUND.to_owned(),
        Depends::Fixed,
        Item::None,
        "404.html",
        |_, _, _| {
            let body = PlainView {
                body_html: String::new(),
            };
            View::titled("Page not found".to_owned(), "plain", to_value(&body))
        },
    )
}

/// The page of badge snippets for web editors.
fn embed() -> Entry {
    let entry = page(
        paths::EMBED.to_owned(),
        Depends::Listing,
        Item::None,
        "embed.html",
        |r, _, _| View {
            description: Some(
                "Badges and HTML to show these ratings on another website.".to_owned(),
            ),
            ..View::titled(
                "Rating badges for web editors".to_owned(),
                "embed",
                to_value(&r.embed_view()),
            )
        },
    );
    in_sitemap(entry, None)
}

/// The trust's standalone badge, `badges/trust.svg`.
fn trust_badge() -> Entry {
    page(
        paths::badge(paths::TRUST),
        Depends::Fixed,
        Item::None,
        "badge.svg",
        |r, _, _| {
            let name = &r.site.config.organisation.name;
            let whole = r.registers.of_provider();
            badge_view(r, name, whole, &whole.provider)
        },
    )
}

/// A service's standalone badge, `badges/<id>.svg`.
fn badge(index: usize, listed: &Listed) -> Entry {
    page(
        paths::badge(&listed.id),
        Depends::Service(index),
        Item::Index(index),
        "badge.svg",
        |r, entry, _| {
            let page = &r.site.services[entry.item.index()];
            let register = r.registers.home_of(&page.id);
            badge_view(r, &page.front.title, register, register.service(&page.id))
        },
    )
}

fn badge_view(r: &Renderer, title: &str, register: &Register, standing: &Standing) -> View {
    let regulator = register.regulator;
    let mut overall = RatingView::current(standing, KeyQuestion::Overall, false, regulator);
    let whole = std::ptr::eq(standing, &register.provider);
    if (!regulator.gives_overall() && standing.is_rated()) || (whole && !regulator.rates_providers)
    {
        // A badge shows an overall rating; this regulator gives none, so the badge says so
        // rather than "Not known".
        overall.label = NO_OVERALL;
    }
    let view = BadgeView::new(title, overall, regulator.called, &r.site.theme.colours);
    View::titled(title.to_owned(), "badge", to_value(&view))
}

/// A plain page (`content/<slug>.md`).
fn plain(index: usize, slug: &str, reviewed: Option<Date>, draft: bool) -> Entry {
    let entry = page(
        paths::plain(slug),
        Depends::Fixed,
        Item::Index(index),
        "page.html",
        |r, entry, problems| {
            let page = &r.site.pages[entry.item.index()];
            View {
                title: page.front.title.clone(),
                description: page.front.description.clone(),
                reviewed: page.front.reviewed,
                next_review: None,
                key: "plain",
                value: to_value(&PlainView {
                    body_html: r.body(&page.source, problems),
                }),
                source: Some(page.source.path.clone()),
                rating_ld: None,
            }
        },
    );
    let entry = Entry {
        origin: Origin::Plain(index),
        ..entry
    };
    if draft {
        return entry;
    }
    in_sitemap(entry, reviewed)
}

/// A service's page: its ratings, what inspectors found, the apology, the improvement
/// actions and the rating history.
fn service(index: usize, listed: &Listed) -> Entry {
    let entry = page(
        paths::service(&listed.id),
        Depends::Service(index),
        Item::Index(index),
        "service.html",
        service_view,
    );
    if listed.draft {
        return entry;
    }
    in_sitemap(entry, listed.reviewed)
}

fn service_view(r: &Renderer, entry: &Entry, problems: &mut Vec<Diagnostic>) -> View {
    let page = &r.site.services[entry.item.index()];
    let front = &page.front;
    let summary = crate::markdown::render(&front.summary, &r.place(&page.source));
    for p in &summary.problems {
        // At the problem's own words in the file, found after `summary:`; the YAML around
        // them means the summary's text is not the file's, character for character.
        let words: String = front.summary[p.offset.min(front.summary.len())..]
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(40)
            .collect();
        let text = &page.source.text;
        let from = text.find("summary:").unwrap_or(0);
        let d = Diagnostic::error(&page.source.path, &p.message);
        let d = match text[from..]
            .find(words.trim())
            .filter(|_| !words.trim().is_empty())
        {
            Some(i) => {
                let (line, column) = crate::error::line_col(text, from + i);
                d.at(text, line, column)
            }
            None => d.placed(text, "summary:"),
        };
        problems.push(super::problem_diagnostic(d, p));
    }
    let body_html = r.body(&page.source, problems);
    let register = r.registers.home_of(&page.id);
    let standing = register.service(&page.id);
    let location = standing.location();
    let regulator_name = standing
        .name()
        .filter(|name| !same_name(name, &front.title))
        .map(str::to_owned);
    let findings = |kind| {
        front
            .findings
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| FindingView::new(&r.sources, f))
            .collect()
    };
    // A panel for each regulator that rates it: the one it is listed with first.
    let panel = |register: &Register| {
        let regulator = register.regulator;
        let standing = register.service(&page.id);
        let (overall, questions) = RatingView::all(standing, regulator);
        let history = history(standing, regulator);
        let key_questions = !overall_only(standing, regulator);
        PanelView {
            history_key_questions: history.iter().any(|h| h.key_questions),
            history_questions: if history.is_empty() {
                Vec::new()
            } else {
                regulator
                    .key_questions()
                    .iter()
                    .map(|q| q.label())
                    .collect()
            },
            // Said where the panel or its history says what the reports did not rate.
            questions_are: if key_questions && history.iter().all(|h| h.key_questions) {
                ""
            } else {
                regulator.questions_are
            },
            history,
            regulator: RegulatorView::new(
                regulator,
                register.assessment_url(standing, standing.location()),
            ),
            overall,
            questions,
            gives_overall: regulator.gives_overall(),
            key_questions,
            reports: standing
                .sources()
                .into_iter()
                .map(InspectionView::new)
                .collect(),
        }
    };
    let mut panels = vec![panel(register)];
    panels.extend(
        r.registers
            .rating(&page.id)
            .filter(|other| !std::ptr::eq(*other, register))
            .map(panel),
    );
    let view = ServicePageView {
        id: page.id.clone(),
        regulator_name,
        location: location.map(|l| r.location_name(register, l)),
        rated: standing.is_rated(),
        summary_html: summary.html,
        body_html,
        panels,
        strengths: findings(FindingKind::Strength),
        concerns: findings(FindingKind::Concern),
        apology: front
            .apology
            .as_ref()
            .map(|a| ApologyView::new(&r.sources, a)),
        improvement: front
            .improvement
            .as_ref()
            .map(|i| ImprovementView::new(&r.sources, i, r.today)),
    };
    View {
        title: front.title.clone(),
        description: front
            .description
            .clone()
            .or_else(|| super::first_sentence(&front.summary)),
        reviewed: front.reviewed,
        next_review: front.next_review,
        key: "service",
        value: to_value(&view),
        source: Some(page.source.path.clone()),
        rating_ld: r.rating_ld(
            &front.title,
            standing,
            view.panels.first().and_then(|p| view_url(&p.regulator)),
        ),
    }
}

/// What each report that rated a service gave it, newest first: the rows of its rating
/// history, none when one report rates it (the history would repeat the panel).
fn history(standing: &Standing, regulator: &crate::model::Regulator) -> Vec<HistoryRow> {
    let rating_reports = standing
        .reports
        .iter()
        .filter(|(_, block)| block.rates_anything());
    if rating_reports.clone().count() < 2 {
        return Vec::new();
    }
    rating_reports
        .rev()
        .map(|(report, block)| HistoryRow {
            published: report.data.published.map(DateView::from),
            visited: report
                .data
                .published
                .is_none()
                .then(|| visited_words(report))
                .flatten(),
            overall: HistoryCell::new(block, KeyQuestion::Overall, regulator),
            questions: regulator
                .key_questions()
                .iter()
                .map(|q| HistoryCell::new(block, *q, regulator))
                .collect(),
            key_questions: regulator
                .key_questions()
                .iter()
                .any(|q| block.get(*q).is_some()),
        })
        .collect()
}

fn view_url(regulator: &RegulatorView) -> Option<&str> {
    regulator.assessment_url.as_deref()
}

/// Whether the regulator's name for a service says the same as the page's title (up to case,
/// spaces and punctuation), so there is no need to show it.
pub(super) fn same_name(a: &str, b: &str) -> bool {
    crate::markdown::slug(a) == crate::markdown::slug(b)
}

/// A service's old address (an alias, after a rename): a small page that sends readers and
/// search engines on to its page. Not in the sitemap.
fn redirect(index: usize, alias: &str) -> Entry {
    let url = paths::service(alias);
    Entry {
        item: Item::Index(index),
        ..file(&paths::file(&url), Depends::Service(index), |r, entry| {
            let page = &r.site.services[entry.item.index()];
            let to = r.site.base.path_to(&paths::service(&page.id));
            let title = escape_xml(&page.front.title);
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}: this page has moved</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n<p>This page has moved to <a href=\"{to}\">{title}</a>.</p>\n</main>\n</body>\n</html>\n",
                lang = escape_xml(&r.site.config.language),
                canonical = escape_xml(&r.site.base.url_to(&paths::service(&page.id))),
                to = escape_xml(&to),
            );
            publish::text(&entry.path, html)
        })
    }
}

/// The Atom feed of dated events.
fn feed() -> Entry {
    file(paths::FEED, Depends::Events, |r, _| {
        publish::feed(r.site, &r.all_inspections(), r.today)
    })
}

/// `ratings.json`, for the trust's main website.
fn ratings_json() -> Entry {
    file(paths::RATINGS_JSON, Depends::Listing, |r, _| {
        publish::ratings_json(r, &r.rows)
    })
}

fn robots() -> Entry {
    file(paths::ROBOTS, Depends::Fixed, |r, entry| {
        publish::text(&entry.path, publish::robots(&r.site.base))
    })
}

fn nojekyll() -> Entry {
    file(paths::NOJEKYLL, Depends::Fixed, |_, entry| {
        publish::text(&entry.path, String::new())
    })
}

/// The custom domain, for GitHub Pages.
fn cname() -> Entry {
    file(paths::CNAME, Depends::Fixed, |r, entry| {
        let domain = r.site.config.custom_domain.as_deref().unwrap_or_default();
        publish::text(&entry.path, format!("{}\n", domain.trim()))
    })
}

/// The content editor's page, `admin/index.html`: the one page that loads a script from
/// elsewhere (Sveltia CMS, pinned and checked by its hash: see `cms.rs`). Written whole, as a
/// file: not in the sitemap, and not a page of the site's for the link checker.
fn cms_page() -> Entry {
    file(paths::CMS_PAGE, Depends::Fixed, |r, entry| {
        publish::text(&entry.path, super::cms::page(r.site))
    })
}

/// The content editor's configuration, `admin/config.yml`: it lists the services' ids.
fn cms_config() -> Entry {
    file(paths::CMS_CONFIG, Depends::Listing, |r, entry| {
        let text = match &r.site.config.cms {
            Some(cms) => super::cms::config(r.site, cms),
            None => String::new(),
        };
        publish::text(&entry.path, text)
    })
}

/// A static file of the theme or the site: stylesheets and scripts under a content-hashed
/// name, so a CDN can keep them for ever.
fn static_file(name: &str, file: &crate::load::ThemeFile) -> Entry {
    let path = super::asset_path(name, file);
    Entry {
        path,
        sitemap: None,
        depends: Depends::Fixed,
        item: Item::Name(name.to_owned()),
        make: Make::Static,
        origin: Origin::Static,
    }
}

/// Two files of the site that would be written at the same path: a static file or a page
/// of the writer's where carepages writes a file of its own, or two of the writer's files.
/// One would silently replace the other, so each clash is an error naming the files.
pub(crate) fn clashes(site: &Loaded, entries: &[Entry]) -> Vec<Diagnostic> {
    let mut first: std::collections::HashMap<&str, &Entry> =
        std::collections::HashMap::with_capacity(entries.len());
    let mut problems = Vec::new();
    for entry in entries {
        let Some(earlier) = first.insert(&entry.path, entry) else {
            continue;
        };
        let service_page = |e: &Entry| {
            matches!(
                (e.depends, e.make),
                (Depends::Service(_), Make::Page { .. })
            )
        };
        if service_page(entry) && service_page(earlier) {
            // The same service id twice, which has a message of its own.
            continue;
        }
        let (ours, other) = match (entry.origin_file(site), earlier.origin_file(site)) {
            (Some(_), _) => (entry, earlier),
            (None, Some(_)) => (earlier, entry),
            (None, None) => continue,
        };
        let Some(file) = ours.origin_file(site) else {
            continue;
        };
        let where_ = match other.origin_file(site) {
            Some(other) => format!("where `{}` is published too", other.display()),
            None => "where carepages publishes a file of its own".to_owned(),
        };
        problems.push(
            Diagnostic::error(
                file,
                format!("this would be published at `{}`, {where_}", ours.path),
            )
            .help("rename or move the file: one of the two would silently replace the other"),
        );
    }
    problems
}

/// `sitemap.xml` listing `urls` addresses, or for more than one file holds, `sitemap.xml`
/// as an index of `sitemap-1.xml`, `sitemap-2.xml` ...
fn sitemaps(urls: usize) -> Vec<Entry> {
    let parts = if urls <= SITEMAP_LIMIT {
        0
    } else {
        urls.div_ceil(SITEMAP_LIMIT)
    };
    let mut entries: Vec<Entry> = (1..=parts)
        .map(|n| Entry {
            item: Item::Index(n),
            ..file(&paths::sitemap_part(n), Depends::Listing, |r, entry| {
                let n = entry.item.index();
                let urls = r.sitemap_urls();
                let chunk = urls.chunks(SITEMAP_LIMIT).nth(n - 1).unwrap_or_default();
                publish::text(&entry.path, publish::urlset(chunk))
            })
        })
        .collect();
    entries.push(Entry {
        item: Item::Index(parts),
        ..file(paths::SITEMAP, Depends::Listing, |r, entry| {
            let urls = r.sitemap_urls();
            let text = match entry.item.index() {
                0 => publish::urlset(&urls),
                parts => publish::sitemap_index(
                    &(1..=parts)
                        .map(|n| r.site.base.url_to(&paths::sitemap_part(n)))
                        .collect::<Vec<_>>(),
                ),
            };
            publish::text(&entry.path, text)
        })
    });
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_urls_than_a_sitemap_holds_make_parts_and_an_index() {
        let names = |urls| -> Vec<String> { sitemaps(urls).into_iter().map(|e| e.path).collect() };
        assert_eq!(names(SITEMAP_LIMIT), ["sitemap.xml"]);
        assert_eq!(
            names(2 * SITEMAP_LIMIT + 1),
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
    }

    #[test]
    fn an_address_is_served_from_its_folders_index() {
        assert_eq!(paths::file(paths::HOME), "index.html");
        assert_eq!(paths::file(&paths::service("x")), "services/x/index.html");
        assert_eq!(paths::file(&paths::badge("x")), "badges/x.svg");
        assert_eq!(
            paths::file(&paths::grid_page(2)),
            "services/page/2/index.html"
        );
    }
}
