//! `carepages serve`, over HTTP: edits, new and deleted pages, seed and template changes
//! appear; the reload event arrives; a bad edit shows an accessible alert over the last good
//! site and a fix clears it; the site's base path is respected.

#![cfg(feature = "serve")]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A running preview, stopped when dropped.
struct Preview {
    child: Child,
    port: u16,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, extra: &[&str]) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_carepages"))
        .args(["serve", "--port", "0", "--today", TODAY])
        .args(extra)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start carepages serve");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let port = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    // Keep reading so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Preview { child, port }
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

/// Polls `path` until `pass` holds, for at most ten seconds.
fn eventually(port: u16, path: &str, what: &str, pass: impl Fn(u16, &str) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (status, body) = get(port, path);
        if pass(status, &body) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: {path} answered {status}:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = read(&path);
    assert!(text.contains(from), "{file} has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn the_preview_uses_the_production_base_path() {
    let site = site("showcase");
    let preview = serve(site.path(), &[]);
    let (status, home) = get(preview.port, "/ratings/");
    assert_eq!(status, 200);
    assert!(
        home.contains("content-type: text/html; charset=utf-8"),
        "{home}"
    );
    assert!(home.contains("<script src=\"/__carepages/reload.js\" defer></script></body>"));
    let (status, css) = get(preview.port, &format!("/ratings/{}", css_name(&home)));
    assert_eq!(status, 200);
    assert!(css.contains("content-type: text/css"));
    let (status, outside) = get(preview.port, "/");
    assert_eq!(status, 404);
    assert!(
        outside.contains("/ratings/"),
        "points to the base path: {outside}"
    );
    let (status, missing) = get(preview.port, "/ratings/no-such-page/");
    assert_eq!(status, 404);
    assert!(missing.contains("Page not found"));
    let (status, folder) = get(preview.port, "/ratings/services/urgent-care");
    assert_eq!(status, 301, "{folder}");
    assert!(folder.contains("location: /ratings/services/urgent-care/"));
}

fn css_name(html: &str) -> String {
    html.split("href=\"/ratings/")
        .find_map(|s| s.split('"').next().filter(|n| n.ends_with(".css")))
        .unwrap()
        .to_owned()
}

#[test]
fn edits_new_pages_deletions_seeds_and_templates_appear() {
    let site = site("showcase");
    let dir = site.path();
    let preview = serve(dir, &[]);
    let port = preview.port;

    edit(
        dir,
        "content/services/memory-clinic.md",
        "title: Memory clinic",
        "title: Memory assessment clinic",
    );
    eventually(
        port,
        "/ratings/services/memory-clinic/",
        "a content edit",
        |s, b| s == 200 && b.contains("<h1>Memory assessment clinic</h1>"),
    );
    eventually(port, "/ratings/", "the grid lists the new title", |_, b| {
        b.contains("Memory assessment clinic")
    });

    std::fs::write(
        dir.join("content/services/hearing-service.md"),
        "---\ntitle: Hearing service\nsummary: We test hearing.\n---\n",
    )
    .unwrap();
    eventually(
        port,
        "/ratings/services/hearing-service/",
        "a new page",
        |s, b| s == 200 && b.contains("<h1>Hearing service</h1>"),
    );

    std::fs::remove_file(dir.join("content/services/podiatry.md")).unwrap();
    eventually(
        port,
        "/ratings/services/podiatry/",
        "a deleted page",
        |s, _| s == 404,
    );

    edit(
        dir,
        "seeds/inspections/report-2020.yaml",
        "memory-clinic: { overall: outstanding",
        "memory-clinic: { overall: good",
    );
    eventually(
        port,
        "/ratings/services/memory-clinic/",
        "a seed change",
        |_, b| {
            b.contains(
                "<span class=\"overall-label\">Overall:</span> <span class=\"badge badge-good\">",
            )
        },
    );

    std::fs::create_dir_all(dir.join("templates")).unwrap();
    std::fs::write(
        dir.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1><p>Our own page template.</p>{% endblock main %}",
    )
    .unwrap();
    eventually(
        port,
        "/ratings/waiting-times/",
        "a template change",
        |_, b| b.contains("Our own page template."),
    );
}

#[test]
fn a_save_sends_a_reload_event() {
    let site = site("showcase");
    let preview = serve(site.path(), &[]);
    let mut stream = TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
    write!(
        stream,
        "GET /__carepages/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    // The response headers first.
    while reader.read_line(&mut line).unwrap() > 2 {
        line.clear();
    }
    std::thread::sleep(Duration::from_millis(100));
    edit(
        site.path(),
        "content/services/memory-clinic.md",
        "title: Memory clinic",
        "title: Memory service",
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = String::new();
    while !seen.contains("event: reload") {
        assert!(Instant::now() < deadline, "no reload event: {seen}");
        line.clear();
        reader.read_line(&mut line).expect("read the event stream");
        seen.push_str(&line);
    }
}

#[test]
fn a_bad_edit_shows_an_alert_over_the_last_good_site_and_a_fix_clears_it() {
    let site = site("showcase");
    let dir = site.path();
    let preview = serve(dir, &[]);
    let port = preview.port;
    edit(
        dir,
        "content/services/memory-clinic.md",
        "summary:",
        "sumary:",
    );
    eventually(
        port,
        "/ratings/services/memory-clinic/",
        "the error overlay",
        |s, b| {
            s == 200
                && b.contains("<div id=\"carepages-error\" role=\"alert\"")
                && b.contains("unknown field `sumary`")
                && b.contains("content/services/memory-clinic.md:3:1")
                && b.contains("<h1>Memory clinic</h1>")
        },
    );
    edit(
        dir,
        "content/services/memory-clinic.md",
        "sumary:",
        "summary:",
    );
    eventually(
        port,
        "/ratings/services/memory-clinic/",
        "the overlay clears",
        |s, b| s == 200 && !b.contains("carepages-error") && b.contains("<h1>Memory clinic</h1>"),
    );
}

#[test]
fn a_site_whose_first_build_fails_still_serves_the_error() {
    let site = site("showcase");
    edit(
        site.path(),
        "content/services/memory-clinic.md",
        "summary:",
        "sumary:",
    );
    let preview = serve(site.path(), &[]);
    let (status, body) = get(preview.port, "/ratings/");
    assert_eq!(status, 500);
    assert!(body.contains("role=\"alert\""));
    assert!(body.contains("unknown field `sumary`"));
    edit(
        site.path(),
        "content/services/memory-clinic.md",
        "sumary:",
        "summary:",
    );
    eventually(
        preview.port,
        "/ratings/",
        "the site after the fix",
        |s, b| s == 200 && b.contains("Example Trust ratings"),
    );
}

#[test]
fn a_port_in_use_is_named_with_the_fix() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = site("showcase");
    let out = Command::new(env!("CARGO_BIN_EXE_carepages"))
        .args(["serve", "--port", &port])
        .current_dir(site.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("port {port} is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port 0"), "{stderr}");
}
