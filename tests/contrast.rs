//! The default theme's colours, read from its CSS, hold WCAG AAA contrast (7:1) for every
//! pair used for text, and 3:1 for icons and other non-text marks (WCAG 1.4.11).

use std::collections::HashMap;

const TEXT: &[(&str, &str, &str)] = &[
    ("body text", "text", "page"),
    ("body text in panels", "text", "panel"),
    ("secondary text", "muted", "page"),
    ("secondary text in panels and the footer", "muted", "panel"),
    ("links", "link", "page"),
    ("links in panels and the footer", "link", "panel"),
    ("visited links", "link-visited", "page"),
    ("visited links in the footer", "link-visited", "panel"),
    ("header text", "on-brand", "brand"),
    ("focused links", "text", "focus"),
    ("Outstanding badge word", "text", "outstanding-bg"),
    ("Good badge word", "text", "good-bg"),
    (
        "Requires improvement badge word",
        "text",
        "requires-improvement-bg",
    ),
    ("Inadequate badge word", "text", "inadequate-bg"),
    ("Not rated and not known badge word", "text", "not-rated-bg"),
    ("Overdue status and review flag", "inadequate", "page"),
    ("Done status", "good", "page"),
];

const NON_TEXT: &[(&str, &str, &str)] = &[
    (
        "Outstanding icon and border",
        "outstanding",
        "outstanding-bg",
    ),
    ("Good icon and border", "good", "good-bg"),
    (
        "Requires improvement icon and border",
        "requires-improvement",
        "requires-improvement-bg",
    ),
    ("Inadequate icon and border", "inadequate", "inadequate-bg"),
    ("Not rated icon and border", "not-rated", "not-rated-bg"),
    ("focus indicator against the page", "focus", "text"),
    ("table and card rules", "rule", "page"),
    ("rating panel edge", "brand", "panel"),
];

fn theme_colours() -> HashMap<String, [f64; 3]> {
    let css = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .expect("read the theme's CSS");
    let mut colours = HashMap::new();
    for line in css.lines() {
        let line = line.trim();
        let Some(rest) = line.strip_prefix("--") else {
            continue;
        };
        let Some((name, value)) = rest.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_end_matches(';').trim();
        if let Some(hex) = value.strip_prefix('#') {
            assert_eq!(hex.len(), 6, "--{name} is written as #rrggbb");
            let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
            colours.insert(name.trim().to_owned(), [channel(0), channel(2), channel(4)]);
        }
    }
    colours
}

/// Relative luminance, as WCAG 2 defines it.
fn luminance([r, g, b]: [f64; 3]) -> f64 {
    let linear = |c: f64| {
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn failures(pairs: &[(&str, &str, &str)], minimum: f64) -> Vec<String> {
    let colours = theme_colours();
    pairs
        .iter()
        .filter_map(|(what, fg, bg)| {
            let fg_colour = colours
                .get(*fg)
                .unwrap_or_else(|| panic!("the theme defines --{fg}"));
            let bg_colour = colours
                .get(*bg)
                .unwrap_or_else(|| panic!("the theme defines --{bg}"));
            let ratio = contrast(*fg_colour, *bg_colour);
            (ratio < minimum)
                .then(|| format!("{what}: --{fg} on --{bg} is {ratio:.2}:1, below {minimum}:1"))
        })
        .collect()
}

#[test]
fn the_contrast_formula_matches_wcag_worked_values() {
    // Black on white is 21:1; #767676 on white is the well-known 4.54:1.
    assert!((contrast([0.0; 3], [1.0; 3]) - 21.0).abs() < 1e-9);
    let grey = 0x76 as f64 / 255.0;
    assert!((contrast([grey; 3], [1.0; 3]) - 4.54).abs() < 0.01);
}

#[test]
fn every_text_colour_pair_meets_aaa() {
    let failed = failures(TEXT, 7.0);
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn every_icon_and_border_meets_the_non_text_minimum() {
    let failed = failures(NON_TEXT, 3.0);
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
