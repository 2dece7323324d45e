//! The embedders' throughput on realistic chunks: the evaluation set's
//! postings and resumes, chunked, varied so no two chunks are equal, a few
//! hundred in all. Prints chunks/s and MB/s for the built-in embedder (and
//! the chunker's speed), and, when `JOBFORGE_MINILM_DIR` names the model
//! folder, the load time and chunks/s of all-MiniLM-L6-v2, both with the
//! chunks in one call (packed together) and one call per chunk.
//! Run with `cargo xtask bench` (release build).

use std::path::Path;
use std::time::{Duration, Instant};

use jobforge_embed::{BuiltinEmbedder, ChunkKind, ChunkLimits, Embedder, MiniLmEmbedder, chunk};

/// Documents of the evaluation set, each repeated with small variations
/// (numbers, an extra sentence) so the chunks are realistic and distinct.
fn documents() -> Vec<(ChunkKind, String)> {
    let root = jobforge_testkit::package_dir!().join("tests/eval");
    let mut base = Vec::new();
    for (folder, kind) in [
        ("postings", ChunkKind::Posting),
        ("resumes", ChunkKind::Resume),
    ] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
            .expect("eval folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        for path in paths {
            base.push((kind, std::fs::read_to_string(&path).expect("eval file")));
        }
    }
    let extras = [
        "Worked across three time zones and wrote the runbook the team still uses.",
        "Mentored two new hires through their first quarter.",
        "Cut the monthly cost by 18% without losing quality.",
        "Presented the results at the all-hands and in a written summary.",
        "Led the vendor evaluation and negotiated the renewal.",
        "Documented every process so audits took days, not weeks.",
        "Introduced weekly reviews that halved rework.",
        "Volunteered as a first-aid officer for the site.",
    ];
    let mut out = Vec::new();
    for round in 0..12 {
        for (i, (kind, text)) in base.iter().enumerate() {
            let extra = extras[(round + i) % extras.len()];
            out.push((*kind, format!("{text}\n{extra} Round {round}, item {i}.\n")));
        }
    }
    out
}

fn main() {
    let documents = documents();
    let limits = ChunkLimits::default();

    let started = Instant::now();
    let mut chunks = Vec::new();
    for (kind, text) in &documents {
        chunks.extend(chunk(text, *kind, limits));
    }
    let chunking = started.elapsed();
    let texts: Vec<&str> = chunks.iter().map(|c| c.text.as_str()).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    println!(
        "corpus: {} documents → {} chunks, {:.1} KB, mean {} chars per chunk",
        documents.len(),
        texts.len(),
        bytes as f64 / 1024.0,
        texts.iter().map(|t| t.chars().count()).sum::<usize>() / texts.len().max(1)
    );
    println!(
        "chunker: {:.2} ms for all documents ({:.1} MB/s)",
        chunking.as_secs_f64() * 1e3,
        documents.iter().map(|(_, t)| t.len()).sum::<usize>() as f64 / 1e6 / chunking.as_secs_f64()
    );

    let embedder = BuiltinEmbedder::new();
    // Warm up: loads the taxonomy once, as the app does at start.
    let _ = embedder.embed(&texts[..1]).expect("embed");

    let mut runs = Vec::new();
    let budget = Duration::from_secs(3);
    let all = Instant::now();
    while all.elapsed() < budget || runs.len() < 3 {
        let started = Instant::now();
        let vectors = embedder.embed(&texts).expect("embed");
        runs.push(started.elapsed());
        assert_eq!(vectors.len(), texts.len());
    }
    runs.sort();
    let median = runs[runs.len() / 2];
    let seconds = median.as_secs_f64();
    println!(
        "builtin-hash-v1/384: {} chunks in {:.1} ms (median of {} runs): {:.0} chunks/s, {:.2} MB/s, {:.0} µs per chunk",
        texts.len(),
        seconds * 1e3,
        runs.len(),
        texts.len() as f64 / seconds,
        bytes as f64 / 1e6 / seconds,
        seconds * 1e6 / texts.len() as f64
    );

    match std::env::var_os("JOBFORGE_MINILM_DIR") {
        Some(dir) => minilm(Path::new(&dir), &texts),
        None => println!(
            "all-minilm-l6-v2-v1/384: skipped (set JOBFORGE_MINILM_DIR to the model folder)"
        ),
    }
}

/// MiniLM is about a thousand times slower than the built-in embedder, so
/// it gets a fixed sample instead of the whole corpus per run: 64 texts of
/// about 100 words (neighbouring chunks joined, the size of a chunk of
/// dense prose at the chunker's target length).
fn minilm(dir: &Path, all: &[&str]) {
    let started = Instant::now();
    let embedder = MiniLmEmbedder::load(dir).expect("load the MiniLM model");
    println!(
        "all-minilm-l6-v2-v1/384: model loaded in {:.0} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let full = all
        .iter()
        .filter(|t| embedder.token_ids(t).len() >= MiniLmEmbedder::MAX_TOKENS)
        .count();
    println!(
        "all-minilm-l6-v2-v1/384: {full} of the corpus's {} chunks fill the {}-token window (and may be cut)",
        all.len(),
        MiniLmEmbedder::MAX_TOKENS
    );
    let mut sample = Vec::new();
    let mut current = String::new();
    for text in all {
        current.push_str(text);
        current.push('\n');
        if current.split_whitespace().count() >= 90 {
            sample.push(std::mem::take(&mut current));
            if sample.len() == 64 {
                break;
            }
        }
    }
    let texts: Vec<&str> = sample.iter().map(String::as_str).collect();
    let words = texts
        .iter()
        .map(|t| t.split_whitespace().count())
        .sum::<usize>();
    let tokens = texts
        .iter()
        .map(|t| embedder.token_ids(t).len())
        .sum::<usize>();
    let cut = texts
        .iter()
        .filter(|t| embedder.token_ids(t).len() == MiniLmEmbedder::MAX_TOKENS)
        .count();
    println!(
        "all-minilm-l6-v2-v1/384: sample of {} chunks, mean {} words and {} tokens per chunk, {cut} cut at {} tokens",
        texts.len(),
        words / texts.len(),
        tokens / texts.len(),
        MiniLmEmbedder::MAX_TOKENS
    );
    let _ = embedder.embed(&texts[..2]).expect("embed");

    let measure = |label: &str, run: &dyn Fn()| {
        let mut runs = Vec::new();
        let budget = Duration::from_secs(6);
        let all = Instant::now();
        while all.elapsed() < budget || runs.len() < 2 {
            let started = Instant::now();
            run();
            runs.push(started.elapsed());
        }
        runs.sort();
        let seconds = runs[runs.len() / 2].as_secs_f64();
        println!(
            "all-minilm-l6-v2-v1/384 {label}: {} chunks in {:.0} ms (median of {} runs): {:.1} chunks/s, {:.0} tokens/s, {:.1} ms per chunk",
            texts.len(),
            seconds * 1e3,
            runs.len(),
            texts.len() as f64 / seconds,
            tokens as f64 / seconds,
            seconds * 1e3 / texts.len() as f64
        );
    };
    measure("in one call", &|| {
        let vectors = embedder.embed(&texts).expect("embed");
        assert_eq!(vectors.len(), texts.len());
    });
    measure("one call per chunk", &|| {
        for text in &texts {
            let vectors = embedder.embed(&[text]).expect("embed");
            assert_eq!(vectors.len(), 1);
        }
    });
}
