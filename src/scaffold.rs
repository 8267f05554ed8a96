//! `carepages new` and `carepages init`: start a page, a report, a statement or a whole site
//! from commented examples, never overwriting what a writer already has.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result, visible};
use crate::fsio;
use crate::model::Date;

const SERVICE: &str = include_str!("scaffold/service.md");
const REPORT: &str = include_str!("scaffold/report.yaml");
const STATEMENT: &str = include_str!("scaffold/statement.yaml");
const PAGE: &str = include_str!("scaffold/page.md");
const SITE: [(&str, &str); 9] = [
    ("carepages.yaml", include_str!("scaffold/carepages.yaml")),
    ("content/_index.md", include_str!("scaffold/index.md")),
    (
        "content/accessibility.md",
        include_str!("scaffold/accessibility.md"),
    ),
    // Every service page links to it.
    (
        "content/about-ratings.md",
        include_str!("scaffold/about-ratings.md"),
    ),
    (
        "content/services/example-service.md",
        include_str!("scaffold/example-service.md"),
    ),
    (
        "seeds/inspections/example-report.yaml",
        include_str!("scaffold/example-report.yaml"),
    ),
    // The output, and the lock and staging folders builds make beside it.
    (".gitignore", "/public\n/.public.*\n"),
    (
        ".github/workflows/pages.yml",
        include_str!("scaffold/pages.yml"),
    ),
    ("README.md", include_str!("scaffold/site-readme.md")),
];

/// The web address of carepages's own repository (its README, its releases), from the
/// package's `repository`.
pub fn repository_url() -> &'static str {
    env!("CARGO_PKG_REPOSITORY").trim_end_matches('/')
}

/// carepages's repository on GitHub as `owner/name`, where a site's workflow downloads
/// released binaries from.
pub fn github_repository() -> &'static str {
    let url = repository_url();
    url.strip_prefix("https://github.com/").unwrap_or(url)
}

/// A service id from its name: lowercase ASCII letters and digits joined by hyphens.
pub fn service_id(name: &str) -> String {
    let mut id = String::new();
    let name: String = name.chars().filter(|c| !matches!(c, '\'' | '’')).collect();
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&word.to_ascii_lowercase());
    }
    id
}

/// Writes `content/services/<id>.md` for a service called `name`, with every field
/// explained. Returns the file written.
pub fn new_service(root: &Path, name: &str) -> Result<PathBuf> {
    let name = one_line(name);
    let id = service_id(&name);
    if id.is_empty() {
        return Err(Error::Usage(format!(
            "`{}` has no letters or digits to make a web address from: give the service's name, such as \"District nursing\"",
            visible(&name)
        )));
    }
    in_a_site(root)?;
    let relative = PathBuf::from("content/services").join(format!("{id}.md"));
    let text = SERVICE
        .replace("{id}", &id)
        .replace("{title}", &yaml_text(&name));
    write_scaffold(root, relative, &text, "choose another name")
}

/// Writes `seeds/inspections/<id>.yaml`, a regulator's report with every field explained and
/// only its required fields active, so it loads at once and rates nothing until the writer
/// copies the report's ratings in. Returns the file written.
pub fn new_report(root: &Path, id: &str) -> Result<PathBuf> {
    let id = seed_id(id, "report", "cqc-2024-03-14")?;
    in_a_site(root)?;
    no_other_seed(root, &id, "seeds/statements", "a statement")?;
    let relative = PathBuf::from("seeds/inspections").join(format!("{id}.yaml"));
    // The regulator the id names (`ofsted-2025-07`), else the CQC; the others are listed
    // with their values, so a writer copying another regulator's report sees what it gives.
    let regulators = crate::model::regulator::REGULATORS;
    let named = regulators
        .iter()
        .find(|r| id.starts_with(&format!("{}-", r.id)))
        .copied()
        .unwrap_or(&crate::model::regulator::CQC);
    let list: String = regulators
        .iter()
        .map(|r| {
            let values = if r.rates() {
                format!(
                    ": ratings {}; questions {}",
                    r.values().map(|v| v.slug()).collect::<Vec<_>>().join(", "),
                    r.questions
                        .iter()
                        .map(|q| q.key())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                ": no ratings, passages only".to_owned()
            };
            format!("#   {} ({}){values}\n", r.name, r.id)
        })
        .collect();
    let text = REPORT
        .replace("{id}", &id)
        .replace("{regulators}", &list)
        .replace("{regulator}", named.name)
        .replace("{services}", &service_list(root)?);
    write_scaffold(root, relative, &text, "choose another id")
}

/// Writes `seeds/statements/<id>.yaml`, a statement the trust published, with every field
/// explained. Returns the file written.
pub fn new_statement(root: &Path, id: &str) -> Result<PathBuf> {
    let id = seed_id(id, "statement", "chief-executive-2024-03")?;
    in_a_site(root)?;
    no_other_seed(root, &id, "seeds/inspections", "a report")?;
    let relative = PathBuf::from("seeds/statements").join(format!("{id}.yaml"));
    write_scaffold(
        root,
        relative,
        &STATEMENT.replace("{id}", &id),
        "choose another id",
    )
}

/// Writes `content/<slug>.md`, a plain page called `title`, with its fields explained.
/// Returns the file written.
pub fn new_page(root: &Path, title: &str) -> Result<PathBuf> {
    let title = one_line(title);
    let slug = service_id(&title);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "`{}` has no letters or digits to make a web address from: give the page's title, such as \"How to complain\"",
            visible(&title)
        )));
    }
    // Where carepages publishes a page of its own: the build would refuse the two.
    let reserved = crate::render::paths::EMBED.trim_end_matches('/');
    if slug == reserved {
        return Err(Error::Usage(format!(
            "a page called \"{}\" would be published at `{reserved}/`, where carepages publishes its page of badges to embed: give it another title, such as \"Our badges\"",
            visible(&title)
        )));
    }
    in_a_site(root)?;
    let relative = PathBuf::from("content").join(format!("{slug}.md"));
    let text = PAGE
        .replace("{slug}", &slug)
        .replace("{title}", &yaml_text(&title));
    write_scaffold(root, relative, &text, "choose another title")
}

/// `new` works in a site's folder: one with `carepages.yaml`.
fn in_a_site(root: &Path) -> Result<()> {
    if root.join(crate::load::CONFIG_FILE).is_file() {
        Ok(())
    } else {
        Err(Error::Usage(
            "there is no carepages.yaml here: run `carepages new` in the site's folder, or start a site with `carepages init DIR`".to_owned(),
        ))
    }
}

/// Writes `text` to `relative` below `root`, never over a file that is there.
fn write_scaffold(root: &Path, relative: PathBuf, text: &str, otherwise: &str) -> Result<PathBuf> {
    let path = root.join(&relative);
    if path.exists() || path.is_symlink() {
        return Err(Error::Usage(format!(
            "`{}` already exists: nothing was changed. Edit it, or {otherwise}",
            relative.display()
        )));
    }
    fsio::create_dir_all(path.parent().unwrap_or(root))?;
    fsio::write_new(&path, text.as_bytes())?;
    Ok(relative)
}

/// A seed's id as given, when it is one: lowercase letters and digits joined by hyphens, as
/// `carepages import` and `new service` make them.
fn seed_id(id: &str, kind: &str, example: &str) -> Result<String> {
    let id = id.trim();
    let stem = [".yaml", ".yml"]
        .iter()
        .find_map(|ext| id.strip_suffix(ext))
        .unwrap_or(id);
    if !id.is_empty() && service_id(id) == id {
        return Ok(id.to_owned());
    }
    let suggestion = match service_id(stem) {
        s if s.is_empty() => example.to_owned(),
        s => s,
    };
    Err(Error::Usage(format!(
        "`{}` cannot be a {kind} id: an id is lowercase letters and digits joined by hyphens, such as `{suggestion}`. It is the file's name without .yaml, and pages quote the {kind} with `source: {suggestion}`",
        visible(id)
    )))
}

/// Pages cite reports and statements alike by id, so one id cannot name both.
fn no_other_seed(root: &Path, id: &str, folder: &str, what: &str) -> Result<()> {
    let other = Path::new(folder).join(format!("{id}.yaml"));
    if root.join(&other).exists() {
        return Err(Error::Usage(format!(
            "`{}` is {what} with the id `{id}`: nothing was changed. Pages cite reports and statements by id, so choose another",
            other.display()
        )));
    }
    Ok(())
}

/// The comment in a new report naming the site's service pages, the ids its `services:` may
/// rate.
fn service_list(root: &Path) -> Result<String> {
    const SHOWN: usize = 40;
    let folder = root.join("content/services");
    let mut ids = Vec::new();
    if folder.is_dir() {
        for entry in
            std::fs::read_dir(&folder).map_err(|e| Error::io("read the folder", &folder, e))?
        {
            let entry = entry.map_err(|e| Error::io("read the folder", &folder, e))?;
            let name = entry.file_name();
            if let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".md")) {
                ids.push(id.to_owned());
            }
        }
    }
    ids.sort();
    if ids.is_empty() {
        return Ok("# This site has no service pages yet.".to_owned());
    }
    let more = ids.len().saturating_sub(SHOWN);
    ids.truncate(SHOWN);
    let mut words: Vec<String> = ids.iter().map(|id| format!("{id},")).collect();
    if let Some(last) = words.last_mut() {
        last.pop();
        last.push(if more > 0 { ',' } else { '.' });
    }
    if more > 0 {
        words.push(format!("and {more} more."));
    }
    let mut text = String::new();
    let mut line = String::from("# This site's service pages:");
    for word in words {
        if line.len() + 1 + word.len() > 92 {
            text.push_str(&line);
            text.push('\n');
            line = String::from("#  ");
        }
        line.push(' ');
        line.push_str(&word);
    }
    text.push_str(&line);
    Ok(text)
}

/// A name typed on the command line as one line of text: spaces and line breaks run
/// together, control characters left out.
fn one_line(text: &str) -> String {
    text.split_whitespace()
        .map(|word| word.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` as a YAML value on one line: as it is where YAML reads it back unchanged, else in
/// double quotes.
fn yaml_text(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let plain = !text.is_empty()
        && !text.starts_with([
            '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '#', ',', '?',
            ':', '-',
        ])
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !matches!(
            lower.as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~"
        )
        && text.parse::<f64>().is_err();
    if plain {
        text.to_owned()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Starts a new site in `dir`, which must be missing or empty. The example report is dated
/// `today`, so the new site builds and checks clean. The site's YAML files name the JSON
/// Schemas written into its `schemas/` folder, so an editor with a YAML extension checks them
/// as they are typed.
pub fn init(dir: &Path, today: Date) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| Error::io("read the folder", dir, e))?;
        if entries.next().is_some() {
            return Err(Error::Usage(format!(
                "`{}` is not empty: nothing was changed. Choose a new folder for the site",
                dir.display()
            )));
        }
    }
    let visited =
        Date::parse(&format!("{:04}-{:02}", today.year(), today.month())).unwrap_or(today);
    let next_review = Date::from_ymd(today.year() + 1, today.month(), 1).unwrap_or(today);
    let mut written = Vec::new();
    for (relative, text) in SITE {
        let path = dir.join(relative);
        fsio::create_dir_all(path.parent().unwrap_or(dir))?;
        let text = text
            .replace("{today}", &today.iso())
            .replace("{visited}", &visited.iso())
            .replace("{next_review}", &next_review.iso())
            .replace("{repository_url}", repository_url())
            .replace("{repository}", github_repository())
            .replace("{version}", env!("CARGO_PKG_VERSION"));
        fsio::write_new(&path, text.as_bytes())?;
        written.push(PathBuf::from(relative));
    }
    for path in crate::schema::write(&dir.join(crate::schema::FOLDER), false)? {
        written.push(path.strip_prefix(dir).unwrap_or(&path).to_owned());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_yaml_files_init_writes_name_schemas_it_writes_beside_them() {
        for (relative, text) in SITE.iter().filter(|(r, _)| r.ends_with(".yaml")) {
            let first = text.lines().next().unwrap_or_default();
            let target = first
                .strip_prefix("# yaml-language-server: $schema=")
                .unwrap_or_else(|| panic!("{relative} starts with {first}"));
            // The extension reads the path from the file's own folder.
            let from = Path::new(relative).parent().unwrap_or(Path::new(""));
            let resolved = from.join(target);
            let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
            for part in resolved.components() {
                match part {
                    std::path::Component::ParentDir => {
                        parts.pop();
                    }
                    part => parts.push(part.as_os_str()),
                }
            }
            let resolved: PathBuf = parts.iter().collect();
            let name = resolved.file_name().unwrap().to_string_lossy().into_owned();
            assert_eq!(
                resolved.parent(),
                Some(Path::new(crate::schema::FOLDER)),
                "{relative}"
            );
            assert_eq!(
                crate::schema::for_file(Path::new(relative)).map(|(n, _)| n),
                Some(name.as_str()),
                "{relative}"
            );
        }
    }

    #[test]
    fn ids_are_web_address_safe() {
        assert_eq!(
            service_id("District Nursing (North)"),
            "district-nursing-north"
        );
        assert_eq!(service_id("  Children’s   services "), "childrens-services");
        assert_eq!(service_id("***"), "");
    }

    #[test]
    fn titles_are_written_so_yaml_reads_them_back() {
        for title in [
            "District nursing",
            "Ward #4",
            "Ward 4 # east",
            "Maternity: the birth centre",
            "\"Quoted\" title",
            "Yes",
            "111",
            "- dash",
            "Back\\slash: and \"quotes\"",
            "Children’s services",
        ] {
            let yaml = format!("title: {}\n", yaml_text(title));
            let read: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
            assert_eq!(read["title"], title, "{yaml}");
        }
        assert_eq!(yaml_text("District nursing"), "District nursing");
    }

    #[test]
    fn seed_ids_are_refused_with_the_id_they_could_be() {
        assert_eq!(
            seed_id("cqc-2024-03-14", "report", "x").unwrap(),
            "cqc-2024-03-14"
        );
        for (given, suggested) in [
            ("CQC 2024", "cqc-2024"),
            ("cqc-2024.yaml", "cqc-2024"),
            ("cqc--2024", "cqc-2024"),
            ("***", "cqc-2024-03-14"),
        ] {
            let Err(Error::Usage(message)) = seed_id(given, "report", "cqc-2024-03-14") else {
                panic!("{given} was taken");
            };
            assert!(
                message.contains(&format!("such as `{suggested}`")),
                "{message}"
            );
        }
    }
}
