# EM012 extension-without-approval: an access package assignment policy requires approval for
# new requests but not for extensions (isApprovalRequiredForUpdate false) while requestors can
# extend their own access, so an approved assignment can be renewed indefinitely unapproved.
# Doc: rules/EM012-extension-without-approval.md
package govlint.rules.em012

import data.govlint.lib.em
import rego.v1

metadata := {
	"code": "EM012",
	"name": "extension-without-approval",
	"title": "Access package policy approves new requests but not extensions",
	"severity": "medium",
	"area": "em",
	"reads": ["accessPackageAssignmentPolicies"],
}

patch := {"requestApprovalSettings": {"isApprovalRequiredForUpdate": true}}

findings contains f if {
	some p in input.collections.accessPackageAssignmentPolicies
	ras := object.get(p, "requestApprovalSettings", null)
	is_object(ras)
	object.get(ras, "isApprovalRequiredForAdd", null) == true
	object.get(ras, "isApprovalRequiredForUpdate", null) == false
	object.get(p, ["requestorSettings", "enableTargetsToSelfUpdateAccess"], null) == true

	policy := em.policy_name(p)
	f := {
		"object": em.policy_obj(p),
		"related": em.related(p),
		"message": sprintf("Assignment policy '%s' of access package '%s' requires approval for new requests but lets requestors extend their access without approval (isApprovalRequiredForUpdate false).", [policy, em.package_name(p)]),
		"remediation": {
			"summary": sprintf("Set requestApprovalSettings.isApprovalRequiredForUpdate to true on '%s' so extensions go through the same approval stages as new requests. PUT replaces the whole policy: the body is the snapshot's policy with the fix, so re-read the policy first if it changed since.", [policy]),
			"requests": [em.put_request(p, patch)],
			"before": p,
			"patch": patch,
		},
	}
}
