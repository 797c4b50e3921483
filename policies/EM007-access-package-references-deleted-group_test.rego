package govlint.rules.em007_test

import data.govlint.rules.em007
import rego.v1

live := "11111111-1111-4111-8111-111111111111"

dead := "22222222-2222-4222-8222-222222222222"

scope(gid, system) := {
	"id": sprintf("role-%s_scope-%s", [gid, system]), "createdDateTime": "2025-01-01T00:00:00Z",
	"role": {"id": sprintf("role-%s", [gid]), "displayName": "Member", "originSystem": system, "originId": sprintf("Member_%s", [gid])},
	"scope": {"id": sprintf("scope-%s", [gid]), "displayName": "Root", "originId": gid, "originSystem": system, "isRootScope": true},
}

resource(id, gid, system) := {"id": id, "displayName": sprintf("Group %s", [id]), "originId": gid, "originSystem": system}

run(catalogs, packages) := fs if {
	fs := em007.findings with input as {
		"now": "2026-11-20T09:00:00Z",
		"collections": {"accessPackageCatalogs": catalogs, "accessPackages": packages},
		"index": {"groups": {live: {"id": live}}},
	}
}

test_package_granting_deleted_group_is_flagged if {
	ap := {"id": "ap1", "displayName": "Project", "resourceRoleScopes": [scope(live, "AadGroup"), scope(dead, "AadGroup")]}
	cat := {"id": "c1", "displayName": "Cat", "resources": [resource("r1", live, "AadGroup"), resource("r2", dead, "AadGroup")]}
	fs := run([cat], [ap])
	count(fs) == 2
	some f in fs
	f.object.collection == "accessPackages"
	f.key == scope(dead, "AadGroup").id
	f.related == [{"collection": "groups", "id": dead, "displayName": "Group r2"}]
	contains(f.message, "grants the 'Member' role of group 'Group r2'")
	f.remediation.requests == [{"method": "DELETE", "path": sprintf("/identityGovernance/entitlementManagement/accessPackages/ap1/resourceRoleScopes/%s", [f.key])}]
	f.remediation.after.resourceRoleScopes == [scope(live, "AadGroup")]
	some g in fs
	g.object == {"collection": "accessPackageResources", "id": "r2", "displayName": "Group r2"}
	g.remediation.requests[0].body == {"requestType": "adminRemove", "resource": {"id": "r2", "originId": dead, "originSystem": "AadGroup"}, "catalog": {"id": "c1"}}
	g.remediation.after == null
}

test_existing_groups_and_other_resources_are_clean if {
	ap := {"id": "ap1", "displayName": "Project", "resourceRoleScopes": [scope(live, "AadGroup"), scope(dead, "AadApplication"), scope("https://contoso.sharepoint.com/sites/x", "SharePointOnline")]}
	cat := {"id": "c1", "displayName": "Cat", "resources": [resource("r1", live, "aadgroup"), resource("r3", dead, "AadApplication")]}
	count(run([cat], [ap])) == 0
}

test_missing_children_and_nulls_do_not_break_the_rule if {
	count(run([{"id": "c1", "resources": null}, {"id": "c2"}], [{"id": "ap1", "resourceRoleScopes": null}, {"id": "ap2"}])) == 0
	count(run([{"id": "c1", "resources": [{"id": "r", "originSystem": "AadGroup", "originId": null}]}], [])) == 0
}

test_group_from_role_origin_when_scope_missing if {
	rrs := object.union(scope(dead, "AadGroup"), {"scope": null})
	fs := run([], [{"id": "ap1", "displayName": "P", "resourceRoleScopes": [rrs]}])
	some f in fs
	f.related[0].id == dead
	f.related[0].displayName == dead
}
