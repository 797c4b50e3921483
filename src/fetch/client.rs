//! The Graph HTTP client: bounded concurrency, retries honouring `Retry-After` (exponential
//! backoff with jitter otherwise) within a retry budget, one token refresh on 401, a fresh
//! `client-request-id` per request, and absolute `@odata.nextLink` paging.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::{StatusCode, Url};
use serde_json::Value;

use super::auth::{Auth, Secret};
use crate::snapshot::GraphError;

/// How hard to try.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Retries of one request (429, 5xx, network).
    pub max_retries: u32,
    /// Retries of the whole fetch.
    pub retry_budget: u64,
    /// First backoff wait; doubles per retry, with jitter.
    pub backoff_base: Duration,
    /// Longest wait between retries, whatever `Retry-After` says.
    pub max_wait: Duration,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Log each request (method, path, status, ids) on stderr.
    pub verbose: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            concurrency: 8,
            max_retries: 6,
            retry_budget: 200,
            backoff_base: Duration::from_secs(1),
            max_wait: Duration::from_secs(300),
            timeout: Duration::from_secs(100),
            verbose: false,
        }
    }
}

/// A failure that stops the whole fetch (nothing is written): auth, network, or a transient
/// error that outlasted the retries. Its message never holds a token.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct Fatal(pub String);

/// The result of one request that did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// Graph answered with an error to record on the collection (403, 404, 400…).
    Graph(GraphError),
    Fatal(Fatal),
}

impl From<Fatal> for Failure {
    fn from(f: Fatal) -> Failure {
        Failure::Fatal(f)
    }
}

/// What a list read: items, pages, and the error that stopped it early, if one did.
#[derive(Debug, Default)]
pub struct Listed {
    pub items: Vec<Value>,
    pub pages: u64,
    pub error: Option<GraphError>,
}

#[derive(Debug, Default)]
pub struct Stats {
    pub requests: AtomicU64,
    pub retries: AtomicU64,
    pub throttled: AtomicU64,
    pub refreshed: AtomicU64,
}

pub struct Client {
    http: reqwest::Client,
    graph: Url,
    auth: Arc<Auth>,
    permits: tokio::sync::Semaphore,
    budget: AtomicU64,
    settings: Settings,
    pub stats: Stats,
}

/// `Retry-After`: seconds (fractional allowed) or an HTTP date.
pub fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let when = jiff::fmt::rfc2822::parse(v).ok()?.timestamp();
    let d = when.duration_since(jiff::Timestamp::now());
    Some(Duration::try_from(d).unwrap_or(Duration::ZERO))
}

impl Client {
    pub fn new(http: reqwest::Client, graph: Url, auth: Arc<Auth>, settings: Settings) -> Client {
        Client {
            http,
            graph,
            auth,
            permits: tokio::sync::Semaphore::new(settings.concurrency.max(1)),
            budget: AtomicU64::new(settings.retry_budget),
            settings,
            stats: Stats::default(),
        }
    }

    pub fn auth(&self) -> &Arc<Auth> {
        &self.auth
    }

    /// The absolute URL of a Graph path (`/v1.0/...`, query already encoded).
    pub fn url(&self, path_and_query: &str) -> Result<Url, Fatal> {
        self.graph
            .join(path_and_query.trim_start_matches('/'))
            .map_err(|e| Fatal(format!("bad Graph URL for {path_and_query}: {e}")))
    }

    fn same_origin(&self, u: &Url) -> bool {
        u.scheme() == self.graph.scheme()
            && u.host_str() == self.graph.host_str()
            && u.port_or_known_default() == self.graph.port_or_known_default()
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .settings
            .backoff_base
            .saturating_mul(2u32.saturating_pow(attempt.min(16)));
        let capped = exp.min(Duration::from_secs(60)).min(self.settings.max_wait);
        // Jitter: somewhere in the upper half, so concurrent retries spread out.
        capped.mul_f64(0.5 + fastrand::f64() * 0.5)
    }

    fn take_retry(&self) -> bool {
        self.budget
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |b| b.checked_sub(1))
            .is_ok()
    }

    fn log(&self, line: impl FnOnce() -> String) {
        if self.settings.verbose {
            eprintln!("{}", line());
        }
    }

    /// GET one URL and parse its JSON, retrying what is transient.
    pub async fn get_json(&self, url: &Url, headers: &[(&str, &str)]) -> Result<Value, Failure> {
        let mut attempt: u32 = 0;
        let mut refreshed = false;
        let shown = display_path(url);
        loop {
            let token: Secret = self
                .auth
                .token()
                .await
                .map_err(|e| Fatal(format!("authentication failed: {e}")))?;
            let permit = self
                .permits
                .acquire()
                .await
                .map_err(|_| Fatal("the fetch was cancelled".into()))?;
            let crid = uuid::Uuid::new_v4().to_string();
            let mut req = self
                .http
                .get(url.clone())
                .bearer_auth(token.expose())
                .header("client-request-id", &crid)
                .header("Prefer", "include-unknown-enum-members")
                .header("x-ms-throttle-priority", "Low")
                .timeout(self.settings.timeout);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            self.stats.requests.fetch_add(1, Ordering::Relaxed);
            let sent = req.send().await;
            let transient_wait: Option<(String, Option<Duration>)>;
            match sent {
                Err(e) => {
                    drop(permit);
                    transient_wait = Some((format!("network error: {}", e.without_url()), None));
                }
                Ok(resp) => {
                    let status = resp.status();
                    let request_id = header(&resp, "request-id");
                    let retry_after = header(&resp, "retry-after")
                        .as_deref()
                        .and_then(parse_retry_after);
                    let body = resp.bytes().await;
                    drop(permit);
                    self.log(|| {
                        format!(
                            "GET {shown} -> {} (request-id {}, client-request-id {crid})",
                            status.as_u16(),
                            request_id.as_deref().unwrap_or("-")
                        )
                    });
                    let body = match body {
                        Ok(b) => b,
                        Err(e) => {
                            if status.is_success() {
                                let why = format!("response cut off: {}", e.without_url());
                                if self.retry_allowed(&mut attempt) {
                                    self.wait(&shown, &why, None, attempt).await;
                                    continue;
                                }
                                return Err(Fatal(format!("GET {shown}: {why}")).into());
                            }
                            Default::default()
                        }
                    };
                    if status.is_success() {
                        return serde_json::from_slice(&body).map_err(|e| {
                            Failure::Fatal(Fatal(format!(
                                "GET {shown}: Graph answered {} with a body that is not JSON: {e}",
                                status.as_u16()
                            )))
                        });
                    }
                    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                    if status == StatusCode::UNAUTHORIZED {
                        if !refreshed {
                            refreshed = true;
                            self.stats.refreshed.fetch_add(1, Ordering::Relaxed);
                            self.log(|| {
                                format!("GET {shown}: 401, refreshing the access token once")
                            });
                            self.auth.invalidate(&token).await;
                            continue;
                        }
                        return Err(Fatal(format!(
                            "Graph refused the access token twice (401 {}): {}",
                            parsed["error"]["code"].as_str().unwrap_or(""),
                            parsed["error"]["message"].as_str().unwrap_or("")
                        ))
                        .into());
                    }
                    if matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504) {
                        if status.as_u16() == 429 {
                            self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                        }
                        transient_wait = Some((format!("HTTP {}", status.as_u16()), retry_after));
                    } else {
                        return Err(Failure::Graph(graph_error(status, &parsed, request_id)));
                    }
                }
            }
            if let Some((why, retry_after)) = transient_wait {
                if self.retry_allowed(&mut attempt) {
                    self.wait(&shown, &why, retry_after, attempt).await;
                    continue;
                }
                return Err(Fatal(format!(
                    "GET {shown}: gave up after {attempt} retries (last: {why}); nothing was written, try again later"
                ))
                .into());
            }
        }
    }

    fn retry_allowed(&self, attempt: &mut u32) -> bool {
        if *attempt >= self.settings.max_retries || !self.take_retry() {
            return false;
        }
        *attempt += 1;
        self.stats.retries.fetch_add(1, Ordering::Relaxed);
        true
    }

    async fn wait(&self, shown: &str, why: &str, retry_after: Option<Duration>, attempt: u32) {
        let (wait, how) = match retry_after {
            Some(d) => (d.min(self.settings.max_wait), "Retry-After"),
            None => (self.backoff(attempt - 1), "backoff"),
        };
        self.log(|| {
            format!(
                "GET {shown}: {why}; retry {attempt} in {:.3}s ({how})",
                wait.as_secs_f64()
            )
        });
        tokio::time::sleep(wait).await;
    }

    /// Reads a whole collection, following `@odata.nextLink` verbatim. A Graph error stops
    /// it and is returned with what was read before.
    pub async fn list(&self, first: Url, headers: &[(&str, &str)]) -> Result<Listed, Fatal> {
        self.list_from(first, headers, Listed::default(), |_, _, _| {})
            .await
    }

    /// As [`Client::list`], continuing from `done` (the items and pages already read, `first`
    /// being the nextLink after them), and calling `on_page(new_items, next_link, pages)`
    /// after each page so a checkpoint can keep up.
    pub async fn list_from(
        &self,
        first: Url,
        headers: &[(&str, &str)],
        done: Listed,
        mut on_page: impl FnMut(&[Value], Option<&Url>, u64),
    ) -> Result<Listed, Fatal> {
        let mut out = done;
        let mut next = Some(first);
        let mut previous: Option<Url> = None;
        while let Some(url) = next.take() {
            if previous.as_ref() == Some(&url) {
                return Err(Fatal(format!(
                    "Graph returned the same nextLink twice ({}); stopping",
                    display_path(&url)
                )));
            }
            let page = match self.get_json(&url, headers).await {
                Ok(p) => p,
                Err(Failure::Graph(e)) => {
                    out.error = Some(e);
                    return Ok(out);
                }
                Err(Failure::Fatal(f)) => return Err(f),
            };
            out.pages += 1;
            let page_items = match page.get("value") {
                Some(Value::Array(items)) => items,
                _ => {
                    return Err(Fatal(format!(
                        "GET {}: the answer has no `value` array",
                        display_path(&url)
                    )))
                }
            };
            if let Some(link) = page.get("@odata.nextLink").and_then(Value::as_str) {
                let link = Url::parse(link)
                    .map_err(|e| Fatal(format!("Graph sent a nextLink that is not a URL: {e}")))?;
                if !self.same_origin(&link) {
                    return Err(Fatal(format!(
                        "Graph sent a nextLink to another host ({}); refusing to send the token there",
                        link.host_str().unwrap_or("?")
                    )));
                }
                next = Some(link);
            }
            on_page(page_items, next.as_ref(), out.pages);
            out.items.extend(page_items.iter().cloned());
            previous = Some(url);
        }
        Ok(out)
    }
}

fn header(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Path and query of a URL, for messages (Graph URLs carry no secrets).
pub fn display_path(u: &Url) -> String {
    match u.query() {
        Some(q) => format!("{}?{q}", u.path()),
        None => u.path().to_string(),
    }
}

fn graph_error(status: StatusCode, body: &Value, request_id: Option<String>) -> GraphError {
    let e = &body["error"];
    let inner_id = e["innerError"]["request-id"]
        .as_str()
        .or_else(|| e["innererror"]["request-id"].as_str())
        .map(str::to_string);
    GraphError {
        http_status: Some(status.as_u16()),
        code: e["code"]
            .as_str()
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        message: e["message"].as_str().map(str::to_string),
        request_id: request_id.or(inner_id),
        permission: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("10"), Some(Duration::from_secs(10)));
        assert_eq!(parse_retry_after("2.5"), Some(Duration::from_millis(2500)));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("soon"), None);
        // A date in the past means "now".
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
    }
}
