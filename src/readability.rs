//! Plain-English measures for what families read: reading age (Flesch-Kincaid and SMOG),
//! long sentences, and words the NHS asks writers to avoid. Used by `carepages check`.

/// Syllables in an English word, by vowel groups with the usual corrections (silent final
/// `e`, `-le`, `-ed`, `-es`). Right for most everyday words; at least 1 for any word.
pub fn syllables(word: &str) -> usize {
    let word: String = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if word.is_empty() {
        return 0;
    }
    if word.len() <= 3 {
        return 1;
    }
    let is_vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let chars: Vec<char> = word.chars().collect();
    let mut count = 0;
    let mut previous_vowel = false;
    for (i, &c) in chars.iter().enumerate() {
        let vowel = is_vowel(c) && !(c == 'y' && i == 0);
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
    }
    let n = chars.len();
    let ends = |s: &str| word.ends_with(s);
    // A final silent e ("cake"), but not "-le" after a consonant ("table") or "-ee".
    if ends("e") && !ends("ee") && !ends("ye") {
        let le = ends("le") && n > 2 && !is_vowel(chars[n - 3]);
        if !le && count > 1 {
            count -= 1;
        }
    }
    // "-ed" is silent unless after t or d ("jumped" 1, "wanted" 2).
    if ends("ed")
        && n > 3
        && !matches!(chars[n - 3], 't' | 'd')
        && !is_vowel(chars[n - 3])
        && count > 1
    {
        count -= 1;
    }
    // "-es" is silent except after s, x, z, ch, sh, ce, ge ("cakes" 1, "boxes" 2).
    if ends("es") && n > 3 {
        let before = chars[n - 3];
        let sibilant =
            matches!(before, 's' | 'x' | 'z' | 'c' | 'g') || ends("ches") || ends("shes");
        if !sibilant && !is_vowel(before) && count > 1 {
            count -= 1;
        }
    }
    // Vowel pairs that are two syllables ("idea", "area", "patient" stays 2).
    for pair in ["ia", "io", "ea"] {
        if word.ends_with(pair) && n > 3 {
            count += 1;
        }
    }
    count.max(1)
}

/// Markdown reduced to the words a reader sees: link text without its address, no emphasis
/// marks, and every paragraph, heading and list item ending a sentence.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for block in markdown.split("\n\n") {
        let lines: Vec<&str> = block
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let starts_unit = |line: &str| {
            let unmarked = line.trim_start_matches('#').trim_start();
            line.starts_with('#') || strip_list_marker(unmarked).len() != unmarked.len()
        };
        for (i, line) in lines.iter().enumerate() {
            let unmarked = line.trim_start_matches('#').trim_start();
            let mut text = strip_inline(strip_list_marker(unmarked));
            let ends_unit =
                starts_unit(line) || lines.get(i + 1).is_none_or(|next| starts_unit(next));
            if ends_unit && !text.is_empty() && !text.ends_with(['.', '!', '?', ':']) {
                text.push('.');
            }
            out.push_str(&text);
            out.push(' ');
        }
        out.push('\n');
    }
    out.trim().to_owned()
}

fn strip_list_marker(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return rest;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        if let Some(rest) = line[digits..].strip_prefix(". ") {
            return rest;
        }
    }
    line
}

fn strip_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '_' | '`' => {}
            '[' => {}
            ']' => {
                // Drop a link's address: "](...)".
                if chars.peek() == Some(&'(') {
                    for d in chars.by_ref() {
                        if d == ')' {
                            break;
                        }
                    }
                }
            }
            _ => out.push(c),
        }
    }
    out
}

const ABBREVIATIONS: [&str; 10] = [
    "e.g", "i.e", "dr", "mr", "mrs", "ms", "st", "etc", "no", "vs",
];

/// The sentences of plain text, not broken at "e.g.", "Dr.", "3.5" or initials.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = bytes.get(i + 1).copied();
        if next.is_some_and(|b| !b.is_ascii_whitespace()) {
            continue; // "3.5", "e.g."
        }
        let before = &text[start..i];
        let last_word = before
            .rsplit(|ch: char| ch.is_whitespace())
            .next()
            .unwrap_or("")
            .to_lowercase();
        if c == '.'
            && (ABBREVIATIONS.contains(&last_word.as_str())
                || (last_word.chars().count() == 1 && last_word.chars().all(char::is_alphabetic)))
        {
            continue;
        }
        let sentence = text[start..=i].trim();
        if words(sentence).next().is_some() {
            found.push(sentence);
        }
        start = i + 1;
    }
    let rest = text[start..].trim();
    if words(rest).next().is_some() {
        found.push(rest);
    }
    found
}

/// The words of a text: letters, digits, apostrophes and hyphens inside a word.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
        .map(|w| w.trim_matches(|c: char| matches!(c, '\'' | '’' | '-')))
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

/// How hard a text is to read.
#[derive(Debug, Clone, PartialEq)]
pub struct Readability {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// Words of three or more syllables.
    pub polysyllables: usize,
    pub flesch_kincaid_grade: f64,
    pub smog_grade: f64,
    /// The mean of the two grades, as an age: a US school grade plus 5 years.
    pub reading_age: f64,
}

pub fn flesch_kincaid_grade(words: usize, sentences: usize, syllables: usize) -> f64 {
    let (w, s, y) = (words as f64, sentences.max(1) as f64, syllables as f64);
    0.39 * (w / s) + 11.8 * (y / w.max(1.0)) - 15.59
}

pub fn smog_grade(polysyllables: usize, sentences: usize) -> f64 {
    1.0430 * (polysyllables as f64 * 30.0 / sentences.max(1) as f64).sqrt() + 3.1291
}

/// Measures a plain text (see [`plain_text`]); `None` when it has no words.
pub fn measure(text: &str) -> Option<Readability> {
    let sentences = sentences(text);
    let all: Vec<&str> = words(text).collect();
    if all.is_empty() {
        return None;
    }
    let counts: Vec<usize> = all.iter().map(|w| syllables(w)).collect();
    let syllable_total: usize = counts.iter().sum();
    let polysyllables = counts.iter().filter(|c| **c >= 3).count();
    let fk = flesch_kincaid_grade(all.len(), sentences.len(), syllable_total);
    let smog = smog_grade(polysyllables, sentences.len());
    Some(Readability {
        words: all.len(),
        sentences: sentences.len().max(1),
        syllables: syllable_total,
        polysyllables,
        flesch_kincaid_grade: fk,
        smog_grade: smog,
        reading_age: (fk.max(0.0) + smog.max(0.0)) / 2.0 + 5.0,
    })
}

/// A sentence longer than the aim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongSentence {
    pub text: String,
    pub words: usize,
}

/// Sentences of more than `max_words` words, longest first.
pub fn long_sentences(text: &str, max_words: usize) -> Vec<LongSentence> {
    let mut long: Vec<LongSentence> = sentences(text)
        .into_iter()
        .map(|s| LongSentence {
            text: s.to_owned(),
            words: words(s).count(),
        })
        .filter(|s| s.words > max_words)
        .collect();
    long.sort_by_key(|s| std::cmp::Reverse(s.words));
    long
}

/// A word or phrase to avoid, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvoidWord {
    pub word: String,
    pub instead: String,
}

/// Words NHS content guidance asks writers to avoid, with plainer ones.
pub fn nhs_default_avoid_words() -> Vec<AvoidWord> {
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

/// Where words from `list` occur in `text`, in text order: whole words, any case, a single
/// word also matching its plural with a final "s" ("clinicians").
pub fn find_avoid_words<'a>(text: &str, list: &'a [AvoidWord]) -> Vec<(&'a AvoidWord, usize)> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Offsets must stay valid in the original text; such rare text is matched as is.
        return find_in(text, text, list);
    }
    find_in(text, &lower, list)
}

fn find_in<'a>(text: &str, haystack: &str, list: &'a [AvoidWord]) -> Vec<(&'a AvoidWord, usize)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-';
    let mut found = Vec::new();
    for entry in list {
        let needle = entry.word.to_lowercase();
        let mut from = 0;
        while let Some(i) = haystack[from..].find(&needle) {
            let start = from + i;
            let mut end = start + needle.len();
            if !needle.contains(' ') && haystack[end..].starts_with('s') {
                end += 1;
            }
            let before_ok = !text[..start].chars().next_back().is_some_and(is_word);
            let after_ok = !text[end..].chars().next().is_some_and(is_word);
            if before_ok && after_ok {
                found.push((entry, start));
            }
            from = start + needle.len();
        }
    }
    found.sort_by_key(|(_, offset)| *offset);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_of_everyday_words() {
        let list = [
            ("cat", 1),
            ("the", 1),
            ("cake", 1),
            ("table", 2),
            ("created", 3),
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
            ("doctor", 2),
            ("staff", 1),
            ("service", 2),
            ("waiting", 2),
            ("kindness", 2),
            ("compassion", 3),
            ("treatment", 2),
            ("care", 1),
            ("safe", 1),
            ("caring", 2),
            ("responsive", 3),
            ("effective", 3),
            ("inspector", 3),
            ("report", 2),
            ("rating", 2),
            ("outstanding", 3),
            ("improvement", 3),
            ("adequate", 3),
            ("children", 2),
            ("young", 1),
            ("mental", 2),
            ("health", 1),
            ("community", 4),
            ("working", 2),
            ("problems", 2),
            ("support", 2),
            ("team", 1),
            ("boxes", 2),
            ("cakes", 1),
            ("little", 2),
            ("simple", 2),
            ("happy", 2),
            ("money", 2),
            ("yellow", 2),
            ("water", 2),
            ("minute", 2),
            ("apology", 4),
            ("sorry", 2),
            ("listened", 2),
            ("visited", 3),
            ("hospitals", 3),
            ("need", 1),
            ("help", 1),
            ("home", 1),
        ];
        let misses: Vec<String> = list
            .iter()
            .filter(|(w, n)| syllables(w) != *n)
            .map(|(w, n)| format!("{w}: {} not {n}", syllables(w)))
            .collect();
        let right = list.len() - misses.len();
        assert!(
            right * 10 >= list.len() * 9,
            "{right} of {} right; misses: {misses:?}",
            list.len()
        );
    }

    #[test]
    fn the_formulas_match_their_worked_examples() {
        // 100 words, 5 sentences, 130 syllables: 0.39 × 20 + 11.8 × 1.3 − 15.59 = 7.55.
        assert!((flesch_kincaid_grade(100, 5, 130) - 7.55).abs() < 0.005);
        // 30 polysyllables in 30 sentences: 1.0430 × √30 + 3.1291 = 8.84.
        assert!((smog_grade(30, 30) - 8.84).abs() < 0.005);
    }

    #[test]
    fn simple_text_reads_young_and_dense_text_reads_old() {
        let easy = measure("The cat sat on the mat. It was warm.").unwrap();
        assert!(easy.reading_age < 9.0, "{easy:?}");
        let hard = measure(
            "Notwithstanding organisational considerations, multidisciplinary practitioners facilitate comprehensive neuropsychological assessments, ensuring appropriate pharmacological interventions are commenced expeditiously.",
        )
        .unwrap();
        assert!(hard.reading_age > 16.0, "{hard:?}");
    }

    #[test]
    fn sentences_do_not_break_at_abbreviations_or_numbers() {
        let s = sentences(
            "Dr. Smith saw 3.5 times more people, e.g. children. Then she left! Did it work?",
        );
        assert_eq!(
            s,
            vec![
                "Dr. Smith saw 3.5 times more people, e.g. children.",
                "Then she left!",
                "Did it work?"
            ]
        );
    }

    #[test]
    fn markdown_is_read_as_plain_sentences() {
        let text = plain_text(
            "## Visiting\n\nSee **our** [page](https://x.org/a).\n\n- Bring a list\n- Ask questions\n",
        );
        assert_eq!(
            sentences(&text),
            vec![
                "Visiting.",
                "See our page.",
                "Bring a list.",
                "Ask questions."
            ]
        );
    }

    #[test]
    fn long_sentences_are_named_longest_first() {
        let text =
            "One two three four five six. One two three. One two three four five six seven eight.";
        let long = long_sentences(text, 5);
        assert_eq!(long.len(), 2);
        assert_eq!(long[0].words, 8);
    }

    #[test]
    fn words_to_avoid_are_found_as_whole_words_in_order() {
        let list = nhs_default_avoid_words();
        let found = find_avoid_words(
            "Clinicians should commence treatment in order to help. Shoulder pain.",
            &list,
        );
        let words: Vec<&str> = found.iter().map(|(w, _)| w.word.as_str()).collect();
        assert_eq!(
            words,
            vec!["clinician", "should", "commence", "in order to"]
        );
        assert_eq!(found[1].1, "Clinicians ".len());
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "",
            "...",
            "!!!",
            "🙂 🙂",
            "é",
            &"word ".repeat(10_000),
            "a.b.c.",
            "x",
        ] {
            let _ = measure(text);
            let _ = long_sentences(text, 20);
            let _ = find_avoid_words(text, &nhs_default_avoid_words());
            let _ = plain_text(text);
        }
    }
}
