//! Import and export speed, in one run (`cargo xtask bench`, release):
//! reading a typical two-page PDF and a DOCX resume into the library's
//! structure (goal ≤ 100 ms each), and exporting a two-page resume to PDF
//! with its self-check (goal ≤ 300 ms), plus DOCX and HTML for scale.

use std::time::{Duration, Instant};

use jobforge_export::{Content, ExportOptions, FontSet, export};
use jobforge_import::{ImportLimits, import_resume};
use jobforge_types::ExportFormat;

const IMPORT_GOAL: Duration = Duration::from_millis(100);
const PDF_EXPORT_GOAL: Duration = Duration::from_millis(300);
const RUNS: usize = 21;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time(mut work: impl FnMut()) -> (Duration, Duration) {
    work(); // warm-up: first use builds the taxonomy index and font caches
    let times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    let worst = times.iter().copied().max().unwrap_or_default();
    (median(times), worst)
}

fn verdict(value: Duration, goal: Duration) -> &'static str {
    if value <= goal { "met" } else { "MISSED" }
}

fn main() {
    let fixtures = jobforge_testkit::package_dir!().join("../../tests/fixtures/corpus");
    let pdf = std::fs::read(fixtures.join("resume-alfred-pennyworth-pm.pdf")).expect("pdf fixture");
    let docx = std::fs::read(fixtures.join("resume-jsonresume-sample.docx")).expect("docx fixture");
    let limits = ImportLimits::default();

    let imported = import_resume(&pdf, Some("resume.pdf"), &limits).expect("pdf imports");
    let pages = imported.report.pages.unwrap_or(0);
    let (pdf_median, pdf_worst) = time(|| {
        import_resume(&pdf, Some("resume.pdf"), &limits).expect("pdf imports");
    });
    let (docx_median, docx_worst) = time(|| {
        import_resume(&docx, Some("resume.docx"), &limits).expect("docx imports");
    });

    // A two-page resume: the imported one, twice over if it is short.
    let mut markdown = imported.markdown.clone();
    let fonts = FontSet::discover().expect("an installed font family (fonts-liberation2)");
    let options = ExportOptions {
        fonts: Some(fonts),
        ..ExportOptions::default()
    };
    let page_count = |md: &str| {
        let out = export(md, "Bench", Content::Resume, ExportFormat::Pdf, &options).expect("pdf");
        jobforge_pdf::read_text(&out.bytes, &jobforge_pdf::ReadLimits::default())
            .map(|t| t.page_count())
            .unwrap_or(0)
    };
    while page_count(&markdown) < 2 {
        markdown.push_str("\n\n");
        markdown.push_str(&imported.markdown);
    }
    let export_pages = page_count(&markdown);
    let mut check_clean = true;
    let (pdf_out_median, pdf_out_worst) = time(|| {
        let out = export(
            &markdown,
            "Bench",
            Content::Resume,
            ExportFormat::Pdf,
            &options,
        )
        .expect("pdf");
        check_clean &= out.check.as_ref().is_some_and(|c| c.is_clean());
    });
    let (docx_out_median, _) = time(|| {
        export(
            &markdown,
            "Bench",
            Content::Resume,
            ExportFormat::Docx,
            &options,
        )
        .expect("docx");
    });
    let (html_out_median, _) = time(|| {
        export(
            &markdown,
            "Bench",
            Content::Resume,
            ExportFormat::Html,
            &options,
        )
        .expect("html");
    });

    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!();
    println!("Import and export, release build, medians of {RUNS} runs (worst in brackets)");
    println!(
        "import {pages}-page PDF resume:     {} ({})  goal <= 100 ms  {}",
        ms(pdf_median),
        ms(pdf_worst),
        verdict(pdf_median, IMPORT_GOAL)
    );
    println!(
        "import DOCX resume:              {} ({})  goal <= 100 ms  {}",
        ms(docx_median),
        ms(docx_worst),
        verdict(docx_median, IMPORT_GOAL)
    );
    println!(
        "export {export_pages}-page PDF + self-check:  {} ({})  goal <= 300 ms  {}  (self-check {})",
        ms(pdf_out_median),
        ms(pdf_out_worst),
        verdict(pdf_out_median, PDF_EXPORT_GOAL),
        if check_clean {
            "clean"
        } else {
            "found problems"
        }
    );
    println!("export DOCX + self-check:        {}", ms(docx_out_median));
    println!("export HTML:                     {}", ms(html_out_median));
}
