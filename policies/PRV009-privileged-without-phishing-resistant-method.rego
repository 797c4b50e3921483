# PRV009 privileged-without-phishing-resistant-method: a user holding a privileged role
# (eligible or active, directly or through a group) has MFA registered, but no
# phishing-resistant method (a FIDO2 security key or passkey, Windows Hello for Business, a
# macOS platform credential, or a multifactor certificate).
# Doc: rules/PRV009-privileged-without-phishing-resistant-method.md
package govlint.rules.prv009

import data.govlint.lib
import data.govlint.lib.prv
import rego.v1

metadata := {
	"code": "PRV009",
	"name": "privileged-without-phishing-resistant-method",
	"title": "Privileged user with no phishing-resistant method registered",
	"severity": "medium",
	"area": "prv",
	"reads": ["users", "userRegistrationDetails", "roleAssignmentScheduleInstances", "roleEligibilityScheduleInstances", "groups", "privilegedAccessGroupEligibilityScheduleInstances", "privilegedAccessGroupAssignmentScheduleInstances", "roleDefinitions"],
	"config": ["privileged_roles"],
}

findings contains f if {
	some uid, roles in prv.privileged_users
	u := input.index.users[uid]

	# Guests register methods in their home tenant (PRV006 reports them); disabled accounts
	# cannot sign in (PRV003).
	not lib.is_guest(u)
	not prv.is_disabled(u)

	# No MFA at all, or no record, is PRV001's finding: one finding per user.
	reg := input.index.userRegistrationDetails[uid]
	reg.isMfaRegistered == true
	methods := _methods(reg)
	not _phishing_resistant(methods)

	who := object.get(u, "displayName", uid)
	f := {
		"object": lib.user_ref(u),
		"related": prv.role_refs(roles),
		"message": sprintf("%s holds %s and has no phishing-resistant method registered (%s).", [who, prv.roles_phrase(roles), _registered(methods)]),
		"remediation": {
			"summary": sprintf("Have %s register a passkey (FIDO2 security key or Microsoft Authenticator) or Windows Hello for Business: the request issues a one-time Temporary Access Pass to do it in a supervised session (the passkey (FIDO2) method must be enabled in the authentication methods policy). Then require the built-in \"Phishing-resistant MFA\" authentication strength for admin roles in Conditional Access, so the phishable methods stop being enough.", [who]),
			"requests": [{
				"method": "POST",
				"path": sprintf("/users/%s/authentication/temporaryAccessPassMethods", [uid]),
				"body": {"isUsableOnce": true, "lifetimeInMinutes": 60},
			}],
			"before": reg,
			"after": object.union(reg, {"methodsRegistered": array.concat(methods, ["passKeyDeviceBound"])}),
		},
	}
}

_methods(reg) := [m | some m in reg.methodsRegistered; is_string(m)] if {
	is_array(reg.methodsRegistered)
} else := []

# Methods that resist phishing (origin-bound or hardware-bound keys), as userRegistrationDetails
# names them; compared in lower case. Microsoft Authenticator phone sign-in
# (microsoftAuthenticatorPasswordless) is passwordless but not phishing-resistant.
_resistant := {"fido2", "fido2securitykey", "windowshelloforbusiness", "macossecureenclavekey", "x509certificatemultifactor"}

_phishing_resistant(methods) if {
	some m in methods
	lower(m) in _resistant
}

# passKeyDeviceBound, passKeyDeviceBoundAuthenticator, passKeyDeviceBoundWindowsHello, passKeySynced.
_phishing_resistant(methods) if {
	some m in methods
	startswith(lower(m), "passkey")
}

_registered(methods) := sprintf("registered: %s", [concat(", ", sort(methods))]) if {
	count(methods) > 0
} else := "no method listed"
