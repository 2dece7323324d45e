//! Exports in every format, read back; and tailoring the user's own DOCX.

use jobforge_docx::{ParagraphKind, ReadLimits, read_paragraphs};
use jobforge_export::tailor::tailor_docx;
use jobforge_export::{Content, ExportError, ExportOptions, FontSet, export, markdown_to_rich};
use jobforge_types::ExportFormat;

const RESUME: &str = "# Ada Park

ada.park@example.com · +1 555 0142 · Portland, OR

## Summary

Backend engineer with six years of experience building payment and logistics services in Rust, Go and Python.

## Experience

### Senior Software Engineer — Parcelwise (2021–present), Portland, OR

- Led the rewrite of the shipment-tracking service from Python to Rust, cutting p99 latency from 480 ms to 35 ms.
- Designed an event pipeline on Kafka and PostgreSQL that processes 12 million tracking events a day.
- Introduced OpenTelemetry tracing across 14 services and halved the mean time to resolve incidents.
- Mentored four engineers; ran the team's weekly design review.

### Software Engineer — Ledgerly (2018–2021), Seattle, WA

- Built the card-authorisation API in Go, handling 2,000 requests per second at peak.
- Automated reconciliation jobs in Python, saving the finance team 20 hours a week.
- Moved deployments to Kubernetes with Terraform-managed infrastructure on AWS.

## Education

B.Sc. Computer Science — Oregon State University (2018)

## Skills

Rust, Go, Python, SQL, PostgreSQL, Kafka, Kubernetes, Docker, Terraform, AWS

## Certifications

1. AWS Certified Solutions Architect – Associate (2022)
2. Certified Kubernetes Administrator (2023)
";

fn options() -> ExportOptions {
    ExportOptions {
        fonts: Some(FontSet::discover().expect("an installed font family (fonts-liberation2)")),
        ..ExportOptions::default()
    }
}

#[test]
fn pdf_and_docx_exports_read_back_word_for_word() {
    let options = options();
    for format in [ExportFormat::Pdf, ExportFormat::Docx] {
        let out = export(
            RESUME,
            "Ada Park — Resume",
            Content::Resume,
            format,
            &options,
        )
        .unwrap_or_else(|e| panic!("{format}: {e}"));
        let check = out.check.expect("checked");
        assert!(check.is_clean(), "{format}: {check:?}");
        assert!(check.words_expected > 150, "{format}: {check:?}");
        assert_eq!(check.words_expected, check.words_found, "{format}");
        assert!(out.notes.is_empty(), "{format}: {:?}", out.notes);
    }
}

#[test]
fn the_docx_has_real_headings_and_lists() {
    let out = export(
        RESUME,
        "Ada Park",
        Content::Resume,
        ExportFormat::Docx,
        &options(),
    )
    .expect("docx");
    let read = read_paragraphs(&out.bytes, &ReadLimits::default()).expect("reads");
    let kind_of = |text: &str| {
        read.paragraphs
            .iter()
            .find(|p| p.text.starts_with(text))
            .map(|p| p.kind)
            .unwrap_or_else(|| panic!("{text} missing"))
    };
    assert_eq!(kind_of("Ada Park"), ParagraphKind::Heading(1));
    assert_eq!(kind_of("Experience"), ParagraphKind::Heading(2));
    assert_eq!(
        kind_of("Senior Software Engineer"),
        ParagraphKind::Heading(3)
    );
    assert!(matches!(
        kind_of("Led the rewrite"),
        ParagraphKind::ListItem {
            depth: 0,
            numbered: false
        }
    ));
    assert!(matches!(
        kind_of("Certified Kubernetes"),
        ParagraphKind::ListItem { numbered: true, .. }
    ));
}

#[test]
fn html_markdown_and_json_resume_exports() {
    let options = options();
    let html = export(
        RESUME,
        "Ada Park",
        Content::Resume,
        ExportFormat::Html,
        &options,
    )
    .expect("html");
    let html = String::from_utf8(html.bytes).expect("utf-8");
    assert!(
        html.contains(
            "<h3>Senior Software Engineer — Parcelwise (2021–present), Portland, OR</h3>"
        )
    );
    assert!(html.contains("<ol start=") || html.contains("<ol>"));

    let md = export(
        RESUME,
        "Ada Park",
        Content::Resume,
        ExportFormat::Markdown,
        &options,
    )
    .expect("md");
    assert_eq!(String::from_utf8(md.bytes).expect("utf-8"), RESUME);

    let json = export(
        RESUME,
        "Ada Park",
        Content::Resume,
        ExportFormat::JsonResume,
        &options,
    )
    .expect("json");
    let value: serde_json::Value = serde_json::from_slice(&json.bytes).expect("json");
    assert_eq!(value["basics"]["name"], "Ada Park");
    assert_eq!(value["work"][0]["name"], "Parcelwise");
    assert_eq!(
        value["work"][1]["highlights"].as_array().map(Vec::len),
        Some(3)
    );

    let letter = export(
        "Dear team,\n\nHello.",
        "Letter",
        Content::Document,
        ExportFormat::JsonResume,
        &options,
    );
    assert!(matches!(letter, Err(ExportError::JsonResumeNeedsResume)));
    let empty = export(
        "  \n",
        "Empty",
        Content::Document,
        ExportFormat::Pdf,
        &options,
    );
    assert!(matches!(empty, Err(ExportError::Empty)));
}

/// The user's own DOCX: the resume as a DOCX with real lists, as Word would
/// have it.
fn own_docx() -> Vec<u8> {
    jobforge_docx::write_docx(&markdown_to_rich(RESUME, "Ada Park")).expect("docx")
}

fn texts(bytes: &[u8]) -> Vec<(String, ParagraphKind)> {
    read_paragraphs(bytes, &ReadLimits::default())
        .expect("reads")
        .paragraphs
        .into_iter()
        .filter(|p| !p.text.is_empty())
        .map(|p| (p.text, p.kind))
        .collect()
}

#[test]
fn tailoring_the_users_docx_changes_only_what_the_tailored_resume_changed() {
    let original = own_docx();
    let source = jobforge_import::import_resume(&original, Some("ada.docx"), &Default::default())
        .expect("imports")
        .markdown;
    // What the offline engine does: a summary led by the matching facts,
    // bullets reordered and one left out, the role's stack added, the
    // skills reordered.
    let tailored = source
        .replace(
            "Backend engineer with six years",
            "Senior Software Engineer with hands-on experience in Kafka and Rust. Backend engineer with six years",
        )
        .replace(
            "- Led the rewrite of the shipment-tracking service from Python to Rust, cutting p99 latency from 480 ms to 35 ms.\n- Designed an event pipeline on Kafka and PostgreSQL that processes 12 million tracking events a day.\n- Introduced OpenTelemetry tracing across 14 services and halved the mean time to resolve incidents.\n- Mentored four engineers; ran the team's weekly design review.",
            "- Designed an event pipeline on Kafka and PostgreSQL that processes 12 million tracking events a day.\n- Led the rewrite of the shipment-tracking service from Python to Rust, cutting p99 latency from 480 ms to 35 ms.\n- Mentored four engineers; ran the team's weekly design review.\n\n*Stack: Kafka, PostgreSQL, Rust*",
        )
        .replace(
            "Rust, Go, Python, SQL, PostgreSQL, Kafka, Kubernetes, Docker, Terraform, AWS",
            "Kafka, PostgreSQL, Rust, Go, Python, SQL, Kubernetes, Docker, Terraform, AWS",
        );
    assert_ne!(source, tailored, "the test changes something");
    let out = tailor_docx(&original, &source, &tailored).expect("tailored");
    let before = texts(&original);
    let after = texts(&out.bytes);
    let position = |list: &[(String, ParagraphKind)], start: &str| {
        list.iter()
            .position(|(t, _)| t.starts_with(start))
            .unwrap_or_else(|| panic!("{start} missing"))
    };
    // The role's bullets in the new order, the left-out one gone, the stack
    // line after them.
    let designed = position(&after, "Designed an event pipeline");
    assert!(after[designed + 1].0.starts_with("Led the rewrite"));
    assert!(after[designed + 2].0.starts_with("Mentored four engineers"));
    assert_eq!(after[designed + 3].0, "Stack: Kafka, PostgreSQL, Rust");
    assert!(
        !after
            .iter()
            .any(|(t, _)| t.starts_with("Introduced OpenTelemetry"))
    );
    assert!(
        matches!(after[designed].1, ParagraphKind::ListItem { .. }),
        "still a list item"
    );
    // Summary and skills rewritten in place.
    assert!(
        after
            .iter()
            .any(|(t, _)| t
                .starts_with("Senior Software Engineer with hands-on experience in Kafka"))
    );
    assert!(after.iter().any(|(t, _)| t
        == "Kafka, PostgreSQL, Rust, Go, Python, SQL, Kubernetes, Docker, Terraform, AWS"));
    // Everything else exactly as it was, in the same order.
    let changed = |t: &str| {
        [
            "Designed",
            "Led the rewrite",
            "Mentored",
            "Introduced",
            "Stack:",
            "Backend engineer",
            "Senior Software Engineer with",
            "Rust, Go, Python",
            "Kafka, PostgreSQL, Rust, Go",
        ]
        .iter()
        .any(|p| t.starts_with(p))
    };
    let untouched_before: Vec<_> = before.iter().filter(|(t, _)| !changed(t)).collect();
    let untouched_after: Vec<_> = after.iter().filter(|(t, _)| !changed(t)).collect();
    assert_eq!(untouched_before, untouched_after);
    let check = out.check.expect("checked");
    assert!(check.is_clean(), "{check:?}");
}

#[test]
fn tailoring_leaves_what_it_cannot_find_and_says_so() {
    let original = own_docx();
    let source = jobforge_import::import_resume(&original, Some("ada.docx"), &Default::default())
        .expect("imports")
        .markdown;
    let tailored = format!(
        "{source}\n## Experience\n\n### Chief Everything Officer — Initech (2010–2012)\n\n- Ran the place.\n"
    );
    let out = tailor_docx(&original, &source, &tailored).expect("tailored");
    assert!(
        out.notes
            .iter()
            .any(|n| n.contains("Initech") && n.contains("not a role of the original")),
        "{:?}",
        out.notes
    );
    assert!(!texts(&out.bytes).iter().any(|(t, _)| t.contains("Initech")));
}
