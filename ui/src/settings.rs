//! The settings screen's state: engine choice and provider fields, the API
//! key field (write-only: a stored key is never shown back), the profile,
//! the writing samples, and the meaning model's download.

use jobforge_types::{
    AiSettings, DownloadModel, EmbedderKind, EngineKind, EngineRef, IndexStatus,
    MINILM_DOWNLOAD_BYTES, ModelDownloadProgress, ProviderSettings, SetApiKey, SettingsView,
};

use crate::forms::{FieldErrors, ProfileForm, SampleForm, ui_field};

/// The answer of `test_connection`, as shown in `#connection-result`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    Testing,
    Works(String),
    Fails(String),
}

/// Where the model download stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownloadStage {
    /// The files are arriving.
    Running,
    /// Cancel was asked; the download has not stopped yet.
    Cancelling,
    /// Stopped by the person; what arrived is kept.
    Cancelled,
    /// Stopped by a failure, with the shell's sentence.
    Failed(String),
}

/// The all-MiniLM-L6-v2 download, shown under the meaning model choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelDownload {
    pub stage: DownloadStage,
    pub done_bytes: u64,
    pub total_bytes: u64,
}

impl ModelDownload {
    pub const fn is_running(&self) -> bool {
        matches!(
            self.stage,
            DownloadStage::Running | DownloadStage::Cancelling
        )
    }

    /// "12.3 of 91.1 MB".
    pub fn amount(&self) -> String {
        format!(
            "{} of {} MB",
            megabytes(self.done_bytes),
            megabytes(self.total_bytes)
        )
    }
}

/// Megabytes as the download speaks of them (10^6 bytes, one decimal).
pub fn megabytes(bytes: u64) -> String {
    // Exact enough: a model is far below 2^53 bytes.
    #[allow(clippy::cast_precision_loss)]
    let mb = bytes as f64 / 1_000_000.0;
    format!("{mb:.1}")
}

/// "Download the model (91 MB)".
pub fn download_label() -> String {
    #[allow(clippy::cast_precision_loss)]
    let mb = MINILM_DOWNLOAD_BYTES as f64 / 1_000_000.0;
    format!("Download the model ({mb:.0} MB)")
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
    /// The embedder chosen in the form (saved with "Save search settings").
    pub embedder: EmbedderKind,
    /// The MiniLM folder as typed; blank means the one in the data folder.
    pub minilm_dir: String,
    /// For provider embeddings: OpenAI or an OpenAI-compatible server (its
    /// base URL and key are the writing engine's settings for it).
    pub provider_engine: EngineKind,
    /// The embedding model as typed; blank means the provider's default.
    pub provider_model: String,
    /// The semantic index's state; `None` until loaded.
    pub index: Option<IndexStatus>,
    /// The model download, once one was started.
    pub download: Option<ModelDownload>,
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
            embedder: loaded.ai.embedding.embedder,
            minilm_dir: loaded.ai.embedding.minilm_dir.clone().unwrap_or_default(),
            provider_engine: loaded
                .ai
                .embedding
                .provider_engine
                .unwrap_or(EngineKind::OpenAiCompatible),
            provider_model: loaded
                .ai
                .embedding
                .provider_model
                .clone()
                .unwrap_or_default(),
            index: None,
            download: None,
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
        let index = self.index.take();
        let download = self.download.take();
        *self = Self::new(loaded);
        self.index = index;
        self.download = download;
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

    /// The settings to save for search and matching: the stored ones with
    /// the chosen embedder and folder.
    pub fn embedding_request(&self) -> AiSettings {
        let mut ai = self.loaded.ai.clone();
        ai.embedding.embedder = self.embedder;
        let folder = self.minilm_dir.trim();
        ai.embedding.minilm_dir = (!folder.is_empty()).then(|| folder.to_owned());
        if self.embedder == EmbedderKind::Provider {
            ai.embedding.provider_engine = Some(self.provider_engine);
            let model = self.provider_model.trim();
            ai.embedding.provider_model = (!model.is_empty()).then(|| model.to_owned());
        }
        ai
    }

    /// What the settings screen says about the index, in words.
    pub fn index_summary(&self) -> Vec<String> {
        let Some(status) = &self.index else {
            return Vec::new();
        };
        let mut lines = Vec::new();
        for index in &status.indexes {
            lines.push(if index.active {
                format!(
                    "Searching with {}: {} items in {} passages{}.",
                    index.embedder,
                    index.indexed,
                    index.chunks,
                    if index.pending > 0 {
                        format!(", {} waiting", index.pending)
                    } else {
                        String::new()
                    }
                )
            } else {
                format!(
                    "Re-indexing for {}: {} done, {} to go. Searches use the current index until it is finished.",
                    index.embedder, index.indexed, index.pending
                )
            });
        }
        if status.indexes.is_empty() {
            lines.push("Nothing is indexed yet.".to_owned());
        }
        lines
    }

    /// Whether the download is offered: MiniLM is chosen in the form but
    /// not yet the saved choice (a saved MiniLM loaded, so its files are
    /// there), or a download is under way.
    pub fn shows_download(&self) -> bool {
        let offered = self.embedder == EmbedderKind::MiniLm
            && self.loaded.ai.embedding.embedder != EmbedderKind::MiniLm;
        offered
            || self
                .download
                .as_ref()
                .is_some_and(ModelDownload::is_running)
    }

    /// Starts (or continues) the download, unless one is running. The
    /// bytes that arrived before stay shown: the shell continues from them.
    pub fn start_download(&mut self) -> Option<DownloadModel> {
        if self
            .download
            .as_ref()
            .is_some_and(ModelDownload::is_running)
        {
            return None;
        }
        let (done_bytes, total_bytes) = self
            .download
            .as_ref()
            .map_or((0, MINILM_DOWNLOAD_BYTES), |d| {
                (d.done_bytes, d.total_bytes)
            });
        self.download = Some(ModelDownload {
            stage: DownloadStage::Running,
            done_bytes,
            total_bytes,
        });
        self.notice = None;
        Some(DownloadModel::default())
    }

    pub fn download_progress(&mut self, progress: &ModelDownloadProgress) {
        if let Some(download) = self.download.as_mut().filter(|d| d.is_running()) {
            download.done_bytes = progress.done_bytes;
            download.total_bytes = progress.total_bytes;
        }
    }

    /// Whether a cancel is to be sent (once, while running).
    pub fn cancel_download(&mut self) -> bool {
        match self.download.as_mut() {
            Some(download) if download.stage == DownloadStage::Running => {
                download.stage = DownloadStage::Cancelling;
                true
            }
            _ => false,
        }
    }

    /// The cancel did not reach the shell: the download goes on.
    pub fn cancel_refused(&mut self) {
        if let Some(download) = self
            .download
            .as_mut()
            .filter(|d| d.stage == DownloadStage::Cancelling)
        {
            download.stage = DownloadStage::Running;
        }
    }

    /// The download stopped without the model: cancelled if that was
    /// asked, failed otherwise.
    pub fn download_stopped(&mut self, message: String) {
        if let Some(download) = self.download.as_mut() {
            download.stage = if download.stage == DownloadStage::Cancelling {
                DownloadStage::Cancelled
            } else {
                DownloadStage::Failed(message)
            };
        }
    }

    pub fn rebuilding(&self) -> bool {
        self.index
            .as_ref()
            .is_some_and(|s| s.indexes.iter().any(|i| !i.active))
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
    fn the_embedder_choice_is_saved_with_a_blank_folder_as_the_default() {
        let mut state = SettingsState::new(loaded());
        assert_eq!(state.embedder, EmbedderKind::Builtin);
        state.embedder = EmbedderKind::MiniLm;
        state.minilm_dir = "  ".into();
        let ai = state.embedding_request();
        assert_eq!(ai.embedding.embedder, EmbedderKind::MiniLm);
        assert_eq!(ai.embedding.minilm_dir, None);
        assert_eq!(ai.engine, EngineKind::OpenAi, "the engine is left alone");
        state.minilm_dir = " /models/minilm ".into();
        assert_eq!(
            state.embedding_request().embedding.minilm_dir.as_deref(),
            Some("/models/minilm")
        );
        state.embedder = EmbedderKind::Provider;
        state.provider_engine = EngineKind::OpenAi;
        state.provider_model = " text-embedding-3-large ".into();
        let ai = state.embedding_request();
        assert_eq!(ai.embedding.provider_engine, Some(EngineKind::OpenAi));
        assert_eq!(
            ai.embedding.provider_model.as_deref(),
            Some("text-embedding-3-large")
        );
    }

    #[test]
    fn a_rebuild_is_described_beside_the_active_index() {
        let mut state = SettingsState::new(loaded());
        assert!(state.index_summary().is_empty());
        state.index = Some(IndexStatus {
            indexes: vec![
                jobforge_types::IndexView {
                    embedder: "builtin-hash-v1/384".into(),
                    active: true,
                    pending: 0,
                    indexed: 12,
                    chunks: 40,
                },
                jobforge_types::IndexView {
                    embedder: "all-minilm-l6-v2-v1/384".into(),
                    active: false,
                    pending: 7,
                    indexed: 5,
                    chunks: 16,
                },
            ],
            problem: None,
        });
        let lines = state.index_summary();
        assert_eq!(
            lines[0],
            "Searching with builtin-hash-v1/384: 12 items in 40 passages."
        );
        assert!(lines[1].starts_with("Re-indexing for all-minilm-l6-v2-v1/384: 5 done, 7 to go."));
        assert!(state.rebuilding());
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
