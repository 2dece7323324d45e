//! Anthropic Messages: request and stream events.

use serde_json::{Value, json};

use super::imp::{AttemptError, Handled, StreamState};
use super::sse::SseEvent;
use super::{ChatRequest, ProviderConfig, ProviderError};

pub(crate) const API_VERSION: &str = "2023-06-01";

pub(crate) fn request_body(config: &ProviderConfig, request: ChatRequest<'_>) -> Value {
    let mut body = json!({
        "model": config.model,
        "max_tokens": config.max_tokens,
        "system": request.system,
        "messages": [ { "role": "user", "content": request.user } ],
        "stream": true,
    });
    if let Some(temperature) = config.temperature {
        body["temperature"] = json!(temperature);
    }
    body
}

fn u64_at(value: &Value, pointer: &str) -> Option<u64> {
    value.pointer(pointer).and_then(Value::as_u64)
}

fn str_at<'v>(value: &'v Value, pointer: &str) -> Option<&'v str> {
    value.pointer(pointer).and_then(Value::as_str)
}

/// The HTTP status Anthropic documents for each error type.
fn status_of_error_type(kind: &str) -> u16 {
    match kind {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "overloaded_error" => 529,
        _ => 500,
    }
}

/// One event of a Messages stream.
pub(crate) fn handle_event(
    event: &SseEvent,
    state: &mut StreamState,
    provider: &'static str,
) -> Result<Handled, AttemptError> {
    let data: Value = serde_json::from_str(&event.data).map_err(|e| {
        AttemptError::Fatal(ProviderError::Protocol {
            provider,
            reason: format!("a stream event is not valid JSON ({e})"),
        })
    })?;
    let kind = event
        .event
        .as_deref()
        .or_else(|| str_at(&data, "/type"))
        .unwrap_or_default();
    match kind {
        "message_start" => {
            if let Some(model) = str_at(&data, "/message/model").filter(|m| !m.is_empty()) {
                state.model = Some(model.to_owned());
            }
            if let Some(input) = u64_at(&data, "/message/usage/input_tokens") {
                // Prompt caching reports the cached part separately.
                let cached = u64_at(&data, "/message/usage/cache_creation_input_tokens")
                    .unwrap_or(0)
                    + u64_at(&data, "/message/usage/cache_read_input_tokens").unwrap_or(0);
                state.input_tokens = Some(input + cached);
            }
            Ok(Handled::Nothing)
        }
        "content_block_start" => Ok(
            match str_at(&data, "/content_block/text").filter(|t| !t.is_empty()) {
                Some(text) if str_at(&data, "/content_block/type") == Some("text") => {
                    Handled::Token(text.to_owned())
                }
                _ => Handled::Nothing,
            },
        ),
        "content_block_delta" => Ok(
            match (str_at(&data, "/delta/type"), str_at(&data, "/delta/text")) {
                (Some("text_delta"), Some(text)) if !text.is_empty() => {
                    Handled::Token(text.to_owned())
                }
                _ => Handled::Nothing,
            },
        ),
        "message_delta" => {
            if let Some(output) = u64_at(&data, "/usage/output_tokens") {
                state.output_tokens = Some(output);
            }
            Ok(Handled::Nothing)
        }
        "message_stop" => Ok(Handled::Done),
        "error" => {
            let error_type = str_at(&data, "/error/type").unwrap_or("api_error");
            let status = status_of_error_type(error_type);
            let message = str_at(&data, "/error/message")
                .filter(|m| !m.is_empty())
                .unwrap_or(error_type)
                .to_owned();
            let error = ProviderError::Server {
                provider,
                status,
                message,
            };
            // Overloaded and internal errors pass; anything else (a bad
            // request noticed late) would fail the same way again.
            if status >= 500 {
                Err(AttemptError::retry(error, None))
            } else {
                Err(AttemptError::Fatal(error))
            }
        }
        // ping, content_block_stop, and event types added later.
        _ => Ok(Handled::Nothing),
    }
}
