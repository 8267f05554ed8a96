//! Building whole sites: the example trust site and the showcase fixture, checked as a reader
//! would see them, plus golden snapshots of each page's `<main>`.

mod common;

use common::*;
use std::path::Path;

#[test]
fn the_example_site_shows_the_trust_rating_and_the_inadequate_service_first() {
    let site = site("example");
    build_ok(site.path(), &[]);
    let home = text_of(&main_of(&read(&site.path().join("public/index.html"))));
    assert!(
        home.contains("Worcestershire Health and Care NHS Trust: Good"),
        "{home}"
    );
    let attention = home
        .split("Services that most need to improve")
        .nth(1)
        .expect("attention list");
    let attention = attention.split("Ratings for every service").next().unwrap();
    assert_eq!(
        attention.trim(),
        "Community mental health services for adults of working age Inadequate"
    );
}

#[test]
fn the_inadequate_service_page_has_every_section_a_family_needs() {
    let site = site("example");
    build_ok(site.path(), &[]);
    let page = read(
        &site
            .path()
            .join("public/services/community-mental-health-adults/index.html"),
    );
    let text = text_of(&main_of(&page));
    for expected in [
        // Dated by what the source states, the visits: no day nobody gave.
        "Overall: Inadequate Inspected September to October 2019",
        "The report rated this service only overall, not on the five key questions",
        "Inspection visits: September to October 2019",
        "What the ratings mean",
        "What this means for you",
        "What inspectors found",
        "Staff treated patients with compassion and kindness.",
        "as quoted in a local news report on the inspection",
        "Apology Sarah Dugan, Chief executive, apologised to patients who have had difficulty accessing this service:",
        "I would like to apologise to patients who have had difficulty accessing this service",
        "Source: their statement, as quoted in a local news report on the inspection.",
        "What is being done to improve",
        "Matthew Hall, Chief operating officer",
        "Status: In progress",
        "Rating history",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // The apology names its author once.
    let apology = text
        .split("Apology")
        .nth(1)
        .unwrap()
        .split("What is being done")
        .next()
        .unwrap();
    assert_eq!(apology.matches("Sarah Dugan").count(), 1, "{apology}");
    let whole = text_of(&page);
    assert!(whole.contains("Help and contact"));
    // The site has no contact details, so the help promises none.
    assert!(
        whole.contains(
            "ask Worcestershire Health and Care NHS Trust and tell them which page you need"
        ),
        "{whole}"
    );
    assert!(!whole.contains("contact details above"), "{whole}");
    let doc = scraper::Html::parse_document(&page);
    let title = doc
        .select(&scraper::Selector::parse("title").unwrap())
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert_eq!(
        title,
        "Community mental health services for adults of working age – Care Quality Commission ratings for Worcestershire Health and Care NHS Trust"
    );
}

/// Both examples say on every page that they are examples, not the provider's own site.
#[test]
fn every_page_of_both_examples_shows_the_notice() {
    let repo = repo();
    for (root, words) in [
        (repo.clone(), "made with carepages from a local news report"),
        (
            repo.join("examples/childrens-community-services"),
            "made with carepages from an extract of a Care Quality Commission inspection report",
        ),
    ] {
        let out = tempfile::tempdir().unwrap();
        let built = carepages(
            &root,
            &[
                "build",
                "--today",
                TODAY,
                "--output",
                out.path().to_str().unwrap(),
            ],
        );
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
        let mut pages = 0;
        for entry in walkdir::WalkDir::new(out.path()) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "html") {
                continue;
            }
            pages += 1;
            let html = read(entry.path());
            let doc = scraper::Html::parse_document(&html);
            let notice: Vec<String> = doc
                .select(&scraper::Selector::parse("aside.site-notice").unwrap())
                .map(|n| {
                    n.text()
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            assert_eq!(notice.len(), 1, "{}", entry.path().display());
            assert!(
                notice[0].starts_with("This is an example site"),
                "{notice:?}"
            );
            assert!(notice[0].contains(words), "{notice:?}");
        }
        assert!(pages >= 6, "{pages} pages in {}", root.display());
    }
}

#[test]
fn every_page_has_one_h1_a_skip_link_and_a_unique_title() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let mut titles = std::collections::BTreeSet::new();
    for (path, bytes) in snapshot_tree(&site.path().join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert_eq!(html.matches("<h1").count(), 1, "{path} has one h1");
        assert!(html.contains("<html lang=\"en-GB\">"), "{path} has lang");
        assert!(
            html.contains("<a class=\"skip-link\" href=\"#main\">"),
            "{path} has a skip link"
        );
        assert_eq!(
            html.matches("<script").count(),
            html.matches("<script type=\"application/ld+json\">")
                .count(),
            "{path} needs no JavaScript: its only script element is JSON-LD data"
        );
        let title = html
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap()
            .to_owned();
        assert!(
            titles.insert(title.clone()),
            "{path} repeats the title {title:?}"
        );
    }
}

#[test]
fn an_action_past_its_due_date_and_not_done_is_overdue() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let text = text_of(&read(
        &site.path().join("public/services/urgent-care/index.html"),
    ));
    assert!(
        text.contains(
            "Recruit four more nurses Status: Overdue (in progress, was due September 2020)"
        ),
        "{text}"
    );
    // Done on time stays done; a future due date is not overdue.
    assert!(text.contains("every 30 minutes Status: Done"), "{text}");
    assert!(
        text.contains("Open a second waiting room Status: Not started"),
        "{text}"
    );
}

#[test]
fn overdue_is_judged_against_the_build_date() {
    let site = site("showcase");
    // On 1 September 2020 the September deadline has not yet passed.
    let out = carepages(site.path(), &["build", "--today", "2020-09-01"]);
    assert!(out.status.success());
    let text = text_of(&read(
        &site.path().join("public/services/urgent-care/index.html"),
    ));
    assert!(
        text.contains("Recruit four more nurses Status: In progress"),
        "{text}"
    );
}

#[test]
fn source_date_epoch_sets_the_build_date() {
    let site = site("showcase");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_carepages"))
        .args(["build"])
        .current_dir(site.path())
        .env("SOURCE_DATE_EPOCH", "1598918400") // 2020-09-01
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = text_of(&read(
        &site.path().join("public/services/urgent-care/index.html"),
    ));
    assert!(
        text.contains("Recruit four more nurses Status: In progress"),
        "{text}"
    );
}

#[test]
fn a_service_shows_its_latest_report_and_earlier_ones_as_history() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let text = text_of(&main_of(&read(
        &site
            .path()
            .join("public/services/district-nursing/index.html"),
    )));
    assert!(text.contains("Overall: Good"), "{text}");
    assert!(text.contains("Report published 20 May 2020"), "{text}");
    assert!(
        text.contains("Rating history Every rating each report gave this service, newest first Report Overall Safe Effective Caring Responsive Well-led Published 20 May 2020 Good Good Good Outstanding Good Good Published 4 June 2018 Requires improvement Requires improvement Good Good Requires improvement Requires improvement"),
        "{text}"
    );
    let podiatry = text_of(&main_of(&read(
        &site.path().join("public/services/podiatry/index.html"),
    )));
    assert!(podiatry.contains("Overall: Not yet rated"), "{podiatry}");
    assert!(
        podiatry.contains("This service has not yet been rated: no report from the Care Quality Commission that rates it"),
        "{podiatry}"
    );
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = site("showcase");
    build_ok(site.path(), &["--output", "first"]);
    build_ok(site.path(), &["--output", "second"]);
    let first = snapshot_tree(&site.path().join("first"));
    let second = snapshot_tree(&site.path().join("second"));
    assert!(!first.is_empty());
    assert_eq!(first, second);
}

#[test]
fn a_base_url_with_a_path_prefixes_every_internal_link() {
    let site = site("showcase");
    build_ok(
        site.path(),
        &["--base-url", "https://example.github.io/carepages/"],
    );
    let html = read(&site.path().join("public/services/urgent-care/index.html"));
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/carepages/style."));
    assert!(html.contains("<a href=\"/carepages/\">All services</a>"));
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://example.github.io/carepages/services/urgent-care/\">"
    ));
    for href in html.split("href=\"").skip(1) {
        let href = href.split('"').next().unwrap();
        assert!(
            href.starts_with("/carepages/")
                || href.starts_with("https://")
                || href.starts_with("mailto:")
                || href.starts_with("tel:")
                || href.starts_with('#'),
            "link {href} escapes the base path"
        );
    }
}

#[test]
fn golden_pages_of_the_showcase_site() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    for (name, main) in pages_main(&site.path().join("public")) {
        insta::assert_snapshot!(format!("showcase__{name}"), main);
    }
}

#[test]
fn markdown_tables_footnotes_and_task_lists_render_accessibly() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let html = main_of(&read(&site.path().join("public/waiting-times/index.html")));
    assert!(html.contains("<table>"));
    assert!(html.contains("<th>Median wait</th>"));
    assert!(html.contains("footnote"));
    assert!(
        !html.contains("<input"),
        "task lists are words, not unlabelled checkboxes"
    );
    assert!(text_of(&html).contains("Done: Publish June figures"));
    assert!(text_of(&html).contains("Not done: Publish August figures"));
}

#[test]
fn headings_in_a_page_body_get_unique_anchors() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let html = read(
        &site
            .path()
            .join("public/services/district-nursing/index.html"),
    );
    assert!(html.contains("<h2 id=\"visiting-times\">Visiting times</h2>"));
    assert!(html.contains("<h2 id=\"visiting-times-1\">Visiting times</h2>"));
}

#[test]
fn a_parallel_build_is_byte_identical_to_a_single_threaded_one() {
    let site = site("showcase");
    let run = |threads: Option<&str>, out: &str| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_carepages"));
        command
            .args(["build", "--today", TODAY, "--output", out])
            .current_dir(site.path());
        match threads {
            Some(n) => command.env("RAYON_NUM_THREADS", n),
            None => command.env_remove("RAYON_NUM_THREADS"),
        };
        assert!(command.output().unwrap().status.success());
        snapshot_tree(&site.path().join(out))
    };
    let serial = run(Some("1"), "serial");
    let parallel = run(Some("4"), "parallel");
    assert!(serial.len() > 20);
    assert_eq!(serial, parallel);
}

#[test]
fn a_directory_of_many_services_splits_its_grid_into_pages() {
    let site = site("showcase");
    for n in 0..505 {
        std::fs::write(
            site.path()
                .join(format!("content/services/clinic-{n:03}.md")),
            format!("---\ntitle: Clinic {n:03}\nsummary: A clinic.\n---\n"),
        )
        .unwrap();
    }
    build_ok(site.path(), &[]);
    let home = text_of(&main_of(&read(&site.path().join("public/index.html"))));
    assert!(
        home.contains("Clinic 000"),
        "the first page of the grid is on the home page"
    );
    assert!(home.contains("Clinic 499"));
    assert!(!home.contains("Clinic 500"), "500 services a page");
    assert!(
        home.contains("Page 1 Page 2"),
        "links to every page of the grid"
    );
    let second = text_of(&main_of(&read(
        &site.path().join("public/services/page/2/index.html"),
    )));
    assert!(
        second.contains("Ratings for every service, page 2 of 2"),
        "{second}"
    );
    assert!(second.contains("Clinic 500"));
    assert!(
        second.contains("Wheelchair and seating service"),
        "the last services are on page 2"
    );
    let sitemap = read(&site.path().join("public/sitemap.xml"));
    assert!(sitemap.contains("<loc>https://example.org/ratings/services/page/2/</loc>"));
}

/// Runs `carepages build` in `dir` with the given body budget (`CAREPAGES_BODY_BUDGET`).
fn build_with_budget(dir: &Path, budget: &str, out: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_carepages"))
        .args(["build", "--today", TODAY, "--output", out])
        .current_dir(dir)
        .env("CAREPAGES_BODY_BUDGET", budget)
        .output()
        .unwrap()
}

#[test]
fn a_build_that_reads_page_bodies_again_is_byte_identical() {
    // Past a memory budget, page bodies are dropped after loading and read again to render.
    let site = site("showcase");
    let held = build_with_budget(site.path(), "1000000000", "held");
    let released = build_with_budget(site.path(), "0", "released");
    assert!(held.status.success() && released.status.success());
    let held = snapshot_tree(&site.path().join("held"));
    assert!(held.len() > 20);
    assert_eq!(held, snapshot_tree(&site.path().join("released")));

    // A problem in a body is placed at the same line either way.
    std::fs::write(
        site.path().join("content/services/memory-clinic.md"),
        "---\ntitle: Memory clinic\nsummary: Memory.\n---\nHello.\n\nSee [the clinic](../nowhere/).\n",
    )
    .unwrap();
    let held = build_with_budget(site.path(), "1000000000", "held");
    let released = build_with_budget(site.path(), "0", "released");
    let stderr = String::from_utf8_lossy(&released.stderr);
    assert_eq!(released.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/services/memory-clinic.md:7:")
            && stderr.contains("the link `../nowhere/` is broken"),
        "{stderr}"
    );
    assert_eq!(stderr, String::from_utf8_lossy(&held.stderr));
}

#[cfg(unix)]
#[test]
fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let site = site("showcase");
    let public = site.path().join("public");
    let meta = |page: &str| std::fs::metadata(public.join(page)).unwrap();
    let (unchanged, changed) = (
        "services/podiatry/index.html",
        "services/memory-clinic/index.html",
    );
    build_ok(site.path(), &[]);
    let unchanged_file = meta(unchanged).ino();
    let changed_file = meta(changed).ino();
    let unchanged_text = read(&public.join(unchanged));

    let page = site.path().join("content/services/memory-clinic.md");
    let text = read(&page).replace(
        "helps people with memory problems",
        "sees people with memory worries",
    );
    std::fs::write(&page, text).unwrap();
    build_ok(site.path(), &[]);

    assert!(read(&public.join(changed)).contains("sees people with memory worries"));
    assert_ne!(
        meta(changed).ino(),
        changed_file,
        "a changed page is a new file"
    );
    assert_eq!(read(&public.join(unchanged)), unchanged_text);
    assert_eq!(
        meta(unchanged).ino(),
        unchanged_file,
        "an unchanged page is the same file"
    );
    // The previous build is gone: the file has one name again, and nothing is left beside.
    assert_eq!(meta(unchanged).nlink(), 1);
    let beside: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn a_body_budget_that_is_not_a_number_is_a_usage_error() {
    let site = site("showcase");
    let out = build_with_budget(site.path(), "64M", "public");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("CAREPAGES_BODY_BUDGET `64M` is not a number of bytes"),
        "{stderr}"
    );
    assert!(!site.path().join("public").exists());
}

/// Images and links starting with `/` are published under the site's base path (the
/// showcase is at `/ratings/`), relative image paths work from the page's file or from
/// `static/`, and an image marked decorative is published with empty alt text.
#[test]
fn images_are_found_wherever_a_writer_points_and_published_under_the_base_path() {
    let site = site("showcase");
    std::fs::create_dir_all(site.path().join("static/images")).unwrap();
    std::fs::write(
        site.path().join("static/images/map.png"),
        b"\x89PNG\r\n\x1a\n",
    )
    .unwrap();
    let page = site.path().join("content/services/podiatry.md");
    let text = read(&page)
        + "\n![Map of the clinic from the root](/images/map.png)\n\n\
           ![Map from static](images/map.png)\n\n\
           ![Map from the page's file](../../static/images/map.png)\n\n\
           ![Map with the base path](/ratings/images/map.png)\n\n\
           ![decorative](/images/map.png)\n\n\
           [Waiting times](/waiting-times/)\n";
    std::fs::write(&page, text).unwrap();
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("public/services/podiatry/index.html"));
    let doc = scraper::Html::parse_document(&html);
    let images: Vec<(String, String)> = doc
        .select(&scraper::Selector::parse("main img").unwrap())
        .map(|img| {
            let e = img.value();
            (
                e.attr("src").unwrap().to_owned(),
                e.attr("alt").unwrap().to_owned(),
            )
        })
        .collect();
    let src = "/ratings/images/map.png".to_owned();
    assert_eq!(
        images,
        [
            (src.clone(), "Map of the clinic from the root".to_owned()),
            (src.clone(), "Map from static".to_owned()),
            (src.clone(), "Map from the page’s file".to_owned()),
            (src.clone(), "Map with the base path".to_owned()),
            (src, String::new()),
        ]
    );
    assert!(
        html.contains("<a href=\"/ratings/waiting-times/\">Waiting times</a>"),
        "{html}"
    );
}

/// Markup shown as code is text, not a link to check; a link to this site written in full is
/// checked however its host is written; a link whose only content is an undescribed image is
/// named; a heading never takes an id the page already uses.
#[test]
fn links_in_code_full_addresses_image_links_and_heading_ids() {
    let site = site("showcase");
    let page = site.path().join("content/waiting-times.md");
    std::fs::write(
        &page,
        read(&page) + "\nWrite `<img src=\"/nope.png\">` in HTML, or:\n\n```html\n<a href=\"/nowhere/\">x</a>\n```\n\n## Main\n\n## Help\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("public/waiting-times/index.html"));
    assert!(html.contains("<h2 id=\"main-1\">Main</h2>"), "{html}");
    assert!(html.contains("<h2 id=\"help-1\">Help</h2>"), "{html}");
    assert_eq!(html.matches("id=\"main\"").count(), 1);

    std::fs::write(
        &page,
        read(&page) + "\n[Gone](HTTP://EXAMPLE.ORG:80/ratings/services/gone/)\n\n[![decorative](/favicon.svg)](/ratings/)\n",
    )
    .unwrap();
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the link `HTTP://EXAMPLE.ORG:80/ratings/services/gone/` is broken: no page or file of the site is there\n  --> content/waiting-times.md:29:7"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: this link holds only an image with no text, so it has no name for people who cannot see it"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("nope.png") && !stderr.contains("nowhere"),
        "{stderr}"
    );
}
