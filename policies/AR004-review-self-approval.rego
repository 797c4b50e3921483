# AR004 review-self-approval: a reviewer approved their own access, so the access was never
# reviewed by anyone independent of it. Doc: rules/AR004-review-self-approval.md
package govlint.rules.ar004

import data.govlint.lib.ar
import rego.v1

metadata := {
	"code": "AR004",
	"name": "review-self-approval",
	"title": "Access review decision approved by the principal it is about",
	"severity": "high",
	"area": "ar",
	"reads": ["accessReviewDefinitions"],
}

findings contains f if {
	some i, d in input.collections.accessReviewDefinitions
	some j, inst in ar.children(d, "instances")
	# Only the decisions the engine's pre-filter kept (every one without it); the conditions
	# below are all tested regardless.
	some dec in ar.candidates(object.get(input, "index", {}), "decisionsSelfReviewed", i, j, inst)

	# The hot path (a tenant can hold a million decisions) uses builtins only, no functions,
	# and tests the rarer condition first.
	reviewer := dec.reviewedBy.id
	principal := dec.principal.id
	is_string(reviewer)
	is_string(principal)
	lower(reviewer) == lower(principal)
	decision := dec.decision
	is_string(decision)
	lower(decision) == "approve"

	# Neither the zero GUID of system decisions nor empty.
	ar.identity_id(dec.principal)

	who := ar.principal_name(dec)
	name := ar.definition_name(d)
	f := {
		"object": {"collection": "accessReviewDecisions", "id": dec.id, "displayName": who},
		"related": [ar.principal_ref(dec), ar.definition_ref(d)],
		"key": inst.id,
		"message": sprintf("%s approved their own access in the access review \"%s\"%s.", [who, name, _self_review_note(d)]),
		"remediation": _fix(d, inst, dec, who, name),
	}
}

# Reviews without reviewers (and without stages, which carry their own) are self-reviews: every
# principal attests to their own access.
_self_review(d) if {
	count(ar.children(d, "reviewers")) == 0
	count(ar.children(d, "stageSettings")) == 0
}

_self_review_note(d) := " (the review has no reviewers, so principals review themselves)" if _self_review(d)

_self_review_note(d) := "" if not _self_review(d)

_justification := "govlint AR004: self-approval is not a review; an independent reviewer must confirm the need"

# While the review is open, another reviewer of the instance records the decision: the request
# denies the self-approved access unless that reviewer approves it instead.
_fix(d, inst, dec, who, name) := {
	"summary": sprintf("Have a reviewer other than %s decide on this item before \"%s\" ends (the request denies it; approve instead only on a confirmed need), and give the review reviewers who are not the principals.", [who, name]),
	"requests": [{
		"method": "PATCH",
		"path": ar.decision_path(d, inst, dec),
		"body": {"decision": "Deny", "justification": _justification},
	}],
	"before": dec,
	"patch": {"decision": "Deny", "justification": _justification},
} if ar.is_unfinished(inst)

_fix(d, inst, dec, who, name) := {
	"summary": sprintf("\"%s\" has ended, so the self-approval is final: have an independent reviewer confirm %s's need, remove the access if it is not confirmed, and give the review reviewers who are not the principals.", [name, who]),
	"requests": ar.removal_requests(d, inst, dec),
	"before": ar.access(dec),
	"after": null,
} if not ar.is_unfinished(inst)
