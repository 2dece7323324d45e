//! The offline engine on realistic material from several fields: the
//! analysis finds what the posting asks for, the tailored resume and the
//! letter pass the truth gate and read like something a person would send.

use std::path::PathBuf;

use jobforge_ai::{
    CancelToken, EngineConfig, PhaseInput, PhaseOutput, Posting, StreamEvent, run_phase,
};
use jobforge_analysis::{Importance, PostingAnalysis, Resume, Taxonomy, analyse};
use jobforge_types::Phase;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Expected {
    company: String,
    role_title: String,
    must_have_skills: Vec<String>,
    nice_to_have_skills: Vec<String>,
    gap_skills: Vec<String>,
    matched_skills: Vec<String>,
    min_years: Option<u32>,
}

struct Fixture {
    name: String,
    expected: Expected,
    posting: String,
    resume: String,
    notes: String,
    sample: String,
}

/// The taxonomy's canonical name for a skill named in expected.json.
fn canonical(name: &str) -> String {
    Taxonomy::bundled()
        .lookup(name)
        .map(|id| Taxonomy::bundled().name(id).to_owned())
        .unwrap_or_else(|| panic!("{name} is not in the taxonomy"))
}

fn fixtures() -> Vec<Fixture> {
    let root = jobforge_testkit::package_dir!().join("tests/fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("fixtures folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 7, "expected the seven field fixtures");
    dirs.into_iter()
        .map(|dir| {
            let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect(name);
            let mut expected: Expected =
                serde_json::from_str(&read("expected.json")).expect("expected.json");
            for list in [
                &mut expected.must_have_skills,
                &mut expected.nice_to_have_skills,
                &mut expected.gap_skills,
                &mut expected.matched_skills,
            ] {
                for name in list.iter_mut() {
                    *name = canonical(name);
                }
            }
            Fixture {
                name: dir
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned(),
                expected,
                posting: read("posting.txt"),
                resume: read("resume.md"),
                notes: read("notes.md"),
                sample: read("writing-sample.md"),
            }
        })
        .collect()
}

fn input(f: &Fixture, phase: Phase) -> PhaseInput {
    PhaseInput {
        phase,
        posting: Posting {
            company: f.expected.company.clone(),
            role_title: f.expected.role_title.clone(),
            description: f.posting.clone(),
        },
        resume: f.resume.clone(),
        notes: f.notes.clone(),
        profile_name: None,
        writing_samples: vec![f.sample.clone()],
        research: None,
        tailored_resume: None,
        current_year: 2026,
    }
}

fn run(input: &PhaseInput) -> PhaseOutput {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let mut streamed = String::new();
    let mut sink = |event: StreamEvent| {
        if let StreamEvent::Token(t) = event {
            streamed.push_str(&t);
        }
    };
    let output = runtime
        .block_on(run_phase(
            &EngineConfig::Offline,
            None,
            None,
            input,
            &mut sink,
            &CancelToken::new(),
        ))
        .expect("offline runs never fail");
    assert_eq!(streamed, output.content, "the stream is the document");
    output
}

fn has_skill(analysis: &PostingAnalysis, name: &str, at_least: Importance) -> bool {
    analysis
        .skills
        .iter()
        .any(|s| s.name == name && s.importance >= at_least)
}

#[test]
fn analysis_finds_the_requirements_gaps_and_years_in_every_field() {
    for f in fixtures() {
        let analysis = analyse(&f.posting, &f.expected.company, &f.expected.role_title);
        let named: Vec<&str> = analysis.skills.iter().map(|s| s.name.as_str()).collect();
        for skill in &f.expected.must_have_skills {
            assert!(
                has_skill(&analysis, skill, Importance::Mentioned),
                "{}: must-have {skill} not found; found {named:?}",
                f.name
            );
        }
        let required_found = f
            .expected
            .must_have_skills
            .iter()
            .filter(|s| has_skill(&analysis, s, Importance::Required))
            .count();
        assert!(
            required_found * 4 >= f.expected.must_have_skills.len() * 3,
            "{}: only {required_found} of {:?} read as required; {:#?}",
            f.name,
            f.expected.must_have_skills,
            analysis.skills
        );
        for skill in &f.expected.nice_to_have_skills {
            assert!(
                has_skill(&analysis, skill, Importance::Mentioned),
                "{}: nice-to-have {skill} not found; found {named:?}",
                f.name
            );
        }
        assert_eq!(
            analysis.min_years, f.expected.min_years,
            "{}: years",
            f.name
        );

        let output = run(&input(&f, Phase::Research));
        let gaps: Vec<String> = output.report["positioning"]["gaps"]
            .as_array()
            .expect("gaps")
            .iter()
            .filter_map(|g| g["skill"].as_str().map(str::to_owned))
            .collect();
        for gap in &f.expected.gap_skills {
            assert!(
                gaps.contains(gap),
                "{}: gap {gap} not reported; gaps {gaps:?}",
                f.name
            );
        }
        let matched: Vec<String> =
            serde_json::from_value(output.report["positioning"]["matched_skills"].clone())
                .expect("matched");
        for skill in &f.expected.matched_skills {
            assert!(
                matched.contains(skill),
                "{}: {skill} should match; matched {matched:?}",
                f.name
            );
            assert!(!gaps.contains(skill), "{}: {skill} is not a gap", f.name);
        }
        assert!(
            output.content.contains("## Must-have requirements"),
            "{}",
            output.content
        );
        assert!(output.content.contains(&f.expected.company));
        assert_eq!(output.findings, [], "{}: research is grounded", f.name);
    }
}

#[test]
fn tailored_resumes_keep_every_role_invent_nothing_and_lead_with_the_match() {
    for f in fixtures() {
        let output = run(&input(&f, Phase::Resume));
        assert_eq!(
            output.findings,
            [],
            "{}: truth gate on\n{}",
            f.name,
            output.content
        );
        let source = Resume::parse(&f.resume);
        let tailored = Resume::parse(&output.content);
        let headings = |r: &Resume| r.roles().map(|e| e.heading.clone()).collect::<Vec<_>>();
        assert_eq!(
            headings(&tailored),
            headings(&source),
            "{}: roles kept verbatim and in order",
            f.name
        );
        for (role, original) in tailored.roles().zip(source.roles()) {
            assert!(
                !role.bullets.is_empty(),
                "{}: {} lost all bullets",
                f.name,
                role.heading
            );
            for bullet in &role.bullets {
                assert!(
                    original.bullets.contains(bullet),
                    "{}: bullet not from the source: {bullet}",
                    f.name
                );
            }
        }
        assert_eq!(
            tailored.header, source.header,
            "{}: contact lines unchanged",
            f.name
        );
        let listed = tailored.listed_skills();
        for skill in source.listed_skills() {
            assert!(
                listed.contains(&skill),
                "{}: skills item {skill:?} lost; now {listed:?}",
                f.name
            );
        }
        for gap in &f.expected.gap_skills {
            let skills = tailored.listed_skills();
            assert!(
                !skills.iter().any(|s| s.eq_ignore_ascii_case(gap)),
                "{}: gap {gap} claimed in skills",
                f.name
            );
        }
        let changes = &output.report["changes"];
        assert!(
            changes["roles"].as_array().is_some_and(|r| !r.is_empty()),
            "{}: change report",
            f.name
        );
    }
}

#[test]
fn cover_letters_are_grounded_voiced_and_complete() {
    for f in fixtures() {
        let research = run(&input(&f, Phase::Research));
        let resume = run(&input(&f, Phase::Resume));
        let mut letter_input = input(&f, Phase::CoverLetter);
        letter_input.research = Some(research.content);
        letter_input.tailored_resume = Some(resume.content);
        let output = run(&letter_input);
        let letter = &output.content;
        assert_eq!(output.findings, [], "{}: truth gate on\n{letter}", f.name);
        assert!(
            letter.contains(&f.expected.company),
            "{}: names the company\n{letter}",
            f.name
        );
        assert!(
            letter.contains(&f.expected.role_title),
            "{}: names the role",
            f.name
        );
        assert!(
            !letter.contains('{') && !letter.contains('['),
            "{}: no placeholders\n{letter}",
            f.name
        );
        let words = letter.split_whitespace().count();
        assert!(
            (90..=450).contains(&words),
            "{}: {words} words\n{letter}",
            f.name
        );
        let evidence = output.report["letter"]["evidence"]
            .as_array()
            .expect("evidence");
        assert!(
            !evidence.is_empty(),
            "{}: tells at least one thing the user did\n{letter}",
            f.name
        );
        let closing = output.report["letter"]["voice"]["closing"]
            .as_str()
            .expect("closing");
        assert!(
            letter.contains(closing),
            "{}: signs off in the user's words",
            f.name
        );
        let name = Resume::parse(&f.resume)
            .name
            .expect("fixture resumes have names");
        assert!(
            letter.trim_end().ends_with(name.trim_end_matches(", RN"))
                || letter.trim_end().ends_with(&name),
            "{}: signed\n{letter}",
            f.name
        );
    }
}

#[test]
fn output_is_deterministic() {
    let f = fixtures().into_iter().next().expect("a fixture");
    for phase in Phase::ALL {
        assert_eq!(
            run(&input(&f, *phase)).content,
            run(&input(&f, *phase)).content
        );
    }
}

#[test]
fn a_cancelled_offline_run_keeps_its_partial_text_as_a_draft() {
    let f = fixtures().into_iter().next().expect("a fixture");
    let input = input(&f, Phase::Research);
    let cancel = CancelToken::new();
    let mut lines = 0;
    let watcher = cancel.clone();
    let mut sink = move |event: StreamEvent| {
        if matches!(event, StreamEvent::Token(_)) {
            lines += 1;
            if lines == 3 {
                watcher.cancel();
            }
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let failure = runtime
        .block_on(run_phase(
            &EngineConfig::Offline,
            None,
            None,
            &input,
            &mut sink,
            &cancel,
        ))
        .expect_err("cancelled");
    assert_eq!(failure.error, jobforge_ai::AiError::Cancelled);
    assert_eq!(failure.partial.lines().count(), 3, "{}", failure.partial);
}
