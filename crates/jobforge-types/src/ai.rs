//! Records of the AI pipeline: runs and truth-gate flags.

use serde::{Deserialize, Serialize};

use crate::validation::{Field, ValidationErrors, check_http_url};
use crate::{
    ApplicationId, DocumentVersionId, EmbedderKind, EngineKind, FactKind, Phase, ResumeId, RunId,
    RunOutcome, Timestamp, TruthFlagId,
};

/// A claim in a generated (or edited) document that the sources — the
/// resume the document was made from and the user's notes — do not support.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TruthFinding {
    pub kind: FactKind,
    /// The claim as it stands in the document, e.g. `60%` or `Globex`.
    pub claim: String,
    /// The sentence (or line) the claim stands in.
    pub sentence: String,
    /// Why it was flagged, for people: what the sources say instead.
    pub reason: String,
}

/// A stored finding on one document version, and whether the user has
/// looked at it and accepted it as true.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthFlag {
    pub id: TruthFlagId,
    pub version_id: DocumentVersionId,
    #[serde(flatten)]
    pub finding: TruthFinding,
    /// When the user confirmed the claim is true; `None` while unresolved.
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub accepted_at: Option<Timestamp>,
}

impl TruthFlag {
    pub fn is_resolved(&self) -> bool {
        self.accepted_at.is_some()
    }
}

/// One run of one pipeline phase, finished or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AiRun {
    pub id: RunId,
    pub application_id: ApplicationId,
    pub phase: Phase,
    pub engine: EngineKind,
    pub model: String,
    /// Which prompt template produced it (`research@1`, or an override's hash).
    pub prompt_version: String,
    pub resume_id: Option<ResumeId>,
    pub outcome: RunOutcome,
    /// Why it failed, for people; never contains secrets.
    pub error: Option<String>,
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// False when the engine counted no tokens and these are estimates.
    pub tokens_reported: bool,
    /// In US dollars, where the model's prices are known.
    pub cost_usd: Option<f64>,
    pub attempts: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: Timestamp,
    pub duration_ms: u64,
    /// The version the run saved, for a run that succeeded.
    pub document_version_id: Option<DocumentVersionId>,
    /// What a failed or cancelled run had produced: kept, never a document.
    pub draft: Option<String>,
}

/// The user's choice of engine and each provider's settings (never keys:
/// those live in the OS keyring).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AiSettings {
    /// The engine `run` uses when none is named.
    #[serde(default)]
    pub engine: EngineKind,
    #[serde(default)]
    pub openai: ProviderSettings,
    #[serde(default)]
    pub anthropic: ProviderSettings,
    #[serde(default)]
    pub openai_compatible: ProviderSettings,
    #[serde(default)]
    pub embedding: EmbeddingSettings,
}

/// Which embedder search and matching use, and its options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbeddingSettings {
    #[serde(default)]
    pub embedder: EmbedderKind,
    /// The MiniLM model folder; `None` means the one under the data folder.
    #[serde(default)]
    pub minilm_dir: Option<String>,
    /// For [`EmbedderKind::Provider`]: `openai` or `openai_compatible`, with
    /// that engine's base URL and API key.
    #[serde(default)]
    pub provider_engine: Option<EngineKind>,
    /// The embedding model, e.g. `text-embedding-3-small` or `nomic-embed-text`.
    #[serde(default)]
    pub provider_model: Option<String>,
}

/// One provider's settings; `None` means the built-in default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProviderSettings {
    pub model: Option<String>,
    pub base_url: Option<String>,
    pub temperature: Option<f32>,
    pub max_tokens: Option<u32>,
}

impl AiSettings {
    pub fn provider(&self, engine: EngineKind) -> Option<&ProviderSettings> {
        match engine {
            EngineKind::Offline => None,
            EngineKind::OpenAi => Some(&self.openai),
            EngineKind::Anthropic => Some(&self.anthropic),
            EngineKind::OpenAiCompatible => Some(&self.openai_compatible),
        }
    }

    pub fn provider_mut(&mut self, engine: EngineKind) -> Option<&mut ProviderSettings> {
        match engine {
            EngineKind::Offline => None,
            EngineKind::OpenAi => Some(&mut self.openai),
            EngineKind::Anthropic => Some(&mut self.anthropic),
            EngineKind::OpenAiCompatible => Some(&mut self.openai_compatible),
        }
    }
}

impl ProviderSettings {
    /// Checks every field; the message says what is wrong with each.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if let Some(model) = &self.model {
            let model = model.trim();
            if model.is_empty()
                || model.chars().count() > 200
                || model.chars().any(char::is_whitespace)
            {
                errors.push(
                    Field::Model,
                    "must be a model name without spaces, up to 200 characters",
                );
            }
        }
        if let Some(url) = &self.base_url {
            let url = url.trim();
            let authority = url
                .split("://")
                .nth(1)
                .unwrap_or("")
                .split('/')
                .next()
                .unwrap_or("");
            if let Err(problem) = check_http_url(url) {
                errors.push(Field::BaseUrl, problem);
            } else if authority.contains('@') {
                // Credentials in a URL would be saved and shown in clear.
                errors.push(
                    Field::BaseUrl,
                    "must not contain a user name or password; store the key with `jobforge key set`",
                );
            } else if url.contains(['?', '#']) {
                errors.push(Field::BaseUrl, "must not contain a query or fragment");
            }
        }
        if let Some(t) = self.temperature
            && !(0.0..=2.0).contains(&t)
        {
            errors.push(Field::Temperature, "must be between 0 and 2");
        }
        if let Some(n) = self.max_tokens
            && !(1..=200_000).contains(&n)
        {
            errors.push(Field::MaxTokens, "must be between 1 and 200000");
        }
        errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_settings_name_each_problem() {
        let bad = ProviderSettings {
            model: Some("gpt 4".into()),
            base_url: Some("ftp://host".into()),
            temperature: Some(3.5),
            max_tokens: Some(0),
        };
        let errors = bad.validate().expect_err("all four are wrong");
        for field in [
            Field::Model,
            Field::BaseUrl,
            Field::Temperature,
            Field::MaxTokens,
        ] {
            assert!(errors.for_field(field).is_some(), "{field:?}: {errors}");
        }
        assert!(ProviderSettings::default().validate().is_ok());
        let secret_url = ProviderSettings {
            base_url: Some("https://user:sk-123@proxy.example.com/v1".into()),
            ..ProviderSettings::default()
        };
        let errors = secret_url.validate().expect_err("credentials refused");
        assert!(!errors.to_string().contains("sk-123"));
    }
}
