//! The semantic index in the encrypted file: sqlite-vec tables per embedder,
//! the persistent queue, switching embedders. Vectors here are hand-made
//! 4-dimensional unit vectors; real embedders are tested in the core.

use jobforge_secrets::DatabaseKey;
use jobforge_store::Store;
use jobforge_store::semantic::{EmbeddedChunk, EmbeddingJob, IndexState, OwnerKind, VectorIndex};
use jobforge_types::{ApplicationUpdate, NewApplication, Priority};
use tempfile::TempDir;

fn key() -> DatabaseKey {
    DatabaseKey::from_bytes([9; 32])
}

fn new_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::create(&dir.path().join("jobforge.sqlite3"), &key()).expect("create store");
    (dir, store)
}

fn application(company: &str, description: &str) -> NewApplication {
    NewApplication {
        company: company.into(),
        role_title: "Backend Engineer".into(),
        job_description: description.into(),
        location: Some("Lisbon".into()),
        priority: Priority::Medium,
        ..NewApplication::default()
    }
}

const RUST_POSTING: &str =
    "We build payment APIs in Rust and PostgreSQL and run them on Kubernetes across three regions.";
const SALES_POSTING: &str =
    "We sell enterprise software to retailers; you will own the pipeline and negotiate contracts.";

fn unit(values: [f32; 4]) -> Vec<f32> {
    let norm = values.iter().map(|v| v * v).sum::<f32>().sqrt();
    values.iter().map(|v| v / norm).collect()
}

fn one_chunk(job: &EmbeddingJob, vector: Vec<f32>) -> Vec<EmbeddedChunk> {
    let text = job.text.clone().expect("live owner has text");
    vec![EmbeddedChunk {
        section: String::new(),
        start_byte: 0,
        end_byte: text.len(),
        text,
        vector,
    }]
}

/// Embeds every queued job: the Rust posting along the first axis, the
/// sales one along the second.
fn drain(store: &mut Store, index_seq: i64) {
    for job in store.pending_embeddings(index_seq, 100).expect("pending") {
        let chunks = match &job.text {
            None => Vec::new(),
            Some(text) if text.contains("Rust") => one_chunk(&job, unit([1.0, 0.1, 0.0, 0.0])),
            Some(_) => one_chunk(&job, unit([0.0, 1.0, 0.1, 0.0])),
        };
        assert!(store.save_embeddings(&job, &chunks).expect("save"));
    }
}

#[test]
fn a_new_index_queues_everything_and_finds_the_nearest_chunk() {
    let (_dir, mut store) = new_store();
    store
        .create_application(application("Ferrous", RUST_POSTING))
        .expect("create");
    store
        .create_application(application("Salesly", SALES_POSTING))
        .expect("create");
    let index = store.ensure_vector_index("test-v1/4", 4).expect("index");
    assert_eq!(index.state, IndexState::Active);
    let jobs = store.pending_embeddings(index.seq, 10).expect("pending");
    assert_eq!(jobs.len(), 2);
    let text = jobs[0].text.as_deref().expect("text");
    assert!(
        text.starts_with("# Backend Engineer — Ferrous\nLisbon\n"),
        "{text}"
    );
    drain(&mut store, index.seq);
    let progress = store.index_progress(index.seq).expect("progress");
    assert_eq!(
        (progress.pending, progress.indexed, progress.chunks),
        (0, 2, 2)
    );

    let hits = store
        .nearest_chunks(&index, &unit([0.9, 0.0, 0.1, 0.0]), 2)
        .expect("knn");
    assert_eq!(hits.len(), 2);
    assert!(hits[0].text.contains("Ferrous"), "{:?}", hits[0]);
    assert!(
        hits[0].similarity > 0.9 && hits[1].similarity < 0.2,
        "{hits:?}"
    );
    assert_eq!(hits[0].owner.kind, OwnerKind::Application);
}

#[test]
fn an_edit_requeues_and_an_embedding_of_the_older_text_is_not_stored() {
    let (_dir, mut store) = new_store();
    let index = store.ensure_vector_index("test-v1/4", 4).expect("index");
    let app = store
        .create_application(application("Ferrous", RUST_POSTING))
        .expect("create");
    let stale = store.pending_embeddings(index.seq, 10).expect("pending");
    assert_eq!(stale.len(), 1, "a new application is queued by the trigger");
    store
        .update_application(
            &app.id,
            None,
            ApplicationUpdate {
                job_description: Some(format!("{RUST_POSTING} Also some Go.")),
                ..ApplicationUpdate::default()
            },
        )
        .expect("update");
    let chunks = one_chunk(&stale[0], unit([1.0, 0.0, 0.0, 0.0]));
    assert!(
        !store.save_embeddings(&stale[0], &chunks).expect("save"),
        "the text changed after it was handed out"
    );
    assert_eq!(store.index_progress(index.seq).expect("p").chunks, 0);
    let fresh = store.pending_embeddings(index.seq, 10).expect("pending");
    assert!(
        fresh[0]
            .text
            .as_deref()
            .expect("text")
            .contains("Also some Go.")
    );
    assert!(
        store
            .save_embeddings(&fresh[0], &one_chunk(&fresh[0], unit([1.0, 0.0, 0.0, 0.0])))
            .expect("save")
    );
    assert_eq!(store.index_progress(index.seq).expect("p").pending, 0);
}

#[test]
fn a_deleted_application_leaves_the_index() {
    let (_dir, mut store) = new_store();
    let index = store.ensure_vector_index("test-v1/4", 4).expect("index");
    let app = store
        .create_application(application("Ferrous", RUST_POSTING))
        .expect("create");
    drain(&mut store, index.seq);
    store.delete_application(&app.id).expect("delete");
    let jobs = store.pending_embeddings(index.seq, 10).expect("pending");
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].text, None, "a deleted owner has no text to embed");
    drain(&mut store, index.seq);
    assert_eq!(
        store.index_progress(index.seq).expect("p").chunks,
        0,
        "its chunks are gone"
    );
    assert!(
        store
            .nearest_chunks(&index, &unit([1.0, 0.0, 0.0, 0.0]), 5)
            .expect("knn")
            .is_empty()
    );
}

#[test]
fn the_queue_survives_closing_the_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("jobforge.sqlite3");
    {
        let mut store = Store::create(&path, &key()).expect("create");
        store.ensure_vector_index("test-v1/4", 4).expect("index");
        store
            .create_application(application("Ferrous", RUST_POSTING))
            .expect("create");
    }
    let store = Store::open(&path, &key()).expect("reopen");
    let index = store
        .active_vector_index()
        .expect("read")
        .expect("still there");
    assert_eq!(store.index_progress(index.seq).expect("p").pending, 1);
}

/// One application indexed by "old", and "new" just chosen.
fn switch_under_way() -> (TempDir, Store, VectorIndex, VectorIndex) {
    let (dir, mut store) = new_store();
    store
        .create_application(application("Ferrous", RUST_POSTING))
        .expect("create");
    let old = store.ensure_vector_index("old-v1/4", 4).expect("index");
    drain(&mut store, old.seq);
    let new = store.ensure_vector_index("new-v1/4", 4).expect("index");
    (dir, store, old, new)
}

#[test]
fn switching_embedder_builds_beside_the_active_index_then_replaces_it() {
    let (_dir, mut store, old, new) = switch_under_way();
    assert_eq!(new.state, IndexState::Building);
    assert_eq!(
        store.active_vector_index().expect("read").map(|i| i.seq),
        Some(old.seq),
        "searches keep using the old index while the new one fills"
    );
    // A change during the build reaches both indexes.
    store
        .create_application(application("Salesly", SALES_POSTING))
        .expect("create");
    assert_eq!(store.index_progress(old.seq).expect("p").pending, 1);
    assert!(
        store.promote_vector_index(new.seq).is_err(),
        "not before it is complete"
    );
    drain(&mut store, new.seq);
    store.promote_vector_index(new.seq).expect("promote");
    let indexes = store.vector_indexes().expect("list");
    assert_eq!(indexes.len(), 1);
    assert_eq!(indexes[0].seq, new.seq);
    assert_eq!(indexes[0].state, IndexState::Active);
}

#[test]
fn cancelling_a_switch_drops_only_the_new_index() {
    let (_dir, mut store, old, new) = switch_under_way();
    store.drop_vector_index(new.seq).expect("cancel");
    let indexes = store.vector_indexes().expect("list");
    assert_eq!(indexes.len(), 1);
    assert_eq!(indexes[0].seq, old.seq);
    assert_eq!(
        store
            .nearest_chunks(&old, &unit([1.0, 0.0, 0.0, 0.0]), 1)
            .expect("knn")
            .len(),
        1
    );
}

#[test]
fn vectors_of_the_wrong_dimension_are_refused_and_nothing_is_stored() {
    let (_dir, mut store) = new_store();
    let index = store.ensure_vector_index("test-v1/4", 4).expect("index");
    store
        .create_application(application("Ferrous", RUST_POSTING))
        .expect("create");
    let job = store
        .pending_embeddings(index.seq, 1)
        .expect("pending")
        .remove(0);
    let wrong = one_chunk(&job, vec![1.0, 0.0, 0.0]);
    assert!(store.save_embeddings(&job, &wrong).is_err());
    let progress = store.index_progress(index.seq).expect("p");
    assert_eq!((progress.pending, progress.chunks), (1, 0));
    assert!(
        store.nearest_chunks(&index, &[1.0, 0.0], 1).is_err(),
        "a query of the wrong size is refused"
    );
}
