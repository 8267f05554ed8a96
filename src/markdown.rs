//! Markdown to HTML with the site's safety rules: raw HTML is escaped (with a warning), only
//! safe link schemes pass, headings get unique ids and sit below the page's one `h1`, and
//! task-list boxes are words, not unlabelled checkboxes.

use std::collections::{BTreeMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A problem found while rendering, at a byte offset of the Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub offset: usize,
    pub is_error: bool,
    pub message: String,
    pub help: String,
    /// The `check` code of a warning a site may choose to live with.
    pub code: Option<&'static str>,
}

impl Problem {
    fn error(offset: usize, message: String, help: impl Into<String>) -> Problem {
        Problem {
            offset,
            is_error: true,
            message,
            help: help.into(),
            code: None,
        }
    }
}

/// Where a piece of Markdown is shown: what its paths are read against.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place<'a> {
    /// The site's base path (`/`, or `/ratings/` on GitHub Pages): a link or image path that
    /// starts with `/` is below it, as in Zola and Hugo.
    pub base_path: &'a str,
    /// The folder of the file the Markdown is in, below the site's root (`content/services`):
    /// a relative image path is read from there first, as an editor's preview reads it.
    pub folder: &'a str,
    /// The files the site publishes from `static/`, by their path on the site
    /// (`images/map.png`), to check images against; `None` where they are not known.
    pub files: Option<&'a BTreeMap<String, crate::load::ThemeFile>>,
    /// Put before every heading id: Markdown shown on every page beside the page's own
    /// (the site's notice) keeps its ids apart.
    pub id_prefix: &'a str,
}

/// Ids the default theme gives elements of a page: a heading's id is never one of them.
const TEMPLATE_IDS: [&str; 12] = [
    "main",
    "help",
    "rating-heading",
    "overall-heading",
    "attention-heading",
    "grid-heading",
    "summary-heading",
    "findings-heading",
    "apology-heading",
    "improvement-heading",
    "history-heading",
    "carepages-error",
];

impl Place<'_> {
    /// Markdown whose paths are not checked: at the site's root, with no files known.
    pub(crate) const ANYWHERE: Place<'static> = Place {
        base_path: "/",
        folder: "",
        files: None,
        id_prefix: "",
    };
}

/// The alt text that marks an image as decorative: published with empty alt text, so
/// screen readers pass over it.
pub(crate) const DECORATIVE: &str = "decorative";

#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub html: String,
    pub problems: Vec<Problem>,
}

const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders `text`, shown at `place`. Headings start at `h2` at the highest, since the page
/// title is the `h1`.
pub(crate) fn render(text: &str, place: &Place) -> Rendered {
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(text, options())
        .into_offset_iter()
        .collect();
    let mut problems = Vec::new();
    let blank_alt = images(&events, &mut problems);
    unparsed_links(&events, &mut problems);

    let shallowest = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let shift = 2usize.saturating_sub(shallowest);

    // A heading's id comes from its text, which follows its start: ids are found first, then
    // the events are rewritten as they stream into HTML, none of them copied.
    // The page's own ids are taken: a heading "Main" must not become a second `#main`.
    let mut used_ids = UsedIds::default();
    let mut ids = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        if let Event::Start(Tag::Heading { id, .. }) = event {
            // Most text has no heading: the page's ids are taken only for text that does.
            if used_ids.ids.is_empty() {
                used_ids.ids.extend(
                    TEMPLATE_IDS
                        .iter()
                        .map(|id| format!("{}{id}", place.id_prefix)),
                );
            }
            let end = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let wanted = match id {
                Some(id) => id.to_string(),
                None => slug(&heading_text(&events[i + 1..end])),
            };
            ids.push(unique_id(
                &format!("{}{wanted}", place.id_prefix),
                &mut used_ids,
            ));
        }
    }

    let mut ids = ids.into_iter();
    let html_events = events
        .into_iter()
        .enumerate()
        .map(|(i, (event, range))| match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => Event::Start(Tag::Heading {
                level: shift_level(level, shift),
                id: ids.next().map(CowStr::from),
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => {
                Event::End(TagEnd::Heading(shift_level(level, shift)))
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if !html.trim().is_empty() {
                    problems.push(Problem {
                    offset: range.start,
                    is_error: false,
                    message: format!(
                        "raw HTML `{}` is shown as text, not used as HTML",
                        html.trim().chars().take(40).collect::<String>()
                    ),
                    help:
                        "use Markdown instead: **bold**, [a link](https://...), a table with | bars"
                            .to_owned(),
                    code: None,
                });
                }
                Event::Text(html)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some((message, help)) = refused_link(&dest_url) {
                    problems.push(Problem::error(range.start, message, help));
                }
                let dest_url = match below_base(&dest_url, place.base_path) {
                    Some(url) => CowStr::from(url),
                    None => dest_url,
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match image_path(&dest_url, place) {
                    Ok(Some(site_path)) => CowStr::from(format!("{}{site_path}", place.base_path)),
                    Ok(None) => dest_url,
                    Err((message, help)) => {
                        problems.push(Problem::error(range.start, message, help));
                        dest_url
                    }
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Text(_) if blank_alt.contains(&i) => Event::Text(CowStr::Borrowed("")),
            Event::TaskListMarker(done) => {
                let label = if done { "Done:" } else { "Not done:" };
                Event::Html(CowStr::from(format!(
                    "<strong class=\"task-state\">{label}</strong> "
                )))
            }
            event => event,
        });
    // HTML is a little longer than its Markdown: room for it up front saves regrowing.
    let mut html = String::with_capacity(text.len() + text.len() / 4);
    pulldown_cmark::html::push_html(&mut html, html_events);
    Rendered { html, problems }
}

/// Why a link is refused, and the fix: the one link policy for every field that holds a URL
/// or Markdown, wherever it comes from. http, https, mailto, tel and paths on the site pass.
pub(crate) fn refused_link(url: &str) -> Option<(String, &'static str)> {
    const HELP: &str = "link with https://, http://, mailto:, tel: or a path on this site";
    let shown = crate::error::visible(url);
    if url.trim_start().starts_with("//") || url.trim_start().starts_with("\\\\") {
        return Some((
            format!(
                "the link `{shown}` leaves out its scheme, so it goes to whatever host it names"
            ),
            "write the address in full, starting with https://",
        ));
    }
    if url.chars().any(char::is_control) {
        return Some((
            format!("the link `{shown}` holds a control character"),
            HELP,
        ));
    }
    refused_scheme(url).map(|scheme| {
        (
            format!("the link `{shown}` uses `{scheme}:`, which is not allowed"),
            HELP,
        )
    })
}

/// A link or image path that starts with `/`, under the site's base path: `/services/x/` on a
/// site published at `/ratings/` is `/ratings/services/x/`. `None` when it needs no change.
fn below_base(url: &str, base_path: &str) -> Option<String> {
    let rest = url.strip_prefix('/')?;
    if base_path == "/"
        || url.starts_with("//")
        || url.starts_with(base_path)
        || url == base_path.trim_end_matches('/')
    {
        return None;
    }
    Some(format!("{base_path}{rest}"))
}

/// The path on the site (`images/map.png`) of an image in Markdown shown at `place`, which
/// must be a file the site publishes from `static/`. `Ok(None)` when the files are not known.
fn image_path(url: &str, place: &Place) -> Result<Option<String>, (String, String)> {
    if let Some((message, help)) = refused_image(url) {
        return Err((message, help.to_owned()));
    }
    let shown = crate::error::visible(url);
    if url.contains(char::is_whitespace) || url.contains("%20") {
        return Err((
            format!("the image path `{shown}` has a space in it"),
            format!(
                "rename the file without spaces, such as `{}`, and write the new name here: spaces break the path in Markdown",
                url.replace("%20", "-")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join("-")
            ),
        ));
    }
    let Some(files) = place.files else {
        return Ok(None);
    };
    let path = url.split(['?', '#']).next().unwrap_or("");
    let site_path = if let Some(rest) = path.strip_prefix('/') {
        // From the site's root, with or without its base path.
        let rest = (place.base_path != "/")
            .then(|| path.strip_prefix(place.base_path))
            .flatten()
            .unwrap_or(rest);
        normalise(rest)
    } else {
        // From the page's file, as an editor's preview reads it, when that leads into
        // static/; else from static/ itself.
        normalise(&format!("{}/{path}", place.folder))
            .and_then(|p| p.strip_prefix("static/").map(str::to_owned))
            .or_else(|| normalise(path))
    };
    let suggest = |wanted: &str| {
        let images: Vec<String> = files
            .keys()
            .filter(|k| !crate::load::ThemeFile::is_hashed_asset(k))
            .cloned()
            .collect();
        crate::error::closest(wanted, &images).map(|s| format!("did you mean `/{s}`? "))
    };
    match site_path {
        Some(p) if files.contains_key(&p) => Ok(Some(p)),
        found => {
            let wanted = found.unwrap_or_else(|| path.trim_start_matches("./").to_owned());
            Err((
                format!("the image `{shown}` is not in the site's `static/` folder"),
                match suggest(&wanted) {
                    Some(suggestion) => format!("{suggestion}Images are put in static/ and written from there"),
                    None => "put the image in static/ (such as static/images/map.png) and write its path from there: `![what it shows](/images/map.png)`".to_owned(),
                },
            ))
        }
    }
}

/// `a/./b/../c` as `a/c`; `None` if it climbs above its start.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Images with no text alternative are reported (WCAG 1.1.1); the indices of the text of
/// images marked decorative are returned, to publish them with empty alt text.
fn images(
    events: &[(Event, std::ops::Range<usize>)],
    problems: &mut Vec<Problem>,
) -> HashSet<usize> {
    let mut blank = HashSet::new();
    for (i, (event, range)) in events.iter().enumerate() {
        if !matches!(event, Event::Start(Tag::Image { .. })) {
            continue;
        }
        let end = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
            .map_or(events.len(), |p| i + p);
        let alt = heading_text(&events[i + 1..end]);
        // Zero-width characters read as nothing, as spaces do.
        let empty = alt.chars().all(|c| {
            c.is_whitespace()
                || matches!(
                    c,
                    '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
                )
        });
        let decorative = alt.trim().eq_ignore_ascii_case(DECORATIVE);
        // An image that is all of a link is the link's name.
        let whole_link = i > 0
            && matches!(events[i - 1].0, Event::Start(Tag::Link { .. }))
            && matches!(events.get(end + 1), Some((Event::End(TagEnd::Link), _)));
        if whole_link && (empty || decorative) {
            problems.push(Problem {
                offset: range.start,
                is_error: false,
                message: "this link holds only an image with no text, so it has no name for people who cannot see it".to_owned(),
                help: "say where the link goes in the image's text, as in `[![Waiting times](/images/clock.png)](/waiting-times/)`".to_owned(),
                code: Some("alt-text"),
            });
            if decorative {
                blank.extend((i + 1..end).filter(|j| matches!(events[*j].0, Event::Text(_))));
            }
        } else if decorative {
            blank.extend((i + 1..end).filter(|j| matches!(events[*j].0, Event::Text(_))));
        } else if empty {
            problems.push(Problem {
                offset: range.start,
                is_error: false,
                message: "this image has no text to describe it, so people who cannot see it miss what it shows".to_owned(),
                help: format!(
                    "write what it shows between the brackets, as in `![Map of the hospital site](/images/map.png)`; for an image that only decorates, write `![{DECORATIVE}](...)`"
                ),
                code: Some("alt-text"),
            });
        }
    }
    blank
}

/// A link or image whose path has a space is not one to Markdown: its text, brackets and path
/// would be printed on the page as they were typed.
fn unparsed_links(events: &[(Event, std::ops::Range<usize>)], problems: &mut Vec<Problem>) {
    for (i, pair) in events.windows(2).enumerate() {
        let (Event::Text(close), _) = &pair[0] else {
            continue;
        };
        let (Event::Text(after), _) = &pair[1] else {
            continue;
        };
        if close.as_ref() != "]" || !after.starts_with('(') {
            continue;
        }
        let Some(path) = after[1..].split(')').next().filter(|p| p.contains(' ')) else {
            continue;
        };
        if !after[1..].contains(')') {
            continue;
        }
        let open = events[..i].iter().rposition(
            |(e, _)| matches!(e, Event::Text(t) if t.as_ref() == "[" || t.as_ref() == "!["),
        );
        let Some(open) = open else { continue };
        let image = matches!(&events[open].0, Event::Text(t) if t.as_ref() == "![");
        let what = if image { "image" } else { "link" };
        let path = path.trim();
        problems.push(Problem::error(
            events[open].1.start,
            format!(
                "this {what} is printed as typed, not made: its path `{path}` has a space in it"
            ),
            if image {
                format!(
                    "rename the file without spaces, such as `{}`, and write the new name here",
                    path.split_whitespace().collect::<Vec<_>>().join("-")
                )
            } else {
                format!(
                    "write the path without spaces, or put it in angle brackets: `[...](<{path}>)`"
                )
            },
        ));
    }
}

/// Why an image is refused: images come only from the site, so a page loads nothing from a
/// third party.
pub(crate) fn refused_image(url: &str) -> Option<(String, &'static str)> {
    let absolute = url.trim_start().starts_with("//") || url.contains(':');
    if absolute {
        return Some((
            format!(
                "the image `{}` is not on this site: pages load nothing from other websites",
                crate::error::visible(url)
            ),
            "put the image in static/ and use its path, such as /images/map.png",
        ));
    }
    None
}

/// The scheme of a link we refuse, if it has one.
fn refused_scheme(url: &str) -> Option<String> {
    let url = url.trim();
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    // A colon after a path separator is part of a path, not a scheme.
    if scheme.contains(['/', '?', '#']) {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    (!ALLOWED_SCHEMES.contains(&scheme.as_str())).then_some(scheme)
}

fn shift_level(level: HeadingLevel, shift: usize) -> HeadingLevel {
    let n = (level as usize + shift).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

fn heading_text(events: &[(Event, std::ops::Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

/// A URL fragment from heading text: lowercase words joined by hyphens.
pub(crate) fn slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

/// The heading ids given so far, and for each wanted id the next number to try, so that many
/// headings with one text take linear time, not quadratic.
#[derive(Default)]
struct UsedIds {
    ids: HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

fn unique_id(wanted: &str, used: &mut UsedIds) -> String {
    let mut id = wanted.to_owned();
    let n = used.next.entry(wanted.to_owned()).or_insert(1);
    while used.ids.contains(&id) {
        id = format!("{wanted}-{n}");
        *n += 1;
    }
    used.ids.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_anywhere(text: &str) -> Rendered {
        render(text, &Place::ANYWHERE)
    }

    #[test]
    fn headings_get_unique_ids_and_sit_below_the_title() {
        let r = render_anywhere("# Visiting\n\ntext\n\n## Parking\n\n# Visiting\n");
        assert!(
            r.html.contains("<h2 id=\"visiting\">Visiting</h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h3 id=\"parking\">Parking</h3>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"visiting-1\">Visiting</h2>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn raw_html_is_shown_as_text_with_a_warning() {
        let r = render_anywhere("Hello <script>alert(1)</script> there\n");
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert_eq!(r.problems.len(), 2);
        assert!(!r.problems[0].is_error);
    }

    #[test]
    fn javascript_links_are_refused_and_safe_ones_pass() {
        let r = render_anywhere(
            "[a](javascript:alert(1)) [b](https://x.org) [c](mailto:a@b.org) [d](../about/) [e](tel:111)\n",
        );
        let errors: Vec<_> = r.problems.iter().filter(|p| p.is_error).collect();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("`javascript:`"));
    }

    #[test]
    fn paths_from_the_root_go_under_the_base_path_and_a_spaced_link_is_named() {
        assert_eq!(
            below_base("/services/x/", "/ratings/").as_deref(),
            Some("/ratings/services/x/")
        );
        assert_eq!(below_base("/ratings/services/x/", "/ratings/"), None);
        assert_eq!(below_base("/services/x/", "/"), None);
        assert_eq!(below_base("//evil.example/", "/ratings/"), None);
        assert_eq!(below_base("../x/", "/ratings/"), None);
        assert_eq!(
            normalise("content/services/../../static/a.png").as_deref(),
            Some("static/a.png")
        );
        assert_eq!(normalise("../a.png"), None);

        let r = render_anywhere("See [our page](waiting times) and [this](ok) [x] (not a link).\n");
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].offset, 4);
        assert!(
            r.problems[0]
                .message
                .starts_with("this link is printed as typed")
        );
    }

    #[test]
    fn task_list_items_say_done_in_words() {
        let r = render_anywhere("- [x] Hire staff\n- [ ] Train staff\n");
        assert!(
            r.html
                .contains("<strong class=\"task-state\">Done:</strong> Hire staff"),
            "{}",
            r.html
        );
        assert!(r.html.contains("Not done:</strong> Train staff"));
        assert!(!r.html.contains("<input"));
    }

    #[test]
    fn smart_punctuation_and_tables_are_on() {
        let r = render_anywhere("It's \"here\"\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(r.html.contains("It’s “here”"), "{}", r.html);
        assert!(r.html.contains("<table>"));
    }
}
