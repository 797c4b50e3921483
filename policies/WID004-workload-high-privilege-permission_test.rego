package govlint.rules.wid004_test

import data.govlint.rules.wid004
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

high := {"Directory.ReadWrite.All": {"why": "x", "source": "y"}}

graph := {"id": "g", "appId": "00000003-0000-0000-c000-000000000000", "displayName": "Microsoft Graph", "appOwnerOrganizationId": "ms", "appRoles": [
	{"id": "r-dir", "value": "Directory.ReadWrite.All"},
	{"id": "r-user", "value": "User.Read.All"},
]}

other_api := {"id": "o", "appId": "other", "displayName": "Other API", "appRoles": [{"id": "r-o", "value": "Directory.ReadWrite.All"}]}

sp(id, extra, roles) := object.union({"id": id, "displayName": id, "appRoleAssignments": [
	{"id": sprintf("%s-%s", [id, r[1]]), "appRoleId": r[1], "resourceId": r[0], "principalId": id} | some r in roles
]}, extra)

run(sps) := fs if {
	fs := wid004.findings with input as object.union(base, {"collections": {"servicePrincipals": array.concat([graph, other_api], sps)}})
		with data.govlint.config.high_privilege_permissions as high
}

test_high_privilege_graph_permission_is_flagged_with_its_kind if {
	fs := run([
		sp("app", {"servicePrincipalType": "Application"}, [["g", "r-dir"], ["g", "r-user"]]),
		sp("agent", {"@odata.type": "#microsoft.graph.agentIdentity"}, [["g", "r-dir"]]),
		sp("mi", {"servicePrincipalType": "ManagedIdentity"}, [["g", "r-dir"]]),
	])
	{f.object.id: f.message | some f in fs} == {
		"app": "Application app holds Directory.ReadWrite.All on Microsoft Graph: whoever holds its credentials can take over the tenant.",
		"agent": "Agent identity agent holds Directory.ReadWrite.All on Microsoft Graph: whoever holds its credentials can take over the tenant.",
		"mi": "Managed identity mi holds Directory.ReadWrite.All on Microsoft Graph: whoever holds its credentials can take over the tenant.",
	}
	some f in fs
	f.object.id == "app"
	f.remediation.requests == [{"method": "DELETE", "path": "/servicePrincipals/app/appRoleAssignments/app-r-dir"}]
	[a] := f.remediation.after.appRoleAssignments
	a.appRoleId == "r-user"
}

test_low_privilege_or_other_resource_is_clean if {
	count(run([
		sp("reader", {}, [["g", "r-user"]]),
		sp("same-name-other-api", {}, [["o", "r-o"]]),
		sp("nothing", {}, []),
	])) == 0
}

test_deleted_assignment_is_ignored if {
	s := object.union(sp("gone", {}, [["g", "r-dir"]]), {"appRoleAssignments": [{"id": "x", "appRoleId": "r-dir", "resourceId": "g", "deletedDateTime": "2026-01-01T00:00:00Z"}]})
	count(run([s])) == 0
}
