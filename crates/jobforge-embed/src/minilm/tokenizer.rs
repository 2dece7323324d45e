//! BERT's uncased WordPiece tokenizer, as all-MiniLM-L6-v2 was trained
//! with it (its `tokenizer.json`: `BertNormalizer` with lower-casing and
//! accent stripping, `BertPreTokenizer`, `WordPiece` with `##`
//! continuations, `[CLS] … [SEP]`).
//!
//! # Steps
//!
//! 1. **Clean**: drop NUL, U+FFFD and every character of general category
//!    "Other" (Cc control, Cf format such as soft hyphens and zero-width
//!    spaces, Co private use, Cn unassigned) except tab, newline and
//!    carriage return; every whitespace character becomes a space.
//! 2. **CJK**: put spaces around each CJK ideograph (the blocks BERT lists),
//!    so each one is a word of its own.
//! 3. **Strip accents**: NFD, then drop nonspacing marks (Mn), so "Café"
//!    and "cafe" are the same word. Spacing marks (Mc) stay, as in BERT.
//! 4. **Lower-case**, character by character (no context rules such as the
//!    Greek final sigma, matching the reference tokenizer).
//! 5. **Split** on whitespace, and make every punctuation character its own
//!    word: ASCII punctuation (which includes symbols such as `$`, `+`, `^`)
//!    and every character of a Unicode punctuation category (P*).
//! 6. **WordPiece**: each word becomes the longest vocabulary entry that
//!    starts it, then the longest `##` entry that continues it, and so on;
//!    a word with a piece that is in no entry, or longer than 100
//!    characters, becomes the single token `[UNK]`.
//!
//! The general categories come from the `unicode-properties` tables rather
//! than hand-written ranges, so punctuation in every script (`«`, `¿`, `、`,
//! `。`) and invisible format characters behave as in the reference. Where
//! the Unicode versions of the two tables differ (characters new in a recent
//! Unicode version), a character may be classed differently; such text is
//! rare in resumes and postings and costs at most a token. The tests
//! compare the ids with the reference tokenizer's on named sentences and on
//! 200 random strings of mixed scripts, punctuation and invisible
//! characters (`tests/fixtures/minilm_reference.json`); all agree.
//!
//! One deliberate difference: text that spells a special token (`[SEP]`,
//! `[MASK]`) is tokenized as the characters it is, never as that token. A
//! posting is untrusted text and must not be able to steer the model with
//! control tokens.

use std::collections::HashMap;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

use crate::EmbedError;

/// Longer words are not split but become `[UNK]`, as in BERT: a 100-char
/// "word" is a URL, a hash or base64, not language.
const MAX_WORD_CHARS: usize = 100;

/// A WordPiece vocabulary and the ids of the special tokens.
#[derive(Debug)]
pub(crate) struct Tokenizer {
    /// Pieces that may start a word.
    starts: HashMap<Box<str>, u32>,
    /// Pieces that continue a word, stored without their `##` so lookups
    /// take a slice of the word as it is, with no allocation.
    continuations: HashMap<Box<str>, u32>,
    cls: u32,
    sep: u32,
    unk: u32,
    size: usize,
}

impl Tokenizer {
    /// Reads a `vocab.txt`: one token per line, its id the line number.
    /// `path` only names the file in errors.
    pub fn from_vocab(text: &str, path: &Path) -> Result<Self, EmbedError> {
        let mut starts = HashMap::new();
        let mut continuations = HashMap::new();
        let mut size = 0usize;
        for (index, token) in text.lines().enumerate() {
            let id = u32::try_from(index).map_err(|_| EmbedError::ModelFileInvalid {
                path: path.to_owned(),
                reason: "it has more lines than any vocabulary".to_owned(),
            })?;
            // A later duplicate wins, as when the reference loads the file
            // into a map.
            match token.strip_prefix("##") {
                Some(rest) if !rest.is_empty() => continuations.insert(rest.into(), id),
                _ => starts.insert(token.into(), id),
            };
            size = index + 1;
        }
        let special = |name: &str| {
            starts
                .get(name)
                .copied()
                .ok_or_else(|| EmbedError::ModelFileInvalid {
                    path: path.to_owned(),
                    reason: format!("it has no {name} token, so it is not a BERT vocabulary"),
                })
        };
        Ok(Self {
            cls: special("[CLS]")?,
            sep: special("[SEP]")?,
            unk: special("[UNK]")?,
            starts,
            continuations,
            size,
        })
    }

    /// Number of entries (lines) in the vocabulary.
    pub fn len(&self) -> usize {
        self.size
    }

    /// The ids the model reads for `text`: `[CLS]`, at most
    /// `max_tokens - 2` word pieces, `[SEP]`. Longer texts are cut, as the
    /// reference truncates: the model only ever sees their beginning.
    pub fn encode(&self, text: &str, max_tokens: usize) -> Vec<u32> {
        let budget = max_tokens.saturating_sub(2);
        let normalized = normalize(text);
        let mut ids = Vec::with_capacity(budget.min(normalized.len()) + 2);
        ids.push(self.cls);
        // Step 5: words split on whitespace, each punctuation character a
        // word of its own.
        'text: for spaced in normalized.split(is_whitespace) {
            let mut rest = spaced;
            while !rest.is_empty() {
                if ids.len() > budget {
                    // Enough pieces: the rest would be cut anyway.
                    break 'text;
                }
                let (word, tail) = match rest.char_indices().find(|&(_, c)| is_punctuation(c)) {
                    Some((0, c)) => rest.split_at(c.len_utf8()),
                    Some((index, _)) => rest.split_at(index),
                    None => (rest, ""),
                };
                self.word_pieces(word, &mut ids);
                rest = tail;
            }
        }
        ids.truncate(budget + 1);
        ids.push(self.sep);
        ids
    }

    /// Appends `word`'s pieces, or `[UNK]` if it cannot be spelled with the
    /// vocabulary. Greedy longest match from the left.
    fn word_pieces(&self, word: &str, ids: &mut Vec<u32>) {
        if word.chars().count() > MAX_WORD_CHARS {
            ids.push(self.unk);
            return;
        }
        let first = ids.len();
        let mut start = 0;
        while start < word.len() {
            let table = if start == 0 {
                &self.starts
            } else {
                &self.continuations
            };
            let mut end = word.len();
            let mut found = None;
            while end > start {
                if let Some(&id) = table.get(&word[start..end]) {
                    found = Some(id);
                    break;
                }
                // Step back one character, not one byte.
                end = word[..end]
                    .char_indices()
                    .next_back()
                    .map_or(start, |(i, _)| i);
            }
            match found {
                Some(id) => {
                    ids.push(id);
                    start = end;
                }
                None => {
                    ids.truncate(first);
                    ids.push(self.unk);
                    return;
                }
            }
        }
    }
}

/// Steps 1 to 4 of the module documentation.
fn normalize(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\0' || c == '\u{FFFD}' || is_other(c) {
            continue;
        }
        if is_whitespace(c) {
            cleaned.push(' ');
        } else if is_cjk(c) {
            cleaned.push(' ');
            cleaned.push(c);
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
    }
    let mut out = String::with_capacity(cleaned.len());
    for c in cleaned.nfd() {
        if c.general_category() == GeneralCategory::NonspacingMark {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Tab, newline and carriage return count as whitespace, not control.
fn is_other(c: char) -> bool {
    !matches!(c, '\t' | '\n' | '\r') && c.general_category_group() == GeneralCategoryGroup::Other
}

fn is_whitespace(c: char) -> bool {
    c.is_whitespace()
}

fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation() || c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// The CJK Unified Ideographs blocks (and their compatibility blocks) that
/// BERT splits per character. Hiragana, katakana and hangul are not among
/// them: they are written with spaces or split by WordPiece.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F
        | 0x2B820..=0x2CEAF
        | 0xF900..=0xFAFF
        | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny vocabulary: the ids are the line numbers.
    const VOCAB: &str = "[PAD]\n[UNK]\n[CLS]\n[SEP]\nthe\ncafe\nresume\nun\n##aff\n##able\n##s\n,\n.\n(\n)\n+\n我\n们\nrust\n##y\nnaive\n#\nc\n";

    fn tokenizer() -> Tokenizer {
        Tokenizer::from_vocab(VOCAB, Path::new("vocab.txt")).expect("vocab")
    }

    fn ids(text: &str) -> Vec<u32> {
        tokenizer().encode(text, 256)
    }

    #[test]
    fn wraps_in_cls_and_sep_and_takes_the_longest_pieces_first() {
        assert_eq!(ids(""), [2, 3]);
        assert_eq!(ids("the"), [2, 4, 3]);
        // un ##aff ##able, not a shorter split.
        assert_eq!(ids("unaffable"), [2, 7, 8, 9, 3]);
        assert_eq!(ids("rusty rust"), [2, 18, 19, 18, 3]);
    }

    #[test]
    fn lower_cases_and_strips_accents_through_nfd() {
        assert_eq!(ids("Café RÉSUMÉS naïve"), [2, 5, 6, 10, 20, 3]);
        // Already decomposed input (e + combining acute) gives the same.
        assert_eq!(ids("Cafe\u{301}"), [2, 5, 3]);
    }

    #[test]
    fn punctuation_ascii_and_unicode_is_a_word_of_its_own() {
        assert_eq!(ids("the,cafe.(rust)"), [2, 4, 11, 5, 12, 13, 18, 14, 3]);
        assert_eq!(ids("c++"), [2, 22, 15, 15, 3]);
        assert_eq!(ids("c#"), [2, 22, 21, 3]);
        // « and » are Unicode punctuation (Pi, Pf) absent from this
        // vocabulary: split off, then unknown.
        assert_eq!(ids("«rust»"), [2, 1, 18, 1, 3]);
    }

    #[test]
    fn cjk_ideographs_are_split_per_character() {
        assert_eq!(ids("我们"), [2, 16, 17, 3]);
        assert_eq!(ids("rust我们"), [2, 18, 16, 17, 3]);
    }

    #[test]
    fn control_and_format_characters_vanish_and_whitespace_splits() {
        // Soft hyphen and zero-width space (Cf) and BEL (Cc) join the word
        // halves; tab, newline and no-break space separate words.
        assert_eq!(ids("ca\u{ad}fe re\u{200b}sume ru\u{7}st"), [2, 5, 6, 18, 3]);
        assert_eq!(ids("the\tcafe\r\nrust\u{a0}the"), [2, 4, 5, 18, 4, 3]);
        assert_eq!(ids("\u{0}\u{fffd}the"), [2, 4, 3]);
    }

    #[test]
    fn unknown_and_overlong_words_become_a_single_unk() {
        // "rustx": "rust" matches but "##x" does not, so the whole word is
        // [UNK], not "rust" + [UNK].
        assert_eq!(ids("rustx the"), [2, 1, 4, 3]);
        let long = "the".repeat(34); // 102 characters
        assert_eq!(ids(&long), [2, 1, 3]);
        let fits = format!("rust{}", "y".repeat(96)); // 100 characters
        assert_eq!(ids(&fits).len(), 2 + 1 + 96);
    }

    #[test]
    fn long_texts_are_cut_to_the_token_budget_with_sep_last() {
        let t = tokenizer();
        let text = "unaffable ".repeat(100);
        let cut = t.encode(&text, 10);
        assert_eq!(cut, [2, 7, 8, 9, 7, 8, 9, 7, 8, 3]);
        assert_eq!(t.encode(&text, 256).len(), 256);
    }

    #[test]
    fn special_token_spellings_in_the_text_are_plain_text() {
        // "[SEP]" in a posting must not end the sequence.
        assert_eq!(ids("[SEP]"), [2, 1, 1, 1, 3]);
    }

    #[test]
    fn a_vocabulary_without_special_tokens_is_refused() {
        let error =
            Tokenizer::from_vocab("the\ncafe\n", Path::new("vocab.txt")).expect_err("must fail");
        assert!(error.to_string().contains("no [CLS] token"), "{error}");
    }
}
