//! A held-out check on labels this crate's rules were not tuned on: the
//! offline engine's fixtures (`crates/jobforge-ai/tests/fixtures/`, seven
//! fields, each a posting, the resume of someone applying to it, and the
//! skills a correct analysis finds matched and missing, written for the
//! analysis crate). Two questions: does the applicant's own resume rank
//! first for its posting among all seven, and does the gap analysis agree
//! with the labelled matched and missing skills? Run with `--nocapture` to
//! see the figures.

use std::path::PathBuf;

use jobforge_analysis::posting::analyse;
use jobforge_analysis::taxonomy::Taxonomy;
use jobforge_embed::BuiltinEmbedder;
use jobforge_match::{MatchSettings, Matcher};
use jobforge_types::{GapStatus, MatchReport};

/// The fixtures' resumes run to 2025 or "present"; they were written then.
const CURRENT_YEAR: u16 = 2025;

struct Fixture {
    field: String,
    posting: String,
    resume: String,
    company: String,
    role_title: String,
    matched: Vec<String>,
    gaps: Vec<String>,
}

fn fixtures_dir() -> PathBuf {
    jobforge_testkit::package_dir!().join("../jobforge-ai/tests/fixtures")
}

fn fixtures() -> Vec<Fixture> {
    let mut fields: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .expect("the offline engine's fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.join("expected.json").is_file())
        .collect();
    fields.sort();
    fields
        .iter()
        .map(|dir| {
            let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("fixture file");
            let expected: serde_json::Value =
                serde_json::from_str(&read("expected.json")).expect("valid JSON");
            let names = |key: &str| -> Vec<String> {
                expected[key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str())
                    .map(str::to_owned)
                    .collect()
            };
            Fixture {
                field: dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                posting: read("posting.txt"),
                resume: read("resume.md"),
                company: expected["company"].as_str().unwrap_or_default().to_owned(),
                role_title: expected["role_title"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                matched: names("matched_skills"),
                gaps: names("gap_skills"),
            }
        })
        .collect()
}

fn reports(posting: &Fixture, all: &[Fixture]) -> Vec<(String, MatchReport)> {
    let analysis = analyse(&posting.posting, &posting.company, &posting.role_title);
    let embedder = BuiltinEmbedder::new();
    let matcher = Matcher::new(
        &posting.posting,
        &analysis,
        &embedder,
        MatchSettings::new(CURRENT_YEAR),
    )
    .expect("built-in embedder never fails");
    all.iter()
        .map(|f| {
            let report = matcher
                .report(&f.resume)
                .expect("built-in embedder never fails");
            (f.field.clone(), report)
        })
        .collect()
}

#[test]
fn each_applicant_ranks_first_for_their_own_posting() {
    let all = fixtures();
    assert!(all.len() >= 5, "fixtures missing: {}", all.len());
    let (mut first, mut reciprocal) = (0, 0.0);
    println!(
        "held-out ranking ({} postings x {} resumes):",
        all.len(),
        all.len()
    );
    for posting in &all {
        let mut scored = reports(posting, &all);
        scored.sort_by(|a, b| b.1.score.cmp(&a.1.score).then_with(|| a.0.cmp(&b.0)));
        let rank = scored
            .iter()
            .position(|(field, _)| *field == posting.field)
            .map_or(all.len(), |p| p + 1);
        if rank == 1 {
            first += 1;
        }
        reciprocal += 1.0 / rank as f64;
        let listed: Vec<String> = scored
            .iter()
            .take(3)
            .map(|(field, report)| format!("{field} {}", report.score))
            .collect();
        println!(
            "  {}: own resume ranked {rank} | {}",
            posting.field,
            listed.join(" > ")
        );
    }
    let mrr = reciprocal / all.len() as f64;
    println!(
        "  own resume first {first}/{}; mean reciprocal rank {mrr:.3}",
        all.len()
    );
    assert_eq!(first, all.len(), "every applicant must rank first");
}

#[test]
fn gap_analysis_agrees_with_the_labelled_skills() {
    let taxonomy = Taxonomy::bundled();
    let (mut tp, mut fp, mut fn_, mut tn, mut unassessed) = (0u32, 0u32, 0u32, 0u32, 0u32);
    let mut misses = Vec::new();
    for fixture in fixtures() {
        let report = reports(&fixture, std::slice::from_ref(&fixture))
            .pop()
            .map(|(_, report)| report)
            .expect("one report");
        let labelled = fixture
            .matched
            .iter()
            .map(|s| (s, true))
            .chain(fixture.gaps.iter().map(|s| (s, false)));
        for (skill, expected_shown) in labelled {
            let canonical = taxonomy
                .lookup(skill)
                .map_or(skill.as_str(), |id| taxonomy.name(id));
            let items: Vec<_> = report
                .gaps
                .iter()
                .filter(|g| g.skills.iter().any(|s| s == canonical))
                .collect();
            if items.is_empty() {
                // Not in a requirement the posting marks (only mentioned).
                unassessed += 1;
                continue;
            }
            // Shown: named (not among the missing), or shown indirectly.
            let shown = items.iter().any(|g| {
                !g.missing_skills.iter().any(|m| m == canonical)
                    || matches!(g.status, GapStatus::Implicit { .. })
            });
            match (shown, expected_shown) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => tn += 1,
            }
            if shown != expected_shown {
                misses.push(format!(
                    "{}: {canonical} expected {}, got {}",
                    fixture.field,
                    if expected_shown { "shown" } else { "missing" },
                    if shown { "shown" } else { "missing" }
                ));
            }
        }
    }
    let ratio = |a: u32, b: u32| {
        if a + b == 0 {
            1.0
        } else {
            f64::from(a) / f64::from(a + b)
        }
    };
    let (shown_precision, shown_recall) = (ratio(tp, fp), ratio(tp, fn_));
    let (gap_precision, gap_recall) = (ratio(tn, fn_), ratio(tn, fp));
    println!(
        "held-out gap analysis ({} labelled skills assessed, {unassessed} not in a marked requirement):",
        tp + fp + fn_ + tn
    );
    println!("  shown:   precision {shown_precision:.3}, recall {shown_recall:.3}");
    println!("  missing: precision {gap_precision:.3}, recall {gap_recall:.3}");
    for miss in &misses {
        println!("  miss: {miss}");
    }
    assert!(tp + fp + fn_ + tn >= 30, "too few labels assessed");
    assert!(
        shown_precision >= 0.85,
        "shown precision {shown_precision:.3}"
    );
    assert!(gap_recall >= 0.85, "missing recall {gap_recall:.3}");
    assert!(shown_recall >= 0.75, "shown recall {shown_recall:.3}");
    assert!(
        gap_precision >= 0.75,
        "missing precision {gap_precision:.3}"
    );
}
