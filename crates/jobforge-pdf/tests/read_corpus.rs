//! The PDF reader on real resumes and job postings (see
//! `tests/fixtures/corpus/README.md` at the root for where they come from): names first,
//! headings in order, sidebars not interleaved with the main column, dates on
//! their entry's line, text decoded from TeX Type 1, Chrome Type 3 and
//! Google Docs CID fonts.

use jobforge_pdf::{PdfText, ReadLimits, TextLine, read_text};

fn read_fixture(name: &str) -> PdfText {
    let path = jobforge_testkit::package_dir!()
        .join("../../tests/fixtures/corpus")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_text(&bytes, &ReadLimits::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn texts(text: &PdfText) -> Vec<&str> {
    text.lines().map(|l| l.text.as_str()).collect()
}

/// Index of the first line equal to `wanted`.
fn position(lines: &[&str], wanted: &str) -> usize {
    lines
        .iter()
        .position(|l| *l == wanted)
        .unwrap_or_else(|| panic!("no line {wanted:?} in {lines:#?}"))
}

fn assert_in_order(lines: &[&str], wanted: &[&str]) {
    let positions: Vec<usize> = wanted.iter().map(|w| position(lines, w)).collect();
    assert!(
        positions.windows(2).all(|p| p[0] < p[1]),
        "{wanted:?} at {positions:?} in {lines:#?}"
    );
}

fn line<'a>(text: &'a PdfText, wanted: &str) -> &'a TextLine {
    text.lines()
        .find(|l| l.text == wanted)
        .unwrap_or_else(|| panic!("no line {wanted:?}"))
}

#[test]
fn two_column_render_reads_the_sidebar_whole_after_the_main_column() {
    let text = read_fixture("resume-render-two-column.pdf");
    let lines = texts(&text);
    assert_eq!(lines.first(), Some(&"John Doe"));
    assert_eq!(lines.get(1), Some(&"Senior Software Engineer"));
    // Main column headings, then the sidebar's, each group in order.
    assert_in_order(
        &lines,
        &[
            "SUMMARY",
            "EXPERIENCE",
            "PROJECTS",
            "EDUCATION",
            "SKILLS",
            "LINKS",
        ],
    );
    // The sidebar is one contiguous block in column 1, after every main
    // column line; no line mixes the two columns.
    let sidebar_start = position(&lines, "EDUCATION");
    assert!(text.lines().take(sidebar_start).all(|l| l.column == 0));
    assert!(text.lines().skip(sidebar_start).all(|l| l.column == 1));
    assert_in_order(
        &lines,
        &[
            "UC Berkeley | 2019",
            "Bachelor of Science, Computer Science",
            "Go Python Node.js TypeScript",
            "Observability Datadog PagerDuty",
            "linkedin.com/in/johndoe",
            "github.com/johndoe",
        ],
    );
    for main_only in [
        "Senior Software Engineer with 5+ years",
        "Stripe",
        "optimization capabilities",
    ] {
        let at = lines
            .iter()
            .position(|l| l.starts_with(main_only) || l.ends_with(main_only))
            .unwrap_or_else(|| panic!("no {main_only:?}"));
        assert!(at < sidebar_start, "{main_only:?} after the sidebar");
    }
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("SUMMARY") && l.contains("EDUCATION"))
    );
}

#[test]
fn two_column_render_keeps_dates_on_their_role_lines() {
    let text = read_fixture("resume-render-two-column.pdf");
    let lines = texts(&text);
    assert_in_order(
        &lines,
        &[
            "Senior Software Engineer Jan 2023 - Present",
            "Software Engineer Jun 2021 - Dec 2022",
            "Software Engineer Jul 2019 - May 2021",
            "Real-time Transit Prediction App 2022",
        ],
    );
}

#[test]
fn two_column_render_marks_headings_bold_and_larger_than_body() {
    let text = read_fixture("resume-render-two-column.pdf");
    let name = line(&text, "John Doe");
    let heading = line(&text, "EXPERIENCE");
    let body = text
        .lines()
        .find(|l| l.text.starts_with("• Designed and implemented"))
        .expect("a bullet line");
    assert!(name.bold && heading.bold && !body.bold);
    assert!(name.font_size > heading.font_size && heading.font_size > body.font_size);
    assert!(
        line(&text, "SKILLS").x > 350.0,
        "the sidebar sits on the right"
    );
}

#[test]
fn single_column_render_reads_top_to_bottom_with_dates_on_role_lines() {
    let text = read_fixture("resume-render-single-column.pdf");
    let lines = texts(&text);
    assert_eq!(lines.first(), Some(&"JOHN DOE"));
    assert_eq!(lines.get(1), Some(&"SENIOR SOFTWARE ENGINEER"));
    assert_in_order(
        &lines,
        &[
            "SUMMARY",
            "EXPERIENCE",
            "Senior Software Engineer Jan 2023 - Present",
            "Stripe San Francisco, CA",
            "EDUCATION",
            "UC Berkeley 2019",
            "PROJECTS",
            "SKILLS & AWARDS",
        ],
    );
    assert!(text.lines().all(|l| l.column == 0));
}

#[test]
fn moderncv_resume_puts_name_first_and_attaches_the_date_column_to_entries() {
    let text = read_fixture("resume-barry-allen-fe.pdf");
    let lines = texts(&text);
    assert_eq!(lines.first(), Some(&"Barry Allen"));
    assert_eq!(lines.get(1), Some(&"Front-End Developer"));
    assert_in_order(
        &lines,
        &["Objective", "Education", "Skills", "Experience", "Projects"],
    );
    // Dates from the narrow left column share their entry's line.
    assert_in_order(
        &lines,
        &[
            "2018 – 2022 B.Tech, Computer Science and Engineering, Indian Institute of Technology",
            "June 2022 – Software Engineer (Front-End), Google, Mountain View, CA, USA",
            "2022 Personal Expense Tracker",
        ],
    );
    // The contact block at the top right is read as a block, without its
    // icon glyphs.
    assert_in_order(
        &lines,
        &[
            "Google HQ, Mountain View, CA, USA",
            "(123) 456-7890",
            "allthe.stars@google.com",
        ],
    );
    // TeX hyphenation stays as printed.
    assert!(lines.iter().any(|l| l.ends_with("Imple-")));
}

#[test]
fn moderncv_two_page_resume_reads_both_pages_in_order() {
    let text = read_fixture("resume-alfred-pennyworth-pm.pdf");
    assert_eq!(text.page_count(), 2);
    let lines = texts(&text);
    assert_eq!(lines.first(), Some(&"Alfred Pennyworth"));
    assert_in_order(
        &lines,
        &[
            "Professional Summary",
            "Skills",
            "Experience",
            "2012 – 2017 Software Development Engineer III, Amazon, Seattle, WA, USA",
            "2007 – 2012 Software Development Engineer II, Apple, Cupertino, CA, USA",
            "Education",
            "2016 – 2018 Master of Business Administration, Stanford University, Stanford, CA, USA",
            "Projects",
        ],
    );
    let second = text.pages.get(1).expect("page 2");
    assert_eq!(second.number, 2);
    assert!(
        second
            .lines
            .first()
            .is_some_and(|l| l.text == "2020 – Personal Project: Home Automation System")
    );
}

#[test]
fn latex_article_resume_reads_headings_bullets_and_ligatures() {
    let text = read_fixture("resume-john-doe.pdf");
    let lines = texts(&text);
    assert_eq!(lines.first(), Some(&"JOHN DOE"));
    assert_in_order(
        &lines,
        &[
            "PROFESSIONAL SUMMARY",
            "SKILLS",
            "• Java and J2EE",
            "WORK EXPERIENCE",
            "Full Stack Java Developer, ABC Company, Inc., Anywhere, USA, June 2018 - Present",
            "EDUCATION",
            "CERTIFICATIONS",
            "• Certified Angular Developer",
        ],
    );
    let heading = line(&text, "WORK EXPERIENCE");
    assert!(heading.bold && heading.font_size > 12.0);
    // The fi/ffi ligatures of TeX's fonts come out as letters.
    let plain = text.plain_text();
    assert!(plain.contains("efficiently") && plain.contains("Proficient"));
    assert!(!plain.contains(['\u{fb00}', '\u{fb01}', '\u{fb02}', '\u{fb03}', '\u{fb04}']));
}

#[test]
fn google_docs_job_posting_decodes_accents_and_bullets() {
    let text = read_fixture("job-java-developer.pdf");
    let lines = texts(&text);
    assert_eq!(lines.first(), Some(&"Puesto de trabajo: Java developer"));
    assert_in_order(
        &lines,
        &[
            "Sobre nosotros",
            "Descripción del trabajo:",
            "Responsabilidades:",
            "Requisitos:",
        ],
    );
    assert!(line(&text, "Responsabilidades:").bold);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("● Desarrollar y mantener aplicaciones Java de alta calidad"))
    );
    let front_end = read_fixture("job-front-end-engineer.pdf");
    assert_eq!(
        texts(&front_end).first(),
        Some(&"Puesto de trabajo: Front-end")
    );
    assert!(
        front_end
            .plain_text()
            .contains("innovación y el desarrollo tecnológico")
    );
}

#[test]
fn every_fixture_reads_quickly_and_without_replacement_characters() {
    for name in [
        "resume-alfred-pennyworth-pm.pdf",
        "resume-barry-allen-fe.pdf",
        "resume-john-doe.pdf",
        "resume-render-single-column.pdf",
        "resume-render-two-column.pdf",
        "job-front-end-engineer.pdf",
        "job-java-developer.pdf",
    ] {
        let started = std::time::Instant::now();
        let text = read_fixture(name);
        let elapsed = started.elapsed();
        // A debug build is many times slower than release; this only
        // catches accidental quadratic blow-ups.
        assert!(elapsed.as_millis() < 2_000, "{name} took {elapsed:?}");
        let plain = text.plain_text();
        assert!(!plain.contains('\u{fffd}'), "{name} has undecoded glyphs");
        assert!(!plain.contains("  "), "{name} has doubled spaces");
        assert!(
            text.lines()
                .all(|l| !l.text.is_empty() && l.text.trim() == l.text)
        );
    }
}
