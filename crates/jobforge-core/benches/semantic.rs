//! The semantic layer at scale, in one run, in a real encrypted store:
//!
//! 1. indexing: 10,000 applications chunked and embedded with the built-in
//!    embedder (about 100,000 chunks), stored in sqlite-vec;
//! 2. top-10 KNN over those vectors in the encrypted store, against a
//!    brute-force scan of the same vectors in memory
//!    (`jobforge_embed::top_k_unit_rows`: contiguous `f32`s, dot products, a
//!    running top-10);
//! 3. hybrid search (query embedding, FTS5, KNN, fusion) p50 and p95.
//!
//! Run: `cargo xtask bench` (or `cargo bench -p jobforge-core --bench
//! semantic`). `JOBFORGE_BENCH_APPS` changes the number of applications.
//! `JOBFORGE_BENCH_KEEP=DIR` keeps the built store (and a copy of its
//! vectors) in DIR and reuses it on the next run, which then measures the
//! searches only: for trying a change to search without re-indexing.

use std::time::{Duration, Instant};

use jobforge_core::embed::{BuiltinEmbedder, Embedder, top_k_unit_rows};
use jobforge_core::semantic;
use jobforge_core::store::Store;
use jobforge_core::store::semantic::{IndexState, VectorIndex};
use jobforge_core::types::{NewApplication, SearchFilter};
use jobforge_secrets::DatabaseKey;

const TOPICS: &[&str] = &[
    "payments platform in Rust and PostgreSQL with strict latency budgets",
    "Kubernetes clusters on AWS managed with Terraform and Helm",
    "data pipelines in Python with Airflow, Spark and dbt on Snowflake",
    "React and TypeScript front ends with accessibility and design systems",
    "machine learning models for demand forecasting with PyTorch",
    "clinical workflows for nurses, patient safety and compliance audits",
    "enterprise sales of analytics software to retailers, pipeline ownership",
    "financial reporting, month-end close, IFRS and budgeting",
    "mobile apps in Kotlin and Swift with offline sync",
    "security engineering: threat modelling, incident response, SOC 2",
    "customer support operations, SLAs and knowledge bases",
    "logistics routing and warehouse management systems in Go",
    "marketing campaigns, SEO, paid acquisition and attribution",
    "embedded firmware in C for battery-powered sensors",
    "hiring and mentoring engineers, roadmaps and team health",
    "Kafka event streaming and distributed systems reliability",
];

const FILLER: &[&str] = &[
    "You will work closely with product managers and designers to ship changes every week.",
    "We value written communication, careful reviews and calm on-call rotations.",
    "Our customers depend on us being boring in the best sense: predictable and safe.",
    "You will help plan quarterly goals and keep stakeholders informed of progress.",
    "The team is distributed across three time zones and meets twice a week.",
    "We offer a learning budget, parental leave and a four-day week in summer.",
    "Expect to mentor colleagues and to be mentored in turn.",
    "We measure what we ship and remove what nobody uses.",
];

/// A posting about three topics (of sixteen), in ten sections of a chunk
/// or so each, with everyday filler around the topic sentences.
fn posting(n: usize) -> String {
    let topics = [
        TOPICS[n % TOPICS.len()],
        TOPICS[(n / 3 + 5) % TOPICS.len()],
        TOPICS[(n / 7 + 11) % TOPICS.len()],
    ];
    let mut text = String::new();
    for section in 0..10 {
        text.push_str(&format!("## Part {section}\n\n"));
        text.push_str(&format!(
            "Team {n} needs experience with {}. ",
            topics[section % topics.len()]
        ));
        for sentence in 0..5 {
            text.push_str(FILLER[(n + section * 3 + sentence) % FILLER.len()]);
            text.push(' ');
        }
        text.push_str("\n\n");
    }
    text
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[index]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct BuildTimings {
    insert: Duration,
    index: Duration,
    embed: Duration,
}

/// A store with `apps` applications, indexed through the same three steps
/// the app uses, and a copy of every vector for the brute-force baseline.
fn build(
    path: &std::path::Path,
    key: &DatabaseKey,
    embedder: &BuiltinEmbedder,
    apps: usize,
) -> (Store, VectorIndex, Vec<f32>, BuildTimings) {
    let mut store = Store::create(path, key).expect("store");
    let started = Instant::now();
    for n in 0..apps {
        store
            .create_application(NewApplication {
                company: format!("Company {n}"),
                role_title: format!("Role {}", n % 97),
                job_description: posting(n),
                ..NewApplication::default()
            })
            .expect("insert");
    }
    let insert = started.elapsed();

    let index = semantic::ensure_index(&mut store, embedder).expect("index");
    assert_eq!(index.state, IndexState::Active);
    let mut vectors: Vec<f32> = Vec::new();
    let mut embed = Duration::ZERO;
    let started = Instant::now();
    loop {
        let jobs = semantic::take_batch(&store, &index).expect("batch");
        if jobs.is_empty() {
            break;
        }
        let t = Instant::now();
        let embedded = semantic::embed_batch(embedder, jobs).expect("embed");
        embed += t.elapsed();
        for item in &embedded {
            for chunk in &item.chunks {
                vectors.extend_from_slice(&chunk.vector);
            }
        }
        semantic::store_batch(&mut store, &embedded).expect("store");
    }
    let index_time = started.elapsed();
    let progress = store.index_progress(index.seq).expect("progress");
    assert_eq!(
        progress.chunks as usize,
        vectors.len() / embedder.dimension()
    );
    (
        store,
        index,
        vectors,
        BuildTimings {
            insert,
            index: index_time,
            embed,
        },
    )
}

fn main() {
    let apps: usize = std::env::var("JOBFORGE_BENCH_APPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let temp = tempfile::tempdir().expect("temp dir");
    let keep = std::env::var_os("JOBFORGE_BENCH_KEEP").map(std::path::PathBuf::from);
    let dir = keep.clone().unwrap_or_else(|| temp.path().to_owned());
    std::fs::create_dir_all(&dir).expect("bench dir");
    let db_path = dir.join("bench.sqlite3");
    let vectors_path = dir.join("bench.vectors");
    let key = DatabaseKey::from_bytes([3; 32]);
    let embedder = BuiltinEmbedder::new();
    let dimension = embedder.dimension();
    let reuse = keep.is_some() && db_path.exists() && vectors_path.exists();

    let (store, index, vectors, timings) = if reuse {
        let store = Store::open(&db_path, &key).expect("open kept store");
        let index = store
            .active_vector_index()
            .expect("index")
            .expect("the kept store has an active index");
        let bytes = std::fs::read(&vectors_path).expect("kept vectors");
        let vectors: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        (store, index, vectors, None)
    } else {
        let _ = std::fs::remove_file(&db_path);
        let (store, index, vectors, timings) = build(&db_path, &key, &embedder, apps);
        if keep.is_some() {
            let bytes: Vec<u8> = vectors.iter().flat_map(|v| v.to_le_bytes()).collect();
            std::fs::write(&vectors_path, bytes).expect("keep vectors");
        }
        (store, index, vectors, Some(timings))
    };
    let chunks = vectors.len() / dimension;

    // What people type into a search box: one to three words.
    const QUERIES: &[&str] = &[
        "kubernetes terraform",
        "rust payments",
        "nurse compliance",
        "react accessibility",
        "forecasting",
        "kafka",
        "month-end close",
        "swift offline",
        "incident response",
        "warehouse routing",
        "seo",
        "firmware sensors",
        "mentoring roadmap",
        "snowflake dbt",
        "retail sales pipeline",
        "latency",
        "design systems",
        "patient safety",
        "go logistics",
        "helm aws",
    ];
    let queries: Vec<String> = (0..60)
        .map(|i| QUERIES[i % QUERIES.len()].to_owned())
        .collect();
    let query_vectors: Vec<Vec<f32>> = queries
        .iter()
        .map(|q| embedder.embed(&[q.as_str()]).expect("embed").remove(0))
        .collect();

    // Warm both: the first KNN reads (and decrypts) every vector page once.
    store
        .nearest_chunks(&index, &query_vectors[0], 10)
        .expect("warm");
    top_k_unit_rows(&query_vectors[0], &vectors, dimension, 10);

    let mut knn = Vec::new();
    let mut brute = Vec::new();
    let mut agree = 0usize;
    for query in &query_vectors {
        let t = Instant::now();
        let hits = store.nearest_chunks(&index, query, 10).expect("knn");
        knn.push(t.elapsed());
        let t = Instant::now();
        let best = top_k_unit_rows(query, &vectors, dimension, 10);
        brute.push(t.elapsed());
        // Same neighbours: compare the similarity of the tenth (ids differ
        // between the two numbering schemes; ties make ids ambiguous anyway).
        if let (Some(a), Some(b)) = (hits.last(), best.last())
            && (a.similarity - b.1).abs() < 1e-4
        {
            agree += 1;
        }
    }
    let knn_p50 = percentile(&mut knn, 0.5);
    let brute_p50 = percentile(&mut brute, 0.5);

    let filter = SearchFilter::default();
    let mut hybrid = Vec::new();
    for query in &queries {
        let t = Instant::now();
        let hits = semantic::search(&store, Some(&embedder), query, &filter, 20).expect("search");
        hybrid.push(t.elapsed());
        assert!(!hits.is_empty());
    }
    let mut words_only = Vec::new();
    for query in &queries {
        let t = Instant::now();
        semantic::search(&store, None, query, &filter, 20).expect("search");
        words_only.push(t.elapsed());
    }
    let mut knn120 = Vec::new();
    for query in &query_vectors {
        let t = Instant::now();
        store.nearest_chunks(&index, query, 120).expect("knn");
        knn120.push(t.elapsed());
    }
    println!(
        "  (parts: words only {:.2} ms p50, KNN k=120 {:.2} ms p50)",
        ms(percentile(&mut words_only, 0.5)),
        ms(percentile(&mut knn120, 0.5))
    );
    let hybrid_p50 = percentile(&mut hybrid, 0.5);
    let hybrid_p95 = percentile(&mut hybrid, 0.95);

    println!(
        "Semantic layer: {apps} applications, {chunks} chunks x {dimension} (built-in embedder), encrypted store"
    );
    match &timings {
        Some(t) => {
            println!(
                "  insert applications       {:>9.1} s",
                t.insert.as_secs_f64()
            );
            println!(
                "  index (chunk+embed+store) {:>9.1} s  ({:.0} chunks/s; embedding alone {:.1} s)",
                t.index.as_secs_f64(),
                chunks as f64 / t.index.as_secs_f64(),
                t.embed.as_secs_f64()
            );
        }
        None => println!("  (kept store reused: insert and index not measured)"),
    }
    println!("  top-10 KNN, sqlite-vec    {:>9.2} ms p50", ms(knn_p50));
    println!(
        "  top-10 brute force (RAM)  {:>9.2} ms p50   ratio {:.2}x (goal <= 1.5x); same 10th neighbour in {agree}/{} queries",
        ms(brute_p50),
        ms(knn_p50) / ms(brute_p50),
        query_vectors.len()
    );
    println!(
        "  hybrid search             {:>9.2} ms p50, {:.2} ms p95 (goal p50 <= 20 ms)",
        ms(hybrid_p50),
        ms(hybrid_p95)
    );
}
