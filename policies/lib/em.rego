# Helpers for the entitlement management rules (EM001-EM004). Pure, like govlint.lib: they
# read their arguments, `input` and `data.govlint.config`, never the wall clock.
#
# Graph fields may be null; regorus raises a type error (and the rule errors) when a string
# builtin meets a null, so every comparison here checks the type first.
package govlint.lib.em

import data.govlint.lib
import rego.v1

# allowedTargetScope values that let users from outside the tenant request or receive access.
external_scopes := {"specificconnectedorganizationusers", "allconfiguredconnectedorganizationusers", "allexternalusers"}

# Case-insensitive equality that is false (not an error) when `a` is not a string.
eq(a, b) if {
	is_string(a)
	lib.eq_ci(a, b)
}

# The policy's allowedTargetScope, "" when missing or null.
scope(p) := s if {
	s := p.allowedTargetScope
	is_string(s)
} else := ""

# True when a policy is open to external users (B2B guests, connected organizations).
is_external(p) if lower(scope(p)) in external_scopes

# True for an auto-assignment policy: Graph sets automaticRequestSettings only on those.
is_auto_assignment(p) if is_object(object.get(p, "automaticRequestSettings", null))

# The access package a policy belongs to, as a finding reference.
package_ref(p) := {"collection": "accessPackages", "id": ap.id, "displayName": _name(ap, ap.id)} if {
	ap := p.accessPackage
	is_string(ap.id)
}

package_name(p) := _name(object.get(p, "accessPackage", {}), "(unknown access package)")

policy_name(p) := _name(p, p.id)

policy_obj(p) := {"collection": "accessPackageAssignmentPolicies", "id": p.id, "displayName": policy_name(p)}

_name(o, default_name) := n if {
	is_object(o)
	n := o.displayName
	is_string(n)
	n != ""
} else := default_name

# `related` for a policy finding: its access package when the snapshot embedded it.
related(p) := [r | some r in [package_ref(p)]]

# Properties Graph computes or that are navigations, left out of a PUT body.
_not_writable := {"createdDateTime", "modifiedDateTime", "catalog", "customExtensionStageSettings", "questions", "accessPackage"}

# The request that applies a merge patch to a policy. Graph v1.0 updates an assignment policy
# with PUT (a replacement), so the body is the whole policy as the snapshot holds it with the
# patch applied; the access package is referred to by id only.
put_request(p, patch) := {
	"method": "PUT",
	"path": sprintf("/identityGovernance/entitlementManagement/assignmentPolicies/%s", [p.id]),
	"body": object.union(object.union(object.remove(p, _not_writable), _package_id(p)), patch),
}

_package_id(p) := {"accessPackage": {"id": p.accessPackage.id}} if {
	is_string(p.accessPackage.id)
} else := {}

# A duration in seconds when `d` is a well-formed ISO 8601 duration; undefined otherwise.
duration_seconds(d) := s if {
	is_string(d)
	s := lib.duration_seconds(d)
}

# Nanoseconds of a timestamp shaped like RFC 3339 (YYYY-MM-DDThh:mm…); undefined for null, ""
# and other strings (time.parse_rfc3339_ns, behind lib.ts_ns, raises an error on those). The
# shape check uses substrings, as in govlint.lib.ext: regex.match is far slower in regorus.
ts_ns(t) := n if {
	is_string(t)
	count(t) >= 20
	substring(t, 4, 1) == "-"
	substring(t, 7, 1) == "-"
	substring(t, 10, 1) == "T"
	substring(t, 13, 1) == ":"
	n := lib.ts_ns(t)
}
