# WID006 credential-lifetime: a secret or certificate of an application or service principal
# is valid for longer than `thresholds.credential_max_lifetime_days` (default 180), or has
# expired and is still there. Doc: rules/WID006-credential-lifetime.md
package govlint.rules.wid006

import data.govlint.lib.wid
import rego.v1

metadata := {
	"code": "WID006",
	"name": "credential-lifetime",
	"title": "Credential valid too long, or expired but still present",
	"severity": "medium",
	"area": "wid",
	"reads": ["applications", "servicePrincipals"],
	"config": ["thresholds"],
}

_max_days := object.get(data.govlint.config.thresholds, "credential_max_lifetime_days", 180)

_holders contains ["applications", o] if some o in input.collections.applications

_holders contains ["servicePrincipals", o] if some o in input.collections.servicePrincipals

findings contains f if {
	some [collection, o] in _holders
	some c in wid.credentials(o)
	cred := c.credential
	key_id := object.get(cred, "keyId", null)
	is_string(key_id)
	problem := _problem(cred)

	ref := wid.ref(collection, o)
	label := _label(c.kind, cred)
	f := {
		"object": ref,
		"key": key_id,
		"message": sprintf("%s of %s %s.", [label, ref.displayName, problem]),
		"remediation": {
			"summary": sprintf("Replace %s of %s with one valid for at most %d days (a certificate or a federated credential rather than a secret), then remove it.", [label, ref.displayName, _max_days]),
			"requests": [_removal(collection, o.id, c.kind, key_id)],
			"patch": {_list_key[c.kind]: [x | some x in object.get(o, _list_key[c.kind], []); object.get(x, "keyId", null) != key_id]},
		},
	}
}

_list_key := {"secret": "passwordCredentials", "certificate": "keyCredentials"}

_label(kind, cred) := sprintf("The %s %s", [kind, n]) if {
	n := cred.displayName
	is_string(n)
	n != ""
} else := sprintf("The %s %s", [kind, cred.keyId])

_problem(cred) := sprintf("expired %d days ago and is still present", [_days(now - end)]) if {
	end := wid.ts_ns(cred.endDateTime)
	now := input.now_ns
	end < now
} else := sprintf("is valid for %d days, more than the %d allowed", [days, _max_days]) if {
	start := wid.ts_ns(cred.startDateTime)
	end := wid.ts_ns(cred.endDateTime)
	days := _days(end - start)
	days > _max_days
}

_days(ns) := floor(ns / wid.ns_per_day)

# Removing a secret needs its keyId; removing a certificate also needs a proof of possession
# signed with one of the application's own certificates, which govlint cannot make.
_removal(collection, id, "secret", key_id) := {"method": "POST", "path": sprintf("/%s/%s/removePassword", [collection, id]), "body": {"keyId": key_id}}

_removal(collection, id, "certificate", key_id) := {"method": "POST", "path": sprintf("/%s/%s/removeKey", [collection, id]), "body": {"keyId": key_id, "proof": "{proof-of-possession-jwt}"}}
