//! The one way the audit talks to the backend: requests to paths of the
//! given origin only, no redirects followed, no proxy, a hard cap on the
//! number of requests, and bodies read up to a bound.

use crate::cli::Credential;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Client, Method, Url};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Most bytes of an answer's body the audit reads.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// Bodies above this size are sent on a connection of their own
/// (`Connection: close`). A server may refuse such a body from its
/// `Content-Length` without reading it (413) and then close the connection
/// with the rest unread; by then the client may have written the whole body
/// into the socket and put the connection back in its pool, and the next
/// request sent on it dies with the connection ("transport error").
pub const OWN_CONNECTION_ABOVE: usize = 64 * 1024;

/// An answer: status, headers and (bounded) body.
#[derive(Debug, Clone)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Body bytes (at most [`MAX_BODY`]).
    pub bytes: Vec<u8>,
}

impl Answer {
    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// The body as JSON, if it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.bytes).ok()
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Every value of a header, as text.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect()
    }

    /// Whether the status is 2xx.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why a request produced no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The run's request cap is reached.
    Budget,
    /// No answer (connection refused, time-out, TLS…); a short reason.
    Transport(&'static str),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Budget => write!(f, "the request cap was reached"),
            Self::Transport(why) => write!(f, "no answer ({why})"),
        }
    }
}

/// A request to a path of the target.
#[derive(Debug, Clone)]
pub struct Req {
    method: Method,
    path: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
}

impl Req {
    /// A request with `method` to `path` (a path of the base URL).
    pub fn new(method: Method, path: &str) -> Self {
        Self { method, path: path.to_owned(), headers: Vec::new(), body: None }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Authenticates as an account (cookie or bearer).
    pub fn auth(self, credential: &Credential) -> Self {
        match credential {
            Credential::Cookie(c) => self.header("cookie", c),
            Credential::Bearer(t) => self.header("authorization", &format!("Bearer {t}")),
        }
    }

    /// A JSON body with its content type.
    pub fn json(self, value: &serde_json::Value) -> Self {
        self.body_as("application/json", value.to_string().into_bytes())
    }

    /// A raw body with `content_type`.
    pub fn body_as(mut self, content_type: &str, body: Vec<u8>) -> Self {
        self.headers.push(("content-type".into(), content_type.into()));
        self.body = Some(body);
        self
    }
}

/// The backend under audit.
#[derive(Debug)]
pub struct Target {
    http: Client,
    base: Url,
    sent: AtomicU32,
    cap: u32,
}

impl Target {
    /// A target at `base` with a per-request `timeout` and a cap of `cap` requests.
    pub fn new(base: Url, timeout: Duration, cap: u32) -> Self {
        let http = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .timeout(timeout)
            .user_agent(concat!("booking-checkout-audit/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("TLS backend initialises");
        Self { http, base, sent: AtomicU32::new(0), cap }
    }

    /// The origin, as given.
    pub fn base(&self) -> &Url {
        &self.base
    }

    /// Requests sent so far.
    pub fn sent(&self) -> u32 {
        self.sent.load(Ordering::SeqCst)
    }

    /// The URL of `path` on the target, or `None` if it would leave the origin.
    pub fn url(&self, path: &str) -> Option<Url> {
        let url = self.base.join(path).ok()?;
        let same = url.scheme() == self.base.scheme()
            && url.host_str() == self.base.host_str()
            && url.port_or_known_default() == self.base.port_or_known_default();
        same.then_some(url)
    }

    /// Sends `req` and reads its answer.
    pub async fn send(&self, req: Req) -> Result<Answer, Failure> {
        let url = self.url(&req.path).ok_or(Failure::Transport("path leaves the origin"))?;
        if self.sent.fetch_add(1, Ordering::SeqCst) >= self.cap {
            return Err(Failure::Budget);
        }
        let mut builder = self.http.request(req.method, url);
        for (name, value) in &req.headers {
            let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) else {
                return Err(Failure::Transport("a header could not be encoded"));
            };
            builder = builder.header(n, v);
        }
        if let Some(body) = req.body {
            if body.len() > OWN_CONNECTION_ABOVE {
                builder = builder.header(reqwest::header::CONNECTION, "close");
            }
            builder = builder.body(body);
        }
        let mut res = builder.send().await.map_err(|e| Failure::Transport(kind(&e)))?;
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let mut bytes = Vec::new();
        while let Some(chunk) = res.chunk().await.map_err(|e| Failure::Transport(kind(&e)))? {
            let room = MAX_BODY.saturating_sub(bytes.len());
            bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if room <= chunk.len() {
                break;
            }
        }
        Ok(Answer { status, headers, bytes })
    }
}

fn kind(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "body broke off"
    } else {
        "transport error"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target::new(Url::parse("http://127.0.0.1:8080/").unwrap(), Duration::from_secs(1), 2)
    }

    #[test]
    fn paths_stay_on_the_origin() {
        let t = target();
        assert_eq!(t.url("/api/x").unwrap().as_str(), "http://127.0.0.1:8080/api/x");
        assert!(t.url("//evil.example/x").is_none());
        assert!(t.url("http://evil.example/").is_none());
        assert!(t.url("https://127.0.0.1:8080/").is_none(), "another scheme is another origin");
    }

    #[tokio::test]
    async fn the_request_cap_is_enforced_before_anything_is_sent() {
        // Port 9 (discard) on loopback: nothing listens, so the first two fail
        // to connect, and the third is refused by the cap without a connection.
        let t = Target::new(Url::parse("http://127.0.0.1:9/").unwrap(), Duration::from_secs(1), 2);
        for _ in 0..2 {
            assert!(matches!(t.send(Req::new(Method::GET, "/")).await, Err(Failure::Transport(_))));
        }
        assert_eq!(t.send(Req::new(Method::GET, "/")).await.unwrap_err(), Failure::Budget);
        assert_eq!(t.sent(), 3);
    }
}
