//! A Microsoft Graph emulator: serves a `govlint.snapshot/v1` document as Graph v1.0 endpoints
//! over real HTTP on 127.0.0.1, with Graph's behaviours (graph-api.md section 2) and the token
//! endpoints of section 3, so the fetcher is tested against the protocol and never against
//! Microsoft.
//!
//! What it reproduces:
//! - token endpoint `/{tenant}/oauth2/v2.0/token` (client secret, certificate JWT assertion with
//!   signature/aud/iss/sub/exp/nbf/jti checks, federated assertions from its own OIDC issuer,
//!   device code), `/{tenant}/oauth2/v2.0/devicecode`, a fake GitHub Actions OIDC endpoint
//!   (`/github/oidc`), IMDS (`/metadata/identity/oauth2/token`) and App Service (`/msi/token`);
//! - access tokens are HS256 JWTs carrying a `roles` claim; each Graph route demands its
//!   least-privilege application permission and answers 403 in the service's own error format
//!   when the token lacks it;
//! - the collection paths of graph-api.md 1.9, with opaque absolute `@odata.nextLink` paging
//!   (`$skiptoken` for directory objects, `$skip` for access reviews), per-route default and
//!   maximum `$top` (400 above the maximum), `$select`, `$expand` (nested options accepted),
//!   simple `$filter` (`eq ne ge gt le lt` on strings, booleans, integers and date-times,
//!   joined by `and`, nested properties as `status/errorCode`) and the filters Graph requires,
//!   child endpoints (`/{id}/{nav}`), `signInActivity` (500 per page, licensing 403 when
//!   `premium` is off);
//! - the logs: `/auditLogs/signIns` (1,000 a page at most and by default, newest first,
//!   licensing 403), `/auditLogs/directoryAudits`, `/identityProtection/riskDetections` (20 a
//!   page by default, 500 at most, licensing 403), with skiptokens holding the list position so
//!   a filtered log of millions pages in linear time;
//!   evolvable enums (`Prefer: include-unknown-enum-members`), `request-id` and
//!   `client-request-id` echo, gzip when asked;
//! - the privilege collections: group `members`/`owners` of any group (from the group item's
//!   embedded navs, never in `/groups` list items; none embedded: empty lists), PIM for groups lists (400 without a `groupId` or
//!   `principalId` filter), PIM for groups policies and their assignments at the directory
//!   policies' paths, chosen by `scopeType eq 'Group'` and filtered by `scopeId`, with their
//!   own permission, `authorizationPolicy` as one object, `roleAssignments` (400 on `$top`);
//! - `POST /v1.0/$batch`: at most 20 requests with unique ids (else 400), each served as if
//!   sent alone (faults, throttling and permissions per sub-request), answered out of order
//!   with its own status, headers and body, `dependsOn` on a failed request giving 424;
//!   sub-requests are logged with [`Logged::batched`];
//! - `x-ms-resource-unit` on successful directory reads;
//! - faults ([`Fault`]): any status (429 with or without `Retry-After`, 503, 504, 403…), token
//!   expiry (401 `InvalidAuthenticationToken`), slow responses, a connection dropped mid-body,
//!   on the Nth matching request.
//!
//! Not reproduced (yet): `$count` segments and `ConsistencyLevel` rules, 501 on unsupported
//! `$select`, unknown-property 400s.

mod cold;
mod graph;
mod logs;
mod pim;
mod routes;
mod token;
mod workload;
pub mod writes;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use serde_json::Value;

pub use routes::{all_routes, permission_of, ROUTES};
pub use token::{
    ADO_ACCESS_TOKEN, ADO_ISSUER, ADO_OIDC_PATH, ADO_SERVICE_CONNECTION_ID, ADO_SUBJECT,
};

/// The tenant id the emulator answers for when the snapshot does not name one.
pub const DEFAULT_TENANT: &str = "00000000-0000-0000-0000-0000000000aa";
/// The app registered by default.
pub const CLIENT_ID: &str = "6f1e6c9a-2b7d-4c1e-9d3a-6e0b7a1c2d3e";
/// Its client secret: recognisable, so tests can check it never leaks.
pub const CLIENT_SECRET: &str = "emu-SECRET-do-not-leak-7c41b9e2";
/// The registered test certificate and its private key (PEM, test only, never trusted anywhere).
pub const CLIENT_CERT_PEM: &str = include_str!("fixtures/test-client-cert.pem");
const CLIENT_PUBKEY_PEM: &str = include_str!("fixtures/test-client-pubkey.pem");
/// The GitHub Actions subject the default app trusts.
pub const GITHUB_SUBJECT: &str = "repo:contoso/governance:ref:refs/heads/main";
/// The bearer GitHub's runner gives the job (`ACTIONS_ID_TOKEN_REQUEST_TOKEN`).
pub const GITHUB_REQUEST_TOKEN: &str = "emu-GHREQ-do-not-leak-55aa";
/// The header App Service hands to the managed identity endpoint (`IDENTITY_HEADER`).
pub const IDENTITY_HEADER: &str = "emu-IDHDR-do-not-leak-91f0";
/// The issuer of federated tokens the emulator mints.
pub const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";
pub const FEDERATED_AUDIENCE: &str = "api://AzureADTokenExchange";

/// Every application permission the emulator knows (graph-api.md section 0).
pub const ALL_PERMISSIONS: &[&str] = &[
    "AccessReview.Read.All",
    "EntitlementManagement.Read.All",
    "RoleManagement.Read.Directory",
    "RoleAssignmentSchedule.Read.Directory",
    "RoleEligibilitySchedule.Read.Directory",
    "RoleManagementPolicy.Read.Directory",
    "User.Read.All",
    "GroupMember.Read.All",
    "AuditLog.Read.All",
    "IdentityRiskyUser.Read.All",
    "IdentityRiskEvent.Read.All",
    "Organization.Read.All",
    "Policy.Read.All",
    "RoleManagementPolicy.Read.AzureADGroup",
    "PrivilegedEligibilitySchedule.Read.AzureADGroup",
    "PrivilegedAssignmentSchedule.Read.AzureADGroup",
    "Application.Read.All",
];

/// A registered application.
#[derive(Debug, Clone)]
pub struct App {
    pub client_id: String,
    pub secret: Option<String>,
    /// PEM public key of the registered certificate, and the certificate (for the thumbprint).
    pub certificate: Option<(String, String)>,
    /// Federated identity credentials: (issuer, subject).
    pub federated: Vec<(String, String)>,
}

impl App {
    /// The default app: secret, the test certificate and the GitHub subject all work.
    pub fn default_app() -> App {
        App {
            client_id: CLIENT_ID.into(),
            secret: Some(CLIENT_SECRET.into()),
            certificate: Some((CLIENT_PUBKEY_PEM.into(), CLIENT_CERT_PEM.into())),
            federated: vec![
                (GITHUB_ISSUER.into(), GITHUB_SUBJECT.into()),
                (ADO_ISSUER.into(), ADO_SUBJECT.into()),
            ],
        }
    }
}

/// What the emulator does; [`Options::default`] is a healthy premium tenant granting everything.
#[derive(Debug, Clone)]
pub struct Options {
    pub apps: Vec<App>,
    /// Application permissions put in tokens' `roles` claim.
    pub granted: BTreeSet<String>,
    /// Entra ID P1/P2: without it `signInActivity`, registration details, sign-ins and risk
    /// detections answer 403.
    pub premium: bool,
    /// Access token lifetime (`expires_in`).
    pub token_lifetime: u64,
    /// Return an empty first page (with a nextLink) on every list.
    pub empty_first_page: bool,
    /// Override of every route's default page size (tests use small pages to force paging).
    pub default_page_size: Option<usize>,
    /// A lower maximum `$top` on every route (400 above it): Graph's maxima are undocumented
    /// for many governance lists (graph-api.md 2.3).
    pub max_top: Option<usize>,
    /// How many polls of a device code answer `authorization_pending` first.
    pub device_pending_polls: usize,
    /// Faults, tried in order on each request.
    pub faults: Vec<Fault>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            apps: vec![App::default_app()],
            granted: ALL_PERMISSIONS.iter().map(|s| s.to_string()).collect(),
            premium: true,
            token_lifetime: 3599,
            empty_first_page: false,
            default_page_size: None,
            max_top: None,
            device_pending_polls: 1,
            faults: Vec::new(),
        }
    }
}

impl Options {
    pub fn without_permission(mut self, p: &str) -> Options {
        self.granted.remove(p);
        self
    }
    pub fn with_fault(mut self, f: Fault) -> Options {
        self.faults.push(f);
        self
    }
    /// Also grants every write permission (`govlint fix` tests).
    pub fn with_write_permissions(mut self) -> Options {
        self.granted
            .extend(writes::write_permissions().into_iter().map(str::to_string));
        self
    }
    pub fn page_size(mut self, n: usize) -> Options {
        self.default_page_size = Some(n);
        self
    }
}

/// A fault injected on requests whose path contains `path` (`""`: every request).
#[derive(Debug, Clone)]
pub struct Fault {
    pub path: String,
    /// Let this many matching requests through first.
    pub after: usize,
    /// Fire this many times (`None`: always).
    pub times: Option<usize>,
    pub action: Action,
}

#[derive(Debug, Clone)]
pub enum Action {
    /// Answer with this status and a Graph error body; `retry_after` sets the header.
    Status {
        status: u16,
        code: String,
        message: String,
        retry_after: Option<String>,
    },
    /// Expire every access token issued so far (401 `InvalidAuthenticationToken`).
    ExpireTokens,
    /// Answer normally after a delay.
    Delay(Duration),
    /// Announce the whole answer but send half of it: the connection ends mid-body (in a
    /// `$batch`, the envelope's connection).
    DropMidBody,
}

impl Fault {
    fn new(path: &str, action: Action) -> Fault {
        Fault {
            path: path.into(),
            after: 0,
            times: Some(1),
            action,
        }
    }
    /// 429 `TooManyRequests`; `retry_after` e.g. `Some("0")`, `Some("0.05")`, or none.
    pub fn throttle(path: &str, retry_after: Option<&str>) -> Fault {
        Fault::new(
            path,
            Action::Status {
                status: 429,
                code: "TooManyRequests".into(),
                message: "Please retry again later.".into(),
                retry_after: retry_after.map(str::to_string),
            },
        )
    }
    pub fn unavailable(path: &str) -> Fault {
        Fault::new(
            path,
            Action::Status {
                status: 503,
                code: "serviceNotAvailable".into(),
                message: "Service is unavailable.".into(),
                retry_after: None,
            },
        )
    }
    pub fn gateway_timeout(path: &str) -> Fault {
        Fault::new(
            path,
            Action::Status {
                status: 504,
                code: "GatewayTimeout".into(),
                message: "Gateway timeout.".into(),
                retry_after: None,
            },
        )
    }
    /// A 403 in the directory format, always (a denied collection).
    pub fn forbidden(path: &str) -> Fault {
        Fault::new(
            path,
            Action::Status {
                status: 403,
                code: "Authorization_RequestDenied".into(),
                message: "Insufficient privileges to complete the operation.".into(),
                retry_after: None,
            },
        )
        .always()
    }
    pub fn not_found(path: &str) -> Fault {
        Fault::new(
            path,
            Action::Status {
                status: 404,
                code: "Request_ResourceNotFound".into(),
                message: "Resource not found for the segment.".into(),
                retry_after: None,
            },
        )
        .always()
    }
    pub fn expire_tokens(path: &str) -> Fault {
        Fault::new(path, Action::ExpireTokens)
    }
    /// The connection dropped mid-body, once.
    pub fn drop_mid_body(path: &str) -> Fault {
        Fault::new(path, Action::DropMidBody)
    }
    pub fn slow(path: &str, d: Duration) -> Fault {
        Fault::new(path, Action::Delay(d)).always()
    }
    pub fn after(mut self, n: usize) -> Fault {
        self.after = n;
        self
    }
    pub fn times(mut self, n: usize) -> Fault {
        self.times = Some(n);
        self
    }
    pub fn always(mut self) -> Fault {
        self.times = None;
        self
    }
}

/// One request as the emulator saw it (no credentials recorded).
#[derive(Debug, Clone)]
pub struct Logged {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub status: u16,
    pub client_request_id: Option<String>,
    /// For token requests: the grant type and which credential kind was presented.
    pub grant: Option<String>,
    /// A sub-request of a `$batch` (logged after its envelope; not an HTTP request of its own).
    pub batched: bool,
}

pub(crate) struct FaultState {
    fault: Fault,
    seen: usize,
    fired: usize,
}

/// The tenant's collections. Writes (`writes.rs`) change a copy when a read holds the current
/// one (copy on write), so a read sees one consistent tenant however long it pages.
#[derive(Clone, Default)]
pub(crate) struct Store {
    pub data: BTreeMap<String, Vec<Value>>,
    /// The big collections as text (cold.rs), until a write turns one into values in `data`;
    /// shared, so a copy on write does not copy them.
    pub cold: BTreeMap<String, Arc<Vec<cold::Node>>>,
    /// Each collection's items by id (their positions in `data` or `cold`): looking an item
    /// up by a walk of its collection made a 200k-user tenant quadratic (each user's sign-in
    /// activity, each `/users/{id}/…`).
    pub by_id: BTreeMap<String, HashMap<String, usize>>,
}

impl Store {
    /// The item of `collection` with this id (a cold one parsed whole).
    pub fn item(&self, collection: &str, id: &str) -> Option<std::borrow::Cow<'_, Value>> {
        use std::borrow::Cow;
        let at = *self.by_id.get(collection)?.get(id)?;
        match self.cold.get(collection) {
            Some(nodes) => nodes.get(at).map(|n| Cow::Owned(n.full())),
            None => self.data.get(collection)?.get(at).map(Cow::Borrowed),
        }
    }

    /// The cold item of `collection` with this id, unparsed.
    pub(crate) fn node(&self, collection: &str, id: &str) -> Option<&cold::Node> {
        let at = *self.by_id.get(collection)?.get(id)?;
        self.cold.get(collection)?.get(at)
    }

    /// Every item of `collection`, as values.
    pub fn values(&self, collection: &str) -> Vec<Value> {
        match self.cold.get(collection) {
            Some(nodes) => cold::thaw(nodes),
            None => self.data.get(collection).cloned().unwrap_or_default(),
        }
    }

    /// The items of `collection` to change (a cold one is turned into values first).
    pub fn values_mut(&mut self, collection: &str) -> Option<&mut Vec<Value>> {
        if let Some(nodes) = self.cold.remove(collection) {
            self.data.insert(collection.to_string(), cold::thaw(&nodes));
        }
        self.data.get_mut(collection)
    }

    /// As [`Store::values_mut`], making the collection if the tenant has none.
    pub fn values_entry(&mut self, collection: &str) -> &mut Vec<Value> {
        if let Some(nodes) = self.cold.remove(collection) {
            self.data.insert(collection.to_string(), cold::thaw(&nodes));
        }
        self.data.entry(collection.to_string()).or_default()
    }

    /// Rebuilds one collection's index after items were added or removed.
    pub fn reindex(&mut self, collection: &str) {
        let mut ids = HashMap::new();
        let mut add = |i: usize, id: Option<&str>| {
            // The first of a repeated id, as a walk of the list finds it.
            if let Some(id) = id {
                ids.entry(id.to_string()).or_insert(i);
            }
        };
        match self.cold.get(collection) {
            Some(nodes) => nodes.iter().enumerate().for_each(|(i, n)| add(i, n.id())),
            None => self
                .data
                .get(collection)
                .into_iter()
                .flatten()
                .enumerate()
                .for_each(|(i, v)| add(i, v["id"].as_str())),
        }
        self.by_id.insert(collection.to_string(), ids);
    }
}

pub(crate) struct State {
    pub tenant: String,
    pub store: RwLock<Arc<Store>>,
    /// The logs (sign-ins…), as text: not in `data` (logs.rs).
    pub(crate) logs: logs::Logs,
    pub options: Options,
    pub key: Vec<u8>,
    pub faults: Mutex<Vec<FaultState>>,
    /// Tokens issued before this generation are expired.
    pub token_generation: Mutex<u64>,
    pub jtis: Mutex<HashSet<String>>,
    pub device_polls: Mutex<BTreeMap<String, usize>>,
    pub log: Mutex<Vec<Logged>>,
    /// Write requests with their bodies, in arrival order.
    pub writes: Mutex<Vec<writes::Written>>,
}

impl State {
    /// The tenant as it is now.
    pub fn store(&self) -> Arc<Store> {
        match self.store.read() {
            Ok(s) => Arc::clone(&s),
            Err(e) => Arc::clone(&e.into_inner()),
        }
    }
}

/// A running emulator; dropping it stops the server.
pub struct Emulator {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Emulator {
    /// Serves `snapshot` (a `govlint.snapshot/v1` JSON value) on 127.0.0.1 at an OS-assigned port.
    pub fn start(snapshot: &Value, options: Options) -> std::io::Result<Emulator> {
        Emulator::start_on(snapshot.clone(), options, 0)
    }

    /// As [`Emulator::start`], taking the tenant (so a large one is held once, not twice), on
    /// a chosen port (0: any).
    pub fn start_on(mut snapshot: Value, options: Options, port: u16) -> std::io::Result<Emulator> {
        let mut data = BTreeMap::new();
        let mut texts = BTreeMap::new();
        let mut colds = BTreeMap::new();
        if let Some(cs) = snapshot["collections"].as_object_mut() {
            for (name, c) in cs {
                let items = match c["items"].take() {
                    Value::Array(items) => items,
                    _ => Vec::new(),
                };
                if logs::is_log(name) {
                    let items = items
                        .iter()
                        .filter_map(|v| serde_json::value::to_raw_value(v).ok())
                        .collect();
                    texts.insert(name.clone(), items);
                } else if cold::is_cold(name) {
                    let navs = cold::navs_of(name);
                    let nodes = items
                        .iter()
                        .map(|v| cold::Node::from_value(v, navs))
                        .collect();
                    colds.insert(name.clone(), nodes);
                } else {
                    data.insert(name.clone(), items);
                }
            }
        }
        let tenant = snapshot["tenant"]["id"].as_str().map(str::to_string);
        drop(snapshot);
        Emulator::serve(tenant, data, texts, colds, options, port)
    }

    /// As [`Emulator::start_on`], from the snapshot's JSON text: the logs' items and the big
    /// collections (cold.rs) stay text and are never whole `serde_json` values, so a tenant
    /// of 220k users, a million decisions and millions of sign-ins fits (benches/scale.rs). Invalid JSON is an `InvalidData` error.
    pub fn start_text(text: &str, options: Options, port: u16) -> std::io::Result<Emulator> {
        use serde_json::value::RawValue;
        #[derive(serde::Deserialize)]
        struct Doc<'a> {
            #[serde(borrow, default)]
            collections: BTreeMap<String, &'a RawValue>,
            #[serde(default)]
            tenant: Value,
        }
        #[derive(serde::Deserialize)]
        struct Items<T> {
            #[serde(default = "Vec::new")]
            items: Vec<T>,
        }
        let bad = |e: serde_json::Error| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
        let doc: Doc = serde_json::from_str(text).map_err(bad)?;
        let mut data = BTreeMap::new();
        let mut texts = BTreeMap::new();
        let mut colds = BTreeMap::new();
        for (name, c) in doc.collections {
            if logs::is_log(&name) {
                let items: Items<&RawValue> = serde_json::from_str(c.get()).map_err(bad)?;
                let items = items.items.into_iter().map(ToOwned::to_owned).collect();
                texts.insert(name, items);
            } else if cold::is_cold(&name) {
                let items: Items<&RawValue> = serde_json::from_str(c.get()).map_err(bad)?;
                let navs = cold::navs_of(&name);
                let nodes = items
                    .items
                    .into_iter()
                    .map(|t| cold::Node::from_raw(t, navs))
                    .collect();
                colds.insert(name, nodes);
            } else {
                let items: Items<Value> = serde_json::from_str(c.get()).map_err(bad)?;
                data.insert(name, items.items);
            }
        }
        let tenant = doc.tenant["id"].as_str().map(str::to_string);
        Emulator::serve(tenant, data, texts, colds, options, port)
    }

    fn serve(
        tenant: Option<String>,
        data: BTreeMap<String, Vec<Value>>,
        texts: BTreeMap<String, Vec<Box<serde_json::value::RawValue>>>,
        colds: BTreeMap<String, Vec<cold::Node>>,
        options: Options,
        port: u16,
    ) -> std::io::Result<Emulator> {
        // Logs Graph serves newest first (sign-ins), whatever order the tenant lists them in.
        let mut logs = logs::Logs::new();
        for (name, items) in texts {
            let newest = ROUTES
                .iter()
                .find_map(|r| (r.collection == name).then_some(r.newest_first).flatten())
                .unwrap_or("createdDateTime");
            logs.insert(name, logs::Log::new(items, newest));
        }
        let tenant = tenant.unwrap_or_else(|| DEFAULT_TENANT.to_string());
        let faults = options
            .faults
            .iter()
            .cloned()
            .map(|fault| FaultState {
                fault,
                seen: 0,
                fired: 0,
            })
            .collect();
        let mut store = Store {
            data,
            cold: colds.into_iter().map(|(k, v)| (k, Arc::new(v))).collect(),
            by_id: BTreeMap::new(),
        };
        let names: Vec<String> = store
            .data
            .keys()
            .chain(store.cold.keys())
            .cloned()
            .collect();
        for name in &names {
            store.reindex(name);
        }
        let state = Arc::new(State {
            tenant,
            store: RwLock::new(Arc::new(store)),
            logs,
            options,
            key: uuid::Uuid::new_v4().as_bytes().to_vec(),
            faults: Mutex::new(faults),
            token_generation: Mutex::new(0),
            jtis: Mutex::new(HashSet::new()),
            device_polls: Mutex::new(BTreeMap::new()),
            log: Mutex::new(Vec::new()),
            writes: Mutex::new(Vec::new()),
        });
        let std_listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app_state = state.clone();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<std::io::Result<()>>();
        let thread = std::thread::Builder::new()
            .name("graph-emulator".into())
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                rt.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(std_listener) {
                        Ok(l) => l,
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                            return;
                        }
                    };
                    let _ = ready_tx.send(Ok(()));
                    let app = graph::router(app_state);
                    let _ = axum::serve(listener, app)
                        .with_graceful_shutdown(async {
                            let _ = rx.await;
                        })
                        .await;
                });
            })?;
        match ready_rx.recv() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Err(e),
            Err(_) => return Err(std::io::Error::other("emulator thread died")),
        }
        Ok(Emulator {
            addr,
            state,
            shutdown: Some(tx),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`: both the Graph root and the authority host.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn tenant(&self) -> &str {
        &self.state.tenant
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Logged> {
        self.state.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// How many times each fault fired.
    pub fn fault_counts(&self) -> Vec<usize> {
        self.state
            .faults
            .lock()
            .map(|f| f.iter().map(|s| s.fired).collect())
            .unwrap_or_default()
    }

    /// A valid access token for the default app (what `az account get-access-token` would print).
    pub fn mint_access_token(&self) -> String {
        token::mint_access(&self.state, CLIENT_ID)
    }

    /// Every write so far with its body, in arrival order.
    pub fn writes(&self) -> Vec<writes::Written> {
        self.state
            .writes
            .lock()
            .map(|w| w.clone())
            .unwrap_or_default()
    }

    /// The item of `collection` with this id as the tenant holds it now (after any writes).
    pub fn item(&self, collection: &str, id: &str) -> Option<Value> {
        self.state
            .store()
            .item(collection, id)
            .map(std::borrow::Cow::into_owned)
    }

    /// Every item of `collection` as the tenant holds it now.
    pub fn items(&self, collection: &str) -> Vec<Value> {
        self.state.store().values(collection)
    }

    /// Changes the tenant between reads, as another admin would (an object edited between a
    /// plan and its apply): `change` gets the collection's items.
    pub fn edit(&self, collection: &str, change: impl FnOnce(&mut Vec<Value>)) {
        let mut guard = writes::write_store(&self.state);
        let store = Arc::make_mut(&mut guard);
        change(store.values_entry(collection));
        store.reindex(collection);
    }

    /// A delegated access token for the user `oid` (what `az account get-access-token` prints
    /// after `az login` as that user), with the delegated permissions PIM needs; `mfa` says
    /// whether the sign-in used multifactor authentication.
    pub fn mint_user_token(&self, oid: &str, mfa: bool) -> String {
        token::mint_user(&self.state, CLIENT_ID, oid, pim::DELEGATED, mfa)
    }

    /// A federated token from the emulator's GitHub issuer (for `AZURE_FEDERATED_TOKEN_FILE`).
    pub fn federated_token(&self, subject: &str) -> String {
        token::mint_federated(&self.state, subject, FEDERATED_AUDIENCE)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
