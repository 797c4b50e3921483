package govlint.rules.pim005_test

import data.govlint.rules.pim005
import rego.v1

exchange_admin := "29232cdf-9323-42fd-ade2-1d097af3e4de"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

expiration(required, max) := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
	"id": "Expiration_Admin_Assignment", "isExpirationRequired": required, "maximumDuration": max,
	"target": {"caller": "Admin", "operations": ["all"], "level": "Assignment", "inheritableSettings": [], "enforcedSettings": []},
}

entry(role, rules) := {
	"assignmentId": sprintf("pol-%s_%s", [role, role]), "policyId": sprintf("pol-%s", [role]),
	"policy": {"id": sprintf("pol-%s", [role])},
	"rules": {r.id: r | some r in rules},
}

run(policies) := fs if {
	fs := pim005.findings with input as {"index": {"rolePolicies": policies}}
}

test_permanent_active_allowed_is_flagged if {
	fs := run({exchange_admin: entry(exchange_admin, [expiration(false, "P180D")])})
	count(fs) == 1
	some f in fs
	f.object.id == sprintf("pol-%s", [exchange_admin])
	f.object.displayName == "Exchange Administrator role settings"
	f.key == exchange_admin
	contains(f.message, "The role settings of Exchange Administrator allow permanent active assignments")
	req := f.remediation.requests[0]
	req.method == "PATCH"
	req.path == sprintf("/policies/roleManagementPolicies/pol-%s/rules/Expiration_Admin_Assignment", [exchange_admin])
	req.body.isExpirationRequired == true
	req.body.maximumDuration == "P15D"
	req.body.target.level == "Assignment"
	f.remediation.before == expiration(false, "P180D")
	f.remediation.after == req.body
}

test_expiration_required_is_clean if {
	count(run({exchange_admin: entry(exchange_admin, [expiration(true, "P180D")])})) == 0
}

test_unprivileged_role_is_not_flagged if {
	count(run({reports_reader: entry(reports_reader, [expiration(false, "P180D")])})) == 0
}

test_missing_rule_is_flagged if {
	fs := run({exchange_admin: entry(exchange_admin, [])})
	some f in fs
	f.remediation.requests[0].body.id == "Expiration_Admin_Assignment"
	f.remediation.requests[0].body.isExpirationRequired == true
}

test_null_flag_is_not_a_requirement if {
	count(run({exchange_admin: entry(exchange_admin, [expiration(null, "P180D")])})) == 1
}
