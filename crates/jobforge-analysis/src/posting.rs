//! Reading a job posting: requirements and how much they matter, skills,
//! years of experience, seniority, responsibilities, what it says about the
//! company, and the keywords an applicant tracking system would look for.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::taxonomy::{SkillCategory, SkillId, Taxonomy};
use crate::text::{self, strip_bullet};

/// How much a requirement matters to the employer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Importance {
    /// Named in passing (responsibilities, the company's description).
    Mentioned,
    /// "Nice to have", "preferred", "a plus".
    Preferred,
    /// "Must", "required", the requirements list.
    Required,
}

impl Importance {
    pub fn weight(self) -> f32 {
        match self {
            Self::Required => 3.0,
            Self::Preferred => 1.5,
            Self::Mentioned => 1.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Required => "must have",
            Self::Preferred => "nice to have",
            Self::Mentioned => "mentioned",
        }
    }
}

/// How senior the role is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seniority {
    Intern,
    Junior,
    Mid,
    Senior,
    Lead,
    Manager,
    Director,
    Executive,
}

impl Seniority {
    pub fn label(self) -> &'static str {
        match self {
            Self::Intern => "intern",
            Self::Junior => "junior",
            Self::Mid => "mid-level",
            Self::Senior => "senior",
            Self::Lead => "lead / staff",
            Self::Manager => "manager",
            Self::Director => "director",
            Self::Executive => "executive",
        }
    }
}

/// One requirement line of the posting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    pub text: String,
    pub importance: Importance,
    /// Canonical names of the skills it names.
    pub skills: Vec<String>,
    /// "5+ years" → 5.
    pub years: Option<u32>,
}

/// A skill the posting asks for, with its strongest importance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillDemand {
    pub name: String,
    pub category: SkillCategory,
    pub importance: Importance,
    /// How many times the posting names it.
    pub mentions: u32,
    pub years: Option<u32>,
}

/// What Job Forge reads out of a posting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostingAnalysis {
    pub company: String,
    pub role_title: String,
    pub requirements: Vec<Requirement>,
    pub responsibilities: Vec<String>,
    /// Sentences about the company: mission, product, team, culture.
    pub about_company: Vec<String>,
    pub benefits: Vec<String>,
    /// Most important first, then most mentioned.
    pub skills: Vec<SkillDemand>,
    /// The largest "N years" the requirements ask for.
    pub min_years: Option<u32>,
    pub seniority: Option<Seniority>,
    /// Terms an applicant tracking system would match on, most telling first.
    pub keywords: Vec<String>,
}

impl PostingAnalysis {
    pub fn skill(&self, name: &str) -> Option<&SkillDemand> {
        self.skills.iter().find(|s| s.name == name)
    }

    pub fn skills_at_least(&self, importance: Importance) -> impl Iterator<Item = &SkillDemand> {
        self.skills
            .iter()
            .filter(move |s| s.importance >= importance)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Unknown,
    About,
    Responsibilities,
    Requirements,
    Preferred,
    Benefits,
    Logistics,
}

fn block_of_heading(line: &str) -> Option<Block> {
    let plain = text::plain(line);
    let plain = plain.trim_end_matches(':').trim();
    let words = plain.split_whitespace().count();
    if plain.is_empty() || words > 9 || plain.ends_with('.') {
        return None;
    }
    let lower = plain.to_lowercase();
    let has = |needles: &[&str]| needles.iter().any(|n| lower.contains(n));
    // Order matters: "preferred qualifications" before "qualifications".
    if has(&[
        "nice to have",
        "nice-to-have",
        "preferred",
        "bonus",
        "plus if",
        "extra credit",
        "desirable",
        "desired",
        "good to have",
        "would be great",
        "even better",
    ]) {
        return Some(Block::Preferred);
    }
    if has(&[
        "requirement",
        "qualification",
        "what you bring",
        "what we're looking for",
        "what we are looking for",
        "you have",
        "you'll need",
        "you will need",
        "must have",
        "who you are",
        "about you",
        "skills and experience",
        "what you need",
        "you should have",
        "experience and skills",
        "your background",
        "your profile",
        "minimum",
    ]) {
        return Some(Block::Requirements);
    }
    if has(&[
        "responsibilit",
        "what you'll do",
        "what you will do",
        "the role",
        "your role",
        "day to day",
        "day-to-day",
        "in this role",
        "your impact",
        "what you'll be doing",
        "the job",
        "duties",
        "you will",
        "you'll",
    ]) {
        return Some(Block::Responsibilities);
    }
    if has(&[
        "benefit",
        "perks",
        "what we offer",
        "compensation",
        "why join",
        "why you'll love",
        "salary",
        "we offer",
    ]) {
        return Some(Block::Benefits);
    }
    if has(&[
        "about us",
        "about the company",
        "who we are",
        "our mission",
        "about ",
        "the company",
        "our team",
        "our story",
    ]) {
        return Some(Block::About);
    }
    if has(&[
        "how to apply",
        "location",
        "equal opportunity",
        "eeo",
        "application process",
    ]) {
        return Some(Block::Logistics);
    }
    None
}

fn is_heading_shape(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.starts_with('#')
        || (trimmed.ends_with(':') && trimmed.split_whitespace().count() <= 9)
        || (trimmed.starts_with("**") && trimmed.ends_with("**"))
        || (trimmed.split_whitespace().count() <= 6
            && !trimmed.ends_with('.')
            && strip_bullet(trimmed).is_none())
}

const REQUIRED_CUES: &[&str] = &[
    "must",
    "required",
    "require",
    "requires",
    "requirement",
    "minimum",
    "at least",
    "you have",
    "you bring",
    "proven",
    "strong knowledge",
    "strong experience",
    "proficiency",
    "proficient",
    "expertise in",
    "expert in",
    "deep experience",
    "solid experience",
    "hands-on experience",
    "essential",
    "mandatory",
    "need to have",
    "you'll need",
];

const PREFERRED_CUES: &[&str] = &[
    "nice to have",
    "nice-to-have",
    "preferred",
    "is a plus",
    "a plus",
    "bonus",
    "ideally",
    "desirable",
    "would be great",
    "familiarity with",
    "exposure to",
    "good to have",
    "advantage",
    "not required",
    "helpful",
    "even better",
];

fn contains_cue(lower: &str, cues: &[&str]) -> bool {
    cue_position(lower, cues).is_some()
}

/// Where the first of `cues` stands in `lower`, as a whole phrase.
fn cue_position(lower: &str, cues: &[&str]) -> Option<usize> {
    cues.iter()
        .filter_map(|cue| {
            lower.match_indices(cue).find_map(|(at, _)| {
                let before_ok = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
                let end = at + cue.len();
                let after_ok = end >= lower.len() || !lower.as_bytes()[end].is_ascii_alphanumeric();
                (before_ok && after_ok).then_some(at)
            })
        })
        .min()
}

/// Years of experience asked for in a line: "5+ years", "3-5 years",
/// "five years'", "minimum of 2 yrs".
pub fn years_in(line: &str) -> Option<u32> {
    let tokens = text::tokens(line);
    let mut found = None;
    for (i, token) in tokens.iter().enumerate() {
        let lower = token.text.to_lowercase();
        if !matches!(
            lower.trim_end_matches(['\'', '\u{2019}']),
            "year" | "years" | "yrs" | "yr"
        ) {
            continue;
        }
        // Walk back over "+", "-", "to", "or more": the first number found
        // is the lower bound of a range ("3-5 years" → 3).
        let mut j = i;
        let mut numbers = Vec::new();
        while j > 0 && i - j < 4 {
            j -= 1;
            let word = tokens[j].text.to_lowercase();
            let number = word
                .trim_end_matches('+')
                .parse::<u32>()
                .ok()
                .or_else(|| text::number_word(&word));
            match number {
                Some(n) if n <= 40 => numbers.push(n),
                _ if matches!(word.as_str(), "to" | "or" | "plus" | "and") => {}
                _ => break,
            }
        }
        if let Some(&lower_bound) = numbers.last() {
            found = Some(found.map_or(lower_bound, |f: u32| f.max(lower_bound)));
        }
    }
    found
}

fn seniority_of(title: &str, min_years: Option<u32>) -> Option<Seniority> {
    let lower = title.to_lowercase();
    let words: Vec<String> = text::tokens(&lower)
        .iter()
        .map(|t| t.text.to_owned())
        .collect();
    let has = |w: &str| words.iter().any(|x| x == w);
    if has("intern") || has("internship") || has("trainee") || has("apprentice") {
        return Some(Seniority::Intern);
    }
    if has("chief")
        || has("vp")
        || (has("vice") && has("president"))
        || has("cto")
        || has("cfo")
        || has("ceo")
    {
        return Some(Seniority::Executive);
    }
    if has("director") || has("head") {
        return Some(Seniority::Director);
    }
    if has("manager") && !has("product") && !has("account") && !has("project") {
        return Some(Seniority::Manager);
    }
    if has("lead") || has("staff") || has("principal") || has("architect") {
        return Some(Seniority::Lead);
    }
    if has("senior") || has("sr") || has("iii") {
        return Some(Seniority::Senior);
    }
    if has("junior") || has("jr") || has("entry") || has("graduate") || has("associate") {
        return Some(Seniority::Junior);
    }
    match min_years {
        Some(0..=1) => Some(Seniority::Junior),
        Some(2..=4) => Some(Seniority::Mid),
        Some(5..=7) => Some(Seniority::Senior),
        Some(_) => Some(Seniority::Lead),
        None if has("manager") => Some(Seniority::Manager),
        None => None,
    }
}

/// Reads a posting. `company` and `role_title` come from the application
/// the user saved; the posting's own text is never trusted to name them.
pub fn analyse(posting: &str, company: &str, role_title: &str) -> PostingAnalysis {
    let taxonomy = Taxonomy::bundled();
    let mut block = Block::Unknown;
    let mut requirements = Vec::new();
    let mut responsibilities = Vec::new();
    let mut about_company = Vec::new();
    let mut benefits = Vec::new();
    let mut demands: HashMap<SkillId, SkillDemand> = HashMap::new();
    let mut order: Vec<SkillId> = Vec::new();
    let company_lower = company.to_lowercase();
    let title_lower = role_title.trim().to_lowercase();

    for raw in posting.lines() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if is_heading_shape(line)
            && let Some(next) = block_of_heading(line)
        {
            block = next;
            continue;
        }
        let item = strip_bullet(line).unwrap_or(line);
        let is_bullet = strip_bullet(line).is_some();
        let units: Vec<String> = if is_bullet {
            vec![text::plain(item)]
        } else {
            text::sentence_slices(item)
                .into_iter()
                .map(text::plain)
                .collect()
        };
        for unit in units {
            let lower = unit.to_lowercase();
            let is_title_line = block == Block::Unknown
                && !title_lower.is_empty()
                && lower.contains(&title_lower)
                && unit.split_whitespace().count() <= 12;
            let found = taxonomy.skills_in(&unit);
            let first_skill_at = taxonomy.find(&unit).first().map(|m| m.start);
            if is_title_line || (found.is_empty() && unit.split_whitespace().count() < 2) {
                continue;
            }
            let years = years_in(&unit);
            let importance = classify(block, &lower, &found, years, first_skill_at);
            for &id in &found {
                let skill = taxonomy.skill(id);
                let entry = demands.entry(id).or_insert_with(|| {
                    order.push(id);
                    SkillDemand {
                        name: skill.name.clone(),
                        category: skill.category,
                        importance: Importance::Mentioned,
                        mentions: 0,
                        years: None,
                    }
                });
                entry.mentions += 1;
                if let Some(importance) = importance {
                    entry.importance = entry.importance.max(importance);
                }
                if found.len() <= 2 && years.is_some() {
                    entry.years = entry.years.max(years);
                }
            }
            match (block, importance) {
                (_, Some(importance @ (Importance::Required | Importance::Preferred))) => {
                    requirements.push(Requirement {
                        text: unit.clone(),
                        importance,
                        skills: found
                            .iter()
                            .map(|&id| taxonomy.name(id).to_owned())
                            .collect(),
                        years,
                    });
                }
                (Block::Responsibilities, _) => responsibilities.push(unit.clone()),
                (Block::Benefits, _) => benefits.push(unit.clone()),
                (Block::About, _) if unit.split_whitespace().count() >= 4 => {
                    about_company.push(unit.clone());
                }
                (Block::Unknown, _)
                    if unit.split_whitespace().count() >= 4
                        && !company_lower.is_empty()
                        && (lower.contains(&company_lower)
                            || lower.starts_with("we ")
                            || lower.starts_with("our ")) =>
                {
                    about_company.push(unit.clone());
                }
                (Block::Unknown, _) if starts_with_action(&unit) => {
                    responsibilities.push(unit.clone())
                }
                _ => {}
            }
        }
    }

    let min_years = requirements
        .iter()
        .filter(|r| r.importance == Importance::Required)
        .filter_map(|r| r.years)
        .max()
        .or_else(|| requirements.iter().filter_map(|r| r.years).max());
    let mut skills: Vec<SkillDemand> = order.iter().filter_map(|id| demands.remove(id)).collect();
    // Stable: equal importance and mentions keep posting order.
    skills.sort_by(|a, b| {
        b.importance
            .cmp(&a.importance)
            .then(b.mentions.cmp(&a.mentions))
    });
    let keywords = keywords(posting, company, &skills);
    PostingAnalysis {
        company: company.trim().to_owned(),
        role_title: role_title.trim().to_owned(),
        requirements,
        responsibilities,
        about_company,
        benefits,
        seniority: seniority_of(role_title, min_years),
        min_years,
        skills,
        keywords,
    }
}

fn classify(
    block: Block,
    lower: &str,
    skills: &[SkillId],
    years: Option<u32>,
    first_skill_at: Option<usize>,
) -> Option<Importance> {
    // "$10,000 sign-on bonus" is a perk, not a preference.
    if matches!(block, Block::Benefits | Block::Logistics) {
        return None;
    }
    if let Some(cue_at) = cue_position(lower, PREFERRED_CUES) {
        // In a requirements list, "ideally" after the skill qualifies the
        // detail ("budgeting, ideally for a business unit"), not the skill.
        let qualifies_detail = block == Block::Requirements
            && first_skill_at.is_some_and(|skill_at| cue_at > skill_at);
        if !qualifies_detail {
            return Some(Importance::Preferred);
        }
    }
    match block {
        Block::Requirements => Some(Importance::Required),
        Block::Preferred => Some(Importance::Preferred),
        Block::Benefits | Block::Logistics => None,
        Block::About => (!skills.is_empty()).then_some(Importance::Mentioned),
        Block::Responsibilities | Block::Unknown => {
            if contains_cue(lower, REQUIRED_CUES) || years.is_some() {
                Some(Importance::Required)
            } else if skills.is_empty() {
                None
            } else {
                Some(Importance::Mentioned)
            }
        }
    }
}

fn starts_with_action(unit: &str) -> bool {
    let first = unit.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(
        first.as_str(),
        "build"
            | "design"
            | "develop"
            | "lead"
            | "own"
            | "manage"
            | "drive"
            | "work"
            | "collaborate"
            | "partner"
            | "create"
            | "maintain"
            | "support"
            | "deliver"
            | "write"
            | "ship"
            | "run"
            | "mentor"
            | "analyze"
            | "analyse"
            | "prepare"
            | "coordinate"
            | "ensure"
            | "provide"
            | "help"
            | "implement"
            | "improve"
            | "monitor"
            | "report"
            | "plan"
            | "assess"
            | "administer"
            | "sell"
            | "prospect"
            | "close"
            | "negotiate"
            | "oversee"
            | "conduct"
            | "review"
    )
}

/// The terms an ATS would match: the demanded skills first, then the
/// posting's most frequent content words and two-word phrases.
fn keywords(posting: &str, company: &str, skills: &[SkillDemand]) -> Vec<String> {
    let mut out: Vec<String> = skills
        .iter()
        .filter(|s| s.category.is_checkable() && s.importance >= Importance::Preferred)
        .map(|s| s.name.clone())
        .collect();
    let company_words: Vec<String> = text::tokens(company)
        .iter()
        .map(|t| t.text.to_lowercase())
        .collect();
    let tokens = text::tokens(posting);
    let mut counts: HashMap<String, (u32, String)> = HashMap::new();
    let mut previous: Option<String> = None;
    for token in &tokens {
        let lower = text::normalise_word(token.text);
        let skip = token.is_number()
            || lower.chars().count() < 4
            || text::is_stopword(&lower)
            || company_words.contains(&lower)
            || GENERIC_POSTING_WORDS.contains(&lower.as_str());
        if skip {
            previous = None;
            continue;
        }
        let stem = text::stem(&lower);
        counts.entry(stem.clone()).or_insert((0, lower.clone())).0 += 1;
        if let Some(prev) = previous.take() {
            let phrase = format!("{prev} {lower}");
            counts
                .entry(format!("{} {stem}", text::stem(&prev)))
                .or_insert((0, phrase))
                .0 += 2;
        }
        previous = Some(lower);
    }
    let mut ranked: Vec<(u32, String)> = counts
        .into_values()
        .filter(|(count, _)| *count >= 2)
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let lowered: Vec<String> = out.iter().map(|k| k.to_lowercase()).collect();
    for (_, term) in ranked {
        if out.len() >= 20 {
            break;
        }
        let covered = lowered
            .iter()
            .any(|k| k.contains(&term) || term.contains(k.as_str()))
            || out.iter().any(|k| k.to_lowercase().contains(&term));
        if !covered {
            out.push(term);
        }
    }
    out
}

const GENERIC_POSTING_WORDS: &[&str] = &[
    "will",
    "team",
    "work",
    "working",
    "role",
    "apply",
    "applicants",
    "candidate",
    "position",
    "company",
    "employer",
    "opportunity",
    "equal",
    "benefits",
    "salary",
    "including",
    "ability",
    "looking",
    "join",
    "years",
    "year",
    "experience",
    "skills",
    "strong",
    "within",
    "across",
    "every",
    "best",
    "also",
    "what",
    "about",
    "their",
    "they",
    "this",
    "that",
    "with",
    "from",
    "have",
    "more",
    "such",
    "other",
    "well",
    "should",
    "must",
    "etc",
    "time",
    "full",
    "based",
    "make",
    "like",
    "help",
    "both",
    "each",
    "great",
    "we're",
    "you'll",
    "we'll",
    "you're",
];

#[cfg(test)]
mod tests {
    use super::*;

    const POSTING: &str = "Senior Backend Engineer — Tidewater Freight\n\nAbout us\nTidewater Freight moves 3 million pallets a year. We build our platform in Rust.\n\nWhat you'll do:\n- Design and run event-driven services on Kafka\n- Own on-call for the routing platform\n\nRequirements:\n- 5+ years of backend experience\n- Strong knowledge of Rust or Go\n- Experience with PostgreSQL and k8s\n\nNice to have:\n- Terraform\n- Familiarity with OpenTelemetry\n\nBenefits\n- Remote-friendly, 401(k)\n";

    #[test]
    fn requirements_are_split_by_importance_with_years() {
        let analysis = analyse(POSTING, "Tidewater Freight", "Senior Backend Engineer");
        let required: Vec<&str> = analysis
            .requirements
            .iter()
            .filter(|r| r.importance == Importance::Required)
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(
            required,
            [
                "5+ years of backend experience",
                "Strong knowledge of Rust or Go",
                "Experience with PostgreSQL and k8s"
            ]
        );
        assert_eq!(analysis.min_years, Some(5));
        assert_eq!(analysis.seniority, Some(Seniority::Senior));
        let importance = |name: &str| analysis.skill(name).map(|s| s.importance);
        assert_eq!(importance("Kubernetes"), Some(Importance::Required));
        assert_eq!(importance("PostgreSQL"), Some(Importance::Required));
        assert_eq!(importance("Rust"), Some(Importance::Required));
        assert_eq!(importance("Terraform"), Some(Importance::Preferred));
        assert_eq!(importance("OpenTelemetry"), Some(Importance::Preferred));
        assert_eq!(importance("Kafka"), Some(Importance::Mentioned));
        assert_eq!(analysis.responsibilities.len(), 2);
        assert!(analysis.about_company[0].starts_with("Tidewater Freight moves"));
        assert!(analysis.benefits[0].contains("Remote"));
        assert!(analysis.keywords.contains(&"Kubernetes".to_owned()));
    }

    #[test]
    fn years_are_read_in_their_common_forms() {
        assert_eq!(years_in("5+ years of experience"), Some(5));
        assert_eq!(years_in("3-5 years in sales"), Some(3));
        assert_eq!(years_in("at least five years' experience"), Some(5));
        assert_eq!(years_in("minimum 2 yrs"), Some(2));
        assert_eq!(years_in("founded 12 years ago in 2013"), Some(12));
        assert_eq!(years_in("no number here"), None);
    }
}
