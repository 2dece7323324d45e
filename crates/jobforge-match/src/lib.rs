//! How well a resume fits a job posting, and why: a versioned 0–100 score
//! built from four explained components, a gap analysis of every
//! requirement, and a ranking of several resumes for one posting.
//!
//! Pure Rust, no I/O, deterministic: the same posting, resume, embedder and
//! `current_year` always give the same report, word for word.
//!
//! # The score (`match-v1`)
//!
//! | component | weight | measures |
//! |---|---|---|
//! | must-haves | 45% | the requirements the posting marks required that the resume shows |
//! | nice-to-haves | 15% | the "nice to have" / "preferred" ones it shows |
//! | experience similarity | 25% | how close in meaning the resume's experience is to the posting's responsibilities |
//! | seniority and years | 15% | the years of the resume's relevant roles against the years or level asked |
//!
//! Must-haves decide whether an application is read at all, so they weigh
//! most; what the person did, measured by meaning rather than keywords,
//! comes next; nice-to-haves and years separate otherwise similar
//! candidates, and years are a coarse proxy for ability.
//!
//! - **Coverage** (must-haves, nice-to-haves) comes from the gap analysis:
//!   a met requirement counts 1, an implicit one ½ (the evidence is there,
//!   but a reader has to infer it), one of several named skills of which
//!   only some are shown half their share ("React and TypeScript" with
//!   React: ¼), a missing one 0. Requirements of soft skills only
//!   ("excellent communication") are listed but not counted: no resume line
//!   proves them. Requirements of years only are listed but counted once,
//!   under seniority. A posting that marks nothing required or preferred
//!   (no list the analysis recognises, another language) has the skills it
//!   names counted as its must-haves, and the explanation says so.
//! - **Experience similarity** embeds each responsibility the posting lists
//!   and the resume's roles and projects, cut by the embed crate's chunker
//!   into a bullet or two each; each responsibility takes its best cosine
//!   among those chunks, mapped to 0–100 on the embedder's own
//!   [`Calibration`] (the built-in embedder's cosines run far lower than a
//!   neural model's, so one fixed mapping would misread one of them), and
//!   the component is their mean. Best-match-per-responsibility rewards a
//!   resume that answers every part of the job over one that answers one
//!   part many times. A posting whose responsibilities the analysis cannot
//!   read is compared through its own chunks (benefits left out).
//! - **Seniority and years** is 100 when the resume's roles relevant to
//!   the posting (by title, by the kind of skills they name, or by a line
//!   close to a responsibility) add up to the years asked for (or, without
//!   years, the usual floor of the level asked for), and falls in
//!   proportion below. More years than asked never lowers it. The roles
//!   left out are named in the explanation.
//!
//! A component the posting gives nothing to measure against (no
//! nice-to-haves, no years or level) has no value; its weight is spread
//! over the others in proportion to theirs, and its explanation says so.
//! The score is computed from the rounded values shown, so it can be
//! recomputed from the report: round(Σ value × weight).
//!
//! The weights, the credits, the thresholds and the calibration table are
//! part of the version: changing any of them changes scores and must change
//! [`SCORE_VERSION`], since stored scores of two versions do not compare.
//!
//! # The gap analysis
//!
//! Every requirement the posting marks required or preferred becomes a
//! [`GapItem`]: `met` with the resume line that says it, verbatim, `implicit`
//! with the line that shows it in other words and a suggestion to surface
//! it, or `not_met` with a question for the user. The rules, in short
//! (`gaps` has them in full):
//!
//! - skills through the taxonomy: an alias meets its skill ("k8s" meets
//!   "Kubernetes"); a more specific skill makes it implicit ("AWS Lambda"
//!   for "AWS"); a method or several-word name also in other forms of its
//!   words ("data analyst" for "Data Analysis");
//! - what a requirement asks for comes before its details: "Go, including
//!   concurrency patterns" is met by Go; examples stand for the whole
//!   ("time-series databases such as InfluxDB" is met by InfluxDB);
//! - "Rust or Go" by either; a degree by an education line of that level
//!   or higher in one of its fields; years by the relevant roles.
//!
//! Nothing here claims a skill for the user: a missing one is asked about
//! ("Have you used Terraform? If so, add where."), a neighbouring tool
//! never stands in for the one asked for, and lines that deny or only wish
//! ("I haven't used Java", "moving towards FP&A") are no evidence.

mod calibration;
mod components;
mod gaps;
mod lines;
mod semantic;
mod years;

use jobforge_analysis::posting::PostingAnalysis;
use std::collections::HashSet;

use jobforge_analysis::resume::Resume;
use jobforge_analysis::text;
use jobforge_embed::{EmbedError, Embedder, EmbedderId, cosine};
use jobforge_types::{GapItem, Importance, MatchReport, RankedResume, ScoreComponentKind};

pub use calibration::Calibration;

use components::{Measured, SimilarityInput, UnitMatch};
use gaps::{PreparedRequirement, ResumeView};
use lines::ResumeEvidence;
use semantic::PostingUnits;
use years::{PostingFocus, relevant_years};

/// The version of the scoring written into every report.
pub const SCORE_VERSION: &str = "match-v1";

/// Why a match could not be made.
#[derive(Debug, thiserror::Error, PartialEq)]
#[non_exhaustive]
pub enum MatchError {
    #[error("the resume could not be compared with the posting: {0}")]
    Embed(#[from] EmbedError),

    #[error(
        "the similarity calibration {unrelated}..{strong} cannot be used: the cosine for unrelated texts must be below the one for strong matches, both between -1 and 1; remove the override to use the embedder's own"
    )]
    InvalidCalibration { unrelated: f32, strong: f32 },
}

/// What a match needs besides the texts and the embedder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchSettings {
    /// The year "present" in the resume's dates stands for. Passed in, never
    /// read from the clock, so that the same inputs give the same report.
    pub current_year: u16,
    /// Overrides the embedder's entry in the calibration table.
    pub calibration: Option<Calibration>,
}

impl MatchSettings {
    pub fn new(current_year: u16) -> Self {
        Self {
            current_year,
            calibration: None,
        }
    }
}

/// One posting, read and embedded once, matched against any number of
/// resumes.
pub struct Matcher<'a> {
    embedder: &'a dyn Embedder,
    embedder_id: EmbedderId,
    calibration: Calibration,
    current_year: u16,
    analysis: &'a PostingAnalysis,
    focus: PostingFocus,
    requirements: Vec<PreparedRequirement>,
    /// True when `requirements` are the skills the posting names, since it
    /// marks no requirement as required or preferred.
    skills_stand_in: bool,
    requirement_vectors: Vec<Vec<f32>>,
    units: PostingUnits,
    unit_vectors: Vec<Vec<f32>>,
    unit_stems: Vec<HashSet<String>>,
}

impl std::fmt::Debug for Matcher<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("embedder", &self.embedder_id.to_string())
            .field("calibration", &self.calibration)
            .field("requirements", &self.requirements.len())
            .field("units", &self.units.texts.len())
            .finish()
    }
}

impl<'a> Matcher<'a> {
    /// Prepares `posting_markdown`, already read by
    /// [`jobforge_analysis::posting::analyse`] into `analysis`.
    pub fn new(
        posting_markdown: &str,
        analysis: &'a PostingAnalysis,
        embedder: &'a dyn Embedder,
        settings: MatchSettings,
    ) -> Result<Self, MatchError> {
        let embedder_id = embedder.id();
        let calibration = match settings.calibration {
            Some(own) => Calibration::new(own.unrelated, own.strong, own.word_based)?,
            None => Calibration::for_embedder(&embedder_id),
        };
        let mut requirements: Vec<PreparedRequirement> = analysis
            .requirements
            .iter()
            .filter_map(PreparedRequirement::new)
            .collect();
        // A posting that marks nothing as required or preferred still says
        // what the work needs through the skills it names.
        let skills_stand_in = requirements.is_empty();
        if skills_stand_in {
            requirements = analysis
                .skills
                .iter()
                .filter(|demand| demand.category.is_checkable())
                .filter_map(PreparedRequirement::from_named_skill)
                .collect();
        }
        let units = semantic::posting_units(posting_markdown, analysis);
        let texts: Vec<&str> = requirements
            .iter()
            .map(|r| r.text.as_str())
            .chain(units.texts.iter().map(String::as_str))
            .collect();
        let mut vectors = semantic::embed_all(embedder, &embedder_id, &texts)?;
        let unit_vectors = vectors.split_off(requirements.len());
        Ok(Self {
            embedder,
            embedder_id,
            calibration,
            current_year: settings.current_year,
            analysis,
            focus: PostingFocus::new(analysis),
            requirements,
            skills_stand_in,
            requirement_vectors: vectors,
            unit_stems: units
                .texts
                .iter()
                .map(|t| text::content_stems(t).into_iter().collect())
                .collect(),
            units,
            unit_vectors,
        })
    }

    /// The report for one resume (Markdown).
    pub fn report(&self, resume_markdown: &str) -> Result<MatchReport, MatchError> {
        let resume = Resume::parse(resume_markdown);
        let evidence = ResumeEvidence::collect(&resume, self.current_year);
        let (chunks, whole_resume) = semantic::experience_chunks(resume_markdown, &resume);
        let texts: Vec<&str> = chunks
            .iter()
            .map(String::as_str)
            .chain(evidence.lines.iter().map(|l| l.text.as_str()))
            .collect();
        let mut vectors = semantic::embed_all(self.embedder, &self.embedder_id, &texts)?;
        let line_vectors = vectors.split_off(chunks.len());
        let chunk_vectors = vectors;
        let close_roles = self.roles_close_to_posting(&evidence, &line_vectors);
        let years = relevant_years(&evidence.dated_roles, &close_roles, &self.focus);

        let view = ResumeView {
            evidence: &evidence,
            years: &years,
            word_based: self.calibration.word_based,
        };
        let gaps: Vec<GapItem> = self
            .requirements
            .iter()
            .zip(&self.requirement_vectors)
            .map(|(requirement, vector)| {
                let similarity: Vec<f32> = line_vectors
                    .iter()
                    .map(|line| self.calibration.scale(cosine(vector, line)))
                    .collect();
                gaps::assess(requirement, &view, &similarity)
            })
            .collect();

        let matches: Vec<UnitMatch<'_>> = self
            .units
            .texts
            .iter()
            .zip(&self.unit_vectors)
            .map(|(unit, vector)| UnitMatch {
                unit,
                similarity: chunk_vectors
                    .iter()
                    .map(|chunk| self.calibration.scale(cosine(vector, chunk)))
                    .fold(0.0, f32::max),
            })
            .collect();
        let measured: Vec<Measured> = vec![
            components::coverage(
                ScoreComponentKind::MustHave,
                Importance::MustHave,
                &self.requirements,
                &gaps,
                self.skills_stand_in,
            ),
            components::coverage(
                ScoreComponentKind::NiceToHave,
                Importance::NiceToHave,
                &self.requirements,
                &gaps,
                self.skills_stand_in,
            ),
            components::experience_similarity(&SimilarityInput {
                matches,
                units_from_chunks: self.units.from_chunks,
                whole_resume,
                resume_is_empty: chunk_vectors.is_empty(),
                embedder: self.embedder_id.to_string(),
                calibration: self.calibration.describe(),
            }),
            components::seniority_fit(self.analysis.min_years, self.analysis.seniority, &years),
        ];
        let (score, components) = components::weigh(measured);
        Ok(MatchReport {
            score_version: SCORE_VERSION.to_owned(),
            score,
            components,
            gaps,
            embedder: self.embedder_id.to_string(),
        })
    }

    /// For each dated role: whether one of its lines is as close to one of
    /// the posting's units as evidence must be (sharing a word with it too,
    /// when the embedder compares words).
    fn roles_close_to_posting(
        &self,
        evidence: &ResumeEvidence,
        line_vectors: &[Vec<f32>],
    ) -> Vec<bool> {
        let mut close = vec![false; evidence.dated_roles.len()];
        for (line, vector) in evidence.lines.iter().zip(line_vectors) {
            let Some(role) = line.role else {
                continue;
            };
            if close.get(role).copied().unwrap_or(true) {
                continue;
            }
            let is_close = self
                .unit_vectors
                .iter()
                .zip(&self.unit_stems)
                .any(|(unit, stems)| {
                    self.calibration.scale(cosine(vector, unit)) >= gaps::IMPLICIT_SIMILARITY
                        && (!self.calibration.word_based || !line.stems.is_disjoint(stems))
                });
            close[role] = is_close;
        }
        close
    }

    /// Every resume's report, best fit first; equal scores are ordered by
    /// label, and equal labels keep the order given.
    pub fn rank<L, R>(&self, resumes: &[(L, R)]) -> Result<Vec<RankedResume>, MatchError>
    where
        L: AsRef<str>,
        R: AsRef<str>,
    {
        let mut reports = resumes
            .iter()
            .map(|(label, markdown)| {
                Ok((label.as_ref().to_owned(), self.report(markdown.as_ref())?))
            })
            .collect::<Result<Vec<_>, MatchError>>()?;
        reports.sort_by(|a, b| b.1.score.cmp(&a.1.score).then_with(|| a.0.cmp(&b.0)));
        Ok(reports
            .into_iter()
            .zip(1u32..)
            .map(|((label, report), rank)| RankedResume {
                rank,
                label,
                report,
            })
            .collect())
    }
}

/// How well one resume fits one posting; see the crate documentation.
pub fn match_resume(
    posting_markdown: &str,
    analysis: &PostingAnalysis,
    resume_markdown: &str,
    embedder: &dyn Embedder,
    settings: MatchSettings,
) -> Result<MatchReport, MatchError> {
    Matcher::new(posting_markdown, analysis, embedder, settings)?.report(resume_markdown)
}

/// Several resumes (label, Markdown) for one posting, best fit first.
pub fn rank_resumes<L, R>(
    posting_markdown: &str,
    analysis: &PostingAnalysis,
    resumes: &[(L, R)],
    embedder: &dyn Embedder,
    settings: MatchSettings,
) -> Result<Vec<RankedResume>, MatchError>
where
    L: AsRef<str>,
    R: AsRef<str>,
{
    Matcher::new(posting_markdown, analysis, embedder, settings)?.rank(resumes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobforge_analysis::posting::analyse;
    use jobforge_embed::BuiltinEmbedder;
    use jobforge_types::GapStatus;

    const POSTING: &str = "# Platform Engineer — Harbourline\n\n## What you'll do\n- Run our Kubernetes clusters on AWS and keep deploys boring\n- Build Terraform modules other teams reuse\n- Own the Prometheus alerting and the on-call rotation\n\n## Requirements\n- 4+ years running production infrastructure\n- Experience with Kubernetes\n- Experience with AWS\n- Terraform\n- Strong Python or Go\n\n## Nice to have\n- Prometheus and Grafana\n- Helm\n";

    const EVERYTHING: &str = "# Sam Reyes\n\n## Experience\n### Platform Engineer — Tidepool (2019–present)\n- Ran 12 k8s clusters on AWS for 200 services\n- Wrote the Terraform modules for networking and databases\n- Set up Prometheus alerts and Grafana dashboards; led the on-call rotation\n- Packaged every service with Helm charts\n- Built deploy tooling in Go\n\n## Skills\nKubernetes, AWS, Terraform, Go, Python, Prometheus, Grafana, Helm\n";

    const HALF: &str = "# Alex Kim\n\n## Experience\n### Systems Administrator — Corner Bank (2021–present)\n- Ran Linux servers and the nightly backups\n- Wrote Python scripts for user provisioning\n- Deployed internal apps to AWS EC2\n\n## Skills\nLinux, Python, AWS\n";

    fn report(posting: &str, resume: &str) -> MatchReport {
        let analysis = analyse(posting, "Harbourline", "Platform Engineer");
        let embedder = BuiltinEmbedder::new();
        match_resume(
            posting,
            &analysis,
            resume,
            &embedder,
            MatchSettings::new(2026),
        )
        .expect("built-in embedder never fails")
    }

    fn gap<'r>(report: &'r MatchReport, requirement: &str) -> &'r GapItem {
        report
            .gaps
            .iter()
            .find(|g| g.requirement == requirement)
            .unwrap_or_else(|| panic!("no requirement {requirement:?} in {:?}", report.gaps))
    }

    #[test]
    fn a_resume_with_everything_scores_higher_than_one_with_half() {
        let full = report(POSTING, EVERYTHING);
        let half = report(POSTING, HALF);
        assert!(full.score >= 80, "{full:#?}");
        assert!(
            half.score < full.score - 30,
            "{} vs {}",
            half.score,
            full.score
        );
        let must = |r: &MatchReport| {
            r.component(ScoreComponentKind::MustHave)
                .and_then(|c| c.value)
        };
        assert_eq!(must(&full), Some(100));
        assert!(must(&half) < Some(60));
    }

    #[test]
    fn a_k8s_resume_meets_a_kubernetes_must_have_and_quotes_the_line() {
        let full = report(POSTING, EVERYTHING);
        let item = gap(&full, "Experience with Kubernetes");
        assert_eq!(item.importance, Importance::MustHave);
        assert_eq!(
            item.status,
            GapStatus::Met {
                evidence: "Ran 12 k8s clusters on AWS for 200 services".to_owned()
            }
        );
    }

    #[test]
    fn a_more_specific_skill_is_implicit_not_met() {
        let resume = "# Jo\n\n## Experience\n### Developer — Acme (2018–present)\n- Moved the billing jobs to AWS Lambda\n";
        let matched = report(POSTING, resume);
        let item = gap(&matched, "Experience with AWS");
        let GapStatus::Implicit {
            evidence,
            suggestion,
        } = &item.status
        else {
            panic!("expected implicit: {item:?}");
        };
        assert_eq!(evidence, "Moved the billing jobs to AWS Lambda");
        assert!(suggestion.starts_with("Surface it:"), "{suggestion}");
    }

    #[test]
    fn not_met_items_ask_and_never_put_the_skill_in_the_users_mouth() {
        let half = report(POSTING, HALF);
        let terraform = gap(&half, "Terraform");
        assert_eq!(
            terraform.status,
            GapStatus::NotMet {
                question: "Have you used Terraform? If so, add where.".to_owned()
            }
        );
        for item in &half.gaps {
            match &item.status {
                GapStatus::NotMet { question } => {
                    let (asked, rest) = question.split_once('?').expect("a question");
                    assert!(!asked.is_empty() && rest.contains("If so"), "{question}");
                    let lower = question.to_lowercase();
                    for claim in [
                        "you have ",
                        "you've ",
                        "your experience with",
                        "you are experienced",
                    ] {
                        assert!(!lower.contains(claim), "{question}");
                    }
                }
                // Whatever is met is quoted from the resume, word for word.
                status => {
                    let evidence = status.evidence().unwrap_or_default();
                    assert!(HALF.contains(evidence), "{evidence:?}");
                    assert!(!evidence.contains("Terraform"));
                }
            }
        }
    }

    #[test]
    fn without_nice_to_haves_their_weight_goes_to_the_others() {
        let posting = POSTING
            .split("## Nice to have")
            .next()
            .expect("posting head");
        let full = report(posting, EVERYTHING);
        let nice = full
            .component(ScoreComponentKind::NiceToHave)
            .expect("always four components");
        assert_eq!(nice.value, None);
        assert_eq!(nice.weight, 0.0);
        assert!(
            nice.explanation.contains("weight went to the other parts"),
            "{}",
            nice.explanation
        );
        let total: f32 = full.components.iter().map(|c| c.weight).sum();
        assert!((total - 1.0).abs() < 1e-6);
        let must = full
            .component(ScoreComponentKind::MustHave)
            .expect("always four components");
        assert!((must.weight - 45.0 / 85.0).abs() < 1e-6);
    }

    #[test]
    fn the_score_is_its_components_weighed_and_can_be_recomputed() {
        for resume in [EVERYTHING, HALF] {
            let report = report(POSTING, resume);
            let kinds: Vec<ScoreComponentKind> = report.components.iter().map(|c| c.kind).collect();
            assert_eq!(kinds, ScoreComponentKind::ALL);
            let recomputed: f32 = report
                .components
                .iter()
                .map(|c| f32::from(c.value.unwrap_or(0)) * c.weight)
                .sum();
            assert!(
                (recomputed - f32::from(report.score)).abs() <= 0.5 + 1e-3,
                "{recomputed} vs {}",
                report.score
            );
            assert_eq!(report.score_version, SCORE_VERSION);
            assert_eq!(report.embedder, "builtin-hash-v1/384");
        }
    }

    #[test]
    fn the_same_input_gives_the_identical_report() {
        let first = report(POSTING, EVERYTHING);
        let second = report(POSTING, EVERYTHING);
        assert_eq!(first, second);
        assert_eq!(readable(&first), readable(&second));
    }

    /// Every word and number of a report, in order: what a person reads.
    fn readable(report: &MatchReport) -> String {
        let mut out = format!(
            "{} {} {}",
            report.score_version, report.score, report.embedder
        );
        for c in &report.components {
            out.push_str(&format!(
                "|{}:{:?}:{}:{}",
                c.kind, c.value, c.weight, c.explanation
            ));
        }
        for g in &report.gaps {
            out.push_str(&format!("|{}:{:?}", g.requirement, g.status));
        }
        out
    }

    #[test]
    fn ranking_is_best_first_and_ties_go_by_label() {
        let analysis = analyse(POSTING, "Harbourline", "Platform Engineer");
        let embedder = BuiltinEmbedder::new();
        let resumes = [
            ("half", HALF),
            ("twin-b", EVERYTHING),
            ("twin-a", EVERYTHING),
        ];
        let ranked = rank_resumes(
            POSTING,
            &analysis,
            &resumes,
            &embedder,
            MatchSettings::new(2026),
        )
        .expect("built-in embedder never fails");
        let order: Vec<(u32, &str)> = ranked.iter().map(|r| (r.rank, r.label.as_str())).collect();
        assert_eq!(order, [(1, "twin-a"), (2, "twin-b"), (3, "half")]);
        assert_eq!(ranked[0].report, ranked[1].report);
    }

    /// An embedder that answers with vectors of the wrong length.
    struct Broken;

    impl Embedder for Broken {
        fn id(&self) -> EmbedderId {
            EmbedderId {
                name: "broken".to_owned(),
                version: 1,
                dimension: 4,
            }
        }

        fn dimension(&self) -> usize {
            4
        }

        fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
            Ok(texts.iter().map(|_| vec![1.0; 3]).collect())
        }
    }

    #[test]
    fn a_faulty_embedder_is_an_error_not_a_score() {
        let analysis = analyse(POSTING, "Harbourline", "Platform Engineer");
        let error = match_resume(
            POSTING,
            &analysis,
            EVERYTHING,
            &Broken,
            MatchSettings::new(2026),
        )
        .expect_err("wrong dimension");
        assert!(
            matches!(error, MatchError::Embed(EmbedError::WrongDimension { .. })),
            "{error}"
        );
        assert!(
            error.to_string().contains("could not be compared"),
            "{error}"
        );
    }

    #[test]
    fn a_calibration_override_is_used_and_checked() {
        let analysis = analyse(POSTING, "Harbourline", "Platform Engineer");
        let embedder = BuiltinEmbedder::new();
        let mut settings = MatchSettings::new(2026);
        settings.calibration = Some(Calibration {
            unrelated: 0.9,
            strong: 0.1,
            word_based: true,
        });
        let error = Matcher::new(POSTING, &analysis, &embedder, settings).expect_err("inverted");
        assert!(matches!(error, MatchError::InvalidCalibration { .. }));
        settings.calibration = Some(Calibration {
            unrelated: 0.0,
            strong: 0.99,
            word_based: true,
        });
        let strict = Matcher::new(POSTING, &analysis, &embedder, settings)
            .and_then(|m| m.report(EVERYTHING))
            .expect("valid override");
        let similarity = |r: &MatchReport| {
            r.component(ScoreComponentKind::ExperienceSimilarity)
                .and_then(|c| c.value)
        };
        // A stricter range reads the same cosines lower, and says which.
        assert!(similarity(&strict) < similarity(&report(POSTING, EVERYTHING)));
        let explanation = &strict
            .component(ScoreComponentKind::ExperienceSimilarity)
            .expect("always four components")
            .explanation;
        assert!(explanation.contains("0.99 → 100"), "{explanation}");
    }
}
