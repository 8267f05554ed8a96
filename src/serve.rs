//! `carepages serve`: a local preview that rebuilds on save and reloads the browser. The
//! site is built into memory (never into `public/`), served under the same base path as in
//! production, and a failed rebuild shows its messages over the last good site. It answers
//! only requests addressed to itself, escapes what it echoes, and drops slow clients, since
//! any web page the writer visits may send it requests. tokio, axum and hyper live only here,
//! behind the `serve` feature.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use tokio::sync::{broadcast, watch};

use crate::error::{Error, Result};
use crate::preview::Files;
use crate::render::paths;
use crate::xml::escape_xml;
use crate::{Date, Site};

/// How long the files must be quiet before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(25);

/// How long a client may take to send a request's head (and, between requests, to start the
/// next one): a client that sends half a request is dropped after this.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long open connections get to finish after Ctrl-C before they are cut.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(500);

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: std::net::IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
    pub today: Date,
}

/// The files of the preview: the last good build, and the problems of the latest one.
#[derive(Default)]
struct Preview {
    files: Files,
    /// The latest build's problems, shown over every page until a build succeeds.
    error: Option<String>,
    base_path: String,
}

#[derive(Clone)]
struct Shared {
    preview: Arc<RwLock<Preview>>,
    reload: broadcast::Sender<()>,
    /// Turns `true` on Ctrl-C: reload streams end, so open tabs cannot keep the server up.
    stopping: watch::Receiver<bool>,
}

/// The base path (`/repo/`) the site is published under, read from its config.
fn base_path(root: &Path) -> String {
    let config =
        crate::fsio::read_to_string(&root.join(crate::load::CONFIG_FILE)).unwrap_or_default();
    serde_yaml::from_str::<serde_yaml::Value>(&config)
        .ok()
        .and_then(|v| {
            v.get("base_url")
                .and_then(|u| u.as_str())
                .map(str::to_owned)
        })
        .and_then(|url| crate::config::BaseUrl::parse(&url).ok())
        .map_or_else(|| "/".to_owned(), |base| base.path)
}

/// Rebuilds after a change and tells every open page to reload. An edit to service pages
/// re-renders those pages and the pages that list them; anything else (a seed, a template,
/// the config, a static file) rebuilds the whole site.
fn rebuild(
    root: &Path,
    today: Date,
    shared: &Shared,
    site: &mut Option<Site>,
    changed: &[PathBuf],
) {
    let started = Instant::now();
    // Readers can go on reading the preview while the edit is rendered.
    let result = {
        let preview = shared.preview.read().unwrap_or_else(|e| e.into_inner());
        let exists = |path: &str| preview.files.contains_key(path);
        crate::preview::apply(root, today, site, changed, &exists)
    };
    let mut preview = shared.preview.write().unwrap_or_else(|e| e.into_inner());
    preview.base_path = match site {
        Some(site) => site.loaded().base.path.clone(),
        // No site yet: read the base path alone, so even an error is shown in the right place.
        None => base_path(root),
    };
    match result {
        Ok(change) => {
            change.apply_to(&mut preview.files);
            preview.error = None;
            println!("Rebuilt in {:.0?}", started.elapsed());
        }
        Err(message) => {
            eprintln!("{message}");
            if preview.files.is_empty() {
                eprintln!(
                    "Fix the problems above and save: the preview shows the site as soon as it builds."
                );
            } else {
                eprintln!(
                    "Fix the problems above and save: until then the preview shows the site as it last built."
                );
            }
            preview.error = Some(site_relative(&message, root));
        }
    }
    drop(preview);
    let _ = shared.reload.send(());
}

/// The build's messages with the site's folder taken off the paths in them
/// (`content/services/x.md:3:1`), so a page never shows where the site is on the machine.
fn site_relative(message: &str, root: &Path) -> String {
    let mut folder = root.to_string_lossy().into_owned();
    if !folder.ends_with(std::path::MAIN_SEPARATOR) {
        folder.push(std::path::MAIN_SEPARATOR);
    }
    message.replace(&folder, "")
}

/// Files that are not the site's: editors' temporary files, and the outputs.
fn is_ignored(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return true;
    };
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let watched = matches!(
        first.as_deref(),
        Some("content" | "seeds" | "templates" | "themes" | "static" | "carepages.yaml")
    );
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !watched || crate::fsio::is_editor_temporary(&name)
}

/// Runs the preview until Ctrl-C.
pub fn run(options: ServeOptions) -> Result<()> {
    let root = options
        .root
        .canonicalize()
        .map_err(|e| Error::io("open the site folder", &options.root, e))?;
    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {}: anyone who can reach this machine can see the preview",
            options.bind
        );
    }
    let (reload, _) = broadcast::channel(16);
    let (stop, stopping) = watch::channel(false);
    let shared = Shared {
        preview: Arc::new(RwLock::new(Preview::default())),
        reload,
        stopping: stopping.clone(),
    };
    let mut site = None;
    rebuild(&root, options.today, &shared, &mut site, &[]);

    // Watch the site's folders for changes (not reads: a rebuild reads every file). A burst
    // of events, such as an editor's atomic save, makes one rebuild.
    let (events_tx, events_rx) = std::sync::mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        if let Ok(event) = result
            && !matches!(event.kind, notify::EventKind::Access(_))
        {
            for path in event.paths {
                let _ = events_tx.send(path);
            }
        }
    })
    .map_err(|e| Error::Usage(format!("cannot watch the site's files: {e}")))?;
    notify::Watcher::watch(&mut watcher, &root, notify::RecursiveMode::Recursive)
        .map_err(|e| Error::Usage(format!("cannot watch `{}`: {e}", root.display())))?;
    {
        let shared = shared.clone();
        let root = root.clone();
        let today = options.today;
        std::thread::spawn(move || {
            while let Ok(first) = events_rx.recv() {
                let mut changed: Vec<PathBuf> = Vec::new();
                let mut note = |path: PathBuf| {
                    if is_ignored(&root, &path) {
                        return;
                    }
                    if let Ok(relative) = path.strip_prefix(&root)
                        && !changed.iter().any(|c| c == relative)
                    {
                        changed.push(relative.to_owned());
                    }
                };
                note(first);
                // Wait for the burst to end.
                while let Ok(path) = events_rx.recv_timeout(DEBOUNCE) {
                    note(path);
                }
                if !changed.is_empty() {
                    rebuild(&root, today, &shared, &mut site, &changed);
                }
            }
        });
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the preview server: {e}")))?;
    runtime.block_on(async move {
        let address = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                Error::Usage(format!(
                    "port {} is already in use: choose another with --port, or --port 0 for any free port",
                    options.port
                ))
            } else {
                Error::Usage(format!("cannot listen on {address}: {e}"))
            }
        })?;
        let local = listener
            .local_addr()
            .map_err(|e| Error::Usage(format!("cannot read the preview's address: {e}")))?;
        let ctrl_c = ctrl_c();
        tokio::spawn(async move {
            ctrl_c.await;
            let _ = stop.send(true);
        });
        let base = shared.preview.read().unwrap_or_else(|e| e.into_inner()).base_path.clone();
        let url = format!("http://{local}{base}");
        println!("Serving the preview at {url} (Ctrl-C to stop)");
        if options.open {
            open_browser(&url);
        }
        let hosts = Arc::new(Hosts {
            bind: options.bind,
            port: local.port(),
        });
        let app = axum::Router::new()
            .route("/__carepages/events", axum::routing::get(events))
            .route("/__carepages/reload.js", axum::routing::get(reload_js))
            .fallback(page)
            .with_state(shared)
            .layer(axum::middleware::from_fn_with_state(hosts, check_host));
        serve_connections(listener, app, stopping).await;
        println!("Stopped the preview.");
        Ok::<(), Error>(())
    })?;
    // The process is ending: wait for nothing still running on the runtime.
    runtime.shutdown_timeout(Duration::from_millis(100));
    drop(watcher);
    Ok(())
}

/// Resolves on Ctrl-C. The handler is installed before this returns (a signal future installs
/// it when first polled), so a Ctrl-C as soon as the address is printed stops the server
/// gracefully rather than killing it. Without a handler, Ctrl-C keeps its default, which ends
/// the process.
fn ctrl_c() -> impl Future<Output = ()> + Send + 'static {
    let mut signal = Box::pin(tokio::signal::ctrl_c());
    let early = (&mut signal).now_or_never();
    async move {
        let installed = match early {
            Some(result) => result,
            None => signal.await,
        };
        if installed.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Accepts connections until `stopping`, serving each with hyper, then gives those still
/// open `SHUTDOWN_GRACE` to finish and cuts the rest. hyper rather than `axum::serve`, which
/// has no header read timeout: with hyper's, a half-sent request, or a connection that sends
/// nothing, is dropped after `HEADER_READ_TIMEOUT`. Responses, reload streams among them,
/// have no time limit: each handler answers at once from memory.
async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    mut stopping: watch::Receiver<bool>,
) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            _ = stopping.wait_for(|stop| *stop) => break,
            accepted = listener.accept() => accepted,
        };
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors, or a client gone before it was accepted: wait a
            // moment rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut stopping = stopping.clone();
        connections.spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT);
            let connection = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                // Finish the request in progress, if any, then close.
                _ = stopping.wait_for(|stop| *stop) => connection.as_mut().graceful_shutdown(),
            }
            let _ = connection.await;
        });
        // Forget the connections that have ended.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    // Dropping `connections` cuts those still open.
}

/// Who the preview answers: requests whose `Host` is one of its own names. A web page on
/// another site can make the browser send requests here (a DNS rebinding attack points its
/// own name at 127.0.0.1), but it cannot make the browser say `localhost` in `Host`: so
/// those requests are refused, as webpack's and Vite's development servers refuse them.
struct Hosts {
    /// `--bind`.
    bind: IpAddr,
    port: u16,
}

impl Hosts {
    /// Whether `host` (a `Host` header, or the authority of a full address) names the
    /// preview: `localhost` or a loopback address, or the address it listens on, with any port
    /// (the port plays no part in DNS rebinding, and tunnels change it). Listening on every
    /// address (`0.0.0.0` or `::`), any IP address is allowed, since the preview cannot list
    /// the machine's; an address is never what a rebinding attack sends.
    fn allow(&self, host: &str) -> bool {
        let (name, port) = if let Some(rest) = host.strip_prefix('[') {
            let Some((name, after)) = rest.split_once(']') else {
                return false;
            };
            match after {
                "" => (name, None),
                _ => match after.strip_prefix(':') {
                    Some(port) => (name, Some(port)),
                    None => return false,
                },
            }
        } else {
            match host.rsplit_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (host, None),
            }
        };
        if port.is_some_and(|p| !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u16>().is_err())
        {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        // Only bracketed names may be IPv6 addresses, as in a URL.
        let address = if host.starts_with('[') {
            name.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6)
        } else {
            name.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
        };
        address.is_some_and(|address| {
            address.is_loopback() || address == self.bind || self.bind.is_unspecified()
        })
    }

    /// The refusal's text: which addresses the preview answers to.
    fn refusal(&self) -> String {
        let localhost = format!("localhost:{}", self.port);
        let (also, open) = match self.bind {
            bind if bind.is_unspecified() => {
                (", or an IP address of this machine".to_owned(), localhost)
            }
            bind if bind.is_loopback() => (String::new(), localhost),
            IpAddr::V4(bind) => (format!(", or {bind}"), format!("{bind}:{}", self.port)),
            IpAddr::V6(bind) => (format!(", or [{bind}]"), format!("[{bind}]:{}", self.port)),
        };
        format!(
            "This is the carepages preview. It answers only requests whose Host header is localhost, 127.0.0.1 or [::1]{also}, so that no other web site can read it. Open http://{open}/ instead.\n"
        )
    }
}

/// Refuses a request without a `Host`, with two, or with one that is not the preview's own
/// (`421 Misdirected Request`, with a line saying which hosts are answered).
async fn check_host(
    State(hosts): State<Arc<Hosts>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let mut given = request.headers().get_all(header::HOST).iter();
    let host = match (given.next(), given.next()) {
        (Some(host), None) => host.to_str().ok(),
        _ => None,
    };
    // A full address in the request line (`GET http://host/ HTTP/1.1`) names the host too.
    let authority = request.uri().authority().map(|a| a.as_str());
    let allowed = host.is_some_and(|host| hosts.allow(host))
        && authority.is_none_or(|authority| hosts.allow(authority));
    if allowed {
        return next.run(request).await;
    }
    (
        StatusCode::MISDIRECTED_REQUEST,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        hosts.refusal(),
    )
        .into_response()
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("Could not open a browser: go to {url}");
    }
}

/// Server-sent events: `reload` after every build, good or bad. The stream ends on Ctrl-C.
async fn events(State(shared): State<Shared>) -> impl IntoResponse {
    let receiver = shared.reload.subscribe();
    let state = (receiver, shared.stopping);
    let stream = futures_util::stream::unfold(state, |(mut receiver, mut stopping)| async move {
        loop {
            let message = tokio::select! {
                _ = stopping.wait_for(|stop| *stop) => return None,
                message = receiver.recv() => message,
            };
            match message {
                Ok(()) => {
                    let event: std::result::Result<Event, std::convert::Infallible> =
                        Ok(Event::default().event("reload").data("reload"));
                    return Some((event, (receiver, stopping)));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

const RELOAD_JS: &str = "new EventSource('/__carepages/events').addEventListener('reload', function () { location.reload(); });\n";

async fn reload_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        RELOAD_JS,
    )
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "json" => "application/json",
        "yml" | "yaml" => "text/yaml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Any other request: a file of the site under its base path, with the reload script and
/// any build error added to HTML pages.
async fn page(State(shared): State<Shared>, request: Request<Body>) -> Response {
    let preview = shared.preview.read().unwrap_or_else(|e| e.into_inner());
    let path = request.uri().path();
    let Some(relative) = path
        .strip_prefix(preview.base_path.as_str())
        .or_else(|| (format!("{path}/") == preview.base_path).then_some(""))
    else {
        // Both come from outside (the request, the config): escaped, like all the preview echoes.
        let body = format!(
            "<!DOCTYPE html><html lang=\"en\"><title>Not here</title><p>There is nothing at {0}: the preview is at <a href=\"{1}\">{1}</a>, the site's base path.</p></html>",
            escape_xml(&percent_decode(path)),
            escape_xml(&preview.base_path)
        );
        return html_response(StatusCode::NOT_FOUND, body.into_bytes(), &preview);
    };
    let relative = percent_decode(relative);
    let mut file = paths::file(&relative);
    if !preview.files.contains_key(&file)
        && preview
            .files
            .contains_key(&paths::file(&format!("{relative}/")))
    {
        // A folder without its slash: send the browser to it, so relative links resolve.
        let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
        if let Ok(location) = HeaderValue::from_str(&format!("{}/", request.uri().path())) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    }
    let mut status = StatusCode::OK;
    if !preview.files.contains_key(&file) {
        status = StatusCode::NOT_FOUND;
        file = "404.html".to_owned();
    }
    match preview.files.get(&file) {
        // The content editor's page is the editor's own: a reload while an editor types would
        // lose their work, and its saves to the site's files rebuild the preview anyway.
        Some(bytes) if file.ends_with(".html") && file != paths::CMS_PAGE => {
            html_response(status, bytes.to_vec(), &preview)
        }
        Some(bytes) => (
            status,
            [(header::CONTENT_TYPE, content_type(&file))],
            bytes.to_vec(),
        )
            .into_response(),
        // No good build yet: the error page is all there is.
        None => html_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            b"<!DOCTYPE html><html lang=\"en\"><head><title>The site could not be built</title></head><body><main><h1>The site could not be built</h1></main></body></html>".to_vec(),
            &preview,
        ),
    }
}

fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(byte) = path
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An HTML page of the preview: the reload script, and the build error if there is one.
fn html_response(status: StatusCode, body: Vec<u8>, preview: &Preview) -> Response {
    let mut html = String::from_utf8_lossy(&body).into_owned();
    let script = "<script src=\"/__carepages/reload.js\" defer></script>";
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, script),
        None => html.push_str(script),
    }
    if let Some(error) = &preview.error {
        let overlay = format!(
            "<div id=\"carepages-error\" role=\"alert\" style=\"position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.5rem;background:#fff;color:#0b0c0c;border-bottom:6px solid #a4121c;font:16px/1.5 system-ui,sans-serif\"><h2 style=\"margin:0 0 .5rem;font-size:1.25rem\">{}</h2><p style=\"margin:0 0 .5rem\">{}</p><pre style=\"white-space:pre-wrap;margin:0;font:14px/1.4 ui-monospace,monospace\">{}</pre></div>",
            if preview.files.is_empty() {
                "The site could not be built"
            } else {
                "The site could not be rebuilt"
            },
            if preview.files.is_empty() {
                "Fix the problems below and save: the site appears here as soon as it builds."
            } else {
                "Fix the problems below and save: this message goes when the site builds. Until then the preview shows the site as it last built."
            },
            escape_xml(error)
        );
        match html.find("<body>") {
            Some(i) => html.insert_str(i + "<body>".len(), &overlay),
            None => html.insert_str(0, &overlay),
        }
    }
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}
