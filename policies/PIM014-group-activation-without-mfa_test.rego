package govlint.rules.pim014_test

import data.govlint.rules.pim014
import rego.v1

exchange_admin := "29232cdf-9323-42fd-ade2-1d097af3e4de"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

target := {"caller": "EndUser", "operations": ["all"], "level": "Assignment", "inheritableSettings": [], "enforcedSettings": []}

enablement(enabled) := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
	"id": "Enablement_EndUser_Assignment", "enabledRules": enabled, "target": target,
}

auth_context(on, claim) := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule",
	"id": "AuthenticationContext_EndUser_Assignment", "isEnabled": on, "claimValue": claim, "target": target,
}

# One group `gid` (role-assignable or not) holding `role`, with a member policy of `rules`.
tenant(gid, assignable, role, rules) := {
	"collections": {"groupRoleManagementPolicyAssignments": [{
		"id": "pol-g_member", "policyId": "pol-g", "scopeId": gid, "scopeType": "Group", "roleDefinitionId": "member",
	}]},
	"index": {
		"groups": {gid: {"id": gid, "displayName": "Exchange Operators", "isAssignableToRole": assignable}},
		"groupRoleManagementPolicies": {"pol-g": {"id": "pol-g", "scopeId": gid, "scopeType": "Group", "rules": rules}},
		"principalRoles": {gid: {role: {"active": [], "eligible": [{"principalId": gid, "roleDefinitionId": role}]}}},
		"roleDefinitions": {},
	},
}

test_group_activation_without_mfa_is_flagged if {
	fs := pim014.findings with input as tenant("g1", true, exchange_admin, [enablement(["Justification"]), auth_context(false, null)])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "groupRoleManagementPolicies", "id": "pol-g", "displayName": "Exchange Operators member settings (PIM for groups)"}
	f.key == "g1:member"
	f.related[0] == {"collection": "groups", "id": "g1", "displayName": "Exchange Operators"}
	f.related[1].id == exchange_admin
	contains(f.message, "Eligible members of Exchange Operators can activate its membership, and with it Exchange Administrator, without multifactor authentication")
	req := f.remediation.requests[0]
	req.method == "PATCH"
	req.path == "/policies/roleManagementPolicies/pol-g/rules/Enablement_EndUser_Assignment"
	req.body.enabledRules == ["Justification", "MultiFactorAuthentication"]
	f.remediation.after == req.body
}

test_mfa_required_is_clean if {
	count(pim014.findings) == 0 with input as tenant("g1", true, exchange_admin, [enablement(["multifactorauthentication"])])
}

test_authentication_context_is_trusted if {
	count(pim014.findings) == 0 with input as tenant("g1", true, exchange_admin, [enablement([]), auth_context(true, "c1")])
}

test_group_holding_no_privileged_role_is_not_judged if {
	count(pim014.findings) == 0 with input as tenant("g1", true, reports_reader, [enablement([])])
}

test_group_that_is_not_role_assignable_is_not_judged if {
	count(pim014.findings) == 0 with input as tenant("g1", false, exchange_admin, [enablement([])])
}

test_missing_enablement_rule_is_flagged_with_a_full_rule if {
	fs := pim014.findings with input as tenant("g1", true, exchange_admin, [])
	some f in fs
	f.remediation.requests[0].body.target.caller == "EndUser"
	f.remediation.before == null
}

test_policy_not_in_the_snapshot_is_not_judged if {
	t := tenant("g1", true, exchange_admin, [enablement([])])
	count(pim014.findings) == 0 with input as json.remove(t, ["index/groupRoleManagementPolicies/pol-g"])
}
