# Helpers for the workload and agent identity rules (WID001–WID008) and PIM010: what kind of
# workload a service principal is, the application permissions it holds resolved to their
# names, its credentials, owners and sponsors. Pure, like govlint.lib; every helper checks
# types first, as Graph fields may be null.
package govlint.lib.wid

import rego.v1

# Microsoft Graph's application id: the resource of the permissions on the shipped list.
graph_app_id := "00000003-0000-0000-c000-000000000000"

# The id an admin replaces with the owner or sponsor they choose.
owner_placeholder := "{owner-user-id}"

sponsor_placeholder := "{sponsor-user-id}"

# `derived` is the `@odata.type` without its namespace ("" for a plain service principal).
derived(o) := t if {
	odata := object.get(o, "@odata.type", null)
	is_string(odata)
	t := trim_prefix(odata, "#microsoft.graph.")
} else := ""

is_agent_identity(sp) if derived(sp) == "agentIdentity"

is_blueprint_principal(sp) if derived(sp) == "agentIdentityBlueprintPrincipal"

is_managed_identity(sp) if object.get(sp, "servicePrincipalType", null) == "ManagedIdentity"

# What a workload is, in words, from a service principal or an expanded role `principal`.
kind(sp) := "agent identity" if {
	is_agent_identity(sp)
} else := "agent identity blueprint principal" if {
	is_blueprint_principal(sp)
} else := "managed identity" if {
	is_managed_identity(sp)
} else := "application"

# The workload types a role instance's expanded principal may have.
workload_types := {"servicePrincipal", "agentIdentity", "agentIdentityBlueprintPrincipal"}

# Registered and run by another organisation (Microsoft's first-party apps, multi-tenant
# apps): this tenant neither owns nor registers them. A managed identity has no owner
# organisation at all and is not "another organisation's".
is_external(sp) if {
	org := object.get(sp, "appOwnerOrganizationId", null)
	is_string(org)
	org != input.tenant.id
}

# Permission names by resource service principal id and app role id: built once, linear in
# the app roles of the tenant's service principals.
role_values := {sp.id: roles |
	some sp in input.collections.servicePrincipals
	is_array(object.get(sp, "appRoles", null))
	count(sp.appRoles) > 0
	roles := {r.id: r.value | some r in sp.appRoles; is_string(r.id); is_string(r.value)}
}

# The ids of Microsoft Graph's service principal (one per tenant).
graph_sp_ids := {sp.id | some sp in input.collections.servicePrincipals; sp.appId == graph_app_id}

# The app roles granted to a service principal: {assignment, value (the permission name, or
# the app role id when the resource does not define it), resource, high}.
permissions(sp) := [p |
	some a in _assignments(sp)
	value := object.get(object.get(role_values, a.resourceId, {}), a.appRoleId, a.appRoleId)
	p := {
		"assignment": a.id,
		"value": value,
		"resourceId": a.resourceId,
		"resource": object.get(a, "resourceDisplayName", a.resourceId),
		"high": _is_high(a.resourceId, value),
	}
]

_assignments(sp) := [a |
	some a in object.get(sp, "appRoleAssignments", [])
	is_object(a)
	is_string(object.get(a, "appRoleId", null))
	is_string(object.get(a, "resourceId", null))
	object.get(a, "deletedDateTime", null) == null
]

_is_high(resource_id, value) if {
	resource_id in graph_sp_ids
	data.govlint.config.high_privilege_permissions[value]
}

default _is_high(_, _) := false

high_permissions(sp) := [p | some p in permissions(sp); p.high]

is_high_permission(name) if data.govlint.config.high_privilege_permissions[name]

# Secrets and certificates of an application or service principal: [{kind, credential}].
credentials(o) := array.concat(
	[{"kind": "secret", "credential": c} | some c in _list(o, "passwordCredentials")],
	[{"kind": "certificate", "credential": c} | some c in _list(o, "keyCredentials")],
)

secrets(o) := _list(o, "passwordCredentials")

_list(o, key) := [c | some c in object.get(o, key, []); is_object(c)]

# Owners and sponsors embedded by the fetch; [] when null.
owners(o) := s if {
	s := o.owners
	is_array(s)
} else := []

sponsors(o) := s if {
	s := o.sponsors
	is_array(s)
} else := []

name(o) := n if {
	n := o.displayName
	is_string(n)
} else := o.id

ref(collection, o) := {"collection": collection, "id": o.id, "displayName": name(o)}

# Where Graph updates a service principal of this kind. An agent identity and a blueprint
# principal are updated through their type casts, whose least-privileged permissions are
# AgentIdentity.EnableDisable.All and AgentIdentityBlueprintPrincipal.EnableDisable.All
# (agentidentity-update, agentidentityblueprintprincipal-update); a plain `PATCH
# /servicePrincipals/{id}` of an agent identity needs its `@odata.type` in the body instead.
update_path(sp) := sprintf("/servicePrincipals/%s/microsoft.graph.%s", [sp.id, t]) if {
	t := derived(sp)
	t in {"agentIdentity", "agentIdentityBlueprintPrincipal"}
} else := sprintf("/servicePrincipals/%s", [sp.id])

# The `@odata.id` of a user, for `POST …/$ref` bodies, in the snapshot's cloud.
user_odata_id(id) := sprintf("%s/v1.0/users/%s", [_root, id])

_root := r if {
	r := _roots[input.tenant.cloud]
} else := "https://graph.microsoft.com"

_roots := {
	"global": "https://graph.microsoft.com",
	"usgov": "https://graph.microsoft.us",
	"usgovdod": "https://dod-graph.microsoft.us",
	"china": "https://microsoftgraph.chinacloudapi.cn",
}

# Nanoseconds of an RFC 3339 timestamp; undefined for null, "" and other strings.
ts_ns(t) := n if {
	is_string(t)
	count(t) >= 20
	substring(t, 4, 1) == "-"
	substring(t, 10, 1) == "T"
	n := time.parse_rfc3339_ns(t)
}

ns_per_day := ((24 * 60) * 60) * 1000000000
