package govlint.rules.pim007_test

import data.govlint.rules.pim007
import rego.v1

security_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

message_center_reader := "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b"

alert(level, defaults, recipients) := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
	"id": "Notification_Admin_EndUser_Assignment", "notificationType": "Email", "recipientType": "Admin",
	"notificationLevel": level, "isDefaultRecipientsEnabled": defaults, "notificationRecipients": recipients,
	"target": {"caller": "EndUser", "operations": ["all"], "level": "Assignment", "inheritableSettings": [], "enforcedSettings": []},
}

entry(role, rules) := {
	"assignmentId": sprintf("pol-%s_%s", [role, role]), "policyId": sprintf("pol-%s", [role]),
	"policy": {"id": sprintf("pol-%s", [role])},
	"rules": {r.id: r | some r in rules},
}

run(policies) := fs if {
	fs := pim007.findings with input as {"index": {"rolePolicies": policies}}
}

test_alert_turned_off_is_flagged if {
	fs := run({security_admin: entry(security_admin, [alert("None", true, [])])})
	count(fs) == 1
	some f in fs
	f.object == {"collection": "roleManagementPolicies", "id": sprintf("pol-%s", [security_admin]), "displayName": "Security Administrator role settings"}
	f.key == security_admin
	contains(f.message, "Admins are not notified when Security Administrator is activated")
	contains(f.message, "notificationLevel None")
	req := f.remediation.requests[0]
	req.method == "PATCH"
	req.path == sprintf("/policies/roleManagementPolicies/pol-%s/rules/Notification_Admin_EndUser_Assignment", [security_admin])
	req.body.notificationLevel == "All"
	req.body.isDefaultRecipientsEnabled == true
	req.body.recipientType == "Admin"
	f.remediation.before == alert("None", true, [])
	f.remediation.after == req.body
}

test_alert_to_default_recipients_is_clean if {
	count(run({security_admin: entry(security_admin, [alert("All", true, [])])})) == 0
}

test_alert_to_named_recipients_only_is_clean if {
	count(run({security_admin: entry(security_admin, [alert("All", false, ["soc@contoso.example"])])})) == 0
}

test_critical_only_level_is_accepted if {
	count(run({security_admin: entry(security_admin, [alert("Critical", true, [])])})) == 0
}

test_alert_to_nobody_is_flagged if {
	fs := run({security_admin: entry(security_admin, [alert("All", false, ["  "])])})
	some f in fs
	contains(f.message, "has no recipient")
	f.remediation.after.notificationRecipients == ["  "]
}

test_missing_rule_is_flagged if {
	fs := run({security_admin: entry(security_admin, [])})
	some f in fs
	contains(f.message, "no activation alert rule")
	f.remediation.requests[0].body.recipientType == "Admin"
	f.remediation.before == null
}

test_lower_case_none_and_null_level_are_off if {
	count(run({security_admin: entry(security_admin, [alert("none", true, [])])})) == 1
	count(run({security_admin: entry(security_admin, [alert(null, true, [])])})) == 1
}

test_unprivileged_role_is_not_flagged if {
	count(run({message_center_reader: entry(message_center_reader, [alert("None", false, [])])})) == 0
}
