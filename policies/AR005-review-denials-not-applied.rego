# AR005 review-denials-not-applied: an access review has ended with a Deny decision, but the
# denial was never applied (or applying it failed), so the principal keeps the access the
# review took away. Doc: rules/AR005-review-denials-not-applied.md
package govlint.rules.ar005

import data.govlint.lib.ar
import rego.v1

metadata := {
	"code": "AR005",
	"name": "review-denials-not-applied",
	"title": "Access denied in a finished review was never removed",
	"severity": "high",
	"area": "ar",
	"reads": ["accessReviewDefinitions"],
}

findings contains f if {
	some i, d in input.collections.accessReviewDefinitions
	some j, inst in ar.children(d, "instances")
	st := ar.status(inst)
	st in _finished
	# Only the decisions the engine's pre-filter kept (every one without it); the conditions
	# below are all tested regardless.
	some dec in ar.candidates(object.get(input, "index", {}), "decisionsDeniedNotApplied", i, j, inst)

	# The hot path (a tenant can hold a million decisions) uses builtins only, no functions.
	decision := dec.decision
	is_string(decision)
	lower(decision) == "deny"
	_not_applied(st, lower(ar.str(dec, "applyResult")))

	who := ar.principal_name(dec)
	name := ar.definition_name(d)
	f := {
		"object": {"collection": "accessReviewDecisions", "id": dec.id, "displayName": who},
		"related": [ar.principal_ref(dec), ar.definition_ref(d)],
		"key": inst.id,
		"message": sprintf("%s was denied access in the access review \"%s\" (instance %s, ended %s) but the denial %s, so the access remains.", [who, name, inst.status, _ended(inst), _what(dec)]),
		"remediation": _fix(st, d, inst, dec, who, name),
	}
}

_finished := ar.ended_unapplied_statuses | {"applied"}

# Ended, not applied: nothing was applied yet, or the last attempt failed.
_not_applied(st, result) if {
	st in ar.ended_unapplied_statuses
	result in {"", "new", "appliedwithunknownfailure"}
}

# Applied: the service ran the apply; a failure on this decision left the access in place.
_not_applied("applied", "appliedwithunknownfailure") := true

_ended(inst) := ar.str(inst, "endDateTime") if ar.str(inst, "endDateTime") != ""

_ended(inst) := "at an unknown time" if ar.str(inst, "endDateTime") == ""

_what(dec) := "failed to apply (AppliedWithUnknownFailure)" if ar.has(dec, "applyResult", "AppliedWithUnknownFailure")

_what(dec) := sprintf("was never applied (applyResult %s)", [_result(dec)]) if not ar.has(dec, "applyResult", "AppliedWithUnknownFailure")

_result(dec) := ar.str(dec, "applyResult") if ar.str(dec, "applyResult") != ""

_result(dec) := "not set" if ar.str(dec, "applyResult") == ""

# Completed / AutoReviewed: applyDecisions applies every decision of the instance.
_fix(st, d, inst, dec, who, name) := {
	"summary": sprintf("Apply the decisions of \"%s\" so %s's denied access is removed (and turn on auto-apply for the next instances).", [name, who]),
	"requests": [{"method": "POST", "path": sprintf("%s/applyDecisions", [ar.instance_path(d, inst)])}],
	"before": dec,
	"patch": {"applyResult": "AppliedSuccessfully", "appliedDateTime": input.now},
} if st in ar.ended_unapplied_statuses

# Applied: applyDecisions only runs on Completed instances, so the failed removal is redone by
# hand where the resource is managed (group membership has an API).
_fix("applied", d, inst, dec, who, name) := {
	"summary": sprintf("Applying \"%s\" failed for %s: remove the denied access from the resource by hand, then confirm it is gone.", [name, who]),
	"requests": ar.removal_requests(d, inst, dec),
	"before": ar.access(dec),
	"after": null,
}
