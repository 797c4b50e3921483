# AR009 privileged-review-without-auto-apply: a live, recurring access review of a privileged
# directory role does not apply its decisions automatically (autoApplyDecisionsEnabled false),
# or approves the holders nobody reviewed (defaultDecisionEnabled true, defaultDecision Approve),
# so the review re-certifies the role without removing anyone.
# Doc: rules/AR009-privileged-review-without-auto-apply.md
package govlint.rules.ar009

import data.govlint.lib
import data.govlint.lib.ar
import rego.v1

metadata := {
	"code": "AR009",
	"name": "privileged-review-without-auto-apply",
	"title": "Recurring review of a privileged role without auto-apply, or defaulting to Approve",
	"severity": "medium",
	"area": "ar",
	"reads": ["accessReviewDefinitions"],
	"config": ["privileged_roles"],
}

# Definition id -> the privileged role ids (lower case) it reviews, for live recurring
# definitions only; built once, in one pass over the definitions (the coverage AR002 counts).
privileged_reviews := {d.id: roles |
	some d in input.collections.accessReviewDefinitions
	_recurring(d)
	_live(d)
	roles := {role_id |
		some q in ar.definition_queries(d)
		some role_id in ar.role_ids(q)
		lib.is_privileged_role(role_id)
	}
	count(roles) > 0
}

findings contains f if {
	some d in input.collections.accessReviewDefinitions
	roles := privileged_reviews[d.id]
	settings := object.get(d, "settings", {})
	problems := _problems(settings)
	count(problems) > 0

	name := ar.definition_name(d)
	role_ids := sort(roles)
	role_names := [lib.role_name(r) | some r in role_ids]
	p := _patch(settings)
	before := object.remove(d, ["instances"])
	f := {
		"object": ar.definition_ref(d),
		"related": [lib.role_ref(r) | some r in role_ids],
		"message": sprintf("Recurring access review '%s' of %s %s.", [name, concat(", ", role_names), concat(" and ", problems)]),
		"remediation": {
			"summary": sprintf("On '%s', %s. PUT replaces the whole definition: the body is the snapshot's definition (without its instances) with the fix, so re-read it first if it changed since.", [name, concat(" and ", _fixes(settings))]),
			"requests": [{
				"method": "PUT",
				"path": sprintf("/identityGovernance/accessReviews/definitions/%s", [d.id]),
				"body": object.union(object.remove(d, _not_writable), p),
			}],
			"before": before,
			"patch": p,
		},
	}
}

# Properties Graph computes or that are embedded children, left out of the PUT body.
_not_writable := {"id", "status", "createdBy", "createdDateTime", "lastModifiedDateTime", "instances"}

_problems(settings) := [msg |
	some check in [
		[_no_auto_apply(settings), "does not apply its decisions automatically (autoApplyDecisionsEnabled false)"],
		[_approves_by_default(settings), "approves every holder nobody reviewed (defaultDecision Approve)"],
	]
	check[0] == true
	msg := check[1]
]

_fixes(settings) := [msg |
	some check in [
		[true, "turn on auto-apply of decisions (autoApplyDecisionsEnabled true) so denials remove the role"],
		[_approves_by_default(settings), "leave unreviewed holders unchanged (defaultDecisionEnabled false) so silence never re-certifies them"],
	]
	check[0] == true
	msg := check[1]
]

_no_auto_apply(settings) := true if {
	object.get(settings, "autoApplyDecisionsEnabled", null) == false
} else := false

_approves_by_default(settings) := true if {
	object.get(settings, "defaultDecisionEnabled", null) == true
	ar.has(settings, "defaultDecision", "Approve")
} else := false

_patch(settings) := {"settings": object.union(
	{"autoApplyDecisionsEnabled": true},
	_default_patch(settings),
)}

_default_patch(settings) := {"defaultDecisionEnabled": false, "defaultDecision": "None"} if {
	_approves_by_default(settings)
} else := {}

# Recurring: the schedule has a recurrence pattern with a type, as AR002.
_recurring(d) if {
	pattern := object.get(d, ["settings", "recurrence", "pattern"], null)
	is_object(pattern)
	ar.str(pattern, "type") != ""
}

# Live: the series has not been completed and its recurrence range has not ended, as AR002.
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
