//! Microsoft Graph's published v1.0 schema (CSDL, tests/graph/README.md) is the judge of what
//! govlint sends to Graph and what it expects back, so that a renamed property or a wrong
//! `$expand` fails here rather than at a user's tenant. Our emulator was written by the same
//! hands as the fetcher; these tests hold both, the remediations and the rules to Graph's
//! own schema:
//!
//! 1. every request `govlint fetch` sends to the emulator (`$batch` sub-requests too): its path
//!    resolved segment by segment, its `$select`, `$expand` (nested options too), and the
//!    property names in `$filter` and `$orderby`;
//! 2. every remediation request the demo tenant's findings print: path, method, body
//!    properties (with `@odata.type` casts and `@odata.bind`) and action parameters;
//! 3. every property the emulator answered with during that fetch, and every property of the
//!    snapshot the fetch wrote (enum values among the enum's members, values of their
//!    property's JSON kind, `@odata.type` a type deriving from the declared one);
//! 4. the property names the built-in Rego rules read from the collections they read, and
//!    that the table of them the input and snapshot schemas are built from
//!    (`govlint::schemas::graph::READ`) lists each and types it as Graph does;
//! 5. the emulator's route table, routes the fetch does not use included.
//!
//! Nothing is hard-coded about which requests are sent: whatever the fetcher and the rules do
//! on the current tree is checked. Every exception is an allow-list with its reason:
//! `SCHEMA_GAPS` (tests/graph/csdl.rs, properties the CSDL lacks; empty), `directory_select`
//! (tests/graph/path.rs, `$select` of derived-type properties on directory objects),
//! `SNAPSHOT_KEYS` (govlint keys on snapshot items; empty) and `GOVLINT_FIELDS` (fields of
//! govlint's own indexes and objects the rules read).

mod common;
mod graph;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use std::time::Duration;

use assert_cmd::Command;
use govlint::engine::Selection;
use govlint::fetch::collections::SPECS;
use govlint_testkit::emulator::{Emulator, Logged, Options};
use govlint_testkit::tenant;
use serde_json::{json, Value};

use graph::body::Walk;
use graph::csdl::{self, Schema, TypeRef};
use graph::path::{self, Reached};

/// Problems, each once, with the first request that showed it and how many did.
#[derive(Default)]
struct Problems(BTreeMap<String, (String, usize)>);

impl Problems {
    fn add(&mut self, request: &str, problem: String) {
        // `value[3].x` and `value[4].x` are one problem.
        static AT: OnceLock<regex::Regex> = OnceLock::new();
        let at = AT.get_or_init(|| regex::Regex::new(r"\[\d+\]").expect("valid"));
        let problem = at.replace_all(&problem, "[*]").into_owned();
        let e = self
            .0
            .entry(problem)
            .or_insert_with(|| (request.to_string(), 0));
        e.1 += 1;
    }

    fn assert_none(&self, what: &str) {
        if self.0.is_empty() {
            return;
        }
        let mut msg = format!(
            "{} problem(s) with {what} against Graph's v1.0 schema:\n",
            self.0.len()
        );
        for (problem, (request, n)) in &self.0 {
            let more = if *n > 1 {
                format!(" (and {} more)", n - 1)
            } else {
                String::new()
            };
            msg.push_str(&format!("- {request}{more}\n    {problem}\n"));
        }
        panic!("{msg}");
    }
}

/// What the fetch of the demo tenant did: its requests, the JSON the emulator answered to
/// each distinct GET, and the snapshot written.
struct Fetched {
    requests: Vec<Logged>,
    answers: Vec<(String, Value)>,
    snapshot: Value,
}

/// The demo tenant with every collection the fetcher reads present (empty when the
/// generator has none), so every route is exercised.
fn demo() -> Value {
    common::with_every_collection(tenant::demo().0)
}

/// The fetches of the demo tenant (all of it, and the modes that read differently: `--only
/// pim`, failed sign-ins only), shared by the tests that judge them.
fn fetched() -> &'static Fetched {
    static F: OnceLock<Fetched> = OnceLock::new();
    F.get_or_init(|| {
        // Small pages, so paging links and `$skiptoken` requests are among those checked.
        let emu = Emulator::start(&demo(), Options::default().page_size(7)).expect("emulator");
        let dir = common::tmp();
        let fetch = |out: &std::path::Path, extra: &[&str]| {
            let run = Command::from_std(common::fetch_command(&emu, out))
                .args(extra)
                .timeout(Duration::from_secs(120))
                .output()
                .expect("govlint runs");
            assert!(
                run.status.success(),
                "fetch {extra:?} failed: {}",
                String::from_utf8_lossy(&run.stderr)
            );
        };
        // Windowed logs are read from the fetch's wall clock back; the demo's records sit
        // around its own clock, so open the window to them when this fetch has one.
        let help = Command::cargo_bin("govlint")
            .expect("binary built")
            .args(["fetch", "--help"])
            .output()
            .expect("govlint runs");
        let knows = |flag: &str| String::from_utf8_lossy(&help.stdout).contains(flag);
        let since = tenant::days_from_now(-29);
        let window: Vec<&str> = if knows("--sign-ins-since") {
            vec!["--sign-ins-since", &since]
        } else {
            Vec::new()
        };
        let out = dir.path().join("snapshot.json");
        fetch(&out, &window);
        // Without the groups collection, PIM finds the role-assignable groups with a request
        // of its own.
        fetch(&dir.path().join("pim.json"), &["--only", "pim"]);
        // Failures only: a `$filter` of its own.
        if knows("--sign-ins ") {
            let mut args = vec!["--only", "signins", "--sign-ins", "failures"];
            args.extend(&window);
            fetch(&dir.path().join("failures.json"), &args);
        }
        let requests = emu.requests();
        let answers = replay(&emu, &requests);
        let snapshot = serde_json::from_str(&std::fs::read_to_string(&out).expect("written"))
            .expect("snapshot is JSON");
        Fetched {
            requests,
            answers,
            snapshot,
        }
    })
}

/// The emulator's answer to each distinct successful Graph GET of the fetch, asked again: the
/// emulator serves a sub-request of a `$batch` as if sent alone, and the same request twice
/// alike, so these are the bodies the fetch read.
fn replay(emu: &Emulator, requests: &[Logged]) -> Vec<(String, Value)> {
    let targets: BTreeSet<&str> = requests
        .iter()
        .filter(|r| r.method == "GET" && r.status == 200 && r.target.starts_with("/v1.0/"))
        .map(|r| r.target.as_str())
        .collect();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let http = reqwest::Client::new();
    let token = emu.mint_access_token();
    rt.block_on(async {
        let mut out = Vec::new();
        for t in targets {
            let r = http
                .get(format!("{}{t}", emu.url()))
                .bearer_auth(&token)
                .send()
                .await
                .expect("sent");
            assert_eq!(r.status().as_u16(), 200, "replayed {t}");
            out.push((t.to_string(), r.json().await.expect("JSON answer")));
        }
        out
    })
}

/// The path and query options of a request, checked; what the path reached.
fn check_request(
    schema: &Schema,
    method: &str,
    target: &str,
    problems: &mut Problems,
) -> Option<Reached> {
    let request = format!("{method} {target}");
    let (p, options) = match path::split_target(target) {
        Ok(x) => x,
        Err(e) => {
            problems.add(&request, e);
            return None;
        }
    };
    let reached = match path::resolve(schema, &p) {
        Ok(r) => r,
        Err(e) => {
            problems.add(&request, format!("path: {e}"));
            return None;
        }
    };
    let mut errs = Vec::new();
    path::check_query(schema, reached.ty().as_ref(), &options, &mut errs);
    for e in errs {
        problems.add(&request, e);
    }
    Some(reached)
}

#[test]
fn every_request_the_fetch_sends_is_in_the_graph_schema() {
    let schema = csdl::graph();
    let f = fetched();
    let graph: Vec<&Logged> = f
        .requests
        .iter()
        .filter(|r| r.target.starts_with("/v1.0") || r.target.starts_with("/beta"))
        .collect();
    // The checks below must have something to bite on: the fetch read lists, followed paging
    // links and batched per-item reads.
    assert!(graph.len() > 20, "only {} Graph requests", graph.len());
    assert!(graph.iter().any(|r| r.batched), "no $batch sub-request");
    let mut problems = Problems::default();
    for r in graph {
        let request = format!("{} {}", r.method, r.target);
        if r.target == "/v1.0/$batch" && !r.batched {
            if r.method != "POST" {
                problems.add(&request, "$batch takes POST".into());
            }
            continue;
        }
        if r.method != "GET" {
            problems.add(&request, "the fetch only reads: GET expected".into());
        }
        if r.status != 200 {
            problems.add(&request, format!("the emulator answered {}", r.status));
        }
        if r.target.starts_with("/beta/") {
            if !beta_reads().any(|p| r.target.split('?').next() == Some(p.as_str())) {
                problems.add(&request, "a beta request no collection declares".into());
            }
            continue;
        }
        check_request(schema, &r.method, &r.target, &mut problems);
    }
    problems.assert_none("the requests `govlint fetch` sends");
}

/// The paths of the collections the fetch reads from beta, because Graph has them nowhere
/// else (`apiVersion: beta` in the snapshot): the v1.0 schema cannot judge them, their
/// documentation does (List servicePrincipalSignInActivities). Nothing else may go to beta.
fn beta_reads() -> impl Iterator<Item = String> {
    SPECS
        .iter()
        .filter(|s| s.version == "beta")
        .map(|s| format!("/beta{}", s.path))
}

#[test]
fn the_only_beta_read_is_service_principal_sign_in_activity() {
    assert_eq!(
        beta_reads().collect::<Vec<_>>(),
        vec!["/beta/reports/servicePrincipalSignInActivities".to_string()]
    );
    assert!(check_request(
        csdl::graph(),
        "GET",
        "/v1.0/reports/servicePrincipalSignInActivities",
        &mut Problems::default()
    )
    .is_none());
}

/// Snapshot keys that are govlint's, not Graph's, on the items of a collection. Each needs
/// a reason; none so far (policies/README.md: items are Graph's shapes verbatim).
const SNAPSHOT_KEYS: &[(&str, &str, &str)] = &[];

#[test]
fn every_property_the_emulator_serves_is_in_the_graph_schema() {
    let schema = csdl::graph();
    let f = fetched();
    assert!(!f.answers.is_empty());
    let mut problems = Problems::default();
    for (target, answer) in &f.answers {
        let request = format!("GET {target}");
        let Some(reached) = check_request(schema, "GET", target, &mut Problems::default()) else {
            // Reported by the request test.
            continue;
        };
        let mut walk = Walk::default();
        match reached {
            Reached::Entities(t) => {
                let ty = TypeRef {
                    name: t.name,
                    collection: true,
                };
                walk.value(schema, &answer["value"], &ty, "value");
            }
            Reached::Ref { .. } | Reached::Raw => {}
            other => match other.ty() {
                Some(t) if t.collection => walk.value(schema, &answer["value"], &t, "value"),
                Some(t) => walk.value(schema, answer, &t, "(answer)"),
                None => {}
            },
        }
        for e in walk.errs {
            problems.add(&request, e);
        }
    }
    problems.assert_none("the emulator's answers to the fetch");

    // The snapshot the fetch wrote: each collection's items against the type its Graph path
    // reaches (what the emulator served, as the fetcher stored it).
    let mut problems = Problems::default();
    for (name, ty) in collection_types(schema) {
        let items = snapshot_items(f, &name);
        let mut walk = Walk::default();
        walk.value(
            schema,
            &items,
            &TypeRef {
                name: ty,
                collection: true,
            },
            &name,
        );
        for e in walk.errs {
            problems.add(&format!("snapshot collection `{name}`"), e);
        }
    }
    problems.assert_none("the snapshot the fetch wrote");
}

/// The items of a fetched collection, without the keys SNAPSHOT_KEYS allows.
fn snapshot_items(f: &Fetched, name: &str) -> Value {
    let mut items = f.snapshot["collections"][name]["items"].clone();
    for item in items.as_array_mut().into_iter().flatten() {
        for (c, key, _why) in SNAPSHOT_KEYS {
            if let (true, Some(o)) = (*c == name, item.as_object_mut()) {
                o.remove(*key);
            }
        }
    }
    items
}

/// Each fetched collection and the entity type of its items, from the Graph path the fetch
/// reads it at.
fn collection_types(schema: &Schema) -> BTreeMap<String, String> {
    SPECS
        .iter()
        // A beta read has no type in the v1.0 schema ([`beta_reads`]).
        .filter(|s| s.version == "v1.0")
        .map(|s| {
            let reached = path::resolve(schema, s.path)
                .unwrap_or_else(|e| panic!("collection `{}` at `{}`: {e}", s.name, s.path));
            let ty = match reached {
                Reached::Entities(t) | Reached::Entity(t) => t.name,
                other => panic!(
                    "collection `{}` at `{}` reaches {}",
                    s.name,
                    s.path,
                    path::describe(&other)
                ),
            };
            (s.name.to_string(), ty)
        })
        .collect()
}

#[test]
fn every_remediation_request_fits_the_graph_schema() {
    let schema = csdl::graph();
    let (snapshot, _) = tenant::demo();
    let snap = govlint::snapshot::parse("demo", &snapshot.to_string()).expect("demo parses");
    let linter = common::demo_linter();
    let rules = linter.select(&Selection::default()).expect("all rules");
    let result = common::lint_complete(&linter, &snap, &rules);
    let root = snap.tenant.cloud.graph_root();
    let mut problems = Problems::default();
    let mut seen = 0;
    for finding in &result.findings {
        for r in &finding.remediation.requests {
            seen += 1;
            let request = format!("{} {} ({})", r.method, r.url, finding.rule);
            let Some(target) = r.url.strip_prefix(root) else {
                problems.add(
                    &request,
                    format!("not under the tenant's Graph root {root}"),
                );
                continue;
            };
            let Some(reached) = check_request(schema, &r.method, target, &mut problems) else {
                continue;
            };
            let mut walk = Walk::default();
            check_method(schema, &r.method, &reached, r.body.as_ref(), &mut walk);
            for e in walk.errs {
                problems.add(&request, e);
            }
        }
    }
    assert!(seen > 10, "only {seen} remediation requests in the demo");
    problems.assert_none("the demo's remediation requests");
}

/// Whether `method` fits what the path reached, and its body the target's type.
fn check_method(
    schema: &Schema,
    method: &str,
    reached: &Reached,
    body: Option<&Value>,
    walk: &mut Walk,
) {
    let entity_body = |walk: &mut Walk, t: &TypeRef| match body {
        Some(b) => walk.object(schema, b, &t.name, "body"),
        None => walk.errs.push(format!("{method} needs a body")),
    };
    match (method, reached) {
        ("GET", _) => {}
        ("POST", Reached::Entities(t)) => entity_body(walk, t),
        ("POST", Reached::Operation(op)) if op.action => {
            let Some(b) = body.and_then(Value::as_object) else {
                if !op.params.is_empty() {
                    walk.errs.push(format!("action `{}` takes parameters {:?}; no body given", op.name, op.params.keys()));
                }
                return;
            };
            for (k, v) in b {
                match op.params.get(k) {
                    Some(t) => walk.value(schema, v, t, &format!("body.{k}")),
                    None => walk.errs.push(format!(
                        "`{k}` is not a parameter of action `{}` (parameters: {})",
                        op.name,
                        op.params.keys().cloned().collect::<Vec<_>>().join(", ")
                    )),
                }
            }
        }
        // Adding a reference to a collection-valued navigation.
        ("POST", Reached::Ref { collection: true }) | ("PUT", Reached::Ref { collection: false }) => {
            match body {
                Some(b) if b.get("@odata.id").is_some_and(Value::is_string) => {}
                _ => walk.errs.push("a $ref body is {\"@odata.id\": \"…\"}".into()),
            }
        }
        ("PATCH" | "PUT", Reached::Entity(t)) => entity_body(walk, t),
        ("PATCH" | "PUT", Reached::Value(t)) if !t.collection => entity_body(walk, t),
        ("DELETE", Reached::Entity(_) | Reached::Ref { collection: false }) => {}
        (m, other) => walk.errs.push(format!(
            "{m} does not fit {} (POST: a collection or an action; PATCH/PUT/DELETE: one entity; POST/DELETE on $ref: a reference)",
            path::describe(other)
        )),
    }
}

/// The types a collection's items can hold, for the Rego check: the items' entity type and
/// every type the fetched items were found to be (`@odata.type` casts, expanded navigations
/// such as `principal`, embedded children such as `instances`), each with its derived types
/// and, recursively, the complex types of its properties (and theirs). A navigation is
/// followed only where the fetch embedded it, so `users` does not reach the whole schema
/// through `manager` and `memberOf`.
fn reachable(schema: &Schema, f: &Fetched) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    for (name, ty) in collection_types(schema) {
        let mut walk = Walk::default();
        walk.value(
            schema,
            &snapshot_items(f, &name),
            &TypeRef {
                name: ty.clone(),
                collection: true,
            },
            &name,
        );
        let mut todo: Vec<String> = walk.seen.into_iter().collect();
        todo.push(ty);
        let mut types = BTreeSet::new();
        while let Some(t) = todo.pop() {
            for d in schema.with_derived(&t) {
                if !types.insert(d.clone()) {
                    continue;
                }
                for (_, s) in schema.lineage(&d) {
                    for p in s.props.values() {
                        if schema.structured(&p.name).is_some() {
                            todo.push(p.name.clone());
                        }
                    }
                }
            }
        }
        out.insert(name, types);
    }
    out
}

/// Every property and navigation property name of `types`, inherited ones included.
fn names_of(schema: &Schema, types: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for t in types {
        for (_, s) in schema.lineage(t) {
            out.extend(s.props.keys().cloned());
            out.extend(s.navs.keys().cloned());
        }
    }
    out
}

/// Field names the rules use that are govlint's own, not Graph's, each with where it comes
/// from (policies/README.md, "What a rule sees" and "The finding contract").
const GOVLINT_FIELDS: &[(&str, &str)] = &[
    // input.index.roleHolders / principalRoles entries and the holder-through-group entries.
    (
        "active",
        "input.index.roleHolders[role][principal].active: instances in effect",
    ),
    (
        "eligible",
        "input.index.roleHolders[role][principal].eligible",
    ),
    ("via", "a holder-through-group entry's path of groups"),
    (
        "membership",
        "a `via` hop: member | eligibleMember | activeMember",
    ),
    (
        "roleInstanceId",
        "a holder-through-group entry: the group's own role instance",
    ),
    // A reference the rules build and pass between helpers.
    ("collection", "a reference's snapshot collection"),
    // Objects a rule builds for itself.
    (
        "what",
        "EXT002: the case it found (what the guest did not do)",
    ),
    ("kind", "EXT002: the case it found (which fix applies)"),
    (
        "assignment",
        "lib/wid.rego permissions(): the app role assignment's id",
    ),
    (
        "high",
        "lib/wid.rego permissions(): whether it is on the high-privilege list",
    ),
    (
        "credential",
        "lib/wid.rego credentials(): the credential itself",
    ),
];

/// Properties of the collections read from beta ([`beta_reads`]), from their documentation
/// (servicePrincipalSignInActivity, beta): the v1.0 schema has no such type to judge them.
const BETA_FIELDS: &[(&str, &[&str])] = &[(
    "servicePrincipalSignInActivities",
    &["appId", "lastSignInActivity"],
)];

/// Rego built-in namespaces and roots that never hold Graph data.
const NOT_DATA_ROOTS: &[&str] = &[
    "data",
    "rego",
    "future",
    "object",
    "array",
    "strings",
    "time",
    "json",
    "regex",
    "units",
    "net",
    "crypto",
    "io",
    "http",
    "graph",
    "glob",
    "semver",
    "uuid",
    "yaml",
    "base64",
    "base64url",
    "urlquery",
    "numbers",
    "sets",
    "rand",
    "opa",
    "trace",
    "hex",
    "bits",
];

/// The field names a Rego file reads: `x.name` chains (not under a package alias, a built-in
/// namespace, `data`, or the `input.collections.<name>` / `input.index.<name>` / `input.now`
/// / `input.tenant` prefixes themselves), `x["name"]`, and the keys of `object.get`. A key
/// passed to a helper as an argument (`_members(org, "internalSponsors")`) is not seen: a
/// string argument cannot be told from a value without types.
fn rego_fields(text: &str) -> BTreeMap<String, usize> {
    let mut aliases: BTreeSet<String> = NOT_DATA_ROOTS.iter().map(|s| s.to_string()).collect();
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = BTreeMap::new();
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim();
        if line.starts_with("package ") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("import ") {
            aliases.insert(import_alias(rest).to_string());
            continue;
        }
        // Strings out (kept aside for the keyed reads), comments off.
        let mut code = String::new();
        let mut strings: Vec<(usize, String)> = Vec::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' | '`' => {
                    let mut s = String::new();
                    while let Some(d) = chars.next() {
                        if d == '\\' && c == '"' {
                            chars.next();
                            continue;
                        }
                        if d == c {
                            break;
                        }
                        s.push(d);
                    }
                    strings.push((code.len(), s));
                    code.push_str("\"\"");
                }
                '#' => break,
                c => code.push(c),
            }
        }
        let looks_like_field = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '@')
                && s.chars().all(|c| ident(c) || c == '@' || c == '.')
        };
        for (at, s) in &strings {
            let before = code[..*at].trim_end();
            // `x["name"]` (a subscript of a value, not a list literal), or the key of
            // `object.get(x, "name", …)` / `object.get(x, ["a", "b"], …)`.
            let keyed = before
                .strip_suffix('[')
                .is_some_and(|b| b.ends_with(|c: char| ident(c) || c == ']' || c == ')'));
            let second_arg = match before.rfind("object.get(") {
                Some(open) => {
                    let args = &before[open + "object.get(".len()..];
                    let (mut depth, mut commas) = (0i32, 0);
                    for c in args.chars() {
                        match c {
                            '[' | '(' | '{' => depth += 1,
                            ']' | ')' | '}' => depth -= 1,
                            ',' if depth == 0 => commas += 1,
                            _ => {}
                        }
                    }
                    // Inside the key (the second argument), of an object that is not the
                    // snapshot's or the configuration's root.
                    let first = args.split(',').next().unwrap_or("").trim();
                    depth >= 0
                        && commas == 1
                        && !["input", "data"]
                            .iter()
                            .any(|r| first == *r || first.starts_with(&format!("{r}.")))
                }
                None => false,
            };
            if (keyed || second_arg) && looks_like_field(s) && !s.starts_with("@odata.") {
                out.entry(s.clone()).or_insert(line_no);
            }
        }
        // `.name` chains.
        let bytes: Vec<char> = code.chars().collect();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == '.'
                && bytes
                    .get(i + 1)
                    .is_some_and(|c| c.is_ascii_alphabetic() || *c == '_')
            {
                // The chain's root: walk back over `a.b.c` (and stop at `]`).
                let mut j = i;
                while j > 0 && (ident(bytes[j - 1]) || bytes[j - 1] == '.') {
                    j -= 1;
                }
                let chain: String = bytes[j..i].iter().collect();
                let root = chain.split('.').next().unwrap_or("");
                let mut k = i + 1;
                while k < bytes.len() && ident(bytes[k]) {
                    k += 1;
                }
                let name: String = bytes[i + 1..k].iter().collect();
                let depth = chain.split('.').count();
                let skip = if j > 0 && bytes[j - 1] == ')' {
                    // A call's result: an object the rule built (`_grant(…).body`).
                    true
                } else if j > 0 && bytes[j - 1] == ']' || root.is_empty() {
                    // After an index: `input.index.users[uid].displayName`.
                    false
                } else if root.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    true
                } else if root == "input" {
                    // input.collections.<name>, input.index.<name>, input.now, input.tenant.
                    depth <= 2 || chain.starts_with("input.tenant")
                } else {
                    aliases.contains(root)
                };
                if !skip {
                    out.entry(name).or_insert(line_no);
                }
                i = k;
                continue;
            }
            i += 1;
        }
    }
    out
}

#[test]
fn every_field_the_rules_read_is_in_the_graph_schema() {
    // An approximation, stated: Rego is not typed, so this does not follow each value to the
    // collection it came from. It collects every field name a rule file reads (see
    // `rego_fields`) and checks it names a property on SOME type reachable from the
    // collections the rule `reads` (see `reachable`); a library file, whose helpers serve
    // many rules, against those of every rule's collections. A misspelt or beta-only
    // property fails; a real property read on the wrong collection's items can pass. Names
    // that are govlint's own (indexes, config, the finding contract) are in GOVLINT_FIELDS.
    let schema = csdl::graph();
    let f = fetched();
    let reach = reachable(schema, f);
    let linter = common::builtin_linter();
    let own: BTreeSet<&str> = GOVLINT_FIELDS.iter().map(|(n, _)| *n).collect();
    let mut problems = Problems::default();
    let mut all = BTreeSet::new();
    let mut by_file: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for rule in linter.rules() {
        for c in &rule.reads {
            match reach.get(c) {
                Some(t) => {
                    all.extend(t.iter().cloned());
                    by_file
                        .entry(rule.source.clone())
                        .or_default()
                        .extend(t.iter().cloned());
                }
                None if BETA_FIELDS.iter().any(|(b, _)| b == c) => {}
                None => problems.add(
                    &format!("{} ({})", rule.code, rule.source),
                    format!("reads `{c}`, which `govlint fetch` does not fetch"),
                ),
            }
        }
    }
    let files: Vec<_> = govlint::policy::builtin_rego()
        .into_iter()
        .filter(|p| !p.is_test())
        .collect();
    assert!(files.len() > 10);
    let mut checked = 0;
    let mut needed = BTreeSet::new();
    for file in &files {
        let types = by_file.get(&file.path).unwrap_or(&all);
        let names = names_of(schema, types);
        for (field, line) in rego_fields(&file.text) {
            checked += 1;
            if names.contains(&field) {
                continue;
            }
            if own.contains(field.as_str()) {
                needed.insert(field);
                continue;
            }
            if BETA_FIELDS
                .iter()
                .any(|(_, fs)| fs.contains(&field.as_str()))
            {
                continue;
            }
            problems.add(
                &format!("{}:{line}", file.path),
                format!(
                    "`{field}` is not a property of any type reachable from {} (a field govlint makes itself: add it to GOVLINT_FIELDS saying where it comes from)",
                    if std::ptr::eq(types, &all) {
                        "the collections the rules read".to_string()
                    } else {
                        format!("the rule's `reads` ({} types)", types.len())
                    }
                ),
            );
        }
    }
    assert!(checked > 100, "only {checked} field reads found");
    // An allow-list entry no rule needs any more hides the next real mismatch of that name.
    for (name, why) in GOVLINT_FIELDS {
        if !needed.contains(*name) {
            problems.add(
                "GOVLINT_FIELDS in tests/graph_contract.rs",
                format!("`{name}` ({why}) is allowed but no rule reads it outside Graph's names: remove it"),
            );
        }
    }
    problems.assert_none("the fields the built-in rules read");
}

/// The JSON type Graph gives a property of CSDL type `t` ("" for a stream, which has none).
fn json_type(schema: &Schema, t: &TypeRef) -> &'static str {
    if t.collection {
        return "array";
    }
    match t.name.as_str() {
        "Edm.Boolean" => "boolean",
        "Edm.Int16" | "Edm.Int32" | "Edm.Int64" | "Edm.Byte" | "Edm.SByte" => "integer",
        "Edm.Double" | "Edm.Single" | "Edm.Decimal" => "number",
        "Edm.Stream" => "",
        n if n.starts_with("Edm.") || schema.enums.contains_key(n) => "string",
        _ => "object",
    }
}

/// The names a Rego file reads directly off a value it holds in a variable or indexed out of
/// a collection: `x.name` (not `x.a.name`, nor under `input`, `data`, a package alias or a
/// built-in namespace), `...].name`, `x["name"]`, and a string passed right after a variable
/// as a call's second argument (`object.get(x, "name", …)`, `_list(o, "passwordCredentials")`).
/// These are the reads that can be of a collection item's own properties; [`rego_fields`]
/// also gives the deeper ones (`s.location.city`), which belong to nested objects.
fn first_level_fields(text: &str) -> BTreeSet<String> {
    let mut roots: BTreeSet<String> = NOT_DATA_ROOTS.iter().map(|s| s.to_string()).collect();
    roots.insert("input".into());
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let field = |s: &str| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    // The plain variable ending at `end` (exclusive), if the chars before it are not part of
    // a longer chain.
    let variable = |chars: &[char], end: usize| -> Option<String> {
        let mut k = end;
        while k > 0 && ident(chars[k - 1]) {
            k -= 1;
        }
        let v: String = chars[k..end].iter().collect();
        let before = if k > 0 { Some(chars[k - 1]) } else { None };
        (!v.is_empty()
            && !v.starts_with(|c: char| c.is_ascii_digit())
            && before != Some('.')
            && before != Some(')'))
        .then_some(v)
    };
    let mut out = BTreeSet::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with("package ") || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("import ") {
            roots.insert(import_alias(rest).to_string());
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '#' => break,
                '"' => {
                    let mut j = i + 1;
                    let mut lit = String::new();
                    while j < chars.len() && chars[j] != '"' {
                        if chars[j] == '\\' {
                            j += 1;
                        } else {
                            lit.push(chars[j]);
                        }
                        j += 1;
                    }
                    let before: String = chars[..i].iter().collect();
                    let before = before.trim_end();
                    let keyed = before.strip_suffix('[').is_some_and(|b| {
                        b.ends_with(']')
                            || variable(&b.chars().collect::<Vec<_>>(), b.chars().count())
                                .is_some_and(|v| !roots.contains(&v))
                    });
                    let second_arg = before.strip_suffix(',').is_some_and(|b| {
                        let b: Vec<char> = b.trim_end().chars().collect();
                        variable(&b, b.len()).is_some_and(|v| {
                            let start = b.len() - v.chars().count();
                            !roots.contains(&v) && start > 0 && b[start - 1] == '('
                        })
                    });
                    if (keyed || second_arg) && field(&lit) {
                        out.insert(lit);
                    }
                    i = j + 1;
                    continue;
                }
                '.' if chars
                    .get(i + 1)
                    .is_some_and(|c| c.is_ascii_alphabetic() || *c == '_') =>
                {
                    let mut k = i + 1;
                    while k < chars.len() && ident(chars[k]) {
                        k += 1;
                    }
                    let name: String = chars[i + 1..k].iter().collect();
                    let first = i > 0 && chars[i - 1] == ']'
                        || variable(&chars, i).is_some_and(|v| !roots.contains(&v));
                    if first {
                        out.insert(name);
                    }
                    i = k;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

/// The package a Rego file declares.
fn package_of(text: &str) -> Option<&str> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("package "))
        .map(str::trim)
}

#[test]
fn the_schema_table_lists_every_property_the_rules_read() {
    // `govlint::schemas::graph::READ` is what the input and snapshot schemas describe of each
    // collection's items; this keeps it in step with the rules. A rule file's field reads
    // (`first_level_fields`) that are properties of a collection's Graph type
    // (inherited ones included), for each collection the rule reads, must be in the table
    // (a library file: for the collections of every rule that imports it). Rego is untyped,
    // so a name read on one collection counts for each collection of the rule whose type
    // has it: the table may list a property a rule reads elsewhere, never miss one. Every
    // entry must also be a property of that type with the JSON type Graph gives it, and a
    // collection read from beta lists only the properties documented in BETA_FIELDS.
    let schema = csdl::graph();
    let types = collection_types(schema);
    let table: BTreeMap<&str, BTreeMap<&str, &str>> = govlint::schemas::graph::READ
        .iter()
        .map(|(c, props)| (*c, props.iter().copied().collect()))
        .collect();
    let mut problems = Problems::default();
    for (c, props) in &table {
        let beta = BETA_FIELDS.iter().find(|(b, _)| b == c);
        for (p, ty) in props {
            match (types.get(*c), beta) {
                (_, Some((_, documented))) => {
                    if !documented.contains(p) {
                        problems.add(
                            &format!("READ `{c}` (beta)"),
                            format!(
                                "`{p}` is not among BETA_FIELDS, the properties documented for it"
                            ),
                        );
                    }
                }
                (Some(t), None) => {
                    match schema.member(t, p) {
                        Some(m) => {
                            let want = json_type(schema, m.ty());
                            if *ty != want && !ty.is_empty() {
                                problems.add(
                                &format!("READ `{c}`"),
                                format!("`{p}` is `{ty}`, but Graph's `{t}` has it as {} (`{want}`)", m.ty()),
                            );
                            }
                        }
                        None => problems.add(
                            &format!("READ `{c}`"),
                            format!("`{p}` is not a property of Graph's `{t}`"),
                        ),
                    }
                }
                (None, None) => problems.add(
                    &format!("READ `{c}`"),
                    "not a collection govlint fetches".to_string(),
                ),
            }
        }
    }

    let linter = common::builtin_linter();
    let files: Vec<_> = govlint::policy::builtin_rego()
        .into_iter()
        .filter(|p| !p.is_test())
        .collect();
    let mut reads: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for rule in linter.rules() {
        let file = reads.entry(rule.source.as_str()).or_default();
        file.extend(rule.reads.iter().map(String::as_str));
    }
    // A library's collections: those of the files importing its package, libraries included
    // (repeated until nothing changes, as a library may import another).
    let libs: Vec<(&str, String)> = files
        .iter()
        .filter(|f| !reads.contains_key(f.path.as_str()))
        .filter_map(|f| {
            Some((
                f.path.as_str(),
                format!("import data.{}", package_of(&f.text)?),
            ))
        })
        .collect();
    loop {
        let mut changed = false;
        for (lib, import) in &libs {
            let users: BTreeSet<&str> = files
                .iter()
                .filter(|f| {
                    f.text.lines().any(|l| {
                        let l = l.trim();
                        l == import || l.starts_with(&format!("{import} as "))
                    })
                })
                .filter_map(|f| reads.get(f.path.as_str()))
                .flatten()
                .copied()
                .collect();
            let entry = reads.entry(lib).or_default();
            let before = entry.len();
            entry.extend(users);
            changed |= entry.len() != before;
        }
        if !changed {
            break;
        }
    }
    // What the fetch writes on each collection's items (the demo tenant, fetched from the
    // emulator): a name the rule reads elsewhere that Graph's type has but the fetch does
    // not `$select` (`state` of a user, read on an access package assignment) is not a read
    // of this collection. A collection the demo leaves empty is judged on the names alone.
    let snapshot = &fetched().snapshot;
    let keys: BTreeMap<&str, BTreeSet<&str>> = types
        .keys()
        .filter_map(|c| {
            let items = snapshot["collections"][c.as_str()]["items"].as_array()?;
            let k: BTreeSet<&str> = items
                .iter()
                .filter_map(Value::as_object)
                .flat_map(|o| o.keys().map(String::as_str))
                .collect();
            (!k.is_empty()).then_some((c.as_str(), k))
        })
        .collect();
    let empty: Vec<&str> = types
        .keys()
        .map(String::as_str)
        .filter(|c| !keys.contains_key(c))
        .collect();
    eprintln!("collections the demo fetch leaves empty (judged on names alone): {empty:?}");
    let mut missing: BTreeMap<&str, BTreeMap<String, (String, &'static str)>> = BTreeMap::new();
    let mut checked = 0;
    for file in &files {
        let names = first_level_fields(&file.text);
        for c in reads.get(file.path.as_str()).into_iter().flatten() {
            let listed = table.get(c);
            if let Some((_, documented)) = BETA_FIELDS.iter().find(|(b, _)| b == c) {
                for p in documented.iter().filter(|p| names.contains(**p)) {
                    checked += 1;
                    if !listed.is_some_and(|l| l.contains_key(p)) {
                        missing
                            .entry(c)
                            .or_default()
                            .insert(p.to_string(), (file.path.clone(), "beta"));
                    }
                }
                continue;
            }
            let Some(t) = types.get(*c) else { continue };
            let carried = keys.get(*c);
            for n in &names {
                let Some(m) = schema.member(t, n) else {
                    continue;
                };
                if carried.is_some_and(|k| !k.contains(n.as_str())) {
                    continue;
                }
                checked += 1;
                if !listed.is_some_and(|l| l.contains_key(n.as_str())) {
                    missing
                        .entry(c)
                        .or_default()
                        .insert(n.clone(), (file.path.clone(), json_type(schema, m.ty())));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} property reads found");
    for (c, props) in &missing {
        for (p, (file, ty)) in props {
            problems.add(
                "READ in src/schemas/graph.rs",
                format!("`{c}` lacks (\"{p}\", \"{ty}\"), which {file} reads"),
            );
        }
    }
    problems.assert_none("the Graph properties table (src/schemas/graph.rs READ)");
}

/// The checker itself rejects what Graph would: a checker that accepted everything would make
/// every test above pass.
#[test]
fn the_checker_rejects_what_graph_does_not_have() {
    let schema = csdl::graph();
    let problems = |method: &str, target: &str, body: Option<Value>| {
        let mut p = Problems::default();
        if let Some(reached) = check_request(schema, method, target, &mut p) {
            let mut walk = Walk::default();
            check_method(schema, method, &reached, body.as_ref(), &mut walk);
            for e in walk.errs {
                p.add(target, e);
            }
        }
        p.0.into_keys().collect::<Vec<_>>()
    };
    let ok = |method: &str, target: &str, body: Option<Value>| {
        let p = problems(method, target, body);
        assert!(p.is_empty(), "{method} {target}: {p:#?}");
    };
    let bad = |method: &str, target: &str, body: Option<Value>, want: &str| {
        let p = problems(method, target, body);
        assert!(
            p.iter().any(|e| e.contains(want)),
            "{method} {target}: wanted a problem naming {want}, got {p:#?}"
        );
    };
    let defs = "/v1.0/identityGovernance/accessReviews/definitions";
    ok("GET", &format!("{defs}?$filter=contains(scope/microsoft.graph.accessReviewQueryScope/query, '/groups')&$orderby=createdDateTime desc"), None);
    bad(
        "GET",
        &format!("{defs}?$filter=contains(scope/microsoft.graph.accessReviewQueryScope/quer, 'x')"),
        None,
        "`quer` is not a property of `microsoft.graph.accessReviewQueryScope`",
    );
    bad(
        "GET",
        &format!("{defs}?$orderby=createdDate desc"),
        None,
        "`createdDate`",
    );
    bad(
        "GET",
        &format!("{defs}/d1/instances/i1/decisions?$select=id,decison"),
        None,
        "`decison` is not a property of `microsoft.graph.accessReviewInstanceDecisionItem`",
    );
    ok("GET", "/v1.0/auditLogs/signIns?$filter=createdDateTime ge 2026-01-01T00:00:00Z and status/errorCode ne 0", None);
    bad(
        "GET",
        "/v1.0/auditLogs/signIns?$filter=status/errorCod ne 0",
        None,
        "`errorCod` is not a property of `microsoft.graph.signInStatus`",
    );
    ok("GET", "/v1.0/users?$filter=assignedLicenses/any(l: l/skuId eq 00000000-0000-0000-0000-000000000000)", None);
    bad(
        "GET",
        "/v1.0/users?$filter=assignedLicenses/any(l: l/sku eq 'x')",
        None,
        "`sku` is not a property of `microsoft.graph.assignedLicense`",
    );
    ok("GET", "/v1.0/identityGovernance/entitlementManagement/accessPackages?$expand=resourceRoleScopes($expand=role,scope;$select=id)", None);
    bad("GET", "/v1.0/identityGovernance/entitlementManagement/accessPackages?$expand=resourceRoleScopes($expand=roles)", None, "`roles` is not a property of `microsoft.graph.accessPackageResourceRoleScope`");
    bad(
        "GET",
        "/v1.0/users?$expand=displayName",
        None,
        "not a navigation property",
    );
    ok(
        "GET",
        "/v1.0/groups/g1/members/microsoft.graph.user?$select=id",
        None,
    );
    bad(
        "GET",
        "/v1.0/groups/g1/members/microsoft.graph.accessPackage",
        None,
        "does not derive from `microsoft.graph.directoryObject`",
    );
    bad(
        "GET",
        "/v1.0/groups/g1/member",
        None,
        "`member` is not a property",
    );
    bad("GET", "/beta/users", None, "not under /v1.0");
    bad(
        "GET",
        "/v1.0/users?$top=1&$foo=1",
        None,
        "unknown query option `$foo`",
    );
    ok(
        "PATCH",
        "/v1.0/users/u1",
        Some(json!({"accountEnabled": false})),
    );
    bad(
        "PATCH",
        "/v1.0/users/u1",
        Some(json!({"accountEnable": false})),
        "`accountEnable` is not a property of `microsoft.graph.user`",
    );
    bad(
        "POST",
        "/v1.0/users/u1",
        Some(json!({"accountEnabled": false})),
        "POST does not fit an entity",
    );
    bad(
        "PATCH",
        "/v1.0/users",
        Some(json!({})),
        "PATCH does not fit a collection",
    );
    ok(
        "POST",
        "/v1.0/groups/g1/members/$ref",
        Some(json!({"@odata.id": "https://graph.microsoft.com/v1.0/users/u1"})),
    );
    ok("DELETE", "/v1.0/groups/g1/members/u1/$ref", None);
    bad(
        "PATCH",
        "/v1.0/policies/authorizationPolicy",
        Some(json!({"allowInvitesFrom": "everybody"})),
        "`everybody` is not a member of enum `microsoft.graph.allowInvitesFrom`",
    );
    bad(
        "PATCH",
        "/v1.0/users/u1",
        Some(json!({"accountEnabled": "false"})),
        "`body.accountEnabled` is a string where `Edm.Boolean` was expected",
    );
    bad(
        "PATCH",
        "/v1.0/groups/g1",
        Some(json!({"groupTypes": "Unified"})),
        "`body.groupTypes` is a string where `Collection(Edm.String)` was expected",
    );
    bad("DELETE", "/v1.0/users/$ref", None, "`$ref` cannot follow");
    ok(
        "PATCH",
        "/v1.0/policies/roleManagementPolicies/p1/rules/r1",
        Some(
            json!({"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", "isExpirationRequired": true}),
        ),
    );
    bad("PATCH", "/v1.0/policies/roleManagementPolicies/p1/rules/r1", Some(json!({"isExpirationRequired": true})), "`isExpirationRequired` is not a property of `microsoft.graph.unifiedRoleManagementPolicyRule`");
    bad(
        "PATCH",
        "/v1.0/policies/roleManagementPolicies/p1/rules/r1",
        Some(json!({"@odata.type": "#microsoft.graph.user"})),
        "does not derive from `microsoft.graph.unifiedRoleManagementPolicyRule`",
    );
    ok(
        "POST",
        "/v1.0/groups",
        Some(
            json!({"displayName": "x", "members@odata.bind": ["https://graph.microsoft.com/v1.0/users/u1"]}),
        ),
    );
    bad(
        "POST",
        "/v1.0/groups",
        Some(json!({"displayName@odata.bind": "x"})),
        "not a navigation property to bind",
    );
    ok(
        "POST",
        &format!("{defs}/d1/instances/i1/applyDecisions"),
        None,
    );
    bad(
        "POST",
        "/v1.0/users/u1/revokeSignInSessions",
        Some(json!({"force": true})),
        "`force` is not a parameter of action `microsoft.graph.revokeSignInSessions`",
    );
    bad(
        "POST",
        "/v1.0/identityGovernance/entitlementManagement/assignmentRequests",
        Some(json!({"requestType": "adminRemove", "assignment": {"idd": "a1"}})),
        "`idd` is not a property of `microsoft.graph.accessPackageAssignment`",
    );
}

#[test]
fn first_level_fields_are_the_names_read_off_a_variable_or_an_index() {
    let text = r#"package govlint.rules.x
import data.govlint.lib.wid
import rego.v1
findings contains f if {
	some sp in input.collections.servicePrincipals
	sp.appId == wid.graph_app_id # sp.commentedOut
	s := sp.signInActivity.lastSignInDateTime
	t := input.index.users[sp.id].userType
	object.get(sp, "appOwnerOrganizationId", null)
	object.get(object.get(sp, "info", {}), "logoUrl", null)
	secrets := _list(sp, "passwordCredentials")
	sp["tags"]
	msg := sprintf("%s", ["notAField"])
	x := wid.kind(sp).label
}"#;
    let got = first_level_fields(text);
    let want: BTreeSet<String> = [
        "appId",
        "appOwnerOrganizationId",
        "id",
        "info",
        "passwordCredentials",
        "signInActivity",
        "tags",
        "userType",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(got, want);
}

#[test]
fn rego_fields_reads_chains_subscripts_and_object_get_keys() {
    let text = r#"package govlint.rules.x
import data.govlint.lib
import rego.v1
findings contains f if {
	some u in input.collections.users
	u.accountEnabled == false # u.commentedOut
	n := lib.user_ref(u).displayName
	t := input.index.users[u.id].userType
	object.get(u, ["signInActivity", "lastSignInDateTime"], "never")
	object.get(input.collections, "groups", [])
	u["mail"]
	x := ["not", "fields"]
	time.now_ns() > data.govlint.config.thresholds.days
	f := {"message": sprintf("%s", [u.department])}
}"#;
    let got: Vec<String> = rego_fields(text).into_keys().collect();
    assert_eq!(
        got,
        [
            "accountEnabled",
            "department",
            "id",
            "lastSignInDateTime",
            "mail",
            "signInActivity",
            "userType"
        ]
    );
}

/// The emulator's route table, routes the fetch does not use today included: each path, each
/// child navigation it serves at `/{id}/{nav}` (and expands when asked), and each property a
/// route's `$filter` must name.
#[test]
fn every_emulator_route_is_in_the_graph_schema() {
    let schema = csdl::graph();
    let mut problems = Problems::default();
    // The beta route serves the one beta read ([`beta_reads`]), which v1.0 cannot judge.
    for route in govlint_testkit::emulator::all_routes().filter(|r| !r.path.starts_with("/beta/")) {
        let target = format!("/v1.0{}", route.path);
        let Some(reached) = check_request(schema, "GET", &target, &mut problems) else {
            continue;
        };
        // The navigation tree, walked without naming the emulator's private `Nav` type.
        let mut stack: Vec<(String, &[_])> = vec![(route.path.to_string(), route.navs)];
        while let Some((at, navs)) = stack.pop() {
            for nav in navs {
                let child = format!("{at}/x/{}", nav.name);
                check_request(schema, "GET", &format!("/v1.0{child}"), &mut problems);
                if nav.expandable {
                    let expand = format!("/v1.0{at}?$expand={}", nav.name);
                    check_request(schema, "GET", &expand, &mut problems);
                }
                stack.push((child, nav.children));
            }
        }
        let props = route
            .required_filter
            .iter()
            .flat_map(|set| set.iter())
            .chain(route.variant.iter().map(|v| &v.when.0));
        for p in props {
            let mut errs = Vec::new();
            path::check_query(
                schema,
                reached.ty().as_ref(),
                &[("$filter".into(), format!("{p} eq 'x'"))],
                &mut errs,
            );
            for e in errs {
                problems.add(
                    &format!("emulator route {} (required $filter)", route.path),
                    e,
                );
            }
        }
    }
    problems.assert_none("the emulator's routes");
}

/// `govlint fix` and `govlint pim`: the reads a plan's steps check (preconditions and
/// verifications), the guard rails' reads, and PIM's status reads and self-service request
/// bodies, against the schema (the writes themselves are the remediation requests above).
#[test]
fn every_read_and_request_of_fix_and_pim_fits_the_graph_schema() {
    let schema = csdl::graph();
    let (snapshot, _) = tenant::demo();
    let snap = govlint::snapshot::parse("demo", &snapshot.to_string()).expect("demo parses");
    let linter = common::demo_linter();
    let rules = linter.select(&Selection::default()).expect("all rules");
    let result = common::lint_complete(&linter, &snap, &rules);
    let findings: Vec<&govlint::finding::Finding> = result.findings.iter().collect();
    let info = result.snapshot.clone();
    let root = snap.tenant.cloud.graph_root();
    let plan = govlint::fix::plan::build(&findings, &snapshot, info, root);
    let mut problems = Problems::default();
    let mut reads: Vec<String> = plan
        .fixes
        .iter()
        .flat_map(|f| &f.steps)
        .map(|s| s.read.clone())
        .collect();
    assert!(reads.len() > 20, "only {} step reads", reads.len());
    reads.extend(govlint::fix::guard::holder_reads());
    reads.push("/v1.0/users/x?$select=id,userPrincipalName".into());
    reads.push("/v1.0/me?$select=id".into());
    for p in [
        govlint::pim::ROLE_ELIGIBLE,
        govlint::pim::ROLE_ACTIVE,
        govlint::pim::GROUP_ELIGIBLE,
        govlint::pim::GROUP_ACTIVE,
    ] {
        reads.push(p.to_string());
    }
    for r in &reads {
        check_request(schema, "GET", r, &mut problems);
    }
    // PIM's self-service requests: their bodies against the request types.
    let grant = |kind: &'static str, scope: &str| govlint::pim::Grant {
        kind,
        id: "00000000-0000-0000-0000-000000000001".into(),
        name: "n".into(),
        scope: scope.into(),
        assignment_type: None,
        start: None,
        end: None,
    };
    for (path, g) in [
        (govlint::pim::ROLE_REQUESTS, grant("role", "/")),
        (govlint::pim::GROUP_REQUESTS, grant("group", "member")),
    ] {
        for body in [
            govlint::pim::request_body(
                "selfActivate",
                "u",
                &g,
                Some("why"),
                Some("PT2H"),
                Some("T-1"),
                "2026-11-20T09:00:00Z",
            ),
            govlint::pim::request_body("selfDeactivate", "u", &g, None, None, None, ""),
        ] {
            let request = format!("POST {path} {}", body["action"]);
            let Some(reached) = check_request(schema, "POST", path, &mut problems) else {
                continue;
            };
            let mut walk = Walk::default();
            check_method(schema, "POST", &reached, Some(&body), &mut walk);
            for e in walk.errs {
                problems.add(&request, e);
            }
        }
    }
    problems.assert_none("the reads and requests of `govlint fix` and `govlint pim`");
}

/// The name an `import` binds: its `as` alias, else the last part of its path.
fn import_alias(import: &str) -> &str {
    match import.split_once(" as ") {
        Some((_, alias)) => alias.trim(),
        None => import.rsplit('.').next().unwrap_or(import).trim(),
    }
}
