# EXT002 inactive-guest: an enabled guest has not signed in for `guest_inactive_days` (or never
# has, since an account that old was created), or an invitation has waited for acceptance for
# more than `pending_invitation_days`. Doc: rules/EXT002-inactive-guest.md
package govlint.rules.ext002

import data.govlint.lib
import data.govlint.lib.ext
import rego.v1

metadata := {
	"code": "EXT002",
	"name": "inactive-guest",
	"title": "Guest inactive for too long, or invitation never redeemed",
	"severity": "medium",
	"area": "ext",
	"reads": ["users", "userSignInActivity"],
	"config": ["thresholds"],
}

inactive_days := n if {
	n := data.govlint.config.thresholds.guest_inactive_days
	is_number(n)
} else := 90

pending_days := n if {
	n := data.govlint.config.thresholds.pending_invitation_days
	is_number(n)
} else := 30

findings contains f if {
	some u in _users
	ext.is_guest(u)

	# A disabled guest can no longer sign in: what this rule would do is done.
	not ext.is_disabled(u)

	# Settled once per guest and passed on: most guests signed in recently, and regorus
	# charges for every function call, so the cases below stop at `recent` for them.
	a := _activity(u)
	recent := _is_recent(a)
	c := _case(u, a, recent)

	ref := ext.user_ref(u)
	f := {
		"object": ref,
		"related": ext.sponsor_refs(u),
		"message": sprintf("Guest %s (%s) %s.", [ref.displayName, _upn(u), c.what]),
		"remediation": _fix(u, ref, c.kind),
	}
}

# An invitation nobody redeemed: measured from the last change of externalUserState (when the
# invitation was sent or re-sent), else from creation. Pending guests are judged only on this,
# whatever their sign-in attempts.
_case(u, _, _) := {"kind": "pending", "what": what} if {
	ext.is_pending(u)
	t := _first_ts([object.get(u, "externalUserStateChangeDateTime", null), object.get(u, "createdDateTime", null)])
	_older_than(t, pending_days)
	what := sprintf("was invited %s and never accepted the invitation (limit: %d days pending)", [_ago(t), pending_days])
}

# Signed in, but not for too long; the days are counted only once `recent` is false.
_case(u, a, recent) := {"kind": "inactive", "what": what} if {
	recent == false
	not ext.is_pending(u)
	last := lib.last_sign_in(a)
	d := ext.days_since_ns(last)
	d > inactive_days
	what := sprintf("has not signed in for %d days (limit: %d)", [d, inactive_days])
}

# Never signed in: measured from creation, or from accepting the invitation when that is later
# (redeeming is recent activity even before the sign-in log shows it).
_case(u, a, recent) := {"kind": "never", "what": what} if {
	recent == false
	not ext.is_pending(u)
	not lib.last_sign_in(a)
	t := _never_start(u)
	_older_than(t, inactive_days)
	what := sprintf("has never signed in since the account was %s (limit: %d days)", [_since_text(u, t), inactive_days])
}

# Whether any kind of sign-in is less than `inactive_days` + 1 whole days old, i.e. the guest
# is not inactive: the same boundary as `days_since_ns(last) > inactive_days`, found with one
# timestamp for an active guest.
_is_recent(a) := true if {
	some k in ["lastSignInDateTime", "lastNonInteractiveSignInDateTime", "lastSuccessfulSignInDateTime"]
	ext.ts_ns(a[k]) > _cutoff_ns
} else := false

_cutoff_ns := input.now_ns - ((inactive_days + 1) * ext.ns_per_day)

# The guests the engine's pre-filter kept (src/engine/prefilter.rs): pending invitations, and
# guests with no sign-in after a cutoff it computes from `now` and the same
# `guest_inactive_days`, a day later than `_cutoff_ns` so it never drops a guest this rule would
# report. It only narrows; every condition is tested here regardless. Every user when the input
# has no such index (rule tests, inputs built by hand).
_users := us if {
	us := input.index.guestsNotRecentlyActive
	is_array(us)
} else := input.collections.users

_activity(u) := a if {
	a := input.index.userSignInActivity[u.id].signInActivity
	is_object(a)
} else := {}

_never_start(u) := accepted if {
	ext.is_accepted(u)
	accepted := u.externalUserStateChangeDateTime
	ext.ts_ns(accepted)
	not ext.ts_ns(u.createdDateTime) > ext.ts_ns(accepted)
} else := _first_ts([object.get(u, "createdDateTime", null)])

_since_text(u, t) := sprintf("created %s", [_ago(t)]) if {
	t == object.get(u, "createdDateTime", null)
} else := sprintf("accepted %s", [_ago(t)])

# The first well-formed timestamp of a list; null when there is none.
_first_ts(ts) := ts[min(valid)] if {
	valid := {i | some i, t in ts; ext.ts_ns(t)}
	count(valid) > 0
} else := null

# Graph leaves createdDateTime null only for accounts created before June 2018: older than any
# threshold, so a missing date counts as old (never as "recent").
_older_than(t, limit) if {
	t == null
	is_number(limit)
}

_older_than(t, limit) if {
	d := _days(t)
	d > limit
}

_days(t) := ext.days_since_ns(ext.ts_ns(t))

_ago(t) := "before June 2018 (Graph recorded no date)" if {
	t == null
} else := sprintf("%d days ago", [_days(t)])

_upn(u) := p if {
	p := u.userPrincipalName
	is_string(p)
} else := u.id

_fix(u, ref, "pending") := {
	"summary": sprintf("Delete the unredeemed invitation of %s (it stays restorable from deleted users for 30 days); invite again if the collaboration is still needed.", [ref.displayName]),
	"requests": [{"method": "DELETE", "path": sprintf("/users/%s", [u.id])}],
	"before": u,
	"after": null,
}

_fix(u, ref, kind) := {
	"summary": sprintf("Disable %s so the account can no longer sign in, then ask its sponsor whether to delete it or re-enable it.", [ref.displayName]),
	"requests": [{"method": "PATCH", "path": sprintf("/users/%s", [u.id]), "body": {"accountEnabled": false}}],
	"before": u,
	"patch": {"accountEnabled": false},
} if kind != "pending"
