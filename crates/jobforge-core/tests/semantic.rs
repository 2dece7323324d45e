//! The semantic layer over a real encrypted workspace: indexing the sample
//! library, hybrid search with both embedders, switching embedder (built
//! beside the active index, cancellable), edits re-indexed.

mod support;

use std::sync::atomic::AtomicBool;

use jobforge_core::embed::{BuiltinEmbedder, Embedder, MiniLmEmbedder};
use jobforge_core::semantic;
use jobforge_core::store::semantic::IndexState;
use jobforge_core::types::{
    ApplicationUpdate, EmbedderKind, EmbeddingSettings, MatchedBy, SearchFilter, SearchHitKind,
};
use jobforge_core::{Workspace, sample};

use jobforge_testkit::models::minilm_dir;
use support::{application_of, new_workspace};

const PASSPHRASE: &str = "semantic layer test passphrase";

fn sample_workspace() -> (tempfile::TempDir, Workspace) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut ws = new_workspace(tmp.path(), PASSPHRASE);
    sample::load(ws.store_mut()).expect("samples");
    (tmp, ws)
}

fn index_all(ws: &mut Workspace, embedder: &dyn Embedder) {
    let outcome =
        semantic::index_pending(ws.store_mut(), embedder, &AtomicBool::new(false), |_| {})
            .expect("index");
    assert!(!outcome.cancelled);
    assert_eq!(outcome.progress.pending, 0);
}

#[test]
fn the_built_in_embedder_finds_by_meaning_and_leaves_unrelated_queries_empty() {
    let (_tmp, mut ws) = sample_workspace();
    let embedder = ws
        .embedder(&jobforge_core::secrets::Keyring::new(
            "jobforge-test-unused",
        ))
        .expect("the built-in embedder is the default");
    assert_eq!(embedder.id().to_string(), "builtin-hash-v1/384");
    index_all(&mut ws, embedder.as_ref());

    let filter = SearchFilter::default();
    // "k8s" is not in any sample text; the taxonomy knows it is Kubernetes.
    let hits =
        semantic::search(ws.store(), Some(embedder.as_ref()), "k8s", &filter, 10).expect("search");
    let brightpath = application_of(&ws, "Brightpath Health");
    assert!(
        hits.iter().any(
            |h| h.target == SearchHitKind::Application { id: brightpath }
                && h.matched == MatchedBy::Meaning
        ),
        "{hits:#?}"
    );
    let words_only = semantic::search(ws.store(), None, "k8s", &filter, 10).expect("words only");
    assert!(words_only.is_empty(), "no sample text has the word k8s");

    let unrelated = semantic::search(
        ws.store(),
        Some(embedder.as_ref()),
        "pastry chef sourdough croissants",
        &filter,
        10,
    )
    .expect("search");
    assert!(
        unrelated.is_empty(),
        "nothing is about baking: {unrelated:#?}"
    );
}

#[test]
fn every_hit_returned_carries_the_snippet_of_the_half_that_found_it() {
    let (_tmp, mut ws) = sample_workspace();
    let embedder = BuiltinEmbedder::new();
    index_all(&mut ws, &embedder);
    let filter = SearchFilter::default();

    // Found by words (and usually by meaning too): FTS5's passage, with the
    // word highlighted.
    let hits =
        semantic::search(ws.store(), Some(&embedder), "kubernetes", &filter, 10).expect("search");
    let by_words: Vec<_> = hits
        .iter()
        .filter(|h| h.matched != MatchedBy::Meaning)
        .collect();
    assert!(!by_words.is_empty(), "{hits:#?}");
    for hit in by_words {
        assert!(
            hit.snippet.to_lowercase().contains("[kubernetes"),
            "{hit:#?}"
        );
    }

    // Found by meaning only: the closest chunk's own text.
    let hits = semantic::search(ws.store(), Some(&embedder), "k8s", &filter, 10).expect("search");
    let by_meaning: Vec<_> = hits
        .iter()
        .filter(|h| h.matched == MatchedBy::Meaning)
        .collect();
    assert!(!by_meaning.is_empty(), "{hits:#?}");
    for hit in by_meaning {
        assert!(
            hit.snippet.split_whitespace().count() >= 5,
            "a passage of the chunk: {hit:#?}"
        );
        assert!(
            !hit.snippet.contains('['),
            "no query word to mark: {hit:#?}"
        );
    }
}

#[test]
fn an_edited_posting_is_searched_by_its_new_text() {
    let (_tmp, mut ws) = sample_workspace();
    let embedder = BuiltinEmbedder::new();
    index_all(&mut ws, &embedder);
    let cobalt = application_of(&ws, "Cobalt Analytics");
    let application = ws.store().application(&cobalt).expect("load");
    ws.store_mut()
        .update_application(
            &cobalt,
            None,
            ApplicationUpdate {
                job_description: Some(format!(
                    "{}\n\n## Also\n\nYou will maintain our Elixir and Phoenix services.",
                    application.job_description
                )),
                ..ApplicationUpdate::default()
            },
        )
        .expect("update");
    let index = ws
        .store()
        .active_vector_index()
        .expect("read")
        .expect("index");
    assert_eq!(ws.store().index_progress(index.seq).expect("p").pending, 1);
    index_all(&mut ws, &embedder);
    let similar_text = semantic::search(
        ws.store(),
        Some(&embedder),
        "phoenix elixir",
        &SearchFilter::default(),
        5,
    )
    .expect("search");
    assert_eq!(
        similar_text.first().map(|h| h.target.clone()),
        Some(SearchHitKind::Application { id: cobalt })
    );
}

#[test]
fn switching_to_minilm_rebuilds_beside_the_active_index_and_then_searches_with_it() {
    let (_tmp, mut ws) = sample_workspace();
    let builtin = BuiltinEmbedder::new();
    index_all(&mut ws, &builtin);

    let mut settings = ws.ai_settings().expect("settings");
    settings.embedding = EmbeddingSettings {
        embedder: EmbedderKind::MiniLm,
        minilm_dir: Some(minilm_dir().display().to_string()),
        ..EmbeddingSettings::default()
    };
    ws.set_ai_settings(&settings).expect("save");
    let minilm = ws
        .embedder(&jobforge_core::secrets::Keyring::new(
            "jobforge-test-unused",
        ))
        .expect("the model loads");
    assert_eq!(minilm.id().to_string(), "all-minilm-l6-v2-v1/384");

    let building = semantic::ensure_index(ws.store_mut(), minilm.as_ref()).expect("index");
    assert_eq!(building.state, IndexState::Building);
    // Until it is built, searches use the built-in index (and embedder).
    let active = ws
        .store()
        .active_vector_index()
        .expect("read")
        .expect("active");
    assert_eq!(active.embedder, "builtin-hash-v1/384");
    let words_only = semantic::search(
        ws.store(),
        Some(minilm.as_ref()),
        "kubernetes",
        &SearchFilter::default(),
        5,
    )
    .expect("search");
    assert!(words_only.iter().all(|h| h.matched == MatchedBy::Words));

    index_all(&mut ws, minilm.as_ref());
    let indexes = ws.store().vector_indexes().expect("list");
    assert_eq!(
        indexes.len(),
        1,
        "the old index is dropped once the new one is built"
    );
    assert_eq!(indexes[0].embedder, "all-minilm-l6-v2-v1/384");

    let hits = semantic::search(
        ws.store(),
        Some(minilm.as_ref()),
        "container orchestration",
        &SearchFilter::default(),
        5,
    )
    .expect("search");
    let brightpath = application_of(&ws, "Brightpath Health");
    assert!(
        hits.iter()
            .any(|h| h.target == SearchHitKind::Application { id: brightpath }),
        "{hits:#?}"
    );
}

#[test]
fn a_cancelled_switch_keeps_the_active_index() {
    let (_tmp, mut ws) = sample_workspace();
    index_all(&mut ws, &BuiltinEmbedder::new());
    let minilm = MiniLmEmbedder::load(&minilm_dir()).expect("model");
    semantic::ensure_index(ws.store_mut(), &minilm).expect("index");
    assert!(semantic::cancel_rebuild(ws.store_mut()).expect("cancel"));
    let indexes = ws.store().vector_indexes().expect("list");
    assert_eq!(indexes.len(), 1);
    assert_eq!(indexes[0].embedder, "builtin-hash-v1/384");
    assert!(!semantic::cancel_rebuild(ws.store_mut()).expect("nothing to cancel"));
}

#[test]
fn a_missing_model_folder_is_named_with_what_to_do() {
    let (tmp, mut ws) = sample_workspace();
    let mut settings = ws.ai_settings().expect("settings");
    settings.embedding.embedder = EmbedderKind::MiniLm;
    settings.embedding.minilm_dir = Some(tmp.path().join("nowhere").display().to_string());
    ws.set_ai_settings(&settings).expect("save");
    let Err(error) = ws.embedder(&jobforge_core::secrets::Keyring::new(
        "jobforge-test-unused",
    )) else {
        panic!("no model there");
    };
    assert!(error.is_user_error());
    let message = error.to_string();
    assert!(
        message.contains("nowhere") && message.contains("download"),
        "{message}"
    );
}

/// A scripted OpenAI-compatible server on a runtime of its own, so the
/// synchronous embedder can block on this thread.
fn embeddings_server(
    replies: Vec<jobforge_testkit::http_script::Reply>,
) -> (
    tokio::runtime::Runtime,
    jobforge_testkit::http_script::Server,
) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let server = runtime.block_on(jobforge_testkit::http_script::Server::start(replies));
    (runtime, server)
}

fn vectors_reply(vectors: &[[f32; 3]]) -> jobforge_testkit::http_script::Reply {
    let data: Vec<_> = vectors
        .iter()
        .enumerate()
        .map(|(index, v)| serde_json::json!({ "index": index, "embedding": v }))
        .collect();
    jobforge_testkit::http_script::Reply::json(
        200,
        &[],
        &serde_json::json!({ "data": data }).to_string(),
    )
}

#[test]
fn the_provider_embedder_uses_the_compatible_engines_address_and_the_chosen_model() {
    let (_runtime, server) = embeddings_server(vec![
        vectors_reply(&[[1.0, 0.0, 0.0]]), // the probe
        vectors_reply(&[[0.0, 3.0, 4.0], [2.0, 0.0, 0.0]]),
    ]);
    let (_tmp, mut ws) = sample_workspace();
    let mut settings = ws.ai_settings().expect("settings");
    settings.openai_compatible.base_url = Some(server.base_url());
    settings.embedding = EmbeddingSettings {
        embedder: EmbedderKind::Provider,
        provider_engine: None,
        provider_model: Some("nomic-embed-text".into()),
        ..EmbeddingSettings::default()
    };
    ws.set_ai_settings(&settings).expect("save");
    let keyring = jobforge_core::secrets::Keyring::new("jobforge-test-unused");
    let embedder = ws.embedder(&keyring).expect("connects");
    assert_eq!(
        embedder.id().to_string(),
        "compatible-nomic-embed-text-v1/3"
    );
    let vectors = embedder.embed(&["one", "two"]).expect("embed");
    assert!((vectors[0][1] - 0.6).abs() < 1e-6 && (vectors[0][2] - 0.8).abs() < 1e-6);
    assert_eq!(vectors[1], vec![1.0, 0.0, 0.0]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests.iter().all(|r| r.path.ends_with("/embeddings")),
        "{requests:?}"
    );
    assert_eq!(requests[1].json()["model"], "nomic-embed-text");
    assert_eq!(
        requests[1].json()["input"],
        serde_json::json!(["one", "two"])
    );
}

#[test]
fn embeddings_from_the_offline_engine_or_anthropic_are_refused_in_words() {
    let (_tmp, mut ws) = sample_workspace();
    let keyring = jobforge_core::secrets::Keyring::new("jobforge-test-unused");
    let mut settings = ws.ai_settings().expect("settings");
    settings.embedding.embedder = EmbedderKind::Provider;
    settings.embedding.provider_engine = Some(jobforge_core::types::EngineKind::Offline);
    ws.set_ai_settings(&settings).expect("save");
    let Err(offline) = ws.embedder(&keyring) else {
        panic!("the offline engine has no embeddings");
    };
    assert!(offline.is_user_error());
    assert!(
        offline.to_string().contains("OpenAI-compatible"),
        "{offline}"
    );

    settings.embedding.provider_engine = Some(jobforge_core::types::EngineKind::Anthropic);
    ws.set_ai_settings(&settings).expect("save");
    let Err(anthropic) = ws.embedder(&keyring) else {
        panic!("Anthropic has no embeddings endpoint");
    };
    assert!(anthropic.is_user_error(), "{anthropic}");
}
