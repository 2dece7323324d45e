//! The offline pipeline's speed: all three phases (analysis, documents and
//! the truth gate) for one application, and for a batch of 100.
//! Goals: ≤ 50 ms for one application, ≤ 3 s for 100. Run with
//! `cargo xtask bench` (release build).

use std::time::{Duration, Instant};

use jobforge_ai::{CancelToken, EngineConfig, PhaseInput, Posting, StreamEvent, run_phase};
use jobforge_types::Phase;

const ONE_APPLICATION_GOAL: Duration = Duration::from_millis(50);
const BATCH_GOAL: Duration = Duration::from_secs(3);

struct Case {
    company: String,
    role: String,
    posting: String,
    resume: String,
    notes: String,
    sample: String,
}

fn cases() -> Vec<Case> {
    let root = jobforge_testkit::package_dir!().join("tests/fixtures");
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect(name);
        let expected: serde_json::Value =
            serde_json::from_str(&read("expected.json")).expect("json");
        out.push(Case {
            company: expected["company"].as_str().unwrap_or_default().to_owned(),
            role: expected["role_title"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            posting: read("posting.txt"),
            resume: read("resume.md"),
            notes: read("notes.md"),
            sample: read("writing-sample.md"),
        });
    }
    out
}

/// Research, then the tailored resume, then the letter, each fed the last.
fn pipeline(runtime: &tokio::runtime::Runtime, case: &Case) -> usize {
    let mut input = PhaseInput {
        phase: Phase::Research,
        posting: Posting {
            company: case.company.clone(),
            role_title: case.role.clone(),
            description: case.posting.clone(),
        },
        resume: case.resume.clone(),
        notes: case.notes.clone(),
        profile_name: None,
        writing_samples: vec![case.sample.clone()],
        research: None,
        tailored_resume: None,
        current_year: 2026,
    };
    let mut written = 0;
    for phase in Phase::ALL {
        input.phase = *phase;
        let mut sink = |_: StreamEvent| {};
        let output = runtime
            .block_on(run_phase(
                &EngineConfig::Offline,
                None,
                None,
                &input,
                &mut sink,
                &CancelToken::new(),
            ))
            .expect("offline run");
        written += output.content.len();
        match phase {
            Phase::Research => input.research = Some(output.content),
            Phase::Resume => input.tailored_resume = Some(output.content),
            Phase::CoverLetter => {}
        }
    }
    written
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let cases = cases();
    // Warm up: the taxonomy index is built once per process.
    let started = Instant::now();
    pipeline(&runtime, &cases[0]);
    let first = started.elapsed();

    let mut per_application = Vec::new();
    for round in 0..5 {
        for case in &cases {
            let started = Instant::now();
            std::hint::black_box(pipeline(&runtime, case));
            if round > 0 {
                per_application.push(started.elapsed());
            }
        }
    }
    per_application.sort();
    let median = per_application[per_application.len() / 2];
    let worst = per_application[per_application.len() - 1];

    let started = Instant::now();
    for i in 0..100 {
        std::hint::black_box(pipeline(&runtime, &cases[i % cases.len()]));
    }
    let batch = started.elapsed();

    println!(
        "offline pipeline, 3 phases incl. truth gate, {} realistic applications",
        cases.len()
    );
    println!(
        "  first application (builds the taxonomy index): {:.1} ms",
        first.as_secs_f64() * 1e3
    );
    println!(
        "  one application: median {:.2} ms, worst {:.2} ms (goal ≤ {} ms) {}",
        median.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3,
        ONE_APPLICATION_GOAL.as_millis(),
        verdict(worst <= ONE_APPLICATION_GOAL)
    );
    println!(
        "  batch of 100: {:.3} s (goal ≤ {} s) {}",
        batch.as_secs_f64(),
        BATCH_GOAL.as_secs(),
        verdict(batch <= BATCH_GOAL)
    );
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}
