package govlint.rules.pim003_test

import data.govlint.rules.pim003
import rego.v1

helpdesk := "729827e3-9c14-49f7-bb1b-9608f156bbb8"

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

entry(role, rules) := {
	"assignmentId": sprintf("pol-%s_%s", [role, role]), "policyId": sprintf("pol-%s", [role]),
	"policy": {"id": sprintf("pol-%s", [role])},
	"rules": {r.id: r | some r in rules},
}

run(policies) := fs if {
	fs := pim003.findings with input as {"index": {"rolePolicies": policies}}
}

test_activation_without_mfa_is_flagged if {
	fs := run({helpdesk: entry(helpdesk, [enablement(["Justification"]), auth_context(false, null)])})
	count(fs) == 1
	some f in fs
	f.object == {"collection": "roleManagementPolicies", "id": sprintf("pol-%s", [helpdesk]), "displayName": "Helpdesk Administrator role settings"}
	f.key == helpdesk
	f.related == [{"collection": "roleDefinitions", "id": helpdesk, "displayName": "Helpdesk Administrator"}]
	contains(f.message, "Helpdesk Administrator can be activated without multifactor authentication")
	req := f.remediation.requests[0]
	req.method == "PATCH"
	req.path == sprintf("/policies/roleManagementPolicies/pol-%s/rules/Enablement_EndUser_Assignment", [helpdesk])
	req.body["@odata.type"] == "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule"
	req.body.target == target
	req.body.enabledRules == ["Justification", "MultiFactorAuthentication"]
	f.remediation.before == enablement(["Justification"])
	f.remediation.after == req.body
}

test_mfa_required_is_clean_in_any_case if {
	count(run({helpdesk: entry(helpdesk, [enablement(["multifactorauthentication", "Justification"]), auth_context(false, null)])})) == 0
}

test_authentication_context_is_trusted_to_enforce_mfa if {
	count(run({helpdesk: entry(helpdesk, [enablement(["Justification"]), auth_context(true, "c1")])})) == 0
}

test_authentication_context_without_claim_is_not_trusted if {
	fs := run({helpdesk: entry(helpdesk, [enablement([]), auth_context(true, null)])})
	count(fs) == 1
}

test_unprivileged_role_is_not_flagged if {
	count(run({reports_reader: entry(reports_reader, [enablement([]), auth_context(false, null)])})) == 0
}

test_missing_enablement_rule_is_flagged_with_a_full_rule_body if {
	fs := run({helpdesk: entry(helpdesk, [auth_context(false, null)])})
	count(fs) == 1
	some f in fs
	body := f.remediation.requests[0].body
	body.id == "Enablement_EndUser_Assignment"
	body.enabledRules == ["MultiFactorAuthentication"]
	body.target.caller == "EndUser"
	f.remediation.before == null
}

test_null_enabled_rules_is_flagged if {
	fs := run({helpdesk: entry(helpdesk, [enablement(null)])})
	some f in fs
	f.remediation.after.enabledRules == ["MultiFactorAuthentication"]
}

test_one_finding_per_role if {
	fs := run({
		helpdesk: entry(helpdesk, [enablement([])]),
		"fe930be7-5e62-47db-91af-98c3a49a38b1": entry("fe930be7-5e62-47db-91af-98c3a49a38b1", [enablement([])]),
	})
	{f.key | some f in fs} == {helpdesk, "fe930be7-5e62-47db-91af-98c3a49a38b1"}
}
