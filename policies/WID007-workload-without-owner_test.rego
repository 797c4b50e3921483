package govlint.rules.wid007_test

import data.govlint.rules.wid007
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

owner := {"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Owner"}

run(apps, sps) := fs if {
	fs := wid007.findings with input as object.union(base, {"collections": {"applications": apps, "servicePrincipals": sps}})
}

test_unowned_app_and_service_principal_are_flagged if {
	fs := run([{"id": "a1", "displayName": "CRM", "owners": []}], [{"id": "s1", "displayName": "CRM", "appOwnerOrganizationId": "t", "owners": []}])
	{[f.object.collection, f.object.id] | some f in fs} == {["applications", "a1"], ["servicePrincipals", "s1"]}
	some f in fs
	f.object.id == "a1"
	f.message == "Application registration CRM has no owner: nobody is accountable for its credentials and permissions."
	f.remediation.requests[0].path == "/applications/a1/owners/$ref"
}

test_owned_managed_agent_and_external_are_clean if {
	count(run(
		[{"id": "a2", "owners": [owner]}],
		[
			{"id": "s2", "appOwnerOrganizationId": "t", "owners": [owner]},
			{"id": "mi", "servicePrincipalType": "ManagedIdentity", "appOwnerOrganizationId": null, "owners": []},
			{"id": "ag", "@odata.type": "#microsoft.graph.agentIdentity", "appOwnerOrganizationId": "t", "owners": []},
			{"id": "ms", "appOwnerOrganizationId": "f8cdef31-a31e-4b4a-93e4-5f571e91255a", "owners": []},
		],
	)) == 0
}
