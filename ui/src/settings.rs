//! The settings screen's state: engine choice and provider fields, the API
//! key field (write-only: a stored key is never shown back), the profile
//! and the writing samples.

use jobforge_types::{
    AiSettings, EngineKind, EngineRef, ProviderSettings, SetApiKey, SettingsView,
};

use crate::forms::{FieldErrors, ProfileForm, SampleForm, ui_field};

/// The answer of `test_connection`, as shown in `#connection-result`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    Testing,
    Works(String),
    Fails(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SettingsState {
    pub loaded: SettingsView,
    pub engine: EngineKind,
    pub model: String,
    pub base_url: String,
    /// Typed, not yet stored; cleared as soon as it is sent.
    pub api_key: String,
    pub ai_errors: FieldErrors,
    pub key_errors: FieldErrors,
    /// A short confirmation after saving ("Settings saved.").
    pub notice: Option<String>,
    pub connection: Option<Connection>,
    pub profile: ProfileForm,
    pub sample: SampleForm,
}

impl SettingsState {
    pub fn new(loaded: SettingsView) -> Self {
        let profile = ProfileForm {
            full_name: loaded.profile.full_name.clone(),
            email: loaded.profile.email.clone().unwrap_or_default(),
            lines: loaded.profile.contact_lines.join("\n"),
            errors: FieldErrors::default(),
        };
        let mut state = Self {
            engine: loaded.ai.engine,
            model: String::new(),
            base_url: String::new(),
            api_key: String::new(),
            ai_errors: FieldErrors::default(),
            key_errors: FieldErrors::default(),
            notice: None,
            connection: None,
            profile,
            sample: SampleForm::default(),
            loaded,
        };
        state.select_engine(state.engine);
        state
    }

    /// Newly loaded settings: the forms take the stored values, except a
    /// writing sample being typed.
    pub fn reload(&mut self, loaded: SettingsView) {
        let sample = std::mem::take(&mut self.sample);
        let engine = self.engine;
        let notice = self.notice.take();
        let connection = self.connection.take();
        *self = Self::new(loaded);
        self.sample = sample;
        self.select_engine(engine);
        self.notice = notice;
        self.connection = connection;
    }

    /// Shows `engine`'s stored model and base URL.
    pub fn select_engine(&mut self, engine: EngineKind) {
        self.engine = engine;
        let provider = self.loaded.ai.provider(engine).cloned().unwrap_or_default();
        self.model = provider.model.unwrap_or_default();
        self.base_url = provider.base_url.unwrap_or_default();
        self.api_key.clear();
        self.ai_errors = FieldErrors::default();
        self.key_errors = FieldErrors::default();
        self.connection = None;
    }

    pub const fn shows_base_url(&self) -> bool {
        matches!(self.engine, EngineKind::OpenAiCompatible)
    }

    pub const fn uses_key(&self) -> bool {
        !matches!(self.engine, EngineKind::Offline)
    }

    pub fn key_stored(&self) -> bool {
        self.loaded
            .keys_stored
            .iter()
            .any(|(engine, stored)| *engine == self.engine && *stored)
    }

    /// The AI settings to save: the chosen engine becomes the default and
    /// its provider takes the typed model (and base URL); blank means the
    /// built-in default.
    pub fn ai_request(&self) -> Result<AiSettings, FieldErrors> {
        let mut ai = self.loaded.ai.clone();
        ai.engine = self.engine;
        let base_url_shown = self.shows_base_url();
        if let Some(provider) = ai.provider_mut(self.engine) {
            let blank_none = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
            *provider = ProviderSettings {
                model: blank_none(&self.model),
                base_url: if base_url_shown {
                    blank_none(&self.base_url)
                } else {
                    provider.base_url.clone()
                },
                ..provider.clone()
            };
            provider
                .validate()
                .map_err(|e| FieldErrors::from_validation(&e))?;
        }
        Ok(ai)
    }

    /// The key to store, taken out of the field.
    pub fn take_key(&mut self) -> Result<SetApiKey, FieldErrors> {
        let key = self.api_key.trim().to_owned();
        let mut errors = FieldErrors::default();
        if !self.uses_key() {
            errors.insert(ui_field::API_KEY, "The built-in engine needs no key.");
        } else if key.is_empty() {
            errors.insert(ui_field::API_KEY, "Paste the API key first.");
        } else if key.chars().any(char::is_whitespace) {
            errors.insert(
                ui_field::API_KEY,
                "An API key has no spaces or line breaks.",
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        self.api_key.clear();
        Ok(SetApiKey {
            engine: self.engine,
            key,
        })
    }

    pub fn engine_ref(&self) -> EngineRef {
        EngineRef {
            engine: self.engine,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded() -> SettingsView {
        serde_json::from_value(serde_json::json!({
            "ai": {
                "engine": "openai",
                "openai": { "model": "gpt-4o-mini", "base_url": null, "temperature": null, "max_tokens": null },
                "openai_compatible": { "model": "llama3", "base_url": "http://localhost:11434/v1", "temperature": null, "max_tokens": null }
            },
            "keys_stored": [["openai", true], ["anthropic", false], ["openai_compatible", false]],
            "profile": { "full_name": "Ada Lovelace", "email": "ada@example.com", "contact_lines": ["London"], "updated_at": null },
            "writing_samples": [],
            "data_dir": "/home/ada/.local/share/jobforge"
        }))
        .expect("valid settings")
    }

    #[test]
    fn the_form_shows_the_stored_engine_and_never_a_key() {
        let state = SettingsState::new(loaded());
        assert_eq!(state.engine, EngineKind::OpenAi);
        assert_eq!(state.model, "gpt-4o-mini");
        assert!(state.key_stored());
        assert_eq!(state.api_key, "");
        assert!(!state.shows_base_url());
        assert_eq!(state.profile.lines, "London");
    }

    #[test]
    fn switching_engine_shows_its_own_settings() {
        let mut state = SettingsState::new(loaded());
        state.api_key = "sk-typed".into();
        state.select_engine(EngineKind::OpenAiCompatible);
        assert_eq!(state.model, "llama3");
        assert_eq!(state.base_url, "http://localhost:11434/v1");
        assert!(state.shows_base_url());
        assert!(!state.key_stored());
        assert_eq!(
            state.api_key, "",
            "a typed key never follows to another engine"
        );
    }

    #[test]
    fn saving_sets_the_engine_and_validates_the_provider() {
        let mut state = SettingsState::new(loaded());
        state.select_engine(EngineKind::OpenAiCompatible);
        state.model = " qwen2 ".into();
        state.base_url = "".into();
        let ai = state.ai_request().expect("valid");
        assert_eq!(ai.engine, EngineKind::OpenAiCompatible);
        assert_eq!(ai.openai_compatible.model.as_deref(), Some("qwen2"));
        assert_eq!(ai.openai_compatible.base_url, None);
        assert_eq!(
            ai.openai.model.as_deref(),
            Some("gpt-4o-mini"),
            "others untouched"
        );

        state.base_url = "https://user:secret@proxy.example/v1".into();
        let errors = state.ai_request().expect_err("credentials in the URL");
        assert!(errors.get("base_url").is_some());
    }

    #[test]
    fn the_key_leaves_the_field_when_sent() {
        let mut state = SettingsState::new(loaded());
        assert!(
            state
                .take_key()
                .expect_err("empty")
                .get("api_key")
                .is_some()
        );
        state.api_key = " sk-abc ".into();
        let request = state.take_key().expect("valid");
        assert_eq!(request.key, "sk-abc");
        assert_eq!(state.api_key, "");
        state.select_engine(EngineKind::Offline);
        state.api_key = "sk".into();
        assert!(state.take_key().is_err());
    }
}
