package govlint.rules.em008_test

import data.govlint.rules.em008
import rego.v1

grp := "11111111-1111-4111-8111-111111111111"

other := "33333333-3333-4333-8333-333333333333"

dead := "22222222-2222-4222-8222-222222222222"

site := "https://contoso.sharepoint.com/sites/tango"

rrs(origin, system) := {
	"id": sprintf("r_%s", [origin]),
	"role": {"id": "r", "displayName": "Member", "originSystem": system, "originId": sprintf("Member_%s", [origin])},
	"scope": {"id": "s", "displayName": "Root", "originId": origin, "originSystem": system, "isRootScope": true},
}

resource(id, origin, system) := {"id": id, "displayName": sprintf("Res %s", [id]), "originId": origin, "originSystem": system}

run(catalogs, packages) := fs if {
	fs := em008.findings with input as {
		"now": "2026-11-20T09:00:00Z",
		"collections": {"accessPackageCatalogs": catalogs, "accessPackages": packages},
		"index": {"groups": {grp: {"id": grp}, other: {"id": other}}},
	}
}

cat := {"id": "c1", "displayName": "Partners", "resources": [
	resource("r1", grp, "AadGroup"),
	resource("r2", site, "SharePointOnline"),
	resource("r3", other, "AadGroup"),
]}

test_unused_resource_is_flagged if {
	fs := run([cat], [{"id": "ap1", "resourceRoleScopes": [rrs(grp, "AadGroup"), rrs(upper(site), "sharepointonline")]}])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "accessPackageResources", "id": "r3", "displayName": "Res r3"}
	f.related == [{"collection": "accessPackageCatalogs", "id": "c1", "displayName": "Partners"}]
	f.message == "Catalog 'Partners' holds resource 'Res r3' (AadGroup) but no access package grants any of its roles."
	f.remediation.requests[0].body.requestType == "adminRemove"
	f.remediation.after == null
}

test_resources_used_by_any_package_are_clean if {
	pkgs := [
		{"id": "ap1", "resourceRoleScopes": [rrs(grp, "AadGroup")]},
		{"id": "ap2", "resourceRoleScopes": [rrs(site, "SharePointOnline"), rrs(other, "AadGroup")]},
	]
	count(run([cat], pkgs)) == 0
}

test_deleted_group_is_left_to_em007 if {
	c := {"id": "c2", "resources": [resource("r4", dead, "AadGroup")]}
	count(run([c], [])) == 0
}

test_empty_tenant_and_nulls if {
	count(run([{"id": "c3", "resources": null}, {"id": "c4"}], [{"id": "ap", "resourceRoleScopes": null}])) == 0
	# A resource with no origin cannot be matched and is not judged.
	count(run([{"id": "c5", "resources": [{"id": "r5", "originSystem": "AadGroup", "originId": null}]}], [])) == 0
}

# A package uses the resources of its own catalog only: the same group in another catalog,
# granted by no package of that catalog, is unused there.
test_resource_used_only_by_another_catalogs_package_is_flagged if {
	c2 := {"id": "c2", "displayName": "Archive", "resources": [resource("r9", grp, "AadGroup")]}
	pkgs := [{"id": "ap1", "catalog": {"id": "C1"}, "resourceRoleScopes": [rrs(grp, "AadGroup"), rrs(site, "SharePointOnline"), rrs(other, "AadGroup")]}]
	fs := run([cat, c2], pkgs)
	count(fs) == 1
	some f in fs
	f.object.id == "r9"
	f.related[0].id == "c2"
}

# A package of the resource's own catalog uses it (catalog ids compare case-insensitively).
test_package_of_the_same_catalog_uses_it if {
	c2 := {"id": "c2", "displayName": "Archive", "resources": [resource("r9", grp, "AadGroup")]}
	pkgs := [
		{"id": "ap1", "catalog": {"id": "c1"}, "resourceRoleScopes": [rrs(grp, "AadGroup"), rrs(site, "SharePointOnline"), rrs(other, "AadGroup")]},
		{"id": "ap2", "catalog": {"id": "C2"}, "resourceRoleScopes": [rrs(grp, "AadGroup")]},
	]
	count(run([cat, c2], pkgs)) == 0
}

# A package without `catalog` (an older snapshot) counts for every catalog, as before.
test_package_without_catalog_counts_everywhere if {
	c2 := {"id": "c2", "displayName": "Archive", "resources": [resource("r9", grp, "AadGroup")]}
	pkgs := [{"id": "ap1", "resourceRoleScopes": [rrs(grp, "AadGroup"), rrs(site, "SharePointOnline"), rrs(other, "AadGroup")]}]
	count(run([cat, c2], pkgs)) == 0
}
