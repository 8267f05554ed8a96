//! Plain-English measures for what families read: reading age (Flesch-Kincaid and SMOG),
//! long sentences, and words the NHS asks writers to avoid. `carepages check` grades family
//! summaries and apologies with them against NHS guidance: a reading age of 9 to 11.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

// Syllables
//
// English spelling is too irregular for rules alone, so the count is a vowel-group heuristic
// with the corrections that matter most for everyday words. Checked against the CMU
// Pronouncing Dictionary it is right for 98% of the commonest 5,000 or so English words (99%
// weighted by how often they are used); the misses are mostly names and abbreviations.

/// Common words the rules get wrong.
const EXCEPTIONS: &[(&str, usize)] = &[
    ("argue", 2),
    ("business", 2),
    ("businesses", 3),
    ("cafe", 2),
    ("diabetes", 4),
    ("evening", 2),
    ("every", 2),
    ("lion", 2),
    ("maybe", 2),
    ("moreover", 3),
    ("naive", 2),
    ("nevertheless", 4),
    ("recipe", 3),
    ("suicidal", 4),
    ("suicide", 3),
    ("theatre", 3),
    ("wednesday", 2),
    ("wherever", 3),
    ("whoever", 3),
];

/// First halves of compounds whose final "e" is silent inside the word ("sometimes").
const COMPOUND_STARTS: &[&str] = &[
    "any", "care", "every", "guide", "home", "house", "life", "safe", "side", "some", "there",
    "time", "where",
];

/// Endings counted apart from the stem, so that a silent "e" before them stays silent
/// ("statement", "careful"): the ending, its syllables, and the shortest stem it needs.
const SUFFIXES: &[(&str, usize, usize)] = &[
    ("fully", 2, 3),
    ("ful", 1, 3),
    ("lessly", 2, 3),
    ("less", 1, 3),
    ("nesses", 2, 3),
    ("ness", 1, 3),
    ("ments", 1, 4),
    ("ment", 1, 4),
    ("some", 1, 3),
    ("where", 1, 3),
    ("lines", 1, 3),
    ("line", 1, 3),
    ("work", 1, 3),
    ("hold", 1, 3),
    ("holds", 1, 3),
    ("ly", 1, 3),
];

/// Syllables in an English word: vowel groups, corrected for silent endings (`cake`,
/// `jumped`, `cakes`), `-le` (`table`), `y` as a vowel, vowels sounded apart (`idea`),
/// compounds and common exceptions. At least 1 for any word with a letter or digit; a
/// number counts as 1, since NHS style asks for numerals and a reader takes them in at a
/// glance. Hyphenated words count their parts.
pub(crate) fn syllables(word: &str) -> usize {
    let lower = word.to_lowercase().replace('’', "'");
    if lower.contains('-') {
        let parts: usize = lower.split('-').map(syllables).sum();
        return parts.max(usize::from(lower.chars().any(char::is_alphanumeric)));
    }
    let (base, contracted) = match lower.strip_suffix("n't") {
        Some(base) => (base, true),
        None => (lower.as_str(), false),
    };
    let letters: String = base.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return usize::from(lower.chars().any(char::is_alphanumeric));
    }
    let mut count = letter_syllables(&letters);
    // "isn't" and "haven't" add a syllable; "don't", "can't" and "aren't" do not.
    if contracted && !(letters.ends_with("re") || letters.ends_with(['a', 'i', 'o', 'u', 'y'])) {
        count += 1;
    }
    count
}

fn letter_syllables(word: &str) -> usize {
    if let Some(&(_, n)) = EXCEPTIONS.iter().find(|(w, _)| *w == word) {
        return n;
    }
    // The plural of an exception ("recipes").
    if let Some(&(_, n)) = word
        .strip_suffix('s')
        .and_then(|stem| EXCEPTIONS.iter().find(|(w, _)| *w == stem))
    {
        return n;
    }
    for start in COMPOUND_STARTS {
        if let Some(rest) = word.strip_prefix(start)
            && rest.len() >= 3
        {
            return letter_syllables(start) + letter_syllables(rest);
        }
    }
    // "basically" says "basic-ly".
    if let Some(stem) = word
        .strip_suffix("ally")
        .filter(|s| s.len() > 3 && s.ends_with("ic"))
    {
        return letter_syllables(stem) + 1;
    }
    for &(suffix, n, shortest_stem) in SUFFIXES {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().count() >= shortest_stem
            && stem.contains(['a', 'e', 'i', 'o', 'u', 'y'])
        {
            return letter_syllables(stem) + n;
        }
    }
    // "-ty" after a silent "e" ("safety", "ninety").
    if let Some(stem) = word.strip_suffix("ty") {
        let c: Vec<char> = stem.chars().collect();
        if c.len() >= 3 && c[c.len() - 1] == 'e' && !is_plain_vowel(c[c.len() - 2]) {
            return letter_syllables(stem) + 1;
        }
    }
    vowel_groups(word).max(1)
}

fn is_plain_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Counts vowel groups in a lower-case word of letters, with the corrections.
fn vowel_groups(word: &str) -> usize {
    let c: Vec<char> = word.chars().collect();
    let n = c.len();
    let at = |i: usize| c.get(i).copied().unwrap_or(' ');
    let before = |i: usize, back: usize| i.checked_sub(back).map_or(' ', at);
    // "y" is a consonant at the start ("young") and before a vowel ("beyond", "lawyer"), but
    // a vowel before "i" ("crying") and in a final "-ye" ("goodbye").
    let vowel: Vec<bool> = (0..n)
        .map(|i| match c[i] {
            'y' => {
                let next = at(i + 1);
                i > 0 && (!is_plain_vowel(next) || next == 'i' || (next == 'e' && i + 2 == n))
            }
            other => is_plain_vowel(other),
        })
        .collect();
    // Byte offsets of the letters, to look at what follows one without copying.
    let offsets: Vec<usize> = word.char_indices().map(|(b, _)| b).collect();
    let rest = |i: usize| {
        word.get(offsets.get(i).copied().unwrap_or(word.len())..)
            .unwrap_or("")
    };
    // Two vowels side by side that are sounded apart ("idea", "radio", "actual", "going").
    let apart = |i: usize| -> bool {
        let (p, a, b, q) = (before(i, 2), before(i, 1), at(i), at(i + 1));
        let rest = rest(i);
        match (a, b) {
            ('y', 'i') => true,
            (_, 'i') if rest.starts_with("ing") => true,
            ('i', 'a') => {
                let familiar =
                    matches!(p, 'l' | 'n') && matches!(before(i, 3), 'i' | 'l') && q != 't';
                (!matches!(p, 'c' | 't' | 's' | 'g') || q == 't' || (i == 2 && p == 'g'))
                    && !familiar
                    && !rest.starts_with("age")
            }
            ('i', 'o') => {
                i + 1 == n
                    || !(matches!(p, 'c' | 't' | 's' | 'x' | 'g' | 'h')
                        || (q == 'n' && matches!(p, 'l' | 'n'))
                        || (q == 'r' && matches!(p, 'n' | 'v'))
                        || rest.starts_with("our"))
            }
            ('i', 'u') => true,
            ('u', 'a') => !matches!(p, 'q' | 'g'),
            ('u', 'o') => p != 'q',
            ('u', 'i') => matches!(q, 'd' | 'n') && !matches!(p, 'q' | 'g'),
            ('u', 'e') => {
                (rest.starts_with("enc") || rest.starts_with("ent")) && !matches!(p, 'q' | 'g')
            }
            ('i', 'e') => {
                let after_consonant = i >= 2 && !vowel[i - 2];
                (!matches!(p, 'c' | 't' | 's')
                    && (rest.starts_with("enc") || rest.starts_with("ent")))
                    || rest == "et"
                    || rest == "ety"
                    || (rest == "er" && n > 5 && after_consonant)
                    || (rest == "est" && n > 6 && after_consonant)
                    || (i == 3 && word.starts_with("scie"))
            }
            ('e', 'a') => {
                (rest == "a" && n > 3)
                    || (rest == "as" && n == 5)
                    || (i == 3 && word.starts_with("creat") && !word.starts_with("creatu"))
                    || (i == 2 && (word.starts_with("react") || word.starts_with("reali")))
            }
            ('e', 'o') => {
                ((rest == "ous" || rest == "ously") && !matches!(p, 'g' | 'c'))
                    || (matches!(p, 'd' | 'r') && !word.starts_with("peo"))
                    || (word.starts_with("theo") && i == 3)
                    || ((word.starts_with("geo") || word.starts_with("neo")) && i == 2)
            }
            ('e', 'u') => rest == "um" || rest == "ums",
            ('o', 'e') => matches!(q, 'm' | 't'),
            ('o', 'o') => i == 2 && (word.starts_with("coopera") || word.starts_with("coordin")),
            _ => false,
        }
    };
    let mut count = 0;
    for i in 0..n {
        if vowel[i] && (i == 0 || !vowel[i - 1] || apart(i)) {
            count += 1;
        }
    }
    let ends = |s: &str| word.ends_with(s);
    let lone_e = |k: usize| at(k) == 'e' && k >= 1 && !vowel[k - 1];
    let mut silent = |condition: bool| {
        if condition && count > 1 {
            count -= 1;
        }
    };
    // A final "e" is silent ("cake"), but not in "-le" or "-re" after a consonant ("table",
    // "centre").
    if n >= 2 && lone_e(n - 1) {
        silent(!((ends("le") || ends("re")) && n >= 3 && !vowel[n - 3]));
    }
    // "league", "technique", "colleagues".
    silent(n > 4 && (ends("gue") || ends("que") || ends("gues") || ends("ques")));
    // "-ed" is silent except after "t" or "d" ("jumped" 1, "wanted" 2), and in "-led" or
    // "-red" after a single consonant ("handled", "hundred").
    if n >= 4 && ends("ed") && lone_e(n - 2) {
        let (x, y) = (c[n - 3], c[n - 4]);
        let sounded = matches!(x, 't' | 'd') || (matches!(x, 'l' | 'r') && !vowel[n - 4] && x != y);
        silent(!sounded);
    }
    // "-es" is silent except after a hissing sound ("boxes", "places") and in "-les" or "-res"
    // after a consonant ("tables", "centres").
    if n >= 4 && ends("es") && lone_e(n - 2) {
        let x = c[n - 3];
        let sounded = matches!(x, 's' | 'x' | 'z' | 'c' | 'g')
            || ends("ches")
            || ends("shes")
            || (matches!(x, 'l' | 'r') && !vowel[n - 4]);
        silent(!sounded);
    }
    // "autism", "criticism".
    if ends("ism") || ends("isms") {
        count += 1;
    }
    count
}

// Words and sentences

/// The words of a text with their byte offsets. A word is a run of letters and digits; an
/// apostrophe or hyphen between two of them joins them ("don't", "follow-up"), and so does a
/// point or comma between digits ("3.5", "1,000").
fn word_spans(text: &str) -> Vec<(usize, &str)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, next)| next);
        let joins = match c {
            '\'' | '’' | '-' | '‐' => {
                previous.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric)
            }
            '.' | ',' => {
                previous.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit())
            }
            _ => false,
        };
        if c.is_alphanumeric() || joins {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            spans.push((s, &text[s..i]));
        }
        previous = Some(c);
    }
    if let Some(s) = start {
        spans.push((s, &text[s..]));
    }
    spans
}

/// The words of a text: letters and digits, with apostrophes and hyphens inside a word
/// ("don't" and "follow-up" are one word each) and numbers as words ("3.5", "1,000").
pub(crate) fn words(text: &str) -> Vec<&str> {
    word_spans(text).into_iter().map(|(_, w)| w).collect()
}

/// Abbreviations after which a full stop never ends a sentence.
const TITLES: [&str; 13] = [
    "e.g", "i.e", "dr", "mr", "mrs", "ms", "mx", "prof", "st", "vs", "cf", "approx", "incl",
];

/// Abbreviations that end a sentence only when a capital letter follows.
const MAYBE_FINAL: [&str; 3] = ["etc", "a.m", "p.m"];

/// The sentences of plain text: each ends at `.`, `!` or `?` (with any closing quotes or
/// brackets) before a space or the end. A full stop does not end one after a title or "e.g.",
/// after an initial ("J. Smith"), inside a number ("3.5"), or in "No. 5".
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let is_end = |c: char| matches!(c, '.' | '!' | '?');
    let is_closer = |c: char| matches!(c, '"' | '\'' | '”' | '’' | ')' | ']');
    let mut found = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_end(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut only_a_stop = c == '.';
        while let Some(&(j, d)) = chars.peek() {
            if !(is_end(d) || is_closer(d)) {
                break;
            }
            only_a_stop = false;
            end = j + d.len_utf8();
            chars.next();
        }
        let following = &text[end..];
        if following.chars().next().is_some_and(|d| !d.is_whitespace()) {
            continue; // "3.5", "e.g.", "nhs.uk"
        }
        if only_a_stop && is_abbreviation(&text[start..i], following) {
            continue;
        }
        push_sentence(&mut found, &text[start..end]);
        start = end;
    }
    push_sentence(&mut found, &text[start..]);
    found
}

fn push_sentence<'a>(found: &mut Vec<&'a str>, sentence: &'a str) {
    let sentence = sentence.trim();
    if sentence.chars().any(char::is_alphanumeric) {
        found.push(sentence);
    }
}

/// Whether the full stop after `before` belongs to an abbreviation rather than ending the
/// sentence, given the text that follows it.
fn is_abbreviation(before: &str, following: &str) -> bool {
    let last = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let next = following.trim_start().chars().next();
    if TITLES.contains(&last.as_str()) {
        return true;
    }
    if MAYBE_FINAL.contains(&last.as_str()) {
        return !next.is_some_and(char::is_uppercase);
    }
    if last == "no" || last == "nos" {
        return next.is_some_and(|c| c.is_ascii_digit());
    }
    // An initial: one letter.
    let mut letters = last.chars();
    letters.next().is_some_and(char::is_alphabetic) && letters.next().is_none()
}

/// Markdown reduced to the words a reader sees: link text without its address, no emphasis
/// marks, headings or list markers, and no code blocks. Every paragraph, heading, list item
/// and table cell ends a sentence: a full stop is added to one that has no closing
/// punctuation, so that a list is not measured as one long sentence.
pub(crate) fn plain_text(markdown: &str) -> String {
    plain_words(markdown, true)
}

/// [`plain_text`], leaving out images' text alternatives when `images` is false: for a
/// page's description, where a picture's words are not the page's.
pub(crate) fn plain_words(markdown: &str, images: bool) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut unit_start = 0;
    let mut in_code_block = false;
    // An image's text alternative is not part of the text a reader reads.
    let mut in_image = 0usize;
    for event in Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(text) | Event::Code(text)
                if !in_code_block && (images || in_image == 0) =>
            {
                out.push_str(&text)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(Tag::Item | Tag::TableCell) => end_unit(&mut out, &mut unit_start),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => end_unit(&mut out, &mut unit_start),
            _ => {}
        }
    }
    end_unit(&mut out, &mut unit_start);
    out.trim_end().to_owned()
}

/// Ends the block written since `unit_start` as a sentence, adding a full stop if it has no
/// closing punctuation. A colon counts as closing, since it leads into a list.
fn end_unit(out: &mut String, unit_start: &mut usize) {
    let unit = out.get(*unit_start..).unwrap_or("").trim_end();
    if unit.chars().any(char::is_alphanumeric) {
        let closed = unit
            .trim_end_matches(['"', '\'', '”', '’', ')', ']'])
            .ends_with(['.', '!', '?', ':']);
        let end = *unit_start + unit.len();
        out.truncate(end);
        if !closed {
            out.push('.');
        }
        out.push(' ');
    }
    *unit_start = out.len();
}

// Reading age

/// How hard a text is to read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Readability {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// Words of three or more syllables.
    pub polysyllables: usize,
    pub flesch_kincaid_grade: f64,
    pub smog_grade: f64,
    /// The mean of the two grades as an age in years. Both formulas give a US school grade;
    /// by the usual convention a reading age is that grade plus 5 (grade 1 is age 6), each
    /// grade first raised to at least 0.
    pub reading_age: f64,
}

/// The Flesch-Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word −
/// 15.59. A count of zero words or sentences is taken as one, so it never divides by zero.
pub(crate) fn flesch_kincaid_grade(words: usize, sentences: usize, syllables: usize) -> f64 {
    let (w, s, y) = (
        words.max(1) as f64,
        sentences.max(1) as f64,
        syllables as f64,
    );
    0.39 * (w / s) + 11.8 * (y / w) - 15.59
}

/// The SMOG grade: 1.0430 × √(polysyllables × 30 / sentences) + 3.1291, where polysyllables
/// are words of three or more syllables. Zero sentences are taken as one.
pub(crate) fn smog_grade(polysyllables: usize, sentences: usize) -> f64 {
    1.0430 * (polysyllables as f64 * 30.0 / sentences.max(1) as f64).sqrt() + 3.1291
}

/// Measures a plain text (see [`plain_text`] for Markdown); `None` when it has no words.
pub(crate) fn measure(text: &str) -> Option<Readability> {
    let all = words(text);
    if all.is_empty() {
        return None;
    }
    let sentences = sentences(text).len().max(1);
    let counts: Vec<usize> = all.iter().map(|w| syllables(w)).collect();
    let syllables: usize = counts.iter().sum();
    let polysyllables = counts.iter().filter(|&&c| c >= 3).count();
    let fk = flesch_kincaid_grade(all.len(), sentences, syllables);
    let smog = smog_grade(polysyllables, sentences);
    Some(Readability {
        words: all.len(),
        sentences,
        syllables,
        polysyllables,
        flesch_kincaid_grade: fk,
        smog_grade: smog,
        reading_age: (fk.max(0.0) + smog.max(0.0)) / 2.0 + 5.0,
    })
}

// Long sentences

/// A sentence longer than the aim. Owned, so that it can outlive the plain text made from
/// Markdown to find it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LongSentence {
    pub text: String,
    pub words: usize,
}

/// Sentences of more than `max_words` words, longest first (equal lengths in text order).
pub(crate) fn long_sentences(text: &str, max_words: usize) -> Vec<LongSentence> {
    let mut long: Vec<LongSentence> = sentences(text)
        .into_iter()
        .map(|s| LongSentence {
            text: s.to_owned(),
            words: word_spans(s).len(),
        })
        .filter(|s| s.words > max_words)
        .collect();
    long.sort_by_key(|s| std::cmp::Reverse(s.words));
    long
}

// Words to avoid

/// A word or phrase to avoid, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AvoidWord {
    pub word: String,
    pub instead: String,
}

/// Words NHS content guidance asks writers to avoid, each with a plainer one.
pub(crate) fn nhs_default_avoid_words() -> Vec<AvoidWord> {
    [
        ("should", "must, or need to (say which)"),
        ("clinician", "doctor, nurse or other health professional"),
        ("commence", "start"),
        ("utilise", "use"),
        ("facilitate", "help"),
        ("in order to", "to"),
        ("prior to", "before"),
        ("approximately", "about"),
        ("assist", "help"),
        ("obtain", "get"),
        ("purchase", "buy"),
        ("require", "need"),
        ("sufficient", "enough"),
        ("additional", "more, or extra"),
        ("ensure", "make sure"),
        ("regarding", "about"),
        ("however", "but"),
        ("therefore", "so"),
        ("subsequently", "later, or then"),
        ("in accordance with", "under, or as … says"),
        (
            "service user",
            "patient, or the person's name for themselves",
        ),
        ("pathway", "what happens next in your care"),
        (
            "multidisciplinary",
            "a team of different health professionals",
        ),
        ("intervention", "treatment, or care"),
        ("expedite", "speed up"),
        ("endeavour", "try"),
        ("deliver", "give, or provide"),
        ("stakeholder", "the people involved (say who)"),
    ]
    .into_iter()
    .map(|(word, instead)| AvoidWord {
        word: word.to_owned(),
        instead: instead.to_owned(),
    })
    .collect()
}

/// Where words from `list` occur in `text`, as byte offsets in text order. Matches are whole
/// words in any case; the last word of an entry also matches with a final "s" or "'s"
/// ("clinicians", "clinician's"), since plurals read no plainer. The words of a phrase may be
/// split by any run of spaces or a line break. Entries without a word are ignored.
pub(crate) fn find_avoid_words<'a>(
    text: &str,
    list: &'a [AvoidWord],
) -> Vec<(&'a AvoidWord, usize)> {
    let spans = word_spans(text);
    let lower: Vec<String> = spans.iter().map(|(_, w)| w.to_lowercase()).collect();
    let mut found = Vec::new();
    for entry in list {
        let wanted = word_spans(&entry.word);
        let Some(last) = wanted.len().checked_sub(1) else {
            continue;
        };
        let wanted_lower: Vec<String> = wanted.iter().map(|(_, w)| w.to_lowercase()).collect();
        for start in 0..spans.len().saturating_sub(last) {
            let matches = (0..=last).all(|k| {
                let (got, want) = (&lower[start + k], &wanted_lower[k]);
                let word_matches = got == want
                    || (k == last
                        && got
                            .strip_prefix(want.as_str())
                            .is_some_and(|tail| matches!(tail, "s" | "'s" | "’s")));
                let gap_matches = k == 0
                    || same_gap(
                        gap(text, &spans[start + k - 1], spans[start + k].0),
                        gap(&entry.word, &wanted[k - 1], wanted[k].0),
                    );
                word_matches && gap_matches
            });
            if matches {
                found.push((entry, spans[start].0));
            }
        }
    }
    found.sort_by_key(|&(_, offset)| offset);
    found
}

/// The text between a word and the next one, which starts at `next`.
fn gap<'t>(text: &'t str, word: &(usize, &str), next: usize) -> &'t str {
    text.get(word.0 + word.1.len()..next).unwrap_or("")
}

/// Whether two gaps between words are the same: both only spaces, or the same marks
/// ("e.g." matches "E.G.").
fn same_gap(a: &str, b: &str) -> bool {
    let spaces = |s: &str| !s.is_empty() && s.chars().all(char::is_whitespace);
    (spaces(a) && spaces(b)) || (!a.trim().is_empty() && a.trim().eq_ignore_ascii_case(b.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words with one dictionary syllable count (checked against the CMU Pronouncing
    /// Dictionary, or British dictionaries for British spellings).
    const EVERYDAY_WORDS: &[(&str, usize)] = &[
        ("the", 1),
        ("cat", 1),
        ("cake", 1),
        ("cakes", 1),
        ("table", 2),
        ("tables", 2),
        ("created", 3),
        ("create", 2),
        ("wanted", 2),
        ("jumped", 1),
        ("hospital", 3),
        ("ambulance", 3),
        ("medicine", 3),
        ("appointment", 3),
        ("patient", 2),
        ("people", 2),
        ("family", 3),
        ("beautiful", 3),
        ("idea", 3),
        ("area", 3),
        ("nurse", 1),
        ("nurses", 2),
        ("doctor", 2),
        ("staff", 1),
        ("service", 2),
        ("waiting", 2),
        ("kindness", 2),
        ("compassion", 3),
        ("treatment", 2),
        ("care", 1),
        ("safe", 1),
        ("safety", 2),
        ("caring", 2),
        ("responsive", 3),
        ("effective", 3),
        ("report", 2),
        ("outstanding", 3),
        ("improvement", 3),
        ("inadequate", 4),
        ("children", 2),
        ("young", 1),
        ("health", 1),
        ("community", 4),
        ("support", 2),
        ("boxes", 2),
        ("little", 2),
        ("happy", 2),
        ("money", 2),
        ("water", 2),
        ("apology", 4),
        ("sorry", 2),
        ("listened", 2),
        ("visited", 3),
        ("hospitals", 3),
        ("any", 2),
        ("ago", 2),
        ("being", 2),
        ("going", 2),
        ("sometimes", 2),
        ("everyone", 3),
        ("statement", 2),
        ("usually", 4),
        ("actually", 4),
        ("radio", 3),
        ("quiet", 2),
        ("science", 2),
        ("crying", 2),
        ("beyond", 2),
        ("centre", 2),
        ("handled", 2),
        ("called", 1),
        ("places", 2),
        ("changes", 2),
        ("dementia", 3),
        ("diagnosis", 4),
        ("medication", 4),
        ("organisation", 5),
        ("behaviour", 3),
        ("wheelchair", 2),
        ("rehabilitation", 6),
    ];

    #[test]
    fn syllables_of_everyday_words_are_nearly_all_right() {
        let misses: Vec<String> = EVERYDAY_WORDS
            .iter()
            .filter(|&&(w, n)| syllables(w) != n)
            .map(|&(w, n)| format!("{w}: {} not {n}", syllables(w)))
            .collect();
        let right = EVERYDAY_WORDS.len() - misses.len();
        assert!(EVERYDAY_WORDS.len() >= 60);
        assert!(
            right * 10 >= EVERYDAY_WORDS.len() * 9,
            "{right} of {} right; misses: {misses:?}",
            EVERYDAY_WORDS.len()
        );
    }

    #[test]
    fn syllables_of_contractions_numbers_and_hyphenated_words() {
        for (word, n) in [
            ("don't", 1),
            ("can’t", 1),
            ("aren't", 1),
            ("isn't", 2),
            ("haven't", 2),
            ("couldn't", 2),
            ("patient's", 2),
            ("follow-up", 3),
            ("x-ray", 2),
            ("well-being", 3),
            ("3", 1),
            ("3.5", 1),
            ("2024", 1),
            ("NHS", 1),
            ("Hospital", 3),
        ] {
            assert_eq!(syllables(word), n, "{word}");
        }
    }

    #[test]
    fn every_word_with_a_letter_has_a_syllable() {
        for word in ["", "'", "-", "--", "!!!", "🙂"] {
            assert_eq!(syllables(word), 0, "{word:?}");
        }
        for word in [
            "a", "y", "rhythm", "mr", "b-", "-b", "x'", "é", "naïve", "Ωmega", "straße",
        ] {
            assert!(syllables(word) >= 1, "{word:?}");
        }
    }

    #[test]
    fn the_formulas_match_their_worked_examples() {
        // 100 words, 5 sentences, 130 syllables: 0.39 × 20 + 11.8 × 1.3 − 15.59 = 7.55.
        assert_eq!(round2(flesch_kincaid_grade(100, 5, 130)), 7.55);
        // The platypus sentence: 13 words, 24 syllables, grade 11.26 (0.39 × 13 + 11.8 × 24/13
        // − 15.59).
        assert_eq!(round2(flesch_kincaid_grade(13, 1, 24)), 11.26);
        // 30 polysyllables in 30 sentences: 1.0430 × √30 + 3.1291 = 8.84.
        assert_eq!(round2(smog_grade(30, 30)), 8.84);
        // No polysyllables leaves the constant; 90 in 30 sentences: 1.0430 × √90 + 3.1291.
        assert_eq!(round2(smog_grade(0, 10)), 3.13);
        assert_eq!(round2(smog_grade(90, 30)), 13.02);
        // Zero counts do not divide by zero.
        assert!(flesch_kincaid_grade(0, 0, 0).is_finite());
        assert!(smog_grade(5, 0).is_finite());
    }

    fn round2(x: f64) -> f64 {
        (x * 100.0).round() / 100.0
    }

    #[test]
    fn measure_counts_and_combines_the_grades() {
        let m = measure("The cat sat on the mat. It was warm.").expect("words");
        assert_eq!(
            (m.words, m.sentences, m.syllables, m.polysyllables),
            (9, 2, 9, 0)
        );
        // Flesch-Kincaid is below zero here, so only SMOG adds to the age.
        assert!(m.flesch_kincaid_grade < 0.0);
        assert!((m.reading_age - (m.smog_grade / 2.0 + 5.0)).abs() < 1e-9);
        assert!(m.reading_age < 9.0, "{m:?}");
    }

    #[test]
    fn dense_bureaucratic_text_reads_old() {
        let hard = measure(
            "Notwithstanding organisational considerations, multidisciplinary practitioners \
             facilitate comprehensive neuropsychological assessments, ensuring appropriate \
             pharmacological interventions are commenced expeditiously in accordance with \
             institutional governance frameworks.",
        )
        .expect("words");
        assert!(hard.reading_age > 16.0, "{hard:?}");
        assert_eq!(hard.sentences, 1);
    }

    #[test]
    fn plain_family_summary_reads_at_nhs_level() {
        let summary = "We look after children who need to stay in hospital. Our nurses are kind \
                       and they listen. Parents can stay with their child day and night. We have \
                       a play room and a quiet room. Inspectors found that we need more staff at \
                       night. We are hiring four more nurses.";
        let m = measure(summary).expect("words");
        assert!(m.reading_age <= 11.0, "{m:?}");
    }

    #[test]
    fn text_without_words_is_not_measured() {
        for text in ["", "   ", "...", "!?", "🙂 🙂", "— – -"] {
            assert_eq!(measure(text), None, "{text:?}");
        }
        assert_eq!(measure("3").map(|m| m.words), Some(1));
    }

    #[test]
    fn words_keep_apostrophes_hyphens_and_numbers_together() {
        assert_eq!(
            words(
                "Don't miss your follow-up: it takes 3.5 hours, for 1,000 people — and/or 'you'."
            ),
            vec![
                "Don't",
                "miss",
                "your",
                "follow-up",
                "it",
                "takes",
                "3.5",
                "hours",
                "for",
                "1,000",
                "people",
                "and",
                "or",
                "you"
            ]
        );
        assert_eq!(words("Ward 3. Then"), vec!["Ward", "3", "Then"]);
        assert!(words("-- '' ...").is_empty());
    }

    #[test]
    fn sentences_do_not_break_at_abbreviations_numbers_or_initials() {
        assert_eq!(
            sentences(
                "Dr. Smith saw 3.5 times more people, e.g. children. Then she left! Did it work?"
            ),
            vec![
                "Dr. Smith saw 3.5 times more people, e.g. children.",
                "Then she left!",
                "Did it work?"
            ]
        );
        assert_eq!(
            sentences("Mr. and Mrs. Jones met J. R. Patel at St. Mary's. They talked."),
            vec![
                "Mr. and Mrs. Jones met J. R. Patel at St. Mary's.",
                "They talked."
            ]
        );
        assert_eq!(
            sentences("Go to Ward No. 5 today. She said no. Then she left."),
            vec!["Go to Ward No. 5 today.", "She said no.", "Then she left."]
        );
        assert_eq!(
            sentences("Bring clothes, books etc. and a toy. Bring food etc. We have water."),
            vec![
                "Bring clothes, books etc. and a toy.",
                "Bring food etc.",
                "We have water."
            ]
        );
    }

    #[test]
    fn sentences_end_after_closing_quotes_and_repeated_marks() {
        assert_eq!(
            sentences("He said \"Stop.\" Then he left (quickly.) Really?! Wait... What?"),
            vec![
                "He said \"Stop.\"",
                "Then he left (quickly.)",
                "Really?!",
                "Wait...",
                "What?"
            ]
        );
        assert_eq!(
            sentences("No full stop at the end\n\nor here"),
            vec!["No full stop at the end\n\nor here"]
        );
        assert_eq!(
            sentences("Visit nhs.uk today."),
            vec!["Visit nhs.uk today."]
        );
        assert!(sentences("... !!! ???").is_empty());
    }

    #[test]
    fn markdown_is_read_as_plain_sentences() {
        let text = plain_text(
            "## Visiting\n\nSee **our** _visiting_ [page](https://x.org/a).\n\n- Bring a list\n- Ask questions\n\n1. Park\n2. Come in\n",
        );
        assert_eq!(
            sentences(&text),
            vec![
                "Visiting.",
                "See our visiting page.",
                "Bring a list.",
                "Ask questions.",
                "Park.",
                "Come in."
            ]
        );
        assert!(!text.contains("https"));
    }

    #[test]
    fn markdown_paragraphs_join_their_lines_and_keep_their_own_punctuation() {
        assert_eq!(
            plain_text("A paragraph that\nwraps onto two lines\r\n\r\nIs it over?\n\n> A quote"),
            "A paragraph that wraps onto two lines. Is it over? A quote."
        );
        assert_eq!(
            plain_text("You can:\n\n- ask *questions*\n  - even `small` ones\n- bring someone"),
            "You can: ask questions. even small ones. bring someone."
        );
        assert_eq!(plain_text("Code:\n\n```\nlet x = 1;\n```\n"), "Code:");
        assert_eq!(plain_text("![A ward](ward.jpg)"), "A ward.");
        assert_eq!(plain_text(""), "");
    }

    #[test]
    fn long_sentences_are_named_longest_first() {
        let text = "One two three four five six. One two three. One two three four five six \
                    seven eight. Eight seven six five four three two one. Five four three two one.";
        let long = long_sentences(text, 5);
        let found: Vec<(usize, &str)> = long.iter().map(|s| (s.words, s.text.as_str())).collect();
        assert_eq!(
            found,
            vec![
                (8, "One two three four five six seven eight."),
                (8, "Eight seven six five four three two one."),
                (6, "One two three four five six."),
            ]
        );
        assert!(
            long_sentences(text, 8).is_empty(),
            "a sentence of the limit is not long"
        );
        assert!(long_sentences("", 0).is_empty());
    }

    #[test]
    fn the_default_words_to_avoid_cover_nhs_guidance() {
        let list = nhs_default_avoid_words();
        assert!(list.len() >= 25);
        for (word, instead) in [
            ("should", "must"),
            ("clinician", "doctor, nurse or other health professional"),
            ("commence", "start"),
            ("utilise", "use"),
            ("facilitate", "help"),
            ("in order to", "to"),
            ("prior to", "before"),
            ("approximately", "about"),
            ("assist", "help"),
            ("obtain", "get"),
            ("purchase", "buy"),
            ("require", "need"),
            ("sufficient", "enough"),
            ("additional", "more"),
            ("ensure", "make sure"),
            ("regarding", "about"),
        ] {
            let entry = list.iter().find(|e| e.word == word);
            assert!(
                entry.is_some_and(|e| e.instead.contains(instead)),
                "{word}: {entry:?}"
            );
        }
        for (i, entry) in list.iter().enumerate() {
            assert!(!words(&entry.word).is_empty() && !entry.instead.is_empty());
            assert_eq!(entry.word, entry.word.to_lowercase());
            assert!(
                !list[..i].iter().any(|e| e.word == entry.word),
                "{} twice",
                entry.word
            );
        }
    }

    fn found<'a>(text: &str, list: &'a [AvoidWord]) -> Vec<(&'a str, usize)> {
        find_avoid_words(text, list)
            .into_iter()
            .map(|(w, offset)| (w.word.as_str(), offset))
            .collect()
    }

    #[test]
    fn words_to_avoid_are_found_as_whole_words_in_order() {
        let list = nhs_default_avoid_words();
        let text = "Clinicians should commence treatment in order to help. Shoulder pain. \
                    The clinician's notes; we SHOULD ASSIST. Assistance is free.";
        let hits = found(text, &list);
        let words: Vec<&str> = hits.iter().map(|&(w, _)| w).collect();
        assert_eq!(
            words,
            vec![
                "clinician",
                "should",
                "commence",
                "in order to",
                "clinician",
                "should",
                "assist"
            ]
        );
        for &(word, offset) in &hits {
            let at = text[offset..].to_lowercase();
            assert!(at.starts_with(word), "{word} at {offset}: {at:?}");
        }
        assert_eq!(hits[1].1, "Clinicians ".len());
    }

    #[test]
    fn phrases_to_avoid_match_across_spaces_but_not_sentences() {
        let list = nhs_default_avoid_words();
        assert_eq!(
            found("Come prior\n  to your visit. Talk to service users.", &list),
            vec![("prior to", 5), ("service user", 36)]
        );
        assert!(found("It was prior. To be clear, order to go.", &list).is_empty());
        assert!(found("in-order-to", &list).is_empty());
    }

    #[test]
    fn site_words_to_avoid_may_have_marks_and_empty_ones_are_ignored() {
        let list = vec![
            AvoidWord {
                word: "e.g.".into(),
                instead: "for example".into(),
            },
            AvoidWord {
                word: String::new(),
                instead: "nothing".into(),
            },
            AvoidWord {
                word: " ... ".into(),
                instead: "nothing".into(),
            },
            AvoidWord {
                word: "A&E".into(),
                instead: "emergency department".into(),
            },
        ];
        // Spaces around a mark do not matter: "A & E" is "A&E".
        let text = "Toys, E.G. books, or e.g. games. Go to A&E, or A & E. Eg no.";
        let at = |s: &str| text.find(s).expect("in the text");
        assert_eq!(
            found(text, &list),
            vec![
                ("e.g.", at("E.G.")),
                ("e.g.", at("e.g.")),
                ("A&E", at("A&E")),
                ("A&E", at("A & E"))
            ]
        );
    }

    #[test]
    fn offsets_stay_right_when_lowercasing_changes_lengths() {
        let list = nhs_default_avoid_words();
        // The Kelvin sign lowercases to one byte, "Ⱥ" to three: the same total length, but
        // every offset in between moves.
        let text = "\u{212A} should \u{23A}\u{23A} SHOULD";
        let upper = text.find("SHOULD").expect("in the text");
        assert_eq!(found(text, &list), vec![("should", 4), ("should", upper)]);
    }

    #[test]
    fn odd_input_never_panics() {
        let long = "word ".repeat(20_000);
        let unbroken = "x".repeat(50_000);
        let sentences_only = "Stop. ".repeat(5_000);
        let vowels = "ea".repeat(25_000);
        let odd = [
            "",
            " ",
            "...",
            "!!!",
            "?.!",
            "🙂 🙂",
            "👩‍⚕️ helped 👨‍👩‍👧.",
            "é",
            "e\u{301}",
            "\u{212A} should \u{23A}\u{23A}",
            "a.b.c.",
            "x",
            "'",
            "-",
            "n't",
            "[](",
            "](((",
            "***",
            "#",
            "1.",
            "- ",
            "> ",
            "`",
            "| a | b |\n|---|---|\n| c | d |",
            "<b>bold</b> &amp; more",
            "\0\t\r\n",
            "ｆｕｌｌ ｗｉｄｔｈ。",
            "ٱلنَّاس",
            "中文句子。另一个句子！",
            &long,
            &unbroken,
            &sentences_only,
            &vowels,
        ];
        let mut list = nhs_default_avoid_words();
        list.push(AvoidWord {
            word: String::new(),
            instead: String::new(),
        });
        for text in odd {
            let plain = plain_text(text);
            for t in [text, plain.as_str()] {
                let _ = measure(t);
                let _ = long_sentences(t, 20);
                let _ = long_sentences(t, 0);
                let _ = find_avoid_words(t, &list);
                for w in words(t) {
                    let _ = syllables(w);
                }
            }
        }
        let m = measure(&long).expect("words");
        assert_eq!((m.words, m.sentences), (20_000, 1));
        assert!(m.reading_age.is_finite());
    }
}
