//! The content editor (Sveltia CMS), with `cms:` in carepages.yaml: `build` writes
//! `admin/index.html`, the one page that loads a script from elsewhere, and
//! `admin/config.yml`, whose collections give every field the loader reads, and no other.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{TODAY, build_ok, carepages, edit, read, site};
use serde_json::Value;

const CMS: &str = "cms: { backend: github, repo: example-trust/ratings, branch: main }\n";

fn with_cms(name: &str, settings: &str) -> tempfile::TempDir {
    let site = site(name);
    let config = site.path().join("carepages.yaml");
    std::fs::write(&config, format!("{}{settings}", read(&config))).unwrap();
    site
}

/// `admin/config.yml` of a built site, as JSON.
fn cms_config(public: &Path) -> Value {
    serde_yaml::from_str(&read(&public.join("admin/config.yml"))).unwrap()
}

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no collection {name}"))
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {fields}"))
}

fn names(fields: &Value) -> BTreeSet<String> {
    fields
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

fn options(field: &Value) -> Vec<String> {
    field["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_str().unwrap().to_owned())
        .collect()
}

/// The schema `carepages schema` writes for a kind of file.
fn schema(name: &str) -> Value {
    carepages::schema::schemas()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap()
        .schema
}

/// The keys a schema (or one of its definitions) allows.
fn keys(schema: &Value, definition: Option<&str>) -> BTreeSet<String> {
    let object = match definition {
        Some(name) => &schema["definitions"][name],
        None => schema,
    };
    object["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

/// The editor writes every field back when it saves a file, and drops keys it has no field
/// for: so each collection has a field for every key the loader reads, and none it refuses.
#[test]
fn the_editor_has_a_field_for_every_key_the_loader_reads_and_no_other() {
    let site = with_cms("showcase", CMS);
    build_ok(site.path(), &[]);
    let config = cms_config(&site.path().join("public"));
    let with_body = |schema: &str, definition: Option<&str>| {
        let mut keys = keys(&self::schema(schema), definition);
        keys.insert("body".to_owned());
        keys
    };

    let services = collection(&config, "services");
    assert_eq!(services["folder"], "content/services");
    assert_eq!(services["extension"], "md");
    assert_eq!(services["format"], "frontmatter");
    let fields = &services["fields"];
    assert_eq!(names(fields), with_body("service.schema.json", None));
    let service = schema("service.schema.json");
    for (name, definition) in [
        ("findings", "Finding"),
        ("apology", "Apology"),
        ("improvement", "Improvement"),
    ] {
        assert_eq!(
            names(&field(fields, name)["fields"]),
            keys(&service, Some(definition)),
            "{name}"
        );
    }
    let improvement = &field(fields, "improvement")["fields"];
    let actions = &field(improvement, "actions")["fields"];
    assert_eq!(names(actions), keys(&service, Some("Action")));
    assert_eq!(
        names(&field(actions, "updates")["fields"]),
        keys(&service, Some("Update"))
    );
    assert_eq!(
        options(field(&field(fields, "findings")["fields"], "kind")),
        ["strength", "concern"]
    );
    assert_eq!(
        options(field(actions, "status")),
        ["not-started", "in-progress", "done"]
    );
    // Dates are typed, so a month (`due: 2020-09`) is one.
    let due = field(actions, "due");
    assert_eq!(due["widget"], "string");
    assert_eq!(
        due["pattern"][0], service["definitions"]["Date"]["pattern"],
        "{due}"
    );
    assert_eq!(field(fields, "summary")["widget"], "markdown");
    assert_eq!(field(fields, "body")["widget"], "markdown");
    assert_eq!(field(fields, "aliases")["widget"], "list");

    let pages = collection(&config, "pages");
    assert_eq!(pages["folder"], "content");
    assert_eq!(names(&pages["fields"]), with_body("page.schema.json", None));
    assert_eq!(pages["index_file"]["name"], "_index");
    assert_eq!(
        names(&pages["index_file"]["fields"]),
        with_body("home.schema.json", None)
    );

    let statements = collection(&config, "statements");
    assert_eq!(statements["folder"], "seeds/statements");
    assert_eq!(statements["format"], "yaml");
    assert_eq!(
        names(&statements["fields"]),
        keys(&schema("statement.schema.json"), None)
    );

    let inspections = collection(&config, "inspections");
    assert_eq!(inspections["folder"], "seeds/inspections");
    assert_eq!(inspections["extension"], "yaml");
    assert_eq!(inspections["format"], "yaml");
    let inspection = schema("inspection.schema.json");
    let fields = &inspections["fields"];
    assert_eq!(names(fields), keys(&inspection, None));
    // A block for every service id a page has or a report rates, and every location.
    let services = &field(fields, "services")["fields"];
    assert_eq!(
        names(services),
        [
            "district-nursing",
            "memory-clinic",
            "new-birth-centre",
            "podiatry",
            "urgent-care",
            "wheelchair-service",
        ]
        .map(String::from)
        .into(),
    );
    let ratings = keys(&inspection, Some("Ratings"));
    let urgent_care = &field(services, "urgent-care")["fields"];
    let rating_words = [
        "outstanding",
        "good",
        "requires-improvement",
        "inadequate",
        "not-rated",
        "inspected-but-not-rated",
        "suspended",
    ];
    for question in [
        "overall",
        "safe",
        "effective",
        "caring",
        "responsive",
        "well-led",
    ] {
        let select = field(urgent_care, question);
        assert_eq!(select["widget"], "select", "{question}");
        assert_eq!(options(select), rating_words, "{question}");
        assert!(ratings.contains(question));
    }
    assert!(names(urgent_care).is_subset(&ratings));
    assert_eq!(options(field(urgent_care, "location")), ["riverside"]);
    let locations = &field(fields, "locations")["fields"];
    assert_eq!(names(locations), ["riverside".to_owned()].into());
    assert!(names(&field(locations, "riverside")["fields"]).is_subset(&ratings));
    assert!(names(&field(fields, "provider_ratings")["fields"]).is_subset(&ratings));
    assert_eq!(
        names(&field(fields, "passages")["fields"]),
        keys(&inspection, Some("Passage"))
    );
}

/// The editor's field for a rating holds a word, so saving a report that gives one in its
/// long form (`{ rating, score }`) would drop it; and saving an imported report would lose
/// the end line the next import needs. Such reports are left out of the editor's list.
#[test]
fn reports_the_editor_would_change_by_saving_are_not_listed() {
    let site = with_cms("showcase", CMS);
    std::fs::write(
        site.path().join("seeds/inspections/cqc-rx9-2022-01-01.yaml"),
        "regulator: cqc\nprovider: Example Community NHS Trust\npublished: 2022-01-01\nprovider_ratings:\n  overall: good\n# --- end of imported ratings (fingerprint 0000000000000000) ---\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let config = cms_config(&site.path().join("public"));
    let filter = &collection(&config, "inspections")["filter"];
    assert_eq!(filter["field"], "slug");
    // focused-2021 gives `safe: { rating: requires-improvement, score: 58 }`.
    assert_eq!(
        filter["pattern"],
        "^(?!(?:cqc-rx9-2022-01-01|focused-2021)$)"
    );
    for collection in config["collections"].as_array().unwrap() {
        if collection["name"] != "inspections" {
            assert!(collection.get("filter").is_none(), "{}", collection["name"]);
        }
    }
}

#[test]
fn the_admin_page_loads_the_pinned_editor_and_is_the_only_page_with_a_script_from_elsewhere() {
    let site = with_cms("showcase", CMS);
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let page = read(&public.join("admin/index.html"));
    assert!(
        page.contains(
            "<script src=\"https://unpkg.com/@sveltia/cms@0.221.1/dist/sveltia-cms.js\" integrity=\"sha384-"
        ),
        "{page}"
    );
    assert!(page.contains("crossorigin=\"anonymous\""), "{page}");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(page.contains("<html lang=\"en-GB\">"));
    let config = cms_config(&public);
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "example-trust/ratings");
    assert_eq!(config["backend"]["branch"], "main");
    // No OAuth client given: editors sign in with an access token.
    assert_eq!(
        config["backend"]["auth_methods"],
        serde_json::json!(["token"])
    );
    assert_eq!(config["media_folder"], "static/images");
    assert_eq!(config["output"]["omit_empty_optional_fields"], true);
    let listed: Vec<&str> = config["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["services", "pages", "inspections", "statements"]);

    // Every other page loads scripts from the site only, and none lists the editor.
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        let path = entry.path();
        let relative = path.strip_prefix(&public).unwrap().to_string_lossy();
        if relative == "admin/index.html" || !entry.file_type().is_file() {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        assert!(!text.contains("<script src=\"http"), "{relative}");
        assert!(!text.contains("<script src=\"//"), "{relative}");
        assert!(!text.contains("sveltia"), "{relative}");
    }
    assert!(!read(&public.join("sitemap.xml")).contains("admin"));
}

#[test]
fn an_oauth_client_gives_the_sign_in_with_github_button() {
    let site = with_cms(
        "showcase",
        "cms:\n  backend: github\n  repo: example-trust/ratings\n  auth_url: https://sveltia-cms-auth.example.workers.dev/\n",
    );
    build_ok(site.path(), &[]);
    let config = cms_config(&site.path().join("public"));
    assert_eq!(
        config["backend"]["base_url"],
        "https://sveltia-cms-auth.example.workers.dev"
    );
    assert!(config["backend"].get("auth_methods").is_none());
    assert!(config["backend"].get("branch").is_none());
}

#[test]
fn without_cms_there_is_no_admin_folder() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    assert!(!site.path().join("public/admin").exists());
    // The example site too.
    let example = site_of_example();
    build_ok(example.path(), &[]);
    assert!(!example.path().join("public/admin").exists());
}

fn site_of_example() -> tempfile::TempDir {
    site("example")
}

/// Each mistake in `cms:` stops the build with its line and the fix.
#[test]
fn a_bad_cms_setting_is_a_clear_error() {
    for (settings, expected) in [
        (
            "cms: { backend: github, repo: \"https://github.com/example-trust/ratings\" }\n",
            "`cms.repo: https://github.com/example-trust/ratings` is not a repository on GitHub",
        ),
        (
            "cms: { backend: github, repo: ratings }\n",
            "`cms.repo: ratings` is not a repository on GitHub",
        ),
        (
            "cms: { backend: gitlab, repo: example-trust/ratings }\n",
            "`gitlab` is not an allowed value",
        ),
        (
            "cms: { backend: github, repo: example-trust/ratings, branch: main branch }\n",
            "`cms.branch: main branch` is not a branch name",
        ),
        (
            "cms: { backend: github, repo: example-trust/ratings, auth_url: \"http://auth.example\" }\n",
            "`cms.auth_url: http://auth.example` is not the address of an OAuth client",
        ),
        (
            "cms: { backend: github, repo: example-trust/ratings, brnch: main }\n",
            "brnch",
        ),
    ] {
        let site = with_cms("showcase", settings);
        let out = carepages(site.path(), &["build", "--today", TODAY]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{settings}{stderr}");
        assert!(stderr.contains(expected), "{settings}{stderr}");
        assert!(stderr.contains("carepages.yaml:"), "{stderr}");
        assert!(!site.path().join("public").exists());
    }
    // The help says how to write the repository.
    let site = with_cms("showcase", "cms: { backend: github, repo: ratings }\n");
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`owner/name`"), "{stderr}");
    assert!(stderr.contains("carepages.yaml:12:"), "{stderr}");
}

/// A page of the writer's where the editor goes is a clash, named like any other.
#[test]
fn a_page_at_the_editors_address_is_an_error() {
    let site = with_cms("showcase", CMS);
    std::fs::write(
        site.path().join("content/admin.md"),
        "---\ntitle: Admin\n---\nOur admin team.\n",
    )
    .unwrap();
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("where carepages publishes a file of its own"),
        "{stderr}"
    );
    // Without the editor the page is the site's own.
    let site = site_of_example();
    std::fs::write(
        site.path().join("content/admin.md"),
        "---\ntitle: Admin\n---\nOur admin team.\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    assert!(read(&site.path().join("public/admin/index.html")).contains("Our admin team."));
}

/// The editor's list of services follows the pages: a new page is a new block of ratings.
#[test]
fn a_new_service_page_appears_in_the_editors_report_form() {
    let site = with_cms("showcase", CMS);
    build_ok(site.path(), &[]);
    let out = carepages(site.path(), &["new", "service", "Speech therapy"]);
    assert!(out.status.success());
    edit(
        site.path(),
        "content/services/speech-therapy.md",
        "Say what this service does, in one or two short sentences.",
        "Speech therapy helps children talk.",
    );
    build_ok(site.path(), &[]);
    let config = cms_config(&site.path().join("public"));
    let fields = &collection(&config, "inspections")["fields"];
    let services = &field(fields, "services")["fields"];
    assert_eq!(
        field(services, "speech-therapy")["label"],
        "Speech therapy (speech-therapy)"
    );
}
