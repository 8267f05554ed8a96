//! The communications team's workflow: drafts stay out of the published site until they are
//! ready, and a report stays out until its publication date, as regulators embargo them.

mod common;

use std::path::Path;

use common::*;

/// Builds as of `today`, asserting it succeeds.
fn build_on(dir: &Path, today: &str) {
    let out = carepages(dir, &["build", "--today", today]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn page_text(site: &Path, page: &str) -> String {
    text_of(&main_of(&read(&site.join("public").join(page))))
}

#[test]
fn a_draft_is_left_out_everywhere_until_it_is_ready() {
    let site = site("showcase");
    let dir = site.path();
    edit(
        dir,
        "content/services/podiatry.md",
        "title: Podiatry\n",
        "title: Podiatry\ndraft: true\n",
    );
    edit(
        dir,
        "content/waiting-times.md",
        "title:",
        "draft: true\ntitle:",
    );
    build_ok(dir, &[]);
    let public = dir.join("public");
    assert!(!public.join("services/podiatry").exists());
    assert!(!public.join("waiting-times").exists());
    assert!(!public.join("badges/podiatry.svg").exists());
    for file in [
        "index.html",
        "sitemap.xml",
        "ratings.json",
        "feed.xml",
        "embed/index.html",
    ] {
        let text = read(&public.join(file));
        assert!(!text.contains("podiatry"), "podiatry in {file}");
        assert!(!text.contains("waiting-times"), "waiting-times in {file}");
    }

    // A link to a draft is named as one, with what to do.
    let nursing = dir.join("content/services/district-nursing.md");
    std::fs::write(
        &nursing,
        read(&nursing) + "\nSee [podiatry](../podiatry/).\n",
    )
    .unwrap();
    let out = carepages(dir, &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: the link `../podiatry/` is broken: it goes to `content/services/podiatry.md`, a draft, which the published site leaves out"),
        "{stderr}"
    );

    // A staging build shows the drafts, each saying so, and asks search engines to keep away.
    build_ok(dir, &["--drafts"]);
    let html = read(&public.join("services/podiatry/index.html"));
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(
        text_of(&html).contains("Draft. This page is marked draft: true: the published site leaves it out until that line is removed."),
        "{html}"
    );
    assert!(!read(&public.join("services/urgent-care/index.html")).contains("Draft."));

    // And `check` says what the published site leaves out.
    std::fs::write(
        &nursing,
        read(&nursing).replace("\nSee [podiatry](../podiatry/).\n", ""),
    )
    .unwrap();
    let out = carepages(dir, &["check", "--today", TODAY]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("content/services/podiatry.md:3:1: note: this page is a draft: the published site leaves it out"),
        "{stdout}"
    );
}

#[test]
fn a_report_is_held_back_until_its_publication_date() {
    let site = site("showcase");
    let dir = site.path();
    std::fs::write(
        dir.join("seeds/inspections/report-2031.yaml"),
        "regulator: Care Quality Commission\nprovider: Example Community NHS Trust\n\
         visited: { from: 2030-11 }\npublished: 2031-01-20\n\
         services:\n  district-nursing: { overall: outstanding }\n\
         passages:\n  - text: Every patient we spoke to praised the district nurses.\n",
    )
    .unwrap();
    edit(
        dir,
        "content/services/district-nursing.md",
        "findings:\n",
        "findings:\n  - kind: strength\n    text: Every patient we spoke to praised the district nurses.\n    source: report-2031\n",
    );

    // The day before: the earlier rating stands, the quotation waits, the feed says nothing.
    build_on(dir, "2031-01-19");
    let page = page_text(dir, "services/district-nursing/index.html");
    assert!(page.contains("Overall: Good Rated 20 May 2020"), "{page}");
    assert!(!page.contains("praised the district nurses"), "{page}");
    assert!(!page.contains("Embargoed"), "{page}");
    assert!(!read(&dir.join("public/feed.xml")).contains("report-2031"));
    assert!(!read(&dir.join("public/ratings.json")).contains("2031"));
    let out = carepages(dir, &["check", "--today", "2031-01-19"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("seeds/inspections/report-2031.yaml:4:1: note: this report is embargoed until 20 January 2031: the site leaves out its ratings, and quotations from it, until a build on that day"),
        "{stdout}"
    );
    assert!(
        stdout.contains("content/services/district-nursing.md:7:1: note: what this page quotes from `report-2031` is left out until the report is published on 20 January 2031"),
        "{stdout}"
    );

    // On the day, the daily rebuild publishes it.
    build_on(dir, "2031-01-20");
    let page = page_text(dir, "services/district-nursing/index.html");
    assert!(
        page.contains("Overall: Outstanding Rated 20 January 2031"),
        "{page}"
    );
    assert!(
        page.contains("Every patient we spoke to praised the district nurses."),
        "{page}"
    );
    assert!(read(&dir.join("public/feed.xml")).contains("report-2031"));
}

/// What an embargo must not let through: a misquotation found only on the day (the daily
/// build would fail when the ratings must go out), and the page's own words giving the new
/// rating early. And an alias may not take a draft's address.
#[test]
fn an_embargo_is_checked_now_and_kept_in_the_page_s_words() {
    let site = site("showcase");
    let dir = site.path();
    std::fs::write(
        dir.join("seeds/inspections/report-2031.yaml"),
        "regulator: Care Quality Commission\nprovider: Example Community NHS Trust\n\
         published: 2031-01-20\nservices:\n  district-nursing: { overall: outstanding }\n\
         passages:\n  - text: Every patient we spoke to praised the district nurses.\n",
    )
    .unwrap();
    let out = carepages(dir, &["build", "--today", "2031-01-19"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("note: this report is embargoed until 20 January 2031"),
        "every build says what it holds back: {stderr}"
    );

    edit(
        dir,
        "content/services/district-nursing.md",
        "findings:\n",
        "findings:\n  - kind: strength\n    text: Every patient we spoke to praised the nurses.\n    source: report-2031\n",
    );
    edit(
        dir,
        "content/services/district-nursing.md",
        "Inspectors rated the service **good**.",
        "Inspectors rated the service **outstanding**.",
    );
    edit(
        dir,
        "content/services/podiatry.md",
        "title: Podiatry\n",
        "title: Podiatry\naliases: [memory-clinic]\n",
    );
    edit(
        dir,
        "content/services/memory-clinic.md",
        "title: Memory clinic\n",
        "title: Memory clinic\ndraft: true\n",
    );
    let out = carepages(dir, &["build", "--today", "2031-01-19"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for expected in [
        "error: the finding quotes `seeds/inspections/report-2031.yaml` (passage 1), but these words are not in it",
        "error: the page says “rated the service outstanding”, the rating the report `report-2031` gives, which is held back until 20 January 2031: publishing these words now would break its embargo",
        "error: the alias `memory-clinic` is the id of a draft page, `content/services/memory-clinic.md`",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
}
