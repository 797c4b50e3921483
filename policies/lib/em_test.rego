package govlint.lib.em_test

import data.govlint.lib.em
import rego.v1

test_external_scopes_ignore_case_and_nulls if {
	em.is_external({"allowedTargetScope": "allExternalUsers"})
	em.is_external({"allowedTargetScope": "SpecificConnectedOrganizationUsers"})
	em.is_external({"allowedTargetScope": "allConfiguredConnectedOrganizationUsers"})
	not em.is_external({"allowedTargetScope": "allMemberUsers"})
	not em.is_external({"allowedTargetScope": "allDirectoryUsers"})
	not em.is_external({"allowedTargetScope": null})
	not em.is_external({})
}

test_auto_assignment_is_the_presence_of_its_settings if {
	em.is_auto_assignment({"automaticRequestSettings": {"requestAccessForAllowedTargets": true}})
	not em.is_auto_assignment({"automaticRequestSettings": null})
	not em.is_auto_assignment({})
}

test_put_request_replaces_the_policy_with_the_patch if {
	p := {
		"id": "p1", "displayName": "P", "createdDateTime": "2025-01-01T00:00:00Z", "modifiedDateTime": "2025-01-02T00:00:00Z",
		"expiration": {"type": "noExpiration", "duration": null, "endDateTime": null},
		"accessPackage": {"id": "ap1", "displayName": "AP"},
	}
	r := em.put_request(p, {"expiration": {"type": "afterDuration", "duration": "P365D"}})
	r.method == "PUT"
	r.path == "/identityGovernance/entitlementManagement/assignmentPolicies/p1"
	r.body == {
		"id": "p1", "displayName": "P",
		"expiration": {"type": "afterDuration", "duration": "P365D", "endDateTime": null},
		"accessPackage": {"id": "ap1"},
	}
}

test_related_is_empty_without_an_access_package if {
	em.related({"id": "p", "accessPackage": null}) == []
	em.related({"id": "p", "accessPackage": {"id": "ap", "displayName": "AP"}}) == [{"collection": "accessPackages", "id": "ap", "displayName": "AP"}]
}

test_safe_parsers if {
	not em.duration_seconds(null)
	em.duration_seconds("P1D") == 86400
	not em.ts_ns("not a date")
	not em.ts_ns(null)
	em.ts_ns("2026-01-01T00:00:00Z") > 0
	not em.eq(null, "x")
	em.eq("NoExpiration", "noExpiration")
}
