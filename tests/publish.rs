//! Publishing: the built site works under a domain root and under a sub-path when served by
//! a plain web server, and its feed, sitemap, ratings.json, badges and JSON-LD are right.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use common::*;

/// A static web server on 127.0.0.1 serving `dir` under `base` like a web host: folders
/// answer with their index.html, anything else missing with 404. Stops with the test.
fn serve(dir: PathBuf, base: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let path = request.split(' ').nth(1).unwrap_or("/").to_owned();
            let mut line = String::new();
            while reader.read_line(&mut line).map(|n| n > 2).unwrap_or(false) {
                line.clear();
            }
            let file = path.strip_prefix(base).map(|rel| {
                let mut file = dir.join(rel.split('?').next().unwrap());
                if file.is_dir() {
                    file = file.join("index.html");
                }
                file
            });
            let (status, body) = match file {
                Some(f) if f.is_file() && !path.contains("..") => {
                    ("200 OK", std::fs::read(f).unwrap())
                }
                _ => ("404 Not Found", Vec::new()),
            };
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&body);
        }
    });
    port
}

fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body_start = text.find("\r\n\r\n").map_or(response.len(), |i| i + 4);
    (status, response[body_start..].to_vec())
}

fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    html.split(&format!(" {attribute}=\""))
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .collect()
}

/// Crawls every page of a site served under `base`, following every internal link and asset
/// from every HTML page found in the output, and returns what did not answer 200.
fn crawl(site: &Path, base: &'static str) -> (usize, Vec<String>) {
    let port = serve(site.join("public"), base);
    let mut failures = Vec::new();
    let mut checked = BTreeSet::new();
    for (file, bytes) in snapshot_tree(&site.join("public")) {
        if !file.ends_with(".html") {
            continue;
        }
        let page_url = format!("{base}{}", file.trim_end_matches("index.html"));
        let html = String::from_utf8(bytes).unwrap();
        for href in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            if href.contains("://") || href.starts_with("mailto:") || href.starts_with("tel:") {
                continue;
            }
            let (path, fragment) = href
                .split_once('#')
                .map_or((href.as_str(), None), |(p, f)| (p, Some(f)));
            let absolute = if path.is_empty() {
                page_url.clone()
            } else if path.starts_with('/') {
                path.to_owned()
            } else {
                normalise(&format!("{page_url}{path}"))
            };
            if !absolute.starts_with(base) {
                failures.push(format!("{file}: {href} leaves the base path {base}"));
                continue;
            }
            let (status, body) = get(port, &absolute);
            checked.insert(absolute.clone());
            if status != 200 {
                failures.push(format!("{file}: {href} answered {status}"));
                continue;
            }
            if let Some(fragment) = fragment {
                let target = String::from_utf8_lossy(&body);
                if !target.contains(&format!("id=\"{fragment}\"")) {
                    failures.push(format!("{file}: {href} has no anchor #{fragment}"));
                }
            }
        }
    }
    (checked.len(), failures)
}

fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[test]
fn every_link_asset_and_anchor_answers_at_a_domain_root() {
    let site = site("showcase");
    build_ok(site.path(), &["--base-url", "https://ratings.example.org/"]);
    let (checked, failures) = crawl(site.path(), "/");
    assert!(checked > 10, "only {checked} links checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_link_asset_and_anchor_answers_under_a_github_pages_sub_path() {
    for fixture in ["showcase", "example"] {
        let site = site(fixture);
        build_ok(
            site.path(),
            &["--base-url", "https://example.github.io/carepages/"],
        );
        let (checked, failures) = crawl(site.path(), "/carepages/");
        assert!(checked > 10, "only {checked} links checked");
        assert!(failures.is_empty(), "{fixture}:\n{}", failures.join("\n"));
        // GitHub Pages answers any missing path with 404.html, so its links must be absolute.
        let not_found = read(&site.path().join("public/404.html"));
        for href in attribute_values(&not_found, "href") {
            assert!(
                href.starts_with("/carepages/")
                    || href.starts_with("https://")
                    || href.starts_with('#')
                    || href.starts_with("mailto:")
                    || href.starts_with("tel:"),
                "404.html has a relative link {href}"
            );
        }
    }
}

#[test]
fn the_feed_is_valid_atom_with_dated_events_and_stable_ids() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let xml = read(&site.path().join("public/feed.xml"));
    let doc = roxmltree::Document::parse(&xml).expect("feed.xml is well-formed XML");
    let atom = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert!(feed.has_tag_name((atom, "feed")));
    fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
        let atom = "http://www.w3.org/2005/Atom";
        node.children()
            .filter(|c| c.has_tag_name((atom, name)))
            .collect()
    }
    let rfc3339 = |text: &str| {
        text.len() == 20
            && text.as_bytes()[4] == b'-'
            && text.as_bytes()[10] == b'T'
            && text.ends_with('Z')
    };
    // RFC 4287 4.1.1: exactly one id, title and updated; an author unless every entry has one.
    for name in ["id", "title", "updated", "author"] {
        assert_eq!(child(feed, name).len(), 1, "feed has one <{name}>");
    }
    assert!(rfc3339(child(feed, "updated")[0].text().unwrap()));
    let self_link = child(feed, "link")
        .into_iter()
        .find(|l| l.attribute("rel") == Some("self"))
        .expect("a self link");
    assert_eq!(
        self_link.attribute("href"),
        Some("https://example.org/ratings/feed.xml")
    );
    let entries = child(feed, "entry");
    let mut ids = BTreeSet::new();
    let mut titles = Vec::new();
    for entry in &entries {
        for name in ["id", "title", "updated"] {
            assert_eq!(child(*entry, name).len(), 1, "entry has one <{name}>");
        }
        let id = child(*entry, "id")[0].text().unwrap();
        assert!(
            id.starts_with("https://example.org/ratings/"),
            "{id} is an absolute IRI"
        );
        assert!(ids.insert(id.to_owned()), "entry ids are unique: {id}");
        assert!(rfc3339(child(*entry, "updated")[0].text().unwrap()));
        assert!(!child(*entry, "link").is_empty(), "entry links to its page");
        titles.push(child(*entry, "title")[0].text().unwrap().to_owned());
    }
    // Newest first: the focused inspection of March 2021 leads, then the action update of 1
    // August 2020; the 2018 report is last.
    assert_eq!(
        &titles[..2],
        [
            "Report from the Care Quality Commission on Example Community NHS Trust",
            "Urgent care centre: progress on “Recruit four more nurses”"
        ]
    );
    assert_eq!(
        titles.last().map(String::as_str),
        Some("Report from the Care Quality Commission on Example Community NHS Trust")
    );
    assert!(
        titles
            .iter()
            .any(|t| t == "Urgent care centre: an apology from Alex Example, Chief executive")
    );
    assert_eq!(
        entries.len(),
        7,
        "3 reports, 1 apology, 3 updates: {titles:?}"
    );

    // The same input gives the same ids on another day.
    let again = site_again(&site, "2027-01-01");
    assert_eq!(xml, again, "the feed does not depend on the build date");
}

fn site_again(site: &tempfile::TempDir, today: &str) -> String {
    let out = carepages(
        site.path(),
        &["build", "--today", today, "--output", "again"],
    );
    assert!(out.status.success());
    read(&site.path().join("again/feed.xml"))
}

#[test]
fn the_sitemap_lists_every_page_with_full_urls() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let xml = read(&site.path().join("public/sitemap.xml"));
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is well-formed XML");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    assert!(doc.root_element().has_tag_name((ns, "urlset")));
    let mut locs = BTreeSet::new();
    for url in doc.root_element().children().filter(|c| c.is_element()) {
        assert!(url.has_tag_name((ns, "url")));
        let loc = url
            .children()
            .find(|c| c.has_tag_name((ns, "loc")))
            .expect("<loc>")
            .text()
            .unwrap();
        assert!(
            loc.starts_with("https://example.org/ratings/") && loc.ends_with('/'),
            "{loc}"
        );
        if let Some(lastmod) = url.children().find(|c| c.has_tag_name((ns, "lastmod"))) {
            let text = lastmod.text().unwrap();
            assert!(text.len() == 10 || text.len() == 7, "W3C date: {text}");
        }
        locs.insert(loc.to_owned());
    }
    let pages: BTreeSet<String> = snapshot_tree(&site.path().join("public"))
        .into_iter()
        .filter(|(p, _)| p.ends_with("index.html"))
        .map(|(p, _)| {
            format!(
                "https://example.org/ratings/{}",
                p.trim_end_matches("index.html")
            )
        })
        .collect();
    assert_eq!(locs, pages, "the sitemap lists exactly the built pages");
    let robots = read(&site.path().join("public/robots.txt"));
    assert!(robots.contains("Sitemap: https://example.org/ratings/sitemap.xml"));
}

#[test]
fn ratings_json_gives_each_rating_from_the_latest_report_that_rated_it() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let json: serde_json::Value =
        serde_json::from_str(&read(&site.path().join("public/ratings.json"))).unwrap();
    assert_eq!(json["version"], 3);
    assert_eq!(json["regulator"]["web_address"], "www.cqc.org.uk");

    // Read the seeds independently of carepages: for each service and key question, the
    // latest report that rates that question wins, and the others keep theirs.
    let mut latest: BTreeMap<(String, String), (String, String, String)> = BTreeMap::new();
    for (file, bytes) in snapshot_tree(&site.path().join("seeds/inspections")) {
        let seed: serde_yaml::Value = serde_yaml::from_slice(&bytes).unwrap();
        let published = seed["published"].as_str().unwrap().to_owned();
        let report = file.trim_end_matches(".yaml").to_owned();
        for (id, ratings) in seed["services"].as_mapping().unwrap() {
            for (question, given) in ratings.as_mapping().unwrap() {
                let question = question.as_str().unwrap().to_owned();
                let rating = match given {
                    serde_yaml::Value::String(word) => word.clone(),
                    serde_yaml::Value::Mapping(m) => match m.get("rating") {
                        Some(r) => r.as_str().unwrap().to_owned(),
                        None => continue,
                    },
                    _ => continue,
                };
                let key = (id.as_str().unwrap().to_owned(), question);
                if latest
                    .get(&key)
                    .is_none_or(|(date, _, _)| *date < published)
                {
                    latest.insert(key, (published.clone(), report.clone(), rating));
                }
            }
        }
    }
    let services = json["services"].as_array().unwrap();
    assert_eq!(services.len(), 6);
    let mut dated_differently = 0;
    for service in services {
        let id = service["id"].as_str().unwrap();
        let mut dates = BTreeSet::new();
        for question in [
            "overall",
            "safe",
            "effective",
            "caring",
            "responsive",
            "well-led",
        ] {
            let rating = &service["ratings"][question];
            match latest.get(&(id.to_owned(), question.to_owned())) {
                Some((date, report, word)) => {
                    assert_eq!(rating["rating"], word.as_str(), "{id} {question}");
                    assert_eq!(rating["date"], date.as_str(), "{id} {question}");
                    assert_eq!(rating["report"], report.as_str(), "{id} {question}");
                    assert!(json["reports"][report].is_object(), "{report} is listed");
                    dates.insert(date.clone());
                }
                None => assert!(rating.is_null(), "{id} {question}: {rating}"),
            }
        }
        dated_differently += usize::from(dates.len() > 1);
        assert_eq!(
            service["url"],
            format!("https://example.org/ratings/services/{id}/")
        );
        assert!(
            site.path()
                .join(format!("public/badges/{id}.svg"))
                .is_file()
        );
    }
    assert!(
        dated_differently >= 2,
        "the focused inspection re-rated some questions"
    );
    let urgent = services.iter().find(|s| s["id"] == "urgent-care").unwrap();
    assert_eq!(urgent["ratings"]["safe"]["score"], 58);
    assert_eq!(urgent["location"], "riverside");
    // At a location, the link is the location's page on the CQC's website, which lists its
    // latest assessment whatever re-rated it since.
    assert_eq!(
        urgent["assessment_url"],
        "https://www.cqc.org.uk/location/1-000000001"
    );
    let birth = services
        .iter()
        .find(|s| s["id"] == "new-birth-centre")
        .unwrap();
    assert_eq!(
        birth["ratings"]["overall"]["inherited_from"],
        "Example Maternity Partnership"
    );
    assert_eq!(json["locations"][0]["name"], "Riverside Community Hospital");
    assert_eq!(
        json["organisation"]["ratings"]["caring"]["rating"],
        "outstanding"
    );
    assert_eq!(
        json["organisation"]["ratings"]["caring"]["date"],
        "2020-05-20"
    );
    assert_eq!(
        json["organisation"]["assessment_url"],
        "https://www.cqc.org.uk/provider/RX9"
    );
}

#[test]
fn standalone_badges_say_the_rating_in_words() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let svg = read(&site.path().join("public/badges/urgent-care.svg"));
    let doc = roxmltree::Document::parse(&svg).expect("the badge is well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let title = root
        .children()
        .find(|c| c.has_tag_name("title"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(
        title,
        "Urgent care centre: rated Inadequate by the Care Quality Commission"
    );
    let text = root
        .descendants()
        .find(|c| c.has_tag_name("text"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(text, "Inadequate");
    let trust = read(&site.path().join("public/badges/trust.svg"));
    assert!(trust.contains("<title id=\"badge-title\">Example Community NHS Trust: rated Good by the Care Quality Commission</title>"));

    let embed = text_of(&main_of(&read(
        &site.path().join("public/embed/index.html"),
    )));
    assert!(
        embed.contains("<a href=\"https://example.org/ratings/services/urgent-care/\"><img src=\"https://example.org/ratings/badges/urgent-care.svg\" alt=\"Urgent care centre: rated Inadequate by the Care Quality Commission\" height=\"28\"></a>"),
        "{embed}"
    );
}

#[test]
fn every_page_has_json_ld_and_never_an_aggregate_rating() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    for (file, bytes) in snapshot_tree(&site.path().join("public")) {
        if !file.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let start = html
            .find("<script type=\"application/ld+json\">")
            .unwrap_or_else(|| panic!("{file} has JSON-LD"));
        let json = &html[start + 35..];
        let json: serde_json::Value =
            serde_json::from_str(&json[..json.find("</script>").unwrap()]).unwrap();
        assert_eq!(json["@type"], "WebPage", "{file}");
        assert_eq!(json["about"]["@type"], "MedicalOrganization", "{file}");
        assert!(!html.contains("AggregateRating"), "{file}");
    }
    let html = read(&site.path().join("public/services/urgent-care/index.html"));
    assert!(html.contains("\"lastReviewed\":\"2021-03-10\""));
    // The overall rating, by the regulator, with the date of the report that gave it.
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let json: serde_json::Value =
        serde_json::from_str(&html[start..start + html[start..].find("</script>").unwrap()])
            .unwrap();
    let review = &json["review"];
    assert_eq!(review["@type"], "Review");
    assert_eq!(review["author"]["name"], "Care Quality Commission");
    assert_eq!(review["reviewRating"]["ratingValue"], "Inadequate");
    assert_eq!(review["datePublished"], "2020-05-20");
    assert_eq!(review["itemReviewed"]["name"], "Urgent care centre");
}

#[test]
fn stylesheets_get_content_hashed_names_and_every_reference_follows() {
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let css: Vec<String> = snapshot_tree(&site.path().join("public"))
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1);
    assert!(
        css[0].starts_with("style.") && css[0].len() > "style.css".len() + 5,
        "{css:?}"
    );
    let home = read(&site.path().join("public/index.html"));
    assert!(home.contains(&format!("href=\"/ratings/{}\"", css[0])));

    // Editing the stylesheet changes its name.
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    let theme_css = read(&repo().join("themes/default/static/style.css"));
    std::fs::write(
        site.path().join("static/style.css"),
        theme_css + "\n/* site tweak */\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let home_after = read(&site.path().join("public/index.html"));
    assert!(
        !home_after.contains(&css[0]),
        "a changed stylesheet gets a new name"
    );
}

#[test]
fn a_custom_domain_writes_cname_and_nojekyll() {
    let site = site("showcase");
    let config = site.path().join("carepages.yaml");
    std::fs::write(
        &config,
        read(&config) + "custom_domain: ratings.example.org\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    assert_eq!(
        read(&site.path().join("public/CNAME")),
        "ratings.example.org\n"
    );
    assert!(site.path().join("public/.nojekyll").is_file());
}

#[test]
fn a_service_page_badge_and_its_standalone_badge_draw_the_same_shape() {
    // The page badge draws its icon inline (rendered thousands of times a build); the SVG
    // badge uses the theme's `rating_icon` component. They must never drift apart.
    let site = site("showcase");
    build_ok(site.path(), &[]);
    let between = |text: &str, after: &str, start: &str, end: &str| -> String {
        let from = text.find(after).unwrap_or_else(|| panic!("no `{after}`"));
        let rest = &text[from..];
        let open = rest.find(start).unwrap() + start.len();
        let close = rest[open..].find(end).unwrap();
        rest[open..open + close].to_owned()
    };
    let mut ratings = std::collections::BTreeSet::new();
    for id in [
        "district-nursing",
        "memory-clinic",
        "podiatry",
        "urgent-care",
        "wheelchair-service",
        "new-birth-centre",
    ] {
        let page = read(&site.path().join(format!("public/services/{id}/index.html")));
        let svg = read(&site.path().join(format!("public/badges/{id}.svg")));
        let on_page = between(
            &page,
            "class=\"overall-label\"",
            "focusable=\"false\">",
            "</svg>",
        );
        let standalone = between(&svg, "<g transform=", ">", "</g>");
        assert_eq!(on_page, standalone, "{id}");
        ratings.insert(between(
            &page,
            "class=\"overall-label\"",
            "badge badge-",
            "\"",
        ));
    }
    assert!(ratings.len() >= 5, "{ratings:?}");
}

#[test]
fn an_alias_redirects_its_old_address_and_stays_out_of_the_sitemap() {
    let site = site("showcase");
    let page = site.path().join("content/services/podiatry.md");
    let text = read(&page);
    std::fs::write(
        &page,
        text.replacen("---\n", "---\naliases: [foot-care]\n", 1),
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let redirect = read(&public.join("services/foot-care/index.html"));
    for expected in [
        "<meta http-equiv=\"refresh\" content=\"0; url=/ratings/services/podiatry/\">",
        "<link rel=\"canonical\" href=\"https://example.org/ratings/services/podiatry/\">",
        "This page has moved to <a href=\"/ratings/services/podiatry/\">Podiatry</a>.",
        "<html lang=\"en-GB\">",
    ] {
        assert!(redirect.contains(expected), "{expected} in:\n{redirect}");
    }
    assert!(!read(&public.join("sitemap.xml")).contains("foot-care"));

    // An old address that is another page's is refused, naming the page.
    std::fs::write(
        &page,
        text.replacen("---\n", "---\naliases: [memory-clinic]\n", 1),
    )
    .unwrap();
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/services/podiatry.md")
            && err.contains("published at `services/memory-clinic/index.html`, where `content/services/memory-clinic.md` is published too"),
        "{err}"
    );
    std::fs::write(
        &page,
        text.replacen("---\n", "---\naliases: [Foot Care]\n", 1),
    )
    .unwrap();
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the alias `Foot Care` cannot be used in a web address"),
        "{err}"
    );
    assert!(err.contains("such as `foot-care`"), "{err}");
}

#[test]
fn a_service_whose_badge_would_replace_the_trusts_is_an_error() {
    let site = site("showcase");
    std::fs::write(
        site.path().join("content/services/trust.md"),
        "---\ntitle: Trust headquarters\nsummary: Where the board meets.\n---\n",
    )
    .unwrap();
    let out = carepages(site.path(), &["build", "--today", TODAY]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/services/trust.md")
            && err.contains(
                "published at `badges/trust.svg`, where carepages publishes a file of its own"
            ),
        "{err}"
    );
}
