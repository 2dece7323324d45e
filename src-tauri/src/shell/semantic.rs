//! The semantic index in the desktop app: a background worker keeps it
//! current, and the search box, "similar applications" and the settings
//! screen read it.
//!
//! The worker sleeps on a condition variable and is woken after every
//! command (a cheap check when nothing changed), so it costs nothing while
//! the app is idle. It holds the workspace lock only to read a batch and to
//! store it, never while a model embeds, so the window stays responsive
//! while a large library is re-indexed after a switch of embedder. While it
//! works it reports the index's state (a few times a second at most, and
//! once when the queue is empty) to whoever listens, the window in the app.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Instant;

use jobforge_core::embed::Embedder;
use jobforge_core::secrets::Keyring;
use jobforge_core::semantic;
use jobforge_core::store::semantic::IndexState;
use jobforge_core::types::{
    AiSettings, ApplicationRef, IndexStatus, IndexView, ResumeFit, SearchHit, SearchRequest,
    ShellError, SimilarApplication,
};
use jobforge_core::{DataDir, Workspace};

use super::errors::{OrShellError, user_error};
use super::progress::{PROGRESS_EVERY, Throttle};
use super::{MAX_SEARCH_HITS, Opened, Shell};

type SharedWorkspace = Arc<Mutex<Option<Opened>>>;

/// Where the worker's reports go; set once the window exists.
type IndexSink = Arc<dyn Fn(IndexStatus) + Send + Sync>;
type IndexListener = Arc<Mutex<Option<IndexSink>>>;

/// The loaded embedder and the settings it was loaded for. Loading MiniLM
/// reads 90 MB, so it is done once, not per search.
/// Keyed by all the AI settings: a provider embedder depends on its engine's
/// base URL and timeouts as well as on the embedding settings.
type EmbedderCache = Arc<Mutex<Option<(AiSettings, Arc<dyn Embedder>)>>>;

#[derive(Default)]
struct Signal {
    /// Set by [`Indexer::wake`]; the worker clears it when it starts a pass.
    dirty: bool,
    /// A pass is under way (from taking the dirty flag to its last report).
    running: bool,
    /// Wake-ups are noted but no pass starts: the app holds indexing while
    /// its window starts, so the first frame does not share two cores with
    /// the embedder.
    held: bool,
    /// The app is closing: the worker ends after the batch it is storing.
    stopping: bool,
    problem: Option<String>,
}

/// The background worker's handle. Dropping it stops the worker (see
/// [`Indexer::stop`]).
#[derive(Default)]
pub(super) struct Indexer {
    signal: Arc<(Mutex<Signal>, Condvar)>,
    embedders: EmbedderCache,
    listener: IndexListener,
    /// The worker's thread once started; only [`Indexer::wake`] starts it,
    /// under the signal's lock, so two wake-ups never start two.
    worker: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Indexer {
    /// Asks the worker to look at the queue (starting it the first time).
    pub(super) fn wake(&self, workspace: &SharedWorkspace, keyring: &Keyring) {
        let (lock, condvar) = &*self.signal;
        let mut signal = lock.lock().unwrap_or_else(PoisonError::into_inner);
        signal.dirty = true;
        if signal.held || signal.stopping {
            return;
        }
        let mut worker = self.worker.lock().unwrap_or_else(PoisonError::into_inner);
        if worker.is_none() {
            let signal_for_worker = Arc::clone(&self.signal);
            let workspace = Arc::clone(workspace);
            let embedders = Arc::clone(&self.embedders);
            let listener = Arc::clone(&self.listener);
            let keyring = keyring.clone();
            let spawned = std::thread::Builder::new()
                .name("semantic-index".into())
                .spawn(move || {
                    work(
                        &signal_for_worker,
                        &workspace,
                        &embedders,
                        &listener,
                        &keyring,
                    );
                });
            match spawned {
                Ok(handle) => *worker = Some(handle),
                Err(error) => tracing::error!(%error, "could not start the indexing thread"),
            }
        }
        condvar.notify_one();
    }

    /// Notes wake-ups without acting on them until [`Indexer::release`].
    pub(super) fn hold(&self) {
        let (lock, _) = &*self.signal;
        lock.lock().unwrap_or_else(PoisonError::into_inner).held = true;
    }

    /// Ends a [`Indexer::hold`]: the worker catches up on what was noted
    /// (and looks at the queue once in any case).
    pub(super) fn release(&self, workspace: &SharedWorkspace, keyring: &Keyring) {
        let (lock, _) = &*self.signal;
        lock.lock().unwrap_or_else(PoisonError::into_inner).held = false;
        self.wake(workspace, keyring);
    }

    /// Ends the worker and waits for it: it stores the batch it embedded
    /// (so no work is lost) and starts no other. Called when the app closes:
    /// the process's exit tears down OpenSSL, which SQLCipher's writes use,
    /// so a worker still writing then would crash the closing app.
    pub(super) fn stop(&self) {
        {
            let (lock, condvar) = &*self.signal;
            lock.lock().unwrap_or_else(PoisonError::into_inner).stopping = true;
            condvar.notify_all();
        }
        let handle = self
            .worker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(handle) = handle
            && handle.join().is_err()
        {
            tracing::warn!("the indexing thread had panicked");
        }
    }

    /// Whether the worker thread has been started.
    #[cfg(test)]
    fn started(&self) -> bool {
        self.worker
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some()
    }

    /// Whether the worker has nothing to do and is not doing anything: no
    /// wake-up waiting and no pass under way (its reports all sent).
    #[cfg(test)]
    fn idle(&self) -> bool {
        let (lock, _) = &*self.signal;
        let signal = lock.lock().unwrap_or_else(PoisonError::into_inner);
        !signal.dirty && !signal.running
    }

    fn problem(&self) -> Option<String> {
        let (lock, _) = &*self.signal;
        lock.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .problem
            .clone()
    }
}

/// The embedder for `settings`, from the cache or loaded now.
fn embedder_for(
    cache: &EmbedderCache,
    settings: &AiSettings,
    dir: &DataDir,
    keyring: &Keyring,
) -> Result<Arc<dyn Embedder>, jobforge_core::WorkspaceError> {
    if let Some((cached_for, embedder)) = &*cache.lock().unwrap_or_else(PoisonError::into_inner)
        && cached_for == settings
    {
        return Ok(Arc::clone(embedder));
    }
    let embedder: Arc<dyn Embedder> = Arc::from(semantic::embedder_for(settings, dir, keyring)?);
    *cache.lock().unwrap_or_else(PoisonError::into_inner) =
        Some((settings.clone(), Arc::clone(&embedder)));
    Ok(embedder)
}

fn work(
    signal: &(Mutex<Signal>, Condvar),
    workspace: &SharedWorkspace,
    embedders: &EmbedderCache,
    listener: &IndexListener,
    keyring: &Keyring,
) {
    let (lock, condvar) = signal;
    loop {
        {
            let mut state = lock.lock().unwrap_or_else(PoisonError::into_inner);
            while (!state.dirty || state.held) && !state.stopping {
                state = condvar.wait(state).unwrap_or_else(PoisonError::into_inner);
            }
            if state.stopping {
                return;
            }
            state.dirty = false;
            state.running = true;
        }
        let mut reports = Reports::new(Arc::clone(listener));
        let stopping = || lock.lock().unwrap_or_else(PoisonError::into_inner).stopping;
        let problem = match drain(workspace, embedders, keyring, &mut reports, &stopping) {
            Ok(()) => None,
            Err(message) => {
                tracing::warn!(%message, "indexing for search stopped");
                Some(message)
            }
        };
        let problem_changed = {
            let mut state = lock.lock().unwrap_or_else(PoisonError::into_inner);
            let changed = state.problem != problem;
            state.problem.clone_from(&problem);
            changed
        };
        // A pass that found nothing to do (most are: one follows every
        // command) says nothing.
        if reports.worked || problem_changed {
            reports.finish(workspace, problem);
        }
        lock.lock().unwrap_or_else(PoisonError::into_inner).running = false;
    }
}

/// What one pass of the worker tells the listener.
struct Reports {
    /// Looked up at every report, not once per pass: a listener set while a
    /// pass is under way (the window appears while the library indexes)
    /// still hears how that pass ends.
    listener: IndexListener,
    throttle: Throttle,
    /// Whether the pass embedded anything or finished an index.
    worked: bool,
}

impl Reports {
    fn new(listener: IndexListener) -> Self {
        Self {
            listener,
            throttle: Throttle::new(PROGRESS_EVERY),
            worked: false,
        }
    }

    fn sink(&self) -> Option<IndexSink> {
        self.listener
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// After a batch is stored (under the lock): the state, when a report
    /// is due. Counting the index costs queries, so only then.
    fn batch_stored(&mut self, ws: &mut Workspace) -> Option<IndexStatus> {
        self.worked = true;
        if self.sink().is_none() || !self.throttle.allow(Instant::now()) {
            return None;
        }
        index_status_of(ws).ok()
    }

    /// Sends `status` (outside the lock: the window may be slow to take it).
    fn send(&self, status: IndexStatus) {
        if let Some(sink) = self.sink() {
            sink(status);
        }
    }

    /// The state once the pass is over, with why it stopped, if it did.
    fn finish(self, workspace: &SharedWorkspace, problem: Option<String>) {
        if self.sink().is_none() {
            return;
        }
        let status = {
            let mut guard = workspace.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(opened) = guard.as_mut() else {
                return;
            };
            index_status_of(&mut opened.workspace)
        };
        if let Ok(mut status) = status {
            status.problem = problem;
            self.send(status);
        }
    }
}

/// Embeds batches until the queue is empty or `stopping` says to end.
fn drain(
    workspace: &SharedWorkspace,
    embedders: &EmbedderCache,
    keyring: &Keyring,
    reports: &mut Reports,
    stopping: &dyn Fn() -> bool,
) -> Result<(), String> {
    loop {
        if stopping() {
            return Ok(());
        }
        let (settings, dir) = {
            let guard = workspace.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(opened) = guard.as_ref() else {
                return Ok(());
            };
            let settings = opened.workspace.ai_settings().map_err(|e| e.to_string())?;
            (settings, opened.workspace.dir().clone())
        };
        // Outside the lock: a provider embedder's first use is a request.
        let embedder =
            embedder_for(embedders, &settings, &dir, keyring).map_err(|e| e.to_string())?;
        let (index, jobs) = {
            let mut guard = workspace.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(opened) = guard.as_mut() else {
                return Ok(());
            };
            let store = opened.workspace.store_mut();
            let index =
                semantic::ensure_index(store, embedder.as_ref()).map_err(|e| e.to_string())?;
            let jobs = semantic::take_batch(store, &index).map_err(|e| e.to_string())?;
            if jobs.is_empty() {
                if semantic::finish_if_built(store, &index).map_err(|e| e.to_string())? {
                    tracing::info!(embedder = %index.embedder, "the new index replaced the old one");
                    reports.worked = true;
                }
                return Ok(());
            }
            (index, jobs)
        };
        let embedded = semantic::embed_batch(embedder.as_ref(), jobs).map_err(|e| e.to_string())?;
        let due = {
            let mut guard = workspace.lock().unwrap_or_else(PoisonError::into_inner);
            let Some(opened) = guard.as_mut() else {
                return Ok(());
            };
            let stored = semantic::store_batch(opened.workspace.store_mut(), &embedded)
                .map_err(|e| e.to_string())?;
            tracing::debug!(index = index.seq, stored, "embedded a batch");
            reports.batch_stored(&mut opened.workspace)
        };
        if let Some(status) = due {
            reports.send(status);
        }
    }
}

impl Shell {
    /// Holds the background indexing until [`Shell::window_ready`]: commands
    /// still queue their changes, nothing is embedded meanwhile.
    pub fn hold_indexing_until_window_ready(&self) {
        self.indexer.hold();
    }

    /// The window shows the workspace: indexing held since start-up begins.
    pub fn window_ready(&self) {
        if let Ok(config) = self.config() {
            self.indexer.release(&self.opened, &config.keyring);
        }
    }

    /// Sends the index's state to `sink` while the background worker works
    /// (at most a few times a second, and once when the queue is empty).
    pub fn on_index_status(&self, sink: impl Fn(IndexStatus) + Send + Sync + 'static) {
        *self
            .indexer
            .listener
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(sink));
    }

    /// Loads the embedder `settings` choose (kept for the worker and the
    /// search box), or says why it cannot run.
    pub(super) fn check_embedder(
        &self,
        settings: &AiSettings,
        dir: &DataDir,
    ) -> Result<(), ShellError> {
        embedder_for(
            &self.indexer.embedders,
            settings,
            dir,
            &self.config()?.keyring,
        )
        .map(drop)
        .or_shell()
    }

    /// `search`: words and meaning, fused. The meaning half is left out
    /// (words still work) while the chosen embedder cannot run.
    pub fn search(&self, request: SearchRequest) -> Result<Vec<SearchHit>, ShellError> {
        if request.query.trim().is_empty() {
            return Err(user_error("Type at least one word to search for."));
        }
        let limit = request.limit.clamp(1, MAX_SEARCH_HITS);
        let (settings, dir) =
            self.with_open(|ws| Ok((ws.ai_settings().or_shell()?, ws.dir().clone())))?;
        let embedder = embedder_for(
            &self.indexer.embedders,
            &settings,
            &dir,
            &self.config()?.keyring,
        )
        .ok();
        // Embed the query outside the lock; the store search is fast.
        self.with_open(|ws| {
            semantic::search(
                ws.store(),
                embedder.as_deref(),
                &request.query,
                &request.filter,
                limit,
            )
            .or_shell()
        })
    }

    /// `match_resumes`: every resume of the library against the
    /// application's posting, best fit first, each with its score, reasons
    /// and gaps.
    pub fn match_resumes(&self, request: ApplicationRef) -> Result<Vec<ResumeFit>, ShellError> {
        let (settings, dir) =
            self.with_open(|ws| Ok((ws.ai_settings().or_shell()?, ws.dir().clone())))?;
        let embedder = embedder_for(
            &self.indexer.embedders,
            &settings,
            &dir,
            &self.config()?.keyring,
        )
        .or_shell()?;
        self.with_open(|ws| {
            jobforge_core::matching::rank_library(ws.store(), embedder.as_ref(), &request.id)
                .or_shell()
        })
    }

    /// `similar_applications`: postings that read like this one's.
    pub fn similar_applications(
        &self,
        request: ApplicationRef,
    ) -> Result<Vec<SimilarApplication>, ShellError> {
        self.with_open(|ws| semantic::similar_applications(ws.store(), &request.id, 5).or_shell())
    }

    /// `index_status`: each index's progress, and why indexing stopped.
    pub fn index_status(&self) -> Result<IndexStatus, ShellError> {
        let mut status = self.with_open(index_status_of)?;
        status.problem = self.indexer.problem();
        Ok(status)
    }

    /// `cancel_reindex`: drops the index being built for a newly chosen
    /// embedder and puts the settings back to the embedder of the active
    /// one, so the worker does not start it again.
    pub fn cancel_reindex(&self) -> Result<IndexStatus, ShellError> {
        self.with_open(|ws| {
            let active = ws.store().active_vector_index().or_shell()?;
            semantic::cancel_rebuild(ws.store_mut()).or_shell()?;
            if let Some(active) = active {
                let mut settings = ws.ai_settings().or_shell()?;
                if let Some(kind) = embedder_kind_of(&active.embedder) {
                    settings.embedding.embedder = kind;
                    ws.set_ai_settings(&settings).or_shell()?;
                }
            }
            Ok(())
        })?;
        self.index_status()
    }
}

/// Which kind of embedder wrote an index, from its id's name.
fn embedder_kind_of(embedder: &str) -> Option<jobforge_core::types::EmbedderKind> {
    use jobforge_core::types::EmbedderKind;
    if embedder.starts_with("builtin") {
        Some(EmbedderKind::Builtin)
    } else if embedder.starts_with("all-minilm") {
        Some(EmbedderKind::MiniLm)
    } else if embedder.starts_with("openai-") || embedder.starts_with("compatible-") {
        Some(EmbedderKind::Provider)
    } else {
        None
    }
}

fn index_status_of(ws: &mut Workspace) -> Result<IndexStatus, ShellError> {
    let mut indexes = Vec::new();
    for index in ws.store().vector_indexes().or_shell()? {
        let progress = ws.store().index_progress(index.seq).or_shell()?;
        indexes.push(IndexView {
            embedder: index.embedder,
            active: index.state == IndexState::Active,
            pending: progress.pending,
            indexed: progress.indexed,
            chunks: progress.chunks,
        });
    }
    Ok(IndexStatus {
        indexes,
        problem: None,
    })
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use jobforge_core::types::{
        AiSettings, ApplicationStatus, EmbedderKind, MatchedBy, SearchFilter, SearchHitKind,
        SearchKind, ShellErrorKind,
    };

    use super::super::testing::{northwind, sample_shell};
    use super::*;

    /// Waits for the background worker to empty the queue and end its pass
    /// (it runs on its own thread; a bounded wait, not a timing assertion).
    fn indexed(shell: &Shell) -> IndexStatus {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            // Idle first: reading the status is a command, which wakes the
            // worker for a pass of its own (one with nothing to do).
            let idle = shell.indexer.idle();
            let status = shell.index_status().expect("status");
            if idle && !status.indexes.is_empty() && status.indexes.iter().all(|i| i.pending == 0) {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the worker never finished: {status:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn search_finds_sample_data_and_refuses_an_empty_query() {
        let (_tmp, shell) = sample_shell();
        let hits = shell
            .search(SearchRequest {
                query: "Northwind".into(),
                limit: 5,
                filter: Default::default(),
            })
            .expect("hits");
        assert!(!hits.is_empty());
        assert!(hits.len() <= 5);
        let empty = shell
            .search(SearchRequest {
                query: "  ".into(),
                limit: 5,
                filter: Default::default(),
            })
            .expect_err("empty");
        assert_eq!(empty.kind, ShellErrorKind::User);
        let punctuation = shell
            .search(SearchRequest {
                query: "\"*".into(),
                limit: 5,
                filter: Default::default(),
            })
            .expect_err("no words");
        assert_eq!(punctuation.kind, ShellErrorKind::User);
    }

    #[test]
    fn the_worker_indexes_the_library_and_search_finds_by_meaning_too() {
        let (_tmp, shell) = sample_shell();
        let status = indexed(&shell);
        assert_eq!(status.indexes.len(), 1);
        assert!(status.indexes[0].active);
        assert_eq!(status.indexes[0].embedder, "builtin-hash-v1/384");
        assert_eq!(status.indexes[0].indexed, 4, "three postings and a resume");
        assert_eq!(status.problem, None);

        let hits = shell
            .search(SearchRequest {
                query: "kubernetes".into(),
                limit: 10,
                filter: SearchFilter::default(),
            })
            .expect("hits");
        assert!(
            hits.iter().any(|h| h.matched == MatchedBy::Both),
            "{hits:?}"
        );

        let only_resumes = shell
            .search(SearchRequest {
                query: "kubernetes".into(),
                limit: 10,
                filter: SearchFilter {
                    kinds: vec![SearchKind::Resume],
                    statuses: Vec::new(),
                },
            })
            .expect("hits");
        assert!(!only_resumes.is_empty());
        assert!(
            only_resumes
                .iter()
                .all(|h| matches!(h.target, SearchHitKind::Resume { .. }))
        );
        let applied = shell
            .search(SearchRequest {
                query: "kubernetes".into(),
                limit: 10,
                filter: SearchFilter {
                    kinds: Vec::new(),
                    statuses: vec![ApplicationStatus::Applied],
                },
            })
            .expect("hits");
        assert!(
            applied.is_empty(),
            "no sample application is applied: {applied:?}"
        );
    }

    #[test]
    fn similar_applications_leave_out_the_application_itself() {
        let (_tmp, shell) = sample_shell();
        indexed(&shell);
        let northwind = northwind(&shell);
        let similar = shell
            .similar_applications(ApplicationRef { id: northwind.id })
            .expect("similar");
        assert!(!similar.is_empty());
        assert!(similar.iter().all(|s| s.id != northwind.id));
        assert!(
            similar
                .windows(2)
                .all(|w| w[0].similarity >= w[1].similarity),
            "most similar first"
        );
    }

    #[test]
    fn a_meaning_model_that_cannot_load_is_refused_and_the_settings_stay() {
        let (tmp, shell) = sample_shell();
        let mut settings: AiSettings = shell.settings().expect("settings").ai;
        settings.embedding.embedder = EmbedderKind::MiniLm;
        settings.embedding.minilm_dir = Some(tmp.path().join("no-model").display().to_string());
        let refused = shell.set_ai_settings(settings).expect_err("no model there");
        assert_ne!(refused.kind, ShellErrorKind::Internal);
        assert!(refused.message.contains("no-model"), "{}", refused.message);
        assert_eq!(
            shell.settings().expect("settings").ai.embedding.embedder,
            EmbedderKind::Builtin
        );
    }

    #[test]
    fn the_library_is_ranked_against_a_posting_with_reasons_and_gaps() {
        let (_tmp, shell) = sample_shell();
        let northwind = northwind(&shell);
        let fits = shell
            .match_resumes(ApplicationRef { id: northwind.id })
            .expect("fits");
        assert_eq!(fits.len(), 1, "the sample library has one resume");
        let report = &fits[0].report;
        assert_eq!(fits[0].rank, 1);
        assert!(report.score > 0 && report.score <= 100);
        assert_eq!(report.embedder, "builtin-hash-v1/384");
        assert_eq!(report.components.len(), 4);
        assert!(report.components.iter().all(|c| !c.explanation.is_empty()));
        assert!(!report.gaps.is_empty());
    }

    #[test]
    fn indexing_held_for_the_window_starts_once_it_is_ready() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let shell = super::super::testing::shell_at(&tmp.path().join("data"));
        shell.hold_indexing_until_window_ready();
        shell
            .unlock(jobforge_core::types::UnlockRequest {
                passphrase: super::super::testing::PASSPHRASE.into(),
                confirm: Some(super::super::testing::PASSPHRASE.into()),
            })
            .expect("created");
        shell.load_sample_data().expect("samples");
        shell.list_resumes().expect("resumes");
        assert!(!shell.indexer.started(), "no worker while held");
        let waiting = shell.index_status().expect("status");
        assert!(
            waiting.indexes.iter().all(|i| i.indexed == 0),
            "{waiting:?}"
        );

        shell.window_ready();
        let done = indexed(&shell);
        assert!(done.indexes[0].indexed > 0, "{done:?}");
    }

    #[test]
    fn closing_the_app_ends_indexing_closes_the_database_and_the_next_start_goes_on() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let data = tmp.path().join("data");
        let unlock = |shell: &Shell, confirm: Option<&str>| {
            shell
                .unlock(jobforge_core::types::UnlockRequest {
                    passphrase: super::super::testing::PASSPHRASE.into(),
                    confirm: confirm.map(Into::into),
                })
                .expect("unlocked");
        };
        let shell = super::super::testing::shell_at(&data);
        unlock(&shell, Some(super::super::testing::PASSPHRASE));
        shell.load_sample_data().expect("samples");
        // Starts the worker, which is still indexing the samples as the
        // app closes.
        shell.list_resumes().expect("resumes");
        shell.shut_down();

        assert!(
            shell.indexer.worker.lock().expect("handle").is_none(),
            "the worker was joined"
        );
        let refused = shell.list_resumes().expect_err("closing");
        assert!(refused.message.contains("closing"), "{}", refused.message);
        assert!(
            !data.join("jobforge.sqlite3-wal").exists(),
            "the database was closed (its WAL checkpointed and removed)"
        );
        drop(shell);

        let next = super::super::testing::shell_at(&data);
        unlock(&next, None);
        assert!(!next.list_resumes().expect("resumes").is_empty());
        let done = indexed(&next);
        assert!(done.indexes[0].indexed > 0, "{done:?}");
    }

    #[test]
    fn cancelling_without_a_rebuild_changes_nothing() {
        let (_tmp, shell) = sample_shell();
        let before = indexed(&shell);
        let after = shell.cancel_reindex().expect("cancel");
        assert_eq!(after.indexes, before.indexes);
    }

    #[test]
    fn the_listener_hears_when_new_work_is_indexed_and_nothing_from_idle_passes() {
        let (_tmp, shell) = sample_shell();
        let before = indexed(&shell);
        let heard = Arc::new(Mutex::new(Vec::<IndexStatus>::new()));
        let sink = Arc::clone(&heard);
        shell.on_index_status(move |status| sink.lock().expect("heard").push(status));

        // A command that changes nothing wakes the worker for a pass with
        // nothing to do: it says nothing.
        shell.list_resumes().expect("resumes");
        indexed(&shell);
        shell
            .add_resume(jobforge_core::types::NewResume {
                name: "Listener test".into(),
                content: "Platform engineer who ran Kubernetes clusters and wrote Rust \
                          services for payments, with on-call and incident reviews."
                    .repeat(3),
                focus_area: jobforge_core::types::FocusArea::default(),
                is_primary: false,
            })
            .expect("resume");

        // The pass ends with a report of the emptied queue (a bounded wait
        // for the worker's thread, not a timing assertion).
        let deadline = Instant::now() + Duration::from_secs(60);
        let last = loop {
            let last = heard.lock().expect("heard").last().cloned();
            if let Some(last) = last.filter(|s| s.indexes.iter().all(|i| i.pending == 0)) {
                break last;
            }
            assert!(Instant::now() < deadline, "no final report: {heard:?}");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(last.indexes[0].indexed, before.indexes[0].indexed + 1);
        assert_eq!(last.problem, None);
        assert_eq!(
            last,
            shell.index_status().expect("status"),
            "what the command answers"
        );
        let heard = heard.lock().expect("heard");
        assert!(
            heard
                .iter()
                .all(|s| s.indexes[0].indexed > before.indexes[0].indexed
                    || s.indexes[0].pending > 0),
            "no report from the idle pass: {heard:?}"
        );
    }
}
