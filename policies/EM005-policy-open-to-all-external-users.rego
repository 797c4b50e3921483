# EM005 policy-open-to-all-external-users: an access package assignment policy accepts requests
# from any user of any directory or email domain (allowedTargetScope allExternalUsers) instead of
# the users of specific connected organizations.
# Doc: rules/EM005-policy-open-to-all-external-users.md
package govlint.rules.em005

import data.govlint.lib.em
import rego.v1

metadata := {
	"code": "EM005",
	"name": "policy-open-to-all-external-users",
	"title": "Access package policy open to all external users",
	"severity": "medium",
	"area": "em",
	"reads": ["accessPackageAssignmentPolicies"],
}

patch := {
	"allowedTargetScope": "allConfiguredConnectedOrganizationUsers",
	"specificAllowedTargets": [],
}

findings contains f if {
	some p in input.collections.accessPackageAssignmentPolicies
	lower(em.scope(p)) == "allexternalusers"
	not _accepts_no_requests(p)

	policy := em.policy_name(p)
	f := {
		"object": em.policy_obj(p),
		"related": em.related(p),
		"message": sprintf("Assignment policy '%s' of access package '%s' accepts requests from any external user (allExternalUsers), not only from connected organizations the tenant has configured.", [policy, em.package_name(p)]),
		"remediation": {
			"summary": sprintf("Limit '%s' to users of configured connected organizations (allConfiguredConnectedOrganizationUsers), or to specific ones (specificConnectedOrganizationUsers with connectedOrganizationMembers targets). PUT replaces the whole policy: the body is the snapshot's policy with the fix, so re-read the policy first if it changed since.", [policy]),
			"requests": [em.put_request(p, patch)],
			"before": p,
			"patch": patch,
		},
	}
}

# Nobody can ask for access through a policy that turns off both self-service and on-behalf
# requests (as EM002).
_accepts_no_requests(p) if {
	rs := p.requestorSettings
	is_object(rs)
	object.get(rs, "enableTargetsToSelfAddAccess", null) == false
	object.get(rs, "enableOnBehalfRequestorsToAddAccess", null) == false
}
