//! The settings screen: AI engine and provider settings, API keys (in the OS
//! keyring only; never logged, echoed or sent back), the profile and the
//! writing samples, and a connection test.

use std::time::Duration;

use jobforge_core::ai::providers::{self, ChatRequest, RetryPolicy, Timeouts};
use jobforge_core::ai::{CancelToken, EngineConfig, ProviderKind, provider_kind};
use jobforge_core::pipeline::{self, engine_config};
use jobforge_core::secrets::SecretString;
use jobforge_core::types::{
    AiSettings, EngineKind, EngineRef, NewWritingSample, ProfileUpdate, SetApiKey, SettingsView,
    ShellError, ShellErrorKind, WritingSampleRef,
};
use jobforge_core::{Workspace, WorkspaceError};

use super::Shell;
use super::errors::{OrShellError, internal_error, sentence, user_error};

impl Shell {
    /// `settings`.
    pub fn settings(&self) -> Result<SettingsView, ShellError> {
        let view = self.with_open(|ws| settings_view(ws))?;
        Ok(self.with_keys(view))
    }

    /// `set_ai_settings`: every provider's fields are checked first.
    pub fn set_ai_settings(&self, request: AiSettings) -> Result<SettingsView, ShellError> {
        // A newly chosen meaning model that cannot load is refused now, not
        // at the next search; the worker then re-indexes for it. Only when
        // the choice changed: saving the chat engine must not depend on an
        // embeddings server being up.
        let (dir, stored) =
            self.with_open(|ws| Ok((ws.dir().clone(), ws.ai_settings().or_shell()?)))?;
        if stored.embedding != request.embedding {
            self.check_embedder(&request, &dir)?;
        }
        self.with_open(|ws| ws.set_ai_settings(&request).or_shell())?;
        tracing::info!(engine = request.engine.as_str(), "AI settings saved");
        self.settings()
    }

    /// `set_api_key`: into the OS keyring, read back to be sure it is kept.
    pub fn set_api_key(&self, request: SetApiKey) -> Result<SettingsView, ShellError> {
        let SetApiKey { engine, key } = request;
        // Straight into a type that is wiped on drop and never printed.
        let key = SecretString::new(key);
        let provider = provider_of(engine)?;
        if key.expose().trim().is_empty() {
            return Err(user_error(
                "No key was given; paste the API key, then save it.",
            ));
        }
        let keyring = &self.config()?.keyring;
        pipeline::store_provider_key(keyring, provider, &key).map_err(|e| key_error(&e))?;
        tracing::info!(
            provider = provider.as_str(),
            "API key stored in the keyring"
        );
        self.settings()
    }

    /// `delete_api_key`: removing a key that is not there is fine.
    pub fn delete_api_key(&self, request: EngineRef) -> Result<SettingsView, ShellError> {
        let provider = provider_of(request.engine)?;
        let keyring = &self.config()?.keyring;
        pipeline::delete_provider_key(keyring, provider).map_err(|e| key_error(&e))?;
        tracing::info!(provider = provider.as_str(), "API key removed");
        self.settings()
    }

    /// `set_profile`.
    pub fn set_profile(&self, request: ProfileUpdate) -> Result<SettingsView, ShellError> {
        self.with_open(|ws| ws.store_mut().set_profile(request).map(drop).or_shell())?;
        self.settings()
    }

    /// `add_writing_sample`.
    pub fn add_writing_sample(
        &self,
        request: NewWritingSample,
    ) -> Result<SettingsView, ShellError> {
        self.with_open(|ws| {
            ws.store_mut()
                .add_writing_sample(request)
                .map(drop)
                .or_shell()
        })?;
        self.settings()
    }

    /// `delete_writing_sample`.
    pub fn delete_writing_sample(
        &self,
        request: WritingSampleRef,
    ) -> Result<SettingsView, ShellError> {
        self.with_open(|ws| ws.store_mut().delete_writing_sample(&request.id).or_shell())?;
        self.settings()
    }

    /// `test_connection`: one tiny request (one token, one attempt, short
    /// timeouts) with the saved settings and key. Success is a sentence; a
    /// failure is a `User` error holding the provider's own message.
    pub fn test_connection(&self, request: EngineRef) -> Result<String, ShellError> {
        let settings = self.with_open(|ws| ws.ai_settings().or_shell())?;
        let EngineConfig::Provider(mut config) = engine_config(&settings, request.engine) else {
            return Ok("The built-in engine needs no connection.".to_owned());
        };
        config.max_tokens = 1;
        config.timeouts = Timeouts {
            connect: Duration::from_secs(5),
            idle: Duration::from_secs(20),
        };
        config.retry = RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        };
        let name = config.kind.display_name();
        let key = self.api_key(config.kind)?;
        if key.is_none() && config.kind.requires_key() {
            return Err(user_error(format!(
                "No API key is stored for {name}; save one first."
            )));
        }
        let runtime = super::pipeline::runtime("the connection test")?;
        let request = ChatRequest {
            system: "You are a connection test. Answer with one word.",
            user: "Say OK.",
        };
        let result = runtime.block_on(providers::complete(
            &config,
            key.as_ref(),
            request,
            &mut |_| {},
            &CancelToken::new(),
        ));
        match result {
            Ok(completion) => {
                let model = if completion.model.is_empty() {
                    config.model.clone()
                } else {
                    completion.model
                };
                tracing::info!(provider = config.kind.as_str(), %model, "connection test passed");
                Ok(format!(
                    "Connected: {name} at {} answered with model {model}.",
                    config.base_url()
                ))
            }
            Err(failure) => {
                tracing::info!(provider = config.kind.as_str(), error = %failure.error, "connection test failed");
                Err(user_error(sentence(&failure.error.to_string())))
            }
        }
    }

    /// A provider's API key from the keyring. A keyring that cannot be
    /// reached only matters to providers that need a key.
    pub(super) fn api_key(
        &self,
        provider: ProviderKind,
    ) -> Result<Option<SecretString>, ShellError> {
        let keyring = &self.config()?.keyring;
        match pipeline::provider_key(keyring, provider) {
            Ok(key) => Ok(key),
            Err(error) if !provider.requires_key() => {
                tracing::info!(%error, "no keyring; running without an API key");
                Ok(None)
            }
            Err(error) => Err(key_error(&error)),
        }
    }

    /// Fills in which providers have a key in the keyring; a keyring that
    /// cannot be reached holds none.
    fn with_keys(&self, mut view: SettingsView) -> SettingsView {
        let Ok(config) = self.config() else {
            return view;
        };
        view.keys_stored = EngineKind::ALL
            .iter()
            .filter_map(|engine| Some((*engine, provider_kind(*engine)?)))
            .map(|(engine, provider)| {
                let stored = match pipeline::provider_key(&config.keyring, provider) {
                    Ok(key) => key.is_some(),
                    Err(error) => {
                        tracing::info!(%error, "the keyring cannot be read; no API keys shown");
                        false
                    }
                };
                (engine, stored)
            })
            .collect();
        view
    }
}

fn settings_view(ws: &Workspace) -> Result<SettingsView, ShellError> {
    Ok(SettingsView {
        ai: ws.ai_settings().or_shell()?,
        keys_stored: Vec::new(),
        profile: ws.store().profile().or_shell()?,
        writing_samples: ws.store().writing_samples().or_shell()?,
        data_dir: ws.dir().root().display().to_string(),
    })
}

fn provider_of(engine: EngineKind) -> Result<ProviderKind, ShellError> {
    provider_kind(engine).ok_or_else(|| user_error("The built-in engine needs no API key."))
}

/// Keyring failures while handling an API key (the core's keyring messages
/// speak of the database key).
fn key_error(error: &WorkspaceError) -> ShellError {
    match error {
        WorkspaceError::KeyringUnavailable { reason } => ShellError {
            kind: ShellErrorKind::Keyring,
            message: sentence(&format!(
                "the system keyring cannot be reached ({reason}), and API keys are kept only there; unlock the keyring (log in to your desktop session) and try again"
            )),
            fields: Vec::new(),
        },
        WorkspaceError::ApiKeyNotStored { .. } => ShellError {
            kind: ShellErrorKind::Keyring,
            message: sentence(&error.to_string()),
            fields: Vec::new(),
        },
        other => internal_error(
            "The API key could not be handled; see the log for details.",
            other,
        ),
    }
}

#[cfg(test)]
mod tests {
    use jobforge_core::types::{Field, ProviderSettings};
    use jobforge_testkit::http_script::{Reply, Server};

    use super::super::testing::sample_shell;
    use super::*;

    fn expect_keyring() -> bool {
        std::env::var_os("JOBFORGE_EXPECT_KEYRING").is_some()
    }

    #[test]
    fn ai_settings_round_trip_and_bad_fields_are_named() {
        let (_tmp, shell) = sample_shell();
        let view = shell.settings().expect("settings");
        assert_eq!(view.ai, AiSettings::default());
        assert_eq!(
            view.keys_stored.iter().map(|(e, _)| *e).collect::<Vec<_>>(),
            [
                EngineKind::OpenAi,
                EngineKind::Anthropic,
                EngineKind::OpenAiCompatible
            ]
        );
        assert!(!view.data_dir.is_empty());
        assert!(!view.writing_samples.is_empty(), "the sample has one");

        let settings = AiSettings {
            engine: EngineKind::OpenAiCompatible,
            openai_compatible: ProviderSettings {
                model: Some("llama3.1:8b".into()),
                base_url: Some("http://127.0.0.1:11434/v1".into()),
                temperature: Some(0.2),
                max_tokens: Some(1500),
            },
            ..AiSettings::default()
        };
        let saved = shell.set_ai_settings(settings.clone()).expect("saved");
        assert_eq!(saved.ai, settings);
        assert_eq!(shell.settings().expect("settings").ai, settings);

        let error = shell
            .set_ai_settings(AiSettings {
                openai: ProviderSettings {
                    model: Some("has spaces".into()),
                    base_url: Some("ftp://example.com".into()),
                    ..ProviderSettings::default()
                },
                ..AiSettings::default()
            })
            .expect_err("invalid");
        assert_eq!(error.kind, ShellErrorKind::Invalid);
        let fields: Vec<Field> = error.fields.iter().map(|f| f.field).collect();
        assert_eq!(fields, [Field::Model, Field::BaseUrl]);
        assert_eq!(
            shell.settings().expect("settings").ai,
            settings,
            "unchanged"
        );
    }

    #[test]
    fn profile_and_writing_samples_round_trip() {
        let (_tmp, shell) = sample_shell();
        let view = shell
            .set_profile(ProfileUpdate {
                full_name: " Grace Hopper ".into(),
                email: Some("grace@example.com".into()),
                contact_lines: vec!["Arlington, VA".into(), " ".into()],
            })
            .expect("profile");
        assert_eq!(view.profile.full_name, "Grace Hopper");
        assert_eq!(view.profile.contact_lines, ["Arlington, VA"]);
        let bad = shell
            .set_profile(ProfileUpdate {
                full_name: "Grace".into(),
                email: Some("not an email".into()),
                contact_lines: Vec::new(),
            })
            .expect_err("bad email");
        assert_eq!(bad.kind, ShellErrorKind::Invalid);
        assert_eq!(bad.fields[0].field, Field::Email);

        let before = view.writing_samples.len();
        let view = shell
            .add_writing_sample(NewWritingSample {
                title: "Letter to Initrode".into(),
                content:
                    "Dear team, I have enjoyed building dependable services for a long time now."
                        .into(),
            })
            .expect("sample");
        assert_eq!(view.writing_samples.len(), before + 1);
        let added = view
            .writing_samples
            .iter()
            .find(|s| s.title == "Letter to Initrode")
            .expect("listed");
        let view = shell
            .delete_writing_sample(WritingSampleRef { id: added.id })
            .expect("deleted");
        assert_eq!(view.writing_samples.len(), before);
    }

    #[test]
    fn the_built_in_engine_needs_no_key_and_no_connection() {
        let (_tmp, shell) = sample_shell();
        assert_eq!(
            shell
                .test_connection(EngineRef {
                    engine: EngineKind::Offline
                })
                .expect("offline"),
            "The built-in engine needs no connection."
        );
        let error = shell
            .set_api_key(SetApiKey {
                engine: EngineKind::Offline,
                key: "sk-unused".into(),
            })
            .expect_err("no key for offline");
        assert_eq!(error.kind, ShellErrorKind::User);
        assert!(!error.message.contains("sk-unused"));
        let empty = shell
            .set_api_key(SetApiKey {
                engine: EngineKind::OpenAi,
                key: "  ".into(),
            })
            .expect_err("empty");
        assert_eq!(empty.kind, ShellErrorKind::User);
    }

    #[test]
    fn the_connection_test_reports_success_and_the_provider_error() {
        let (_tmp, shell) = sample_shell();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime");
        let ok = "data: {\"model\":\"llama3.1:8b\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"OK\"}}]}\n\ndata: [DONE]\n\n";
        let server = rt.block_on(Server::start(vec![
            Reply::sse(ok),
            Reply::json(
                404,
                &[],
                r#"{"error":{"message":"model 'nope' not found"}}"#,
            ),
        ]));
        let compatible = |model: &str| AiSettings {
            openai_compatible: ProviderSettings {
                model: Some(model.into()),
                base_url: Some(server.base_url()),
                ..ProviderSettings::default()
            },
            ..AiSettings::default()
        };
        let engine = EngineRef {
            engine: EngineKind::OpenAiCompatible,
        };
        shell
            .set_ai_settings(compatible("llama3.1"))
            .expect("saved");
        let message = shell.test_connection(engine).expect("connected");
        assert!(message.starts_with("Connected: "), "{message}");
        assert!(message.contains("llama3.1:8b"), "{message}");
        let body = server.requests()[0].json();
        assert_eq!(body["max_tokens"], 1, "{body}");

        shell.set_ai_settings(compatible("nope")).expect("saved");
        let error = shell.test_connection(engine).expect_err("refused");
        assert_eq!(error.kind, ShellErrorKind::User);
        assert!(error.message.contains("not found"), "{}", error.message);
        assert_eq!(server.requests().len(), 2, "one attempt each, no retries");
    }

    #[test]
    fn api_keys_round_trip_through_the_keyring() {
        if !expect_keyring() {
            eprintln!("no keyring expected here (JOBFORGE_EXPECT_KEYRING unset); not run");
            return;
        }
        let (_tmp, mut shell) = sample_shell();
        if let Ok(config) = shell.config.as_mut() {
            config.keyring = jobforge_core::secrets::Keyring::new(format!(
                "jobforge-desktop-test-{}",
                std::process::id()
            ));
        }
        let stored = |view: &SettingsView, engine| {
            view.keys_stored
                .iter()
                .find(|(e, _)| *e == engine)
                .map(|(_, s)| *s)
        };
        let view = shell.settings().expect("settings");
        assert_eq!(stored(&view, EngineKind::Anthropic), Some(false));
        let view = shell
            .set_api_key(SetApiKey {
                engine: EngineKind::Anthropic,
                key: "sk-ant-test-value\n".into(),
            })
            .expect("stored");
        assert_eq!(stored(&view, EngineKind::Anthropic), Some(true));
        assert_eq!(stored(&view, EngineKind::OpenAi), Some(false));
        let json = serde_json::to_string(&view).expect("json");
        assert!(!json.contains("sk-ant"), "keys are never sent back");
        let key = shell
            .api_key(ProviderKind::Anthropic)
            .expect("read")
            .expect("present");
        assert_eq!(key.expose(), "sk-ant-test-value");
        let view = shell
            .delete_api_key(EngineRef {
                engine: EngineKind::Anthropic,
            })
            .expect("deleted");
        assert_eq!(stored(&view, EngineKind::Anthropic), Some(false));
    }
}
