//! Candidate pre-filters: derived indexes that narrow the per-item walks of the rules that
//! would otherwise visit every access review decision (a tenant can hold a million) or every
//! user (hundreds of thousands) in the Rego interpreter, which costs several microseconds per
//! item even when the item is rejected by its first test.
//!
//! A pre-filter only narrows, never decides: each keeps every item that *could* satisfy the
//! rule that reads it (a necessary condition, tested the same way the rule tests it), and the
//! rule still tests every condition itself. So the Rego rule stays the source of truth, and a
//! pre-filter that kept too much costs time, never a finding. A rule falls back to the full walk
//! when the index is absent (rule tests, or any caller that builds its own input).
//!
//! Decision pre-filters are positional, `[definition][instance] → [decisions]`, aligned with
//! `input.collections.accessReviewDefinitions` and each definition's `instances` array (an
//! empty array where none qualifies): positions cannot collide or go missing the way ids of a
//! malformed snapshot can.

use std::collections::HashMap;
use std::sync::LazyLock;

use jiff::Timestamp;
use rayon::prelude::*;
use regorus::Value;

use crate::snapshot::Snapshot;

pub const REVIEW_DEFINITIONS: &str = "accessReviewDefinitions";
pub const USERS: &str = "users";
pub const SIGN_IN_ACTIVITY: &str = "userSignInActivity";

/// AR003: decisions that approve against a Deny recommendation.
pub const APPROVED_AGAINST_DENY: &str = "decisionsApprovedAgainstDeny";
/// AR004: decisions whose reviewer is the principal they are about.
pub const SELF_REVIEWED: &str = "decisionsSelfReviewed";
/// AR005: Deny decisions that were not applied successfully.
pub const DENIED_NOT_APPLIED: &str = "decisionsDeniedNotApplied";
/// AR008: decisions with applyResult New and no appliedDateTime.
pub const NEVER_APPLIED: &str = "decisionsNeverApplied";
/// EXT001: guests with no sponsor.
pub const GUESTS_WITHOUT_SPONSOR: &str = "guestsWithoutSponsor";
/// EXT002: guests with a pending invitation or no sign-in since the inactivity cutoff.
pub const GUESTS_NOT_RECENTLY_ACTIVE: &str = "guestsNotRecentlyActive";
/// PRV007: users whose user principal name is a declared emergency-access entry.
pub const EMERGENCY_ACCESS_BY_UPN: &str = "emergencyAccessByUpn";
pub const SIGN_INS: &str = "signIns";
/// PRV008: successful sign-ins that no Conditional Access policy applied to.
pub const SIGN_INS_WITHOUT_CA: &str = "signInsWithoutConditionalAccess";

/// The decision pre-filters, each a test of one decision.
/// A decision pre-filter: its index name and its test.
type DecisionFilter = (&'static str, fn(&Decision) -> bool);

const DECISION_FILTERS: [DecisionFilter; 4] = [
    (APPROVED_AGAINST_DENY, approved_against_deny),
    (SELF_REVIEWED, self_reviewed),
    (DENIED_NOT_APPLIED, denied_not_applied),
    (NEVER_APPLIED, never_applied),
];

/// The property names the filters read, built once: indexing a value with a `&str` builds a
/// string value for every lookup, millions of them here.
struct Keys {
    id: Value,
    instances: Value,
    decisions: Value,
    user_type: Value,
    sponsors: Value,
    external_user_state: Value,
    sign_in_activity: Value,
    last_sign_in_date_time: Value,
    last_non_interactive_sign_in_date_time: Value,
    last_successful_sign_in_date_time: Value,
    user_principal_name: Value,
    status: Value,
    error_code: Value,
    conditional_access_status: Value,
    user_id: Value,
}

static KEYS: LazyLock<Keys> = LazyLock::new(|| Keys {
    id: Value::from("id"),
    instances: Value::from("instances"),
    decisions: Value::from("decisions"),
    user_type: Value::from("userType"),
    sponsors: Value::from("sponsors"),
    external_user_state: Value::from("externalUserState"),
    sign_in_activity: Value::from("signInActivity"),
    last_sign_in_date_time: Value::from("lastSignInDateTime"),
    last_non_interactive_sign_in_date_time: Value::from("lastNonInteractiveSignInDateTime"),
    last_successful_sign_in_date_time: Value::from("lastSuccessfulSignInDateTime"),
    user_principal_name: Value::from("userPrincipalName"),
    status: Value::from("status"),
    error_code: Value::from("errorCode"),
    conditional_access_status: Value::from("conditionalAccessStatus"),
    user_id: Value::from("userId"),
});

/// `lower(s) == target` as Rego computes it (`target` is lower case); the Unicode path is kept
/// for the rare non-ASCII string, whose lower case can still be ASCII (K, the Kelvin sign).
fn eq_lower(s: &str, target: &str) -> bool {
    if s.is_ascii() {
        // An ASCII string lower-cases to ASCII, which a non-ASCII target never equals.
        s.eq_ignore_ascii_case(target)
    } else {
        s.to_lowercase() == target
    }
}

/// `is_string(v); lower(v) == target`.
fn is_lower(v: &Value, target: &str) -> bool {
    matches!(v, Value::String(s) if eq_lower(s, target))
}

/// The fields of a decision the filters test, read in one pass over its entries: a decision
/// has some twenty, and looking each field up by binary search (eight look-ups per decision,
/// a million decisions) was most of the filters' time.
#[derive(Default)]
struct Decision<'a> {
    decision: Option<&'a Value>,
    recommendation: Option<&'a Value>,
    apply_result: Option<&'a Value>,
    applied_date_time: Option<&'a Value>,
    reviewed_by: Option<&'a Value>,
    principal: Option<&'a Value>,
}

impl<'a> Decision<'a> {
    fn of(dec: &'a Value) -> Decision<'a> {
        let mut d = Decision::default();
        let Value::Object(o) = dec else { return d };
        for (k, v) in o.iter() {
            let Value::String(k) = k else { continue };
            let slot = match k.as_ref() {
                "decision" => &mut d.decision,
                "recommendation" => &mut d.recommendation,
                "applyResult" => &mut d.apply_result,
                "appliedDateTime" => &mut d.applied_date_time,
                "reviewedBy" => &mut d.reviewed_by,
                "principal" => &mut d.principal,
                _ => continue,
            };
            *slot = Some(v);
        }
        d
    }
}

/// `is_string(v); lower(v) == target`, for a field that may be absent.
fn field_is_lower(v: Option<&Value>, target: &str) -> bool {
    v.is_some_and(|v| is_lower(v, target))
}

fn approved_against_deny(dec: &Decision) -> bool {
    field_is_lower(dec.decision, "approve") && field_is_lower(dec.recommendation, "deny")
}

/// `v.id`, when it is a string.
fn id_of(v: Option<&Value>) -> Option<&str> {
    match v.map(|v| &v[&KEYS.id]) {
        Some(Value::String(s)) => Some(s.as_ref()),
        _ => None,
    }
}

fn self_reviewed(dec: &Decision) -> bool {
    let (Some(reviewer), Some(principal)) = (id_of(dec.reviewed_by), id_of(dec.principal)) else {
        return false;
    };
    if reviewer.is_ascii() && principal.is_ascii() {
        reviewer.eq_ignore_ascii_case(principal)
    } else {
        reviewer.to_lowercase() == principal.to_lowercase()
    }
}

/// Deny, and applyResult (missing, null, or any string) is not one of the two successes.
fn denied_not_applied(dec: &Decision) -> bool {
    let succeeded = matches!(dec.apply_result, Some(Value::String(r))
        if eq_lower(r, "appliedsuccessfully") || eq_lower(r, "appliedsuccessfullybutobjectnotfound"));
    field_is_lower(dec.decision, "deny") && !succeeded
}

fn never_applied(dec: &Decision) -> bool {
    field_is_lower(dec.apply_result, "new")
        && matches!(
            dec.applied_date_time,
            None | Some(Value::Null | Value::Undefined)
        )
}

fn array(v: &Value) -> &[Value] {
    match v {
        Value::Array(a) => a.as_slice(),
        _ => &[],
    }
}

/// The four decision pre-filters in one pass over the decisions, as `(name, index)`.
pub fn decisions(snapshot: &Snapshot) -> Vec<(&'static str, Value)> {
    let definitions = snapshot
        .collections
        .get(REVIEW_DEFINITIONS)
        .map_or(&[][..], |c| c.items.as_slice());
    // Every instance on the rayon pool (a walk of a gigabyte tree is bound by memory reads),
    // each giving its four candidate lists; then regrouped per filter, in order.
    let per_def: Vec<Vec<[Vec<Value>; 4]>> = definitions
        .par_iter()
        .map(|d| {
            array(&d[&KEYS.instances])
                .par_iter()
                .map(|inst| {
                    let mut kept: [Vec<Value>; 4] = Default::default();
                    for dec in array(&inst[&KEYS.decisions]) {
                        let fields = Decision::of(dec);
                        for (k, (_, keep)) in DECISION_FILTERS.iter().enumerate() {
                            if keep(&fields) {
                                kept[k].push(dec.clone());
                            }
                        }
                    }
                    kept
                })
                .collect()
        })
        .collect();
    let mut out: Vec<Vec<Value>> = (0..4)
        .map(|_| Vec::with_capacity(definitions.len()))
        .collect();
    for instances in per_def {
        let mut per: Vec<Vec<Value>> = (0..4)
            .map(|_| Vec::with_capacity(instances.len()))
            .collect();
        for kept in instances {
            for (k, v) in kept.into_iter().enumerate() {
                per[k].push(Value::from(v));
            }
        }
        for (k, v) in per.into_iter().enumerate() {
            out[k].push(Value::from(v));
        }
    }
    DECISION_FILTERS
        .iter()
        .zip(out)
        .map(|((name, _), v)| (*name, Value::from(v)))
        .collect()
}

fn guests(snapshot: &Snapshot) -> impl Iterator<Item = &Value> {
    snapshot
        .collections
        .get(USERS)
        .map_or(&[][..], |c| c.items.as_slice())
        .iter()
        .filter(|u| is_lower(&u[&KEYS.user_type], "guest"))
}

/// Guests whose `sponsors` is not a non-empty array (EXT001's `not ext.has_sponsor(u)`).
pub fn guests_without_sponsor(snapshot: &Snapshot) -> Value {
    let kept: Vec<Value> = guests(snapshot)
        .filter(|u| array(&u[&KEYS.sponsors]).is_empty())
        .cloned()
        .collect();
    Value::from(kept)
}

/// Users PRV007 could find by user principal name: those whose `userPrincipalName`, lower-cased,
/// is one of `config.emergency_access` lower-cased (`config` is `data.govlint.config`). An
/// entry that is an object id, or no user's name, keeps nobody; so the rule's look-up of a
/// missing account reads a handful of users instead of every one.
pub fn emergency_access_by_upn(snapshot: &Snapshot, config: &serde_json::Value) -> Value {
    let declared: Vec<String> = config["emergency_access"]
        .as_array()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter_map(|a| a.as_str())
        .map(str::to_lowercase)
        .collect();
    let kept: Vec<Value> = if declared.is_empty() {
        Vec::new()
    } else {
        snapshot
            .collections
            .get(USERS)
            .map_or(&[][..], |c| c.items.as_slice())
            .iter()
            .filter(|u| match &u[&KEYS.user_principal_name] {
                Value::String(upn) => declared.iter().any(|d| eq_lower(upn, d)),
                _ => false,
            })
            .cloned()
            .collect()
    };
    Value::from(kept)
}

/// Sign-ins PRV008 could report: `status.errorCode` 0 (a session was issued) and
/// `conditionalAccessStatus` notApplied, in log order, and when `principal_roles` (the
/// `principalRoles` index) was built, only those of principals holding a directory role: the
/// rule reports only role holders, and Rego spends ~34 µs on each candidate, so a tenant with
/// an unprotected sign-in per account (hundreds of thousands) passed the rule's time limit.
/// The rule looks the users and their roles up itself. When the loader applied [`SIFTS`], only
/// the sign-ins it kept are tested here (the same test and order, on a fraction of the log).
pub fn sign_ins_without_conditional_access(
    snapshot: &Snapshot,
    principal_roles: Option<&Value>,
) -> Value {
    let holds_a_role = |s: &Value| match principal_roles {
        Some(Value::Object(held)) => held.contains_key(&s[&KEYS.user_id]),
        _ => true,
    };
    // The role test first: it rules out almost every sign-in with one look-up (a few hundred
    // holders against millions of sign-ins), before the status and CA look-ups.
    let keep = |s: &&Value| holds_a_role(s) && session_without_ca(s);
    let kept: Vec<Value> = match snapshot.kept(SIGN_INS_WITHOUT_CA, SIGN_INS) {
        Some(sifted) => sifted.filter(keep).cloned().collect(),
        None => snapshot
            .collections
            .get(SIGN_INS)
            .map_or(&[][..], |c| c.items.as_slice())
            .par_iter()
            .filter(keep)
            .cloned()
            .collect(),
    };
    Value::from(kept)
}

/// A sign-in that issued a session (`status.errorCode` 0) no Conditional Access policy applied
/// to: PRV008's test of the sign-in itself.
fn session_without_ca(s: &Value) -> bool {
    matches!(&s[&KEYS.status][&KEYS.error_code], Value::Number(n) if n.as_f64() == Some(0.0))
        && is_lower(&s[&KEYS.conditional_access_status], "notapplied")
}

/// The tests the loader applies to each item while it parses it (`snapshot::load_sifting`):
/// a walk of millions of sign-ins after the load costs a cache miss or more per sign-in, the
/// most part of the lint's prepare at full size (benches/README.md).
pub const SIFTS: &[crate::snapshot::Sift] = &[SIGN_IN_SESSIONS_WITHOUT_CA];

/// PRV008's test of each sign-in, as a sift ([`SIFTS`]).
pub const SIGN_IN_SESSIONS_WITHOUT_CA: crate::snapshot::Sift = crate::snapshot::Sift {
    name: SIGN_INS_WITHOUT_CA,
    collection: SIGN_INS,
    test: crate::snapshot::Test::Keep(session_without_ca),
};

const NS_PER_DAY: f64 = 86_400e9;

/// Guests EXT002 could report: a pending invitation (judged on its age, which the rule
/// measures), or no sign-in of any kind after the cutoff. `thresholds` is
/// `data.govlint.config.thresholds`, the same the rule reads, with the rule's default.
pub fn guests_not_recently_active(
    snapshot: &Snapshot,
    now: Timestamp,
    thresholds: &serde_json::Value,
) -> Value {
    let days = thresholds["guest_inactive_days"].as_f64().unwrap_or(90.0);
    // The rule's cutoff is now - (days + 1) days; this one is a day later, so a guest counts
    // as recent here only if the rule surely agrees (rounding of a fractional threshold).
    let cutoff = now.as_nanosecond() as f64 - days * NS_PER_DAY;
    let activity: HashMap<&str, &Value> = snapshot
        .collections
        .get(SIGN_IN_ACTIVITY)
        .map_or(&[][..], |c| c.items.as_slice())
        .iter()
        .filter_map(|a| match &a[&KEYS.id] {
            Value::String(id) => Some((id.as_ref(), a)),
            _ => None,
        })
        .collect();
    let recent = |u: &Value| {
        let Value::String(id) = &u[&KEYS.id] else {
            return false;
        };
        let Some(a) = activity.get(id.as_ref()) else {
            return false;
        };
        let a = &a[&KEYS.sign_in_activity];
        [
            &KEYS.last_sign_in_date_time,
            &KEYS.last_non_interactive_sign_in_date_time,
            &KEYS.last_successful_sign_in_date_time,
        ]
        .iter()
        .any(|k| timestamp_ns(&a[*k]).is_some_and(|t| t as f64 > cutoff))
    };
    let kept: Vec<Value> = guests(snapshot)
        .filter(|u| is_lower(&u[&KEYS.external_user_state], "pendingacceptance") || !recent(u))
        .cloned()
        .collect();
    Value::from(kept)
}

/// Nanoseconds of a timestamp of exactly the RFC 3339 shape Graph writes
/// (`YYYY-MM-DDThh:mm:ss[.f]Z|±hh:mm`); None for anything else. Stricter than the rule's own
/// parse on purpose: a string the rule might reject must not make a guest look recent here.
fn timestamp_ns(v: &Value) -> Option<i128> {
    let Value::String(s) = v else { return None };
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let shape = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !shape {
        return None;
    }
    let mut rest = &b[19..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|d| d.is_ascii_digit()).count();
        if n == 0 || n > 9 {
            return None;
        }
        rest = &frac[n..];
    }
    let zone = rest == b"Z"
        || (rest.len() == 6
            && (rest[0] == b'+' || rest[0] == b'-')
            && rest[1..3].iter().all(u8::is_ascii_digit)
            && rest[3] == b':'
            && rest[4..6].iter().all(u8::is_ascii_digit));
    if !zone {
        return None;
    }
    s.parse::<Timestamp>().ok().map(|t| t.as_nanosecond())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(json: serde_json::Value) -> Value {
        Value::from(json)
    }

    fn snapshot(collections: serde_json::Value) -> Snapshot {
        crate::snapshot::complete_for_tests(collections)
    }

    fn ids(v: &Value) -> Vec<String> {
        array(v)
            .iter()
            .map(|x| match &x[&KEYS.id] {
                Value::String(s) => s.to_string(),
                _ => String::new(),
            })
            .collect()
    }

    #[test]
    fn decision_filters_keep_what_their_rules_could_report() {
        let dec = |id: &str,
                   decision: serde_json::Value,
                   rec: serde_json::Value,
                   result: serde_json::Value| {
            serde_json::json!({"id": id, "decision": decision, "recommendation": rec, "applyResult": result,
                "appliedDateTime": null, "reviewedBy": {"id": "R"}, "principal": {"id": "p"}})
        };
        let s = snapshot(serde_json::json!({"accessReviewDefinitions": [
            {"id": "d0"},
            {"id": "d1", "instances": [
                {"id": "i0", "decisions": [
                    dec("a", "APPROVE".into(), "deny".into(), "New".into()),
                    dec("b", "Approve".into(), "Approve".into(), "AppliedSuccessfully".into()),
                    dec("c", "Deny".into(), "Deny".into(), serde_json::Value::Null),
                    dec("d", "Deny".into(), serde_json::Value::Null, "AppliedSuccessfullyButObjectNotFound".into()),
                    dec("e", serde_json::Value::Null, "Deny".into(), "AppliedWithUnknownFailure".into()),
                ]},
                {"id": "i1", "decisions": "not an array"},
            ]},
        ]}));
        let built: HashMap<&str, Value> = decisions(&s).into_iter().collect();
        // Positional: one entry per definition, one per instance.
        let at = |name: &str, i: usize, j: usize| ids(&built[name][i][j]);
        for name in [
            APPROVED_AGAINST_DENY,
            SELF_REVIEWED,
            DENIED_NOT_APPLIED,
            NEVER_APPLIED,
        ] {
            assert_eq!(array(&built[name]).len(), 2);
            assert!(array(&built[name][0]).is_empty());
            assert_eq!(array(&built[name][1]).len(), 2);
            assert!(array(&built[name][1][1]).is_empty());
        }
        assert_eq!(at(APPROVED_AGAINST_DENY, 1, 0), ["a"]);
        assert!(at(SELF_REVIEWED, 1, 0).is_empty());
        assert_eq!(at(DENIED_NOT_APPLIED, 1, 0), ["c"]);
        assert_eq!(at(NEVER_APPLIED, 1, 0), ["a"]);
    }

    #[test]
    fn self_review_compares_ids_ignoring_case() {
        let d = |r: &str, p: &str| {
            v(serde_json::json!({"reviewedBy": {"id": r}, "principal": {"id": p}}))
        };
        let self_reviewed = |dec: &Value| self_reviewed(&Decision::of(dec));
        assert!(self_reviewed(&d("ABC-1", "abc-1")));
        assert!(!self_reviewed(&d("abc-1", "abc-2")));
        assert!(!self_reviewed(&v(
            serde_json::json!({"reviewedBy": {"id": null}, "principal": {"id": null}})
        )));
        assert!(!self_reviewed(&v(
            serde_json::json!({"reviewedBy": {"id": "x"}})
        )));
    }

    #[test]
    fn guest_filters_use_the_rules_threshold_with_a_day_to_spare() {
        let guest = |id: &str, extra: serde_json::Value| {
            let mut g =
                serde_json::json!({"id": id, "userType": "Guest", "sponsors": [{"id": "s"}]});
            for (k, v) in extra.as_object().expect("object") {
                g[k] = v.clone();
            }
            g
        };
        let seen = |id: &str, t: &str| serde_json::json!({"id": id, "signInActivity": {"lastSignInDateTime": t}});
        let s = snapshot(serde_json::json!({
            "users": [
                guest("recent", serde_json::json!({})),
                guest("old", serde_json::json!({})),
                guest("edge", serde_json::json!({})),
                guest("never", serde_json::json!({"sponsors": []})),
                guest("pending", serde_json::json!({"externalUserState": "pendingAcceptance", "sponsors": null})),
                guest("odd-time", serde_json::json!({})),
                {"id": "member", "userType": "Member", "sponsors": []},
                {"id": "untyped", "sponsors": []},
            ],
            "userSignInActivity": [
                seen("recent", "2026-11-10T09:00:00Z"),
                seen("old", "2026-05-04T09:00:00Z"),
                // 90 days before now: the rule still calls it recent (cutoff at 91 days), the
                // pre-filter keeps it (its cutoff is at 90), the rule then drops it.
                seen("edge", "2026-08-22T09:00:00Z"),
                seen("pending", "2026-11-19T09:00:00Z"),
                seen("odd-time", "2026-11-10T09:00:00Z[UTC]"),
            ],
        }));
        let now: Timestamp = "2026-11-20T09:00:00Z".parse().expect("timestamp");
        assert_eq!(ids(&guests_without_sponsor(&s)), ["never", "pending"]);
        let thresholds = serde_json::json!({"guest_inactive_days": 90});
        assert_eq!(
            ids(&guests_not_recently_active(&s, now, &thresholds)),
            ["old", "edge", "never", "pending", "odd-time"]
        );
        // A larger threshold makes "old" recent; a missing one is the rule's default, 90.
        let long = serde_json::json!({"guest_inactive_days": 400});
        assert_eq!(
            ids(&guests_not_recently_active(&s, now, &long)),
            ["never", "pending", "odd-time"]
        );
        assert_eq!(
            ids(&guests_not_recently_active(&s, now, &serde_json::json!({}))),
            ids(&guests_not_recently_active(&s, now, &thresholds))
        );
    }

    /// The index path and the full walk of each pre-filtered rule find the same on the demo
    /// tenant, which plants findings for all six and look-alikes that must not fire.
    #[test]
    fn pre_filtered_rules_find_exactly_what_their_full_walks_find() {
        use crate::config::Config;
        use crate::engine::{Linter, Prepared};
        let config = Config::parse(
            "examples/govlint.toml",
            govlint_testkit::tenant::DEMO_CONFIG,
        )
        .expect("demo config");
        let files: Vec<_> = crate::policy::builtin_rego()
            .into_iter()
            .filter(|f| !f.is_test())
            .collect();
        let linter = Linter::new(&files, &config).expect("built-in policies");
        let (demo, _) = govlint_testkit::tenant::demo();
        let s = crate::snapshot::parse("demo", &demo.to_string()).expect("demo snapshot");
        let needed = linter
            .rules()
            .iter()
            .flat_map(|r| r.reads.clone())
            .collect();
        let prepared = Prepared::new(&s, s.fetched_at, &needed, &config.data);
        let filters = [
            ("AR003", APPROVED_AGAINST_DENY),
            ("AR004", SELF_REVIEWED),
            ("AR005", DENIED_NOT_APPLIED),
            ("AR008", NEVER_APPLIED),
            ("EXT001", GUESTS_WITHOUT_SPONSOR),
            ("EXT002", GUESTS_NOT_RECENTLY_ACTIVE),
            ("PRV007", EMERGENCY_ACCESS_BY_UPN),
            ("PRV008", SIGN_INS_WITHOUT_CA),
        ];
        for (code, index) in filters {
            let rule = linter.rules().iter().find(|r| r.code == code).expect(code);
            let findings = |input: Value| {
                let mut engine = linter.engine.clone();
                engine.set_input(input);
                engine
                    .eval_rule(format!("{}.findings", rule.package))
                    .expect("rule evaluates")
            };
            let with = prepared.input_for(&rule.reads);
            assert!(
                with["index"][index] != Value::Undefined,
                "{code} gets {index}"
            );
            let mut without = with.clone();
            if let Ok(i) = without["index"].clone().as_object_mut() {
                i.remove(&Value::from(index));
                without
                    .as_object_mut()
                    .expect("input object")
                    .insert(Value::from("index"), Value::from(i.clone()));
            }
            assert_eq!(without["index"][index], Value::Undefined);
            let (a, b) = (findings(with), findings(without));
            assert!(
                matches!(&a, Value::Set(f) if !f.is_empty()),
                "{code} finds its plants"
            );
            assert_eq!(a, b, "{code}");
        }
    }

    /// PRV008's pre-filter finds the same sign-ins, in the same order, from the loader's sift
    /// as from its own walk, with and without the role holders.
    #[test]
    fn the_sign_in_pre_filter_is_the_same_sifted_or_walked() {
        let sign_in = |id: &str, user: &str, code: serde_json::Value, ca: &str| {
            serde_json::json!({"id": id, "userId": user, "status": {"errorCode": code},
                "conditionalAccessStatus": ca})
        };
        let doc = serde_json::json!({
            "schema": "govlint.snapshot/v1", "tenant": {"id": "t"}, "fetchedAt": "2026-11-20T09:00:00Z",
            "collections": {"signIns": {"status": "complete", "items": [
                sign_in("s0", "holder", 0.into(), "notApplied"),
                sign_in("s1", "other", 0.into(), "NOTAPPLIED"),
                sign_in("s2", "holder", 50126.into(), "notApplied"),
                sign_in("s3", "holder", 0.into(), "success"),
                sign_in("s4", "holder", "0".into(), "notApplied"),
                sign_in("s5", "holder", serde_json::json!(0.0), "notApplied"),
                {"id": "s6", "userId": "holder"},
            ]}},
        })
        .to_string();
        let walked = crate::snapshot::parse("t", &doc).expect("parses");
        let roles = v(serde_json::json!({"holder": {"r": {}}}));
        for big in [1, usize::MAX] {
            let sifted = crate::snapshot::parse_sifting("t", &doc, big, SIFTS).expect("parses");
            assert!(sifted.kept(SIGN_INS_WITHOUT_CA, SIGN_INS).is_some());
            for roles in [None, Some(&roles)] {
                let (a, b) = (
                    sign_ins_without_conditional_access(&walked, roles),
                    sign_ins_without_conditional_access(&sifted, roles),
                );
                assert_eq!(a, b, "split at {big}, roles {roles:?}");
            }
        }
        let all = sign_ins_without_conditional_access(&walked, None);
        assert_eq!(ids(&all), ["s0", "s1", "s5"]);
        assert_eq!(
            ids(&sign_ins_without_conditional_access(&walked, Some(&roles))),
            ["s0", "s5"]
        );
    }

    #[test]
    fn only_graph_shaped_timestamps_parse() {
        let t = |s: &str| timestamp_ns(&Value::from(s));
        assert!(t("2026-11-10T09:00:00Z").is_some());
        assert!(t("2026-11-10T09:00:00.1234567Z").is_some());
        assert!(t("2026-11-10T09:00:00+01:00").is_some());
        assert_eq!(t("2026-11-10T10:00:00+01:00"), t("2026-11-10T09:00:00Z"));
        for bad in [
            "",
            "2026-11-10",
            "2026-11-10 09:00:00Z",
            "2026-11-10T09:00:00",
            "2026-11-10T09:00:00z",
            "2026-11-10T09:00:00+0100",
            "2026-13-10T09:00:00Z",
            "2026-11-10T09:00:00.Z",
        ] {
            assert!(t(bad).is_none(), "{bad}");
        }
    }
}
