//! `carepages schema`: JSON Schemas (draft-07, the version editors' YAML extensions read) of
//! `carepages.yaml`, the seeds and the front matter, made from the very types the loader reads
//! them into, so an editor flags what a build would refuse: an unknown key, a value outside a
//! closed set, a missing field, a date in another shape.
//!
//! Two of the loader's kindnesses are carried over, so an editor never flags what builds: YAML
//! reads `phone: 01234567890` or `title: 111` as a number, but carepages takes any plain value
//! as text where it expects text; and a key with nothing after it (`findings:`) is an empty
//! list or map.

use std::path::{Path, PathBuf};

use schemars::generate::SchemaSettings;
use schemars::transform::{RecursiveTransform, Transform};
use schemars::{JsonSchema, Schema};
use serde_json::Value;

use crate::config::Config;
use crate::error::Result;
use crate::fsio;
use crate::model::page::{HomeFront, PlainFront, ServiceFront};
use crate::model::seeds::{InspectionFile, StatementFile};

/// The folder of a site that `carepages init` writes the schemas into.
pub const FOLDER: &str = "schemas";

/// One schema file: its name, what it describes, and the schema.
pub struct SchemaFile {
    /// The file name (`carepages.schema.json`).
    pub name: &'static str,
    /// The files it describes, for people.
    pub describes: &'static str,
    pub schema: Value,
}

/// Every schema, in a fixed order.
pub fn schemas() -> Vec<SchemaFile> {
    vec![
        make::<Config>(
            "carepages.schema.json",
            "carepages.yaml",
            "carepages.yaml: the site's settings",
        ),
        make::<InspectionFile>(
            "inspection.schema.json",
            "seeds/inspections/*.yaml",
            "A regulator's report, in seeds/inspections/",
        ),
        make::<StatementFile>(
            "statement.schema.json",
            "seeds/statements/*.yaml",
            "A statement the trust published, in seeds/statements/",
        ),
        make::<ServiceFront>(
            "service.schema.json",
            "the front matter of content/services/*.md",
            "The front matter of a service page, content/services/<id>.md",
        ),
        make::<PlainFront>(
            "page.schema.json",
            "the front matter of content/*.md",
            "The front matter of a plain page, such as content/accessibility.md",
        ),
        make::<HomeFront>(
            "home.schema.json",
            "the front matter of content/_index.md",
            "The front matter of the home page, content/_index.md",
        ),
    ]
}

fn make<T: JsonSchema>(name: &'static str, describes: &'static str, title: &str) -> SchemaFile {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    RecursiveTransform(as_the_loader_reads).transform(&mut schema);
    schema.insert("title".to_owned(), title.into());
    SchemaFile {
        name,
        describes,
        schema: schema.to_value(),
    }
}

/// Makes one schema accept what serde_yaml gives the loader (see the module's comment); drops
/// what only adds noise in an editor: the number formats draft-07 does not define (`uint16`,
/// `double`), defaults that say "none" (`null`, `[]`, a block of defaults), and the line
/// breaks of wrapped doc comments.
fn as_the_loader_reads(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if object
        .get("format")
        .and_then(Value::as_str)
        .is_some_and(|f| {
            f.starts_with("int") || f.starts_with("uint") || matches!(f, "float" | "double")
        })
    {
        object.remove("format");
    }
    if object
        .get("default")
        .is_some_and(|d| d.is_null() || d.is_object() || d.as_array().is_some_and(Vec::is_empty))
    {
        object.remove("default");
    }
    if let Some(Value::String(description)) = object.get_mut("description") {
        *description = unwrap_lines(description);
    }
    let types: Vec<&str> = match object.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => return,
    };
    let has = |t: &str| types.contains(&t);
    let shaped = ["enum", "const", "pattern", "format"]
        .iter()
        .any(|k| object.contains_key(*k));
    // Text: any plain value is read as the text it is written as.
    let text = has("string") && !shaped;
    // A list, a map, or a block whose fields may all be left out: nothing after the key is
    // an empty one.
    let all_optional = object
        .get("required")
        .and_then(Value::as_array)
        .is_none_or(|r| r.is_empty());
    let empty = has("array") || (has("object") && all_optional);
    let mut types: Vec<&str> = [
        "string", "integer", "number", "boolean", "array", "object", "null",
    ]
    .into_iter()
    .filter(|t| has(t) || (text && matches!(*t, "number" | "boolean")) || (empty && *t == "null"))
    .collect();
    // `number` takes in `integer`.
    if types.contains(&"number") {
        types.retain(|t| *t != "integer");
    }
    let value = match types.as_slice() {
        [one] => Value::from(*one),
        _ => Value::from(types),
    };
    object.insert("type".to_owned(), value);
}

/// A doc comment's paragraphs, each on one line.
fn unwrap_lines(text: &str) -> String {
    text.split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The schema a site file is checked against, by its path below the site's folder
/// (`content/services/x.md`), and whether it is YAML front matter rather than a YAML file.
pub fn for_file(relative: &Path) -> Option<(&'static str, bool)> {
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let name = *parts.last()?;
    match parts.as_slice() {
        ["carepages.yaml"] => Some(("carepages.schema.json", false)),
        ["seeds", "inspections", ..] if name.ends_with(".yaml") => {
            Some(("inspection.schema.json", false))
        }
        ["seeds", "statements", ..] if name.ends_with(".yaml") => {
            Some(("statement.schema.json", false))
        }
        ["content", "_index.md"] => Some(("home.schema.json", true)),
        ["content", "services", ..] if name.ends_with(".md") => Some(("service.schema.json", true)),
        ["content", ..] if name.ends_with(".md") => Some(("page.schema.json", true)),
        _ => None,
    }
}

/// Writes every schema into `dir`, creating it. With `replace`, files of the same names are
/// replaced (each in one step); without, an existing file is an error and nothing is replaced.
/// Returns the files written.
pub fn write(dir: &Path, replace: bool) -> Result<Vec<PathBuf>> {
    fsio::create_dir_all(dir)?;
    let mut written = Vec::new();
    for file in schemas() {
        let path = dir.join(file.name);
        let mut text = serde_json::to_string_pretty(&file.schema).map_err(|e| {
            crate::Error::Usage(format!(
                "the schema {} could not be written: {e}",
                file.name
            ))
        })?;
        text.push('\n');
        if replace {
            fsio::stage(&path, text.as_bytes())?.put()?;
        } else {
            fsio::write_new(&path, text.as_bytes())?;
        }
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(name: &str) -> Value {
        schemas()
            .into_iter()
            .find(|s| s.name == name)
            .map(|s| s.schema)
            .unwrap()
    }

    #[test]
    fn every_schema_is_draft_07_and_refuses_unknown_keys() {
        for file in schemas() {
            assert_eq!(
                file.schema["$schema"], "http://json-schema.org/draft-07/schema#",
                "{}",
                file.name
            );
            assert_eq!(file.schema["additionalProperties"], false, "{}", file.name);
        }
    }

    #[test]
    fn closed_sets_are_enums_and_dates_have_their_shape() {
        let inspection = schema("inspection.schema.json");
        let rating = &inspection["definitions"]["Rating"];
        assert_eq!(rating["enum"].as_array().unwrap().len(), 14);
        assert_eq!(rating["type"], "string");
        assert_eq!(
            inspection["definitions"]["Date"]["pattern"],
            crate::model::date::DATE_PATTERN
        );
        let service = schema("service.schema.json");
        assert_eq!(
            service["definitions"]["FindingKind"]["enum"],
            serde_json::json!(["strength", "concern"])
        );
        assert_eq!(
            service["definitions"]["Status"]["enum"],
            serde_json::json!(["not-started", "in-progress", "done"])
        );
        assert_eq!(service["required"], serde_json::json!(["title", "summary"]));
    }

    #[test]
    fn files_are_matched_to_their_schemas() {
        let of = |p: &str| for_file(Path::new(p)).map(|(name, _)| name);
        assert_eq!(of("carepages.yaml"), Some("carepages.schema.json"));
        assert_eq!(
            of("seeds/inspections/a.yaml"),
            Some("inspection.schema.json")
        );
        assert_eq!(of("content/_index.md"), Some("home.schema.json"));
        assert_eq!(of("content/services/a/b.md"), Some("service.schema.json"));
        assert_eq!(of("content/help/_index.md"), Some("page.schema.json"));
        assert_eq!(of("static/a.yaml"), None);
    }
}
