//! `carepages check`, `new` and `init`: every writing check on fixture pages, with snapshots
//! of the human and JSON output, and a new site that builds and checks clean.

mod common;

use std::path::Path;

use common::*;

fn check(dir: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["check"];
    if !extra.contains(&"--today") {
        args.extend(["--today", TODAY]);
    }
    args.extend_from_slice(extra);
    let out = carepages(dir, &args);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

/// A new site builds at once, and `check` names every piece of example text in it (and the
/// one thing only the trust can give, its id on the regulator's website) until the writer has
/// replaced them all: then it is clean.
#[test]
fn init_then_build_then_check_names_what_to_replace_until_it_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("new-site");
    let out = carepages(dir.path(), &["init", "new-site"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // init dates its example from today, so build and check as of today.
    let built = carepages(&site, &["build"]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{stderr}");
    assert!(
        site.join("public/services/example-service/index.html")
            .is_file()
    );
    // The build names what reaches every page: the settings and the made-up report.
    assert!(
        stderr.contains(
            "warning: this is the example report `carepages init` wrote: its ratings are made up"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: the organisation is still the example one, `Example NHS Trust`"),
        "{stderr}"
    );
    let problems = |site: &Path| {
        let checked = carepages(site, &["check", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
        json["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                format!(
                    "{} {}:{}",
                    p["code"].as_str().unwrap(),
                    p["file"].as_str().unwrap(),
                    p["line"]
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        problems(&site),
        [
            "placeholder carepages.yaml:5",
            "placeholder carepages.yaml:8",
            "no-contact carepages.yaml:11",
            "placeholder carepages.yaml:16",
            "placeholder content/accessibility.md:4",
            "placeholder content/services/example-service.md:6",
            "placeholder content/services/example-service.md:8",
            "placeholder content/services/example-service.md:17",
            "display-rules seeds/inspections/example-report.yaml:6",
            "placeholder seeds/inspections/example-report.yaml:6",
        ]
    );

    // The writer fills in the trust's details, a real page and its report.
    let edit = |file: &str, from: &str, to: &str| {
        let path = site.join(file);
        let text = read(&path);
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit(
        "carepages.yaml",
        "https://example.org/",
        "https://ratings.riverside.example/",
    );
    edit(
        "carepages.yaml",
        "Example NHS Trust",
        "Riverside Community NHS Trust",
    );
    edit(
        "carepages.yaml",
        "Tell readers how to contact the trust here: a phone number, an email address or a\n    web page, and opening hours.",
        "Lines are open 9am to 5pm on weekdays.",
    );
    edit(
        "carepages.yaml",
        "  # phone: 0100 000 0000",
        "  phone: 0100 000 0000",
    );
    edit(
        "content/accessibility.md",
        "Example NHS Trust",
        "Riverside Community NHS Trust",
    );
    let page = "content/services/example-service.md";
    edit(
        page,
        "This is an example page. Replace it with one of your services.",
        "Day surgery is for operations that need no overnight stay.",
    );
    edit(
        page,
        "Say what the inspectors found in short, plain sentences. Say what it means for the people\n  who use the service.",
        "Inspectors found staff were kind.",
    );
    edit(
        page,
        "Anything below the front matter is Markdown, shown on the page after the improvement\nsection.",
        "Ask at reception if you need help.",
    );
    let report = site.join("seeds/inspections/example-report.yaml");
    edit(
        "seeds/inspections/example-report.yaml",
        "provider: Example NHS Trust",
        "provider: Riverside Community NHS Trust",
    );
    std::fs::write(
        &report,
        read(&report).replace("# provider_id: RXX", "provider_id: RXX"),
    )
    .unwrap();
    assert_eq!(problems(&site), Vec::<String>::new());
    let checked = carepages(&site, &["check", "--deny", "warnings"]);
    let stdout = String::from_utf8_lossy(&checked.stdout);
    assert_eq!(checked.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.ends_with("0 errors, 0 warnings, 0 notes\n"),
        "{stdout}"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let out = carepages(dir.path(), &["init", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty: nothing was changed"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn new_service_writes_a_commented_page_and_never_overwrites() {
    let site = site("showcase");
    let out = carepages(
        site.path(),
        &["new", "service", "Children’s Speech and Language Therapy"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = read(
        &site
            .path()
            .join("content/services/childrens-speech-and-language-therapy.md"),
    );
    assert!(page.contains("title: Children’s Speech and Language Therapy\n"));
    assert!(page.contains("# apology:"), "every field is explained");
    assert!(page.contains("# improvement:"));
    build_ok(site.path(), &[]);
    let (_, text) = check(site.path(), &[]);
    assert!(
        text.contains("no report in seeds rates `childrens-speech-and-language-therapy`"),
        "{text}"
    );

    std::fs::write(
        site.path()
            .join("content/services/childrens-speech-and-language-therapy.md"),
        "mine",
    )
    .unwrap();
    let again = carepages(
        site.path(),
        &["new", "service", "Children's speech and language therapy"],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists: nothing was changed"));
    assert_eq!(
        read(
            &site
                .path()
                .join("content/services/childrens-speech-and-language-therapy.md")
        ),
        "mine"
    );
}

#[test]
fn the_showcase_site_report_for_people() {
    let site = site("showcase");
    let (code, text) = check(site.path(), &[]);
    assert_eq!(
        code, 0,
        "warnings alone do not fail without --deny warnings:\n{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn the_showcase_site_report_as_json() {
    let site = site("showcase");
    let (code, text) = check(site.path(), &["--format", "json", "--deny", "warnings"]);
    assert_eq!(code, 1, "--deny warnings fails on warnings");
    let json: serde_json::Value = serde_json::from_str(&text).expect("one JSON document");
    assert_eq!(json["version"], 1);
    let codes: Vec<&str> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["code"].as_str())
        .collect();
    for expected in ["overdue-action", "review-due", "no-rating"] {
        assert!(codes.contains(&expected), "{expected} in {codes:?}");
    }
    insta::assert_snapshot!(text);
}

#[test]
fn a_summary_written_for_experts_fails_the_reading_age() {
    let site = site("showcase");
    let path = site.path().join("content/services/memory-clinic.md");
    std::fs::write(
        &path,
        "---\ntitle: Memory clinic\nsummary: |\n  Consequently, multidisciplinary practitioners should facilitate comprehensive neuropsychological assessments, ensuring appropriate pharmacological interventions are commenced expeditiously in accordance with organisational protocols and additional regulatory requirements. Subsequently, practitioners endeavour to expedite pharmacological reconciliation.\n---\n",
    )
    .unwrap();
    let (code, text) = check(site.path(), &["--deny", "warnings"]);
    assert_eq!(code, 1);
    let memory: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("memory-clinic.md:"))
        .collect();
    assert!(
        memory
            .iter()
            .any(|l| l.contains("warning: the family summary needs a reading age of")),
        "{text}"
    );
    assert!(
        memory.iter().any(|l| l.contains("a sentence of 24 words")),
        "{text}"
    );
    assert!(
        memory
            .iter()
            .any(|l| l.contains("“should” in the family summary is a word to avoid")),
        "{text}"
    );
    assert!(text.contains("help: write “"), "{text}");
}

#[test]
fn a_report_newer_than_the_page_review_is_an_error_after_21_days() {
    let site = site("showcase");
    let path = site.path().join("content/services/district-nursing.md");
    std::fs::write(
        &path,
        read(&path).replace("reviewed: 2021-01-10", "reviewed: 2020-01-10"),
    )
    .unwrap();
    // The 2020 report was published on 20 May 2020.
    let (_, within) = check(site.path(), &["--today", "2020-06-01"]);
    assert!(within.contains("warning: the report `report-2020` was published on 20 May 2020, after this page was last reviewed (10 January 2020)"), "{within}");
    let (code, after) = check(site.path(), &["--today", "2020-07-01"]);
    assert_eq!(code, 1);
    assert!(after.contains("error: the report `report-2020` was published on 20 May 2020, after this page was last reviewed (10 January 2020), 42 days ago"), "{after}");
}

#[test]
fn build_errors_are_check_errors() {
    let site = site("showcase");
    let path = site.path().join("content/services/memory-clinic.md");
    std::fs::write(&path, read(&path).replace("summary:", "sumary:")).unwrap();
    let (code, text) = check(site.path(), &[]);
    assert_eq!(code, 1);
    assert!(text.contains("error: unknown field `sumary`"), "{text}");
    assert!(!site.path().join("public").exists(), "check never writes");
}

/// Both examples check without errors, and warn of exactly what their sources do not give
/// and the examples therefore cannot: the report's address and publication date (which the
/// display rules need), and the provider's contact details. Nothing is invented to hush them.
#[test]
fn the_examples_check_without_errors_and_say_what_their_sources_lack() {
    for (dir, mut expected) in [
        (repo(), vec!["no-contact", "display-rules", "display-rules"]),
        (
            repo().join("examples/childrens-community-services"),
            vec!["no-contact", "display-rules", "display-rules"],
        ),
    ] {
        let (code, text) = check(&dir, &[]);
        assert_eq!(code, 0, "{text}");
        let (_, json) = check(&dir, &["--format", "json"]);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let mut warnings: Vec<&str> = json["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["severity"] != "note")
            .map(|p| p["code"].as_str().unwrap())
            .collect();
        warnings.sort_unstable();
        expected.sort_unstable();
        assert_eq!(warnings, expected, "{}: {json}", dir.display());
    }
}

#[test]
fn a_report_rating_a_service_with_no_page_is_named() {
    let site = site("showcase");
    let path = site.path().join("seeds/inspections/report-2020.yaml");
    std::fs::write(
        &path,
        read(&path).replace(
            "  new-birth-centre:",
            "  dental-clinic: { overall: good }\n  new-birth-centre:",
        ),
    )
    .unwrap();
    let (code, text) = check(site.path(), &["--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let problem = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "no-page")
        .expect("a no-page warning");
    assert_eq!(problem["file"], "seeds/inspections/report-2020.yaml");
    assert_eq!(
        problem["message"],
        "the report rates `dental-clinic`, but no page has that id"
    );
    assert_eq!(problem["severity"], "warning");
}

/// `title: Ward #4` publishes the title "Ward": YAML drops the rest as a comment. `check`
/// names it with the line quoted as it should be; a comment after a date, as the scaffold
/// writes them, is left alone.
#[test]
fn text_cut_short_by_a_hash_is_named_with_the_quoted_line() {
    let site = site("showcase");
    edit(
        site.path(),
        "content/services/podiatry.md",
        "title: Podiatry",
        "title: Podiatry at Ward #4\nreviewed: 2021-03-01   # checked against the 2021 report",
    );
    let (_, text) = check(site.path(), &[]);
    assert!(
        text.contains("content/services/podiatry.md:2:25: warning: the text after `#` here is left out of the page: YAML reads ` #` as the start of a comment\n      help: put the text in double quotes to keep it: `title: \"Podiatry at Ward #4\"`"),
        "{text}"
    );
    assert_eq!(text.matches("comment").count(), 1, "{text}");
}
