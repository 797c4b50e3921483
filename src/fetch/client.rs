//! The Graph HTTP client: bounded concurrency, retries honouring `Retry-After` (exponential
//! backoff with jitter otherwise) within a retry budget, one token refresh on 401, a fresh
//! `client-request-id` per request, absolute `@odata.nextLink` paging, `$batch` of up to 20
//! list reads ([`Client::list_many`]), and a second read at Graph's default page size when a
//! guessed `$top` is refused.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::{StatusCode, Url};
use serde_json::value::RawValue;
use serde_json::Value;

use super::auth::{Auth, Secret};
use super::raw::{self, Item, Page};
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

/// What a list read: items (as text), pages, and the error that stopped it early, if one did.
#[derive(Debug, Default)]
pub struct Listed {
    pub items: Vec<Item>,
    pub pages: u64,
    pub error: Option<GraphError>,
}

#[derive(Debug, Default)]
pub struct Stats {
    /// HTTP requests to Graph (a `$batch` counts once).
    pub requests: AtomicU64,
    /// Requests sent inside a `$batch`.
    pub batched: AtomicU64,
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
        let (body, _) = self
            .request(&reqwest::Method::GET, url, None, headers)
            .await?;
        Ok(parse_json(&reqwest::Method::GET, url, &body)?)
    }

    /// Sends one request (a `govlint fix` write or its reads) and returns the answer's JSON,
    /// `Null` when it has no body (204); retried as every request is.
    pub async fn send(
        &self,
        method: &reqwest::Method,
        url: &Url,
        body: Option<&Value>,
    ) -> Result<Value, Failure> {
        let (bytes, _) = self.request(method, url, body, &[]).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        Ok(parse_json(method, url, &bytes)?)
    }

    /// GET one page of a list, its items left as text.
    async fn get_page(&self, url: &Url, headers: &[(&str, &str)]) -> Result<Page, Failure> {
        let (body, _) = self
            .request(&reqwest::Method::GET, url, None, headers)
            .await?;
        Ok(parse_page(&display_path(url), &body)?)
    }

    /// Sends one request and returns its successful answer's body, retrying what is transient
    /// (429, 5xx, network, a cut-off body) and refreshing the token once on a 401. Also
    /// returns the token it was sent with, so a 401 inside a `$batch` can invalidate it.
    async fn request(
        &self,
        method: &reqwest::Method,
        url: &Url,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Result<(Vec<u8>, Secret), Failure> {
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
                .request(method.clone(), url.clone())
                .bearer_auth(token.expose())
                .header("client-request-id", &crid)
                .header("Prefer", "include-unknown-enum-members")
                .header("x-ms-throttle-priority", "Low")
                .timeout(self.settings.timeout);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            if let Some(b) = body {
                req = req.json(b);
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
                    let retry_after = super::retry_after::of(&resp);
                    let body = resp.bytes().await;
                    drop(permit);
                    self.log(|| {
                        format!(
                            "{method} {shown} -> {} (request-id {}, client-request-id {crid})",
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
                                return Err(Fatal(format!("{method} {shown}: {why}")).into());
                            }
                            Default::default()
                        }
                    };
                    if status.is_success() {
                        return Ok((body.into(), token));
                    }
                    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
                    if status == StatusCode::UNAUTHORIZED {
                        if !refreshed {
                            refreshed = true;
                            self.stats.refreshed.fetch_add(1, Ordering::Relaxed);
                            self.log(|| {
                                format!("{method} {shown}: 401, refreshing the access token once")
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
                    "{method} {shown}: gave up after {attempt} retries (last: {why}); nothing was written, try again later"
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
        on_page: impl FnMut(&[Item], Option<&Url>, u64),
    ) -> Result<Listed, Fatal> {
        self.list_pages(first, headers, done, true, on_page).await
    }

    /// As [`Client::list_from`]; with `keep` false the items are not kept in the result:
    /// `on_page` is their only reader (a log spooled to disk page by page).
    pub async fn list_pages(
        &self,
        first: Url,
        headers: &[(&str, &str)],
        done: Listed,
        keep: bool,
        mut on_page: impl FnMut(&[Item], Option<&Url>, u64),
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
            let page = match self.get_page(&url, headers).await {
                Ok(p) => p,
                Err(Failure::Graph(e)) => {
                    // The page size is a guess where Graph documents no maximum: read the
                    // list again at Graph's default instead of losing it.
                    if previous.is_none() && e.http_status == Some(400) {
                        if let Some(smaller) = without_top(&url) {
                            self.log(|| {
                                format!(
                                    "GET {}: 400, reading it again at Graph's default page size",
                                    display_path(&url)
                                )
                            });
                            next = Some(smaller);
                            continue;
                        }
                    }
                    out.error = Some(e);
                    return Ok(out);
                }
                Err(Failure::Fatal(f)) => return Err(f),
            };
            out.pages += 1;
            if let Some(link) = &page.next_link {
                next = Some(self.next_link(link)?);
            }
            on_page(&page.value, next.as_ref(), out.pages);
            if keep {
                out.items.extend(page.value);
            }
            previous = Some(url);
        }
        Ok(out)
    }
}

/// Graph's limit of requests in one `$batch` (20, per Graph's JSON batching docs).
pub const BATCH_MAX: usize = 20;

/// The sub-responses of a `$batch` by id, and the token it was sent with.
type Answers = (std::collections::HashMap<String, Answer>, Secret);

/// One sub-response of a `$batch`.
struct Answer {
    status: u16,
    retry_after: Option<Duration>,
    request_id: Option<String>,
    /// As text: a page's items stay text; an error body is parsed when it is recorded.
    body: Option<Box<RawValue>>,
}

/// A `$batch` answer, its sub-responses' bodies left as text.
#[derive(serde::Deserialize)]
struct BatchBody {
    #[serde(default)]
    responses: Vec<SubResponse>,
}

#[derive(serde::Deserialize)]
struct SubResponse {
    #[serde(default)]
    id: Value,
    #[serde(default)]
    status: Value,
    #[serde(default)]
    headers: Value,
    #[serde(default)]
    body: Option<Box<RawValue>>,
}

impl Client {
    /// Reads many lists at once: their first pages go to Graph in `POST /v1.0/$batch`
    /// envelopes of up to [`BATCH_MAX`] (one request instead of twenty), and each list's
    /// further pages are followed with plain GETs (a sub-response's nextLink is absolute).
    /// Sub-requests answered 429/5xx are sent again in a later batch after the longest
    /// `Retry-After` among them; a 401 refreshes the token once; other errors (403, 404…)
    /// end up on that list's [`Listed::error`]. The results are in the order of `firsts`.
    pub async fn list_many(self: &Arc<Self>, firsts: Vec<Url>) -> Result<Vec<Listed>, Fatal> {
        let mut out: Vec<Listed> = (0..firsts.len()).map(|_| Listed::default()).collect();
        let mut pending: Vec<(usize, Url)> = firsts.into_iter().enumerate().collect();
        let mut follow = tokio::task::JoinSet::new();
        let mut attempt: u32 = 0;
        let mut refreshed = false;
        while !pending.is_empty() {
            let mut set = tokio::task::JoinSet::new();
            for chunk in pending.chunks(BATCH_MAX) {
                let me = self.clone();
                let chunk = chunk.to_vec();
                set.spawn(async move {
                    let answers = if chunk.len() == 1 {
                        // A lone request needs no envelope.
                        None
                    } else {
                        me.batch(&chunk).await?
                    };
                    Ok::<_, Fatal>((chunk, answers))
                });
            }
            let mut again: Vec<(usize, Url)> = Vec::new();
            let mut wait: Option<Duration> = None;
            let mut transient = false;
            let mut why = String::new();
            while let Some(joined) = set.join_next().await {
                let (chunk, answers) =
                    joined.map_err(|e| Fatal(format!("internal error in a fetch task: {e}")))??;
                let Some((answers, token)) = answers else {
                    // Sent alone, or Graph would not take the batch: plain GETs.
                    for (i, url) in chunk {
                        let me = self.clone();
                        follow.spawn(async move { Ok((i, me.list(url, &[]).await?)) });
                    }
                    continue;
                };
                let mut unauthorized = false;
                for (i, url) in chunk {
                    let Some(a) = answers.get(&i.to_string()) else {
                        // Graph answers every id; one missing is asked for again.
                        again.push((i, url));
                        transient = true;
                        why = "a sub-request went unanswered".into();
                        continue;
                    };
                    match a.status {
                        200..=299 => {
                            let shown = format!("{} (in $batch)", display_path(&url));
                            let body = a.body.as_deref().map_or("null", RawValue::get);
                            let page = parse_page(&shown, body.as_bytes())?;
                            let done = Listed {
                                items: page.value,
                                pages: 1,
                                error: None,
                            };
                            match page.next_link {
                                Some(link) => {
                                    let link = self.next_link(&link)?;
                                    let me = self.clone();
                                    follow.spawn(async move {
                                        Ok((i, me.list_from(link, &[], done, |_, _, _| {}).await?))
                                    });
                                }
                                None => out[i] = done,
                            }
                        }
                        401 => {
                            unauthorized = true;
                            again.push((i, url));
                        }
                        429 | 500 | 502 | 503 | 504 => {
                            if a.status == 429 {
                                self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                            }
                            transient = true;
                            why = format!("HTTP {} in $batch", a.status);
                            if let Some(d) = a.retry_after {
                                wait = Some(wait.map_or(d, |w| w.max(d)));
                            }
                            again.push((i, url));
                        }
                        400 if without_top(&url).is_some() => {
                            // As in `list_from`: a page size Graph refuses, read at its default.
                            let smaller = without_top(&url).unwrap_or(url);
                            again.push((i, smaller));
                        }
                        status => {
                            let body: Value = a
                                .body
                                .as_deref()
                                .and_then(|b| serde_json::from_str(b.get()).ok())
                                .unwrap_or(Value::Null);
                            out[i].error = Some(graph_error(
                                StatusCode::from_u16(status)
                                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                                &body,
                                a.request_id.clone(),
                            ));
                        }
                    }
                }
                if unauthorized {
                    if refreshed {
                        return Err(Fatal(
                            "Graph refused the access token twice (401 in $batch)".into(),
                        ));
                    }
                    refreshed = true;
                    self.stats.refreshed.fetch_add(1, Ordering::Relaxed);
                    self.log(|| "$batch: 401, refreshing the access token once".into());
                    self.auth.invalidate(&token).await;
                }
            }
            if transient {
                if !self.retry_allowed(&mut attempt) {
                    return Err(Fatal(format!(
                        "POST /v1.0/$batch: gave up after {attempt} retries (last: {why}); nothing was written, try again later"
                    )));
                }
                let shown = format!("$batch ({} sub-requests)", again.len());
                self.wait(&shown, &why, wait, attempt).await;
            }
            again.sort_by_key(|(i, _)| *i);
            pending = again;
        }
        while let Some(joined) = follow.join_next().await {
            let (i, listed) =
                joined.map_err(|e| Fatal(format!("internal error in a fetch task: {e}")))??;
            out[i] = listed;
        }
        Ok(out)
    }

    /// Sends `requests` (index, absolute URL) as one `$batch`. `None`: Graph refused the
    /// envelope itself (a cloud or proxy without `$batch`), so the caller sends them alone.
    async fn batch(&self, requests: &[(usize, Url)]) -> Result<Option<Answers>, Fatal> {
        let subs: Vec<Value> = requests
            .iter()
            .map(|(i, u)| {
                serde_json::json!({
                    "id": i.to_string(),
                    "method": "GET",
                    "url": self.relative(u),
                    // Each sub-request gets its own id, as a plain request would.
                    "headers": {
                        "client-request-id": uuid::Uuid::new_v4().to_string(),
                        "Prefer": "include-unknown-enum-members",
                    },
                })
            })
            .collect();
        self.stats
            .batched
            .fetch_add(subs.len() as u64, Ordering::Relaxed);
        let envelope = self.url("/v1.0/$batch")?;
        let body = serde_json::json!({ "requests": subs });
        let post = reqwest::Method::POST;
        let (resp, token) = match self.request(&post, &envelope, Some(&body), &[]).await {
            Ok((bytes, token)) => {
                let parsed: BatchBody = serde_json::from_slice(&bytes).map_err(|e| {
                    Fatal(format!(
                        "POST /v1.0/$batch: Graph answered with a body that is not a batch: {e}"
                    ))
                })?;
                (parsed, token)
            }
            Err(Failure::Fatal(f)) => return Err(f),
            Err(Failure::Graph(e)) => {
                self.log(|| {
                    format!(
                        "POST /v1.0/$batch refused ({}): sending its {} requests one by one",
                        e.http_status.unwrap_or(0),
                        requests.len()
                    )
                });
                return Ok(None);
            }
        };
        let mut answers = std::collections::HashMap::new();
        for r in resp.responses {
            let Some(id) = r.id.as_str() else {
                continue;
            };
            let hdr = |name: &str| -> Option<String> {
                r.headers.as_object()?.iter().find_map(|(k, v)| {
                    k.eq_ignore_ascii_case(name)
                        .then(|| v.as_str().map(str::to_string))
                        .flatten()
                })
            };
            let status = r.status.as_u64().unwrap_or(0) as u16;
            let body = r.body;
            // Only an error body is read here (a page's is read as a page).
            let request_id = hdr("request-id").or_else(|| {
                let b = body.as_deref().filter(|_| !(200..300).contains(&status))?;
                let v: Value = serde_json::from_str(b.get()).ok()?;
                v["error"]["innerError"]["request-id"]
                    .as_str()
                    .map(str::to_string)
            });
            self.log(|| {
                let url = requests
                    .iter()
                    .find(|(i, _)| i.to_string() == id)
                    .map_or_else(String::new, |(_, u)| display_path(u));
                format!("  $batch [{id}] GET {url} -> {status}")
            });
            answers.insert(
                id.to_string(),
                Answer {
                    status,
                    retry_after: hdr("retry-after")
                        .as_deref()
                        .and_then(super::retry_after::parse),
                    request_id,
                    body,
                },
            );
        }
        Ok(Some((answers, token)))
    }

    /// A URL as a `$batch` sub-request names it: relative to the version root.
    fn relative(&self, u: &Url) -> String {
        let path = u.path();
        let root = format!("{}v1.0", self.graph.path());
        let rest = path.strip_prefix(root.as_str()).unwrap_or(path);
        match u.query() {
            Some(q) => format!("{rest}?{q}"),
            None => rest.to_string(),
        }
    }

    /// A nextLink, checked to stay on the Graph host the token is meant for.
    fn next_link(&self, link: &str) -> Result<Url, Fatal> {
        let link = Url::parse(link)
            .map_err(|e| Fatal(format!("Graph sent a nextLink that is not a URL: {e}")))?;
        if !self.same_origin(&link) {
            return Err(Fatal(format!(
                "Graph sent a nextLink to another host ({}); refusing to send the token there",
                link.host_str().unwrap_or("?")
            )));
        }
        Ok(link)
    }
}

/// A successful answer's JSON.
fn parse_json(method: &reqwest::Method, url: &Url, body: &[u8]) -> Result<Value, Fatal> {
    serde_json::from_slice(body).map_err(|e| {
        Fatal(format!(
            "{method} {}: Graph answered with a body that is not JSON: {e}",
            display_path(url)
        ))
    })
}

/// One page of a list (`shown` names it in errors), its items compact text.
fn parse_page(shown: &str, body: &[u8]) -> Result<Page, Fatal> {
    let mut page: Page = serde_json::from_slice(body).map_err(|e| {
        Fatal(match e.classify() {
            serde_json::error::Category::Data => {
                format!("GET {shown}: the answer has no `value` array")
            }
            _ => format!("GET {shown}: Graph answered with a body that is not JSON: {e}"),
        })
    })?;
    page.value = std::mem::take(&mut page.value)
        .into_iter()
        .map(raw::compact)
        .collect();
    Ok(page)
}

/// `url` without its `$top` (`None` when it has none).
fn without_top(url: &Url) -> Option<Url> {
    let q = url.query()?;
    let is_top = |p: &&str| {
        let k = p.split('=').next().unwrap_or("");
        k.eq_ignore_ascii_case("$top") || k.eq_ignore_ascii_case("%24top")
    };
    if !q.split('&').any(|p| is_top(&p)) {
        return None;
    }
    let kept: Vec<&str> = q.split('&').filter(|p| !is_top(p)).collect();
    let mut u = url.clone();
    u.set_query((!kept.is_empty()).then(|| kept.join("&")).as_deref());
    Some(u)
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
        license: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_is_dropped_and_nothing_else() {
        let u = Url::parse("http://h/v1.0/x?$filter=a%20eq%20%27b%27&$top=999&$expand=c").unwrap();
        assert_eq!(
            without_top(&u).map(|u| u.to_string()),
            Some("http://h/v1.0/x?$filter=a%20eq%20%27b%27&$expand=c".to_string())
        );
        let only = Url::parse("http://h/v1.0/x?%24top=5").unwrap();
        assert_eq!(
            without_top(&only).map(|u| u.to_string()),
            Some("http://h/v1.0/x".to_string())
        );
        assert!(without_top(&Url::parse("http://h/v1.0/x?a=1").unwrap()).is_none());
    }
}
