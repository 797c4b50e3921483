# WID001 agent-without-sponsor: an agent identity, agent identity blueprint or agent user has
# no sponsor, so no person answers for what the agent does (EXT001, for agents).
# Doc: rules/WID001-agent-without-sponsor.md
package govlint.rules.wid001

import data.govlint.lib.wid
import rego.v1

metadata := {
	"code": "WID001",
	"name": "agent-without-sponsor",
	"title": "Agent identity, blueprint or agent user with no sponsor",
	"severity": "medium",
	"area": "wid",
	"reads": ["agentIdentities", "agentIdentityBlueprints", "agentUsers"],
}

# collection, what it is, and the path its sponsors are added at.
_kinds := [
	["agentIdentities", "Agent identity", "/servicePrincipals/%s/microsoft.graph.agentIdentity/sponsors/$ref"],
	["agentIdentityBlueprints", "Agent identity blueprint", "/applications/%s/microsoft.graph.agentIdentityBlueprint/sponsors/$ref"],
	["agentUsers", "Agent user", "/users/%s/sponsors/$ref"],
]

findings contains f if {
	some [collection, what, path] in _kinds
	some o in input.collections[collection]
	count(wid.sponsors(o)) == 0
	# A disabled agent user cannot act; its way out is deletion, not a sponsor.
	object.get(o, "accountEnabled", true) != false

	ref := wid.ref(collection, o)
	f := {
		"object": ref,
		"message": sprintf("%s %s has no sponsor: no person is accountable for what it does or reviews its access.", [what, ref.displayName]),
		"remediation": {
			"summary": sprintf("Make the person (or group) who answers for %s its sponsor: replace %s in the body with their id.", [ref.displayName, wid.sponsor_placeholder]),
			"requests": [{
				"method": "POST",
				"path": sprintf(path, [o.id]),
				"body": {"@odata.id": wid.user_odata_id(wid.sponsor_placeholder)},
			}],
			"patch": {"sponsors": [{"@odata.type": "#microsoft.graph.user", "id": wid.sponsor_placeholder}]},
		},
	}
}
