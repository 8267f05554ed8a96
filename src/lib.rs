//! carepages: a static site generator for the pages on which an NHS trust shows how good its
//! services are. The pipeline runs one way: load, validate, render, write.

pub mod check;
pub mod config;
pub mod error;
pub mod fsio;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod readability;
pub mod render;
pub mod scaffold;
#[cfg(feature = "serve")]
pub mod serve;
pub mod sources;
pub mod validate;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use error::{Diagnostic, Error, Report, Result};
pub use model::Date;

/// What a build is asked to do.
#[derive(Clone)]
pub struct BuildOptions {
    /// The site's folder (the one with `carepages.yaml`).
    pub root: PathBuf,
    /// Where to write the site; `public/` under the root by default.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from the config.
    pub base_url: Option<String>,
    /// The date overdue actions are judged against.
    pub today: Date,
    /// Replace an existing output folder that carepages did not write (never the sources).
    pub force: bool,
    /// Told of each file written, with the number expected in all, for a progress bar.
    pub progress: Option<Progress>,
    /// Told what the writer should know while the build goes on, such as waiting for
    /// another build of the same folder.
    pub notice: Option<Notice>,
}

/// A callback for a message to the writer during a build.
pub type Notice = std::sync::Arc<dyn Fn(&str) + Send + Sync>;

/// A callback for progress: files written so far, and the number expected.
pub type Progress = std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>;

/// A site loaded and checked, ready to render.
pub struct Site {
    loaded: load::Loaded,
    /// The theme's templates, parsed once.
    templates: tera::Tera,
    today: Date,
    report: Report,
}

/// What a finished build did.
#[derive(Debug)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// Warnings: problems that did not stop the build.
    pub report: Report,
}

impl Site {
    /// Loads and checks the site below `root`. Every problem found is in the error.
    pub fn load(root: &Path, base_url: Option<&str>, today: Date) -> Result<Site> {
        let mut report = Report::default();
        let started = Instant::now();
        let mut loaded = load::load(root, base_url, &mut report)?;
        timing("load", started);
        let mut templates = None;
        if let Some(loaded) = &mut loaded {
            let started = Instant::now();
            validate::validate(loaded, &mut report);
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
        let mut report = self.report.clone();
        let started = Instant::now();
        let rendered =
            render::render(&self.loaded, &self.templates, self.today, &mut report, sink)?;
        timing("render", started);
        let started = Instant::now();
        if !report.has_errors() {
            let exists = |path: &str| rendered.files.contains(path);
            let broken = links::check(&rendered.pages, &exists, &self.loaded.base);
            report.extend(links::diagnostics(&broken, |path| self.source_text(path)));
        }
        report.sort();
        timing("links", started);
        if report.has_errors() {
            return Err(Error::Content(report));
        }
        Ok(report)
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
    /// files that no longer exist. A page that cannot be read, or misquotes, leaves the site
    /// as it was.
    pub fn update_services(
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
            if root.join(relative).is_file() {
                match load::read_service_page(root, relative)? {
                    Ok(page) => fresh.push(page),
                    Err(d) => report.push(d),
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
        );
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
            if let Some(other) = other {
                report.push(load::duplicate_id(page, &other.source.path));
            }
        }
        report.sort();
        if report.has_errors() {
            return Err(Error::Content(report));
        }

        let listing = |site: &load::Loaded| -> Vec<(String, String, Option<Date>)> {
            site.services
                .iter()
                .map(|s| (s.id.clone(), s.front.title.clone(), s.front.reviewed))
                .collect()
        };
        let before = listing(&self.loaded);
        let mut removed = Vec::new();
        for path in &gone {
            if let Some(i) = self
                .loaded
                .services
                .iter()
                .position(|s| s.source.path == *path)
            {
                let page = self.loaded.services.remove(i);
                removed.push(format!("services/{}/index.html", page.id));
                removed.push(format!("badges/{}.svg", page.id));
            }
        }
        let mut ids = Vec::new();
        for page in fresh {
            ids.push(page.id.clone());
            match self
                .loaded
                .services
                .iter()
                .position(|s| s.source.path == page.source.path)
            {
                Some(i) => self.loaded.services[i] = page,
                None => self.loaded.services.push(page),
            }
        }
        self.loaded.services.sort_by(|a, b| {
            a.id.cmp(&b.id)
                .then_with(|| a.source.path.cmp(&b.source.path))
        });

        let after = listing(&self.loaded);
        let pages = self
            .loaded
            .services
            .len()
            .div_ceil(render::GRID_PAGE_SIZE)
            .max(1);
        let same_rows = before.len() == after.len()
            && ids
                .iter()
                .all(|id| before.iter().find(|b| &b.0 == id) == after.iter().find(|a| &a.0 == id));
        let grid_pages: Vec<usize> = if same_rows {
            Vec::new()
        } else {
            (1..=pages).collect()
        };
        let old_pages = before.len().div_ceil(render::GRID_PAGE_SIZE);
        removed.extend(
            (pages + 1..=old_pages).map(|n| format!("{}index.html", render::grid_page_url(n))),
        );
        let services: Vec<usize> = (0..self.loaded.services.len())
            .filter(|&i| ids.contains(&self.loaded.services[i].id))
            .collect();

        let rendered = render::render_selected(
            &self.loaded,
            &self.templates,
            self.today,
            &mut report,
            sink,
            &render::Selection::Services {
                services,
                grid_pages,
                listing_changed: !same_rows,
            },
        )?;
        if !report.has_errors() {
            let exists = |path: &str| {
                rendered.files.contains(path)
                    || (existing(path) && !removed.iter().any(|r| r == path))
            };
            let broken = links::check(&rendered.pages, &exists, &self.loaded.base);
            report.extend(links::diagnostics(&broken, |path| self.source_text(path)));
        }
        report.sort();
        if report.has_errors() {
            return Err(Error::Content(report));
        }
        Ok((removed, report))
    }

    /// The site as loaded, for checks that read it.
    pub fn loaded(&self) -> &load::Loaded {
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

/// Counts what goes by for the build summary, passing each file on to the writer.
struct Counting<'a> {
    inner: &'a dyn render::Sink,
    pages: std::sync::atomic::AtomicUsize,
    files: std::sync::atomic::AtomicUsize,
    expected: usize,
    progress: Option<Progress>,
}

impl render::Sink for Counting<'_> {
    fn put(&self, output: render::Output) -> Result<()> {
        use std::sync::atomic::Ordering::Relaxed;
        if output.path.ends_with(".html") {
            self.pages.fetch_add(1, Relaxed);
        }
        let done = self.files.fetch_add(1, Relaxed) + 1;
        self.inner.put(output)?;
        if let Some(progress) = &self.progress {
            progress(done, self.expected);
        }
        Ok(())
    }
}

/// Loads, checks, renders and writes the site: the `build` command. Pages are written as
/// they are rendered into a staging folder, which replaces the output folder only when the
/// whole site is written and every link checks out.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    // The output folder is checked and locked before anything else: a folder that must not
    // be replaced is refused at once, and a second build waits here for the first.
    let notice = |message: &str| {
        if let Some(notice) = &options.notice {
            notice(message);
        }
    };
    let staging = output::Staging::create(&output::Target {
        root: &options.root,
        output: &output,
        force: options.force,
        notice: &notice,
    })?;
    timing("output", started);
    let site = match Site::load(&options.root, options.base_url.as_deref(), options.today) {
        Ok(site) => site,
        Err(e) => {
            staging.abort();
            return Err(e);
        }
    };
    let loaded = site.loaded();
    let counting = Counting {
        inner: &staging,
        pages: Default::default(),
        files: Default::default(),
        // Each service has a page and a badge; then plain pages, the fixed pages and files.
        expected: loaded.services.len() * 2
            + loaded.pages.len()
            + 10
            + loaded.theme.static_files.len(),
        progress: options.progress.clone(),
    };
    let report = match site.render_into(&counting) {
        Ok(report) => report,
        Err(e) => {
            staging.abort();
            return Err(e);
        }
    };
    let (pages, files) = (counting.pages.into_inner(), counting.files.into_inner());
    let swapped = Instant::now();
    staging.commit(&notice)?;
    timing("commit", swapped);
    // Freeing a large site's pages one by one takes a while and nobody waits for it: it
    // happens beside the summary, and a command-line build simply exits.
    std::thread::spawn(move || drop(site));
    let elapsed = started.elapsed();
    Ok(BuildSummary {
        pages,
        files,
        output,
        elapsed,
        report,
    })
}

/// The build date: `--today`, else `SOURCE_DATE_EPOCH` (for reproducible builds), else today.
pub fn resolve_today(flag: Option<&str>, source_date_epoch: Option<&str>) -> Result<Date> {
    if let Some(text) = flag {
        return Date::parse(text).ok().filter(Date::has_day).ok_or_else(|| {
            Error::Usage(format!(
                "--today `{text}` is not a date: write it as YYYY-MM-DD"
            ))
        });
    }
    if let Some(epoch) = source_date_epoch.filter(|s| !s.trim().is_empty()) {
        return epoch
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(Date::from_unix_seconds)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds since 1970"
                ))
            });
    }
    Ok(Date::today_utc())
}

/// Prints how long a step of the build took, and the memory in use where the system says
/// (Linux), when `CAREPAGES_TIMINGS` is set: for finding what makes a build slow.
pub(crate) fn timing(step: &str, started: Instant) {
    if std::env::var_os("CAREPAGES_TIMINGS").is_none() {
        return;
    }
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    // The second field of statm is the resident set, in pages of (almost always) 4 KiB.
    let resident = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|statm| statm.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map(|pages| format!(", {} MiB resident", (pages * 4096) >> 20))
        .unwrap_or_default();
    eprintln!("timing: {step:<10} {elapsed:>9.1} ms{resident}");
}
