//! `jobforge run`, `jobforge runs`, `jobforge key` and `jobforge doc flags`.

use std::io::{IsTerminal, Read, Write};
use std::time::Duration;

use jobforge_core::ai::providers::Timeouts;
use jobforge_core::ai::{CancelToken, EngineConfig, ProviderKind, StreamEvent};
use jobforge_core::pipeline::{self, PipelineEvent};
use jobforge_core::secrets::{Keyring, SecretString};
use jobforge_core::types::{
    DocumentKind, EngineKind, Phase, ProviderSettings, RunOutcome, TruthFlag,
};
use jobforge_core::{RunPlan, Workspace, run_pipeline};

use crate::Failure;
use crate::args::{
    AiCommand, EngineArg, KeyCommand, PhaseArg, ProviderArg, ProviderFlags, RunArgs,
};
use crate::output::{self, day};

pub fn run(
    ws: &mut Workspace,
    keyring: &Keyring,
    args: RunArgs,
    json: bool,
) -> Result<(), Failure> {
    let application = ws.store().resolve_application(&args.app_id)?;
    let resume = args
        .resume
        .as_deref()
        .map(|r| ws.store().resolve_resume(r))
        .transpose()?;
    let phases: Vec<Phase> = match args.phase {
        PhaseArg::Research => vec![Phase::Research],
        PhaseArg::Resume => vec![Phase::Resume],
        PhaseArg::CoverLetter => vec![Phase::CoverLetter],
        PhaseArg::All => Phase::ALL.to_vec(),
    };
    let mut settings = ws.ai_settings()?;
    let engine_kind = args.engine.map_or(settings.engine, engine_kind_of);
    if let Some(provider) = settings.provider_mut(engine_kind) {
        apply_flags(provider, &args.provider);
        provider
            .validate()
            .map_err(|e| Failure::user(e.to_string()))?;
    }
    let mut engine = pipeline::engine_config(&settings, engine_kind);
    if let EngineConfig::Provider(config) = &mut engine {
        config.timeouts = Timeouts {
            idle: Duration::from_secs(args.timeout.max(1)),
            ..Timeouts::default()
        };
    }
    let api_key = match provider_of_engine(engine_kind) {
        Some(kind) => match pipeline::provider_key(keyring, kind) {
            Ok(key) => key,
            // A local server needs no key; a missing keyring is only a
            // problem for providers that do.
            Err(_) if !kind.requires_key() => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };

    let runtime = crate::async_runtime()?;
    let cancel = CancelToken::new();
    let stream_to_terminal = !json && !args.quiet;
    let mut user_fixable = true;
    let mut on_event = |event: PipelineEvent| match event {
        PipelineEvent::PhaseStarted {
            phase,
            engine,
            model,
        } => {
            if !json {
                eprintln!("\n== {} — {engine} ({model}) ==", phase.label());
            }
        }
        PipelineEvent::Stream { event, .. } => match event {
            StreamEvent::Token(text) if stream_to_terminal => {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(text.as_bytes());
                let _ = out.flush();
            }
            StreamEvent::Retrying {
                attempt,
                wait,
                reason,
            } if !json => {
                eprintln!(
                    "\n[{reason}; trying again (attempt {attempt}) in {:.1} s — text above this line is discarded]",
                    wait.as_secs_f32()
                );
            }
            _ => {}
        },
        PipelineEvent::PhaseEnded {
            run,
            open_flags,
            user_fixable: fixable,
        } => {
            user_fixable = fixable;
            if json {
                return;
            }
            match run.outcome {
                RunOutcome::Succeeded => {
                    let flags = match open_flags {
                        0 => "no flags".to_owned(),
                        1 => "1 claim flagged — see `jobforge doc flags`".to_owned(),
                        n => format!("{n} claims flagged — see `jobforge doc flags`"),
                    };
                    eprintln!(
                        "\n-- saved {} ({flags}; {} ms, {} tokens in / {} out{})",
                        run.phase.document_kind().label().to_lowercase(),
                        run.duration_ms,
                        run.input_tokens,
                        run.output_tokens,
                        cost_text(run.cost_usd)
                    );
                }
                RunOutcome::Cancelled => eprintln!(
                    "\n-- cancelled; the text so far is kept as a draft on run {} (`jobforge runs`)",
                    run.id
                ),
                RunOutcome::Failed => eprintln!(
                    "\n-- failed: {}{}",
                    run.error.as_deref().unwrap_or("unknown error"),
                    if run.draft.is_some() {
                        " (the partial text is kept as a draft; `jobforge runs`)"
                    } else {
                        ""
                    }
                ),
            }
        }
    };
    let runs = runtime.block_on(async {
        let ctrl_c = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                ctrl_c.cancel();
            }
        });
        let plan = RunPlan {
            application,
            phases,
            resume,
            engine,
        };
        run_pipeline(ws, &plan, api_key.as_ref(), &mut on_event, &cancel).await
    })?;
    if json {
        output::json(&runs)?;
    }
    match runs.last().map(|r| (r.outcome, r.error.clone())) {
        Some((RunOutcome::Succeeded, _)) | None => Ok(()),
        Some((RunOutcome::Cancelled, _)) => Err(Failure::user("cancelled")),
        Some((RunOutcome::Failed, error)) => Err(Failure {
            user_error: user_fixable,
            message: error.unwrap_or_else(|| "the run failed".to_owned()),
        }),
    }
}

fn cost_text(cost: Option<f64>) -> String {
    match cost {
        Some(c) if c > 0.0 => format!(", about ${c:.4}"),
        _ => String::new(),
    }
}

fn engine_kind_of(engine: EngineArg) -> EngineKind {
    match engine {
        EngineArg::Offline => EngineKind::Offline,
        EngineArg::Openai => EngineKind::OpenAi,
        EngineArg::Anthropic => EngineKind::Anthropic,
        EngineArg::OpenaiCompatible => EngineKind::OpenAiCompatible,
    }
}

fn provider_of_engine(engine: EngineKind) -> Option<ProviderKind> {
    jobforge_core::ai::provider_kind(engine)
}

fn apply_flags(provider: &mut ProviderSettings, flags: &ProviderFlags) {
    if let Some(model) = &flags.model {
        provider.model = Some(model.trim().to_owned());
    }
    if let Some(url) = &flags.base_url {
        provider.base_url = Some(url.trim().to_owned());
    }
    if flags.temperature.is_some() {
        provider.temperature = flags.temperature;
    }
    if flags.max_tokens.is_some() {
        provider.max_tokens = flags.max_tokens;
    }
}

pub fn ai(ws: &mut Workspace, command: AiCommand, json: bool) -> Result<(), Failure> {
    let mut settings = ws.ai_settings()?;
    if let AiCommand::Set { engine, provider } = &command {
        let target = engine.map_or(settings.engine, engine_kind_of);
        let given = provider.model.is_some()
            || provider.base_url.is_some()
            || provider.temperature.is_some()
            || provider.max_tokens.is_some();
        match settings.provider_mut(target) {
            Some(settings) => apply_flags(settings, provider),
            None if given => {
                return Err(Failure::user(
                    "the offline engine has no model, URL or token settings; name a provider with --engine",
                ));
            }
            None => {}
        }
        if let Some(engine) = engine {
            settings.engine = engine_kind_of(*engine);
        }
        ws.set_ai_settings(&settings)?;
    }
    if json {
        return output::json(&settings);
    }
    let mut text = format!("Default engine: {}\n", settings.engine);
    for kind in ProviderKind::ALL {
        let engine = jobforge_core::ai::engine_kind(kind);
        let Some(provider) = settings.provider(engine) else {
            continue;
        };
        text.push_str(&format!(
            "\n{}\n  model:       {}\n  base URL:    {}\n  temperature: {}\n  max tokens:  {}\n",
            kind.display_name(),
            provider.model.as_deref().unwrap_or(kind.default_model()),
            provider
                .base_url
                .as_deref()
                .unwrap_or(kind.default_base_url()),
            provider
                .temperature
                .map_or_else(|| "provider default".to_owned(), |t| t.to_string()),
            provider.max_tokens.unwrap_or(2048)
        ));
    }
    output::line(text.trim_end())
}

fn provider_of(arg: ProviderArg) -> ProviderKind {
    match arg {
        ProviderArg::Openai => ProviderKind::OpenAi,
        ProviderArg::Anthropic => ProviderKind::Anthropic,
        ProviderArg::OpenaiCompatible => ProviderKind::OpenAiCompatible,
    }
}

pub fn runs(ws: &Workspace, app_id: &str, json: bool) -> Result<(), Failure> {
    let application = ws.store().resolve_application(app_id)?;
    let runs = ws.store().runs(&application)?;
    if json {
        return output::json(&runs);
    }
    if runs.is_empty() {
        return output::line("No runs yet. Start one with `jobforge run APP_ID`.");
    }
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| {
            vec![
                day(&r.started_at),
                r.phase.to_string(),
                r.engine.to_string(),
                r.model.clone(),
                r.outcome.to_string(),
                format!(
                    "{}/{}{}",
                    r.input_tokens,
                    r.output_tokens,
                    if r.tokens_reported { "" } else { "~" }
                ),
                r.cost_usd
                    .map_or_else(|| "?".to_owned(), |c| format!("${c:.4}")),
                format!("{} ms", r.duration_ms),
                match (&r.error, &r.draft) {
                    (Some(e), _) => e.chars().take(60).collect(),
                    (None, Some(d)) => format!("draft: {} chars", d.chars().count()),
                    _ => String::new(),
                },
            ]
        })
        .collect();
    output::table(
        &[
            "STARTED",
            "PHASE",
            "ENGINE",
            "MODEL",
            "OUTCOME",
            "TOKENS IN/OUT",
            "COST",
            "TIME",
            "NOTE",
        ],
        &rows,
    )
}

pub fn key(keyring: &Keyring, command: KeyCommand, json: bool) -> Result<(), Failure> {
    match command {
        KeyCommand::Set { provider } => {
            let kind = provider_of(provider);
            let text = read_secret(&format!("{} API key: ", kind.display_name()))?;
            if text.trim().is_empty() {
                return Err(Failure::user(
                    "no key was given; paste the key, or pipe it in: `printf %s \"$KEY\" | jobforge key set openai`",
                ));
            }
            let secret = SecretString::new(text);
            pipeline::store_provider_key(keyring, kind, &secret)?;
            output::result(
                json,
                &serde_json::json!({ "provider": kind.as_str(), "stored": true }),
                || {
                    format!(
                        "Stored the {} API key in the system keyring.",
                        kind.display_name()
                    )
                },
            )
        }
        KeyCommand::Delete { provider } => {
            let kind = provider_of(provider);
            pipeline::delete_provider_key(keyring, kind)?;
            output::result(
                json,
                &serde_json::json!({ "provider": kind.as_str(), "stored": false }),
                || format!("Removed the {} API key.", kind.display_name()),
            )
        }
        KeyCommand::Status => {
            let mut status = Vec::new();
            for kind in ProviderKind::ALL {
                let stored = pipeline::provider_key(keyring, kind)?.is_some();
                status.push((kind, stored));
            }
            if json {
                let map: serde_json::Map<String, serde_json::Value> = status
                    .iter()
                    .map(|(k, s)| (k.as_str().to_owned(), serde_json::Value::Bool(*s)))
                    .collect();
                return output::json(&map);
            }
            let rows: Vec<Vec<String>> = status
                .iter()
                .map(|(k, s)| {
                    vec![
                        k.as_str().to_owned(),
                        if *s { "stored" } else { "none" }.to_owned(),
                    ]
                })
                .collect();
            output::table(&["PROVIDER", "KEY"], &rows)
        }
    }
}

/// Reads a secret from standard input when it is piped, else asks without echo.
fn read_secret(prompt: &str) -> Result<String, Failure> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return rpassword::prompt_password(prompt)
            .map_err(|e| Failure::user(format!("cannot read the key: {e}")));
    }
    let mut text = String::new();
    stdin
        .lock()
        .take(64 * 1024)
        .read_to_string(&mut text)
        .map_err(|e| Failure::user(format!("cannot read the key from standard input: {e}")))?;
    Ok(text.trim().to_owned())
}

pub fn flags(
    ws: &mut Workspace,
    app_id: &str,
    kind: DocumentKind,
    accept: &[String],
    accept_all: bool,
    json: bool,
) -> Result<(), Failure> {
    let application = ws.store().resolve_application(app_id)?;
    if ws.store().document(&application, kind)?.is_none() {
        return Err(Failure::user(format!(
            "this application has no {} yet",
            kind.label().to_lowercase()
        )));
    }
    if accept_all {
        let n = ws.store_mut().accept_all_truth_flags(&application, kind)?;
        if !json {
            eprintln!("Accepted {n} flag(s).");
        }
    }
    for reference in accept {
        let flags = ws.store().current_truth_flags(&application, kind)?;
        let flag = find_flag(&flags, reference)?;
        ws.store_mut().accept_truth_flag(&flag.id)?;
        if !json {
            eprintln!("Accepted flag {reference}: {}", flag.finding.claim);
        }
    }
    let flags = ws.store().current_truth_flags(&application, kind)?;
    if json {
        return output::json(&flags);
    }
    print_flags(&flags)
}

fn find_flag<'a>(flags: &'a [TruthFlag], reference: &str) -> Result<&'a TruthFlag, Failure> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Failure::user(
            "an empty flag reference; give the flag's number from `jobforge doc flags APP KIND`",
        ));
    }
    if let Ok(n) = reference.parse::<usize>()
        && n >= 1
        && n <= flags.len()
    {
        return Ok(&flags[n - 1]);
    }
    let matches: Vec<&TruthFlag> = flags
        .iter()
        .filter(|f| f.id.to_string().starts_with(reference))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(Failure::user(format!(
            "no flag `{reference}` on this document; `jobforge doc flags APP KIND` lists them with their numbers"
        ))),
        _ => Err(Failure::user(format!(
            "`{reference}` matches {} flags; give more characters of the ID, or the flag's number",
            matches.len()
        ))),
    }
}

/// Prints flags as a numbered list; the number is what `--accept` takes.
pub fn print_flags(flags: &[TruthFlag]) -> Result<(), Failure> {
    if flags.is_empty() {
        return output::line("No flags: every checkable claim is backed by your resume or notes.");
    }
    let open = flags.iter().filter(|f| !f.is_resolved()).count();
    let mut text = format!(
        "{open} open flag(s) of {} — claims your resume and notes do not support:\n",
        flags.len()
    );
    for (i, flag) in flags.iter().enumerate() {
        let state = if flag.is_resolved() {
            "accepted"
        } else {
            "open"
        };
        text.push_str(&format!(
            "\n{}. [{state}] {} “{}”\n   {}\n   in: {}\n",
            i + 1,
            flag.finding.kind.label(),
            flag.finding.claim,
            flag.finding.reason,
            flag.finding.sentence
        ));
    }
    if open > 0 {
        text.push_str("\nFix the document (`jobforge doc save`) or, if a claim is true, accept it: `jobforge doc flags APP KIND --accept N`.");
    }
    output::line(text)
}
