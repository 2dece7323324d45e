//! Meaning: which embedder the user chose, keeping the semantic index
//! current, hybrid search and similar applications.
//!
//! The store holds the index and the queue; this module chunks and embeds.
//! Indexing is split into three steps ([`take_batch`], [`embed_batch`],
//! [`store_batch`]) so that a host which shares the store between threads
//! (the desktop shell) holds it only to read and to write, never while a
//! model runs. [`index_pending`] runs the three in a loop for one thread
//! (the CLI).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use jobforge_ai::download::{DownloadLimits, DownloadProgress, download_model};
use jobforge_ai::{CancelToken, EngineConfig, ProviderEmbedder};
use jobforge_embed::{
    BuiltinEmbedder, ChunkKind, ChunkLimits, Embedder, EmbedderId, MiniLmEmbedder, chunk,
};
use jobforge_secrets::Keyring;
use jobforge_store::semantic::{
    EmbeddedChunk, EmbeddingJob, IndexProgress, IndexState, OwnerKind, VectorIndex,
};
use jobforge_store::{MeaningQuery, SearchQuery, Store};
use jobforge_types::{
    AiSettings, ApplicationId, EmbedderKind, EngineKind, SearchFilter, SearchHit,
    SimilarApplication,
};

use crate::{DataDir, Workspace, WorkspaceError, pipeline};

/// How many queued items one batch embeds: small enough that a host
/// sharing the store gets it back quickly, big enough to batch a model.
pub const BATCH_ITEMS: u32 = 8;

/// The MiniLM folder the app uses when the settings name none.
pub fn default_minilm_dir(dir: &DataDir) -> PathBuf {
    dir.root().join("models").join("all-MiniLM-L6-v2")
}

/// Downloads all-MiniLM-L6-v2 into `folder` from `source` (a folder
/// address; `None`: where the model is published), checking every file
/// against its pinned size and SHA-256, then loads it once so a model that
/// cannot run is reported now. Resumes a download that stopped; files
/// already in place are not fetched again. Does not change the settings.
pub async fn download_minilm(
    folder: &Path,
    source: Option<&str>,
    cancel: &CancelToken,
    progress: &mut (dyn FnMut(DownloadProgress) + Send),
) -> Result<(), WorkspaceError> {
    download_model(
        source.unwrap_or(jobforge_embed::MINILM_SOURCE),
        &jobforge_embed::MINILM_FILES,
        folder,
        DownloadLimits::default(),
        cancel,
        progress,
    )
    .await?;
    MiniLmEmbedder::load(folder)?;
    Ok(())
}

/// The embedder the settings choose, ready to run. A provider embedder
/// makes one small request to learn its dimension, so call this off any
/// thread that must stay responsive.
pub fn embedder_for(
    settings: &AiSettings,
    dir: &DataDir,
    keyring: &Keyring,
) -> Result<Box<dyn Embedder>, WorkspaceError> {
    let embedding = &settings.embedding;
    match embedding.embedder {
        EmbedderKind::Builtin => Ok(Box::new(BuiltinEmbedder::new())),
        EmbedderKind::MiniLm => {
            let folder = embedding
                .minilm_dir
                .as_deref()
                .map(PathBuf::from)
                .unwrap_or_else(|| default_minilm_dir(dir));
            Ok(Box::new(MiniLmEmbedder::load(&folder)?))
        }
        EmbedderKind::Provider => Ok(Box::new(provider_embedder(settings, keyring)?)),
    }
}

/// The provider embedder the settings choose: the embedding engine's base
/// URL, timeouts and retries (those its chat uses), the embedding model, and
/// that provider's key from the keyring.
fn provider_embedder(
    settings: &AiSettings,
    keyring: &Keyring,
) -> Result<ProviderEmbedder, WorkspaceError> {
    let embedding = &settings.embedding;
    // With no engine named, a local server (Ollama), which needs no key.
    let engine = embedding
        .provider_engine
        .unwrap_or(EngineKind::OpenAiCompatible);
    let EngineConfig::Provider(config) = pipeline::engine_config(settings, engine) else {
        // The offline engine has no embeddings endpoint.
        return Err(WorkspaceError::EmbeddingProviderUnavailable);
    };
    let api_key = match pipeline::provider_key(keyring, config.kind) {
        Ok(key) => key,
        // As `run` does: an unreachable keyring matters only to a provider
        // that needs a key.
        Err(_) if !config.kind.requires_key() => None,
        Err(error) => return Err(error),
    };
    Ok(ProviderEmbedder::connect(
        &config,
        api_key.as_ref(),
        embedding.provider_model.as_deref(),
    )?)
}

/// Below this cosine a chunk is not a search hit. Each embedder has its own
/// scale: the built-in one's feature hashing gives low cosines even for
/// clearly related texts, while neural models rarely go below 0.1 even for
/// unrelated ones. Set from the evaluation set (see this module's tests).
pub fn min_search_similarity(embedder: &EmbedderId) -> f32 {
    if embedder.name.starts_with("builtin") {
        0.12
    } else {
        0.25
    }
}

/// The index for `embedder`: created (with everything queued) the first
/// time, built beside the active one when the user switched embedder.
pub fn ensure_index(
    store: &mut Store,
    embedder: &dyn Embedder,
) -> Result<VectorIndex, WorkspaceError> {
    Ok(store.ensure_vector_index(&embedder.id().to_string(), embedder.dimension())?)
}

/// The next queued items of `index`.
pub fn take_batch(store: &Store, index: &VectorIndex) -> Result<Vec<EmbeddingJob>, WorkspaceError> {
    Ok(store.pending_embeddings(index.seq, BATCH_ITEMS)?)
}

/// A job with its chunks embedded, ready for [`store_batch`].
#[derive(Debug)]
pub struct EmbeddedJob {
    pub job: EmbeddingJob,
    pub chunks: Vec<EmbeddedChunk>,
}

/// Chunks and embeds a batch, without the store. Chunks with nothing to
/// embed (their vector is zero) are left out: they could match nothing.
pub fn embed_batch(
    embedder: &dyn Embedder,
    jobs: Vec<EmbeddingJob>,
) -> Result<Vec<EmbeddedJob>, WorkspaceError> {
    let mut pieces: Vec<(usize, jobforge_embed::Chunk)> = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        if let Some(text) = &job.text {
            let kind = match job.owner.kind {
                OwnerKind::Application => ChunkKind::Posting,
                OwnerKind::Resume => ChunkKind::Resume,
                OwnerKind::Document => ChunkKind::Document,
            };
            pieces.extend(
                chunk(text, kind, ChunkLimits::default())
                    .into_iter()
                    .map(|c| (i, c)),
            );
        }
    }
    let mut vectors = Vec::with_capacity(pieces.len());
    for batch in pieces.chunks(embedder.max_batch().max(1)) {
        let texts: Vec<&str> = batch.iter().map(|(_, c)| c.text.as_str()).collect();
        let embedded = embedder.embed(&texts)?;
        jobforge_embed::check_batch(&embedder.id(), texts.len(), &embedded)?;
        vectors.extend(embedded);
    }
    let mut out: Vec<EmbeddedJob> = jobs
        .into_iter()
        .map(|job| EmbeddedJob {
            job,
            chunks: Vec::new(),
        })
        .collect();
    for ((i, piece), vector) in pieces.into_iter().zip(vectors) {
        if vector.iter().all(|v| *v == 0.0) {
            continue;
        }
        out[i].chunks.push(EmbeddedChunk {
            section: piece.section.unwrap_or_default(),
            start_byte: piece.byte_range.start,
            end_byte: piece.byte_range.end,
            text: piece.text,
            vector,
        });
    }
    Ok(out)
}

/// Stores an embedded batch; returns how many items it took off the queue
/// (an item edited meanwhile stays queued with its newer text).
pub fn store_batch(store: &mut Store, batch: &[EmbeddedJob]) -> Result<usize, WorkspaceError> {
    let mut stored = 0;
    for item in batch {
        if store.save_embeddings(&item.job, &item.chunks)? {
            stored += 1;
        }
    }
    Ok(stored)
}

/// When an index has nothing left to embed: a building index (a switch of
/// embedder) replaces the active one. Returns the index searches use now.
pub fn finish_if_built(store: &mut Store, index: &VectorIndex) -> Result<bool, WorkspaceError> {
    if index.state == IndexState::Building && store.index_progress(index.seq)?.pending == 0 {
        store.promote_vector_index(index.seq)?;
        return Ok(true);
    }
    Ok(false)
}

/// What [`index_pending`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexOutcome {
    pub progress: IndexProgress,
    pub cancelled: bool,
}

/// Embeds everything queued for the chosen embedder, in one thread,
/// reporting progress after each batch; stops between batches when
/// `cancel` is set (what was stored stays stored; the rest stays queued).
pub fn index_pending(
    store: &mut Store,
    embedder: &dyn Embedder,
    cancel: &AtomicBool,
    mut progress: impl FnMut(IndexProgress),
) -> Result<IndexOutcome, WorkspaceError> {
    let index = ensure_index(store, embedder)?;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Ok(IndexOutcome {
                progress: store.index_progress(index.seq)?,
                cancelled: true,
            });
        }
        let jobs = take_batch(store, &index)?;
        if jobs.is_empty() {
            break;
        }
        let embedded = embed_batch(embedder, jobs)?;
        if store_batch(store, &embedded)? == 0 {
            // Every item changed while it was embedded; the next batch has
            // the newer texts. Only a writer on another connection can do
            // that here, so this cannot spin for long.
            continue;
        }
        progress(store.index_progress(index.seq)?);
    }
    finish_if_built(store, &index)?;
    Ok(IndexOutcome {
        progress: store.index_progress(index.seq)?,
        cancelled: false,
    })
}

/// Drops an index being built after a switch of embedder (the user
/// cancelled the switch); the active index stays.
pub fn cancel_rebuild(store: &mut Store) -> Result<bool, WorkspaceError> {
    let building: Vec<VectorIndex> = store
        .vector_indexes()?
        .into_iter()
        .filter(|i| i.state == IndexState::Building)
        .collect();
    for index in &building {
        store.drop_vector_index(index.seq)?;
    }
    Ok(!building.is_empty())
}

/// Full-text and meaning search fused. The meaning half needs the active
/// index to have been made by `embedder`; while it is not (a switch of
/// embedder is being built), or the query has no meaning to embed, the
/// search is by words alone.
pub fn search(
    store: &Store,
    embedder: Option<&dyn Embedder>,
    text: &str,
    filter: &SearchFilter,
    limit: u32,
) -> Result<Vec<SearchHit>, WorkspaceError> {
    let active = store.active_vector_index()?;
    let mut query_vector = None;
    if let (Some(embedder), Some(index)) = (embedder, &active)
        && index.embedder == embedder.id().to_string()
    {
        let vector = embedder.embed(&[text])?.pop().unwrap_or_default();
        if vector.len() == index.dimension && vector.iter().any(|v| *v != 0.0) {
            query_vector = Some((vector, min_search_similarity(&embedder.id())));
        }
    }
    let meaning = match (&active, &query_vector) {
        (Some(index), Some((vector, min_similarity))) => Some(MeaningQuery {
            index,
            vector,
            min_similarity: *min_similarity,
        }),
        _ => None,
    };
    Ok(store.hybrid_search(SearchQuery {
        text,
        filter,
        limit,
        meaning,
    })?)
}

/// Applications whose postings read most like this one's.
pub fn similar_applications(
    store: &Store,
    application: &ApplicationId,
    limit: u32,
) -> Result<Vec<SimilarApplication>, WorkspaceError> {
    let Some(index) = store.active_vector_index()? else {
        return Ok(Vec::new());
    };
    Ok(store.similar_applications(&index, application, limit)?)
}

impl Workspace {
    /// The embedder the settings choose (`keyring` holds a provider's key).
    pub fn embedder(&self, keyring: &Keyring) -> Result<Box<dyn Embedder>, WorkspaceError> {
        embedder_for(&self.ai_settings()?, self.dir(), keyring)
    }
}
