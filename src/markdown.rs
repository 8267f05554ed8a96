//! Markdown to HTML with the site's safety rules: raw HTML is escaped (with a warning), only
//! safe link schemes pass, headings get unique ids and sit below the page's one `h1`, and
//! task-list boxes are words, not unlabelled checkboxes.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A problem found while rendering, at a byte offset of the Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub offset: usize,
    pub is_error: bool,
    pub message: String,
    pub help: String,
}

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

/// Renders `text`. Headings start at `h2` at the highest, since the page title is the `h1`.
pub(crate) fn render(text: &str) -> Rendered {
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(text, options())
        .into_offset_iter()
        .collect();

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
    let mut used_ids = UsedIds::default();
    let mut ids = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        if let Event::Start(Tag::Heading { id, .. }) = event {
            let end = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let wanted = match id {
                Some(id) => id.to_string(),
                None => slug(&heading_text(&events[i + 1..end])),
            };
            ids.push(unique_id(&wanted, &mut used_ids));
        }
    }

    let mut ids = ids.into_iter();
    let mut problems = Vec::new();
    let html_events = events.into_iter().map(|(event, range)| match event {
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
                });
            }
            Event::Text(html)
        }
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            if let Some((message, help)) = refused_link(dest_url) {
                problems.push(Problem {
                    offset: range.start,
                    is_error: true,
                    message,
                    help: help.to_owned(),
                });
            }
            event
        }
        Event::Start(Tag::Image { ref dest_url, .. }) => {
            if let Some((message, help)) = refused_image(dest_url) {
                problems.push(Problem {
                    offset: range.start,
                    is_error: true,
                    message,
                    help: help.to_owned(),
                });
            }
            event
        }
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

    #[test]
    fn headings_get_unique_ids_and_sit_below_the_title() {
        let r = render("# Visiting\n\ntext\n\n## Parking\n\n# Visiting\n");
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
        let r = render("Hello <script>alert(1)</script> there\n");
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert_eq!(r.problems.len(), 2);
        assert!(!r.problems[0].is_error);
    }

    #[test]
    fn javascript_links_are_refused_and_safe_ones_pass() {
        let r = render(
            "[a](javascript:alert(1)) [b](https://x.org) [c](mailto:a@b.org) [d](../about/) [e](tel:111)\n",
        );
        let errors: Vec<_> = r.problems.iter().filter(|p| p.is_error).collect();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("`javascript:`"));
    }

    #[test]
    fn task_list_items_say_done_in_words() {
        let r = render("- [x] Hire staff\n- [ ] Train staff\n");
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
        let r = render("It's \"here\"\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(r.html.contains("It’s “here”"), "{}", r.html);
        assert!(r.html.contains("<table>"));
    }
}
