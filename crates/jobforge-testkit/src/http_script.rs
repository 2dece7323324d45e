//! A scripted HTTP/1.1 server standing in for AI providers in tests.
//!
//! Every accepted connection reads one request, records it, and plays the
//! next scripted [`Reply`]: bytes written in the given pieces with the given
//! pauses, then the socket is closed (a body without `Content-Length` ends
//! there, which is how a cut stream looks too), or the connection stalls.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

enum Step {
    Write(Vec<u8>),
    Pause(Duration),
    Stall,
}

/// What one connection gets.
pub struct Reply {
    steps: Vec<Step>,
}

impl Reply {
    /// A status line and headers (plus `Connection: close`), nothing else yet.
    pub fn head(status: u16, headers: &[(&str, &str)]) -> Self {
        let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("Connection: close\r\n\r\n");
        Self {
            steps: vec![Step::Write(head.into_bytes())],
        }
    }

    /// Accepts the request and then says nothing, forever.
    pub fn stall_before_headers() -> Self {
        Self {
            steps: vec![Step::Stall],
        }
    }

    /// A 200 event stream with the whole body in one write.
    pub fn sse(body: &str) -> Self {
        Self::sse_head().write(body)
    }

    pub fn sse_head() -> Self {
        Self::head(
            200,
            &[
                ("Content-Type", "text/event-stream"),
                ("Cache-Control", "no-cache"),
            ],
        )
    }

    /// A JSON body with its length.
    pub fn json(status: u16, extra_headers: &[(&str, &str)], body: &str) -> Self {
        let length = body.len().to_string();
        let mut headers = vec![
            ("Content-Type", "application/json"),
            ("Content-Length", length.as_str()),
        ];
        headers.extend_from_slice(extra_headers);
        Self::head(status, &headers).write(body)
    }

    pub fn write(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.steps.push(Step::Write(bytes.into()));
        self
    }

    pub fn pause(mut self, duration: Duration) -> Self {
        self.steps.push(Step::Pause(duration));
        self
    }

    pub fn stall(mut self) -> Self {
        self.steps.push(Step::Stall);
        self
    }

    /// Writes `body` in pieces ending at each of `cuts` (byte offsets),
    /// pausing briefly between them so they arrive as separate reads.
    pub fn write_split(mut self, body: &[u8], cuts: &[usize]) -> Self {
        let mut start = 0;
        for &cut in cuts.iter().chain(std::iter::once(&body.len())) {
            if cut > start && cut <= body.len() {
                self = self
                    .write(body[start..cut].to_vec())
                    .pause(Duration::from_millis(2));
                start = cut;
            }
        }
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        529 => "Overloaded",
        _ => "Whatever",
    }
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

pub struct Server {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Request>>>,
    tasks: Arc<Mutex<Vec<AbortHandle>>>,
}

impl Server {
    pub async fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let tasks = Arc::new(Mutex::new(Vec::new()));
        let replies = Arc::new(Mutex::new(VecDeque::from(replies)));
        let accept = {
            let requests = Arc::clone(&requests);
            let tasks = Arc::clone(&tasks);
            tokio::spawn(async move {
                loop {
                    let Ok((socket, _)) = listener.accept().await else {
                        return;
                    };
                    let requests = Arc::clone(&requests);
                    let replies = Arc::clone(&replies);
                    let handle = tokio::spawn(async move {
                        serve(socket, requests, replies).await;
                    });
                    tasks.lock().expect("lock").push(handle.abort_handle());
                }
            })
        };
        tasks.lock().expect("lock").push(accept.abort_handle());
        Self {
            addr,
            requests,
            tasks,
        }
    }

    /// The base URL to configure, API version segment included.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("lock").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(tasks) = self.tasks.lock() {
            for task in tasks.iter() {
                task.abort();
            }
        }
    }
}

async fn serve(
    mut socket: TcpStream,
    requests: Arc<Mutex<Vec<Request>>>,
    replies: Arc<Mutex<VecDeque<Reply>>>,
) {
    let _ = socket.set_nodelay(true);
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    requests.lock().expect("lock").push(request);
    let reply = replies
        .lock()
        .expect("lock")
        .pop_front()
        .unwrap_or_else(|| {
            Reply::json(
                500,
                &[],
                r#"{"error":{"message":"the test server has no reply left"}}"#,
            )
        });
    for step in reply.steps {
        match step {
            Step::Write(bytes) => {
                if socket.write_all(&bytes).await.is_err() {
                    return;
                }
                let _ = socket.flush().await;
            }
            Step::Pause(duration) => tokio::time::sleep(duration).await,
            Step::Stall => std::future::pending::<()>().await,
        }
    }
    let _ = socket.shutdown().await;
}

async fn read_request(socket: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let path = first.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Request {
        method,
        path,
        headers,
        body,
    })
}
