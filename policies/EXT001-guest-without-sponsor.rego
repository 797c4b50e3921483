# EXT001 guest-without-sponsor: an enabled guest account has no sponsor, so nobody inside the
# tenant is accountable for it. Doc: rules/EXT001-guest-without-sponsor.md
package govlint.rules.ext001

import data.govlint.lib.ext
import rego.v1

metadata := {
	"code": "EXT001",
	"name": "guest-without-sponsor",
	"title": "Guest account with no sponsor",
	"severity": "medium",
	"area": "ext",
	"reads": ["users"],
}

findings contains f if {
	some u in _users
	ext.is_guest(u)

	# A disabled guest cannot sign in; its way out is deletion, not a sponsor.
	not ext.is_disabled(u)
	not ext.has_sponsor(u)

	ref := ext.user_ref(u)
	f := {
		"object": ref,
		"message": sprintf("Guest %s (%s) has no sponsor: nobody in the tenant is accountable for this external account or reviews its access.", [ref.displayName, _upn(u)]),
		"remediation": {
			"summary": sprintf("Assign %s a sponsor: choose the employee (or group) who answers for this guest and replace %s in the body with its id (a group is added as .../groups/{id}).", [ref.displayName, ext.sponsor_placeholder]),
			"requests": [{
				"method": "POST",
				"path": sprintf("/users/%s/sponsors/$ref", [u.id]),
				"body": {"@odata.id": ext.user_odata_id(ext.sponsor_placeholder)},
			}],
			"before": u,
			"patch": {"sponsors": [{"@odata.type": "#microsoft.graph.user", "id": ext.sponsor_placeholder}]},
		},
	}
}

# The guests without sponsors the engine's pre-filter kept (src/engine/prefilter.rs): a handful
# instead of every user. It only narrows; the conditions above are all tested regardless. Every
# user when the input has no such index (rule tests, inputs built by hand).
_users := us if {
	us := input.index.guestsWithoutSponsor
	is_array(us)
} else := input.collections.users

_upn(u) := p if {
	p := u.userPrincipalName
	is_string(p)
} else := u.id
