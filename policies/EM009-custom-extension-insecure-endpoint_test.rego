package govlint.rules.em009_test

import data.govlint.rules.em009
import rego.v1

logic_url := "https://prod-1.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-10-01&sig=secret-sig"

ext(id, endpoint, auth) := {
	"@odata.type": "#microsoft.graph.accessPackageAssignmentRequestWorkflowExtension",
	"id": id, "displayName": sprintf("ext %s", [id]), "description": "",
	"endpointConfiguration": endpoint, "authenticationConfiguration": auth,
}

logic(url) := {"@odata.type": "#microsoft.graph.logicAppTriggerEndpointConfiguration", "subscriptionId": "s", "resourceGroupName": "rg", "logicAppWorkflowName": "wf", "url": url}

http(url) := {"@odata.type": "#microsoft.graph.httpRequestEndpoint", "targetUrl": url}

pop := {"@odata.type": "#microsoft.graph.azureAdPopTokenAuthentication"}

run(exts) := fs if {
	fs := em009.findings with input as {"now": "2026-11-20T09:00:00Z", "collections": {"accessPackageCatalogs": [{"id": "c1", "displayName": "Partners", "customWorkflowExtensions": exts}]}}
}

test_plain_http_logic_app_is_flagged_without_leaking_the_signature if {
	fs := run([ext("x1", logic("http://prod-1.westeurope.logic.azure.com/workflows/abc?sig=secret-sig"), pop)])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "customWorkflowExtensions", "id": "x1", "displayName": "ext x1"}
	f.message == "Custom extension 'ext x1' of catalog 'Partners' calls its endpoint over plain HTTP (host prod-1.westeurope.logic.azure.com)."
	not contains(f.message, "sig")
	not contains(f.remediation.summary, "sig")
	[req] := f.remediation.requests
	req.method == "PUT"
	req.path == "/identityGovernance/entitlementManagement/catalogs/c1/customWorkflowExtensions/x1"
	req.body["@odata.type"] == "#microsoft.graph.accessPackageAssignmentRequestWorkflowExtension"
	req.body.endpointConfiguration.url == "https://prod-1.westeurope.logic.azure.com/workflows/abc?sig=secret-sig"
	req.body.authenticationConfiguration == pop
	req.body.displayName == "ext x1"
}

test_https_with_authentication_is_clean if {
	count(run([
		ext("x2", logic(logic_url), pop),
		ext("x3", http("https://hooks.contoso.example/elm"), {"@odata.type": "#microsoft.graph.azureAdTokenAuthentication", "resourceId": "app"}),
	])) == 0
}

test_missing_authentication_is_flagged if {
	fs := run([ext("x4", logic(logic_url), null), object.remove(ext("x5", http("https://hooks.contoso.example/elm"), null), ["authenticationConfiguration"])])
	{f.object.id | some f in fs} == {"x4", "x5"}
	some f4 in fs
	f4.object.id == "x4"
	endswith(f4.message, "has no authentication configuration.")
	f4.remediation.patch == {"authenticationConfiguration": pop}
	not contains(f4.remediation.summary, "{resource-app-id}")
	some f5 in fs
	f5.object.id == "x5"
	f5.remediation.patch.authenticationConfiguration.resourceId == "{resource-app-id}"
	contains(f5.remediation.summary, "{resource-app-id}")
}

test_both_problems_and_credentials_in_url if {
	fs := run([ext("x6", http("HTTP://user:pass@hooks.contoso.example:8080/elm"), null)])
	some f in fs
	f.message == "Custom extension 'ext x6' of catalog 'Partners' calls its endpoint over plain HTTP (host hooks.contoso.example) and has no authentication configuration."
	not contains(f.message, "pass")
	f.remediation.patch.endpointConfiguration.targetUrl == "https://user:pass@hooks.contoso.example:8080/elm"
}

test_catalog_without_extensions_and_null_endpoint if {
	count(run([])) == 0
	count(run([ext("x7", null, pop)])) == 0
}
