package govlint.rules.wid006_test

import data.govlint.rules.wid006
import rego.v1

now := "2026-11-20T09:00:00Z"

base := {"now": now, "now_ns": time.parse_rfc3339_ns(now), "tenant": {"id": "t", "cloud": "global"}}

secret(id, start, end) := {"keyId": id, "displayName": id, "startDateTime": start, "endDateTime": end}

cert(id, start, end) := object.union(secret(id, start, end), {"type": "AsymmetricX509Cert", "usage": "Verify"})

run(apps) := fs if {
	fs := wid006.findings with input as object.union(base, {"collections": {"applications": apps, "servicePrincipals": []}})
		with data.govlint.config.thresholds as {"credential_max_lifetime_days": 180}
}

test_long_lived_secret_is_flagged if {
	fs := run([{"id": "a1", "displayName": "CRM", "passwordCredentials": [secret("forever", "2026-01-01T00:00:00Z", "2028-01-01T00:00:00Z")], "keyCredentials": []}])
	count(fs) == 1
	some f in fs
	f.key == "forever"
	f.message == "The secret forever of CRM is valid for 730 days, more than the 180 allowed."
	f.remediation.requests == [{"method": "POST", "path": "/applications/a1/removePassword", "body": {"keyId": "forever"}}]
	f.remediation.patch == {"passwordCredentials": []}
}

test_expired_certificate_is_flagged if {
	fs := run([{"id": "a2", "displayName": "Old", "keyCredentials": [cert("old", "2025-01-01T00:00:00Z", "2026-11-10T09:00:00Z")]}])
	some f in fs
	f.message == "The certificate old of Old expired 10 days ago and is still present."
	[req] := f.remediation.requests
	req.path == "/applications/a2/removeKey"
}

test_exactly_the_limit_and_short_lived_are_clean if {
	count(run([{"id": "a3", "displayName": "Ok", "passwordCredentials": [
		secret("s180", "2026-06-01T09:00:00Z", "2026-11-28T09:00:00Z"),
		secret("s90", "2026-10-01T00:00:00Z", "2026-12-30T00:00:00Z"),
	]}])) == 0
}

test_threshold_is_configurable if {
	fs := wid006.findings with input as object.union(base, {"collections": {"applications": [{"id": "a4", "passwordCredentials": [secret("s90", "2026-10-01T00:00:00Z", "2026-12-30T00:00:00Z")]}], "servicePrincipals": []}})
		with data.govlint.config.thresholds as {"credential_max_lifetime_days": 30}
	count(fs) == 1
}
