# PRV003 privileged-disabled-account: a disabled account (accountEnabled false) still holds a
# privileged role, eligible or active. Re-enabling it restores the role with no review.
# Doc: rules/PRV003-privileged-disabled-account.md
package govlint.rules.prv003

import data.govlint.lib
import data.govlint.lib.prv
import rego.v1

metadata := {
	"code": "PRV003",
	"name": "privileged-disabled-account",
	"title": "Disabled account still holds a privileged role",
	"severity": "medium",
	"area": "prv",
	"reads": ["users", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles"],
}

findings contains f if {
	some uid, roles in prv.privileged_users
	u := input.index.users[uid]
	prv.is_disabled(u)

	who := object.get(u, "displayName", uid)
	f := {
		"object": lib.user_ref(u),
		"related": prv.role_refs(roles),
		"message": sprintf("%s is disabled but still holds %s.", [who, prv.roles_phrase(roles)]),
		"remediation": {
			"summary": sprintf("Remove %s's privileged roles, so re-enabling the account does not silently restore them.%s", [who, prv.unremovable_note(roles)]),
			"requests": prv.removal_requests(uid, roles, "PRV003"),
			"before": prv.held_before(roles),
			"after": prv.held_after(roles),
		},
	}
}
