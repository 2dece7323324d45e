//! Each requirement of the posting against the resume: met (the resume
//! says it), implicit (the resume shows it without the posting's words),
//! or not met (a question for the user, never a claim made for them).
//!
//! - **Skills** are read through the skills taxonomy, so an alias meets
//!   its skill ("k8s" meets "Kubernetes"). A name made of ordinary words
//!   (a method such as "Budgeting", or any name of two words or more such as
//!   "Data Analysis") also meets it in other forms of those words, side by
//!   side ("budgets", "data analyst"); a one-word tool name does not ("go"
//!   and "spark" are words too). A more specific skill the taxonomy says
//!   implies it makes it implicit ("AWS Lambda" for "AWS"). For skills
//!   that are not tools, credentials or languages, a line close in meaning
//!   to the requirement that shares a word with the skill makes it implicit
//!   too; a neighbouring tool never stands in for the one asked for
//!   (RabbitMQ is not Kafka).
//! - "Rust or Go" is met by either; otherwise every skill named must be.
//! - **Years** ("5+ years of backend experience", or "3+ years of React"
//!   once the skill is shown) are read against the years of the resume's
//!   roles relevant to the posting (see `years`).
//! - **Degrees** ("Bachelor's degree in Finance, Accounting or Economics")
//!   are met by an education line of that level or higher that shares a
//!   field with it; of that level in another field, implicit when the
//!   posting accepts a related one.
//! - **Anything else** is met when one line uses most of its words,
//!   implicit when a line is close in meaning.
//!
//! Lines that deny or only wish for something ("I haven't used Java",
//! "moving towards FP&A") are never evidence.

use std::collections::HashSet;

use jobforge_analysis::posting::{Importance as PostingImportance, Requirement, SkillDemand};
use jobforge_analysis::taxonomy::{SkillCategory, SkillId, Taxonomy};
use jobforge_analysis::text;
use jobforge_types::{GapItem, GapStatus, Importance};

use crate::lines::{Place, ResumeEvidence, ResumeLine};
use crate::years::RelevantYears;

/// Calibrated similarity (0–100) from which a resume line counts as
/// showing a requirement in other words. High on purpose: an implicit
/// item tells the user they have something, so it must be likely.
pub(crate) const IMPLICIT_SIMILARITY: f32 = 60.0;

/// Share of a requirement's content words one resume line must use for a
/// requirement in plain words to count as met in so many words.
const MET_WORD_SHARE: f32 = 0.6;

/// Words requirements wrap around what they ask for; sharing them says
/// nothing ("solid", "background in").
const FILLER: &[&str] = &[
    "background",
    "solid",
    "professional",
    "professionally",
    "practical",
    "deep",
    "advanced",
    "basic",
    "familiar",
    "exposure",
    "comfortable",
    "demonstrable",
    "production",
    "hands-on",
    "similar",
    "equivalent",
];

/// Degree levels by the words that name them, lower case as tokenised
/// ("B.S." is `b.s`, "Bachelor's" is `bachelor`).
const DEGREE_LEVELS: &[(u8, &[&str])] = &[
    (
        1,
        &["associate", "associates", "adn", "a.s", "a.a", "a.a.s"],
    ),
    (
        2,
        &[
            "bachelor",
            "bachelors",
            "bsc",
            "b.sc",
            "b.s",
            "bs",
            "ba",
            "b.a",
            "bsn",
            "bba",
            "beng",
            "b.eng",
            "bcom",
            "llb",
            "b.tech",
            "btech",
            "undergraduate",
        ],
    ),
    (
        3,
        &[
            "master", "masters", "msc", "m.sc", "m.s", "ms", "ma", "m.a", "mba", "msn", "mph",
            "meng", "m.eng", "mfa", "llm",
        ],
    ),
    (
        4,
        &["phd", "ph.d", "doctorate", "doctoral", "dphil", "md", "jd"],
    ),
];

/// Words of a degree requirement that are about the degree, not its field.
const DEGREE_WORDS: &[&str] = &[
    "degree",
    "diploma",
    "science",
    "arts",
    "art",
    "field",
    "fields",
    "discipline",
    "subject",
    "area",
    "study",
    "studies",
    "related",
];

/// What a degree requirement asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DegreeAsk {
    /// 0 for "a degree" of any level.
    level: u8,
    /// Stems of the fields it names ("financ", "account", "economic").
    fields: HashSet<String>,
    /// "… or a related field", "or equivalent".
    related_accepted: bool,
}

/// A requirement of the posting, read once for every resume.
#[derive(Debug, Clone)]
pub(crate) struct PreparedRequirement {
    pub text: String,
    pub importance: Importance,
    /// Every skill it names, in the posting's order.
    pub skills: Vec<SkillId>,
    /// The skills it asks for, before it turns to details: "Go" in "Go,
    /// including concurrency patterns", "AWS" in "AWS (we use EKS, RDS)".
    head: Vec<SkillId>,
    /// Details given as examples of the head ("such as TimescaleDB or
    /// InfluxDB", "(WCAG)"): naming one shows the head.
    examples: Vec<SkillId>,
    /// The head is a list of alternatives ("Rust or Go").
    pub any_of: bool,
    pub years: Option<u32>,
    /// Content stems without filler.
    stems: HashSet<String>,
    degree: Option<DegreeAsk>,
}

/// What a requirement asks for, for the rules above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asks {
    Degree,
    /// Skills a resume can show; soft skills dropped when others are named.
    Skills,
    /// Only soft skills ("excellent communication"): a resume cannot prove
    /// them, so they are reported but not scored.
    SoftSkills,
    Years(u32),
    Words,
}

impl PreparedRequirement {
    /// `None` for importance the gap analysis does not cover ("mentioned").
    pub fn new(requirement: &Requirement) -> Option<Self> {
        let importance = match requirement.importance {
            PostingImportance::Required => Importance::MustHave,
            PostingImportance::Preferred => Importance::NiceToHave,
            PostingImportance::Mentioned => return None,
        };
        let taxonomy = Taxonomy::bundled();
        let mut skills: Vec<SkillId> = Vec::new();
        for id in requirement.skills.iter().filter_map(|n| taxonomy.lookup(n)) {
            if !skills.contains(&id) {
                skills.push(id);
            }
        }
        let filler: HashSet<String> = FILLER.iter().map(|w| text::stem(w)).collect();
        let stems: HashSet<String> = text::content_stems(&requirement.text)
            .into_iter()
            .filter(|s| !filler.contains(s))
            .collect();
        let (head, examples, any_of) = head_and_examples(&requirement.text, &skills);
        Some(Self {
            head,
            examples,
            any_of,
            degree: degree_ask(&requirement.text, &stems),
            text: requirement.text.clone(),
            importance,
            skills,
            years: requirement.years,
            stems,
        })
    }

    /// A skill a posting names, standing in for requirements when the
    /// posting marks none (no recognisable requirements list, or a language
    /// the analysis does not read): its canonical name is the requirement.
    pub fn from_named_skill(demand: &SkillDemand) -> Option<Self> {
        let id = Taxonomy::bundled().lookup(&demand.name)?;
        Some(Self {
            text: demand.name.clone(),
            importance: Importance::MustHave,
            skills: vec![id],
            head: vec![id],
            examples: Vec::new(),
            any_of: false,
            years: None,
            stems: text::content_stems(&demand.name).into_iter().collect(),
            degree: None,
        })
    }

    fn checkable_skills(&self) -> Vec<SkillId> {
        checkable(&self.skills)
    }

    /// The skills whose showing decides the requirement: the checkable ones
    /// of its head, or all its checkable skills when its head has none.
    fn wanted(&self) -> Vec<SkillId> {
        let head = checkable(&self.head);
        if head.is_empty() {
            self.checkable_skills()
        } else {
            head
        }
    }

    fn asks(&self) -> Asks {
        if self.degree.is_some() {
            Asks::Degree
        } else if !self.checkable_skills().is_empty() {
            Asks::Skills
        } else if !self.skills.is_empty() {
            Asks::SoftSkills
        } else if let Some(years) = self.years {
            Asks::Years(years)
        } else {
            Asks::Words
        }
    }

    /// Whether the item counts towards the coverage score. Not: soft
    /// skills alone (no resume line proves them) and years alone (the
    /// seniority component scores them, once).
    pub fn is_scored(&self) -> bool {
        !matches!(self.asks(), Asks::SoftSkills | Asks::Years(_))
    }

    /// What a requirement the resume answers only in part earns towards
    /// coverage: half the share of its skills the resume names, for an
    /// "all of" skills requirement ("React and TypeScript" with React
    /// shown earns ¼). Anything else not met earns nothing.
    pub fn partial_credit(&self, gap: &GapItem) -> f32 {
        if self.any_of || self.asks() != Asks::Skills {
            return 0.0;
        }
        let taxonomy = Taxonomy::bundled();
        let wanted = self.wanted();
        let named = wanted
            .iter()
            .filter(|&&id| !gap.missing_skills.iter().any(|m| m == taxonomy.name(id)))
            .count();
        0.5 * named as f32 / wanted.len().max(1) as f32
    }

    /// A short name for lists in explanations: its skills, its years, or
    /// its first words.
    pub fn short_name(&self) -> String {
        let taxonomy = Taxonomy::bundled();
        let skills = match self.asks() {
            Asks::Degree => Vec::new(),
            Asks::Skills => self.wanted(),
            _ => self.skills.clone(),
        };
        if !skills.is_empty() {
            let names: Vec<&str> = skills.iter().map(|&id| taxonomy.name(id)).collect();
            return join_names(&names, if self.any_of { "or" } else { "and" });
        }
        match self.years {
            Some(years) if self.degree.is_none() => format!("{years}+ years"),
            _ => shorten(&self.text, 6),
        }
    }
}

/// Words that name a degree in a requirement on their own. "Master" and
/// "Bachelor" alone do not: "Web Development (Master)", "Scrum Master".
const DEGREE_NAMES: &[&str] = &[
    "bachelor's",
    "bachelor\u{2019}s",
    "bachelors",
    "master's",
    "master\u{2019}s",
    "masters",
    "bsc",
    "b.sc",
    "msc",
    "m.sc",
    "b.s",
    "m.s",
    "mba",
    "phd",
    "ph.d",
    "doctorate",
    "bsn",
    "msn",
    "beng",
    "meng",
    "llb",
    "llm",
    "undergraduate",
];

/// Whether a requirement is about a degree: it says "degree" or "diploma",
/// names one ("Bachelor's", "MSc"), or says "Bachelor of" / "Master in".
fn names_a_degree(requirement: &str) -> bool {
    let raw: Vec<String> = text::tokens(requirement)
        .iter()
        .map(|t| t.text.to_lowercase())
        .collect();
    raw.iter().enumerate().any(|(i, word)| {
        matches!(word.as_str(), "degree" | "diploma")
            || DEGREE_NAMES.contains(&word.as_str())
            || (matches!(word.as_str(), "bachelor" | "master")
                && raw
                    .get(i + 1)
                    .is_some_and(|next| matches!(next.as_str(), "of" | "in" | "degree")))
    })
}

/// The degree a requirement asks for, if it is about a degree at all.
fn degree_ask(requirement: &str, stems: &HashSet<String>) -> Option<DegreeAsk> {
    if !names_a_degree(requirement) {
        return None;
    }
    let words = lower_words(requirement);
    let names_degree = words.iter().any(|w| w == "degree" || w == "diploma");
    let level = degree_level(&words, names_degree);
    let not_field: HashSet<String> = DEGREE_LEVELS
        .iter()
        .flat_map(|(_, words)| words.iter())
        .chain(DEGREE_WORDS)
        .map(|w| text::stem(w))
        .collect();
    Some(DegreeAsk {
        level: level.unwrap_or(0),
        fields: stems
            .iter()
            .filter(|s| !not_field.contains(*s))
            .cloned()
            .collect(),
        related_accepted: words
            .iter()
            .any(|w| matches!(w.as_str(), "related" | "equivalent" | "similar")),
    })
}

fn checkable(skills: &[SkillId]) -> Vec<SkillId> {
    let taxonomy = Taxonomy::bundled();
    skills
        .iter()
        .copied()
        .filter(|&id| taxonomy.skill(id).category.is_checkable())
        .collect()
}

/// Where a requirement turns to aspects of what it asks for: "PostgreSQL:
/// indexing, query plans", "Go, including concurrency patterns".
const ASPECT_CUES: &[&str] = &[":", " including", " incl.", " especially", " in particular"];
/// Where it turns to examples: "time-series databases such as
/// TimescaleDB", "AWS (we use EKS, RDS)".
const EXAMPLE_CUES: &[&str] = &[
    " such as",
    " e.g",
    " like ",
    " for example",
    " for instance",
    " (",
];

/// The head of a requirement (the skills named before the first cue that
/// follows a skill), the examples after it (none after an aspect cue), and
/// whether the head offers alternatives ("Rust or Go"; the analysis
/// crate's own rule, read on the head only).
fn head_and_examples(requirement: &str, skills: &[SkillId]) -> (Vec<SkillId>, Vec<SkillId>, bool) {
    // ASCII lower case keeps byte offsets, so the taxonomy's mention
    // offsets hold in it.
    let lower = requirement.to_ascii_lowercase();
    let mentions = Taxonomy::bundled().find(requirement);
    let cue = mentions.first().and_then(|first| {
        let after = &lower[first.end..];
        ASPECT_CUES
            .iter()
            .map(|cue| (cue, false))
            .chain(EXAMPLE_CUES.iter().map(|cue| (cue, true)))
            .filter_map(|(cue, is_example)| after.find(cue).map(|at| (first.end + at, is_example)))
            .min_by_key(|(at, _)| *at)
    });
    let Some((at, is_example)) = cue else {
        return (skills.to_vec(), Vec::new(), lower.contains(" or "));
    };
    let (mut head, mut details) = (Vec::new(), Vec::new());
    for mention in &mentions {
        let id = mention.skill;
        if !skills.contains(&id) || head.contains(&id) || details.contains(&id) {
            continue;
        }
        if mention.start < at {
            head.push(id);
        } else {
            details.push(id);
        }
    }
    // A skill the analysis read that the offsets did not place is asked for.
    for &id in skills {
        if !head.contains(&id) && !details.contains(&id) {
            head.push(id);
        }
    }
    let examples = if is_example { details } else { Vec::new() };
    (head, examples, lower[..at].contains(" or "))
}

fn lower_words(line: &str) -> Vec<String> {
    text::tokens(line)
        .iter()
        .map(|t| text::normalise_word(t.text))
        .collect()
}

/// The highest degree level a line names. "Associate" counts only beside
/// "degree": alone it is a job title ("Warehouse Associate").
fn degree_level(words: &[String], names_degree: bool) -> Option<u8> {
    DEGREE_LEVELS
        .iter()
        .filter(|(level, names)| {
            words.iter().any(|w| names.contains(&w.as_str()))
                && (*level != 1 || names_degree || words.iter().any(|w| w == "adn"))
        })
        .map(|(level, _)| *level)
        .max()
}

/// Two stems of one word family: equal, or the same but for their last
/// one or two letters ("analyst" and "analysi", from "analysis").
fn same_family(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let (la, lb) = (a.chars().count(), b.chars().count());
    common >= 6 && la - common <= 2 && lb - common <= 2
}

/// Whether the line says the words of `name` side by side, in any order and
/// form: "managed the project" says "Project Management".
fn says_words_of(line: &ResumeLine, name: &[String]) -> bool {
    if name.is_empty() || line.stem_sequence.len() < name.len() {
        return false;
    }
    line.stem_sequence.windows(name.len()).any(|window| {
        name.iter()
            .all(|wanted| window.iter().any(|have| same_family(have, wanted)))
    })
}

/// How the resume answers one skill.
enum SkillAnswer<'l> {
    Named(&'l ResumeLine),
    /// Through a more specific skill the line names.
    Specific(&'l ResumeLine, SkillId),
    /// A line close in meaning that shares a word with the skill's name.
    Close(&'l ResumeLine),
    Absent,
}

impl SkillAnswer<'_> {
    fn strength(&self) -> u8 {
        match self {
            Self::Named(_) => 3,
            Self::Specific(..) => 2,
            Self::Close(_) => 1,
            Self::Absent => 0,
        }
    }
}

/// The resume as the gap analysis sees it.
pub(crate) struct ResumeView<'r> {
    pub evidence: &'r ResumeEvidence,
    pub years: &'r RelevantYears<'r>,
    /// From the embedder's calibration: similarity without a shared word
    /// is chance, not meaning.
    pub word_based: bool,
}

/// Reads one requirement against the resume. `similarity[i]` is the
/// calibrated similarity (0–100) of the requirement to `evidence.lines[i]`.
pub(crate) fn assess(
    requirement: &PreparedRequirement,
    resume: &ResumeView<'_>,
    similarity: &[f32],
) -> GapItem {
    let taxonomy = Taxonomy::bundled();
    let lines = &resume.evidence.lines;
    let checkable = requirement.checkable_skills();
    let (status, missing) = match requirement.asks() {
        Asks::Degree => {
            let degree = assess_degree(requirement, lines);
            // A degree the taxonomy knows by name ("BSN") may be written in
            // a form the level words miss; only an education or
            // certification line shows it, not a field named in passing.
            let named_credential = best_by_place(lines.iter().filter(|l| {
                l.place == Place::Credential && checkable.iter().any(|id| l.skills.contains(id))
            }));
            match (&degree, named_credential) {
                (GapStatus::NotMet { .. }, Some(line)) => (
                    GapStatus::Met {
                        evidence: line.text.clone(),
                    },
                    Vec::new(),
                ),
                _ => (degree, Vec::new()),
            }
        }
        Asks::Skills => {
            let wanted = requirement.wanted();
            let (status, _) = assess_skills(requirement, &wanted, lines, similarity);
            let status = match status {
                GapStatus::NotMet { .. } => {
                    named_example(&requirement.examples, lines).map_or(status, |line| {
                        GapStatus::Met {
                            evidence: line.text.clone(),
                        }
                    })
                }
                shown => shown,
            };
            let missing: Vec<SkillId> = checkable
                .iter()
                .copied()
                .filter(|&id| !matches!(answer_skill(id, lines, similarity), SkillAnswer::Named(_)))
                .collect();
            match (&status, requirement.years) {
                (GapStatus::Met { .. } | GapStatus::Implicit { .. }, Some(years)) => {
                    match assess_years(years, Some(&requirement.short_name()), resume) {
                        short @ GapStatus::NotMet { .. } => (short, missing),
                        GapStatus::Met { .. } | GapStatus::Implicit { .. } => (status, missing),
                    }
                }
                _ => (status, missing),
            }
        }
        Asks::SoftSkills => assess_skills(requirement, &requirement.skills, lines, similarity),
        Asks::Years(years) => (assess_years(years, None, resume), Vec::new()),
        Asks::Words => (
            assess_words(requirement, lines, similarity, resume.word_based),
            Vec::new(),
        ),
    };
    GapItem {
        requirement: requirement.text.clone(),
        importance: requirement.importance,
        skills: requirement
            .skills
            .iter()
            .map(|&id| taxonomy.name(id).to_owned())
            .collect(),
        missing_skills: missing
            .iter()
            .map(|&id| taxonomy.name(id).to_owned())
            .collect(),
        status,
    }
}

/// The best line naming one of a requirement's examples, if any does.
fn named_example<'l>(examples: &[SkillId], lines: &'l [ResumeLine]) -> Option<&'l ResumeLine> {
    best_by_place(
        lines
            .iter()
            .filter(|l| examples.iter().any(|id| l.skills.contains(id))),
    )
}

/// The status and the skills the resume does not name.
fn assess_skills(
    requirement: &PreparedRequirement,
    wanted: &[SkillId],
    lines: &[ResumeLine],
    similarity: &[f32],
) -> (GapStatus, Vec<SkillId>) {
    let answers: Vec<(SkillId, SkillAnswer<'_>)> = wanted
        .iter()
        .map(|&id| (id, answer_skill(id, lines, similarity)))
        .collect();
    let not_named: Vec<SkillId> = answers
        .iter()
        .filter(|(_, a)| !matches!(a, SkillAnswer::Named(_)))
        .map(|(id, _)| *id)
        .collect();
    let status = if requirement.any_of {
        // The strongest alternative decides; the first one wins ties.
        let best =
            answers.iter().fold(
                None::<&(SkillId, SkillAnswer<'_>)>,
                |best, candidate| match best {
                    Some(b) if b.1.strength() >= candidate.1.strength() => Some(b),
                    _ => Some(candidate),
                },
            );
        match best {
            Some((_, SkillAnswer::Named(line))) => GapStatus::Met {
                evidence: line.text.clone(),
            },
            Some((id, answer @ (SkillAnswer::Specific(..) | SkillAnswer::Close(_)))) => {
                implicit(*id, answer)
            }
            _ => GapStatus::NotMet {
                question: question_for(wanted, true),
            },
        }
    } else {
        let first_unnamed = answers
            .iter()
            .find(|(_, a)| !matches!(a, SkillAnswer::Named(_)));
        let none_absent = answers
            .iter()
            .all(|(_, a)| !matches!(a, SkillAnswer::Absent));
        match (first_unnamed, line_naming_most(&answers, lines)) {
            (None, Some(line)) => GapStatus::Met {
                evidence: line.text.clone(),
            },
            (Some((id, answer)), _) if none_absent => implicit(*id, answer),
            _ => {
                let absent: Vec<SkillId> = answers
                    .iter()
                    .filter(|(_, a)| matches!(a, SkillAnswer::Absent))
                    .map(|(id, _)| *id)
                    .collect();
                GapStatus::NotMet {
                    question: question_for(&absent, false),
                }
            }
        }
    };
    (status, not_named)
}

fn answer_skill<'l>(id: SkillId, lines: &'l [ResumeLine], similarity: &[f32]) -> SkillAnswer<'l> {
    let taxonomy = Taxonomy::bundled();
    if let Some(line) = best_by_place(lines.iter().filter(|l| l.skills.contains(&id))) {
        return SkillAnswer::Named(line);
    }
    let category = taxonomy.skill(id).category;
    let name_stems = text::content_stems(taxonomy.name(id));
    // A method ("Budgeting") or a name of several words ("Data Analysis")
    // is said in other forms of its words; a one-word tool is matched only
    // through the taxonomy, whose aliases say which forms are the tool.
    if allows_close_evidence(category) || name_stems.len() >= 2 {
        let said = lines.iter().filter(|l| says_words_of(l, &name_stems));
        if let Some(line) = best_by_place(said) {
            return SkillAnswer::Named(line);
        }
    }
    let specific = lines
        .iter()
        .filter_map(|line| {
            line.skills
                .iter()
                .find(|&&other| other != id && taxonomy.holds(&HashSet::from([other]), id))
                .map(|&other| (line, other))
        })
        .min_by_key(|(line, _)| line.place);
    if let Some((line, other)) = specific {
        return SkillAnswer::Specific(line, other);
    }
    if allows_close_evidence(category) {
        let close = lines
            .iter()
            .zip(similarity)
            .filter(|&(line, &sim)| {
                sim >= IMPLICIT_SIMILARITY
                    && name_stems
                        .iter()
                        .any(|n| line.stems.iter().any(|s| same_family(s, n)))
            })
            .max_by(|a, b| a.1.total_cmp(b.1));
        if let Some((line, _)) = close {
            return SkillAnswer::Close(line);
        }
    }
    SkillAnswer::Absent
}

/// Whether a line close in meaning may stand for the skill. Named tools,
/// credentials and spoken languages are facts a resume states or not: a
/// neighbouring tool or a similar course never shows them.
fn allows_close_evidence(category: SkillCategory) -> bool {
    !category.is_technical()
        && !matches!(
            category,
            SkillCategory::Certification | SkillCategory::LanguageSpoken
        )
}

fn implicit(id: SkillId, answer: &SkillAnswer<'_>) -> GapStatus {
    let taxonomy = Taxonomy::bundled();
    let wanted = taxonomy.name(id);
    match answer {
        SkillAnswer::Specific(line, specific) => GapStatus::Implicit {
            evidence: line.text.clone(),
            suggestion: format!(
                "Surface it: mention {wanted} explicitly where you describe {}.",
                taxonomy.name(*specific)
            ),
        },
        SkillAnswer::Named(line) => GapStatus::Met {
            evidence: line.text.clone(),
        },
        SkillAnswer::Close(line) => GapStatus::Implicit {
            evidence: line.text.clone(),
            suggestion: format!(
                "Surface it: if it is accurate, name {wanted} explicitly where you describe this: \"{}\".",
                shorten(&line.text, 10)
            ),
        },
        SkillAnswer::Absent => GapStatus::NotMet {
            question: question_for(&[id], false),
        },
    }
}

/// The best line to quote for a requirement met in full: the one naming
/// the most of its skills (by the taxonomy, or as the line found for a
/// skill), then the best placed, then the first.
fn line_naming_most<'l>(
    answers: &[(SkillId, SkillAnswer<'l>)],
    lines: &'l [ResumeLine],
) -> Option<&'l ResumeLine> {
    let mut best: Option<(usize, Place, &ResumeLine)> = None;
    for line in lines {
        let named = answers
            .iter()
            .filter(|(id, answer)| {
                line.skills.contains(id)
                    || matches!(answer, SkillAnswer::Named(found) if std::ptr::eq(*found, line))
            })
            .count();
        if named == 0 {
            continue;
        }
        let better = match best {
            None => true,
            Some((n, place, _)) => named > n || (named == n && line.place < place),
        };
        if better {
            best = Some((named, line.place, line));
        }
    }
    best.map(|(_, _, line)| line)
}

fn best_by_place<'l>(lines: impl Iterator<Item = &'l ResumeLine>) -> Option<&'l ResumeLine> {
    // `min_by_key` keeps the first of equals: the resume's own order.
    lines.min_by_key(|l| l.place)
}

/// `subject`: what the years are of, when the requirement names it.
fn assess_years(years: u32, subject: Option<&str>, resume: &ResumeView<'_>) -> GapStatus {
    let of = subject.map(|s| format!(" of {s}")).unwrap_or_default();
    let found = resume.years;
    match (found.years, found.earliest) {
        (Some(counted), Some(earliest)) if counted >= years => GapStatus::Met {
            evidence: earliest.line.clone(),
        },
        (Some(counted), _) => {
            let left_out = if found.left_out.is_empty() {
                String::new()
            } else {
                format!(
                    " (not counted, since nothing in them matches the posting: {})",
                    found.left_out.join("; ")
                )
            };
            GapStatus::NotMet {
                question: format!(
                    "The posting asks for {years}+ years{of}; your roles relevant to it add up to {counted}{left_out}. Is there relevant experience you left out or described in other words? If so, add it with its dates."
                ),
            }
        }
        (None, _) => GapStatus::NotMet {
            question: format!(
                "The posting asks for {years}+ years{of}, and your roles carry no dates. When did each role start and end? Add the years."
            ),
        },
    }
}

fn assess_degree(requirement: &PreparedRequirement, lines: &[ResumeLine]) -> GapStatus {
    let question = GapStatus::NotMet {
        question: format!(
            "Do you hold the degree this asks for (\"{}\")? If so, add it under Education with the school and year.",
            requirement.text.trim_end_matches('.')
        ),
    };
    let Some(ask) = &requirement.degree else {
        return question;
    };
    let candidates: Vec<&ResumeLine> = lines
        .iter()
        .filter(|line| {
            if line.place != Place::Credential {
                return false;
            }
            let words = lower_words(&line.text);
            let names_degree = words.iter().any(|w| w == "degree" || w == "diploma");
            match degree_level(&words, names_degree) {
                Some(level) => level >= ask.level,
                None => ask.level == 0 && names_degree,
            }
        })
        .collect();
    let in_field = |line: &&&ResumeLine| {
        ask.fields.is_empty()
            || ask
                .fields
                .iter()
                .any(|f| line.stems.iter().any(|s| same_family(s, f)))
    };
    if let Some(line) = candidates.iter().find(in_field) {
        return GapStatus::Met {
            evidence: line.text.clone(),
        };
    }
    match candidates.first() {
        Some(line) if ask.related_accepted => GapStatus::Implicit {
            evidence: line.text.clone(),
            suggestion: "Surface it: the posting accepts a related field; if yours is one, say how next to the degree (the courses or focus that match).".to_owned(),
        },
        _ => question,
    }
}

fn assess_words(
    requirement: &PreparedRequirement,
    lines: &[ResumeLine],
    similarity: &[f32],
    word_based: bool,
) -> GapStatus {
    if !requirement.stems.is_empty() {
        // Two shared words at least, unless the requirement has only one
        // ("Experience with CRRT").
        let needed = requirement.stems.len().min(2);
        let wording = lines
            .iter()
            .map(|line| {
                let shared = line.stems.intersection(&requirement.stems).count();
                (shared as f32 / requirement.stems.len() as f32, shared, line)
            })
            .filter(|&(share, shared, _)| share >= MET_WORD_SHARE && shared >= needed)
            // Highest share; among equals the best placed, then the first.
            .fold(
                None::<(f32, &ResumeLine)>,
                |best, (share, _, line)| match best {
                    Some((s, b)) if s > share || (s == share && b.place <= line.place) => {
                        Some((s, b))
                    }
                    _ => Some((share, line)),
                },
            );
        if let Some((_, line)) = wording {
            return GapStatus::Met {
                evidence: line.text.clone(),
            };
        }
    }
    let close = lines
        .iter()
        .zip(similarity)
        // A denial ("I haven't run on-call") has no stems and is no evidence.
        .filter(|&(line, &sim)| {
            sim >= IMPLICIT_SIMILARITY
                && !line.stems.is_empty()
                && (!word_based || !line.stems.is_disjoint(&requirement.stems))
        })
        .max_by(|a, b| a.1.total_cmp(b.1));
    match close {
        Some((line, _)) => GapStatus::Implicit {
            evidence: line.text.clone(),
            suggestion: format!(
                "Surface it: if it is accurate, use the posting's words (\"{}\") where you describe this: \"{}\".",
                shorten(&requirement.text, 8),
                shorten(&line.text, 10)
            ),
        },
        None => GapStatus::NotMet {
            question: format!(
                "Does your background include this: \"{}\"? If so, add a line that shows where.",
                requirement.text.trim_end_matches('.')
            ),
        },
    }
}

/// A question about skills the resume does not show. It asks; it never
/// says the user has them, and never suggests adding them unless true.
fn question_for(skills: &[SkillId], alternatives: bool) -> String {
    let taxonomy = Taxonomy::bundled();
    let names: Vec<&str> = skills.iter().map(|&id| taxonomy.name(id)).collect();
    let joined = join_names(&names, if alternatives { "or" } else { "and" });
    // "Have you used Kafka and Terraform?" would need both for a yes.
    let any = join_names(&names, "or");
    let category = skills
        .first()
        .map(|&id| taxonomy.skill(id).category)
        .unwrap_or(SkillCategory::Tool);
    match category {
        SkillCategory::Certification => {
            format!("Do you hold {any}? If so, add it with the year you earned it.")
        }
        SkillCategory::LanguageSpoken => {
            format!("Do you speak {any}? If so, add it with your level.")
        }
        SkillCategory::SoftSkill => {
            format!("Can you point to work that shows {joined}? If so, add a line that shows it.")
        }
        category if category.is_technical() => {
            format!("Have you used {any}? If so, add where.")
        }
        // Methods and domains read better as part of one's experience
        // ("Is Financial Modeling part of your experience?").
        _ => format!("Is {any} part of your experience? If so, add where."),
    }
}

/// "A", "A and B", "A, B and C".
fn join_names(names: &[&str], conjunction: &str) -> String {
    match names {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [init @ .., last] => format!("{} {conjunction} {last}", init.join(", ")),
    }
}

/// The first `words` words of a text, with "…" when cut.
pub(crate) fn shorten(text: &str, words: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    if all.len() <= words {
        all.join(" ")
    } else {
        format!("{}…", all[..words].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::years::{PostingFocus, relevant_years};
    use jobforge_analysis::posting::analyse;
    use jobforge_analysis::resume::Resume;

    fn requirement(text: &str, importance: PostingImportance) -> PreparedRequirement {
        let taxonomy = Taxonomy::bundled();
        let requirement = Requirement {
            text: text.to_owned(),
            importance,
            skills: taxonomy
                .skills_in(text)
                .into_iter()
                .map(|id| taxonomy.name(id).to_owned())
                .collect(),
            years: jobforge_analysis::posting::years_in(text),
        };
        PreparedRequirement::new(&requirement).expect("required or preferred")
    }

    /// Without vectors: every line equally unrelated. The posting's title
    /// decides which roles count for years.
    fn assess_for(title: &str, text: &str, resume: &str) -> GapItem {
        let parsed = Resume::parse(resume);
        let evidence = ResumeEvidence::collect(&parsed, 2026);
        let focus = PostingFocus::new(&analyse("", "Acme", title));
        let close = vec![false; evidence.dated_roles.len()];
        let years = relevant_years(&evidence.dated_roles, &close, &focus);
        let view = ResumeView {
            evidence: &evidence,
            years: &years,
            word_based: true,
        };
        let similarity = vec![0.0; evidence.lines.len()];
        assess(
            &requirement(text, PostingImportance::Required),
            &view,
            &similarity,
        )
    }

    fn assess_plain(text: &str, resume: &str) -> GapItem {
        assess_for("Platform Engineer", text, resume)
    }

    const RESUME: &str = "# Ada Park\n\n## Experience\n### Platform Engineer — Parcelwise (2019–present)\n- Ran k8s clusters for 40 services\n- Deployed the billing jobs to AWS Lambda\n- Wrote Go services behind gRPC\n\n### Shop Assistant — Corner Books (2012–2019)\n- Sold books\n\n## Skills\nPostgreSQL, Docker\n\n## Education\nB.S. Computer Science — Oregon State University (2012)\n";

    #[test]
    fn an_alias_meets_its_skill_and_the_line_is_quoted() {
        let item = assess_plain("Experience with Kubernetes", RESUME);
        assert_eq!(
            item.status,
            GapStatus::Met {
                evidence: "Ran k8s clusters for 40 services".to_owned()
            }
        );
        assert!(item.missing_skills.is_empty());
    }

    #[test]
    fn a_more_specific_skill_makes_the_requirement_implicit_not_met() {
        let item = assess_plain("Hands-on experience with AWS", RESUME);
        let GapStatus::Implicit {
            evidence,
            suggestion,
        } = &item.status
        else {
            panic!("expected implicit: {item:?}");
        };
        assert_eq!(evidence, "Deployed the billing jobs to AWS Lambda");
        assert!(
            suggestion.contains("mention AWS explicitly where you describe AWS Lambda"),
            "{suggestion}"
        );
        assert_eq!(item.missing_skills, ["AWS"]);
    }

    #[test]
    fn a_missing_skill_is_asked_about_never_claimed() {
        let item = assess_plain("Must have Terraform", RESUME);
        let GapStatus::NotMet { question } = &item.status else {
            panic!("expected not met: {item:?}");
        };
        assert_eq!(question, "Have you used Terraform? If so, add where.");
    }

    #[test]
    fn either_alternative_meets_an_or_requirement() {
        let item = assess_plain("Strong knowledge of Rust or Go", RESUME);
        assert!(matches!(item.status, GapStatus::Met { .. }), "{item:?}");
        assert_eq!(item.missing_skills, ["Rust"]);
    }

    #[test]
    fn every_named_skill_is_needed_without_an_or() {
        let item = assess_plain("Experience with PostgreSQL and Kafka", RESUME);
        let GapStatus::NotMet { question } = &item.status else {
            panic!("expected not met: {item:?}");
        };
        assert!(question.contains("Kafka") && !question.contains("PostgreSQL"));
    }

    #[test]
    fn a_listed_skill_is_met_but_a_line_of_use_is_preferred() {
        let resume = "# A\n\n## Experience\n### Engineer — Acme (2020–2022)\n- Tuned PostgreSQL queries\n\n## Skills\nPostgreSQL\n";
        let item = assess_plain("PostgreSQL", resume);
        assert_eq!(item.status.evidence(), Some("Tuned PostgreSQL queries"));
        let only_listed = assess_plain("Docker", RESUME);
        assert_eq!(only_listed.status.evidence(), Some("PostgreSQL, Docker"));
    }

    #[test]
    fn years_count_only_roles_relevant_to_the_posting() {
        let item = assess_plain("5+ years of backend experience", RESUME);
        assert_eq!(
            item.status.evidence(),
            Some("Platform Engineer — Parcelwise (2019–present)")
        );
        // Seven relevant years; the shop years are not counted, and the
        // question says so.
        let short = assess_plain("10+ years of backend experience", RESUME);
        let GapStatus::NotMet { question } = &short.status else {
            panic!("expected not met: {short:?}");
        };
        assert!(question.contains("add up to 7"), "{question}");
        assert!(question.contains("Shop Assistant"), "{question}");
    }

    #[test]
    fn a_skill_with_years_needs_both() {
        let met = assess_plain("5+ years with Kubernetes", RESUME);
        assert!(matches!(met.status, GapStatus::Met { .. }), "{met:?}");
        let short = assess_plain("10+ years with Kubernetes", RESUME);
        let GapStatus::NotMet { question } = &short.status else {
            panic!("expected not met: {short:?}");
        };
        assert!(question.contains("10+ years of Kubernetes"), "{question}");
    }

    #[test]
    fn a_degree_is_met_by_level_and_field() {
        let item = assess_plain(
            "Bachelor's degree in Computer Science or related field",
            RESUME,
        );
        assert_eq!(
            item.status.evidence(),
            Some("B.S. Computer Science — Oregon State University (2012)")
        );
        let master = assess_plain("Master's degree in Computer Science", RESUME);
        let GapStatus::NotMet { question } = &master.status else {
            panic!("a bachelor's is not a master's: {master:?}");
        };
        assert!(question.starts_with("Do you hold the degree"), "{question}");
        let other_field = assess_plain("Bachelor's degree in Physics or a related field", RESUME);
        assert!(
            matches!(other_field.status, GapStatus::Implicit { .. }),
            "{other_field:?}"
        );
        // A skill level is not a degree.
        let level = requirement(
            "Web Development (Master): HTML, CSS",
            PostingImportance::Required,
        );
        assert!(level.degree.is_none());
        let associate =
            "# A\n\n## Education\nAssociate Degree in Nursing — Sinclair College (2024)\n";
        let bsn = assess_plain("Bachelor of Science in Nursing", associate);
        assert!(matches!(bsn.status, GapStatus::NotMet { .. }), "{bsn:?}");
    }

    #[test]
    fn words_of_a_method_count_in_any_form_but_a_tool_needs_its_name() {
        let resume = "# A\n\n## Experience\n### Analyst — Acme (2020–2022)\n- Mentored junior analysts\n- Owned the annual budgets\n- Analysed sales data weekly\n- Helped our team go live early\n";
        let mentoring = assess_plain("Mentoring junior engineers", resume);
        assert!(
            matches!(mentoring.status, GapStatus::Met { .. }),
            "{mentoring:?}"
        );
        let budgeting = assess_plain("Budgeting", resume);
        assert!(
            matches!(budgeting.status, GapStatus::Met { .. }),
            "{budgeting:?}"
        );
        // "go live" is not the Go language.
        let go = assess_plain("Go", resume);
        assert!(matches!(go.status, GapStatus::NotMet { .. }), "{go:?}");
    }

    #[test]
    fn a_requirement_in_plain_words_is_met_by_a_line_that_uses_them() {
        let resume = "# A\n\n## Experience\n### Nurse — St. Anne (2020–2022)\n- Cared for ventilated patients on CRRT\n";
        let item = assess_plain("Experience with CRRT", resume);
        assert!(matches!(item.status, GapStatus::Met { .. }), "{item:?}");
        let missing = assess_plain("Background in industrial telemetry", resume);
        let GapStatus::NotMet { question } = &missing.status else {
            panic!("expected not met: {missing:?}");
        };
        assert!(question.ends_with("If so, add a line that shows where."));
        assert!(question.contains("industrial telemetry"));
    }

    #[test]
    fn a_wish_or_a_denial_meets_nothing() {
        let resume = "# A\n\n## Summary\nAccountant moving towards FP&A. I haven't used Kafka.\n";
        for wanted in ["FP&A", "Kafka"] {
            let item = assess_plain(wanted, resume);
            assert!(matches!(item.status, GapStatus::NotMet { .. }), "{item:?}");
        }
    }

    #[test]
    fn soft_skills_only_are_reported_but_not_scored() {
        let prepared = requirement(
            "Excellent communication skills",
            PostingImportance::Required,
        );
        assert!(!prepared.is_scored());
        let technical = requirement("Strong communication and SQL", PostingImportance::Required);
        assert!(technical.is_scored());
    }

    #[test]
    fn word_families_and_names_are_joined_for_people() {
        assert!(same_family("analyst", "analysi"));
        assert!(!same_family("communication", "community"));
        assert!(!same_family("go", "gone"));
        assert_eq!(join_names(&["A"], "and"), "A");
        assert_eq!(join_names(&["A", "B", "C"], "or"), "A, B or C");
        assert_eq!(shorten("one two three four", 2), "one two…");
    }
}
