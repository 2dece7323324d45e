//! The skills taxonomy (`assets/taxonomy/skills.tsv`): canonical names,
//! categories and the aliases people write ("JS", "k8s", "EHR").

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::text::{self, Token};

const BUNDLED: &str = include_str!("../../../assets/taxonomy/skills.tsv");

/// What kind of skill an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkillCategory {
    Language,
    Framework,
    Library,
    Database,
    Cloud,
    Devops,
    Tool,
    Data,
    Ml,
    Security,
    Methodology,
    Design,
    Product,
    Marketing,
    Sales,
    Finance,
    Accounting,
    Legal,
    Healthcare,
    Operations,
    Hr,
    Education,
    LanguageSpoken,
    Certification,
    SoftSkill,
}

impl SkillCategory {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "language" => Self::Language,
            "framework" => Self::Framework,
            "library" => Self::Library,
            "database" => Self::Database,
            "cloud" => Self::Cloud,
            "devops" => Self::Devops,
            "tool" => Self::Tool,
            "data" => Self::Data,
            "ml" => Self::Ml,
            "security" => Self::Security,
            "methodology" => Self::Methodology,
            "design" => Self::Design,
            "product" => Self::Product,
            "marketing" => Self::Marketing,
            "sales" => Self::Sales,
            "finance" => Self::Finance,
            "accounting" => Self::Accounting,
            "legal" => Self::Legal,
            "healthcare" => Self::Healthcare,
            "operations" => Self::Operations,
            "hr" => Self::Hr,
            "education" => Self::Education,
            "language_spoken" => Self::LanguageSpoken,
            "certification" => Self::Certification,
            "soft_skill" => Self::SoftSkill,
            _ => return None,
        })
    }

    /// Whether a claim of this skill can be checked against a resume. Soft
    /// skills ("communication") cannot.
    pub fn is_checkable(self) -> bool {
        !matches!(self, Self::SoftSkill)
    }

    /// Tools and technologies that belong in a tech-stack line.
    pub fn is_technical(self) -> bool {
        matches!(
            self,
            Self::Language
                | Self::Framework
                | Self::Library
                | Self::Database
                | Self::Cloud
                | Self::Devops
                | Self::Tool
                | Self::Data
                | Self::Ml
                | Self::Security
        )
    }
}

/// Index of a skill in the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SkillId(u32);

/// One taxonomy entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    pub name: String,
    pub category: SkillCategory,
}

/// A skill found in a text, with the words that named it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkillMention {
    pub skill: SkillId,
    /// Byte range of the matched words in the text.
    pub start: usize,
    pub end: usize,
}

/// A line of the taxonomy file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyLineError {
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for TaxonomyLineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

struct Pattern {
    words: Vec<String>,
    case_sensitive: bool,
    skill: SkillId,
}

/// The loaded taxonomy with its lookup index.
pub struct Taxonomy {
    skills: Vec<Skill>,
    by_name: HashMap<String, SkillId>,
    /// Patterns keyed by their first word, lowercased; longest first.
    patterns: HashMap<String, Vec<Pattern>>,
}

impl fmt::Debug for Taxonomy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Taxonomy")
            .field("skills", &self.skills.len())
            .finish()
    }
}

impl Taxonomy {
    /// The taxonomy bundled with Job Forge, loaded once.
    pub fn bundled() -> &'static Taxonomy {
        static BUNDLED_TAXONOMY: OnceLock<Taxonomy> = OnceLock::new();
        BUNDLED_TAXONOMY.get_or_init(|| Taxonomy::parse(BUNDLED).0)
    }

    /// Reads a taxonomy file; lines that cannot be read are skipped and
    /// returned (the bundled file is checked by a test to have none).
    pub fn parse(source: &str) -> (Taxonomy, Vec<TaxonomyLineError>) {
        let mut taxonomy = Taxonomy {
            skills: Vec::new(),
            by_name: HashMap::new(),
            patterns: HashMap::new(),
        };
        let mut errors = Vec::new();
        for (index, line) in source.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let columns: Vec<&str> = line.split('\t').collect();
            let fail = |reason: &str| TaxonomyLineError {
                line: index + 1,
                reason: reason.to_owned(),
            };
            let [name, category, aliases, matching] = columns[..] else {
                errors.push(fail("expected 4 tab-separated columns"));
                continue;
            };
            let Some(category) = SkillCategory::parse(category.trim()) else {
                errors.push(fail("unknown category"));
                continue;
            };
            let case_sensitive = match matching.trim() {
                "cs" => true,
                "ci" => false,
                _ => {
                    errors.push(fail("match must be cs or ci"));
                    continue;
                }
            };
            let name = name.trim();
            if name.is_empty() {
                errors.push(fail("empty name"));
                continue;
            }
            let id = SkillId(taxonomy.skills.len() as u32);
            taxonomy.skills.push(Skill {
                name: name.to_owned(),
                category,
            });
            taxonomy.by_name.insert(name.to_lowercase(), id);
            for surface in std::iter::once(name).chain(aliases.split('|')) {
                let words: Vec<String> = text::tokens(surface)
                    .iter()
                    .map(|t| {
                        if case_sensitive {
                            t.text.to_owned()
                        } else {
                            t.text.to_lowercase()
                        }
                    })
                    .collect();
                if words.is_empty() {
                    continue;
                }
                taxonomy
                    .by_name
                    .entry(surface.trim().to_lowercase())
                    .or_insert(id);
                let key = words[0].to_lowercase();
                taxonomy.patterns.entry(key).or_default().push(Pattern {
                    words,
                    case_sensitive,
                    skill: id,
                });
            }
        }
        for patterns in taxonomy.patterns.values_mut() {
            patterns.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        (taxonomy, errors)
    }

    pub fn len(&self) -> usize {
        self.skills.len()
    }

    pub fn is_empty(&self) -> bool {
        self.skills.is_empty()
    }

    pub fn skill(&self, id: SkillId) -> &Skill {
        &self.skills[id.0 as usize]
    }

    pub fn name(&self, id: SkillId) -> &str {
        &self.skill(id).name
    }

    /// Looks a skill up by its canonical name or an alias, ignoring case.
    pub fn lookup(&self, name: &str) -> Option<SkillId> {
        self.by_name.get(&name.trim().to_lowercase()).copied()
    }

    /// Every skill named in `text`, longest match first, left to right.
    pub fn find(&self, text: &str) -> Vec<SkillMention> {
        let tokens = text::tokens(text);
        self.find_in_tokens(text, &tokens)
    }

    /// Like [`Taxonomy::find`], over tokens already made from `text`. The
    /// words of a multi-word name must be adjacent (space, `-`, `/` or `.`
    /// between them): "Python (pandas" is two skills, not "Python pandas".
    pub fn find_in_tokens(&self, text: &str, tokens: &[Token<'_>]) -> Vec<SkillMention> {
        let mut mentions = Vec::new();
        let lowered: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
        let mut i = 0;
        while i < tokens.len() {
            let matched = self.patterns.get(&lowered[i]).and_then(|candidates| {
                candidates.iter().find(|p| {
                    p.words.len() <= tokens.len() - i
                        && (1..p.words.len()).all(|k| {
                            text[tokens[i + k - 1].end..tokens[i + k].start]
                                .chars()
                                .all(|c| c.is_whitespace() || matches!(c, '-' | '/' | '.' | '_'))
                        })
                        && p.words.iter().enumerate().all(|(k, w)| {
                            if p.case_sensitive {
                                tokens[i + k].text == w
                            } else {
                                &lowered[i + k] == w
                            }
                        })
                })
            });
            match matched {
                Some(pattern) => {
                    let last = i + pattern.words.len() - 1;
                    mentions.push(SkillMention {
                        skill: pattern.skill,
                        start: tokens[i].start,
                        end: tokens[last].end,
                    });
                    i = last + 1;
                }
                None => i += 1,
            }
        }
        mentions
    }

    /// Whether someone who has the skills in `known` has `skill`: they hold
    /// it, or a more specific skill whose name contains it ("Contract
    /// Negotiation" implies "Negotiation", "AWS Lambda" implies "AWS").
    pub fn holds(&self, known: &std::collections::HashSet<SkillId>, skill: SkillId) -> bool {
        if known.contains(&skill) {
            return true;
        }
        let wanted = self.name(skill).to_lowercase();
        known.iter().any(|&id| {
            let name = self.name(id).to_lowercase();
            name.len() > wanted.len() && text::contains_words(&name, &wanted)
        })
    }

    /// The distinct skills named in `text`, in order of first mention.
    pub fn skills_in(&self, text: &str) -> Vec<SkillId> {
        let mut seen = Vec::new();
        for mention in self.find(text) {
            if !seen.contains(&mention.skill) {
                seen.push(mention.skill);
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let taxonomy = Taxonomy::bundled();
        taxonomy
            .skills_in(text)
            .into_iter()
            .map(|id| taxonomy.name(id).to_owned())
            .collect()
    }

    #[test]
    fn bundled_taxonomy_reads_without_errors_and_is_large() {
        let (taxonomy, errors) = Taxonomy::parse(BUNDLED);
        assert!(errors.is_empty(), "bad lines: {errors:?}");
        assert!(taxonomy.len() >= 2000, "only {} skills", taxonomy.len());
    }

    #[test]
    fn bundled_aliases_never_name_two_skills() {
        let (taxonomy, _) = Taxonomy::parse(BUNDLED);
        let mut owner: HashMap<(Vec<String>, bool), SkillId> = HashMap::new();
        for patterns in taxonomy.patterns.values() {
            for pattern in patterns {
                let key = (pattern.words.clone(), pattern.case_sensitive);
                if let Some(previous) = owner.insert(key, pattern.skill) {
                    assert_eq!(
                        previous,
                        pattern.skill,
                        "{:?} names both {} and {}",
                        pattern.words,
                        taxonomy.name(previous),
                        taxonomy.name(pattern.skill)
                    );
                }
            }
        }
    }

    #[test]
    fn aliases_normalise_to_canonical_names() {
        assert_eq!(names("JS and k8s"), ["JavaScript", "Kubernetes"]);
        assert_eq!(names("we use golang"), ["Go"]);
    }

    #[test]
    fn ambiguous_words_match_only_with_their_real_casing() {
        assert!(names("we go to market and excel at it").is_empty());
        assert_eq!(names("Go, Rust and Excel"), ["Go", "Rust", "Excel"]);
    }

    #[test]
    fn a_specific_skill_implies_the_general_one_not_the_reverse() {
        let taxonomy = Taxonomy::bundled();
        let id = |name: &str| taxonomy.lookup(name).expect(name);
        let known = std::collections::HashSet::from([id("AWS Lambda")]);
        assert!(taxonomy.holds(&known, id("AWS")));
        let general = std::collections::HashSet::from([id("AWS")]);
        assert!(!taxonomy.holds(&general, id("AWS Lambda")));
    }

    #[test]
    fn longest_match_wins() {
        let found = names("Google Cloud Platform and Amazon Web Services");
        assert!(found.contains(&"AWS".to_owned()), "{found:?}");
        assert_eq!(found.len(), 2, "{found:?}");
    }
}
