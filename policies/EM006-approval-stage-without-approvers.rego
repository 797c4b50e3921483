# EM006 approval-stage-without-approvers: an access package assignment policy requires approval,
# but a stage names no primary approver, or names approvers (users, groups) that no longer exist.
# Doc: rules/EM006-approval-stage-without-approvers.md
package govlint.rules.em006

import data.govlint.lib.em
import rego.v1

metadata := {
	"code": "EM006",
	"name": "approval-stage-without-approvers",
	"title": "Approval stage with no approver, or approvers that no longer exist",
	"severity": "high",
	"area": "em",
	"reads": ["accessPackageAssignmentPolicies", "users", "groups"],
}

placeholder := "{approver-user-id}"

placeholder_approver := {"@odata.type": "#microsoft.graph.singleUser", "userId": placeholder, "description": "Approver"}

placeholder_stage := {
	"durationBeforeAutomaticDenial": "P14D",
	"isApproverJustificationRequired": true,
	"isEscalationEnabled": false,
	"durationBeforeEscalation": "PT0S",
	"primaryApprovers": [placeholder_approver],
	"fallbackPrimaryApprovers": [],
	"escalationApprovers": [],
	"fallbackEscalationApprovers": [],
}

findings contains f if {
	some p in input.collections.accessPackageAssignmentPolicies
	settings := object.get(p, "requestApprovalSettings", null)
	is_object(settings)
	_requires_approval(settings)
	stages := _array(object.get(settings, "stages", []))
	problems := array.concat(_no_stage(p, stages), [m |
		some i, s in stages
		some m in _stage_problems(p, i + 1, s)
	])
	count(problems) > 0

	policy := em.policy_name(p)
	new_stages := _fixed_stages(stages)
	patch := {"requestApprovalSettings": {"stages": new_stages}}
	f := {
		"object": em.policy_obj(p),
		"related": em.related(p),
		"message": sprintf("Assignment policy '%s' of access package '%s' requires approval but %s.", [policy, em.package_name(p), concat("; ", problems)]),
		"remediation": {
			"summary": sprintf("Remove the approvers that no longer exist from '%s'%s. PUT replaces the whole policy: the body is the snapshot's policy with the fix, so re-read the policy first if it changed since.", [policy, _placeholder_note(new_stages)]),
			"requests": [em.put_request(p, patch)],
			"before": p,
			"patch": patch,
		},
	}
}

_requires_approval(settings) if object.get(settings, "isApprovalRequiredForAdd", null) == true

_requires_approval(settings) if object.get(settings, "isApprovalRequiredForUpdate", null) == true

# EM002 already reports an external policy that takes requests and whose stages name no primary
# approver at all; EM006 does not repeat the empty-stage part of that finding.
_em002_reports(p) if {
	em.is_external(p)
	not _accepts_no_requests(p)
	object.get(p.requestApprovalSettings, "isApprovalRequiredForAdd", null) == true
	not _has_approver(p.requestApprovalSettings)
}

_has_approver(settings) if {
	some s in _array(object.get(settings, "stages", []))
	count(_array(object.get(s, "primaryApprovers", []))) > 0
}

_accepts_no_requests(p) if {
	rs := p.requestorSettings
	is_object(rs)
	object.get(rs, "enableTargetsToSelfAddAccess", null) == false
	object.get(rs, "enableOnBehalfRequestorsToAddAccess", null) == false
}

_no_stage(p, stages) := ["it has no approval stage"] if {
	count(stages) == 0
	not _em002_reports(p)
} else := []

_stage_problems(p, n, s) := array.concat(_empty(p, n, s), _dead_list(n, s))

_empty(p, n, s) := [sprintf("stage %d names no primary approver", [n])] if {
	count(_array(object.get(s, "primaryApprovers", []))) == 0
	not _em002_reports(p)
} else := []

_dead_list(n, s) := [sprintf("stage %d names %s that no longer exist%s", [n, concat(", ", dead), _none_left(s)])] if {
	dead := [_describe(a) |
		some key in ["primaryApprovers", "fallbackPrimaryApprovers"]
		some a in _array(object.get(s, key, []))
		_is_dead(a)
	]
	count(dead) > 0
} else := []

_none_left(s) := ", so the stage has no primary approver left" if {
	primary := _array(object.get(s, "primaryApprovers", []))
	count(primary) > 0
	every a in primary {
		_is_dead(a)
	}
} else := ""

_type(a) := lower(object.get(a, "@odata.type", "")) if is_string(object.get(a, "@odata.type", "")) else := ""

_is_dead(a) if {
	_type(a) == "#microsoft.graph.singleuser"
	id := object.get(a, "userId", null)
	is_string(id)
	not input.index.users[id]
}

_is_dead(a) if {
	_type(a) == "#microsoft.graph.groupmembers"
	id := object.get(a, "groupId", null)
	is_string(id)
	not input.index.groups[id]
}

_describe(a) := sprintf("%s '%s' (%s)", [_kind(a), d, _ref_id(a)]) if {
	d := object.get(a, "description", null)
	is_string(d)
	d != ""
} else := sprintf("%s %s", [_kind(a), _ref_id(a)])

_kind(a) := "user" if _type(a) == "#microsoft.graph.singleuser" else := "group"

_ref_id(a) := a.userId if _type(a) == "#microsoft.graph.singleuser" else := a.groupId

# The stages with dead approvers left out; a stage left without a primary approver gets the
# placeholder approver; no stage at all becomes one placeholder stage.
_fixed_stages(stages) := [placeholder_stage] if {
	count(stages) == 0
} else := [object.union(s, {
	"primaryApprovers": _or_placeholder(_live(object.get(s, "primaryApprovers", []))),
	"fallbackPrimaryApprovers": _live(object.get(s, "fallbackPrimaryApprovers", [])),
}) |
	some s in stages
]

_live(list) := [a | some a in _array(list); not _is_dead(a)]

_or_placeholder(list) := list if count(list) > 0 else := [placeholder_approver]

_placeholder_note(stages) := sprintf(" and give each stage left without a primary approver one: govlint cannot choose that person, replace %s in the body with the approver's user id", [placeholder]) if {
	some s in stages
	some a in s.primaryApprovers
	object.get(a, "userId", "") == placeholder
} else := ""

_array(x) := x if is_array(x) else := []
