//! The `build` command: check and lock the output folder, load and check the site, render it
//! into a staging folder and swap that in.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::error::{Error, Report, Result};
use crate::model::Date;
use crate::timing::timing;
use crate::{Site, output, render};

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
    /// Include pages marked `draft: true` (each shows a "Draft" banner).
    pub drafts: bool,
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
    let include = crate::Include {
        drafts: options.drafts,
        ..crate::Include::PUBLISHED
    };
    let site = match Site::load_including(
        &options.root,
        options.base_url.as_deref(),
        options.today,
        include,
    ) {
        Ok(site) => site,
        Err(e) => {
            staging.abort();
            return Err(e);
        }
    };
    let counting = Counting {
        inner: &staging,
        pages: Default::default(),
        files: Default::default(),
        expected: site.file_count(),
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
    staging.commit(site.file_paths(), &notice)?;
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
