//! The corpus (`tests/fixtures/corpus/`, real files Job Forge did not
//! write): PDF resumes and a JSON Resume, imported as the app imports them,
//! matched against the JSON Resume sample job and the two job PDFs (in
//! Spanish, which the posting analysis does not read).

use jobforge_analysis::posting::analyse;
use jobforge_embed::BuiltinEmbedder;
use jobforge_import::{ImportLimits, import_resume};
use jobforge_match::{MatchSettings, rank_resumes};
use jobforge_types::{GapStatus, RankedResume, ScoreComponentKind};

/// The corpus was collected in 2024; "present" means that year.
const CURRENT_YEAR: u16 = 2024;

fn corpus_file(name: &str) -> Vec<u8> {
    std::fs::read(
        jobforge_testkit::package_dir!()
            .join("../../tests/fixtures/corpus")
            .join(name),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A file of the corpus as the Markdown the library keeps.
fn markdown(name: &str) -> String {
    import_resume(&corpus_file(name), Some(name), &ImportLimits::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .markdown
}

const RESUMES: [&str; 5] = [
    "resume-barry-allen-fe.pdf",
    "resume-john-doe.pdf",
    "resume-render-single-column.pdf",
    "resume-alfred-pennyworth-pm.pdf",
    "jsonresume-sample.json",
];

fn resumes() -> Vec<(String, String)> {
    RESUMES
        .iter()
        .map(|name| ((*name).to_owned(), markdown(name)))
        .collect()
}

/// The JSON Resume sample job laid out as a posting: description,
/// responsibilities, qualifications as requirements, and the skills it
/// lists with their level.
fn sample_job() -> (String, String, String) {
    let json: serde_json::Value =
        serde_json::from_slice(&corpus_file("jsonresume-sample-job.json")).expect("valid JSON");
    let text = |key: &str| json[key].as_str().unwrap_or_default().to_owned();
    let items = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut posting = format!(
        "# {} — {}\n\n{}\n\n## Responsibilities\n\n",
        text("title"),
        text("company"),
        text("description")
    );
    for item in items("responsibilities") {
        posting.push_str(&format!("- {item}\n"));
    }
    posting.push_str("\n## Requirements\n\n");
    for item in items("qualifications") {
        posting.push_str(&format!("- {item}\n"));
    }
    for skill in json["skills"].as_array().into_iter().flatten() {
        let keywords: Vec<&str> = skill["keywords"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|k| k.as_str())
            .collect();
        posting.push_str(&format!(
            "- {} ({}): {}\n",
            skill["name"].as_str().unwrap_or_default(),
            skill["level"].as_str().unwrap_or_default(),
            keywords.join(", ")
        ));
    }
    (posting, text("company"), text("title"))
}

fn rank(posting: &str, company: &str, title: &str) -> Vec<RankedResume> {
    let analysis = analyse(posting, company, title);
    let embedder = BuiltinEmbedder::new();
    rank_resumes(
        posting,
        &analysis,
        &resumes(),
        &embedder,
        MatchSettings::new(CURRENT_YEAR),
    )
    .expect("built-in embedder never fails")
}

fn print(title: &str, ranked: &[RankedResume]) {
    println!("{title}:");
    for r in ranked {
        let values: Vec<String> = r
            .report
            .components
            .iter()
            .map(|c| {
                format!(
                    "{}={}",
                    c.kind,
                    c.value.map_or("-".to_owned(), |v| v.to_string())
                )
            })
            .collect();
        println!(
            "  {}. {} {} ({})",
            r.rank,
            r.label,
            r.report.score,
            values.join(", ")
        );
    }
}

#[test]
fn the_full_stack_web_developer_leads_for_the_sample_web_developer_job() {
    let (posting, company, title) = sample_job();
    let ranked = rank(&posting, &company, &title);
    print("JSON Resume sample job (Web Developer)", &ranked);
    assert_eq!(ranked[0].label, "resume-john-doe.pdf");
    // The front-end developer meets the JavaScript, HTML and CSS must-have
    // through his skills list.
    let barry = ranked
        .iter()
        .find(|r| r.label == "resume-barry-allen-fe.pdf")
        .expect("ranked");
    let web = barry
        .report
        .gaps
        .iter()
        .find(|g| g.requirement.contains("JavaScript, HTML, and CSS"))
        .expect("requirement read");
    assert!(matches!(web.status, GapStatus::Met { .. }), "{web:?}");
    // The CEO of a compression start-up, with a year in the role and HTML,
    // CSS and JavaScript only in his skills list, is not a close second.
    let richard = ranked
        .iter()
        .find(|r| r.label == "jsonresume-sample.json")
        .expect("ranked");
    assert!(richard.report.score + 20 < ranked[0].report.score);
}

#[test]
fn a_posting_in_spanish_still_ranks_the_java_developer_first_and_says_what_it_could_not_read() {
    let posting = markdown("job-java-developer.pdf");
    let ranked = rank(&posting, "BBVA", "Java developer");
    print("job-java-developer.pdf (Spanish)", &ranked);
    assert_eq!(ranked[0].label, "resume-john-doe.pdf");
    let report = &ranked[0].report;
    // Nothing is marked required in a way the analysis reads, so the skills
    // the posting names stand in, and the explanation says so.
    let must = report
        .component(ScoreComponentKind::MustHave)
        .expect("always four components");
    assert!(
        must.explanation
            .contains("each skill it names counts as one"),
        "{}",
        must.explanation
    );
    let java = report
        .gaps
        .iter()
        .find(|g| g.requirement == "Java")
        .expect("Java named");
    assert!(matches!(java.status, GapStatus::Met { .. }), "{java:?}");
    let similarity = report
        .component(ScoreComponentKind::ExperienceSimilarity)
        .expect("always four components");
    assert!(
        similarity.explanation.contains("passages of the posting"),
        "{}",
        similarity.explanation
    );
}

#[test]
fn evidence_quoted_from_imported_resumes_is_verbatim() {
    let (posting, company, title) = sample_job();
    let ranked = rank(&posting, &company, &title);
    let sources = resumes();
    for r in &ranked {
        let source = &sources
            .iter()
            .find(|(label, _)| *label == r.label)
            .expect("ranked resumes come from the input")
            .1;
        for gap in &r.report.gaps {
            if let Some(evidence) = gap.status.evidence() {
                assert!(source.contains(evidence), "{}: {evidence:?}", r.label);
            }
        }
    }
}
