//! Splits a Markdown file into its YAML front matter and body, keeping line numbers so every
//! message points at the right line of the writer's file.

use std::path::Path;

use crate::error::Diagnostic;
use crate::model::page::Source;

/// Splits `text`, read from `file`, shown in messages as `path`.
pub(crate) fn split(path: &Path, file: &Path, text: String) -> Result<Source, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if text[start..first_line_end].trim_end() != "---" {
        return Err(Diagnostic::error(path, "the page has no front matter")
            .at(&text, 1, 1)
            .help("start the file with a line `---`, the page's fields (such as `title: ...`), then another `---`"));
    }
    let front_start = (first_line_end + 1).min(text.len());
    let mut offset = front_start;
    for raw in text[front_start..].split_inclusive('\n') {
        let trimmed = raw.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + raw.len();
            return Ok(Source::new(
                path.to_owned(),
                file.to_owned(),
                text,
                front_start..offset,
                body_start,
            ));
        }
        offset += raw.len();
    }
    Err(Diagnostic::error(path, "the front matter never ends")
        .at(&text, 1, 1)
        .help("add a line `---` after the last field, before the page's text"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::line_col;

    #[test]
    fn front_matter_and_body_keep_their_lines() {
        let a = Path::new("a.md");
        let s = split(a, a, "---\ntitle: A\n---\n# Body\n".into()).unwrap();
        assert_eq!(s.front_matter(), "title: A\n");
        assert_eq!(&s.full_text().unwrap()[s.body_start..], "# Body\n");
        assert_eq!(line_col(&s.text, s.body_start), (4, 1));
        assert_eq!(line_col(&s.text, s.body_start + 2), (4, 3));
    }

    #[test]
    fn a_released_body_is_read_again_and_a_changed_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        let text = "---\ntitle: A\n---\n# Body\n";
        std::fs::write(&file, text).unwrap();
        let mut s = split(Path::new("a.md"), &file, text.into()).unwrap();
        s.release_body();
        assert_eq!(s.text, "---\ntitle: A\n---\n");
        assert_eq!(s.front_matter(), "title: A\n");
        assert_eq!(s.full_text().unwrap(), text);

        std::fs::write(&file, "---\ntitle: B\n---\n# Body\n").unwrap();
        let d = s.full_text().unwrap_err();
        assert_eq!(d.message, "the file changed while the site was being built");
        std::fs::remove_file(&file).unwrap();
        let d = s.full_text().unwrap_err();
        assert!(
            d.message.starts_with("the file could not be read again"),
            "{}",
            d.message
        );
    }

    #[test]
    fn a_file_without_front_matter_says_how_to_add_it() {
        let d = split(Path::new("a.md"), Path::new("a.md"), "# Hello\n".into()).unwrap_err();
        assert_eq!(d.message, "the page has no front matter");
        assert_eq!(d.line, Some(1));
    }
}
