# PIM003 pim-activation-without-mfa: the role settings of a privileged role let an eligible
# user activate it without multifactor authentication: Enablement_EndUser_Assignment does not
# list MultiFactorAuthentication and no Conditional Access authentication context is required.
# Doc: rules/PIM003-pim-activation-without-mfa.md
package govlint.rules.pim003

import data.govlint.lib
import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PIM003",
	"name": "pim-activation-without-mfa",
	"title": "Privileged role can be activated without MFA",
	"severity": "high",
	"area": "pim",
	"reads": ["roleManagementPolicies", "roleManagementPolicyAssignments"],
	"config": ["privileged_roles"],
}

findings contains f if {
	some [role_id, entry] in pim.privileged_policies
	rule := pim.rule_or_template(entry, "Enablement_EndUser_Assignment")
	enabled := _as_array(object.get(rule, "enabledRules", []))
	not _requires_mfa(enabled)

	# An authentication context hands activation to Conditional Access, which can demand MFA
	# or stronger; govlint cannot see that policy, so it trusts the context.
	not _auth_context(entry)

	role := pim.role_name(role_id)
	after := object.union(rule, {"enabledRules": array.concat(enabled, ["MultiFactorAuthentication"])})
	f := {
		"object": pim.policy_ref(role_id, entry),
		"key": role_id,
		"related": [pim.role_ref(role_id)],
		"message": sprintf("%s can be activated without multifactor authentication: its role settings require neither MFA nor a Conditional Access authentication context on activation.", [role]),
		"remediation": {
			"summary": sprintf("Require multifactor authentication to activate %s (Enablement_EndUser_Assignment).", [role]),
			"requests": [pim.patch_rule(entry, after)],
			"before": pim.setting(entry, "Enablement_EndUser_Assignment"),
			"after": after,
		},
	}
}

_requires_mfa(enabled) if {
	some r in enabled
	is_string(r)
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
