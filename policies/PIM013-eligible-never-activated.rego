# PIM013 eligible-never-activated: a user has been eligible for a privileged role for more than
# thresholds.eligible_unused_days (default 90) and has not asked to activate it (no selfActivate
# request for that role) within that many days: a standing path to the role nobody uses.
# Doc: rules/PIM013-eligible-never-activated.md
package govlint.rules.pim013

import data.govlint.lib
import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PIM013",
	"name": "eligible-never-activated",
	"title": "Privileged eligibility not activated for 90 days",
	"severity": "medium",
	"area": "pim",
	"reads": ["roleEligibilityScheduleInstances", "roleAssignmentScheduleRequests", "roleDefinitions"],
	"config": ["privileged_roles", "thresholds"],
}

days := object.get(data.govlint.config, ["thresholds", "eligible_unused_days"], 90)

_ns_per_day := ((24 * 60) * 60) * 1000000000

# Requests and eligibilities older than this (ns since the epoch) are outside the window.
_cutoff := input.now_ns - (days * _ns_per_day)

# --- activations in the window: a set of principal|role keys, built once (linear) ------------

_pk(pid, role) := concat("|", [lower(pid), lower(role)])

# Statuses of a request that activated nothing. Pending ones count: the user asked for the role.
_refused := {"denied", "failed", "canceled"}

_used contains k if {
	some r in object.get(input.collections, "roleAssignmentScheduleRequests", [])
	lib.eq_ci(object.get(r, "action", ""), "selfActivate")
	status := object.get(r, "status", "")
	not _is_refused(status)
	_when(r) >= _cutoff
	is_string(r.principalId)
	is_string(r.roleDefinitionId)
	k := _pk(r.principalId, r.roleDefinitionId)
}

_is_refused(s) if {
	is_string(s)
	lower(s) in _refused
}

# The latest time a request shows: when it was made, completed, or asked to start. A request
# with no readable time is not counted: nothing shows it falls in the window.
_when(r) := max(ts) if {
	ts := {n |
		some t in [object.get(r, "createdDateTime", null), object.get(r, "completedDateTime", null), object.get(r, ["scheduleInfo", "startDateTime"], null)]
		n := lib.ts_ns(t)
	}
	count(ts) > 0
}

# --- eligibilities -------------------------------------------------------------------------------

# Direct user eligibilities for privileged roles, in effect now.
_judged contains inst if {
	some inst in object.get(input.collections, "roleEligibilityScheduleInstances", [])
	is_string(inst.roleDefinitionId)
	is_string(inst.principalId)
	lib.is_privileged_role(inst.roleDefinitionId)
	pim.is_direct(inst)
	pim.started(inst)
	not _ended(inst)
}

_ended(inst) if lib.ts_ns(object.get(inst, "endDateTime", null)) <= input.now_ns

# Eligible since before the window. A missing or unreadable start is not evidence of a young
# eligibility, so it is judged (as the roleHolders index counts it as started).
_old(inst) if lib.ts_ns(object.get(inst, "startDateTime", null)) < _cutoff

_old(inst) if not lib.ts_ns(object.get(inst, "startDateTime", null))

findings contains f if {
	some inst in _judged
	lib.principal_type(inst) == "user"
	_old(inst)
	not _pk(inst.principalId, inst.roleDefinitionId) in _used

	role_id := inst.roleDefinitionId
	who := lib.principal_name(inst)
	role := lib.role_name(role_id)
	scope := _scope(inst)
	f := {
		"object": lib.principal_ref(inst),
		"key": _key(role_id, scope),
		"related": [lib.role_ref(role_id)],
		"message": sprintf("%s has been eligible for %s %s and has not asked to activate it in the last %d days.", [who, role, _since(inst), days]),
		"remediation": {
			"summary": sprintf("Remove %s's unused eligibility for %s; if the role is needed again, make the user eligible then, for a limited time.", [who, role]),
			"requests": [{
				"method": "POST",
				"path": "/roleManagement/directory/roleEligibilityScheduleRequests",
				"body": {
					"action": "adminRemove",
					"principalId": inst.principalId,
					"roleDefinitionId": role_id,
					"directoryScopeId": scope,
					"justification": sprintf("govlint PIM013: eligibility not activated in %d days", [days]),
				},
			}],
			"before": inst,
			"after": null,
		},
	}
}

# A principal eligible at several scopes has one finding per scope.
_key(role_id, "/") := role_id

_key(role_id, scope) := sprintf("%s %s", [role_id, scope]) if scope != "/"

_scope(x) := s if {
	s := object.get(x, "directoryScopeId", "/")
	is_string(s)
} else := "/"

_since(inst) := sprintf("for %d days (since %s)", [d, substring(t, 0, 10)]) if {
	t := object.get(inst, "startDateTime", null)
	d := floor((input.now_ns - lib.ts_ns(t)) / _ns_per_day)
} else := "since an unrecorded date"

# Eligibilities this rule does not judge, so the output says so: a group's eligibility cannot be
# matched to its members' requests by principal id, an application cannot activate, and a
# principal of unknown type cannot be told apart.
skipped contains {"object": lib.principal_ref(inst), "reason": _skip_reason(t)} if {
	some inst in _judged
	_old(inst)
	t := lib.principal_type(inst)
	t != "user"
}

_skip_reason("group") := "eligible group: govlint does not attribute its members' activation requests to the group's eligibility"

_skip_reason("servicePrincipal") := "service principal: it cannot activate an eligibility (PIM010 reports it)"

_skip_reason(t) := "principal type not in the snapshot (no expanded `principal`)" if not t in {"group", "servicePrincipal"}
