# EXT004 guest-directory-access-not-limited: guest users have the same access to directory
# objects as members (authorizationPolicy.guestUserRoleId is the "same as member users" role),
# or a role id Graph does not document. Limited access (the default) and restricted access pass.
# Doc: rules/EXT004-guest-directory-access-not-limited.md
package govlint.rules.ext004

import rego.v1

metadata := {
	"code": "EXT004",
	"name": "guest-directory-access-not-limited",
	"title": "Guests have the same directory access as members",
	"severity": "medium",
	"area": "ext",
	"reads": ["authorizationPolicy"],
}

same_as_members := "a0b1b346-4d3e-4e8b-98f8-753987be4970"

limited := "10dae51f-b6af-4016-8d66-8c2a99b929b3"

restricted := "2af84b1e-32c8-42b7-82bc-daa82404023b"

# What each failing value means, for the message. Any id other than limited and restricted
# fails, as in ScubaGear MS.AAD.8.1: an undocumented role cannot be shown to limit anything.
_level(id) := "the same access to directory objects as member users" if lower(id) == same_as_members

_level(id) := sprintf("an undocumented guest role (%s), which cannot be shown to limit their access", [id]) if {
	not lower(id) in {same_as_members, limited, restricted}
}

findings contains f if {
	some p in object.get(input.collections, "authorizationPolicy", [])
	id := object.get(p, "guestUserRoleId", null)
	is_string(id)
	level := _level(id)
	f := {
		"object": _ref(p),
		"message": sprintf("Guest users have %s: a guest account (compromised, or invited by mistake) can list every user, group and their memberships.", [level]),
		"remediation": {
			"summary": "Limit what guests can read in the directory: limited access (the Graph default, sent here) lets them see other users' basic profiles; restricted access (guestUserRoleId 2af84b1e-32c8-42b7-82bc-daa82404023b) limits them to their own objects. Check first that no collaboration relies on guests browsing the directory.",
			"requests": [{"method": "PATCH", "path": "/policies/authorizationPolicy", "body": {"guestUserRoleId": limited}}],
			"before": p,
			"patch": {"guestUserRoleId": limited},
		},
	}
}

# Not judged, so the output says so: the setting was not read.
skipped contains {"object": _ref(p), "reason": "guestUserRoleId is missing or null"} if {
	some p in object.get(input.collections, "authorizationPolicy", [])
	not is_string(object.get(p, "guestUserRoleId", null))
}

_ref(p) := {"collection": "authorizationPolicy", "id": _id(p), "displayName": _name(p)}

_id(p) := i if {
	i := p.id
	is_string(i)
} else := "authorizationPolicy"

_name(p) := n if {
	n := p.displayName
	is_string(n)
} else := "Authorization Policy"
