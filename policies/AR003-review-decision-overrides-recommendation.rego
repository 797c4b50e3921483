# AR003 review-decision-overrides-recommendation: a reviewer approved access that the review's
# recommendation said to deny (typically a principal who has not signed in for the look-back
# period), so the access stays on the reviewer's word alone.
# Doc: rules/AR003-review-decision-overrides-recommendation.md
package govlint.rules.ar003

import data.govlint.lib.ar
import rego.v1

metadata := {
	"code": "AR003",
	"name": "review-decision-overrides-recommendation",
	"title": "Access review decision approves what the recommendation said to deny",
	"severity": "medium",
	"area": "ar",
	"reads": ["accessReviewDefinitions"],
}

findings contains f if {
	some i, d in input.collections.accessReviewDefinitions
	some j, inst in ar.children(d, "instances")
	# Only the decisions the engine's pre-filter kept (every one without it); the conditions
	# below are all tested regardless.
	some dec in ar.candidates(object.get(input, "index", {}), "decisionsApprovedAgainstDeny", i, j, inst)

	# The hot path (a tenant can hold a million decisions) uses builtins only, no functions,
	# and tests the rarer condition first.
	recommendation := dec.recommendation
	is_string(recommendation)
	lower(recommendation) == "deny"
	decision := dec.decision
	is_string(decision)
	lower(decision) == "approve"

	who := ar.principal_name(dec)
	reviewer := ar.reviewer_name(dec)
	name := ar.definition_name(d)
	f := {
		"object": {"collection": "accessReviewDecisions", "id": dec.id, "displayName": who},
		"related": array.concat(array.concat([ar.principal_ref(dec)], [r | r := ar.reviewer_ref(dec)]), [ar.definition_ref(d)]),
		"key": inst.id,
		"message": sprintf("%s approved %s's access in the access review \"%s\" although the recommendation was to deny it (%s).", [reviewer, who, name, _justification(dec)]),
		"remediation": _fix(d, inst, dec, who, name),
	}
}

_justification(dec) := sprintf("justification: \"%s\"", [ar.str(dec, "justification")]) if ar.str(dec, "justification") != ""

_justification(dec) := "no justification given" if ar.str(dec, "justification") == ""

# While the review is open, a reviewer of the instance can change the decision (the PATCH
# needs a delegated reviewer's token: application permissions cannot record decisions).
_fix(d, inst, dec, who, name) := {
	"summary": sprintf("Check why %s was approved against the recommendation; unless the approval is justified, change the decision to Deny before \"%s\" ends.", [who, name]),
	"requests": [{
		"method": "PATCH",
		"path": ar.decision_path(d, inst, dec),
		"body": {"decision": "Deny", "justification": "govlint AR003: approval overrode a Deny recommendation without a confirmed need"},
	}],
	"before": dec,
	"patch": {"decision": "Deny", "justification": "govlint AR003: approval overrode a Deny recommendation without a confirmed need"},
} if ar.is_unfinished(inst)

# Once the review has ended its decisions are final: the access itself must be removed (group
# membership has an API; other resources are removed where they are managed) and re-reviewed.
_fix(d, inst, dec, who, name) := {
	"summary": sprintf("\"%s\" has ended, so the decision is final: unless %s's need is confirmed, remove the access from the resource and cover it in the next review.", [name, who]),
	"requests": ar.removal_requests(d, inst, dec),
	"before": ar.access(dec),
	"after": null,
} if not ar.is_unfinished(inst)
