//! Request handling: faults, bearer checks, routes, shaping and paging.

use std::borrow::Cow;
use std::future::Future;
use std::sync::Arc;

use axum::body::to_bytes;
use axum::extract::{Request, State as AxState};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine as _;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::cold::Kids;
use super::logs::{Found, List};
use super::routes::{route_of, Nav, Paging, Route, LATE_RISK_DETAILS, USER_DEFAULT_PROPERTIES};
use super::{token, Action, Logged, State};

pub fn router(state: Arc<State>) -> Router {
    Router::new()
        .fallback(handle)
        .layer(tower_http::compression::CompressionLayer::new().gzip(true))
        .with_state(state)
}

/// What the handler learned about a request, for the log and for headers.
pub struct Ctx {
    pub method: Method,
    pub path: String,
    pub raw_query: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    pub request_id: String,
    pub client_request_id: Option<String>,
    pub host: String,
    pub grant: Option<String>,
    /// A fault asked for the answer to be cut off mid-body.
    pub cut: bool,
}

impl Ctx {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Records the request in the emulator's log (what tests count and inspect).
    fn log(&self, state: &State, status: u16, batched: bool) {
        if let Ok(mut log) = state.log.lock() {
            log.push(Logged {
                method: self.method.to_string(),
                target: if self.raw_query.is_empty() {
                    self.path.clone()
                } else {
                    format!("{}?{}", self.path, self.raw_query)
                },
                status,
                client_request_id: self.client_request_id.clone(),
                grant: self.grant.clone(),
                batched,
            });
        }
    }
}

async fn handle(AxState(state): AxState<Arc<State>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let raw_query = parts.uri.query().unwrap_or("").to_string();
    let query = parse_query(&raw_query);
    let host = parts
        .headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string();
    let client_request_id = parts
        .headers
        .get("client-request-id")
        .and_then(|h| h.to_str().ok())
        .map(str::to_string);
    let mut ctx = Ctx {
        method: parts.method.clone(),
        path: parts.uri.path().to_string(),
        raw_query,
        query,
        headers: parts.headers.clone(),
        request_id: uuid::Uuid::new_v4().to_string(),
        client_request_id,
        host,
        grant: None,
        cut: false,
    };
    let body = to_bytes(body, 1 << 20).await.unwrap_or_default();
    let mut resp = dispatch(&state, &mut ctx, &body).await;
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&ctx.request_id) {
        h.insert("request-id", v);
    }
    let crid = ctx
        .client_request_id
        .clone()
        .unwrap_or_else(|| ctx.request_id.clone());
    if let Ok(v) = HeaderValue::from_str(&crid) {
        h.insert("client-request-id", v);
    }
    h.insert(
        "x-ms-ags-diagnostic",
        HeaderValue::from_static(r#"{"ServerInfo":{"DataCenter":"Loopback","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"EMULATOR"}}"#),
    );
    ctx.log(&state, resp.status().as_u16(), false);
    resp
}

fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The fault to answer `ctx` with, if one fires (delays and token expiry apply and let the
/// request through).
async fn faulted(state: &Arc<State>, ctx: &mut Ctx) -> Option<Response> {
    let mut delay = None;
    let mut expire = false;
    let mut status_fault = None;
    if let Ok(mut faults) = state.faults.lock() {
        let target = format!("{}?{}", ctx.path, ctx.raw_query);
        for f in faults.iter_mut() {
            if !target.contains(&f.fault.path) {
                continue;
            }
            f.seen += 1;
            if f.seen <= f.fault.after {
                continue;
            }
            if f.fault.times.is_some_and(|t| f.fired >= t) {
                continue;
            }
            f.fired += 1;
            match &f.fault.action {
                Action::Delay(d) => delay = Some(*d),
                Action::ExpireTokens => expire = true,
                Action::DropMidBody => ctx.cut = true,
                Action::Status {
                    status,
                    code,
                    message,
                    retry_after,
                } => {
                    status_fault =
                        Some((*status, code.clone(), message.clone(), retry_after.clone()));
                    break;
                }
            }
        }
    }
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    if expire {
        if let Ok(mut g) = state.token_generation.lock() {
            *g += 1;
        }
    }
    let (status, code, message, retry_after) = status_fault?;
    let mut r = graph_error(ctx, status, &code, &message);
    if let Some(ra) = retry_after {
        if let Ok(v) = HeaderValue::from_str(&ra) {
            r.headers_mut().insert("retry-after", v);
        }
    }
    Some(r)
}

async fn dispatch(state: &Arc<State>, ctx: &mut Ctx, body: &[u8]) -> Response {
    // Faults first: they stand in for the service misbehaving, whatever the request.
    if let Some(r) = faulted(state, ctx).await {
        return r;
    }
    let r = route(state, ctx, body).await;
    if ctx.cut {
        cut_off(r).await
    } else {
        r
    }
}

/// The response announced whole (`content-length`) but sent only half, so the connection
/// ends mid-body. `content-encoding: identity` keeps the compression layer from re-framing it.
async fn cut_off(r: Response) -> Response {
    let (mut parts, body) = r.into_parts();
    let bytes = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts
        .headers
        .insert("content-length", HeaderValue::from(bytes.len()));
    parts
        .headers
        .insert("content-encoding", HeaderValue::from_static("identity"));
    let body = CutBody {
        first: Some(half),
        pause: Box::pin(tokio::time::sleep(std::time::Duration::from_millis(50))),
    };
    Response::from_parts(parts, axum::body::Body::new(body))
}

/// A body that sends its one chunk and then, once that is on the wire, fails, so the server
/// drops the connection with the headers and half the body sent.
struct CutBody {
    first: Option<axum::body::Bytes>,
    pause: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl http_body::Body for CutBody {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        if let Some(b) = self.first.take() {
            return std::task::Poll::Ready(Some(Ok(http_body::Frame::data(b))));
        }
        // Let the server flush what it has before the connection goes.
        if self.pause.as_mut().poll(cx).is_pending() {
            return std::task::Poll::Pending;
        }
        std::task::Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "the emulator dropped the connection mid-body",
        ))))
    }
}

async fn route(state: &Arc<State>, ctx: &mut Ctx, body: &[u8]) -> Response {
    let path = ctx.path.clone();
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (&ctx.method, segs.as_slice()) {
        (&Method::POST, [_tenant, "oauth2", "v2.0", "token"]) => {
            token::token_endpoint(state, ctx, segs[0], body)
        }
        (&Method::POST, [_tenant, "oauth2", "v2.0", "devicecode"]) => {
            token::devicecode(state, ctx, segs[0], body)
        }
        (&Method::GET, ["github", "oidc"]) => token::github(state, ctx),
        (&Method::GET, ["metadata", "identity", "oauth2", "token"]) => token::imds(state, ctx),
        (&Method::GET, ["msi", "token"]) => token::app_service(state, ctx),
        (&Method::POST, [.., "oidctoken"]) => token::azure_pipelines(state, ctx),
        (&Method::POST, ["v1.0", "$batch"]) => batch(state, ctx, body).await,
        (&Method::GET, ["v1.0", ..]) if super::pim::serves(&path) => super::pim::get(state, ctx),
        (&Method::GET, ["v1.0", ..] | ["beta", ..]) => {
            with_resource_units(ctx, graph_get(state, ctx))
        }
        (_, ["v1.0", ..]) => super::writes::handle(state, ctx, body),
        _ => graph_error(
            ctx,
            404,
            "NotFound",
            "No such endpoint in the Graph emulator.",
        ),
    }
}

/// Graph's error body (graph-api.md 2.9).
pub fn graph_error(ctx: &Ctx, status: u16, code: &str, message: &str) -> Response {
    let body = json!({"error": {"code": code, "message": message, "innerError": {
        "date": "2026-11-20T09:00:00",
        "request-id": ctx.request_id,
        "client-request-id": ctx.client_request_id.clone().unwrap_or_else(|| ctx.request_id.clone()),
    }}});
    json_response(status, &body)
}

pub fn json_response(status: u16, body: &Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut().insert(
        "content-type",
        HeaderValue::from_static(
            "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
        ),
    );
    r
}

/// The claims of the request's bearer token, or why it is refused (answer it with
/// [`unauthorized`]); for writes and `/me` reads, which judge by `roles`, `scp` and `oid`.
pub(super) fn bearer_claims(state: &State, ctx: &Ctx) -> Result<Value, &'static str> {
    let bearer = ctx
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
        .ok_or("Access token is empty.")?;
    token::validate_claims(state, bearer)
}

pub(super) fn unauthorized(ctx: &Ctx, message: &str) -> Response {
    let mut r = graph_error(ctx, 401, "InvalidAuthenticationToken", message);
    r.headers_mut().insert(
        "www-authenticate",
        HeaderValue::from_static(
            r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000""#,
        ),
    );
    r
}

fn forbidden(ctx: &Ctx, route: &Route) -> Response {
    if route.directory {
        graph_error(
            ctx,
            403,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        )
    } else {
        graph_error(
            ctx,
            403,
            "",
            "Attempted to perform an unauthorized operation.",
        )
    }
}

fn graph_get(state: &Arc<State>, ctx: &Ctx) -> Response {
    // Bearer check.
    let Some(bearer) = ctx
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
    else {
        return unauthorized(ctx, "Access token is empty.");
    };
    let roles = match token::validate_access(state, bearer) {
        Ok(r) => r,
        Err(msg) => return unauthorized(ctx, msg),
    };
    let path = super::workload::uncast(state, ctx.path.trim_start_matches("/v1.0"));
    let store = state.store();
    let Some(route) = route_of(&path) else {
        return graph_error(
            ctx,
            400,
            "BadRequest",
            &format!(
                "Resource not found for the segment '{}'.",
                path.trim_start_matches('/')
            ),
        );
    };
    let filter = match ctx.param("$filter").map(parse_filter).transpose() {
        Ok(f) => f.unwrap_or_default(),
        Err(e) => return graph_error(ctx, 400, "BadRequest", &e),
    };
    // A filtered variant (PIM for groups policies) is its own collection and permission.
    let (collection, permission) = match route.variant {
        Some(v)
            if filter.iter().any(|c| {
                c.op == Op::Eq && c.prop == v.when.0 && c.value.as_str() == Some(v.when.1)
            }) =>
        {
            (v.collection, v.permission)
        }
        _ => (route.collection, route.permission),
    };
    if !roles.iter().any(|r| r == permission) {
        return forbidden(ctx, route);
    }
    let select: Option<Vec<String>> = ctx.param("$select").map(|s| {
        s.split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()
    });
    let wants_sign_in = route.collection == "users"
        && select
            .as_ref()
            .is_some_and(|s| s.iter().any(|p| p == "signInActivity"));
    if wants_sign_in && !roles.iter().any(|r| r == "AuditLog.Read.All") {
        return graph_error(
            ctx,
            403,
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        );
    }
    if (wants_sign_in || route.premium) && !state.options.premium {
        return graph_error(
            ctx,
            403,
            "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
            "Neither tenant is B2C or tenant doesn't have premium license",
        );
    }
    let at_collection = path == route.path;
    if at_collection
        && !route.required_filter.is_empty()
        && !route
            .required_filter
            .iter()
            .any(|set| set.iter().all(|p| filter.iter().any(|c| c.prop == *p)))
    {
        let sets: Vec<String> = route
            .required_filter
            .iter()
            .map(|set| set.join(" and "))
            .collect();
        return graph_error(
            ctx,
            400,
            "BadRequest",
            &format!("The request requires a $filter on {}.", sets.join(" or ")),
        );
    }
    if !route.top && ctx.param("$top").is_some() {
        return graph_error(
            ctx,
            400,
            "Request_BadRequest",
            "The query specified in the URI is not valid. Query option 'Top' is not allowed.",
        );
    }
    if route.single && at_collection {
        let Some(item) = store.data.get(collection).and_then(|xs| xs.first()) else {
            return graph_error(
                ctx,
                404,
                "Request_ResourceNotFound",
                "Resource does not exist.",
            );
        };
        let mut body = shape(state, ctx, route, route.navs, true, item, &None, &[]);
        if let Some(o) = body.as_object_mut() {
            o.insert(
                "@odata.context".into(),
                json!(format!(
                    "http://{}/v1.0/$metadata#policies/{collection}/$entity",
                    ctx.host
                )),
            );
        }
        return json_response(200, &body);
    }
    let expand = ctx.param("$expand").map(parse_expand).unwrap_or_default();

    // Walk `/{id}/{nav}/{id}/…` below the route.
    let rest: Vec<&str> = path[route.path.len()..]
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    // Which navigations a cold object is parsed with: the expanded ones (shape() drops the
    // others).
    let expanded = |name: &str| expand.iter().any(|(n, _)| n == name);
    let mut items = match store.cold.get(collection) {
        Some(nodes) => List::Nodes(nodes, &expanded),
        None => List::Values(store.data.get(collection).map_or(&[], Vec::as_slice)),
    };
    let mut navs: &[Nav] = route.navs;
    let mut i = 0;
    let mut single: Option<Cow<Value>> = None;
    let log = state.logs.get(collection);
    while i < rest.len() {
        let id = rest[i];
        // Top-level items by the index; children (instances, members) are short lists.
        let found = match (i, log) {
            (0, Some(log)) => log.item(id).map(|v| Found::Value(Cow::Owned(v))),
            (0, None) => match store.node(collection, id) {
                Some(n) => Some(Found::Node(n)),
                None => store.item(collection, id).map(Found::Value),
            },
            _ => items.find(id),
        };
        let Some(found_item) = found else {
            return graph_error(
                ctx,
                404,
                if route.directory {
                    "Request_ResourceNotFound"
                } else {
                    "ResourceNotFound"
                },
                &format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
            );
        };
        if i + 1 == rest.len() {
            single = Some(match found_item {
                Found::Value(v) => v,
                Found::Node(n) => Cow::Owned(n.value(&expanded)),
            });
            break;
        }
        let nav_name = rest[i + 1];
        let nav = match (&found_item, navs.iter().find(|n| n.name == nav_name)) {
            // A log entry (parsed for this request) has no navigations.
            (Found::Value(Cow::Owned(_)), _) | (_, None) => {
                return graph_error(
                    ctx,
                    400,
                    "BadRequest",
                    &format!("Resource not found for the segment '{nav_name}'."),
                )
            }
            (_, Some(nav)) => nav,
        };
        match found_item {
            Found::Value(Cow::Borrowed(item)) => match &item[nav_name] {
                Value::Array(a) => items = List::Values(a),
                Value::Object(_) if i + 2 == rest.len() => {
                    single = Some(Cow::Borrowed(&item[nav_name]));
                    navs = nav.children;
                    break;
                }
                _ => items = List::Values(&[]),
            },
            Found::Value(Cow::Owned(_)) => items = List::Values(&[]),
            Found::Node(n) => match n.kid(nav_name) {
                Some(Kids::Many(a)) => items = List::Nodes(a, &expanded),
                Some(Kids::One(x)) if i + 2 == rest.len() => {
                    single = Some(Cow::Owned(x.value(&expanded)));
                    navs = nav.children;
                    break;
                }
                _ => items = List::Values(&[]),
            },
        }
        navs = nav.children;
        i += 2;
    }
    let at_root = rest.is_empty();
    let shape_one = |v: &Value| shape(state, ctx, route, navs, at_root, v, &select, &expand);
    if let Some(item) = single {
        let mut body = shape_one(&item);
        if let Some(o) = body.as_object_mut() {
            o.insert(
                "@odata.context".into(),
                json!(format!(
                    "http://{}/v1.0/$metadata#{collection}/$entity",
                    ctx.host
                )),
            );
        }
        return json_response(200, &body);
    }
    // The matching items, lazily: a page reads up to its end, not the whole list (a list of
    // half a million decisions is read in thousands of pages).
    let list = match log {
        Some(log) if at_root => List::Log(log),
        _ => items,
    };
    let matching = || list.from(0).filter(|v| matches_filter(v, &filter));

    // Paging.
    let mut max_top = route.max_top;
    if wants_sign_in {
        max_top = 500;
    }
    if let Some(m) = state.options.max_top {
        max_top = max_top.min(m);
    }
    let default_top = state.options.default_page_size.unwrap_or(route.default_top);
    let top = match ctx.param("$top") {
        Some(t) => match t.parse::<usize>() {
            Ok(n) if n >= 1 && n <= max_top => n,
            _ => {
                return graph_error(
                    ctx,
                    400,
                    "Request_BadRequest",
                    &format!("Invalid page size specified: '{t}'. Must be between 1 and {max_top} inclusive."),
                )
            }
        },
        None => default_top,
    };
    // Directory objects with $expand: at most 100 per page.
    let top = if route.directory && !expand.is_empty() {
        top.min(100)
    } else {
        top
    };
    let top = state
        .options
        .default_page_size
        .map_or(top, |small| top.min(small));
    let base_query = strip_paging(&ctx.raw_query);
    let (offset, empty_page_done) = match route.paging {
        Paging::SkipToken => match ctx.param("$skiptoken") {
            Some(t) => match open_token(state, &path, &base_query, t) {
                Some(o) => o,
                None => {
                    return graph_error(
                        ctx,
                        400,
                        "Directory_ExpiredPageToken",
                        "The specified page token value has expired and can no longer be included in your request.",
                    )
                }
            },
            None => (0, false),
        },
        Paging::Skip => match ctx.param("$skip").map(str::parse::<usize>) {
            Some(Ok(n)) => (n, true),
            Some(Err(_)) => return graph_error(ctx, 400, "BadRequest", "Invalid $skip."),
            None => (0, false),
        },
    };
    let make_link = |next: usize, empty_done: bool| -> String {
        let q = match route.paging {
            Paging::SkipToken => {
                let t = seal_token(state, &path, &base_query, next, empty_done);
                join_query(&base_query, &format!("$skiptoken={t}"))
            }
            Paging::Skip => {
                let with_top = if ctx.param("$top").is_some() {
                    base_query.clone()
                } else {
                    join_query(&base_query, &format!("$top={top}"))
                };
                join_query(&with_top, &format!("$skip={next}"))
            }
        };
        format!("http://{}{}?{}", ctx.host, ctx.path, q)
    };
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        json!(format!("http://{}/v1.0/$metadata#{collection}", ctx.host)),
    );
    let want_count = ctx.param("$count") == Some("true");
    if want_count && offset == 0 && !empty_page_done {
        body.insert("@odata.count".into(), json!(matching().count()));
    }
    if state.options.empty_first_page
        && !empty_page_done
        && offset == 0
        && route.paging == Paging::SkipToken
    {
        body.insert("value".into(), json!([]));
        body.insert("@odata.nextLink".into(), json!(make_link(0, true)));
        return json_response(200, &Value::Object(body));
    }
    let matches = |v: &Value| matches_filter(v, &filter);
    let (page, next) = match route.paging {
        // `$skip` counts matching items (as access reviews' `$skip` does).
        Paging::Skip => {
            let mut rest: Box<dyn Iterator<Item = Cow<Value>>> = if filter.is_empty() {
                Box::new(list.from(offset))
            } else {
                Box::new(matching().skip(offset))
            };
            let page: Vec<Value> = rest.by_ref().take(top).map(|v| shape_one(&v)).collect();
            let more = rest.next().is_some();
            (page, more.then_some(offset + top))
        }
        // The skiptoken holds the position of the next matching item in the whole list, so
        // each page reads only its own stretch (millions of sign-ins filtered by time).
        Paging::SkipToken => {
            let mut page = Vec::new();
            let mut at = offset;
            while at < list.len() && page.len() < top {
                let item = list.at(at);
                if matches(&item) {
                    page.push(shape_one(&item));
                }
                at += 1;
            }
            let next = list.from(at).position(|v| matches(&v)).map(|p| at + p);
            (page, next)
        }
    };
    body.insert("value".into(), Value::Array(page));
    if let Some(next) = next {
        body.insert("@odata.nextLink".into(), json!(make_link(next, true)));
    }
    json_response(200, &Value::Object(body))
}

/// `x-ms-resource-unit` on a successful directory read (graph-api.md 2.7): `GET users` costs
/// 2, `members` 3, `transitiveMembers` 5, any other GET 1; `$select` -1, `$expand` +1,
/// `$top` under 20 -1; at least 1.
fn with_resource_units(ctx: &Ctx, mut resp: Response) -> Response {
    let path = ctx.path.trim_start_matches("/v1.0");
    let directory = route_of(path).is_some_and(|r| r.directory);
    if !directory || !resp.status().is_success() {
        return resp;
    }
    let mut cost: i64 = if path == "/users" {
        2
    } else if path.ends_with("/transitiveMembers") {
        5
    } else if path.ends_with("/members") {
        3
    } else {
        1
    };
    if ctx.param("$select").is_some() {
        cost -= 1;
    }
    if ctx.param("$expand").is_some() {
        cost += 1;
    }
    if ctx
        .param("$top")
        .and_then(|t| t.parse::<u32>().ok())
        .is_some_and(|t| t < 20)
    {
        cost -= 1;
    }
    if let Ok(v) = HeaderValue::from_str(&cost.max(1).to_string()) {
        resp.headers_mut().insert("x-ms-resource-unit", v);
    }
    resp
}

/// Graph's limit of requests in one `$batch`.
const BATCH_MAX: usize = 20;

/// `POST /v1.0/$batch` (graph-api.md 2.6): up to 20 GETs with unique ids, each run as if sent
/// alone (faults, throttling, permissions and all), answered in an order of the emulator's
/// choosing (reversed) with their own status, headers and body; `dependsOn` on a failed
/// request gives 424.
async fn batch(state: &Arc<State>, ctx: &mut Ctx, body: &[u8]) -> Response {
    let Some(bearer) = ctx
        .header("authorization")
        .and_then(|h| h.strip_prefix("Bearer "))
    else {
        return unauthorized(ctx, "Access token is empty.");
    };
    if let Err(msg) = token::validate_access(state, bearer) {
        return unauthorized(ctx, msg);
    }
    let bad = |m: &str| graph_error(ctx, 400, "BadRequest", m);
    let Ok(parsed) = serde_json::from_slice::<Value>(body) else {
        return bad("Invalid batch payload format.");
    };
    let Some(requests) = parsed["requests"].as_array() else {
        return bad("Invalid batch payload format: no requests.");
    };
    if requests.is_empty() || requests.len() > BATCH_MAX {
        return bad(&format!(
            "The number of batch requests must be between 1 and {BATCH_MAX}; got {}.",
            requests.len()
        ));
    }
    let mut ids = std::collections::HashSet::new();
    for r in requests {
        let Some(id) = r["id"].as_str() else {
            return bad("Every batch request needs an id.");
        };
        if !ids.insert(id.to_ascii_lowercase()) {
            return bad(&format!(
                "Batch request ids must be unique: '{id}' is repeated."
            ));
        }
        if r["method"].as_str().is_none() || r["url"].as_str().is_none() {
            return bad(&format!("Batch request '{id}' needs a method and a url."));
        }
    }
    let mut failed: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut responses = Vec::new();
    for r in requests {
        let id = r["id"].as_str().unwrap_or_default().to_string();
        let url = r["url"].as_str().unwrap_or_default();
        let url = url
            .trim_start_matches('/')
            .trim_start_matches("v1.0/")
            .to_string();
        let (path, raw_query) = match url.split_once('?') {
            Some((p, q)) => (format!("/v1.0/{p}"), q.to_string()),
            None => (format!("/v1.0/{url}"), String::new()),
        };
        let mut headers = ctx.headers.clone();
        if let Some(h) = r["headers"].as_object() {
            for (k, v) in h {
                if let (Ok(name), Some(Ok(val))) = (
                    axum::http::HeaderName::from_bytes(k.as_bytes()),
                    v.as_str().map(HeaderValue::from_str),
                ) {
                    headers.insert(name, val);
                }
            }
        }
        let client_request_id = headers
            .get("client-request-id")
            .and_then(|h| h.to_str().ok())
            .map(str::to_string);
        let mut sub = Ctx {
            method: Method::from_bytes(r["method"].as_str().unwrap_or("GET").as_bytes())
                .unwrap_or(Method::GET),
            query: parse_query(&raw_query),
            path,
            raw_query,
            headers,
            request_id: uuid::Uuid::new_v4().to_string(),
            client_request_id,
            host: ctx.host.clone(),
            grant: None,
            cut: false,
        };
        let depends_failed = r["dependsOn"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .any(|d| failed.contains(&d.to_ascii_lowercase()));
        let resp = if depends_failed {
            graph_error(
                &sub,
                424,
                "FailedDependency",
                "A request this one depends on failed.",
            )
        } else if let Some(r) = faulted(state, &mut sub).await {
            r
        } else if sub.method == Method::GET {
            with_resource_units(&sub, graph_get(state, &sub))
        } else {
            graph_error(
                &sub,
                405,
                "Request_BadRequest",
                "Specified HTTP method is not allowed for the request target.",
            )
        };
        let status = resp.status().as_u16();
        if status >= 400 {
            failed.insert(id.to_ascii_lowercase());
        }
        // A sub-request cut off cuts the envelope's answer.
        let cut = sub.cut;
        let mut h = Map::new();
        for name in [
            "content-type",
            "retry-after",
            "www-authenticate",
            "x-ms-resource-unit",
        ] {
            if let Some(v) = resp.headers().get(name).and_then(|v| v.to_str().ok()) {
                h.insert(name.to_string(), json!(v));
            }
        }
        h.insert("request-id".into(), json!(sub.request_id));
        h.insert(
            "client-request-id".into(),
            json!(sub
                .client_request_id
                .clone()
                .unwrap_or_else(|| sub.request_id.clone())),
        );
        h.insert("Cache-Control".into(), json!("no-cache"));
        let bytes = to_bytes(resp.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        sub.log(state, status, true);
        responses.push(json!({"id": id, "status": status, "headers": h, "body": body}));
        ctx.cut |= cut;
    }
    // Graph answers in any order: clients must match by id.
    responses.reverse();
    json_response(200, &json!({ "responses": responses }))
}

fn join_query(q: &str, extra: &str) -> String {
    if q.is_empty() {
        extra.to_string()
    } else {
        format!("{q}&{extra}")
    }
}

/// The request's query without its paging parameters (as sent, still encoded).
fn strip_paging(raw: &str) -> String {
    raw.split('&')
        .filter(|p| {
            let k = decode(p.split('=').next().unwrap_or(""));
            !p.is_empty() && k != "$skiptoken" && k != "$skip"
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn mac(state: &State, path: &str, query: &str, payload: &str) -> String {
    let mut h = Sha256::new();
    h.update(&state.key);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(query.as_bytes());
    h.update([0]);
    h.update(payload.as_bytes());
    let d = h.finalize();
    d.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

/// An opaque skiptoken: the offset, bound to the path and query by a keyed hash, so a
/// tampered or transplanted token is refused.
fn seal_token(state: &State, path: &str, query: &str, offset: usize, empty_done: bool) -> String {
    let payload = format!("{offset}:{}", u8::from(empty_done));
    let m = mac(state, path, query, &payload);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{payload}:{m}"))
}

fn open_token(state: &State, path: &str, query: &str, token: &str) -> Option<(usize, bool)> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .ok()?;
    let s = String::from_utf8(raw).ok()?;
    let (payload, m) = s.rsplit_once(':')?;
    if mac(state, path, query, payload) != m {
        return None;
    }
    let (off, done) = payload.split_once(':')?;
    Some((off.parse().ok()?, done == "1"))
}

/// One `$filter` clause: `prop op literal`.
#[derive(Debug, Clone)]
pub(crate) struct Clause {
    /// The property path, `/` made `.` (`status/errorCode` → `status.errorCode`).
    pub prop: String,
    pub op: Op,
    pub value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Ge,
    Gt,
    Le,
    Lt,
}

/// `$filter`: `prop op literal` clauses joined by `and`; `op` one of `eq ne ge gt le lt`;
/// literals quoted strings, `true`/`false`/`null`, integers, or unquoted date-times (OData's
/// DateTimeOffset literal, as in `createdDateTime ge 2026-11-13T09:00:00Z`).
fn parse_filter(f: &str) -> Result<Vec<Clause>, String> {
    let mut out = Vec::new();
    let f = f.trim().trim_start_matches('(').trim_end_matches(')');
    for clause in f.split(" and ") {
        let clause = clause.trim().trim_start_matches('(').trim_end_matches(')');
        let mut parts = clause.splitn(3, ' ');
        let (Some(prop), Some(op), Some(val)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("Invalid filter clause: '{clause}'."));
        };
        let op = match op {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "ge" => Op::Ge,
            "gt" => Op::Gt,
            "le" => Op::Le,
            "lt" => Op::Lt,
            other => {
                return Err(format!(
                "The emulator supports only eq, ne, ge, gt, le and lt in $filter, got '{other}'."
            ))
            }
        };
        let val = val.trim();
        let value = if let Some(s) = val.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
            json!(s.replace("''", "'"))
        } else if val == "true" || val == "false" {
            json!(val == "true")
        } else if val == "null" {
            Value::Null
        } else if let Ok(n) = val.parse::<i64>() {
            json!(n)
        } else if is_datetime(val) {
            json!(val)
        } else {
            return Err(format!("Invalid filter literal: '{val}'."));
        };
        out.push(Clause {
            prop: prop.replace('/', "."),
            op,
            value,
        });
    }
    Ok(out)
}

/// `2026-11-13T09:00:00Z` or with a fraction or an offset: an unquoted DateTimeOffset literal.
fn is_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[10] == b'T'
        && s.bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'-' | b':' | b'T' | b'Z' | b'.' | b'+'))
}

/// A UTC timestamp as text that sorts in time order whatever its fraction
/// (`…:00Z` and `…:00.5Z` compare by the seconds first, then the fraction).
pub(crate) fn ts_key(s: &str) -> String {
    let s = s.trim_end_matches('Z');
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    format!("{whole}.{frac:0<7}")
}

fn matches_filter(v: &Value, filter: &[Clause]) -> bool {
    filter.iter().all(|c| {
        let mut cur = v;
        for p in c.prop.split('.') {
            cur = &cur[p];
        }
        let ord = match (cur, &c.value) {
            (Value::String(a), Value::String(b)) if is_datetime(b) => {
                Some(ts_key(a).cmp(&ts_key(b)))
            }
            (Value::String(a), Value::String(b)) => {
                Some(a.to_ascii_lowercase().cmp(&b.to_ascii_lowercase()))
            }
            (Value::Number(a), Value::Number(b)) => a
                .as_f64()
                .zip(b.as_f64())
                .and_then(|(a, b)| a.partial_cmp(&b)),
            (a, b) if a == b => Some(std::cmp::Ordering::Equal),
            _ => None,
        };
        use std::cmp::Ordering::*;
        match c.op {
            Op::Eq => ord == Some(Equal),
            Op::Ne => ord != Some(Equal),
            Op::Ge => matches!(ord, Some(Greater | Equal)),
            Op::Gt => ord == Some(Greater),
            Op::Le => matches!(ord, Some(Less | Equal)),
            Op::Lt => ord == Some(Less),
        }
    })
}

/// `$expand=a,b($expand=c;$select=x,y)`: top-level names with their nested `$select`.
fn parse_expand(e: &str) -> Vec<(String, Option<Vec<String>>)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    let mut items = Vec::new();
    for c in e.chars() {
        match c {
            '(' => {
                depth += 1;
                cur.push(c)
            }
            ')' => {
                depth -= 1;
                cur.push(c)
            }
            ',' if depth == 0 => items.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    items.push(cur);
    for it in items {
        let it = it.trim();
        if it.is_empty() {
            continue;
        }
        let (name, opts) = match it.find('(') {
            Some(i) => (&it[..i], Some(it[i + 1..].trim_end_matches(')'))),
            None => (it, None),
        };
        let select = opts.and_then(|o| {
            o.split(';').find_map(|kv| {
                kv.trim()
                    .strip_prefix("$select=")
                    .map(|s| s.split(',').map(|p| p.trim().to_string()).collect())
            })
        });
        out.push((name.trim().to_string(), select));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn shape(
    state: &State,
    ctx: &Ctx,
    route: &Route,
    navs: &[Nav],
    at_root: bool,
    v: &Value,
    select: &Option<Vec<String>>,
    expand: &[(String, Option<Vec<String>>)],
) -> Value {
    let Some(obj) = v.as_object() else {
        return v.clone();
    };
    let mut out = Map::new();
    let is_users = at_root && route.collection == "users";
    for (k, val) in obj {
        if navs.iter().any(|n| n.name == k) {
            continue;
        }
        let keep = match select {
            Some(s) => k == "@odata.type" || s.iter().any(|p| p == k),
            None if is_users => USER_DEFAULT_PROPERTIES.contains(&k.as_str()),
            None => true,
        };
        if keep {
            out.insert(k.clone(), val.clone());
        }
    }
    for (name, nested_select) in expand {
        if let Some(nav) = navs.iter().find(|n| n.name == name && n.expandable) {
            if let Some(val) = obj.get(nav.name) {
                let project = |x: &Value| match (nested_select, x.as_object()) {
                    (Some(sel), Some(o)) => Value::Object(
                        o.iter()
                            .filter(|(k, _)| *k == "@odata.type" || sel.iter().any(|p| p == *k))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    ),
                    _ => x.clone(),
                };
                let val = match val {
                    Value::Array(a) if route.directory => {
                        Value::Array(a.iter().take(20).map(project).collect())
                    }
                    Value::Array(a) => Value::Array(a.iter().map(project).collect()),
                    other => project(other),
                };
                out.insert(nav.name.to_string(), val);
            }
        }
    }
    if is_users
        && select
            .as_ref()
            .is_some_and(|s| s.iter().any(|p| p == "signInActivity"))
    {
        let store = state.store();
        if let Some(a) = obj
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| store.item("userSignInActivity", id))
            .and_then(|mut x| x.to_mut().get_mut("signInActivity").map(Value::take))
        {
            out.insert("signInActivity".into(), a);
        }
    }
    if at_root
        && route.collection == "riskyUsers"
        && !ctx
            .header("prefer")
            .is_some_and(|p| p.contains("include-unknown-enum-members"))
    {
        if let Some(Value::String(d)) = out.get("riskDetail") {
            if LATE_RISK_DETAILS.contains(&d.as_str()) {
                out.insert("riskDetail".into(), json!("unknownFutureValue"));
            }
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_and_match() {
        let f = parse_filter("scopeId eq '/' and scopeType eq 'DirectoryRole'").expect("parses");
        assert_eq!(f.len(), 2);
        let s = parse_filter("createdDateTime ge 2026-11-13T09:00:00Z and status/errorCode ne 0")
            .expect("parses");
        let at = |t: &str, code: i64| json!({"createdDateTime": t, "status": {"errorCode": code}});
        assert!(matches_filter(&at("2026-11-13T09:00:00.5Z", 50126), &s));
        assert!(matches_filter(&at("2026-11-13T09:00:00Z", 1), &s));
        assert!(!matches_filter(&at("2026-11-13T08:59:59.9999999Z", 1), &s));
        assert!(!matches_filter(&at("2026-11-19T00:00:00Z", 0), &s));
        assert!(matches_filter(
            &json!({"scopeId": "/", "scopeType": "DirectoryRole"}),
            &f
        ));
        assert!(!matches_filter(
            &json!({"scopeId": "/", "scopeType": "Group"}),
            &f
        ));
        assert!(parse_filter("startswith(displayName,'a')").is_err());
    }

    #[test]
    fn expands_parse_with_nested_options() {
        let e =
            parse_expand("sponsors($select=id,displayName),resourceRoleScopes($expand=role,scope)");
        assert_eq!(e[0].0, "sponsors");
        assert_eq!(
            e[0].1.as_deref(),
            Some(&["id".to_string(), "displayName".to_string()][..])
        );
        assert_eq!(e[1].0, "resourceRoleScopes");
        assert!(e[1].1.is_none());
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(decode("%24filter"), "$filter");
        assert_eq!(decode("a+b%27c"), "a b'c");
        assert_eq!(decode("100%"), "100%");
    }
}
