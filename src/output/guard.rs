//! Which folders a build may replace, and what in them it may remove. Never the site's own
//! folder, its sources, a parent of either, the home folder, the working folder, the root
//! of the filesystem or a folder at its top, nor a mount point, not even with `--force`;
//! otherwise an empty or missing folder, one an earlier build wrote (every file in it listed
//! in that build's manifest), or, with `--force`, any other. What the check saw ([`Tree`])
//! is all a build may later remove.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

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

/// The manifest as read.
#[derive(Deserialize)]
pub(crate) struct Manifest {
    pub(crate) files: Vec<String>,
}

/// The manifest as written.
#[derive(Serialize)]
struct ManifestOut<'a> {
    written_by: &'a str,
    about: &'a str,
    files: Vec<&'a str>,
}

/// The manifest of a build that wrote `files`, as JSON.
pub(crate) fn manifest_json<'a>(files: impl Iterator<Item = &'a str>) -> Vec<u8> {
    let mut files: Vec<&str> = files.collect();
    files.sort_unstable();
    let manifest = ManifestOut {
        written_by: "carepages",
        about: "Every file of this build. carepages replaces this folder only while each file \
                in it is listed here: put files of your own in the site's static/ folder.",
        files,
    };
    // A struct of strings always serialises.
    serde_json::to_vec_pretty(&manifest).unwrap_or_default()
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
                        "`{}` goes through more than 40 symbolic links, which is likely a loop.\nFix: correct or remove the link that points back at itself.",
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

/// `path` made absolute with `.` and `..` taken as written, links not followed: the path as
/// the writer sees it, which must be protected as well as the real one.
fn lexical_path(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path).map_err(|e| Error::io("find the folder", path, e))?;
    let mut lexical = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    Ok(lexical)
}

/// A path by both its spellings: as written (made absolute) and where it really leads.
struct Both {
    lexical: PathBuf,
    real: PathBuf,
}

impl Both {
    fn of(path: &Path) -> Result<Both> {
        Ok(Both {
            lexical: lexical_path(path)?,
            real: real_path(path)?,
        })
    }

    fn pairs<'a>(&'a self, other: &'a Both) -> [(&'a Path, &'a Path); 4] {
        [
            (&self.real, &other.real),
            (&self.lexical, &other.lexical),
            (&self.real, &other.lexical),
            (&self.lexical, &other.real),
        ]
    }

    /// Whether `self` is `other`, by any spelling.
    fn is(&self, other: &Both) -> bool {
        self.pairs(other).iter().any(|(a, b)| a == b)
    }

    /// Whether `self` is `other` or a folder inside it, by any spelling.
    fn within(&self, other: &Both) -> bool {
        self.pairs(other).iter().any(|(a, b)| a.starts_with(b))
    }
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
/// replace; `--force` does not change this. Paths are compared both as written and where
/// their links lead, and sources count whether or not they exist yet.
pub(crate) fn refuse_protected(root: &Path, given: &Path) -> Result<OutputPath> {
    let out = Both::of(given)?;
    let output = OutputPath {
        given: given.to_owned(),
        real: out.real.clone(),
    };
    let real = &output.real;
    let fix = "build into a folder of its own, such as the default `public/` in the site's folder (`carepages build`, or `--output public`).";
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "{} {why}, so carepages will never build into it, even with --force: a build replaces its output folder whole.\nFix: {fix}",
            output.describe()
        )))
    };
    if real.parent().is_none() || out.lexical.parent().is_none() {
        return refuse("is the root of the filesystem".to_owned());
    }
    let site = Both::of(root)?;
    if out.is(&site) {
        return refuse("is the site's own folder, with carepages.yaml and content/".to_owned());
    }
    if site.within(&out) {
        return refuse("holds the site's own folder".to_owned());
    }
    // The theme in use is in themes/: a theme named by a path is refused with the config.
    for (name, what) in SOURCES {
        let source = Both::of(&root.join(name))?;
        if out.is(&source) {
            return refuse(format!("is {what}"));
        }
        if out.within(&source) {
            return refuse(format!("is inside {what}"));
        }
        if source.within(&out) {
            return refuse(format!("holds {what}"));
        }
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        // A home folder that cannot be resolved (a loop) is compared as written.
        let home = Path::new(&home);
        let home = Both::of(home).or_else(|_| {
            lexical_path(home).map(|lexical| Both {
                real: lexical.clone(),
                lexical,
            })
        })?;
        if home.within(&out) {
            let what = if out.is(&home) { "is" } else { "holds" };
            return refuse(format!("{what} your home folder"));
        }
    }
    if let Ok(working) = std::env::current_dir() {
        let working = Both {
            lexical: working.clone(),
            real: working,
        };
        if working.within(&out) {
            let what = if out.is(&working) { "is" } else { "holds" };
            return refuse(format!("{what} the folder you are working in"));
        }
    }
    if real.parent().and_then(Path::parent).is_none() {
        return refuse("is a folder of the system, at the top of the filesystem".to_owned());
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
            return Err(Error::Usage(format!(
                "{which} is a file, not a folder, so nothing was changed.\nFix: choose another folder with --output, or move the file away."
            )));
        }
        _ => {}
    }
    if is_mount_point(real) {
        return Err(Error::Usage(format!(
            "{} is a mount point, which cannot be swapped for a new site in one step, so nothing was changed.\nFix: mount the folder above it instead and build into a folder inside, or build elsewhere and copy the site across.",
            output.describe()
        )));
    }
    Ok(output)
}

/// Whether `dir` is a different file system from the folder holding it.
#[cfg(unix)]
fn is_mount_point(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Some(parent) = dir.parent() else {
        return false;
    };
    match (std::fs::symlink_metadata(dir), std::fs::metadata(parent)) {
        (Ok(a), Ok(b)) => a.is_dir() && a.dev() != b.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path) -> bool {
    false
}

/// What the output folder held when it was checked: what a build may remove once the new
/// site is in place, and nothing else.
pub(crate) enum Held {
    /// Nothing (it was missing or empty): whatever appears there later is kept.
    Nothing,
    /// Anything (`--force`): whatever is there when the new site is swapped in.
    Anything,
    /// Files and folders still being compared with its manifest, on another thread while the
    /// site renders.
    Checking(std::thread::JoinHandle<Result<Tree>>),
}

impl Held {
    /// Waits for the comparison: what may be removed (`None` for anything), or an error if
    /// the folder has files no build wrote.
    pub(crate) fn finish(self) -> Result<Option<Tree>> {
        match self {
            Held::Nothing => Ok(Some(Tree::default())),
            Held::Anything => Ok(None),
            Held::Checking(check) => check
                .join()
                .unwrap_or_else(|_| {
                    Err(Error::Usage(
                    "carepages could not finish checking the output folder, so nothing was changed"
                        .to_owned(),
                ))
                })
                .map(Some),
        }
    }
}

/// Refuses to replace an existing folder that carepages did not write, or that has files an
/// earlier build did not write, unless `force`. Called while holding the build lock. A folder
/// with a manifest is compared with it on another thread, while the site is rendered: the
/// returned check must be finished before the folder is replaced.
pub(crate) fn refuse_foreign(output: &OutputPath, force: bool) -> Result<Held> {
    let dir = &output.real;
    let mut entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Held::Nothing),
        Err(e) => return Err(Error::io("read the folder", dir, e)),
    };
    if force {
        return Ok(Held::Anything);
    }
    if entries.next().is_none() {
        return Ok(Held::Nothing);
    }
    let has_manifest = std::fs::symlink_metadata(dir.join(MANIFEST)).is_ok_and(|m| m.is_file());
    if !has_manifest {
        return check_against_manifest(dir, &output.describe()).map(|_| Held::Nothing);
    }
    let (dir, described) = (dir.clone(), output.describe());
    Ok(Held::Checking(std::thread::spawn(move || {
        check_against_manifest(&dir, &described)
    })))
}

/// The largest manifest read: about thirty times that of a site of 100,000 pages.
const MANIFEST_LIMIT: u64 = 256 << 20;

/// The manifest in `dir`: `None` where there is none, an error saying why where there is one
/// that cannot be read. A link, a pipe or a file too large to be one is not read.
pub(crate) fn read_manifest(dir: &Path) -> Option<std::result::Result<Manifest, String>> {
    use std::io::Read;
    let path = dir.join(MANIFEST);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() {
        return Some(Err("it is not a plain file".to_owned()));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(
            (rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32,
        );
    }
    let read = options.open(&path).and_then(|file| {
        if !file.metadata()?.is_file() {
            return Err(std::io::Error::other("it is not a plain file"));
        }
        let mut bytes = Vec::new();
        file.take(MANIFEST_LIMIT + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MANIFEST_LIMIT {
            return Err(std::io::Error::other("it is too large to be one"));
        }
        Ok(bytes)
    });
    Some(match read {
        Ok(bytes) => serde_json::from_slice::<Manifest>(&bytes).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    })
}

/// Refuses `dir` (described as `described`) unless every file in it is on its manifest, or
/// it holds no file at all; returns what it holds.
fn check_against_manifest(dir: &Path, described: &str) -> Result<Tree> {
    let tree = Tree::read(dir)?;
    let manifest = match read_manifest(dir) {
        Some(Ok(manifest)) => manifest,
        unreadable => {
            let files = tree.unlisted(&HashSet::new());
            if files.is_empty() {
                // Only empty folders: nothing to lose.
                return Ok(tree);
            }
            use crate::render::paths;
            let looks_built =
                dir.join(paths::RATINGS_JSON).is_file() && dir.join(paths::NOJEKYLL).is_file();
            let why = match unreadable {
                Some(Err(reason)) => format!(
                    "has a record of the files an earlier build wrote (`{MANIFEST}`), but it cannot be read ({reason}), so carepages cannot tell whether any of its files are yours"
                ),
                _ if looks_built => "looks like a build of an earlier carepages, which kept no record of the files it wrote, so carepages cannot tell whether any of them are yours".to_owned(),
                _ => "is not a folder carepages built".to_owned(),
            };
            return Err(Error::Usage(format!(
                "{described} {why}. It holds {}.\nNothing was changed: a build replaces its output folder whole, and carepages only replaces a folder it built itself, or an empty one.\nFix: build into a new or empty folder with --output, or move your files out. To replace the folder and everything in it, build again with --force.",
                list(&files)
            )));
        }
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

/// What a folder holds, as found when it was read: the files and folders a build may
/// remove, and nothing else. Links are listed, never followed.
#[derive(Default)]
pub(crate) struct Tree {
    /// Plain files directly in the folder.
    pub(crate) files: Vec<OsString>,
    /// Folders directly in it, with what they hold.
    pub(crate) folders: Vec<(OsString, Tree)>,
    /// Links and anything else that no build writes, so never on a manifest.
    others: Vec<OsString>,
}

impl Tree {
    pub(crate) fn read(dir: &Path) -> Result<Tree> {
        let mut tree = Tree::default();
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io("read the folder", dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io("read the folder", dir, e))?;
            let kind = entry
                .file_type()
                .map_err(|e| Error::io("read the folder", &entry.path(), e))?;
            if kind.is_dir() {
                tree.folders
                    .push((entry.file_name(), Tree::read(&entry.path())?));
            } else if kind.is_file() {
                tree.files.push(entry.file_name());
            } else {
                tree.others.push(entry.file_name());
            }
        }
        Ok(tree)
    }

    /// Only what `listed` (paths relative to the folder) names, and the manifest.
    pub(crate) fn only(self, listed: &HashSet<&str>) -> Tree {
        self.only_below(listed, "")
    }

    fn only_below(self, listed: &HashSet<&str>, prefix: &str) -> Tree {
        let path = |name: &OsString| name.to_str().map(|n| format!("{prefix}{n}"));
        Tree {
            files: self
                .files
                .into_iter()
                .filter(|name| {
                    path(name).is_some_and(|p| p == MANIFEST || listed.contains(p.as_str()))
                })
                .collect(),
            folders: self
                .folders
                .into_iter()
                .filter_map(|(name, tree)| {
                    let below = format!("{}/", path(&name)?);
                    Some((name, tree.only_below(listed, &below)))
                })
                .collect(),
            others: Vec::new(),
        }
    }

    /// The files and links not in `listed` (nor the manifest), sorted, as a writer reads them.
    pub(crate) fn unlisted(&self, listed: &HashSet<&str>) -> Vec<String> {
        let mut found = Vec::new();
        self.unlisted_below(listed, "", &mut found);
        found.sort();
        found
    }

    fn unlisted_below(&self, listed: &HashSet<&str>, prefix: &str, found: &mut Vec<String>) {
        for name in &self.files {
            let path = format!("{prefix}{}", name.to_string_lossy());
            let ours =
                name.to_str().is_some() && (path == MANIFEST || listed.contains(path.as_str()));
            if !ours {
                found.push(path);
            }
        }
        for name in &self.others {
            found.push(format!("{prefix}{}", name.to_string_lossy()));
        }
        for (name, tree) in &self.folders {
            let below = format!("{prefix}{}/", name.to_string_lossy());
            if name.to_str().is_some() {
                tree.unlisted_below(listed, &below, found);
            } else {
                // A name no build writes: everything below it is someone else's.
                tree.unlisted_below(&HashSet::new(), &below, found);
            }
        }
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
