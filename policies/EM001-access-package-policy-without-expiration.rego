# EM001 access-package-policy-without-expiration: an access package assignment policy grants
# assignments that never expire, so access handed out through it stays until someone removes
# it by hand. Doc: rules/EM001-access-package-policy-without-expiration.md
package govlint.rules.em001

import data.govlint.lib.em
import rego.v1

metadata := {
	"code": "EM001",
	"name": "access-package-policy-without-expiration",
	"title": "Access package assignment policy whose assignments never expire",
	"severity": "medium",
	"area": "em",
	"reads": ["accessPackageAssignmentPolicies"],
}

findings contains f if {
	some p in input.collections.accessPackageAssignmentPolicies

	# Auto-assignment policies grant and remove access as users enter and leave their
	# membership rule; they have no expiration of their own.
	not em.is_auto_assignment(p)
	exp := object.get(p, "expiration", null)
	not _expires(exp)

	policy := em.policy_name(p)
	patch := {"expiration": {"type": "afterDuration", "duration": "P365D"}}
	f := {
		"object": em.policy_obj(p),
		"related": em.related(p),
		"message": sprintf("Assignment policy '%s' of access package '%s' grants assignments that never expire (%s).", [policy, em.package_name(p), _why(exp)]),
		"remediation": {
			"summary": sprintf("Make assignments through '%s' expire 365 days after they are granted (expiration afterDuration P365D). PUT replaces the whole policy: the body is the snapshot's policy with the fix, so re-read the policy first if it changed since. Review assignments already granted through it separately.", [policy]),
			"requests": [em.put_request(p, patch)],
			"before": p,
			"patch": patch,
		},
	}
}

_expires(exp) if {
	em.eq(exp.type, "afterDuration")
	em.duration_seconds(exp.duration) > 0
}

_expires(exp) if {
	em.eq(exp.type, "afterDateTime")
	em.ts_ns(exp.endDateTime)
}

# `notSpecified` (or no type at all) still expires when a duration or an end date is given.
_expires(exp) if {
	_unspecified(exp)
	em.duration_seconds(exp.duration) > 0
}

_expires(exp) if {
	_unspecified(exp)
	em.ts_ns(exp.endDateTime)
}

_unspecified(exp) if {
	is_object(exp)
	not _typed(exp)
}

_typed(exp) if {
	some t in ["noExpiration", "afterDuration", "afterDateTime"]
	em.eq(exp.type, t)
}

_why(exp) := "no expiration is set" if {
	not is_object(exp)
} else := "expiration type noExpiration" if {
	em.eq(exp.type, "noExpiration")
} else := "expiration type afterDuration without a valid duration" if {
	em.eq(exp.type, "afterDuration")
} else := "expiration type afterDateTime without an end date" if {
	em.eq(exp.type, "afterDateTime")
} else := "expiration notSpecified, with no duration and no end date"
