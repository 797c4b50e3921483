# PIM015 group-activation-without-approval: the PIM-for-groups settings of a role-assignable
# group that holds a critical role (data.govlint.config.critical_roles, directly or through a
# group it is nested in) let an eligible member (or owner) activate without approval, or
# require approval but name no approver. Doc: rules/PIM015-group-activation-without-approval.md
package govlint.rules.pim015

import data.govlint.lib.pim
import data.govlint.lib.pimgroups
import rego.v1

metadata := {
	"code": "PIM015",
	"name": "group-activation-without-approval",
	"title": "Role-assignable group holding a critical role can be activated without approval",
	"severity": "high",
	"area": "pim",
	"reads": ["groupRoleManagementPolicies", "groupRoleManagementPolicyAssignments", "groups", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["critical_roles"],
}

# Who approves is a decision govlint cannot make (as in PIM004): when none is named, the
# request carries a placeholder Graph rejects, so it cannot be sent by accident.
approver_placeholder := "{approver-user-id}"

findings contains f if {
	some [gid, access, entry] in pimgroups.policies
	roles := pimgroups.critical_roles_of(gid)
	count(roles) > 0
	rule := pim.rule_or_template(entry, "Approval_EndUser_Assignment")
	setting := _object(object.get(rule, "setting", {}))
	stages := _array(object.get(setting, "approvalStages", []))
	approvers := count([a | some s in stages; some a in _array(object.get(_object(s), "primaryApprovers", []))])
	problem := _problem(setting, approvers)

	group := pimgroups.group_name(gid)
	noun := pimgroups.access_noun(access)
	after := object.union(rule, {"setting": object.union(setting, {
		"isApprovalRequired": true,
		"approvalMode": _mode(setting),
		"approvalStages": _with_approver(_stages(stages), approvers),
	})})
	f := {
		"object": pimgroups.policy_ref(gid, access, entry),
		"key": sprintf("%s:%s", [gid, access]),
		"related": pimgroups.related(gid, roles),
		"message": _message(problem, group, noun, pimgroups.roles_phrase(roles)),
		"remediation": {
			"summary": _summary(problem, approvers, group, noun),
			"requests": [pim.patch_rule(entry, after)],
			"before": pim.setting(entry, "Approval_EndUser_Assignment"),
			"after": after,
		},
	}
}

_problem(setting, _) := "off" if object.get(setting, "isApprovalRequired", false) != true

_problem(setting, 0) := "no-approvers" if object.get(setting, "isApprovalRequired", false) == true

_message("off", group, noun, roles) := sprintf("Activating %s of %s needs no approval, and the group holds %s: one stolen eligible account is enough to hold it.", [noun, group, roles])

_message("no-approvers", group, noun, roles) := sprintf("Activating %s of %s, which holds %s, requires approval but names no approver, so any Privileged Role Administrator or Global Administrator approves by default.", [noun, group, roles])

_summary("off", n, group, noun) := sprintf("Require approval to activate %s of %s; the %d approver(s) already named in its settings will approve.", [noun, group, n]) if n > 0

_summary("off", 0, group, noun) := sprintf("Require approval to activate %s of %s with a dedicated approver: replace %s in the request with the object id of the approving user (or use a groupMembers subject set); govlint cannot choose who approves.", [noun, group, approver_placeholder])

_summary("no-approvers", _, group, noun) := sprintf("Name a dedicated approver for activations of %s of %s: replace %s in the request with the object id of the approving user; govlint cannot choose who approves.", [noun, group, approver_placeholder])

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
