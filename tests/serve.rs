//! `carepages serve`, over HTTP: edits, new and deleted pages, seed and template changes
//! appear; the reload event arrives; a bad edit shows an accessible alert over the last good
//! site and a fix clears it; the site's base path is respected. And hostile input: requests
//! for other hosts are refused, what the preview echoes is escaped, half-sent requests are
//! dropped, Ctrl-C stops it with reload streams open, and no page shows the machine's paths.

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
        if let Some(rest) = line.split("Serving the preview at http://").nth(1) {
            let address = rest.split('/').next().unwrap();
            break address.rsplit(':').next().unwrap().parse().unwrap();
        }
    };
    // Keep reading so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Preview { child, port }
}

fn get(port: u16, path: &str) -> (u16, String) {
    send(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
    )
}

/// Sends `request` as it is, and reads the response to the end: its status and its text.
fn send(port: u16, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
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

/// The content editor's page is served as it is built: a reload while an editor types would
/// lose their work. Its configuration is YAML.
#[test]
fn the_content_editor_is_served_without_the_reload_script() {
    let site = site("showcase");
    let config = site.path().join("carepages.yaml");
    std::fs::write(
        &config,
        format!(
            "{}cms: {{ backend: github, repo: example-trust/ratings }}\n",
            read(&config)
        ),
    )
    .unwrap();
    let preview = serve(site.path(), &[]);
    let (status, page) = get(preview.port, "/ratings/admin/");
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("content-type: text/html; charset=utf-8"),
        "{page}"
    );
    assert!(page.contains("sveltia-cms.js"), "{page}");
    assert!(!page.contains("/__carepages/reload.js"), "{page}");
    let (status, yaml) = get(preview.port, "/ratings/admin/config.yml");
    assert_eq!(status, 200);
    assert!(yaml.contains("content-type: text/yaml"), "{yaml}");
    assert!(yaml.contains("repo: example-trust/ratings"), "{yaml}");
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
    let mut events = open_events(preview.port);
    edit(
        site.path(),
        "content/services/memory-clinic.md",
        "title: Memory clinic",
        "title: Memory service",
    );
    expect_reload(&mut events);
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
                && b.contains("Until then the preview shows the site as it last built.")
                && !b.contains("run the command again")
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
    // Worded for a preview with nothing built yet: no earlier version, no command to rerun.
    assert!(
        body.contains(
            "<h2 style=\"margin:0 0 .5rem;font-size:1.25rem\">The site could not be built</h2>"
        ),
        "{body}"
    );
    assert!(
        body.contains("the site appears here as soon as it builds"),
        "{body}"
    );
    for stale in ["last built", "last good", "run the command again"] {
        assert!(!body.contains(stale), "`{stale}` in:\n{body}");
    }
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

/// Opens a reload stream, as a page of the preview does, and reads its response head.
fn open_events(port: u16) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
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
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    while reader.read_line(&mut line).unwrap() > 2 {
        line.clear();
    }
    reader
}

/// Reads the reload stream until a `reload` event, for at most ten seconds.
fn expect_reload(events: &mut BufReader<TcpStream>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = String::new();
    while !seen.contains("event: reload") {
        assert!(Instant::now() < deadline, "no reload event: {seen}");
        let mut line = String::new();
        events.read_line(&mut line).expect("read the event stream");
        seen.push_str(&line);
    }
}

/// A web page elsewhere can make the browser send requests to the preview, and with DNS
/// rebinding read the answers: only requests naming the preview itself are answered.
#[test]
fn requests_for_another_host_are_refused() {
    let site = site("showcase");
    let preview = serve(site.path(), &[]);
    let port = preview.port;
    let request = |target: &str, headers: &str| {
        format!("GET {target} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n")
    };
    let cases: Vec<(String, u16)> = vec![
        (request("/ratings/", "Host: localhost\r\n"), 200),
        (
            request("/ratings/", &format!("Host: localhost:{port}\r\n")),
            200,
        ),
        (request("/ratings/", "Host: LocalHost\r\n"), 200),
        (
            request("/ratings/", &format!("Host: 127.0.0.1:{port}\r\n")),
            200,
        ),
        (request("/ratings/", "Host: [::1]\r\n"), 200),
        (
            request("/ratings/", &format!("Host: [::1]:{port}\r\n")),
            200,
        ),
        // DNS rebinding: the attacker's name, pointed at 127.0.0.1.
        (
            request("/ratings/", &format!("Host: evil.example:{port}\r\n")),
            421,
        ),
        (request("/ratings/", "Host: evil.example\r\n"), 421),
        (
            request("/ratings/", "Host: localhost.evil.example\r\n"),
            421,
        ),
        (
            request("/ratings/", &format!("Host: 127.0.0.1.nip.io:{port}\r\n")),
            421,
        ),
        // An address the preview does not listen on.
        (
            request("/ratings/", &format!("Host: 192.0.2.1:{port}\r\n")),
            421,
        ),
        (request("/ratings/", "Host: localhost:+1\r\n"), 421),
        (request("/ratings/", "Host: localhost:99999\r\n"), 421),
        (request("/ratings/", "Host: [::1\r\n"), 421),
        (request("/ratings/", "Host:\r\n"), 421),
        (
            request("/ratings/", "Host: localhost\r\nHost: evil.example\r\n"),
            421,
        ),
        // A full address in the request line names the host too.
        (
            request("http://evil.example/ratings/", "Host: localhost\r\n"),
            421,
        ),
        (
            request(
                &format!("http://localhost:{port}/ratings/"),
                "Host: localhost\r\n",
            ),
            200,
        ),
        // The reload stream and script are refused as well.
        (
            request("/__carepages/events", "Host: evil.example\r\n"),
            421,
        ),
        (
            request("/__carepages/reload.js", "Host: evil.example\r\n"),
            421,
        ),
        // HTTP/1.0 without a Host.
        ("GET /ratings/ HTTP/1.0\r\n\r\n".to_owned(), 421),
    ];
    for (sent, expected) in cases {
        let (status, response) = send(port, &sent);
        assert_eq!(status, expected, "{sent}\n{response}");
        if expected == 421 {
            let body = response.split("\r\n\r\n").nth(1).unwrap_or("");
            assert!(
                response.contains("content-type: text/plain; charset=utf-8"),
                "{response}"
            );
            assert!(
                body.starts_with("This is the carepages preview. It answers only requests whose Host header is localhost, 127.0.0.1 or [::1],"),
                "{body}"
            );
            assert!(
                body.contains(&format!("Open http://localhost:{port}/ instead.")),
                "{body}"
            );
        }
    }
}

/// `--bind 0.0.0.0` shares the preview with other machines, reached by one of this
/// machine's addresses; names other than localhost are still refused.
#[test]
fn listening_on_every_address_answers_any_address_but_no_other_name() {
    let site = site("showcase");
    let preview = serve(site.path(), &["--bind", "0.0.0.0"]);
    let port = preview.port;
    let host = |host: &str| {
        send(
            port,
            &format!("GET /ratings/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    assert_eq!(host(&format!("192.0.2.1:{port}")).0, 200);
    assert_eq!(host("localhost").0, 200);
    let (status, refused) = host(&format!("evil.example:{port}"));
    assert_eq!(status, 421);
    assert!(
        refused.contains("localhost, 127.0.0.1 or [::1], or an IP address of this machine"),
        "{refused}"
    );
}

/// The preview's own pages echo the request and the config: as text, never as markup.
#[test]
fn what_the_preview_echoes_is_escaped() {
    let site = site("showcase");
    let preview = serve(site.path(), &[]);
    let cases = [
        (
            "/%3Cscript%3Ex%3C/script%3E",
            "There is nothing at /&lt;script&gt;x&lt;/script&gt;:",
        ),
        (
            "/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E",
            "There is nothing at /&quot;&gt;&lt;img src=x onerror=alert(1)&gt;:",
        ),
        ("/a&b'c", "There is nothing at /a&amp;b&apos;c:"),
    ];
    for (path, shown) in cases {
        let (status, page) = get(preview.port, path);
        assert_eq!(status, 404, "{path}");
        assert!(page.contains(shown), "{path}:\n{page}");
        assert!(!page.contains("<script>x"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(
            page.contains("the preview is at <a href=\"/ratings/\">/ratings/</a>"),
            "{page}"
        );
    }
}

/// A base path with markup in it is refused, and the overlay shows it as text.
#[test]
fn markup_in_the_base_path_and_in_messages_is_escaped() {
    let site = site("showcase");
    edit(
        site.path(),
        "carepages.yaml",
        "base_url: https://example.org/ratings/",
        "base_url: https://example.org/r&d\"<b>/",
    );
    // Such a base path is refused (a web address cannot hold it), and the message that says
    // so shows it as text.
    let preview = serve(site.path(), &[]);
    let (status, page) = get(preview.port, "/");
    assert_eq!(status, 500, "{page}");
    assert!(page.contains("role=\"alert\""), "the build fails: {page}");
    assert!(
        page.contains("`https://example.org/r&amp;d&quot;&lt;b&gt;/` holds"),
        "{page}"
    );
    assert!(!page.contains("<b>"), "{page}");
}

/// The overlay is a web page, perhaps shared with others (`--bind`) or in a screenshot: its
/// messages name the writer's files from the site's folder, not where it is on the machine.
#[test]
fn the_error_overlay_names_files_from_the_site_folder_not_the_machine() {
    let site = site("showcase");
    let preview = serve(site.path(), &[]);
    // Not UTF-8: named at its place in the file, from the site's folder.
    std::fs::write(
        site.path().join("content/services/bad-bytes.md"),
        b"---\ntitle: Bad \xff bytes\n---\n",
    )
    .unwrap();
    let folder = site.path().canonicalize().unwrap();
    let folder = folder.to_str().unwrap();
    eventually(
        preview.port,
        "/ratings/",
        "the overlay with the site's own path",
        |_, b| {
            b.contains("the file is not saved as UTF-8")
                && b.contains("--&gt; content/services/bad-bytes.md:2:")
        },
    );
    let (_, page) = get(preview.port, "/ratings/");
    assert!(!page.contains(folder), "{page}");
    std::fs::remove_file(site.path().join("content/services/bad-bytes.md")).unwrap();
    edit(
        site.path(),
        "content/services/memory-clinic.md",
        "summary:",
        "sumary:",
    );
    eventually(
        preview.port,
        "/ratings/services/memory-clinic/",
        "a content error, placed in its file",
        |_, b| b.contains("--&gt; content/services/memory-clinic.md:3:1") && !b.contains(folder),
    );
}

/// A client that sends half a request, or nothing, must not hold a connection for ever; a
/// body that never comes does not hold one either; the reload stream outlives the timeout.
#[test]
fn half_sent_requests_are_dropped_within_the_header_timeout() {
    let site = site("showcase");
    let preview = serve(site.path(), &[]);
    let port = preview.port;
    let mut events = open_events(port);
    let started = Instant::now();
    let half = |sent: &'static str| {
        std::thread::spawn(move || {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
            stream.write_all(sent.as_bytes()).unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(14)))
                .unwrap();
            let mut answer = Vec::new();
            let read = stream.read_to_end(&mut answer);
            (read.map_err(|e| e.kind()), answer, started.elapsed())
        })
    };
    let head = half("GET /ratings/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/");
    let nothing = half("");
    for (what, connection) in [("half a head", head), ("nothing", nothing)] {
        let (read, answer, after) = connection.join().unwrap();
        assert_eq!(read, Ok(0), "{what}: closed, not timed out on our side");
        assert!(answer.is_empty(), "{what}: no answer");
        assert!(
            after < Duration::from_secs(12),
            "{what}: closed after {after:?}"
        );
    }
    // An unread body: answered at once, and the connection closed.
    let (status, _) = send(
        port,
        "POST /ratings/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nabc",
    );
    assert_eq!(status, 200);
    // The reload stream opened before the timeout still works.
    edit(
        site.path(),
        "content/services/memory-clinic.md",
        "title: Memory clinic",
        "title: Memory service",
    );
    expect_reload(&mut events);
}

/// Ctrl-C ends the server even while a browser tab holds a reload stream open (and a client
/// has sent half a request): the process exits at once, the stream ends.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_with_a_reload_stream_open() {
    let site = site("showcase");
    let mut preview = serve(site.path(), &[]);
    let mut events = open_events(preview.port);
    let mut half = TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
    half.write_all(b"GET /ratings/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let pid = preview.child.id().to_string();
    let sent = Instant::now();
    let kill = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(kill.success());
    let status = loop {
        if let Some(status) = preview.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            sent.elapsed() < Duration::from_secs(2),
            "still running {:?} after Ctrl-C",
            sent.elapsed()
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(status.success(), "{status}");
    let mut rest = Vec::new();
    events
        .read_to_end(&mut rest)
        .expect("the reload stream ends");
}

/// The preview shows what the published site does not yet: a draft, with its banner, and a
/// report before its publication date, with the date it may be published.
#[test]
fn the_preview_shows_drafts_and_embargoed_reports_each_marked() {
    let site = site("showcase");
    let dir = site.path();
    edit(
        dir,
        "content/services/podiatry.md",
        "title: Podiatry\n",
        "title: Podiatry\ndraft: true\n",
    );
    std::fs::write(
        dir.join("seeds/inspections/report-2031.yaml"),
        "regulator: Care Quality Commission\nprovider: Example Community NHS Trust\n\
         published: 2031-01-20\nservices:\n  district-nursing: { overall: outstanding }\n",
    )
    .unwrap();
    let preview = serve(dir, &[]);
    let (status, podiatry) = get(preview.port, "/ratings/services/podiatry/");
    assert_eq!(status, 200);
    assert!(
        podiatry.contains("<strong>Draft.</strong> This page is marked <code>draft: true</code>"),
        "{podiatry}"
    );
    let (_, nursing) = get(preview.port, "/ratings/services/district-nursing/");
    assert!(nursing.contains("Outstanding"), "{nursing}");
    assert!(
        nursing.contains("<strong>Embargoed until <time datetime=\"2031-01-20\">20 January 2031</time>.</strong> This preview shows the report <code>report-2031</code>"),
        "{nursing}"
    );
    assert!(!nursing.contains("<strong>Draft.</strong>"), "{nursing}");
}
