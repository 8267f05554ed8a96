//! The one place that touches the filesystem for reading and writing: every error carries the
//! path it happened at, so no message ever says "No such file" without saying which.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub(crate) fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| Error::io("read", path, e))
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    fs::read(path).map_err(|e| Error::io("read", path, e))
}

/// The file's bytes, or `None` when there is no such file.
pub(crate) fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io("read", path, e)),
    }
}

pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    fs::create_dir_all(path).map_err(|e| Error::io("create the folder", path, e))
}

/// Writes a file that must not exist yet: a file a writer already has is never replaced,
/// even one that appeared after we looked.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io("create", path, e))?;
    file.write_all(bytes)
        .map_err(|e| Error::io("write", path, e))
}

/// Replaces the file at `path` with `bytes` in one step: they are written to a hidden file
/// beside it (a dot file, which the loader skips), flushed to disk and renamed over it, so a
/// crash leaves the old file or the new one, never half of one. A link is followed: its target
/// is replaced and the link stays. The file keeps its permissions.
pub(crate) fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = fs::canonicalize(path).map_err(|e| Error::io("read", path, e))?;
    let permissions = fs::metadata(&target)
        .map_err(|e| Error::io("read", path, e))?
        .permissions();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = target.with_file_name(format!(".{name}.carepages-{}", std::process::id()));
    let written = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .map_err(|e| Error::io("create", &temporary, e))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::io("write", &temporary, e))?;
        fs::set_permissions(&temporary, permissions)
            .map_err(|e| Error::io("write", &temporary, e))?;
        fs::rename(&temporary, &target).map_err(|e| Error::io("replace", path, e))
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// Copies `from` to a new file `to`: like [`write_new`], never into an existing file (which
/// may be a link to a file elsewhere).
pub(crate) fn copy_new(from: &Path, to: &Path) -> Result<()> {
    let mut source = fs::File::open(from).map_err(|e| Error::io("read", from, e))?;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)
        .map_err(|e| Error::io("create", to, e))?;
    std::io::copy(&mut source, &mut file)
        .map(|_| ())
        .map_err(|e| Error::io("copy", from, e))
}

pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(|e| Error::io("move", from, e))
}

/// The files below `dir` whose names end in `extension`, sorted, as (absolute, relative) paths.
/// A missing folder gives an empty list: callers decide whether that is a problem.
pub(crate) fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<(PathBuf, PathBuf)>> {
    let mut found = Vec::new();
    if !dir.is_dir() {
        return Ok(found);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_owned();
            Error::io("read the folder", &path, e.into())
        })?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || is_editor_temporary(&name) {
            continue;
        }
        if extension.is_empty() || name.ends_with(extension) {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_owned();
            found.push((entry.path().to_owned(), relative));
        }
    }
    Ok(found)
}

/// Files editors leave beside the real one while saving, which must never become pages.
pub(crate) fn is_editor_temporary(name: &str) -> bool {
    name.starts_with(".#")
        || name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
}
