//! Every kind of mistake a writer can make: each gives a message naming the file, line and
//! fix (snapshotted), a non-zero exit, no panic, and leaves the previous `public/` untouched.

mod common;

use std::path::Path;

use common::*;

/// Builds the showcase site once, breaks it with `edit`, builds again, and returns the error
/// output after checking the failed build changed nothing in `public/`.
fn broken(edit: impl FnOnce(&Path)) -> String {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let before = snapshot_tree(&site.path().join("public"));
    edit(site.path());
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code 1 for content errors:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        snapshot_tree(&site.path().join("public")),
        before,
        "a failed build must leave public/ as it was"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no half-written folders left: {leftovers:?}"
    );
    stderr
}

fn replace(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = read(&path);
    assert!(text.contains(from), "{file} contains {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn write(site: &Path, file: &str, text: &str) {
    let path = site.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn malformed_yaml() {
    let err = broken(|s| {
        replace(
            s,
            "content/services/memory-clinic.md",
            "title: Memory clinic\n",
            "title: Memory clinic\n  summary: indented wrongly\n",
        )
    });
    insta::assert_snapshot!(err);
}

#[test]
fn missing_required_field() {
    let err = broken(|s| {
        write(
            s,
            "content/services/memory-clinic.md",
            "---\ntitle: Memory clinic\n---\nText.\n",
        )
    });
    insta::assert_snapshot!(err);
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let err = broken(|s| {
        replace(
            s,
            "content/services/memory-clinic.md",
            "summary:",
            "sumary:",
        )
    });
    insta::assert_snapshot!(err);
}

#[test]
fn a_misspelt_rating() {
    let err = broken(|s| {
        replace(
            s,
            "seeds/inspections/report-2020.yaml",
            "memory-clinic: { overall: outstanding",
            "memory-clinic: { overall: gud",
        )
    });
    insta::assert_snapshot!(err);
}

#[test]
fn an_impossible_date() {
    let err = broken(|s| {
        replace(
            s,
            "content/services/urgent-care.md",
            "reviewed: 2021-03-10",
            "reviewed: 2020-02-30",
        )
    });
    insta::assert_snapshot!(err);
}

#[test]
fn a_quotation_not_in_its_source() {
    let err = broken(|s| {
        replace(
            s,
            "content/services/urgent-care.md",
            "Patients waited too long to be seen.",
            "Patients waited a little too long to be seen.",
        )
    });
    insta::assert_snapshot!(err);
}

#[test]
fn a_seed_that_does_not_exist() {
    let err = broken(|s| {
        replace(
            s,
            "content/services/district-nursing.md",
            "source: report-2018",
            "source: report-2019",
        )
    });
    insta::assert_snapshot!(err);
}

#[test]
fn duplicate_service_ids() {
    let err = broken(|s| {
        write(
            s,
            "content/services/north/podiatry.md",
            "---\ntitle: Podiatry in the north\nsummary: Feet.\n---\n",
        )
    });
    insta::assert_snapshot!(err);
}

#[test]
fn a_template_error_in_a_site_override() {
    let err = broken(|s| {
        write(
            s,
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n",
        )
    });
    insta::assert_snapshot!(err);
}

#[test]
fn an_undefined_variable_in_a_template() {
    let err = broken(|s| {
        write(
            s,
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.titel }}</h1>\n{% endblock main %}\n",
        )
    });
    insta::assert_snapshot!(err);
}

#[test]
fn a_missing_content_folder() {
    let err = broken(|s| std::fs::remove_dir_all(s.join("content")).unwrap());
    insta::assert_snapshot!(err);
}

#[test]
fn raw_html_is_a_warning_and_a_javascript_link_an_error() {
    let err = broken(|s| {
        write(
            s,
            "content/services/memory-clinic.md",
            "---\ntitle: Memory clinic\nsummary: Memory.\n---\nHello <b>there</b>.\n\n[Click](javascript:alert(1))\n",
        )
    });
    insta::assert_snapshot!(err);
}

#[test]
fn every_problem_of_one_run_is_reported_together() {
    let err = broken(|s| {
        replace(
            s,
            "content/services/memory-clinic.md",
            "summary:",
            "sumary:",
        );
        replace(
            s,
            "content/services/urgent-care.md",
            "due: 2020-06-30",
            "due: 2020-06-31",
        );
        replace(
            s,
            "content/services/district-nursing.md",
            "source: report-2018",
            "source: report-1999",
        );
        replace(
            s,
            "seeds/inspections/report-2018.yaml",
            "urgent-care: { overall: good }",
            "urgent-care: { overall: great }",
        );
    });
    assert!(err.contains("4 errors and 0 warnings found"), "{err}");
    for file in [
        "content/services/memory-clinic.md:",
        "content/services/urgent-care.md:",
        "content/services/district-nursing.md:",
        "seeds/inspections/report-2018.yaml:",
    ] {
        assert!(err.contains(file), "{file} is reported:\n{err}");
    }
}

#[test]
fn a_site_folder_without_config_says_where_to_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = carepages(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr));
    assert!(!dir.path().join("public").exists());
}

#[test]
fn a_bad_today_flag_is_a_usage_error() {
    let site = site("showcase");
    let out = carepages(site.path(), &["build", "--today", "2020-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--today `2020-02-30` is not a date"));
}

#[test]
fn a_broken_internal_link_or_anchor() {
    let err = broken(|s| {
        write(
            s,
            "content/services/memory-clinic.md",
            "---\ntitle: Memory clinic\nsummary: Memory.\n---\nSee [waiting times](../../waiting-time/) and [the apology](../urgent-care/#apologies).\n",
        )
    });
    insta::assert_snapshot!(err);
}

/// Mistakes a writer makes with an editor rather than with carepages: a tab, a missing space,
/// a file in another encoding, a page saved with the wrong extension. All of them are named
/// together, each at its place with what to type instead, in words with no parser's terms.
#[test]
fn an_editor_s_mistakes_are_all_named_in_plain_words() {
    let err = broken(|s| {
        replace(
            s,
            "content/services/memory-clinic.md",
            "title: Memory clinic\n",
            "title: Memory clinic\n\tnext_review: 2031-01-01\n",
        );
        replace(
            s,
            "content/services/podiatry.md",
            "title: Podiatry",
            "title:Podiatry",
        );
        // "Café" saved by an editor using Windows-1252, where é is one byte.
        let path = s.join("content/waiting-times.md");
        let mut bytes = read(&path).into_bytes();
        let at = bytes.len() - 1;
        bytes.splice(at..at, b" Caf\xe9".iter().copied());
        std::fs::write(&path, bytes).unwrap();
        // Saved as "Unicode" from Notepad.
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "---\ntitle: Eyes\nsummary: Eye care.\n---\n".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        std::fs::write(s.join("content/services/eye-clinic.md"), utf16).unwrap();
        write(s, "content/services/dental.MD", "---\ntitle: Dental\n---\n");
        write(
            s,
            "content/services/hearing.md.txt",
            "---\ntitle: Hearing\n---\n",
        );
    });
    for expected in [
        "error: this line has a tab: YAML is indented with spaces only",
        "error: `title` needs a space after its colon\n --> content/services/podiatry.md:2:",
        "error: the file is not saved as UTF-8: byte 0xE9 here is a letter in another encoding (such as Windows-1252)\n  --> content/waiting-times.md:17:35",
        "error: the file is saved as UTF-16 (\"Unicode\" in Notepad), which carepages cannot read\n --> content/services/eye-clinic.md",
        "error: carepages reads only files ending in `.md` here, so this page is left out\n --> content/services/dental.MD",
        "help: rename it to `dental.md`",
        "help: rename it to `hearing.md`",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    for parser_word in [
        "struct",
        "enum",
        "invalid type",
        "variant",
        "stream did not contain",
    ] {
        assert!(!err.contains(parser_word), "`{parser_word}` in:\n{err}");
    }
    insta::assert_snapshot!(err);
}

/// A page with many mistakes of different kinds: every one is reported in one run, in the
/// order of the file, each at its line with its fix; a misspelt field is not reported a second
/// time as the field it stands for being missing.
#[test]
fn several_mistakes_in_one_page_are_reported_together() {
    let err = broken(|s| {
        write(
            s,
            "content/services/memory-clinic.md",
            "---
title: Memory clinic
sumary: The memory clinic helps people with memory problems.
findings:
  - kind: strenght
    text: Staff were kind and patients said they felt listened to.
    source: report-2020
  - kind: concern
improvement:
  by: { name: Sam Example }
  text: We will see every patient sooner.
  actions:
    - title: Hire two nurses
      due: soon
      status: finished
      updates:
        - { date: 2020-06-31, text: One nurse started. }
        - { date: 2020-13-01, text: The second started. }
    - status: done
reviewed: 2021-02-29
title: Memory clinic
---
Body.
",
        );
    });
    insta::assert_snapshot!(err);
}

/// The same for a report's seed, where most values are ratings.
#[test]
fn several_mistakes_in_one_report_are_reported_together() {
    let err = broken(|s| {
        let file = "seeds/inspections/report-2020.yaml";
        replace(s, file, "published: 2020-05-20", "publised: 2020-05-20");
        replace(
            s,
            file,
            "effective: good, caring: outstanding, responsive: good, well-led: good }\nservices",
            "effective: god, caring: outstanding, responsive: good, well-led: good }\nservices",
        );
        replace(
            s,
            file,
            "urgent-care: { overall: inadequate, safe: inadequate",
            "urgent-care: { overall: inadequate, safe: Inadequate",
        );
        replace(
            s,
            file,
            "new-birth-centre: { overall: not-rated }",
            "new-birth-centre: { overall: not-rated, kind: 3 }",
        );
        replace(
            s,
            file,
            "quoted_in: the Example Gazette",
            "quoted_in: the Example Gazette\n    page: 4",
        );
    });
    insta::assert_snapshot!(err);
}

/// The quoting mistakes YAML punishes: each named in a writer's words at the quote mark or
/// character concerned, with the line written out as it should be.
#[test]
fn quoting_mistakes_are_named_with_their_fix() {
    let err = broken(|s| {
        for (name, title) in [
            ("unclosed", "title: \"Memory clinic"),
            ("curly", "title: “Memory clinic: who we help”"),
            ("colon", "title: Memory clinic: who we help"),
            ("after-quote", "title: \"Memory\" clinic"),
            ("apostrophe", "title: 'Children's clinic"),
            ("at-sign", "title: @home care"),
            ("dash", "title: - Memory clinic"),
            ("backslash", "title: \"Memory\\clinic\""),
            ("bracket", "title: [Draft Memory clinic"),
        ] {
            write(
                s,
                &format!("content/services/{name}.md"),
                &format!("---\n{title}\nsummary: A clinic.\n---\n"),
            );
        }
    });
    insta::assert_snapshot!(err);
}

/// The rule for every message: no parser's or programmer's words in any snapshot of
/// a writer's mistake.
#[test]
fn no_message_speaks_the_parser_s_language() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut read_any = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("bad_input__") {
            continue;
        }
        read_any += 1;
        let text = read(&entry.path());
        for word in [
            "struct",
            "enum ",
            "invalid type",
            "variant",
            "deserializ",
            "scalar",
            "stream did not contain",
            "u16",
            "sequence",
        ] {
            assert!(!text.contains(word), "`{word}` in {name}:\n{text}");
        }
    }
    assert!(read_any >= 15, "only {read_any} snapshots read");
}

/// An image that is not there, one from another website, one whose path has a space (which
/// Markdown would print as typed) and one with no text alternative (a warning): each named
/// with its fix.
#[test]
fn image_mistakes_are_named_with_the_fix() {
    let err = broken(|s| {
        write(s, "static/images/clinic-map.png", "png");
        let page = s.join("content/services/podiatry.md");
        std::fs::write(
            &page,
            read(&page)
                + "\n![Map of the clinic](/images/clinic-mapp.png)\n\n\
             ![A photo](https://example.com/photo.jpg)\n\n\
             See ![the map](images/clinic map.png) for parking.\n\n\
             ![](/images/clinic-map.png)\n",
        )
        .unwrap();
    });
    insta::assert_snapshot!(err);
}

/// Indentation a space or two off, keys given twice at any depth, several mistakes inside one
/// `{ }`, and text `{ }` cannot hold unquoted: each named at its own line, and the rest of the
/// file still checked.
#[test]
fn indentation_and_brace_mistakes_are_named_where_they_are() {
    let err = broken(|s| {
        write(
            s,
            "content/services/memory-clinic.md",
            "---
title: Memory clinic
summary: The memory clinic helps people with memory problems.
apology:
  to: patients who waited
 by: { name: Alex Example, role: Chief executive }
  text: We are sorry.
findings:
  - kind: concern
  text: Staff were kind and patients said they felt listened to.
  - kind: strength
     text: Staff were kind.
  - text: a
    kind: concern
    text: b
reviewed: 2021-02-29
---
",
        );
        write(
            s,
            "content/services/podiatry.md",
            "---\ntitle: Podiatry\nsummary: Feet.\napology:\n  by: { name: Alex, role: Chief: executive }\n  text: Sorry.\n---\n",
        );
        write(
            s,
            "content/services/district-nursing.md",
            "---\ntitle: District nursing\nsummary: Nurses.\nfindings:\n  -kind: strength\n    text: Kind.\n---\n",
        );
        replace(
            s,
            "seeds/inspections/report-2020.yaml",
            "memory-clinic: { overall: outstanding, safe: good,",
            "memory-clinic: { overall: outstandng, safe: Good,",
        );
    });
    insta::assert_snapshot!(err);
}
