# EXT003 guest-invitations-unrestricted: the tenant lets every member, or anyone including
# guests, invite guest users (authorizationPolicy.allowInvitesFrom `adminsGuestInvitersAndAllMembers`
# or `everyone`). Doc: rules/EXT003-guest-invitations-unrestricted.md
package govlint.rules.ext003

import rego.v1

metadata := {
	"code": "EXT003",
	"name": "guest-invitations-unrestricted",
	"title": "Any member or guest can invite guest users",
	"severity": "medium",
	"area": "ext",
	"reads": ["authorizationPolicy"],
}

# The settings that fail, and who they let invite. `adminsAndGuestInviters` (ScubaGear
# MS.AAD.8.2's only passing value) and `none` (stricter still) pass.
_open := {
	"everyone": "anyone in the organization, guests included",
	"adminsguestinvitersandallmembers": "every member user",
}

_known := {"none", "adminsandguestinviters", "adminsguestinvitersandallmembers", "everyone"}

_target := "adminsAndGuestInviters"

findings contains f if {
	some p in object.get(input.collections, "authorizationPolicy", [])
	v := object.get(p, "allowInvitesFrom", null)
	is_string(v)
	who := _open[lower(v)]
	f := {
		"object": _ref(p),
		"message": sprintf("Guest invitations are open to %s (allowInvitesFrom `%s`): anyone who can invite can bring an outside account into the tenant without an approval or a sponsor.", [who, v]),
		"remediation": {
			"summary": "Let only administrators and users in the Guest Inviter role invite guests; route everyone else's guests through an entitlement management access package with approval.",
			"requests": [{"method": "PATCH", "path": "/policies/authorizationPolicy", "body": {"allowInvitesFrom": _target}}],
			"before": p,
			"patch": {"allowInvitesFrom": _target},
		},
	}
}

# Not judged, so the output says so: a policy without the setting (not read) or with a value
# Graph does not document.
skipped contains {"object": _ref(p), "reason": reason} if {
	some p in object.get(input.collections, "authorizationPolicy", [])
	v := object.get(p, "allowInvitesFrom", null)
	reason := _unjudged(v)
}

_unjudged(v) := "allowInvitesFrom is missing or null" if not is_string(v)

_unjudged(v) := sprintf("allowInvitesFrom `%s` is not a documented value", [v]) if {
	is_string(v)
	not lower(v) in _known
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
