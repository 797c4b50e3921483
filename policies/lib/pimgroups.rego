# Helpers for the PIM-for-groups settings rules (PIM014-PIM016): the member and owner policies
# of role-assignable groups, joined by key, and the roles each group gives its members. The
# policies have the shape of directory-role policies (same rule ids), so data.govlint.lib.pim's
# setting/rule_or_template/patch_rule work on the entries built here. Pure, like
# data.govlint.lib. Rules using it read groupRoleManagementPolicies,
# groupRoleManagementPolicyAssignments, groups and the holder collections (principalRoles).
package govlint.lib.pimgroups

import data.govlint.lib
import rego.v1

# [group id, access ("member" | "owner"), entry] for every role-assignable group's
# PIM-for-groups policy, entry = {assignmentId, policyId, policy, rules: {ruleId: rule}} as in
# input.index.rolePolicies. One pass over the assignments, each policy looked up by id; an
# assignment whose policy is not in the snapshot is not judged (Entra gives every group both
# policies, so it was not fetched, and the collections' status says so).
policies contains [gid, access, entry] if {
	some a in input.collections.groupRoleManagementPolicyAssignments
	lib.eq_ci(object.get(a, "scopeType", ""), "Group")
	gid := a.scopeId
	is_string(gid)
	object.get(input.index.groups, [gid, "isAssignableToRole"], false) == true
	access := lower(a.roleDefinitionId)
	access in {"member", "owner"}
	policy := input.index.groupRoleManagementPolicies[a.policyId]
	entry := {"assignmentId": a.id, "policyId": a.policyId, "policy": policy, "rules": _rules(policy)}
}

_rules(policy) := {r.id: r |
	some r in object.get(policy, "rules", [])
	is_string(r.id)
}

# The roles a group holds now, directly or through a group it is nested in (principalRoles).
roles_of(gid) := [rid | some rid, _ in object.get(input.index.principalRoles, gid, {})]

privileged_roles_of(gid) := [rid | some rid in roles_of(gid); lib.is_privileged_role(rid)]

critical_roles_of(gid) := [rid | some rid in roles_of(gid); lib.is_critical_role(rid)]

group_name(gid) := n if {
	n := input.index.groups[gid].displayName
	is_string(n)
} else := gid

# "Exchange Administrator, Security Administrator"
roles_phrase(role_ids) := concat(", ", sort([lib.role_name(r) | some r in role_ids]))

# The object of a finding: the group's policy, named after the group and the access it governs.
policy_ref(gid, access, entry) := {
	"collection": "groupRoleManagementPolicies",
	"id": entry.policyId,
	"displayName": sprintf("%s %s settings (PIM for groups)", [group_name(gid), access]),
}

# What a finding relates to: the group, then the roles it gives.
related(gid, role_ids) := array.concat(
	[{"collection": "groups", "id": gid, "displayName": group_name(gid)}],
	[lib.role_ref(r) | some r in sort(role_ids)],
)

# "membership" / "ownership", for messages.
access_noun("member") := "membership"

access_noun("owner") := "ownership"
