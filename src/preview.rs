//! The preview's site in memory: built whole once, then brought up to date after each save.
//! An edit to service pages re-renders only the files it touches; anything else (a seed, a
//! template, the config, a static file, the home or a plain page) rebuilds the whole site.
//! `serve` drives it; its files are always what `build` would write.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::Result;
use crate::model::Date;
use crate::render::{Contents, Output, Sink};
use crate::site::Site;

/// The site's files by their path in the site.
pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// A sink that keeps files in memory.
#[derive(Default)]
pub struct Collect {
    files: Mutex<Files>,
}

impl Sink for Collect {
    fn put(&self, output: Output) -> Result<()> {
        let bytes = match output.contents {
            Contents::Bytes(bytes) => bytes,
            Contents::Static(bytes) => bytes.to_vec(),
            Contents::Copy(path) => crate::fsio::read(&path)?,
        };
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(output.path, Arc::new(bytes));
        Ok(())
    }
}

impl Collect {
    fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// Builds the whole site into memory: the site and its files, or the problems as text.
/// Warnings are printed.
pub fn build_in_memory(root: &Path, today: Date) -> std::result::Result<(Site, Files), String> {
    let mut site =
        Site::load_including(root, None, today, crate::Include::PREVIEW).map_err(for_preview)?;
    let sink = Collect::default();
    let report = site.render_kept(&sink).map_err(for_preview)?;
    if !report.is_empty() {
        eprintln!("{report}");
    }
    Ok((site, sink.into_files()))
}

/// A build's problems as the preview says them: it rebuilds on every save, so there is no
/// command to run again, only a file to fix and save.
fn for_preview(error: crate::error::Error) -> String {
    match error {
        crate::error::Error::Content(report) => report.to_string(),
        other => other
            .to_string()
            .replace("run the command again", "save a file to try again"),
    }
}

/// A service page's file, below the site's root (`content/services/x.md`).
fn is_service_page(relative: &Path) -> bool {
    relative.starts_with("content/services") && relative.extension().is_some_and(|e| e == "md")
}

/// What an edit does to the preview's files.
pub enum Change {
    /// Every file anew.
    Rebuilt(Files),
    /// These files new or changed, those gone.
    Updated { files: Files, removed: Vec<String> },
}

impl Change {
    /// Applies the change to the preview's files.
    pub fn apply_to(self, files: &mut Files) {
        match self {
            Change::Rebuilt(all) => *files = all,
            Change::Updated {
                files: changed,
                removed,
            } => {
                for path in removed {
                    files.remove(&path);
                }
                files.extend(changed);
            }
        }
    }
}

/// Works out what saving `changed` (paths below the site's `root`) does to the preview:
/// service pages are applied to `site` and re-render what they touch (`existing` says which
/// files the preview has, for checking links); anything else, or no site yet, rebuilds the
/// whole site into `site`. The problems are the error; after any failure `site` is `None`,
/// so the next save rebuilds whole, and shows the problems until the site builds.
pub fn apply(
    root: &Path,
    today: Date,
    site: &mut Option<Site>,
    changed: &[PathBuf],
    existing: &(dyn Fn(&str) -> bool + Sync),
) -> std::result::Result<Change, String> {
    // A linked page is read as a build reads it (followed inside the site, refused when it
    // leaves it): by building the whole site.
    let linked = |p: &PathBuf| {
        root.join(p)
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
    };
    let only_pages = !changed.is_empty()
        && changed.iter().all(|p| is_service_page(p))
        && !changed.iter().any(linked);
    if let Some(current) = site.as_mut().filter(|_| only_pages) {
        let sink = Collect::default();
        let updated = current.update_services(root, changed, existing, &sink);
        let (removed, report) = match updated {
            Ok(updated) => updated,
            Err(e) => {
                // The site may be part-way through the edit, and pages not in this save may
                // still be wrong: the next save rebuilds everything, as a build would.
                *site = None;
                return Err(for_preview(e));
            }
        };
        if !report.is_empty() {
            eprintln!("{report}");
        }
        return Ok(Change::Updated {
            files: sink.into_files(),
            removed,
        });
    }
    match build_in_memory(root, today) {
        Ok((new_site, files)) => {
            *site = Some(new_site);
            Ok(Change::Rebuilt(files))
        }
        Err(message) => {
            *site = None;
            Err(message)
        }
    }
}
