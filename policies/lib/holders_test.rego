package govlint.lib.holders_test

import data.govlint.lib.holders
import rego.v1

nested := {
	"principalId": "gus", "roleDefinitionId": "ga", "memberType": "Group", "roleInstanceId": "i-a", "groupId": "ga-group",
	"via": [
		{"groupId": "ops", "displayName": "Tier0 Operators", "membership": "member"},
		{"groupId": "adm", "displayName": "Tier0 Admins", "membership": "eligibleMember", "scheduleInstanceId": "pe1"},
	],
}

test_path_names_each_group_from_the_member_outwards if {
	holders.via_phrase(nested) == "via group Tier0 Operators (member) → group Tier0 Admins (eligible member)"
	holders.via_group(nested)
	not holders.via_group({"principalId": "ann", "memberType": "Direct"})
	[r.id | some r in holders.group_refs(nested)] == ["ops", "adm"]
}

test_membership_words if {
	holders.membership_words({"membership": "activeMember", "assignmentType": "activated"}) == "activated member"
	holders.membership_words({"membership": "activeMember", "assignmentType": "assigned"}) == "active member"
	holders.membership_words({"membership": "eligibleMember"}) == "eligible member"
	holders.membership_words({"membership": "member"}) == "member"
}

test_the_principals_own_membership_is_removed if {
	holders.membership_removal(nested, "PRV002") == {"method": "DELETE", "path": "/groups/ops/members/gus/$ref"}
	pim := object.union(nested, {"via": [{"groupId": "adm", "displayName": "Tier0 Admins", "membership": "eligibleMember"}]})
	r := holders.membership_removal(pim, "PRV002")
	r.path == "/identityGovernance/privilegedAccess/group/eligibilityScheduleRequests"
	r.body == {"action": "adminRemove", "accessId": "member", "groupId": "adm", "principalId": "gus", "justification": "govlint PRV002: remove the group membership that grants a privileged role"}
	active := object.union(nested, {"via": [{"groupId": "adm", "membership": "activeMember", "assignmentType": "assigned"}]})
	holders.membership_removal(active, "X").path == "/identityGovernance/privilegedAccess/group/assignmentScheduleRequests"
}
