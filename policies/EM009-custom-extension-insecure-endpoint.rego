# EM009 custom-extension-insecure-endpoint: a catalog's custom workflow extension calls its
# endpoint over plain HTTP, or has no authentication configuration, so the calls entitlement
# management makes (with the requestor's and the access package's details) can be read or forged.
# Doc: rules/EM009-custom-extension-insecure-endpoint.md
#
# Endpoint URLs can carry a SAS signature (`sig=`): messages name the host only, never the URL.
package govlint.rules.em009

import rego.v1

metadata := {
	"code": "EM009",
	"name": "custom-extension-insecure-endpoint",
	"title": "Custom extension calls a plain HTTP endpoint or has no authentication",
	"severity": "high",
	"area": "em",
	"reads": ["accessPackageCatalogs"],
}

resource_placeholder := "{resource-app-id}"

findings contains f if {
	some c in input.collections.accessPackageCatalogs
	some x in _array(object.get(c, "customWorkflowExtensions", []))
	problems := [p | some p in [_http_problem(x), _auth_problem(x)]; p != ""]
	count(problems) > 0

	name := _name(x)
	catalog := _name(c)
	patch := object.union(_endpoint_patch(x), _auth_patch(x))
	f := {
		"object": {"collection": "customWorkflowExtensions", "id": x.id, "displayName": name},
		"related": [{"collection": "accessPackageCatalogs", "id": c.id, "displayName": catalog}],
		"message": sprintf("Custom extension '%s' of catalog '%s' %s.", [name, catalog, concat(" and ", problems)]),
		"remediation": {
			"summary": sprintf("Make '%s' call its endpoint over HTTPS%s.%s PUT replaces the whole extension: re-read it first if it changed since the snapshot.", [name, _auth_summary(x), _placeholder_note(patch)]),
			# Graph v1.0 updates a catalog's extension with PUT: the body is the whole extension as
			# the snapshot holds it (without what Graph computes) with the fix.
			"requests": [{
				"method": "PUT",
				"path": sprintf("/identityGovernance/entitlementManagement/catalogs/%s/customWorkflowExtensions/%s", [c.id, x.id]),
				"body": object.union(object.remove(x, _not_writable), patch),
			}],
			"before": x,
			"patch": patch,
		},
	}
}

# The endpoint URL and the property that holds it: a Logic App's `url`, an HTTP endpoint's
# `targetUrl`.
_url(x) := [k, u] if {
	some k in ["url", "targetUrl"]
	u := object.get(x, ["endpointConfiguration", k], null)
	is_string(u)
}

_is_http(x) if {
	[_, u] := _url(x)
	startswith(lower(trim_space(u)), "http://")
}

_http_problem(x) := sprintf("calls its endpoint over plain HTTP (host %s)", [_host(u)]) if {
	_is_http(x)
	[_, u] := _url(x)
} else := ""

_auth_problem(x) := "has no authentication configuration" if {
	not is_object(object.get(x, "authenticationConfiguration", null))
} else := ""

# The host only: the path and query of a Logic App trigger URL carry its signature, and a URL
# can carry user:password before the host.
_host(u) := h if {
	m := regex.find_all_string_submatch_n(`^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)`, trim_space(u), 1)
	h := m[0][1]
} else := "unknown"

_endpoint_patch(x) := {"endpointConfiguration": {k: concat("", ["https://", substring(trim_space(u), 7, -1)])}} if {
	_is_http(x)
	[k, u] := _url(x)
} else := {}

_is_logic_app(x) if lower(object.get(x, ["endpointConfiguration", "@odata.type"], "")) == "#microsoft.graph.logicapptriggerendpointconfiguration"

# A Logic App validates entitlement management's proof-of-possession token; another endpoint
# needs an Entra token for the application it registered, which govlint cannot know.
_auth_patch(x) := {} if {
	is_object(object.get(x, "authenticationConfiguration", null))
} else := {"authenticationConfiguration": {"@odata.type": "#microsoft.graph.azureAdPopTokenAuthentication"}} if {
	_is_logic_app(x)
} else := {"authenticationConfiguration": {"@odata.type": "#microsoft.graph.azureAdTokenAuthentication", "resourceId": resource_placeholder}}

_auth_summary(x) := "" if {
	is_object(object.get(x, "authenticationConfiguration", null))
} else := " and authenticate its calls with an Entra token (configure the endpoint to validate it)"

_placeholder_note(patch) := sprintf(" govlint cannot choose the endpoint's application: replace %s in the body with the application (client) id the endpoint validates tokens for.", [resource_placeholder]) if {
	patch.authenticationConfiguration.resourceId == resource_placeholder
} else := " Check the endpoint answers on HTTPS before applying the change." if {
	patch.endpointConfiguration
} else := ""

_not_writable := {"createdDateTime", "lastModifiedDateTime", "createdBy", "lastModifiedBy"}

_name(o) := n if {
	n := o.displayName
	is_string(n)
	n != ""
} else := o.id

_array(x) := x if is_array(x) else := []
