//! OpenAI Chat Completions (and servers that copy it): request and stream events.

use serde::Deserialize;
use serde_json::{Value, json};

use super::imp::{AttemptError, Handled, StreamState, error_message_of};
use super::sse::SseEvent;
use super::{ChatRequest, ProviderConfig, ProviderError, ProviderKind};

pub(crate) fn request_body(config: &ProviderConfig, request: ChatRequest<'_>) -> Value {
    let mut body = json!({
        "model": config.model,
        "messages": [
            { "role": "system", "content": request.system },
            { "role": "user", "content": request.user },
        ],
        "stream": true,
        "stream_options": { "include_usage": true },
    });
    // OpenAI deprecated `max_tokens` (its reasoning models refuse it);
    // compatible servers mostly know only `max_tokens`.
    let max_tokens_field = match config.kind {
        ProviderKind::OpenAi => "max_completion_tokens",
        _ => "max_tokens",
    };
    body[max_tokens_field] = json!(config.max_tokens);
    if let Some(temperature) = config.temperature {
        body["temperature"] = json!(temperature);
    }
    body
}

#[derive(Deserialize)]
struct Chunk {
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    choices: Option<Vec<Choice>>,
    #[serde(default)]
    usage: Option<WireUsage>,
    #[serde(default)]
    error: Option<Value>,
}

#[derive(Deserialize)]
struct Choice {
    #[serde(default)]
    delta: Option<Delta>,
}

#[derive(Deserialize)]
struct Delta {
    #[serde(default)]
    content: Option<String>,
}

#[derive(Deserialize)]
struct WireUsage {
    #[serde(default)]
    prompt_tokens: Option<u64>,
    #[serde(default)]
    completion_tokens: Option<u64>,
}

/// One `data:` event of a Chat Completions stream.
pub(crate) fn handle_event(
    event: &SseEvent,
    state: &mut StreamState,
    provider: &'static str,
) -> Result<Handled, AttemptError> {
    let data = event.data.trim();
    if data == "[DONE]" {
        return Ok(Handled::Done);
    }
    let chunk: Chunk = serde_json::from_str(data).map_err(|e| {
        AttemptError::Fatal(ProviderError::Protocol {
            provider,
            reason: format!("a stream event is not valid JSON ({e})"),
        })
    })?;
    if let Some(error) = chunk.error {
        let wrapped = json!({ "error": error });
        let message =
            error_message_of(&wrapped).unwrap_or_else(|| "the stream reported an error".to_owned());
        // A mid-stream error arrives after "200 OK"; OpenAI sends these for
        // failures on its side, so it is treated like a 500 and retried.
        return Err(AttemptError::retry(
            ProviderError::Server {
                provider,
                status: 500,
                message,
            },
            None,
        ));
    }
    if let Some(model) = chunk.model.filter(|m| !m.is_empty()) {
        state.model = Some(model);
    }
    if let Some(usage) = chunk.usage {
        if usage.prompt_tokens.is_some() {
            state.input_tokens = usage.prompt_tokens;
        }
        if usage.completion_tokens.is_some() {
            state.output_tokens = usage.completion_tokens;
        }
    }
    let text = chunk
        .choices
        .and_then(|choices| choices.into_iter().next())
        .and_then(|choice| choice.delta)
        .and_then(|delta| delta.content)
        .filter(|text| !text.is_empty());
    Ok(match text {
        Some(text) => Handled::Token(text),
        None => Handled::Nothing,
    })
}
