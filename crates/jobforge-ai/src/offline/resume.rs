//! Tailoring the user's resume: their own lines, selected and reordered for
//! the posting, with the summary led by their strongest matching facts.

use std::fmt::Write as _;

use jobforge_analysis::{Entry, Importance, Relevance, Section, SectionKind, Taxonomy, text};
use serde::Serialize;

use crate::phase::Grounding;

/// What tailoring changed, for the user to review.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ChangeReport {
    /// The sentence added in front of the summary, if any.
    pub summary_lead: Option<String>,
    pub roles: Vec<RoleChange>,
    /// Listed skills moved to the front because the posting names them.
    pub skills_promoted: Vec<String>,
    /// Skills the posting asks for that the roles show but the skills list lacked.
    pub skills_added_from_experience: Vec<String>,
    /// Skills the posting asks for that the resume does not show: not claimed.
    pub gaps_not_claimed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleChange {
    pub heading: String,
    /// Whether the bullets' order changed.
    pub reordered: bool,
    /// Bullets left out as least relevant to this posting (kept in the source resume).
    pub dropped: Vec<String>,
    /// The posting's tools this role shows in use.
    pub stack: Vec<String>,
}

/// How many bullets to keep for the n-th role (most recent first).
fn bullet_budget(index: usize) -> usize {
    match index {
        0 => 6,
        1 => 5,
        2 => 4,
        _ => 3,
    }
}

pub fn tailor(grounding: &Grounding) -> (String, ChangeReport) {
    let relevance = Relevance::new(&grounding.analysis);
    let mut report = ChangeReport {
        gaps_not_claimed: grounding
            .positioning
            .gaps
            .iter()
            .map(|g| g.skill.clone())
            .collect(),
        ..ChangeReport::default()
    };
    let mut out = String::new();
    for line in &grounding.resume.header {
        out.push_str(line);
        out.push('\n');
        if line.trim_start().starts_with('#') {
            out.push('\n');
        }
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    let mut role_index = 0;
    for section in &grounding.resume.sections {
        let _ = writeln!(out, "{}\n", section.heading);
        match section.kind {
            SectionKind::Summary => {
                write_summary(&mut out, section, grounding, &relevance, &mut report)
            }
            SectionKind::Experience => {
                write_lines(&mut out, &section.lines);
                for entry in &section.entries {
                    write_entry(
                        &mut out,
                        entry,
                        bullet_budget(role_index),
                        &relevance,
                        &mut report,
                    );
                    role_index += 1;
                }
            }
            SectionKind::Projects => {
                write_lines(&mut out, &section.lines);
                let mut entries: Vec<(f32, &Entry)> = section
                    .entries
                    .iter()
                    .map(|e| {
                        let best = e
                            .bullets
                            .iter()
                            .map(|b| relevance.score(b))
                            .fold(0.0f32, f32::max);
                        (best + relevance.score(&e.heading), e)
                    })
                    .collect();
                entries.sort_by(|a, b| b.0.total_cmp(&a.0));
                for (_, entry) in entries {
                    write_entry(&mut out, entry, 3, &relevance, &mut report);
                }
            }
            SectionKind::Skills => write_skills(&mut out, section, grounding, &mut report),
            _ => {
                write_lines(&mut out, &section.lines);
                for entry in &section.entries {
                    write_entry(&mut out, entry, usize::MAX, &relevance, &mut report);
                }
            }
        }
    }
    (out.trim_end().to_owned() + "\n", report)
}

fn write_lines(out: &mut String, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    for line in lines {
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
}

fn write_summary(
    out: &mut String,
    section: &Section,
    grounding: &Grounding,
    relevance: &Relevance,
    report: &mut ChangeReport,
) {
    let summary = grounding.resume.summary();
    let mut sentences: Vec<(usize, f32, &str)> = text::sentence_slices(&summary)
        .into_iter()
        .enumerate()
        .map(|(i, s)| (i, relevance.score(s), s))
        .collect();
    // The most relevant sentence first, the rest in the user's order.
    if let Some(best) = sentences
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.1.total_cmp(&b.1.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
        && best != 0
    {
        let moved = sentences.remove(best);
        sentences.insert(0, moved);
    }
    let lead = summary_lead(grounding);
    let mut paragraph = String::new();
    if let Some(lead) = &lead {
        paragraph.push_str(lead);
    }
    for (_, _, sentence) in &sentences {
        if !paragraph.is_empty() {
            paragraph.push(' ');
        }
        paragraph.push_str(sentence);
    }
    if paragraph.is_empty() {
        write_lines(out, &section.lines);
        return;
    }
    report.summary_lead = lead;
    out.push_str(&paragraph);
    out.push_str("\n\n");
}

/// "Senior Software Engineer with hands-on experience in Rust, PostgreSQL and
/// Kafka." — the user's own current title and the posting's skills their
/// roles show, in the posting's order of importance.
fn summary_lead(grounding: &Grounding) -> Option<String> {
    let taxonomy = Taxonomy::bundled();
    let in_use = grounding.resume.skills_in_use();
    let shown: Vec<String> = grounding
        .analysis
        .skills
        .iter()
        .filter(|s| s.category.is_technical() || s.importance == Importance::Required)
        .filter(|s| s.category.is_checkable())
        .filter(|s| {
            taxonomy
                .lookup(&s.name)
                .is_some_and(|id| in_use.contains(&id))
        })
        .map(|s| s.name.clone())
        .take(5)
        .collect();
    if shown.len() < 2 {
        return None;
    }
    let title = grounding.resume.current_title().map(text::plain);
    let skills = join_and(&shown);
    Some(match title {
        Some(title) => format!("{title} with hands-on experience in {skills}."),
        None => format!("Hands-on experience in {skills}."),
    })
}

pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn write_entry(
    out: &mut String,
    entry: &Entry,
    budget: usize,
    relevance: &Relevance,
    report: &mut ChangeReport,
) {
    out.push_str(&entry.heading);
    out.push('\n');
    for line in &entry.other_lines {
        out.push_str(line);
        out.push('\n');
    }
    let mut scored: Vec<(usize, f32, &String)> = entry
        .bullets
        .iter()
        .enumerate()
        .map(|(i, b)| (i, relevance.score(b), b))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let keep_at_least = 2.min(scored.len());
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for (rank, (index, score, bullet)) in scored.into_iter().enumerate() {
        if rank < keep_at_least || (rank < budget && score > 0.0) {
            kept.push((index, bullet));
        } else {
            dropped.push(bullet.clone());
        }
    }
    let reordered = kept.windows(2).any(|w| w[0].0 > w[1].0);
    let mut stack: Vec<String> = Vec::new();
    for (_, bullet) in &kept {
        for skill in relevance.demanded_skills_in(bullet) {
            if !stack.contains(&skill) {
                stack.push(skill);
            }
        }
    }
    if !entry.bullets.is_empty() {
        out.push('\n');
    }
    for (_, bullet) in &kept {
        let _ = writeln!(out, "- {bullet}");
    }
    if stack.len() >= 2 {
        let _ = writeln!(out, "\n*Stack: {}*", stack.join(", "));
    }
    out.push('\n');
    if !entry.bullets.is_empty() {
        report.roles.push(RoleChange {
            heading: text::plain(&entry.heading),
            reordered,
            dropped,
            stack,
        });
    }
}

fn write_skills(
    out: &mut String,
    section: &Section,
    grounding: &Grounding,
    report: &mut ChangeReport,
) {
    let taxonomy = Taxonomy::bundled();
    let rank = |item: &str| -> Option<(Importance, usize)> {
        let id = taxonomy
            .lookup(item)
            .or_else(|| taxonomy.skills_in(item).first().copied())?;
        let name = taxonomy.name(id);
        grounding
            .analysis
            .skills
            .iter()
            .position(|s| s.name == name)
            .map(|pos| (grounding.analysis.skills[pos].importance, pos))
    };
    let listed_ids: Vec<_> = grounding
        .resume
        .listed_skills()
        .iter()
        .filter_map(|s| {
            taxonomy
                .lookup(s)
                .or_else(|| taxonomy.skills_in(s).first().copied())
        })
        .collect();
    let in_use = grounding.resume.skills_in_use();
    // Demanded skills the roles show but the list lacks.
    let from_experience: Vec<String> = grounding
        .positioning
        .matched_skills
        .iter()
        .filter(|name| {
            taxonomy
                .lookup(name)
                .is_some_and(|id| !listed_ids.contains(&id) && in_use.contains(&id))
        })
        .cloned()
        .collect();
    let mut first_line = true;
    for line in &section.lines {
        let bullet = text::strip_bullet(line);
        let body = bullet.unwrap_or(line.as_str());
        // "Languages: Rust, Go" has a label; "Excel (advanced: pivots)" does not.
        let (label, items_text) = match body.split_once(':') {
            Some((label, rest))
                if label.split_whitespace().count() <= 4 && !label.contains(['(', '[', ',']) =>
            {
                (Some(label), rest)
            }
            _ => (None, body),
        };
        let separator = if items_text.contains(';') { "; " } else { ", " };
        let mut items: Vec<(usize, String)> = text::split_list(items_text)
            .into_iter()
            .enumerate()
            .collect();
        if items.len() < 2 && !first_line {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let before: Vec<String> = items.iter().map(|(_, s)| s.clone()).collect();
        items.sort_by(|a, b| {
            let (ra, rb) = (rank(&a.1), rank(&b.1));
            match (ra, rb) {
                (Some((ia, pa)), Some((ib, pb))) => ib.cmp(&ia).then(pa.cmp(&pb)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.0.cmp(&b.0),
            }
        });
        let mut after: Vec<String> = items.into_iter().map(|(_, s)| s).collect();
        if first_line {
            // Not when the list already names it inside an item ("EHR (Epic)").
            let listed_text = section.lines.join(" ");
            let adding: Vec<String> = from_experience
                .iter()
                .filter(|skill| {
                    taxonomy
                        .lookup(skill)
                        .is_none_or(|id| !taxonomy.skills_in(&listed_text).contains(&id))
                })
                .cloned()
                .collect();
            let insert_at = after.iter().take_while(|s| rank(s).is_some()).count();
            for (offset, skill) in adding.iter().enumerate() {
                after.insert(insert_at + offset, skill.clone());
            }
            report.skills_added_from_experience = adding;
        }
        for (i, item) in after.iter().enumerate() {
            if rank(item).is_some()
                && before
                    .iter()
                    .position(|b| b == item)
                    .is_some_and(|was| was > i)
            {
                report.skills_promoted.push(item.clone());
            }
        }
        let prefix = if bullet.is_some() { "- " } else { "" };
        match label {
            Some(label) => {
                let _ = writeln!(out, "{prefix}{label}: {}", after.join(separator));
            }
            None => {
                let _ = writeln!(out, "{prefix}{}", after.join(separator));
            }
        }
        first_line = false;
    }
    out.push('\n');
}
