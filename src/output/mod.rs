//! The writer: puts a rendered site on disk atomically, and never loses a file it did not
//! write. Pages are written, as they are rendered, into a staging folder beside the output
//! folder, which is swapped in only when the whole site is written and checked; a failed or
//! killed build leaves the previous site whole. `guard` decides which folders may be
//! replaced at all, `lock` lets one build at a time at an output folder.

mod guard;
mod lock;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::fsio;
use crate::render::{Contents, Output, Sink};

use guard::{MANIFEST, Manifest, OutputPath, PendingCheck, Tree};
use lock::BuildLock;

/// How a build treats the folder it writes to.
pub(crate) struct Target<'a> {
    /// The site's folder: its sources are never replaced.
    pub root: &'a Path,
    /// The output folder, as the writer gave it.
    pub output: &'a Path,
    /// Replace an existing folder that carepages did not write.
    pub force: bool,
    /// Told what the writer should know while the build goes on (waiting for another
    /// build, a previous site put back).
    pub notice: &'a dyn Fn(&str),
}

/// A new site being written beside the output folder.
pub(crate) struct Staging {
    dir: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    /// Folders made so far, relative to the staging folder: a badge per service goes into
    /// one folder, which is made once rather than asked for each time.
    folders: Mutex<HashSet<String>>,
    /// Every file written, for the manifest.
    written: Mutex<Vec<String>>,
    /// Whether `dir` holds an earlier build to reuse files from.
    reuse: bool,
    /// The comparison of the output folder with its manifest, finished before the swap.
    check: Option<PendingCheck>,
    /// Held until the new site is in place and the old one gone.
    _lock: BuildLock,
}

impl Staging {
    /// Prepares to replace the output folder: refuses one a build must not replace, waits
    /// for any other build of it, puts back a site an interrupted build left aside, and
    /// removes what killed builds left behind.
    pub(crate) fn create(target: &Target) -> Result<Staging> {
        let output = guard::refuse_protected(target.root, target.output)?;
        let dir = output.real.clone();
        let (Some(parent), Some(name)) = (dir.parent().map(Path::to_owned), dir.file_name()) else {
            return Err(Error::Usage(format!(
                "{} cannot be an output folder",
                output.describe()
            )));
        };
        let name = name.to_string_lossy().into_owned();
        let parent = parent.as_path();
        fsio::create_dir_all(parent)?;
        let lock = BuildLock::acquire(parent.join(format!(".{name}.lock")), target.notice)?;
        restore_interrupted(parent, &name, &output, target.notice)?;
        let check = guard::refuse_foreign(&output, target.force)?;
        remove_leftovers(parent, &name)?;
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.new-{pid}"));
        fsio::create_dir_all(&staging)?;
        Ok(Staging {
            reuse: dir.is_dir(),
            dir,
            staging,
            retired: parent.join(format!(".{name}.old-{pid}")),
            folders: Mutex::default(),
            written: Mutex::default(),
            check,
            _lock: lock,
        })
    }

    /// Records the files written, then swaps the new site in for the old one in one step
    /// where the system can, and removes the old one.
    pub(crate) fn commit(mut self, notice: &dyn Fn(&str)) -> Result<()> {
        // What the previous site holds, as checked: removed by name once it is replaced.
        let tree = match self.check.take().map(PendingCheck::finish) {
            Some(Err(e)) => {
                self.abort();
                return Err(e);
            }
            Some(Ok(tree)) => Some(tree),
            None => None,
        };
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let manifest = serde_json::to_vec_pretty(&Manifest::new(written))
            .map_err(|e| Error::io("write", &self.staging.join(MANIFEST), e.into()))?;
        fsio::write(&self.staging.join(MANIFEST), &manifest)?;
        let previous = std::fs::symlink_metadata(&self.dir).is_ok_and(|m| m.is_dir());
        let old = if previous {
            if exchange(&self.staging, &self.dir)? {
                // The staging folder's name now holds the previous site.
                &self.staging
            } else {
                fsio::rename(&self.dir, &self.retired)?;
                if let Err(e) = fsio::rename(&self.staging, &self.dir) {
                    // Put the previous site back so the folder is never left missing.
                    let _ = std::fs::rename(&self.retired, &self.dir);
                    return Err(e);
                }
                &self.retired
            }
        } else {
            fsio::rename(&self.staging, &self.dir)?;
            return Ok(());
        };
        // The new site is in place: a previous one that will not go is removed next time.
        let removed = match &tree {
            Some(tree) => remove_listed(old, tree),
            None => remove_in_parallel(old),
        };
        if let Err(e) = removed {
            notice(&format!(
                "The site was built, but the previous one could not all be removed ({e}); the next build removes it."
            ));
        }
        Ok(())
    }

    /// Throws the new site away, leaving the output folder as it was.
    pub(crate) fn abort(mut self) {
        if let Some(check) = self.check.take() {
            let _ = check.finish();
        }
        let _ = remove_in_parallel(&self.staging);
    }
}

impl Sink for Staging {
    fn put(&self, output: Output) -> Result<()> {
        let path = self.staging.join(&output.path);
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(output.path.clone());
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
        // Never through a link: the previous build's files are plain files, or not reused.
        let same = match std::fs::symlink_metadata(&previous) {
            Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
                std::fs::read(&previous).is_ok_and(|old| old == bytes)
            }
            _ => false,
        };
        same && std::fs::hard_link(&previous, to).is_ok()
    }
}

/// Puts back the previous site where a build was killed between moving it aside and moving
/// the new one in (possible only where the system cannot exchange two folders at once):
/// the output folder is missing, and the previous site waits beside it.
fn restore_interrupted(
    parent: &Path,
    name: &str,
    output: &OutputPath,
    notice: &dyn Fn(&str),
) -> Result<()> {
    if std::fs::symlink_metadata(&output.real).is_ok() {
        return Ok(());
    }
    let newest = leftovers(parent, name, "old")
        .into_iter()
        .filter(|path| std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()))
        .max_by_key(|path| {
            std::fs::symlink_metadata(path)
                .and_then(|m| m.modified())
                .ok()
        });
    if let Some(previous) = newest {
        fsio::rename(&previous, &output.real)?;
        notice(&format!(
            "Put back the previous site in {}: a build was stopped while replacing it.",
            output.describe()
        ));
    }
    Ok(())
}

/// The folders beside the output that builds named `.<name>.<kind>-<process id>`.
fn leftovers(parent: &Path, name: &str, kind: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let prefix = format!(".{name}.{kind}-");
    entries
        .flatten()
        .filter(|entry| {
            let file_name = entry.file_name();
            let file_name = file_name.to_string_lossy();
            file_name
                .strip_prefix(&prefix)
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|entry| entry.path())
        .collect()
}

/// Removes the staging folders and previous sites that killed builds left behind. Only
/// called while holding the lock, so no live build's folder is among them.
fn remove_leftovers(parent: &Path, name: &str) -> Result<()> {
    for kind in ["new", "old"] {
        for path in leftovers(parent, name, kind) {
            remove_in_parallel(&path)?;
        }
    }
    Ok(())
}

/// Swaps two folders in one step, so there is no moment without an output folder. False
/// where the system or file system cannot (then the caller renames twice).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => Ok(false),
        Err(e) => Err(Error::io("swap in the new site at", b, e.into())),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> Result<bool> {
    Ok(false)
}

/// Removes the previous site by the names its check found, on every core: the check has
/// listed every folder already, so none is read again. Anything that appeared since is left,
/// and the folder holding it with it.
fn remove_listed(dir: &Path, tree: &Tree) -> Result<()> {
    let remove_file = |file: &String| {
        let path = dir.join(file);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(Error::io("remove", &path, e))
            }
            _ => Ok(()),
        }
    };
    tree.files.par_iter().try_for_each(remove_file)?;
    let deepest = tree
        .folders
        .iter()
        .map(|(depth, _)| *depth)
        .max()
        .unwrap_or(0);
    for depth in (1..=deepest).rev() {
        tree.folders
            .par_iter()
            .filter(|(d, _)| *d == depth)
            .try_for_each(|(_, folder)| {
                let path = dir.join(folder);
                std::fs::remove_dir(&path).map_err(|e| Error::io("remove the folder", &path, e))
            })?;
    }
    std::fs::remove_dir(dir).map_err(|e| Error::io("remove the folder", dir, e))
}

/// Removes a large folder using every core: a site of thousands of page folders is
/// otherwise deleted one file at a time. A link is removed, never followed.
fn remove_in_parallel(dir: &Path) -> Result<()> {
    match std::fs::symlink_metadata(dir) {
        Err(_) => return Ok(()),
        Ok(meta) if !meta.is_dir() => {
            return std::fs::remove_file(dir).map_err(|e| Error::io("remove", dir, e));
        }
        Ok(_) => {}
    }
    let entries: Vec<(PathBuf, bool)> = walkdir::WalkDir::new(dir)
        .follow_root_links(false)
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
