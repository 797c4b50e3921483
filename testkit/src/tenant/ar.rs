//! Plants for the AR rules: violations next to clean look-alikes.
//!
//! Access reviews are one collection, `accessReviewDefinitions`, in Graph v1.0 shapes, with
//! `instances` embedded under each definition and `decisions` and `contactedReviewers` under
//! each instance. `plant` runs after every other area, so AR002 can see every role holder the
//! tenant ended up with and give each privileged role a live recurring review, except the
//! roles in `g.unreviewed_roles`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use super::{days_from_now, guid, Gen, Grant, Sizes, FETCHED_AT, GLOBAL_READER};

/// A privileged role outside the base tenant's roles, owned by AR002's "one-time review" plant.
const SECURITY_OPERATOR: &str = "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f";
const ZERO_GUID: &str = "00000000-0000-0000-0000-000000000000";
const GRAPH: &str = "https://graph.microsoft.com/v1.0";
const PRIVILEGED_ROLES: &str = include_str!("../../../policies/data/privileged_roles.json");

pub fn plant(g: &mut Gen, sizes: &Sizes) {
    let people = People::new(g);
    overdue(g, &people);
    overrides(g, &people);
    unapplied(g, &people);
    self_approval(g, &people);
    transitional(g, &people);
    filler(g, sizes, &people);
    role_reviews(g, &people);
}

// --- people -----------------------------------------------------------------------------------

#[derive(Clone)]
struct Person {
    id: String,
    name: String,
    upn: String,
    /// The Graph type of the principal: "user", "group" or "servicePrincipal".
    kind: String,
}

impl Person {
    /// The decision's `principal` as Graph v1.0 types it: `userIdentity` (with the UPN) or
    /// `servicePrincipalIdentity`; the schema has no group identity, so a group under review
    /// is a plain `identity`, told apart by the decision's `principalLink`.
    fn decision_identity(&self) -> Value {
        match self.kind.as_str() {
            "user" => json!({"@odata.type": "#microsoft.graph.userIdentity", "id": self.id,
                             "displayName": self.name, "userPrincipalName": self.upn}),
            "servicePrincipal" => {
                json!({"@odata.type": "#microsoft.graph.servicePrincipalIdentity",
                                         "id": self.id, "displayName": self.name})
            }
            _ => {
                json!({"@odata.type": "#microsoft.graph.identity", "id": self.id, "displayName": self.name})
            }
        }
    }

    /// A new clean member user (MFA, recent sign-in, cloud-only, enabled).
    fn member(g: &mut Gen, key: &str, name: &str) -> Person {
        let id = g.member(key, name);
        Person::known(key, name, id)
    }

    /// A member another part of the generator made with `g.member(key, name)`.
    fn existing(key: &str, name: &str) -> Person {
        Person::known(key, name, guid(&format!("user:{key}")))
    }

    fn known(key: &str, name: &str, id: String) -> Person {
        Person {
            id,
            name: name.into(),
            upn: format!("{key}@contoso.example"),
            kind: "user".into(),
        }
    }

    /// A `userIdentity` as decisions carry it (reviewedBy, appliedBy).
    fn identity(&self) -> Value {
        json!({"id": self.id, "displayName": self.name, "userPrincipalName": self.upn})
    }
}

/// The reviewers the plants share.
struct People {
    /// An IAM analyst who reviews most of the plants' reviews (holds no role).
    rex: Person,
    /// The security lead of the base tenant: reviewer of the filler review.
    lead: Person,
}

impl People {
    fn new(g: &mut Gen) -> People {
        People {
            rex: Person::member(g, "ar-rex", "Rex Reviewer"),
            lead: Person::existing("sec-lead", "Sam Security-Lead"),
        }
    }
}

/// "Nobody": the zero-GUID identity Graph writes for unreviewed and system decisions.
fn nobody() -> Value {
    json!({"id": ZERO_GUID, "displayName": "", "userPrincipalName": ""})
}

// --- Graph shapes -----------------------------------------------------------------------------

fn date(days: i64) -> String {
    days_from_now(days)[..10].to_string()
}

fn query_scope(query: &str) -> Value {
    json!({"@odata.type": "#microsoft.graph.accessReviewQueryScope", "query": query,
           "queryType": "MicrosoftGraph", "queryRoot": null})
}

fn group_scope(group: &str) -> Value {
    query_scope(&format!(
        "/groups/{group}/transitiveMembers/microsoft.graph.user"
    ))
}

fn user_reviewers(p: &Person) -> Value {
    json!([{"query": format!("/users/{}", p.id), "queryType": "MicrosoftGraph", "queryRoot": null}])
}

fn pattern(kind: &str, interval: u32) -> Value {
    json!({"type": kind, "interval": interval, "month": 0, "dayOfMonth": 0, "daysOfWeek": [],
           "firstDayOfWeek": "sunday", "index": "first"})
}

/// Every three months, for ever.
fn quarterly(start: i64) -> Value {
    json!({"pattern": pattern("absoluteMonthly", 3),
           "range": {"type": "noEnd", "numberOfOccurrences": 0, "recurrenceTimeZone": null,
                     "startDate": date(start), "endDate": "9999-12-31"}})
}

/// A one-time review: no pattern, a range of one run.
fn once(start: i64, end: i64) -> Value {
    json!({"pattern": null,
           "range": {"type": "numbered", "numberOfOccurrences": 0, "recurrenceTimeZone": null,
                     "startDate": date(start), "endDate": date(end)}})
}

/// A review definition's settings. The one builder of access review definitions in the
/// testkit: `cov_governance` builds its reviews with it too.
pub(super) struct Def<'a> {
    pub(super) key: &'a str,
    pub(super) name: &'a str,
    pub(super) status: &'a str,
    pub(super) scope: Value,
    pub(super) reviewers: Value,
    pub(super) recurrence: Value,
    pub(super) auto_apply: bool,
}

impl Def<'_> {
    fn id(&self) -> String {
        guid(&format!("review:{}", self.key))
    }

    /// The definition with its instances embedded, as the snapshot holds it.
    pub(super) fn build(&self, instances: Vec<Value>) -> Value {
        json!({
            "id": self.id(), "displayName": self.name, "status": self.status,
            "createdDateTime": days_from_now(-400), "lastModifiedDateTime": days_from_now(-400),
            "descriptionForAdmins": self.name, "descriptionForReviewers": format!("Confirm who still needs this access: {}", self.name),
            "createdBy": {"id": guid("user:sec-lead"), "displayName": "Sam Security-Lead", "userPrincipalName": "sec-lead@contoso.example"},
            "scope": self.scope, "instanceEnumerationScope": null,
            "reviewers": self.reviewers, "fallbackReviewers": [], "additionalNotificationRecipients": [],
            "stageSettings": [],
            "settings": {
                "mailNotificationsEnabled": true, "reminderNotificationsEnabled": true,
                "justificationRequiredOnApproval": true, "defaultDecisionEnabled": false,
                "defaultDecision": "None", "instanceDurationInDays": 14,
                "autoApplyDecisionsEnabled": self.auto_apply, "recommendationsEnabled": true,
                "recommendationLookBackDuration": "P30D", "decisionHistoriesForReviewersEnabled": false,
                "recommendationInsightSettings": [],
                "recurrence": self.recurrence,
                "applyActions": [{"@odata.type": "#microsoft.graph.removeAccessApplyAction"}]
            },
            "instances": instances
        })
    }

    fn instance(&self, key: &str, span: (i64, i64), status: &str, reviewers: &[&Person]) -> Inst {
        Inst {
            id: guid(&format!("review-instance:{}:{key}", self.key)),
            key: format!("{}:{key}", self.key),
            scope: self.scope.clone(),
            span,
            status: status.into(),
            reviewers: reviewers.iter().map(|p| (*p).clone()).collect(),
            resource: resource_link(&self.scope),
            decisions: Vec::new(),
        }
    }
}

/// The Graph URL of the group a group-review scope names (decisions carry it as resourceLink).
fn resource_link(scope: &Value) -> Value {
    scope["query"]
        .as_str()
        .and_then(|q| q.strip_prefix("/groups/"))
        .and_then(|rest| rest.split('/').next())
        .map(|gid| json!(format!("{GRAPH}/groups/{gid}")))
        .unwrap_or(Value::Null)
}

/// An instance being filled with decisions.
#[derive(Clone)]
struct Inst {
    id: String,
    key: String,
    scope: Value,
    /// Start and end, in days from `FETCHED_AT`.
    span: (i64, i64),
    status: String,
    reviewers: Vec<Person>,
    resource: Value,
    decisions: Vec<Value>,
}

/// How a decision was applied.
#[derive(Clone, Copy)]
enum Applied {
    /// `applyResult` as given, never applied (`appliedDateTime` null).
    Not(Option<&'static str>),
    /// `AppliedSuccessfully` (or another result) at the instance's end.
    Done(&'static str),
}

impl Inst {
    /// Records a decision and returns its id. `reviewer` None: the system decided (zero GUID).
    fn decide(
        &mut self,
        key: &str,
        principal: &Person,
        reviewer: Option<&Person>,
        choice: (&str, &str),
        applied: Applied,
    ) -> String {
        let (id, d) = self.decision(key, principal, reviewer, choice, applied);
        self.decisions.push(d);
        id
    }

    /// A decision of this instance and its id (`decide` without recording it).
    fn decision(
        &self,
        key: &str,
        principal: &Person,
        reviewer: Option<&Person>,
        (decision, recommendation): (&str, &str),
        applied: Applied,
    ) -> (String, Value) {
        let id = guid(&format!("review-decision:{}:{key}", self.key));
        let reviewed = decision != "NotReviewed";
        let (result, applied_at) = match applied {
            Applied::Not(r) => (json!(r), Value::Null),
            Applied::Done(r) => (json!(r), json!(days_from_now(self.span.1 + 1))),
        };
        let justification = match (decision, reviewer.is_some()) {
            ("Approve", true) => "Still needed for current work",
            ("Deny", true) => "No longer needed",
            _ => "",
        };
        let d = json!({
            "id": id, "accessReviewId": self.id,
            "reviewedDateTime": if reviewed { json!(days_from_now(self.span.0 + 2)) } else { Value::Null },
            "decision": decision, "justification": justification,
            "appliedDateTime": applied_at, "applyResult": result, "recommendation": recommendation,
            "principalLink": format!("{GRAPH}/{}s/{}", principal.kind, principal.id),
            "resourceLink": self.resource, "resource": null,
            "reviewedBy": match reviewer { Some(r) if reviewed => r.identity(), _ => nobody() },
            "appliedBy": nobody(),
            "principal": principal.decision_identity()
        });
        (id, d)
    }

    fn build(self) -> Value {
        let contacted: Vec<Value> = self
            .reviewers
            .iter()
            .map(|p| {
                json!({"id": p.id, "displayName": p.name, "userPrincipalName": p.upn,
                            "createdDateTime": days_from_now(self.span.0)})
            })
            .collect();
        let reviewers: Vec<Value> = self
            .reviewers
            .iter()
            .map(|p| json!({"query": format!("/users/{}", p.id), "queryType": "MicrosoftGraph", "queryRoot": null}))
            .collect();
        json!({
            "id": self.id, "startDateTime": days_from_now(self.span.0), "endDateTime": days_from_now(self.span.1),
            "status": self.status, "scope": self.scope, "reviewers": reviewers, "fallbackReviewers": [],
            "decisions": self.decisions, "contactedReviewers": contacted, "stages": []
        })
    }
}

/// A security group a review is about.
fn group(g: &mut Gen, key: &str, name: &str) -> String {
    let id = guid(&format!("group:{key}"));
    g.push("groups", json!({
        "id": id, "displayName": name, "groupTypes": [], "securityEnabled": true,
        "mailEnabled": false, "isAssignableToRole": false, "membershipRule": null, "membershipRuleProcessingState": null,
        "visibility": "Private", "onPremisesSyncEnabled": null, "createdDateTime": days_from_now(-800)
    }));
    id
}

const APPROVE: (&str, &str) = ("Approve", "Approve");
const DENY: (&str, &str) = ("Deny", "Deny");
const NEW: Applied = Applied::Not(Some("New"));
const APPLIED: Applied = Applied::Done("AppliedSuccessfully");

// --- AR001 ------------------------------------------------------------------------------------

/// AR001: a one-time review still InProgress 12 days after its end; the previous quarter of a
/// recurring review still InProgress 86 days after its end, next to its current quarter (on
/// time). Look-alikes: Completed and Applied instances that ended long ago.
fn overdue(g: &mut Gen, p: &People) {
    let finance = group(g, "ar-finance-app", "Finance app users");
    let fay = Person::member(g, "ar-fay", "Fay Finance");
    let def = Def {
        key: "ar-finance-app",
        name: "Finance app access review",
        status: "InProgress",
        scope: group_scope(&finance),
        reviewers: user_reviewers(&p.rex),
        recurrence: once(-40, -12),
        auto_apply: false,
    };
    let mut inst = def.instance("2026-q4", (-40, -12), "InProgress", &[&p.rex]);
    inst.decide("fay", &fay, Some(&p.rex), APPROVE, NEW);
    inst.decide("rex", &p.rex, None, ("NotReviewed", "Approve"), NEW);
    g.expect("AR001", &inst.id);
    g.push("accessReviewDefinitions", def.build(vec![inst.build()]));

    let ops = group(g, "ar-ops-admins", "Operations admins");
    let omar = Person::member(g, "ar-omar", "Omar Operations");
    let def = Def {
        key: "ar-ops-admins",
        name: "Quarterly review: Operations admins",
        status: "InProgress",
        scope: group_scope(&ops),
        reviewers: user_reviewers(&p.rex),
        recurrence: quarterly(-280),
        auto_apply: true,
    };
    let mut old = def.instance("2026-q1", (-280, -266), "Applied", &[&p.rex]);
    old.decide("omar", &omar, Some(&p.rex), APPROVE, APPLIED);
    let mut stuck = def.instance("2026-q3", (-100, -86), "InProgress", &[&p.rex]);
    stuck.decide("omar", &omar, None, ("NotReviewed", "Approve"), NEW);
    g.expect("AR001", &stuck.id);
    let mut current = def.instance("2026-q4", (-10, 4), "InProgress", &[&p.rex]);
    current.decide("omar", &omar, Some(&p.rex), APPROVE, NEW);
    let instances = vec![old.build(), stuck.build(), current.build()];
    g.push("accessReviewDefinitions", def.build(instances));
}

// --- AR003 ------------------------------------------------------------------------------------

/// AR003: an approval against a Deny recommendation in an open review (fix: change the
/// decision) and one in an ended, applied review (fix: remove the membership). Look-alikes in
/// the open review: a denial that follows the recommendation, an item not reviewed yet, a
/// "don't know", approvals where the recommendation is Approve or NoInfoAvailable.
fn overrides(g: &mut Gen, p: &People) {
    let contractors = group(g, "ar-contractors", "Contractors");
    let def = Def {
        key: "ar-contractors",
        name: "Quarterly review: Contractors",
        status: "InProgress",
        scope: group_scope(&contractors),
        reviewers: user_reviewers(&p.rex),
        recurrence: quarterly(-190),
        auto_apply: true,
    };
    let carl = Person::member(g, "ar-carl", "Carl Contractor");
    let cora = Person::member(g, "ar-cora", "Cora Contractor");
    let cody = Person::member(g, "ar-cody", "Cody Contractor");
    let cleo = Person::member(g, "ar-cleo", "Cleo Contractor");
    let cyd = Person::member(g, "ar-cyd", "Cyd Contractor");
    let cruz = Person::member(g, "ar-cruz", "Cruz Contractor");
    let mut prev = def.instance("2026-q3", (-100, -86), "Applied", &[&p.rex]);
    for c in [&carl, &cora, &cody, &cleo, &cyd, &cruz] {
        let key = c.upn.split('@').next().unwrap_or_default().to_string();
        prev.decide(&key, c, Some(&p.rex), APPROVE, APPLIED);
    }
    let mut now = def.instance("2026-q4", (-10, 4), "InProgress", &[&p.rex]);
    let id = now.decide("carl", &carl, Some(&p.rex), ("Approve", "Deny"), NEW);
    g.expect("AR003", &id);
    now.decide("cora", &cora, Some(&p.rex), DENY, NEW);
    now.decide("cody", &cody, None, ("NotReviewed", "Deny"), NEW);
    now.decide("cleo", &cleo, Some(&p.rex), ("DontKnow", "Deny"), NEW);
    now.decide("cyd", &cyd, Some(&p.rex), APPROVE, NEW);
    now.decide(
        "cruz",
        &cruz,
        Some(&p.rex),
        ("Approve", "NoInfoAvailable"),
        NEW,
    );
    g.push(
        "accessReviewDefinitions",
        def.build(vec![prev.build(), now.build()]),
    );

    let vendors = group(g, "ar-vendor-portal", "Vendor portal users");
    let def = Def {
        key: "ar-vendor-portal",
        name: "Quarterly review: Vendor portal",
        status: "InProgress",
        scope: group_scope(&vendors),
        reviewers: user_reviewers(&p.rex),
        recurrence: quarterly(-130),
        auto_apply: true,
    };
    let vera = Person::member(g, "ar-vera", "Vera Vendor");
    let vic = Person::member(g, "ar-vic", "Vic Vendor");
    let walt = Person::member(g, "ar-walt", "Walt Vendor");
    // Deleted since the review: its denial found no object to remove (applied all the same).
    let gone = Person::known("ar-gone", "Gil Gone", guid("user:ar-gone-deleted"));
    let mut prev = def.instance("2026-q3", (-40, -26), "Applied", &[&p.rex]);
    let id = prev.decide("vera", &vera, Some(&p.rex), ("Approve", "Deny"), APPLIED);
    g.expect("AR003", &id);
    // AR005: applying this denial failed and the instance is Applied: removed by hand.
    let id = prev.decide(
        "vic",
        &vic,
        Some(&p.rex),
        DENY,
        Applied::Done("AppliedWithUnknownFailure"),
    );
    g.expect("AR005", &id);
    prev.decide("walt", &walt, Some(&p.rex), DENY, APPLIED);
    prev.decide(
        "gone",
        &gone,
        Some(&p.rex),
        DENY,
        Applied::Done("AppliedSuccessfullyButObjectNotFound"),
    );
    let mut now = def.instance("2026-q4", (-5, 9), "InProgress", &[&p.rex]);
    now.decide("vera", &vera, None, ("NotReviewed", "Deny"), NEW);
    now.decide("walt", &walt, Some(&p.rex), DENY, NEW);
    g.push(
        "accessReviewDefinitions",
        def.build(vec![prev.build(), now.build()]),
    );
}

// --- AR005 ------------------------------------------------------------------------------------

/// AR005: a denial in a Completed review that does not auto-apply, never applied; a system
/// denial (default decision) in an AutoReviewed review, never applied. Look-alikes: an approval
/// and an ApplyNotSupported denial in the Completed review, a system approval (zero-GUID
/// reviewer: not a self-approval for AR004), a denial in the open next instance (not due).
fn unapplied(g: &mut Gen, p: &People) {
    let phoenix = group(g, "ar-project-phoenix", "Project Phoenix");
    let def = Def {
        key: "ar-project-phoenix",
        name: "Monthly review: Project Phoenix members",
        status: "InProgress",
        scope: group_scope(&phoenix),
        reviewers: user_reviewers(&p.rex),
        recurrence: json!({"pattern": pattern("absoluteMonthly", 1),
                           "range": {"type": "endDate", "numberOfOccurrences": 0, "recurrenceTimeZone": null,
                                     "startDate": date(-60), "endDate": date(300)}}),
        auto_apply: false,
    };
    let dana = Person::member(g, "ar-dana", "Dana Denied");
    let pat = Person::member(g, "ar-pat", "Pat Phoenix");
    let nate = Person::member(g, "ar-nate", "Nate On-Prem");
    let mut ended = def.instance("2026-10", (-30, -16), "Completed", &[&p.rex]);
    let id = ended.decide("dana", &dana, Some(&p.rex), DENY, NEW);
    g.expect("AR005", &id);
    ended.decide("pat", &pat, Some(&p.rex), APPROVE, NEW);
    ended.decide(
        "nate",
        &nate,
        Some(&p.rex),
        DENY,
        Applied::Not(Some("ApplyNotSupported")),
    );
    let mut now = def.instance("2026-11", (0, 14), "InProgress", &[&p.rex]);
    now.decide("pat", &pat, Some(&p.rex), DENY, NEW);
    g.push(
        "accessReviewDefinitions",
        def.build(vec![ended.build(), now.build()]),
    );

    let legacy = group(g, "ar-legacy-app", "Legacy app users");
    let def = Def {
        key: "ar-legacy-app",
        name: "Legacy app: dormant accounts",
        status: "AutoReviewed",
        scope: group_scope(&legacy),
        reviewers: user_reviewers(&p.rex),
        recurrence: once(-17, -3),
        auto_apply: false,
    };
    let gwen = Person::member(g, "ar-gwen", "Gwen Dormant");
    let lou = Person::member(g, "ar-lou", "Lou Legacy");
    let mut inst = def.instance("once", (-17, -3), "AutoReviewed", &[&p.rex]);
    let id = inst.decide("gwen", &gwen, None, ("Deny", "Deny"), Applied::Not(None));
    g.expect("AR005", &id);
    inst.decide("lou", &lou, None, APPROVE, Applied::Not(None));
    let mut built = def.build(vec![inst.build()]);
    // The system decided for the reviewers who did not answer: it followed the recommendation.
    built["settings"]["defaultDecisionEnabled"] = json!(true);
    built["settings"]["defaultDecision"] = json!("Recommendation");
    // The system's decisions are recorded as reviewed, by nobody.
    for d in built["instances"][0]["decisions"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        d["reviewedDateTime"] = json!(days_from_now(-3));
    }
    g.push("accessReviewDefinitions", built);
}

// --- AR004 ------------------------------------------------------------------------------------

/// AR004: a self-review (no reviewers) in which Sue approved her own access. Look-alikes: Sid
/// denying his own access, Sal approved by the fallback reviewer.
fn self_approval(g: &mut Gen, p: &People) {
    let sales = group(g, "ar-sales-app", "Sales app users");
    let def = Def {
        key: "ar-sales-app",
        name: "Sales app: self-attestation",
        status: "InProgress",
        scope: group_scope(&sales),
        reviewers: json!([]),
        recurrence: quarterly(-55),
        auto_apply: true,
    };
    let sue = Person::member(g, "ar-sue", "Sue Self-Approver");
    let sid = Person::member(g, "ar-sid", "Sid Self-Denier");
    let sal = Person::member(g, "ar-sal", "Sal Sales");
    let mut now = def.instance("2026-q4", (-3, 11), "InProgress", &[&sue, &sid, &sal]);
    let id = now.decide("sue", &sue, Some(&sue), APPROVE, NEW);
    g.expect("AR004", &id);
    now.decide("sid", &sid, Some(&sid), ("Deny", "Approve"), NEW);
    now.decide("sal", &sal, Some(&p.rex), APPROVE, NEW);
    g.push("accessReviewDefinitions", def.build(vec![now.build()]));
}

/// Look-alikes for AR001/AR005: a review the service is still closing (Completing) an hour
/// after its end, with a denial not applied yet.
fn transitional(g: &mut Gen, p: &People) {
    let badge = group(g, "ar-badge-system", "Badge system operators");
    let def = Def {
        key: "ar-badge-system",
        name: "Badge system operators review",
        status: "Completing",
        scope: group_scope(&badge),
        reviewers: user_reviewers(&p.rex),
        recurrence: once(-14, 0),
        auto_apply: true,
    };
    let bo = Person::member(g, "ar-bo", "Bo Badge");
    let bea = Person::member(g, "ar-bea", "Bea Badge");
    let mut inst = def.instance("once", (-14, 0), "Completing", &[&p.rex]);
    inst.decide("bo", &bo, Some(&p.rex), APPROVE, NEW);
    inst.decide("bea", &bea, Some(&p.rex), DENY, NEW);
    let mut built = inst.build();
    built["endDateTime"] = json!(FETCHED_AT.replace("09:00", "08:00"));
    g.push("accessReviewDefinitions", def.build(vec![built]));
}

// --- filler -----------------------------------------------------------------------------------

/// `sizes.decisions` clean decisions for scale runs: an annual review of a large group, half of
/// them in last year's applied instance, half in this year's open one.
fn filler(g: &mut Gen, sizes: &Sizes, p: &People) {
    let editors = group(g, "ar-intranet-editors", "Intranet editors");
    let def = Def {
        key: "ar-intranet-editors",
        name: "Annual review: Intranet editors",
        status: "InProgress",
        scope: group_scope(&editors),
        reviewers: user_reviewers(&p.lead),
        recurrence: json!({"pattern": pattern("absoluteMonthly", 12),
                           "range": {"type": "noEnd", "numberOfOccurrences": 0, "recurrenceTimeZone": null,
                                     "startDate": date(-340), "endDate": "9999-12-31"}}),
        auto_apply: true,
    };
    let mut last = def.instance("2025", (-340, -320), "Applied", &[&p.lead]);
    let mut this = def.instance("2026", (-5, 25), "InProgress", &[&p.lead]);
    let last_count = sizes.decisions / 2;
    // Made lazily when the tenant is written: a million decisions are never held at once.
    let users = sizes.users;
    let (lead, template) = (p.lead.clone(), last.clone());
    let applied = g.lazy(last_count, move |i| {
        let choice = if i % 10 == 0 { DENY } else { APPROVE };
        let who = filler_person(i, users);
        template
            .decision(&format!("{i:07}"), &who, Some(&lead), choice, APPLIED)
            .1
    });
    last.decisions.push(applied);
    let (lead, template) = (p.lead.clone(), this.clone());
    let open = g.lazy(sizes.decisions - last_count, move |k| {
        let i = last_count + k;
        let who = filler_person(i, users);
        let key = format!("{i:07}");
        if i.is_multiple_of(3) {
            let unreviewed = ("NotReviewed", "Approve");
            template.decision(&key, &who, None, unreviewed, NEW).1
        } else {
            let choice = if i % 10 == 1 { DENY } else { APPROVE };
            template.decision(&key, &who, Some(&lead), choice, NEW).1
        }
    });
    this.decisions.push(open);
    g.push(
        "accessReviewDefinitions",
        def.build(vec![last.build(), this.build()]),
    );
}

/// The principal of filler decision `i`: members of the base tenant when there are any; else
/// principals not in `users`.
fn filler_person(i: usize, users: usize) -> Person {
    if users > 0 {
        let j = i % users;
        Person::existing(&format!("member{j:06}"), &format!("Member {j:06}"))
    } else {
        Person::known(
            &format!("filler{i:07}"),
            &format!("Filler {i:07}"),
            guid(&format!("user:filler{i:07}")),
        )
    }
}

// --- AR002 ------------------------------------------------------------------------------------

/// AR002: Global Reader (held eligibly by Gina) has only a one-time attestation and a recurring
/// review whose series was completed; Security Operator (held eligibly by Otto) has only a
/// one-time review, still open. Every other privileged role with holders gets a live recurring
/// review, each written in one of the three scope forms Graph uses for roles (the look-alikes).
fn role_reviews(g: &mut Gen, p: &People) {
    let gina = Person::member(g, "ar-gina", "Gina Global-Reader");
    g.grant(
        "ar-gina-gr-eligible",
        &gina.id,
        GLOBAL_READER,
        Grant::Eligible {
            end: json!(days_from_now(100)),
        },
    );
    let otto = Person::member(g, "ar-otto", "Otto Operator");
    ensure_role(g, SECURITY_OPERATOR, "Security Operator");
    g.grant(
        "ar-otto-secop-eligible",
        &otto.id,
        SECURITY_OPERATOR,
        Grant::Eligible {
            end: json!(days_from_now(100)),
        },
    );
    g.unreviewed_roles.insert(GLOBAL_READER.to_string());
    g.unreviewed_roles.insert(SECURITY_OPERATOR.to_string());

    let gr_scope = query_scope(&format!(
        "/roleManagement/directory/roleDefinitions/{GLOBAL_READER}"
    ));
    let def = Def {
        key: "ar-global-reader-attestation",
        name: "Global Reader attestation",
        status: "Completed",
        scope: gr_scope.clone(),
        reviewers: user_reviewers(&p.rex),
        recurrence: once(-74, -60),
        auto_apply: true,
    };
    let mut inst = def.instance("once", (-74, -60), "Applied", &[&p.rex]);
    inst.decide("gina", &gina, Some(&p.rex), APPROVE, APPLIED);
    g.push("accessReviewDefinitions", def.build(vec![inst.build()]));
    let def = Def {
        key: "ar-global-reader-quarterly",
        name: "Quarterly review: Global Reader (retired)",
        status: "Completed",
        scope: gr_scope,
        reviewers: user_reviewers(&p.rex),
        recurrence: json!({"pattern": pattern("absoluteMonthly", 3),
                           "range": {"type": "endDate", "numberOfOccurrences": 0, "recurrenceTimeZone": null,
                                     "startDate": date(-400), "endDate": date(-30)}}),
        auto_apply: true,
    };
    let mut inst = def.instance("2026-q2", (-160, -146), "Applied", &[&p.rex]);
    inst.decide("gina", &gina, Some(&p.rex), APPROVE, APPLIED);
    g.push("accessReviewDefinitions", def.build(vec![inst.build()]));

    let def = Def {
        key: "ar-security-operator-kickoff",
        name: "Security Operator kickoff review",
        status: "InProgress",
        scope: query_scope(&format!(
            "/roleManagement/directory/roleDefinitions/{SECURITY_OPERATOR}"
        )),
        reviewers: user_reviewers(&p.rex),
        recurrence: once(-2, 12),
        auto_apply: true,
    };
    let mut inst = def.instance("once", (-2, 12), "InProgress", &[&p.rex]);
    inst.decide("otto", &otto, None, ("NotReviewed", "Approve"), NEW);
    g.push("accessReviewDefinitions", def.build(vec![inst.build()]));

    // Every privileged role someone holds now gets a live quarterly review, unless unreviewed.
    let names: BTreeMap<String, String> = g
        .collections
        .get("roleDefinitions")
        .into_iter()
        .flatten()
        .filter_map(|r| {
            Some((
                r["id"].as_str()?.to_lowercase(),
                r["displayName"].as_str()?.to_string(),
            ))
        })
        .collect();
    let unreviewed: BTreeSet<String> = g
        .unreviewed_roles
        .iter()
        .map(|r| r.to_lowercase())
        .collect();
    for (n, (role, holders)) in privileged_holders(g).into_iter().enumerate() {
        if unreviewed.contains(&role.to_lowercase()) {
            g.expect("AR002", &role);
            continue;
        }
        let name = names
            .get(&role.to_lowercase())
            .cloned()
            .unwrap_or_else(|| role.clone());
        let title = format!("Quarterly review: {name}");
        let key = format!("ar-role-{role}");
        let def = Def {
            key: &key,
            name: &title,
            status: "InProgress",
            scope: role_scope(&role, n % 3),
            reviewers: user_reviewers(&p.rex),
            recurrence: quarterly(-200),
            auto_apply: true,
        };
        let mut inst = def.instance("2026-q4", (-6, 8), "InProgress", &[&p.rex]);
        for h in &holders {
            let key = h.id.clone();
            if h.id == p.rex.id {
                inst.decide(&key, h, None, ("NotReviewed", "Approve"), NEW);
            } else {
                inst.decide(&key, h, Some(&p.rex), APPROVE, NEW);
            }
        }
        g.push("accessReviewDefinitions", def.build(vec![inst.build()]));
    }
}

/// The three ways a review's scope names a directory role.
fn role_scope(role: &str, form: usize) -> Value {
    match form {
        // What the Graph docs write: every holder, active and eligible.
        0 => query_scope(&format!("/roleManagement/directory/roleDefinitions/{role}")),
        // What PIM writes: principals × the role as a resource, with a /beta prefix.
        1 => json!({
            "@odata.type": "#microsoft.graph.principalResourceMembershipsScope",
            "principalScopes": [
                {"@odata.type": "#microsoft.graph.accessReviewQueryScope", "query": "/v1.0/users", "queryType": "MicrosoftGraph", "queryRoot": null},
                {"@odata.type": "#microsoft.graph.accessReviewQueryScope", "query": "/v1.0/groups", "queryType": "MicrosoftGraph", "queryRoot": null}
            ],
            "resourceScopes": [
                {"@odata.type": "#microsoft.graph.accessReviewQueryScope",
                 "query": format!("/beta/roleManagement/directory/roleDefinitions/{role}"),
                 "queryType": "MicrosoftGraph", "queryRoot": null}
            ]
        }),
        // A filter on the schedule instances, the id in upper case.
        _ => query_scope(&format!(
            "/v1.0/roleManagement/directory/roleEligibilityScheduleInstances?$expand=principal&$filter=(isof(principal,'microsoft.graph.user') and roleDefinitionId eq '{}')",
            role.to_uppercase()
        )),
    }
}

/// Privileged roles (the shipped list) that someone holds at `FETCHED_AT`, active or eligible,
/// as the linter's roleHolders index sees them: role id as written on the instances → holders.
fn privileged_holders(g: &Gen) -> BTreeMap<String, Vec<Person>> {
    let privileged: BTreeSet<String> =
        serde_json::from_str::<BTreeMap<String, Value>>(PRIVILEGED_ROLES)
            .expect("policies/data/privileged_roles.json is a JSON object")
            .into_keys()
            .map(|k| k.to_lowercase())
            .collect();
    let mut out: BTreeMap<String, BTreeMap<String, Person>> = BTreeMap::new();
    for collection in [
        "roleAssignmentScheduleInstances",
        "roleEligibilityScheduleInstances",
    ] {
        for inst in g.collections.get(collection).into_iter().flatten() {
            let (Some(role), Some(principal)) = (
                inst["roleDefinitionId"].as_str(),
                inst["principalId"].as_str(),
            ) else {
                continue;
            };
            if !privileged.contains(&role.to_lowercase()) || !in_effect(inst) {
                continue;
            }
            let name = inst["principal"]["displayName"]
                .as_str()
                .unwrap_or(principal)
                .to_string();
            let kind = inst["principal"]["@odata.type"]
                .as_str()
                .and_then(|t| t.strip_prefix("#microsoft.graph."))
                .unwrap_or("user")
                .to_string();
            out.entry(role.to_string())
                .or_default()
                .entry(principal.to_string())
                .or_insert_with(|| Person {
                    id: principal.to_string(),
                    upn: upn_of(g, principal),
                    name,
                    kind,
                });
        }
    }
    out.into_iter()
        .map(|(role, holders)| (role, holders.into_values().collect()))
        .collect()
}

/// As the linter decides it: started (or no start) and not ended (or no end) at FETCHED_AT.
/// The generator writes every timestamp as `YYYY-MM-DDThh:mm:ssZ`, so strings compare as times.
fn in_effect(inst: &Value) -> bool {
    let started = inst["startDateTime"]
        .as_str()
        .is_none_or(|t| t <= FETCHED_AT);
    let not_ended = inst["endDateTime"].as_str().is_none_or(|t| t > FETCHED_AT);
    started && not_ended
}

fn upn_of(g: &Gen, id: &str) -> String {
    g.collections
        .get("users")
        .and_then(|us| us.iter().find(|u| u["id"] == id))
        .and_then(|u| u["userPrincipalName"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// Adds a built-in role the base tenant lacks, with the same careful PIM policy as the others
/// (unless another area added it first).
fn ensure_role(g: &mut Gen, id: &str, name: &str) {
    let known = g
        .collections
        .get("roleDefinitions")
        .is_some_and(|rs| rs.iter().any(|r| r["id"] == id));
    if known {
        return;
    }
    g.add_role(id, name);
}
