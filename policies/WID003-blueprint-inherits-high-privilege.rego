# WID003 blueprint-inherits-high-privilege: an agent identity blueprint's inheritable
# permissions hand a high-privilege Microsoft Graph permission to every agent made from it.
# Doc: rules/WID003-blueprint-inherits-high-privilege.md
package govlint.rules.wid003

import data.govlint.lib.wid
import rego.v1

metadata := {
	"code": "WID003",
	"name": "blueprint-inherits-high-privilege",
	"title": "Blueprint hands a high-privilege permission to every agent",
	"severity": "high",
	"area": "wid",
	"reads": ["agentIdentityBlueprints"],
	"config": ["high_privilege_permissions"],
}

findings contains f if {
	some bp in input.collections.agentIdentityBlueprints
	some p in object.get(bp, "inheritablePermissions", [])
	object.get(p, "resourceAppId", null) == wid.graph_app_id
	scopes := object.get(p, "inheritableScopes", {})
	high := _high(scopes)
	count(high) > 0

	ref := wid.ref("agentIdentityBlueprints", bp)
	names := concat(", ", sort(high))
	kept := [s | some s in _enumerated(scopes); not wid.is_high_permission(s)]
	f := {
		"object": ref,
		"key": wid.graph_app_id,
		"message": sprintf("Agent identity blueprint %s hands %s on Microsoft Graph to every agent made from it.", [ref.displayName, names]),
		"remediation": {
			"summary": sprintf("Take %s off what %s's agents inherit; grant it, if at all, to the one agent that needs it.", [names, ref.displayName]),
			"requests": [{
				"method": "PATCH",
				"path": sprintf("/applications/%s/microsoft.graph.agentIdentityBlueprint/inheritablePermissions/%s", [bp.id, wid.graph_app_id]),
				"body": {"inheritableScopes": {"@odata.type": "#microsoft.graph.enumeratedScopes", "kind": "enumerated", "scopes": kept}},
			}],
			"before": bp,
			"after": object.union(bp, {"inheritablePermissions": [_narrowed(q, kept) | some q in bp.inheritablePermissions]}),
		},
	}
}

_enumerated(scopes) := s if {
	s := scopes.scopes
	is_array(s)
} else := []

# Every scope the resource has, high-privilege ones included.
_high(scopes) := ["every permission (allAllowedScopes)"] if {
	object.get(scopes, "@odata.type", "") == "#microsoft.graph.allAllowedScopes"
} else := ["every permission (allAllowedScopes)"] if {
	object.get(scopes, "kind", "") == "allAllowed"
} else := [s | some s in _enumerated(scopes); wid.is_high_permission(s)]

_narrowed(q, kept) := object.union(q, {"inheritableScopes": {"@odata.type": "#microsoft.graph.enumeratedScopes", "kind": "enumerated", "scopes": kept}}) if {
	q.resourceAppId == wid.graph_app_id
} else := q
