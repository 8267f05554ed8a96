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
    // What the team needs beside the site: how to publish it, and how to write it.
    let workflow = read(&site.join(".github/workflows/pages.yml"));
    for part in [
        "branches: [main]",
        "schedule:",
        "workflow_dispatch:",
        &format!("CAREPAGES_VERSION: \"{}\"", env!("CARGO_PKG_VERSION")),
        "x86_64-unknown-linux-gnu.tar.gz",
        "sha256sum --check",
        "cargo install carepages --locked",
        "carepages check",
        "carepages build",
        "actions/upload-pages-artifact@v3",
        "actions/deploy-pages@v4",
    ] {
        assert!(workflow.contains(part), "{part} in:\n{workflow}");
    }
    let readme = read(&site.join("README.md"));
    for part in [
        "carepages serve",
        "carepages check",
        "`placeholder`",
        "Settings → Pages",
    ] {
        assert!(readme.contains(part), "{part} in:\n{readme}");
    }
    assert_eq!(read(&site.join(".gitignore")), "/public\n/.public.*\n");
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

/// The `placeholder` problems `check` finds in `file`, as `line: message`.
fn placeholders_in(site: &Path, file: &str) -> Vec<String> {
    let (code, text) = check(site, &["--format", "json"]);
    assert_eq!(code, 0, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["code"] == "placeholder" && p["file"] == file)
        .map(|p| format!("{}: {}", p["line"], p["message"].as_str().unwrap()))
        .collect()
}

/// Removes the `# ` from the line `first` and the indented comment lines after it: a field
/// of a scaffold put to use as its comment shows it.
fn uncomment(text: &str, first: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == first {
            inside = true;
            out.push_str(&line[2..]);
        } else if inside && line.starts_with("#  ") {
            out.push_str(&line[2..]);
        } else {
            inside = false;
            out.push_str(line);
        }
    }
    assert!(out != text, "no line `{first}`");
    out
}

/// Runs `carepages new` and says what it printed; `ok` says whether it must succeed.
fn new(site: &Path, args: &[&str], ok: bool) -> String {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    let out = carepages(site, &all);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(if ok { 0 } else { 2 }), "{text}");
    text
}

#[test]
fn new_report_writes_a_commented_report_that_rates_nothing_and_never_overwrites() {
    let site = site("showcase");
    let file = "seeds/inspections/cqc-2025-01-10.yaml";
    let said = new(site.path(), &["report", "cqc-2025-01-10"], true);
    assert!(
        said.starts_with(&format!(
            "Wrote {file}. Copy in the report's dates, ratings and passages"
        )),
        "{said}"
    );
    let text = read(&site.path().join(file));
    // Only the required fields are active: it rates nothing until the writer copies ratings in.
    let active: Vec<&str> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(
        active,
        [
            "regulator: Care Quality Commission",
            "provider: Write the provider's name as the report gives it",
        ]
    );
    for field in [
        "# provider_id:",
        "# visited:",
        "# published:",
        "# report_url:",
        "# provider_ratings:",
        "#   well-led: good",
        "# locations:",
        "#     location_id:",
        "# services:",
        "#     location: general-hospital",
        "#     inherited_from:",
        "#   safe: { rating: requires-improvement, score: 62, inherited_from: Previous Provider NHS Trust }",
        "# passages:",
        "#     quoted_in:",
        "`source: cqc-2025-01-10`",
    ] {
        assert!(text.contains(field), "every field is explained: {field}");
    }
    // The ids its `services:` may rate are the site's pages.
    assert!(
        text.contains("# This site's service pages: district-nursing, memory-clinic, new-birth-centre, podiatry,\n#   urgent-care, wheelchair-service.\n"),
        "{text}"
    );

    // It loads at once, and every build and check names what is left to replace.
    let stderr = build_ok(site.path(), &[]);
    assert!(
        stderr.contains("warning: `Write the provider's name` is example text from the scaffold, not yet replaced"),
        "{stderr}"
    );
    assert_eq!(
        placeholders_in(site.path(), file),
        ["17: `Write the provider's name` is example text from the scaffold, not yet replaced"]
    );

    // Its commented fields, put to use, are a report carepages reads.
    let mut filled = text.replace(
        "provider: Write the provider's name as the report gives it",
        "provider: Riverside Community NHS Trust",
    );
    for first in [
        "# provider_id: RX1",
        "# visited: { from: 2024-01-09, to: 2024-01-11 }",
        "# published: 2024-03-14",
        "# report_url: https://www.cqc.org.uk/provider/RX1/reports/AP1234",
        "# provider_ratings:",
        "# locations:",
    ] {
        filled = uncomment(&filled, first);
    }
    std::fs::write(site.path().join(file), &filled).unwrap();
    build_ok(site.path(), &[]);
    let ratings: serde_json::Value =
        serde_json::from_str(&read(&site.path().join("public/ratings.json"))).unwrap();
    let trust = &ratings["organisation"]["ratings"];
    assert_eq!(trust["overall"]["report"], "cqc-2025-01-10");
    assert_eq!(trust["safe"]["rating"], "requires-improvement");
    assert_eq!(ratings["locations"][0]["id"], "general-hospital");
    assert_eq!(
        ratings["locations"][0]["assessment_url"],
        "https://www.cqc.org.uk/location/1-123456789"
    );
    assert_eq!(placeholders_in(site.path(), file), Vec::<String>::new());

    // A second run changes nothing, and says so.
    let said = new(site.path(), &["report", "cqc-2025-01-10"], false);
    assert!(
        said.contains(&format!("`{file}` already exists: nothing was changed")),
        "{said}"
    );
    assert_eq!(read(&site.path().join(file)), filled);
}

#[test]
fn new_report_and_statement_refuse_an_id_pages_could_not_cite() {
    let site = site("showcase");
    let seeds = |site: &Path| {
        let mut names: Vec<_> = walkdir::WalkDir::new(site.join("seeds"))
            .into_iter()
            .map(|e| e.unwrap().path().to_owned())
            .collect();
        names.sort();
        names
    };
    let before = seeds(site.path());
    let said = new(site.path(), &["report", "CQC Report 2024"], false);
    assert!(
        said.contains("`CQC Report 2024` cannot be a report id: an id is lowercase letters and digits joined by hyphens, such as `cqc-report-2024`"),
        "{said}"
    );
    let said = new(site.path(), &["statement", "apology.yaml"], false);
    assert!(said.contains("such as `apology`"), "{said}");
    // Pages cite reports and statements by id alike: one id cannot be both.
    let said = new(site.path(), &["statement", "report-2020"], false);
    assert!(
        said.contains("`seeds/inspections/report-2020.yaml` is a report with the id `report-2020`: nothing was changed"),
        "{said}"
    );
    let said = new(site.path(), &["report", "chief-executive-2020"], false);
    assert!(said.contains("is a statement with the id"), "{said}");
    assert_eq!(seeds(site.path()), before);

    let elsewhere = tempfile::tempdir().unwrap();
    let said = new(elsewhere.path(), &["report", "cqc-2024"], false);
    assert!(said.contains("there is no carepages.yaml here"), "{said}");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn new_statement_writes_a_commented_statement_and_never_overwrites() {
    let site = site("showcase");
    let file = "seeds/statements/chief-executive-2025-01.yaml";
    let said = new(site.path(), &["statement", "chief-executive-2025-01"], true);
    assert!(said.starts_with(&format!("Wrote {file}.")), "{said}");
    let text = read(&site.path().join(file));
    for field in [
        "# date:",
        "# published_in:",
        "# url:",
        "`source: chief-executive-2025-01`",
    ] {
        assert!(text.contains(field), "every field is explained: {field}");
    }
    build_ok(site.path(), &[]);
    assert_eq!(
        placeholders_in(site.path(), file),
        [
            "8: `Full Name` is example text from the scaffold, not yet replaced",
            "8: `Their job title` is example text from the scaffold, not yet replaced",
            "19: `Copy the statement here` is example text from the scaffold, not yet replaced",
        ]
    );

    // Filled in, a page can quote it.
    std::fs::write(
        site.path().join(file),
        text.replace("Full Name", "Alex Example")
            .replace("Their job title", "Chief executive")
            .replace(
                "Copy the statement here, word for word as it was published.",
                "We are sorry that some patients waited too long for a home visit last winter.",
            ),
    )
    .unwrap();
    edit(
        site.path(),
        "content/services/district-nursing.md",
        "title: District nursing",
        "title: District nursing\napology:\n  by: { name: Alex Example, role: Chief executive }\n  text: We are sorry that every patient waited too long for a home visit last winter.\n  source: chief-executive-2025-01",
    );
    let (code, text) = check(site.path(), &[]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("the apology"),
        "the quotation is checked against it: {text}"
    );
    edit(
        site.path(),
        "content/services/district-nursing.md",
        "every patient",
        "some patients",
    );
    let (code, text) = check(site.path(), &[]);
    assert_eq!(code, 0, "{text}");
    assert_eq!(placeholders_in(site.path(), file), Vec::<String>::new());

    std::fs::write(site.path().join(file), "mine").unwrap();
    let said = new(
        site.path(),
        &["statement", "chief-executive-2025-01"],
        false,
    );
    assert!(
        said.contains("already exists: nothing was changed"),
        "{said}"
    );
    assert_eq!(read(&site.path().join(file)), "mine");
}

#[test]
fn new_page_writes_a_commented_page_and_never_overwrites() {
    let site = site("showcase");
    let file = "content/how-to-complain-our-promise.md";
    let said = new(site.path(), &["page", "How to complain: our promise"], true);
    assert!(said.starts_with(&format!("Wrote {file}.")), "{said}");
    let text = read(&site.path().join(file));
    // A colon and a space would end the title in YAML: it is quoted.
    assert!(
        text.contains("\ntitle: \"How to complain: our promise\"\n"),
        "{text}"
    );
    assert!(text.contains("# description:"), "every field is explained");
    assert!(text.contains("# reviewed:"));
    assert!(text.contains("`how-to-complain-our-promise/`"));
    build_ok(site.path(), &[]);
    let page = read(
        &site
            .path()
            .join("public/how-to-complain-our-promise/index.html"),
    );
    assert!(page.contains("How to complain: our promise</h1>"), "{page}");
    assert_eq!(
        placeholders_in(site.path(), file),
        [
            "16: `Write the page here` is example text from the scaffold, not yet replaced",
            "18: `Start a section with a heading line` is example text from the scaffold, not yet replaced",
        ]
    );

    std::fs::write(site.path().join(file), "mine").unwrap();
    let said = new(
        site.path(),
        &["page", "How to complain - our promise"],
        false,
    );
    assert!(
        said.contains(&format!("`{file}` already exists: nothing was changed")),
        "{said}"
    );
    assert_eq!(read(&site.path().join(file)), "mine");

    // Where carepages publishes a page of its own, and a title with nothing to make an
    // address from, are refused.
    let said = new(site.path(), &["page", "Embed"], false);
    assert!(
        said.contains("where carepages publishes its page of badges to embed"),
        "{said}"
    );
    let said = new(site.path(), &["page", "***"], false);
    assert!(said.contains("has no letters or digits"), "{said}");
    assert!(!site.path().join("content/embed.md").exists());
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
        text.contains("content/services/podiatry.md:2:25: warning: the text after `#` here is left out: YAML reads ` #` as the start of a comment\n      help: put the text in double quotes to keep it: `title: \"Podiatry at Ward #4\"`"),
        "{text}"
    );
    assert_eq!(text.matches("comment").count(), 1, "{text}");
}
