//! The seeds that pages may quote, by id, and the check that a quotation really is in its
//! source: word for word, up to whitespace and the style of quote marks, by the rules in
//! [`crate::quotation`].

use std::collections::{BTreeMap, HashMap};

use crate::model::seeds::{Inspection, Statement};
use crate::quotation::{Keep, Refusal};

/// A seed a page can cite.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Seed<'a> {
    Inspection(&'a Inspection),
    Statement(&'a Statement),
}

impl Seed<'_> {
    pub(crate) fn path(&self) -> &std::path::Path {
        match self {
            Seed::Inspection(i) => &i.path,
            Seed::Statement(s) => &s.path,
        }
    }
}

/// Where a quotation was found.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Found<'a> {
    /// For a report passage read in another publication, that publication.
    pub quoted_in: Option<&'a str>,
}

/// Why a quotation did not check out: the longest part that matched and where it then parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mismatch {
    /// The quotation's words up to where it stops matching (may be empty).
    pub matched: String,
    /// The next words of the quotation.
    pub quote_next: String,
    /// The words the source has at that point, if the matched part was found at all.
    pub source_next: Option<String>,
}

pub(crate) struct Sources<'a> {
    by_id: BTreeMap<&'a str, Seed<'a>>,
    index: &'a SeedIndex,
    /// More words no ellipsis may leave out, from `carepages.yaml`.
    keep_words: &'a [String],
}

/// Each seed's quotable passages, normalised once and indexed by word: a site cites the same
/// few seeds from thousands of pages. Built when the seeds are loaded and kept with them.
#[derive(Debug, Default)]
pub(crate) struct SeedIndex {
    passages: HashMap<String, Passages>,
}

impl SeedIndex {
    pub(crate) fn new(inspections: &[Inspection], statements: &[Statement]) -> Self {
        let mut passages = HashMap::new();
        for i in inspections {
            let texts = i
                .data
                .passages
                .iter()
                .map(|p| PassageText {
                    text: normalise(&p.text),
                    quoted_in: p.quoted_in.clone(),
                    services: p.services.clone(),
                })
                .collect();
            passages.insert(i.id.clone(), Passages::new(texts));
        }
        for s in statements {
            if !passages.contains_key(&s.id) {
                let texts = vec![PassageText {
                    text: normalise(&s.data.text),
                    quoted_in: None,
                    services: Vec::new(),
                }];
                passages.insert(s.id.clone(), Passages::new(texts));
            }
        }
        SeedIndex { passages }
    }
}

/// One quotable passage, normalised.
#[derive(Debug)]
struct PassageText {
    text: String,
    quoted_in: Option<String>,
    services: Vec<String>,
}

#[derive(Debug)]
struct Passages {
    texts: Vec<PassageText>,
    /// Each space-separated token to the passages that have it.
    by_token: HashMap<String, Vec<usize>>,
}

impl Passages {
    fn new(texts: Vec<PassageText>) -> Self {
        let mut by_token: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, passage) in texts.iter().enumerate() {
            for token in passage.text.split(' ') {
                let list = by_token.entry(token.to_owned()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        Passages { texts, by_token }
    }

    /// The passages that can hold `quote`: a token inside the quote (not at either end of a
    /// fragment, where it may be part of a longer word) must be a whole token of the passage.
    fn candidates(&self, quote: &str) -> Option<&[usize]> {
        quote
            .split("...")
            .flat_map(|part| {
                let tokens: Vec<&str> = part.split_whitespace().collect();
                let inner = if tokens.len() > 2 {
                    &tokens[1..tokens.len() - 1]
                } else {
                    &[][..]
                };
                inner.to_vec()
            })
            .map(|token| self.by_token.get(token).map_or(&[][..], Vec::as_slice))
            .min_by_key(|list| list.len())
    }
}

impl<'a> Sources<'a> {
    pub(crate) fn new(
        inspections: &'a [Inspection],
        statements: &'a [Statement],
        index: &'a SeedIndex,
    ) -> Self {
        let mut by_id = BTreeMap::new();
        for i in inspections {
            by_id.insert(i.id.as_str(), Seed::Inspection(i));
        }
        for s in statements {
            by_id.entry(s.id.as_str()).or_insert(Seed::Statement(s));
        }
        Sources {
            by_id,
            index,
            keep_words: &[],
        }
    }

    /// Adds words no ellipsis may leave out, beyond [`crate::quotation::KEEP_WORDS`].
    pub(crate) fn keeping(mut self, words: &'a [String]) -> Self {
        self.keep_words = words;
        self
    }

    pub(crate) fn get(&self, id: &str) -> Option<Seed<'a>> {
        self.by_id.get(id).copied()
    }

    pub(crate) fn ids(&self) -> Vec<String> {
        self.by_id.keys().map(|k| (*k).to_owned()).collect()
    }

    /// Finds `quote` in the seed, as the rules of [`crate::quotation`] allow, on the page of
    /// the service known by the ids `page` (its id and its aliases; none for a page about no
    /// one service): in one passage of a report
    /// (about that service, where the passage says), or in a statement's text.
    pub(crate) fn verify(
        &self,
        seed: Seed<'a>,
        quote: &str,
        page: &[&str],
    ) -> Result<Found<'a>, (Refusal, Option<usize>)> {
        let quote = normalise(quote);
        let keep = Keep::new(self.keep_words);
        let id = match seed {
            Seed::Inspection(i) => i.id.as_str(),
            Seed::Statement(s) => s.id.as_str(),
        };
        // What no source could make right: too few words.
        let parts = crate::quotation::parts(&quote).map_err(|refusal| (refusal, None))?;
        let not_found = || {
            Refusal::NotFound(Mismatch {
                matched: String::new(),
                quote_next: first_words(&quote, 8),
                source_next: None,
            })
        };
        let Some(passages) = self.index.passages.get(id) else {
            return Err((not_found(), None));
        };
        // The index narrows thousands of passages to the few that can match; if none of
        // them does, every passage is tried, to explain the closest miss.
        let narrowed = passages.candidates(&quote).unwrap_or(&[]);
        let everywhere = 0..passages.texts.len();
        let mut other_service = None;
        let mut misses: Vec<(usize, Refusal)> = Vec::new();
        for i in narrowed.iter().copied().chain(everywhere) {
            let passage = &passages.texts[i];
            match crate::quotation::find(&passage.text, &parts, &keep) {
                Ok(()) => {
                    let about_page = passage.services.is_empty()
                        || passage.services.iter().any(|s| page.contains(&s.as_str()));
                    if about_page {
                        return Ok(Found {
                            quoted_in: passage.quoted_in.as_deref(),
                        });
                    }
                    other_service = Some((
                        Refusal::OtherService {
                            services: passage.services.clone(),
                        },
                        Some(i),
                    ));
                }
                Err(refusal) => misses.push((i, refusal)),
            }
        }
        if let Some(refused) = other_service {
            return Err(refused);
        }
        // No passage has it: the closest miss, said how far it matched, is explained.
        // A statement is one text: a passage number says nothing there.
        let numbered = passages.texts.len() > 1 || matches!(seed, Seed::Inspection(_));
        let best = misses
            .into_iter()
            .map(|(i, refusal)| {
                (
                    refusal.explained(&passages.texts[i].text),
                    numbered.then_some(i),
                )
            })
            .max_by_key(|(refusal, _)| refusal.rank());
        Err(best.unwrap_or_else(|| (not_found(), None)))
    }
}

/// Quotation-insensitive form: one space between words, straight quotes, three dots for an
/// ellipsis, and no quote marks around the whole.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                // Invisible: a soft hyphen, zero-width spaces and joiners, a byte-order mark.
                '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {}
                '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{2bc}'
                | '\u{b4}' | '`' => out.push('\''),
                '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => out.push('"'),
                '\u{2026}' => out.push_str("..."),
                _ => out.push(c),
            }
        }
    }
    let trimmed = out.trim_matches(|c| c == '"' || c == '\'').trim();
    trimmed.to_owned()
}

/// The longest run of whole words at the start of `part` that `source` has, and what follows.
pub(crate) fn mismatch(source: &str, part: &str) -> Mismatch {
    let words: Vec<&str> = part.split(' ').collect();
    let (mut low, mut high) = (0, words.len());
    // Containment is monotonic in prefix length, so a binary search finds the longest.
    while low < high {
        let mid = (low + high).div_ceil(2);
        if source.contains(&words[..mid].join(" ")) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    let matched = words[..low].join(" ");
    let quote_next = words[low..]
        .iter()
        .take(8)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let source_next = (low > 0).then(|| {
        let at = source.find(&matched).map_or(0, |i| i + matched.len());
        first_words(source[at..].trim_start(), 8)
    });
    Mismatch {
        matched,
        quote_next,
        source_next,
    }
}

fn first_words(text: &str, n: usize) -> String {
    text.split(' ').take(n).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_word_is_pointed_out() {
        let source = normalise("Staff treated patients with compassion and kindness.");
        let m = mismatch(
            &source,
            &normalise("Staff treated patients with care and kindness."),
        );
        assert_eq!(m.matched, "Staff treated patients with");
        assert_eq!(m.quote_next, "care and kindness.");
        assert_eq!(m.source_next.as_deref(), Some("compassion and kindness."));
    }
}
