//! Property tests: random front matter, Markdown and seed values, careless and hostile,
//! through the whole build and check. Whatever the input: no panic, every error placed at a
//! file and line, and when the site builds, every XML file well formed, every HTML page a
//! document with its `main`, and no `javascript:` link anywhere.
//!
//! Each case runs the real binary twice (check, then build), so the case count is kept to what
//! runs in well under a minute; `PROPTEST_CASES` raises it for a longer hunt.

mod common;

use std::path::Path;

use common::*;
use proptest::prelude::*;

/// Pieces writers and attackers type: ordinary words, Markdown, markup, links of every
/// scheme, YAML's special characters, control characters and odd Unicode.
const PIECES: &[&str] = &[
    "Good care",
    "we're sorry",
    "**bold**",
    "_it_",
    "# Heading",
    "## Heading",
    "- item",
    "1. first",
    "> quoted",
    "`code`",
    "[link](https://example.org/)",
    "[mail](mailto:a@b.example)",
    "<script>alert(1)</script>",
    "<!--<script>",
    "</script>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "&amp; &lt;",
    "]]>",
    "\"",
    "'",
    ": ",
    "#",
    "{",
    "[",
    "*",
    "&anchor",
    "!tag",
    "|",
    ">",
    "\u{2028}",
    "\u{200b}",
    "\u{202e}",
    "🙂",
    "İ",
    "rated inadequate",
    "rated outstanding",
    "…",
    "  ",
    "\t",
];

/// Pieces carepages must refuse: links of other schemes or none, images from elsewhere, and
/// control characters, typed or escaped.
const REFUSED: &[&str] = &[
    "[bad](javascript:alert(1))",
    "[bad](JaVaScRiPt:alert(1))",
    "[bad]( javascript:alert(1))",
    "[bad](java\tscript:alert(1))",
    "[rel](//elsewhere.example/)",
    "[data](data:text/html,<script>alert(1)</script>)",
    "![img](https://elsewhere.example/x.png)",
    "![img](/x.png)",
    "\\x01",
    "\\e",
    "\u{1}",
    "\u{1b}[2J",
    "\u{7f}",
    "\u{85}",
];

fn piece() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        30 => prop::sample::select(PIECES),
        1 => prop::sample::select(REFUSED),
    ]
}

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..6).prop_map(|p| p.join(" "))
}

/// A value as a writer might type it into YAML: bare, double-quoted or single-quoted.
fn yaml_value() -> impl Strategy<Value = String> {
    // Mostly quoted, as careful writers do, so that many sites get past YAML to the rest.
    (words(), 0..6u8).prop_map(|(text, style)| match style {
        0 => text,
        1 => format!("'{}'", text.replace('\'', "''")),
        _ => format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")),
    })
}

/// One of `good` most of the time, else one of `bad`.
fn mostly(
    good: &'static [&'static str],
    bad: &'static [&'static str],
) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(good).prop_map(str::to_owned),
        1 => prop::sample::select(bad).prop_map(str::to_owned),
    ]
}

fn rating() -> impl Strategy<Value = String> {
    mostly(
        &[
            "good",
            "outstanding",
            "requires-improvement",
            "inadequate",
            "not-rated",
            "suspended",
            "inspected-but-not-rated",
            "{ rating: good, score: 72 }",
            "{ rating: inadequate, inherited_from: \"<b>Old</b> & co\" }",
        ],
        &[
            "gud",
            "{ rating: good, score: 101 }",
            "{ rating: suspended, score: 5 }",
            "[good]",
            "",
        ],
    )
}

fn date() -> impl Strategy<Value = String> {
    mostly(
        &["2021-03-01", "2021-03", "2099-01-01", "2021-12-31"],
        &["2021-02-30", "2021-13-01", "01/03/2021", "yesterday", ""],
    )
}

fn url() -> impl Strategy<Value = String> {
    mostly(
        &[
            "https://www.cqc.org.uk/location/1-234",
            "https://example.org/report?a=1&b=2#top",
            "http://example.org/",
        ],
        &[
            "javascript:alert(1)",
            "//elsewhere.example/",
            "\"https://example.org/ x\"",
            "\"https://example.org/\\x01\"",
            "data:text/html,x",
            "https://example.org/report?a=1&b=<2>",
            "\"https://example.org/\\u0022quoted\"",
        ],
    )
}

#[derive(Debug, Clone)]
struct Case {
    title: String,
    summary: String,
    body: String,
    finding: String,
    rating: String,
    published: String,
    url: String,
    contact: String,
}

fn case() -> impl Strategy<Value = Case> {
    (
        yaml_value(),
        yaml_value(),
        words(),
        yaml_value(),
        rating(),
        date(),
        url(),
        yaml_value(),
    )
        .prop_map(
            |(title, summary, body, finding, rating, published, url, contact)| Case {
                title,
                summary,
                body,
                finding,
                rating,
                published,
                url,
                contact,
            },
        )
}

fn write_case(root: &Path, c: &Case) {
    std::fs::write(
        root.join("content/services/podiatry.md"),
        format!(
            "---\ntitle: {}\nsummary: {}\nfindings:\n  - kind: strength\n    text: {}\n---\n{}\n",
            c.title, c.summary, c.finding, c.body
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("seeds/inspections/random.yaml"),
        format!(
            "regulator: cqc\nprovider: Example Community NHS Trust\npublished: {}\nreport_url: {}\nservices:\n  podiatry: {{ overall: {} }}\n",
            c.published, c.url, c.rating
        ),
    )
    .unwrap();
    let config = read(&root.join("carepages.yaml"));
    let config = config
        .lines()
        .map(|line| {
            if line.starts_with("  text:") {
                format!("  text: {}", c.contact)
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(root.join("carepages.yaml"), config + "\n").unwrap();
}

/// How many cases built, so a run that refused every input fails rather than passing idly.
static BUILT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn run(root: &Path, c: &Case) -> Result<(), TestCaseError> {
    write_case(root, c);
    let _ = std::fs::remove_dir_all(root.join("public"));

    let checked = carepages(root, &["check", "--today", TODAY, "--format", "json"]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    prop_assert!(!stderr.contains("panicked"), "check panicked: {}", stderr);
    prop_assert!(
        matches!(checked.status.code(), Some(0..=2)),
        "check exit code {:?}",
        checked.status.code()
    );
    if checked.status.code() != Some(2) {
        let json: serde_json::Value = serde_json::from_slice(&checked.stdout)
            .map_err(|e| TestCaseError::fail(format!("check's JSON: {e}")))?;
        for problem in json["problems"].as_array().into_iter().flatten() {
            if problem["severity"] == "error" {
                prop_assert!(
                    problem["file"].is_string() && problem["line"].is_u64(),
                    "an error without a file and line: {}",
                    problem
                );
            }
        }
    }

    let built = carepages(root, &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    prop_assert!(!stderr.contains("panicked"), "build panicked: {}", stderr);
    prop_assert!(
        !stderr.contains('\u{1b}'),
        "a raw escape reached the terminal"
    );
    match built.status.code() {
        Some(0) => {
            BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Some(1) => {
            prop_assert!(
                !root.join("public").exists(),
                "a failed build wrote public/"
            );
            return Ok(());
        }
        code => {
            return Err(TestCaseError::fail(format!(
                "build exit code {code:?}: {stderr}"
            )));
        }
    }
    let main = scraper::Selector::parse("main").unwrap();
    let linked = scraper::Selector::parse("[href], [src], [action], [formaction]").unwrap();
    for (file, bytes) in snapshot_tree(&root.join("public")) {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if file.ends_with(".xml") || file.ends_with(".svg") {
            prop_assert!(
                roxmltree::Document::parse(&text).is_ok(),
                "{} is not well-formed XML",
                file
            );
        }
        if file.ends_with(".html") {
            let doc = scraper::Html::parse_document(&text);
            if !text.contains("http-equiv=\"refresh\"") {
                prop_assert_eq!(doc.select(&main).count(), 1, "{} has one <main>", file);
            }
            // What a browser would follow or load, read as a browser reads it.
            for element in doc.select(&linked) {
                for name in ["href", "src", "action", "formaction"] {
                    let Some(value) = element.value().attr(name) else {
                        continue;
                    };
                    let squeezed: String = value
                        .chars()
                        .filter(|c| !c.is_whitespace() && !c.is_control())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    prop_assert!(
                        !squeezed.starts_with("javascript:") && !squeezed.starts_with("data:"),
                        "{} has {}=\"{}\"",
                        file,
                        name,
                        value
                    );
                }
            }
        }
    }
    Ok(())
}

#[test]
fn any_page_and_seed_gives_a_located_error_or_a_sound_site() {
    let site = site("showcase");
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let started = std::time::Instant::now();
    runner
        .run(&case(), |c| run(site.path(), &c))
        .unwrap_or_else(|e| panic!("{e}"));
    let built = BUILT.load(std::sync::atomic::Ordering::Relaxed);
    eprintln!(
        "{cases} random sites checked and built in {:.1} s; {built} built, the others refused with located errors",
        started.elapsed().as_secs_f64()
    );
    assert!(
        built * 10 >= cases as usize,
        "only {built} of {cases} random sites built: the cases test little beyond refusals"
    );
}
