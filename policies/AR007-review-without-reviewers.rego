# AR007 review-without-reviewers: a live access review names reviewers, but none of them (nor any
# fallback reviewer) can act: the users were deleted or disabled, the groups deleted, or the
# entries are empty. Its instances run and end with nobody deciding.
# Doc: rules/AR007-review-without-reviewers.md
package govlint.rules.ar007

import data.govlint.lib.ar
import rego.v1

metadata := {
	"code": "AR007",
	"name": "review-without-reviewers",
	"title": "Access review whose reviewers no longer exist or are disabled",
	"severity": "high",
	"area": "ar",
	"reads": ["accessReviewDefinitions", "users", "groups"],
}

placeholder := "{reviewer-user-id}"

placeholder_reviewer := {"query": sprintf("/users/%s", [placeholder]), "queryType": "MicrosoftGraph", "queryRoot": null}

findings contains f if {
	some d in input.collections.accessReviewDefinitions
	ar.is_unfinished(d)
	_range_open(object.get(d, ["settings", "recurrence", "range"], null))

	primary := _reviewers(d, "reviewers")
	# No reviewers at all is how Graph writes a self-review (the principals review themselves).
	count(primary) > 0
	every r in primary {
		_dead(r)
	}
	fallback := _reviewers(d, "fallbackReviewers")
	every r in fallback {
		_dead(r)
	}

	name := ar.definition_name(d)
	why := [_why(r) | some r in array.concat(primary, fallback)]
	before := object.remove(d, ["instances"])
	patch := _patch(d)
	f := {
		"object": ar.definition_ref(d),
		"related": [ref | some r in array.concat(primary, fallback); ref := _user_ref(r)],
		"message": sprintf("Access review \"%s\" has no reviewer who can act: %s.", [name, concat("; ", why)]),
		"remediation": {
			"summary": sprintf("Name a reviewer who exists for \"%s\" (govlint cannot choose one: replace %s in the body with the reviewer's user id, or use ./manager or group owners) and remove the ones that are gone. PUT replaces the whole definition: re-read it first if it changed since the snapshot.", [name, placeholder]),
			"requests": [{
				"method": "PUT",
				"path": sprintf("/identityGovernance/accessReviews/definitions/%s", [d.id]),
				"body": object.union(object.remove(d, _not_writable), patch),
			}],
			"before": before,
			"patch": patch,
		},
	}
}

_not_writable := {"instances", "createdDateTime", "lastModifiedDateTime", "createdBy", "status"}

# Reviewers of the definition and of each of its stages (multi-stage reviews).
_reviewers(d, key) := array.concat(_array(object.get(d, key, [])), [r |
	some s in _array(object.get(d, "stageSettings", []))
	some r in _array(object.get(s, key, []))
])

_guid := `[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}`

_user_id(r) := m[0][1] if {
	m := regex.find_all_string_submatch_n(concat("", [`^(?:/v1\.0|/beta)?/users/(`, _guid, `)/?$`]), trim_space(ar.str(r, "query")), 1)
	count(m) == 1
}

_group_id(r) := m[0][1] if {
	m := regex.find_all_string_submatch_n(concat("", [`^(?:/v1\.0|/beta)?/groups/(`, _guid, `)(?:/|$)`]), trim_space(ar.str(r, "query")), 1)
	count(m) == 1
}

_user(id) := u if {
	u := input.index.users[id]
} else := u if {
	u := input.index.users[lower(id)]
}

_group(id) := g if {
	g := input.index.groups[id]
} else := g if {
	g := input.index.groups[lower(id)]
}

# A reviewer entry that resolves to nobody. Relative queries (./manager, ./owners) and anything
# else govlint cannot resolve count as alive.
_dead(r) if trim_space(ar.str(r, "query")) == ""

_dead(r) if {
	id := _user_id(r)
	not _user(id)
}

_dead(r) if {
	id := _user_id(r)
	_user(id).accountEnabled == false
}

_dead(r) if {
	id := _group_id(r)
	not _group(id)
}

_why(r) := "a reviewer entry has no query" if {
	trim_space(ar.str(r, "query")) == ""
} else := sprintf("user %s no longer exists", [id]) if {
	id := _user_id(r)
	not _user(id)
} else := sprintf("user %s (%s) is disabled", [_user_name(id), id]) if {
	id := _user_id(r)
} else := sprintf("group %s no longer exists", [_group_id(r)])

_user_name(id) := n if {
	n := _user(id).displayName
	is_string(n)
} else := id

_user_ref(r) := {"collection": "users", "id": id, "displayName": _user_name(id)} if {
	id := _user_id(r)
	_user(id)
}

# The reviewers with the dead ones removed; a list left empty gets the placeholder reviewer.
_patch(d) := object.union(
	{"reviewers": _fixed(_array(object.get(d, "reviewers", []))), "fallbackReviewers": _live(_array(object.get(d, "fallbackReviewers", [])))},
	_stages_patch(d),
)

_stages_patch(d) := {"stageSettings": [object.union(s, {
	"reviewers": _fixed(_array(object.get(s, "reviewers", []))),
	"fallbackReviewers": _live(_array(object.get(s, "fallbackReviewers", []))),
}) |
	some s in d.stageSettings
]} if {
	count(_array(object.get(d, "stageSettings", []))) > 0
} else := {}

# An empty list stays empty (a stage or definition without its own reviewers); a list of dead
# reviewers becomes the placeholder.
_fixed(list) := [] if count(list) == 0 else := l if {
	l := _live(list)
	count(l) > 0
} else := [placeholder_reviewer]

_live(list) := [r | some r in list; not _dead(r)]

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

_array(x) := x if is_array(x) else := []
