package govlint.rules.em004_test

import data.govlint.rules.em004
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

org(id, overrides) := object.union(
	{
		"id": id, "displayName": sprintf("Org %s", [id]), "description": "", "state": "configured",
		"createdDateTime": "2024-05-02T08:00:00Z", "modifiedDateTime": "2024-05-02T08:00:00Z",
		"identitySources": [{"@odata.type": "#microsoft.graph.azureActiveDirectoryTenant", "tenantId": "2d4a0d6b-0a5f-4b70-9f0a-6bf1e6b2f1b3", "displayName": "Partner"}],
		"internalSponsors": [], "externalSponsors": [],
	},
	overrides,
)

user_sponsor := {"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Sara Sponsor"}

group_sponsor := {"@odata.type": "#microsoft.graph.group", "id": "g1", "displayName": "Guest sponsors"}

run(orgs) := fs if {
	fs := em004.findings with input as object.union(base, {"collections": {"connectedOrganizations": orgs}})
}

test_org_without_sponsors_is_flagged if {
	fs := run([org("o1", {})])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "connectedOrganizations", "id": "o1", "displayName": "Org o1"}
	f.message == "Connected organization 'Org o1' (state configured) has no internal or external sponsor: nobody is named to approve its users' requests or answer for their access."
	contains(f.remediation.summary, "{sponsor-user-id}")
	[req] := f.remediation.requests
	req.method == "POST"
	req.path == "/identityGovernance/entitlementManagement/connectedOrganizations/o1/internalSponsors/$ref"
	req.body == {"@odata.id": "https://graph.microsoft.com/v1.0/users/{sponsor-user-id}"}
	f.remediation.patch == {"internalSponsors": [{"@odata.type": "#microsoft.graph.user", "id": "{sponsor-user-id}"}]}
}

test_org_with_an_internal_user_sponsor_is_clean if {
	count(run([org("o2", {"internalSponsors": [user_sponsor]})])) == 0
}

test_group_sponsor_counts if {
	count(run([org("o3", {"internalSponsors": [group_sponsor]})])) == 0
}

test_external_sponsor_alone_counts if {
	count(run([org("o4", {"externalSponsors": [user_sponsor]})])) == 0
}

test_proposed_org_is_still_checked if {
	fs := run([org("o5", {"state": "proposed"})])
	some f in fs
	f.object.id == "o5"
	contains(f.message, "(state proposed)")
}

test_missing_or_null_sponsor_lists_count_as_empty if {
	bare := {"id": "o6", "displayName": "Bare", "state": "configured", "internalSponsors": null}
	fs := run([bare])
	some f in fs
	f.object.id == "o6"
}

test_request_targets_the_tenant_cloud if {
	fs := em004.findings with input as {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "usgov"}, "collections": {"connectedOrganizations": [org("o7", {})]}}
	some f in fs
	f.remediation.requests[0].body["@odata.id"] == "https://graph.microsoft.us/v1.0/users/{sponsor-user-id}"
}
