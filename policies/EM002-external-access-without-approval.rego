# EM002 external-access-without-approval: an access package assignment policy lets users from
# outside the tenant request access and nobody has to approve it.
# Doc: rules/EM002-external-access-without-approval.md
package govlint.rules.em002

import data.govlint.lib.em
import rego.v1

metadata := {
	"code": "EM002",
	"name": "external-access-without-approval",
	"title": "Access package policy open to external users with no approval",
	"severity": "high",
	"area": "em",
	"reads": ["accessPackageAssignmentPolicies"],
}

# The approval stage govlint proposes: the requestor's connected organization's internal
# sponsors approve, with a fallback approver the admin chooses (Graph advises one, because
# an organization may have no internal sponsor).
fallback_placeholder := "{fallback-approver-user-id}"

stage := {
	"durationBeforeAutomaticDenial": "P14D",
	"isApproverJustificationRequired": true,
	"isEscalationEnabled": false,
	"durationBeforeEscalation": "PT0S",
	"primaryApprovers": [{"@odata.type": "#microsoft.graph.internalSponsors"}],
	"fallbackPrimaryApprovers": [{"@odata.type": "#microsoft.graph.singleUser", "userId": fallback_placeholder, "description": "Fallback approver"}],
	"escalationApprovers": [],
	"fallbackEscalationApprovers": [],
}

patch := {"requestApprovalSettings": {
	"isApprovalRequiredForAdd": true,
	"isApprovalRequiredForUpdate": true,
	"stages": [stage],
}}

findings contains f if {
	some p in input.collections.accessPackageAssignmentPolicies
	em.is_external(p)
	not _accepts_no_requests(p)
	gap := _approval_gap(p)

	policy := em.policy_name(p)
	f := {
		"object": em.policy_obj(p),
		"related": em.related(p),
		"message": sprintf("Assignment policy '%s' of access package '%s' lets external users (%s) get access without approval: %s.", [policy, em.package_name(p), em.scope(p), gap]),
		"remediation": {
			"summary": sprintf("Require approval for new requests and extensions through '%s': one stage approved by the requestor's internal sponsors, with a fallback approver you choose (replace %s in the body with that user's id). PUT replaces the whole policy: the body is the snapshot's policy with the fix, so re-read the policy first if it changed since.", [policy, fallback_placeholder]),
			"requests": [em.put_request(p, patch)],
			"before": p,
			"patch": patch,
		},
	}
}

# Nobody can ask for access through a policy that turns off both self-service and on-behalf
# requests; what it already granted is EM003's concern.
_accepts_no_requests(p) if {
	rs := p.requestorSettings
	is_object(rs)
	object.get(rs, "enableTargetsToSelfAddAccess", null) == false
	object.get(rs, "enableOnBehalfRequestorsToAddAccess", null) == false
}

_approval_gap(p) := "it has no approval settings" if {
	not is_object(object.get(p, "requestApprovalSettings", null))
} else := "approval is not required for new requests" if {
	object.get(p.requestApprovalSettings, "isApprovalRequiredForAdd", null) != true
} else := "approval is required but no stage names a primary approver" if {
	not _has_approver(p.requestApprovalSettings)
}

_has_approver(settings) if {
	some s in _array(object.get(settings, "stages", []))
	count(_array(object.get(s, "primaryApprovers", []))) > 0
}

_array(x) := x if {
	is_array(x)
} else := []
