package govlint.rules.pim009_test

import data.govlint.rules.pim009
import rego.v1

security_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

message_center_reader := "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b"

alert(id, level, defaults, recipients) := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
	"id": id, "notificationType": "Email", "recipientType": "Admin",
	"notificationLevel": level, "isDefaultRecipientsEnabled": defaults, "notificationRecipients": recipients,
	"target": {"caller": "Admin", "operations": ["all"], "level": "Eligibility", "inheritableSettings": [], "enforcedSettings": []},
}

eligible_alert(level, defaults, recipients) := alert("Notification_Admin_Admin_Eligibility", level, defaults, recipients)

active_alert(level, defaults, recipients) := alert("Notification_Admin_Admin_Assignment", level, defaults, recipients)

# The activation alert (PIM007's) turned off: not this rule's business.
activation_off := alert("Notification_Admin_EndUser_Assignment", "None", false, [])

entry(role, rules) := {
	"assignmentId": sprintf("pol-%s_%s", [role, role]), "policyId": sprintf("pol-%s", [role]),
	"policy": {"id": sprintf("pol-%s", [role])},
	"rules": {r.id: r | some r in rules},
}

run(policies) := fs if {
	fs := pim009.findings with input as {"index": {"rolePolicies": policies}}
}

clean := [eligible_alert("All", true, []), active_alert("All", true, []), activation_off]

test_eligible_alert_turned_off_is_flagged if {
	fs := run({security_admin: entry(security_admin, [eligible_alert("None", true, []), active_alert("All", true, [])])})
	count(fs) == 1
	some f in fs
	f.object == {"collection": "roleManagementPolicies", "id": sprintf("pol-%s", [security_admin]), "displayName": "Security Administrator role settings"}
	f.key == sprintf("%s/Notification_Admin_Admin_Eligibility", [security_admin])
	f.related == [{"collection": "roleDefinitions", "id": security_admin, "displayName": "Security Administrator"}]
	contains(f.message, "Admins are not notified when someone is assigned Security Administrator as eligible")
	contains(f.message, "notificationLevel None")
	req := f.remediation.requests[0]
	req.method == "PATCH"
	req.path == sprintf("/policies/roleManagementPolicies/pol-%s/rules/Notification_Admin_Admin_Eligibility", [security_admin])
	req.body.notificationLevel == "All"
	req.body.isDefaultRecipientsEnabled == true
	f.remediation.before == eligible_alert("None", true, [])
	f.remediation.after == req.body
}

test_both_alerts_off_are_two_findings_on_one_policy if {
	fs := run({security_admin: entry(security_admin, [eligible_alert("None", true, []), active_alert("None", false, [])])})
	count(fs) == 2
	{f.key | some f in fs} == {
		sprintf("%s/Notification_Admin_Admin_Eligibility", [security_admin]),
		sprintf("%s/Notification_Admin_Admin_Assignment", [security_admin]),
	}
	some f in fs
	contains(f.message, "as active")
}

test_clean_alerts_and_activation_alert_off_is_clean if {
	count(run({security_admin: entry(security_admin, clean)})) == 0
}

test_named_recipients_only_is_clean if {
	count(run({security_admin: entry(security_admin, [eligible_alert("All", false, ["soc@contoso.example"]), active_alert("Critical", false, ["soc@contoso.example"])])})) == 0
}

test_alert_to_nobody_is_flagged if {
	fs := run({security_admin: entry(security_admin, [eligible_alert("All", true, []), active_alert("All", false, ["", "  "])])})
	count(fs) == 1
	some f in fs
	contains(f.message, "has no recipient")
	f.remediation.after.notificationRecipients == ["", "  "]
}

test_missing_rule_is_flagged_with_a_template if {
	fs := run({security_admin: entry(security_admin, [eligible_alert("All", true, [])])})
	count(fs) == 1
	some f in fs
	contains(f.message, "no Notification_Admin_Admin_Assignment rule")
	f.remediation.before == null
	body := f.remediation.requests[0].body
	body.id == "Notification_Admin_Admin_Assignment"
	body.recipientType == "Admin"
	body.target.caller == "Admin"
	body.target.level == "Assignment"
}

test_lower_case_none_and_null_level_are_off if {
	count(run({security_admin: entry(security_admin, [eligible_alert("none", true, []), active_alert(null, true, [])])})) == 2
}

test_unprivileged_role_is_not_flagged if {
	count(run({message_center_reader: entry(message_center_reader, [eligible_alert("None", false, []), active_alert("None", false, [])])})) == 0
}
