package govlint.rules.wid008_test

import data.govlint.rules.wid008
import rego.v1

now := "2026-11-20T09:00:00Z"

base := {"now": now, "now_ns": time.parse_rfc3339_ns(now), "tenant": {"id": "t", "cloud": "global"}}

graph := {"id": "g", "appId": "00000003-0000-0000-c000-000000000000", "appOwnerOrganizationId": "ms", "appRoles": [{"id": "r", "value": "User.Read.All"}]}

sp(id, roles) := {"id": id, "appId": sprintf("app-%s", [id]), "displayName": id, "appOwnerOrganizationId": "t", "appRoleAssignments": [{"id": "x", "appRoleId": r, "resourceId": "g"} | some r in roles]}

act(id, last) := {"id": sprintf("act-%s", [id]), "appId": sprintf("app-%s", [id]), "lastSignInActivity": {"lastSignInDateTime": last}}

run(sps, acts) := fs if {
	fs := wid008.findings with input as object.union(base, {"collections": {"servicePrincipals": array.concat([graph], sps), "servicePrincipalSignInActivities": acts}})
		with data.govlint.config.thresholds as {"workload_inactive_days": 90}
}

test_inactive_with_permissions_is_flagged if {
	fs := run([sp("old", ["r"]), sp("never", ["r"])], [act("old", "2026-05-04T09:00:00Z")])
	{f.object.id: f.message | some f in fs} == {
		"old": "Application old has not signed in for 200 days but still holds User.Read.All.",
		"never": "Application never has no recorded sign-in but still holds User.Read.All.",
	}
}

test_recent_or_without_permissions_is_clean if {
	count(run([sp("recent", ["r"]), sp("idle", [])], [act("recent", "2026-11-01T09:00:00Z"), act("idle", "2025-01-01T09:00:00Z")])) == 0
}

# Each kind is disabled through its own update: an agent identity and a blueprint principal
# through their type casts (whose EnableDisable permissions Graph documents), an app plainly.
test_each_kind_is_disabled_at_its_own_update_path if {
	agent := object.union(sp("agent", ["r"]), {"@odata.type": "#microsoft.graph.agentIdentity"})
	bp := object.union(sp("bp", ["r"]), {"@odata.type": "#microsoft.graph.agentIdentityBlueprintPrincipal"})
	fs := run([agent, bp, sp("app", ["r"])], [])
	{f.object.id: f.remediation.requests | some f in fs} == {
		"agent": [{"method": "PATCH", "path": "/servicePrincipals/agent/microsoft.graph.agentIdentity", "body": {"accountEnabled": false}}],
		"bp": [{"method": "PATCH", "path": "/servicePrincipals/bp/microsoft.graph.agentIdentityBlueprintPrincipal", "body": {"accountEnabled": false}}],
		"app": [{"method": "PATCH", "path": "/servicePrincipals/app", "body": {"accountEnabled": false}}],
	}
}

test_a_disabled_workload_is_not_flagged if {
	off := object.union(sp("off", ["r"]), {"accountEnabled": false})
	on := object.union(sp("on", ["r"]), {"accountEnabled": true})
	{f.object.id | some f in run([off, on], [])} == {"on"}
}
