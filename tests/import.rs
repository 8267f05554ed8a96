//! `carepages import cqc`: the CQC's ratings data (a made-up file in its layout, made by
//! `tests/fixtures/import/make_ods.py`) becomes seed reports, one per publication date; a
//! second import keeps what the writer added; every mistake is named with its row and fix,
//! and then nothing is written.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_yaml::Value;

const REPORT_2023: &str = "seeds/inspections/cqc-rx1-2023-06-01.yaml";
const REPORT_2024: &str = "seeds/inspections/cqc-rx1-2024-03-14.yaml";

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/import").join(name)
}

/// A site with its settings and no seeds, holding a copy of the fixture data files.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::copy(
        repo().join("tests/fixtures/showcase/carepages.yaml"),
        dir.path().join("carepages.yaml"),
    )
    .unwrap();
    for name in ["latest-ratings.ods", "latest-ratings.csv", "errors.ods"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    dir
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `carepages import cqc FILE --provider PROVIDER` in the site's folder.
fn import(site: &Path, file: &str, provider: &str) -> Run {
    let out = carepages(site, &["import", "cqc", file, "--provider", provider]);
    let run = Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn import_ok(site: &Path, file: &str) -> Run {
    let run = import(site, file, "RX1");
    assert_eq!(run.code, Some(0), "{}\n{}", run.stderr, run.stdout);
    run
}

/// Every file in `seeds/`, with its bytes (none when there is no such folder).
fn seeds(site: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = site.join("seeds");
    if dir.exists() {
        snapshot_tree(&dir)
    } else {
        Vec::new()
    }
}

fn yaml(site: &Path, file: &str) -> Value {
    serde_yaml::from_str(&read(&site.join(file))).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Replaces `from` by `to` in the site's copy of `file`, returning the line number of the
/// (first) changed line.
fn edit(site: &Path, file: &str, from: &str, to: &str) -> usize {
    let path = site.join(file);
    let text = read(&path);
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("{file} has {from:?}"));
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    text[..at].matches('\n').count() + 1
}

/// The text after the end line, which the import never changes.
fn below_end_line(text: &str) -> &str {
    let end = text
        .find("\n# --- end of imported ratings (")
        .expect("an end line")
        + 1;
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    &text[line_end..]
}

#[test]
fn the_ods_file_becomes_one_report_per_publication_date() {
    let site = site();
    let run = import(site.path(), "latest-ratings.ods", "rx1");
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Imported 13 ratings for Example Hospitals NHS Trust (RX1) from latest-ratings.ods:
  wrote seeds/inspections/cqc-rx1-2023-06-01.yaml (new)
  wrote seeds/inspections/cqc-rx1-2024-03-14.yaml (new)
Skipped 3 rows for other providers.

Service ids (a page content/services/<id>.md shows a service's ratings):
  community-health-services-for-adults: Community health services for adults (no page yet)
  example-general-hospital-maternity: Maternity at Example General Hospital (no page yet)
"
    );
    assert_eq!(run.stderr, "");

    let march = yaml(site.path(), REPORT_2024);
    assert_eq!(march["regulator"], "Care Quality Commission");
    assert_eq!(march["provider"], "Example Hospitals NHS Trust");
    assert_eq!(march["provider_id"], "RX1");
    assert_eq!(march["published"], "2024-03-14");
    // The data's URL is the provider's page, which `provider_id` links to: not a report.
    assert!(march.get("report_url").is_none());
    let provider = &march["provider_ratings"];
    // "Well led" in the data, a date cell for "safe", text dates for the others.
    for (question, rating) in [
        ("overall", "good"),
        ("effective", "good"),
        ("caring", "outstanding"),
        ("responsive", "good"),
        ("well-led", "good"),
    ] {
        assert_eq!(provider[question], rating, "{question}");
    }
    assert_eq!(provider["safe"]["rating"], "requires-improvement");
    assert_eq!(provider["safe"]["inherited_from"], "the previous provider");
    let general = &march["locations"]["example-general-hospital"];
    assert_eq!(general["name"], "Example General Hospital");
    assert_eq!(general["location_id"], "RX101");
    assert_eq!(general["overall"], "good", "from a date cell");
    let maternity = &march["services"]["example-general-hospital-maternity"];
    assert_eq!(maternity["name"], "Maternity");
    assert_eq!(maternity["location"], "example-general-hospital");
    assert_eq!(maternity["safe"], "inadequate");
    assert!(
        maternity.get("overall").is_none(),
        "rated in 2023, not here"
    );

    let june = yaml(site.path(), REPORT_2023);
    assert_eq!(june["published"], "2023-06-01");
    assert!(june.get("provider_ratings").is_none());
    assert!(june.get("report_url").is_none());
    let general = &june["locations"]["example-general-hospital"];
    assert_eq!(general["location_id"], "RX101");
    assert!(
        general.get("overall").is_none(),
        "listed for its maternity service only"
    );
    let st_marys = &june["locations"]["st-marys-hospital-outpatients-day-surgery"];
    assert_eq!(
        st_marys["name"],
        "St Mary's Hospital: Outpatients & Day Surgery"
    );
    assert_eq!(st_marys["overall"], "not-rated");
    let maternity = &june["services"]["example-general-hospital-maternity"];
    assert_eq!(maternity["overall"], "requires-improvement");
    assert_eq!(maternity["well-led"], "suspended");
    let adults = &june["services"]["community-health-services-for-adults"];
    assert_eq!(adults["name"], "Community health services for adults");
    assert!(adults.get("location").is_none(), "rated trust-wide");
    assert_eq!(adults["overall"], "good");
    assert_eq!(adults["safe"], "inspected-but-not-rated");

    let text = read(&site.path().join(REPORT_2024));
    assert!(text.starts_with(
        "# Imported by `carepages import cqc` from the CQC's ratings data (latest-ratings.ods).\n"
    ));
    assert!(text.contains(
        "\n  safe: { rating: requires-improvement, inherited_from: \"the previous provider\" }\n"
    ));
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with("# --- end of imported ratings (fingerprint ") && last.ends_with(") ---"),
        "{last}"
    );
}

#[test]
fn a_csv_file_of_the_same_rows_writes_the_same_reports() {
    let from_ods = site();
    let from_csv = site();
    import_ok(from_ods.path(), "latest-ratings.ods");
    let run = import_ok(from_csv.path(), "latest-ratings.csv");
    assert!(
        run.stdout.contains("from latest-ratings.csv:"),
        "{}",
        run.stdout
    );
    for file in [REPORT_2023, REPORT_2024] {
        let ods = read(&from_ods.path().join(file));
        let csv = read(&from_csv.path().join(file));
        let (ods_first, ods_rest) = ods.split_once('\n').unwrap();
        let (csv_first, csv_rest) = csv.split_once('\n').unwrap();
        assert!(ods_first.ends_with("(latest-ratings.ods)."));
        assert!(csv_first.ends_with("(latest-ratings.csv)."));
        // The fingerprint covers the first line too; everything else is the same.
        let body = |text: &str| text[..text.rfind("# --- end").unwrap()].to_owned();
        assert_eq!(body(ods_rest), body(csv_rest), "{file}");
    }
}

#[test]
fn importing_again_changes_nothing() {
    let site = site();
    import_ok(site.path(), "latest-ratings.ods");
    let before = seeds(site.path());
    for file in ["latest-ratings.ods", "latest-ratings.csv"] {
        let run = import_ok(site.path(), file);
        assert!(
            run.stdout
                .contains(&format!("  {REPORT_2023} is up to date\n"))
                && run
                    .stdout
                    .contains(&format!("  {REPORT_2024} is up to date\n")),
            "{}",
            run.stdout
        );
        assert!(!run.stdout.contains("wrote"), "{}", run.stdout);
        assert_eq!(seeds(site.path()), before, "byte for byte, from {file}");
    }
}

#[test]
fn what_the_writer_adds_below_the_end_line_survives_a_newer_import() {
    let site = site();
    import_ok(site.path(), "latest-ratings.ods");
    let passages = "\n# Our notes on the report.\npassages:\n  - text: >-\n      Staff were kind: patients said so.\n    services: [example-general-hospital-maternity]\n";
    let path = site.path().join(REPORT_2024);
    let mut text = read(&path);
    text.push_str(passages);
    std::fs::write(&path, &text).unwrap();
    let june = read(&site.path().join(REPORT_2023));

    // The CQC corrects a rating of 14 March 2024 in next month's file.
    edit(
        site.path(),
        "latest-ratings.csv",
        ",Overall,Caring,Outstanding,",
        ",Overall,Caring,Good,",
    );
    let run = import_ok(site.path(), "latest-ratings.csv");
    assert!(
        run.stdout
            .contains(&format!("  wrote {REPORT_2024} (updated)\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("  {REPORT_2023} is up to date\n"))
    );

    let updated = read(&path);
    assert_eq!(
        below_end_line(&updated),
        below_end_line(&text),
        "kept byte for byte"
    );
    assert!(updated.ends_with(passages));
    let report = yaml(site.path(), REPORT_2024);
    assert_eq!(report["provider_ratings"]["caring"], "good");
    assert_eq!(
        report["passages"][0]["text"],
        "Staff were kind: patients said so."
    );
    assert!(updated.contains("(latest-ratings.csv)"), "names its source");
    assert_eq!(
        read(&site.path().join(REPORT_2023)),
        june,
        "an unchanged report is left alone"
    );
    assert!(
        std::fs::read_dir(site.path().join("seeds/inspections"))
            .unwrap()
            .flatten()
            .all(|e| e.file_name().to_string_lossy().starts_with("cqc-")),
        "no temporary file is left behind"
    );
}

#[test]
fn a_rating_a_later_report_replaced_stays_in_its_report_as_history() {
    let site = site();
    import_ok(site.path(), "latest-ratings.ods");
    // A newer file: maternity's safety was rated again on 10 January 2025, so the data no
    // longer lists the rating of 14 March 2024.
    edit(
        site.path(),
        "latest-ratings.csv",
        "Maternity,Safe,Inadequate,14/03/2024,",
        "Maternity,Safe,Good,10/01/2025,",
    );
    let run = import_ok(site.path(), "latest-ratings.csv");
    assert!(
        run.stdout.contains(&format!(
            "  {REPORT_2024} is up to date\n  wrote seeds/inspections/cqc-rx1-2025-01-10.yaml (new)\n"
        )),
        "{}",
        run.stdout
    );
    let march = yaml(site.path(), REPORT_2024);
    assert_eq!(
        march["services"]["example-general-hospital-maternity"]["safe"],
        "inadequate"
    );
    let january = yaml(site.path(), "seeds/inspections/cqc-rx1-2025-01-10.yaml");
    let maternity = &january["services"]["example-general-hospital-maternity"];
    assert_eq!(maternity["safe"], "good");
    assert_eq!(maternity["location"], "example-general-hospital");
    assert_eq!(
        january["locations"]["example-general-hospital"]["location_id"],
        "RX101"
    );

    // A correction of the same report's other ratings still comes through, and the summary
    // says what was kept.
    edit(
        site.path(),
        "latest-ratings.csv",
        ",Overall,Effective,Good,14/03/2024,",
        ",Overall,Effective,Outstanding,14/03/2024,",
    );
    let run = import_ok(site.path(), "latest-ratings.csv");
    assert!(
        run.stdout.contains(&format!(
            "  wrote {REPORT_2024} (updated, keeping 1 earlier rating the data no longer lists)\n"
        )),
        "{}",
        run.stdout
    );
    let march = yaml(site.path(), REPORT_2024);
    assert_eq!(march["provider_ratings"]["effective"], "outstanding");
    assert_eq!(
        march["services"]["example-general-hospital-maternity"]["safe"],
        "inadequate"
    );
}

#[test]
fn the_writer_may_name_the_previous_provider() {
    let site = site();
    import_ok(site.path(), "latest-ratings.ods");
    edit(
        site.path(),
        REPORT_2024,
        "inherited_from: \"the previous provider\"",
        "inherited_from: \"Sunrise Care Ltd\"",
    );
    edit(
        site.path(),
        "latest-ratings.csv",
        ",Overall,Caring,Outstanding,",
        ",Overall,Caring,Good,",
    );
    let run = import_ok(site.path(), "latest-ratings.csv");
    assert!(run.stdout.contains("(updated)"), "{}", run.stdout);
    let report = yaml(site.path(), REPORT_2024);
    assert_eq!(
        report["provider_ratings"]["safe"]["inherited_from"],
        "Sunrise Care Ltd"
    );
    assert_eq!(report["provider_ratings"]["caring"], "good");
}

#[test]
fn an_edited_imported_part_is_refused_and_nothing_is_written() {
    let site = site();
    import_ok(site.path(), "latest-ratings.ods");
    let line = edit(
        site.path(),
        REPORT_2024,
        "  caring: outstanding\n",
        "  caring: good\n",
    );
    std::fs::remove_file(site.path().join(REPORT_2023)).unwrap();
    let before = seeds(site.path());
    let run = import(site.path(), "latest-ratings.ods", "RX1");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: the imported part of this file (above this line) was edited since the import wrote it, so the import will not replace it\n"
        ),
        "{}",
        run.stderr
    );
    let end_line = read(&site.path().join(REPORT_2024)).lines().count();
    assert!(line < end_line);
    assert!(
        run.stderr
            .contains(&format!("--> {REPORT_2024}:{end_line}:1\n")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("move your edits below this line"));
    assert!(
        run.stderr
            .ends_with("Nothing was written: fix the errors above and run the import again.\n")
    );
    assert_eq!(
        seeds(site.path()),
        before,
        "the other report is not written either"
    );
}

#[test]
fn a_file_of_the_same_name_the_import_did_not_write_is_refused() {
    let site = site();
    let hand = "regulator: Care Quality Commission\nprovider: Example Hospitals NHS Trust\n";
    std::fs::create_dir_all(site.path().join("seeds/inspections")).unwrap();
    std::fs::write(site.path().join(REPORT_2024), hand).unwrap();
    let before = seeds(site.path());
    let run = import(site.path(), "latest-ratings.ods", "RX1");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: this file has no line \"# --- end of imported ratings\", so the import did not write it and will not replace it\n --> {REPORT_2024}\n"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("rename your file"), "{}", run.stderr);
    assert_eq!(seeds(site.path()), before);
}

#[test]
fn a_file_git_turned_to_windows_line_ends_is_still_updated() {
    let site = site();
    import_ok(site.path(), "latest-ratings.ods");
    let path = site.path().join(REPORT_2024);
    let crlf = format!("{}# Notes.\r\n", read(&path).replace('\n', "\r\n"));
    std::fs::write(&path, &crlf).unwrap();
    let run = import_ok(site.path(), "latest-ratings.ods");
    assert!(
        run.stdout
            .contains(&format!("  {REPORT_2024} is up to date\n"))
    );
    assert_eq!(read(&path), crlf);

    edit(
        site.path(),
        "latest-ratings.csv",
        ",Overall,Caring,Outstanding,",
        ",Overall,Caring,Good,",
    );
    let run = import_ok(site.path(), "latest-ratings.csv");
    assert!(run.stdout.contains("(updated)"), "{}", run.stdout);
    let updated = read(&path);
    assert!(updated.ends_with(" ---\r\n# Notes.\r\n"), "{updated}");
    assert_eq!(
        updated.matches('\n').count(),
        updated.matches("\r\n").count()
    );
    assert_eq!(
        yaml(site.path(), REPORT_2024)["provider_ratings"]["caring"],
        "good"
    );
}

#[test]
fn mistakes_in_a_spreadsheet_are_all_reported_at_their_sheet_and_row() {
    let site = site();
    let run = import(site.path(), "errors.ods", "RX1");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for (row, message) in [
        (
            3,
            "`Gud` is not a rating the CQC gives (column F, Latest Rating)",
        ),
        (
            4,
            "`2024/03/14` is not a date in the form dd/mm/yyyy (column G, Publication Date)",
        ),
        (
            5,
            "`31/02/2024` is not a date: February 2024 has 29 days (column G, Publication Date)",
        ),
        (6, "location `RX103` has no name (column B, Location Name)"),
        (
            7,
            "`Kindness` is not one of the CQC's key questions (column E, Domain)",
        ),
    ] {
        let expected =
            format!("error: {message}\n --> errors.ods, sheet Locations, row {row}\n  = help: ");
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
    assert!(run.stderr.contains("did you mean `Good`?"));
    assert!(run.stderr.contains("5 errors and 0 warnings found\n"));
    assert_eq!(seeds(site.path()), Vec::new(), "nothing written");
}

#[test]
fn mistakes_in_a_csv_file_are_reported_at_their_line() {
    for (from, to, message) in [
        (
            ",Overall,Caring,Outstanding,",
            ",Overall,Caring,Excellent,",
            "`Excellent` is not a rating the CQC gives (column Latest Rating)",
        ),
        (
            "Not rated,01/06/2023,",
            "Not rated,2023-6-1,",
            "`2023-6-1` is not a date in the form dd/mm/yyyy (column Publication Date)",
        ),
        (
            "Maternity,Safe,Inadequate,14/03/2024,",
            "Maternity,Safe,Inadequate,30/02/2024,",
            "`30/02/2024` is not a date: February 2024 has 29 days (column Publication Date)",
        ),
        (
            "RX102,St Mary's Hospital: Outpatients & Day Surgery,",
            "RX102,,",
            "location `RX102` has no name (column Location Name)",
        ),
        (
            ",Overall,Responsive,Good,",
            ",Overall,Responsiveness,Good,",
            "`Responsiveness` is not one of the CQC's key questions (column Domain)",
        ),
        (
            ",Overall,Well led,Good,14/03/2024,Provider,,",
            ",Overall,Well led,Good,14/03/2024,Provider,Perhaps,",
            "`Perhaps` is not Y or N (column Inherited Rating (Y/N))",
        ),
    ] {
        let site = site();
        let line = edit(site.path(), "latest-ratings.csv", from, to);
        let run = import(site.path(), "latest-ratings.csv", "RX1");
        assert_eq!(run.code, Some(1), "{to}: {}", run.stderr);
        let pad = " ".repeat(line.to_string().len());
        let expected = format!("error: {message}\n{pad}--> latest-ratings.csv:{line}\n{pad} |\n");
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
        assert!(run.stderr.contains(to), "the line is shown: {}", run.stderr);
        assert!(
            run.stderr
                .contains("Nothing was written: fix the errors above")
        );
        assert_eq!(seeds(site.path()), Vec::new(), "{to}: nothing written");
    }
}

#[test]
fn a_file_that_cannot_be_read_is_exit_code_2_and_writes_nothing() {
    let ods = std::fs::read(fixture("latest-ratings.ods")).unwrap();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        (
            "latest-ratings.ods",
            b"Provider ID,Domain\n".to_vec(),
            "could not read `latest-ratings.ods` as a spreadsheet: the file is damaged or is not a .ods file",
        ),
        (
            "half.ods",
            ods[..ods.len() / 2].to_vec(),
            "could not read `half.ods` as a spreadsheet",
        ),
        (
            "ratings.csv",
            ods.clone(),
            "`ratings.csv` is not a CSV file: it holds binary data, not text",
        ),
        (
            "ratings.pdf",
            b"%PDF-1.7".to_vec(),
            "`ratings.pdf` is not a file the import reads",
        ),
        ("", Vec::new(), "could not read `missing.ods`"),
    ];
    for (name, bytes, message) in cases {
        let site = site();
        let file = if name.is_empty() {
            "missing.ods"
        } else {
            std::fs::write(site.path().join(name), bytes).unwrap();
            name
        };
        let run = import(site.path(), file, "RX1");
        assert_eq!(run.code, Some(2), "{file}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{message}\n{}", run.stderr);
        assert_eq!(seeds(site.path()), Vec::new(), "{file}: nothing written");
    }
}

#[test]
fn a_rating_given_twice_is_a_warning_and_the_later_row_counts() {
    let site = site();
    let text = read(&site.path().join("latest-ratings.csv"));
    let first = text
        .lines()
        .position(|l| l.contains(",Overall,Caring,Outstanding,"))
        .unwrap()
        + 1;
    let repeat = text
        .lines()
        .find(|l| l.contains(",Overall,Caring,Outstanding,"))
        .unwrap()
        .replace("Outstanding", "Good");
    std::fs::write(
        site.path().join("latest-ratings.csv"),
        format!("{text}{repeat}\n"),
    )
    .unwrap();
    let last = text.lines().count() + 1;
    let run = import_ok(site.path(), "latest-ratings.csv");
    let expected = format!(
        "warning: this row repeats a rating given at line {first}: Caring of the provider, published 14 March 2024; the later row, this one, is used\n  --> latest-ratings.csv:{last}\n"
    );
    assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    assert!(
        run.stdout.starts_with("Imported 13 ratings"),
        "{}",
        run.stdout
    );
    assert_eq!(
        yaml(site.path(), REPORT_2024)["provider_ratings"]["caring"],
        "good"
    );
}

#[test]
fn a_provider_the_file_does_not_hold_is_named_with_the_nearest() {
    let site = site();
    let run = import(site.path(), "latest-ratings.ods", "RX11");
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "no row of `latest-ratings.ods` is for the provider `RX11` (all 16 rows are for other providers).\nFix: did you mean `RX1` (Example Hospitals NHS Trust)?\n"
    );
    let run = import(site.path(), "latest-ratings.ods", "Other Care");
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains(
            "Fix: give the provider's id: providers whose names contain `Other Care` are `RX2` (Other Care NHS Foundation Trust)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(seeds(site.path()), Vec::new());
}

#[test]
fn missing_columns_are_listed_with_the_columns_found() {
    let site = site();
    let line = edit(
        site.path(),
        "latest-ratings.csv",
        ",Latest Rating,Publication Date,",
        ",Rating,Date,",
    );
    let run = import(site.path(), "latest-ratings.csv", "RX1");
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let expected = "error: the header row has no column `Latest Rating`, `Publication Date`; the columns it has are `Location ID`, `Location Name`, `Location Type`, `Service / Population Group`, `Domain`, `Rating`, `Date`, ";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!(" --> latest-ratings.csv:{line}\n"))
    );
    assert_eq!(seeds(site.path()), Vec::new());
}

#[test]
fn the_root_must_be_a_site_folder() {
    let site = site();
    std::fs::remove_file(site.path().join("carepages.yaml")).unwrap();
    let run = import(site.path(), "latest-ratings.ods", "RX1");
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .starts_with("there is no carepages.yaml in `.`: run the import in the site's folder"),
        "{}",
        run.stderr
    );
    assert_eq!(seeds(site.path()), Vec::new());
}

#[test]
fn an_imported_site_builds_and_its_pages_show_each_rating_with_its_date() {
    let site = site();
    import_ok(site.path(), "latest-ratings.ods");
    let services = site.path().join("content/services");
    std::fs::create_dir_all(&services).unwrap();
    for (id, title) in [
        ("example-general-hospital-maternity", "Maternity"),
        (
            "community-health-services-for-adults",
            "Community services for adults",
        ),
    ] {
        std::fs::write(
            services.join(format!("{id}.md")),
            format!("---\ntitle: {title}\nsummary: What the ratings mean for you.\n---\n"),
        )
        .unwrap();
    }
    build_ok(site.path(), &[]);
    let page = |path: &str| text_of(&main_of(&read(&site.path().join("public").join(path))));

    // Maternity was rated overall in June 2023 and re-rated on safe in March 2024: each
    // rating shows its own date, and the service is placed at its hospital.
    let maternity = page("services/example-general-hospital-maternity/index.html");
    assert!(
        maternity.contains("Rated at Example General Hospital."),
        "{maternity}"
    );
    assert!(
        maternity.contains("Overall: Requires improvement Rated 1 June 2023"),
        "{maternity}"
    );
    assert!(
        maternity.contains("Are services safe? Inadequate Rated 14 March 2024"),
        "{maternity}"
    );
    assert!(
        maternity.contains("Are services well-led? Rating suspended As of 1 June 2023"),
        "{maternity}"
    );
    // The link to the latest assessment is the hospital's page on the CQC's website.
    let html = read(
        &site
            .path()
            .join("public/services/example-general-hospital-maternity/index.html"),
    );
    assert!(
        html.contains("<a href=\"https://www.cqc.org.uk/location/RX101\">www.cqc.org.uk</a>"),
        "{html}"
    );
    let adults = page("services/community-health-services-for-adults/index.html");
    assert!(
        adults.contains("Are services safe? Inspected but not rated"),
        "{adults}"
    );
    // The trust's own rating: its safe rating was inherited, and says so.
    let home = page("index.html");
    assert!(
        home.contains("Example General Hospital Example General Hospital overall: Good"),
        "{home}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&site.path().join("public/ratings.json"))).unwrap();
    assert_eq!(
        json["organisation"]["ratings"]["safe"]["inherited_from"],
        "the previous provider"
    );
    assert_eq!(
        json["organisation"]["assessment_url"],
        "https://www.cqc.org.uk/provider/RX1"
    );
}
