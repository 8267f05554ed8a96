//! The trust's own words: service pages and plain pages, Markdown with YAML front matter.

use std::path::PathBuf;

use serde::Deserialize;

use super::date::Date;
use super::seeds::Person;

/// The front matter of `content/services/<id>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceFront {
    pub title: String,
    /// For families: what this means for you, in plain English (Markdown).
    pub summary: String,
    /// One sentence for search engines and link previews; defaults to the summary's first.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub apology: Option<Apology>,
    #[serde(default)]
    pub improvement: Option<Improvement>,
    #[serde(default)]
    pub reviewed: Option<Date>,
    #[serde(default)]
    pub next_review: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    Strength,
    Concern,
}

/// What inspectors found. With a `source`, `text` is a quotation checked against that seed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub kind: FindingKind,
    pub text: String,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Apology {
    pub by: Person,
    /// Who the apology is to ("patients who had difficulty using this service").
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    pub text: String,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Improvement {
    #[serde(default)]
    pub by: Option<Person>,
    pub text: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    NotStarted,
    InProgress,
    Done,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::InProgress => "In progress",
            Status::Done => "Done",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<Date>,
    pub status: Status,
    #[serde(default)]
    pub updates: Vec<Update>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Update {
    pub date: Date,
    pub text: String,
}

/// The front matter of the home page, `content/_index.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HomeFront {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// The front matter of a plain page such as `content/accessibility.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlainFront {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub reviewed: Option<Date>,
}

/// A Markdown file split into its parts, with where the body starts for line numbers.
#[derive(Debug, Clone)]
pub struct Source {
    /// Relative to the site root, for messages.
    pub path: PathBuf,
    pub text: String,
    /// Byte range of the YAML between the `---` lines, and the 1-based line it starts on.
    pub front: std::ops::Range<usize>,
    pub front_line: usize,
    /// Byte offset and 1-based line where the Markdown body starts.
    pub body_start: usize,
    pub body_line: usize,
}

impl Source {
    pub fn front_matter(&self) -> &str {
        &self.text[self.front.clone()]
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

#[derive(Debug, Clone)]
pub struct ServicePage {
    /// The file stem, which names the service in seeds and in its URL.
    pub id: String,
    pub source: Source,
    pub front: ServiceFront,
}

#[derive(Debug, Clone)]
pub struct PlainPage {
    /// The file's path below `content/` without `.md`, used for its URL.
    pub slug: String,
    pub source: Source,
    pub front: PlainFront,
}

#[derive(Debug, Clone)]
pub struct HomePage {
    pub source: Source,
    pub front: HomeFront,
}
