# PIM006 pim-activation-too-long: the role settings of a privileged role let an activation last
# longer than data.govlint.config.thresholds.max_activation_hours (default 8 hours).
# Doc: rules/PIM006-pim-activation-too-long.md
package govlint.rules.pim006

import data.govlint.lib
import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PIM006",
	"name": "pim-activation-too-long",
	"title": "Privileged role activations last too long",
	"severity": "medium",
	"area": "pim",
	"reads": ["roleManagementPolicies", "roleManagementPolicyAssignments"],
	"config": ["privileged_roles", "thresholds"],
}

max_hours := object.get(data.govlint.config, ["thresholds", "max_activation_hours"], 8)

findings contains f if {
	some [role_id, entry] in pim.privileged_policies
	rule := pim.setting(entry, "Expiration_EndUser_Assignment")
	problem := _problem(rule)

	role := pim.role_name(role_id)
	after := object.union(pim.rule_or_template(entry, "Expiration_EndUser_Assignment"), {"isExpirationRequired": true, "maximumDuration": _limit_iso})
	f := {
		"object": pim.policy_ref(role_id, entry),
		"key": role_id,
		"related": [pim.role_ref(role_id)],
		"message": _message(problem, rule, role),
		"remediation": {
			"summary": sprintf("Cap activations of %s at %v hours (Expiration_EndUser_Assignment maximumDuration %s).", [role, max_hours, _limit_iso]),
			"requests": [pim.patch_rule(entry, after)],
			"before": rule,
			"after": after,
		},
	}
}

# What is wrong with the activation duration rule, one answer per role. Anything govlint cannot
# read is a finding: a limit nobody can verify is not a limit.
_problem(rule) := "missing" if {
	rule == null
} else := "no-expiry" if {
	object.get(rule, "isExpirationRequired", true) == false
} else := "unreadable" if {
	not _seconds(rule)
} else := "too-long" if {
	_seconds(rule) > max_hours * 3600
}

_seconds(rule) := s if {
	d := object.get(rule, "maximumDuration", null)
	is_string(d)
	s := lib.duration_seconds(d)
}

_message("missing", _, role) := sprintf("The role settings of %s have no activation maximum duration rule (Expiration_EndUser_Assignment), so how long an activation lasts cannot be checked.", [role])

_message("no-expiry", _, role) := sprintf("The role settings of %s do not require activations to expire.", [role])

_message("unreadable", rule, role) := sprintf("The activation maximum duration of %s could not be read (maximumDuration %v), so it cannot be shown to stay within %v hours.", [role, object.get(rule, "maximumDuration", null), max_hours])

_message("too-long", rule, role) := sprintf("Activations of %s can last up to %v hours (maximumDuration %s), more than the %v hours allowed.", [role, _seconds(rule) / 3600, rule.maximumDuration, max_hours])

# The threshold as an ISO 8601 duration: whole hours as PT8H, anything else in minutes.
_limit_iso := sprintf("PT%sH", [format_int(max_hours, 10)]) if {
	max_hours == floor(max_hours)
} else := sprintf("PT%sM", [format_int(round(max_hours * 60), 10)])
