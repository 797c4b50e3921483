# PIM014 group-activation-without-mfa: the PIM-for-groups settings of a role-assignable group
# that holds a privileged role let an eligible member (or owner) activate without multifactor
# authentication: Enablement_EndUser_Assignment does not list MultiFactorAuthentication and no
# Conditional Access authentication context is required. Activating the membership activates
# the group's roles. Doc: rules/PIM014-group-activation-without-mfa.md
package govlint.rules.pim014

import data.govlint.lib
import data.govlint.lib.pim
import data.govlint.lib.pimgroups
import rego.v1

metadata := {
	"code": "PIM014",
	"name": "group-activation-without-mfa",
	"title": "Role-assignable group membership can be activated without MFA",
	"severity": "high",
	"area": "pim",
	"reads": ["groupRoleManagementPolicies", "groupRoleManagementPolicyAssignments", "groups", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles"],
}

findings contains f if {
	some [gid, access, entry] in pimgroups.policies
	roles := pimgroups.privileged_roles_of(gid)
	count(roles) > 0
	rule := pim.rule_or_template(entry, "Enablement_EndUser_Assignment")
	enabled := _as_array(object.get(rule, "enabledRules", []))
	not _requires_mfa(enabled)

	# An authentication context hands activation to Conditional Access, which can demand MFA
	# or stronger; govlint cannot see that policy, so it trusts the context (as PIM003 does).
	not _auth_context(entry)

	group := pimgroups.group_name(gid)
	after := object.union(rule, {"enabledRules": array.concat(enabled, ["MultiFactorAuthentication"])})
	f := {
		"object": pimgroups.policy_ref(gid, access, entry),
		"key": sprintf("%s:%s", [gid, access]),
		"related": pimgroups.related(gid, roles),
		"message": sprintf("Eligible %ss of %s can activate its %s, and with it %s, without multifactor authentication: its PIM-for-groups settings require neither MFA nor a Conditional Access authentication context.", [access, group, pimgroups.access_noun(access), pimgroups.roles_phrase(roles)]),
		"remediation": {
			"summary": sprintf("Require multifactor authentication to activate %s of %s (Enablement_EndUser_Assignment of its %s policy).", [pimgroups.access_noun(access), group, access]),
			"requests": [pim.patch_rule(entry, after)],
			"before": pim.setting(entry, "Enablement_EndUser_Assignment"),
			"after": after,
		},
	}
}

_requires_mfa(enabled) if {
	some r in enabled
	lib.eq_ci(r, "MultiFactorAuthentication")
}

_auth_context(entry) if {
	ctx := pim.setting(entry, "AuthenticationContext_EndUser_Assignment")
	is_object(ctx)
	object.get(ctx, "isEnabled", false) == true
	claim := object.get(ctx, "claimValue", null)
	is_string(claim)
	claim != ""
}

_as_array(x) := x if is_array(x)

_as_array(x) := [] if not is_array(x)
