# PRV006 guest-privileged-role: a guest user (userType Guest) holds a privileged role,
# eligible or active. Doc: rules/PRV006-guest-privileged-role.md
package govlint.rules.prv006

import data.govlint.lib
import data.govlint.lib.prv
import rego.v1

metadata := {
	"code": "PRV006",
	"name": "guest-privileged-role",
	"title": "Guest holds a privileged role",
	"severity": "high",
	"area": "prv",
	"reads": ["users", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles"],
}

findings contains f if {
	some uid, roles in prv.privileged_users
	u := input.index.users[uid]
	lib.is_guest(u)

	who := object.get(u, "displayName", uid)
	f := {
		"object": lib.user_ref(u),
		"related": prv.role_refs(roles),
		"message": sprintf("Guest %s holds %s.", [who, prv.roles_phrase(roles)]),
		"remediation": {
			"summary": sprintf("Remove %s's privileged roles (requests below); if the person must administer the tenant, give them a member account governed like your own admins.%s", [who, prv.unremovable_note(roles)]),
			"requests": prv.removal_requests(uid, roles, "PRV006"),
			"before": prv.held_before(roles),
			"after": prv.held_after(roles),
		},
	}
}
