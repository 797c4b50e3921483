# AR006 no-recurring-guest-review: no live, recurring access review covers guest users, so the
# guests' access is never re-certified. Tenant-wide: one finding on the organization.
# Doc: rules/AR006-no-recurring-guest-review.md
package govlint.rules.ar006

import data.govlint.lib.ar
import rego.v1

metadata := {
	"code": "AR006",
	"name": "no-recurring-guest-review",
	"title": "No recurring access review of guest users",
	"severity": "medium",
	"area": "ar",
	"reads": ["accessReviewDefinitions", "organization"],
}

fallback_placeholder := "{fallback-reviewer-user-id}"

# Definitions whose scope (or instance enumeration, or an instance's scope) selects guests,
# recurring and live; and those that select guests at all (only to word the message).
guest_reviews := {d.id |
	some d in input.collections.accessReviewDefinitions
	_targets_guests(d)
	_recurring(d)
	_live(d)
}

any_guest_review := {d.id |
	some d in input.collections.accessReviewDefinitions
	_targets_guests(d)
}

findings contains f if {
	count(guest_reviews) == 0
	org := _org
	f := {
		"object": org,
		"related": [],
		"message": sprintf("No recurring access review in progress covers guest users in %s: %s.", [org.displayName, _why]),
		"remediation": {
			"summary": sprintf("Create a quarterly access review of the guests in every Microsoft 365 group, reviewed by the group owners and auto-applied, with a fallback reviewer you choose for groups without owners (replace %s in the body with that user's id).", [fallback_placeholder]),
			"requests": [{"method": "POST", "path": "/identityGovernance/accessReviews/definitions", "body": review}],
			"before": null,
			"after": review,
		},
	}
}

# The tenant's organization object (Graph returns exactly one).
_org := {"collection": "organization", "id": o.id, "displayName": _name(o)} if {
	o := input.collections.organization[0]
	is_string(o.id)
} else := {"collection": "organization", "id": input.tenant.id, "displayName": object.get(input.tenant, "displayName", input.tenant.id)}

_name(o) := n if {
	n := o.displayName
	is_string(n)
	n != ""
} else := o.id

_why := "no access review selects guests" if {
	count(any_guest_review) == 0
} else := sprintf("the %d review(s) of guests are one-time or have ended", [count(any_guest_review)])

# A query that filters on userType eq 'Guest' (spaces may be `+` or `%20`, quotes `%27`).
_guest_query(q) if regex.match(`usertype(\s|\+|%20)+eq(\s|\+|%20)+('|%27)guest('|%27)`, q)

_targets_guests(d) if {
	some q in ar.definition_queries(d)
	_guest_query(q)
}

_recurring(d) if {
	pattern := object.get(d, ["settings", "recurrence", "pattern"], null)
	is_object(pattern)
	ar.str(pattern, "type") != ""
}

# Live: the series has not been completed and its recurrence range has not ended (as AR002).
_live(d) if {
	ar.status(d) != "completed"
	_range_open(object.get(d, ["settings", "recurrence", "range"], null))
}

_range_open(rng) if not is_object(rng)

_range_open(rng) if ar.has(rng, "type", "noEnd")

_range_open(rng) if {
	is_object(rng)
	not ar.has(rng, "type", "noEnd")
	ar.str(rng, "endDate") == ""
}

_range_open(rng) if {
	is_object(rng)
	not ar.has(rng, "type", "noEnd")
	ar.str(rng, "endDate") >= substring(input.now, 0, 10)
}

# Graph's own "guests in all Microsoft 365 groups" review: one instance per group, reviewed by
# its owners. Non-responses change nothing (defaultDecisionEnabled false).
review := {
	"displayName": "Quarterly review of guests in Microsoft 365 groups",
	"descriptionForAdmins": "govlint AR006: recurring review of guest access",
	"descriptionForReviewers": "Confirm that each guest still needs access to this group.",
	"scope": {
		"@odata.type": "#microsoft.graph.accessReviewQueryScope",
		"query": "./members/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')",
		"queryType": "MicrosoftGraph",
	},
	"instanceEnumerationScope": {
		"@odata.type": "#microsoft.graph.accessReviewQueryScope",
		"query": "/groups?$filter=(groupTypes/any(c:c+eq+'Unified'))&$count=true",
		"queryType": "MicrosoftGraph",
	},
	"reviewers": [{"query": "./owners", "queryType": "MicrosoftGraph"}],
	"fallbackReviewers": [{"query": sprintf("/users/%s", [fallback_placeholder]), "queryType": "MicrosoftGraph"}],
	"settings": {
		"mailNotificationsEnabled": true,
		"reminderNotificationsEnabled": true,
		"justificationRequiredOnApproval": true,
		"defaultDecisionEnabled": false,
		"defaultDecision": "None",
		"instanceDurationInDays": 14,
		"autoApplyDecisionsEnabled": true,
		"recommendationsEnabled": true,
		"recurrence": {
			"pattern": {"type": "absoluteMonthly", "interval": 3},
			"range": {"type": "noEnd", "startDate": substring(input.now, 0, 10)},
		},
	},
}
