//! How well a resume fits a posting, as every front end shows it: the score
//! with the components it is made of, and each requirement of the posting
//! met, shown only indirectly, or not shown. Computed by `jobforge-match`;
//! the CLI prints it, the shell hands it to the UI unchanged.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

// `wire_enum!` (from `kinds`) names these in what it writes.
use crate::UnknownVariant;

wire_enum!(
    /// The parts of a match score.
    ScoreComponentKind, "score component" {
        /// Share of the requirements the posting marks as required that the resume shows.
        MustHave => "must_have" | "must_haves" | "required",
        /// Share of the "nice to have" requirements the resume shows.
        NiceToHave => "nice_to_have" | "nice_to_haves" | "preferred",
        /// How close the resume's experience is in meaning to the posting's responsibilities.
        ExperienceSimilarity => "experience_similarity" | "similarity" | "semantic",
        /// The years the resume's dated roles span against the years or level asked for.
        SeniorityFit => "seniority_fit" | "seniority" | "years",
    }
);

impl ScoreComponentKind {
    /// A label for people.
    pub const fn label(self) -> &'static str {
        match self {
            Self::MustHave => "Must-haves",
            Self::NiceToHave => "Nice-to-haves",
            Self::ExperienceSimilarity => "Experience similarity",
            Self::SeniorityFit => "Seniority and years",
        }
    }
}

wire_enum!(
    /// How much a requirement matters to the employer, as the posting says.
    Importance, "importance" {
        MustHave => "must_have" | "must" | "required",
        NiceToHave => "nice_to_have" | "nice" | "preferred",
    }
);

impl Importance {
    /// A label for people.
    pub const fn label(self) -> &'static str {
        match self {
            Self::MustHave => "must have",
            Self::NiceToHave => "nice to have",
        }
    }
}

/// One part of the score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreComponent {
    pub kind: ScoreComponentKind,
    /// 0–100; `None` when the posting gives nothing to measure it against
    /// (no nice-to-haves, no years or level), and its weight went to the
    /// others.
    pub value: Option<u8>,
    /// Its share of the score by design, in percent, when every component
    /// can be computed.
    pub nominal_weight: u8,
    /// Its share of this score, 0–1, after the weight of components that
    /// could not be computed was spread over the others; 0 when `value` is
    /// `None`. The weights of a report add up to 1 (or are all 0).
    pub weight: f32,
    /// One sentence for people: what was measured and what came out.
    pub explanation: String,
}

/// How one requirement of the posting is answered by the resume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum GapStatus {
    /// The resume says it: `evidence` is the resume's line, verbatim.
    Met { evidence: String },
    /// The resume shows it without the posting's wording (a more specific
    /// skill, or a line close in meaning): `evidence` is that line,
    /// verbatim, and `suggestion` says how to surface it.
    Implicit {
        evidence: String,
        suggestion: String,
    },
    /// Nothing in the resume shows it. `question` asks the user; it never
    /// claims the skill for them.
    NotMet { question: String },
}

impl GapStatus {
    /// The wire name of the status: `met`, `implicit` or `not_met`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Self::Met { .. } => "met",
            Self::Implicit { .. } => "implicit",
            Self::NotMet { .. } => "not_met",
        }
    }

    /// The resume line that answers the requirement, if any.
    pub fn evidence(&self) -> Option<&str> {
        match self {
            Self::Met { evidence } | Self::Implicit { evidence, .. } => Some(evidence),
            Self::NotMet { .. } => None,
        }
    }
}

/// One requirement of the posting and how the resume answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GapItem {
    /// The requirement as the posting words it.
    pub requirement: String,
    pub importance: Importance,
    /// Canonical names of the skills the requirement names (may be empty).
    pub skills: Vec<String>,
    /// Of `skills`, those the resume does not name in so many words.
    pub missing_skills: Vec<String>,
    #[serde(flatten)]
    pub status: GapStatus,
}

/// How well one resume fits one posting, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchReport {
    /// Which version of the scoring made this report (`match-v1`): scores
    /// of different versions are not comparable.
    pub score_version: String,
    /// 0–100: the components' values weighted by their `weight`, rounded.
    pub score: u8,
    /// Always the four kinds, in the order of [`ScoreComponentKind::ALL`].
    pub components: Vec<ScoreComponent>,
    /// Every requirement of the posting, in the posting's order.
    pub gaps: Vec<GapItem>,
    /// The embedder behind the similarity parts, e.g. `builtin-hash-v1/384`.
    pub embedder: String,
}

impl MatchReport {
    pub fn component(&self, kind: ScoreComponentKind) -> Option<&ScoreComponent> {
        self.components.iter().find(|c| c.kind == kind)
    }
}

/// One resume's place when several are matched against one posting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedResume {
    /// 1 for the best fit; ties are ordered by label, so every rank is distinct.
    pub rank: u32,
    /// What the caller called the resume: its id or its name.
    pub label: String,
    pub report: MatchReport,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_kinds_and_importance_use_snake_case_wire_names() {
        let names: Vec<&str> = ScoreComponentKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "must_have",
                "nice_to_have",
                "experience_similarity",
                "seniority_fit"
            ]
        );
        for kind in ScoreComponentKind::ALL {
            assert_eq!(kind.as_str().parse::<ScoreComponentKind>(), Ok(*kind));
            let json = serde_json::to_string(kind).expect("serialise");
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!("Must".parse(), Ok(Importance::MustHave));
        assert_eq!("nice-to-have".parse(), Ok(Importance::NiceToHave));
    }

    #[test]
    fn gap_items_flatten_their_status_with_a_tag() {
        let item = GapItem {
            requirement: "Experience with Kubernetes".to_owned(),
            importance: Importance::MustHave,
            skills: vec!["Kubernetes".to_owned()],
            missing_skills: Vec::new(),
            status: GapStatus::Met {
                evidence: "Ran k8s clusters".to_owned(),
            },
        };
        let json = serde_json::to_value(&item).expect("serialise");
        assert_eq!(json["status"], "met");
        assert_eq!(json["evidence"], "Ran k8s clusters");
        assert_eq!(json["importance"], "must_have");
        let back: GapItem = serde_json::from_value(json).expect("deserialise");
        assert_eq!(back, item);

        let not_met = GapStatus::NotMet {
            question: "Have you used Terraform? If so, add where.".to_owned(),
        };
        let json = serde_json::to_value(&not_met).expect("serialise");
        assert_eq!(json["status"], "not_met");
        assert_eq!(not_met.as_str(), "not_met");
        assert_eq!(not_met.evidence(), None);
    }

    #[test]
    fn a_report_reads_back_from_json_unchanged() {
        let report = MatchReport {
            score_version: "match-v1".to_owned(),
            score: 72,
            components: vec![ScoreComponent {
                kind: ScoreComponentKind::NiceToHave,
                value: None,
                nominal_weight: 15,
                weight: 0.0,
                explanation: "The posting lists no nice-to-haves.".to_owned(),
            }],
            gaps: Vec::new(),
            embedder: "builtin-hash-v1/384".to_owned(),
        };
        let json = serde_json::to_string(&report).expect("serialise");
        let back: MatchReport = serde_json::from_str(&json).expect("deserialise");
        assert_eq!(back, report);
        assert!(
            back.component(ScoreComponentKind::NiceToHave)
                .is_some_and(|c| c.value.is_none())
        );
    }
}
