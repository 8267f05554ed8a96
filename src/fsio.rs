//! The one place that touches the filesystem for reading and writing: every error carries the
//! path it happened at, so no message ever says "No such file" without saying which.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub(crate) fn read_to_string(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| Error::io("read", path, e))
}

/// Reads a writer's text file: UTF-8, with or without a byte-order mark. A file in another
/// encoding is a problem of its own (`Ok(Err)`), placed at its first byte that is not UTF-8,
/// so the rest of the site is still checked; `Err` is for a disk that cannot be read.
pub(crate) fn read_text(
    path: &Path,
    shown: &Path,
) -> Result<std::result::Result<String, crate::error::Diagnostic>> {
    use crate::error::Diagnostic;
    let bytes = read(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Ok(Err(Diagnostic::error(
            shown,
            "the file is saved as UTF-16 (\"Unicode\" in Notepad), which carepages cannot read",
        )
        .help(
            "save it as UTF-8: in Notepad, File > Save As, then Encoding: UTF-8",
        )));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Ok(text.to_owned())),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            let text = String::from_utf8_lossy(bytes);
            Ok(Err(Diagnostic::error(
                shown,
                format!(
                    "the file is not saved as UTF-8: byte {:#04X} here is a letter in another encoding (such as Windows-1252)",
                    bytes[e.valid_up_to()]
                ),
            )
            .help("save the file as UTF-8 (most editors offer it under Save As, Encoding), then check the letter shown here")
            .at(&text, line, column)))
        }
    }
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

/// A file written in full beside the one it will become, not yet in its place: see
/// [`Staged::put`] and [`Staged::discard`].
pub(crate) struct Staged {
    temporary: PathBuf,
    path: PathBuf,
    /// The permissions of the file it replaces, if any.
    replaces: Option<fs::Permissions>,
}

/// Writes `bytes` to a hidden file beside `path` and syncs it, so that putting it in place is
/// a rename: a crash or a full disk never leaves half a file where a writer's file was.
pub(crate) fn stage(path: &Path, bytes: &[u8]) -> Result<Staged> {
    let replaces = match fs::metadata(path) {
        Ok(meta) => Some(meta.permissions()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("read", path, e)),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.carepages-{}", std::process::id()));
    let staged = Staged {
        temporary,
        path: path.to_owned(),
        replaces,
    };
    let written = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&staged.temporary)
            .map_err(|e| Error::io("create", &staged.temporary, e))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::io("write", &staged.temporary, e))?;
        if let Some(permissions) = &staged.replaces {
            fs::set_permissions(&staged.temporary, permissions.clone())
                .map_err(|e| Error::io("write", &staged.temporary, e))?;
        }
        Ok(())
    })();
    match written {
        Ok(()) => Ok(staged),
        Err(e) => {
            staged.discard();
            Err(e)
        }
    }
}

impl Staged {
    /// Puts the file in its place in one step: over the file it replaces, or where no file
    /// is (never over one that appeared since).
    pub(crate) fn put(self) -> Result<()> {
        let done = if self.replaces.is_some() {
            fs::rename(&self.temporary, &self.path).map_err(|e| Error::io("replace", &self.path, e))
        } else {
            fs::hard_link(&self.temporary, &self.path)
                .map_err(|e| Error::io("create", &self.path, e))
        };
        let _ = fs::remove_file(&self.temporary);
        done
    }

    /// Removes the staged file, leaving everything as it was.
    pub(crate) fn discard(self) {
        let _ = fs::remove_file(&self.temporary);
    }
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
    // A link to a file is read, so a linked page is never skipped without a word; one that
    // leads out of the site, or to a folder, is an error of its own (`links_leaving`). Linked
    // folders are not walked: one could lead anywhere, or round in a loop.
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_owned();
            Error::io("read the folder", &path, e.into())
        })?;
        let name = entry.file_name().to_string_lossy();
        let is_file = entry.file_type().is_file()
            || (entry.path_is_symlink() && fs::metadata(entry.path()).is_ok_and(|m| m.is_file()));
        if !is_file || is_editor_temporary(&name) {
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

/// What a link below a site's folder leads to, when carepages will not read it.
pub(crate) enum BadLink {
    /// A file or folder outside the site.
    Outside,
    /// Nothing, or something unreadable.
    Nowhere,
    /// A folder inside the site: not walked.
    Folder,
}

/// The links below `dir` (not followed) that carepages will not read: those leading outside
/// `root` or nowhere, and links to folders. A site's sources come from the site.
pub(crate) fn links_leaving(dir: &Path, root: &Path) -> Vec<(PathBuf, BadLink)> {
    let Ok(root) = fs::canonicalize(root) else {
        return Vec::new();
    };
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.path_is_symlink())
        .filter_map(|e| match fs::canonicalize(e.path()) {
            Ok(target) if !target.starts_with(&root) => {
                Some((e.path().to_owned(), BadLink::Outside))
            }
            Ok(target) if target.is_dir() => Some((e.path().to_owned(), BadLink::Folder)),
            Ok(_) => None,
            Err(_) => Some((e.path().to_owned(), BadLink::Nowhere)),
        })
        .collect()
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
