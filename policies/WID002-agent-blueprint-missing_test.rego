package govlint.rules.wid002_test

import data.govlint.rules.wid002
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

run(agents, apps) := fs if {
	fs := wid002.findings with input as object.union(base, {"collections": {"agentIdentities": agents, "applications": apps}})
}

blueprint := {"@odata.type": "#microsoft.graph.agentIdentityBlueprint", "id": "obj-1", "appId": "app-1", "displayName": "BP"}

test_agent_of_a_deleted_blueprint_is_flagged if {
	fs := run([{"id": "a1", "displayName": "Orphan", "agentIdentityBlueprintId": "gone"}], [blueprint])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "agentIdentities", "id": "a1", "displayName": "Orphan"}
	contains(f.message, "blueprint gone, which no longer exists")
	f.remediation.requests == [{"method": "PATCH", "path": "/servicePrincipals/a1/microsoft.graph.agentIdentity", "body": {"accountEnabled": false}}]
}

test_agent_of_a_live_blueprint_is_clean_by_app_id_or_object_id if {
	count(run([{"id": "a2", "agentIdentityBlueprintId": "app-1"}, {"id": "a3", "agentIdentityBlueprintId": "obj-1"}], [blueprint])) == 0
}

test_agent_without_a_blueprint_id_is_not_judged if {
	count(run([{"id": "a4"}, {"id": "a5", "agentIdentityBlueprintId": null}], [])) == 0
}

test_a_disabled_agent_is_not_flagged if {
	count(run([{"id": "a6", "agentIdentityBlueprintId": "gone", "accountEnabled": false}], [blueprint])) == 0
	count(run([{"id": "a7", "agentIdentityBlueprintId": "gone", "accountEnabled": true}], [blueprint])) == 1
}
