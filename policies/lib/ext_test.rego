package govlint.lib.ext_test

import data.govlint.lib.ext
import rego.v1

test_guest_needs_a_string_user_type if {
	ext.is_guest({"userType": "Guest"})
	ext.is_guest({"userType": "guest"})
	not ext.is_guest({"userType": "Member"})
	not ext.is_guest({"userType": null})
	not ext.is_guest({})
}

test_sponsors_default_to_none if {
	ext.sponsors({"sponsors": null}) == []
	ext.sponsors({}) == []
	not ext.has_sponsor({"sponsors": []})
	ext.has_sponsor({"sponsors": [{"@odata.type": "#microsoft.graph.group", "id": "g"}]})
}

test_sponsor_refs_use_the_sponsor_kind if {
	u := {"sponsors": [
		{"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Sara"},
		{"@odata.type": "#microsoft.graph.group", "id": "g1", "displayName": "Guest sponsors"},
		{"id": "x1"},
	]}
	ext.sponsor_refs(u) == [
		{"collection": "users", "id": "u1", "displayName": "Sara"},
		{"collection": "groups", "id": "g1", "displayName": "Guest sponsors"},
		{"collection": "users", "id": "x1", "displayName": "x1"},
	]
}

test_invitation_states if {
	ext.is_pending({"externalUserState": "PendingAcceptance"})
	not ext.is_pending({"externalUserState": null})
	ext.is_accepted({"externalUserState": "accepted"})
	not ext.is_disabled({})
	ext.is_disabled({"accountEnabled": false})
}

# Two calls in one query: a function of a govlint.lib subpackage that read a rule of the parent
# package (lib.ns_per_day) came out undefined the second time under regorus.
test_days_since_ns_twice_in_one_query if {
	now := time.parse_rfc3339_ns("2026-11-20T09:00:00Z")
	a := ext.days_since_ns(time.parse_rfc3339_ns("2026-10-06T09:00:00Z")) with input as {"now_ns": now}
	b := ext.days_since_ns(time.parse_rfc3339_ns("2026-11-10T09:00:00Z")) with input as {"now_ns": now}
	[a, b] == [45, 10]
	[ext.days_since_ns(0), ext.days_since_ns(86400000000000)] == [20777, 20776] with input as {"now_ns": now}
}

test_graph_root_follows_the_cloud if {
	ext.user_odata_id("u1") == "https://graph.microsoft.com/v1.0/users/u1" with input as {"tenant": {"cloud": "global"}}
	ext.user_odata_id("u1") == "https://microsoftgraph.chinacloudapi.cn/v1.0/users/u1" with input as {"tenant": {"cloud": "china"}}
	ext.user_odata_id("u1") == "https://graph.microsoft.com/v1.0/users/u1" with input as {}
}

test_user_ref_falls_back_to_upn_then_id if {
	ext.user_ref({"id": "u1", "displayName": "Ada"}).displayName == "Ada"
	ext.user_ref({"id": "u1", "displayName": null, "userPrincipalName": "ada@x"}).displayName == "ada@x"
	ext.user_ref({"id": "u1", "displayName": ""}).displayName == "u1"
}
