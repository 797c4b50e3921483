# ACME001 self-service-request-without-justification: an access package assignment policy lets
# users request access for themselves but does not ask them why. Without a justification the
# approver (or, with no approval, the auditor) has nothing to judge the request by.
#
# A worked example of a custom rule (examples/policies/README.md); the contract is
# policies/README.md. It reads one collection, joins the access package through the index,
# and proposes the Graph request that fixes the policy.
package govlint.rules.acme001

import data.govlint.lib.em
import rego.v1

metadata := {
	"code": "ACME001",
	"name": "self-service-request-without-justification",
	"title": "Self-service access request without a justification",
	"severity": "medium",
	"area": "em",
	"reads": ["accessPackageAssignmentPolicies", "accessPackages"],
}

# The fix as a JSON merge patch on the policy: keep the approval settings as they are and ask
# the requestor for a justification.
_patch(p) := {"requestApprovalSettings": object.union(_approval(p), {"isRequestorJustificationRequired": true})}

findings contains f if {
	some p in input.collections.accessPackageAssignmentPolicies
	object.get(p, ["requestorSettings", "enableTargetsToSelfAddAccess"], false) == true
	object.get(p, ["requestApprovalSettings", "isRequestorJustificationRequired"], false) != true

	name := em.policy_name(p)
	package_name := _package_name(p)
	patch := _patch(p)
	f := {
		"object": em.policy_obj(p),
		"related": em.related(p),
		"message": sprintf("Assignment policy '%s' of access package '%s' lets users request access for themselves without giving a justification%s.", [name, package_name, _approval_note(p)]),
		"remediation": {
			"summary": sprintf("Require a justification on every request through '%s'. PUT replaces the whole policy: the body is the snapshot's policy with the fix.", [name]),
			"requests": [em.put_request(p, patch)],
			"before": p,
			"patch": patch,
		},
	}
}

_approval(p) := a if {
	a := p.requestApprovalSettings
	is_object(a)
} else := {}

# The access package's name from the index (the policy may embed only its id).
_package_name(p) := n if {
	n := input.index.accessPackages[p.accessPackage.id].displayName
	is_string(n)
} else := em.package_name(p)

_approval_note(p) := ", and nobody approves it" if {
	object.get(p, ["requestApprovalSettings", "isApprovalRequiredForAdd"], false) != true
} else := ""
