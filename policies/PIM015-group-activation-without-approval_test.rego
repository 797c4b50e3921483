package govlint.rules.pim015_test

import data.govlint.rules.pim015
import rego.v1

ga := "62e90394-69f5-4237-9190-012177145e10"

security_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

approver := {"@odata.type": "#microsoft.graph.singleUser", "userId": "sam", "description": "Security lead"}

stage(approvers) := {
	"approvalStageTimeOutInDays": 1, "isApproverJustificationRequired": true, "escalationTimeInMinutes": 0,
	"isEscalationEnabled": false, "primaryApprovers": approvers, "escalationApprovers": [],
}

approval(required, stages) := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
	"id": "Approval_EndUser_Assignment",
	"target": {"caller": "EndUser", "operations": ["all"], "level": "Assignment", "inheritableSettings": [], "enforcedSettings": []},
	"setting": {
		"isApprovalRequired": required, "isApprovalRequiredForExtension": false,
		"isRequestorJustificationRequired": true, "approvalMode": "SingleStage", "approvalStages": stages,
	},
}

tenant(role, access, rules) := {
	"collections": {"groupRoleManagementPolicyAssignments": [{
		"id": "pol-g_x", "policyId": "pol-g", "scopeId": "g1", "scopeType": "Group", "roleDefinitionId": access,
	}]},
	"index": {
		"groups": {"g1": {"id": "g1", "displayName": "Tier0 Admins", "isAssignableToRole": true}},
		"groupRoleManagementPolicies": {"pol-g": {"id": "pol-g", "scopeId": "g1", "scopeType": "Group", "rules": rules}},
		"principalRoles": {"g1": {role: {"active": [{"principalId": "g1", "roleDefinitionId": role, "assignmentType": "Assigned"}], "eligible": []}}},
		"roleDefinitions": {},
	},
}

test_approval_off_for_a_group_holding_global_admin_is_flagged if {
	fs := pim015.findings with input as tenant(ga, "member", [approval(false, [stage([approver])])])
	count(fs) == 1
	some f in fs
	f.object.id == "pol-g"
	f.key == "g1:member"
	contains(f.message, "Activating membership of Tier0 Admins needs no approval, and the group holds Global Administrator")
	contains(f.remediation.summary, "1 approver(s) already named")
	req := f.remediation.requests[0]
	req.path == "/policies/roleManagementPolicies/pol-g/rules/Approval_EndUser_Assignment"
	req.body.setting.isApprovalRequired == true
	req.body.setting.approvalStages[0].primaryApprovers == [approver]
}

test_owner_policy_is_judged_too if {
	fs := pim015.findings with input as tenant(ga, "owner", [approval(false, [])])
	some f in fs
	f.key == "g1:owner"
	contains(f.message, "ownership")
	f.remediation.requests[0].body.setting.approvalStages[0].primaryApprovers[0].userId == "{approver-user-id}"
}

test_approval_with_approver_is_clean if {
	count(pim015.findings) == 0 with input as tenant(ga, "member", [approval(true, [stage([approver])])])
}

test_approval_without_approvers_is_flagged if {
	fs := pim015.findings with input as tenant(ga, "member", [approval(true, [stage([])])])
	some f in fs
	contains(f.message, "names no approver")
}

test_group_holding_a_role_that_is_not_critical_is_not_judged if {
	count(pim015.findings) == 0 with input as tenant(security_admin, "member", [approval(false, [])])
}
