//! The research report, written from the deterministic analysis.

use std::fmt::Write as _;

use jobforge_analysis::{Coverage, Importance, RequirementMatch};

use crate::phase::Grounding;

pub fn write(grounding: &Grounding) -> String {
    let analysis = &grounding.analysis;
    let positioning = &grounding.positioning;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Research: {} at {}\n",
        analysis.role_title, analysis.company
    );

    out.push_str("## At a glance\n\n");
    if let Some(seniority) = analysis.seniority {
        let _ = writeln!(out, "- Seniority: {}", seniority.label());
    }
    if let Some(years) = analysis.min_years {
        let _ = writeln!(out, "- Experience asked: {years}+ years");
    }
    if let Some(first) = grounding
        .resume
        .roles()
        .filter_map(|r| r.years)
        .map(|y| y.from)
        .min()
    {
        let _ = writeln!(out, "- Your roles, as listed: since {first}");
    }
    let demanded = analysis
        .skills
        .iter()
        .filter(|s| s.category.is_checkable())
        .count();
    let _ = writeln!(
        out,
        "- Skills the posting names that your resume shows: {} of {} ({}% weighted by importance)",
        positioning.matched_skills.len(),
        demanded,
        (positioning.skill_coverage * 100.0).round()
    );
    let must = count(&positioning.requirements, Importance::Required);
    let _ = writeln!(
        out,
        "- Must-have requirements answered: {} strong, {} partial, {} missing\n",
        must.0, must.1, must.2
    );

    for (importance, heading) in [
        (Importance::Required, "Must-have requirements"),
        (Importance::Preferred, "Nice to have"),
    ] {
        let items: Vec<&RequirementMatch> = positioning
            .requirements
            .iter()
            .filter(|m| m.requirement.importance == importance)
            .collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {heading}\n");
        for item in items {
            let verdict = match item.coverage {
                Coverage::Strong => "**Strong**",
                Coverage::Partial => "**Partial**",
                Coverage::Missing => "**Missing**",
            };
            let _ = writeln!(out, "- {verdict} — {}", item.requirement.text);
            match (item.coverage, item.evidence.first()) {
                (Coverage::Missing, _) | (_, None) => {
                    out.push_str("  - Your resume and notes do not show this.\n");
                }
                (_, Some(_)) => {
                    for line in &item.evidence {
                        let _ = writeln!(out, "  - Evidence: “{line}”");
                    }
                }
            }
        }
        out.push('\n');
    }

    out.push_str("## Skills and tools\n\n");
    for (importance, label) in [
        (Importance::Required, "Required"),
        (Importance::Preferred, "Preferred"),
        (Importance::Mentioned, "Mentioned"),
    ] {
        let names: Vec<String> = analysis
            .skills
            .iter()
            .filter(|s| s.importance == importance)
            .map(|s| {
                let held = positioning.matched_skills.contains(&s.name);
                let years = s.years.map(|y| format!(", {y}+ years")).unwrap_or_default();
                format!(
                    "{}{years} ({})",
                    s.name,
                    if held { "yours" } else { "not in your resume" }
                )
            })
            .collect();
        if !names.is_empty() {
            let _ = writeln!(out, "- {label}: {}", names.join("; "));
        }
    }
    out.push('\n');

    if !analysis.responsibilities.is_empty() {
        out.push_str("## Responsibilities\n\n");
        for line in analysis.responsibilities.iter().take(12) {
            let _ = writeln!(out, "- {line}");
        }
        out.push('\n');
    }

    if !analysis.about_company.is_empty() {
        let _ = writeln!(out, "## About {}\n", analysis.company);
        out.push_str("What the posting itself says:\n\n");
        for line in analysis.about_company.iter().take(8) {
            let _ = writeln!(out, "- {line}");
        }
        out.push('\n');
    }

    if !analysis.keywords.is_empty() {
        out.push_str("## ATS keywords\n\n");
        let resume_lower = grounding_text(grounding).to_lowercase();
        let marked: Vec<String> = analysis
            .keywords
            .iter()
            .map(|k| {
                let present = resume_lower.contains(&k.to_lowercase())
                    || positioning.matched_skills.contains(k);
                if present {
                    format!("{k} ✓")
                } else {
                    k.clone()
                }
            })
            .collect();
        let _ = writeln!(out, "{}\n", marked.join(", "));
        out.push_str("✓ = already in your resume.\n\n");
    }

    out.push_str("## Positioning\n\n");
    if !positioning.strongest_lines.is_empty() {
        out.push_str("Lead with:\n\n");
        for line in positioning.strongest_lines.iter().take(3) {
            let _ = writeln!(out, "- “{line}”");
        }
        out.push('\n');
    }
    if positioning.gaps.is_empty() {
        out.push_str("No named skill is missing from your resume.\n");
    } else {
        out.push_str("Gaps (do not claim them; address them honestly or leave them out):\n\n");
        for gap in &positioning.gaps {
            let _ = writeln!(out, "- {} ({})", gap.skill, gap.importance.label());
        }
    }
    out
}

fn count(items: &[RequirementMatch], importance: Importance) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for item in items
        .iter()
        .filter(|m| m.requirement.importance == importance)
    {
        match item.coverage {
            Coverage::Strong => counts.0 += 1,
            Coverage::Partial => counts.1 += 1,
            Coverage::Missing => counts.2 += 1,
        }
    }
    counts
}

fn grounding_text(grounding: &Grounding) -> String {
    let mut text = grounding.resume.header.join("\n");
    for section in &grounding.resume.sections {
        text.push('\n');
        text.push_str(&section.lines.join("\n"));
        for entry in &section.entries {
            text.push('\n');
            text.push_str(&entry.heading);
            text.push('\n');
            text.push_str(&entry.bullets.join("\n"));
        }
    }
    text
}
