//! Words, sentences and the small normalisations every analysis shares.

use std::collections::HashSet;
use std::sync::OnceLock;

/// A word-like token and where it stands in the text (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Token<'_> {
    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }

    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn is_number(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }
}

/// Splits text into tokens. A token is a run of letters and digits that may
/// keep `.`, `&` and apostrophes between two word characters (`node.js`,
/// `FP&A`, `don't`, `1,200` keeps its comma too), trailing `+`/`#`
/// (`C++`, `C#`) and a leading `.` before a letter (`.NET`). Hyphens and
/// slashes split (`CI/CD` is `CI`, `CD`).
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let leading_dot = c == '.'
            && chars.get(i + 1).is_some_and(|&(_, n)| n.is_alphabetic())
            && (i == 0 || !chars[i - 1].1.is_alphanumeric());
        if !c.is_alphanumeric() && !leading_dot {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let ch = chars[j].1;
            if ch.is_alphanumeric() {
                j += 1;
                continue;
            }
            let next_is_word = chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
            let prev_is_digit = chars[j - 1].1.is_ascii_digit();
            let next_is_digit = chars.get(j + 1).is_some_and(|&(_, n)| n.is_ascii_digit());
            let joins = match ch {
                '.' | '&' | '\'' | '\u{2019}' => next_is_word,
                ',' => prev_is_digit && next_is_digit && digits_after(&chars, j + 1) == 3,
                _ => false,
            };
            if joins {
                j += 1;
                continue;
            }
            if ch == '+' || ch == '#' {
                while j < chars.len() && (chars[j].1 == '+' || chars[j].1 == '#') {
                    j += 1;
                }
            }
            break;
        }
        let end = chars.get(j).map_or(text.len(), |&(at, _)| at);
        out.push(Token {
            text: &text[start..end],
            start,
            end,
        });
        i = j;
    }
    out
}

fn digits_after(chars: &[(usize, char)], from: usize) -> usize {
    chars[from..]
        .iter()
        .take_while(|(_, c)| c.is_ascii_digit())
        .count()
}

/// Lowercases and strips possessive `'s`.
pub fn normalise_word(word: &str) -> String {
    let lower = word.to_lowercase();
    lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("\u{2019}s"))
        .map_or_else(|| lower.clone(), str::to_owned)
}

/// A light stemmer: enough for "deploying" to meet "deployed" and
/// "services" to meet "service", not a linguistic one.
pub fn stem(word: &str) -> String {
    let w = normalise_word(word);
    if w.len() <= 4 || w.chars().any(|c| c.is_ascii_digit()) {
        return w;
    }
    for (suffix, replacement) in [
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("ment", ""),
        ("ly", ""),
        ("s", ""),
    ] {
        if let Some(base) = w.strip_suffix(suffix)
            && base.chars().count() >= 3
            && !(suffix == "s" && base.ends_with('s'))
        {
            let mut stemmed = format!("{base}{replacement}");
            // "planned" → "plann" → "plan"
            let bytes = stemmed.as_bytes();
            if bytes.len() >= 4
                && bytes[bytes.len() - 1] == bytes[bytes.len() - 2]
                && !matches!(bytes[bytes.len() - 1], b'l' | b's' | b'z')
            {
                stemmed.pop();
            }
            return drop_final_e(stemmed);
        }
    }
    drop_final_e(w)
}

/// "manage" and "managed" meet at "manag".
fn drop_final_e(mut word: String) -> String {
    if word.len() > 4 && word.ends_with('e') {
        word.pop();
    }
    word
}

/// Function words and words so common in postings and resumes that sharing
/// them says nothing.
pub fn is_stopword(lower: &str) -> bool {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            STOPWORDS
                .split_whitespace()
                .collect::<HashSet<&'static str>>()
        })
        .contains(lower)
}

const STOPWORDS: &str = "a about above across after again against all almost also am an and any are
    around as at be because been before being below between both but by can could did do does
    doing done down during each either etc even ever every few for from further get gets got had
    has have having he her here hers him his how however i i'd i'll i'm i've if in into is it
    it's its itself just least less like ll made make makes many may me might more most much must
    my myself near need needs new no nor not now of off often on once one only or other our ours
    ourselves out over own per plus quite rather re really same she should so some such than that
    the their theirs them themselves then there these they this those through thus to too under
    until up upon us use used uses using ve very via want was we we'll we're we've well were what
    when where whether which while who whom whose why will with within without would yet you
    you'll you're you've your yours yourself able ability across strong great good excellent
    including include includes etc e.g i.e work works worked working team teams role roles
    experience experienced years year day days environment join looking opportunity candidate
    candidates company companies related relevant responsible responsibilities requirement
    requirements required preferred plus bonus nice skill skills knowledge understanding
    familiarity proficiency proficient demonstrated proven track record ideally help helps
    ensure across other others based part key level high highly within first best";

/// Content words of a text, stemmed: what two passages have to share to be
/// about the same thing.
pub fn content_stems(text: &str) -> Vec<String> {
    tokens(text)
        .iter()
        .filter(|t| !t.is_number())
        .map(|t| normalise_word(t.text))
        .filter(|w| w.chars().count() > 1 && !is_stopword(w))
        .map(|w| stem(&w))
        .collect()
}

/// Splits prose into sentences: at `.`, `!` or `?` followed by a space and
/// a capital letter or digit (abbreviations such as "e.g." or "Inc." and
/// initials do not end one), and at line ends. Returns byte ranges.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_end = line_start + line.len();
        let mut start = line_start;
        let bytes = text.as_bytes();
        let mut i = line_start;
        while i < line_end {
            let b = bytes[i];
            if matches!(b, b'.' | b'!' | b'?')
                && i + 2 < line_end
                && bytes[i + 1] == b' '
                && !is_abbreviation(&text[start..i])
            {
                let next = text[i + 2..].chars().next();
                if next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '"') {
                    push_trimmed(text, start, i + 1, &mut out);
                    start = i + 2;
                }
            }
            i += 1;
        }
        push_trimmed(text, start, line_end, &mut out);
        line_start = line_end;
    }
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let slice = &text[start..end];
    let leading = slice.len() - slice.trim_start().len();
    let trimmed = slice.trim();
    if !trimmed.is_empty() {
        out.push((start + leading, start + leading + trimmed.len()));
    }
}

fn is_abbreviation(before: &str) -> bool {
    let last = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower = last.to_lowercase();
    matches!(
        lower.as_str(),
        "e.g"
            | "i.e"
            | "etc"
            | "inc"
            | "ltd"
            | "co"
            | "corp"
            | "sr"
            | "jr"
            | "dr"
            | "mr"
            | "mrs"
            | "ms"
            | "st"
            | "vs"
            | "no"
            | "approx"
            | "dept"
            | "u.s"
            | "b.sc"
            | "m.sc"
            | "b.s"
            | "m.s"
            | "b.a"
            | "m.a"
            | "ph.d"
            | "b.eng"
            | "m.eng"
    ) || (last.chars().count() == 1 && last.chars().all(char::is_uppercase))
}

/// The sentences of `text` as string slices.
pub fn sentence_slices(text: &str) -> Vec<&str> {
    sentences(text)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .collect()
}

/// Strips a list marker (`-`, `*`, `•`, `1.`) from the start of a line.
pub fn strip_bullet(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    for marker in [
        "- ", "* ", "• ", "· ", "▪ ", "– ", "— ", "+ ", "○ ", "◦ ", "✓ ", "➢ ",
    ] {
        if let Some(rest) = trimmed.strip_prefix(marker) {
            return Some(rest.trim());
        }
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 3 {
        let rest = &trimmed[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest.trim());
        }
    }
    None
}

/// Removes Markdown emphasis and heading marks, for comparing wording.
pub fn plain(line: &str) -> String {
    line.trim()
        .trim_start_matches('#')
        .replace("**", "")
        .replace("__", "")
        .trim()
        .to_owned()
}

/// Whether the word is a first-person pronoun (the writer speaking of
/// themselves).
pub fn is_first_person(lower: &str) -> bool {
    matches!(
        lower,
        "i" | "i'm"
            | "i've"
            | "i'd"
            | "i'll"
            | "me"
            | "my"
            | "mine"
            | "myself"
            | "i’m"
            | "i’ve"
            | "i’d"
            | "i’ll"
    )
}

/// Whether a lowercase word reads as a past-tense verb ("led", "shipped"):
/// how resume bullets and accounts of past work begin.
pub fn is_past_tense(word: &str) -> bool {
    (word.ends_with("ed")
        && word.len() > 3
        && !matches!(word, "need" | "speed" | "seed" | "feed" | "bed" | "red"))
        || matches!(
            word,
            "led"
                | "built"
                | "ran"
                | "wrote"
                | "grew"
                | "drove"
                | "made"
                | "won"
                | "cut"
                | "set"
                | "took"
                | "brought"
                | "taught"
                | "sold"
                | "began"
                | "kept"
                | "held"
                | "spent"
                | "met"
                | "found"
                | "rebuilt"
                | "rewrote"
                | "oversaw"
                | "undertook"
                | "overcame"
                | "sped"
                | "put"
                | "gave"
                | "chose"
                | "bought"
                | "thought"
                | "saw"
                | "was"
                | "were"
                | "did"
                | "had"
                | "went"
                | "led,"
                | "ran,"
        )
}

/// Whether a sentence says the writer does *not* have something ("I haven't
/// worked with Spark", "new to Kubernetes", "don't claim A/B tests"): a skill
/// named there is no claim and no evidence. Cues match whole words, so
/// "machine learning" or "Slack" never count.
pub fn is_negated(sentence: &str) -> bool {
    let words: Vec<String> = tokens(&sentence.replace('\u{2019}', "'"))
        .iter()
        .map(|t| t.text.to_lowercase())
        .collect();
    let joined = format!(" {} ", words.join(" "));
    NEGATIONS
        .iter()
        .any(|cue| joined.contains(&format!(" {cue} ")))
}

const NEGATIONS: &[&str] = &[
    "haven't",
    "have not",
    "hasn't",
    "has not",
    "not yet",
    "no experience",
    "new to",
    "eager to learn",
    "want to learn",
    "keen to learn",
    "would like to learn",
    "hope to learn",
    "looking forward to learning",
    "don't have",
    "do not have",
    "never used",
    "never worked",
    "not worked",
    "not used",
    "no background",
    "i lack",
    "i'm not",
    "i am not",
    "don't claim",
    "do not claim",
    "not claim",
    "never claim",
    "don't say",
    "do not say",
    "don't mention",
    "do not mention",
    "not imply",
    "rather than imply",
    "oversell",
    "overstate",
    "overclaim",
    "exaggerate",
    "never finished",
    "did not finish",
    "didn't finish",
    "not completed",
    "didn't complete",
    "did not complete",
    "no degree",
];

/// Whether a sentence speaks of the company: its full name, the first
/// distinctive word of it written as a name ("Corvane" for "Corvane
/// Medical"), or a sentence that starts with "They"/"Their" and has no "I"
/// (a note about the employer).
pub fn mentions_company(sentence: &str, company: &str) -> bool {
    let words: Vec<Token<'_>> = tokens(sentence);
    let lower: Vec<String> = words.iter().map(|t| t.text.to_lowercase()).collect();
    let first_person = lower
        .iter()
        .any(|w| is_first_person(w) || w == "we" || w == "our");
    // "They are rolling out Anaplan": a note about the employer.
    let third_person = lower
        .first()
        .is_some_and(|w| matches!(w.as_str(), "they" | "their" | "they're" | "they've"));
    if third_person && !first_person {
        return true;
    }
    let company = company.trim();
    if company.is_empty() {
        return false;
    }
    if sentence.to_lowercase().contains(&company.to_lowercase()) {
        return true;
    }
    let distinctive = tokens(company)
        .into_iter()
        .map(|t| t.text.to_lowercase())
        .find(|w| {
            w.chars().count() >= 4
                && !is_stopword(w)
                && !GENERIC_COMPANY_WORDS.contains(&w.as_str())
        });
    distinctive.is_some_and(|word| {
        words
            .iter()
            .any(|t| t.is_capitalised() && normalise_word(t.text) == word)
    })
}

/// Words in company names that say nothing about which company it is.
const GENERIC_COMPANY_WORDS: &[&str] = &[
    "data",
    "systems",
    "system",
    "health",
    "medical",
    "global",
    "digital",
    "group",
    "labs",
    "solutions",
    "technologies",
    "technology",
    "software",
    "services",
    "international",
    "capital",
    "partners",
    "consulting",
    "logistics",
    "financial",
    "bank",
    "energy",
    "foods",
    "united",
    "american",
    "national",
    "general",
    "first",
    "north",
    "south",
    "east",
    "west",
];

/// The greeting a line opens with, as a whole word or phrase ("Hi Sam," →
/// "hi"; "Hiring team," → none).
pub fn greeting_opener(line: &str) -> Option<&'static str> {
    const OPENERS: &[&str] = &[
        "good morning",
        "good afternoon",
        "to whom",
        "greetings",
        "hello",
        "dear",
        "hey",
        "hi",
    ];
    let lower = line.trim_start().to_lowercase();
    OPENERS.iter().copied().find(|opener| {
        lower.starts_with(opener)
            && !lower[opener.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// Whether `needle` occurs in `haystack` as whole words (no letter or digit
/// right before or after it).
pub fn contains_words(haystack: &str, needle: &str) -> bool {
    !needle.is_empty()
        && haystack.match_indices(needle).any(|(at, _)| {
            let before = haystack[..at].chars().next_back();
            let after = haystack[at + needle.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

/// Small numbers written as words, as digits.
pub fn number_word(lower: &str) -> Option<u32> {
    Some(match lower {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "twenty" => 20,
        "dozen" => 12,
        _ => return None,
    })
}

/// Splits a list line at commas, semicolons, pipes and bullets outside
/// parentheses:
/// "EHR (Epic, Cerner), IV therapy" is two items.
pub fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if matches!(c, ',' | ';' | '|' | '•' | '·') && depth == 0 {
            items.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn tokens_keep_technology_names_whole() {
        assert_eq!(
            words("C++, C#, .NET and Node.js; CI/CD at FP&A (don't)."),
            [
                "C++", "C#", ".NET", "and", "Node.js", "CI", "CD", "at", "FP&A", "don't"
            ]
        );
        assert_eq!(
            words("2,000 requests, 1.5x, 40%"),
            ["2,000", "requests", "1.5x", "40"]
        );
        assert_eq!(words("Python, Go"), ["Python", "Go"]);
    }

    #[test]
    fn sentences_do_not_end_at_abbreviations_or_decimals() {
        let text = "I hold a B.Sc. in physics. We grew 2.5x in a year! Tools e.g. Excel were used.\nNext line";
        assert_eq!(
            sentence_slices(text),
            [
                "I hold a B.Sc. in physics.",
                "We grew 2.5x in a year!",
                "Tools e.g. Excel were used.",
                "Next line"
            ]
        );
    }

    #[test]
    fn stems_meet_across_inflections() {
        assert_eq!(stem("deploying"), stem("deployed"));
        assert_eq!(stem("services"), stem("service"));
        assert_eq!(stem("management"), stem("managed"));
        assert_eq!(stem("planned"), "plan");
        assert_eq!(stem("companies"), "company");
        assert_eq!(stem("class"), "class");
    }

    #[test]
    fn negation_cues_match_whole_words_only() {
        assert!(is_negated("I haven't worked with Spark."));
        assert!(is_negated("Don't oversell Kubernetes."));
        assert!(!is_negated(
            "Built machine learning pipelines on Kubernetes."
        ));
        assert!(!is_negated("Posted alerts to Slack."));
    }

    #[test]
    fn lists_split_outside_parentheses_only() {
        assert_eq!(
            split_list(
                "Electronic Health Records (Epic, PointClickCare), IV therapy; Spanish (conversational)"
            ),
            [
                "Electronic Health Records (Epic, PointClickCare)",
                "IV therapy",
                "Spanish (conversational)"
            ]
        );
    }

    #[test]
    fn bullets_are_recognised_in_common_forms() {
        assert_eq!(strip_bullet("- Led a team"), Some("Led a team"));
        assert_eq!(strip_bullet("  • Built"), Some("Built"));
        assert_eq!(strip_bullet("3. Shipped"), Some("Shipped"));
        assert_eq!(strip_bullet("2021 was good"), None);
    }
}
