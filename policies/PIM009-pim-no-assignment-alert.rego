# PIM009 pim-no-assignment-alert: admins are not told when someone is assigned a privileged role,
# eligible (Notification_Admin_Admin_Eligibility) or active (Notification_Admin_Admin_Assignment):
# the rule is missing, has notificationLevel None, or sends to nobody (default recipients off
# and no other recipient). Doc: rules/PIM009-pim-no-assignment-alert.md
package govlint.rules.pim009

import data.govlint.lib
import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PIM009",
	"name": "pim-no-assignment-alert",
	"title": "No alert to admins when a privileged role is assigned",
	"severity": "medium",
	"area": "pim",
	"reads": ["roleManagementPolicies", "roleManagementPolicyAssignments"],
	"config": ["privileged_roles"],
}

# The two alerts, by rule id: which kind of assignment each one announces.
_alerts := {
	"Notification_Admin_Admin_Eligibility": "eligible",
	"Notification_Admin_Admin_Assignment": "active",
}

findings contains f if {
	some [role_id, entry] in pim.privileged_policies
	some rule_id, kind in _alerts
	rule := pim.setting(entry, rule_id)
	problem := _problem(rule)

	role := pim.role_name(role_id)
	after := object.union(_rule_or_template(entry, rule_id), {
		"notificationLevel": "All",
		"isDefaultRecipientsEnabled": true,
	})
	f := {
		"object": pim.policy_ref(role_id, entry),
		"key": sprintf("%s/%s", [role_id, rule_id]),
		"related": [pim.role_ref(role_id)],
		"message": sprintf("Admins are not notified when someone is assigned %s as %s: %s.", [role, kind, _why(problem, rule_id)]),
		"remediation": {
			"summary": sprintf("Send the %s assignment alert for %s to the default recipients (%s), and add your security team's mailbox.", [kind, role, rule_id]),
			"requests": [pim.patch_rule(entry, after)],
			"before": rule,
			"after": after,
		},
	}
}

_problem(rule) := "missing" if {
	rule == null
} else := "off" if {
	lib.eq_ci(_level(rule), "None")
} else := "nobody" if {
	not object.get(rule, "isDefaultRecipientsEnabled", false) == true
	count(_recipients(rule)) == 0
}

# A level that is missing or not a string is read as None: an alert nobody can show is on is off.
_level(rule) := l if {
	l := object.get(rule, "notificationLevel", null)
	is_string(l)
} else := "None"

_recipients(rule) := [r |
	some r in _array(object.get(rule, "notificationRecipients", []))
	is_string(r)
	trim_space(r) != ""
]

_why("missing", rule_id) := sprintf("its role settings have no %s rule", [rule_id])

_why("off", _) := "the alert is turned off (notificationLevel None)"

_why("nobody", _) := "the alert has no recipient (default recipients off, no other address)"

_array(x) := x if is_array(x)

_array(x) := [] if not is_array(x)

# The rule as it is, or the rule Entra would hold, for a PATCH body when the snapshot has none.
_rule_or_template(entry, rule_id) := r if {
	r := pim.setting(entry, rule_id)
	r != null
} else := _template(rule_id)

_template(rule_id) := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
	"id": rule_id,
	"notificationType": "Email",
	"recipientType": "Admin",
	"notificationLevel": "None",
	"isDefaultRecipientsEnabled": false,
	"notificationRecipients": [],
	"target": {"caller": "Admin", "operations": ["all"], "level": _level_of[rule_id], "inheritableSettings": [], "enforcedSettings": []},
}

_level_of := {
	"Notification_Admin_Admin_Eligibility": "Eligibility",
	"Notification_Admin_Admin_Assignment": "Assignment",
}
