//! Which folders a build may replace. Never the site's own folder, its sources, a parent of
//! either, the home folder, the working folder or the root of the filesystem, not even with
//! `--force`; otherwise an empty or missing folder, one an earlier build wrote (every file in
//! it listed in that build's manifest), or, with `--force`, any other.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fsio;

/// The record a build leaves in its output folder: every file it wrote. Its presence makes
/// the folder carepages', and its list says which files a later build may replace.
pub(crate) const MANIFEST: &str = ".carepages-build.json";

/// The files and folders of a site's own that an output folder may never be, hold or be
/// in, and what they are to a writer.
const SOURCES: [(&str, &str); 6] = [
    ("carepages.yaml", "the site's settings (carepages.yaml)"),
    ("content", "the site's pages (content/)"),
    ("seeds", "the site's reports and statements (seeds/)"),
    ("templates", "the site's templates (templates/)"),
    ("themes", "the site's themes (themes/)"),
    ("static", "the site's own files (static/)"),
];

/// How many unknown files a refusal names before it counts the rest.
const NAMED: usize = 5;

#[derive(Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub(crate) written_by: String,
    pub(crate) about: String,
    pub(crate) files: Vec<String>,
}

impl Manifest {
    pub(crate) fn new(mut files: Vec<String>) -> Manifest {
        files.sort_unstable();
        Manifest {
            written_by: "carepages".to_owned(),
            about: "Every file of this build. carepages replaces this folder only while each file \
                    in it is listed here: put files of your own in the site's static/ folder."
                .to_owned(),
            files,
        }
    }
}

/// The real folder `path` names: absolute, every symbolic link followed and every `..`
/// taken after the link before it, as the system itself would. Parts that do not exist yet
/// are kept as written.
pub(crate) fn real_path(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path).map_err(|e| Error::io("find the folder", path, e))?;
    let mut resolved = PathBuf::new();
    let mut pending: Vec<PathBuf> = absolute
        .components()
        .rev()
        .map(|c| PathBuf::from(c.as_os_str()))
        .collect();
    let mut links = 0;
    while let Some(part) = pending.pop() {
        match part.components().next() {
            Some(Component::Prefix(_) | Component::RootDir) => resolved = part,
            Some(Component::CurDir) | None => {}
            Some(Component::ParentDir) => {
                resolved.pop();
            }
            Some(Component::Normal(name)) => {
                let next = resolved.join(name);
                let is_link = std::fs::symlink_metadata(&next).is_ok_and(|m| m.is_symlink());
                if !is_link {
                    resolved = next;
                    continue;
                }
                links += 1;
                if links > 40 {
                    return Err(Error::Usage(format!(
                        "`{}` goes through more than 40 symbolic links (a loop?): choose another output folder",
                        path.display()
                    )));
                }
                let target =
                    std::fs::read_link(&next).map_err(|e| Error::io("read the link", &next, e))?;
                if target.is_absolute() {
                    resolved = PathBuf::new();
                }
                pending.extend(
                    target
                        .components()
                        .rev()
                        .map(|c| PathBuf::from(c.as_os_str())),
                );
            }
        }
    }
    Ok(resolved)
}

/// The output folder, as given and as it really is.
pub(crate) struct OutputPath {
    /// As the writer gave it, for messages.
    pub(crate) given: PathBuf,
    /// Where it really is: the folder that is replaced.
    pub(crate) real: PathBuf,
}

impl OutputPath {
    /// `given` as written, and where it leads when that differs.
    pub(crate) fn describe(&self) -> String {
        let given = self.given.display();
        if std::path::absolute(&self.given).is_ok_and(|a| a == self.real) {
            format!("`{given}`")
        } else {
            format!("`{given}` (which is `{}`)", self.real.display())
        }
    }
}

/// Refuses an output folder that is, holds or is inside anything a build must never
/// replace; `--force` does not change this.
pub(crate) fn refuse_protected(root: &Path, given: &Path) -> Result<OutputPath> {
    let output = OutputPath {
        given: given.to_owned(),
        real: real_path(given)?,
    };
    let real = &output.real;
    let root_real = real_path(root)?;
    let fix = "build into a folder of its own, such as the default `public/` in the site's folder (`carepages build`, or `--output public`).";
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "{} {why}, so carepages will never build into it, even with --force: a build replaces its output folder whole.\nFix: {fix}",
            output.describe()
        )))
    };
    if real.parent().is_none() {
        return refuse("is the root of the filesystem".to_owned());
    }
    if real == &root_real {
        return refuse("is the site's own folder, with carepages.yaml and content/".to_owned());
    }
    if root_real.starts_with(real) {
        return refuse("holds the site's own folder".to_owned());
    }
    for (name, what) in SOURCES {
        let source = root.join(name);
        if std::fs::symlink_metadata(&source).is_err() {
            continue;
        }
        let source_real = real_path(&source)?;
        if real != &source_real && real.starts_with(&source_real) {
            return refuse(format!("is inside {what}"));
        }
        if source_real.starts_with(real) {
            let how = if real == &source_real { "is" } else { "holds" };
            return refuse(format!("{how} {what}"));
        }
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        let home = real_path(Path::new(&home))?;
        if home.starts_with(real) {
            let what = if &home == real { "is" } else { "holds" };
            return refuse(format!("{what} your home folder"));
        }
    }
    if let Ok(working) = std::env::current_dir()
        && working.starts_with(real)
    {
        let what = if &working == real { "is" } else { "holds" };
        return refuse(format!("{what} the folder you are working in"));
    }
    // The output, or the nearest folder above it that exists, must be a folder.
    let existing = real.ancestors().find(|p| std::fs::metadata(p).is_ok());
    match existing.map(|p| (p, std::fs::metadata(p))) {
        Some((path, Ok(meta))) if !meta.is_dir() => {
            let which = if path == real {
                output.describe()
            } else {
                format!("`{}`, on the way to {},", path.display(), output.describe())
            };
            Err(Error::Usage(format!(
                "{which} is a file, not a folder, so nothing was changed.\nFix: choose another folder with --output, or move the file away."
            )))
        }
        _ => Ok(output),
    }
}

/// Refuses to replace an existing folder that carepages did not write, or that has files an
/// earlier build did not write, unless `force`. Called while holding the build lock. A folder
/// with a manifest is compared with it on another thread, while the site is rendered: the
/// returned check must be finished before the folder is replaced.
pub(crate) fn refuse_foreign(output: &OutputPath, force: bool) -> Result<Option<PendingCheck>> {
    let dir = &output.real;
    let mut entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read the folder", dir, e)),
    };
    if entries.next().is_none() || force {
        return Ok(None);
    }
    let has_manifest = std::fs::symlink_metadata(dir.join(MANIFEST)).is_ok_and(|m| m.is_file());
    if !has_manifest {
        return check_against_manifest(dir, &output.describe()).map(|_| None);
    }
    let (dir, described) = (dir.clone(), output.describe());
    Ok(Some(PendingCheck(std::thread::spawn(move || {
        check_against_manifest(&dir, &described)
    }))))
}

/// The comparison of an output folder with its manifest, under way.
pub(crate) struct PendingCheck(std::thread::JoinHandle<Result<Tree>>);

impl PendingCheck {
    /// Waits for the comparison: what the folder holds, or an error if it has files no
    /// build wrote.
    pub(crate) fn finish(self) -> Result<Tree> {
        self.0.join().unwrap_or_else(|_| {
            Err(Error::Usage(
                "carepages could not finish checking the output folder, so nothing was changed"
                    .to_owned(),
            ))
        })
    }
}

/// Refuses `dir` (described as `described`) unless every file in it is on its manifest, or
/// it holds no file at all; returns what it holds.
fn check_against_manifest(dir: &Path, described: &str) -> Result<Tree> {
    let manifest = match fsio::read(&dir.join(MANIFEST)) {
        Ok(bytes) => serde_json::from_slice::<Manifest>(&bytes).ok(),
        Err(_) => None,
    };
    let tree = Tree::read(dir)?;
    let Some(manifest) = manifest else {
        let files = tree.unlisted(&HashSet::new());
        if files.is_empty() {
            // Only empty folders: nothing to lose.
            return Ok(tree);
        }
        let looks_built = dir.join("ratings.json").is_file() && dir.join(".nojekyll").is_file();
        let why = if looks_built {
            "looks like a build of an earlier carepages, which kept no record of the files it wrote, so carepages cannot tell whether any of them are yours".to_owned()
        } else {
            "is not a folder carepages built".to_owned()
        };
        return Err(Error::Usage(format!(
            "{described} {why}. It holds {}.\nNothing was changed: a build replaces its output folder whole, and carepages only replaces a folder it built itself, or an empty one.\nFix: build into a new or empty folder with --output, or move your files out. To replace the folder and everything in it, build again with --force.",
            list(&files)
        )));
    };
    let listed: HashSet<&str> = manifest.files.iter().map(String::as_str).collect();
    let files = tree.unlisted(&listed);
    if files.is_empty() {
        return Ok(tree);
    }
    Err(Error::Usage(format!(
        "{described} was built by carepages, but it now also holds {} that no build wrote.\nNothing was changed: a build replaces its output folder whole, and they would be lost.\nFix: move files the site should publish into the site's static/ folder (every build copies them), or move them out. To replace the folder anyway, build again with --force.",
        list(&files)
    )))
}

/// Everything below a folder, as found when it was checked: what a build may remove once
/// the new site is in place, and nothing else. Links are listed, never followed.
pub(crate) struct Tree {
    /// Files and links, relative to the folder, with `/` between names.
    pub(crate) files: Vec<String>,
    /// Folders, relative, with their depth (1 for the folder's own subfolders).
    pub(crate) folders: Vec<(usize, String)>,
    /// Links and anything else that no build writes, so never on a manifest.
    others: Vec<String>,
}

impl Tree {
    fn read(dir: &Path) -> Result<Tree> {
        let mut tree = Tree {
            files: Vec::new(),
            folders: Vec::new(),
            others: Vec::new(),
        };
        let walk = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .follow_root_links(false);
        for entry in walk {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(dir).to_owned();
                Error::io("read the folder", &path, e.into())
            })?;
            let relative = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let relative = relative.to_string_lossy().replace('\\', "/");
            if entry.file_type().is_dir() {
                tree.folders.push((entry.depth(), relative));
            } else if entry.file_type().is_file() {
                tree.files.push(relative);
            } else {
                tree.others.push(relative);
            }
        }
        Ok(tree)
    }

    /// The files and links not in `listed` (nor the manifest), sorted, as a writer reads them.
    fn unlisted(&self, listed: &HashSet<&str>) -> Vec<String> {
        let mut found: Vec<String> = self
            .files
            .iter()
            .filter(|f| f.as_str() != MANIFEST && !listed.contains(f.as_str()))
            .chain(&self.others)
            .cloned()
            .collect();
        found.sort();
        found
    }
}

/// "`a`, `b` and 3 more files".
fn list(files: &[String]) -> String {
    let named: Vec<String> = files.iter().take(NAMED).map(|f| format!("`{f}`")).collect();
    let rest = files.len() - named.len();
    match (named.split_last(), rest) {
        (Some((only, [])), 0) => only.clone(),
        (Some((last, first)), 0) => format!("{} and {last}", first.join(", ")),
        (_, _) => format!(
            "{} and {}",
            named.join(", "),
            crate::error::plural(rest, "more file")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_names_a_few_files_and_counts_the_rest() {
        let files: Vec<String> = (1..=7).map(|n| format!("f{n}")).collect();
        assert_eq!(list(&files[..1]), "`f1`");
        assert_eq!(list(&files[..2]), "`f1` and `f2`");
        assert_eq!(
            list(&files),
            "`f1`, `f2`, `f3`, `f4`, `f5` and 2 more files"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_real_path_follows_links_before_taking_parent_folders() {
        let dir = tempfile::tempdir().unwrap();
        let base = real_path(dir.path()).unwrap();
        std::fs::create_dir_all(base.join("a/b")).unwrap();
        std::os::unix::fs::symlink(base.join("a/b"), base.join("link")).unwrap();
        // `link/..` is `a`, not the folder holding the link.
        assert_eq!(real_path(&base.join("link/..")).unwrap(), base.join("a"));
        assert_eq!(
            real_path(&base.join("link/new/x")).unwrap(),
            base.join("a/b/new/x")
        );
        assert_eq!(
            real_path(&base.join("a/./b/../b")).unwrap(),
            base.join("a/b")
        );
        std::os::unix::fs::symlink("loop", base.join("loop")).unwrap();
        assert!(real_path(&base.join("loop")).is_err());
    }
}
