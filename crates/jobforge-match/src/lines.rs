//! The resume's lines that can be quoted as evidence, verbatim, with where
//! they stand and the skills they name.

use std::collections::HashSet;

use jobforge_analysis::resume::{Entry, Resume, SectionKind, YearRange, find_years};
use jobforge_analysis::taxonomy::{SkillId, Taxonomy};
use jobforge_analysis::text;

/// Where a line stands, in the order it is preferred as evidence: a line
/// that shows a skill in use beats one that only lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Place {
    /// A bullet or sentence of a role or project.
    Experience,
    Summary,
    /// A role's or project's heading ("Java Developer — Acme (2018–2021)").
    RoleHeading,
    /// Education and certifications.
    Credential,
    /// Awards, volunteering, languages, a resume without recognised sections.
    Other,
    /// The skills list: names a skill but shows nothing of its use.
    SkillsList,
}

/// One quotable line of the resume.
#[derive(Debug, Clone)]
pub(crate) struct ResumeLine {
    /// Exactly as in the resume (a substring of one of its lines), without
    /// a list marker, so the UI can find and quote it.
    pub text: String,
    pub place: Place,
    /// Skills it names; none when it says the user lacks them ("I haven't
    /// used Java"), since a denial is no evidence.
    pub skills: Vec<SkillId>,
    /// Its content words, stemmed, in order; empty for a denial, like `skills`.
    pub stem_sequence: Vec<String>,
    pub stems: HashSet<String>,
    /// The dated role (index into `dated_roles`) the line belongs to.
    pub role: Option<usize>,
}

/// A dated role, for counting years.
#[derive(Debug, Clone)]
pub(crate) struct DatedRole {
    pub from: u16,
    /// The last year, "present" read as the current year; never before `from`.
    pub to: u16,
    /// The role's title as parsed, or its whole heading.
    pub title: String,
    /// The line that shows its first year, verbatim: evidence of years.
    pub line: String,
    /// Skills its heading and lines name (denials left out).
    pub skills: Vec<SkillId>,
}

/// What the resume offers as evidence.
#[derive(Debug, Clone, Default)]
pub(crate) struct ResumeEvidence {
    pub lines: Vec<ResumeLine>,
    pub dated_roles: Vec<DatedRole>,
    /// While collecting: the dated role whose lines are being read.
    current_role: Option<usize>,
}

impl ResumeEvidence {
    /// `current_year` is what "present" in a role's dates stands for.
    pub fn collect(resume: &Resume, current_year: u16) -> Self {
        let mut out = Self::default();
        for section in &resume.sections {
            let place = match section.kind {
                SectionKind::Summary => Place::Summary,
                SectionKind::Experience | SectionKind::Projects => Place::Experience,
                SectionKind::Education | SectionKind::Certifications => Place::Credential,
                SectionKind::Skills => Place::SkillsList,
                SectionKind::Other => Place::Other,
            };
            for line in &section.lines {
                out.push_line(line, place);
            }
            for entry in &section.entries {
                let heading = entry.heading.trim().trim_start_matches('#').trim();
                out.current_role = match (section.kind, entry.years) {
                    (SectionKind::Experience, Some(years)) => {
                        out.dated_roles
                            .push(dated_role(entry, heading, years, current_year));
                        Some(out.dated_roles.len() - 1)
                    }
                    _ => None,
                };
                let heading_place = if place == Place::Experience {
                    Place::RoleHeading
                } else {
                    place
                };
                out.push(heading, heading_place);
                for line in &entry.other_lines {
                    out.push_line(line, place);
                }
                for bullet in &entry.bullets {
                    out.push(bullet, place);
                }
                out.current_role = None;
            }
        }
        // A resume without recognisable sections is still the user's
        // material: every line after the name is evidence of some kind.
        if resume.sections.is_empty() {
            for line in resume.header.iter().skip(1) {
                out.push_line(line, Place::Other);
            }
        }
        out
    }

    /// A raw line: its list marker dropped; prose split into sentences so
    /// a quote is one statement, while list-like places keep whole lines.
    fn push_line(&mut self, raw: &str, place: Place) {
        let line = text::strip_bullet(raw).unwrap_or(raw).trim();
        match place {
            Place::Experience | Place::Summary | Place::Other => {
                for sentence in text::sentence_slices(line) {
                    self.push(sentence, place);
                }
            }
            _ => self.push(line, place),
        }
    }

    fn push(&mut self, verbatim: &str, place: Place) {
        let verbatim = verbatim.trim();
        if verbatim.chars().filter(|c| c.is_alphanumeric()).count() < 2
            || self.lines.iter().any(|l| l.text == verbatim)
        {
            return;
        }
        let (skills, stem_sequence) = if is_no_claim(verbatim) {
            (Vec::new(), Vec::new())
        } else {
            (
                Taxonomy::bundled().skills_in(verbatim),
                text::content_stems(verbatim),
            )
        };
        self.lines.push(ResumeLine {
            text: verbatim.to_owned(),
            place,
            skills,
            stems: stem_sequence.iter().cloned().collect(),
            stem_sequence,
            role: self.current_role,
        });
    }
}

fn dated_role(entry: &Entry, heading: &str, years: YearRange, current_year: u16) -> DatedRole {
    // The year may sit on the heading or on a line below it.
    let line = std::iter::once(heading)
        .chain(entry.other_lines.iter().map(|l| l.trim()))
        .find(|l| find_years(l).is_some_and(|y| y.from == years.from))
        .unwrap_or(heading);
    let taxonomy = Taxonomy::bundled();
    let mut skills = Vec::new();
    for text in std::iter::once(heading)
        .chain(entry.other_lines.iter().map(String::as_str))
        .chain(entry.bullets.iter().map(String::as_str))
    {
        if is_no_claim(text) {
            continue;
        }
        for id in taxonomy.skills_in(text) {
            if !skills.contains(&id) {
                skills.push(id);
            }
        }
    }
    DatedRole {
        from: years.from,
        to: years.to.unwrap_or(current_year).max(years.from),
        title: entry.title.clone().unwrap_or_else(|| heading.to_owned()),
        line: line.to_owned(),
        skills,
    }
}

/// Sentences that name a skill without claiming it: a denial ("I haven't
/// used Java", the analysis crate's cues) or a wish ("moving towards
/// FP&A", "hoping to learn Rust").
fn is_no_claim(sentence: &str) -> bool {
    if text::is_negated(sentence) {
        return true;
    }
    let lower = sentence.to_lowercase();
    ASPIRATIONS
        .iter()
        .any(|cue| text::contains_words(&lower, cue))
}

const ASPIRATIONS: &[&str] = &[
    "moving towards",
    "moving toward",
    "moving into",
    "transitioning into",
    "transitioning to",
    "aspiring",
    "hoping to",
    "hope to",
    "would love to",
    "looking to move",
    "looking to grow",
    "interested in learning",
    "learning more about",
];

#[cfg(test)]
mod tests {
    use super::*;

    const RESUME: &str = "# Ada Park\nada@example.com\n\n## Summary\nBackend engineer. I haven't used Java.\n\n## Experience\n\n### Senior Engineer — Parcelwise (2021–present)\n- Ran **k8s** clusters for 40 services\n- Cut p99 latency 35%\n\n### Engineer — Ledgerly\n2017 – 2021\n- Built billing in Go\n\n## Skills\nRust, PostgreSQL\n";

    #[test]
    fn lines_are_verbatim_substrings_with_their_place_and_skills() {
        let evidence = ResumeEvidence::collect(&Resume::parse(RESUME), 2026);
        for line in &evidence.lines {
            assert!(
                RESUME.contains(&line.text),
                "{:?} is not verbatim",
                line.text
            );
        }
        let k8s = evidence
            .lines
            .iter()
            .find(|l| l.text == "Ran **k8s** clusters for 40 services")
            .expect("bullet kept with its emphasis");
        assert_eq!(k8s.place, Place::Experience);
        let kubernetes = Taxonomy::bundled().lookup("Kubernetes");
        assert_eq!(k8s.skills.first().copied(), kubernetes);
        let skills_line = evidence
            .lines
            .iter()
            .find(|l| l.text == "Rust, PostgreSQL")
            .expect("skills line");
        assert_eq!(skills_line.place, Place::SkillsList);
    }

    #[test]
    fn a_denial_names_no_skill() {
        let evidence = ResumeEvidence::collect(&Resume::parse(RESUME), 2026);
        let denial = evidence
            .lines
            .iter()
            .find(|l| l.text == "I haven't used Java.")
            .expect("summary sentence");
        assert!(denial.skills.is_empty() && denial.stems.is_empty());
    }

    #[test]
    fn dated_roles_keep_the_line_that_dates_them_and_read_present_as_now() {
        let evidence = ResumeEvidence::collect(&Resume::parse(RESUME), 2026);
        let spans: Vec<(u16, u16, &str)> = evidence
            .dated_roles
            .iter()
            .map(|r| (r.from, r.to, r.line.as_str()))
            .collect();
        assert_eq!(
            spans,
            [
                (2021, 2026, "Senior Engineer — Parcelwise (2021–present)"),
                (2017, 2021, "2017 – 2021")
            ]
        );
        assert_eq!(evidence.dated_roles[0].title, "Senior Engineer");
        let go = Taxonomy::bundled().lookup("Go");
        assert!(
            evidence.dated_roles[1]
                .skills
                .iter()
                .any(|&id| Some(id) == go)
        );
    }

    #[test]
    fn a_wish_is_no_claim() {
        let resume = "# A\n\n## Summary\nStaff accountant moving towards FP&A.\n";
        let evidence = ResumeEvidence::collect(&Resume::parse(resume), 2026);
        assert!(evidence.lines.iter().all(|l| l.skills.is_empty()));
    }
}
