# PIM007 pim-no-activation-alert: admins are not told when a privileged role is activated:
# Notification_Admin_EndUser_Assignment is missing, has notificationLevel None, or sends to
# nobody (default recipients off and no other recipient).
# Doc: rules/PIM007-pim-no-activation-alert.md
package govlint.rules.pim007

import data.govlint.lib
import data.govlint.lib.pim
import rego.v1

metadata := {
	"code": "PIM007",
	"name": "pim-no-activation-alert",
	"title": "No alert to admins when a privileged role is activated",
	"severity": "medium",
	"area": "pim",
	"reads": ["roleManagementPolicies", "roleManagementPolicyAssignments"],
	"config": ["privileged_roles"],
}

findings contains f if {
	some [role_id, entry] in pim.privileged_policies
	rule := pim.setting(entry, "Notification_Admin_EndUser_Assignment")
	problem := _problem(rule)

	role := pim.role_name(role_id)
	after := object.union(pim.rule_or_template(entry, "Notification_Admin_EndUser_Assignment"), {
		"notificationLevel": "All",
		"isDefaultRecipientsEnabled": true,
	})
	f := {
		"object": pim.policy_ref(role_id, entry),
		"key": role_id,
		"related": [pim.role_ref(role_id)],
		"message": sprintf("Admins are not notified when %s is activated: %s.", [role, _why[problem]]),
		"remediation": {
			"summary": sprintf("Send the role activation alert for %s to the default recipients (Notification_Admin_EndUser_Assignment), and add your security team's mailbox.", [role]),
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

_why := {
	"missing": "its role settings have no activation alert rule (Notification_Admin_EndUser_Assignment)",
	"off": "the role activation alert is turned off (notificationLevel None)",
	"nobody": "the role activation alert has no recipient (default recipients off, no other address)",
}

_array(x) := x if is_array(x)

_array(x) := [] if not is_array(x)
