package govlint.rules.wid003_test

import data.govlint.rules.wid003
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

graph := "00000003-0000-0000-c000-000000000000"

high := {"RoleManagement.ReadWrite.Directory": {"why": "x", "source": "y"}}

bp(id, resource, scopes) := {"id": id, "displayName": id, "inheritablePermissions": [{"resourceAppId": resource, "inheritableScopes": scopes}]}

enumerated(s) := {"@odata.type": "#microsoft.graph.enumeratedScopes", "kind": "enumerated", "scopes": s}

run(bps) := fs if {
	fs := wid003.findings with input as object.union(base, {"collections": {"agentIdentityBlueprints": bps}})
		with data.govlint.config.high_privilege_permissions as high
}

test_high_privilege_inheritable_scope_is_flagged if {
	fs := run([bp("b1", graph, enumerated(["User.Read.All", "RoleManagement.ReadWrite.Directory"]))])
	count(fs) == 1
	some f in fs
	f.message == "Agent identity blueprint b1 hands RoleManagement.ReadWrite.Directory on Microsoft Graph to every agent made from it."
	[req] := f.remediation.requests
	req.path == sprintf("/applications/b1/microsoft.graph.agentIdentityBlueprint/inheritablePermissions/%s", [graph])
	req.body.inheritableScopes.scopes == ["User.Read.All"]
}

test_all_allowed_scopes_is_flagged if {
	count(run([bp("b2", graph, {"@odata.type": "#microsoft.graph.allAllowedScopes", "kind": "allAllowed"})])) == 1
}

test_low_privilege_scopes_and_other_resources_are_clean if {
	count(run([
		bp("b3", graph, enumerated(["User.Read.All"])),
		bp("b4", "some-other-api", enumerated(["RoleManagement.ReadWrite.Directory"])),
		bp("b5", graph, {"@odata.type": "#microsoft.graph.noScopes", "kind": "none"}),
	])) == 0
}
