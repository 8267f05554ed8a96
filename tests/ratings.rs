//! Ratings as the regulator keeps them: each rating stands until a report rates it again, with
//! its own date; locations, states, scores and inherited ratings; ids that nearly match a page;
//! and the display rules `check` reports.

mod common;

use std::path::Path;

use common::*;

fn page_text(site: &Path, path: &str) -> String {
    text_of(&main_of(&read(&site.join("public").join(path))))
}

/// Runs `check --format json` and returns its problems as (code, severity, file, message).
fn problems(site: &Path) -> Vec<(String, String, String, String)> {
    let out = carepages(site, &["check", "--today", TODAY, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap_or_default().to_owned();
            (s("code"), s("severity"), s("file"), s("message"))
        })
        .collect()
}

#[test]
fn a_focused_inspection_re_rates_some_questions_and_the_others_keep_their_dates() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let text = page_text(site.path(), "services/urgent-care/index.html");
    // Safe and responsive come from the focused inspection of March 2021; the overall rating
    // and the other key questions stand from the report of May 2020.
    assert!(
        text.contains("Overall: Inadequate Rated 20 May 2020 Are services safe? Requires improvement Rated 1 March 2021; score 58 out of 100 Are services effective? Requires improvement Rated 20 May 2020"),
        "{text}"
    );
    assert!(
        text.contains(
            "Are services responsive to people's needs? Requires improvement Rated 1 March 2021"
        ),
        "{text}"
    );
    assert!(text.contains("These ratings come from 2 reports"), "{text}");
    // The history shows each report's own ratings, a dash (read as "not rated in this
    // report") where it did not rate a question.
    assert!(
        text.contains("Published 1 March 2021 – This report did not rate it Requires improvement Score 58 out of 100"),
        "{text}"
    );
    // A service whose ratings all come from one report dates its overall rating once, not
    // each key question.
    let district = page_text(site.path(), "services/district-nursing/index.html");
    assert!(
        district.contains(
            "Overall: Good Rated 20 May 2020 Are services safe? Good Are services effective? Good"
        ),
        "{district}"
    );
    assert_eq!(district.matches("Rated 20 May").count(), 1, "{district}");
}

#[test]
fn locations_states_and_inherited_ratings_are_said_in_words() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let urgent = page_text(site.path(), "services/urgent-care/index.html");
    assert!(
        urgent.contains("The Care Quality Commission calls this service “Urgent and emergency services”. Rated at Riverside Community Hospital."),
        "{urgent}"
    );
    assert!(
        urgent.contains(
            "The latest assessment is on the Care Quality Commission’s website: www.cqc.org.uk."
        ),
        "{urgent}"
    );
    let memory = page_text(site.path(), "services/memory-clinic/index.html");
    assert!(
        memory.contains("Are services effective? Inspected but not rated"),
        "{memory}"
    );
    let wheelchair = page_text(site.path(), "services/wheelchair-service/index.html");
    assert!(
        wheelchair.contains("Are services well-led? Rating suspended"),
        "{wheelchair}"
    );
    let birth = page_text(site.path(), "services/new-birth-centre/index.html");
    assert!(
        birth.contains(
            "Overall: Good Rated 1 March 2021; awarded to Example Maternity Partnership, the previous provider"
        ),
        "{birth}"
    );
    let podiatry = page_text(site.path(), "services/podiatry/index.html");
    assert!(podiatry.contains("Overall: Not yet rated"), "{podiatry}");

    // The home page groups services by where they were rated, with the location's rating.
    let home = page_text(site.path(), "index.html");
    let across = home.find("Services across the trust").expect("{home}");
    let riverside = home
        .find("Riverside Community Hospital Riverside Community Hospital overall: Good")
        .unwrap_or_else(|| panic!("{home}"));
    assert!(across < riverside);
    assert!(home[riverside..].contains("Urgent care centre"));
    assert!(!home[across..riverside].contains("Urgent care centre"));

    // Every state has its own icon, and the standalone badge says the state in words.
    let svg = read(&site.path().join("public/badges/new-birth-centre.svg"));
    assert!(
        svg.contains("New birth centre: rated Good by the Care Quality Commission"),
        "{svg}"
    );
    let podiatry_svg = read(&site.path().join("public/badges/podiatry.svg"));
    assert!(
        podiatry_svg.contains("Podiatry: not yet rated"),
        "{podiatry_svg}"
    );
}

#[test]
fn a_report_id_that_nearly_matches_a_page_is_an_error_naming_the_page() {
    for typed in ["Urgent-Care", "urgent-cate"] {
        let site = site("showcase");
        edit(
            site.path(),
            "seeds/inspections/focused-2021.yaml",
            "  urgent-care:\n",
            &format!("  {typed}:\n"),
        );
        let out = carepages(site.path(), &["build", "--today", TODAY]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "error: the report rates `{typed}`, but no page has that id: the page `urgent-care` will not show this report's ratings"
            )),
            "{stderr}"
        );
        assert!(stderr.contains("did you mean `urgent-care`?"), "{stderr}");
        assert!(
            stderr.contains("seeds/inspections/focused-2021.yaml:16:"),
            "{stderr}"
        );
        assert!(!site.path().join("public").exists());
    }
}

#[test]
fn ratings_the_regulator_does_not_give_are_located_errors_all_in_one_run() {
    let site = site("showcase");
    let report = "seeds/inspections/focused-2021.yaml";
    edit(
        site.path(),
        report,
        "score: 58 }\n    responsive",
        "score: 158 }\n    responsive",
    );
    edit(
        site.path(),
        report,
        "    location: riverside\n    effective",
        "    location: riverside-hospital\n    effective",
    );
    edit(
        site.path(),
        report,
        "    location_id: 1-000000001\n",
        "    location_id: 1-000000001\n    location: riverside\n",
    );
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for expected in [
        "the safe score of urgent-care is 158, but scores are out of 100",
        "the service `memory-clinic` is at the location `riverside-hospital`, which no report names",
        "the reports name these locations: riverside",
        "`location: riverside` is only for a service",
        "3 errors",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }

    let site = common::site("showcase");
    edit(
        site.path(),
        report,
        "well-led: suspended",
        "well-led: rating-suspended",
    );
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`rating-suspended` is not an allowed value"),
        "{stderr}"
    );
    assert!(
        stderr.contains("inspected-but-not-rated, suspended"),
        "the allowed values are listed: {stderr}"
    );
}

#[test]
fn an_unknown_regulator_is_an_error_listing_the_known_ones() {
    let site = site("showcase");
    edit(
        site.path(),
        "seeds/inspections/focused-2021.yaml",
        "regulator: Care Quality Commission",
        "regulator: Care Quality Comission",
    );
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`Care Quality Comission` is not a regulator carepages knows"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`Care Quality Commission` (or `cqc`)"),
        "{stderr}"
    );
}

#[test]
fn two_reports_rating_one_thing_on_one_date_are_named_and_the_later_id_stands() {
    let site = site("showcase");
    std::fs::write(
        site.path().join("seeds/inspections/focused-2021-copy.yaml"),
        "regulator: cqc\nprovider: Example Community NHS Trust\npublished: 2021-03-01\nservices:\n  urgent-care: { safe: inadequate }\n",
    )
    .unwrap();
    let problems = problems(site.path());
    let same: Vec<_> = problems.iter().filter(|p| p.0 == "same-date").collect();
    assert_eq!(same.len(), 1, "{problems:?}");
    assert_eq!(same[0].2, "seeds/inspections/focused-2021-copy.yaml");
    assert_eq!(
        same[0].3,
        "this report and `focused-2021` both rate `urgent-care` (safe) on the same date, 1 March 2021. They differ; the site shows this report's, the later by file name"
    );
    build_ok(site.path(), &[]);
    let text = page_text(site.path(), "services/urgent-care/index.html");
    assert!(
        text.contains("Are services safe? Inadequate Rated 1 March 2021"),
        "{text}"
    );
}

#[test]
fn check_reports_what_the_display_rules_need_and_the_seeds_lack() {
    let site = site("showcase");
    let display = |site: &Path| -> Vec<(String, String)> {
        problems(site)
            .into_iter()
            .filter(|p| p.0 == "display-rules")
            .map(|p| (p.2, p.3))
            .collect()
    };
    assert_eq!(display(site.path()), [], "the showcase links every rating");

    // No provider id and a report link that is not on the regulator's website.
    edit(
        site.path(),
        "seeds/inspections/focused-2021.yaml",
        "provider_id: RX9\n",
        "",
    );
    edit(
        site.path(),
        "seeds/inspections/focused-2021.yaml",
        "report_url: https://www.cqc.org.uk/provider/RX9/reports/focused-2021",
        "report_url: https://example.org/focused",
    );
    edit(
        site.path(),
        "seeds/inspections/focused-2021.yaml",
        "    location_id: 1-000000001\n",
        "",
    );
    edit(
        site.path(),
        "seeds/inspections/report-2020.yaml",
        "published: 2020-05-20\n",
        "",
    );
    let found = display(site.path());
    let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert!(
        messages.contains(&"4 pages show ratings from this report, but its `report_url` (https://example.org/focused) is not on www.cqc.org.uk, and no provider or location id gives the page there"),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(file, m)| file == "seeds/inspections/report-2020.yaml"
                && m.starts_with("the report has no `published:` date")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|(file, m)| file == "seeds/inspections/report-2020.yaml"
                && m.starts_with("2 pages show ratings from this report, but its `report_url` (https://example.org/reports/2020) is not on www.cqc.org.uk")),
        "{found:#?}"
    );
}

#[test]
fn a_page_whose_words_give_a_rating_it_does_not_show_is_reported() {
    let site = site("showcase");
    // District nursing was rated requires improvement in 2018 and good in 2020.
    edit(
        site.path(),
        "content/services/district-nursing.md",
        "Inspectors rated the service **good**.",
        "Inspectors rated the service **requires improvement**.",
    );
    // No report rates podiatry.
    edit(
        site.path(),
        "content/services/podiatry.md",
        "summary: No report has rated podiatry yet, so it is not yet rated.",
        "summary: The podiatry service was rated outstanding.",
    );
    let found: Vec<_> = problems(site.path())
        .into_iter()
        .filter(|p| p.0 == "display-rules")
        .collect();
    assert!(
        found.iter().any(|p| p.2 == "content/services/district-nursing.md"
            && p.3 == "the summary says “rated the service requires improvement”, a rating from the report `report-2018` that the report `report-2020` replaced: the page shows Good overall"),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|p| p.2 == "content/services/podiatry.md"
            && p.3 == "the summary says “rated outstanding”, but no report in seeds rates `podiatry`, so the page shows it as not yet rated"),
        "{found:#?}"
    );
}

#[test]
fn mistakes_that_would_hide_a_newer_rating_are_errors() {
    let site = site("showcase");
    let report = site.path().join("seeds/inspections/focused-2021.yaml");
    let text = read(&report);
    // The same report saved as .yml, a copy with no date, and a service given twice.
    std::fs::write(
        site.path().join("seeds/inspections/focused-2022.yml"),
        text.replace("published: 2021-03-01", "published: 2022-03-01"),
    )
    .unwrap();
    std::fs::write(
        site.path().join("seeds/inspections/undated.yaml"),
        "regulator: cqc\nprovider: Example Community NHS Trust\nservices:\n  urgent-care: { overall: good }\n",
    )
    .unwrap();
    std::fs::write(
        &report,
        text.replace(
            "  wheelchair-service:\n",
            "  wheelchair-service:\n    overall: good\n  wheelchair-service:\n",
        )
        .replace(
            "provider_id: RX9",
            "provider_id: https://www.cqc.org.uk/provider/RX9",
        )
        .replace(
            "visited: { from: 2021-01-12 }",
            "visited: { from: 2021-04-12 }",
        ),
    )
    .unwrap();
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for expected in [
        "error: carepages reads only files ending in `.yaml` here, so this one is left out\n --> seeds/inspections/focused-2022.yml",
        "rename it to `focused-2022.yaml`",
        "error: the report has no date, so carepages cannot tell whether its ratings of `urgent-care` are newer than those of `report-2018`\n --> seeds/inspections/undated.yaml:2:1",
        "error: `wheelchair-service` is given twice in this report: give its ratings once (in `services`)\n  --> seeds/inspections/focused-2021.yaml:26:3\n   |\n26 |   wheelchair-service:",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(!site.path().join("public").exists());

    // With the duplicate gone, the other mistakes in the report are found together.
    std::fs::write(
        &report,
        text.replace(
            "provider_id: RX9",
            "provider_id: https://www.cqc.org.uk/provider/RX9",
        )
        .replace(
            "visited: { from: 2021-01-12 }",
            "visited: { from: 2021-04-12 }",
        )
        .replace(
            "  wheelchair-service:\n    well-led: suspended",
            "  wheelchair-service:\n    well-led: { rating: suspended, score: 40 }",
        ),
    )
    .unwrap();
    std::fs::remove_file(site.path().join("seeds/inspections/focused-2022.yml")).unwrap();
    std::fs::remove_file(site.path().join("seeds/inspections/undated.yaml")).unwrap();
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "error: `provider_id: https://www.cqc.org.uk/provider/RX9` is not an id of the Care Quality Commission",
        "error: the report is published (1 March 2021) before the inspectors visited (12 April 2021)",
        "error: the well-led score of wheelchair-service is 40, but the rating is `suspended`, which has no score",
        "3 errors",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
}

#[test]
fn ratings_given_under_a_page_s_old_id_are_its_own() {
    let site = site("showcase");
    // Podiatry renamed to foot care, keeping its old address; a report rates the old id.
    std::fs::rename(
        site.path().join("content/services/podiatry.md"),
        site.path().join("content/services/foot-care.md"),
    )
    .unwrap();
    edit(
        site.path(),
        "content/services/foot-care.md",
        "title: Podiatry",
        "title: Foot care\naliases: [podiatry]",
    );
    edit(
        site.path(),
        "seeds/inspections/report-2020.yaml",
        "services:\n",
        "services:\n  podiatry: { overall: good }\n",
    );
    build_ok(site.path(), &[]);
    let text = page_text(site.path(), "services/foot-care/index.html");
    assert!(text.contains("Overall: Good"), "{text}");
}

#[test]
fn ids_near_a_page_are_warnings_when_they_cannot_hide_a_newer_rating() {
    let site = site("showcase");
    // A typo in the oldest report (the page shows newer ratings whatever it says), and a
    // second ward whose number differs: warnings, with the page's id to check against.
    edit(
        site.path(),
        "seeds/inspections/report-2018.yaml",
        "  urgent-care: { overall: good }",
        "  urgent-cate: { overall: good }\n  memory-clinic-2: { overall: good }",
    );
    let found: Vec<_> = problems(site.path())
        .into_iter()
        .filter(|p| p.0 == "no-page")
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().all(|p| p.1 == "warning"), "{found:#?}");
    build_ok(site.path(), &[]);

    // A report that rates a page under its id and its old id at once is an error.
    let site = common::site("showcase");
    edit(
        site.path(),
        "content/services/podiatry.md",
        "title: Podiatry",
        "title: Podiatry\naliases: [foot-care]",
    );
    edit(
        site.path(),
        "seeds/inspections/report-2020.yaml",
        "services:\n",
        "services:\n  podiatry: { overall: good }\n  foot-care: { overall: inadequate }\n",
    );
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: the report rates both `podiatry` and `foot-care`, its old id, so one would hide the other"),
        "{stderr}"
    );
}

/// A table as a reader meets it: its column headers, and each row's header and cells with
/// their `colspan`, as text.
struct Table {
    columns: Vec<String>,
    rows: Vec<(String, Vec<(String, usize)>)>,
}

fn select<'a>(from: impl Into<scraper::ElementRef<'a>>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    from.into()
        .select(&scraper::Selector::parse(css).unwrap())
        .collect()
}

/// Text as read aloud: the visually hidden words in, the words hidden from assistive
/// technology (the phone layout's `.cell-label`) out; a space between elements.
fn spoken(element: scraper::ElementRef) -> String {
    let mut text = String::new();
    for node in element.descendants() {
        if let Some(t) = node.value().as_text() {
            let hidden = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| e.attr("aria-hidden") == Some("true"))
            });
            if !hidden {
                text.push_str(t);
                text.push(' ');
            }
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every `table` matching `css` in the page's `<main>`, each header cell checked to carry
/// its `scope`.
fn tables(html: &str, css: &str) -> Vec<Table> {
    let doc = scraper::Html::parse_document(html);
    let main = select(doc.root_element(), "main").remove(0);
    select(main, css)
        .into_iter()
        .map(|table| {
            let columns = select(table, "thead th")
                .into_iter()
                .map(|th| {
                    assert_eq!(th.value().attr("scope"), Some("col"), "{}", th.html());
                    spoken(th)
                })
                .collect();
            let rows = select(table, "tbody tr")
                .into_iter()
                .map(|tr| {
                    let th = select(tr, "th").remove(0);
                    assert_eq!(th.value().attr("scope"), Some("row"), "{}", tr.html());
                    let cells = select(tr, "td")
                        .into_iter()
                        .map(|td| {
                            let span = td.value().attr("colspan").map_or(1, |c| c.parse().unwrap());
                            (spoken(td), span)
                        })
                        .collect();
                    (spoken(th), cells)
                })
                .collect();
            Table { columns, rows }
        })
        .collect()
}

/// The text of the paragraphs of `class` in the page's `<main>`.
fn paragraphs(html: &str, class: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    select(doc.root_element(), &format!("main p.{class}"))
        .into_iter()
        .map(spoken)
        .collect()
}

const KEY_QUESTIONS: [&str; 7] = [
    "Service",
    "Overall",
    "Safe",
    "Effective",
    "Caring",
    "Responsive",
    "Well-led",
];

#[test]
fn a_report_that_rates_no_key_question_gives_the_grid_and_the_panel_no_not_known() {
    // The example site's only report rates each service overall, and no key question.
    let site = site("example");
    build_ok(site.path(), &[]);
    let home = read(&site.path().join("public/index.html"));
    let grids = tables(&home, "table.ratings-grid");
    assert_eq!(grids.len(), 1);
    let grid = &grids[0];
    assert_eq!(grid.columns, ["Service", "Overall"]);
    assert_eq!(grid.rows.len(), 3);
    for (service, cells) in &grid.rows {
        assert_eq!(cells.len(), 1, "{service}: {cells:?}");
        assert!(!cells[0].0.contains("Not known"), "{service}: {cells:?}");
    }
    assert!(grid.rows.contains(&(
        "Community mental health services for adults of working age".to_owned(),
        vec![(
            "Inadequate Inspected September to October 2019".to_owned(),
            1
        )]
    )));
    assert_eq!(
        paragraphs(&home, "grid-note"),
        [
            "The reports give these services only an overall rating, not ratings for the five key questions."
        ]
    );
    // The sentence comes right before the table it explains, whose caption says what it
    // holds.
    let doc = scraper::Html::parse_document(&home);
    let main = spoken(select(doc.root_element(), "main").remove(0));
    assert!(
        main.contains("not ratings for the five key questions. The overall rating of every service Service Overall Community mental health services"),
        "{main}"
    );
    assert!(!main.contains("Not known Not known"), "{main}");

    // Each service page says it once, instead of five "Not known".
    for service in [
        "community-mental-health-adults",
        "mental-health-children",
        "rehabilitation-wards",
    ] {
        let page = read(
            &site
                .path()
                .join(format!("public/services/{service}/index.html")),
        );
        let doc = scraper::Html::parse_document(&page);
        let panel = select(doc.root_element(), "main .rating-panel").remove(0);
        let words = spoken(panel);
        assert!(
            words.contains("The report rated this service only overall, not on the five key questions: is it safe, effective, caring, responsive to people’s needs, and well-led?"),
            "{service}: {words}"
        );
        assert!(!words.contains("Not known"), "{service}: {words}");
        assert!(select(panel, "dl.key-questions").is_empty(), "{service}");
    }
}

#[test]
fn reports_that_rate_key_questions_keep_the_full_grid_panel_and_history() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let home = read(&site.path().join("public/index.html"));
    let grids = tables(&home, "table.ratings-grid");
    assert_eq!(grids.len(), 2, "one table per location");
    for grid in &grids {
        assert_eq!(grid.columns, KEY_QUESTIONS);
        for (service, cells) in &grid.rows {
            assert_eq!(
                cells.iter().map(|c| c.1).collect::<Vec<_>>(),
                [1; 6],
                "{service}: {cells:?}"
            );
        }
    }
    assert!(paragraphs(&home, "grid-note").is_empty());
    // A service no report rates still says so in every column.
    let podiatry = grids[0].rows.iter().find(|r| r.0 == "Podiatry").unwrap();
    assert!(
        podiatry.1.iter().all(|c| c.0 == "Not yet rated"),
        "{podiatry:?}"
    );

    let district = read(
        &site
            .path()
            .join("public/services/district-nursing/index.html"),
    );
    let doc = scraper::Html::parse_document(&district);
    assert_eq!(
        select(doc.root_element(), "main .key-questions dt").len(),
        5
    );
    assert!(paragraphs(&district, "no-questions").is_empty());

    // Urgent care's history: the 2018 report rated it only overall, the later ones rated key
    // questions, so that one row gives its five question cells as one.
    let urgent = read(&site.path().join("public/services/urgent-care/index.html"));
    let history = tables(&urgent, "table.history").remove(0);
    assert_eq!(history.columns[1..], KEY_QUESTIONS[1..]);
    assert_eq!(history.columns[0], "Report");
    let (report, cells) = history.rows.last().unwrap();
    assert_eq!(report, "Published 4 June 2018");
    assert_eq!(
        cells,
        &[
            ("Good".to_owned(), 1),
            (
                "This report did not rate the five key questions".to_owned(),
                5
            )
        ]
    );
    for (report, cells) in &history.rows[..history.rows.len() - 1] {
        assert_eq!(cells.len(), 6, "{report}: {cells:?}");
    }
}

#[test]
fn a_service_rated_only_overall_among_services_rated_on_key_questions_gets_one_cell() {
    let site = site("showcase");
    edit(
        site.path(),
        "seeds/inspections/report-2020.yaml",
        "services:\n",
        "services:\n  podiatry: { overall: good }\n",
    );
    build_ok(site.path(), &[]);
    let home = read(&site.path().join("public/index.html"));
    let grid = tables(&home, "table.ratings-grid").remove(0);
    assert_eq!(grid.columns, KEY_QUESTIONS);
    for (service, cells) in &grid.rows {
        if service == "Podiatry" {
            assert_eq!(
                cells,
                &[
                    ("Good Rated 20 May 2020".to_owned(), 1),
                    (
                        "The report did not rate the five key questions".to_owned(),
                        5
                    )
                ]
            );
        } else {
            assert_eq!(cells.len(), 6, "{service}: {cells:?}");
        }
    }
    assert!(paragraphs(&home, "grid-note").is_empty());
    // On a phone each row is a card of labelled lines ("Overall" then its badge); the merged
    // cell is a line of its own.
    let text = page_text(site.path(), "index.html");
    assert!(
        text.contains(
            "Podiatry OverallGood Rated 20 May 2020 The report did not rate the five key questions Wheelchair"
        ),
        "{text}"
    );
    let podiatry = read(&site.path().join("public/services/podiatry/index.html"));
    assert_eq!(
        paragraphs(&podiatry, "no-questions"),
        [
            "The report rated this service only overall, not on the five key questions: is it safe, effective, caring, responsive to people’s needs, and well-led?"
        ]
    );
}
