//! One entry point for every engine: run a phase, stream it, check it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use jobforge_analysis::{Coverage, Target, TruthGate};
use jobforge_secrets::SecretString;
use jobforge_types::{EngineKind, Phase, TruthFinding};
use serde_json::json;

use crate::offline;
use crate::phase::{Grounding, PhaseInput, PhaseOutput, estimate_tokens, to_json};
use crate::prompts::{PromptError, Template};
use crate::providers::{self, ChatRequest, ProviderConfig, ProviderError, ProviderKind, Usage};
use crate::stream::{CancelToken, EventSink, StreamEvent};

/// Which engine to run, with its settings.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineConfig {
    Offline,
    Provider(ProviderConfig),
}

impl EngineConfig {
    pub fn kind(&self) -> EngineKind {
        match self {
            Self::Offline => EngineKind::Offline,
            Self::Provider(config) => engine_kind(config.kind),
        }
    }

    pub fn model(&self) -> &str {
        match self {
            Self::Offline => offline::MODEL,
            Self::Provider(config) => &config.model,
        }
    }
}

pub fn engine_kind(provider: ProviderKind) -> EngineKind {
    match provider {
        ProviderKind::OpenAi => EngineKind::OpenAi,
        ProviderKind::Anthropic => EngineKind::Anthropic,
        ProviderKind::OpenAiCompatible => EngineKind::OpenAiCompatible,
    }
}

pub fn provider_kind(engine: EngineKind) -> Option<ProviderKind> {
    match engine {
        EngineKind::Offline => None,
        EngineKind::OpenAi => Some(ProviderKind::OpenAi),
        EngineKind::Anthropic => Some(ProviderKind::Anthropic),
        EngineKind::OpenAiCompatible => Some(ProviderKind::OpenAiCompatible),
    }
}

/// Why a phase did not finish.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AiError {
    #[error(transparent)]
    Provider(ProviderError),
    #[error(transparent)]
    Prompt(#[from] PromptError),
    #[error("the {engine} engine returned an empty document; try again or pick another model")]
    Empty { engine: &'static str },
    #[error("cancelled")]
    Cancelled,
}

impl AiError {
    /// Whether the user can put it right (a key, a URL, a model name, a
    /// prompt override), as opposed to the provider or the network failing.
    pub fn is_user_fixable(&self) -> bool {
        match self {
            Self::Prompt(_) | Self::Cancelled => true,
            Self::Empty { .. } => false,
            Self::Provider(e) => matches!(
                e,
                ProviderError::MissingKey { .. }
                    | ProviderError::Unauthorized { .. }
                    | ProviderError::Rejected { .. }
                    | ProviderError::BadBaseUrl { .. }
                    | ProviderError::RateLimited { .. }
            ),
        }
    }
}

impl From<ProviderError> for AiError {
    fn from(error: ProviderError) -> Self {
        match error {
            ProviderError::Cancelled => AiError::Cancelled,
            other => AiError::Provider(other),
        }
    }
}

/// A phase that did not finish, with what it had produced (a draft).
#[derive(Debug, Clone, PartialEq)]
pub struct RunFailure {
    pub error: AiError,
    pub partial: String,
    pub usage: Usage,
    pub attempts: u32,
    pub model: String,
    pub prompt_version: String,
}

/// Runs one phase: generates the document (streaming it into `events`),
/// then runs the truth gate over it. `prompts_dir` holds the user's prompt
/// overrides, if any.
pub async fn run_phase(
    config: &EngineConfig,
    api_key: Option<&SecretString>,
    prompts_dir: Option<&Path>,
    input: &PhaseInput,
    events: EventSink<'_>,
    cancel: &CancelToken,
) -> Result<PhaseOutput, RunFailure> {
    let grounding = Grounding::new(input);
    let (content, report, usage, model, prompt_version, attempts) = match config {
        EngineConfig::Offline => {
            let (content, report) = offline::generate(input, &grounding);
            let usage = Usage {
                input_tokens: estimate_tokens(&input.posting.description)
                    + estimate_tokens(&input.resume)
                    + estimate_tokens(&input.notes),
                output_tokens: estimate_tokens(&content),
                reported: false,
            };
            let version = format!("{}@{}", input.phase.as_str(), offline::MODEL);
            stream_text(&content, events, cancel)
                .await
                .map_err(|partial| RunFailure {
                    error: AiError::Cancelled,
                    usage: Usage {
                        output_tokens: estimate_tokens(&partial),
                        ..usage
                    },
                    partial,
                    attempts: 1,
                    model: offline::MODEL.to_owned(),
                    prompt_version: version.clone(),
                })?;
            (
                content,
                report,
                usage,
                offline::MODEL.to_owned(),
                version,
                1,
            )
        }
        EngineConfig::Provider(provider) => {
            let fail = |error: AiError, version: String| RunFailure {
                error,
                partial: String::new(),
                usage: Usage::default(),
                attempts: 0,
                model: provider.model.clone(),
                prompt_version: version,
            };
            let template = Template::load(input.phase, prompts_dir)
                .map_err(|e| fail(e.into(), format!("{}@?", input.phase.as_str())))?;
            let prompt = template.render(&prompt_values(input, &grounding));
            let request = ChatRequest {
                system: &prompt.system,
                user: &prompt.user,
            };
            let completion = providers::complete(provider, api_key, request, events, cancel)
                .await
                .map_err(|failure| RunFailure {
                    error: failure.error.into(),
                    partial: failure.partial,
                    usage: failure.usage,
                    attempts: failure.attempts,
                    model: provider.model.clone(),
                    prompt_version: template.version.clone(),
                })?;
            let content = clean_model_output(&completion.text);
            if content.trim().is_empty() {
                return Err(RunFailure {
                    error: AiError::Empty {
                        engine: provider.kind.display_name(),
                    },
                    partial: completion.text,
                    usage: completion.usage,
                    attempts: completion.attempts,
                    model: completion.model,
                    prompt_version: template.version,
                });
            }
            let report = match input.phase {
                Phase::Research => json!({
                    "analysis": to_json(&grounding.analysis),
                    "positioning": to_json(&grounding.positioning),
                }),
                _ => json!({ "positioning": to_json(&grounding.positioning) }),
            };
            let model = if completion.model.is_empty() {
                provider.model.clone()
            } else {
                completion.model
            };
            (
                content,
                report,
                completion.usage,
                model,
                template.version,
                completion.attempts,
            )
        }
    };
    let findings = check(input, &content, input.phase);
    Ok(PhaseOutput {
        phase: input.phase,
        engine: config.kind(),
        model,
        prompt_version,
        content,
        report,
        findings,
        usage,
        attempts,
    })
}

/// The truth gate for a phase's document, with the input's sources.
pub fn check(input: &PhaseInput, content: &str, phase: Phase) -> Vec<TruthFinding> {
    let profile = input.profile_name.clone().unwrap_or_default();
    let gate = TruthGate::new(
        &[&input.resume, &input.notes, &profile],
        Target {
            company: input.posting.company.clone(),
            role_title: input.posting.role_title.clone(),
            posting: input.posting.description.clone(),
        },
    );
    gate.check(content, phase.document_kind())
}

/// Sends the offline engine's text as a stream of lines, so every engine
/// looks the same to the caller. On cancel, returns what was sent.
async fn stream_text(
    content: &str,
    events: EventSink<'_>,
    cancel: &CancelToken,
) -> Result<(), String> {
    let mut sent = String::new();
    for piece in content.split_inclusive('\n') {
        if cancel.is_cancelled() {
            return Err(sent);
        }
        events(StreamEvent::Token(piece.to_owned()));
        sent.push_str(piece);
        tokio::task::yield_now().await;
    }
    if cancel.is_cancelled() {
        return Err(sent);
    }
    Ok(())
}

/// Models like to wrap Markdown in a code fence; the document is what is inside.
fn clean_model_output(text: &str) -> String {
    let trimmed = text.trim();
    let unfenced = trimmed
        .strip_prefix("```markdown")
        .or_else(|| trimmed.strip_prefix("```md"))
        .or_else(|| trimmed.strip_prefix("```"))
        .and_then(|rest| rest.trim_end().strip_suffix("```"))
        .unwrap_or(trimmed);
    format!("{}\n", unfenced.trim())
}

fn prompt_values(input: &PhaseInput, grounding: &Grounding) -> BTreeMap<&'static str, String> {
    let mut values = BTreeMap::new();
    values.insert("company", input.posting.company.clone());
    values.insert("role_title", input.posting.role_title.clone());
    values.insert("posting", input.posting.description.clone());
    // Always the user's own resume: a tailored one may carry a model's
    // inventions, and facts must come from the source.
    values.insert("resume", input.resume.clone());
    values.insert("notes", input.notes.clone());
    values.insert("analysis", analysis_summary(grounding));
    values.insert(
        "name",
        input
            .profile_name
            .clone()
            .or_else(|| grounding.resume.name.clone())
            .unwrap_or_default(),
    );
    values.insert("voice", voice_summary(grounding));
    values.insert(
        "research",
        input
            .research
            .clone()
            .unwrap_or_else(|| analysis_summary(grounding)),
    );
    values
}

/// The deterministic reading, compact, for grounding a model.
fn analysis_summary(grounding: &Grounding) -> String {
    let mut out = String::new();
    let analysis = &grounding.analysis;
    if let Some(seniority) = analysis.seniority {
        let _ = writeln!(out, "Seniority: {}", seniority.label());
    }
    if let Some(years) = analysis.min_years {
        let _ = writeln!(out, "Years asked: {years}+");
    }
    out.push_str("Requirements and the person's evidence:\n");
    for item in &grounding.positioning.requirements {
        let verdict = match item.coverage {
            Coverage::Strong => "shown",
            Coverage::Partial => "partly shown",
            Coverage::Missing => "MISSING — do not claim",
        };
        let _ = writeln!(
            out,
            "- [{}] {} → {verdict}",
            item.requirement.importance.label(),
            item.requirement.text
        );
        for line in &item.evidence {
            let _ = writeln!(out, "    evidence: {line}");
        }
    }
    if !grounding.positioning.matched_skills.is_empty() {
        let _ = writeln!(
            out,
            "Skills the person shows: {}",
            grounding.positioning.matched_skills.join(", ")
        );
    }
    if !grounding.positioning.gaps.is_empty() {
        let gaps: Vec<&str> = grounding
            .positioning
            .gaps
            .iter()
            .map(|g| g.skill.as_str())
            .collect();
        let _ = writeln!(
            out,
            "Skills the person does NOT show (never claim): {}",
            gaps.join(", ")
        );
    }
    out
}

fn voice_summary(grounding: &Grounding) -> String {
    let voice = &grounding.voice;
    let mut out = format!(
        "Average sentence length: {:.0} words.\nFormality: {:?}.\nContractions: {}.\nGreeting: {}\nSign-off: {}\n",
        voice.average_sentence_words,
        voice.formality,
        if voice.uses_contractions() {
            "yes"
        } else {
            "no"
        },
        voice.greeting,
        voice.closing
    );
    if !voice.favourite_openers.is_empty() {
        let _ = writeln!(
            out,
            "Often starts sentences with: {}",
            voice.favourite_openers.join(", ")
        );
    }
    if voice.samples == 0 {
        out.push_str("(No writing samples yet: a plain, warm, professional voice.)\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_fences_around_a_document_are_removed() {
        assert_eq!(clean_model_output("```markdown\n# Hi\n```\n"), "# Hi\n");
        assert_eq!(clean_model_output("# Hi"), "# Hi\n");
    }
}
