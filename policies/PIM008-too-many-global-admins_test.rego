package govlint.rules.pim008_test

import data.govlint.rules.pim008
import rego.v1

ga := "62e90394-69f5-4237-9190-012177145e10"

inst(id, pid, kind) := object.union(
	{
		"id": id, "principalId": pid, "roleDefinitionId": ga, "directoryScopeId": "/",
		"startDateTime": "2025-10-16T09:00:00Z", "endDateTime": "2027-02-28T09:00:00Z", "memberType": "Direct",
		"principal": {"@odata.type": "#microsoft.graph.user", "id": pid, "displayName": upper(pid)},
	},
	_kind(kind),
)

_kind("eligible") := {}

_kind("assigned") := {"assignmentType": "Assigned"}

_kind("activated") := {"assignmentType": "Activated"}

# roleHolders[ga] for a list of instances, as the Rust index builds it.
holders(instances) := {pid: {
	"active": [i | some i in instances; i.principalId == pid; i.assignmentType],
	"eligible": [i | some i in instances; i.principalId == pid; not i.assignmentType],
} |
	some j in instances
	pid := j.principalId
}

input_of(instances) := {
	"now": "2026-11-20T09:00:00Z",
	"index": {
		"roleHolders": {ga: holders(instances)},
		"roleDefinitions": {ga: {"id": ga, "templateId": ga, "displayName": "Global Administrator"}},
		"users": {},
	},
}

run(instances) := fs if {
	fs := pim008.findings with input as input_of(instances)
}

five := [
	inst("i1", "ada", "eligible"), inst("i2", "ada", "activated"),
	inst("i3", "ava", "assigned"),
	inst("i4", "gus", "eligible"),
	inst("i5", "gil", "eligible"),
	inst("i6", "gwen", "eligible"),
]

test_five_distinct_holders_is_one_finding if {
	fs := run(five)
	count(fs) == 1
	some f in fs
	f.object == {"collection": "roleDefinitions", "id": ga, "displayName": "Global Administrator"}
	count(f.related) == 5
	{r.id | some r in f.related} == {"ada", "ava", "gus", "gil", "gwen"}
	# Ordered by name.
	[r.displayName | some r in f.related] == ["ADA", "AVA", "GIL", "GUS", "GWEN"]
	f.related[0] == {"collection": "users", "id": "ada", "displayName": "ADA"}
	startswith(f.message, "5 principals hold Global Administrator now, active or eligible")
	contains(f.message, "ADA (user, eligible + activated)")
	contains(f.message, "AVA (user, standing)")
	contains(f.message, "at most 4 should")
	startswith(f.remediation.summary, "Remove 1 of these 5 Global Administrators")
	f.remediation.before.holders == 5
	f.remediation.after.holders == 4
}

test_four_holders_is_clean if {
	count(run(array.slice(five, 0, 5))) == 0
}

test_eligible_and_activated_count_once if {
	# ada appears three times (eligible, activated, eligible again at another instance): still one.
	fs := run(array.concat(array.slice(five, 0, 5), [inst("i7", "ada", "eligible")]))
	count(fs) == 0
}

test_requests_remove_eligibility_and_standing_assignment if {
	some f in run(five)
	reqs := f.remediation.requests
	count(reqs) == 5
	some a in reqs
	a.path == "/roleManagement/directory/roleAssignmentScheduleRequests"
	a.body == {
		"action": "adminRemove", "principalId": "ava", "roleDefinitionId": ga,
		"directoryScopeId": "/", "justification": "govlint PIM008: fewer Global Administrators",
	}
	some e in reqs
	e.path == "/roleManagement/directory/roleEligibilityScheduleRequests"
	e.body.principalId == "ada"
	e.body.action == "adminRemove"

	# Ada's activation ends by itself once her eligibility is removed: no request for it.
	count([r | some r in reqs; r.body.principalId == "ada"]) == 1
}

test_emergency_access_counts_but_is_never_removed if {
	fs := pim008.findings with input as input_of(five)
		with data.govlint.config.emergency_access as ["ava"]
	count(fs) == 1
	some f in fs
	contains(f.message, "AVA (user, standing, emergency access)")
	reqs := f.remediation.requests
	count(reqs) == 4
	not "ava" in {r.body.principalId | some r in reqs}
}

test_threshold_comes_from_config if {
	fs := pim008.findings with input as input_of(five)
		with data.govlint.config.thresholds.max_global_admins as 5
	count(fs) == 0
	gs := pim008.findings with input as input_of(five)
		with data.govlint.config.thresholds.max_global_admins as 2
	some g in gs
	startswith(g.remediation.summary, "Remove 3 of these 5")
}

test_other_roles_do_not_count if {
	other := "194ae4cb-b126-40b2-bd5b-6091b380977d"
	fs := pim008.findings with input as {"index": {
		"roleHolders": {other: holders(five)},
		"roleDefinitions": {},
		"users": {},
	}}
	count(fs) == 0
}

test_too_many_emergency_accounts_is_said_plainly if {
	fs := pim008.findings with input as input_of(five)
		with data.govlint.config.emergency_access as ["ada", "ava", "gus", "gil", "gwen"]
		with data.govlint.config.thresholds.max_global_admins as 2
	some f in fs
	f.remediation.requests == []
	contains(f.remediation.summary, "Only 0 of them are not emergency-access accounts")
}

test_holders_through_a_group_count_but_are_removed_on_the_group if {
	via_group := object.union(inst("i8", "mo", "eligible"), {"memberType": "Group"})
	fs := run(array.concat(array.slice(five, 0, 5), [via_group]))
	count(fs) == 1
	some f in fs
	contains(f.message, "MO (user, eligible)")
	not "mo" in {r.body.principalId | some r in f.remediation.requests}
}

test_members_of_a_group_count_and_the_group_does_not if {
	member := object.union(inst("i9", "nia", "assigned"), {
		"memberType": "Group", "roleInstanceId": "g-inst", "groupId": "tier0",
		"via": [{"groupId": "tier0", "displayName": "Tier0 Admins", "membership": "member"}],
	})
	group := object.union(inst("g-inst", "tier0", "assigned"), {"principal": {"@odata.type": "#microsoft.graph.group", "id": "tier0", "displayName": "Tier0 Admins"}})
	base := input_of(array.concat(array.slice(five, 0, 5), [member, group]))
	fs := pim008.findings with input as json.patch(base, [{"op": "add", "path": "/index/groups", "value": {"tier0": {"id": "tier0", "members": [{"id": "nia"}]}}}])
	some f in fs
	startswith(f.message, "5 principals hold")
	contains(f.message, "NIA (user, standing, via group Tier0 Admins (member))")
	some r in f.remediation.requests
	r == {"method": "DELETE", "path": "/groups/tier0/members/nia/$ref"}
}
