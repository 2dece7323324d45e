//! [`ResumeData`] written as the Markdown the resume library stores, in the
//! shape the analysis parser reads back: `#` name, contact line, `##`
//! sections, `###` roles, bullets.

use jobforge_types::{Experience, ResumeData};

use crate::json_resume::human_date;

pub fn to_markdown(data: &ResumeData) -> String {
    let mut out = Vec::new();
    let b = &data.basics;
    if let Some(name) = &b.name {
        out.push(format!("# {name}"));
    }
    if let Some(label) = &b.label {
        out.push(label.clone());
    }
    let mut contact: Vec<String> = Vec::new();
    contact.extend(b.email.clone());
    contact.extend(b.phone.clone());
    contact.extend(b.location.clone());
    contact.extend(b.url.clone());
    contact.extend(b.profiles.iter().filter_map(|p| p.url.clone()));
    if !contact.is_empty() {
        out.push(contact.join(" | "));
    }
    if let Some(summary) = &b.summary {
        section(&mut out, "Summary");
        out.push(summary.clone());
    }
    if !data.work.is_empty() {
        section(&mut out, "Experience");
        for role in &data.work {
            role_lines(&mut out, role);
        }
    }
    if !data.projects.is_empty() {
        section(&mut out, "Projects");
        for p in &data.projects {
            out.push(String::new());
            out.push(format!("### {}{}", p.name, dates(&p.start, &p.end)));
            out.extend(p.description.clone());
            out.extend(p.url.clone());
            out.extend(p.bullets.iter().map(|b| format!("- {b}")));
            if !p.keywords.is_empty() {
                out.push(format!("Keywords: {}", p.keywords.join(", ")));
            }
        }
    }
    if !data.education.is_empty() {
        section(&mut out, "Education");
        for e in &data.education {
            let degree = match (&e.study_type, &e.area) {
                (Some(t), Some(a)) => Some(format!("{t} in {a}")),
                (t, a) => t.clone().or(a.clone()),
            };
            let parts: Vec<String> = [degree, e.institution.clone()]
                .into_iter()
                .flatten()
                .collect();
            out.push(format!("{}{}", parts.join(", "), dates(&e.start, &e.end)));
            if let Some(score) = &e.score {
                out.push(format!("- Score: {score}"));
            }
            out.extend(e.details.iter().map(|d| format!("- {d}")));
        }
    }
    if !data.skills.is_empty() {
        section(&mut out, "Skills");
        for group in &data.skills {
            match &group.name {
                Some(name) => out.push(format!("{name}: {}", group.keywords.join(", "))),
                None => out.push(group.keywords.join(", ")),
            }
        }
    }
    if !data.certifications.is_empty() {
        section(&mut out, "Certifications");
        for c in &data.certifications {
            let mut line = format!("- {}", c.name);
            if let Some(issuer) = &c.issuer {
                line.push_str(&format!(" — {issuer}"));
            }
            if let Some(date) = &c.date {
                line.push_str(&format!(" ({})", human_date(date)));
            }
            out.push(line);
        }
    }
    if !data.languages.is_empty() {
        section(&mut out, "Languages");
        let items: Vec<String> = data
            .languages
            .iter()
            .map(|l| match &l.fluency {
                Some(f) => format!("{} ({f})", l.language),
                None => l.language.clone(),
            })
            .collect();
        out.push(items.join(", "));
    }
    for other in &data.other_sections {
        section(&mut out, &other.heading);
        out.extend(other.lines.iter().cloned());
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn section(out: &mut Vec<String>, heading: &str) {
    out.push(String::new());
    out.push(format!("## {heading}"));
}

fn role_lines(out: &mut Vec<String>, role: &Experience) {
    out.push(String::new());
    let heading: Vec<&str> = [role.title.as_deref(), role.organisation.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    out.push(format!("### {}", heading.join(" — ")));
    let mut detail: Vec<String> = Vec::new();
    if role.start.is_some() || role.end.is_some() {
        detail.push(
            dates(&role.start, &role.end)
                .trim()
                .trim_matches(['(', ')'])
                .to_owned(),
        );
    }
    detail.extend(role.location.clone());
    if !detail.is_empty() {
        out.push(detail.join(" | "));
    }
    out.extend(role.summary.clone());
    out.extend(role.bullets.iter().map(|b| format!("- {b}")));
}

/// " (Mar 2019 – Present)" or "".
fn dates(start: &Option<String>, end: &Option<String>) -> String {
    match (start, end) {
        (None, None) => String::new(),
        (Some(s), None) => format!(" ({} – Present)", human_date(s)),
        (None, Some(e)) => format!(" ({})", human_date(e)),
        (Some(s), Some(e)) => format!(" ({} – {})", human_date(s), human_date(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{json_resume, structure::structure};

    #[test]
    fn rendered_markdown_reads_back_into_the_same_roles_and_skills() {
        let data = json_resume::parse(include_str!(
            "../../../tests/fixtures/corpus/jsonresume-sample.json"
        ))
        .expect("sample");
        let markdown = to_markdown(&data);
        let again = structure(&markdown).data;
        assert_eq!(again.basics.name, data.basics.name);
        assert_eq!(again.basics.email, data.basics.email);
        assert_eq!(again.work.len(), data.work.len());
        for (a, b) in again.work.iter().zip(&data.work) {
            assert_eq!(a.organisation, b.organisation);
            assert_eq!(a.title, b.title);
            assert_eq!(a.bullets, b.bullets);
        }
        let keywords = |d: &ResumeData| -> Vec<String> {
            d.skills.iter().flat_map(|g| g.keywords.clone()).collect()
        };
        assert_eq!(keywords(&again), keywords(&data));
        assert_eq!(
            again.education[0].institution,
            data.education[0].institution
        );
    }
}
