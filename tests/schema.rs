//! `carepages schema`: the schemas it writes accept every settings file, seed and front matter
//! of the example sites (which build), including the tricky ones (long-form ratings, aliases,
//! locations, dates as months), and refuse what a build refuses: a misspelt key, a rating word
//! that is not one.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{TODAY, build_ok, carepages, edit, read, repo, site};
use serde_json::Value;

/// Runs `carepages schema --output DIR` and compiles every schema it wrote, by file name.
fn schemas() -> BTreeMap<String, jsonschema::Validator> {
    let dir = tempfile::tempdir().unwrap();
    let out = carepages(dir.path(), &["schema", "--output", "tmp"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut validators = BTreeMap::new();
    for entry in std::fs::read_dir(dir.path().join("tmp")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let schema: Value = serde_json::from_str(&read(&path)).unwrap();
        assert_eq!(
            schema["$schema"], "http://json-schema.org/draft-07/schema#",
            "{name}"
        );
        let validator = jsonschema::draft7::new(&schema)
            .unwrap_or_else(|e| panic!("{name} is not a valid draft-07 schema: {e}"));
        validators.insert(name, validator);
    }
    let names: Vec<&str> = validators.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "carepages.schema.json",
            "home.schema.json",
            "inspection.schema.json",
            "page.schema.json",
            "service.schema.json",
            "statement.schema.json",
        ]
    );
    validators
}

/// The YAML between a page's first two `---` lines, as the loader reads it.
fn front_matter(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
        .expect("a page starts with ---");
    let mut end = 0;
    for line in rest.split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            return &rest[..end];
        }
        end += line.len();
    }
    panic!("the front matter never ends")
}

/// Every settings file, seed and page of the site at `root`, with the schema it is checked
/// against and its YAML as JSON.
fn site_files(root: &Path) -> Vec<(PathBuf, &'static str, Value)> {
    let mut files = Vec::new();
    let candidates = std::iter::once(root.join("carepages.yaml")).chain(
        ["seeds", "content"]
            .iter()
            .flat_map(|dir| walkdir::WalkDir::new(root.join(dir)).sort_by_file_name())
            .map(|entry| entry.unwrap().into_path())
            .filter(|path| path.is_file()),
    );
    for path in candidates {
        let relative = path.strip_prefix(root).unwrap().to_owned();
        let (schema, is_front) = carepages::schema::for_file(&relative)
            .unwrap_or_else(|| panic!("no schema for {}", relative.display()));
        let text = read(&path);
        let yaml = if is_front { front_matter(&text) } else { &text };
        let value: Value =
            serde_yaml::from_str(yaml).unwrap_or_else(|e| panic!("{}: {e}", relative.display()));
        files.push((relative, schema, value));
    }
    files
}

/// The problems the schema finds in one file, as the validator words them.
fn problems(
    validators: &BTreeMap<String, jsonschema::Validator>,
    schema: &str,
    value: &Value,
) -> Vec<String> {
    validators[schema]
        .iter_errors(value)
        .map(|e| format!("{} (at {})", e, e.instance_path()))
        .collect()
}

fn assert_site_valid(validators: &BTreeMap<String, jsonschema::Validator>, root: &Path) -> usize {
    let files = site_files(root);
    for (relative, schema, value) in &files {
        let found = problems(validators, schema, value);
        assert!(
            found.is_empty(),
            "{} against {schema}:\n{}",
            relative.display(),
            found.join("\n")
        );
    }
    files.len()
}

/// The example sites build, so every file in them must pass: the repository's own site, the
/// showcase (every rating, status and page kind), the site rated by several regulators and
/// each site in examples/.
#[test]
fn every_example_file_passes_its_schema() {
    let validators = schemas();
    let mut roots = vec![
        repo(),
        repo().join("tests/fixtures/showcase"),
        repo().join("tests/fixtures/regulators"),
    ];
    if let Ok(entries) = std::fs::read_dir(repo().join("examples")) {
        let mut examples: Vec<PathBuf> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("carepages.yaml").is_file())
            .collect();
        examples.sort();
        roots.extend(examples);
    }
    for root in &roots {
        let checked = assert_site_valid(&validators, root);
        assert!(checked >= 5, "{}: only {checked} files", root.display());
    }
}

/// What `carepages init` writes passes too, and each YAML file names a schema that is there.
#[test]
fn a_new_site_passes_and_its_yaml_files_name_their_schemas() {
    let validators = schemas();
    let dir = tempfile::tempdir().unwrap();
    let out = carepages(dir.path(), &["init", "site"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = dir.path().join("site");
    assert_site_valid(&validators, &root);
    for file in ["carepages.yaml", "seeds/inspections/example-report.yaml"] {
        let text = read(&root.join(file));
        let first = text.lines().next().unwrap();
        let target = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{file} starts with {first}"));
        let named = root.join(file).parent().unwrap().join(target);
        let written: Value = serde_json::from_str(&read(&named)).unwrap();
        let fresh = carepages::schema::schemas()
            .into_iter()
            .find(|s| named.ends_with(s.name))
            .unwrap();
        assert_eq!(written, fresh.schema, "{file} names {target}");
    }
}

/// What the loader reads as text or as an empty list, an editor must not flag: a title or a
/// phone number YAML takes for a number, a key with nothing after it. The site builds, and
/// passes.
#[test]
fn what_builds_passes_even_where_yaml_sees_a_number_or_nothing() {
    let validators = schemas();
    let site = site("showcase");
    let page = "content/services/podiatry.md";
    let text = read(&site.path().join(page));
    let title = text.lines().find(|l| l.starts_with("title:")).unwrap();
    edit(site.path(), page, title, "title: 111\nfindings:\naliases:");
    edit(
        site.path(),
        "carepages.yaml",
        "phone: 0100 000 0000",
        "phone: 01000000000",
    );
    build_ok(site.path(), &[]);
    assert_site_valid(&validators, site.path());
}

/// A misspelt key, in a page or a seed, and a rating that is not one: each refused, as the
/// build refuses it.
#[test]
fn a_misspelt_key_or_a_bad_rating_fails() {
    let validators = schemas();
    let site = site("showcase");
    let page = "content/services/urgent-care.md";
    edit(site.path(), page, "summary:", "sumary:");
    edit(
        site.path(),
        "seeds/inspections/report-2020.yaml",
        "published:",
        "publishd:",
    );
    edit(
        site.path(),
        "seeds/inspections/report-2018.yaml",
        "overall: requires-improvement",
        "overall: gud",
    );
    let files = site_files(site.path());
    let found = |file: &str| {
        let (_, schema, value) = files
            .iter()
            .find(|(relative, _, _)| relative == Path::new(file))
            .unwrap();
        problems(&validators, schema, value).join("\n")
    };
    let page_problems = found(page);
    assert!(page_problems.contains("sumary"), "{page_problems}");
    assert!(
        page_problems.contains("\"summary\" is a required property"),
        "{page_problems}"
    );
    let seed_problems = found("seeds/inspections/report-2020.yaml");
    assert!(seed_problems.contains("publishd"), "{seed_problems}");
    let rating_problems = found("seeds/inspections/report-2018.yaml");
    assert!(rating_problems.contains("\"gud\""), "{rating_problems}");
    // The other files are untouched, and still pass.
    for (relative, schema, value) in &files {
        let mine = [
            Path::new(page),
            Path::new("seeds/inspections/report-2020.yaml"),
            Path::new("seeds/inspections/report-2018.yaml"),
        ];
        if !mine.contains(&relative.as_path()) {
            assert!(
                problems(&validators, schema, value).is_empty(),
                "{relative:?}"
            );
        }
    }
    // The build refuses all three too.
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for word in ["sumary", "publishd", "gud"] {
        assert!(stderr.contains(word), "{word}: {stderr}");
    }
}

/// The long form of a rating is checked as the build checks it: a score goes with a rating
/// on the scale, from 0 to 100, and the block has no other keys.
#[test]
fn long_form_ratings_are_checked_like_the_build_checks_them() {
    let validators = schemas();
    let report = |rating: &str| -> Value {
        serde_yaml::from_str(&format!(
            "regulator: cqc\nprovider: A trust\nservices:\n  x: {{ safe: {rating} }}\n"
        ))
        .unwrap()
    };
    let ok = |rating: &str| problems(&validators, "inspection.schema.json", &report(rating));
    assert_eq!(ok("good"), Vec::<String>::new());
    assert_eq!(ok("{ rating: good, score: 72 }"), Vec::<String>::new());
    assert_eq!(
        ok("{ rating: inadequate, inherited_from: the previous provider }"),
        Vec::<String>::new()
    );
    assert_eq!(ok("{ rating: not-rated, score: ~ }"), Vec::<String>::new());
    for bad in [
        "{ rating: good, score: 101 }",
        "{ rating: not-rated, score: 40 }",
        "{ rating: good, scor: 72 }",
        "{ score: 72 }",
        "Good",
    ] {
        assert!(!ok(bad).is_empty(), "{bad} passed");
    }
}

/// The content editor's settings are checked as the build checks them.
#[test]
fn the_cms_settings_are_checked() {
    let validators = schemas();
    let config = |cms: &str| -> Value {
        serde_yaml::from_str(&format!(
            "title: T\nbase_url: https://example.org/\norganisation: {{ name: O }}\ncms: {cms}\n"
        ))
        .unwrap()
    };
    let check = |cms: &str| problems(&validators, "carepages.schema.json", &config(cms));
    assert_eq!(
        check("{ backend: github, repo: example-trust/ratings, branch: main }"),
        Vec::<String>::new()
    );
    assert_eq!(
        check("{ backend: github, repo: a/b, auth_url: \"https://auth.example.workers.dev\" }"),
        Vec::<String>::new()
    );
    for bad in [
        "{ backend: gitlab, repo: a/b }",
        "{ backend: github, repo: ratings }",
        "{ backend: github, repo: \"https://github.com/a/b\" }",
        "{ backend: github, repo: a/b, brnch: main }",
        "{ backend: github, repo: a/b, branch: main branch }",
        "{ backend: github, repo: a/b, auth_url: \"http://auth.example\" }",
        "{ repo: a/b }",
    ] {
        assert!(!check(bad).is_empty(), "{bad} passed");
    }
}
