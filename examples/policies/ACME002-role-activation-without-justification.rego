# ACME002 role-activation-without-justification: a directory role has eligible holders and its
# PIM settings let them activate it without saying why, so the audit log of activations has no
# reason to review. Stricter than the built-in rules: it applies to every role with eligible
# holders, privileged or not, and says which ones are privileged.
#
# A worked example of a custom rule (examples/policies/README.md); the contract is
# policies/README.md. It joins three indexes (roleHolders, rolePolicies, roleDefinitions),
# reads the configured privileged role list, and builds a before/after remediation.
package govlint.rules.acme002

import data.govlint.lib
import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "ACME002",
	"name": "role-activation-without-justification",
	"title": "Role can be activated without a justification",
	"severity": "medium",
	"area": "pim",
	"reads": [
		"roleDefinitions",
		"roleAssignmentScheduleInstances",
		"roleEligibilityScheduleInstances",
		"groups",
		"privilegedAccessGroupEligibilityScheduleInstances",
		"privilegedAccessGroupAssignmentScheduleInstances",
		"roleManagementPolicies",
		"roleManagementPolicyAssignments",
	],
	"config": ["privileged_roles"],
}

findings contains f if {
	# Join by key: every role with a policy, then its holders in the roleHolders index.
	some role_id, entry in input.index.rolePolicies
	eligible := _eligible_principals(role_id)
	count(eligible) > 0

	rule := pim.rule_or_template(entry, "Enablement_EndUser_Assignment")
	enabled := _array(object.get(rule, "enabledRules", []))
	not _requires_justification(enabled)

	role := pim.role_name(role_id)
	after := object.union(rule, {"enabledRules": array.concat(enabled, ["Justification"])})
	f := {
		"object": pim.policy_ref(role_id, entry),
		"key": role_id,
		"related": [pim.role_ref(role_id)],
		"message": sprintf("%s%s can be activated without a justification by its %d eligible holder(s).", [role, _privileged_note(role_id), count(eligible)]),
		"remediation": {
			"summary": sprintf("Require a justification to activate %s (Enablement_EndUser_Assignment).", [role]),
			"requests": [pim.patch_rule(entry, after)],
			"before": pim.setting(entry, "Enablement_EndUser_Assignment"),
			"after": after,
		},
	}
}

# Principals eligible for the role now (the index holds only instances in effect at input.now).
_eligible_principals(role_id) := {pid |
	some pid, held in object.get(input.index.roleHolders, role_id, {})
	count(object.get(held, "eligible", [])) > 0
}

_requires_justification(enabled) if {
	some r in enabled
	is_string(r)
	lib.eq_ci(r, "Justification")
}

_privileged_note(role_id) := " (a privileged role)" if {
	lib.is_privileged_role(role_id)
} else := ""

_array(x) := x if {
	is_array(x)
} else := []
