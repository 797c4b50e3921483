# WID002 agent-blueprint-missing: an agent identity's blueprint no longer exists, so nothing
# governs the agent any more (its blueprint's sponsors, owners and inheritable permissions).
# Doc: rules/WID002-agent-blueprint-missing.md
package govlint.rules.wid002

import data.govlint.lib.wid
import rego.v1

metadata := {
	"code": "WID002",
	"name": "agent-blueprint-missing",
	"title": "Agent identity whose blueprint no longer exists",
	"severity": "high",
	"area": "wid",
	"reads": ["agentIdentities", "applications"],
}

# The applications by appId and by id: Graph's agentIdentityBlueprintId is the blueprint's
# appId; an object id is accepted too, so a tenant that records either is judged the same.
_apps := {k |
	some a in input.collections.applications
	some k in [object.get(a, "appId", null), a.id]
	is_string(k)
}

findings contains f if {
	some agent in input.collections.agentIdentities

	# A disabled agent cannot act (this rule's own fix disables it).
	object.get(agent, "accountEnabled", true) != false
	bp := object.get(agent, "agentIdentityBlueprintId", null)
	is_string(bp)
	bp != ""
	not _apps[bp]

	ref := wid.ref("agentIdentities", agent)
	f := {
		"object": ref,
		"message": sprintf("Agent identity %s was made from blueprint %s, which no longer exists: no blueprint owner, sponsor or policy governs it.", [ref.displayName, bp]),
		"remediation": {
			"summary": sprintf("Disable %s (then delete it once nothing depends on it), or recreate it from a blueprint that exists.", [ref.displayName]),
			"requests": [{
				"method": "PATCH",
				# The agent's own update (agentidentity-update): least privilege is
				# AgentIdentity.EnableDisable.All, and the cast refuses any other kind of object.
				"path": sprintf("/servicePrincipals/%s/microsoft.graph.agentIdentity", [agent.id]),
				"body": {"accountEnabled": false},
			}],
			"patch": {"accountEnabled": false},
		},
	}
}
