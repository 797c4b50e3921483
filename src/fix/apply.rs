//! Applying a plan: for each step, read the live object and skip the step as drifted when it no
//! longer matches the precondition; check the guard rails; journal the step; send the request
//! the finding names; read again and check the expected state.

use reqwest::Method;
use serde_json::Value;

use super::guard;
use super::journal::{Journal, State};
use super::plan::{path_of, same_assignment, Expect, Plan, Step, SCHEDULES};
use crate::fetch::client::{Client, Failure};

pub struct Options {
    pub dry_run: bool,
    pub allow_mass_change: bool,
    pub max_removals: usize,
    /// Declared emergency-access accounts (object ids or UPNs, lower case).
    pub emergency: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub applied: usize,
    pub drifted: usize,
    pub failed: usize,
    pub refused: usize,
    /// Not tried: an earlier step of the same fix did not apply.
    pub skipped: usize,
    /// Dry run: writes that would have been sent.
    pub would_send: usize,
    /// The run was refused before any request (the removal cap).
    pub mass_change: Option<String>,
}

impl Outcome {
    /// The exit code (README "Exit codes"): a failure wins, then a refusal, then drift.
    pub fn exit_code(&self) -> u8 {
        if self.failed > 0 {
            crate::exit::FIX_FAILED
        } else if self.refused > 0 || self.mass_change.is_some() {
            crate::exit::FIX_REFUSED
        } else if self.drifted > 0 {
            crate::exit::FIX_DRIFTED
        } else {
            crate::exit::CLEAN
        }
    }
}

fn describe(f: &Failure) -> String {
    match f {
        // The client's words are the fetch's; here a write may have been sent.
        Failure::Fatal(e) => e.0.replace(
            "; nothing was written, try again later",
            "; run the apply again to resume",
        ),
        Failure::Graph(e) => format!(
            "HTTP {} {}: {}{}",
            e.http_status.unwrap_or(0),
            e.code.as_deref().unwrap_or(""),
            e.message.as_deref().unwrap_or(""),
            e.request_id
                .as_deref()
                .map(|r| format!(" (request-id {r})"))
                .unwrap_or_default()
        ),
    }
}

/// A GET of a path under the root: the object or list, `None` when Graph says 404.
async fn read(client: &Client, path: &str) -> Result<Option<Value>, String> {
    let url = client.url(path).map_err(|e| e.0)?;
    match client.send(&Method::GET, &url, None).await {
        Ok(v) => Ok(Some(v)),
        Err(Failure::Graph(e)) if e.http_status == Some(404) => Ok(None),
        Err(f) => Err(format!("GET {path}: {}", describe(&f))),
    }
}

/// Whether `live` (the step's read) shows `expect`.
fn holds(expect: &Expect, live: Option<&Value>, step: &Step, root: &str) -> bool {
    let instances = || -> Vec<String> {
        let path = path_of(&step.request.url, root)
            .and_then(|p| p.strip_prefix("/v1.0"))
            .unwrap_or("");
        let body = step.request.body.clone().unwrap_or(Value::Null);
        let Some(kind) = SCHEDULES.iter().find(|k| k.requests == path) else {
            return Vec::new();
        };
        let mut ids: Vec<String> = live
            .and_then(|l| l["value"].as_array())
            .into_iter()
            .flatten()
            .filter(|i| same_assignment(kind, i, &body))
            .filter_map(|i| i["id"].as_str().map(str::to_string))
            .collect();
        ids.sort();
        ids
    };
    match expect {
        Expect::Fields { fields } => live.is_some_and(|o| {
            fields
                .iter()
                .all(|(k, v)| o.get(k).unwrap_or(&Value::Null) == v)
        }),
        Expect::Exists => live.is_some(),
        Expect::Absent => live.is_none(),
        Expect::Instances { ids } => live.is_some() && instances() == *ids,
        Expect::AnyInstance => !instances().is_empty(),
    }
}

/// What the live read shows of the fields a precondition names (for the drift message).
fn shown(expect: &Expect, live: Option<&Value>) -> String {
    match (expect, live) {
        (_, None) => "the object does not exist".into(),
        (Expect::Fields { fields }, Some(o)) => fields
            .keys()
            .map(|k| format!("{k} = {}", o.get(k).unwrap_or(&Value::Null)))
            .collect::<Vec<_>>()
            .join(", "),
        (Expect::Instances { .. }, Some(_)) => "the assignment's instances changed".into(),
        _ => "the object changed".into(),
    }
}

/// The guard rails of one removal; `Some(why)` refuses it.
async fn refuse(
    client: &Client,
    opts: &Options,
    path: &str,
    body: Option<&Value>,
    live: Option<&Value>,
) -> Result<Option<String>, String> {
    let t = guard::touch(path, body, live);
    let Some(principal) = t.principal else {
        return Ok(None);
    };
    if !opts.emergency.is_empty() {
        let upn = if opts.emergency.iter().any(|e| e.contains('@')) {
            read(
                client,
                &format!("/v1.0/users/{principal}?$select=id,userPrincipalName"),
            )
            .await?
            .and_then(|u| u["userPrincipalName"].as_str().map(str::to_string))
        } else {
            None
        };
        if guard::is_emergency(&opts.emergency, &principal, upn.as_deref()) {
            return Ok(Some(format!(
                "{principal} is a declared emergency-access account ([emergency_access] in govlint.toml)"
            )));
        }
    }
    // A removal that names another role cannot touch Global Administrator; one that names
    // none (a user deleted) may.
    if t.role.as_deref().is_some_and(|r| r != guard::GLOBAL_ADMIN) {
        return Ok(None);
    }
    let mut principals = Vec::new();
    for r in guard::holder_reads() {
        let list = read(client, &r).await?;
        principals.extend(
            list.as_ref()
                .and_then(|l| l["value"].as_array())
                .into_iter()
                .flatten()
                .filter_map(|i| i["principalId"].as_str().map(str::to_string)),
        );
    }
    principals.sort();
    principals.dedup();
    let holders = enabled_users_holding(client, &principals).await?;
    Ok(guard::last_global_admin(&principal, &holders))
}

/// The enabled users among `principals` and among the members of the groups among them: the
/// accounts that can still sign in as Global Administrator. A principal that is neither a user
/// nor a group (a service principal) adds nobody. Only the first page of a group's members is
/// read; a group whose enabled members are on later pages counts fewer holders, so the guard
/// errs towards refusing.
async fn enabled_users_holding(
    client: &Client,
    principals: &[String],
) -> Result<Vec<String>, String> {
    let enabled = |u: &Value| u["accountEnabled"] != Value::Bool(false);
    let mut users = Vec::new();
    for p in principals {
        if let Some(u) = read(
            client,
            &format!("/v1.0/users/{p}?$select=id,accountEnabled"),
        )
        .await?
        {
            if enabled(&u) {
                users.push(p.clone());
            }
            continue;
        }
        let members = read(
            client,
            &format!("/v1.0/groups/{p}/members?$select=id,accountEnabled"),
        )
        .await?;
        users.extend(
            members
                .as_ref()
                .and_then(|l| l["value"].as_array())
                .into_iter()
                .flatten()
                .filter(|m| {
                    m["@odata.type"]
                        .as_str()
                        .is_none_or(|t| t == "#microsoft.graph.user")
                        && enabled(m)
                })
                .filter_map(|m| m["id"].as_str().map(str::to_string)),
        );
    }
    users.sort();
    users.dedup();
    Ok(users)
}

/// Applies `plan`, journalling each step (`journal` is `None` on a dry run, which writes
/// nothing, the journal included).
pub async fn apply(
    client: &Client,
    plan: &Plan,
    mut journal: Option<&mut Journal>,
    opts: &Options,
) -> Result<Outcome, String> {
    let mut out = Outcome::default();
    let root = plan.graph_root.as_str();
    // The cap counts what the requests do, not what the plan says of them.
    let pending_removals = plan
        .fixes
        .iter()
        .flat_map(|f| &f.steps)
        .filter(|s| {
            let done = journal.as_ref().and_then(|j| j.state(&s.id));
            !matches!(done, Some(State::Applied | State::Drifted))
        })
        .filter(|s| {
            let p = path_of(&s.request.url, root).unwrap_or("");
            guard::is_removal(&s.request.method, p, s.request.body.as_ref())
        })
        .count();
    if pending_removals > opts.max_removals && !opts.allow_mass_change {
        out.mass_change = Some(format!(
            "the plan removes access or objects {pending_removals} times, more than the cap of {} per run ([fix] max_removals or --max-removals); nothing was sent. Split the plan (--finding, --select) or pass --allow-mass-change after review",
            opts.max_removals
        ));
        return Ok(out);
    }
    for fix in &plan.fixes {
        let mut blocked = false;
        for step in &fix.steps {
            let label = format!(
                "{} {} {}",
                fix.rule,
                step.id,
                fix.object.display_name.as_deref().unwrap_or(&fix.object.id)
            );
            if blocked {
                out.skipped += 1;
                eprintln!("skipped  {label}: an earlier step of this fix did not apply");
                continue;
            }
            let before = journal.as_ref().and_then(|j| j.state(&step.id));
            match before {
                Some(State::Applied) => {
                    out.applied += 1;
                    eprintln!("done     {label} (applied in an earlier run)");
                    continue;
                }
                Some(State::Drifted) => {
                    out.drifted += 1;
                    blocked = true;
                    eprintln!("drifted  {label} (in an earlier run; make a new plan)");
                    continue;
                }
                _ => {}
            }
            let record = |j: &mut Option<&mut Journal>, s: State, d: &str| {
                j.as_mut().map_or(Ok(()), |j| j.record(&step.id, s, d))
            };
            let Some(write_path) = path_of(&step.request.url, root) else {
                out.failed += 1;
                blocked = true;
                let why = format!("{} is not under the plan's root {root}", step.request.url);
                eprintln!("failed   {label}: {why}");
                record(&mut journal, State::Failed, &why)?;
                continue;
            };
            let live = match read(client, &step.read).await {
                Ok(l) => l,
                Err(e) => {
                    out.failed += 1;
                    blocked = true;
                    eprintln!("failed   {label}: {e}");
                    record(&mut journal, State::Failed, &e)?;
                    continue;
                }
            };
            let already = holds(&step.expected, live.as_ref(), step, root);
            if before == Some(State::Started) && already {
                // The run that sent it died before checking: it landed, so it is not sent again.
                out.applied += 1;
                eprintln!("applied  {label} (sent by an interrupted run; verified now)");
                record(
                    &mut journal,
                    State::Applied,
                    "verified after an interrupted run",
                )?;
                continue;
            }
            if !holds(&step.precondition, live.as_ref(), step, root) {
                if already {
                    out.applied += 1;
                    eprintln!("applied  {label} (already in the expected state)");
                    record(
                        &mut journal,
                        State::Applied,
                        "already in the expected state",
                    )?;
                } else {
                    out.drifted += 1;
                    blocked = true;
                    let why = format!(
                        "the live object no longer matches the plan: {}",
                        shown(&step.precondition, live.as_ref())
                    );
                    eprintln!("drifted  {label}: {why}");
                    record(&mut journal, State::Drifted, &why)?;
                }
                continue;
            }
            let body = step.request.body.as_ref();
            if guard::is_removal(&step.request.method, write_path, body) {
                match refuse(client, opts, write_path, body, live.as_ref()).await {
                    Ok(None) => {}
                    Ok(Some(why)) => {
                        out.refused += 1;
                        blocked = true;
                        eprintln!("refused  {label}: {why}");
                        record(&mut journal, State::Refused, &why)?;
                        continue;
                    }
                    Err(e) => {
                        out.failed += 1;
                        blocked = true;
                        eprintln!("failed   {label}: guard rail check: {e}");
                        record(&mut journal, State::Failed, &e)?;
                        continue;
                    }
                }
            }
            if opts.dry_run {
                out.would_send += 1;
                eprintln!(
                    "would    {label}: {} {write_path} (precondition holds)",
                    step.request.method
                );
                continue;
            }
            record(&mut journal, State::Started, "")?;
            let method = Method::from_bytes(step.request.method.as_bytes())
                .map_err(|e| format!("{label}: {e}"))?;
            let url = client.url(write_path).map_err(|e| e.0)?;
            if let Err(f) = client.send(&method, &url, body).await {
                out.failed += 1;
                blocked = true;
                let why = format!("{} {write_path}: {}", step.request.method, describe(&f));
                eprintln!("failed   {label}: {why}");
                record(&mut journal, State::Failed, &why)?;
                continue;
            }
            let after = match read(client, &step.read).await {
                Ok(l) => l,
                Err(e) => {
                    out.failed += 1;
                    blocked = true;
                    let why = format!("sent, but the verification read failed: {e}");
                    eprintln!("failed   {label}: {why}");
                    record(&mut journal, State::Failed, &why)?;
                    continue;
                }
            };
            if holds(&step.expected, after.as_ref(), step, root) {
                out.applied += 1;
                eprintln!("applied  {label}: {} {write_path}", step.request.method);
                record(&mut journal, State::Applied, "")?;
            } else {
                out.failed += 1;
                blocked = true;
                let why = format!(
                    "Graph accepted the write but the read after it shows {}",
                    shown(&step.expected, after.as_ref())
                );
                eprintln!("failed   {label}: {why}");
                record(&mut journal, State::Failed, &why)?;
            }
        }
    }
    Ok(out)
}
