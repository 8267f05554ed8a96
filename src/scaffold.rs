//! `carepages new` and `carepages init`: start a page or a whole site from commented
//! examples, never overwriting what a writer already has.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsio;
use crate::model::Date;

const SERVICE: &str = include_str!("scaffold/service.md");
const SITE: [(&str, &str); 6] = [
    ("carepages.yaml", include_str!("scaffold/carepages.yaml")),
    ("content/_index.md", include_str!("scaffold/index.md")),
    (
        "content/accessibility.md",
        include_str!("scaffold/accessibility.md"),
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
];

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
    let name = name.trim();
    let id = service_id(name);
    if id.is_empty() {
        return Err(Error::Usage(format!(
            "`{name}` has no letters or digits to make a web address from: give the service's name, such as \"District nursing\""
        )));
    }
    if !root.join("carepages.yaml").is_file() {
        return Err(Error::Usage(
            "there is no carepages.yaml here: run `carepages new` in the site's folder, or start a site with `carepages init DIR`".to_owned(),
        ));
    }
    let relative = PathBuf::from("content/services").join(format!("{id}.md"));
    let path = root.join(&relative);
    if path.exists() {
        return Err(Error::Usage(format!(
            "`{}` already exists: nothing was changed. Edit it, or choose another name",
            relative.display()
        )));
    }
    let title = name.replace('"', "'");
    let title = if title.contains(": ") || title.starts_with(['[', '{', '&', '*', '!', '\'', '#']) {
        format!("\"{title}\"")
    } else {
        title
    };
    fsio::create_dir_all(path.parent().unwrap_or(root))?;
    fsio::write_new(
        &path,
        SERVICE
            .replace("{id}", &id)
            .replace("{title}", &title)
            .as_bytes(),
    )?;
    Ok(relative)
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
            .replace("{next_review}", &next_review.iso());
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
}
