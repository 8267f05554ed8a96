//! The site: loaded and checked once, then rendered whole (a build) or, after an edit to
//! service pages, only in the files the edit touches (the preview). What an edit touches is
//! derived from the catalogue of pages, not kept by hand.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::error::{Error, Report, Result};
use crate::links::PageLinks;
use crate::model::Date;
use crate::render::{self, Depends, Entry, Listed};
use crate::timing::timing;
use crate::{links, load, sources, validate};

/// A site loaded and checked, ready to render.
pub struct Site {
    loaded: load::Loaded,
    /// The theme's templates, parsed once.
    templates: tera::Tera,
    /// Every file the site has: what is rendered, and what an edit may change.
    catalogue: Vec<Entry>,
    /// The links and ids of every page, kept by the preview (see [`Site::render_kept`]) so
    /// that an edit's links, and links to what it changed, are checked against the whole
    /// site. Empty for a build, which checks once and lets them go.
    links: Vec<PageLinks>,
    today: Date,
    report: Report,
}

impl Site {
    /// Loads and checks the site below `root` as it is published. Every problem found is in
    /// the error.
    pub fn load(root: &Path, base_url: Option<&str>, today: Date) -> Result<Site> {
        Site::load_including(root, base_url, today, load::Include::PUBLISHED)
    }

    /// [`Site::load`], with what else the site should show: drafts, reports before their day.
    pub fn load_including(
        root: &Path,
        base_url: Option<&str>,
        today: Date,
        include: load::Include,
    ) -> Result<Site> {
        let mut report = Report::default();
        let started = Instant::now();
        let mut loaded = load::load(root, base_url, include, today, &mut report)?;
        timing("load", started);
        let mut templates = None;
        let mut catalogue = Vec::new();
        if let Some(loaded) = &mut loaded {
            let started = Instant::now();
            validate::validate(loaded, &mut report);
            if !include.embargoed {
                load::hold_back_embargoed(loaded, today);
                crate::display_rules::embargo_leaks(loaded, &mut report);
                // Said by every build: a date set wrong (a stale SOURCE_DATE_EPOCH) would
                // otherwise hide every rating without a word.
                let held = &loaded.held;
                for inspection in &held.embargoed {
                    let Some(published) = inspection.data.published else {
                        continue;
                    };
                    report.push(
                        crate::Diagnostic::note(
                            &inspection.path,
                            if published.day().is_some() {
                                format!(
                                    "this report is embargoed until {}: the site leaves out its ratings, and quotations from it, until a build on that day",
                                    published.words()
                                )
                            } else {
                                format!(
                                    "this report is published in {}: the site leaves out its ratings, and quotations from it, until a build in that month",
                                    published.words()
                                )
                            },
                        )
                        .help("the preview shows it now; a site rebuilt daily (as `carepages init`'s workflow does) publishes it on the day")
                        .code("embargo")
                        .placed(&inspection.text, "published:"),
                    );
                }
            }
            // A report published "this month", with no day: shown from the 1st, which may be
            // before the regulator publishes it.
            for inspection in &loaded.inspections {
                if let Some(published) = inspection.data.published
                    && published.day().is_none()
                    && !published.is_wholly_before(&today)
                    && !today.is_wholly_before(&published)
                {
                    report.push(
                        crate::Diagnostic::warning(
                            &inspection.path,
                            format!(
                                "the report's publication date is a month, {}, this month: the site shows its ratings from the 1st, which is early if the report is still embargoed",
                                published.words()
                            ),
                        )
                        .code("embargo")
                        .help("give the day the regulator publishes it, as `published: YYYY-MM-DD`: the site then holds it back until that day")
                        .placed(&inspection.text, "published:"),
                    );
                }
            }
            crate::placeholders::check_settings(loaded, &mut report);
            catalogue = render::catalogue(loaded);
            report.extend(render::clashes(loaded, &catalogue));
            timing("validate", started);
            // Template mistakes are reported with content mistakes, not after them.
            match render::templates(&loaded.theme) {
                Ok(tera) => templates = Some(tera),
                Err(diagnostics) => report.extend(diagnostics),
            }
        }
        report.sort();
        match (loaded, templates) {
            (Some(loaded), Some(templates)) if !report.has_errors() => Ok(Site {
                catalogue,
                links: Vec::new(),
                loaded,
                templates,
                today,
                report,
            }),
            _ => Err(Error::Content(report)),
        }
    }

    /// Renders every page into `sink` and checks every internal link. Template, Markdown
    /// and link problems are errors here; on an error the sink holds an unfinished site.
    pub fn render_into(&self, sink: &dyn render::Sink) -> Result<Report> {
        self.render_all(sink).map(|(report, _)| report)
    }

    /// [`Site::render_into`], keeping every page's links and ids for the preview's updates.
    pub(crate) fn render_kept(&mut self, sink: &dyn render::Sink) -> Result<Report> {
        let (report, links) = self.render_all(sink)?;
        self.links = links;
        Ok(report)
    }

    /// Renders the catalogue's entries that `selected` picks.
    fn render_selected(
        &self,
        report: &mut Report,
        sink: &dyn render::Sink,
        selected: &(dyn Fn(&Entry) -> bool + Sync),
    ) -> Result<render::Rendered> {
        render::render(
            &self.loaded,
            &self.catalogue,
            &self.templates,
            self.today,
            report,
            sink,
            selected,
        )
    }

    fn render_all(&self, sink: &dyn render::Sink) -> Result<(Report, Vec<PageLinks>)> {
        let mut report = self.report.clone();
        let started = Instant::now();
        let rendered = self.render_selected(&mut report, sink, &|_| true)?;
        timing("render", started);
        let started = Instant::now();
        if !report.has_errors() {
            let exists = |path: &str| rendered.files.contains(path);
            let broken = links::check(&rendered.pages, &exists, &self.loaded.base);
            report.extend(self.link_problems(broken));
        }
        report.sort();
        timing("links", started);
        if report.has_errors() {
            return Err(Error::Content(report));
        }
        Ok((report, rendered.pages))
    }

    /// Broken links as messages, each placed where it was typed.
    fn link_problems(&self, mut broken: Vec<links::Broken>) -> Vec<crate::Diagnostic> {
        self.name_drafts(&mut broken);
        links::diagnostics(
            &broken,
            |path| self.source_text(path),
            &self.loaded.config_text,
            &self.loaded.base.path,
        )
    }

    /// A link to a draft the build left out is named as one: the page is there, only not
    /// published yet.
    fn name_drafts(&self, broken: &mut [links::Broken]) {
        let drafts = &self.loaded.held.drafts;
        if drafts.is_empty() {
            return;
        }
        for b in broken.iter_mut() {
            let Some(Ok((target, _))) = links::resolve(&b.href, &b.page, &self.loaded.base) else {
                continue;
            };
            let target = target.trim_end_matches('/');
            let draft = drafts
                .iter()
                .find(|(_, path, _)| path.trim_end_matches('/') == target);
            if let Some((file, _, _)) = draft {
                b.reason = format!(
                    "it goes to `{}`, a draft, which the published site leaves out",
                    file.display()
                );
                b.suggestion = None;
            }
        }
    }

    /// Renders every page in memory, sorted by path: for tests and for `check`.
    pub fn render(&self) -> Result<(Vec<render::Output>, Report)> {
        let sink = MemorySink::default();
        let report = self.render_into(&sink)?;
        let mut outputs = sink.outputs.into_inner().unwrap_or_else(|e| e.into_inner());
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        Ok((outputs, report))
    }

    /// Applies saved, new or deleted service pages (`changed`, below the site's `root`) and
    /// renders only what they touch into `sink`: the pages themselves and the pages that list
    /// them. `existing` says which files the current build has, for checking links. Returns the
    /// files that no longer exist. On an error the site may be part-way changed: the caller
    /// must not update it again, but load it anew (the preview rebuilds whole).
    pub(crate) fn update_services(
        &mut self,
        root: &Path,
        changed: &[PathBuf],
        existing: &(dyn Fn(&str) -> bool + Sync),
        sink: &dyn render::Sink,
    ) -> Result<(Vec<String>, Report)> {
        let mut report = Report::default();
        let mut fresh = Vec::new();
        let mut gone: Vec<&Path> = Vec::new();
        for relative in changed {
            // Links never come here: the preview builds whole for them, as loading reads them.
            let is_page = std::fs::symlink_metadata(root.join(relative)).is_ok_and(|m| m.is_file());
            if is_page {
                match load::read_service_page(root, relative)? {
                    Ok(page) => fresh.push(page),
                    Err(problems) => report.extend(problems),
                }
            } else {
                gone.push(relative);
            }
        }
        // Check before changing anything: quotations, and ids used twice.
        let sources = sources::Sources::new(
            &self.loaded.inspections,
            &self.loaded.statements,
            &self.loaded.seed_index,
        )
        .keeping(&self.loaded.config.quotations.keep_words);
        let fresh_ids: Vec<(String, PathBuf)> = fresh
            .iter()
            .map(|p| (p.id.clone(), p.source.path.clone()))
            .collect();
        for page in &mut fresh {
            validate::check_page_citations(
                &sources,
                &self.loaded.unreadable_seeds,
                page,
                &mut report,
            );
            let other = self.loaded.services.iter().find(|s| {
                s.id == page.id
                    && s.source.path != page.source.path
                    && !gone.contains(&s.source.path.as_path())
            });
            let other = other.map(|s| s.source.path.clone()).or_else(|| {
                // Two new pages with one id in the same save: named at the later.
                fresh_ids
                    .iter()
                    .find(|(id, path)| id == &page.id && path < &page.source.path)
                    .map(|(_, path)| path.clone())
            });
            if let Some(other) = other {
                report.push(load::duplicate_id(page, &other));
            }
        }
        report.sort();
        if report.has_errors() {
            return Err(Error::Content(report));
        }

        // What the edit changes is found by comparing the catalogue and the listings'
        // facts before and after it, never by a list kept by hand.
        let started = Instant::now();
        // The listings change only if a page comes or goes, or an edited page's listed
        // facts differ: compared for the pages of this save alone, not the whole site.
        let mut listing_changed = gone.iter().any(|path| {
            self.loaded
                .services
                .iter()
                .any(|s| s.source.path.as_path() == *path)
        });
        let old_catalogue = std::mem::take(&mut self.catalogue);
        self.loaded
            .services
            .retain(|s| !gone.contains(&s.source.path.as_path()));
        let mut ids = HashSet::new();
        // Whether the ids pages answer to changed, which decides what the reports rate.
        let mut names_changed = listing_changed;
        for page in fresh {
            ids.insert(page.id.clone());
            match self
                .loaded
                .services
                .iter()
                .position(|s| s.source.path == page.source.path)
            {
                Some(i) => {
                    let old = &self.loaded.services[i];
                    names_changed |= old.id != page.id || old.front.aliases != page.front.aliases;
                    listing_changed |= Listed::of(old) != Listed::of(&page);
                    self.loaded.services[i] = page;
                }
                None => {
                    listing_changed = true;
                    names_changed = true;
                    self.loaded.services.push(page);
                }
            }
        }
        self.loaded.services.sort_by(|a, b| {
            a.id.cmp(&b.id)
                .then_with(|| a.source.path.cmp(&b.source.path))
        });
        // What the reports rate, against the pages as they are now: a renamed page's id may
        // no longer match the report that rates it.
        if names_changed {
            crate::validate_ratings::check(&self.loaded, &mut report);
        }
        if report.has_errors() {
            report.sort();
            return Err(Error::Content(report));
        }
        self.catalogue = render::catalogue(&self.loaded);
        let paths_before: HashSet<&str> = old_catalogue.iter().map(|e| e.path.as_str()).collect();
        let after: HashSet<&str> = self.catalogue.iter().map(|e| e.path.as_str()).collect();
        // Paths all different, as before the edit: no two files can clash.
        if after.len() != self.catalogue.len() {
            report.extend(render::clashes(&self.loaded, &self.catalogue));
            if report.has_errors() {
                report.sort();
                return Err(Error::Content(report));
            }
        }
        let edited: HashSet<usize> = (0..self.loaded.services.len())
            .filter(|&i| ids.contains(&self.loaded.services[i].id))
            .collect();
        let mut removed: Vec<String> = paths_before
            .iter()
            .filter(|p| !after.contains(*p))
            .map(|p| (*p).to_owned())
            .collect();
        removed.sort();
        let selected = |entry: &Entry| {
            !paths_before.contains(entry.path.as_str())
                || match entry.depends {
                    Depends::Service(i) => edited.contains(&i),
                    Depends::Listing => listing_changed,
                    Depends::Events => true,
                    Depends::Fixed => false,
                }
        };
        timing("update: catalogue", started);
        let started = Instant::now();
        let rendered = self.render_selected(&mut report, sink, &selected)?;
        timing("update: render", started);
        let started = Instant::now();
        // The re-rendered pages' links are checked against the whole site. A page not
        // rendered again can only break by losing what it links to: a removed file, or an
        // anchor gone from a re-rendered page. Then every page is checked.
        let lost_anchor = {
            let old_ids: HashMap<&str, &str> = self
                .links
                .iter()
                .filter(|p| rendered.files.contains(&p.path))
                .map(|p| (p.path.as_str(), p.ids.as_str()))
                .collect();
            rendered.pages.iter().any(|new| {
                old_ids
                    .get(new.path.as_str())
                    .is_some_and(|old| old.lines().any(|id| !new.has_id(id)))
            })
        };
        let every_page = !removed.is_empty() || lost_anchor;
        let renewed: HashSet<&str> = rendered
            .files
            .iter()
            .map(String::as_str)
            .chain(removed.iter().map(String::as_str))
            .collect();
        self.links
            .retain(|page| !renewed.contains(page.path.as_str()));
        self.links.extend(rendered.pages);
        if !report.has_errors() {
            let exists = |path: &str| {
                rendered.files.contains(path)
                    || (existing(path) && !removed.iter().any(|r| r == path))
            };
            let only = (!every_page).then_some(&rendered.files);
            let broken = links::check_some(&self.links, only, &exists, &self.loaded.base);
            report.extend(self.link_problems(broken));
        }
        report.sort();
        timing("update: links", started);
        if report.has_errors() {
            return Err(Error::Content(report));
        }
        Ok((removed, report))
    }

    /// Every file of the site, by its path in the output folder.
    pub(crate) fn file_paths(&self) -> impl Iterator<Item = &str> {
        self.catalogue.iter().map(|e| e.path.as_str())
    }

    /// How many files the site has.
    pub fn file_count(&self) -> usize {
        self.catalogue.len()
    }

    /// The site as loaded, for checks that read it.
    pub(crate) fn loaded(&self) -> &load::Loaded {
        &self.loaded
    }

    /// The date overdue actions and reviews are judged against.
    pub fn today(&self) -> Date {
        self.today
    }

    /// The text of a content file, for placing a message about it.
    fn source_text(&self, path: &Path) -> Option<String> {
        let loaded = &self.loaded;
        let sources = loaded
            .home
            .iter()
            .map(|h| &h.source)
            .chain(loaded.services.iter().map(|s| &s.source))
            .chain(loaded.pages.iter().map(|p| &p.source));
        sources
            .into_iter()
            .find(|s| s.path == path)
            .and_then(|s| s.full_text().ok())
            .map(std::borrow::Cow::into_owned)
    }
}

/// Keeps rendered files in memory.
#[derive(Default)]
pub struct MemorySink {
    pub outputs: std::sync::Mutex<Vec<render::Output>>,
}

impl render::Sink for MemorySink {
    fn put(&self, output: render::Output) -> Result<()> {
        self.outputs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(output);
        Ok(())
    }
}
