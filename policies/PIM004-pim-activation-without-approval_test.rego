package govlint.rules.pim004_test

import data.govlint.rules.pim004
import rego.v1

ga := "62e90394-69f5-4237-9190-012177145e10"

pra := "e8611ab8-c189-46e8-94e1-60213ab1f814"

security_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

approver := {"@odata.type": "#microsoft.graph.singleUser", "userId": "sam", "description": "Security lead"}

stage(approvers) := {
	"approvalStageTimeOutInDays": 1, "isApproverJustificationRequired": true, "escalationTimeInMinutes": 0,
	"isEscalationEnabled": false, "primaryApprovers": approvers, "escalationApprovers": [],
}

approval(required, mode, stages) := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
	"id": "Approval_EndUser_Assignment",
	"target": {"caller": "EndUser", "operations": ["all"], "level": "Assignment", "inheritableSettings": [], "enforcedSettings": []},
	"setting": {
		"isApprovalRequired": required, "isApprovalRequiredForExtension": false,
		"isRequestorJustificationRequired": true, "approvalMode": mode, "approvalStages": stages,
	},
}

entry(role, rules) := {
	"assignmentId": sprintf("pol-%s_%s", [role, role]), "policyId": sprintf("pol-%s", [role]),
	"policy": {"id": sprintf("pol-%s", [role])},
	"rules": {r.id: r | some r in rules},
}

run(policies) := fs if {
	fs := pim004.findings with input as {"index": {"rolePolicies": policies}}
}

test_approval_off_with_approvers_named_is_flagged_and_fixed if {
	fs := run({pra: entry(pra, [approval(false, "SingleStage", [stage([approver])])])})
	count(fs) == 1
	some f in fs
	f.object == {"collection": "roleManagementPolicies", "id": sprintf("pol-%s", [pra]), "displayName": "Privileged Role Administrator role settings"}
	f.key == pra
	contains(f.message, "Privileged Role Administrator, a critical role, can be activated without approval")
	contains(f.remediation.summary, "1 approver(s) already named")
	req := f.remediation.requests[0]
	req.method == "PATCH"
	req.path == sprintf("/policies/roleManagementPolicies/pol-%s/rules/Approval_EndUser_Assignment", [pra])
	req.body.setting.isApprovalRequired == true
	req.body.setting.approvalStages[0].primaryApprovers == [approver]
	req.body.id == "Approval_EndUser_Assignment"
	f.remediation.before.setting.isApprovalRequired == false
	f.remediation.after == req.body
}

test_approval_with_approvers_is_clean if {
	count(run({ga: entry(ga, [approval(true, "SingleStage", [stage([approver])])])})) == 0
}

test_approvers_in_a_later_stage_count if {
	count(run({ga: entry(ga, [approval(true, "Serial", [stage([]), stage([approver])])])})) == 0
}

test_required_without_approvers_gets_a_placeholder_approver if {
	fs := run({ga: entry(ga, [approval(true, "SingleStage", [stage([])])])})
	count(fs) == 1
	some f in fs
	contains(f.message, "Global Administrator, a critical role, requires approval to activate but names no approver")
	approvers := f.remediation.requests[0].body.setting.approvalStages[0].primaryApprovers
	approvers[0].userId == "{approver-user-id}"
	contains(f.remediation.summary, "replace {approver-user-id}")
}

test_approval_off_without_stages_gets_a_stage_and_a_mode if {
	fs := run({ga: entry(ga, [approval(false, "NoApproval", [])])})
	some f in fs
	s := f.remediation.requests[0].body.setting
	s.isApprovalRequired == true
	s.approvalMode == "SingleStage"
	count(s.approvalStages) == 1
	s.approvalStages[0].primaryApprovers[0].userId == "{approver-user-id}"
	contains(f.remediation.summary, "govlint cannot choose who approves")
}

test_missing_approval_rule_is_flagged if {
	fs := run({ga: entry(ga, [])})
	some f in fs
	f.remediation.before == null
	f.remediation.requests[0].body["@odata.type"] == "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule"
}

test_privileged_but_not_critical_role_is_not_flagged if {
	count(run({security_admin: entry(security_admin, [approval(false, "SingleStage", [stage([])])])})) == 0
}

test_critical_list_comes_from_config if {
	fs := pim004.findings with input as {"index": {"rolePolicies": {security_admin: entry(security_admin, [approval(false, "SingleStage", [stage([])])])}}}
		with data.govlint.config.critical_roles as {security_admin: {"displayName": "Security Administrator", "source": "test"}}
	count(fs) == 1
}
