# EM011 auto-assignment-keeps-access: an auto-assignment policy (automaticRequestSettings set)
# keeps the assignments it created when the user stops matching its membership rule
# (removeAccessWhenTargetLeavesAllowedTargets false), so access outlives the rule.
# Doc: rules/EM011-auto-assignment-keeps-access.md
package govlint.rules.em011

import data.govlint.lib.em
import rego.v1

metadata := {
	"code": "EM011",
	"name": "auto-assignment-keeps-access",
	"title": "Auto-assignment policy keeps access after the user leaves its scope",
	"severity": "medium",
	"area": "em",
	"reads": ["accessPackageAssignmentPolicies"],
}

patch := {"automaticRequestSettings": {"removeAccessWhenTargetLeavesAllowedTargets": true}}

findings contains f if {
	some p in input.collections.accessPackageAssignmentPolicies
	em.is_auto_assignment(p)
	object.get(p.automaticRequestSettings, "removeAccessWhenTargetLeavesAllowedTargets", null) == false

	policy := em.policy_name(p)
	f := {
		"object": em.policy_obj(p),
		"related": em.related(p),
		"message": sprintf("Auto-assignment policy '%s' of access package '%s' keeps the access it assigned when a user no longer matches its rule (removeAccessWhenTargetLeavesAllowedTargets false).", [policy, em.package_name(p)]),
		"remediation": {
			"summary": sprintf("Set automaticRequestSettings.removeAccessWhenTargetLeavesAllowedTargets to true on '%s' so assignments end when users leave the policy's scope. PUT replaces the whole policy: the body is the snapshot's policy with the fix, so re-read the policy first if it changed since.", [policy]),
			"requests": [em.put_request(p, patch)],
			"before": p,
			"patch": patch,
		},
	}
}
