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

use crate::error::{Error, Result};
use crate::fsio;
use crate::render::{Contents, Output, Sink};

use guard::{Held, MANIFEST, OutputPath, Tree};
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
    /// build, a previous site put back, files kept).
    pub notice: &'a dyn Fn(&str),
}

/// The folders beside the output that builds make: `.<name>.carepages-<kind>-<process id>`.
const NEW: &str = "carepages-new";
const OLD: &str = "carepages-old";

/// A new site being written beside the output folder.
pub(crate) struct Staging {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    staging: PathBuf,
    retired: PathBuf,
    /// Folders made so far, relative to the staging folder: a badge per service goes into
    /// one folder, which is made once rather than asked for each time.
    folders: Mutex<HashSet<String>>,
    /// Whether `dir` holds an earlier build to reuse files from.
    reuse: bool,
    /// What the output folder held when it was checked: what the swap may remove.
    held: Option<Held>,
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
        fsio::create_dir_all(&parent)?;
        let lock = BuildLock::acquire(parent.join(format!(".{name}.lock")), target.notice)?;
        restore_interrupted(&parent, &name, &output, target.notice)?;
        let held = guard::refuse_foreign(&output, target.force)?;
        remove_leftovers(&parent, &name, target.notice);
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.{NEW}-{pid}"));
        // A new folder, never one already there (which could be a link to anywhere).
        std::fs::create_dir(&staging).map_err(|e| Error::io("create the folder", &staging, e))?;
        Ok(Staging {
            reuse: dir.is_dir(),
            dir,
            retired: parent.join(format!(".{name}.{OLD}-{pid}")),
            parent,
            name,
            staging,
            folders: Mutex::default(),
            held: Some(held),
            _lock: lock,
        })
    }

    /// Records the files written, then swaps the new site in for the old one in one step
    /// where the system can, and removes what the old one held when it was checked.
    /// `files` are the site's files, every one of them written: the manifest lists them.
    pub(crate) fn commit<'a>(
        mut self,
        files: impl Iterator<Item = &'a str>,
        notice: &dyn Fn(&str),
    ) -> Result<()> {
        let held = match self.held.take().map(Held::finish) {
            Some(Err(e)) => {
                self.abort();
                return Err(e);
            }
            Some(Ok(held)) => held,
            None => Some(Tree::default()),
        };
        let old = match self.swap(&guard::manifest_json(files)) {
            Ok(Some(old)) => old,
            Ok(None) => return Ok(()),
            Err(e) => {
                // The new site stays out, and is not left lying beside the output.
                self.abort();
                return Err(e);
            }
        };
        // With --force, whatever is there now; else what the check saw and nothing more.
        let tree = match held {
            Some(tree) => tree,
            None => Tree::read(&old).unwrap_or_default(),
        };
        if !remove_seen(&old, &tree) {
            // Said either way: moved aside, or left where it is.
            keep(&old, &self.parent, &self.name, notice);
        }
        Ok(())
    }

    /// Writes the manifest and puts the new site in place: where the previous site is now,
    /// if there was one.
    fn swap(&self, manifest: &[u8]) -> Result<Option<PathBuf>> {
        fsio::write_new(&self.staging.join(MANIFEST), manifest)?;
        if std::fs::symlink_metadata(&self.dir).is_err() {
            fsio::rename(&self.staging, &self.dir)?;
            return Ok(None);
        }
        if exchange(&self.staging, &self.dir)? {
            // The staging folder's name now holds the previous site.
            return Ok(Some(self.staging.clone()));
        }
        fsio::rename(&self.dir, &self.retired)?;
        if let Err(e) = fsio::rename(&self.staging, &self.dir) {
            // Put the previous site back so the folder is never left missing.
            let _ = std::fs::rename(&self.retired, &self.dir);
            return Err(e);
        }
        Ok(Some(self.retired.clone()))
    }

    /// Throws the new site away, leaving the output folder as it was.
    pub(crate) fn abort(mut self) {
        if let Some(held) = self.held.take() {
            let _ = held.finish();
        }
        remove_all(&self.staging);
    }
}

impl Sink for Staging {
    fn put(&self, output: Output) -> Result<()> {
        // Every output path is relative and stays below the staging folder, whatever its
        // name came from: a last guard, after the names are checked where they are loaded.
        let inside = !output.path.is_empty()
            && !output.path.contains('\\')
            && Path::new(&output.path)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            return Err(Error::Usage(format!(
                "carepages would write `{}`, which is not a path inside the output folder, so nothing was written.\nFix: rename the file it comes from, using letters, digits, `-`, `_` and `.` in each part of its path",
                crate::error::visible(&output.path)
            )));
        }
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
                fsio::write_new(&path, bytes)
            }
            // Never into a file already there: it may be linked from the live site.
            Contents::Copy(from) => fsio::copy_new(from, &path),
            Contents::Static(bytes) => fsio::write_new(&path, bytes),
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
/// the output folder is missing, and a previous site, with its manifest, waits beside it.
fn restore_interrupted(
    parent: &Path,
    name: &str,
    output: &OutputPath,
    notice: &dyn Fn(&str),
) -> Result<()> {
    if std::fs::symlink_metadata(&output.real).is_ok() {
        return Ok(());
    }
    let newest = leftovers(parent, name, OLD)
        .into_iter()
        .filter(|path| matches!(guard::read_manifest(path), Some(Ok(_))))
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

/// The folders (never links or files) beside the output that builds named
/// `.<name>.<kind>-<process id>`.
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
            let named = file_name
                .strip_prefix(&prefix)
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
            named && entry.file_type().is_ok_and(|t| t.is_dir())
        })
        .map(|entry| entry.path())
        .collect()
}

/// Removes what killed builds left beside the output. Only called while holding the lock,
/// so no live build's folder is among them. A staging folder with no manifest holds only
/// what its build wrote; one with a manifest may be a previous site that was being removed,
/// so only the files on its manifest go, and anything else is kept. Nothing here stops the
/// build: what cannot be removed is said, and tried again next time.
fn remove_leftovers(parent: &Path, name: &str, notice: &dyn Fn(&str)) {
    for path in leftovers(parent, name, NEW)
        .into_iter()
        .chain(leftovers(parent, name, OLD))
    {
        let gone = match guard::read_manifest(&path) {
            None => remove_all(&path),
            Some(manifest) => {
                let removed = manifest.is_ok_and(|manifest| {
                    let listed: HashSet<&str> = manifest.files.iter().map(String::as_str).collect();
                    Tree::read(&path).is_ok_and(|tree| remove_seen(&path, &tree.only(&listed)))
                });
                removed || keep(&path, parent, name, notice)
            }
        };
        if !gone {
            notice(&format!(
                "Could not remove `{}`, left by an earlier build that was stopped. Delete it yourself when you can; carepages tries again on every build.",
                path.display()
            ));
        }
    }
}

/// Moves a folder that holds files carepages must not remove (added to the output while a
/// build ran, after the check) out of the way under a name of its own, and says where.
/// Whether it was moved; if not, it stays where it is, and the notice says so.
fn keep(folder: &Path, parent: &Path, name: &str, notice: &dyn Fn(&str)) -> bool {
    let pid = std::process::id();
    let kept = (0..100)
        .map(|n| match n {
            0 => parent.join(format!("{name}.kept-{pid}")),
            n => parent.join(format!("{name}.kept-{pid}-{n}")),
        })
        .find(|p| std::fs::symlink_metadata(p).is_err());
    let Some(kept) = kept.filter(|kept| std::fs::rename(folder, kept).is_ok()) else {
        notice(&format!(
            "Files appeared in `{name}` while the site was being built: they are kept in `{}`. Move them where they belong (files the site should publish go in static/).",
            folder.display()
        ));
        return false;
    };
    let files = Tree::read(&kept)
        .map(|t| t.unlisted(&HashSet::new()))
        .unwrap_or_default();
    let shown: Vec<String> = files.iter().take(5).map(|f| format!("`{f}`")).collect();
    notice(&format!(
        "Files appeared in `{name}` while the site was being built, after carepages had checked it, so they are not part of the new site. They are kept in `{}`: {}. Move them where they belong (files the site should publish go in static/).",
        kept.display(),
        if shown.is_empty() {
            "only folders".to_owned()
        } else {
            shown.join(", ")
        }
    ));
    true
}

/// Removes from `dir` the files and folders `tree` saw there, never following a link, then
/// `dir` itself if nothing else is left in it. The manifest goes last, so a build stopped
/// midway leaves a folder the next build can still judge. Returns whether `dir` is gone.
fn remove_seen(dir: &Path, tree: &Tree) -> bool {
    remove::tree(dir, tree) && std::fs::remove_dir(dir).is_ok()
}

#[cfg(any(target_os = "linux", target_os = "android"))]
mod remove {
    //! Removal through open folders (`openat`, `unlinkat`): a folder swapped for a link while
    //! a build runs is never followed.

    use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
    use std::path::Path;

    use rayon::prelude::*;
    use rustix::fs::{AtFlags, CWD, Mode, OFlags, openat, unlinkat};

    use super::{MANIFEST, Tree};

    fn open_folder<P: rustix::path::Arg>(at: BorrowedFd, name: P) -> rustix::io::Result<OwnedFd> {
        openat(
            at,
            name,
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::empty(),
        )
    }

    pub(super) fn tree(dir: &Path, tree: &Tree) -> bool {
        match open_folder(CWD, dir) {
            Ok(folder) => within(folder.as_fd(), tree, true),
            Err(_) => false,
        }
    }

    /// Removes what `tree` names inside `folder`; whether all of it is gone.
    fn within(folder: BorrowedFd, tree: &Tree, top: bool) -> bool {
        let folders: Vec<bool> = tree
            .folders
            .par_iter()
            .map(
                |(name, below)| match open_folder(folder, name.as_os_str()) {
                    Ok(inner) => {
                        let emptied = within(inner.as_fd(), below, false);
                        drop(inner);
                        emptied && unlinkat(folder, name.as_os_str(), AtFlags::REMOVEDIR).is_ok()
                    }
                    Err(e) => e == rustix::io::Errno::NOENT,
                },
            )
            .collect();
        let mut all = folders.into_iter().all(|gone| gone);
        let unlink = |name: &std::ffi::OsStr| match unlinkat(folder, name, AtFlags::empty()) {
            Ok(()) => true,
            Err(e) => e == rustix::io::Errno::NOENT,
        };
        for name in tree.files.iter().filter(|n| !top || *n != MANIFEST) {
            all &= unlink(name);
        }
        if top && tree.files.iter().any(|n| n == MANIFEST) {
            all &= unlink(std::ffi::OsStr::new(MANIFEST));
        }
        all
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
mod remove {
    use std::path::Path;

    use super::{MANIFEST, Tree};

    pub(super) fn tree(dir: &Path, tree: &Tree) -> bool {
        within(dir, tree, true)
    }

    fn within(dir: &Path, tree: &Tree, top: bool) -> bool {
        let mut all = true;
        for (name, below) in &tree.folders {
            let path = dir.join(name);
            let is_folder = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            all &= is_folder && within(&path, below, false) && std::fs::remove_dir(&path).is_ok();
        }
        for name in tree.files.iter().filter(|n| !top || *n != MANIFEST) {
            all &= std::fs::remove_file(dir.join(name)).is_ok();
        }
        if top && tree.files.iter().any(|n| n == MANIFEST) {
            all &= std::fs::remove_file(dir.join(MANIFEST)).is_ok();
        }
        all
    }
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

/// Removes a folder and everything in it, never following a link; whether it is gone.
fn remove_all(dir: &Path) -> bool {
    Tree::read(dir).is_ok_and(|tree| remove_seen(dir, &tree))
}
