package govlint.lib.pim_test

import data.govlint.lib.pim
import rego.v1

now := "2026-11-20T09:00:00Z"

test_started_before_now_at_now_and_without_a_start if {
	pim.started({"startDateTime": "2026-11-19T09:00:00Z"}) with input as {"now_ns": time.parse_rfc3339_ns(now)}

	# Bound to a local first: regorus 0.14 fails `f(x) with input as {..x..}` when x is a rule.
	at := now
	pim.started({"startDateTime": at}) with input as {"now_ns": time.parse_rfc3339_ns(now)}
	pim.started({"startDateTime": null}) with input as {"now_ns": time.parse_rfc3339_ns(now)}
	pim.started({}) with input as {"now_ns": time.parse_rfc3339_ns(now)}
}

test_future_start_has_not_started if {
	not pim.started({"startDateTime": "2026-11-21T09:00:00Z"}) with input as {"now_ns": time.parse_rfc3339_ns(now)}
}

test_unreadable_start_counts_as_started_without_an_error if {
	pim.started({"startDateTime": "soon"}) with input as {"now_ns": time.parse_rfc3339_ns(now)}
	pim.started({"startDateTime": 42}) with input as {"now_ns": time.parse_rfc3339_ns(now)}
}

test_rfc3339_guard if {
	pim.is_rfc3339("2023-03-13T19:15:41.6195833Z")
	pim.is_rfc3339("2026-11-20T09:00:00+01:00")
	not pim.is_rfc3339("2026-11-20")
	not pim.is_rfc3339(null)
}

test_open_ended if {
	pim.open_ended({"endDateTime": null})
	pim.open_ended({"endDateTime": ""})
	pim.open_ended({})
	not pim.open_ended({"endDateTime": "2027-01-01T00:00:00Z"})
}

test_setting_is_null_when_missing_or_malformed if {
	r := {"id": "Expiration_EndUser_Assignment", "maximumDuration": "PT8H"}
	pim.setting({"rules": {"Expiration_EndUser_Assignment": r}}, "Expiration_EndUser_Assignment") == r
	pim.setting({"rules": {}}, "Expiration_EndUser_Assignment") == null
	pim.setting({"rules": {"Expiration_EndUser_Assignment": "x"}}, "Expiration_EndUser_Assignment") == null
	pim.setting({}, "Expiration_EndUser_Assignment") == null
}

test_templates_are_complete_rules if {
	some id in [
		"Enablement_EndUser_Assignment", "AuthenticationContext_EndUser_Assignment", "Approval_EndUser_Assignment",
		"Expiration_Admin_Assignment", "Expiration_EndUser_Assignment", "Notification_Admin_EndUser_Assignment",
	]
	t := pim.rule_or_template({"rules": {}}, id)
	t.id == id
	startswith(t["@odata.type"], "#microsoft.graph.unifiedRoleManagementPolicy")
	t.target.operations == ["all"]
}

test_emergency_access_by_id_and_upn if {
	inst := {"principalId": "ABC", "principal": {"userPrincipalName": "BG@Contoso.com"}}
	pim.is_emergency_access(inst) with data.govlint.config.emergency_access as ["abc"]
	pim.is_emergency_access(inst) with data.govlint.config.emergency_access as ["bg@contoso.com"]
	pim.is_emergency_access({"principalId": "u1"}) with data.govlint.config.emergency_access as ["u1@contoso.com"]
		with input.index.users as {"u1": {"userPrincipalName": "U1@contoso.com"}}
	not pim.is_emergency_access(inst) with data.govlint.config.emergency_access as []
}

test_role_name_falls_back_to_the_critical_list if {
	pim.role_name("22222222-2222-4222-8222-222222222222") == "22222222-2222-4222-8222-222222222222"
	pim.role_name("11111111-1111-4111-8111-111111111111") == "Custom Critical" with data.govlint.config.critical_roles as {"11111111-1111-4111-8111-111111111111": {"displayName": "Custom Critical"}}
	pim.role_name("62e90394-69f5-4237-9190-012177145e10") == "Global Administrator"
}

test_direct_member_type if {
	pim.is_direct({"memberType": "Direct"})
	pim.is_direct({"memberType": "direct"})
	pim.is_direct({})
	not pim.is_direct({"memberType": "Group"})
	not pim.is_direct({"memberType": "Inherited"})
}
