# Helpers for the external identity rules (EXT001, EXT002) and for sponsors, which the
# entitlement management rules share (EM004). Pure, like govlint.lib.
#
# Graph fields may be null; regorus raises a type error (and the rule errors) when a string
# builtin meets a null, so every helper here checks the type first.
package govlint.lib.ext

import data.govlint.lib
import rego.v1

# The id an admin replaces with the sponsor they choose: govlint cannot pick one for them.
sponsor_placeholder := "{sponsor-user-id}"

# A guest (userType Guest, any casing); false when userType is missing or null.
is_guest(u) if {
	is_string(object.get(u, "userType", null))
	lib.is_guest(u)
}

# Disabled only when Graph says so; a missing accountEnabled is not evidence of anything.
is_disabled(u) if object.get(u, "accountEnabled", true) == false

# The sponsors embedded on a user (users and groups); [] when missing or null.
sponsors(u) := s if {
	s := u.sponsors
	is_array(s)
} else := []

has_sponsor(u) if count(sponsors(u)) > 0

# An invitation the guest has not redeemed yet.
is_pending(u) if {
	state := object.get(u, "externalUserState", null)
	is_string(state)
	lib.eq_ci(state, "PendingAcceptance")
}

is_accepted(u) if {
	state := object.get(u, "externalUserState", null)
	is_string(state)
	lib.eq_ci(state, "Accepted")
}

# Nanoseconds of a timestamp shaped like RFC 3339 (YYYY-MM-DDThh:mm…); undefined for null, ""
# and other strings (time.parse_rfc3339_ns, behind lib.ts_ns, raises an error on those). The
# shape check uses substrings: regex.match costs about ten times more per call in regorus, and
# this runs for every guest's sign-in times.
ts_ns(t) := n if {
	is_string(t)
	count(t) >= 20
	substring(t, 4, 1) == "-"
	substring(t, 7, 1) == "-"
	substring(t, 10, 1) == "T"
	substring(t, 13, 1) == ":"
	n := lib.ts_ns(t)
}

# Whole days from nanoseconds since the epoch to `now`. (Not lib.ns_per_day: regorus evaluates
# a rule of the parent package govlint.lib only once per query when it is referenced from this
# subpackage, and a second call of this function then came out undefined.)
days_since_ns(ns) := floor((input.now_ns - ns) / ns_per_day)

ns_per_day := ((24 * 60) * 60) * 1000000000

# The Microsoft Graph service root of the snapshot's cloud (as src/snapshot maps it), for
# `@odata.id` references in request bodies; `path` is made absolute by govlint itself.
graph_root := r if {
	r := _roots[input.tenant.cloud]
} else := "https://graph.microsoft.com"

_roots := {
	"global": "https://graph.microsoft.com",
	"usgov": "https://graph.microsoft.us",
	"usgovdod": "https://dod-graph.microsoft.us",
	"china": "https://microsoftgraph.chinacloudapi.cn",
}

# The `@odata.id` of a user, for `POST …/$ref` bodies.
user_odata_id(id) := sprintf("%s/v1.0/users/%s", [graph_root, id])

# The sponsors of a user as finding references (users and groups), for `related`.
sponsor_refs(u) := [r |
	some s in sponsors(u)
	is_object(s)
	is_string(s.id)
	r := {"collection": _sponsor_collection(s), "id": s.id, "displayName": _display(s)}
]

_sponsor_collection(s) := "groups" if {
	t := object.get(s, "@odata.type", null)
	is_string(t)
	lib.eq_ci(t, "#microsoft.graph.group")
} else := "users"

_display(o) := n if {
	n := o.displayName
	is_string(n)
} else := o.id

# A user as a finding reference; the display name falls back to the UPN, then the id, when
# Graph has none (lib.user_ref keeps a null displayName).
user_ref(u) := {"collection": "users", "id": u.id, "displayName": _user_name(u)}

_user_name(u) := n if {
	n := u.displayName
	is_string(n)
	n != ""
} else := n if {
	n := u.userPrincipalName
	is_string(n)
} else := u.id
