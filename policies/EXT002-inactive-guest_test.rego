package govlint.rules.ext002_test

import data.govlint.rules.ext002
import rego.v1

now := "2026-11-20T09:00:00Z"

base := {"now": now, "now_ns": time.parse_rfc3339_ns(now), "tenant": {"id": "t", "cloud": "global"}}

# Days before `now`, as Graph writes timestamps.
ago := {
	5: "2026-11-15T09:00:00Z", 10: "2026-11-10T09:00:00Z", 20: "2026-10-31T09:00:00Z",
	30: "2026-10-21T09:00:00Z", 31: "2026-10-20T09:00:00Z", 45: "2026-10-06T09:00:00Z",
	90: "2026-08-22T09:00:00Z", 91: "2026-08-21T09:00:00Z", 120: "2026-07-23T09:00:00Z",
	200: "2026-05-04T09:00:00Z", 300: "2026-01-24T09:00:00Z", 400: "2025-10-16T09:00:00Z",
}

sponsor := {"@odata.type": "#microsoft.graph.user", "id": "s1", "displayName": "Sara Sponsor"}

guest(id, overrides) := object.union(
	{
		"id": id, "displayName": sprintf("Guest %s", [id]), "userPrincipalName": sprintf("%s_partner.example#EXT#@contoso.onmicrosoft.com", [id]),
		"userType": "Guest", "accountEnabled": true, "creationType": "Invitation",
		"externalUserState": "Accepted", "externalUserStateChangeDateTime": ago[400],
		"createdDateTime": ago[400], "sponsors": [sponsor],
	},
	overrides,
)

signed_in(id, t) := {"id": id, "userPrincipalName": id, "signInActivity": {
	"lastSignInDateTime": t, "lastNonInteractiveSignInDateTime": null, "lastSuccessfulSignInDateTime": t,
}}

never(id) := {"id": id, "userPrincipalName": id}

run(users, activity) := fs if {
	fs := ext002.findings with input as object.union(base, {
		"collections": {"users": users, "userSignInActivity": activity},
		"index": {"userSignInActivity": {a.id: a | some a in activity}},
	})
}

test_guest_inactive_for_200_days_is_flagged if {
	fs := run([guest("g1", {})], [signed_in("g1", ago[200])])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "users", "id": "g1", "displayName": "Guest g1"}
	f.related == [{"collection": "users", "id": "s1", "displayName": "Sara Sponsor"}]
	f.message == "Guest Guest g1 (g1_partner.example#EXT#@contoso.onmicrosoft.com) has not signed in for 200 days (limit: 90)."
	f.remediation.requests == [{"method": "PATCH", "path": "/users/g1", "body": {"accountEnabled": false}}]
	f.remediation.patch == {"accountEnabled": false}
}

test_guest_signed_in_20_days_ago_is_clean if {
	count(run([guest("g2", {})], [signed_in("g2", ago[20])])) == 0
}

test_threshold_is_exclusive_and_configurable if {
	count(run([guest("g3", {})], [signed_in("g3", ago[90])])) == 0
	count(run([guest("g3", {})], [signed_in("g3", ago[91])])) == 1
	fs := ext002.findings with input as object.union(base, {
		"collections": {"users": [guest("g3", {})]},
		"index": {"userSignInActivity": {"g3": signed_in("g3", ago[45])}},
	})
		with data.govlint.config.thresholds as {"guest_inactive_days": 30, "pending_invitation_days": 30}
	some f in fs
	contains(f.message, "has not signed in for 45 days (limit: 30)")
}

test_latest_kind_of_sign_in_counts if {
	a := {"id": "g4", "signInActivity": {"lastSignInDateTime": ago[300], "lastNonInteractiveSignInDateTime": ago[10]}}
	count(run([guest("g4", {})], [a])) == 0
}

test_pending_invitation_older_than_30_days_is_flagged if {
	fs := run([guest("g5", {"externalUserState": "PendingAcceptance", "externalUserStateChangeDateTime": ago[45], "createdDateTime": ago[45]})], [never("g5")])
	count(fs) == 1
	some f in fs
	f.object.id == "g5"
	f.message == "Guest Guest g5 (g5_partner.example#EXT#@contoso.onmicrosoft.com) was invited 45 days ago and never accepted the invitation (limit: 30 days pending)."
	f.remediation.requests == [{"method": "DELETE", "path": "/users/g5"}]
	f.remediation.after == null
}

test_pending_invitation_younger_than_30_days_is_not_inactive if {
	g := guest("g6", {"externalUserState": "PendingAcceptance", "externalUserStateChangeDateTime": ago[10], "createdDateTime": ago[10]})
	count(run([g], [never("g6")])) == 0
}

test_resent_invitation_is_measured_from_the_state_change if {
	# Created 200 days ago, invitation re-sent 10 days ago: pending for 10 days only, and not
	# judged as a guest who never signed in.
	g := guest("g7", {"externalUserState": "PendingAcceptance", "externalUserStateChangeDateTime": ago[10], "createdDateTime": ago[200]})
	count(run([g], [never("g7")])) == 0
}

test_pending_without_state_change_date_uses_creation if {
	g := guest("g8", {"externalUserState": "PendingAcceptance", "externalUserStateChangeDateTime": null, "createdDateTime": ago[31]})
	fs := run([g], [never("g8")])
	some f in fs
	contains(f.message, "was invited 31 days ago")
}

test_never_signed_in_old_guest_is_flagged if {
	fs := run([guest("g9", {"externalUserStateChangeDateTime": ago[120], "createdDateTime": ago[120]})], [never("g9")])
	some f in fs
	endswith(f.message, "has never signed in since the account was created 120 days ago (limit: 90 days).")
	f.remediation.patch == {"accountEnabled": false}
}

test_missing_sign_in_item_counts_as_never if {
	fs := run([guest("g10", {"createdDateTime": ago[120], "externalUserStateChangeDateTime": ago[120]})], [])
	count(fs) == 1
}

test_recently_accepted_guest_who_never_signed_in_is_not_flagged if {
	g := guest("g11", {"createdDateTime": ago[300], "externalUserStateChangeDateTime": ago[5]})
	count(run([g], [never("g11")])) == 0
}

test_recently_created_guest_who_never_signed_in_is_not_flagged if {
	g := guest("g12", {"createdDateTime": ago[20], "externalUserStateChangeDateTime": ago[20]})
	count(run([g], [never("g12")])) == 0
}

test_account_without_creation_date_is_old if {
	g := guest("g13", {"createdDateTime": null, "externalUserStateChangeDateTime": null, "externalUserState": null})
	fs := run([g], [never("g13")])
	some f in fs
	contains(f.message, "has never signed in since the account was created before June 2018")
}

test_disabled_guest_is_skipped if {
	count(run([guest("g14", {"accountEnabled": false})], [signed_in("g14", ago[300])])) == 0
}

test_inactive_member_is_not_this_rule if {
	m := guest("m1", {"userType": "Member", "externalUserState": null, "creationType": null})
	count(run([m], [signed_in("m1", ago[300])])) == 0
}

test_group_sponsor_is_related_as_a_group if {
	g := guest("g15", {"sponsors": [{"@odata.type": "#microsoft.graph.group", "id": "grp", "displayName": "Guest sponsors"}]})
	fs := run([g], [signed_in("g15", ago[200])])
	some f in fs
	f.related == [{"collection": "groups", "id": "grp", "displayName": "Guest sponsors"}]
}

test_pending_guest_is_judged_on_the_invitation_alone if {
	# lastSignInDateTime counts failed attempts too; an attempt does not redeem the invitation.
	old := guest("g16", {"externalUserState": "PendingAcceptance", "externalUserStateChangeDateTime": ago[45], "createdDateTime": ago[45]})
	fs := run([old], [signed_in("g16", ago[5])])
	some f in fs
	contains(f.message, "was invited 45 days ago")
	young := guest("g17", {"externalUserState": "PendingAcceptance", "externalUserStateChangeDateTime": ago[10], "createdDateTime": ago[10]})
	count(run([young], [signed_in("g17", ago[300])])) == 0
}

# The engine hands the rule a pre-filter (src/engine/prefilter.rs): the rule walks only the
# guests it lists, and still tests each of them.
run_indexed(users, activity, index) := fs if {
	fs := ext002.findings with input as object.union(base, {
		"collections": {"users": users, "userSignInActivity": activity},
		"index": {"userSignInActivity": {a.id: a | some a in activity}, "guestsNotRecentlyActive": index},
	})
}

test_walks_only_the_prefiltered_guests if {
	hit := guest("g1", {})
	miss := guest("g2", {})
	activity := [signed_in("g1", ago[200]), signed_in("g2", ago[20])]
	count(run_indexed([hit, miss], activity, [miss])) == 0
	{f.object.id | some f in run_indexed([hit, miss], activity, [hit, miss])} == {"g1"}
}
