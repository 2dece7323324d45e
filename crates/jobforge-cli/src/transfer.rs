//! `jobforge import …`, `jobforge export …` and `jobforge resume export …`.

use std::path::Path;
use std::time::Duration;

use jobforge_core::Workspace;
use jobforge_core::export::{DocxLayout, ExportFailure, ExportOutcome, ExportTarget};
use jobforge_core::import::{self, ImportFailure};
use jobforge_core::types::{CapturedPosting, ExportCheck, ImportReport};

use crate::Failure;
use crate::args::{ExportArgs, ExportFile, ImportCommand, PageArg};
use crate::output;

impl From<ImportFailure> for Failure {
    fn from(e: ImportFailure) -> Self {
        match e {
            ImportFailure::Store(inner) => inner.into(),
            ImportFailure::File(jobforge_core::text_file::TextFileError::Read { .. }) => Self {
                user_error: false,
                message: e.to_string(),
            },
            other => Failure::user(other.to_string()),
        }
    }
}

impl From<ExportFailure> for Failure {
    fn from(e: ExportFailure) -> Self {
        match e {
            ExportFailure::Store(inner) => inner.into(),
            ExportFailure::Unresolved { .. } => Failure::user(format!(
                "{e}\n(`jobforge doc flags APP KIND` lists them; `--accept N` confirms one.)"
            )),
            other => Failure::user(other.to_string()),
        }
    }
}

pub fn import(ws: &mut Workspace, command: ImportCommand, json: bool) -> Result<(), Failure> {
    match command {
        ImportCommand::Resume {
            file,
            name,
            focus,
            primary,
            dry_run,
        } => {
            let (imported, original) = import::import_resume_file(&file)?;
            if dry_run {
                if json {
                    return output::json(&imported);
                }
                print_report(&imported.report)?;
                output::line("")?;
                output::line(&imported.markdown)?;
                return output::line("(dry run: nothing was saved)");
            }
            let file_name = import::file_name_of(&file);
            let resume = import::save_imported_resume(
                ws.store_mut(),
                &imported,
                &original,
                &file_name,
                name,
                focus,
                primary,
            )?;
            if json {
                return output::json(&serde_json::json!({
                    "resume": resume,
                    "report": imported.report,
                    "data": imported.data,
                }));
            }
            print_report(&imported.report)?;
            let note = if resume.is_primary { " (primary)" } else { "" };
            output::line(format!(
                "Imported resume \"{}\"{note} ({}). Check it with `jobforge resume show {}`.",
                resume.name, resume.id, resume.id
            ))
        }
        ImportCommand::Job {
            source,
            company,
            role,
            dry_run,
            timeout,
        } => {
            let mut posting = if import::looks_like_address(&source) {
                let options = jobforge_core::import::FetchOptions {
                    total_timeout: Duration::from_secs(timeout.max(1)),
                    ..jobforge_core::import::FetchOptions::default()
                };
                let runtime = crate::async_runtime()?;
                runtime.block_on(import::capture_job_url(&source, &options))?
            } else {
                import::capture_job_file(Path::new(&source))?
            };
            if company.is_some() {
                posting.company = company;
            }
            if role.is_some() {
                posting.title = role;
            }
            let new = import::new_application_from(&posting);
            if dry_run {
                if json {
                    return output::json(&posting);
                }
                print_posting(&posting)?;
                return output::line("(dry run: nothing was saved)");
            }
            let missing: Vec<&str> = [
                new.company.is_empty().then_some("--company"),
                new.role_title.is_empty().then_some("--role"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !missing.is_empty() {
                print_posting(&posting)?;
                return Err(Failure::user(format!(
                    "The posting does not say its {}; give {} and run the command again.",
                    if missing.len() == 2 {
                        "company or role"
                    } else if new.company.is_empty() {
                        "company"
                    } else {
                        "role"
                    },
                    missing.join(" and ")
                )));
            }
            let application = ws.store_mut().create_application(new)?;
            if json {
                return output::json(&serde_json::json!({
                    "application": application,
                    "captured": posting,
                }));
            }
            print_posting(&posting)?;
            output::line(format!(
                "Created application {} — {} at {}. Run the pipeline with `jobforge run {}`.",
                application.id, application.role_title, application.company, application.id
            ))
        }
    }
}

pub fn export(ws: &Workspace, args: ExportArgs, json: bool) -> Result<(), Failure> {
    let application = ws.store().resolve_application(&args.app_id)?;
    let layout = if args.fresh_layout {
        DocxLayout::Generated
    } else {
        DocxLayout::KeepOriginal
    };
    let outcome = jobforge_core::export::export(
        ws.store(),
        ExportTarget::Document {
            application,
            kind: args.kind,
        },
        args.file.format,
        &options(&args.file),
        layout,
    )?;
    write_export(&args.file, outcome, json)
}

pub fn export_resume(
    ws: &Workspace,
    id: &str,
    file: ExportFile,
    json: bool,
) -> Result<(), Failure> {
    let resume = ws.store().resolve_resume(id)?;
    let outcome = jobforge_core::export::export(
        ws.store(),
        ExportTarget::Resume(resume),
        file.format,
        &options(&file),
        DocxLayout::Generated,
    )?;
    write_export(&file, outcome, json)
}

fn options(file: &ExportFile) -> jobforge_core::export::ExportOptions {
    let size = match file.page {
        PageArg::Letter => jobforge_core::export::PageSize::Letter,
        PageArg::A4 => jobforge_core::export::PageSize::A4,
    };
    jobforge_core::export::ExportOptions {
        page: jobforge_core::export::PageSetup {
            size,
            ..jobforge_core::export::PageSetup::default()
        },
        fonts: None,
    }
}

/// Writes next to the target and renames, so an interrupted export never
/// leaves half a file under the name the user asked for.
fn write_export(file: &ExportFile, outcome: ExportOutcome, json: bool) -> Result<(), Failure> {
    let out = &file.out;
    if out.exists() && !file.force {
        return Err(Failure::user(format!(
            "{} already exists; choose another --out or add --force to replace it",
            out.display()
        )));
    }
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Failure::user(format!(
            "the folder {} does not exist; create it or choose another --out",
            dir.display()
        )));
    }
    if let Err(e) = jobforge_core::text_file::write_file_replacing(out, &outcome.exported.bytes) {
        return Err(Failure {
            user_error: false,
            message: format!("cannot write {}: {e}", out.display()),
        });
    }
    if json {
        return output::json(&serde_json::json!({
            "file": out,
            "bytes": outcome.exported.bytes.len(),
            "check": outcome.exported.check,
            "notes": outcome.exported.notes,
            "kept_layout_of": outcome.kept_layout_of,
        }));
    }
    output::line(format!(
        "Wrote {} ({} KB).",
        out.display(),
        outcome.exported.bytes.len().div_ceil(1024)
    ))?;
    if let Some(original) = &outcome.kept_layout_of {
        output::line(format!(
            "Kept the layout of your own {original}; only the tailored parts changed."
        ))?;
    }
    for note in &outcome.exported.notes {
        eprintln!("note: {note}");
    }
    if let Some(check) = &outcome.exported.check {
        print_check(check);
    }
    Ok(())
}

fn print_check(check: &ExportCheck) {
    if check.is_clean() {
        eprintln!(
            "Checked: all {} words read back from the file, in order.",
            check.words_expected
        );
        return;
    }
    eprintln!(
        "warning: reading the file back found problems ({} of {} words found) — look at it before you send it:",
        check.words_found, check.words_expected
    );
    for (label, list) in [
        ("missing", &check.lost),
        ("out of order", &check.reordered),
        ("garbled", &check.garbled),
    ] {
        for phrase in list {
            eprintln!("  {label}: {phrase}");
        }
    }
}

fn print_report(report: &ImportReport) -> Result<(), Failure> {
    let pages = report
        .pages
        .map(|p| format!(", {p} page(s)"))
        .unwrap_or_default();
    output::line(format!(
        "Read a {} file{pages}: {} characters of text.",
        report.format, report.characters
    ))?;
    output::line("Found:")?;
    for found in &report.found {
        output::line(format!(
            "  {:<15} {}",
            found.section.as_str(),
            found.summary
        ))?;
    }
    if !report.ambiguous.is_empty() {
        output::line("Check these:")?;
        for note in &report.ambiguous {
            output::line(format!("  - {}", note.message))?;
        }
    }
    if !report.unreadable.is_empty() {
        output::line("Could not be read:")?;
        for note in &report.unreadable {
            output::line(format!("  - {}", note.message))?;
        }
    }
    Ok(())
}

fn print_posting(posting: &CapturedPosting) -> Result<(), Failure> {
    let field = |label: &str, value: Option<&str>| {
        output::line(format!("{label:<16}{}", value.unwrap_or("(not stated)")))
    };
    field("Captured from", Some(posting.method.as_str()))?;
    field("Role", posting.title.as_deref())?;
    field("Company", posting.company.as_deref())?;
    field("Location", posting.location.as_deref())?;
    field("Employment", posting.employment_type.as_deref())?;
    field("Salary", posting.salary.as_deref())?;
    field(
        "Deadline",
        posting.deadline.map(|d| d.to_string()).as_deref(),
    )?;
    field("Address", posting.source_url.as_deref())?;
    output::line(format!(
        "Description     {} words",
        posting.description.split_whitespace().count()
    ))?;
    for note in &posting.notes {
        output::line(format!("  note: {note}"))?;
    }
    Ok(())
}
