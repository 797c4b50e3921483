# PRV001 privileged-without-mfa: a user holding a privileged role (eligible or active) has
# no MFA method registered, or no authentication-method registration record at all (fail
# closed). Doc: rules/PRV001-privileged-without-mfa.md
package govlint.rules.prv001

import data.govlint.lib
import data.govlint.lib.prv
import rego.v1

metadata := {
	"code": "PRV001",
	"name": "privileged-without-mfa",
	"title": "Privileged user with no MFA method registered",
	"severity": "high",
	"area": "prv",
	"reads": ["users", "userRegistrationDetails", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles"],
}

findings contains f if {
	some uid, roles in prv.privileged_users
	u := input.index.users[uid]

	# Guests register their methods in their home tenant (and are reported by PRV006);
	# a disabled account cannot sign in (and is reported by PRV003).
	not lib.is_guest(u)
	not prv.is_disabled(u)

	reg := object.get(input.index.userRegistrationDetails, uid, null)
	not _mfa_registered(reg)

	who := object.get(u, "displayName", uid)
	f := {
		"object": lib.user_ref(u),
		"related": prv.role_refs(roles),
		"message": sprintf("%s holds %s and %s.", [who, prv.roles_phrase(roles), _why(reg)]),
		"remediation": {
			"summary": sprintf("No Graph call registers MFA for someone else: issue %s a one-time Temporary Access Pass (request below) to register a phishing-resistant method in a supervised session, and keep the roles unusable until the registration shows (Conditional Access requiring MFA for admin roles, or remove the roles meanwhile).", [who]),
			"requests": [{
				"method": "POST",
				"path": sprintf("/users/%s/authentication/temporaryAccessPassMethods", [uid]),
				"body": {"isUsableOnce": true, "lifetimeInMinutes": 60},
			}],
			"before": reg,
			"after": object.union(_record(reg, u), {"isMfaRegistered": true, "isMfaCapable": true}),
		},
	}
}

_mfa_registered(reg) if reg.isMfaRegistered == true

_why(null) := "has no authentication-method registration record, so MFA registration cannot be confirmed"

_why(reg) := "has no MFA method registered" if reg != null

# The registration record after the user registers: the existing one, or the one Entra
# will create (null before).
_record(null, u) := {"id": u.id, "userPrincipalName": object.get(u, "userPrincipalName", null), "userDisplayName": object.get(u, "displayName", null)}

_record(reg, _) := reg if reg != null
