//! `download_model` and `cancel_model_download`: all-MiniLM-L6-v2 fetched
//! into the model folder the settings name, with progress sent to the
//! window, then chosen as the meaning model.
//!
//! The workspace lock is taken to read the settings and to save them, never
//! while the files arrive: 91 MB on a slow line can take many minutes, and
//! the window stays usable meanwhile.

use std::path::PathBuf;
use std::time::Instant;

use jobforge_core::ai::download::DownloadProgress;
use jobforge_core::semantic;
use jobforge_core::types::{
    DownloadModel, EmbedderKind, ModelDownloadProgress, SettingsView, ShellError,
};

use super::Shell;
use super::errors::OrShellError;
use super::pipeline::runtime;
use super::progress::{PROGRESS_EVERY, ProgressSink, Throttled};

impl Shell {
    /// `download_model`: downloads the model (continuing a download that
    /// stopped), checks it, then saves MiniLM as the meaning model exactly
    /// as `set_ai_settings` would, which re-indexes beside the current
    /// index. A failed or cancelled download leaves the settings as they
    /// were. Answers with the settings.
    pub fn download_model(
        &self,
        request: DownloadModel,
        progress: &dyn ProgressSink<ModelDownloadProgress>,
    ) -> Result<SettingsView, ShellError> {
        let slot = self.downloading.claim(
            "The model is already being downloaded; wait for it to finish or cancel it first.",
        )?;
        let (stored_dir, folder) = self.with_open(|ws| {
            let settings = ws.ai_settings().or_shell()?;
            let stored = settings.embedding.minilm_dir;
            let folder = stored
                .as_deref()
                .map(PathBuf::from)
                .unwrap_or_else(|| semantic::default_minilm_dir(ws.dir()));
            Ok((stored, folder))
        })?;
        let source = request
            .source
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        tracing::info!(
            folder = %folder.display(),
            mirror = source.is_some(),
            "downloading the meaning model"
        );
        let runtime = runtime("the download")?;
        let mut reports = Throttled::new(PROGRESS_EVERY);
        let result = {
            let mut forward = |p: DownloadProgress| {
                let report = ModelDownloadProgress {
                    file: p.file.to_owned(),
                    done_bytes: p.done_bytes,
                    total_bytes: p.total_bytes,
                };
                let last = p.done_bytes >= p.total_bytes;
                if let Some(report) = reports.offer(Instant::now(), report, last) {
                    progress.send(report);
                }
            };
            runtime.block_on(semantic::download_minilm(
                &folder,
                source,
                slot.token(),
                &mut forward,
            ))
        };
        // Where a cancel or a failure stopped it, for "Try again" to show.
        if let Some(report) = reports.flush() {
            progress.send(report);
        }
        result.or_shell()?;
        drop(slot);
        tracing::info!("the meaning model is downloaded and checked");

        // Read again: other settings may have been saved meanwhile.
        let mut settings = self.with_open(|ws| ws.ai_settings().or_shell())?;
        settings.embedding.embedder = EmbedderKind::MiniLm;
        settings.embedding.minilm_dir = stored_dir;
        self.set_ai_settings(settings)
    }

    /// `cancel_model_download`: stops the download in progress, if there is
    /// one; what arrived is kept for the next attempt.
    pub fn cancel_model_download(&self) {
        self.downloading.cancel("model download");
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use jobforge_core::types::{IndexStatus, MINILM_DOWNLOAD_BYTES, ShellErrorKind};
    use jobforge_testkit::http_script::{Reply, Server};

    use super::super::testing::sample_shell;
    use super::*;

    const FILES: [&str; 3] = ["config.json", "vocab.txt", "model.safetensors"];

    fn test_runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime")
    }

    /// A 127.0.0.1 mirror answering, in order, with each of `names` from
    /// the test copy of the model (one answer per request).
    fn mirror(runtime: &tokio::runtime::Runtime, names: &[&str]) -> Server {
        runtime.block_on(Server::start(
            jobforge_testkit::models::minilm_file_replies(names),
        ))
    }

    fn request(server: &Server) -> DownloadModel {
        DownloadModel {
            source: Some(format!("http://{}/all-MiniLM-L6-v2/", server.addr)),
        }
    }

    fn paths(server: &Server) -> Vec<String> {
        server.requests().into_iter().map(|r| r.path).collect()
    }

    /// Waits for the worker to start the index for `prefix` (it runs on its
    /// own thread; a bounded wait, not a timing assertion).
    fn index_for(shell: &Shell, prefix: &str) -> IndexStatus {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let status = shell.index_status().expect("status");
            if status
                .indexes
                .iter()
                .any(|i| i.embedder.starts_with(prefix))
            {
                return status;
            }
            assert!(Instant::now() < deadline, "no {prefix} index: {status:?}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn the_size_shown_is_the_size_of_the_pinned_files() {
        assert_eq!(
            MINILM_DOWNLOAD_BYTES,
            jobforge_core::embed::minilm_download_bytes()
        );
    }

    #[test]
    fn a_download_installs_the_model_chooses_it_and_reindexes_beside_the_old_index() {
        let runtime = test_runtime();
        let server = mirror(&runtime, &FILES);
        let (tmp, shell) = sample_shell();
        let events = Mutex::new(Vec::new());
        let started = Instant::now();
        let sink = |p: ModelDownloadProgress| {
            // The workspace is not locked while the files arrive, and a
            // second download is refused meanwhile.
            assert!(shell.settings().is_ok());
            let second = shell
                .download_model(DownloadModel::default(), &|_| {})
                .expect_err("busy");
            assert!(second.message.contains("already"), "{}", second.message);
            events.lock().expect("events").push(p);
        };
        let view = shell
            .download_model(request(&server), &sink)
            .expect("downloaded");
        let elapsed = started.elapsed();

        assert_eq!(view.ai.embedding.embedder, EmbedderKind::MiniLm);
        assert_eq!(view.ai.embedding.minilm_dir, None, "the default folder");
        assert_eq!(
            shell.settings().expect("settings").ai.embedding,
            view.ai.embedding
        );
        let folder = tmp.path().join("data/models/all-MiniLM-L6-v2");
        for name in FILES {
            assert!(folder.join(name).is_file(), "{name}");
        }
        assert!(
            !tmp.path()
                .join("data/models/all-MiniLM-L6-v2.download")
                .exists(),
            "no staging left behind"
        );
        assert_eq!(
            paths(&server),
            FILES.map(|name| format!("/all-MiniLM-L6-v2/{name}"))
        );

        let events = events.into_inner().expect("events");
        let last = events.last().expect("progress was sent");
        assert_eq!(
            last.done_bytes, MINILM_DOWNLOAD_BYTES,
            "it ends on the whole"
        );
        assert_eq!(last.total_bytes, MINILM_DOWNLOAD_BYTES);
        assert!(
            events
                .windows(2)
                .all(|w| w[0].done_bytes <= w[1].done_bytes),
            "progress only grows"
        );
        // One every 250 ms at most, plus the last.
        let allowed = 2 + (elapsed.as_millis() / PROGRESS_EVERY.as_millis()) as usize;
        assert!(
            events.len() <= allowed,
            "{} events in {elapsed:?}",
            events.len()
        );

        // As saving the choice does: a MiniLM index is built beside the
        // built-in one, which stays active until it is done.
        let status = index_for(&shell, "all-minilm");
        assert!(
            status
                .indexes
                .iter()
                .any(|i| i.embedder.starts_with("builtin") && i.active),
            "{status:?}"
        );
    }

    #[test]
    fn a_refused_download_says_why_and_leaves_the_settings_alone() {
        let runtime = test_runtime();
        let server = runtime.block_on(Server::start(vec![Reply::json(404, &[], "{}")]));
        let (tmp, shell) = sample_shell();
        let before = shell.settings().expect("settings").ai;

        let error = shell
            .download_model(request(&server), &|_| {})
            .expect_err("404");

        assert_eq!(error.kind, ShellErrorKind::User);
        assert!(
            error
                .message
                .starts_with("The meaning model could not be downloaded: "),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("answered 404") && error.message.contains("check the address"),
            "{}",
            error.message
        );
        assert!(error.message.ends_with('.'), "{}", error.message);
        assert_eq!(shell.settings().expect("settings").ai, before);
        assert!(!tmp.path().join("data/models/all-MiniLM-L6-v2").exists());
        // The slot was freed by the failure.
        let again = shell
            .download_model(request(&server), &|_| {})
            .expect_err("no answer left");
        assert!(!again.message.contains("already"), "{}", again.message);
    }

    #[test]
    fn a_cancelled_download_keeps_what_arrived_and_the_next_one_continues() {
        let runtime = test_runtime();
        let first = mirror(&runtime, &FILES);
        let (tmp, shell) = sample_shell();
        let before = shell.settings().expect("settings").ai;
        let events = Mutex::new(Vec::new());
        // The first report comes once config.json is whole: cancel there.
        let sink = |p: ModelDownloadProgress| {
            shell.cancel_model_download();
            events.lock().expect("events").push(p);
        };

        let error = shell
            .download_model(request(&first), &sink)
            .expect_err("cancelled");

        assert_eq!(error.kind, ShellErrorKind::User);
        assert!(error.message.contains("cancelled"), "{}", error.message);
        assert_eq!(shell.settings().expect("settings").ai, before);
        assert!(!tmp.path().join("data/models/all-MiniLM-L6-v2").exists());
        let events = events.into_inner().expect("events");
        assert_eq!(events.first().map(|p| p.file.as_str()), Some("config.json"));
        assert!(events.iter().all(|p| p.done_bytes < p.total_bytes));

        // Cancelling with nothing running is harmless; "Try again" fetches
        // only what is missing.
        shell.cancel_model_download();
        let second = mirror(&runtime, &FILES[1..]);
        let view = shell
            .download_model(request(&second), &|_| {})
            .expect("continued");
        assert_eq!(view.ai.embedding.embedder, EmbedderKind::MiniLm);
        assert_eq!(
            paths(&second),
            [
                "/all-MiniLM-L6-v2/vocab.txt",
                "/all-MiniLM-L6-v2/model.safetensors"
            ]
        );
    }
}
