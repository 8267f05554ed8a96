//! The preview is a build: after every kind of edit a writer makes, the files the preview
//! serves (brought up to date by re-rendering only what the edit touches) are byte for byte
//! the files a fresh `carepages build` of the same sources writes. Edits follow one another
//! on one preview, as in a writing session, on the showcase fixture and the example site.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use carepages::preview::{self, Files};
use common::{TODAY, build_ok, read, repo, site, snapshot_tree};

/// An edit a writer makes: what it is called, and what it does to the site's files,
/// returning the files it saved, deleted or created (relative to the site's folder), as the
/// file watcher reports them.
type Edit = (&'static str, fn(&Path) -> Vec<PathBuf>);

const EDITS: [Edit; 15] = [
    ("a service's summary", edit_summary),
    ("a service's title", edit_title),
    ("a reviewed date", edit_reviewed),
    ("an old address (alias) added", add_alias),
    ("an action's status", edit_status),
    ("an update added to an action", add_update),
    ("a service page added", add_page),
    ("a service page deleted", delete_page),
    ("a service page renamed", rename_page),
    (
        "a rated page renamed, keeping its old id",
        rename_keeping_id,
    ),
    ("a rating in a seed", edit_rating),
    ("the home page", edit_home),
    ("the site's title in carepages.yaml", edit_config_title),
    ("a template", edit_template),
    ("a static file added", add_static_file),
];

fn service_pages(root: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("content/services"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    pages
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap().to_owned()
}

/// Rewrites the first service page (in name order) for which `change` gives new text.
fn rewrite_a_page(root: &Path, change: impl Fn(&str) -> Option<String>) -> Vec<PathBuf> {
    for page in service_pages(root) {
        if let Some(text) = change(&read(&page)) {
            std::fs::write(&page, text).unwrap();
            return vec![relative(root, &page)];
        }
    }
    panic!("no service page to edit");
}

/// Replaces the first line for which `change` gives a new one.
fn change_line(text: &str, change: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut done = false;
    let lines: Vec<String> = text
        .split_inclusive('\n')
        .map(|line| match (done, change(line)) {
            (false, Some(new)) => {
                done = true;
                new
            }
            _ => line.to_owned(),
        })
        .collect();
    done.then(|| lines.concat())
}

fn edit_summary(root: &Path) -> Vec<PathBuf> {
    rewrite_a_page(root, |text| {
        change_line(text, |line| {
            let rest = line.strip_prefix("summary:")?;
            Some(if rest.trim() == "|" {
                format!("{line}  Families can ask us about this service at any time.\n\n")
            } else {
                format!("summary: Families can ask us about this service.{rest}")
            })
        })
    })
}

fn edit_title(root: &Path) -> Vec<PathBuf> {
    rewrite_a_page(root, |text| {
        change_line(text, |line| {
            let title = line.strip_prefix("title: ")?;
            Some(format!("title: Renamed {title}"))
        })
    })
}

fn edit_reviewed(root: &Path) -> Vec<PathBuf> {
    rewrite_a_page(root, |text| {
        change_line(text, |line| {
            line.starts_with("reviewed:")
                .then(|| "reviewed: 2026-11-20\n".to_owned())
        })
        .or_else(|| {
            text.strip_prefix("---\n")
                .map(|rest| format!("---\nreviewed: 2026-11-20\n{rest}"))
        })
    })
}

fn add_alias(root: &Path) -> Vec<PathBuf> {
    rewrite_a_page(root, |text| {
        (!text.contains("aliases:"))
            .then(|| {
                text.strip_prefix("---\n")
                    .map(|rest| format!("---\naliases: [old-service-name]\n{rest}"))
            })
            .flatten()
    })
}

fn edit_status(root: &Path) -> Vec<PathBuf> {
    rewrite_a_page(root, |text| {
        change_line(text, |line| {
            line.trim_start()
                .starts_with("status: in-progress")
                .then(|| line.replace("in-progress", "done"))
        })
    })
}

fn add_update(root: &Path) -> Vec<PathBuf> {
    rewrite_a_page(root, |text| {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let at = (0..lines.len()).find(|&i| {
            lines[i].trim_start().starts_with("status: ")
                && !lines
                    .get(i + 1)
                    .is_some_and(|next| next.trim_start().starts_with("updates:"))
        })?;
        let indent = &lines[at][..lines[at].len() - lines[at].trim_start().len()];
        let update = format!(
            "{indent}updates:\n{indent}  - {{ date: 2026-11-15, text: Two more staff joined the team. }}\n"
        );
        Some(
            [
                &lines[..=at].concat(),
                update.as_str(),
                &lines[at + 1..].concat(),
            ]
            .concat(),
        )
    })
}

fn add_page(root: &Path) -> Vec<PathBuf> {
    let path = root.join("content/services/speech-and-language-therapy.md");
    std::fs::write(
        &path,
        "---\ntitle: Speech and language therapy\nsummary: Help with talking, eating and drinking.\nreviewed: 2026-11-01\n---\nWe see children and adults.\n",
    )
    .unwrap();
    vec![relative(root, &path)]
}

fn delete_page(root: &Path) -> Vec<PathBuf> {
    let page = service_pages(root).pop().unwrap();
    std::fs::remove_file(&page).unwrap();
    vec![relative(root, &page)]
}

fn rename_page(root: &Path) -> Vec<PathBuf> {
    // The second page: the example's first quotes a passage only its own id may quote.
    let from = service_pages(root).remove(1);
    let to = from.with_file_name("renamed-service.md");
    std::fs::rename(&from, &to).unwrap();
    vec![relative(root, &from), relative(root, &to)]
}

fn rename_keeping_id(root: &Path) -> Vec<PathBuf> {
    // The first page: its ratings follow it under its old id, given as an alias.
    let from = service_pages(root).remove(0);
    let old = from.file_stem().unwrap().to_str().unwrap().to_owned();
    let to = from.with_file_name("a-new-name.md");
    let text = read(&from);
    let text = match text.strip_prefix("---\n") {
        Some(rest) if !text.contains("aliases:") => format!("---\naliases: [{old}]\n{rest}"),
        _ => text.replacen("aliases: [", &format!("aliases: [{old}, "), 1),
    };
    std::fs::remove_file(&from).unwrap();
    std::fs::write(&to, text).unwrap();
    vec![relative(root, &from), relative(root, &to)]
}

fn edit_rating(root: &Path) -> Vec<PathBuf> {
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root.join("seeds/inspections"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    let seed = seeds.pop().unwrap();
    let text = change_line(&read(&seed), |line| {
        let (before, rating) = line.split_once("overall: ")?;
        let new = if rating.starts_with("good") {
            "requires-improvement"
        } else {
            "good"
        };
        let rest = rating.trim_start_matches(|c: char| c.is_ascii_lowercase() || c == '-');
        Some(format!("{before}overall: {new}{rest}"))
    })
    .expect("a seed with an overall rating");
    std::fs::write(&seed, text).unwrap();
    vec![relative(root, &seed)]
}

fn edit_home(root: &Path) -> Vec<PathBuf> {
    let home = root.join("content/_index.md");
    let text = read(&home);
    std::fs::write(
        &home,
        format!("{text}\nWe publish our progress every month.\n"),
    )
    .unwrap();
    vec![relative(root, &home)]
}

fn edit_config_title(root: &Path) -> Vec<PathBuf> {
    let config = root.join("carepages.yaml");
    let text = change_line(&read(&config), |line| {
        let title = line.strip_prefix("title: ")?;
        Some(format!("title: Our {title}"))
    })
    .unwrap();
    std::fs::write(&config, text).unwrap();
    vec![relative(root, &config)]
}

fn edit_template(root: &Path) -> Vec<PathBuf> {
    // The site's own copy of the theme if it has one, else an override of the built-in one.
    let in_theme = root.join("themes/default/templates/page.html");
    let path = if in_theme.is_file() {
        in_theme
    } else {
        std::fs::create_dir_all(root.join("templates")).unwrap();
        root.join("templates/page.html")
    };
    let text = read(&repo().join("themes/default/templates/page.html"));
    assert!(text.contains("<div class=\"body\">"));
    std::fs::write(
        &path,
        text.replace(
            "<div class=\"body\">",
            "<div class=\"body\">\n<p>Updated this month.</p>",
        ),
    )
    .unwrap();
    vec![relative(root, &path)]
}

fn add_static_file(root: &Path) -> Vec<PathBuf> {
    let dir = root.join("static/leaflets");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("easy-read.txt"), "An easy read leaflet.\n").unwrap();
    vec![PathBuf::from("static/leaflets/easy-read.txt")]
}

/// The files of a fresh `carepages build` of `root`, without the build's manifest.
fn fresh_build(root: &Path) -> Files {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    build_ok(root, &["--output", output.to_str().unwrap()]);
    snapshot_tree(&output)
        .into_iter()
        .filter(|(path, _)| path != ".carepages-build.json")
        .map(|(path, bytes)| (path, std::sync::Arc::new(bytes)))
        .collect()
}

/// Which files differ between the preview and a build, for the failure message.
fn differences(preview: &Files, build: &Files) -> Vec<String> {
    let paths: BTreeSet<&String> = preview.keys().chain(build.keys()).collect();
    paths
        .into_iter()
        .filter_map(|path| match (preview.get(path), build.get(path)) {
            (Some(a), Some(b)) if a == b => None,
            (Some(_), Some(_)) => Some(format!("{path} differs")),
            (Some(_), None) => Some(format!("{path} is only in the preview")),
            (None, _) => Some(format!("{path} is missing from the preview")),
        })
        .collect()
}

fn every_edit_leaves_the_preview_equal_to_a_build(name: &str) {
    every_edit_leaves_the_preview_equal_to_a_build_with(name, "");
}

/// As above, with `settings` added to the site's carepages.yaml.
fn every_edit_leaves_the_preview_equal_to_a_build_with(name: &str, settings: &str) {
    let site = site(name);
    let root = site.path();
    let config = root.join("carepages.yaml");
    std::fs::write(&config, format!("{}{settings}", read(&config))).unwrap();
    let today = carepages::resolve_today(Some(TODAY), None).unwrap();
    let (first, mut files) = preview::build_in_memory(root, today).unwrap();
    let mut current = Some(first);
    assert!(differences(&files, &fresh_build(root)).is_empty());
    for (what, edit) in EDITS {
        let changed = edit(root);
        let change = preview::apply(root, today, &mut current, &changed, &|path| {
            files.contains_key(path)
        })
        .unwrap_or_else(|e| panic!("{name}, after editing {what}: the preview failed:\n{e}"));
        change.apply_to(&mut files);
        let differ = differences(&files, &fresh_build(root));
        assert!(
            differ.is_empty(),
            "{name}, after editing {what} ({changed:?}), the preview is not the build:\n{}",
            differ.join("\n")
        );
    }
}

#[test]
fn the_showcase_preview_equals_a_build_after_every_kind_of_edit() {
    every_edit_leaves_the_preview_equal_to_a_build("showcase");
}

#[test]
fn the_example_preview_equals_a_build_after_every_kind_of_edit() {
    every_edit_leaves_the_preview_equal_to_a_build("example");
}

/// The content editor's configuration lists the services: it follows every page added,
/// renamed or given an old id, in the preview as in a build.
#[test]
fn the_preview_with_the_content_editor_equals_a_build_after_every_kind_of_edit() {
    every_edit_leaves_the_preview_equal_to_a_build_with(
        "showcase",
        "cms: { backend: github, repo: example-trust/ratings }\n",
    );
}

/// Service-page edits are the preview's fast path, where files are re-rendered selectively:
/// each must change what a reader sees, or the comparison above proves nothing.
#[test]
fn each_service_page_edit_changes_what_the_build_shows() {
    let site = site("showcase");
    let root = site.path();
    let mut before = fresh_build(root);
    for (what, edit) in &EDITS[..9] {
        edit(root);
        let after = fresh_build(root);
        assert!(
            !differences(&before, &after).is_empty(),
            "editing {what} changed nothing"
        );
        before = after;
    }
}

/// A site just under one page of the ratings grid: pages added make a second grid page, in
/// the preview as in a build, and deleting them takes it away again.
#[test]
fn grid_pages_come_and_go_in_the_preview_as_in_a_build() {
    let site = site("showcase");
    let root = site.path();
    let services = root.join("content/services");
    let write = |n: usize| {
        let path = services.join(format!("clinic-{n:03}.md"));
        std::fs::write(
            &path,
            format!("---\ntitle: Clinic {n}\nsummary: Clinic number {n}.\n---\n"),
        )
        .unwrap();
        relative(root, &path)
    };
    let existing = service_pages(root).len();
    for n in existing..498 {
        write(n);
    }
    let today = carepages::resolve_today(Some(TODAY), None).unwrap();
    let (first, mut files) = preview::build_in_memory(root, today).unwrap();
    let mut current = Some(first);
    let added: Vec<PathBuf> = (498..505).map(write).collect();
    let removed: Vec<PathBuf> = added.clone();
    for (what, changed) in [("added", added), ("deleted", removed)] {
        if what == "deleted" {
            for path in &changed {
                std::fs::remove_file(root.join(path)).unwrap();
            }
        }
        let change = preview::apply(root, today, &mut current, &changed, &|path| {
            files.contains_key(path)
        })
        .unwrap();
        change.apply_to(&mut files);
        assert_eq!(
            files.contains_key("services/page/2/index.html"),
            what == "added",
            "pages {what}"
        );
        let differ = differences(&files, &fresh_build(root));
        assert!(differ.is_empty(), "pages {what}:\n{}", differ.join("\n"));
    }
}

/// A save the build refuses, then the save that fixes it: the preview shows the problem
/// exactly when a build would fail, and after the fix equals the build again, however the
/// problem was made (in the saved page, or in a page the save did not touch).
#[test]
fn mistakes_and_their_fixes_leave_the_preview_equal_to_a_build() {
    type Step = (&'static str, fn(&Path) -> Vec<PathBuf>, bool);
    fn page(root: &Path, id: &str) -> PathBuf {
        root.join(format!("content/services/{id}.md"))
    }
    fn append(root: &Path, id: &str, text: &str) -> Vec<PathBuf> {
        let path = page(root, id);
        let old = read(&path);
        std::fs::write(&path, format!("{old}\n{text}\n")).unwrap();
        vec![relative(root, &path)]
    }
    fn retitle(root: &Path, id: &str, title: &str) -> Vec<PathBuf> {
        let path = page(root, id);
        let text = change_line(&read(&path), |line| {
            line.starts_with("title: ")
                .then(|| format!("title: {title}\n"))
        })
        .unwrap();
        std::fs::write(&path, text).unwrap();
        vec![relative(root, &path)]
    }
    fn unappend(root: &Path, id: &str, text: &str) -> Vec<PathBuf> {
        let path = page(root, id);
        std::fs::write(&path, read(&path).replace(&format!("\n{text}\n"), "")).unwrap();
        vec![relative(root, &path)]
    }
    const BROKEN: &str = "See [our feet page](/ratings/services/feet/).";
    const VISITING: &str =
        "See [when we visit](/ratings/services/district-nursing/#visiting-times).";
    const ANCHOR: &str = "See [the waiting times](/ratings/waiting-times/#no-such-heading).";
    let steps: [Step; 15] = [
        (
            "a new title and a broken link",
            |r| {
                let mut c = retitle(r, "podiatry", "Aaa podiatry");
                c.extend(append(r, "podiatry", BROKEN));
                c
            },
            false,
        ),
        ("the link fixed", |r| unappend(r, "podiatry", BROKEN), true),
        (
            "a link to an anchor that is not there",
            |r| append(r, "podiatry", ANCHOR),
            false,
        ),
        (
            "the anchor link taken out",
            |r| unappend(r, "podiatry", ANCHOR),
            true,
        ),
        (
            "a link from one page to another",
            |r| {
                append(
                    r,
                    "podiatry",
                    "See [the memory clinic](/ratings/services/memory-clinic/).",
                )
            },
            true,
        ),
        (
            "the page linked to deleted",
            |r| {
                std::fs::remove_file(page(r, "memory-clinic")).unwrap();
                vec![PathBuf::from("content/services/memory-clinic.md")]
            },
            false,
        ),
        (
            "the link taken out",
            |r| {
                unappend(
                    r,
                    "podiatry",
                    "See [the memory clinic](/ratings/services/memory-clinic/).",
                )
            },
            true,
        ),
        (
            "a heading on one page",
            |r| {
                append(
                    r,
                    "district-nursing",
                    "## Visiting times\n\nWe visit you at home.",
                )
            },
            true,
        ),
        (
            "a link to that heading from another page",
            |r| append(r, "podiatry", VISITING),
            true,
        ),
        (
            "the heading renamed, so the link leads nowhere",
            |r| {
                let path = page(r, "district-nursing");
                std::fs::write(
                    &path,
                    read(&path).replace("## Visiting times", "## Opening times"),
                )
                .unwrap();
                vec![relative(r, &path)]
            },
            false,
        ),
        (
            "the link taken out",
            |r| unappend(r, "podiatry", VISITING),
            true,
        ),
        (
            "another page's front matter broken",
            |r| retitle(r, "district-nursing", "[District"),
            false,
        ),
        (
            "a third page edited while that one is broken",
            |r| retitle(r, "wheelchair-service", "Wheelchairs"),
            false,
        ),
        (
            "the broken page fixed",
            |r| retitle(r, "district-nursing", "District nursing"),
            true,
        ),
        (
            "two new pages with one id in one save",
            |r| {
                let mut saved = Vec::new();
                for folder in ["north", "south"] {
                    let dir = r.join("content/services").join(folder);
                    std::fs::create_dir_all(&dir).unwrap();
                    std::fs::write(
                        dir.join("eye-clinic.md"),
                        "---\ntitle: Eye clinic\nsummary: Eyes.\n---\n",
                    )
                    .unwrap();
                    saved.push(PathBuf::from(format!(
                        "content/services/{folder}/eye-clinic.md"
                    )));
                }
                saved
            },
            false,
        ),
    ];
    let site = site("showcase");
    let root = site.path();
    let today = carepages::resolve_today(Some(TODAY), None).unwrap();
    let (first, mut files) = preview::build_in_memory(root, today).unwrap();
    let mut current = Some(first);
    for (what, step, builds) in steps {
        let changed = step(root);
        let applied = preview::apply(root, today, &mut current, &changed, &|path| {
            files.contains_key(path)
        });
        let out = tempfile::tempdir().unwrap();
        let built = common::carepages(
            root,
            &[
                "build",
                "--today",
                TODAY,
                "--output",
                out.path().join("s").to_str().unwrap(),
            ],
        );
        assert_eq!(built.status.success(), builds, "{what}: the build");
        match applied {
            Ok(change) => {
                assert!(
                    builds,
                    "{what}: the preview showed no problem, but the build fails:\n{}",
                    String::from_utf8_lossy(&built.stderr)
                );
                change.apply_to(&mut files);
                let differ = differences(&files, &fresh_build(root));
                assert!(differ.is_empty(), "after {what}:\n{}", differ.join("\n"));
            }
            Err(problems) => assert!(
                !builds,
                "{what}: the preview failed, but the build works:\n{problems}"
            ),
        }
    }
}

/// A service page that is a link to a file in the site shows in the preview as in a build.
#[cfg(unix)]
#[test]
fn a_linked_service_page_shows_in_the_preview_as_in_a_build() {
    let site = site("showcase");
    let root = site.path();
    let today = carepages::resolve_today(Some(TODAY), None).unwrap();
    let (first, mut files) = preview::build_in_memory(root, today).unwrap();
    let mut current = Some(first);
    let drafts = root.join("drafts");
    std::fs::create_dir(&drafts).unwrap();
    std::fs::write(
        drafts.join("eye.md"),
        "---\ntitle: Eye clinic\nsummary: Eyes.\n---\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        drafts.join("eye.md"),
        root.join("content/services/eye-clinic.md"),
    )
    .unwrap();
    let changed = vec![PathBuf::from("content/services/eye-clinic.md")];
    preview::apply(root, today, &mut current, &changed, &|p| {
        files.contains_key(p)
    })
    .unwrap()
    .apply_to(&mut files);
    let differ = differences(&files, &fresh_build(root));
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
