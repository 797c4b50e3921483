# PIM005 pim-permanent-active-allowed: the role settings of a privileged role allow permanent
# active assignment (Expiration_Admin_Assignment.isExpirationRequired false).
# Doc: rules/PIM005-pim-permanent-active-allowed.md
package govlint.rules.pim005

import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PIM005",
	"name": "pim-permanent-active-allowed",
	"title": "Role settings allow permanent active assignment of a privileged role",
	"severity": "medium",
	"area": "pim",
	"reads": ["roleManagementPolicies", "roleManagementPolicyAssignments"],
	"config": ["privileged_roles"],
}

# The longest an active (standing) assignment may last once expiration is required. Standing
# access skips every activation control, so it is for short exceptions (an incident, bridging
# until an eligible assignment works), renewed on purpose; two weeks covers those.
maximum_duration := "P15D"

findings contains f if {
	some [role_id, entry] in pim.privileged_policies
	rule := pim.rule_or_template(entry, "Expiration_Admin_Assignment")
	not object.get(rule, "isExpirationRequired", false) == true

	role := pim.role_name(role_id)
	after := object.union(rule, {"isExpirationRequired": true, "maximumDuration": maximum_duration})
	f := {
		"object": pim.policy_ref(role_id, entry),
		"key": role_id,
		"related": [pim.role_ref(role_id)],
		"message": sprintf("The role settings of %s allow permanent active assignments: an administrator can grant it as standing access that never expires.", [role]),
		"remediation": {
			"summary": sprintf("Require active assignments of %s to expire, after at most %s (Expiration_Admin_Assignment); existing permanent ones are PIM001 findings.", [role, maximum_duration]),
			"requests": [pim.patch_rule(entry, after)],
			"before": pim.setting(entry, "Expiration_Admin_Assignment"),
			"after": after,
		},
	}
}
