package govlint.rules.pim006_test

import data.govlint.rules.pim006
import rego.v1

user_admin := "fe930be7-5e62-47db-91af-98c3a49a38b1"

helpdesk := "729827e3-9c14-49f7-bb1b-9608f156bbb8"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

activation(max) := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
	"id": "Expiration_EndUser_Assignment", "isExpirationRequired": true, "maximumDuration": max,
	"target": {"caller": "EndUser", "operations": ["all"], "level": "Assignment", "inheritableSettings": [], "enforcedSettings": []},
}

entry(role, rules) := {
	"assignmentId": sprintf("pol-%s_%s", [role, role]), "policyId": sprintf("pol-%s", [role]),
	"policy": {"id": sprintf("pol-%s", [role])},
	"rules": {r.id: r | some r in rules},
}

run(policies) := fs if {
	fs := pim006.findings with input as {"index": {"rolePolicies": policies}}
}

test_ten_hours_is_flagged if {
	fs := run({user_admin: entry(user_admin, [activation("PT10H")])})
	count(fs) == 1
	some f in fs
	f.object.id == sprintf("pol-%s", [user_admin])
	f.key == user_admin
	f.message == "Activations of User Administrator can last up to 10 hours (maximumDuration PT10H), more than the 8 hours allowed."
	req := f.remediation.requests[0]
	req.method == "PATCH"
	req.path == sprintf("/policies/roleManagementPolicies/pol-%s/rules/Expiration_EndUser_Assignment", [user_admin])
	req.body.maximumDuration == "PT8H"
	req.body.isExpirationRequired == true
	f.remediation.before == activation("PT10H")
	f.remediation.after == req.body
}

test_exactly_eight_hours_is_clean if {
	count(run({helpdesk: entry(helpdesk, [activation("PT8H")])})) == 0
	count(run({helpdesk: entry(helpdesk, [activation("PT480M")])})) == 0
}

test_unprivileged_role_is_not_flagged if {
	count(run({reports_reader: entry(reports_reader, [activation("PT24H")])})) == 0
}

test_days_are_counted if {
	fs := run({user_admin: entry(user_admin, [activation("P1D")])})
	some f in fs
	contains(f.message, "up to 24 hours")
}

test_unparsable_duration_is_flagged_as_unreadable if {
	fs := run({user_admin: entry(user_admin, [activation("8 hours")])})
	count(fs) == 1
	some f in fs
	contains(f.message, "could not be read (maximumDuration 8 hours)")
	f.remediation.requests[0].body.maximumDuration == "PT8H"
}

test_null_duration_is_flagged_as_unreadable if {
	fs := run({user_admin: entry(user_admin, [activation(null)])})
	some f in fs
	contains(f.message, "could not be read")
}

test_missing_rule_is_flagged if {
	fs := run({user_admin: entry(user_admin, [])})
	some f in fs
	contains(f.message, "no activation maximum duration rule")
	f.remediation.requests[0].body.id == "Expiration_EndUser_Assignment"
	f.remediation.before == null
}

test_activation_without_expiry_is_flagged if {
	r := object.union(activation("PT8H"), {"isExpirationRequired": false})
	fs := run({user_admin: entry(user_admin, [r])})
	some f in fs
	contains(f.message, "do not require activations to expire")
	f.remediation.after.isExpirationRequired == true
}

test_threshold_comes_from_config if {
	fs := pim006.findings with input as {"index": {"rolePolicies": {user_admin: entry(user_admin, [activation("PT10H")])}}}
		with data.govlint.config.thresholds.max_activation_hours as 12
	count(fs) == 0
}

test_fractional_threshold_is_written_in_minutes if {
	fs := pim006.findings with input as {"index": {"rolePolicies": {user_admin: entry(user_admin, [activation("PT2H")])}}}
		with data.govlint.config.thresholds.max_activation_hours as 1.5
	some f in fs
	f.remediation.requests[0].body.maximumDuration == "PT90M"
}
