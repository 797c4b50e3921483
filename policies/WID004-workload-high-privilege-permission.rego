# WID004 workload-high-privilege-permission: a workload or agent identity (an application's
# service principal, a managed identity, an agent identity) holds a high-privilege Microsoft
# Graph application permission from the shipped list (policies/data/high_privilege_permissions.json).
# Doc: rules/WID004-workload-high-privilege-permission.md
package govlint.rules.wid004

import data.govlint.lib.wid
import rego.v1

metadata := {
	"code": "WID004",
	"name": "workload-high-privilege-permission",
	"title": "Workload or agent identity holds a high-privilege Graph permission",
	"severity": "high",
	"area": "wid",
	"reads": ["servicePrincipals"],
	"config": ["high_privilege_permissions"],
}

findings contains f if {
	some sp in input.collections.servicePrincipals
	high := wid.high_permissions(sp)
	count(high) > 0

	ref := wid.ref("servicePrincipals", sp)
	names := concat(", ", sort({p.value | some p in high}))
	f := {
		"object": ref,
		"message": sprintf("%s %s holds %s on Microsoft Graph: whoever holds its credentials can take over the tenant.", [_title(wid.kind(sp)), ref.displayName, names]),
		"remediation": {
			"summary": sprintf("Remove %s from %s and grant the narrowest permission its task needs instead.", [names, ref.displayName]),
			"requests": [r |
				some p in high
				r := {"method": "DELETE", "path": sprintf("/servicePrincipals/%s/appRoleAssignments/%s", [sp.id, p.assignment])}
			],
			"before": sp,
			"after": object.union(sp, {"appRoleAssignments": [a |
				some a in object.get(sp, "appRoleAssignments", [])
				not a.id in {p.assignment | some p in high}
			]}),
		},
	}
}

_title(k) := concat("", [upper(substring(k, 0, 1)), substring(k, 1, -1)])
