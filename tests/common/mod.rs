//! Helpers shared by the integration tests: copy a fixture site with the real default theme
//! into a temporary folder and run the real `carepages` binary on it.

#![allow(dead_code)] // each test file uses a different part of this module

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const TODAY: &str = "2026-11-22";

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of `tests/fixtures/<name>` (fixtures use the built-in default theme), or of the
/// example site with its `themes/` for "example", in a folder deleted when the guard drops.
pub fn site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let from = if name == "example" {
        repo()
    } else {
        repo().join("tests/fixtures").join(name)
    };
    for part in ["carepages.yaml", "content", "seeds", "templates", "static"] {
        copy_tree(&from.join(part), &dir.path().join(part));
    }
    if name == "example" {
        copy_tree(&repo().join("themes"), &dir.path().join("themes"));
    }
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_file() {
        std::fs::copy(from, to).expect("copy file");
        return;
    }
    if !from.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

pub fn carepages(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carepages"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run carepages")
}

/// Runs `carepages build --today TODAY` in `dir`, asserting it succeeds.
pub fn build_ok(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build", "--today", TODAY];
    args.extend_from_slice(extra);
    let out = carepages(dir, &args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "build failed:\n{stderr}\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

/// Replaces the first `from` in the site's `file` by `to`, checking it is there.
pub fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = read(&path);
    assert!(text.contains(from), "{file} contains {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The `<main>` element of a built page: what the reader came for, without the header and
/// footer that every page shares.
pub fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    html[start..end].to_owned()
}

/// Visible text of an HTML fragment as a reader meets it: tags removed, a space between
/// blocks (but not around inline elements), whitespace folded.
pub fn text_of(html: &str) -> String {
    const BLOCKS: [&str; 26] = [
        "p",
        "div",
        "li",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "tr",
        "section",
        "figcaption",
        "blockquote",
        "br",
        "caption",
        "ul",
        "ol",
        "dl",
        "table",
        "figure",
        "nav",
        "main",
    ];
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start + 1..end.saturating_sub(1)];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if BLOCKS.contains(&name.as_str()) {
            text.push(' ');
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every page of a built site, by a snapshot name made from its path (`home`,
/// `services__urgent-care`), with its `<main>`.
pub fn pages_main(public: &Path) -> Vec<(String, String)> {
    snapshot_tree(public)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            let name = path
                .trim_end_matches("index.html")
                .trim_end_matches('/')
                .replace('/', "__");
            let name = if name.is_empty() {
                "home".to_owned()
            } else {
                name
            };
            (name, main_of(&String::from_utf8(bytes).unwrap()))
        })
        .collect()
}

/// Every file below `dir` with its bytes, sorted by path.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            files.push((rel, std::fs::read(entry.path()).unwrap()));
        }
    }
    files
}
