//! Embeds the default theme in the binary, so a site without its own `themes/default/` (and
//! `carepages init`) still has one. The repository's `themes/default/` stays the only copy.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let theme = Path::new("themes/default");
    println!("cargo::rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect(theme, theme, &mut files);
    files.sort();
    let mut code =
        String::from("/// The default theme's files: path below the theme folder, and contents.\n");
    code.push_str("pub(crate) static DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for relative in files {
        let absolute = std::fs::canonicalize(theme.join(&relative)).expect("theme file");
        writeln!(
            code,
            "    ({relative:?}, include_bytes!({:?})),",
            absolute.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("default_theme.rs");
    std::fs::write(out, code).expect("write default_theme.rs");
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read theme folder") {
        let path = entry.expect("theme entry").path();
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let relative = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push(relative);
        }
    }
}
