//! Content a careless or hostile contributor could write: every field that holds a URL or
//! Markdown follows one link policy, control characters are refused where they are loaded, the
//! JSON-LD cannot end its script element, every XML file stays well formed, and inputs built to
//! be slow or deep get a clear error.

mod common;

use std::path::Path;

use common::*;

/// Builds and returns the error output, checking the build failed with content errors and
/// wrote nothing.
fn refused(site: &Path) -> String {
    let out = carepages(site, &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!site.join("public").exists(), "nothing written");
    stderr
}

#[test]
fn links_in_settings_and_seeds_follow_the_page_link_policy() {
    let site = site("showcase");
    edit(
        site.path(),
        "carepages.yaml",
        "  text: Our team answers calls from 9am to 5pm, Monday to Friday.",
        "  text: 'Our team answers [calls](javascript:alert(1)), ![map](https://elsewhere.example/map.png) and [this](//elsewhere.example/).'\n  url: javascript:alert(2)",
    );
    let stderr = refused(site.path());
    for expected in [
        "error: the link `javascript:alert(1)` uses `javascript:`, which is not allowed\n  --> carepages.yaml:11:3",
        "error: the image `https://elsewhere.example/map.png` is not on this site: pages load nothing from other websites",
        "error: the link `//elsewhere.example/` leaves out its scheme, so it goes to whatever host it names",
        "error: the link `javascript:alert(2)` uses `javascript:`, which is not allowed",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }

    let site = common::site("showcase");
    edit(
        site.path(),
        "seeds/statements/chief-executive-2020.yaml",
        "url: https://example.org/news/statement",
        "url: \"JavaScript:alert(3)\"",
    );
    let stderr = refused(site.path());
    assert!(
        stderr.contains("error: the link `JavaScript:alert(3)` uses `javascript:`, which is not allowed\n --> seeds/statements/chief-executive-2020.yaml:4:1"),
        "{stderr}"
    );
}

#[test]
fn control_characters_are_refused_where_they_are_written() {
    let site = site("showcase");
    edit(
        site.path(),
        "content/services/podiatry.md",
        "title: Podiatry",
        "title: \"Podiatry\\x1b[2J\"",
    );
    edit(
        site.path(),
        "carepages.yaml",
        "  name: Example Community NHS Trust",
        "  name: \"Example\\vTrust\"",
    );
    let stderr = refused(site.path());
    assert!(
        stderr.contains("error: the file holds a control character (written `\\x1B`), which no page, feed or badge can show\n --> content/services/podiatry.md:2:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: the file holds a control character (written `\\v`)"),
        "{stderr}"
    );
    // A control character typed as it is, and echoed back in the message, is shown escaped:
    // content never moves a terminal's cursor or clears it.
    let site = common::site("showcase");
    edit(
        site.path(),
        "content/services/podiatry.md",
        "title: Podiatry",
        "title: Podiatry \u{1b}[2J",
    );
    let stderr = refused(site.path());
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    // Characters that reorder or hide text are shown escaped too.
    let named = site.path().join("content/services/x\u{202e}gnp.md");
    std::fs::write(&named, "no front matter").unwrap();
    let stderr = refused(site.path());
    assert!(stderr.contains("x\\u{202e}gnp.md"), "{stderr}");
    assert!(!stderr.contains('\u{202e}'), "{stderr:?}");
    assert!(stderr.contains("\\u{1b}[2J"), "{stderr}");
}

#[test]
fn a_web_address_or_domain_that_could_break_a_file_is_refused() {
    let site = site("showcase");
    edit(
        site.path(),
        "carepages.yaml",
        "base_url: https://example.org/ratings/",
        "base_url: \"https://example.org/ratings/ Sitemap: https://evil.example/\"\ncustom_domain: \"evil.example/x y\"",
    );
    let stderr = refused(site.path());
    assert!(stderr.contains("`base_url`: `https://example.org/ratings/ Sitemap: https://evil.example/` holds ` `, which a web address cannot"), "{stderr}");
    assert!(
        stderr.contains("error: `custom_domain: evil.example/x y` is not a host name"),
        "{stderr}"
    );
}

#[test]
fn markup_in_titles_cannot_end_the_json_ld_or_break_any_page() {
    let site = site("showcase");
    let hostile = "Podiatry <!--<script> & </script> ]]> \"quoted\"";
    edit(
        site.path(),
        "content/services/podiatry.md",
        "title: Podiatry",
        &format!("title: '{hostile}'"),
    );
    edit(
        site.path(),
        "carepages.yaml",
        "  name: Example Community NHS Trust",
        "  name: 'Example <!--<script> & Trust'",
    );
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let main = scraper::Selector::parse("main").unwrap();
    let script = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let mut pages = 0;
    for (file, bytes) in snapshot_tree(&public) {
        let text = String::from_utf8(bytes).unwrap();
        if file.ends_with(".html") && !text.contains("http-equiv=\"refresh\"") {
            // A real HTML5 parser finds the page's main content, and its JSON-LD parses.
            let doc = scraper::Html::parse_document(&text);
            assert_eq!(doc.select(&main).count(), 1, "{file} has its <main>");
            let json: Vec<String> = doc.select(&script).map(|s| s.inner_html()).collect();
            assert_eq!(json.len(), 1, "{file} has one JSON-LD script");
            let value: serde_json::Value = serde_json::from_str(&json[0])
                .unwrap_or_else(|e| panic!("{file}: {e}: {}", json[0]));
            assert_eq!(
                value["about"]["name"], "Example <!--<script> & Trust",
                "{file}"
            );
            pages += 1;
        }
        if file.ends_with(".xml") || file.ends_with(".svg") {
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{file} is not well-formed XML: {e}"));
        }
    }
    assert!(pages >= 10, "{pages} pages");
    let podiatry = read(&public.join("services/podiatry/index.html"));
    let doc = scraper::Html::parse_document(&podiatry);
    let h1 = scraper::Selector::parse("h1").unwrap();
    let title: String = doc.select(&h1).next().unwrap().text().collect();
    assert_eq!(title, hostile);
    let badge = read(&public.join("badges/podiatry.svg"));
    assert!(badge.contains("Podiatry &lt;!--&lt;script&gt;"), "{badge}");
}

#[test]
fn many_headings_with_one_text_get_their_own_ids() {
    let site = site("showcase");
    let body = "## Same\n\nText.\n\n".repeat(20_000);
    let path = site.path().join("content/services/podiatry.md");
    let text = read(&path);
    std::fs::write(&path, format!("{text}\n{body}")).unwrap();
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("public/services/podiatry/index.html"));
    assert!(html.contains("<h2 id=\"same\">Same</h2>"));
    assert!(html.contains("<h2 id=\"same-19999\">Same</h2>"));
}

#[test]
fn yaml_nested_deeper_than_any_site_needs_is_a_located_error() {
    let site = site("showcase");
    let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    edit(
        site.path(),
        "content/services/podiatry.md",
        "title: Podiatry",
        &format!("title: Podiatry\naliases: {deep}"),
    );
    let stderr = refused(site.path());
    assert!(
        stderr.contains("error: the YAML is nested more than 64 levels deep here\n --> content/services/podiatry.md:3:1"),
        "{}",
        &stderr[..stderr.len().min(2000)]
    );
    // The line of 200,000 brackets is shown as the part around the place, not whole.
    assert!(stderr.len() < 2_000, "{} bytes of message", stderr.len());
}

#[cfg(unix)]
#[test]
fn linked_files_are_read_when_they_stay_in_the_site_and_refused_when_they_leave_it() {
    let site = site("showcase");
    let root = site.path();
    // A page kept elsewhere in the site and linked in is built, never skipped.
    std::fs::create_dir_all(root.join("drafts")).unwrap();
    std::fs::rename(
        root.join("content/services/podiatry.md"),
        root.join("drafts/podiatry.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        "../../drafts/podiatry.md",
        root.join("content/services/podiatry.md"),
    )
    .unwrap();
    build_ok(root, &[]);
    assert!(root.join("public/services/podiatry/index.html").is_file());

    // A link out of the site is an error naming it.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("page.md"),
        "---\ntitle: Elsewhere\nsummary: From outside.\n---\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("page.md"),
        root.join("content/services/elsewhere.md"),
    )
    .unwrap();
    std::fs::remove_dir_all(root.join("public")).unwrap();
    let stderr = refused(root);
    assert!(
        stderr.contains("error: this is a link to a file outside the site: carepages builds only from the site's own files\n --> content/services/elsewhere.md"),
        "{stderr}"
    );
}

/// Every page of both sites, read by a real HTML5 parser: one `main`, JSON-LD that parses;
/// every XML file read by an XML parser.
#[test]
fn every_built_page_of_both_sites_parses_as_a_browser_and_a_feed_reader_read_it() {
    let main = scraper::Selector::parse("main").unwrap();
    let script = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    for name in ["showcase", "example"] {
        let site = site(name);
        build_ok(site.path(), &[]);
        let (mut pages, mut xml) = (0, 0);
        for (file, bytes) in snapshot_tree(&site.path().join("public")) {
            let text = String::from_utf8_lossy(&bytes);
            if file.ends_with(".html") && !text.contains("http-equiv=\"refresh\"") {
                let doc = scraper::Html::parse_document(&text);
                assert_eq!(doc.select(&main).count(), 1, "{name}: {file}");
                for json in doc.select(&script) {
                    serde_json::from_str::<serde_json::Value>(&json.inner_html())
                        .unwrap_or_else(|e| panic!("{name}: {file}: {e}"));
                }
                pages += 1;
            }
            if file.ends_with(".xml") || file.ends_with(".svg") {
                roxmltree::Document::parse(&text)
                    .unwrap_or_else(|e| panic!("{name}: {file} is not well-formed XML: {e}"));
                xml += 1;
            }
        }
        assert!(
            pages >= 5 && xml >= 3,
            "{name}: {pages} pages, {xml} XML files"
        );
    }
}

/// A file name is a name, never a path: on Linux `\` is a letter of a file's name, and read as
/// a separator it could lead a build to write anywhere on the disk.
#[cfg(unix)]
#[test]
fn a_file_name_that_reads_as_another_path_is_refused_and_nothing_is_written_anywhere() {
    let site = site("showcase");
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("pwned.txt");
    let name = target.to_str().unwrap().replace('/', "\\");
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static").join(&name), "x").unwrap();
    let stderr = refused(site.path());
    assert!(
        stderr.contains(
            "error: this file's name holds `\\` or a control character, which a web address cannot"
        ),
        "{stderr}"
    );
    assert!(
        !target.exists(),
        "nothing is written outside the output folder"
    );
}

#[cfg(unix)]
#[test]
fn linked_folders_and_settings_from_outside_are_refused_without_being_read() {
    let site = site("showcase");
    let root = site.path();
    std::fs::create_dir_all(root.join("static")).unwrap();
    // A link to a folder of the machine: named, not walked.
    std::os::unix::fs::symlink("/etc", root.join("static/etc")).unwrap();
    let stderr = refused(root);
    assert!(
        stderr.contains("error: this is a link to a file outside the site: carepages builds only from the site's own files\n --> static/etc"),
        "{stderr}"
    );
    assert!(!stderr.contains("could not read"), "{stderr}");

    // Settings linked in from outside the site.
    let site = common::site("showcase");
    let root = site.path();
    let outside = tempfile::tempdir().unwrap();
    std::fs::rename(
        root.join("carepages.yaml"),
        outside.path().join("carepages.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("carepages.yaml"),
        root.join("carepages.yaml"),
    )
    .unwrap();
    let out = carepages(root, &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("this is a link to a file outside the site"),
        "{stderr}"
    );
}

#[test]
fn an_address_in_the_settings_is_a_web_address_or_an_error_at_its_line() {
    let site = site("showcase");
    edit(
        site.path(),
        "carepages.yaml",
        "  email: contact@example.org",
        "  email: contact@example.org\n  url: \"[x](//elsewhere.example)\"",
    );
    edit(
        site.path(),
        "content/services/podiatry.md",
        "title: Podiatry",
        "title: \"Pod\\Niatry\"",
    );
    let stderr = refused(site.path());
    assert!(
        stderr.contains(
            "error: `[x](//elsewhere.example)` is not a web address\n  --> carepages.yaml:11:1"
        ),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("elsewhere.example").count(),
        2,
        "said once, with its line: {stderr}"
    );
    assert!(
        stderr.contains("error: the file holds a control character (written `\\N`)"),
        "{stderr}"
    );
}
