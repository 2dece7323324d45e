//! `search`, `similar`, `index` and `embedder`: the semantic layer from the
//! command line. A one-shot command has no background worker, so commands
//! that read the index first embed whatever changed since the last one.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use jobforge_core::Workspace;
use jobforge_core::ai::CancelToken;
use jobforge_core::ai::download::DownloadProgress;
use jobforge_core::embed::Embedder;
use jobforge_core::matching;
use jobforge_core::secrets::Keyring;
use jobforge_core::semantic::{self, IndexOutcome};
use jobforge_core::store::semantic::{IndexProgress, IndexState};
use jobforge_core::types::{
    EmbedderKind, EngineKind, GapStatus, MatchReport, SearchFilter, SearchHitKind,
};

use crate::Failure;
use crate::args::{ProviderArg, SearchArgs};
use crate::output::{self, short_ids};

pub fn search(
    ws: &mut Workspace,
    keyring: &Keyring,
    args: SearchArgs,
    json: bool,
) -> Result<(), Failure> {
    let query = args.query.join(" ");
    let filter = SearchFilter {
        kinds: args.kind,
        statuses: args.status,
    };
    let embedder = if args.words_only {
        None
    } else {
        usable_embedder(ws, keyring)
    };
    if let Some(embedder) = &embedder {
        catch_up(ws, embedder.as_ref())?;
    }
    let hits = semantic::search(ws.store(), embedder.as_deref(), &query, &filter, args.limit)?;
    if json {
        return output::json(&hits);
    }
    if hits.is_empty() {
        return output::line(format!("Nothing matches \"{query}\"."));
    }
    for hit in hits {
        let (what, id) = match &hit.target {
            SearchHitKind::Application { id } => ("application".to_owned(), id.to_string()),
            SearchHitKind::Resume { id } => ("resume".to_owned(), id.to_string()),
            SearchHitKind::Document {
                application_id,
                kind,
            } => (kind.label().to_lowercase(), application_id.to_string()),
        };
        output::line(format!(
            "{what:<18}{}  {}  (by {})\n    {}",
            hit.title,
            id,
            hit.matched,
            hit.snippet.replace('\n', " ")
        ))?;
    }
    Ok(())
}

pub fn match_command(
    ws: &Workspace,
    keyring: &Keyring,
    app: &str,
    resume: Option<&str>,
    json: bool,
) -> Result<(), Failure> {
    let id = ws.store().resolve_application(app)?;
    let embedder = ws.embedder(keyring)?;
    if let Some(resume) = resume {
        let resume_id = ws.store().resolve_resume(resume)?;
        let (name, report) =
            matching::match_one(ws.store(), embedder.as_ref(), &id, Some(&resume_id))?;
        if json {
            return output::json(&report);
        }
        return output::line(report_text(&name, &report));
    }
    let ranked = matching::rank_library(ws.store(), embedder.as_ref(), &id)?;
    if json {
        return output::json(&ranked);
    }
    let rows: Vec<Vec<String>> = ranked
        .iter()
        .map(|fit| {
            vec![
                fit.rank.to_string(),
                fit.report.score.to_string(),
                format!(
                    "{}{}",
                    fit.name,
                    if fit.is_primary { " (primary)" } else { "" }
                ),
                fit.resume.to_string(),
            ]
        })
        .collect();
    output::table(&["RANK", "SCORE", "RESUME", "ID"], &rows)?;
    if let Some(best) = ranked.first() {
        output::line(format!("\n{}", report_text(&best.name, &best.report)))?;
    }
    Ok(())
}

/// A match report as people read it: the score and why, then the gaps.
fn report_text(resume: &str, report: &MatchReport) -> String {
    let mut text = format!(
        "{resume}: {}/100  ({}, {})\n",
        report.score, report.score_version, report.embedder
    );
    for component in &report.components {
        let value = component
            .value
            .map_or_else(|| "  -".to_owned(), |v| format!("{v:>3}"));
        text.push_str(&format!(
            "  {:<24}{value}  x{:.0}%  {}\n",
            component.kind.label(),
            component.weight * 100.0,
            component.explanation
        ));
    }
    for (status, heading) in [
        ("met", "Met"),
        (
            "implicit",
            "Shown only implicitly: say it in the posting's words",
        ),
        ("not_met", "Not shown: add only what is true"),
    ] {
        let items: Vec<_> = report
            .gaps
            .iter()
            .filter(|g| g.status.as_str() == status)
            .collect();
        if items.is_empty() {
            continue;
        }
        text.push_str(&format!("\n{heading}\n"));
        for gap in items {
            text.push_str(&format!(
                "  - {} ({})\n",
                gap.requirement,
                gap.importance.label()
            ));
            match &gap.status {
                GapStatus::Met { evidence } => {
                    text.push_str(&format!("      \"{evidence}\"\n"));
                }
                GapStatus::Implicit {
                    evidence,
                    suggestion,
                } => {
                    text.push_str(&format!("      \"{evidence}\"\n      {suggestion}\n"));
                }
                GapStatus::NotMet { question } => {
                    text.push_str(&format!("      {question}\n"));
                }
            }
        }
    }
    text.trim_end().to_owned()
}

pub fn similar(
    ws: &mut Workspace,
    keyring: &Keyring,
    app: &str,
    limit: u32,
    json: bool,
) -> Result<(), Failure> {
    let id = ws.store().resolve_application(app)?;
    if let Some(embedder) = usable_embedder(ws, keyring) {
        catch_up(ws, embedder.as_ref())?;
    }
    let similar = semantic::similar_applications(ws.store(), &id, limit)?;
    if json {
        return output::json(&similar);
    }
    if similar.is_empty() {
        return output::line("No other application reads like this one yet.");
    }
    let ids = short_ids(&similar.iter().map(|s| s.id.to_string()).collect::<Vec<_>>());
    let rows: Vec<Vec<String>> = similar
        .iter()
        .zip(ids)
        .map(|(s, id)| {
            vec![
                id,
                format!("{:.0}%", s.similarity * 100.0),
                s.company.clone(),
                s.role_title.clone(),
                s.status.to_string(),
            ]
        })
        .collect();
    output::table(&["ID", "SIMILAR", "COMPANY", "ROLE", "STATUS"], &rows)
}

pub fn index(
    ws: &mut Workspace,
    keyring: &Keyring,
    status_only: bool,
    cancel: bool,
    json: bool,
) -> Result<(), Failure> {
    if cancel {
        let dropped = semantic::cancel_rebuild(ws.store_mut())?;
        return output::result(json, &serde_json::json!({ "cancelled": dropped }), || {
            if dropped {
                "Cancelled the new index; searches keep using the previous embedder's.".to_owned()
            } else {
                "No index is being built.".to_owned()
            }
        });
    }
    if !status_only {
        let embedder = ws.embedder(keyring)?;
        let outcome = catch_up(ws, embedder.as_ref())?;
        if outcome.is_none() && !json {
            output::line("The index is up to date.")?;
        }
    }
    let indexes = ws.store().vector_indexes()?;
    let mut report = Vec::new();
    for index in &indexes {
        let progress = ws.store().index_progress(index.seq)?;
        report.push(serde_json::json!({
            "embedder": index.embedder,
            "state": match index.state { IndexState::Active => "active", IndexState::Building => "building" },
            "pending": progress.pending,
            "indexed": progress.indexed,
            "chunks": progress.chunks,
        }));
    }
    if json {
        return output::json(&report);
    }
    if indexes.is_empty() {
        return output::line("No semantic index yet; `jobforge index` builds it.");
    }
    for (index, line) in indexes.iter().zip(&report) {
        output::line(format!(
            "{} ({}): {} items, {} chunks, {} waiting",
            index.embedder,
            line["state"].as_str().unwrap_or_default(),
            line["indexed"],
            line["chunks"],
            line["pending"],
        ))?;
    }
    Ok(())
}

/// What `jobforge embedder` was asked to change.
pub struct EmbedderChoice {
    pub kind: Option<EmbedderKind>,
    pub model_dir: Option<PathBuf>,
    /// Download MiniLM first: `Some(None)` from where it is published,
    /// `Some(Some(url))` from a mirror.
    pub download: Option<Option<String>>,
    pub engine: Option<ProviderArg>,
    pub model: Option<String>,
}

pub fn embedder(
    ws: &mut Workspace,
    keyring: &Keyring,
    choice: EmbedderChoice,
    json: bool,
) -> Result<(), Failure> {
    let mut settings = ws.ai_settings()?;
    if let Some(source) = &choice.download {
        if choice.kind.is_some_and(|k| k != EmbedderKind::MiniLm) {
            return Err(Failure::user(
                "--download fetches the MiniLM model; use it with `jobforge embedder minilm`",
            ));
        }
        let folder = choice
            .model_dir
            .clone()
            .unwrap_or_else(|| semantic::default_minilm_dir(ws.dir()));
        download_minilm(&folder, source.as_deref(), json)?;
    }
    let changes = choice.kind.is_some()
        || choice.download.is_some()
        || choice.model_dir.is_some()
        || choice.engine.is_some()
        || choice.model.is_some();
    if changes {
        if let Some(kind) = choice.kind {
            settings.embedding.embedder = kind;
        }
        if choice.download.is_some() {
            settings.embedding.embedder = EmbedderKind::MiniLm;
        }
        if let Some(dir) = choice.model_dir {
            settings.embedding.minilm_dir = Some(dir.display().to_string());
        }
        if let Some(engine) = choice.engine {
            settings.embedding.provider_engine = Some(match engine {
                ProviderArg::Openai => EngineKind::OpenAi,
                ProviderArg::Anthropic => EngineKind::Anthropic,
                ProviderArg::OpenaiCompatible => EngineKind::OpenAiCompatible,
            });
        }
        if let Some(model) = choice.model {
            let model = model.trim().to_owned();
            settings.embedding.provider_model = (!model.is_empty()).then_some(model);
        }
        // Load it before saving: a choice that cannot run is refused now,
        // not at the next search.
        let embedder = semantic::embedder_for(&settings, ws.dir(), keyring)?;
        ws.set_ai_settings(&settings)?;
        let index = semantic::ensure_index(ws.store_mut(), embedder.as_ref())?;
        if !json && index.state == IndexState::Building {
            output::line(format!(
                "Switched to {}. Re-indexing your library; searches use the previous index until it is done (`jobforge index --cancel` stops it).",
                embedder.id()
            ))?;
        }
        catch_up(ws, embedder.as_ref())?;
    }
    let embedder = ws.embedder(keyring)?;
    output::result(
        json,
        &serde_json::json!({
            "embedder": settings.embedding.embedder,
            "id": embedder.id().to_string(),
            "minilm_dir": settings.embedding.minilm_dir,
            "provider_engine": settings.embedding.provider_engine,
            "provider_model": settings.embedding.provider_model,
        }),
        || {
            format!(
                "Embedder: {} ({})",
                settings.embedding.embedder,
                embedder.id()
            )
        },
    )
}

/// Downloads MiniLM into `folder` with progress on standard error; Ctrl+C
/// stops it (what arrived is kept for the next attempt).
fn download_minilm(folder: &Path, source: Option<&str>, json: bool) -> Result<(), Failure> {
    let runtime = crate::async_runtime()?;
    let cancel = CancelToken::new();
    let total_mb = megabytes(jobforge_core::embed::minilm_download_bytes());
    if !json {
        eprintln!(
            "Downloading all-MiniLM-L6-v2 ({total_mb:.1} MB) into {}",
            folder.display()
        );
    }
    let mut shown = 0u64;
    let mut on_progress = |p: DownloadProgress| {
        // A line per 5% (and the last): readable in a log, not a flood.
        if !json && (p.done_bytes >= shown + p.total_bytes / 20 || p.done_bytes == p.total_bytes) {
            shown = p.done_bytes;
            eprint!(
                "\rdownloading: {:.1} of {:.1} MB ({})",
                megabytes(p.done_bytes),
                megabytes(p.total_bytes),
                p.file
            );
            let _ = std::io::stderr().flush();
        }
    };
    let result = runtime.block_on(async {
        let ctrl_c = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                ctrl_c.cancel();
            }
        });
        semantic::download_minilm(folder, source, &cancel, &mut on_progress).await
    });
    if !json {
        eprintln!();
    }
    result?;
    Ok(())
}

fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1_000_000.0
}

/// The chosen embedder, or `None` with a note on standard error when it
/// cannot run (a missing model folder): searching by words still works.
fn usable_embedder(ws: &Workspace, keyring: &Keyring) -> Option<Box<dyn Embedder>> {
    match ws.embedder(keyring) {
        Ok(embedder) => Some(embedder),
        Err(e) => {
            eprintln!("note: searching by words only: {e}");
            None
        }
    }
}

/// Embeds what is queued, with a progress line on standard error when
/// there is more than a moment's work. `None` when nothing was queued.
fn catch_up(ws: &mut Workspace, embedder: &dyn Embedder) -> Result<Option<IndexOutcome>, Failure> {
    let index = semantic::ensure_index(ws.store_mut(), embedder)?;
    let before = ws.store().index_progress(index.seq)?;
    if before.pending == 0 {
        semantic::finish_if_built(ws.store_mut(), &index)?;
        return Ok(None);
    }
    let total = before.pending;
    let show = total > 8;
    let never = AtomicBool::new(false);
    let outcome = semantic::index_pending(ws.store_mut(), embedder, &never, |p: IndexProgress| {
        if show {
            let done = total.saturating_sub(p.pending);
            eprint!("\rindexing for search: {done}/{total}");
            let _ = std::io::stderr().flush();
        }
    })?;
    if show {
        eprintln!();
    }
    Ok(Some(outcome))
}
