//! The writer: puts a rendered site on disk atomically. The new site is written beside the
//! output folder and swapped in only when complete, so a failed or killed build leaves the
//! previous site whole.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::fsio;
use crate::render::{Contents, Output};

/// Writes `outputs` as the new contents of `dir`.
pub fn write_atomically(outputs: &[Output], dir: &Path) -> Result<()> {
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
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.new-{pid}"));
    let retired = parent.join(format!(".{name}.old-{pid}"));
    remove_leftovers(&parent, &name)?;

    let result = write_all(outputs, &staging);
    if let Err(e) = result {
        let _ = fsio::remove_dir_all(&staging);
        return Err(e);
    }
    if dir.exists() {
        fsio::rename(dir, &retired)?;
    }
    if let Err(e) = fsio::rename(&staging, dir) {
        // Put the previous site back so the folder is never left missing.
        let _ = fsio::rename(&retired, dir);
        return Err(e);
    }
    remove_in_parallel(&retired)
}

/// Removes a large folder using every core: a site of thousands of page folders is
/// otherwise deleted one file at a time.
fn remove_in_parallel(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let entries: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .min_depth(2)
        .max_depth(2)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .collect();
    entries.par_iter().try_for_each(|path| {
        if path.is_dir() {
            fsio::remove_dir_all(path)
        } else {
            std::fs::remove_file(path).map_err(|e| Error::io("remove", path, e))
        }
    })?;
    fsio::remove_dir_all(dir)
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
            fsio::remove_dir_all(&entry.path())?;
        }
    }
    Ok(())
}

fn write_all(outputs: &[Output], root: &Path) -> Result<()> {
    fsio::create_dir_all(root)?;
    let folders: BTreeSet<PathBuf> = outputs
        .iter()
        .filter_map(|o| Path::new(&o.path).parent().map(|p| root.join(p)))
        .collect();
    for folder in folders {
        fsio::create_dir_all(&folder)?;
    }
    outputs.par_iter().try_for_each(|output| {
        let path = root.join(&output.path);
        match &output.contents {
            Contents::Bytes(bytes) => fsio::write(&path, bytes),
            Contents::Copy(from) => fsio::copy(from, &path),
            Contents::Static(bytes) => fsio::write(&path, bytes),
        }
    })
}
