//! The four parts of the score, each with its value and a sentence that
//! says what it measured, and how they are weighed into one number.

use jobforge_analysis::posting::Seniority;
use jobforge_types::{GapItem, GapStatus, Importance, ScoreComponent, ScoreComponentKind};

use crate::gaps::{PreparedRequirement, shorten};
use crate::years::RelevantYears;

/// The share of each component in the score, percent, when all four can
/// be computed. Must-haves decide whether an application gets read, so
/// they weigh most; what the person actually did, measured by meaning
/// rather than keywords, comes next; nice-to-haves and years only
/// separate otherwise similar candidates (and years are a coarse proxy).
pub(crate) const NOMINAL_WEIGHTS: [(ScoreComponentKind, u8); 4] = [
    (ScoreComponentKind::MustHave, 45),
    (ScoreComponentKind::NiceToHave, 15),
    (ScoreComponentKind::ExperienceSimilarity, 25),
    (ScoreComponentKind::SeniorityFit, 15),
];

/// An implicit item (shown, but not in the posting's words) earns this
/// share of a met one: the reader or the applicant tracking system has to
/// infer it, which is what the suggestion to surface it fixes.
const IMPLICIT_CREDIT: f32 = 0.5;

/// A component before weighing: its value (none when it cannot be
/// computed) and its explanation.
pub(crate) struct Measured {
    pub kind: ScoreComponentKind,
    pub value: Option<u8>,
    pub explanation: String,
}

/// How many names an explanation lists before "and N more".
const LISTED_NAMES: usize = 6;

/// Must-have or nice-to-have coverage over the scored requirements of
/// `importance`. `skills_stand_in`: the requirements are the skills the
/// posting names, as it marks none required or preferred.
pub(crate) fn coverage(
    kind: ScoreComponentKind,
    importance: Importance,
    requirements: &[PreparedRequirement],
    gaps: &[GapItem],
    skills_stand_in: bool,
) -> Measured {
    let label = kind.label();
    let mut met = Vec::new();
    let mut implicit = Vec::new();
    let mut partly = Vec::new();
    let mut missing = Vec::new();
    let mut partial_credit = 0.0;
    let (mut soft, mut years) = (0, 0);
    for (requirement, gap) in requirements.iter().zip(gaps) {
        if requirement.importance != importance {
            continue;
        }
        if !requirement.is_scored() {
            if requirement.years.is_some() && requirement.skills.is_empty() {
                years += 1;
            } else {
                soft += 1;
            }
            continue;
        }
        let name = requirement.short_name();
        match gap.status {
            GapStatus::Met { .. } => met.push(name),
            GapStatus::Implicit { .. } => implicit.push(name),
            GapStatus::NotMet { .. } => match requirement.partial_credit(gap) {
                credit if credit > 0.0 => {
                    partial_credit += credit;
                    partly.push(name);
                }
                _ => missing.push(name),
            },
        }
    }
    let total = met.len() + implicit.len() + partly.len() + missing.len();
    let mut not_scored = Vec::new();
    if years > 0 {
        not_scored.push(format!(
            "{years} about years only (scored under seniority and years)"
        ));
    }
    if soft > 0 {
        not_scored.push(format!(
            "{soft} about soft skills only (a resume cannot prove them)"
        ));
    }
    let not_scored = if not_scored.is_empty() {
        String::new()
    } else {
        format!(
            " Not counted here, though listed with the gaps: {}.",
            not_scored.join("; ")
        )
    };
    if total == 0 {
        let what = match importance {
            Importance::MustHave => "marks no requirement as required",
            Importance::NiceToHave => "lists no nice-to-haves",
        };
        let what = if not_scored.is_empty() {
            format!("the posting {what}")
        } else {
            "the posting has no requirement of this kind to count".to_owned()
        };
        return Measured {
            kind,
            value: None,
            explanation: format!(
                "{label}: {what}, so this part is not scored; its weight went to the other parts in proportion to theirs.{not_scored}"
            ),
        };
    }
    let credit = met.len() as f32 + IMPLICIT_CREDIT * implicit.len() as f32 + partial_credit;
    let value = (100.0 * credit / total as f32).round() as u8;
    let mut explanation = if skills_stand_in {
        format!(
            "{label}: the posting marks no requirement as required or preferred (or in a way the analysis could not read), so each skill it names counts as one: {} of {total} met",
            met.len()
        )
    } else {
        format!("{label}: {} of {total} met", met.len())
    };
    if !met.is_empty() {
        explanation.push_str(&format!(" ({})", list(&met)));
    }
    if !implicit.is_empty() {
        explanation.push_str(&format!(
            "; {} shown only indirectly, counted half ({})",
            implicit.len(),
            list(&implicit)
        ));
    }
    if !partly.is_empty() {
        explanation.push_str(&format!(
            "; {} partly shown, counted in part ({})",
            partly.len(),
            list(&partly)
        ));
    }
    if !missing.is_empty() {
        explanation.push_str(&format!("; missing {}", list(&missing)));
    }
    explanation.push('.');
    explanation.push_str(&not_scored);
    Measured {
        kind,
        value: Some(value),
        explanation,
    }
}

fn list(names: &[String]) -> String {
    if names.len() <= LISTED_NAMES {
        names.join(", ")
    } else {
        format!(
            "{}, and {} more",
            names[..LISTED_NAMES].join(", "),
            names.len() - LISTED_NAMES
        )
    }
}

/// The years a level usually starts at, when the posting states a level but
/// no years. Junior to lead are the analysis crate's own thresholds for
/// reading a level from years (0–1 junior, 2–4 mid, 5–7 senior, 8+ lead),
/// read backwards; manager, director and executive are common floors, an
/// assumption the explanation says out loud.
fn years_for_level(seniority: Seniority) -> u32 {
    match seniority {
        Seniority::Intern | Seniority::Junior => 0,
        Seniority::Mid => 2,
        Seniority::Senior | Seniority::Manager => 5,
        Seniority::Lead | Seniority::Director => 8,
        Seniority::Executive => 10,
    }
}

/// Years of the resume's relevant roles (see `years`) against the years (or
/// level) the posting asks for. Only a shortfall lowers it: more years than
/// asked is no misfit to be scored (and penalising it would score age).
pub(crate) fn seniority_fit(
    min_years: Option<u32>,
    seniority: Option<Seniority>,
    found: &RelevantYears<'_>,
) -> Measured {
    let kind = ScoreComponentKind::SeniorityFit;
    let label = kind.label();
    let (wanted, asked) = match (min_years, seniority) {
        (Some(years), Some(level)) => (years, format!("{years}+ years ({})", level.label())),
        (Some(years), None) => (years, format!("{years}+ years")),
        (None, Some(level)) => {
            let years = years_for_level(level);
            (
                years,
                format!(
                    "a {} role, read as {years}+ years (the level's usual floor; the posting states no years)",
                    level.label()
                ),
            )
        }
        (None, None) => {
            return Measured {
                kind,
                value: None,
                explanation: format!(
                    "{label}: the posting states no years or level, so this part is not scored; its weight went to the other parts in proportion to theirs."
                ),
            };
        }
    };
    let left_out = match found.left_out.as_slice() {
        [] => String::new(),
        roles => format!(
            " Not counted, since nothing in them matches the posting: {}.",
            roles.join("; ")
        ),
    };
    let (value, explanation) = match found.years {
        _ if wanted == 0 => (
            100,
            format!("{label}: the posting asks for {asked}; nothing to fall short of."),
        ),
        Some(counted) if counted >= wanted => (
            100,
            format!(
                "{label}: your roles relevant to the posting add up to {counted} years; it asks for {asked}.{left_out}"
            ),
        ),
        Some(counted) => (
            (100 * counted / wanted) as u8,
            format!(
                "{label}: your roles relevant to the posting add up to {counted} of the {wanted} years asked for ({asked}).{left_out}"
            ),
        ),
        None => (
            0,
            format!(
                "{label}: the posting asks for {asked}, and no role in the resume carries dates to show them."
            ),
        ),
    };
    Measured {
        kind,
        value: Some(value),
        explanation,
    }
}

/// One posting unit's best match in the resume's experience, calibrated.
pub(crate) struct UnitMatch<'a> {
    pub unit: &'a str,
    pub similarity: f32,
}

/// Calibrated similarity from which a responsibility counts as answered
/// in the explanation's count ("4 of 6 have a close match").
const CLOSE_MATCH: f32 = 50.0;

pub(crate) struct SimilarityInput<'a> {
    pub matches: Vec<UnitMatch<'a>>,
    pub units_from_chunks: bool,
    pub whole_resume: bool,
    pub resume_is_empty: bool,
    pub embedder: String,
    pub calibration: String,
}

/// The mean over the posting's responsibilities of their best calibrated
/// similarity to a chunk of the resume's experience.
pub(crate) fn experience_similarity(input: &SimilarityInput<'_>) -> Measured {
    let kind = ScoreComponentKind::ExperienceSimilarity;
    let label = kind.label();
    if input.matches.is_empty() {
        return Measured {
            kind,
            value: None,
            explanation: format!(
                "{label}: the posting has no text to compare with, so this part is not scored; its weight went to the other parts in proportion to theirs."
            ),
        };
    }
    if input.resume_is_empty {
        return Measured {
            kind,
            value: Some(0),
            explanation: format!("{label}: the resume has no text to compare with the posting."),
        };
    }
    let mean = input.matches.iter().map(|m| m.similarity).sum::<f32>() / input.matches.len() as f32;
    let value = mean.round().clamp(0.0, 100.0) as u8;
    let close = input
        .matches
        .iter()
        .filter(|m| m.similarity >= CLOSE_MATCH)
        .count();
    let what = if input.units_from_chunks {
        "passages of the posting (it has no responsibilities list the analysis could read)"
    } else {
        "responsibilities"
    };
    let where_ = if input.whole_resume {
        "your resume (no roles or projects were found, so all of it was compared)"
    } else {
        "your experience"
    };
    let mut explanation = format!(
        "{label}: {close} of {} {what} have a close match in {where_}",
        input.matches.len()
    );
    // First of equals: the posting's own order, so the sentence is stable.
    let best = input.matches.iter().reduce(|best, m| {
        if m.similarity > best.similarity {
            m
        } else {
            best
        }
    });
    let worst = input.matches.iter().reduce(|worst, m| {
        if m.similarity < worst.similarity {
            m
        } else {
            worst
        }
    });
    if let (Some(best), Some(worst)) = (best, worst)
        && input.matches.len() > 1
    {
        explanation.push_str(&format!(
            "; closest: \"{}\"; furthest: \"{}\"",
            shorten(best.unit, 10),
            shorten(worst.unit, 10)
        ));
    }
    explanation.push_str(&format!(
        ". Measured with {} ({}).",
        input.embedder, input.calibration
    ));
    Measured {
        kind,
        value: Some(value),
        explanation,
    }
}

/// The components with their weights after redistribution, and the score.
///
/// The score is computed from the rounded values shown, so anyone can
/// recompute it from the report: round(Σ value × nominal / Σ nominal of the
/// computable components). Integer arithmetic: the same on every machine.
pub(crate) fn weigh(measured: Vec<Measured>) -> (u8, Vec<ScoreComponent>) {
    let nominal = |kind: ScoreComponentKind| {
        NOMINAL_WEIGHTS
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, w)| u32::from(*w))
    };
    let available: u32 = measured
        .iter()
        .filter(|m| m.value.is_some())
        .map(|m| nominal(m.kind))
        .sum();
    let weighted: u32 = measured
        .iter()
        .filter_map(|m| m.value.map(|v| u32::from(v) * nominal(m.kind)))
        .sum();
    let score = if available == 0 {
        0
    } else {
        // Round half up.
        ((2 * weighted + available) / (2 * available)).min(100) as u8
    };
    let components = measured
        .into_iter()
        .map(|m| ScoreComponent {
            kind: m.kind,
            nominal_weight: nominal(m.kind) as u8,
            weight: match m.value {
                Some(_) if available > 0 => nominal(m.kind) as f32 / available as f32,
                _ => 0.0,
            },
            value: m.value,
            explanation: m.explanation,
        })
        .collect();
    (score, components)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(kind: ScoreComponentKind, value: Option<u8>) -> Measured {
        Measured {
            kind,
            value,
            explanation: String::new(),
        }
    }

    #[test]
    fn nominal_weights_add_up_to_a_hundred() {
        let total: u32 = NOMINAL_WEIGHTS.iter().map(|(_, w)| u32::from(*w)).sum();
        assert_eq!(total, 100);
        let kinds: Vec<ScoreComponentKind> = NOMINAL_WEIGHTS.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, ScoreComponentKind::ALL);
    }

    #[test]
    fn the_weight_of_a_missing_component_is_spread_over_the_others() {
        let (score, components) = weigh(vec![
            measured(ScoreComponentKind::MustHave, Some(80)),
            measured(ScoreComponentKind::NiceToHave, None),
            measured(ScoreComponentKind::ExperienceSimilarity, Some(60)),
            measured(ScoreComponentKind::SeniorityFit, Some(100)),
        ]);
        // (80·45 + 60·25 + 100·15) / 85 = 6600 / 85 = 77.6
        assert_eq!(score, 78);
        let weights: Vec<f32> = components.iter().map(|c| c.weight).collect();
        assert_eq!(weights[1], 0.0);
        assert!((weights[0] - 45.0 / 85.0).abs() < 1e-6);
        assert!((weights.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert_eq!(components[1].nominal_weight, 15);
    }

    #[test]
    fn nothing_computable_scores_zero_with_zero_weights() {
        let (score, components) = weigh(vec![
            measured(ScoreComponentKind::MustHave, None),
            measured(ScoreComponentKind::NiceToHave, None),
        ]);
        assert_eq!(score, 0);
        assert!(components.iter().all(|c| c.weight == 0.0));
    }

    #[test]
    fn years_only_fall_short_never_over() {
        let found = |years| RelevantYears {
            years,
            earliest: None,
            left_out: Vec::new(),
        };
        let fit = |years| seniority_fit(Some(5), Some(Seniority::Senior), &found(years)).value;
        assert_eq!(fit(Some(20)), Some(100));
        assert_eq!(fit(Some(5)), Some(100));
        assert_eq!(fit(Some(3)), Some(60));
        assert_eq!(fit(None), Some(0));
        assert_eq!(seniority_fit(None, None, &found(Some(4))).value, None);
        let level_only = seniority_fit(None, Some(Seniority::Senior), &found(Some(4)));
        assert_eq!(level_only.value, Some(80));
        assert!(
            level_only.explanation.contains("states no years"),
            "{}",
            level_only.explanation
        );
    }

    #[test]
    fn roles_left_out_of_the_years_are_named() {
        let found = RelevantYears {
            years: Some(2),
            earliest: None,
            left_out: vec!["Retail Supervisor"],
        };
        let fit = seniority_fit(Some(3), None, &found);
        assert_eq!(fit.value, Some(66));
        assert!(
            fit.explanation.contains("Retail Supervisor"),
            "{}",
            fit.explanation
        );
    }
}
