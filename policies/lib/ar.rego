# Shared helpers for the access review rules (AR001-AR005). Access reviews come as one
# collection, `accessReviewDefinitions`, with `instances` embedded under each definition and
# `decisions` / `contactedReviewers` under each instance; rules walk definitions -> instances ->
# decisions once (a tenant can hold a million decisions) and never join by scanning.
# Everything here is pure, like govlint.lib.
package govlint.lib.ar

import rego.v1

# --- plain values --------------------------------------------------------------------------

# A string property; "" when it is missing, null or not a string. Graph leaves many of these
# null (reviewedDateTime, applyResult, justification), and `lower(null)` is an error.
str(obj, key) := v if {
	v := obj[key]
	is_string(v)
} else := ""

# Case-insensitive test of a string property: Graph's casing of these values is not uniform.
has(obj, key, value) if lower(str(obj, key)) == lower(value)

# Children Graph embeds under a parent (instances, decisions, contactedReviewers); [] when absent.
children(obj, key) := v if {
	v := obj[key]
	is_array(v)
} else := []

# The decisions of instance `j` of definition `i` that the engine's pre-filter `name` kept
# (`index[name][i][j]`, built in Rust by src/engine/prefilter.rs): a rule walks those instead of
# a million decisions and still tests every condition itself, since a pre-filter only narrows.
# Every decision of the instance when `index` (the input's `index`) has no such entry: rule
# tests, and inputs built by hand.
candidates(index, name, i, j, inst) := ds if {
	ds := index[name][i][j]
	is_array(ds)
} else := children(inst, "decisions")

# --- statuses ------------------------------------------------------------------------------

# Lower-case status of a definition or an instance; "" when it has none.
status(obj) := lower(str(obj, "status"))

# The review has not closed: reviewers can still record or change decisions.
unfinished_statuses := {"notstarted", "starting", "initializing", "inprogress"}

# The review has ended and its decisions are recorded but not applied to the resource.
# (Completing, AutoReviewing and Applying are the service's own short transitions.)
ended_unapplied_statuses := {"completed", "autoreviewed"}

is_unfinished(inst) if status(inst) in unfinished_statuses

# --- identities ----------------------------------------------------------------------------

# The id of an identity on a decision (principal, reviewedBy, appliedBy), lower-cased; undefined
# when absent, empty or the zero GUID Graph writes for "nobody" (unreviewed or system decisions).
identity_id(ident) := id if {
	id := lower(str(ident, "id"))
	id != ""
	id != _zero_guid
}

# lib.zero_guid, restated: regorus leaves a rule of data.govlint.lib undefined when a function
# of this child package (data.govlint.lib.ar) refers to it.
_zero_guid := "00000000-0000-0000-0000-000000000000"

identity_name(ident) := n if {
	n := str(ident, "displayName")
	n != ""
} else := n if {
	n := str(ident, "userPrincipalName")
	n != ""
} else := str(ident, "id")

# The collection that holds a decision's principal: from its @odata.type, else its principalLink.
principal_collection(dec) := c if {
	c := _identity_collections[lower(str(dec.principal, "@odata.type"))]
} else := c if {
	m := regex.find_all_string_submatch_n(`/(users|groups|servicePrincipals)/`, str(dec, "principalLink"), 1)
	c := m[0][1]
} else := "directoryObjects"

# Graph v1.0 types a decision's principal as a user or service principal identity; there is
# no group identity type, so a group under review is found by its principalLink.
_identity_collections := {
	"#microsoft.graph.useridentity": "users",
	"#microsoft.graph.serviceprincipalidentity": "servicePrincipals",
}

principal_name(dec) := identity_name(dec.principal)

principal_ref(dec) := {"collection": principal_collection(dec), "id": str(dec.principal, "id"), "displayName": principal_name(dec)}

# The reviewer who recorded a decision (reviewers are users); undefined for nobody / the system.
reviewer_ref(dec) := {"collection": "users", "id": dec.reviewedBy.id, "displayName": identity_name(dec.reviewedBy)} if {
	identity_id(dec.reviewedBy)
}

# "Joey Cruz", or "the system" for a decision no person recorded (default or auto-review).
reviewer_name(dec) := n if {
	identity_id(dec.reviewedBy)
	n := identity_name(dec.reviewedBy)
} else := "the system"

# --- references and paths ------------------------------------------------------------------

definition_name(d) := n if {
	n := str(d, "displayName")
	n != ""
} else := str(d, "id")

definition_ref(d) := {"collection": "accessReviewDefinitions", "id": d.id, "displayName": definition_name(d)}

instance_path(d, inst) := sprintf("/identityGovernance/accessReviews/definitions/%s/instances/%s", [d.id, inst.id])

decision_path(d, inst, dec) := sprintf("%s/decisions/%s", [instance_path(d, inst), dec.id])

# An instance as a diff shows it: without its embedded children, which can number thousands.
instance_alone(inst) := object.remove(inst, ["decisions", "contactedReviewers", "stages"])

# --- scopes --------------------------------------------------------------------------------

# Every query string of a scope, lower-cased: an accessReviewQueryScope's own `query`, and those
# of a principalResourceMembershipsScope's `principalScopes` and `resourceScopes` (how PIM
# writes role reviews).
scope_queries(scope) := {lower(q) |
	some part in array.concat([scope], array.concat(children(scope, "principalScopes"), children(scope, "resourceScopes")))
	q := str(part, "query")
	q != ""
}

# The queries of a definition: its scope, its instanceEnumerationScope and each instance's scope.
definition_queries(d) := (scope_queries(object.get(d, "scope", null)) | scope_queries(object.get(d, "instanceEnumerationScope", null))) | {q |
	some inst in children(d, "instances")
	some q in scope_queries(object.get(inst, "scope", null))
}

_guid := `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`

# Directory role ids a (lower-cased) scope query reviews: `/roleManagement/directory/
# roleDefinitions/{id}` (any /v1.0 or /beta prefix), or a filter `roleDefinitionId eq '{id}'`
# on the schedule instances (spaces may be `+` or `%20`, quotes `%27`).
role_ids(q) := {m[1] |
	some m in regex.find_all_string_submatch_n(concat("", [`/rolemanagement/directory/roledefinitions/(`, _guid, `)`]), q, -1)
} | {m[1] |
	some m in regex.find_all_string_submatch_n(concat("", [`roledefinitionid(?:\s|\+|%20)+eq(?:\s|\+|%20)+(?:'|%27)(`, _guid, `)(?:'|%27)`]), q, -1)
}

# The group a decision is about: its resourceLink, else the instance's or definition's scope.
decision_group(d, inst, dec) := g if {
	g := _group_in(lower(str(dec, "resourceLink")))
} else := g if {
	some q in scope_queries(object.get(inst, "scope", null))
	g := _group_in(q)
} else := g if {
	some q in scope_queries(object.get(d, "scope", null))
	g := _group_in(q)
}

_group_in(s) := m[0][1] if {
	m := regex.find_all_string_submatch_n(concat("", [`/groups/(`, _guid, `)`]), s, 1)
	count(m) == 1
}

# The access a decision is about, principal to resource, as a removal's diff shows it (`after:
# null`): a decision itself never changes once its review has ended.
access(dec) := {
	"principal": object.get(dec, "principal", null),
	"resource": object.get(dec, "resource", null),
	"resourceLink": object.get(dec, "resourceLink", null),
}

# Requests that take a decision's principal out of the reviewed resource when an API exists for
# it: group membership. [] for other resources (roles, apps, access packages).
removal_requests(d, inst, dec) := [{"method": "DELETE", "path": sprintf("/groups/%s/members/%s/$ref", [g, dec.principal.id])}] if {
	g := decision_group(d, inst, dec)
	identity_id(dec.principal)
} else := []
