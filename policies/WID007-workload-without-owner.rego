# WID007 workload-without-owner: an application registration or service principal of this
# tenant has no owner, so nobody is accountable for it, its credentials or its permissions.
# Doc: rules/WID007-workload-without-owner.md
package govlint.rules.wid007

import data.govlint.lib.wid
import rego.v1

metadata := {
	"code": "WID007",
	"name": "workload-without-owner",
	"title": "Application or service principal with no owner",
	"severity": "low",
	"area": "wid",
	"reads": ["applications", "servicePrincipals"],
}

# Agent identities answer to sponsors (WID001) and their blueprint's owners; managed
# identities have no owners by design; other organisations' apps are owned there.
_judged(sp) if {
	not wid.is_agent_identity(sp)
	not wid.is_managed_identity(sp)
	not wid.is_external(sp)
}

_holders contains ["applications", o] if some o in input.collections.applications

_holders contains ["servicePrincipals", o] if {
	some o in input.collections.servicePrincipals
	_judged(o)
}

findings contains f if {
	some [collection, o] in _holders
	count(wid.owners(o)) == 0

	ref := wid.ref(collection, o)
	what := {"applications": "Application registration", "servicePrincipals": "Service principal"}[collection]
	f := {
		"object": ref,
		"message": sprintf("%s %s has no owner: nobody is accountable for its credentials and permissions.", [what, ref.displayName]),
		"remediation": {
			"summary": sprintf("Make the person who answers for %s its owner: replace %s in the body with their id.", [ref.displayName, wid.owner_placeholder]),
			"requests": [{
				"method": "POST",
				"path": sprintf("/%s/%s/owners/$ref", [collection, o.id]),
				"body": {"@odata.id": wid.user_odata_id(wid.owner_placeholder)},
			}],
			"patch": {"owners": [{"@odata.type": "#microsoft.graph.user", "id": wid.owner_placeholder}]},
		},
	}
}
