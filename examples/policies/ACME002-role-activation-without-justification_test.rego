package govlint.rules.acme002_test

import data.govlint.rules.acme002
import rego.v1

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

target := {"caller": "EndUser", "operations": ["all"], "level": "Assignment", "inheritableSettings": [], "enforcedSettings": []}

enablement(enabled) := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
	"id": "Enablement_EndUser_Assignment", "enabledRules": enabled, "target": target,
}

entry(role, enabled) := {
	"assignmentId": sprintf("pol-%s_%s", [role, role]), "policyId": sprintf("pol-%s", [role]),
	"policy": {"id": sprintf("pol-%s", [role])},
	"rules": {"Enablement_EndUser_Assignment": enablement(enabled)},
}

eligible := {"eligible": [{"id": "inst-1", "principalId": "u1"}], "active": []}

active_only := {"eligible": [], "active": [{"id": "inst-2", "principalId": "u2"}]}

tenant(enabled, holders) := {"index": {
	"rolePolicies": {reports_reader: entry(reports_reader, enabled)},
	"roleHolders": {reports_reader: holders},
	"roleDefinitions": {reports_reader: {"id": reports_reader, "displayName": "Reports Reader"}},
}}

test_activation_without_justification_is_flagged if {
	fs := acme002.findings with input as tenant(["MultiFactorAuthentication"], {"u1": eligible})
	count(fs) == 1
	some f in fs
	f.key == reports_reader
	f.object.collection == "roleManagementPolicies"
	f.message == "Reports Reader can be activated without a justification by its 1 eligible holder(s)."
	req := f.remediation.requests[0]
	req.method == "PATCH"
	req.path == sprintf("/policies/roleManagementPolicies/pol-%s/rules/Enablement_EndUser_Assignment", [reports_reader])
	req.body.enabledRules == ["MultiFactorAuthentication", "Justification"]
	f.remediation.before == enablement(["MultiFactorAuthentication"])
	f.remediation.after == req.body
}

test_privileged_roles_come_from_config if {
	fs := acme002.findings with input as tenant([], {"u1": eligible})
		with data.govlint.config.privileged_roles as {reports_reader: {"displayName": "Reports Reader", "source": "test"}}
	some f in fs
	contains(f.message, "Reports Reader (a privileged role) can be activated")
}

test_justification_required_is_clean_in_any_case if {
	count(acme002.findings) == 0 with input as tenant(["justification"], {"u1": eligible})
}

test_role_without_eligible_holders_is_clean if {
	count(acme002.findings) == 0 with input as tenant([], {"u2": active_only})
	count(acme002.findings) == 0 with input as tenant([], {})
}

test_missing_rule_uses_the_template if {
	t := json.patch(tenant([], {"u1": eligible}), [{"op": "remove", "path": ["index", "rolePolicies", reports_reader, "rules", "Enablement_EndUser_Assignment"]}])
	fs := acme002.findings with input as t
	some f in fs
	f.remediation.before == null
	"Justification" in f.remediation.after.enabledRules
}
