package govlint.rules.prv002_test

import data.govlint.rules.prv002
import rego.v1

sec_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

user_admin := "fe930be7-5e62-47db-91af-98c3a49a38b1"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

user(id, synced) := {"id": id, "displayName": sprintf("User %s", [id]), "userType": "Member", "accountEnabled": true, "onPremisesSyncEnabled": synced}

eligible(uid, role) := {"id": sprintf("e-%s-%s", [uid, role]), "principalId": uid, "roleDefinitionId": role, "directoryScopeId": "/", "memberType": "Direct", "endDateTime": "2027-03-01T09:00:00Z"}

active(uid, role, type) := {"id": sprintf("a-%s-%s", [uid, role]), "principalId": uid, "roleDefinitionId": role, "directoryScopeId": "/", "memberType": "Direct", "assignmentType": type, "endDateTime": null}

tenant(u, roles) := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "index": {"users": {u.id: u}, "principalRoles": {u.id: roles}}}

test_synced_privileged_user_is_flagged if {
	fs := prv002.findings with input as tenant(user("sam", true), {sec_admin: {"active": [], "eligible": [eligible("sam", sec_admin)]}})
	count(fs) == 1
	some f in fs
	f.object == {"collection": "users", "id": "sam", "displayName": "User sam"}
	f.related == [{"collection": "roleDefinitions", "id": sec_admin, "displayName": "Security Administrator"}]
	f.message == "User sam holds Security Administrator (eligible) and is synced from on-premises Active Directory (onPremisesSyncEnabled true)."
	f.remediation.requests == [{
		"method": "POST",
		"path": "/roleManagement/directory/roleEligibilityScheduleRequests",
		"body": {"action": "adminRemove", "principalId": "sam", "roleDefinitionId": sec_admin, "directoryScopeId": "/", "justification": "govlint PRV002: remove privileged role"},
	}]
	contains(f.remediation.summary, "cloud-only admin account")
	count(f.remediation.before.roleEligibilityScheduleInstances) == 1
	count(f.remediation.after.roleEligibilityScheduleInstances) == 0
}

test_cloud_only_user_is_not_flagged if {
	fs := prv002.findings with input as tenant(user("cal", null), {sec_admin: {"active": [], "eligible": [eligible("cal", sec_admin)]}})
	count(fs) == 0
}

test_formerly_synced_user_is_not_flagged if {
	fs := prv002.findings with input as tenant(user("fio", false), {sec_admin: {"active": [], "eligible": [eligible("fio", sec_admin)]}})
	count(fs) == 0
}

test_missing_sync_property_is_not_flagged if {
	u := object.remove(user("max", true), ["onPremisesSyncEnabled"])
	fs := prv002.findings with input as tenant(u, {sec_admin: {"active": [], "eligible": [eligible("max", sec_admin)]}})
	count(fs) == 0
}

test_synced_user_with_unprivileged_role_is_not_flagged if {
	fs := prv002.findings with input as tenant(user("rae", true), {reports_reader: {"active": [], "eligible": [eligible("rae", reports_reader)]}})
	count(fs) == 0
}

test_standing_assignment_is_removed_with_an_assignment_request if {
	roles := {
		sec_admin: {"active": [active("tia", sec_admin, "Assigned")], "eligible": []},
		user_admin: {"active": [], "eligible": [eligible("tia", user_admin)]},
	}
	fs := prv002.findings with input as tenant(user("tia", true), roles)
	some f in fs
	paths := {r.path | some r in f.remediation.requests}
	paths == {"/roleManagement/directory/roleAssignmentScheduleRequests", "/roleManagement/directory/roleEligibilityScheduleRequests"}
	count(f.remediation.requests) == 2
	f.message == "User tia holds Security Administrator (active), User Administrator (eligible) and is synced from on-premises Active Directory (onPremisesSyncEnabled true)."
	not contains(f.remediation.summary, "not covered")
}

test_running_activation_is_not_a_request_and_is_said_so if {
	roles := {sec_admin: {"active": [active("uma", sec_admin, "Activated")], "eligible": [eligible("uma", sec_admin)]}}
	fs := prv002.findings with input as tenant(user("uma", true), roles)
	some f in fs
	f.message == "User uma holds Security Administrator (active and eligible) and is synced from on-premises Active Directory (onPremisesSyncEnabled true)."
	count(f.remediation.requests) == 1
	f.remediation.requests[0].path == "/roleManagement/directory/roleEligibilityScheduleRequests"
	contains(f.remediation.summary, "just-in-time activation is not covered")
	count(f.remediation.after.roleAssignmentScheduleInstances) == 1
}

test_role_held_through_a_group_is_said_so if {
	via_group := object.union(eligible("vic", sec_admin), {"memberType": "Group"})
	fs := prv002.findings with input as tenant(user("vic", true), {sec_admin: {"active": [], "eligible": [via_group]}})
	some f in fs
	f.remediation.requests == []
	contains(f.remediation.summary, "remove the group membership")
}

test_role_through_pim_for_groups_is_removed_on_the_membership if {
	entry := {
		"principalId": "pia", "roleDefinitionId": sec_admin, "memberType": "Group", "roleInstanceId": "i1", "groupId": "adm",
		"via": [{"groupId": "adm", "displayName": "Tier0 Admins", "membership": "eligibleMember"}],
	}
	fs := prv002.findings with input as tenant(user("pia", true), {sec_admin: {"active": [], "eligible": [eligible("pia", sec_admin), entry]}})
	some f in fs
	f.message == "User pia holds Security Administrator (eligible; eligible via group Tier0 Admins (eligible member)) and is synced from on-premises Active Directory (onPremisesSyncEnabled true)."
	{r.path | some r in f.remediation.requests} == {"/roleManagement/directory/roleEligibilityScheduleRequests", "/identityGovernance/privilegedAccess/group/eligibilityScheduleRequests"}
	not contains(f.remediation.summary, "not covered")
	f.remediation.after.roleEligibilityScheduleInstances == []
}
