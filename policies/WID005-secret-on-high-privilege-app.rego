# WID005 secret-on-high-privilege-app: an application whose service principal holds a
# high-privilege Microsoft Graph permission signs in with a client secret (a password anyone
# who sees it can use from anywhere), not a certificate or a federated credential.
# Doc: rules/WID005-secret-on-high-privilege-app.md
package govlint.rules.wid005

import data.govlint.lib.wid
import rego.v1

metadata := {
	"code": "WID005",
	"name": "secret-on-high-privilege-app",
	"title": "Client secret on an application holding a high-privilege permission",
	"severity": "high",
	"area": "wid",
	"reads": ["applications", "servicePrincipals"],
	"config": ["high_privilege_permissions"],
}

# The high-privilege permission names of each appId's service principal.
_high_by_app := {sp.appId: names |
	some sp in input.collections.servicePrincipals
	is_string(object.get(sp, "appId", null))
	names := {p.value | some p in wid.high_permissions(sp)}
	count(names) > 0
}

# An application's secrets, or a service principal's own (a secret added to the service
# principal directly works the same way).
_holders contains ["applications", o] if some o in input.collections.applications

_holders contains ["servicePrincipals", o] if some o in input.collections.servicePrincipals

findings contains f if {
	some [collection, o] in _holders
	secrets := wid.secrets(o)
	count(secrets) > 0
	names := _high_by_app[o.appId]

	ref := wid.ref(collection, o)
	base := sprintf("/%s/%s/removePassword", [collection, o.id])
	f := {
		"object": ref,
		"message": sprintf("%s holds %s on Microsoft Graph and signs in with %d client secret(s): a leaked secret is the tenant.", [ref.displayName, concat(", ", sort(names)), count(secrets)]),
		"remediation": {
			"summary": sprintf("Give %s a certificate or a federated credential (workload identity federation), move it over, then remove its secrets.", [ref.displayName]),
			"requests": [{"method": "POST", "path": base, "body": {"keyId": s.keyId}} | some s in secrets; is_string(object.get(s, "keyId", null))],
			"patch": {"passwordCredentials": []},
		},
	}
}
