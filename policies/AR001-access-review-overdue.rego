# AR001 access-review-overdue: an access review instance has passed its end date but has not
# finished (still InProgress, or never started), so its decisions were never completed or
# applied. Doc: rules/AR001-access-review-overdue.md
package govlint.rules.ar001

import data.govlint.lib
import data.govlint.lib.ar
import rego.v1

metadata := {
	"code": "AR001",
	"name": "access-review-overdue",
	"title": "Access review still in progress after its end date",
	"severity": "medium",
	"area": "ar",
	"reads": ["accessReviewDefinitions"],
}

findings contains f if {
	some d in input.collections.accessReviewDefinitions
	some inst in ar.children(d, "instances")
	ar.is_unfinished(inst)
	lib.is_past(inst.endDateTime)

	name := ar.definition_name(d)
	path := ar.instance_path(d, inst)
	f := {
		"object": {"collection": "accessReviewInstances", "id": inst.id, "displayName": name},
		"related": [ar.definition_ref(d)],
		"key": d.id,
		"message": sprintf("The access review \"%s\" is still %s %s after its end date (%s): its decisions are neither complete nor applied.", [name, inst.status, _overdue(lib.days_since(inst.endDateTime)), inst.endDateTime]),
		"remediation": {
			"summary": sprintf("Stop the overdue instance of \"%s\"%s, then follow up on the items nobody reviewed.", [name, _apply_note(d)]),
			"requests": array.concat([{"method": "POST", "path": sprintf("%s/stop", [path])}], _apply_requests(d, path)),
			"before": ar.instance_alone(inst),
			"patch": {"status": "Completed"},
		},
	}
}

_overdue(0) := "less than a day"

_overdue(1) := "1 day"

_overdue(days) := sprintf("%d days", [days]) if days > 1

# Auto-applied reviews apply their decisions when they stop; the others need applyDecisions
# once the instance shows Completed.
_auto_applies(d) if object.get(d, ["settings", "autoApplyDecisionsEnabled"], false) == true

_apply_requests(d, _) := [] if _auto_applies(d)

_apply_requests(d, path) := [{"method": "POST", "path": sprintf("%s/applyDecisions", [path])}] if not _auto_applies(d)

_apply_note(d) := " (its decisions are then applied automatically)" if _auto_applies(d)

_apply_note(d) := " and apply its decisions once it shows Completed" if not _auto_applies(d)
