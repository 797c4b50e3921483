# EM003 external-access-without-review: an access package assignment policy open to external
# users has no recurring access review of the assignments it grants.
# Doc: rules/EM003-external-access-without-review.md
package govlint.rules.em003

import data.govlint.lib.em
import rego.v1

metadata := {
	"code": "EM003",
	"name": "external-access-without-review",
	"title": "Access package policy open to external users with no recurring access review",
	"severity": "medium",
	"area": "em",
	"reads": ["accessPackageAssignmentPolicies"],
}

fallback_placeholder := "{fallback-reviewer-user-id}"

# Quarterly reviews by each guest's sponsors, with a fallback reviewer the admin chooses;
# access nobody confirms is removed. The schedule mirrors what Graph returns for a quarterly
# review set up in the portal (absoluteMonthly, interval 3, no end).
review_settings := {
	"isEnabled": true,
	"expirationBehavior": "removeAccess",
	"isRecommendationEnabled": true,
	"isReviewerJustificationRequired": true,
	"isSelfReview": false,
	"schedule": {
		"startDateTime": input.now,
		"expiration": {"type": "afterDuration", "duration": "P14D"},
		"recurrence": {
			"pattern": {"type": "absoluteMonthly", "interval": 3, "month": 0, "dayOfMonth": 0, "daysOfWeek": [], "firstDayOfWeek": "sunday", "index": "first"},
			"range": {"type": "noEnd", "numberOfOccurrences": 0},
		},
	},
	"primaryReviewers": [{"@odata.type": "#microsoft.graph.targetUserSponsors"}],
	"fallbackReviewers": [{"@odata.type": "#microsoft.graph.singleUser", "userId": fallback_placeholder, "description": "Fallback reviewer"}],
}

findings contains f if {
	some p in input.collections.accessPackageAssignmentPolicies
	em.is_external(p)
	gap := _review_gap(p)

	policy := em.policy_name(p)
	patch := {"reviewSettings": review_settings}
	f := {
		"object": em.policy_obj(p),
		"related": em.related(p),
		"message": sprintf("Assignment policy '%s' of access package '%s' is open to external users (%s) but %s, so their access is never re-confirmed.", [policy, em.package_name(p), em.scope(p), gap]),
		"remediation": {
			"summary": sprintf("Turn on quarterly access reviews for '%s': each guest's sponsors review, a fallback reviewer you choose steps in (replace %s in the body with that user's id), and unreviewed access is removed. PUT replaces the whole policy: the body is the snapshot's policy with the fix, so re-read the policy first if it changed since.", [policy, fallback_placeholder]),
			"requests": [em.put_request(p, patch)],
			"before": p,
			"patch": patch,
		},
	}
}

_review_gap(p) := "it has no access review settings" if {
	not is_object(object.get(p, "reviewSettings", null))
} else := "its access reviews are turned off" if {
	object.get(p.reviewSettings, "isEnabled", null) != true
} else := "its access review does not recur" if {
	not is_object(object.get(p.reviewSettings, ["schedule", "recurrence", "pattern"], null))
}
