# Shared helpers for govlint rules. Everything here is pure: it reads only its arguments,
# `input` and `data.govlint.config`, never the wall clock (`now` comes from the snapshot).
package govlint.lib

import rego.v1

zero_guid := "00000000-0000-0000-0000-000000000000"

ns_per_day := ((24 * 60) * 60) * 1000000000

# Nanoseconds since the epoch of an RFC 3339 timestamp; undefined for null, "" or garbage.
ts_ns(ts) := n if {
	is_string(ts)
	# Checked first: the parser raises an error (not undefined) on malformed input, and one
	# bad timestamp in a large tenant must not turn a whole rule into an error. Substring
	# checks, not a regex: this runs for every timestamp of every user.
	count(ts) >= 20
	substring(ts, 4, 1) == "-"
	substring(ts, 7, 1) == "-"
	substring(ts, 10, 1) == "T"
	substring(ts, 13, 1) == ":"
	n := time.parse_rfc3339_ns(ts)
}

# Whole days from a timestamp to `now`; undefined when the timestamp is.
days_since(ts) := d if {
	d := floor((input.now_ns - ts_ns(ts)) / ns_per_day)
}

# True when a timestamp lies before `now`.
is_past(ts) if ts_ns(ts) < input.now_ns

# Seconds in an ISO 8601 duration as Graph writes them: P365D, PT8H, PT30M, P1DT2H, PT0S.
# Years and months are not fixed lengths and Graph does not use them for these settings;
# they are counted as 365 and 30 days so a misconfiguration is still caught.
duration_seconds(d) := s if {
	is_string(d)
	parts := regex.find_all_string_submatch_n(`^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$`, d, 1)
	count(parts) == 1
	d != "P"
	m := parts[0]
	s := ((((((_num(m[1]) * 365) + (_num(m[2]) * 30)) + (_num(m[3]) * 7)) + _num(m[4])) * 86400) + (_num(m[5]) * 3600)) + (_num(m[6]) * 60) + _num(m[7])
}

_num(x) := 0 if x == ""

_num(x) := to_number(x) if x != ""

# Case-insensitive comparison: Graph's casing of enum-like strings is not uniform.
eq_ci(a, b) if {
	is_string(a)
	is_string(b)
	lower(a) == lower(b)
}

# --- roles --------------------------------------------------------------------------------

is_privileged_role(role_id) if data.govlint.config.privileged_roles[lower(role_id)]

is_critical_role(role_id) if data.govlint.config.critical_roles[lower(role_id)]

# The display name of a role: the snapshot's role definition, else the shipped list, else the id.
role_name(role_id) := n if {
	n := input.index.roleDefinitions[role_id].displayName
} else := n if {
	n := data.govlint.config.privileged_roles[lower(role_id)].displayName
	n != ""
} else := role_id

role_ref(role_id) := {"collection": "roleDefinitions", "id": role_id, "displayName": role_name(role_id)}

# --- principals ----------------------------------------------------------------------------

# The Graph type of a principal expanded on a schedule instance: "user", "group",
# "servicePrincipal"; "user" when the users index knows it; else "unknown".
principal_type(inst) := t if {
	odata := inst.principal["@odata.type"]
	t := trim_prefix(odata, "#microsoft.graph.")
} else := "user" if {
	input.index.users[inst.principalId]
} else := "unknown"

principal_name(inst) := n if {
	n := inst.principal.displayName
	is_string(n)
} else := n if {
	n := input.index.users[inst.principalId].displayName
} else := inst.principalId

# A reference to the principal of a schedule instance, in the collection that holds its kind.
principal_ref(inst) := {"collection": _principal_collection(principal_type(inst)), "id": inst.principalId, "displayName": principal_name(inst)}

_principal_collection("user") := "users"

_principal_collection("group") := "groups"

_principal_collection("servicePrincipal") := "servicePrincipals"

# Agent identities and blueprint principals are service principals (derived types).
_principal_collection("agentIdentity") := "servicePrincipals"

_principal_collection("agentIdentityBlueprintPrincipal") := "servicePrincipals"

_principal_collection(t) := "directoryObjects" if not t in {"user", "group", "servicePrincipal", "agentIdentity", "agentIdentityBlueprintPrincipal"}

user_ref(u) := {"collection": "users", "id": u.id, "displayName": object.get(u, "displayName", u.id)}

is_guest(u) if eq_ci(object.get(u, "userType", ""), "Guest")

# The most recent sign-in of any kind; undefined when the user never signed in.
last_sign_in(activity) := max(stamps) if {
	stamps := {ts_ns(t) |
		some k in ["lastSignInDateTime", "lastNonInteractiveSignInDateTime", "lastSuccessfulSignInDateTime"]
		t := activity[k]
		ts_ns(t)
	}
	count(stamps) > 0
}

# --- PIM --------------------------------------------------------------------------------

# Every role a principal holds in effect now, by role id: {"active": [...], "eligible": [...]}.
# (input.index.principalRoles, built in Rust.)

# True when a schedule's expiration never ends.
never_expires(schedule_info) if eq_ci(object.get(schedule_info, ["expiration", "type"], ""), "noExpiration")

never_expires(schedule_info) if {
	exp := object.get(schedule_info, "expiration", null)
	exp == null
}

# --- emergency access ------------------------------------------------------------------------

# True when a principal is a declared emergency-access (break-glass) account, named in
# govlint.toml by object id or user principal name (stored lower-case).
is_emergency_access(principal_id) if lower(principal_id) in data.govlint.config.emergency_access

is_emergency_access(principal_id) if {
	upn := input.index.users[principal_id].userPrincipalName
	lower(upn) in data.govlint.config.emergency_access
}

# The `skipped` entry a rule reports for an emergency-access account it did not judge.
emergency_skip(ref) := {"object": ref, "reason": "declared emergency-access account ([emergency_access] in govlint.toml)"}
