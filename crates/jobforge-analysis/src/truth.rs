//! The truth gate: every checkable claim a document makes about the user —
//! employers, job titles, dates, schools, degrees, certifications, numbers,
//! skills — must be backed by the user's own sources (the resume the
//! document was made from, and their notes). What is not is flagged with the
//! sentence it stands in.
//!
//! Numbers must match in context, not merely appear: "cut latency 60%" is
//! flagged when the resume's 60% is about test coverage.

use std::collections::HashSet;

use jobforge_types::{DocumentKind, FactKind, TruthFinding};

use crate::resume::{self, TITLE_WORDS};
use crate::taxonomy::{SkillCategory, SkillId, Taxonomy};
use crate::text::{self, Token};

/// A number as written, normalised for comparison.
#[derive(Debug, Clone, PartialEq)]
struct NumberMention {
    value: f64,
    unit: NumberUnit,
    raw: String,
    /// Index of the token in its unit.
    token: usize,
    /// The word the number counts ("years", "engineers", "ms"), stemmed.
    noun: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberUnit {
    Plain,
    Percent,
    Money,
    Multiplier,
    Year,
}

impl NumberUnit {
    fn compatible(self, other: NumberUnit) -> bool {
        use NumberUnit::*;
        match (self, other) {
            (a, b) if a == b => true,
            (Percent, _) | (_, Percent) | (Year, _) | (_, Year) => false,
            _ => true,
        }
    }
}

/// One sentence or line of a source, prepared for checks.
#[derive(Debug, Clone)]
struct Unit {
    text: String,
    stems: HashSet<String>,
    numbers: Vec<NumberMention>,
}

/// Everything checkable in a set of source texts.
#[derive(Debug, Clone)]
struct Facts {
    units: Vec<Unit>,
    /// Lowercased text of all sources, spaces collapsed, for phrase lookups.
    haystack: String,
    skills: HashSet<SkillId>,
    /// Each degree the sources list, with the words of its line.
    degrees: Vec<(DegreeLevel, HashSet<String>)>,
    /// The roles the resume lists: organisation (lowercase) and years.
    roles: Vec<(String, Option<resume::YearRange>)>,
}

impl Facts {
    /// `company`: the employer being applied to; what the sources say about
    /// it ("they are rolling out Anaplan") is not a skill of the user's.
    /// `context`: texts about the job (the posting), whose every skill counts.
    fn new(sources: &[&str], context: &[&str], company: &str) -> Self {
        let taxonomy = Taxonomy::bundled();
        let mut units = Vec::new();
        let mut skills = HashSet::new();
        let mut degrees = Vec::new();
        let mut roles = Vec::new();
        let mut haystack = String::new();
        for source in sources.iter().chain(context) {
            let is_context = context.iter().any(|c| std::ptr::eq(*c, *source));
            haystack.push(' ');
            haystack.push_str(&collapse(&source.to_lowercase()));
            // "I haven't worked with Spark" in the notes is not Spark.
            for sentence in text::sentence_slices(source) {
                let about_employer = text::mentions_company(sentence, company);
                if is_context || (!text::is_negated(sentence) && !about_employer) {
                    skills.extend(taxonomy.skills_in(sentence));
                }
            }
            let parsed = resume::Resume::parse(source);
            if !is_context {
                roles.extend(
                    parsed.roles().filter_map(|r| {
                        r.organisation.as_ref().map(|o| (o.to_lowercase(), r.years))
                    }),
                );
            }
            skills.extend(
                parsed
                    .listed_skills()
                    .iter()
                    .filter_map(|s| taxonomy.lookup(s)),
            );
            for unit_text in units_of(source) {
                let tokens = text::tokens(&unit_text);
                let unit_stems: HashSet<String> =
                    text::content_stems(&unit_text).into_iter().collect();
                // "I never finished my master's" is not a master's degree.
                if !text::is_negated(&unit_text) {
                    for degree in degrees_in(&unit_text, &tokens) {
                        degrees.push((degree.level, unit_stems.clone()));
                    }
                }
                units.push(Unit {
                    numbers: numbers_in(&unit_text, &tokens),
                    stems: unit_stems,
                    text: unit_text,
                });
            }
        }
        haystack.push(' ');
        Facts {
            units,
            haystack,
            skills,
            degrees,
            roles,
        }
    }

    /// Whether the resume lists `name` as an organisation the user worked for.
    fn is_employer(&self, name: &str) -> bool {
        let name = name.to_lowercase();
        self.roles.iter().any(|(org, _)| {
            org == &name || text::contains_words(org, &name) || text::contains_words(&name, org)
        })
    }

    fn mentions_phrase(&self, phrase: &str) -> bool {
        let needle = collapse(&phrase.to_lowercase());
        needle.is_empty() || text::contains_words(&self.haystack, &needle)
    }
}

fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2019}' => '\'',
            '\u{2013}' | '\u{2014}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

/// The people, roles and posting a document is written for.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub company: String,
    pub role_title: String,
    pub posting: String,
}

/// Checks documents against the user's sources.
#[derive(Debug, Clone)]
pub struct TruthGate {
    user: Facts,
    /// The user's sources and the posting: for sentences about the employer.
    with_posting: Facts,
    target: Target,
}

impl TruthGate {
    /// `sources` are the resume the document is made from, the user's notes
    /// for the application, and their profile lines.
    pub fn new(sources: &[&str], target: Target) -> Self {
        let context: [&str; 3] = [&target.posting, &target.company, &target.role_title];
        Self {
            user: Facts::new(sources, &[], &target.company),
            with_posting: Facts::new(sources, &context, &target.company),
            target,
        }
    }

    /// Every unsupported claim in `document`, in document order.
    pub fn check(&self, document: &str, kind: DocumentKind) -> Vec<TruthFinding> {
        let mut findings = Vec::new();
        let mut seen = HashSet::new();
        for line in document.lines() {
            let is_heading = line.trim_start().starts_with('#');
            for unit in units_of(line) {
                let speaker = self.speaker(&unit, kind, is_heading);
                if speaker == Speaker::Nobody {
                    continue;
                }
                // A resume line shaped like a role heading claims that role.
                let entry_shaped = kind == DocumentKind::OptimisedResume
                    && (is_heading
                        || [" — ", " – ", " | "].iter().any(|s| unit.contains(s))
                        || resume::find_years(&unit).is_some());
                let claims_heading =
                    entry_shaped || (is_heading && kind != DocumentKind::CoverLetter);
                for finding in self.check_unit(&unit, speaker, claims_heading) {
                    if seen.insert((
                        finding.kind,
                        finding.claim.clone(),
                        finding.sentence.clone(),
                    )) {
                        findings.push(finding);
                    }
                }
            }
        }
        findings
    }

    fn speaker(&self, unit: &str, kind: DocumentKind, is_heading: bool) -> Speaker {
        let tokens = text::tokens(unit);
        if tokens.is_empty() {
            return Speaker::Nobody;
        }
        match kind {
            DocumentKind::ResearchReport => Speaker::Analysis,
            DocumentKind::OptimisedResume => Speaker::User,
            DocumentKind::CoverLetter if is_salutation(unit) => Speaker::Nobody,
            DocumentKind::CoverLetter => {
                let lower: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
                let first_person = lower
                    .iter()
                    .any(|w| text::is_first_person(w) || w == "we" || w == "our");
                if is_heading {
                    return Speaker::User;
                }
                if first_person {
                    return Speaker::User;
                }
                let unit_lower = unit.to_lowercase();
                let about_employer = lower
                    .iter()
                    .any(|w| matches!(w.as_str(), "you" | "your" | "yours"))
                    || (!self.target.company.is_empty()
                        && unit_lower.contains(&self.target.company.to_lowercase()))
                    || [
                        "the role",
                        "this role",
                        "the position",
                        "this position",
                        "the team",
                        "the posting",
                        "the job",
                    ]
                    .iter()
                    .any(|p| unit_lower.contains(p));
                // "Six years of Java at Parcelwise make this role a fit" is
                // still about the user.
                let about_user_history = self
                    .user
                    .roles
                    .iter()
                    .any(|(org, _)| !org.is_empty() && text::contains_words(&unit_lower, org))
                    || lower.iter().any(|w| text::is_past_tense(w));
                if about_employer && !about_user_history {
                    Speaker::Employer
                } else {
                    Speaker::User
                }
            }
        }
    }

    fn check_unit(&self, unit: &str, speaker: Speaker, is_heading: bool) -> Vec<TruthFinding> {
        // `is_heading`: the line is shaped like a role heading and claims it.
        let facts = match speaker {
            Speaker::User => &self.user,
            Speaker::Employer | Speaker::Analysis => &self.with_posting,
            Speaker::Nobody => return Vec::new(),
        };
        let tokens = text::tokens(unit);
        let mut out = Vec::new();
        let mut flag = |kind: FactKind, claim: &str, reason: String| {
            out.push(TruthFinding {
                kind,
                claim: claim.to_owned(),
                sentence: unit.to_owned(),
                reason,
            });
        };
        let negated = text::is_negated(unit);

        // Skills and certifications named in the taxonomy.
        let taxonomy = Taxonomy::bundled();
        let mentions = taxonomy.find_in_tokens(unit, &tokens);
        let mut skill_spans = Vec::new();
        for mention in &mentions {
            skill_spans.push((mention.start, mention.end));
            let skill = taxonomy.skill(mention.skill);
            if !skill.category.is_checkable()
                || negated
                || taxonomy.holds(&facts.skills, mention.skill)
            {
                continue;
            }
            let claim = &unit[mention.start..mention.end];
            let kind = if skill.category == SkillCategory::Certification {
                FactKind::Certification
            } else {
                FactKind::Skill
            };
            flag(
                kind,
                claim,
                format!("{} is not in your resume or notes", skill.name),
            );
        }

        // Numbers, in context; years separately.
        let numbers = numbers_in(unit, &tokens);
        let employer_in_unit = proper_phrases(unit, &tokens)
            .into_iter()
            .find(|p| facts.mentions_phrase(&p.text) && p.role == PhraseRole::Employer);
        for number in &numbers {
            // Job Forge's own arithmetic in a research report (counts, shares)
            // is not a claim about the user; what it quotes from them is.
            if speaker == Speaker::Analysis && !is_quoted(unit, tokens[number.token].start) {
                continue;
            }
            // A role's heading line must carry that role's own years.
            let is_heading_line = is_heading || tokens.len() <= 14;
            if number.unit == NumberUnit::Year
                && is_heading_line
                && let Some(employer) = &employer_in_unit
            {
                let employer_lower = employer.text.to_lowercase();
                let role_years: Vec<resume::YearRange> = facts
                    .roles
                    .iter()
                    .filter(|(org, _)| {
                        org == &employer_lower || text::contains_words(org, &employer_lower)
                    })
                    .filter_map(|(_, years)| *years)
                    .collect();
                let dated: Vec<&Unit> = facts
                    .units
                    .iter()
                    .filter(|u| {
                        u.text.to_lowercase().contains(&employer_lower)
                            && u.numbers.iter().any(|n| n.unit == NumberUnit::Year)
                    })
                    .collect();
                if !role_years.is_empty() || !dated.is_empty() {
                    let in_role = role_years.iter().any(|y| {
                        f64::from(y.from) == number.value
                            || y.to.is_some_and(|to| f64::from(to) == number.value)
                    });
                    let in_line = dated
                        .iter()
                        .any(|u| u.numbers.iter().any(|n| n.value == number.value));
                    if !in_role && !in_line {
                        flag(
                            FactKind::Date,
                            &number.raw,
                            format!(
                                "your sources do not date {} to {}",
                                employer.text, number.raw
                            ),
                        );
                    }
                    continue;
                }
            }
            if number.unit == NumberUnit::Year {
                if let Some(reason) = number_unsupported(number, &tokens, facts) {
                    flag(
                        FactKind::Date,
                        &number.raw,
                        reason.replace("does not appear", "is not a date"),
                    );
                }
                continue;
            }
            if let Some(reason) = number_unsupported(number, &tokens, facts) {
                flag(FactKind::Number, &number.raw, reason);
            }
        }

        // Employers, schools, titles, certifications written as names.
        for phrase in proper_phrases(unit, &tokens) {
            let is_skill_name = skill_spans
                .iter()
                .any(|&(s, e)| phrase.start < e && s < phrase.end);
            // A skill name is read as an employer only where the words say
            // so: "at Salesforce", or after the dash of a role heading —
            // not "calls for Excel" or "BLS (2024)".
            let before = unit[..phrase.start].trim_end().to_lowercase();
            let employment_cue = ["at", "@", "joined"]
                .iter()
                .any(|w| ends_with_word(&before, w))
                || (is_heading && before.ends_with(['—', '–', '|']));
            let checked_skill_name = phrase.role == PhraseRole::School
                || (phrase.role == PhraseRole::Employer && employment_cue);
            if is_skill_name && !checked_skill_name {
                continue;
            }
            let is_target = self.is_target(&phrase.text);
            let claimed_as_own = speaker == Speaker::User
                && is_target
                && self.claims_target_as_own(unit, &phrase, is_heading)
                && !self.user.mentions_phrase(&phrase.text);
            if claimed_as_own {
                // The job being applied for, written as the user's own history.
                let kind = if phrase.role == PhraseRole::Title {
                    FactKind::JobTitle
                } else {
                    FactKind::Employer
                };
                flag(
                    kind,
                    &phrase.text,
                    format!(
                        "{} is the job you are applying for, not one your resume lists",
                        phrase.text
                    ),
                );
                continue;
            }
            // "at Salesforce" when the resume lists Salesforce only as a tool
            // is a new employer: skill names must be listed employers.
            let known = if is_skill_name && phrase.role == PhraseRole::Employer {
                facts.is_employer(&phrase.text)
            } else {
                facts.mentions_phrase(&phrase.text)
            };
            if is_target || known {
                continue;
            }
            match phrase.role {
                PhraseRole::Employer => flag(
                    FactKind::Employer,
                    &phrase.text,
                    format!(
                        "{} is not an employer or organisation in your resume or notes",
                        phrase.text
                    ),
                ),
                PhraseRole::School => flag(
                    FactKind::School,
                    &phrase.text,
                    format!("{} is not a school in your resume or notes", phrase.text),
                ),
                PhraseRole::Title => flag(
                    FactKind::JobTitle,
                    &phrase.text,
                    format!("{} is not a job title in your resume or notes", phrase.text),
                ),
                PhraseRole::Certification => flag(
                    FactKind::Certification,
                    &phrase.text,
                    format!(
                        "{} is not a certification in your resume or notes",
                        phrase.text
                    ),
                ),
                PhraseRole::Other => {}
            }
        }

        // Degrees.
        if !negated {
            for degree in degrees_in(unit, &tokens) {
                let same_level: Vec<&HashSet<String>> = facts
                    .degrees
                    .iter()
                    .filter(|(level, _)| *level == degree.level)
                    .map(|(_, words)| words)
                    .collect();
                if same_level.is_empty() {
                    flag(
                        FactKind::Degree,
                        &degree.raw,
                        format!(
                            "your resume and notes list no {} degree",
                            degree.level.label()
                        ),
                    );
                } else if !same_level
                    .iter()
                    .any(|words| degree.field.iter().all(|w| words.contains(w)))
                {
                    flag(
                        FactKind::Degree,
                        &degree.raw,
                        format!(
                            "your {} degree is in another field than “{}”",
                            degree.level.label(),
                            degree.field.join(" ")
                        ),
                    );
                }
            }
        }
        out
    }

    /// Whether a phrase names the company or the role being applied for
    /// ("Senior Account Executive" in "Senior Account Executive, Mid-Market").
    fn is_target(&self, phrase: &str) -> bool {
        let phrase = phrase.trim().to_lowercase();
        let matches = |name: &str| {
            let name = name.trim().to_lowercase();
            !name.is_empty()
                && (name == phrase
                    || (phrase.split_whitespace().count() >= 2
                        && text::contains_words(&name, &phrase)))
        };
        matches(&self.target.company) || matches(&self.target.role_title)
    }

    fn claims_target_as_own(&self, unit: &str, phrase: &Phrase, is_heading: bool) -> bool {
        let is_company = !self.target.company.is_empty()
            && phrase.text.eq_ignore_ascii_case(self.target.company.trim());
        if is_heading {
            return true;
        }
        let before = unit[..phrase.start].to_lowercase();
        let before = before.trim_end();
        let wishful = [
            "love to",
            "excited to",
            "hope to",
            "would",
            "want to",
            "eager to",
            "keen to",
            "look forward",
            "looking forward",
            "chance to",
            "opportunity to",
            "could",
            "will ",
            "to join",
            "to work",
            "'d ",
            "\u{2019}d ",
        ]
        .iter()
        .any(|w| before.contains(w));
        if wishful {
            return false;
        }
        if is_company {
            let preposition = ["at", "for", "joined", "with"]
                .iter()
                .any(|w| ends_with_word(before, w));
            let words: Vec<&str> = before.split_whitespace().rev().take(7).collect();
            let about_applying = words.iter().any(|w| {
                [
                    "apply",
                    "applying",
                    "application",
                    "role",
                    "position",
                    "job",
                    "opening",
                    "interview",
                ]
                .contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
            });
            let past_work = words
                .iter()
                .any(|w| text::is_past_tense(w.trim_matches(|c: char| !c.is_alphanumeric())));
            let sentence_start = before == "at" || before == "for";
            // "My four years at X", "my time with X".
            let my_history = words.contains(&"my");
            return preposition && (sentence_start || past_work || my_history) && !about_applying;
        }
        [
            "as a",
            "as an",
            "as",
            "was a",
            "was an",
            "i'm a",
            "i am a",
            "worked as a",
            "my role as",
        ]
        .iter()
        .any(|w| ends_with_word(before, w))
    }
}

/// Whether a byte offset stands inside “curly” or "straight" quotes.
fn is_quoted(unit: &str, at: usize) -> bool {
    let before = &unit[..at];
    let opened = before.matches('“').count() > before.matches('”').count();
    opened || before.matches('"').count() % 2 == 1
}

/// "Dear Globex hiring team," / "Hey Sam," / "Best regards,": no claims.
fn is_salutation(unit: &str) -> bool {
    let lower = unit.trim().to_lowercase();
    lower.split_whitespace().count() <= 8
        && text::greeting_opener(&lower).is_some()
        && (lower.ends_with(',') || lower.ends_with(':') || lower.ends_with('!'))
}

fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with(' ') || rest.ends_with(','))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Speaker {
    /// The user speaking about themselves: checked against their sources.
    User,
    /// A sentence about the employer or the posting.
    Employer,
    /// The research report: the posting and the user's sources together.
    Analysis,
    Nobody,
}

fn number_unsupported(
    number: &NumberMention,
    tokens: &[Token<'_>],
    facts: &Facts,
) -> Option<String> {
    let same: Vec<&Unit> = facts
        .units
        .iter()
        .filter(|u| {
            u.numbers
                .iter()
                .any(|n| approx_eq(n.value, number.value) && n.unit.compatible(number.unit))
        })
        .collect();
    if same.is_empty() {
        return Some(format!(
            "{} does not appear in your resume or notes",
            number.raw
        ));
    }
    // In context: the same counted thing ("4 engineers" / "four engineers"),
    // or at least two shared words around it. One shared verb ("Led a team
    // of 12" / "Led 12 migrations") is not enough.
    let window: HashSet<String> = window_stems(tokens, number.token, 5)
        .into_iter()
        .filter(|w| !text::is_past_tense(w))
        .collect();
    let same_noun = |u: &&Unit| {
        number.noun.is_some()
            && u.numbers
                .iter()
                .any(|n| approx_eq(n.value, number.value) && n.noun == number.noun)
    };
    let shared_context = |u: &&Unit| u.stems.intersection(&window).count() >= 2.min(window.len());
    if window.is_empty() || same.iter().any(|u| same_noun(u) || shared_context(u)) {
        return None;
    }
    let quote = &same[0].text;
    Some(format!(
        "your sources give {} only in another context: “{}”",
        number.raw,
        shorten(quote, 120)
    ))
}

fn approx_eq(a: f64, b: f64) -> bool {
    (a - b).abs() <= f64::EPSILON.max(a.abs() * 1e-9)
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

fn window_stems(tokens: &[Token<'_>], at: usize, radius: usize) -> HashSet<String> {
    let from = at.saturating_sub(radius);
    let to = (at + radius + 1).min(tokens.len());
    tokens[from..to]
        .iter()
        .enumerate()
        .filter(|(i, t)| from + i != at && !t.is_number())
        .map(|(_, t)| text::normalise_word(t.text))
        .filter(|w| w.chars().count() > 1 && !text::is_stopword(w))
        .map(|w| text::stem(&w))
        .collect()
}

/// Splits a document or source into checkable units: each heading or
/// bullet line whole, prose by sentence; Markdown marks removed.
fn units_of(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in source.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty()
            || trimmed
                .chars()
                .all(|c| matches!(c, '-' | '*' | '_' | '=' | '#' | ' '))
        {
            continue;
        }
        if let Some(bullet) = text::strip_bullet(trimmed) {
            out.push(text::plain(bullet));
        } else if trimmed.starts_with('#') {
            out.push(text::plain(trimmed));
        } else {
            out.extend(text::sentence_slices(trimmed).into_iter().map(text::plain));
        }
    }
    out
}

fn numbers_in(unit: &str, tokens: &[Token<'_>]) -> Vec<NumberMention> {
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let lower = token.text.to_lowercase();
        let (digits, mut suffix) = split_number(&lower);
        let value = if digits.is_empty() {
            match text::number_word(&lower) {
                // "one" is too often not a quantity ("one of the").
                Some(n) if n != 1 => {
                    suffix = "";
                    f64::from(n)
                }
                _ => continue,
            }
        } else {
            match digits.replace(',', "").parse::<f64>() {
                Ok(v) => v,
                Err(_) => continue,
            }
        };
        let mut unit_kind = NumberUnit::Plain;
        let mut value = value;
        match suffix {
            "" | "+" => {}
            "k" => value *= 1e3,
            "m" | "mm" => value *= 1e6,
            "b" | "bn" => value *= 1e9,
            "x" => unit_kind = NumberUnit::Multiplier,
            "%" => unit_kind = NumberUnit::Percent,
            _ => continue, // "3d", "2nd", "p99" and friends are not quantities.
        }
        let after = &unit[token.end..];
        let next_word = tokens.get(i + 1).map(|t| t.text.to_lowercase());
        if after.starts_with('%')
            || after.starts_with(" %")
            || next_word.as_deref() == Some("percent")
        {
            unit_kind = NumberUnit::Percent;
        }
        match next_word.as_deref() {
            Some("thousand") => value *= 1e3,
            Some("million") => value *= 1e6,
            Some("billion") => value *= 1e9,
            _ => {}
        }
        let before = unit[..token.start].trim_end();
        if before.ends_with(['$', '€', '£', '¥']) {
            unit_kind = NumberUnit::Money;
        }
        if unit_kind == NumberUnit::Plain
            && suffix.is_empty()
            && !digits.contains(['.', ','])
            && resume::as_year(&digits).is_some()
        {
            unit_kind = NumberUnit::Year;
        }
        let noun = tokens[i + 1..]
            .iter()
            .map(|t| text::normalise_word(t.text))
            .find(|w| {
                !matches!(
                    w.as_str(),
                    "thousand" | "million" | "billion" | "percent" | "of" | "a" | "an" | "the"
                )
            })
            .map(|w| text::stem(&w));
        out.push(NumberMention {
            value,
            unit: unit_kind,
            raw: token.text.to_owned(),
            token: i,
            noun,
        });
    }
    out
}

fn split_number(lower: &str) -> (String, &str) {
    let end = lower
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ','))
        .map_or(lower.len(), |(i, _)| i);
    (
        lower[..end].trim_end_matches(['.', ',']).to_owned(),
        &lower[end..],
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum DegreeLevel {
    Associate,
    Bachelor,
    Master,
    Doctorate,
    Medicine,
    Law,
}

impl DegreeLevel {
    fn label(self) -> &'static str {
        match self {
            Self::Associate => "associate",
            Self::Bachelor => "bachelor's",
            Self::Master => "master's",
            Self::Doctorate => "doctoral",
            Self::Medicine => "medical",
            Self::Law => "law",
        }
    }
}

#[derive(Debug, Clone)]
struct Degree {
    level: DegreeLevel,
    raw: String,
    field: Vec<String>,
}

fn degree_level(token: &str, previous: Option<&str>) -> Option<DegreeLevel> {
    let lower = token.to_lowercase().replace('\u{2019}', "'");
    let compact = lower.replace('.', "");
    let level = match compact.as_str() {
        "bachelor" | "bachelor's" | "bachelors" | "bs" | "bsc" | "ba" | "beng" | "bba" | "bfa"
        | "bsn" | "bcom" | "btech" => DegreeLevel::Bachelor,
        "master" | "master's" | "masters" | "ms" | "msc" | "ma" | "meng" | "mba" | "mfa"
        | "msn" | "mpa" | "mph" | "mtech" => DegreeLevel::Master,
        "phd" | "doctorate" | "dphil" | "edd" => DegreeLevel::Doctorate,
        "associate's" | "associates" | "aas" => DegreeLevel::Associate,
        "md" => DegreeLevel::Medicine,
        "jd" => DegreeLevel::Law,
        _ => return None,
    };
    // Two-letter abbreviations: only in capitals, and not a US state ("Boston, MA").
    if compact.len() <= 2 {
        let upper_ok = token
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        if !upper_ok || previous.is_some_and(|p| p.ends_with(',')) {
            return None;
        }
    }
    Some(level)
}

fn degrees_in(unit: &str, tokens: &[Token<'_>]) -> Vec<Degree> {
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let previous = (i > 0).then(|| unit[tokens[i - 1].start..token.start].trim());
        let previous_gap = previous.map(|_| &unit[tokens[i - 1].end..token.start]);
        let Some(level) = degree_level(token.text, previous_gap) else {
            continue;
        };
        // "associate" alone is a job level, not a degree, unless "degree" follows.
        let next = tokens.get(i + 1).map(|t| t.text.to_lowercase());
        if token.text.to_lowercase().starts_with("associate") && next.as_deref() != Some("degree") {
            continue;
        }
        if token.text.to_lowercase().starts_with("master")
            && next.as_deref().is_some_and(|n| n.starts_with("class"))
        {
            continue;
        }
        // The field: words after "in" / "of" (up to four), or right after an abbreviation.
        let mut field = Vec::new();
        let mut j = i + 1;
        while j < tokens.len()
            && matches!(
                tokens[j].text.to_lowercase().as_str(),
                "degree" | "of" | "in" | "science" | "arts"
            )
        {
            j += 1;
        }
        let gap_ok = |k: usize| {
            k < tokens.len()
                && unit[tokens[k - 1].end..tokens[k].start]
                    .trim_matches(|c: char| c.is_whitespace() || c == '.')
                    .is_empty()
        };
        while gap_ok(j) && field.len() < 4 {
            let word = text::normalise_word(tokens[j].text);
            if matches!(word.as_str(), "from" | "at" | "and" | "with")
                || resume::as_year(&word).is_some()
            {
                break;
            }
            if !text::is_stopword(&word) {
                field.push(text::stem(&word));
            }
            j += 1;
        }
        out.push(Degree {
            level,
            raw: token.text.to_owned(),
            field,
        });
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PhraseRole {
    Employer,
    School,
    Title,
    Certification,
    Other,
}

#[derive(Debug, Clone)]
struct Phrase {
    text: String,
    start: usize,
    end: usize,
    role: PhraseRole,
}

const ORG_SUFFIXES: &[&str] = &[
    "inc",
    "llc",
    "ltd",
    "corp",
    "corporation",
    "co",
    "gmbh",
    "plc",
    "labs",
    "technologies",
    "systems",
    "group",
    "bank",
    "health",
    "hospital",
    "clinic",
    "partners",
    "consulting",
    "solutions",
    "software",
    "ventures",
    "capital",
    "agency",
    "studio",
    "studios",
    "foundation",
    "institute",
    "media",
    "logistics",
    "freight",
    "analytics",
    "holdings",
    "industries",
];

const CONNECTORS: &[&str] = &["of", "&", "and", "de", "for", "the"];

/// Runs of capitalised words (with "of", "&" inside), classified by what
/// they look like and the words around them.
fn proper_phrases(unit: &str, tokens: &[Token<'_>]) -> Vec<Phrase> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !is_proper_word(&tokens[i], i) {
            i += 1;
            continue;
        }
        let mut j = i;
        loop {
            let next = j + 1;
            if next >= tokens.len() || !unit[tokens[j].end..tokens[next].start].trim().is_empty() {
                break;
            }
            if is_proper_word(&tokens[next], next) {
                j = next;
                continue;
            }
            // "University of Oregon", "Procter & Gamble"
            let lower = tokens[next].text.to_lowercase();
            if CONNECTORS.contains(&lower.as_str())
                && tokens
                    .get(next + 1)
                    .is_some_and(|t| is_proper_word(t, next + 1))
                && unit[tokens[next].end..tokens[next + 1].start]
                    .trim()
                    .is_empty()
            {
                j = next + 1;
                continue;
            }
            break;
        }
        let start = tokens[i].start;
        let end = tokens[j].end;
        let words: Vec<String> = tokens[i..=j]
            .iter()
            .map(|t| t.text.to_lowercase())
            .collect();
        let before = unit[..start].trim_end().to_lowercase();
        let after = unit[end..].trim_start();
        let role = if words
            .iter()
            .any(|w| crate::resume::SCHOOL_WORDS.contains(&w.as_str()))
        {
            PhraseRole::School
        } else if words
            .iter()
            .any(|w| w.starts_with("certif") || w == "licensed" || w == "license")
        {
            PhraseRole::Certification
        } else if words
            .last()
            .is_some_and(|w| TITLE_WORDS.contains(&w.as_str()))
            && words.len() >= 2
        {
            PhraseRole::Title
        } else if words
            .last()
            .is_some_and(|w| ORG_SUFFIXES.contains(&w.trim_end_matches('.')))
            && words.len() >= 2
            || ["at", "for", "joined", "@"]
                .iter()
                .any(|w| ends_with_word(&before, w))
            || before.ends_with('—')
            || before.ends_with('–')
            || before.ends_with('|')
            || after.starts_with('(') && resume::find_years(after).is_some()
        {
            PhraseRole::Employer
        } else {
            PhraseRole::Other
        };
        out.push(Phrase {
            text: unit[start..end].to_owned(),
            start,
            end,
            role,
        });
        i = j + 1;
    }
    out
}

fn is_proper_word(token: &Token<'_>, index: usize) -> bool {
    let text = token.text;
    let Some(first) = text.chars().next() else {
        return false;
    };
    if !first.is_uppercase()
        || text == "I"
        || text.starts_with("I'")
        || text.starts_with("I\u{2019}")
    {
        return false;
    }
    let lower = text.to_lowercase();
    if resume::is_month(&lower) || WEEKDAYS.contains(&lower.as_str()) {
        return false;
    }
    // A capital at the start of a sentence proves nothing for ordinary words.
    if index == 0 && (text::is_stopword(&lower) || COMMON_SENTENCE_STARTS.contains(&lower.as_str()))
    {
        return false;
    }
    !text::is_stopword(&lower) || text.chars().all(|c| c.is_uppercase())
}

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const COMMON_SENTENCE_STARTS: &[&str] = &[
    "led",
    "built",
    "designed",
    "created",
    "managed",
    "developed",
    "ran",
    "owned",
    "shipped",
    "introduced",
    "moved",
    "automated",
    "mentored",
    "reduced",
    "increased",
    "improved",
    "launched",
    "drove",
    "grew",
    "cut",
    "wrote",
    "delivered",
    "implemented",
    "partnered",
    "collaborated",
    "coordinated",
    "trained",
    "supported",
    "responsible",
    "member",
    "working",
    "thank",
    "thanks",
    "dear",
    "hello",
    "hi",
    "best",
    "sincerely",
    "regards",
    "since",
    "during",
    "before",
    "after",
    "today",
    "currently",
    "previously",
    "recently",
    "together",
    "please",
    "looking",
    "having",
    "reading",
    "seeing",
    "as",
    "while",
    "both",
    "each",
];

#[cfg(test)]
mod tests {
    use super::*;

    const ADA: &str = include_str!("../../../assets/sample/resume-ada-park.md");
    const NOTES: &str = "I used Tidewater's tracking page for years when I shipped my own furniture business orders.";

    fn gate() -> TruthGate {
        TruthGate::new(
            &[ADA, NOTES],
            Target {
                company: "Tidewater Freight".to_owned(),
                role_title: "Senior Backend Engineer".to_owned(),
                posting:
                    "We need 7+ years of Rust and Java. Tidewater Freight moves 3 million pallets."
                        .to_owned(),
            },
        )
    }

    fn claims(document: &str, kind: DocumentKind) -> Vec<(FactKind, String)> {
        gate()
            .check(document, kind)
            .into_iter()
            .map(|f| (f.kind, f.claim))
            .collect()
    }

    #[test]
    fn the_source_resume_itself_passes() {
        assert_eq!(claims(ADA, DocumentKind::OptimisedResume), []);
    }

    #[test]
    fn honest_rewrites_pass() {
        let letter = "Dear Tidewater Freight hiring team,\n\nI'm applying for the Senior Backend Engineer role. At Parcelwise, I led the rewrite of the shipment-tracking service from Python to Rust, cutting p99 latency from 480 ms to 35 ms. Before that, at Ledgerly, I built a card-authorisation API in Go that handled 2,000 requests per second at peak.\n\nYour team runs on Java, and the posting asks for 7+ years of experience.\n\nI mentored four engineers and ran our weekly design review.\n\nBest regards,\nAda Park";
        assert_eq!(claims(letter, DocumentKind::CoverLetter), []);
        let resume = "### Senior Software Engineer — Parcelwise (2021–present), Portland, OR\n\n- Designed an event pipeline on Kafka and PostgreSQL that processes 12 million tracking events a day.\n- Mentored 4 engineers.\n\nB.Sc. Computer Science — Oregon State University (2018)\n";
        assert_eq!(gate().check(resume, DocumentKind::OptimisedResume), []);
    }

    #[test]
    fn a_new_employer_is_caught() {
        let found = claims(
            "- Led platform work at Initech, shipping weekly.",
            DocumentKind::OptimisedResume,
        );
        assert_eq!(found, [(FactKind::Employer, "Initech".to_owned())]);
        let heading = claims(
            "### Staff Engineer — Hooli (2015–2018)",
            DocumentKind::OptimisedResume,
        );
        assert!(
            heading.contains(&(FactKind::Employer, "Hooli".to_owned())),
            "{heading:?}"
        );
        assert!(
            heading.contains(&(FactKind::JobTitle, "Staff Engineer".to_owned())),
            "{heading:?}"
        );
    }

    #[test]
    fn an_inflated_metric_is_caught_even_when_the_number_exists_elsewhere() {
        let found = claims(
            "- Processes 120 million tracking events a day.",
            DocumentKind::OptimisedResume,
        );
        assert_eq!(found, [(FactKind::Number, "120".to_owned())]);
        // 2,000 is in the resume, but as requests per second, not events.
        let moved = claims(
            "- Designed a pipeline that processes 2,000 tracking events a day.",
            DocumentKind::OptimisedResume,
        );
        assert_eq!(moved, [(FactKind::Number, "2,000".to_owned())]);
        let percent = claims("I cut p99 latency by 35%.", DocumentKind::CoverLetter);
        assert_eq!(percent, [(FactKind::Number, "35".to_owned())]);
    }

    #[test]
    fn a_degree_never_earned_is_caught() {
        let found = claims(
            "I hold an MBA from Oregon State University.",
            DocumentKind::CoverLetter,
        );
        assert_eq!(found, [(FactKind::Degree, "MBA".to_owned())]);
        let field = claims(
            "B.Sc. Mechanical Engineering — Oregon State University (2018)",
            DocumentKind::OptimisedResume,
        );
        assert_eq!(field.len(), 1, "{field:?}");
        assert_eq!(field[0].0, FactKind::Degree);
        let school = claims(
            "B.Sc. Computer Science — Stanford University (2018)",
            DocumentKind::OptimisedResume,
        );
        assert_eq!(
            school,
            [(FactKind::School, "Stanford University".to_owned())]
        );
    }

    #[test]
    fn a_skill_not_in_the_resume_is_caught_but_an_honest_gap_is_not() {
        let found = claims(
            "- Built services in Java and Rust.",
            DocumentKind::OptimisedResume,
        );
        assert_eq!(found, [(FactKind::Skill, "Java".to_owned())]);
        assert_eq!(
            claims(
                "I haven't used Java yet, but I learn fast.",
                DocumentKind::CoverLetter
            ),
            []
        );
        // About the employer, not the user: fine.
        assert_eq!(
            claims("Your team builds with Java.", DocumentKind::CoverLetter),
            []
        );
    }

    #[test]
    fn the_target_job_claimed_as_past_employment_is_caught() {
        let found = claims(
            "At Tidewater Freight, I led the routing team.",
            DocumentKind::CoverLetter,
        );
        assert_eq!(
            found,
            [(FactKind::Employer, "Tidewater Freight".to_owned())]
        );
        let title = claims(
            "I worked as a Senior Backend Engineer for years.",
            DocumentKind::CoverLetter,
        );
        assert_eq!(
            title,
            [(FactKind::JobTitle, "Senior Backend Engineer".to_owned())]
        );
        assert_eq!(
            claims(
                "I am applying for the role at Tidewater Freight.",
                DocumentKind::CoverLetter
            ),
            []
        );
        assert_eq!(
            claims(
                "I'd love to build routing tools at Tidewater Freight.",
                DocumentKind::CoverLetter
            ),
            []
        );
    }

    #[test]
    fn research_arithmetic_is_not_a_claim_but_quotes_are_checked() {
        assert_eq!(
            claims(
                "- Skills your resume shows: 3 of 4 (88% weighted)",
                DocumentKind::ResearchReport
            ),
            []
        );
        let quoted = claims(
            "- Evidence: “Mentored 40 engineers.”",
            DocumentKind::ResearchReport,
        );
        assert_eq!(quoted, [(FactKind::Number, "40".to_owned())]);
    }

    #[test]
    fn shifted_dates_and_uncertified_claims_are_caught() {
        let found = claims(
            "### Software Engineer — Ledgerly (2016–2021), Seattle, WA",
            DocumentKind::OptimisedResume,
        );
        assert_eq!(found, [(FactKind::Date, "2016".to_owned())]);
        let cert = claims(
            "Certified Kubernetes Administrator (2023)",
            DocumentKind::OptimisedResume,
        );
        assert!(
            cert.iter().any(|(k, _)| *k == FactKind::Certification),
            "{cert:?}"
        );
    }

    #[test]
    fn review_holes_are_closed() {
        // An employer whose name is also a tool the user lists.
        let gate = TruthGate::new(
            &[
                "### Account Executive — Parcelwise (2019–2023)\n\n- Kept Salesforce current.\n\n## Skills\n\nSalesforce, Excel",
            ],
            Target::default(),
        );
        let found: Vec<(FactKind, String)> = gate
            .check(
                "### Account Executive — Salesforce (2019–2022)",
                DocumentKind::OptimisedResume,
            )
            .into_iter()
            .map(|f| (f.kind, f.claim))
            .collect();
        assert!(
            found.contains(&(FactKind::Employer, "Salesforce".to_owned())),
            "{found:?}"
        );

        // Dates on a line of their own under the heading still pin the role.
        let gate = TruthGate::new(
            &["### Parcelwise\nSenior Engineer · 2019 – 2022\n\n- Built things."],
            Target::default(),
        );
        let found: Vec<String> = gate
            .check(
                "### Senior Engineer — Parcelwise (2012 – 2022)",
                DocumentKind::OptimisedResume,
            )
            .into_iter()
            .map(|f| f.claim)
            .collect();
        assert!(found.contains(&"2012".to_owned()), "{found:?}");

        // The target company as a resume role, heading or not.
        let found = claims(
            "Senior Backend Engineer — Tidewater Freight (2021–present)",
            DocumentKind::OptimisedResume,
        );
        assert!(
            found
                .iter()
                .any(|(k, c)| *k == FactKind::Employer && c == "Tidewater Freight"),
            "{found:?}"
        );
        let found = claims(
            "My four years at Tidewater Freight taught me routing.",
            DocumentKind::CoverLetter,
        );
        assert!(
            found.iter().any(|(_, c)| c == "Tidewater Freight"),
            "{found:?}"
        );

        // A machine-learning line is not a negation; a degree the user never finished is not a degree.
        let found = claims(
            "- Built machine learning pipelines in Java.",
            DocumentKind::OptimisedResume,
        );
        assert!(
            found.contains(&(FactKind::Skill, "Java".to_owned())),
            "{found:?}"
        );
        let gate = TruthGate::new(
            &[
                ADA,
                "I never finished my master's degree in computer science.",
            ],
            Target::default(),
        );
        let found = gate.check(
            "I hold a Master's in Computer Science.",
            DocumentKind::CoverLetter,
        );
        assert_eq!(found.len(), 1, "{found:?}");

        // One shared verb is not context.
        let found = claims("- Mentored 14 engineers.", DocumentKind::OptimisedResume);
        assert_eq!(found, [(FactKind::Number, "14".to_owned())]);

        // Experience claimed in a sentence about the role is still a claim.
        let found = claims(
            "Six years of Java at Parcelwise make this role a natural fit.",
            DocumentKind::CoverLetter,
        );
        assert!(
            found.contains(&(FactKind::Skill, "Java".to_owned())),
            "{found:?}"
        );
    }

    #[test]
    fn research_may_quote_the_posting() {
        assert_eq!(
            claims(
                "The posting asks for 7+ years of Rust and Java; Tidewater Freight moves 3 million pallets.",
                DocumentKind::ResearchReport
            ),
            []
        );
    }
}
