# Helpers shared by the PIM rules (PIM002-PIM008): role settings (role management policy
# rules), the finding parts they have in common, and emergency-access matching. Pure, like
# data.govlint.lib: reads only its arguments, `input` and `data.govlint.config`.
package govlint.lib.pim

import data.govlint.lib
import rego.v1

global_admin := "62e90394-69f5-4237-9190-012177145e10"

# --- role settings ---------------------------------------------------------------------------

# Every directory role's settings, by role id: input.index.rolePolicies (built in Rust from
# roleManagementPolicies + roleManagementPolicyAssignments). A role with no entry is not
# judged: Entra gives every role a policy, so a missing one was not fetched, and the
# collections' status already says so.
privileged_policies contains [role_id, entry] if {
	some role_id, entry in input.index.rolePolicies
	lib.is_privileged_role(role_id)
}

critical_policies contains [role_id, entry] if {
	some role_id, entry in input.index.rolePolicies
	lib.is_critical_role(role_id)
}

# One rule of a role's settings; null when the policy lacks it (a real policy has all 17).
setting(entry, rule_id) := r if {
	rules := object.get(entry, "rules", {})
	is_object(rules)
	r := object.get(rules, rule_id, null)
	is_object(r)
} else := null

# The rule as it is, or the rule Entra would hold, for a PATCH body when the snapshot has none.
rule_or_template(entry, rule_id) := r if {
	r := setting(entry, rule_id)
	r != null
} else := template(rule_id)

_target(caller, level) := {"caller": caller, "operations": ["all"], "level": level, "inheritableSettings": [], "enforcedSettings": []}

template("Enablement_EndUser_Assignment") := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
	"id": "Enablement_EndUser_Assignment",
	"enabledRules": [],
	"target": _target("EndUser", "Assignment"),
}

template("AuthenticationContext_EndUser_Assignment") := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule",
	"id": "AuthenticationContext_EndUser_Assignment",
	"isEnabled": false,
	"claimValue": null,
	"target": _target("EndUser", "Assignment"),
}

template("Approval_EndUser_Assignment") := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
	"id": "Approval_EndUser_Assignment",
	"setting": {
		"isApprovalRequired": false,
		"isApprovalRequiredForExtension": false,
		"isRequestorJustificationRequired": true,
		"approvalMode": "NoApproval",
		"approvalStages": [],
	},
	"target": _target("EndUser", "Assignment"),
}

template("Expiration_Admin_Assignment") := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
	"id": "Expiration_Admin_Assignment",
	"isExpirationRequired": false,
	"maximumDuration": null,
	"target": _target("Admin", "Assignment"),
}

template("Expiration_EndUser_Assignment") := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
	"id": "Expiration_EndUser_Assignment",
	"isExpirationRequired": true,
	"maximumDuration": null,
	"target": _target("EndUser", "Assignment"),
}

template("Notification_Admin_EndUser_Assignment") := {
	"@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyNotificationRule",
	"id": "Notification_Admin_EndUser_Assignment",
	"notificationType": "Email",
	"recipientType": "Admin",
	"notificationLevel": "None",
	"isDefaultRecipientsEnabled": false,
	"notificationRecipients": [],
	"target": _target("EndUser", "Assignment"),
}

# The display name of a role: the snapshot's definition or the shipped privileged list
# (lib.role_name), else the critical list, else the id.
role_name(role_id) := n if {
	n := lib.role_name(role_id)
	n != role_id
} else := n if {
	n := data.govlint.config.critical_roles[lower(role_id)].displayName
	is_string(n)
	n != ""
} else := role_id

role_ref(role_id) := {"collection": "roleDefinitions", "id": role_id, "displayName": role_name(role_id)}

# The object of a role-settings finding: the role's management policy, named after the role.
policy_ref(role_id, entry) := {
	"collection": "roleManagementPolicies",
	"id": entry.policyId,
	"displayName": sprintf("%s role settings", [role_name(role_id)]),
}

# The Graph request that replaces one rule of a policy.
patch_rule(entry, rule) := {
	"method": "PATCH",
	"path": sprintf("/policies/roleManagementPolicies/%s/rules/%s", [entry.policyId, rule.id]),
	"body": rule,
}

# --- principals ------------------------------------------------------------------------------

# True when the principal of a schedule instance is a configured emergency-access account.
# data.govlint.config.emergency_access holds object ids or user principal names, lower-cased.
is_emergency_access(inst) if lower(inst.principalId) in _emergency

is_emergency_access(inst) if {
	upn := inst.principal.userPrincipalName
	is_string(upn)
	lower(upn) in _emergency
}

is_emergency_access(inst) if {
	upn := input.index.users[inst.principalId].userPrincipalName
	is_string(upn)
	lower(upn) in _emergency
}

_emergency contains lower(a) if {
	some a in object.get(data.govlint.config, "emergency_access", [])
	is_string(a)
}

# --- time --------------------------------------------------------------------------------------

# True when a schedule instance has started by `now`. A missing or unreadable start counts as
# started, as in the Rust-built roleHolders index, so bad data cannot hide an assignment.
started(inst) if not _start_ns(inst)

started(inst) if _start_ns(inst) <= input.now_ns

_start_ns(inst) := time.parse_rfc3339_ns(t) if {
	t := object.get(inst, "startDateTime", null)
	is_rfc3339(t)
}

# A guard before time.parse_rfc3339_ns, which raises an error (not undefined) on garbage.
is_rfc3339(t) if {
	is_string(t)
	regex.match(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`, t)
}

# True when an instance is granted to its principal directly, not inherited through a group's
# assignment (memberType Group) or a parent scope (Inherited): only a direct one can be changed
# or removed by a request naming that principal. A missing memberType counts as direct.
is_direct(inst) if object.get(inst, "memberType", null) == null

is_direct(inst) if {
	t := object.get(inst, "memberType", null)
	is_string(t)
	lower(t) == "direct"
}

# True when an instance has no end: `endDateTime` null, missing or empty.
open_ended(inst) if object.get(inst, "endDateTime", null) == null

open_ended(inst) if object.get(inst, "endDateTime", null) == ""
