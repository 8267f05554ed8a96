//! `carepages.yaml`: the site's settings.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    /// The site's name, shown in every page's header and title.
    pub title: String,
    /// Where the site is published, with its path: `https://example.github.io/repo/`.
    pub base_url: String,
    /// The language of the content, for `<html lang>`.
    #[serde(default = "default_language")]
    pub language: String,
    /// One sentence about the site, for search engines.
    #[serde(default)]
    pub description: Option<String>,
    /// The organisation the site is about.
    pub organisation: Organisation,
    /// The regulator whose ratings lead the site (its grid is the home page's), when it is
    /// not the one that rates the provider as a whole: `Care Inspectorate` for a Scottish
    /// care group with one home in England that Ofsted inspects.
    #[serde(default)]
    #[schemars(extend("examples" = ["Care Quality Commission"]))]
    pub regulator: Option<String>,
    /// How readers reach the trust: give at least one of `phone`, `email` and `url`.
    #[serde(default)]
    pub contact: Contact,
    /// The folder under `themes/` to use.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// A custom domain for GitHub Pages (`ratings.example.nhs.uk`), written to `CNAME`.
    #[serde(default)]
    pub custom_domain: Option<String>,
    /// Targets for `carepages check`.
    #[serde(default)]
    pub checks: ChecksConfig,
    /// Rules for quotations beyond carepages' own.
    #[serde(default)]
    pub quotations: QuotationsConfig,
    /// A banner on every page, in Markdown: for an example site or a staging preview ("This
    /// is an example built from public documents, not published by the trust").
    #[serde(default)]
    pub notice: Option<String>,
    /// The content editor at `admin/` (Sveltia CMS), for editors who work in a web browser:
    /// with it, a build also writes `admin/index.html` and `admin/config.yml`.
    #[serde(default)]
    pub cms: Option<Cms>,
}

impl Config {
    /// The regulator `regulator:` names, when it names one carepages knows that rates.
    pub(crate) fn regulator(&self) -> Option<&'static crate::model::Regulator> {
        self.regulator
            .as_deref()
            .and_then(crate::model::Regulator::find)
            .filter(|r| r.rates())
    }
}

/// Where the content editor reads and commits the site's files.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Cms {
    /// The service that holds the site's repository: `github`.
    pub backend: CmsBackend,
    /// The site's repository, as `owner/name` (the end of its address on GitHub).
    #[schemars(regex(pattern = REPO_PATTERN))]
    pub repo: String,
    /// The branch editors' changes are committed to, usually `main` (default: the
    /// repository's default branch).
    #[serde(default)]
    #[schemars(regex(pattern = BRANCH_PATTERN))]
    pub branch: Option<String>,
    /// The address of the OAuth client that signs editors in with GitHub, such as Sveltia CMS
    /// Authenticator on Cloudflare Workers (`https://sveltia-cms-auth.<you>.workers.dev`).
    /// Without it, editors sign in with a GitHub access token of their own.
    #[serde(default)]
    #[schemars(regex(pattern = AUTH_URL_PATTERN))]
    pub auth_url: Option<String>,
}

/// The services the content editor can commit to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum CmsBackend {
    Github,
}

impl CmsBackend {
    /// Its name in the content editor's configuration.
    pub(crate) fn name(self) -> &'static str {
        match self {
            CmsBackend::Github => "github",
        }
    }
}

/// `owner/name`: a GitHub account (letters, digits and single hyphens between them) and a
/// repository name (letters, digits, `.`, `_` and `-`).
const REPO_PATTERN: &str = "^[A-Za-z0-9]+(-[A-Za-z0-9]+)*/[A-Za-z0-9._-]+$";

/// An OAuth client's address: https, a host and no path.
const AUTH_URL_PATTERN: &str = "^https://[^\\s/?#]+/?$";

/// A branch name: no spaces, and none of the characters Git refuses in one.
const BRANCH_PATTERN: &str = "^[A-Za-z0-9_][A-Za-z0-9._/-]*$";

impl Cms {
    /// What is wrong with the settings, each with the key it is at and the fix.
    pub(crate) fn problems(&self) -> Vec<(&'static str, String, &'static str)> {
        let mut problems = Vec::new();
        if !is_repo(&self.repo) {
            problems.push((
                "repo:",
                format!(
                    "`cms.repo: {}` is not a repository on GitHub",
                    crate::error::visible(&self.repo)
                ),
                "give the repository as `owner/name`, the end of its address: for https://github.com/example-trust/ratings write `repo: example-trust/ratings`",
            ));
        }
        if let Some(branch) = &self.branch
            && !is_branch(branch)
        {
            problems.push((
                "branch:",
                format!(
                    "`cms.branch: {}` is not a branch name",
                    crate::error::visible(branch)
                ),
                "give the branch editors' changes go to, such as `main`: letters, digits, `-`, `_`, `.` and `/`",
            ));
        }
        if let Some(url) = &self.auth_url {
            let origin = BaseUrl::parse(url)
                .ok()
                .filter(|base| base.origin.starts_with("https://") && base.path == "/");
            if origin.is_none() {
                problems.push((
                    "auth_url:",
                    format!(
                        "`cms.auth_url: {}` is not the address of an OAuth client",
                        crate::error::visible(url)
                    ),
                    "give the address the OAuth client runs at, starting with https:// and without a path, such as https://sveltia-cms-auth.example.workers.dev",
                ));
            }
        }
        problems
    }
}

/// Whether `repo` is `owner/name` as GitHub spells them.
pub(crate) fn is_repo(repo: &str) -> bool {
    let Some((owner, name)) = repo.split_once('/') else {
        return false;
    };
    !owner.is_empty()
        && owner.len() <= 39
        && owner
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()))
        && !name.is_empty()
        && name.len() <= 100
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// Whether `branch` can name a Git branch: the characters of [`BRANCH_PATTERN`], without the
/// sequences Git refuses.
fn is_branch(branch: &str) -> bool {
    let mut chars = branch.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-'))
        && !branch.contains("..")
        && !branch.contains("//")
        && !branch.ends_with(['/', '.'])
        && !branch.ends_with(".lock")
}

/// Quotation rules a site adds to carepages' own (see `src/quotation.rs`).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct QuotationsConfig {
    /// More words an ellipsis may never leave out (`hardly`, `scarcely`).
    pub keep_words: Vec<String>,
}

/// What `carepages check` holds the writing to. The defaults follow NHS content guidance.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct ChecksConfig {
    /// The highest reading age a family summary may need.
    pub reading_age: f64,
    /// The most words a sentence may have.
    pub sentence_words: usize,
    /// Words to avoid besides the NHS defaults, each with a plainer one.
    pub avoid_words: Vec<AvoidWordConfig>,
    /// Default words this site allows after all.
    pub allow_words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AvoidWordConfig {
    /// The word or phrase to avoid.
    pub word: String,
    /// A plainer one to use instead.
    pub instead: String,
}

impl Default for ChecksConfig {
    fn default() -> Self {
        ChecksConfig {
            reading_age: 11.0,
            sentence_words: 20,
            avoid_words: Vec::new(),
            allow_words: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Organisation {
    /// Its name, shown on every page (Example NHS Trust).
    pub name: String,
    /// Its own website.
    #[serde(default)]
    pub url: Option<String>,
}

/// How readers reach the trust, shown in the same place on every page.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Contact {
    /// A phone number, as readers dial it.
    #[serde(default)]
    pub phone: Option<String>,
    /// An email address.
    #[serde(default)]
    pub email: Option<String>,
    /// A contact page on the trust's website.
    #[serde(default)]
    pub url: Option<String>,
    /// Extra words (Markdown), such as opening hours or how to ask for another format.
    #[serde(default)]
    pub text: Option<String>,
}

fn default_language() -> String {
    "en-GB".to_owned()
}

fn default_theme() -> String {
    "default".to_owned()
}

/// Whether `host` is a host name: labels of letters, digits and hyphens, joined by dots.
pub(crate) fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// The parts of a base URL every link is built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BaseUrl {
    /// `https://example.github.io` (no trailing slash).
    pub origin: String,
    /// `/repo/`: always starts and ends with `/`.
    pub path: String,
}

impl BaseUrl {
    pub(crate) fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        // Every link, the sitemap and robots.txt are made from it: nothing may break out of
        // an attribute or a line.
        if let Some(c) = url.chars().find(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '"' | '\'' | '<' | '>' | '\\' | '`' | '{' | '}' | '|' | '^'
                )
        }) {
            return Err(format!(
                "`{}` holds `{}`, which a web address cannot",
                crate::error::visible(url),
                c.escape_debug()
            ));
        }
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| format!("`{url}` is not a web address starting with https://"))?;
        let scheme_len = url.len() - rest.len();
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if !is_host(host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                name
            } else {
                host
            }
        })) {
            return Err(format!("`{url}` has no host name"));
        }
        if path.contains(['?', '#']) {
            return Err(format!("`{url}` must not have a query or a fragment"));
        }
        let mut path = path.to_owned();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl {
            origin: format!("{}{host}", &url[..scheme_len]),
            path,
        })
    }

    /// A site-relative path (`services/x/`) as an absolute path from the host root.
    pub(crate) fn path_to(&self, relative: &str) -> String {
        format!("{}{}", self.path, relative.trim_start_matches('/'))
    }

    /// A site-relative path as a full URL, for feeds, sitemaps and canonical links.
    pub(crate) fn url_to(&self, relative: &str) -> String {
        format!("{}{}", self.origin, self.path_to(relative))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sub_path_base_url_prefixes_every_link() {
        let base = BaseUrl::parse("https://example.github.io/carepages").unwrap();
        assert_eq!(base.path_to("services/x/"), "/carepages/services/x/");
        assert_eq!(
            base.url_to("/feed.xml"),
            "https://example.github.io/carepages/feed.xml"
        );
        let root = BaseUrl::parse("https://trust.example").unwrap();
        assert_eq!(root.path_to(""), "/");
    }

    #[test]
    fn a_base_url_without_a_scheme_is_refused() {
        assert!(BaseUrl::parse("example.org/").is_err());
    }
}
