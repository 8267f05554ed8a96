//! The rules a quotation keeps so that it cannot be twisted: whole words of the source, in
//! order; an ellipsis (`…` or `...`) never leaves out a word that would reverse or weaken the
//! meaning, and crosses a sentence end only where whole sentences are left out; a quotation
//! that begins or ends inside a sentence drops no such word either; and it is long enough to
//! carry its own meaning. Texts are compared in [`crate::sources::normalise`]d form.

/// Words an ellipsis may never leave out, nor a quotation cut off at its start or end within
/// a sentence, by what leaving them out would do. `carepages.yaml` can add more
/// (`quotations: { keep_words: [...] }`). Numbers count too ("waited … hours" from "waited
/// 14 hours"). The list errs on the side of refusing: a writer can always quote more.
pub(crate) const KEEP_WORDS: [(&str, &[&str]); 4] = [
    // Without them the sentence says the opposite: "were … kept safe" from "were not kept
    // safe". Words ending in "n't" (wasn't, didn't) count too, with any apostrophe.
    (
        "a negation",
        &[
            "not", "no", "never", "nor", "neither", "none", "nothing", "nobody", "nowhere",
            "without", "cannot", "unable", "failed", "fail", "fails", "lack", "lacked", "lacking",
            "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "cant", "couldnt",
            "wont", "wouldnt", "shouldnt", "hasnt", "havent", "hadnt",
        ],
    ),
    // They turn or limit what came before: "the ward was clean … staff were kind" from "the
    // ward was clean but understaffed, although staff were kind".
    (
        "a contrast",
        &[
            "but",
            "however",
            "although",
            "though",
            "except",
            "yet",
            "despite",
            "instead",
            "while",
            "whereas",
            "nevertheless",
            "nonetheless",
        ],
    ),
    // They say how much or how often: "waited … to be seen" from "waited too long to be
    // seen"; "staff were trained" from "Not all staff were trained"; "… four hours" from
    // "more than four hours".
    (
        "a word of degree, quantity or frequency",
        &[
            "too",
            "only",
            "always",
            "sometimes",
            "often",
            "rarely",
            "seldom",
            "all",
            "some",
            "few",
            "fewer",
            "most",
            "many",
            "every",
            "almost",
            "nearly",
            "partly",
            "mostly",
            "hardly",
            "barely",
            "scarcely",
            "more",
            "less",
            "least",
            "over",
            "under",
            "than",
            "half",
            "just",
            "quite",
            "fully",
            "entirely",
        ],
    ),
    // They make a statement a condition, a duty or a promise: "We … see every patient" from
    // "We will see every patient if we can recruit"; "The provider … ensure" from "The
    // provider should ensure".
    (
        "a condition or promise",
        &[
            "if", "unless", "should", "would", "could", "may", "might", "will", "must", "shall",
            "provided",
        ],
    ),
];

/// The fewest words a quotation may have in all, and each part of it between ellipses. Four
/// words make the shortest claim that says who did what ("staff were not kind"); a part of
/// one word between ellipses ("e … a", "… good …") says whatever the page around it wants.
pub(crate) const MIN_WORDS: usize = 4;
pub(crate) const MIN_WORDS_PER_PART: usize = 2;

/// Why a quotation is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Nothing but spaces, punctuation or ellipses.
    NoWords,
    /// Fewer than [`MIN_WORDS`] words in all.
    TooShort { words: usize },
    /// A part between ellipses of fewer than [`MIN_WORDS_PER_PART`] words.
    PartTooShort { part: String },
    /// A part is not in the source as whole words, in order: how far it matched.
    NotFound(crate::sources::Mismatch),
    /// A part is not in the source from byte `from` on: what [`Refusal::explained`] turns
    /// into [`Refusal::NotFound`], which takes a search to say how far it matched, needed
    /// only when no passage has the quotation.
    Missing { part: String, from: usize },
    /// A word that must stay was left out: by an ellipsis (`after`/`before` the quoted words
    /// either side), or cut off at the quotation's start or end.
    LeftOut {
        word: String,
        kind: &'static str,
        after: Option<String>,
        before: Option<String>,
    },
    /// An ellipsis joins part of one sentence to part of another.
    CrossesSentence { after: String, before: String },
    /// The words are in a passage about other services.
    OtherService { services: Vec<String> },
    /// The words are in the source only as part of longer words: `part` inside `words`.
    PartOfWord { part: String, words: String },
}

impl Refusal {
    /// The refusal with a missing part explained against `source`, the text it was checked
    /// against: how far the part matched, and what the source has there.
    pub(crate) fn explained(self, source: &str) -> Refusal {
        match self {
            Refusal::Missing { part, from } => {
                Refusal::NotFound(crate::sources::mismatch(&source[from..], &part))
            }
            other => other,
        }
    }

    /// How sure we are that this is what the writer did wrong: a rule broken by words found
    /// in the source beats words not found, and more words found beats fewer.
    pub(crate) fn rank(&self) -> usize {
        match self {
            Refusal::NotFound(m) => m.matched.len(),
            Refusal::Missing { .. } => 0,
            Refusal::PartOfWord { part, .. } => part.len(),
            _ => usize::MAX,
        }
    }
}

/// The words `text` may not leave out, with their kinds.
pub(crate) struct Keep<'a> {
    extra: &'a [String],
}

impl<'a> Keep<'a> {
    pub(crate) fn new(extra: &'a [String]) -> Self {
        Keep { extra }
    }

    /// The first word of `text` that must stay, and why.
    fn first_in(&self, text: &str) -> Option<(String, &'static str)> {
        text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
            // Quote marks around a word ('not always') are not part of it.
            .map(|w| w.trim_matches('\''))
            .filter(|w| !w.is_empty())
            .find_map(|word| {
                if word.chars().any(|c| c.is_ascii_digit()) {
                    return Some((word.to_owned(), "a number"));
                }
                let word = word.to_lowercase();
                if word.ends_with("n't") {
                    return Some((word, "a negation"));
                }
                KEEP_WORDS
                    .iter()
                    .find(|(_, words)| words.contains(&word.as_str()))
                    .map(|(kind, _)| *kind)
                    .or_else(|| {
                        self.extra
                            .iter()
                            .any(|w| w.to_lowercase() == word)
                            .then_some("a word carepages.yaml says to keep")
                    })
                    .map(|kind| (word, kind))
            })
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\''
}

/// Marks that may open a word: a quotation may start just after them.
fn opens(c: char) -> bool {
    matches!(c, '"' | '\'' | '(' | '[')
}

/// Marks that may close a word: a quotation may stop just before them.
fn closes(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '.' | ',' | ';' | ':' | '!' | '?'
    )
}

fn word_count(text: &str) -> usize {
    text.split(' ')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Short forms whose full stop ends no sentence.
const ABBREVIATIONS: [&str; 16] = [
    "dr", "mr", "mrs", "ms", "prof", "st", "e.g", "i.e", "etc", "no", "vs", "approx", "dept",
    "cllr", "rev", "nr",
];

/// Whether a sentence ends at byte `at` of `source`, a space (or the end): the text before
/// ends with `.`, `!` or `?` (perhaps inside closing quote marks or brackets) that does not
/// end a short form such as "Dr." or "e.g.", and the text after begins with a capital
/// letter or a digit.
fn sentence_break(source: &str, at: usize) -> bool {
    let before = source[..at]
        .trim_end()
        .trim_end_matches(['"', '\'', ')', ']']);
    if !before.ends_with(['.', '!', '?']) {
        return false;
    }
    let last = before
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .trim_start_matches(['"', '\'', '(', '['])
        .trim_end_matches('.')
        .to_lowercase();
    if before.ends_with('.') && ABBREVIATIONS.contains(&last.as_str()) {
        return false;
    }
    let after = source[at..]
        .trim_start()
        .trim_start_matches(['"', '\'', '(', '[']);
    after
        .chars()
        .next()
        .is_none_or(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Where the sentence holding byte `at` of `source` starts.
fn sentence_start(source: &str, at: usize) -> usize {
    source[..at]
        .char_indices()
        .rev()
        .find(|&(i, c)| c == ' ' && sentence_break(source, i))
        .map_or(0, |(i, _)| i + 1)
}

/// Where the sentence holding byte `at` of `source` ends (after its full stop).
fn sentence_end(source: &str, at: usize) -> usize {
    source[at..]
        .char_indices()
        .find(|&(i, c)| c == ' ' && sentence_break(source, at + i))
        .map_or(source.len(), |(i, _)| at + i)
}

/// The places `part` stands in `source` as whole words, from byte `from` on: nothing but
/// opening marks between the space before it and its start, and nothing but closing marks
/// between its end and the space after it. So "500" does not stand in "3,500", nor
/// "compliant" in "non-compliant", nor "kind" in "unkind".
fn occurrences<'s>(
    source: &'s str,
    part: &'s str,
    from: usize,
) -> impl Iterator<Item = usize> + 's {
    let starts_word = part.chars().next().is_some_and(|c| !opens(c));
    let ends_word = part.chars().next_back().is_some_and(|c| !closes(c));
    source[from..]
        .match_indices(part)
        .map(move |(i, _)| from + i)
        .filter(move |&at| {
            let end = at + part.len();
            let lead = &source[source[..at].rfind(' ').map_or(0, |i| i + 1)..at];
            let trail = &source[end..source[end..].find(' ').map_or(source.len(), |i| end + i)];
            (!starts_word || lead.chars().all(opens)) && (!ends_word || trail.chars().all(closes))
        })
}

/// The parts of `quote` (normalised) between its ellipses, or why it is too short to quote
/// whatever its source: the rules that need no source.
pub(crate) fn parts(quote: &str) -> Result<Vec<&str>, Refusal> {
    let parts: Vec<&str> = quote
        .split("...")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let words: usize = parts.iter().map(|p| word_count(p)).sum();
    if words == 0 {
        return Err(Refusal::NoWords);
    }
    if words < MIN_WORDS {
        return Err(Refusal::TooShort { words });
    }
    if parts.len() > 1
        && let Some(part) = parts.iter().find(|p| word_count(p) < MIN_WORDS_PER_PART)
    {
        return Err(Refusal::PartTooShort {
            part: (*part).to_owned(),
        });
    }
    Ok(parts)
}

/// Finds the `parts` of a quotation (from [`parts`]) in `source` by the rules.
pub(crate) fn find(source: &str, parts: &[&str], keep: &Keep) -> Result<(), Refusal> {
    let mut first_refusal = None;
    match place(source, parts, 0, None, keep, &mut first_refusal) {
        true => Ok(()),
        false => Err(first_refusal.unwrap_or(Refusal::NoWords)),
    }
}

/// Places `parts` in `source` from byte `from`, each after the one before (which ended at
/// `previous`), trying each place a part stands until every rule holds. Records the first
/// refusal met, to explain a failure.
fn place(
    source: &str,
    parts: &[&str],
    from: usize,
    previous: Option<(usize, &str)>,
    keep: &Keep,
    refusal: &mut Option<Refusal>,
) -> bool {
    let Some((part, rest)) = parts.split_first() else {
        // After the last part: the rest of its sentence is cut off.
        let Some((end, last)) = previous else {
            return true;
        };
        let cut = &source[end..sentence_end(source, end)];
        return match keep.first_in(cut) {
            Some((word, kind)) => {
                refusal.get_or_insert(Refusal::LeftOut {
                    word,
                    kind,
                    after: Some(last.to_owned()),
                    before: None,
                });
                false
            }
            None => true,
        };
    };
    let mut found = false;
    for at in occurrences(source, part, from) {
        found = true;
        let gap_ok = match previous {
            None => {
                // Before the first part: the start of its sentence is cut off.
                let cut = &source[sentence_start(source, at)..at];
                match keep.first_in(cut) {
                    Some((word, kind)) => {
                        refusal.get_or_insert(Refusal::LeftOut {
                            word,
                            kind,
                            after: None,
                            before: Some((*part).to_owned()),
                        });
                        false
                    }
                    None => true,
                }
            }
            Some((end, last)) => gap_allowed(source, end, at, last, part, keep, refusal),
        };
        if gap_ok
            && place(
                source,
                rest,
                at + part.len(),
                Some((at + part.len(), part)),
                keep,
                refusal,
            )
        {
            return true;
        }
    }
    if !found && refusal.is_none() {
        *refusal = Some(match source[from..].find(part) {
            // There, but inside longer words: show them whole.
            Some(i) => {
                let (at, end) = (from + i, from + i + part.len());
                let start = source[..at]
                    .rfind(|c: char| !is_word_char(c))
                    .map_or(0, |j| j + 1);
                let stop = source[end..]
                    .find(|c: char| !is_word_char(c))
                    .map_or(source.len(), |j| end + j);
                Refusal::PartOfWord {
                    part: (*part).to_owned(),
                    words: source[start..stop].to_owned(),
                }
            }
            None => Refusal::Missing {
                part: (*part).to_owned(),
                from,
            },
        });
    }
    false
}

/// Whether an ellipsis may leave out `source[end..at]`, between the parts `last` and `next`.
fn gap_allowed(
    source: &str,
    end: usize,
    at: usize,
    last: &str,
    next: &str,
    keep: &Keep,
    refusal: &mut Option<Refusal>,
) -> bool {
    let gap = source[end..at].trim();
    let crosses = sentence_break(source, end)
        || sentence_break(source, at)
        || (end..at).any(|i| source.as_bytes()[i] == b' ' && sentence_break(source, i));
    if crosses {
        // Only whole sentences: the part before ends one, and the part after begins one.
        if sentence_break(source, end) && (gap.is_empty() || sentence_break(source, at)) {
            return true;
        }
        refusal.get_or_insert(Refusal::CrossesSentence {
            after: last.to_owned(),
            before: next.to_owned(),
        });
        return false;
    }
    match keep.first_in(gap) {
        Some((word, kind)) => {
            refusal.get_or_insert(Refusal::LeftOut {
                word,
                kind,
                after: Some(last.to_owned()),
                before: Some(next.to_owned()),
            });
            false
        }
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::normalise;

    /// Checks `quote` against `source`, both normalised, as `Sources::verify` does.
    fn check(source: &str, quote: &str, keep: &Keep) -> Result<(), Refusal> {
        find(source, &parts(quote)?, keep)
    }

    const WARD: &str = "Patients on the ward were not kept safe. The ward was inadequate. Staff were kind to patients but the ward was unsafe and the ward was dirty.";
    const FOUND: &str = "Inspectors found no evidence of good practice. Patients waited too long to be seen. The service has not always been as quick as it should.";
    const PROMISE: &str = "We have now renewed our recruitment efforts. We have re-deployed existing staff from other areas. By the end of January, we will have sufficient capacity across the team.";
    const MIXED: &str = "Not all staff were trained. Managers told us that staff were unkind to patients at times. The team was well led, although it was often short of nurses.";
    const NUMBERS: &str = "In 2019, 3,500 patients waited more than four hours to be seen. The trust spent £1.5 million on agency staff last year. Some patients waited more than four hours in the waiting room. Patients waited 14 hours in the queue at night.";
    const HYGIENE: &str = "Staff were non-compliant with hand hygiene rules.";
    const QUOTED: &str =
        "Managers said staff were 'not always' able to check on patients every hour.";
    const COLON: &str = "Managers could not show us evidence of the following: staff had been trained in safeguarding and patients had a care plan.";
    const DOCTOR: &str = "Patients were seen by Dr. Okafor but not by Dr. Patel within four hours. Some patients, e.g. those with dementia, waited more than four hours.";
    const PROMISED: &str = "We will see every patient within four hours if we can recruit more nurses. The provider should ensure that staff are trained in safeguarding.";
    const HIDDEN: &str = "Patients were no\u{ad}t kept safe at night. The night staff didn\u{2bc}t check on them at night.";
    const STAFFED: &str = "The review found the ward was inadequately staffed at night.";
    const GOOD: &str = "Staff treated patients with compassion and kindness. They respected patients' privacy and dignity. Managers supported staff to develop their skills. The service planned care to meet the needs of local people.";

    /// What a case expects: accepted, or refused for this kind of reason.
    #[derive(Debug, PartialEq)]
    enum Expect {
        Accepted,
        NoWords,
        TooShort,
        PartTooShort,
        NotFound,
        PartOfWord,
        LeftOut(&'static str),
        CrossesSentence,
    }
    use Expect::*;

    fn kind(result: Result<(), Refusal>) -> Expect {
        match result {
            Ok(()) => Accepted,
            Err(Refusal::NoWords) => NoWords,
            Err(Refusal::TooShort { .. }) => TooShort,
            Err(Refusal::PartTooShort { .. }) => PartTooShort,
            Err(Refusal::NotFound(_) | Refusal::Missing { .. }) => NotFound,
            Err(Refusal::PartOfWord { .. }) => PartOfWord,
            Err(Refusal::LeftOut { word, .. }) => LeftOut(Box::leak(word.into_boxed_str())),
            Err(Refusal::CrossesSentence { .. }) => CrossesSentence,
            Err(Refusal::OtherService { .. }) => unreachable!("not decided here"),
        }
    }

    #[test]
    fn quotations_are_accepted_or_refused_for_the_right_reason() {
        // (source, quotation, expected, why)
        let cases: &[(&str, &str, Expect, &str)] = &[
            // Fair quotations that must pass.
            (
                GOOD,
                "Staff treated patients with compassion and kindness.",
                Accepted,
                "a whole sentence",
            ),
            (
                GOOD,
                "“Staff treated patients with compassion and kindness.”",
                Accepted,
                "curly quote marks around it",
            ),
            (
                GOOD,
                "Staff treated patients\n  with compassion and kindness.",
                Accepted,
                "line breaks fold to spaces",
            ),
            (
                GOOD,
                "Staff treated patients with compassion and kindness. … The service planned care to meet the needs of local people.",
                Accepted,
                "whole sentences left out between two whole sentences",
            ),
            (
                GOOD,
                "Staff treated patients with compassion and kindness. ... Managers supported staff to develop their skills.",
                Accepted,
                "three dots as the ellipsis",
            ),
            (
                GOOD,
                "Staff treated patients … and kindness.",
                Accepted,
                "an ellipsis over words with no negation, contrast or degree",
            ),
            (
                GOOD,
                "They respected patients' privacy and dignity.",
                Accepted,
                "an apostrophe inside a word",
            ),
            (
                GOOD,
                "treated patients with compassion and kindness",
                Accepted,
                "the start of a sentence cut off, nothing in it that matters",
            ),
            (
                GOOD,
                "Managers supported staff to develop",
                Accepted,
                "the end of a sentence cut off, nothing in it that matters",
            ),
            (
                WARD,
                "Patients on the ward were not kept safe.",
                Accepted,
                "a negative sentence quoted whole",
            ),
            (
                WARD,
                "The ward was inadequate.",
                Accepted,
                "four words, one sentence",
            ),
            (
                PROMISE,
                "By the end of January, we will have sufficient capacity across the team.",
                Accepted,
                "a promise quoted as a promise",
            ),
            (
                PROMISE,
                "We have now renewed our recruitment efforts. … By the end of January, we will have sufficient capacity across the team.",
                Accepted,
                "a whole sentence left out",
            ),
            (
                MIXED,
                "The team was well led, although it was often short of nurses.",
                Accepted,
                "a contrast quoted with what it contrasts",
            ),
            (
                FOUND,
                "Patients waited too long to be seen.",
                Accepted,
                "a degree word kept",
            ),
            // Parts cut inside words.
            (
                STAFFED,
                "adequately staffed at night.",
                PartOfWord,
                "\"adequately\" is inside \"inadequately\"",
            ),
            (
                MIXED,
                "kind to patients at times.",
                PartOfWord,
                "\"kind\" is inside \"unkind\"",
            ),
            (
                WARD,
                "safe and the ward was",
                PartOfWord,
                "\"safe\" is inside \"unsafe\"",
            ),
            (
                GOOD,
                "Staff treated patients with compassion and kind",
                PartOfWord,
                "ends inside \"kindness\"",
            ),
            (
                GOOD,
                "reated patients with compassion",
                PartOfWord,
                "starts inside \"treated\"",
            ),
            // An ellipsis over the word that carries the meaning.
            (
                WARD,
                "Patients on the ward were … kept safe.",
                LeftOut("not"),
                "drops a negation",
            ),
            (
                FOUND,
                "Inspectors found … evidence of good practice.",
                LeftOut("no"),
                "drops \"no\"",
            ),
            (
                FOUND,
                "Patients waited … to be seen.",
                LeftOut("too"),
                "drops a degree word",
            ),
            (
                FOUND,
                "The service has … been as quick as it should.",
                LeftOut("not"),
                "drops \"not\" (and \"always\")",
            ),
            (
                WARD,
                "Staff were kind to patients … the ward was dirty.",
                LeftOut("but"),
                "drops a contrast",
            ),
            (
                MIXED,
                "The team was well led, … it was often short of nurses.",
                LeftOut("although"),
                "drops \"although\"",
            ),
            // Across a sentence end, only whole sentences.
            (
                PROMISE,
                "We have now … sufficient capacity across the team",
                CrossesSentence,
                "turns a promise into a fact",
            ),
            (
                GOOD,
                "Staff treated patients with … privacy and dignity.",
                CrossesSentence,
                "joins two half sentences",
            ),
            (
                GOOD,
                "Staff treated patients with compassion and kindness. … privacy and dignity.",
                CrossesSentence,
                "the second part starts mid-sentence",
            ),
            (
                GOOD,
                "Staff treated patients with compassion … They respected patients' privacy and dignity.",
                CrossesSentence,
                "the first part stops mid-sentence",
            ),
            // Cut off without an ellipsis.
            (MIXED, "staff were trained.", TooShort, "three words"),
            (
                MIXED,
                "all staff were trained.",
                LeftOut("not"),
                "a leading \"Not\" dropped",
            ),
            (
                MIXED,
                "staff were trained. Managers told us",
                LeftOut("not"),
                "a leading \"Not all\" dropped",
            ),
            (
                MIXED,
                "The team was well led,",
                LeftOut("although"),
                "the contrast after it dropped",
            ),
            (
                FOUND,
                "The service has not always been as quick",
                LeftOut("should"),
                "a duty cut off at the end (\"as it should\")",
            ),
            (
                FOUND,
                "Inspectors found no evidence of good practice.",
                Accepted,
                "a whole sentence with its negation",
            ),
            // Numbers, hyphens, quote marks, colons and short forms do not hide a cut.
            (
                NUMBERS,
                "500 patients waited more than four hours",
                PartOfWord,
                "starts inside \"3,500\"",
            ),
            (
                NUMBERS,
                "5 million on agency staff last year.",
                PartOfWord,
                "starts inside \"£1.5\"",
            ),
            (
                NUMBERS,
                "Patients waited … hours in the queue at night.",
                LeftOut("14"),
                "a number left out",
            ),
            (
                NUMBERS,
                "Some patients waited … four hours in the waiting room.",
                LeftOut("more"),
                "\"more than\" left out",
            ),
            (
                HYGIENE,
                "compliant with hand hygiene rules.",
                PartOfWord,
                "starts inside \"non-compliant\"",
            ),
            (
                HYGIENE,
                "Staff were … compliant with hand hygiene rules.",
                PartOfWord,
                "\"non-\" left out",
            ),
            (
                QUOTED,
                "Managers said staff were … able to check on patients every hour.",
                LeftOut("not"),
                "'not always' in single quote marks",
            ),
            (
                COLON,
                "staff had been trained in safeguarding and patients had a care plan.",
                LeftOut("could"),
                "a colon does not end the sentence",
            ),
            (
                DOCTOR,
                "Patients were seen by Dr. … Patel within four hours.",
                LeftOut("but"),
                "\"Dr.\" does not end a sentence",
            ),
            (
                DOCTOR,
                "those with dementia, waited more than four hours.",
                LeftOut("some"),
                "\"e.g.\" does not end a sentence",
            ),
            (
                PROMISED,
                "We will see every patient within four hours",
                LeftOut("if"),
                "a condition cut off at the end",
            ),
            (
                PROMISED,
                "The provider … ensure that staff are trained in safeguarding.",
                LeftOut("should"),
                "a duty left out",
            ),
            (
                HIDDEN,
                "Patients were … kept safe at night.",
                LeftOut("not"),
                "a soft hyphen inside \"not\" in the source",
            ),
            (
                HIDDEN,
                "The night staff … check on them at night.",
                LeftOut("didn't"),
                "an unusual apostrophe in \"didnʼt\"",
            ),
            // Too short, or no words.
            (GOOD, "", NoWords, "empty"),
            (GOOD, "…", NoWords, "an ellipsis alone"),
            (GOOD, "...", NoWords, "three dots alone"),
            (GOOD, "'", NoWords, "a quote mark alone"),
            (GOOD, "\"\"", NoWords, "an empty pair of quote marks"),
            (GOOD, "!?", NoWords, "punctuation alone"),
            (GOOD, "e … a", TooShort, "two one-letter parts"),
            (GOOD, "compassion", TooShort, "one word"),
            (
                GOOD,
                "Staff treated patients with … kindness.",
                PartTooShort,
                "one word after the ellipsis",
            ),
            (
                GOOD,
                "Staff … with compassion and kindness.",
                PartTooShort,
                "one word before the ellipsis",
            ),
            // Not in the source.
            (
                GOOD,
                "Staff treated patients with care and kindness.",
                NotFound,
                "a changed word",
            ),
            (
                GOOD,
                "and kindness. Staff treated patients with compassion",
                NotFound,
                "words out of order",
            ),
        ];
        assert!(cases.len() >= 40);
        let keep = Keep::new(&[]);
        let mut wrong = Vec::new();
        for (source, quote, expected, why) in cases {
            let got = kind(check(&normalise(source), &normalise(quote), &keep));
            if &got != expected {
                wrong.push(format!(
                    "{quote:?} ({why}): expected {expected:?}, got {got:?}"
                ));
            }
        }
        assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    }

    #[test]
    fn a_site_can_keep_more_words() {
        let source = normalise("Staff were reportedly trained in time for the changes.");
        let quote = normalise("Staff were … trained in time for the changes.");
        assert_eq!(check(&source, &quote, &Keep::new(&[])), Ok(()));
        let extra = ["Reportedly".to_owned()];
        assert!(matches!(
            check(&source, &quote, &Keep::new(&extra)),
            Err(Refusal::LeftOut { word, .. }) if word == "reportedly"
        ));
    }
}
