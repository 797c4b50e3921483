# WID008 inactive-workload-with-permissions: a workload or agent identity that still holds
# application permissions has not signed in for `thresholds.workload_inactive_days` (default
# 90), or never. Doc: rules/WID008-inactive-workload-with-permissions.md
package govlint.rules.wid008

import data.govlint.lib.wid
import rego.v1

metadata := {
	"code": "WID008",
	"name": "inactive-workload-with-permissions",
	"title": "Inactive workload or agent identity still holds permissions",
	"severity": "medium",
	"area": "wid",
	"reads": ["servicePrincipals", "servicePrincipalSignInActivities"],
	"config": ["thresholds"],
}

_days_limit := object.get(data.govlint.config.thresholds, "workload_inactive_days", 90)

# The last sign-in of each appId, in any role (client or resource, app-only or delegated).
_last := {a.appId: t |
	some a in input.collections.servicePrincipalSignInActivities
	is_string(object.get(a, "appId", null))
	t := wid.ts_ns(object.get(object.get(a, "lastSignInActivity", {}), "lastSignInDateTime", null))
}

findings contains f if {
	some sp in input.collections.servicePrincipals
	not wid.is_external(sp)

	# A disabled workload cannot sign in to use its permissions (this rule's fix disables it).
	object.get(sp, "accountEnabled", true) != false
	perms := wid.permissions(sp)
	count(perms) > 0
	when := _inactive(sp)

	ref := wid.ref("servicePrincipals", sp)
	names := concat(", ", sort({p.value | some p in perms}))
	f := {
		"object": ref,
		"message": sprintf("%s %s %s but still holds %s.", [_title(wid.kind(sp)), ref.displayName, when, names]),
		"remediation": {
			"summary": sprintf("Confirm with its owner that %s is unused, then disable it (and later delete it); if it is used, find out why it has no sign-ins.", [ref.displayName]),
			"requests": [{"method": "PATCH", "path": wid.update_path(sp), "body": {"accountEnabled": false}}],
			"patch": {"accountEnabled": false},
		},
	}
}

_inactive(sp) := sprintf("has not signed in for %d days", [days]) if {
	t := _last[sp.appId]
	days := floor((input.now_ns - t) / wid.ns_per_day)
	days >= _days_limit
} else := "has no recorded sign-in" if {
	not _last[sp.appId]
}

_title(k) := concat("", [upper(substring(k, 0, 1)), substring(k, 1, -1)])
