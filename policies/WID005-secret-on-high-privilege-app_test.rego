package govlint.rules.wid005_test

import data.govlint.rules.wid005
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

high := {"RoleManagement.ReadWrite.Directory": {"why": "x", "source": "y"}}

graph := {"id": "g", "appId": "00000003-0000-0000-c000-000000000000", "appRoles": [{"id": "r-rm", "value": "RoleManagement.ReadWrite.Directory"}, {"id": "r-u", "value": "User.Read.All"}]}

sp(app, role) := {"id": sprintf("sp-%s", [app]), "appId": app, "displayName": app, "appRoleAssignments": [{"id": "a", "appRoleId": role, "resourceId": "g"}]}

app(id, secrets, certs) := {"id": sprintf("app-%s", [id]), "appId": id, "displayName": id, "passwordCredentials": secrets, "keyCredentials": certs}

secret := {"keyId": "k1", "displayName": "prod", "startDateTime": "2026-01-01T00:00:00Z", "endDateTime": "2026-06-01T00:00:00Z"}

run(apps, sps) := fs if {
	fs := wid005.findings with input as object.union(base, {"collections": {"applications": apps, "servicePrincipals": array.concat([graph], sps)}})
		with data.govlint.config.high_privilege_permissions as high
}

test_secret_on_high_privilege_app_is_flagged if {
	fs := run([app("a1", [secret], [])], [sp("a1", "r-rm")])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "applications", "id": "app-a1", "displayName": "a1"}
	f.remediation.requests == [{"method": "POST", "path": "/applications/app-a1/removePassword", "body": {"keyId": "k1"}}]
}

test_secret_on_the_service_principal_itself_is_flagged if {
	s := object.union(sp("a2", "r-rm"), {"passwordCredentials": [secret]})
	fs := run([], [s])
	{f.object.collection | some f in fs} == {"servicePrincipals"}
}

test_certificate_only_or_low_privilege_is_clean if {
	count(run(
		[app("a3", [], [{"keyId": "c", "type": "AsymmetricX509Cert"}]), app("a4", [secret], [])],
		[sp("a3", "r-rm"), sp("a4", "r-u")],
	)) == 0
}
