package govlint.rules.ext001_test

import data.govlint.rules.ext001
import rego.v1

base := {"now": "2026-11-20T09:00:00Z", "now_ns": 0, "tenant": {"id": "t", "cloud": "global"}}

user_sponsor := {"@odata.type": "#microsoft.graph.user", "id": "s1", "displayName": "Sara Sponsor"}

group_sponsor := {"@odata.type": "#microsoft.graph.group", "id": "g1", "displayName": "Guest sponsors"}

guest(id, overrides) := object.union(
	{
		"id": id, "displayName": sprintf("Guest %s", [id]), "userPrincipalName": sprintf("%s_partner.example#EXT#@contoso.onmicrosoft.com", [id]),
		"userType": "Guest", "accountEnabled": true, "creationType": "Invitation",
		"externalUserState": "Accepted", "externalUserStateChangeDateTime": "2026-01-01T00:00:00Z",
		"createdDateTime": "2026-01-01T00:00:00Z", "sponsors": [user_sponsor],
	},
	overrides,
)

run(users) := fs if {
	fs := ext001.findings with input as object.union(base, {"collections": {"users": users}})
}

test_guest_without_sponsor_is_flagged if {
	fs := run([guest("g1", {"sponsors": []})])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "users", "id": "g1", "displayName": "Guest g1"}
	f.message == "Guest Guest g1 (g1_partner.example#EXT#@contoso.onmicrosoft.com) has no sponsor: nobody in the tenant is accountable for this external account or reviews its access."
	contains(f.remediation.summary, "{sponsor-user-id}")
	[req] := f.remediation.requests
	req.method == "POST"
	req.path == "/users/g1/sponsors/$ref"
	req.body == {"@odata.id": "https://graph.microsoft.com/v1.0/users/{sponsor-user-id}"}
	f.remediation.patch == {"sponsors": [{"@odata.type": "#microsoft.graph.user", "id": "{sponsor-user-id}"}]}
}

test_guest_with_user_sponsor_is_clean if {
	count(run([guest("g2", {})])) == 0
}

test_group_sponsor_counts if {
	count(run([guest("g3", {"sponsors": [group_sponsor]})])) == 0
}

test_missing_or_null_sponsors_count_as_none if {
	missing := object.remove(guest("g4", {}), {"sponsors"})
	fs := run([missing, guest("g5", {"sponsors": null})])
	{f.object.id | some f in fs} == {"g4", "g5"}
}

test_member_without_sponsor_is_fine if {
	count(run([guest("m1", {"userType": "Member", "creationType": null, "externalUserState": null, "sponsors": []})])) == 0
}

test_disabled_guest_is_skipped if {
	count(run([guest("g6", {"accountEnabled": false, "sponsors": []})])) == 0
}

test_pending_invitation_without_sponsor_is_flagged if {
	fs := run([guest("g7", {"externalUserState": "PendingAcceptance", "sponsors": []})])
	count(fs) == 1
}

test_user_type_casing_and_nulls if {
	fs := run([guest("g8", {"userType": "guest", "sponsors": []}), guest("g9", {"userType": null, "sponsors": []})])
	{f.object.id | some f in fs} == {"g8"}
}

test_guest_without_display_name_is_named_by_upn if {
	fs := run([guest("g10", {"displayName": null, "sponsors": []})])
	some f in fs
	f.object.displayName == "g10_partner.example#EXT#@contoso.onmicrosoft.com"
	startswith(f.message, "Guest g10_partner.example#EXT#@contoso.onmicrosoft.com (")
}

# The engine hands the rule a pre-filter (src/engine/prefilter.rs): the rule walks only the
# guests it lists, and still tests each of them.
run_indexed(users, index) := fs if {
	fs := ext001.findings with input as object.union(base, {"collections": {"users": users}, "index": {"guestsWithoutSponsor": index}})
}

test_walks_only_the_prefiltered_guests if {
	hit := guest("g1", {"sponsors": []})
	miss := guest("g2", {})
	count(run_indexed([hit, miss], [miss])) == 0
	{f.object.id | some f in run_indexed([hit, miss], [hit, miss])} == {"g1"}
}
