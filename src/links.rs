//! The link checker: every internal link, asset and `#anchor` in the built pages must lead
//! somewhere in the same build. It reads the rendered output, so it needs no network and no
//! files on disk.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::BaseUrl;
use crate::error::Diagnostic;
use crate::error::closest;

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Broken {
    /// The built page it is on (`services/x/index.html`).
    pub page: String,
    /// The content file the page came from, when it came from one.
    pub source: Option<PathBuf>,
    pub href: String,
    pub reason: String,
    /// A page that exists and is probably what was meant.
    pub suggestion: Option<String>,
}

/// What the link checker needs of a built page: its links and its ids, not its bytes, so
/// pages can be written and dropped as soon as they are rendered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageLinks {
    /// The built page (`services/x/index.html`).
    pub path: String,
    /// The content file the page came from, when it came from one.
    pub source: Option<PathBuf>,
    /// Its `href` and `src` values, one a line, each once. A single string rather than a
    /// string per link: a site of 100,000 pages keeps millions of these until the check.
    pub links: String,
    /// Its element ids, one a line.
    pub ids: String,
}

impl PageLinks {
    pub(crate) fn links(&self) -> impl Iterator<Item = &str> {
        self.links.lines()
    }

    pub(crate) fn has_id(&self, id: &str) -> bool {
        self.ids.lines().any(|i| i == id)
    }
}

impl PageLinks {
    /// Reads the links and ids of an HTML page in one pass over its attributes.
    /// `origin` is the site's scheme and host: full addresses on it are checked too.
    pub(crate) fn scan(path: &str, source: Option<PathBuf>, html: &str, origin: &str) -> Self {
        let mut page = PageLinks {
            path: path.to_owned(),
            source,
            ..PageLinks::default()
        };
        let bytes = html.as_bytes();
        // A home page lists every service: repeats are found by hashing, not by searching.
        let mut seen: HashSet<&str> = HashSet::new();
        let mut pos = 0;
        // memchr, not `str::find`: this runs over every byte of every page of the site.
        while let Some(i) = memchr::memchr(b'=', &bytes[pos..]) {
            let at = pos + i;
            if bytes.get(at + 1) != Some(&b'"') {
                pos = at + 1;
                continue;
            }
            let value_start = at + 2;
            let Some(len) = memchr::memchr(b'"', &bytes[value_start..]) else {
                break;
            };
            let value = &html[value_start..value_start + len];
            pos = value_start + len + 1;
            // Only inside a tag: `src="..."` shown as code is text (its `<` is `&lt;`).
            let in_tag =
                || memchr::memrchr2(b'<', b'>', &bytes[..at]).is_some_and(|i| bytes[i] == b'<');
            match attribute(&bytes[..at]) {
                Some(Attribute::Link) if in_tag() && seen.insert(value) => {
                    let link = unescape(value);
                    // Links that leave the site need no check; one to this site written in
                    // full (in any case, with its port or over http) is checked as its path.
                    // (Kept as typed, for the message; [`resolve`] reads it as the site's.)
                    let on_site = same_site(&link, origin).is_some();
                    let external = link.contains("://")
                        || link.starts_with("mailto:")
                        || link.starts_with("tel:");
                    if !link.contains('\n') && (!external || on_site) {
                        page.links.push_str(&link);
                        page.links.push('\n');
                    }
                }
                Some(Attribute::Id) if !value.contains('\n') => {
                    page.ids.push_str(&unescape(value));
                    page.ids.push('\n');
                }
                _ => {}
            }
        }
        page
    }
}

/// `link` written as `origin` (`https://example.org`) writes its addresses, when it is a full
/// address on that host however it is written: the scheme and host in any case, `http` for
/// `https`, the default port. Whether it is below the site's path is for [`resolve`].
fn same_site(link: &str, origin: &str) -> Option<String> {
    let canonical = |url: &str| -> Option<(String, String)> {
        let lower = url.get(..8)?.to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &url[8..]
        } else if lower.starts_with("http://") {
            &url[7..]
        } else {
            return None;
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = rest[..end].to_ascii_lowercase();
        let host = host
            .strip_suffix(":443")
            .or_else(|| host.strip_suffix(":80"))
            .unwrap_or(&host)
            .to_owned();
        Some((host, rest[end..].to_owned()))
    };
    let (host, path) = canonical(link)?;
    let (site, _) = canonical(origin)?;
    (host == site).then(|| format!("{}{path}", origin.trim_end_matches('/')))
}

enum Attribute {
    /// `href` or `src`.
    Link,
    Id,
}

/// The attribute whose name ends `before` (the text up to its `=`), if it is one the link
/// checker reads. Its last letter decides most cases without comparing strings.
fn attribute(before: &[u8]) -> Option<Attribute> {
    match before.last()? {
        b'f' if before.ends_with(b" href") => Some(Attribute::Link),
        b'c' if before.ends_with(b" src") => Some(Attribute::Link),
        b'd' if before.ends_with(b" id") => Some(Attribute::Id),
        _ => None,
    }
}

fn unescape(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    Cow::Owned(
        value
            .replace("&amp;", "&")
            .replace("&#39;", "'")
            .replace("&quot;", "\""),
    )
}

/// Whether `href` starts with a scheme (`https:`, `mailto:`): a colon before any `/`, `?` or
/// `#`. A colon later on is part of a path on this site, which is checked.
fn has_scheme(href: &str) -> bool {
    href.find(':')
        .is_some_and(|colon| !href[..colon].contains(['/', '?', '#']) && colon > 0)
}

/// Resolves `href` on the page at site path `page` (`services/x/index.html`) to a path below
/// the site root and a fragment. `None` for links that leave the site.
pub(crate) fn resolve<'a>(
    href: &'a str,
    page: &str,
    base: &BaseUrl,
) -> Option<Result<(String, Option<&'a str>), String>> {
    let (without_fragment, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (href, None),
    };
    let canonical = same_site(without_fragment, &base.origin);
    let path = canonical
        .as_deref()
        .unwrap_or(without_fragment)
        .split('?')
        .next()
        .unwrap_or("");
    let site_prefix = base.url_to("");
    let absolute = if let Some(rest) = path.strip_prefix(&site_prefix) {
        // A full address of a page of this site.
        format!("{}{rest}", base.path)
    } else if path.starts_with("//") || has_scheme(path) {
        return None; // another site (or this domain outside the site), mailto:, tel:
    } else if path.starts_with('/') {
        path.to_owned()
    } else {
        let dir = match page.rfind('/') {
            Some(i) => &page[..=i],
            None => "",
        };
        format!("{}{dir}{path}", base.path)
    };
    let Some(relative) = absolute.strip_prefix(&base.path).or_else(|| {
        (absolute.clone() + "/")
            .strip_prefix(&base.path)
            .map(|_| "")
    }) else {
        return Some(Err(format!(
            "it points outside the site, which is published under `{}`",
            base.path
        )));
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in relative.split('/') {
        match part {
            "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(Err(format!(
                        "it climbs above the site, which is published under `{}`",
                        base.path
                    )));
                }
            }
            _ => parts.push(part),
        }
    }
    Some(Ok((parts.join("/"), fragment)))
}

/// Checks every page's links against the files of the build.
/// `exists` says whether the build has a file at a site path (`services/x/index.html`).
pub(crate) fn check(
    pages: &[PageLinks],
    exists: &(dyn Fn(&str) -> bool + Sync),
    base: &BaseUrl,
) -> Vec<Broken> {
    check_some(pages, None, exists, base)
}

/// [`check`] for the links on the pages `only` names (all when `None`), against every page
/// of `pages`: after an edit, the pages it re-rendered.
pub(crate) fn check_some(
    pages: &[PageLinks],
    only: Option<&HashSet<String>>,
    exists: &(dyn Fn(&str) -> bool + Sync),
    base: &BaseUrl,
) -> Vec<Broken> {
    let by_path: HashMap<&str, &PageLinks> = pages.iter().map(|p| (p.path.as_str(), p)).collect();
    // Only for suggesting a page when a link is broken, which is rare: made then.
    let page_urls = std::sync::OnceLock::new();
    let urls = Urls {
        pages,
        made: &page_urls,
    };

    let mut broken: Vec<Broken> = pages
        .par_iter()
        .filter(|page| only.is_none_or(|only| only.contains(&page.path)))
        .flat_map_iter(|page| check_page(page, &by_path, exists, &urls, base))
        .collect();
    broken.sort_by(|a, b| (&a.page, &a.href).cmp(&(&b.page, &b.href)));
    broken.dedup();
    broken
}

/// The address of every page, for suggestions: made the first time one is needed.
struct Urls<'a> {
    pages: &'a [PageLinks],
    made: &'a std::sync::OnceLock<Vec<String>>,
}

impl Urls<'_> {
    fn get(&self) -> &[String] {
        self.made.get_or_init(|| {
            self.pages
                .iter()
                .filter(|p| p.path.ends_with("index.html"))
                .map(|p| p.path.trim_end_matches("index.html").to_owned())
                .collect()
        })
    }
}

fn check_page(
    page: &PageLinks,
    by_path: &HashMap<&str, &PageLinks>,
    exists: &(dyn Fn(&str) -> bool + Sync),
    page_urls: &Urls,
    base: &BaseUrl,
) -> Vec<Broken> {
    let mut broken = Vec::new();
    {
        for href in page.links() {
            let Some(resolved) = resolve(href, &page.path, base) else {
                continue;
            };
            let fail = |reason: String, suggestion: Option<String>| Broken {
                page: page.path.clone(),
                source: page.source.clone(),
                href: href.to_owned(),
                reason,
                suggestion,
            };
            let (target, fragment) = match resolved {
                Ok(t) => t,
                Err(reason) => {
                    broken.push(fail(reason, None));
                    continue;
                }
            };
            let file = if href.starts_with('#') {
                page.path.clone()
            } else if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else if exists(target.as_str()) {
                target.clone()
            } else {
                format!("{target}/index.html")
            };
            if !exists(file.as_str()) {
                let wanted = target.trim_end_matches('/').to_owned() + "/";
                // Comparing against every page costs time on a large site: only where it
                // can help, on a site of up to 20,000 pages.
                let suggestion = (page_urls.pages.len() <= 20_000)
                    .then(|| closest(&wanted, page_urls.get()).map(|s| base.path_to(s)))
                    .flatten();
                broken.push(fail(
                    "no page or file of the site is there".to_owned(),
                    suggestion,
                ));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty())
                && let Some(target) = by_path.get(file.as_str())
                && !target.has_id(fragment)
            {
                let known: Vec<String> = target.ids.lines().map(str::to_owned).collect();
                let suggestion = closest(fragment, &known).map(|s| format!("#{s}"));
                broken.push(fail(
                    format!("the page has no `#{fragment}` on it"),
                    suggestion,
                ));
            }
        }
    }
    broken
}

/// Broken links as messages: in the content file where the writer typed the link, or in the
/// built page when the link came from the theme.
pub(crate) fn diagnostics(
    broken: &[Broken],
    source_text: impl Fn(&std::path::Path) -> Option<String>,
    config_text: &str,
    base_path: &str,
) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    broken
        .iter()
        .filter_map(|b| {
            let message = format!("the link `{}` is broken: {}", b.href, b.reason);
            let help = match &b.suggestion {
                _ if b.reason.contains(", a draft,") => "leave the link out until that page is ready, or publish it with the page by removing its `draft: true`".to_owned(),
                Some(s) => format!("did you mean `{s}`? Link to a page of this site, or write the full address of another site"),
                None => "link to a page of this site, or write the full address of another site".to_owned(),
            };
            // What the writer typed: a path from the site's root is published under the base
            // path (`/x/` as `/ratings/x/`), and a full address of the site as its path.
            let typed: Vec<String> = {
                let mut typed = vec![format!("({}", b.href), b.href.clone()];
                if let Some(rest) = b.href.strip_prefix(base_path).filter(|_| base_path != "/") {
                    typed.push(format!("(/{rest}"));
                    typed.push(format!("/{rest}"));
                }
                typed
            };
            let place = |text: &str, d: Diagnostic| match typed.iter().find_map(|t| text.find(t.as_str())) {
                Some(offset) => {
                    let (line, column) = crate::error::line_col(text, offset);
                    d.at(text, line, column)
                }
                None => d.placed(text, &b.href),
            };
            let in_config = typed.iter().skip(1).any(|t| config_text.contains(t.as_str()));
            let d = match (&b.source, b.source.as_deref().and_then(&source_text)) {
                (Some(path), Some(text)) if !in_config || typed.iter().any(|t| text.contains(t.as_str())) => {
                    place(&text, Diagnostic::error(path, message)).help(help)
                }
                // On every page, from the site's settings (the contact text, the notice, their
                // links): said once, where it was typed.
                _ if in_config => {
                    if !seen.insert(b.href.clone()) {
                        return None;
                    }
                    place(config_text, Diagnostic::error(crate::load::CONFIG_FILE, message)).help(help)
                }
                _ => Diagnostic::error(format!("(built page) {}", b.page), message)
                    .help(format!("{help}; this link comes from the theme's templates")),
            };
            Some(d)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, html: &str) -> PageLinks {
        PageLinks::scan(path, None, html, "https://example.github.io")
    }

    fn files(pages: &[PageLinks], others: &[&str]) -> HashSet<String> {
        pages
            .iter()
            .map(|p| p.path.clone())
            .chain(others.iter().map(|o| (*o).to_owned()))
            .collect()
    }

    #[test]
    fn links_resolve_under_the_base_path_relative_and_absolute() {
        let base = BaseUrl::parse("https://example.github.io/repo/").unwrap();
        let pages = vec![
            page(
                "index.html",
                r##"<a href="/repo/services/a/">a</a> <a href="services/a/#top">top</a> <a href="https://example.org/x">out</a> <a href="mailto:a@b.c">m</a>"##,
            ),
            page(
                "services/a/index.html",
                r##"<h2 id="top">Top</h2><a href="../../">home</a><a href="#top">self</a><img src="/repo/style.css">"##,
            ),
        ];
        let files = files(&pages, &["style.css"]);
        assert_eq!(check(&pages, &|p| files.contains(p), &base), vec![]);
    }

    #[test]
    fn missing_pages_anchors_and_escapes_are_reported() {
        let base = BaseUrl::parse("https://example.github.io/repo/").unwrap();
        let pages = vec![
            page(
                "index.html",
                r##"<a href="/repo/services/b/">b</a><a href="/services/a/">root</a><a href="services/a/#bottom">x</a><a href="../../up">up</a>"##,
            ),
            page("services/a/index.html", r#"<h2 id="top">Top</h2>"#),
        ];
        let files = files(&pages, &[]);
        let broken = check(&pages, &|p| files.contains(p), &base);
        let reasons: Vec<(&str, &str)> = broken
            .iter()
            .map(|b| (b.href.as_str(), b.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 4, "{reasons:?}");
        assert!(reasons.contains(&("/repo/services/b/", "no page or file of the site is there")));
        assert!(
            reasons
                .iter()
                .any(|(h, r)| *h == "/services/a/" && r.contains("outside the site"))
        );
        assert!(reasons.contains(&("services/a/#bottom", "the page has no `#bottom` on it")));
        assert!(
            reasons
                .iter()
                .any(|(h, r)| *h == "../../up" && r.contains("climbs above"))
        );
    }
}
