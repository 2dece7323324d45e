//! Insert, list and search at 10,000 applications, encrypted (SQLCipher)
//! against plain SQLite, in one run and through the same code.
//!
//! Run: `cargo xtask bench` (or `cargo bench -p jobforge-store --features
//! plaintext-benchmark`). `JOBFORGE_BENCH_APPS` changes the count.

use std::time::{Duration, Instant};

use jobforge_secrets::DatabaseKey;
use jobforge_store::{ApplicationFilter, Store};
use jobforge_types::NewApplication;

const WORDS: &[&str] = &[
    "rust",
    "python",
    "kubernetes",
    "postgres",
    "payments",
    "logistics",
    "design",
    "react",
    "sales",
    "finance",
    "healthcare",
    "analytics",
    "mentoring",
    "security",
    "compliance",
    "terraform",
    "aws",
    "distributed",
    "latency",
    "forecasting",
    "marketing",
    "operations",
    "nursing",
    "accounting",
    "customer",
    "pipeline",
    "kafka",
    "typescript",
    "leadership",
    "roadmap",
    "hiring",
    "budget",
];

fn description(n: usize) -> String {
    let mut text = String::from("We are looking for someone to join our team. ");
    for i in 0..120 {
        text.push_str(WORDS[(n * 7 + i * 13 + i * i) % WORDS.len()]);
        text.push(if i % 12 == 11 { '.' } else { ' ' });
    }
    text
}

struct Figures {
    insert_each: Duration,
    list_all: Duration,
    list_page: Duration,
    search: Duration,
}

fn measure(mut store: Store, apps: usize) -> Figures {
    let started = Instant::now();
    for n in 0..apps {
        store
            .create_application(NewApplication {
                company: format!("Company {n} {}", WORDS[n % WORDS.len()]),
                role_title: format!("{} engineer", WORDS[(n / 3) % WORDS.len()]),
                job_description: description(n),
                ..NewApplication::default()
            })
            .expect("insert");
    }
    let insert_each = started.elapsed() / apps as u32;

    let rounds = 10;
    let started = Instant::now();
    for _ in 0..rounds {
        let all = store
            .list_applications(&ApplicationFilter::default())
            .expect("list");
        assert_eq!(all.len(), apps);
    }
    let list_all = started.elapsed() / rounds;

    let rounds = 200;
    let page = ApplicationFilter {
        limit: Some(50),
        ..ApplicationFilter::default()
    };
    let started = Instant::now();
    for _ in 0..rounds {
        store.list_applications(&page).expect("page");
    }
    let list_page = started.elapsed() / rounds;

    let queries: Vec<String> = (0..200)
        .map(|i| {
            format!(
                "{} {}",
                WORDS[i % WORDS.len()],
                WORDS[(i * 5 + 3) % WORDS.len()]
            )
        })
        .collect();
    let started = Instant::now();
    for query in &queries {
        store.search(query, 20).expect("search");
    }
    let search = started.elapsed() / queries.len() as u32;
    Figures {
        insert_each,
        list_all,
        list_page,
        search,
    }
}

fn main() {
    let apps: usize = std::env::var("JOBFORGE_BENCH_APPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let encrypted = Store::create(
        &dir.path().join("encrypted.sqlite3"),
        &DatabaseKey::from_bytes([9; 32]),
    )
    .expect("encrypted store");
    let plain = Store::create_plaintext_for_benchmark(&dir.path().join("plain.sqlite3"))
        .expect("plain store");
    println!(
        "store benchmark: {apps} applications, one transaction per insert (synchronous=FULL, WAL)"
    );
    let e = measure(encrypted, apps);
    let p = measure(plain, apps);
    println!(
        "{:<34}{:>14}{:>14}{:>8}",
        "operation", "encrypted", "plain", "ratio"
    );
    let row = |name: &str, e: Duration, p: Duration| {
        println!(
            "{name:<34}{:>14}{:>14}{:>7.2}x",
            format!("{:.3} ms", e.as_secs_f64() * 1e3),
            format!("{:.3} ms", p.as_secs_f64() * 1e3),
            e.as_secs_f64() / p.as_secs_f64().max(1e-12)
        );
    };
    row("insert one application", e.insert_each, p.insert_each);
    row(&format!("list all {apps}"), e.list_all, p.list_all);
    row("list newest 50", e.list_page, p.list_page);
    row("search (2 words, top 20)", e.search, p.search);
}
