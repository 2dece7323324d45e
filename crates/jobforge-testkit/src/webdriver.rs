//! A small blocking WebDriver client (W3C protocol over HTTP), enough to
//! drive the desktop app's real window through tauri-driver.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// An element found in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element(String);

/// One WebDriver session.
pub struct WebDriver {
    runtime: tokio::runtime::Runtime,
    http: reqwest::Client,
    session_url: String,
}

impl WebDriver {
    /// Opens a session on the driver at `127.0.0.1:port`, retrying until it
    /// answers or `timeout` passes.
    pub fn connect(port: u16, capabilities: Value, timeout: Duration) -> Result<Self, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("runtime: {e}"))?;
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| format!("http client: {e}"))?;
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let body = json!({ "capabilities": { "alwaysMatch": capabilities } });
        loop {
            let attempt = runtime.block_on(async {
                let response = http
                    .post(format!("{base}/session"))
                    .json(&body)
                    .send()
                    .await;
                match response {
                    Ok(r) => r.json::<Value>().await.map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                }
            });
            match attempt {
                Ok(answer) => {
                    let id = answer["value"]["sessionId"]
                        .as_str()
                        .ok_or_else(|| format!("the driver refused the session: {answer}"))?;
                    return Ok(Self {
                        session_url: format!("{base}/session/{id}"),
                        runtime,
                        http,
                    });
                }
                Err(e) if started.elapsed() > timeout => {
                    return Err(format!("no WebDriver answered on port {port}: {e}"));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(200)),
            }
        }
    }

    fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let url = format!("{}{path}", self.session_url);
        self.runtime.block_on(async {
            let mut request = self.http.request(method, &url);
            if let Some(body) = body {
                request = request.json(&body);
            }
            let answer: Value = request
                .send()
                .await
                .map_err(|e| format!("{url}: {e}"))?
                .json()
                .await
                .map_err(|e| format!("{url}: {e}"))?;
            if let Some(error) = answer["value"]["error"].as_str() {
                return Err(format!("{path}: {error}: {}", answer["value"]["message"]));
            }
            Ok(answer["value"].clone())
        })
    }

    fn post(&self, path: &str, body: Value) -> Result<Value, String> {
        self.send(reqwest::Method::POST, path, Some(body))
    }

    fn get(&self, path: &str) -> Result<Value, String> {
        self.send(reqwest::Method::GET, path, None)
    }

    pub fn find(&self, css: &str) -> Result<Element, String> {
        let found = self.post("/element", json!({ "using": "css selector", "value": css }))?;
        element(&found).ok_or_else(|| format!("no element id for {css}"))
    }

    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, String> {
        let found = self.post(
            "/elements",
            json!({ "using": "css selector", "value": css }),
        )?;
        Ok(found
            .as_array()
            .map(|items| items.iter().filter_map(element).collect())
            .unwrap_or_default())
    }

    /// Waits until `css` matches an element, and returns it.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Result<Element, String> {
        let started = Instant::now();
        loop {
            match self.find(css) {
                Ok(found) => return Ok(found),
                Err(e) if started.elapsed() > timeout => {
                    return Err(format!("waited {timeout:?} for {css}: {e}"));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }

    /// Waits until `check` says yes.
    pub fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        check: impl Fn(&Self) -> Result<bool, String>,
    ) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if check(self).unwrap_or(false) {
                return Ok(());
            }
            if started.elapsed() > timeout {
                return Err(format!("waited {timeout:?} for {what}"));
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    pub fn click(&self, element: &Element) -> Result<(), String> {
        self.post(&format!("/element/{}/click", element.0), json!({}))
            .map(drop)
    }

    pub fn clear(&self, element: &Element) -> Result<(), String> {
        self.post(&format!("/element/{}/clear", element.0), json!({}))
            .map(drop)
    }

    pub fn type_text(&self, element: &Element, text: &str) -> Result<(), String> {
        self.post(
            &format!("/element/{}/value", element.0),
            json!({ "text": text }),
        )
        .map(drop)
    }

    pub fn text(&self, element: &Element) -> Result<String, String> {
        Ok(self
            .get(&format!("/element/{}/text", element.0))?
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    pub fn attribute(&self, element: &Element, name: &str) -> Result<Option<String>, String> {
        Ok(self
            .get(&format!("/element/{}/attribute/{name}", element.0))?
            .as_str()
            .map(str::to_owned))
    }

    /// A DOM property (`value` of an input or textarea).
    pub fn property(&self, element: &Element, name: &str) -> Result<Value, String> {
        self.get(&format!("/element/{}/property/{name}", element.0))
    }

    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
    }

    /// Saves a PNG of the window.
    pub fn screenshot(&self, path: &Path) -> Result<(), String> {
        let encoded = self.get("/screenshot")?;
        let bytes = decode_base64(encoded.as_str().unwrap_or_default())?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Ends the session, which closes the app.
    pub fn quit(self) -> Result<(), String> {
        self.send(reqwest::Method::DELETE, "", None).map(drop)
    }
}

fn element(value: &Value) -> Option<Element> {
    value[ELEMENT_KEY].as_str().map(|id| Element(id.to_owned()))
}

fn decode_base64(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' | b'\n' | b'\r' => continue,
            other => return Err(format!("not base64: byte {other}")),
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes_with_and_without_padding() {
        assert_eq!(decode_base64("aGVsbG8=").expect("decodes"), b"hello");
        assert_eq!(decode_base64("aGk").expect("decodes"), b"hi");
        assert!(decode_base64("a*b").is_err());
    }
}
