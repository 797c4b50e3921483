package govlint.rules.pim016_test

import data.govlint.rules.pim016
import rego.v1

security_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

expiration(required, duration) := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
	"id": "Expiration_EndUser_Assignment", "isExpirationRequired": required, "maximumDuration": duration,
	"target": {"caller": "EndUser", "operations": ["all"], "level": "Assignment", "inheritableSettings": [], "enforcedSettings": []},
}

tenant(role, rules) := {
	"collections": {"groupRoleManagementPolicyAssignments": [{
		"id": "pol-g_member", "policyId": "pol-g", "scopeId": "g1", "scopeType": "Group", "roleDefinitionId": "member",
	}]},
	"index": {
		"groups": {"g1": {"id": "g1", "displayName": "Security Responders", "isAssignableToRole": true}},
		"groupRoleManagementPolicies": {"pol-g": {"id": "pol-g", "scopeId": "g1", "scopeType": "Group", "rules": rules}},
		"principalRoles": {"g1": {role: {"active": [], "eligible": [{"principalId": "g1", "roleDefinitionId": role}]}}},
		"roleDefinitions": {},
	},
}

test_twelve_hour_activation_is_flagged if {
	fs := pim016.findings with input as tenant(security_admin, [expiration(true, "PT12H")])
	count(fs) == 1
	some f in fs
	f.object.id == "pol-g"
	f.message == "Activations of membership of Security Responders can last up to 12 hours (maximumDuration PT12H), more than the 8 hours allowed (membership of Security Responders gives Security Administrator)."
	req := f.remediation.requests[0]
	req.path == "/policies/roleManagementPolicies/pol-g/rules/Expiration_EndUser_Assignment"
	req.body.maximumDuration == "PT8H"
	req.body.isExpirationRequired == true
}

test_exactly_the_limit_is_clean if {
	count(pim016.findings) == 0 with input as tenant(security_admin, [expiration(true, "PT480M")])
}

test_threshold_comes_from_config if {
	fs := pim016.findings with input as tenant(security_admin, [expiration(true, "PT8H")])
		with data.govlint.config.thresholds.max_activation_hours as 4
	some f in fs
	f.remediation.requests[0].body.maximumDuration == "PT4H"
}

test_no_expiry_and_missing_rule_are_flagged if {
	some f in pim016.findings with input as tenant(security_admin, [expiration(false, "PT8H")])
	contains(f.message, "are not required to expire")
	some g in pim016.findings with input as tenant(security_admin, [])
	contains(g.message, "have no activation maximum duration rule")
}

test_group_holding_no_privileged_role_is_not_judged if {
	count(pim016.findings) == 0 with input as tenant(reports_reader, [expiration(true, "PT24H")])
}
