# AR002 privileged-role-not-reviewed: a privileged directory role has holders (active or
# eligible) and no recurring, live access review covers it, so nobody re-certifies who holds it.
# Doc: rules/AR002-privileged-role-not-reviewed.md
package govlint.rules.ar002

import data.govlint.lib
import data.govlint.lib.ar
import rego.v1

metadata := {
	"code": "AR002",
	"name": "privileged-role-not-reviewed",
	"title": "Privileged role with holders and no recurring access review",
	"severity": "high",
	"area": "ar",
	"reads": ["accessReviewDefinitions", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles"],
}

# Role ids (lower case) that a recurring, live review covers. Built once, in one pass over the
# definitions; the per-role check below is a set lookup.
covered := {role_id |
	some d in input.collections.accessReviewDefinitions
	_recurring(d)
	_live(d)
	some q in ar.definition_queries(d)
	some role_id in ar.role_ids(q)
}

# Role ids that some review covers, recurring or not, live or not (only to word the message).
mentioned := {role_id |
	some d in input.collections.accessReviewDefinitions
	some q in ar.definition_queries(d)
	some role_id in ar.role_ids(q)
}

findings contains f if {
	some role_id, holders in input.index.roleHolders
	lib.is_privileged_role(role_id)
	count(holders) > 0
	not lower(role_id) in covered

	role := lib.role_name(role_id)
	# One reference per holder, from the first of its instances (holders are keyed by principal).
	refs := [lib.principal_ref(insts[0]) |
		some held in holders
		insts := array.concat(held.active, held.eligible)
		count(insts) > 0
	]
	f := {
		"object": {"collection": "roleDefinitions", "id": role_id, "displayName": role},
		"related": array.slice(refs, 0, _max_related),
		"message": sprintf("%s is held by %d principal(s) (%s) and %s.", [role, count(refs), _list([r.displayName | some r in refs]), _why(role_id)]),
		"remediation": {
			"summary": sprintf("Create a recurring access review of %s (quarterly, auto-applied, reviewers other than the holders) so its holders are re-certified.", [role]),
			"requests": [{"method": "POST", "path": "/identityGovernance/accessReviews/definitions", "body": _review(role_id, role)}],
			# Nothing is changed: a new review definition is created from nothing.
			"before": null,
			"after": _review(role_id, role),
		},
	}
}

_max_related := 10

_list(names) := concat(", ", array.slice(names, 0, 5)) if count(names) <= 5

_list(names) := sprintf("%s and %d more", [concat(", ", array.slice(names, 0, 5)), count(names) - 5]) if count(names) > 5

_why(role_id) := "no recurring access review in progress covers it (only a one-time or ended review does)" if {
	lower(role_id) in mentioned
}

_why(role_id) := "no access review covers it" if {
	not lower(role_id) in mentioned
}

# Recurring: the schedule has a recurrence pattern with a type (weekly, absoluteMonthly...).
# A one-time review has `pattern: null`.
_recurring(d) if {
	pattern := object.get(d, ["settings", "recurrence", "pattern"], null)
	is_object(pattern)
	ar.str(pattern, "type") != ""
}

# Live: the series has not been completed and its recurrence range has not ended.
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

# Dates are YYYY-MM-DD and compare as strings; "9999-12-31" is open-ended.
_range_open(rng) if {
	is_object(rng)
	not ar.has(rng, "type", "noEnd")
	ar.str(rng, "endDate") >= substring(input.now, 0, 10)
}

# A Graph v1.0 accessReviewScheduleDefinition reviewing every holder (active and eligible) of
# the role each quarter. Non-responses change nothing (defaultDecisionEnabled false): an
# auto-applied default Deny could strip every Global Administrator, break-glass accounts
# included, when reviewers do not answer (CIS M365 5.3.3).
_review(role_id, role) := {
	"displayName": sprintf("Quarterly review of %s", [role]),
	"descriptionForAdmins": sprintf("govlint AR002: recurring review of every holder of %s", [role]),
	"descriptionForReviewers": sprintf("Confirm that each holder of %s still needs the role.", [role]),
	"scope": {
		"@odata.type": "#microsoft.graph.accessReviewQueryScope",
		"query": sprintf("/roleManagement/directory/roleDefinitions/%s", [role_id]),
		"queryType": "MicrosoftGraph",
	},
	"reviewers": [{"query": "./manager", "queryType": "MicrosoftGraph", "queryRoot": "decisions"}],
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
