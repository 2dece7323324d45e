//! Model downloads against a scripted local HTTP server: files checked and
//! installed together, a dropped connection resumed with a range request,
//! a server that ignores the range, wrong and over-long files refused with
//! nothing installed, refusals, cancelling, and files already in place not
//! fetched again.

use std::path::Path;
use std::time::Duration;

use jobforge_ai::CancelToken;
use jobforge_ai::download::{DownloadError, DownloadLimits, DownloadProgress, download_model};
use jobforge_embed::ModelFile;
use jobforge_testkit::http_script::{Reply, Server};
use sha2::{Digest, Sha256};

fn file(name: &'static str, content: &[u8]) -> ModelFile {
    ModelFile {
        name,
        bytes: content.len() as u64,
        sha256: Box::leak(hex::encode(Sha256::digest(content)).into_boxed_str()),
    }
}

fn whole(content: &[u8]) -> Reply {
    let length = content.len().to_string();
    Reply::head(200, &[("Content-Length", length.as_str())]).write(content.to_vec())
}

fn limits() -> DownloadLimits {
    DownloadLimits {
        connect: Duration::from_secs(5),
        idle: Duration::from_secs(5),
    }
}

fn source(server: &Server) -> String {
    format!("http://{}/models/minilm", server.addr)
}

async fn download(
    server: &Server,
    files: &[ModelFile],
    dest: &Path,
) -> (Result<(), DownloadError>, Vec<DownloadProgress>) {
    let mut seen = Vec::new();
    let result = download_model(
        &source(server),
        files,
        dest,
        limits(),
        &CancelToken::new(),
        &mut |p| seen.push(p),
    )
    .await;
    (result, seen)
}

const CONFIG: &[u8] = b"{\"hidden_size\": 384}";

fn weights() -> Vec<u8> {
    (0..50_000u32).flat_map(|i| (i * 7).to_le_bytes()).collect()
}

#[tokio::test]
async fn every_file_is_fetched_checked_and_installed_with_progress() {
    let weights = weights();
    let files = [
        file("config.json", CONFIG),
        file("model.safetensors", &weights),
    ];
    let server = Server::start(vec![whole(CONFIG), whole(&weights)]).await;
    let dir = tempfile::tempdir().expect("temp");
    let dest = dir.path().join("models").join("minilm");

    let (result, seen) = download(&server, &files, &dest).await;

    result.expect("downloaded");
    assert_eq!(
        std::fs::read(dest.join("config.json")).expect("config"),
        CONFIG
    );
    assert_eq!(
        std::fs::read(dest.join("model.safetensors")).expect("weights"),
        weights
    );
    assert!(
        !dir.path().join("models").join("minilm.download").exists(),
        "staging tidied"
    );
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "/models/minilm/config.json",
            "/models/minilm/model.safetensors"
        ]
    );
    let last = seen.last().expect("progress");
    assert_eq!(last.done_bytes, last.total_bytes);
    assert_eq!(last.total_bytes, (CONFIG.len() + weights.len()) as u64);
    assert!(seen.windows(2).all(|w| w[0].done_bytes <= w[1].done_bytes));
}

#[tokio::test]
async fn a_dropped_connection_is_resumed_where_it_stopped() {
    let weights = weights();
    let half = weights.len() / 2;
    let files = [file("model.safetensors", &weights)];
    let length = weights.len().to_string();
    let range = format!("bytes {half}-{}/{}", weights.len() - 1, weights.len());
    let rest_length = (weights.len() - half).to_string();
    let server = Server::start(vec![
        // Promises the whole file, sends half, hangs up.
        Reply::head(200, &[("Content-Length", length.as_str())]).write(weights[..half].to_vec()),
        Reply::head(
            206,
            &[
                ("Content-Range", range.as_str()),
                ("Content-Length", rest_length.as_str()),
            ],
        )
        .write(weights[half..].to_vec()),
    ])
    .await;
    let dir = tempfile::tempdir().expect("temp");
    let dest = dir.path().join("minilm");

    let (first, _) = download(&server, &files, &dest).await;
    match first {
        Err(error @ DownloadError::Interrupted { received, .. }) => {
            assert_eq!(received, half as u64);
            assert!(error.to_string().contains("start it again"), "{error}");
        }
        other => panic!("expected an interruption, got {other:?}"),
    }
    assert!(!dest.exists(), "nothing installed from a broken download");

    let (second, _) = download(&server, &files, &dest).await;
    second.expect("resumed");
    assert_eq!(
        std::fs::read(dest.join("model.safetensors")).expect("weights"),
        weights
    );
    let requests = server.requests();
    assert_eq!(requests[0].header("range"), None);
    assert_eq!(
        requests[1].header("range"),
        Some(format!("bytes={half}-").as_str())
    );
}

#[tokio::test]
async fn a_server_that_ignores_the_range_sends_it_all_again() {
    let weights = weights();
    let files = [file("model.safetensors", &weights)];
    let length = weights.len().to_string();
    let server = Server::start(vec![
        Reply::head(200, &[("Content-Length", length.as_str())]).write(weights[..1000].to_vec()),
        whole(&weights),
    ])
    .await;
    let dir = tempfile::tempdir().expect("temp");
    let dest = dir.path().join("minilm");

    assert!(download(&server, &files, &dest).await.0.is_err());
    download(&server, &files, &dest)
        .await
        .0
        .expect("second try");
    assert_eq!(
        std::fs::read(dest.join("model.safetensors")).expect("weights"),
        weights
    );
}

#[tokio::test]
async fn a_different_file_is_refused_and_nothing_is_installed() {
    let weights = weights();
    let mut other = weights.clone();
    other[12_345] ^= 1;
    let files = [
        file("config.json", CONFIG),
        file("model.safetensors", &weights),
    ];
    let server = Server::start(vec![whole(CONFIG), whole(&other)]).await;
    let dir = tempfile::tempdir().expect("temp");
    let dest = dir.path().join("minilm");

    let (result, _) = download(&server, &files, &dest).await;

    let error = result.expect_err("refused");
    assert!(
        matches!(
            error,
            DownloadError::Mismatch {
                file: "model.safetensors",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("nothing was installed"),
        "{error}"
    );
    assert!(
        !dest.exists(),
        "not even the good config.json is installed alone"
    );
}

#[tokio::test]
async fn more_bytes_than_the_file_has_are_refused() {
    let weights = weights();
    let files = [file("config.json", CONFIG)];
    let server = Server::start(vec![Reply::head(200, &[]).write(weights)]).await;
    let dir = tempfile::tempdir().expect("temp");
    let dest = dir.path().join("minilm");

    let (result, _) = download(&server, &files, &dest).await;

    assert!(
        matches!(
            result,
            Err(DownloadError::TooLong {
                file: "config.json",
                ..
            })
        ),
        "{result:?}"
    );
    assert!(!dest.exists());
}

#[tokio::test]
async fn a_refusal_names_the_status_and_the_address() {
    let files = [file("config.json", CONFIG)];
    let server = Server::start(vec![Reply::json(404, &[], "{}")]).await;
    let dir = tempfile::tempdir().expect("temp");

    let (result, _) = download(&server, &files, &dir.path().join("minilm")).await;

    let error = result.expect_err("refused");
    let message = error.to_string();
    assert!(
        matches!(error, DownloadError::Refused { status: 404, .. }),
        "{error:?}"
    );
    assert!(
        message.contains("/models/minilm/config.json") && message.contains("check the address"),
        "{message}"
    );
}

#[tokio::test]
async fn cancelling_stops_a_stalled_download_and_keeps_the_part() {
    let weights = weights();
    let files = [file("model.safetensors", &weights)];
    let length = weights.len().to_string();
    let server = Server::start(vec![
        Reply::head(200, &[("Content-Length", length.as_str())])
            .write(weights[..4096].to_vec())
            .stall(),
    ])
    .await;
    let dir = tempfile::tempdir().expect("temp");
    let dest = dir.path().join("minilm");
    let cancel = CancelToken::new();
    let stopper = {
        let cancel = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            cancel.cancel();
        })
    };

    let started = std::time::Instant::now();
    let result = download_model(
        &source(&server),
        &files,
        &dest,
        limits(),
        &cancel,
        &mut |_| {},
    )
    .await;
    stopper.await.expect("stopper");

    assert!(
        matches!(result, Err(DownloadError::Cancelled)),
        "{result:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "cancel is prompt"
    );
    let part = dir
        .path()
        .join("minilm.download")
        .join("model.safetensors.part");
    assert_eq!(std::fs::metadata(part).expect("part kept").len(), 4096);
}

#[tokio::test]
async fn files_already_in_place_are_not_fetched_again() {
    let weights = weights();
    let files = [
        file("config.json", CONFIG),
        file("model.safetensors", &weights),
    ];
    let server = Server::start(vec![whole(&weights)]).await;
    let dir = tempfile::tempdir().expect("temp");
    let dest = dir.path().join("minilm");
    std::fs::create_dir_all(&dest).expect("dir");
    std::fs::write(dest.join("config.json"), CONFIG).expect("config");
    // A damaged copy is replaced.
    std::fs::write(dest.join("model.safetensors"), b"truncated").expect("weights");

    let (result, _) = download(&server, &files, &dest).await;

    result.expect("downloaded");
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/models/minilm/model.safetensors"]);
    assert_eq!(
        std::fs::read(dest.join("model.safetensors")).expect("weights"),
        weights
    );
}
