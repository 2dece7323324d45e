//! Downloading a local model's files (all-MiniLM-L6-v2 for the meaning
//! search): streamed to disk, resumed where an earlier attempt stopped,
//! each file checked against its pinned size and SHA-256, and the model
//! folder touched only once every file is right.
//!
//! Files arrive in a staging folder beside the model folder
//! (`<folder>.download`), as `<name>.part` until they are whole and
//! checked. A dropped connection or a cancel keeps the part, and the next
//! attempt asks the server for the rest (`Range`), hashing what it already
//! has first. A server that ignores the range sends the whole file again,
//! which is just as correct.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use jobforge_embed::ModelFile;
use reqwest::{StatusCode, Url, header};
use sha2::{Digest, Sha256};

use crate::stream::CancelToken;

/// How far a download has got, over all its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadProgress {
    /// The file being fetched (or checked).
    pub file: &'static str,
    pub done_bytes: u64,
    pub total_bytes: u64,
}

/// Network limits. A slow line is fine; a silent one is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DownloadLimits {
    pub connect: Duration,
    /// Longest wait for the next piece of data.
    pub idle: Duration,
}

impl Default for DownloadLimits {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(20),
            idle: Duration::from_secs(60),
        }
    }
}

/// Why a model could not be downloaded. Nothing in the model folder is
/// changed by a failed download.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DownloadError {
    #[error(
        "`{address}` is not an address a model can be downloaded from ({reason}); give an http:// or https:// address of the folder that holds the model's files"
    )]
    BadSource { address: String, reason: String },

    #[error(
        "the server answered {status} for {file} at {url}; check the address (it must serve config.json, vocab.txt and model.safetensors side by side) or try again later"
    )]
    Refused {
        file: &'static str,
        url: String,
        status: u16,
    },

    #[error(
        "the download of {file} stopped after {received} of {expected} bytes ({reason}); start it again to continue where it stopped"
    )]
    Interrupted {
        file: &'static str,
        received: u64,
        expected: u64,
        reason: String,
    },

    #[error(
        "the server sent more than the {expected} bytes {file} has, so it is serving another file or version; nothing was installed: check the address"
    )]
    TooLong { file: &'static str, expected: u64 },

    #[error(
        "{file} arrived whole but is not the expected file (SHA-256 {actual}, expected {expected}); nothing was installed: the address serves another version or the copy was damaged on the way, so try again or use another address"
    )]
    Mismatch {
        file: &'static str,
        expected: &'static str,
        actual: String,
    },

    #[error(
        "the download was cancelled; what arrived is kept, so starting it again continues from there"
    )]
    Cancelled,

    #[error(
        "{} could not be written or read ({source}); check the free space (the model needs about 90 MB) and that the folder is writable",
        .path.display()
    )]
    Disk {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Progress is reported at least this often (in bytes), and at each file's end.
const REPORT_EVERY: u64 = 1 << 20;

/// Downloads `files` from `source` (a folder address: each file is
/// `source` + its name) into the folder `dest`, checking each against its
/// size and SHA-256. Files `dest` already holds intact are not fetched
/// again. Only when every file is right are they moved into `dest`.
pub async fn download_model(
    source: &str,
    files: &[ModelFile],
    dest: &Path,
    limits: DownloadLimits,
    cancel: &CancelToken,
    progress: &mut (dyn FnMut(DownloadProgress) + Send),
) -> Result<(), DownloadError> {
    let base = folder_url(source)?;
    let staging = staging_dir(dest);
    let mut job = Job {
        client: client(limits, &base)?,
        base,
        staging: staging.clone(),
        cancel,
        progress,
        done: 0,
        total: files.iter().map(|f| f.bytes).sum(),
        reported: 0,
    };
    let mut to_install = Vec::new();
    for file in files {
        if matches_file(&dest.join(file.name), file)? {
            job.advance(file.name, file.bytes, true);
            continue;
        }
        fs::create_dir_all(&staging).map_err(|source| disk(&staging, source))?;
        let whole = staging.join(file.name);
        if !matches_file(&whole, file)? {
            job.fetch(file).await?;
        } else {
            job.advance(file.name, file.bytes, true);
        }
        to_install.push(file.name);
    }
    if !to_install.is_empty() {
        fs::create_dir_all(dest).map_err(|source| disk(dest, source))?;
        for name in to_install {
            let target = dest.join(name);
            fs::rename(staging.join(name), &target).map_err(|source| disk(&target, source))?;
        }
    }
    if staging.exists() {
        // Only leftovers of this download; failing to tidy is not failing.
        if let Err(error) = fs::remove_dir_all(&staging) {
            tracing::warn!(%error, dir = %staging.display(), "the download's staging folder stayed");
        }
    }
    Ok(())
}

/// Where files wait until they are whole: beside the model folder, so the
/// final move stays on one file system.
fn staging_dir(dest: &Path) -> PathBuf {
    let mut name = dest
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "model".into());
    name.push(".download");
    dest.with_file_name(name)
}

fn folder_url(source: &str) -> Result<Url, DownloadError> {
    let bad = |reason: &str| DownloadError::BadSource {
        address: source.to_owned(),
        reason: reason.to_owned(),
    };
    let mut url = Url::parse(source.trim()).map_err(|_| bad("it is not a web address"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("only http and https are used"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Said without the address: it holds a password.
        return Err(DownloadError::BadSource {
            address: format!("{}://…@{}", url.scheme(), url.host_str().unwrap_or("")),
            reason: "addresses with a user name or password are not used".to_owned(),
        });
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("the folder address cannot have a ? or # part"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn client(limits: DownloadLimits, base: &Url) -> Result<reqwest::Client, DownloadError> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(limits.connect)
        .read_timeout(limits.idle)
        // Published model files sit behind a redirect to a download host.
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!("jobforge/", env!("CARGO_PKG_VERSION")));
    if base
        .host_str()
        .is_some_and(|h| h == "localhost" || h == "127.0.0.1" || h == "[::1]")
    {
        builder = builder.no_proxy();
    }
    builder.build().map_err(|e| DownloadError::BadSource {
        address: base.to_string(),
        reason: format!("no HTTP client could be set up: {e}"),
    })
}

fn disk(path: &Path, source: io::Error) -> DownloadError {
    DownloadError::Disk {
        path: path.to_owned(),
        source,
    }
}

/// Whether `path` holds exactly `file` (size first: cheap).
fn matches_file(path: &Path, file: &ModelFile) -> Result<bool, DownloadError> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == file.bytes => {
            let mut hasher = Sha256::new();
            hash_into(path, &mut hasher)?;
            Ok(hex::encode(hasher.finalize()) == file.sha256)
        }
        Ok(_) => Ok(false),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(disk(path, source)),
    }
}

fn hash_into(path: &Path, hasher: &mut Sha256) -> Result<(), DownloadError> {
    let mut input = File::open(path).map_err(|source| disk(path, source))?;
    let mut buffer = vec![0u8; 1 << 16];
    loop {
        let read = input
            .read(&mut buffer)
            .map_err(|source| disk(path, source))?;
        if read == 0 {
            return Ok(());
        }
        hasher.update(&buffer[..read]);
    }
}

struct Job<'a> {
    client: reqwest::Client,
    base: Url,
    staging: PathBuf,
    cancel: &'a CancelToken,
    progress: &'a mut (dyn FnMut(DownloadProgress) + Send),
    /// Bytes of finished files.
    done: u64,
    total: u64,
    reported: u64,
}

impl Job<'_> {
    /// Reports `file` at `bytes` into it; `file_done` adds them for good.
    fn advance(&mut self, file: &'static str, bytes: u64, file_done: bool) {
        let now = self.done + bytes;
        if file_done {
            self.done = now;
        }
        if file_done || now >= self.reported + REPORT_EVERY {
            self.reported = now;
            (self.progress)(DownloadProgress {
                file,
                done_bytes: now,
                total_bytes: self.total,
            });
        }
    }

    /// Fetches one file into the staging folder, resuming a part left by
    /// an earlier attempt, and checks it.
    async fn fetch(&mut self, file: &ModelFile) -> Result<(), DownloadError> {
        let part_path = self.staging.join(format!("{}.part", file.name));
        let url = self
            .base
            .join(file.name)
            .map_err(|_| DownloadError::BadSource {
                address: self.base.to_string(),
                reason: format!("{} cannot be added to it", file.name),
            })?;
        let mut have = match fs::metadata(&part_path) {
            Ok(meta) if meta.len() < file.bytes => meta.len(),
            _ => 0,
        };
        let interrupted = |received: u64, reason: String| DownloadError::Interrupted {
            file: file.name,
            received,
            expected: file.bytes,
            reason,
        };
        let mut request = self.client.get(url.clone());
        if have > 0 {
            request = request.header(header::RANGE, format!("bytes={have}-"));
        }
        let response = tokio::select! {
            response = request.send() => response.map_err(|e| interrupted(have, describe(&e)))?,
            () = self.cancel.cancelled() => return Err(DownloadError::Cancelled),
        };
        let status = response.status();
        let resumed = have > 0
            && status == StatusCode::PARTIAL_CONTENT
            && continues_at(response.headers(), have);
        if !resumed {
            if !(status == StatusCode::OK
                || (status == StatusCode::RANGE_NOT_SATISFIABLE && have > 0))
            {
                return Err(DownloadError::Refused {
                    file: file.name,
                    url: url.to_string(),
                    status: status.as_u16(),
                });
            }
            if status == StatusCode::RANGE_NOT_SATISFIABLE {
                // The part does not fit what the server has: start over.
                fs::remove_file(&part_path).map_err(|source| disk(&part_path, source))?;
                return Box::pin(self.fetch(file)).await;
            }
            have = 0;
        }
        let mut hasher = Sha256::new();
        if have > 0 {
            hash_into(&part_path, &mut hasher)?;
        }
        let mut part = OpenOptions::new()
            .create(true)
            .write(true)
            .append(have > 0)
            .truncate(have == 0)
            .open(&part_path)
            .map_err(|source| disk(&part_path, source))?;
        let mut response = response;
        loop {
            let piece = tokio::select! {
                piece = response.chunk() => piece.map_err(|e| interrupted(have, describe(&e)))?,
                () = self.cancel.cancelled() => {
                    part.flush().map_err(|source| disk(&part_path, source))?;
                    return Err(DownloadError::Cancelled);
                }
            };
            let Some(piece) = piece else { break };
            let length = piece.len() as u64;
            if have + length > file.bytes {
                drop(part);
                let _ = fs::remove_file(&part_path);
                return Err(DownloadError::TooLong {
                    file: file.name,
                    expected: file.bytes,
                });
            }
            part.write_all(&piece)
                .map_err(|source| disk(&part_path, source))?;
            hasher.update(&piece);
            have += length;
            self.advance(file.name, have, false);
        }
        part.sync_all().map_err(|source| disk(&part_path, source))?;
        drop(part);
        if have < file.bytes {
            return Err(interrupted(
                have,
                "the server closed the connection early".to_owned(),
            ));
        }
        let actual = hex::encode(hasher.finalize());
        if actual != file.sha256 {
            let _ = fs::remove_file(&part_path);
            return Err(DownloadError::Mismatch {
                file: file.name,
                expected: file.sha256,
                actual,
            });
        }
        let whole = self.staging.join(file.name);
        fs::rename(&part_path, &whole).map_err(|source| disk(&whole, source))?;
        self.advance(file.name, file.bytes, true);
        Ok(())
    }
}

/// Whether a 206 answer's `Content-Range` starts where the part ends.
fn continues_at(headers: &header::HeaderMap, have: u64) -> bool {
    headers
        .get(header::CONTENT_RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("bytes "))
        .and_then(|v| v.split('-').next())
        .and_then(|start| start.trim().parse::<u64>().ok())
        == Some(have)
}

/// A transport error in words, without the request's details.
fn describe(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        "the server stopped answering".to_owned()
    } else if error.is_connect() {
        "the server could not be reached: check the connection".to_owned()
    } else if error.is_redirect() {
        "the server redirected too many times".to_owned()
    } else {
        "the connection was lost".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_addresses_get_their_slash_and_odd_ones_are_refused() {
        assert_eq!(
            folder_url("http://127.0.0.1:8080/models")
                .expect("ok")
                .as_str(),
            "http://127.0.0.1:8080/models/"
        );
        for bad in [
            "ftp://example.com/m/",
            "not an address",
            "https://user:pw@example.com/m/",
            "https://example.com/m/?x=1",
        ] {
            let error = folder_url(bad).expect_err(bad);
            assert!(matches!(error, DownloadError::BadSource { .. }), "{bad}");
            assert!(!error.to_string().contains("pw@"), "{error}");
        }
    }

    #[test]
    fn staging_sits_beside_the_model_folder() {
        assert_eq!(
            staging_dir(Path::new("/data/models/all-MiniLM-L6-v2")),
            PathBuf::from("/data/models/all-MiniLM-L6-v2.download")
        );
    }

    #[test]
    fn a_range_answer_must_continue_the_part() {
        let mut headers = header::HeaderMap::new();
        headers.insert(
            header::CONTENT_RANGE,
            header::HeaderValue::from_static("bytes 100-199/200"),
        );
        assert!(continues_at(&headers, 100));
        assert!(!continues_at(&headers, 50));
        assert!(!continues_at(&header::HeaderMap::new(), 100));
    }
}
