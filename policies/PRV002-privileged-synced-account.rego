# PRV002 privileged-synced-account: a user holding a privileged role (eligible or active) is
# synchronised from on-premises Active Directory (onPremisesSyncEnabled true), so whoever
# controls the on-premises directory controls the role. Doc: rules/PRV002-privileged-synced-account.md
package govlint.rules.prv002

import data.govlint.lib
import data.govlint.lib.prv
import rego.v1

metadata := {
	"code": "PRV002",
	"name": "privileged-synced-account",
	"title": "Privileged role held by an account synced from on-premises",
	"severity": "high",
	"area": "prv",
	"reads": ["users", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles"],
}

findings contains f if {
	some uid, roles in prv.privileged_users
	u := input.index.users[uid]

	# true: synced now. false: was synced, now cloud-managed. null: cloud-only.
	object.get(u, "onPremisesSyncEnabled", null) == true

	who := object.get(u, "displayName", uid)
	f := {
		"object": lib.user_ref(u),
		"related": prv.role_refs(roles),
		"message": sprintf("%s holds %s and is synced from on-premises Active Directory (onPremisesSyncEnabled true).", [who, prv.roles_phrase(roles)]),
		"remediation": {
			"summary": sprintf("Create a separate cloud-only admin account for %s's owner and make it eligible for the same roles first; the requests below then only remove the synced account's roles.%s", [who, prv.unremovable_note(roles)]),
			"requests": prv.removal_requests(uid, roles, "PRV002"),
			"before": prv.held_before(roles),
			"after": prv.held_after(roles),
		},
	}
}
