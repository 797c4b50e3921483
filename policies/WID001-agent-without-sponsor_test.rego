package govlint.rules.wid001_test

import data.govlint.rules.wid001
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

sponsor := {"@odata.type": "#microsoft.graph.user", "id": "s1", "displayName": "Sara Sponsor"}

run(agents, blueprints, users) := fs if {
	fs := wid001.findings with input as object.union(base, {"collections": {
	"agentIdentities": agents, "agentIdentityBlueprints": blueprints, "agentUsers": users,
}})
}

test_each_kind_without_sponsor_is_flagged if {
	fs := run(
		[{"id": "a1", "displayName": "Agent", "sponsors": []}],
		[{"id": "b1", "displayName": "Blueprint"}],
		[{"id": "u1", "displayName": "Agent User", "sponsors": null, "accountEnabled": true}],
	)
	{[f.object.collection, f.object.id] | some f in fs} == {["agentIdentities", "a1"], ["agentIdentityBlueprints", "b1"], ["agentUsers", "u1"]}
	some f in fs
	f.object.id == "a1"
	f.message == "Agent identity Agent has no sponsor: no person is accountable for what it does or reviews its access."
	[req] := f.remediation.requests
	req.path == "/servicePrincipals/a1/microsoft.graph.agentIdentity/sponsors/$ref"
	req.body == {"@odata.id": "https://graph.microsoft.com/v1.0/users/{sponsor-user-id}"}
}

test_sponsored_agents_are_clean if {
	count(run(
		[{"id": "a1", "sponsors": [sponsor]}],
		[{"id": "b1", "sponsors": [{"@odata.type": "#microsoft.graph.group", "id": "g1"}]}],
		[{"id": "u1", "sponsors": [sponsor]}],
	)) == 0
}

test_disabled_agent_user_is_skipped if {
	count(run([], [], [{"id": "u2", "sponsors": [], "accountEnabled": false}])) == 0
}
