//! The cover letter: the user's own facts and notes, in their own voice.

use jobforge_analysis::{
    Entry, Formality, Importance, Relevance, Resume, SkillCategory, Taxonomy, Voice, text,
};
use serde::Serialize;

use crate::offline::resume::join_and;
use crate::phase::{Grounding, PhaseInput};

/// What went into the letter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterReport {
    pub voice: Voice,
    /// The resume lines the letter tells, verbatim.
    pub evidence: Vec<String>,
    /// Sentences taken from the user's notes.
    pub from_notes: Vec<String>,
    pub skills_named: Vec<String>,
}

struct Evidence<'a> {
    entry: &'a Entry,
    /// From the most recent role listed.
    is_recent: bool,
    /// That role has not ended.
    ongoing: bool,
    bullet: &'a str,
}

pub fn compose(input: &PhaseInput, grounding: &Grounding) -> (String, LetterReport) {
    let voice = &grounding.voice;
    let analysis = &grounding.analysis;
    let contractions = voice.uses_contractions();
    let style = Style {
        contractions,
        formality: voice.formality,
        short: voice.prefers_short_sentences(),
    };
    // Evidence comes from the source resume only: a tailored resume may have
    // been edited or written by a model, and the letter must not repeat a
    // line the user never wrote.
    let relevance = Relevance::new(analysis);
    let evidence = pick_evidence(&grounding.resume, &relevance, input.current_year);

    let company = analysis.company.as_str();
    let role = analysis.role_title.as_str();
    let mut paragraphs: Vec<String> = Vec::new();

    // Opening: the role, and the user's own reason from their notes.
    let opening = match style.formality {
        Formality::Formal => format!(
            "{} writing to apply for the {role} position at {company}.",
            style.i_am()
        ),
        Formality::Neutral => format!(
            "{} applying for the {role} role at {company}.",
            style.i_am()
        ),
        Formality::Casual => format!(
            "{} excited to apply for the {role} role at {company}.",
            style.i_am()
        ),
    };
    let from_notes = note_sentences(&input.notes);
    let mut first = vec![opening];
    first.extend(from_notes.iter().take(2).cloned());
    paragraphs.push(first.join(" "));

    // Body: what the user did, told from their own bullets.
    let mut told = Vec::new();
    let mut current_lines = Vec::new();
    let mut earlier_lines = Vec::new();
    for item in &evidence {
        let Some(clause) = first_person(item.bullet) else {
            continue;
        };
        told.push(item.bullet.to_owned());
        if item.is_recent {
            current_lines.push(clause);
        } else {
            earlier_lines.push((item.entry, clause));
        }
    }
    if let Some(recent) = evidence.iter().find(|e| e.is_recent)
        && !current_lines.is_empty()
    {
        let entry = recent.entry;
        let intro = match (recent.ongoing, &entry.title, &entry.organisation) {
            (true, Some(title), Some(org)) => format!("In my current role as {title} at {org},"),
            (true, None, None) => "In my current role,".to_owned(),
            (false, Some(title), Some(org)) => format!("Most recently, as {title} at {org},"),
            (_, _, Some(org)) => format!("At {org},"),
            (_, Some(title), None) => format!("As {title},"),
            (false, None, None) => "In my most recent role,".to_owned(),
        };
        paragraphs.push(tell(&intro, &current_lines, &style));
    }
    if !earlier_lines.is_empty() {
        let entry = earlier_lines[0].0;
        let intro = match &entry.organisation {
            Some(org) => format!("Before that, at {org},"),
            None => "Before that,".to_owned(),
        };
        let clauses: Vec<String> = earlier_lines.into_iter().map(|(_, c)| c).collect();
        paragraphs.push(tell(&intro, &clauses, &style));
    }

    // Skills the posting asks for that the user's roles show in use (not
    // merely listed, not inferred).
    let taxonomy = Taxonomy::bundled();
    let shown: Vec<String> = grounding
        .resume
        .skills_in_use()
        .into_iter()
        .map(|id| taxonomy.name(id).to_owned())
        .collect();
    let skills: Vec<String> = analysis
        .skills
        .iter()
        .filter(|s| shown.contains(&s.name))
        // Licences and certifications read oddly as "experience with".
        .filter(|s| s.importance >= Importance::Preferred && s.category.is_checkable())
        .filter(|s| s.category != SkillCategory::Certification)
        .filter(|s| grounding.positioning.matched_skills.contains(&s.name))
        // In the user's own words: "Gong", not the taxonomy's "Gong.io".
        .map(|s| user_wording(&grounding.resume, &s.name))
        .take(4)
        .collect();
    if skills.len() >= 2 {
        let line = match style.formality {
            Formality::Formal => format!(
                "The position calls for {}, all of which appear throughout the experience described in my resume.",
                join_and(&skills)
            ),
            _ => format!(
                "You're looking for experience with {}, which is the work {} been doing.",
                join_and(&skills),
                if style.contractions { "I've" } else { "I have" }
            ),
        };
        paragraphs.push(line);
    }

    // Closing.
    let closing_line = match style.formality {
        Formality::Formal => format!(
            "Thank you for your consideration. I would welcome the opportunity to discuss how my experience could support {company}."
        ),
        Formality::Neutral => format!(
            "Thank you for reading. {} welcome the chance to talk about the role and how I could help {company}.",
            if style.contractions { "I'd" } else { "I would" }
        ),
        Formality::Casual => format!(
            "Thanks for reading. {} love to talk about the role and how I could help {company}.",
            if style.contractions { "I'd" } else { "I would" }
        ),
    };
    paragraphs.push(closing_line);

    let addressee = format!("{company} hiring team");
    let mut letter = voice.greet(&addressee);
    letter.push_str("\n\n");
    letter.push_str(&paragraphs.join("\n\n"));
    letter.push_str("\n\n");
    letter.push_str(&voice.closing);
    let name = input
        .profile_name
        .clone()
        .or_else(|| grounding.resume.name.clone())
        .unwrap_or_default();
    if !name.is_empty() {
        letter.push('\n');
        letter.push_str(&name);
    }
    letter.push('\n');
    let report = LetterReport {
        voice: voice.clone(),
        evidence: told,
        from_notes: from_notes.into_iter().take(2).collect(),
        skills_named: skills,
    };
    (letter, report)
}

struct Style {
    contractions: bool,
    formality: Formality,
    short: bool,
}

impl Style {
    fn i_am(&self) -> &'static str {
        if self.contractions { "I'm" } else { "I am" }
    }
}

/// How the user's bullets write a skill, else its canonical name.
fn user_wording(resume: &Resume, canonical: &str) -> String {
    let taxonomy = Taxonomy::bundled();
    resume
        .roles()
        .chain(resume.projects())
        .flat_map(|entry| entry.bullets.iter())
        .find_map(|bullet| {
            taxonomy
                .find(bullet)
                .into_iter()
                .find(|m| taxonomy.name(m.skill) == canonical)
                .map(|m| bullet[m.start..m.end].to_owned())
        })
        .unwrap_or_else(|| canonical.to_owned())
}

/// Up to three of the user's strongest bullets: two from the most recent
/// role, one from earlier roles, each of them relevant. The most recent role
/// is "current" only if it has not ended.
fn pick_evidence<'a>(
    resume: &'a Resume,
    relevance: &Relevance,
    current_year: u16,
) -> Vec<Evidence<'a>> {
    let mut scored: Vec<(f32, Evidence<'a>)> = Vec::new();
    for (index, entry) in resume.roles().enumerate() {
        let ongoing = entry
            .years
            .is_some_and(|y| y.to.is_none_or(|to| to >= current_year));
        for bullet in &entry.bullets {
            let score = relevance.score(bullet);
            if score > 0.0 && first_person(bullet).is_some() {
                scored.push((
                    score,
                    Evidence {
                        entry,
                        is_recent: index == 0,
                        ongoing,
                        bullet,
                    },
                ));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut current = 0;
    let mut earlier = 0;
    let mut out = Vec::new();
    for (_, item) in scored {
        if item.is_recent && current < 2 {
            current += 1;
            out.push(item);
        } else if !item.is_recent && earlier < 1 {
            earlier += 1;
            out.push(item);
        }
    }
    out
}

/// "Led the rewrite of X." → "led the rewrite of X" (the caller adds "I").
/// Bullets that do not start with something the user did are not told.
fn first_person(bullet: &str) -> Option<String> {
    let bullet = text::plain(bullet);
    let bullet = bullet.trim().trim_end_matches(['.', ';']);
    let first = bullet.split_whitespace().next()?;
    let lower = first.to_lowercase();
    let rest = &bullet[first.len()..];
    if lower == "responsible" {
        return Some(format!("was responsible{rest}"));
    }
    if text::is_past_tense(&lower) && lower != "was" && lower != "were" {
        let keep_case = first.chars().skip(1).any(char::is_uppercase);
        let verb = if keep_case { first.to_owned() } else { lower };
        return Some(format!("{verb}{rest}"));
    }
    None
}

/// "In my current role as X at Y, I led A. I also built B."
fn tell(intro: &str, clauses: &[String], style: &Style) -> String {
    let mut sentences = Vec::new();
    for (i, clause) in clauses.iter().enumerate() {
        let sentence = match (i, style.short) {
            (0, _) => format!("{intro} I {clause}."),
            (_, true) => format!("I {clause}."),
            (_, false) => format!("I also {clause}."),
        };
        sentences.push(sentence);
    }
    sentences.join(" ")
}

/// The user's notes, sentence by sentence, as they wrote them; lines that are
/// reminders to Job Forge ("mention...", "don't claim...") are left out.
fn note_sentences(notes: &str) -> Vec<String> {
    text::sentence_slices(notes)
        .into_iter()
        .map(|s| text::strip_bullet(s).unwrap_or(s).trim().to_owned())
        .filter(|s| {
            let lower = s.to_lowercase();
            let is_instruction = [
                "mention",
                "don't",
                "do not",
                "please",
                "make sure",
                "avoid",
                "note to self",
                "remember",
                "should",
                "leave out",
                "keep it",
                "the letter",
                "cover letter",
            ]
            .iter()
            .any(|cue| lower.contains(cue));
            let first_person = text::tokens(s)
                .iter()
                .any(|t| text::is_first_person(&t.text.to_lowercase()));
            s.split_whitespace().count() >= 5 && first_person && !is_instruction
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_become_first_person_clauses_only_when_they_are_deeds() {
        assert_eq!(
            first_person("Led the rewrite of X."),
            Some("led the rewrite of X".to_owned())
        );
        assert_eq!(
            first_person("Responsible for payroll."),
            Some("was responsible for payroll".to_owned())
        );
        assert_eq!(first_person("Member of the board"), None);
        assert_eq!(first_person("Kubernetes, Terraform"), None);
    }

    #[test]
    fn notes_that_instruct_are_not_quoted() {
        let notes = "I used their tracking page every week when I ran my shop. Mention the Kafka work. Don't claim Kubernetes.";
        assert_eq!(
            note_sentences(notes),
            ["I used their tracking page every week when I ran my shop."]
        );
    }
}
