# PIM016 group-activation-too-long: the PIM-for-groups settings of a role-assignable group that
# holds a privileged role let an activation of membership (or ownership) last longer than
# data.govlint.config.thresholds.max_activation_hours (default 8 hours), the limit PIM006 holds
# directory roles to. Doc: rules/PIM016-group-activation-too-long.md
package govlint.rules.pim016

import data.govlint.lib
import data.govlint.lib.pim
import data.govlint.lib.pimgroups
import rego.v1

metadata := {
	"code": "PIM016",
	"name": "group-activation-too-long",
	"title": "Role-assignable group activations last too long",
	"severity": "medium",
	"area": "pim",
	"reads": ["groupRoleManagementPolicies", "groupRoleManagementPolicyAssignments", "groups", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles", "thresholds"],
}

max_hours := object.get(data.govlint.config, ["thresholds", "max_activation_hours"], 8)

findings contains f if {
	some [gid, access, entry] in pimgroups.policies
	roles := pimgroups.privileged_roles_of(gid)
	count(roles) > 0
	rule := pim.setting(entry, "Expiration_EndUser_Assignment")
	problem := _problem(rule)

	group := pimgroups.group_name(gid)
	noun := pimgroups.access_noun(access)
	after := object.union(pim.rule_or_template(entry, "Expiration_EndUser_Assignment"), {"isExpirationRequired": true, "maximumDuration": _limit_iso})
	f := {
		"object": pimgroups.policy_ref(gid, access, entry),
		"key": sprintf("%s:%s", [gid, access]),
		"related": pimgroups.related(gid, roles),
		"message": sprintf("%s (%s of %s gives %s).", [_message(problem, rule, noun, group), noun, group, pimgroups.roles_phrase(roles)]),
		"remediation": {
			"summary": sprintf("Cap activations of %s of %s at %v hours (Expiration_EndUser_Assignment maximumDuration %s).", [noun, group, max_hours, _limit_iso]),
			"requests": [pim.patch_rule(entry, after)],
			"before": rule,
			"after": after,
		},
	}
}

# As PIM006: anything govlint cannot read is a finding; a limit nobody can verify is not one.
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

_message("missing", _, noun, group) := sprintf("The PIM-for-groups settings of %s %s have no activation maximum duration rule (Expiration_EndUser_Assignment), so how long an activation lasts cannot be checked", [group, noun])

_message("no-expiry", _, noun, group) := sprintf("Activations of %s of %s are not required to expire", [noun, group])

_message("unreadable", rule, noun, group) := sprintf("The activation maximum duration of %s of %s could not be read (maximumDuration %v), so it cannot be shown to stay within %v hours", [noun, group, object.get(rule, "maximumDuration", null), max_hours])

_message("too-long", rule, noun, group) := sprintf("Activations of %s of %s can last up to %v hours (maximumDuration %s), more than the %v hours allowed", [noun, group, _seconds(rule) / 3600, rule.maximumDuration, max_hours])

# The threshold as an ISO 8601 duration: whole hours as PT8H, anything else in minutes.
_limit_iso := sprintf("PT%sH", [format_int(max_hours, 10)]) if {
	max_hours == floor(max_hours)
} else := sprintf("PT%sM", [format_int(round(max_hours * 60), 10)])
