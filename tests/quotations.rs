//! Quotations on real pages: a passage about one service quoted on another's page, an
//! apology credited to someone its statement does not name, the same misquote twice, a
//! site's own words to keep, and what the page then shows.

mod common;

use std::path::Path;

use common::{TODAY, build_ok, carepages, main_of, read, site, text_of};

fn replace(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = read(&path);
    assert!(text.contains(from), "{file} has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn build_err(site: &Path) -> String {
    let out = carepages(site, &["build", "--today", TODAY]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    err
}

/// Where a failed build places its errors in `page`: `:line:column` each.
fn error_places(site: &Path, page: &str) -> Vec<String> {
    let err = build_err(site);
    err.lines()
        .filter_map(|l| l.trim().strip_prefix(&format!("--> {page}")))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_passage_about_one_service_is_quoted_only_on_its_page() {
    let site = site("showcase");
    let root = site.path();
    replace(
        root,
        "seeds/inspections/report-2020.yaml",
        "waiting room, and staff did not check on them while they waited.",
        "waiting room, and staff did not check on them while they waited.\n    services: [urgent-care]",
    );
    // Its own page quotes it: fine.
    build_ok(root, &[]);
    // Another service's page may not.
    replace(
        root,
        "content/services/memory-clinic.md",
        "---\n",
        "---\nfindings:\n  - kind: concern\n    text: Patients waited too long to be seen.\n    source: report-2020\n",
    );
    let err = build_err(root);
    assert!(
        err.contains("the finding quotes `seeds/inspections/report-2020.yaml` (passage 1), a passage about `urgent-care`, not this service")
            && err.contains("content/services/memory-clinic.md:4:"),
        "{err}"
    );
    assert!(
        err.contains("write it in your own words and leave out `source:`"),
        "{err}"
    );
}

#[test]
fn an_apology_names_the_person_and_date_its_statement_gives() {
    let site = site("showcase");
    let root = site.path();
    let page = "content/services/urgent-care.md";
    replace(
        root,
        page,
        "by: { name: Alex Example, role: Chief executive }\n  to:",
        "by: { name: Jo Other, role: Medical director }\n  to:",
    );
    replace(root, page, "date: 2020-05-21", "date: 2020-06-01");
    let err = build_err(root);
    assert!(
        err.contains("the apology is credited to Jo Other, Medical director, but `seeds/statements/chief-executive-2020.yaml` is by Alex Example, Chief executive"),
        "{err}"
    );
    assert!(
        err.contains("the apology is dated 2020-06-01, but `seeds/statements/chief-executive-2020.yaml` is dated 2020-05-21")
            && err.contains("give `date: 2020-05-21`, the statement's date"),
        "{err}"
    );

    // A statement with no date: the apology may not give one.
    let site = common::site("showcase");
    let root = site.path();
    replace(
        root,
        "seeds/statements/chief-executive-2020.yaml",
        "date: 2020-05-21\n",
        "",
    );
    let err = build_err(root);
    assert!(
        err.contains("gives no date") && err.contains("leave `date:` out"),
        "{err}"
    );
}

#[test]
fn two_findings_with_the_same_misquote_give_two_errors_each_at_its_own_line() {
    let site = site("showcase");
    let root = site.path();
    let page = "content/services/urgent-care.md";
    let twisted = "  - kind: concern\n    text: Patients waited … to be seen by a nurse.\n    source: report-2020\n";
    replace(
        root,
        page,
        "findings:\n",
        &format!("findings:\n{twisted}{twisted}"),
    );
    assert_eq!(error_places(root, page), [":7:11", ":10:11"]);
}

#[test]
fn an_ellipsis_over_a_word_that_carries_the_meaning_is_explained_with_its_fix() {
    let site = site("showcase");
    let root = site.path();
    replace(
        root,
        "content/services/urgent-care.md",
        "text: Patients waited too long to be seen.",
        "text: Patients waited … long to be seen.",
    );
    let err = build_err(root);
    insta::assert_snapshot!(err);
}

#[test]
fn a_site_can_add_words_an_ellipsis_may_not_leave_out() {
    let site = site("showcase");
    let root = site.path();
    replace(
        root,
        "content/services/urgent-care.md",
        "text: Some patients waited more than four hours … staff did not check on them while they waited.",
        "text: Some patients waited more than four hours … and staff did not check on them while they waited.",
    );
    build_ok(root, &[]);
    let config = root.join("carepages.yaml");
    let text = read(&config);
    std::fs::write(
        &config,
        format!("{text}quotations:\n  keep_words: [Waiting]\n"),
    )
    .unwrap();
    let err = build_err(root);
    assert!(
        err.contains("leaves out \"waiting\" (a word carepages.yaml says to keep)"),
        "{err}"
    );
}

#[test]
fn the_page_shows_the_quotation_as_verified_with_its_ellipsis_and_source() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let page = text_of(&main_of(&read(
        &site.path().join("public/services/urgent-care/index.html"),
    )));
    assert!(
        page.contains("Some patients waited more than four hours … staff did not check on them while they waited."),
        "{page}"
    );
}

#[test]
fn a_report_is_never_quoted_as_a_persons_words() {
    let site = site("showcase");
    let root = site.path();
    replace(
        root,
        "content/services/urgent-care.md",
        "  text: We are sorry that patients at our urgent care centre waited too long to be seen.\n  source: chief-executive-2020",
        "  text: Patients waited too long to be seen.\n  source: report-2020",
    );
    let err = build_err(root);
    assert!(
        err.contains("the apology is credited to Alex Example, Chief executive, but quotes `seeds/inspections/report-2020.yaml`, a report of the Care Quality Commission, not a statement by them"),
        "{err}"
    );
}

#[test]
fn folded_quotations_with_one_mistake_each_give_an_error_at_each() {
    let site = site("showcase");
    let root = site.path();
    let twisted = "  - kind: concern\n    text: >-\n      Patients waited …\n      to be seen.\n    source: report-2020\n";
    replace(
        root,
        "content/services/urgent-care.md",
        "findings:\n",
        &format!(
            "findings:\n  - kind: strength\n    text: Patients waited to be seen, say relatives.\n{twisted}{twisted}"
        ),
    );
    assert_eq!(
        error_places(root, "content/services/urgent-care.md"),
        [":9:11", ":14:11"]
    );
}

#[test]
fn a_passage_for_a_service_with_no_page_and_a_keep_word_that_is_not_one_word_are_named() {
    let site = site("showcase");
    let root = site.path();
    replace(
        root,
        "seeds/inspections/report-2020.yaml",
        "  - text: Staff were kind",
        "  - services: [memory-clinc]\n    text: Staff were kind",
    );
    let config = root.join("carepages.yaml");
    let text = read(&config);
    std::fs::write(
        &config,
        format!("{text}quotations:\n  keep_words: [more than]\n"),
    )
    .unwrap();
    let err = build_err(root);
    assert!(
        err.contains("a passage is about `memory-clinc`, but no page has that id")
            && err.contains("did you mean `memory-clinic`?"),
        "{err}"
    );
    assert!(
        err.contains("`quotations.keep_words` has `more than`, which is not one word"),
        "{err}"
    );
}
