//! Several regulators on one site: a care group rated by the CQC, with a children's home that
//! Ofsted also inspects, a Scottish care home graded by the Care Inspectorate and a Welsh one
//! rated by Care Inspectorate Wales (`tests/fixtures/regulators`). Each regulator's scale,
//! questions and display rules, as a reader and a writer meet them.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

fn page(site: &Path, path: &str) -> String {
    text_of(&main_of(&read(&site.join("public").join(path))))
}

#[test]
fn golden_pages_of_the_regulators_site() {
    let site = site("regulators");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    for (name, main) in pages_main(&public) {
        insta::assert_snapshot!(format!("regulators__{name}"), main);
    }
    let json: serde_json::Value =
        serde_json::from_str(&read(&public.join("ratings.json"))).unwrap();
    insta::assert_snapshot!(
        "regulators__ratings_json",
        serde_json::to_string_pretty(&json).unwrap()
    );
}

#[test]
fn a_childrens_home_shows_its_cqc_ratings_and_its_ofsted_judgements_each_under_its_regulator() {
    let site = site("regulators");
    build_ok(site.path(), &[]);
    let text = page(site.path(), "services/hillside-childrens-home/index.html");
    let cqc = text
        .find("Rating from the Care Quality Commission")
        .expect(&text);
    let ofsted = text.find("Rating from Ofsted").expect(&text);
    assert!(cqc < ofsted, "the site's own regulator first: {text}");
    let (cqc_part, ofsted_part) = text.split_at(ofsted);
    assert!(
        cqc_part.contains("Overall: Requires improvement Rated 10 April 2024"),
        "{text}"
    );
    assert!(
        cqc_part.contains("Are services safe? Requires improvement"),
        "{text}"
    );
    for expected in [
        "Overall experiences and progress of children and young people: Good Rated 1 July 2025",
        "How well children and young people are helped and protected Good",
        "The effectiveness of leaders and managers Requires improvement to be good",
        "Rated by Ofsted.",
        "The latest assessment is on Ofsted’s website: reports.ofsted.gov.uk",
    ] {
        assert!(
            ofsted_part.contains(expected),
            "{expected:?} in {ofsted_part}"
        );
    }
    assert!(!ofsted_part.contains("Are services safe?"), "{ofsted_part}");
    // The quotation from Ofsted's report is cited as Ofsted's.
    assert!(
        text.contains("Source: Ofsted inspection report, published 1 July 2025"),
        "{text}"
    );
}

#[test]
fn a_welsh_care_home_shows_each_theme_with_its_date_and_no_overall_rating() {
    let site = site("regulators");
    build_ok(site.path(), &[]);
    let text = page(site.path(), "services/afon-care-home/index.html");
    for theme in [
        "Well-being Excellent Rated 20 October 2025",
        "Care and support Good Rated 20 October 2025",
        "Leadership and management Requires improvement Rated 20 October 2025",
        "Environment Requires significant improvement Rated 20 October 2025",
    ] {
        assert!(text.contains(theme), "{theme:?} in {text}");
    }
    assert!(!text.contains("Overall"), "{text}");
    assert!(!text.contains("Not known"), "{text}");
    assert!(text.contains("Rated by Care Inspectorate Wales."), "{text}");
    // The home page's table for Care Inspectorate Wales has its four themes as columns and
    // no Overall column.
    let home = read(&site.path().join("public/index.html"));
    let start = home
        .find("id=\"grid-heading-ciw\"")
        .expect("a section for CIW");
    let section = &home[start..start + home[start..].find("</section>").unwrap()];
    let headers: Vec<&str> = section
        .split("<th scope=\"col\">")
        .skip(1)
        .map(|h| &h[..h.find("</th>").unwrap()])
        .collect();
    assert_eq!(
        headers,
        [
            "Service",
            "Well-being",
            "Care and support",
            "Leadership and management",
            "Environment"
        ]
    );
}

#[test]
fn a_scottish_care_home_shows_each_grade_with_its_number_and_its_history() {
    let site = site("regulators");
    build_ok(site.path(), &[]);
    let text = page(site.path(), "services/glen-care-home/index.html");
    for expected in [
        "How well do we support people's wellbeing? Very good (grade 5 of 6) Rated 22 April 2025",
        "How good is our setting? Excellent (grade 6 of 6)",
        "How good is our staff team? Adequate (grade 3 of 6)",
        // The earlier inspection, in the history.
        "Published 27 June 2023 Adequate (grade 3 of 6) Weak (grade 2 of 6) Unsatisfactory (grade 1 of 6)",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    assert!(!text.contains("Overall"), "{text}");
}

#[test]
fn the_home_page_keeps_each_regulator_to_its_own_table_and_names_each_in_the_footer() {
    let site = site("regulators");
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("public/index.html"));
    let text = text_of(&main_of(&html));
    // The CQC's grid lists only what the CQC rates: no "Not yet rated" row for the Scottish
    // and Welsh homes, which the CQC does not regulate.
    let cqc = &text[text.find("Ratings for every service").unwrap()
        ..text.find("Ratings from Ofsted").unwrap()];
    assert!(cqc.contains("Community nursing"), "{cqc}");
    assert!(cqc.contains("Hillside children’s home"), "{cqc}");
    assert!(!cqc.contains("Glen care home"), "{cqc}");
    assert!(!cqc.contains("OverallNot yet rated"), "{cqc}");
    for section in [
        "Ratings from Ofsted",
        "Ratings from the Care Inspectorate",
        "Ratings from Care Inspectorate Wales",
    ] {
        assert!(text.contains(section), "{section} in {text}");
    }
    let footer = text_of(&html[html.find("<footer").unwrap()..]);
    for regulator in [
        "the Care Quality Commission, the independent regulator of health and social care in England",
        "Ofsted, which inspects children’s social care in England",
        "the Care Inspectorate, the independent regulator of social care and social work services in Scotland",
        "Care Inspectorate Wales, the independent regulator of social care and childcare in Wales",
    ] {
        assert!(footer.contains(regulator), "{regulator} in {footer}");
    }
}

#[test]
fn ratings_json_the_feed_and_json_ld_carry_each_rating_s_regulator() {
    let site = site("regulators");
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let json: serde_json::Value =
        serde_json::from_str(&read(&public.join("ratings.json"))).unwrap();
    assert_eq!(json["version"], 3);
    let ids: Vec<&str> = json["regulators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["cqc", "ofsted", "care-inspectorate", "ciw"]);
    let services: BTreeMap<&str, &serde_json::Value> = json["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s))
        .collect();
    let home = services["hillside-childrens-home"];
    assert_eq!(home["regulator"], "cqc");
    assert_eq!(home["ratings"]["overall"]["rating"], "requires-improvement");
    assert_eq!(home["also"][0]["regulator"], "ofsted");
    assert_eq!(
        home["also"][0]["ratings"]["leaders-and-managers"]["rating"],
        "requires-improvement-to-be-good"
    );
    let welsh = services["afon-care-home"];
    assert_eq!(welsh["regulator"], "ciw");
    // The themes in the regulator's order, as the file is written.
    let raw = read(&public.join("ratings.json"));
    let welsh_raw = &raw[raw.find(r#""id":"afon-care-home""#).unwrap()..];
    let at = |key: &str| welsh_raw.find(&format!("\"{key}\":")).unwrap();
    assert!(at("well-being") < at("care-and-support"));
    assert!(at("care-and-support") < at("leadership-and-management"));
    assert!(at("leadership-and-management") < at("environment"));
    assert_eq!(welsh["ratings"].as_object().unwrap().len(), 4);
    assert_eq!(welsh["ratings"]["well-being"]["date"], "2025-10-20");
    let scottish = services["glen-care-home"];
    assert_eq!(
        scottish["ratings"]["setting"]["label"],
        "Excellent (grade 6 of 6)"
    );

    let feed = read(&public.join("feed.xml"));
    for title in [
        "Report from Ofsted on Example Care Group",
        "Report from the Care Inspectorate on Example Care Group",
        "Report from Care Inspectorate Wales on Example Care Group",
        "Report from the Care Quality Commission on Example Care Group",
    ] {
        assert!(feed.contains(title), "{title} in the feed");
    }
    assert!(feed.contains("Ofsted published a report on Example Care Group"));

    let page = read(&public.join("services/hillside-childrens-home/index.html"));
    assert!(
        page.contains(
            r#""author":{"@type":"GovernmentOrganization","name":"Care Quality Commission""#
        ),
        "the page's JSON-LD gives the CQC's overall rating"
    );
    let welsh_page = read(&public.join("services/afon-care-home/index.html"));
    assert!(
        !welsh_page.contains("reviewRating"),
        "no overall rating to publish for a regulator that gives none"
    );
}

/// One page per grade of every regulator's scale, each rated on the regulator's first
/// question with that grade: every grade of one scale draws its own shape.
#[test]
fn every_grade_of_every_scale_has_its_own_shape_and_words() {
    let site = site("regulators");
    let scales: [(&str, &str, &[&str]); 4] = [
        (
            "Care Quality Commission",
            "overall",
            &["outstanding", "good", "requires-improvement", "inadequate"],
        ),
        (
            "Ofsted",
            "overall",
            &[
                "outstanding",
                "good",
                "requires-improvement-to-be-good",
                "inadequate",
            ],
        ),
        (
            "Care Inspectorate",
            "wellbeing",
            &[
                "excellent",
                "very-good",
                "good",
                "adequate",
                "weak",
                "unsatisfactory",
            ],
        ),
        (
            "Care Inspectorate Wales",
            "well-being",
            &[
                "excellent",
                "good",
                "requires-improvement",
                "requires-significant-improvement",
            ],
        ),
    ];
    for (n, (regulator, question, grades)) in scales.iter().enumerate() {
        let mut seed = format!(
            "regulator: {regulator}\nprovider: Example Care Group\npublished: 2025-11-0{}\nservices:\n",
            n + 1
        );
        for grade in *grades {
            let id = format!("scale-{n}-{grade}");
            seed.push_str(&format!("  {id}: {{ {question}: {grade} }}\n"));
            std::fs::write(
                site.path().join(format!("content/services/{id}.md")),
                format!("---\ntitle: Scale {n} {grade}\nsummary: A page for one grade.\n---\n"),
            )
            .unwrap();
        }
        std::fs::write(
            site.path()
                .join(format!("seeds/inspections/scale-{n}.yaml")),
            seed,
        )
        .unwrap();
    }
    build_ok(site.path(), &[]);
    for (n, (regulator, _, grades)) in scales.iter().enumerate() {
        let mut shapes: BTreeMap<String, &str> = BTreeMap::new();
        for grade in *grades {
            let html = read(
                &site
                    .path()
                    .join(format!("public/services/scale-{n}-{grade}/index.html")),
            );
            let class = format!("badge badge-{grade}\"");
            let at = html
                .find(&class)
                .unwrap_or_else(|| panic!("{regulator} {grade}: no badge"));
            let rest = &html[at..];
            let shape =
                &rest[rest.find("focusable=\"false\">").unwrap()..rest.find("</svg>").unwrap()];
            let words = &rest[rest.find("badge-text\">").unwrap() + "badge-text\">".len()..];
            let words = &words[..words.find('<').unwrap()];
            assert!(
                words.to_lowercase().starts_with(&grade.replace('-', " ")),
                "{regulator} {grade}: the badge says {words:?}"
            );
            if let Some(other) = shapes.insert(shape.to_owned(), grade) {
                panic!("{regulator}: {grade} and {other} share a shape");
            }
        }
    }
}

/// A writer who copies a rating from the wrong report, rates a question another regulator
/// asks, or types an Ofsted judgement its framework rules out, is told so at the line, with
/// the values that regulator allows; every mistake of the run together, and nothing built.
#[test]
fn a_rating_or_question_from_another_regulator_is_an_error_naming_what_this_one_allows() {
    let site = site("regulators");
    build_ok(site.path(), &[]);
    let before = snapshot_tree(&site.path().join("public"));
    let seeds = site.path().join("seeds/inspections");
    std::fs::write(
        seeds.join("care-inspectorate-2025.yaml"),
        "regulator: Care Inspectorate\nprovider: Example Care Group\npublished: 2025-04-22\nservices:\n  glen-care-home:\n    overall: good\n    wellbeing: outstanding\n    leadership: requires-improvement\n    setting: { rating: excellent, score: 80 }\n    care-and-support: good\n",
    )
    .unwrap();
    std::fs::write(
        seeds.join("ciw-2025.yaml"),
        "regulator: ciw\nprovider: Example Care Group\npublished: 2025-10-20\nservices:\n  afon-care-home: { overall: good, wellbeing: excellent, environment: very-good }\n",
    )
    .unwrap();
    std::fs::write(
        seeds.join("ofsted-2025.yaml"),
        "regulator: Ofsted\nprovider: Example Care Group\npublished: 2025-07-01\nservices:\n  hillside-childrens-home:\n    overall: good\n    helped-and-protected: inadequate\n    leaders-and-managers: requires-improvement\n    safe: good\npassages:\n  - text: Children said that they feel safe and that staff listen to them.\n",
    )
    .unwrap();
    std::fs::write(
        seeds.join("hiw-2025.yaml"),
        "regulator: Healthcare Inspectorate Wales\nprovider: Example Care Group\npublished: 2025-08-12\nservices:\n  afon-care-home:\n    overall: good\n",
    )
    .unwrap();
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        snapshot_tree(&site.path().join("public")),
        before,
        "a failed build leaves public/ as it was"
    );
    for expected in [
        "care-inspectorate-2025.yaml:6:5",
        "The Care Inspectorate does not rate `overall`",
        "care-inspectorate-2025.yaml:7:5",
        "`wellbeing: outstanding` is not a rating the Care Inspectorate gives",
        "write one of `excellent`, `very-good`, `good`, `adequate`, `weak`, `unsatisfactory`, `not-rated`",
        "The Care Inspectorate gives no scores",
        "did you mean `well-being`?",
        "`environment: very-good` is not a rating Care Inspectorate Wales gives (in the ratings of `afon-care-home`): it is a rating the Care Inspectorate gives",
        "did you mean `requires-improvement-to-be-good`?",
        "Ofsted does not rate `safe`",
        "Ofsted's framework makes the overall judgement always inadequate then",
        "Healthcare Inspectorate Wales gives no ratings",
    ] {
        assert!(stderr.contains(expected), "{expected:?} in:\n{stderr}");
    }
    insta::assert_snapshot!("regulators__mistakes", stderr);
}

#[test]
fn check_says_what_the_welsh_display_rules_ask_that_it_cannot_check() {
    let site = site("regulators");
    let out = carepages(site.path(), &["check", "--today", TODAY]);
    let stdout =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("ciw-2025.yaml:4:1: note: the Welsh rules (the Regulated Services (Inspection Ratings) (Wales) Regulations 2025, regulation 3)"),
        "{stdout}"
    );
    // A report with no publication date cannot give the date the Welsh rules ask for.
    edit(
        site.path(),
        "seeds/inspections/ciw-2025.yaml",
        "published: 2025-10-20\n",
        "",
    );
    let out = carepages(site.path(), &["check", "--today", TODAY]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("so pages cannot give the date its ratings were given, which the Regulated Services (Inspection Ratings) (Wales) Regulations 2025 ask to be shown with every rating"),
        "{stdout}"
    );
}

/// Builds the fixture after `edit`, expecting it to fail, and returns what it said.
fn refused(edit: impl FnOnce(&Path)) -> String {
    let site = site("regulators");
    edit(site.path());
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!site.path().join("public").exists(), "nothing built");
    stderr
}

fn write(site: &Path, file: &str, text: &str) {
    std::fs::write(site.join(file), text).unwrap();
}

#[test]
fn a_report_whose_address_is_another_regulator_s_or_that_rates_what_its_regulator_does_not_is_refused()
 {
    // Started from the CQC's template, the address is Ofsted's: the page would say the CQC.
    let err = refused(|s| {
        write(
            s,
            "seeds/inspections/ofsted-2026-01.yaml",
            "regulator: Care Quality Commission\nprovider: Example Care Group\npublished: 2026-01-10\nreport_url: https://reports.ofsted.gov.uk/provider/example/2026\nservices:\n  hillside-childrens-home: { overall: outstanding }\n",
        )
    });
    assert!(
        err.contains("the report's address is on Ofsted's website (reports.ofsted.gov.uk), but `regulator:` names the Care Quality Commission"),
        "{err}"
    );
    assert!(err.contains("write `regulator: Ofsted`"), "{err}");
    // Ofsted, the Care Inspectorate and CIW rate services, not a provider or its sites.
    let err = refused(|s| {
        write(
            s,
            "seeds/inspections/ofsted-2025.yaml",
            "regulator: Ofsted\nprovider: Example Care Group\npublished: 2025-07-01\nprovider_ratings: { overall: inadequate }\nservices:\n  hillside-childrens-home: { overall: good }\npassages:\n  - text: Children said that they feel safe and that staff listen to them.\n",
        );
        write(
            s,
            "seeds/inspections/care-inspectorate-2025.yaml",
            "regulator: Care Inspectorate\nprovider: Example Care Group\npublished: 2025-04-22\nlocations: { glen-site: { name: Glen site, wellbeing: weak } }\nservices:\n  glen-care-home: { location: glen-site, wellbeing: good }\n",
        );
    });
    assert!(
        err.contains("Ofsted rates each service, not the provider as a whole: `provider_ratings:` has no place in its report"),
        "{err}"
    );
    assert!(
        err.contains("The Care Inspectorate rates each service, not locations: `locations:` has no place in its report"),
        "{err}"
    );
    // A later Ofsted report that judges only how well children are helped and protected,
    // as inadequate, would stand beside the earlier good overall judgement.
    let err = refused(|s| {
        write(
            s,
            "seeds/inspections/ofsted-2026.yaml",
            "regulator: Ofsted\nprovider: Example Care Group\npublished: 2026-04-01\nservices:\n  hillside-childrens-home: { helped-and-protected: inadequate }\n",
        )
    });
    assert!(
        err.contains("seeds/inspections/ofsted-2026.yaml:5:3"),
        "{err}"
    );
    assert!(
        err.contains("would show Ofsted's judgement of how well children and young people are helped and protected as inadequate (from `ofsted-2026`) beside an overall judgement of good (from `ofsted-2025`)"),
        "{err}"
    );
    // A grade given as its number is told the word, never read as another grade; a word
    // spelt near another regulator's word is not turned into this regulator's.
    let err = refused(|s| {
        edit(
            s,
            "seeds/inspections/care-inspectorate-2025.yaml",
            "wellbeing: very-good",
            "wellbeing: 5",
        );
        edit(
            s,
            "seeds/inspections/care-inspectorate-2025.yaml",
            "leadership: good",
            "leadership: inadequat",
        );
        edit(
            s,
            "seeds/inspections/care-inspectorate-2023.yaml",
            "wellbeing: adequate",
            "wellbeing: inadequate",
        );
    });
    assert!(
        err.contains("write the grade as its word: 5 is `very-good`"),
        "{err}"
    );
    assert!(
        err.contains(
            "`inadequat` looks like `inadequate`, which the Care Inspectorate does not give"
        ),
        "{err}"
    );
    assert!(
        err.contains("`wellbeing: inadequate` is not a rating the Care Inspectorate gives"),
        "{err}"
    );
    assert!(!err.contains("did you mean `adequate`"), "{err}");
    // A near miss of a regulator's name.
    let err = refused(|s| {
        edit(
            s,
            "seeds/inspections/ofsted-2025.yaml",
            "regulator: Ofsted",
            "regulator: Ofstead",
        );
    });
    assert!(err.contains("did you mean `Ofsted`?"), "{err}");
}

#[test]
fn the_site_can_name_the_regulator_that_leads_it() {
    let site = site("regulators");
    edit(
        site.path(),
        "carepages.yaml",
        "organisation:",
        "regulator: Care Inspectorate\norganisation:",
    );
    build_ok(site.path(), &[]);
    let text = page(site.path(), "index.html");
    // The Care Inspectorate's grid is the home page's, with its own columns and words; the
    // CQC's ratings follow in a table of their own.
    let grid = text.find("Ratings for every service").expect(&text);
    let cqc = text
        .find("Ratings from the Care Quality Commission")
        .expect(&text);
    assert!(grid < cqc, "{text}");
    let lead = &text[grid..cqc];
    assert!(
        lead.contains("The Care Inspectorate rates each service, with no overall rating, on the key questions of its quality framework."),
        "{lead}"
    );
    assert!(lead.contains("Glen care home"), "{lead}");
    assert!(!lead.contains("Overall"), "{lead}");
    assert!(!lead.contains("five questions"), "{lead}");

    let other = common::site("regulators");
    edit(
        other.path(),
        "carepages.yaml",
        "organisation:",
        "regulator: hiw\norganisation:",
    );
    let out = carepages(other.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`regulator: hiw`: Healthcare Inspectorate Wales gives no ratings, so it cannot lead the site's ratings"),
        "{stderr}"
    );
}

#[test]
fn the_services_most_in_need_and_the_rating_history_cover_every_regulator() {
    let site = site("regulators");
    write(
        site.path(),
        "seeds/inspections/ofsted-2026.yaml",
        "regulator: Ofsted\nprovider: Example Care Group\npublished: 2026-04-01\nservices:\n  hillside-childrens-home: { overall: inadequate, helped-and-protected: inadequate, leaders-and-managers: inadequate }\n",
    );
    build_ok(site.path(), &[]);
    let home = page(site.path(), "index.html");
    let needs = &home[home.find("Services that most need to improve").unwrap()
        ..home.find("Ratings for every service").unwrap()];
    assert!(
        needs.contains("Hillside children’s home Inadequate rated by Ofsted"),
        "{needs}"
    );
    assert!(
        needs.contains("Afon care home Requires significant improvement Environment, rated by Care Inspectorate Wales"),
        "{needs}"
    );
    assert!(
        !needs.contains("Glen care home"),
        "grade 3 of 6 is not at the foot of its scale: {needs}"
    );
    let text = page(site.path(), "services/hillside-childrens-home/index.html");
    let history = &text[text.find("Rating history").unwrap()..];
    assert!(history.contains("From Ofsted"), "{history}");
    assert!(
        history.contains("Published 1 April 2026 Inadequate Inadequate Inadequate Published 1 July 2025 Good Good Requires improvement to be good"),
        "{history}"
    );
}

#[test]
fn check_compares_words_that_name_a_regulator_with_that_regulator_s_rating() {
    let site = site("regulators");
    write(
        site.path(),
        "content/services/hillside-childrens-home.md",
        "---\ntitle: Hillside children’s home\nsummary: |\n  The CQC rated the home good overall. Ofsted rated the home good.\n  Ofsted rated the home outstanding.\n---\n",
    );
    edit(
        site.path(),
        "content/services/community-nursing.md",
        "Inspectors rated the service good.",
        "Ofsted rated the service good.",
    );
    let out = carepages(site.path(), &["check", "--today", TODAY]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "hillside-childrens-home.md:4:11: warning: the summary says “rated the home good”, but the page shows the Care Quality Commission's Requires improvement overall",
        "hillside-childrens-home.md:5:10: warning: the summary says “rated the home outstanding”, but the page shows Ofsted's Good overall",
        "community-nursing.md:3:46: warning: the summary says “rated the service good”, but no report from Ofsted in seeds rates `community-nursing`",
    ] {
        assert!(stdout.contains(expected), "{expected} in:\n{stdout}");
    }
    // Ofsted's own "good" is right, said of Ofsted: those three are the only warnings about
    // what the pages say.
    assert_eq!(stdout.matches("says “rated").count(), 3, "{stdout}");
}

#[test]
fn the_embed_page_gives_a_service_only_another_regulator_rates_its_ratings_in_words() {
    let site = site("regulators");
    build_ok(site.path(), &[]);
    let text = page(site.path(), "embed/index.html");
    assert!(
        text.contains("Afon care home: ratings from Care Inspectorate Wales, 20 October 2025. Well-being: Excellent; Care and support: Good; Leadership and management: Requires improvement; Environment: Requires significant improvement. www.careinspectorate.wales"),
        "{text}"
    );
    assert!(text.contains("HTML for these ratings:"), "{text}");
}

#[test]
fn a_site_led_by_another_regulator_still_shows_the_cqc_s_rating_of_the_provider() {
    let site = site("regulators");
    edit(
        site.path(),
        "carepages.yaml",
        "organisation:",
        "regulator: Care Inspectorate Wales\norganisation:",
    );
    build_ok(site.path(), &[]);
    let text = page(site.path(), "index.html");
    assert!(
        text.contains("Overall rating Example Care Group: Good Rated 10 April 2024"),
        "{text}"
    );
    let public = site.path().join("public");
    let json: serde_json::Value =
        serde_json::from_str(&read(&public.join("ratings.json"))).unwrap();
    assert_eq!(json["regulator"]["id"], "ciw");
    assert_eq!(json["organisation"]["regulator"], "cqc");
    assert_eq!(json["organisation"]["ratings"]["overall"]["rating"], "good");
    let badge = read(&public.join("badges/trust.svg"));
    assert!(
        badge.contains("Example Care Group: rated Good by the Care Quality Commission"),
        "{badge}"
    );
}

#[test]
fn the_grid_has_as_many_pages_as_the_services_it_lists() {
    let site = site("regulators");
    // 501 services the CQC rates fill two pages; the Welsh home, which only CIW rates, is
    // in CIW's table, not a third page.
    let mut seed = String::from(
        "regulator: Care Quality Commission\nprovider: Example Care Group\npublished: 2024-05-01\nservices:\n",
    );
    for n in 0..499 {
        seed.push_str(&format!("  extra-{n:03}: {{ overall: good }}\n"));
        write(
            site.path(),
            &format!("content/services/extra-{n:03}.md"),
            &format!("---\ntitle: Extra service {n:03}\nsummary: A service.\n---\n"),
        );
    }
    write(site.path(), "seeds/inspections/cqc-2024-extra.yaml", &seed);
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    assert!(public.join("services/page/2/index.html").is_file());
    assert!(
        !public.join("services/page/3").exists(),
        "no empty third page"
    );
    let second = page(site.path(), "services/page/2/index.html");
    assert!(second.contains("Hillside children’s home"), "{second}");
    assert!(!second.contains("Afon care home"), "{second}");
}

#[test]
fn words_naming_a_regulator_cannot_publish_its_embargoed_rating() {
    let site = site("regulators");
    write(
        site.path(),
        "seeds/inspections/ofsted-2027.yaml",
        "regulator: Ofsted\nprovider: Example Care Group\npublished: 2027-01-10\nservices:\n  hillside-childrens-home: { overall: outstanding, helped-and-protected: outstanding, leaders-and-managers: outstanding }\n",
    );
    edit(
        site.path(),
        "content/services/hillside-childrens-home.md",
        "Ofsted inspects the\n  care children get",
        "Ofsted rated the home outstanding. Ofsted inspects the\n  care children get",
    );
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the page says “rated the home outstanding”, the rating the report `ofsted-2027` gives, which is held back until 10 January 2027"),
        "{stderr}"
    );
}

#[test]
fn check_holds_a_page_to_each_regulator_s_latest_report() {
    let site = site("regulators");
    edit(
        site.path(),
        "content/services/hillside-childrens-home.md",
        "title: Hillside children’s home\n",
        "title: Hillside children’s home\nreviewed: 2024-01-01\n",
    );
    let out = carepages(site.path(), &["check", "--today", TODAY]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The CQC's report is long past its 21 days; Ofsted's, later, does not hide it.
    assert!(
        stdout.contains("error: the report `cqc-2024` was published on 10 April 2024, after this page was last reviewed (1 January 2024)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("warning: the report `ofsted-2025` was published on 1 July 2025"),
        "{stdout}"
    );
}

#[test]
fn a_regulator_that_rates_only_a_draft_page_is_not_named_before_the_page_is_published() {
    let site = site("regulators");
    edit(
        site.path(),
        "content/services/afon-care-home.md",
        "title: Afon care home\n",
        "title: Afon care home\ndraft: true\n",
    );
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let home = read(&public.join("index.html"));
    assert!(!home.contains("Care Inspectorate Wales"), "{home}");
    let json: serde_json::Value =
        serde_json::from_str(&read(&public.join("ratings.json"))).unwrap();
    let ids: Vec<&str> = json["regulators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["cqc", "ofsted", "care-inspectorate"]);
    let feed = read(&public.join("feed.xml"));
    assert!(!feed.contains("Care Inspectorate Wales"), "{feed}");
}
