//! How a resume answers a posting: which lines are evidence for which
//! requirement, which skills match, and what is missing.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::posting::{Importance, PostingAnalysis, Requirement};
use crate::resume::{Resume, SectionKind};
use crate::taxonomy::{SkillId, Taxonomy};
use crate::text;

/// How well a requirement is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    Missing,
    /// Named in the skills list or notes, but no line shows it in use.
    Partial,
    /// A role, project or summary line shows it.
    Strong,
}

/// A requirement and the user's own lines that answer it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequirementMatch {
    pub requirement: Requirement,
    pub coverage: Coverage,
    /// Up to two source lines, verbatim.
    pub evidence: Vec<String>,
}

/// A skill the posting asks for and the resume does not show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gap {
    pub skill: String,
    pub importance: Importance,
}

/// The user's resume measured against one posting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Positioning {
    pub requirements: Vec<RequirementMatch>,
    /// Demanded skills the user's sources show, most important first.
    pub matched_skills: Vec<String>,
    pub gaps: Vec<Gap>,
    /// Share of demanded skills (weighted by importance) the sources show, 0–1.
    pub skill_coverage: f32,
    /// The user's strongest lines for this posting, best first.
    pub strongest_lines: Vec<String>,
    /// Years the roles span (first year listed to the last or `current_year`).
    pub years_listed: Option<u32>,
}

/// A line of the user's material that can be offered as evidence.
#[derive(Debug, Clone)]
struct SourceLine {
    text: String,
    stems: HashSet<String>,
    skills: Vec<SkillId>,
    is_evidence: bool,
}

/// What the posting cares about, prepared for fast scoring of many lines.
#[derive(Debug, Clone)]
pub struct Relevance {
    skill_weights: Vec<(SkillId, f32)>,
    stems: HashSet<String>,
}

impl Relevance {
    pub fn new(analysis: &PostingAnalysis) -> Self {
        let taxonomy = Taxonomy::bundled();
        let skill_weights = analysis
            .skills
            .iter()
            .filter_map(|s| {
                taxonomy
                    .lookup(&s.name)
                    .map(|id| (id, s.importance.weight()))
            })
            .collect();
        let mut stems = HashSet::new();
        for line in analysis
            .requirements
            .iter()
            .map(|r| r.text.as_str())
            .chain(analysis.responsibilities.iter().map(String::as_str))
            .chain(analysis.keywords.iter().map(String::as_str))
        {
            stems.extend(text::content_stems(line));
        }
        Self {
            skill_weights,
            stems,
        }
    }

    /// How strongly a line of the resume speaks to the posting: demanded
    /// skills by importance, shared terms, and a little for being measurable.
    pub fn score(&self, line: &str) -> f32 {
        let taxonomy = Taxonomy::bundled();
        let skills = taxonomy.skills_in(line);
        let skill_score: f32 = skills
            .iter()
            .filter_map(|id| {
                self.skill_weights
                    .iter()
                    .find(|(s, _)| s == id)
                    .map(|(_, w)| w)
            })
            .sum();
        let line_stems: HashSet<String> = text::content_stems(line).into_iter().collect();
        let shared = line_stems.intersection(&self.stems).count() as f32;
        let measurable = if line.chars().any(|c| c.is_ascii_digit()) {
            0.3
        } else {
            0.0
        };
        skill_score + (shared * 0.4).min(2.0) + measurable
    }

    /// The demanded skills a line names, by canonical name.
    pub fn demanded_skills_in(&self, line: &str) -> Vec<String> {
        let taxonomy = Taxonomy::bundled();
        taxonomy
            .skills_in(line)
            .into_iter()
            .filter(|id| self.skill_weights.iter().any(|(s, _)| s == id))
            .map(|id| taxonomy.name(id).to_owned())
            .collect()
    }
}

/// Measures the resume (and the user's notes) against the posting.
pub fn position(
    resume: &Resume,
    notes: &str,
    analysis: &PostingAnalysis,
    current_year: u16,
) -> Positioning {
    let taxonomy = Taxonomy::bundled();
    let lines = source_lines(resume, notes, &analysis.company);
    let mut known: HashSet<SkillId> = lines
        .iter()
        .flat_map(|l| l.skills.iter().copied())
        .collect();
    known.extend(
        resume
            .listed_skills()
            .iter()
            .filter_map(|s| taxonomy.lookup(s)),
    );
    let relevance = Relevance::new(analysis);

    let requirements = analysis
        .requirements
        .iter()
        .map(|r| match_requirement(r, &lines, &known, resume, current_year))
        .collect();

    // "Finance, Accounting or Economics": holding one answers the others.
    let answered_by_alternative: HashSet<SkillId> = analysis
        .requirements
        .iter()
        .flat_map(|r| alternatives(&r.text))
        .filter(|group| group.iter().any(|id| taxonomy.holds(&known, *id)))
        .flatten()
        .collect();
    let mut matched_skills = Vec::new();
    let mut gaps = Vec::new();
    let (mut covered_weight, mut total_weight) = (0.0f32, 0.0f32);
    for demand in &analysis.skills {
        let Some(id) = taxonomy.lookup(&demand.name) else {
            continue;
        };
        let held = taxonomy.holds(&known, id);
        if held {
            matched_skills.push(demand.name.clone());
        }
        // Soft skills ("communication") count as matched when the user names
        // them, but are neither scored nor reported as gaps: no resume proves them.
        if !demand.category.is_checkable() {
            continue;
        }
        let weight = demand.importance.weight();
        total_weight += weight;
        if held || answered_by_alternative.contains(&id) {
            covered_weight += weight;
        } else if demand.importance >= Importance::Preferred {
            gaps.push(Gap {
                skill: demand.name.clone(),
                importance: demand.importance,
            });
        }
    }

    let mut scored: Vec<(f32, &str)> = lines
        .iter()
        .filter(|l| l.is_evidence)
        .map(|l| (relevance.score(&l.text), l.text.as_str()))
        .filter(|(score, _)| *score > 0.5)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let strongest_lines = scored
        .iter()
        .take(5)
        .map(|(_, l)| (*l).to_owned())
        .collect();

    Positioning {
        requirements,
        matched_skills,
        gaps,
        skill_coverage: if total_weight > 0.0 {
            covered_weight / total_weight
        } else {
            0.0
        },
        strongest_lines,
        years_listed: years_listed(resume, current_year),
    }
}

/// Groups of skills a requirement offers as alternatives: names listed with
/// only commas, slashes or "or" between them, with an "or" in or after the
/// list ("Rust or Go", "Finance, Accounting, Economics, or a related field").
fn alternatives(requirement: &str) -> Vec<Vec<SkillId>> {
    let mentions = Taxonomy::bundled().find(requirement);
    let mut groups: Vec<(Vec<SkillId>, usize)> = Vec::new();
    let mut previous_end: Option<usize> = None;
    for mention in mentions {
        let joined = previous_end.is_some_and(|end| {
            let between = requirement[end..mention.start].to_lowercase();
            let words: Vec<&str> = between
                .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
                .filter(|w| !w.is_empty())
                .collect();
            words.iter().all(|w| matches!(*w, "or" | "and/or"))
        });
        match groups.last_mut() {
            Some((group, end)) if joined => {
                group.push(mention.skill);
                *end = mention.end;
            }
            _ => groups.push((vec![mention.skill], mention.end)),
        }
        previous_end = Some(mention.end);
    }
    groups
        .into_iter()
        .filter(|(group, end)| {
            let first = group.len() > 1;
            let tail = requirement[*end..].to_lowercase();
            let or_after = tail.trim_start_matches([',', ' ']).starts_with("or ");
            first && (or_after || requirement.to_lowercase().contains(" or "))
        })
        .map(|(group, _)| group)
        .collect()
}

fn source_lines(resume: &Resume, notes: &str, company: &str) -> Vec<SourceLine> {
    let taxonomy = Taxonomy::bundled();
    let mut out = Vec::new();
    let mut push = |text: &str, is_evidence: bool| {
        let plain = text::plain(text);
        if plain.is_empty() {
            return;
        }
        let skills = if text::is_negated(&plain) {
            Vec::new()
        } else {
            taxonomy.skills_in(&plain)
        };
        out.push(SourceLine {
            stems: text::content_stems(&plain).into_iter().collect(),
            skills,
            text: plain,
            is_evidence,
        });
    };
    for sentence in text::sentence_slices(&resume.summary()) {
        push(sentence, true);
    }
    for entry in resume.roles().chain(resume.projects()) {
        for bullet in &entry.bullets {
            push(bullet, true);
        }
    }
    for kind in [
        SectionKind::Education,
        SectionKind::Certifications,
        SectionKind::Skills,
    ] {
        for line in resume.lines_of(kind) {
            push(&line, false);
        }
    }
    // A note about the employer ("they are rolling out Anaplan") says
    // nothing about the user's skills.
    for sentence in text::sentence_slices(notes) {
        if !text::mentions_company(sentence, company) {
            push(sentence, false);
        }
    }
    out
}

fn match_requirement(
    requirement: &Requirement,
    lines: &[SourceLine],
    known: &HashSet<SkillId>,
    resume: &Resume,
    current_year: u16,
) -> RequirementMatch {
    let taxonomy = Taxonomy::bundled();
    let wanted: Vec<SkillId> = requirement
        .skills
        .iter()
        .filter_map(|s| taxonomy.lookup(s))
        .collect();
    let stems: HashSet<String> = text::content_stems(&requirement.text).into_iter().collect();
    let mut ranked: Vec<(f32, &SourceLine)> = lines
        .iter()
        .map(|line| {
            let skill_hits = wanted.iter().filter(|id| line.skills.contains(id)).count() as f32;
            let shared = line.stems.intersection(&stems).count() as f32;
            let evidence_bonus = if line.is_evidence { 0.5 } else { 0.0 };
            (skill_hits * 3.0 + shared + evidence_bonus, line)
        })
        .filter(|(score, _)| *score >= 1.5)
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let evidence: Vec<String> = ranked.iter().take(2).map(|(_, l)| l.text.clone()).collect();

    let coverage = if !wanted.is_empty() {
        let any_of = requirement.text.to_lowercase().contains(" or ");
        let held = wanted
            .iter()
            .filter(|id| taxonomy.holds(known, **id))
            .count();
        let enough = if any_of {
            held > 0
        } else {
            held == wanted.len()
        };
        let shown = ranked
            .iter()
            .any(|(_, l)| l.is_evidence && wanted.iter().any(|id| l.skills.contains(id)));
        match (enough, held > 0, shown) {
            (true, _, true) => Coverage::Strong,
            (_, true, _) => Coverage::Partial,
            _ => Coverage::Missing,
        }
    } else if let Some(years) = requirement.years {
        match years_listed(resume, current_year) {
            Some(listed) if listed >= years => Coverage::Strong,
            Some(_) => Coverage::Partial,
            None => Coverage::Missing,
        }
    } else {
        match ranked.first() {
            Some((score, _)) if *score >= 3.0 => Coverage::Strong,
            Some(_) => Coverage::Partial,
            None => Coverage::Missing,
        }
    };
    let evidence = if requirement.years.is_some() && wanted.is_empty() {
        roles_span_line(resume).into_iter().collect()
    } else {
        evidence
    };
    RequirementMatch {
        requirement: requirement.clone(),
        coverage,
        evidence,
    }
}

/// Years from the first role's start to the last role's end (or now).
pub fn years_listed(resume: &Resume, current_year: u16) -> Option<u32> {
    let ranges: Vec<_> = resume.roles().filter_map(|r| r.years).collect();
    let first = ranges.iter().map(|r| r.from).min()?;
    let last = ranges.iter().map(|r| r.to.unwrap_or(current_year)).max()?;
    Some(u32::from(last.saturating_sub(first)))
}

/// The role headings, as the user wrote them: evidence for a years requirement.
fn roles_span_line(resume: &Resume) -> Vec<String> {
    resume
        .roles()
        .take(2)
        .map(|r| text::plain(&r.heading))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::posting::analyse;

    const ADA: &str = include_str!("../../../assets/sample/resume-ada-park.md");

    #[test]
    fn positioning_finds_evidence_matches_and_gaps() {
        let posting = "Requirements:\n- 5+ years building backend services\n- Strong Rust and PostgreSQL\n- Experience with Kubernetes\n- Java and Spring Boot\nNice to have:\n- Kafka\n- Snowflake\n";
        let analysis = analyse(posting, "Acme", "Senior Backend Engineer");
        let resume = Resume::parse(ADA);
        let positioning = position(&resume, "", &analysis, 2026);
        let coverage = |needle: &str| {
            positioning
                .requirements
                .iter()
                .find(|m| m.requirement.text.contains(needle))
                .map(|m| m.coverage)
        };
        assert_eq!(coverage("Rust and PostgreSQL"), Some(Coverage::Strong));
        assert_eq!(coverage("Kubernetes"), Some(Coverage::Strong));
        assert_eq!(coverage("Java"), Some(Coverage::Missing));
        assert_eq!(coverage("5+ years"), Some(Coverage::Strong));
        let gaps: Vec<&str> = positioning.gaps.iter().map(|g| g.skill.as_str()).collect();
        assert!(gaps.contains(&"Java"), "{gaps:?}");
        assert!(gaps.contains(&"Spring Boot"), "{gaps:?}");
        assert!(gaps.contains(&"Snowflake"), "{gaps:?}");
        assert!(positioning.matched_skills.contains(&"Kafka".to_owned()));
        assert!(positioning.skill_coverage > 0.4 && positioning.skill_coverage < 0.9);
        assert_eq!(positioning.years_listed, Some(8));
        assert!(
            positioning.strongest_lines[0].contains("Rust")
                || positioning.strongest_lines[0].contains("PostgreSQL")
        );
    }

    #[test]
    fn notes_about_the_employer_or_denials_are_not_the_users_skills() {
        let posting = "Requirements:\n- Anaplan\n- Spark\n- Rust or Java\n";
        let analysis = analyse(posting, "Corvane Medical", "FP&A Manager");
        let resume = Resume::parse(ADA);
        let notes = "They are rolling out Anaplan next year. Corvane uses Spark everywhere. I haven't used Java.";
        let positioning = position(&resume, notes, &analysis, 2026);
        let gaps: Vec<&str> = positioning.gaps.iter().map(|g| g.skill.as_str()).collect();
        assert!(
            gaps.contains(&"Anaplan") && gaps.contains(&"Spark"),
            "{gaps:?}"
        );
        // Rust answers "Rust or Java".
        assert!(!gaps.contains(&"Java"), "{gaps:?}");
    }
}
