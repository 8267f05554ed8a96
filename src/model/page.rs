//! The trust's own words: service pages and plain pages, Markdown with YAML front matter.

use std::borrow::Cow;
use std::path::PathBuf;

use serde::Deserialize;

use super::date::Date;
use super::seeds::Person;
use crate::error::Diagnostic;

/// The front matter of `content/services/<id>.md`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServiceFront {
    /// The service's name, as readers know it: the page's only heading.
    pub title: String,
    /// For families: what this means for you, in plain English (Markdown).
    pub summary: String,
    /// One sentence for search engines and link previews; defaults to the summary's first.
    #[serde(default)]
    pub description: Option<String>,
    /// What inspectors found: strengths and concerns.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// The trust's apology, where care fell short.
    #[serde(default)]
    pub apology: Option<Apology>,
    /// What the trust commits to, and the actions that track it.
    #[serde(default)]
    pub improvement: Option<Improvement>,
    /// When the page was last checked against the latest report.
    #[serde(default)]
    pub reviewed: Option<Date>,
    /// When the page will next be checked; a date that has passed is flagged.
    #[serde(default)]
    pub next_review: Option<Date>,
    /// Earlier ids of the service (after a rename): each old address redirects here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Not ready: left out of the published site (`build --drafts` and the preview show it).
    #[serde(default)]
    pub draft: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum FindingKind {
    Strength,
    Concern,
}

/// What inspectors found. With a `source`, `text` is a quotation checked against that seed.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Finding {
    /// A strength or a concern.
    pub kind: FindingKind,
    /// What was found: with `source`, the words of the seed exactly (`…` marks words left out).
    pub text: String,
    /// The seed the words come from: a file in seeds/, without `.yaml`.
    #[serde(default)]
    pub source: Option<String>,
    /// Where the quotation was first published ("as quoted in ..."), when the passage it
    /// comes from says: found when the quotation is checked, not written by the writer.
    #[serde(skip)]
    pub quoted_in: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Apology {
    /// Who says sorry, with their role.
    pub by: Person,
    /// Who the apology is to ("patients who had difficulty using this service").
    #[serde(default)]
    pub to: Option<String>,
    /// When the apology was made.
    #[serde(default)]
    pub date: Option<Date>,
    /// The apology: with `source`, the statement's words exactly.
    pub text: String,
    /// The statement it was published in: a file in seeds/statements/, without `.yaml`.
    #[serde(default)]
    pub source: Option<String>,
    /// Where the quotation was first published ("as quoted in ..."), when the passage it
    /// comes from says: found when the quotation is checked, not written by the writer.
    #[serde(skip)]
    pub quoted_in: Option<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Improvement {
    /// Who makes the commitment, with their role.
    #[serde(default)]
    pub by: Option<Person>,
    /// What the trust will do, and by when: with `source`, the seed's words exactly.
    pub text: String,
    /// The seed the words come from: a file in seeds/, without `.yaml`.
    #[serde(default)]
    pub source: Option<String>,
    /// The actions that track the commitment.
    #[serde(default)]
    pub actions: Vec<Action>,
    /// Where the quotation was first published ("as quoted in ..."), when the passage it
    /// comes from says: found when the quotation is checked, not written by the writer.
    #[serde(skip)]
    pub quoted_in: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Status {
    NotStarted,
    InProgress,
    Done,
}

impl Status {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::InProgress => "In progress",
            Status::Done => "Done",
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Action {
    /// What will be done.
    pub title: String,
    /// Who is responsible.
    #[serde(default)]
    pub owner: Option<String>,
    /// When it is due: shown as overdue once past, unless done.
    #[serde(default)]
    pub due: Option<Date>,
    /// How far it has got.
    pub status: Status,
    /// What has happened so far, shown newest first.
    #[serde(default)]
    pub updates: Vec<Update>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Update {
    /// When it happened.
    pub date: Date,
    /// What happened.
    pub text: String,
}

/// The front matter of the home page, `content/_index.md`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct HomeFront {
    /// The home page's title.
    pub title: String,
    /// One sentence for search engines; defaults to the site's description.
    #[serde(default)]
    pub description: Option<String>,
}

/// The front matter of a plain page such as `content/accessibility.md`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlainFront {
    /// The page's title, its only heading.
    pub title: String,
    /// One sentence for search engines and link previews.
    #[serde(default)]
    pub description: Option<String>,
    /// When the page was last checked.
    #[serde(default)]
    pub reviewed: Option<Date>,
    /// Not ready: left out of the published site (`build --drafts` and the preview show it).
    #[serde(default)]
    pub draft: bool,
}

/// A Markdown file split into its parts, with where the body starts for line numbers.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// Relative to the site root, for messages.
    pub path: PathBuf,
    /// Where the file is, for reading its body again after [`Source::release_body`].
    pub file: PathBuf,
    /// The file's text; only its front matter (up to `body_start`) once the body is released.
    pub text: String,
    /// Byte range of the YAML between the `---` lines, and the 1-based line it starts on.
    pub front: std::ops::Range<usize>,
    pub front_line: usize,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    body_released: bool,
}

impl Source {
    pub(crate) fn new(
        path: PathBuf,
        file: PathBuf,
        text: String,
        front: std::ops::Range<usize>,
        body_start: usize,
    ) -> Source {
        Source {
            path,
            file,
            text,
            front,
            front_line: 2,
            body_start,
            body_released: false,
        }
    }

    pub(crate) fn front_matter(&self) -> &str {
        &self.text[self.front.clone()]
    }

    /// Drops the Markdown body from memory, keeping the front matter: a site of 100,000 pages
    /// would otherwise hold all its text from loading to rendering. [`Source::full_text`]
    /// reads the body again when it is needed.
    pub(crate) fn release_body(&mut self) {
        self.text.truncate(self.body_start);
        self.text.shrink_to_fit();
        self.body_released = true;
    }

    /// The whole file, front matter and body: from memory, or read again from disk if the
    /// body was released. A file that changed since it was loaded is an error, never a page
    /// made of two versions.
    pub(crate) fn full_text(&self) -> Result<Cow<'_, str>, Diagnostic> {
        if !self.body_released {
            return Ok(Cow::Borrowed(&self.text));
        }
        // Read as loading read it: a byte-order mark left out.
        let read =
            std::fs::read_to_string(&self.file).map(|text| match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_owned(),
                None => text,
            });
        match read {
            Ok(text) if text.starts_with(&self.text) => Ok(Cow::Owned(text)),
            Ok(_) => Err(Diagnostic::error(
                &self.path,
                "the file changed while the site was being built",
            )
            .help("build again once the file is saved")),
            Err(e) => Err(Diagnostic::error(
                &self.path,
                format!("the file could not be read again while the site was being built: {e}"),
            )
            .help("build again; check that the file still exists and can be read")),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ServicePage {
    /// The file stem, which names the service in seeds and in its URL.
    pub id: String,
    pub source: Source,
    pub front: ServiceFront,
}

#[derive(Debug, Clone)]
pub(crate) struct PlainPage {
    /// The file's path below `content/` without `.md`, used for its URL.
    pub slug: String,
    pub source: Source,
    pub front: PlainFront,
}

#[derive(Debug, Clone)]
pub(crate) struct HomePage {
    pub source: Source,
    pub front: HomeFront,
}
