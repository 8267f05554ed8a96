//! The writer: puts a rendered site on disk atomically. Pages are written, as they are
//! rendered, into a staging folder beside the output folder, which is swapped in only when
//! the whole site is written and checked; a failed or killed build leaves the previous site
//! whole.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::fsio;
use crate::render::{Contents, Output, Sink};

/// A new site being written beside the output folder.
pub struct Staging {
    dir: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    /// Folders made so far, relative to the staging folder: a badge per service goes into
    /// one folder, which is made once rather than asked for each time.
    folders: Mutex<HashSet<String>>,
    /// Whether `dir` holds an earlier build to reuse files from.
    reuse: bool,
}

impl Staging {
    /// Prepares to replace `dir`, removing what an earlier killed build left behind.
    pub fn create(dir: &Path) -> Result<Staging> {
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = dir
            .file_name()
            .ok_or_else(|| Error::Usage(format!("`{}` cannot be an output folder", dir.display())))?
            .to_string_lossy()
            .into_owned();
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Usage(format!(
                "`{}` is a file, not a folder; choose another output folder",
                dir.display()
            )));
        }
        fsio::create_dir_all(&parent)?;
        remove_leftovers(&parent, &name)?;
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.new-{pid}"));
        fsio::create_dir_all(&staging)?;
        Ok(Staging {
            dir: dir.to_owned(),
            staging,
            retired: parent.join(format!(".{name}.old-{pid}")),
            folders: Mutex::default(),
            reuse: dir.is_dir(),
        })
    }

    /// Swaps the new site in for the old one, then removes the old one.
    pub fn commit(self) -> Result<()> {
        if self.dir.exists() {
            fsio::rename(&self.dir, &self.retired)?;
        }
        if let Err(e) = fsio::rename(&self.staging, &self.dir) {
            // Put the previous site back so the folder is never left missing.
            let _ = fsio::rename(&self.retired, &self.dir);
            return Err(e);
        }
        remove_in_parallel(&self.retired)
    }

    /// Throws the new site away, leaving the output folder as it was.
    pub fn abort(self) {
        let _ = remove_in_parallel(&self.staging);
    }
}

impl Sink for Staging {
    fn put(&self, output: Output) -> Result<()> {
        let path = self.staging.join(&output.path);
        if let Some((folder, _)) = output.path.rsplit_once('/') {
            let made = self
                .folders
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(folder);
            if !made {
                fsio::create_dir_all(&self.staging.join(folder))?;
                self.folders
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(folder.to_owned());
            }
        }
        match &output.contents {
            Contents::Bytes(bytes) => {
                if self.reuse && self.link_unchanged(&output.path, bytes, &path) {
                    return Ok(());
                }
                fsio::write(&path, bytes)
            }
            Contents::Copy(from) => fsio::copy(from, &path),
            Contents::Static(bytes) => fsio::write(&path, bytes),
        }
    }
}

impl Staging {
    /// Links a file that comes out the same as in the previous build from there, rather than
    /// writing it again: most files of a rebuild are unchanged, and a link costs no new file
    /// on disk, no data to write and nothing to free when the previous build is removed.
    /// Anything unexpected (no such file, a file system without links) means writing it.
    fn link_unchanged(&self, relative: &str, bytes: &[u8], to: &Path) -> bool {
        let previous = self.dir.join(relative);
        let same = match std::fs::metadata(&previous) {
            Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
                std::fs::read(&previous).is_ok_and(|old| old == bytes)
            }
            _ => false,
        };
        same && std::fs::hard_link(&previous, to).is_ok()
    }
}

/// Removes folders a killed build left behind.
fn remove_leftovers(parent: &Path, name: &str) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let new = format!(".{name}.new-");
    let old = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&new) || file_name.starts_with(&old) {
            remove_in_parallel(&entry.path())?;
        }
    }
    Ok(())
}

/// Removes a large folder using every core: a site of thousands of page folders is
/// otherwise deleted one file at a time.
fn remove_in_parallel(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let entries: Vec<(PathBuf, bool)> = walkdir::WalkDir::new(dir)
        .min_depth(2)
        .max_depth(2)
        .into_iter()
        .flatten()
        .map(|e| {
            let is_dir = e.file_type().is_dir();
            (e.into_path(), is_dir)
        })
        .collect();
    let remove = |(path, is_dir): &(PathBuf, bool)| {
        if *is_dir {
            fsio::remove_dir_all(path)
        } else {
            std::fs::remove_file(path).map_err(|e| Error::io("remove", path, e))
        }
    };
    entries.par_iter().try_for_each(remove)?;
    fsio::remove_dir_all(dir)
}
