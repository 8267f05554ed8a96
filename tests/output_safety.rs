//! Nothing a writer has is ever lost: a build replaces only a folder it wrote itself (or an
//! empty one), never the sources, one build at a time, through no symlink, and a killed build
//! leaves the output either the old site or the new one, whole.

mod common;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{TODAY, build_ok, carepages, site, snapshot_tree};

/// Every file below `dir`, with its bytes, as one number: two trees are the same site when
/// their fingerprints are equal.
fn fingerprint(dir: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    snapshot_tree(dir).hash(&mut hasher);
    hasher.finish()
}

/// Every file below `dir` (the site and whatever sits beside it), for proving nothing moved.
fn everything(dir: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot_tree(dir)
}

/// Runs `carepages build --today TODAY` with `extra` in `dir`, asserting it exits with
/// `code`; returns what it said.
fn build_fails(dir: &Path, extra: &[&str], code: i32) -> String {
    let mut args = vec!["build", "--today", TODAY];
    args.extend_from_slice(extra);
    let out = carepages(dir, &args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(code), "{err}");
    err
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The names beside the output that builds make (lock, staging and previous sites).
fn beside(parent: &Path, name: &str) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.")))
        .collect()
}

#[test]
fn an_output_folder_holding_the_sources_is_refused_even_with_force() {
    let site = site("showcase");
    let root = site.path();
    std::fs::create_dir(root.join("static")).unwrap();
    std::fs::write(root.join("static/leaflet.pdf"), "a leaflet").unwrap();
    let before = everything(root);
    // (output, what the message must say)
    let cases = [
        ("content", "`content` is the site's pages (content/)"),
        ("content/services", "is inside the site's pages (content/)"),
        ("seeds/../content", "is the site's pages (content/)"),
        ("seeds", "is the site's reports and statements (seeds/)"),
        ("static", "is the site's own files (static/)"),
        // Sources that do not exist yet are protected all the same.
        ("templates", "is the site's templates (templates/)"),
        ("themes/mine", "is inside the site's themes (themes/)"),
        ("carepages.yaml", "is the site's settings (carepages.yaml)"),
        (".", "is the site's own folder"),
        ("content/..", "is the site's own folder"),
        ("..", "holds the site's own folder"),
        ("/", "is the root of the filesystem"),
    ];
    for (output, says) in cases {
        for force in [false, true] {
            let mut args = vec!["build", "--today", TODAY, "--output", output];
            if force {
                args.push("--force");
            }
            let out = carepages(root, &args);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "--output {output}: {err}");
            assert!(err.contains(says), "--output {output}: {err}");
            assert!(err.contains("even with --force"), "{err}");
            assert!(err.contains("Fix: build into a folder of its own"), "{err}");
        }
    }
    assert!(
        everything(root) == before,
        "a refused build changed the site"
    );
}

#[test]
fn the_home_folder_and_the_working_folder_are_never_an_output() {
    let home = tempfile::tempdir().unwrap();
    let site = site("showcase");
    std::fs::write(home.path().join("letter.txt"), "to a relative").unwrap();
    let working = tempfile::tempdir().unwrap();
    std::fs::write(working.path().join("draft.txt"), "mine").unwrap();
    for (output, dir, says) in [
        (home.path(), site.path(), "is your home folder"),
        (
            working.path(),
            working.path(),
            "is the folder you are working in",
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_carepages"))
            .args(["build", "--force", "--today", TODAY, "--root"])
            .arg(site.path())
            .arg("--output")
            .arg(output)
            .current_dir(dir)
            .env("HOME", home.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
    }
    assert!(home.path().join("letter.txt").is_file());
    assert!(working.path().join("draft.txt").is_file());
}

#[test]
fn a_folder_carepages_did_not_build_is_refused_and_kept_until_force() {
    let site = site("showcase");
    let docs = site.path().join("docs");
    std::fs::create_dir_all(docs.join("minutes")).unwrap();
    for name in ["index.md", "CNAME", "minutes/2026-10.md"] {
        std::fs::write(docs.join(name), name).unwrap();
    }
    let before = snapshot_tree(&docs);
    let err = build_fails(site.path(), &["--output", "docs"], 2);
    assert!(
        err.contains("`docs` is not a folder carepages built. It holds `CNAME`, `index.md` and `minutes/2026-10.md`."),
        "{err}"
    );
    assert!(err.contains("build again with --force"), "{err}");
    assert!(snapshot_tree(&docs) == before, "the writer's files survive");
    assert!(beside(site.path(), "docs").is_empty());

    // --force replaces it, and from then on it is carepages' own.
    build_ok(site.path(), &["--output", "docs", "--force"]);
    assert!(docs.join("index.html").is_file() && !docs.join("index.md").exists());
    build_ok(site.path(), &["--output", "docs"]);
}

#[test]
fn a_file_added_to_a_built_site_is_kept_and_named() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    std::fs::write(public.join("google1234.html"), "verification").unwrap();
    std::fs::create_dir(public.join("papers")).unwrap();
    std::fs::write(public.join("papers/board.pdf"), "board papers").unwrap();
    let before = snapshot_tree(&public);
    let err = build_fails(site.path(), &[], 2);
    assert!(
        err.contains("was built by carepages, but it now also holds `google1234.html` and `papers/board.pdf` that no build wrote"),
        "{err}"
    );
    assert!(
        err.contains("static/"),
        "the fix says where such files go: {err}"
    );
    assert!(snapshot_tree(&public) == before);
}

#[test]
fn an_empty_folder_a_missing_one_and_a_file_in_the_way() {
    let site = site("showcase");
    std::fs::create_dir_all(site.path().join("empty/with/empty-folders")).unwrap();
    build_ok(site.path(), &["--output", "empty"]);
    build_ok(site.path(), &["--output", "new/deeper/site"]);
    assert!(site.path().join("new/deeper/site/index.html").is_file());

    std::fs::write(site.path().join("notes"), "a file").unwrap();
    for output in ["notes", "notes/site"] {
        let out = carepages(
            site.path(),
            &["build", "--today", TODAY, "--force", "--output", output],
        );
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(stderr(&out).contains("not a folder"), "{}", stderr(&out));
    }
    assert_eq!(common::read(&site.path().join("notes")), "a file");
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_is_built_into_its_target_and_stays_a_link() {
    let site = site("showcase");
    let web = tempfile::tempdir().unwrap();
    let html = web.path().join("html");
    std::fs::create_dir_all(html.join("old")).unwrap();
    std::fs::write(html.join("old/page.html"), "the web team's page").unwrap();
    std::fs::write(web.path().join("other-site.conf"), "beside").unwrap();
    let public = site.path().join("public");
    std::os::unix::fs::symlink(&html, &public).unwrap();

    // The target has files carepages did not write: refused, all kept.
    let err = build_fails(site.path(), &[], 2);
    assert!(
        err.contains(&format!("(which is `{}`)", html.display())),
        "{err}"
    );
    assert!(err.contains("`old/page.html`"), "{err}");
    assert_eq!(
        common::read(&html.join("old/page.html")),
        "the web team's page"
    );
    assert!(public.is_symlink());

    // Once the target is empty, the site is built into it, atomically, and the link stays.
    std::fs::remove_dir_all(html.join("old")).unwrap();
    build_ok(site.path(), &[]);
    build_ok(site.path(), &[]);
    assert!(public.is_symlink(), "the link is still a link");
    assert!(html.join("services/urgent-care/index.html").is_file());
    assert_eq!(common::read(&web.path().join("other-site.conf")), "beside");
    assert!(beside(web.path(), "html").is_empty());
}

#[cfg(unix)]
#[test]
fn removing_a_previous_build_never_follows_a_link_inside_it() {
    let site = site("showcase");
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("precious.txt"), "keep me").unwrap();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    std::os::unix::fs::symlink(elsewhere.path(), public.join("services/linked")).unwrap();
    // The link is not carepages', so the folder is refused; with --force it is replaced, and
    // the link removed without touching what it points to.
    assert_eq!(
        carepages(site.path(), &["build", "--today", TODAY])
            .status
            .code(),
        Some(2)
    );
    build_ok(site.path(), &["--force"]);
    assert!(!public.join("services/linked").exists());
    assert_eq!(
        common::read(&elsewhere.path().join("precious.txt")),
        "keep me"
    );
}

#[test]
fn init_and_new_never_write_over_a_writers_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let out = carepages(dir.path(), &["init", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not empty: nothing was changed"));
    assert_eq!(common::read(&dir.path().join("notes.txt")), "mine");

    let site = site("showcase");
    let page = site.path().join("content/services/podiatry.md");
    let text = common::read(&page);
    let out = carepages(site.path(), &["new", "service", "Podiatry"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists: nothing was changed"));
    assert_eq!(common::read(&page), text);
}

/// A copy of the showcase site with `extra` generated service pages, for builds that take
/// long enough to overlap and to be killed midway. `version` changes every page's text.
fn large_site(dir: &Path, extra: usize) {
    common::copy_tree(&common::repo().join("tests/fixtures/showcase"), dir);
    set_version(dir, extra, "first");
}

fn set_version(dir: &Path, extra: usize, version: &str) {
    for n in 1..=extra {
        std::fs::write(
            dir.join(format!("content/services/generated-{n}.md")),
            format!(
                "---\ntitle: Generated service {n}\nsummary: Service {n} in its {version} version.\n---\nWhat service {n} does, {version} told.\n"
            ),
        )
        .unwrap();
    }
}

fn spawn_build(dir: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_carepages"))
        .args(["build", "--today", TODAY])
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A small generator of pseudo-random delays, seeded from the clock and printed, so a failing
/// trial can be rerun with `CAREPAGES_TEST_SEED`.
struct Delays(u64);

impl Delays {
    fn new() -> Delays {
        let seed = std::env::var("CAREPAGES_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
            });
        eprintln!("CAREPAGES_TEST_SEED={seed}");
        Delays(seed | 1)
    }

    /// A delay from zero up to `most`.
    fn up_to(&mut self, most: Duration) -> Duration {
        // xorshift64
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        most.mul_f64((self.0 % 10_000) as f64 / 10_000.0)
    }
}

const PAGES: usize = 3_000;

/// A folder for a large site: in memory where the system has one, since what these tests
/// prove does not depend on the disk, and a disk that has just deleted thousands of files
/// creates new ones slowly (minutes of a test run).
fn large_site_folder() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(shm)
    {
        return dir;
    }
    tempfile::tempdir().unwrap()
}

/// A whole build of each version of the large site, as fingerprints, and how long one takes.
fn reference_builds(dir: &Path) -> (u64, u64, Duration) {
    let mut prints = Vec::new();
    let mut took = Duration::ZERO;
    for version in ["second", "first"] {
        set_version(dir, PAGES, version);
        let started = Instant::now();
        build_ok(dir, &[]);
        took = took.max(started.elapsed());
        prints.push(fingerprint(&dir.join("public")));
    }
    assert_ne!(prints[0], prints[1]);
    (prints[1], prints[0], took)
}

#[test]
fn concurrent_builds_leave_a_whole_site_every_time() {
    let dir = large_site_folder();
    large_site(dir.path(), PAGES);
    let (first, second, took) = reference_builds(dir.path());
    let mut delays = Delays::new();
    for trial in 0..6 {
        let version = if trial % 2 == 0 { "second" } else { "first" };
        set_version(dir.path(), PAGES, version);
        let a = spawn_build(dir.path());
        // The second build starts while the first is running: 0.3 s after it, as users
        // saw, or at a random moment of it.
        let gap = if trial == 0 {
            Duration::from_millis(300)
        } else {
            delays.up_to(took)
        };
        std::thread::sleep(gap);
        let b = spawn_build(dir.path());
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "trial {trial}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let expected = if version == "second" { second } else { first };
        assert_eq!(
            fingerprint(&dir.path().join("public")),
            expected,
            "trial {trial} (second build {gap:?} after the first): public/ is not one whole build"
        );
        assert!(beside(dir.path(), "public").is_empty(), "trial {trial}");
    }
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let dir = large_site_folder();
    large_site(dir.path(), PAGES);
    let (first, second, took) = reference_builds(dir.path());
    let mut delays = Delays::new();
    let mut seen = std::collections::BTreeSet::new();
    for trial in 0..12 {
        let version = if trial % 2 == 0 { "second" } else { "first" };
        set_version(dir.path(), PAGES, version);
        let mut child = spawn_build(dir.path());
        // Most of a build is rendering; aim some trials at its end, where the swap is.
        let delay = if trial % 3 == 0 {
            took.mul_f64(0.8) + delays.up_to(took.mul_f64(0.4))
        } else {
            delays.up_to(took.mul_f64(1.2))
        };
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL: no chance to tidy up
        let _ = child.wait();
        let public = dir.path().join("public");
        let now = fingerprint(&public);
        assert!(
            now == first || now == second,
            "trial {trial}, killed after {delay:?}: public/ is neither the old site nor the new one"
        );
        seen.insert(now == second);
        // Whatever the kill left behind, the next build starts cleanly and tidies it.
        if trial % 4 == 3 {
            build_ok(dir.path(), &[]);
            let expected = if version == "second" { second } else { first };
            assert_eq!(fingerprint(&public), expected);
            assert!(beside(dir.path(), "public").is_empty(), "trial {trial}");
        }
    }
    eprintln!("states seen after kills (true = new site): {seen:?}");
}

#[test]
fn a_build_stopped_between_moving_the_old_site_aside_and_the_new_one_in_puts_it_back() {
    // Where the system cannot exchange two folders at once, a build moves the old site aside
    // and then the new one in. A kill between the two leaves no public/ and the old site
    // beside it: the state made here. The next build must put it back first, so that even
    // when that build fails, the last good site is there.
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let good = snapshot_tree(&public);
    let aside: PathBuf = site.path().join(".public.carepages-old-4242");
    std::fs::rename(&public, &aside).unwrap();
    let page = site.path().join("content/services/podiatry.md");
    let text = common::read(&page);
    std::fs::write(&page, text.replace("title:", "titel:")).unwrap();

    let err = build_fails(site.path(), &[], 1);
    assert!(err.contains("Put back the previous site"), "{err}");
    assert!(snapshot_tree(&public) == good, "the last good site is back");
    assert!(!aside.exists());

    std::fs::write(&page, text).unwrap();
    build_ok(site.path(), &[]);
    assert!(beside(site.path(), "public").is_empty());
}

#[test]
fn a_static_file_or_page_where_carepages_writes_its_own_file_is_an_error_and_changes_nothing() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let before = snapshot_tree(&public);
    std::fs::create_dir(site.path().join("static")).unwrap();
    std::fs::write(
        site.path().join("static/robots.txt"),
        "User-agent: *\nDisallow: /\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("content/embed.md"),
        "---\ntitle: Embed\n---\nOur own page.\n",
    )
    .unwrap();
    let err = build_fails(site.path(), &[], 1);
    assert!(
        err.contains("static/robots.txt") && err.contains("this would be published at `robots.txt`, where carepages publishes a file of its own"),
        "{err}"
    );
    assert!(
        err.contains("content/embed.md") && err.contains("published at `embed/index.html`"),
        "{err}"
    );
    assert!(
        snapshot_tree(&public) == before,
        "the live site is untouched"
    );
}

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_link_is_refused_and_its_target_kept() {
    let site = site("showcase");
    let elsewhere = tempfile::tempdir().unwrap();
    let precious = elsewhere.path().join("precious.txt");
    std::fs::write(&precious, "keep me").unwrap();
    std::os::unix::fs::symlink(&precious, site.path().join(".public.lock")).unwrap();
    let err = build_fails(site.path(), &[], 2);
    assert!(
        err.contains("is not a plain file") && err.contains("Fix: move it away"),
        "{err}"
    );
    assert_eq!(common::read(&precious), "keep me");
    assert!(site.path().join(".public.lock").is_symlink());
}

#[cfg(unix)]
#[test]
fn a_source_folder_reached_through_a_link_is_protected_as_written() {
    let site = site("showcase");
    let elsewhere = tempfile::tempdir().unwrap();
    let services = site.path().join("content/services");
    let moved = elsewhere.path().join("services");
    std::fs::rename(&services, &moved).unwrap();
    std::os::unix::fs::symlink(&moved, &services).unwrap();
    let out = carepages(
        site.path(),
        &[
            "build",
            "--today",
            TODAY,
            "--force",
            "--output",
            "content/services",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is inside the site's pages (content/)"));
    assert!(moved.join("podiatry.md").is_file());
}

#[test]
fn a_theme_named_by_a_path_is_refused() {
    let site = site("showcase");
    let config = site.path().join("carepages.yaml");
    let text = common::read(&config);
    std::fs::write(&config, format!("{text}theme: ../elsewhere\n")).unwrap();
    let err = build_fails(site.path(), &[], 1);
    assert!(
        err.contains("the theme `../elsewhere` is not the name of a folder in `themes/`"),
        "{err}"
    );
}

#[test]
fn folders_beside_the_output_that_a_build_did_not_make_are_left_alone() {
    let site = site("showcase");
    for name in [
        ".public.old-20240101",
        ".public.new-1",
        ".public.carepages-old-x",
    ] {
        let backup = site.path().join(name);
        std::fs::create_dir(&backup).unwrap();
        std::fs::write(backup.join("README"), "my backup").unwrap();
    }
    build_ok(site.path(), &[]);
    build_ok(site.path(), &[]);
    for name in [
        ".public.old-20240101",
        ".public.new-1",
        ".public.carepages-old-x",
    ] {
        assert_eq!(
            common::read(&site.path().join(name).join("README")),
            "my backup"
        );
    }
}

#[cfg(unix)]
#[test]
fn odd_files_in_the_output_are_never_taken_for_its_own() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    // A name that only looks like a page's path, where `\\` is not a folder separator.
    std::fs::write(public.join("services\\podiatry\\index.html"), "notes").unwrap();
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("services\\podiatry\\index.html"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(public.join("services\\podiatry\\index.html")).unwrap();

    // A manifest that is a pipe is not read (it would never end), and says why.
    let manifest = public.join(".carepages-build.json");
    std::fs::remove_file(&manifest).unwrap();
    let made = Command::new("mkfifo").arg(&manifest).status().unwrap();
    assert!(made.success());
    let err = build_fails(site.path(), &[], 2);
    assert!(
        err.contains("cannot be read (it is not a plain file)"),
        "{err}"
    );
}

#[test]
fn a_file_added_to_the_output_during_a_build_is_never_lost() {
    let dir = large_site_folder();
    large_site(dir.path(), PAGES);
    let (_, _, took) = reference_builds(dir.path());
    let mut delays = Delays::new();
    for trial in 0..4 {
        let child = spawn_build(dir.path());
        std::thread::sleep(delays.up_to(took));
        let name = format!("google{trial}.html");
        std::fs::write(dir.path().join("public").join(&name), "verification").unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        // Added before the check: the build is refused. After it: the file is kept aside.
        // After the new site is in: it is in the new site.
        let places: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.path().join(&name))
            .filter(|p| p.is_file())
            .collect();
        assert_eq!(
            places.len(),
            1,
            "trial {trial}: {name} is in {places:?}\n{err}"
        );
        let kept = places[0].parent().unwrap().to_owned();
        if kept.file_name().unwrap() != "public" {
            assert!(err.contains("they are not part of the new site"), "{err}");
            std::fs::remove_dir_all(kept).unwrap();
        } else {
            assert!(matches!(out.status.code(), Some(0 | 2)), "{err}");
            std::fs::remove_file(&places[0]).unwrap();
        }
    }
}
