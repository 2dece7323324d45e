//! One function per command: resolve the references, call the core, print.

use jobforge_core::store::ApplicationFilter;
use jobforge_core::types::{
    Application, DocumentKind, NewApplication, NewResume, NewWritingSample, ProfileUpdate,
    VersionOrigin,
};
use jobforge_core::{DataDir, KeySource, Workspace, sample};
use serde::Serialize;

use crate::args::{
    AppAdd, AppCommand, Cli, Command, DocCommand, ProfileCommand, ResumeCommand, WritingCommand,
};
use crate::output::{self, day, short_ids};
use crate::{Failure, ai_commands, input, semantic_commands, transfer, unlock};

pub fn run(cli: Cli) -> Result<(), Failure> {
    let dir = DataDir::resolve(cli.data_dir.clone())?;
    let options = unlock::options(cli.key_store);
    if let Command::Init = cli.command {
        let ws = Workspace::init(&dir, &options, &mut unlock::ask)?;
        return init_done(&ws, cli.json);
    }
    if let Command::Key(command) = cli.command {
        // Provider keys live in the keyring; the database need not be unlocked.
        return ai_commands::key(&options.keyring, command, cli.json);
    }
    let mut ws = Workspace::open(&dir, &options, &mut unlock::ask)?;
    let json = cli.json;
    match cli.command {
        Command::Init => Ok(()),
        Command::Sample => {
            let loaded = sample::load(ws.store_mut())?;
            if json {
                output::json(&serde_json::json!({
                    "resume": loaded.resume,
                    "applications": loaded.applications,
                }))
            } else {
                output::line(format!(
                    "Loaded the sample profile, resume \"{}\" and {} applications. Try `jobforge app list`.",
                    loaded.resume.name,
                    loaded.applications.len()
                ))
            }
        }
        Command::App(command) => app(&mut ws, command, json),
        Command::Resume(command) => resume(&mut ws, command, json),
        Command::Doc(command) => doc(&mut ws, command, json),
        Command::Run(args) => ai_commands::run(&mut ws, &options.keyring, args, json),
        Command::Runs { app_id } => ai_commands::runs(&ws, &app_id, json),
        Command::Ai(command) => ai_commands::ai(&mut ws, command, json),
        Command::Profile(command) => profile(&mut ws, command, json),
        Command::Writing(command) => writing(&mut ws, command, json),
        Command::Key(_) => Ok(()),
        Command::Import(command) => transfer::import(&mut ws, command, json),
        Command::Export(args) => transfer::export(&ws, args, json),
        Command::Search(args) => semantic_commands::search(&mut ws, &options.keyring, args, json),
        Command::Match { app_id, resume } => semantic_commands::match_command(
            &ws,
            &options.keyring,
            &app_id,
            resume.as_deref(),
            json,
        ),
        Command::Similar { app_id, limit } => {
            semantic_commands::similar(&mut ws, &options.keyring, &app_id, limit, json)
        }
        Command::Index { status, cancel } => {
            semantic_commands::index(&mut ws, &options.keyring, status, cancel, json)
        }
        Command::Embedder {
            kind,
            model_dir,
            download,
            from,
            engine,
            model,
        } => semantic_commands::embedder(
            &mut ws,
            &options.keyring,
            semantic_commands::EmbedderChoice {
                kind,
                model_dir,
                download: download.then_some(from),
                engine,
                model,
            },
            json,
        ),
    }
}

fn init_done(ws: &Workspace, json: bool) -> Result<(), Failure> {
    let source = match ws.key_source() {
        KeySource::Keyring => "keyring",
        KeySource::Passphrase => "passphrase",
    };
    if json {
        return output::json(&serde_json::json!({
            "data_dir": ws.dir().root(),
            "database": ws.dir().database(),
            "key_source": source,
        }));
    }
    output::line(format!(
        "Created an encrypted database in {}",
        ws.dir().root().display()
    ))?;
    output::line(match ws.key_source() {
        KeySource::Keyring => "Its key is kept in your system keyring.",
        KeySource::Passphrase => {
            "It is protected by your passphrase. Back up jobforge.key.json together with the database."
        }
    })
}

fn app(ws: &mut Workspace, command: AppCommand, json: bool) -> Result<(), Failure> {
    match command {
        AppCommand::Add(add) => {
            let created = ws.store_mut().create_application(new_application(add)?)?;
            output::result(json, &created, || {
                format!("Added {} ({})", created.name, created.id)
            })
        }
        AppCommand::List { status, limit } => {
            let filter = ApplicationFilter {
                status,
                limit,
                offset: 0,
            };
            let apps = ws.store().list_applications(&filter)?;
            if json {
                return output::json(&apps);
            }
            if apps.is_empty() {
                return output::line(match status {
                    Some(s) => format!("No applications with status {s}."),
                    None => "No applications yet. Add one with `jobforge app add` (or try `jobforge sample`).".to_owned(),
                });
            }
            let ids = short_ids(&apps.iter().map(|a| a.id.to_string()).collect::<Vec<_>>());
            let rows: Vec<Vec<String>> = apps
                .iter()
                .zip(ids)
                .map(|(a, id)| {
                    vec![
                        id,
                        a.status.to_string(),
                        a.priority.to_string(),
                        a.company.clone(),
                        a.role_title.clone(),
                        day(&a.created_at),
                    ]
                })
                .collect();
            output::table(
                &["ID", "STATUS", "PRIORITY", "COMPANY", "ROLE", "CREATED"],
                &rows,
            )
        }
        AppCommand::Show { id } => {
            let id = ws.store().resolve_application(&id)?;
            let app = ws.store().application(&id)?;
            let history = ws.store().status_history(&id)?;
            let documents = ws.store().documents(&id)?;
            if json {
                #[derive(Serialize)]
                struct Shown<'a> {
                    #[serde(flatten)]
                    application: &'a Application,
                    status_history: &'a [jobforge_core::types::StatusChange],
                    documents: Vec<serde_json::Value>,
                }
                let documents = documents
                    .iter()
                    .map(|d| {
                        serde_json::json!({
                            "kind": d.kind,
                            "version": d.current.number,
                            "updated_at": d.current.created_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
                        })
                    })
                    .collect();
                return output::json(&Shown {
                    application: &app,
                    status_history: &history,
                    documents,
                });
            }
            show_application(&app, &history, &documents)
        }
        AppCommand::Status { id, status } => {
            let id = ws.store().resolve_application(&id)?;
            let before = ws.store().application(&id)?.status;
            let app = ws.store_mut().set_status(&id, status)?;
            if json {
                output::json(&app)
            } else if before == status {
                output::line(format!("{} is already {status}.", app.name))
            } else {
                output::line(format!("{}: {before} → {status}", app.name))
            }
        }
        AppCommand::Delete { id } => {
            let id = ws.store().resolve_application(&id)?;
            let app = ws.store().application(&id)?;
            ws.store_mut().delete_application(&id)?;
            output::result(json, &serde_json::json!({ "deleted": id }), || {
                format!("Deleted {} and its documents.", app.name)
            })
        }
    }
}

fn new_application(add: AppAdd) -> Result<NewApplication, Failure> {
    let description = match (add.description, add.description_file) {
        (Some(text), _) => text,
        (None, Some(path)) => input::read_text(&path, "job description")?,
        (None, None) => return Err(Failure::user("give --description or --description-file")),
    };
    Ok(NewApplication {
        company: add.company,
        role_title: add.role,
        job_description: description,
        job_url: add.url,
        location: add.location,
        priority: add.priority,
        deadline: add.deadline,
        notes: add.notes.unwrap_or_default(),
    })
}

fn show_application(
    app: &Application,
    history: &[jobforge_core::types::StatusChange],
    documents: &[jobforge_core::types::Document],
) -> Result<(), Failure> {
    let mut text = String::new();
    let mut field = |label: &str, value: &str| {
        text.push_str(&format!("{label:<13}{value}\n"));
    };
    field("Name", &app.name);
    field("ID", &app.id.to_string());
    field("Company", &app.company);
    field("Role", &app.role_title);
    field("Status", app.status.as_str());
    field("Priority", app.priority.as_str());
    if let Some(location) = &app.location {
        field("Location", location);
    }
    if let Some(url) = &app.job_url {
        field("URL", url);
    }
    if let Some(deadline) = app.deadline {
        field(
            "Deadline",
            &format!(
                "{:04}-{:02}-{:02}",
                deadline.year(),
                u8::from(deadline.month()),
                deadline.day()
            ),
        );
    }
    let phase = |done: bool| if done { "done" } else { "pending" };
    field(
        "Phases",
        &format!(
            "research {}, resume {}, cover letter {}",
            phase(app.phases.research_done),
            phase(app.phases.resume_optimised),
            phase(app.phases.cover_letter_done)
        ),
    );
    field("Created", &day(&app.created_at));
    if !app.notes.is_empty() {
        field("Notes", &app.notes);
    }
    text.push_str("\nStatus history\n");
    for change in history {
        let from = change
            .from
            .map_or("(created)".to_owned(), |s| s.to_string());
        text.push_str(&format!("  {}  {from} → {}\n", day(&change.at), change.to));
    }
    text.push_str("\nDocuments\n");
    if documents.is_empty() {
        text.push_str("  none yet\n");
    }
    for document in documents {
        text.push_str(&format!(
            "  {:<18}version {} ({})\n",
            document.kind.label(),
            document.current.number,
            day(&document.current.created_at)
        ));
    }
    text.push_str("\nJob description\n");
    text.push_str(&app.job_description);
    output::line(text.trim_end())
}

fn resume(ws: &mut Workspace, command: ResumeCommand, json: bool) -> Result<(), Failure> {
    match command {
        ResumeCommand::Add {
            file,
            name,
            focus,
            primary,
        } => {
            let content = input::read_text(&file, "resume")?;
            let resume = ws.store_mut().add_resume(NewResume {
                name,
                content,
                focus_area: focus,
                is_primary: primary,
            })?;
            if json {
                output::json(&resume)
            } else {
                let note = if resume.is_primary { " (primary)" } else { "" };
                output::line(format!(
                    "Added resume \"{}\"{note} ({})",
                    resume.name, resume.id
                ))
            }
        }
        ResumeCommand::List => {
            let resumes = ws.store().list_resumes()?;
            if json {
                return output::json(&resumes);
            }
            if resumes.is_empty() {
                return output::line(
                    "The resume library is empty. Add one with `jobforge resume add FILE --name NAME`.",
                );
            }
            let ids = short_ids(&resumes.iter().map(|r| r.id.to_string()).collect::<Vec<_>>());
            let rows: Vec<Vec<String>> = resumes
                .iter()
                .zip(ids)
                .map(|(r, id)| {
                    vec![
                        id,
                        if r.is_primary {
                            "*".into()
                        } else {
                            String::new()
                        },
                        r.name.clone(),
                        r.focus_area.to_string(),
                        day(&r.updated_at),
                    ]
                })
                .collect();
            output::table(&["ID", "PRIMARY", "NAME", "FOCUS", "UPDATED"], &rows)
        }
        ResumeCommand::Show { id } => {
            let id = ws.store().resolve_resume(&id)?;
            let resume = ws.store().resume(&id)?;
            if json {
                output::json(&resume)
            } else {
                output::line(&resume.content)
            }
        }
        ResumeCommand::Primary { id } => {
            let id = ws.store().resolve_resume(&id)?;
            let resume = ws.store_mut().set_primary_resume(&id)?;
            output::result(json, &resume, || {
                format!("\"{}\" is now the primary resume.", resume.name)
            })
        }
        ResumeCommand::Delete { id } => {
            let id = ws.store().resolve_resume(&id)?;
            let resume = ws.store().resume(&id)?;
            ws.store_mut().delete_resume(&id)?;
            output::result(json, &serde_json::json!({ "deleted": id }), || {
                format!("Deleted resume \"{}\".", resume.name)
            })
        }
        ResumeCommand::Export { id, file } => transfer::export_resume(ws, &id, file, json),
    }
}

fn doc(ws: &mut Workspace, command: DocCommand, json: bool) -> Result<(), Failure> {
    match command {
        DocCommand::Show {
            app_id,
            kind,
            version,
        } => {
            let id = ws.store().resolve_application(&app_id)?;
            let document = ws
                .store()
                .document(&id, kind)?
                .ok_or_else(|| no_document(kind))?;
            let shown = match version {
                None => document.current.clone(),
                Some(n) => ws
                    .store()
                    .document_versions(&id, kind)?
                    .into_iter()
                    .find(|v| v.number == n)
                    .ok_or_else(|| {
                        Failure::user(format!(
                            "the {} has no version {n}; it has versions 1 to {}",
                            kind.label().to_lowercase(),
                            document.version_count
                        ))
                    })?,
            };
            let flags = ws.store().truth_flags(&shown.id)?;
            if json {
                return output::json(&serde_json::json!({
                    "application_id": id,
                    "kind": kind,
                    "version_count": document.version_count,
                    "version": shown,
                    "flags": flags,
                }));
            }
            eprintln!(
                "{} — version {} of {} ({})",
                kind.label(),
                shown.number,
                document.version_count,
                shown.origin
            );
            output::line(&shown.content)?;
            // Flags go to standard error, so `doc show ... > letter.md` saves
            // only the document.
            let open: Vec<_> = flags.iter().filter(|f| !f.is_resolved()).collect();
            if !open.is_empty() {
                eprintln!(
                    "\n{} claim(s) not backed by your resume or notes:",
                    open.len()
                );
                for (i, flag) in open.iter().enumerate() {
                    eprintln!(
                        "  {}. {} “{}” — {}",
                        i + 1,
                        flag.finding.kind.label(),
                        flag.finding.claim,
                        flag.finding.reason
                    );
                }
                eprintln!("Review them with `jobforge doc flags {app_id} {kind}`.");
            }
            Ok(())
        }
        DocCommand::Versions { app_id, kind } => {
            let id = ws.store().resolve_application(&app_id)?;
            let versions = ws.store().document_versions(&id, kind)?;
            if versions.is_empty() {
                return Err(no_document(kind));
            }
            if json {
                return output::json(&versions);
            }
            let rows: Vec<Vec<String>> = versions
                .iter()
                .map(|v| {
                    vec![
                        v.number.to_string(),
                        v.origin.to_string(),
                        day(&v.created_at),
                        v.content.chars().count().to_string(),
                    ]
                })
                .collect();
            output::table(&["VERSION", "ORIGIN", "SAVED", "CHARACTERS"], &rows)
        }
        DocCommand::Save { app_id, kind, file } => {
            let id = ws.store().resolve_application(&app_id)?;
            let content = input::read_text(&file, "document")?;
            let document = ws.save_document_checked(&id, kind, &content, VersionOrigin::User)?;
            if json {
                output::json(&document)
            } else {
                output::line(format!(
                    "Saved {} version {}.",
                    kind.label().to_lowercase(),
                    document.current.number
                ))
            }
        }
        DocCommand::Restore {
            app_id,
            kind,
            version,
        } => {
            let id = ws.store().resolve_application(&app_id)?;
            let document = ws.restore_document_version(&id, kind, version)?;
            if json {
                output::json(&document)
            } else {
                output::line(format!(
                    "Restored version {version} as version {}.",
                    document.current.number
                ))
            }
        }
        DocCommand::Flags {
            app_id,
            kind,
            accept,
            accept_all,
        } => ai_commands::flags(ws, &app_id, kind, &accept, accept_all, json),
    }
}

fn profile(ws: &mut Workspace, command: ProfileCommand, json: bool) -> Result<(), Failure> {
    let profile = match command {
        ProfileCommand::Show => ws.store().profile()?,
        ProfileCommand::Set { name, email, lines } => {
            ws.store_mut().set_profile(ProfileUpdate {
                full_name: name,
                email,
                contact_lines: lines,
            })?
        }
    };
    if json {
        return output::json(&profile);
    }
    if profile.full_name.is_empty() {
        return output::line(
            "No profile yet. Set it with `jobforge profile set --name \"Your Name\"`.",
        );
    }
    let mut text = profile.full_name.clone();
    if let Some(email) = &profile.email {
        text.push_str(&format!("\n{email}"));
    }
    for line in &profile.contact_lines {
        text.push_str(&format!("\n{line}"));
    }
    output::line(text)
}

fn writing(ws: &mut Workspace, command: WritingCommand, json: bool) -> Result<(), Failure> {
    match command {
        WritingCommand::Add { file, title } => {
            let content = input::read_text(&file, "writing sample")?;
            let sample = ws
                .store_mut()
                .add_writing_sample(NewWritingSample { title, content })?;
            output::result(json, &sample, || {
                format!(
                    "Added writing sample \"{}\"; cover letters will follow your voice.",
                    sample.title
                )
            })
        }
        WritingCommand::List => {
            let samples = ws.store().writing_samples()?;
            if json {
                return output::json(&samples);
            }
            if samples.is_empty() {
                return output::line(
                    "No writing samples yet. Add one with `jobforge writing add FILE --title TITLE`.",
                );
            }
            let ids: Vec<String> = samples.iter().map(|s| s.id.to_string()).collect();
            let rows: Vec<Vec<String>> = samples
                .iter()
                .zip(short_ids(&ids))
                .map(|(s, id)| {
                    vec![
                        id,
                        s.title.clone(),
                        s.content.split_whitespace().count().to_string(),
                    ]
                })
                .collect();
            output::table(&["ID", "TITLE", "WORDS"], &rows)
        }
        WritingCommand::Delete { id } => {
            let samples = ws.store().writing_samples()?;
            let matches: Vec<_> = samples
                .iter()
                .filter(|s| s.id.to_string().starts_with(id.trim()))
                .collect();
            let sample = match matches.as_slice() {
                [one] => *one,
                [] => {
                    return Err(Failure::user(format!(
                        "no writing sample matches `{id}`; `jobforge writing list` shows them"
                    )));
                }
                _ => {
                    return Err(Failure::user(format!(
                        "`{id}` matches {} writing samples; give more characters of the ID",
                        matches.len()
                    )));
                }
            };
            ws.store_mut().delete_writing_sample(&sample.id)?;
            output::result(json, &serde_json::json!({ "deleted": sample.id }), || {
                format!("Deleted writing sample \"{}\".", sample.title)
            })
        }
    }
}

fn no_document(kind: DocumentKind) -> Failure {
    Failure::user(format!(
        "this application has no {} yet",
        kind.label().to_lowercase()
    ))
}
