# PIM004 pim-activation-without-approval: a critical role (data.govlint.config.critical_roles)
# whose activation needs no approval, or needs it but names no approver in any stage.
# Doc: rules/PIM004-pim-activation-without-approval.md
package govlint.rules.pim004

import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PIM004",
	"name": "pim-activation-without-approval",
	"title": "Critical role can be activated without approval",
	"severity": "high",
	"area": "pim",
	"reads": ["roleManagementPolicies", "roleManagementPolicyAssignments"],
	"config": ["critical_roles"],
}

findings contains f if {
	some [role_id, entry] in pim.critical_policies
	rule := pim.rule_or_template(entry, "Approval_EndUser_Assignment")
	setting := _object(object.get(rule, "setting", {}))
	stages := _array(object.get(setting, "approvalStages", []))
	approvers := count([a | some s in stages; some a in _array(object.get(_object(s), "primaryApprovers", []))])
	problem := _problem(setting, approvers)

	role := pim.role_name(role_id)
	after := object.union(rule, {"setting": object.union(setting, {
		"isApprovalRequired": true,
		"approvalMode": _mode(setting),
		"approvalStages": _with_approver(_stages(stages), approvers),
	})})
	f := {
		"object": pim.policy_ref(role_id, entry),
		"key": role_id,
		"related": [pim.role_ref(role_id)],
		"message": _message(problem, role),
		"remediation": {
			"summary": _summary(problem, approvers, role),
			"requests": _requests(problem, entry, after),
			"before": pim.setting(entry, "Approval_EndUser_Assignment"),
			"after": after,
		},
	}
}

_required(setting) if object.get(setting, "isApprovalRequired", false) == true

_problem(setting, _) := "off" if not _required(setting)

_problem(setting, 0) := "no-approvers" if _required(setting)

_message("off", role) := sprintf("%s, a critical role, can be activated without approval: one stolen eligible account is enough to hold it.", [role])

_message("no-approvers", role) := sprintf("%s, a critical role, requires approval to activate but names no approver, so any Privileged Role Administrator or Global Administrator approves by default.", [role])

_summary("off", n, role) := sprintf("Require approval to activate %s; the %d approver(s) already named in its settings will approve.", [role, n]) if n > 0

_summary("off", 0, role) := sprintf("Require approval to activate %s with a dedicated approver: replace %s in the request with the object id of the approving user (or use a groupMembers subject set); govlint cannot choose who approves.", [role, approver_placeholder])

_summary("no-approvers", _, role) := sprintf("Name a dedicated approver for activations of %s: replace %s in the request with the object id of the approving user (or use a groupMembers subject set); govlint cannot choose who approves.", [role, approver_placeholder])

# Who approves is a decision govlint cannot make: when none is named, the request carries an
# explicit placeholder the admin must replace (Graph rejects it as it stands, so it cannot be
# sent by accident).
approver_placeholder := "{approver-user-id}"

_requests(_, entry, after) := [pim.patch_rule(entry, after)]

_with_approver(stages, n) := stages if n > 0

_with_approver(stages, 0) := array.concat(
	[object.union(stages[0], {"primaryApprovers": [{
		"@odata.type": "#microsoft.graph.singleUser",
		"userId": approver_placeholder,
		"description": "the approver govlint cannot choose",
	}]})],
	array.slice(stages, 1, count(stages)),
)

_mode(setting) := m if {
	m := object.get(setting, "approvalMode", "")
	m in {"SingleStage", "Serial", "Parallel"}
} else := "SingleStage"

_stages(stages) := stages if count(stages) > 0

_stages(stages) := [{
	"approvalStageTimeOutInDays": 1,
	"isApproverJustificationRequired": true,
	"escalationTimeInMinutes": 0,
	"isEscalationEnabled": false,
	"primaryApprovers": [],
	"escalationApprovers": [],
}] if count(stages) == 0

_object(x) := x if is_object(x)

_object(x) := {} if not is_object(x)

_array(x) := x if is_array(x)

_array(x) := [] if not is_array(x)
