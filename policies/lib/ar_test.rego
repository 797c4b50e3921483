package govlint.lib.ar_test

import data.govlint.lib.ar
import rego.v1

gr := "f2ef992c-3afb-46b9-b7cf-a126ee74c451"

test_str_is_empty_for_missing_null_and_non_strings if {
	ar.str({"a": "x"}, "a") == "x"
	ar.str({"a": null}, "a") == ""
	ar.str({"a": 3}, "a") == ""
	ar.str({}, "a") == ""
	ar.str(null, "a") == ""
}

test_has_is_case_insensitive_and_null_safe if {
	ar.has({"decision": "APPROVE"}, "decision", "Approve")
	not ar.has({"decision": null}, "decision", "Approve")
	ar.has({}, "decision", "")
}

test_identity_id_skips_nobody if {
	ar.identity_id({"id": "ABC"}) == "abc"
	not ar.identity_id({"id": "00000000-0000-0000-0000-000000000000"})
	not ar.identity_id({"id": ""})
	not ar.identity_id(null)
}

test_principal_collection_from_type_or_link if {
	ar.principal_collection({"principal": {"@odata.type": "#microsoft.graph.servicePrincipalIdentity"}}) == "servicePrincipals"
	ar.principal_collection({"principal": {"id": "g"}, "principalLink": "https://graph.microsoft.com/v1.0/groups/g"}) == "groups"
	ar.principal_collection({"principal": {"id": "x"}}) == "directoryObjects"
}

test_scope_queries_cover_all_scope_shapes if {
	ar.scope_queries({"query": "/Groups/X"}) == {"/groups/x"}
	ar.scope_queries({
		"@odata.type": "#microsoft.graph.principalResourceMembershipsScope",
		"principalScopes": [{"query": "/v1.0/users"}],
		"resourceScopes": [{"query": "/beta/roleManagement/directory/roleDefinitions/R"}],
	}) == {"/v1.0/users", "/beta/rolemanagement/directory/roledefinitions/r"}
	ar.scope_queries(null) == set()
}

test_role_ids_in_both_query_forms if {
	ar.role_ids(lower(sprintf("/roleManagement/directory/roleDefinitions/%s", [gr]))) == {gr}
	ar.role_ids(lower(sprintf("/beta/roleManagement/directory/roleDefinitions/%s?$x=1", [upper(gr)]))) == {gr}
	ar.role_ids(lower(sprintf("/roleManagement/directory/roleAssignmentScheduleInstances?$filter=(assignmentType eq 'Assigned' and roleDefinitionId eq '%s')", [gr]))) == {gr}
	ar.role_ids(lower(sprintf("/x?$filter=roleDefinitionId+eq+%%27%s%%27", [gr]))) == {gr}
	ar.role_ids("/groups/98f41dad-68d5-42f6-a50f-ddd75c5c5539/members") == set()
}

test_definition_queries_include_enumeration_and_instance_scopes if {
	d := {
		"scope": {"query": "./members"},
		"instanceEnumerationScope": {"query": "/groups"},
		"instances": [{"scope": {"query": "/groups/G/members"}}, {"scope": null}],
	}
	ar.definition_queries(d) == {"./members", "/groups", "/groups/g/members"}
}

test_removal_requests_for_group_decisions_only if {
	g := "98f41dad-68d5-42f6-a50f-ddd75c5c5539"
	dec := {"principal": {"id": "p1"}, "resourceLink": sprintf("https://graph.microsoft.com/v1.0/groups/%s", [g])}
	ar.removal_requests({}, {}, dec) == [{"method": "DELETE", "path": sprintf("/groups/%s/members/p1/$ref", [g])}]

	# no resourceLink: the instance scope names the group
	inst := {"scope": {"query": sprintf("/v1.0/groups/%s/members/microsoft.graph.user", [g])}}
	ar.removal_requests({}, inst, {"principal": {"id": "p1"}}) == [{"method": "DELETE", "path": sprintf("/groups/%s/members/p1/$ref", [g])}]
	ar.removal_requests({"scope": {"query": "/roleManagement/directory/roleDefinitions/x"}}, {}, {"principal": {"id": "p1"}}) == []
}

test_instance_alone_drops_children if {
	ar.instance_alone({"id": "i", "status": "InProgress", "decisions": [1], "contactedReviewers": [2], "stages": []}) == {"id": "i", "status": "InProgress"}
}

test_access_is_principal_to_resource if {
	dec := {"id": "d", "decision": "Deny", "principal": {"id": "p"}, "resourceLink": "https://graph.microsoft.com/v1.0/groups/g"}
	ar.access(dec) == {"principal": {"id": "p"}, "resource": null, "resourceLink": "https://graph.microsoft.com/v1.0/groups/g"}
}
