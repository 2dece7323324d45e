//! The user's voice, learned from their own writing samples: how long their
//! sentences run, how formal they are, how they open and sign off.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::text;

/// How formal the user writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Formality {
    Casual,
    Neutral,
    Formal,
}

/// What Job Forge learned about how the user writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Voice {
    /// How many samples it was learned from (0: the defaults).
    pub samples: usize,
    pub average_sentence_words: f32,
    /// Share of sentences with a contraction ("I'm", "don't").
    pub contraction_rate: f32,
    pub formality: Formality,
    /// The user's greeting with `{name}` where the addressee goes ("Hi {name},").
    pub greeting: String,
    /// The user's sign-off ("Best regards,").
    pub closing: String,
    /// Words the user often starts sentences with, most frequent first.
    pub favourite_openers: Vec<String>,
}

impl Default for Voice {
    fn default() -> Self {
        Self {
            samples: 0,
            average_sentence_words: 17.0,
            contraction_rate: 0.1,
            formality: Formality::Neutral,
            greeting: "Dear {name},".to_owned(),
            closing: "Best regards,".to_owned(),
            favourite_openers: Vec::new(),
        }
    }
}

impl Voice {
    pub fn uses_contractions(&self) -> bool {
        self.contraction_rate >= 0.15
    }

    /// Whether long sentences should be split to sound like the user.
    pub fn prefers_short_sentences(&self) -> bool {
        self.average_sentence_words < 13.0
    }

    /// The greeting for an addressee.
    pub fn greet(&self, name: &str) -> String {
        self.greeting.replace("{name}", name)
    }

    /// Learns the voice from writing samples; with none, the defaults.
    pub fn learn<'a>(samples: impl IntoIterator<Item = &'a str>) -> Voice {
        let samples: Vec<&str> = samples
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect();
        if samples.is_empty() {
            return Voice::default();
        }
        let mut sentence_count = 0usize;
        let mut word_count = 0usize;
        let mut with_contraction = 0usize;
        let mut exclamations = 0usize;
        let mut formal_markers = 0usize;
        let mut greetings: HashMap<String, usize> = HashMap::new();
        let mut closings: HashMap<String, usize> = HashMap::new();
        let mut openers: HashMap<String, usize> = HashMap::new();

        for sample in &samples {
            let lines: Vec<&str> = sample
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            if let Some(greeting) = lines.first().and_then(|l| greeting_pattern(l)) {
                *greetings.entry(greeting).or_default() += 1;
            }
            if let Some(closing) = lines.iter().rev().take(4).find_map(|l| closing_pattern(l)) {
                *closings.entry(closing).or_default() += 1;
            }
            for line in &lines {
                if greeting_pattern(line).is_some() || closing_pattern(line).is_some() {
                    continue;
                }
                for sentence in text::sentence_slices(line) {
                    let words = sentence.split_whitespace().count();
                    if words < 3 {
                        continue;
                    }
                    sentence_count += 1;
                    word_count += words;
                    let lower = sentence.to_lowercase();
                    if has_contraction(&lower) {
                        with_contraction += 1;
                    }
                    if sentence.ends_with('!') {
                        exclamations += 1;
                    }
                    if FORMAL_MARKERS.iter().any(|m| lower.contains(m)) {
                        formal_markers += 1;
                    }
                    if let Some(first) = sentence.split_whitespace().next() {
                        let opener =
                            first.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
                        if !opener.is_empty() && opener != "I" {
                            *openers.entry(opener.to_owned()).or_default() += 1;
                        }
                    }
                }
            }
        }
        let sentences = sentence_count.max(1) as f32;
        let contraction_rate = with_contraction as f32 / sentences;
        let average_sentence_words = if sentence_count == 0 {
            Voice::default().average_sentence_words
        } else {
            word_count as f32 / sentences
        };
        let formal_score = formal_markers as f32 / sentences;
        let formality =
            if contraction_rate < 0.05 && (average_sentence_words >= 18.0 || formal_score > 0.1) {
                Formality::Formal
            } else if contraction_rate >= 0.3
                || exclamations as f32 / sentences > 0.15
                || average_sentence_words < 11.0
            {
                Formality::Casual
            } else {
                Formality::Neutral
            };
        let default = Voice::default();
        let mut openers: Vec<(String, usize)> =
            openers.into_iter().filter(|(_, n)| *n >= 2).collect();
        openers.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Voice {
            samples: samples.len(),
            average_sentence_words,
            contraction_rate,
            formality,
            greeting: most_common(greetings).unwrap_or(match formality {
                Formality::Casual => "Hi {name},".to_owned(),
                _ => default.greeting,
            }),
            closing: most_common(closings).unwrap_or(match formality {
                Formality::Casual => "Thanks,".to_owned(),
                Formality::Formal => "Yours sincerely,".to_owned(),
                Formality::Neutral => default.closing,
            }),
            favourite_openers: openers.into_iter().take(5).map(|(w, _)| w).collect(),
        }
    }
}

const FORMAL_MARKERS: &[&str] = &[
    "furthermore",
    "moreover",
    "therefore",
    "consequently",
    "i would be",
    "i am writing",
    "please find",
    "sincerely",
    "kindly",
    "hereby",
    "in addition",
    "whereas",
    "regards",
];

fn has_contraction(lower: &str) -> bool {
    text::tokens(lower).iter().any(|t| {
        let w = t.text.replace('\u{2019}', "'");
        w.ends_with("n't")
            || w.ends_with("'m")
            || w.ends_with("'re")
            || w.ends_with("'ve")
            || w.ends_with("'ll")
            || w.ends_with("'d")
            || matches!(
                w.as_str(),
                "it's" | "that's" | "there's" | "here's" | "what's" | "let's"
            )
    })
}

fn most_common(counts: HashMap<String, usize>) -> Option<String> {
    let mut all: Vec<(String, usize)> = counts.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    all.into_iter().next().map(|(text, _)| text)
}

/// "Hi Sam," → "Hi {name},"; "Dear Ms. Ortiz," → "Dear {name},".
fn greeting_pattern(line: &str) -> Option<String> {
    let trimmed = line.trim();
    if !trimmed.ends_with(',') && !trimmed.ends_with('!') && !trimmed.ends_with(':') {
        return None;
    }
    if trimmed.split_whitespace().count() > 6 {
        return None;
    }
    let opener = text::greeting_opener(trimmed)?;
    if opener == "to whom" {
        return Some(trimmed.to_owned());
    }
    // Cut by characters of the original: lowercasing may change byte
    // lengths ("İ").
    let head: String = trimmed.chars().take(opener.chars().count()).collect();
    let end = trimmed.chars().last().unwrap_or(',');
    Some(format!("{head} {{name}}{end}"))
}

/// "Best regards," / "Cheers," / "Thanks!" as a line of its own.
fn closing_pattern(line: &str) -> Option<String> {
    let trimmed = line.trim();
    let words = trimmed.split_whitespace().count();
    if !(1..=4).contains(&words) || !(trimmed.ends_with(',') || trimmed.ends_with('!')) {
        return None;
    }
    let lower = trimmed.to_lowercase();
    let known = [
        "best",
        "regards",
        "cheers",
        "thanks",
        "thank you",
        "warmly",
        "sincerely",
        "yours",
        "all the best",
        "kind regards",
        "warm regards",
        "with thanks",
        "respectfully",
        "take care",
        "talk soon",
        "many thanks",
    ];
    known.iter().any(|k| lower.starts_with(k)).then(|| {
        trimmed
            .trim_end_matches('!')
            .trim_end_matches(',')
            .to_owned()
            + ","
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casual_short_contracted_writing_is_casual() {
        let sample = "Hi Sam,\n\nQuick update. We shipped the new search today! It's fast. I'm proud of the team. Don't worry about the rollout, it's behind a flag. We'll watch it.\n\nCheers,\nJo";
        let voice = Voice::learn([sample]);
        assert_eq!(voice.formality, Formality::Casual);
        assert_eq!(voice.greeting, "Hi {name},");
        assert_eq!(voice.closing, "Cheers,");
        assert!(voice.uses_contractions());
        assert!(voice.prefers_short_sentences());
    }

    #[test]
    fn long_formal_writing_is_formal() {
        let sample = "Dear Ms. Ortiz,\n\nI am writing to thank you for the opportunity to present our findings to the finance committee last Thursday afternoon. Furthermore, I would be grateful for your guidance on how the committee would prefer to receive the quarterly variance analysis in future reporting cycles. The department has therefore prepared a revised template that consolidates the regional schedules into a single workbook.\n\nBest regards,\nDana Whitfield";
        let voice = Voice::learn([sample]);
        assert_eq!(voice.formality, Formality::Formal);
        assert_eq!(voice.greeting, "Dear {name},");
        assert_eq!(voice.closing, "Best regards,");
        assert!(!voice.uses_contractions());
    }

    #[test]
    fn greetings_with_letters_that_change_length_when_lowercased_are_read() {
        let voice = Voice::learn([
            "Hİ Sam,\n\nShort note to say the report is done and filed today.\n\nCheers,\nJo",
        ]);
        assert_eq!(voice.greeting, "Hİ {name},");
    }

    #[test]
    fn no_samples_gives_neutral_defaults() {
        let voice = Voice::learn(Vec::<&str>::new());
        assert_eq!(voice, Voice::default());
        assert_eq!(voice.greet("Hiring Team"), "Dear Hiring Team,");
    }
}
