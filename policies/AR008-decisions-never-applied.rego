# AR008 decisions-never-applied: an access review instance ended more than
# `decisions_unapplied_days` (30) days ago and some of its decisions were still never applied, in
# the cases AR005 leaves out: approvals in an instance nobody applied, and denials the service
# skipped in an instance it did apply (or is stuck applying).
# Doc: rules/AR008-decisions-never-applied.md
package govlint.rules.ar008

import data.govlint.lib.ar
import rego.v1

metadata := {
	"code": "AR008",
	"name": "decisions-never-applied",
	"title": "Review decisions not applied 30 days after the review ended",
	"severity": "medium",
	"area": "ar",
	"reads": ["accessReviewDefinitions"],
	"config": ["thresholds"],
}

# Days after an instance's end before its unapplied decisions are reported: the threshold
# `decisions_unapplied_days` (policies/data/thresholds.json, govlint.toml [thresholds]).
grace_days := n if {
	n := data.govlint.config.thresholds.decisions_unapplied_days
	is_number(n)
} else := 30

_grace_ns := ((grace_days * 24) * 3600) * 1000000000

# Ended statuses: never applied (AR005's) and applied or being applied by the service.
_unapplied := ar.ended_unapplied_statuses

_applied := {"applied", "applying", "completing"}

findings contains f if {
	some i, d in input.collections.accessReviewDefinitions
	some j, inst in ar.children(d, "instances")
	st := ar.status(inst)
	st in (_unapplied | _applied)
	end := _end_ns(inst)
	end + _grace_ns < input.now_ns
	# Only the decisions the engine's pre-filter kept (every one without it); the conditions
	# below are all tested regardless.
	some dec in ar.candidates(object.get(input, "index", {}), "decisionsNeverApplied", i, j, inst)

	# The hot path (a tenant can hold a million decisions) uses builtins only, no functions.
	decision := dec.decision
	is_string(decision)
	result := dec.applyResult
	is_string(result)
	lower(result) == "new"
	object.get(dec, "appliedDateTime", null) == null
	kind := _kind(st, lower(decision))

	who := ar.principal_name(dec)
	name := ar.definition_name(d)
	days := floor((input.now_ns - end) / ((24 * 3600) * 1000000000))
	f := {
		"object": {"collection": "accessReviewDecisions", "id": dec.id, "displayName": who},
		"related": [ar.principal_ref(dec), ar.definition_ref(d)],
		"key": inst.id,
		"message": sprintf("The %s of %s in the access review \"%s\" (instance %s, ended %d days ago) was never applied (applyResult New)%s.", [_verb(kind), who, name, inst.status, days, _consequence(kind)]),
		"remediation": _fix(kind, d, inst, dec, who, name),
	}
}

_end_ns(inst) := n if {
	t := inst.endDateTime
	is_string(t)
	regex.match(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`, t)
	n := time.parse_rfc3339_ns(t)
}

# An approval in an instance nobody applied (its denials are AR005's).
_kind(st, "approve") := "approval" if st in _unapplied

# A denial the service did not act on in an instance it applied, or has been applying for weeks
# (AR005 judges only explicit failures there).
_kind(st, "deny") := "denial" if st in _applied

_verb("approval") := "approval"

_verb("denial") := "denial"

_consequence("approval") := ": the instance was never applied, so the review's outcome is not recorded as carried out"

_consequence("denial") := ", so the denied access may remain"

_fix("approval", d, inst, dec, who, name) := {
	"summary": sprintf("Apply the decisions of \"%s\" (applying an approval keeps the access; it closes the instance) and turn on auto-apply for the next instances.", [name]),
	"requests": [{"method": "POST", "path": sprintf("%s/applyDecisions", [ar.instance_path(d, inst)])}],
	"before": dec,
	"patch": {"applyResult": "AppliedSuccessfully", "appliedDateTime": input.now},
}

# applyDecisions only runs on Completed instances: the skipped removal is done by hand where the
# resource has an API (group membership).
_fix("denial", d, inst, dec, who, name) := {
	"summary": sprintf("The service did not apply the denial of %s in \"%s\": remove the denied access from the resource by hand, then confirm it is gone.", [who, name]),
	"requests": ar.removal_requests(d, inst, dec),
	"before": ar.access(dec),
	"after": null,
}
