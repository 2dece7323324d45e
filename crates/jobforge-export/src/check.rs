//! The self-check after a PDF or DOCX export: the file's text, read back
//! with the same readers import uses, compared word by word with what was
//! meant to be in it.
//!
//! Words are compared case-sensitively after folding what fonts and
//! writers legitimately change (ligatures, curly quotes, dashes); a longest
//! common subsequence tells lost words from moved ones, and words in the
//! file that are not in the source are reported as garbled.

use std::collections::HashMap;

use jobforge_types::ExportCheck;

/// Beyond this many words the comparison falls back to counting (an LCS
/// table of 20,000² would be too big); exports are a few pages.
const MAX_ALIGNED_WORDS: usize = 20_000;
/// Phrases listed per kind of problem; the rest are counted in the last one.
const MAX_PHRASES: usize = 20;

pub fn compare(expected: &str, found: &str) -> ExportCheck {
    let want = words(expected);
    let got = words(found);
    let mut check = ExportCheck {
        words_expected: count(want.len()),
        words_found: count(got.len()),
        ..ExportCheck::default()
    };
    if want.len() > MAX_ALIGNED_WORDS || got.len() > MAX_ALIGNED_WORDS {
        compare_counts(&want, &got, &mut check);
        return check;
    }
    let (matched_want, matched_got) = align(&want, &got);
    let mut available: HashMap<&str, usize> = HashMap::new();
    for (i, w) in got.iter().enumerate() {
        if !matched_got[i] {
            *available.entry(w.as_str()).or_default() += 1;
        }
    }
    // Unmatched source words: present elsewhere in the file (moved) or not
    // at all (lost).
    let mut lost_run = Vec::new();
    let mut moved_run = Vec::new();
    for (i, w) in want.iter().enumerate() {
        if matched_want[i] {
            flush(&mut lost_run, &mut check.lost);
            flush(&mut moved_run, &mut check.reordered);
            continue;
        }
        match available.get_mut(w.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                flush(&mut lost_run, &mut check.lost);
                moved_run.push(w.clone());
            }
            _ => {
                flush(&mut moved_run, &mut check.reordered);
                lost_run.push(w.clone());
            }
        }
    }
    flush(&mut lost_run, &mut check.lost);
    flush(&mut moved_run, &mut check.reordered);
    // Unmatched file words that the source never had.
    let mut source_counts: HashMap<&str, usize> = HashMap::new();
    for w in &want {
        *source_counts.entry(w.as_str()).or_default() += 1;
    }
    let mut garbled_run = Vec::new();
    for (i, w) in got.iter().enumerate() {
        if matched_got[i] || source_counts.contains_key(w.as_str()) {
            flush(&mut garbled_run, &mut check.garbled);
        } else {
            garbled_run.push(w.clone());
        }
    }
    flush(&mut garbled_run, &mut check.garbled);
    for list in [&mut check.lost, &mut check.reordered, &mut check.garbled] {
        cap(list);
    }
    check
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn flush(run: &mut Vec<String>, into: &mut Vec<String>) {
    if !run.is_empty() {
        into.push(run.join(" "));
        run.clear();
    }
}

fn cap(list: &mut Vec<String>) {
    if list.len() > MAX_PHRASES {
        let more = list.len() - (MAX_PHRASES - 1);
        list.truncate(MAX_PHRASES - 1);
        list.push(format!("… and {more} more"));
    }
}

/// For very long documents: which words are missing or extra, by count.
fn compare_counts(want: &[String], got: &[String], check: &mut ExportCheck) {
    let mut balance: HashMap<&str, i64> = HashMap::new();
    for w in want {
        *balance.entry(w.as_str()).or_default() += 1;
    }
    for w in got {
        *balance.entry(w.as_str()).or_default() -= 1;
    }
    let mut entries: Vec<(&str, i64)> = balance.into_iter().filter(|(_, n)| *n != 0).collect();
    entries.sort();
    for (word, n) in entries {
        if n > 0 {
            check.lost.push(format!("{word} ×{n}"));
        } else {
            check.garbled.push(format!("{word} ×{}", -n));
        }
    }
    cap(&mut check.lost);
    cap(&mut check.garbled);
}

/// Which words of each side belong to a longest common subsequence.
fn align(a: &[String], b: &[String]) -> (Vec<bool>, Vec<bool>) {
    let (n, m) = (a.len(), b.len());
    // Lengths of LCS of suffixes, one row per word of `a`; u16 is enough
    // for the capped sizes and keeps the table small.
    let width = m + 1;
    let mut table = vec![0u16; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i * width + j] = if a[i] == b[j] {
                table[(i + 1) * width + j + 1].saturating_add(1)
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let (mut in_a, mut in_b) = (vec![false; n], vec![false; m]);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            in_a[i] = true;
            in_b[j] = true;
            i += 1;
            j += 1;
        } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (in_a, in_b)
}

/// The words of a text as a reader of the file would see them: split at
/// white space, punctuation at the edges and bullets removed, typographic
/// variants folded.
fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    folded
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '/' | '—' | '–'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\u{fffd}'))
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬀ' => out.push_str("ff"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            '‘' | '’' | '‚' | '′' => out.push('\''),
            '“' | '”' | '„' | '″' => out.push('"'),
            '\u{a0}' | '\u{202f}' | '\u{2009}' => out.push(' '),
            '\u{ad}' | '\u{200b}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_text_is_clean_whatever_the_line_breaks_and_bullets() {
        let check = compare(
            "Ada Park\nBuilt the “tracking” API — in Rust\n",
            "Ada Park\n• Built the \"tracking\"\nAPI in Rust",
        );
        assert!(check.is_clean(), "{check:?}");
        assert_eq!(check.words_expected, check.words_found);
    }

    #[test]
    fn lost_moved_and_garbled_words_are_told_apart() {
        let check = compare(
            "Summary one two three\nSkills Rust Go\nExperience Acme Corp",
            "Summary one two three\nExperience Acme \u{fffd}orp\nSkills Rust Go",
        );
        assert_eq!(check.lost, ["Corp"], "{check:?}");
        assert_eq!(check.reordered, ["Experience Acme"], "{check:?}");
        assert_eq!(check.garbled, ["\u{fffd}orp"], "{check:?}");
        assert!(!check.is_clean());
    }

    #[test]
    fn long_lists_of_problems_are_capped() {
        let expected: Vec<String> = (0..100).map(|i| format!("w{i} keep")).collect();
        let check = compare(&expected.join(" "), &"keep ".repeat(100));
        assert_eq!(check.lost.len(), MAX_PHRASES);
        assert!(check.lost.last().is_some_and(|l| l.starts_with("… and")));
    }
}
