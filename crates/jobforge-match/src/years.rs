//! Years of relevant experience: the dated roles that have something to do
//! with the posting, added up.
//!
//! The span from the first role to now (`matching::years_listed`) counts a
//! career changer's years in retail towards a developer posting, and a
//! customer-service year towards "2+ years in an analytics role". Here a
//! role counts when its title shares a word with the posting's title
//! (levels such as "senior" aside), when it names a skill the posting asks
//! for (a more specific one counts: "AWS Lambda" for "AWS") or a skill of
//! the same kind of work (a database for a posting that asks for one; not
//! the broad kinds every job touches: tools, methods, soft skills,
//! languages, certificates), or when
//! one of its lines is close in meaning to one of the posting's
//! responsibilities (as close as evidence must be; a software engineer's
//! "reduced API latency through query optimization" for a web developer's
//! "optimize applications for maximum speed"). The
//! counted roles' year ranges are merged, so overlapping roles are not
//! counted twice and gaps between them are not counted at all. Years are
//! whole calendar years, as the resume parser reads them ("2019–2021" is 2).

use std::collections::HashSet;

use jobforge_analysis::posting::PostingAnalysis;
use jobforge_analysis::taxonomy::{SkillCategory, SkillId, Taxonomy};
use jobforge_analysis::text;

use crate::lines::DatedRole;

/// Words of a title that say how senior a role is, not what it is.
const LEVEL_WORDS: &[&str] = &[
    "senior",
    "sr",
    "junior",
    "jr",
    "lead",
    "staff",
    "principal",
    "head",
    "chief",
    "intern",
    "trainee",
    "associate",
    "assistant",
    "ii",
    "iii",
    "iv",
    "i",
];

/// What makes a role relevant to one posting.
#[derive(Debug, Clone)]
pub(crate) struct PostingFocus {
    title_stems: HashSet<String>,
    skills: Vec<SkillId>,
    kinds_of_work: HashSet<SkillCategory>,
}

/// Whether naming a skill of this category says what kind of work a role
/// was. Tools (Excel, Jira), methods (Agile), soft skills, spoken languages
/// and certificates turn up in every kind of job.
fn is_kind_of_work(category: SkillCategory) -> bool {
    !matches!(
        category,
        SkillCategory::Tool
            | SkillCategory::Methodology
            | SkillCategory::SoftSkill
            | SkillCategory::LanguageSpoken
            | SkillCategory::Certification
    )
}

impl PostingFocus {
    pub fn new(analysis: &PostingAnalysis) -> Self {
        let taxonomy = Taxonomy::bundled();
        let title_stems = text::content_stems(&analysis.role_title)
            .into_iter()
            .filter(|stem| !LEVEL_WORDS.iter().any(|level| text::stem(level) == *stem))
            .collect();
        // Soft skills are left out: every role "communicates".
        let skills = analysis
            .skills
            .iter()
            .filter(|demand| demand.category.is_checkable())
            .filter_map(|demand| taxonomy.lookup(&demand.name))
            .collect();
        let kinds_of_work = analysis
            .skills
            .iter()
            .map(|demand| demand.category)
            .filter(|&category| is_kind_of_work(category))
            .collect();
        Self {
            title_stems,
            skills,
            kinds_of_work,
        }
    }

    /// `close`: a line of the role is close in meaning to the posting.
    pub fn is_relevant(&self, role: &DatedRole, close: bool) -> bool {
        let taxonomy = Taxonomy::bundled();
        let shares_title = text::content_stems(&role.title)
            .iter()
            .any(|stem| self.title_stems.contains(stem));
        let held: HashSet<SkillId> = role.skills.iter().copied().collect();
        let same_kind = role
            .skills
            .iter()
            .any(|&id| self.kinds_of_work.contains(&taxonomy.skill(id).category));
        close
            || shares_title
            || same_kind
            || self.skills.iter().any(|&id| taxonomy.holds(&held, id))
    }
}

/// The years the relevant roles add up to, and which roles were left out.
#[derive(Debug, Clone)]
pub(crate) struct RelevantYears<'r> {
    /// `None` when no role carries dates at all.
    pub years: Option<u32>,
    /// The earliest counted role: evidence for a years requirement.
    pub earliest: Option<&'r DatedRole>,
    /// Titles of the dated roles not counted, in resume order.
    pub left_out: Vec<&'r str>,
}

/// `close_roles[i]`: a line of `roles[i]` is close in meaning to the posting.
pub(crate) fn relevant_years<'r>(
    roles: &'r [DatedRole],
    close_roles: &[bool],
    focus: &PostingFocus,
) -> RelevantYears<'r> {
    if roles.is_empty() {
        return RelevantYears {
            years: None,
            earliest: None,
            left_out: Vec::new(),
        };
    }
    let (mut counted, mut left_out): (Vec<&DatedRole>, Vec<&str>) = (Vec::new(), Vec::new());
    for (index, role) in roles.iter().enumerate() {
        if focus.is_relevant(role, close_roles.get(index).copied().unwrap_or(false)) {
            counted.push(role);
        } else {
            left_out.push(role.title.as_str());
        }
    }
    let mut ranges: Vec<(u16, u16)> = counted.iter().map(|r| (r.from, r.to)).collect();
    ranges.sort_unstable();
    let mut years = 0u32;
    let mut covered_to: Option<u16> = None;
    for (from, to) in ranges {
        let start = covered_to.map_or(from, |end| from.max(end));
        if to > start {
            years += u32::from(to - start);
        }
        covered_to = Some(covered_to.map_or(to, |end| end.max(to)));
    }
    RelevantYears {
        years: Some(years),
        earliest: counted.iter().copied().min_by_key(|r| r.from),
        left_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobforge_analysis::posting::analyse;

    fn role(title: &str, from: u16, to: u16, skills: &[&str]) -> DatedRole {
        let taxonomy = Taxonomy::bundled();
        DatedRole {
            from,
            to,
            title: title.to_owned(),
            line: format!("{title} ({from}–{to})"),
            skills: skills.iter().filter_map(|s| taxonomy.lookup(s)).collect(),
        }
    }

    fn focus() -> PostingFocus {
        let posting = "Requirements:\n- 3+ years of React and TypeScript\n- AWS\n";
        PostingFocus::new(&analyse(posting, "Acme", "Senior Frontend Engineer"))
    }

    #[test]
    fn a_role_counts_by_its_title_or_the_skills_it_names() {
        let focus = focus();
        assert!(focus.is_relevant(&role("Frontend Developer", 2020, 2022, &[]), false));
        assert!(focus.is_relevant(&role("Web Developer", 2020, 2022, &["React"]), false));
        // "AWS Lambda" shows AWS.
        assert!(focus.is_relevant(&role("Developer", 2020, 2022, &["AWS Lambda"]), false));
        assert!(!focus.is_relevant(&role("Retail Supervisor", 2015, 2020, &[]), false));
        // A level alone is no common ground.
        assert!(!focus.is_relevant(&role("Senior Buyer", 2015, 2020, &[]), false));
        // A line close to the posting is.
        assert!(focus.is_relevant(&role("Software Engineer", 2015, 2020, &[]), true));
        // So is a skill of the same kind: another framework, not another tool.
        assert!(focus.is_relevant(&role("Software Engineer", 2015, 2020, &["Angular"]), false));
        assert!(!focus.is_relevant(&role("Shop Manager", 2015, 2020, &["Excel"]), false));
    }

    #[test]
    fn irrelevant_roles_and_gaps_are_not_counted_and_overlaps_count_once() {
        let roles = [
            role("Frontend Engineer", 2022, 2026, &[]),
            role("Frontend Contractor", 2021, 2023, &[]),
            role("Retail Supervisor", 2015, 2020, &[]),
            role("Web Developer", 2010, 2012, &["React"]),
        ];
        let found = relevant_years(&roles, &[false; 4], &focus());
        // 2021–2026 merged (5) + 2010–2012 (2); the gap and retail left out.
        assert_eq!(found.years, Some(7));
        assert_eq!(found.left_out, ["Retail Supervisor"]);
        assert_eq!(found.earliest.map(|r| r.from), Some(2010));
    }

    #[test]
    fn no_dated_roles_means_unknown_and_no_relevant_ones_means_zero() {
        assert_eq!(relevant_years(&[], &[], &focus()).years, None);
        let roles = [role("Retail Supervisor", 2015, 2020, &[])];
        assert_eq!(relevant_years(&roles, &[false], &focus()).years, Some(0));
    }
}
