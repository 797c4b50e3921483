//! The report's identities section: accounts by type and state, MFA coverage of privileged
//! role holders, risky users, and a summary of failed sign-ins (why and where). Each part is a
//! [`View`] like a `show` answer, so it carries its own "may be incomplete" notes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;
use regorus::Value;

use crate::config::Config;
use crate::engine::holders;
use crate::show::fields::{arr, boolean, get, int, s};
use crate::show::index::{Ctx, REGISTRATION, SIGN_INS, USERS};
use crate::show::signins::{is_failure, location, window};
use crate::show::view::{col, Cell, Table, View};
use crate::show::{risk, users};
use crate::snapshot::Snapshot;

/// How many failure reasons and locations the summary lists.
const TOP: usize = 10;

pub fn views(snapshot: &Snapshot, now: Timestamp, config: &Config) -> Vec<View> {
    let mut risky = risk::list(&Ctx::new(snapshot, now), None);
    risky.title = "Risky users".into();
    vec![
        accounts(&Ctx::new(snapshot, now)),
        mfa_coverage(&Ctx::new(snapshot, now), &privileged_roles(config)),
        risky,
        failures(&Ctx::new(snapshot, now)),
    ]
}

/// Template ids of the roles the configuration counts as privileged, lower-case.
fn privileged_roles(config: &Config) -> BTreeSet<String> {
    config.data["privileged_roles"]
        .as_object()
        .map(|m| m.keys().map(|k| k.to_ascii_lowercase()).collect())
        .unwrap_or_default()
}

fn accounts(ctx: &Ctx) -> View {
    let mut by_type: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let mut guest_states: BTreeMap<String, usize> = BTreeMap::new();
    let all = ctx.items(USERS);
    for u in all {
        let kind = s(u, "userType").unwrap_or("(not set)").to_string();
        let slot = by_type.entry(kind).or_default();
        match boolean(u, "accountEnabled") {
            Some(true) => slot[0] += 1,
            Some(false) => slot[1] += 1,
            None => slot[2] += 1,
        }
        if users::is_guest(u) {
            *guest_states
                .entry(s(u, "externalUserState").unwrap_or("(not set)").to_string())
                .or_default() += 1;
        }
    }
    let mut t = Table::new(
        "accountsByType",
        "Accounts by type and state",
        &[
            col("userType", "TYPE"),
            col("enabled", "ENABLED"),
            col("disabled", "DISABLED"),
            col("unknown", "STATE NOT READ"),
            col("total", "TOTAL"),
        ],
    );
    for (k, [on, off, unknown]) in &by_type {
        t.push(vec![
            Cell::Text(k.clone()),
            (*on).into(),
            (*off).into(),
            (*unknown).into(),
            (on + off + unknown).into(),
        ]);
    }
    let mut g = Table::new(
        "guestsByState",
        "Guests by invitation state",
        &[col("externalUserState", "STATE"), col("count", "GUESTS")],
    );
    for (k, n) in &guest_states {
        g.push(vec![Cell::Text(k.clone()), (*n).into()]);
    }
    let mut v = View {
        query: "show users".into(),
        title: "Accounts".into(),
        ..View::default()
    };
    v.tables.extend([t, g]);
    v.count("users", "accounts", all.len());
    v.count("guests", "guests", guest_states.values().sum());
    ctx.finish(v)
}

/// A method that resists phishing: FIDO2 security keys and passkeys, Windows Hello for
/// Business, certificate-based authentication.
pub fn is_phishing_resistant(method: &str) -> bool {
    let m = method.to_ascii_lowercase();
    m == "fido2"
        || m == "windowshelloforbusiness"
        || m.starts_with("x509certificate")
        || m.starts_with("passkey")
}

fn mfa_coverage(ctx: &Ctx, privileged: &BTreeSet<String>) -> View {
    for c in holders::READS {
        ctx.items(c);
    }
    let registration: HashMap<String, &Value> = ctx
        .items(REGISTRATION)
        .iter()
        .filter_map(|r| s(r, "id").map(|id| (id.to_ascii_lowercase(), r)))
        .collect();
    let (_, by_principal) = holders::build(ctx.snap, ctx.now);
    let mut rows: Vec<(bool, String, Vec<Cell>)> = Vec::new();
    let (mut mfa, mut strong, mut unknown) = (0, 0, 0);
    if let Value::Object(principals) = &by_principal {
        for (pid, held) in principals.iter() {
            let (Value::String(pid), Value::Object(held)) = (pid, held) else {
                continue;
            };
            // Users only: a group's members are listed themselves, an application signs in
            // without MFA by design.
            if ctx.user(pid).is_none() {
                continue;
            }
            let mut names: Vec<String> = held
                .keys()
                .filter_map(|r| match r {
                    Value::String(r) if privileged.contains(&r.to_ascii_lowercase()) => {
                        Some(ctx.role_ref(r).name_or_marker().to_string())
                    }
                    _ => None,
                })
                .collect();
            if names.is_empty() {
                continue;
            }
            names.sort();
            let reg = registration.get(&pid.to_ascii_lowercase());
            let methods: Vec<&str> = reg
                .map(|r| {
                    arr(r, "methodsRegistered")
                        .iter()
                        .filter_map(|m| match m {
                            Value::String(m) => Some(m.as_ref()),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            let capable = reg.and_then(|r| boolean(r, "isMfaCapable"));
            let resistant = methods.iter().any(|m| is_phishing_resistant(m));
            mfa += usize::from(capable == Some(true));
            strong += usize::from(resistant);
            unknown += usize::from(reg.is_none());
            let who = ctx.principal(pid, None);
            rows.push((
                capable == Some(true),
                who.name_or_marker().to_lowercase(),
                vec![
                    who.into(),
                    Cell::Text(names.join(", ")),
                    match (reg, capable) {
                        (None, _) => Cell::text("no registration record"),
                        (_, Some(b)) => Cell::Bool(b),
                        _ => Cell::Empty,
                    },
                    Cell::Bool(resistant),
                    Cell::Text(methods.join(", ")),
                ],
            ));
        }
    }
    // The uncovered first: that is what an auditor reads this table for.
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let mut t = Table::new(
        "privilegedMfa",
        "Privileged role holders and their authentication methods",
        &[
            col("holder", "HOLDER"),
            col("roles", "PRIVILEGED ROLES"),
            col("isMfaCapable", "MFA CAPABLE"),
            col("phishingResistant", "PHISHING-RESISTANT"),
            col("methodsRegistered", "METHODS"),
        ],
    );
    let n = rows.len();
    for (_, _, r) in rows {
        t.push(r);
    }
    let mut v = View {
        query: "show user NAME (every privileged role holder)".into(),
        title: "MFA coverage of privileged role holders (eligible or active now)".into(),
        ..View::default()
    };
    v.tables.push(t);
    v.count("holders", "privileged users", n);
    v.count("mfaCapable", "MFA capable", mfa);
    v.count(
        "phishingResistant",
        "with a phishing-resistant method",
        strong,
    );
    v.count("noRecord", "without a registration record", unknown);
    ctx.finish(v)
}

fn top(counts: HashMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(TOP);
    v
}

fn failures(ctx: &Ctx) -> View {
    let all = ctx.items(SIGN_INS);
    let mut reasons: HashMap<String, usize> = HashMap::new();
    let mut places: HashMap<String, usize> = HashMap::new();
    let mut users: BTreeSet<&str> = BTreeSet::new();
    let mut failed = 0;
    for i in all.iter().filter(|i| is_failure(i)) {
        failed += 1;
        let st = get(i, "status");
        let reason = match (s(st, "failureReason"), int(st, "errorCode")) {
            (Some(r), Some(c)) => format!("{r} ({c})"),
            (Some(r), None) => r.to_string(),
            (None, Some(c)) => format!("error {c}"),
            (None, None) => "(no reason given)".into(),
        };
        *reasons.entry(reason).or_default() += 1;
        let l = location(i);
        *places
            .entry(if l.is_empty() { "(unknown)".into() } else { l })
            .or_default() += 1;
        if let Some(u) = s(i, "userId") {
            users.insert(u);
        }
    }
    let mut by_reason = Table::new(
        "failureReasons",
        "Top failure reasons",
        &[col("reason", "REASON"), col("count", "FAILED SIGN-INS")],
    );
    for (r, n) in top(reasons) {
        by_reason.push(vec![Cell::Text(r), n.into()]);
    }
    let mut by_place = Table::new(
        "failureLocations",
        "Top locations of failed sign-ins",
        &[col("location", "LOCATION"), col("count", "FAILED SIGN-INS")],
    );
    for (l, n) in top(places) {
        by_place.push(vec![Cell::Text(l), n.into()]);
    }
    let mut v = View {
        query: "show sign-ins --failed".into(),
        title: "Failed sign-ins".into(),
        ..View::default()
    };
    v.field("window", "Window", window(ctx).0);
    v.tables.extend([by_reason, by_place]);
    v.count("signIns", "sign-ins", all.len());
    v.count("failed", "failed", failed);
    v.count("users", "users with a failure", users.len());
    ctx.finish(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phishing_resistant_methods() {
        for m in [
            "fido2",
            "windowsHelloForBusiness",
            "x509CertificateMultiFactor",
            "passKeyDeviceBound",
        ] {
            assert!(is_phishing_resistant(m), "{m}");
        }
        for m in [
            "microsoftAuthenticatorPush",
            "mobilePhone",
            "softwareOneTimePasscode",
            "email",
        ] {
            assert!(!is_phishing_resistant(m), "{m}");
        }
    }
}
