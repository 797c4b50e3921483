package govlint.rules.prv009_test

import data.govlint.rules.prv009
import rego.v1

exchange_admin := "29232cdf-9323-42fd-ade2-1d097af3e4de"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

user(id) := {"id": id, "displayName": sprintf("User %s", [id]), "userType": "Member", "accountEnabled": true}

eligible(uid, role) := {"id": sprintf("e-%s", [uid]), "principalId": uid, "roleDefinitionId": role, "directoryScopeId": "/", "memberType": "Direct"}

reg(uid, mfa, methods) := {"id": uid, "userPrincipalName": sprintf("%s@contoso.example", [uid]), "isMfaRegistered": mfa, "methodsRegistered": methods}

tenant(u, role, regs) := {
	"now": "2026-11-20T09:00:00Z", "now_ns": 0,
	"index": {
		"users": {u.id: u},
		"principalRoles": {u.id: {role: {"active": [], "eligible": [eligible(u.id, role)]}}},
		"userRegistrationDetails": {r.id: r | some r in regs},
	},
}

test_push_and_codes_only_is_flagged if {
	fs := prv009.findings with input as tenant(user("otis"), exchange_admin, [reg("otis", true, ["softwareOneTimePasscode", "microsoftAuthenticatorPush"])])
	count(fs) == 1
	some f in fs
	f.object.id == "otis"
	f.related[0].id == exchange_admin
	f.message == "User otis holds Exchange Administrator (eligible) and has no phishing-resistant method registered (registered: microsoftAuthenticatorPush, softwareOneTimePasscode)."
	f.remediation.requests == [{"method": "POST", "path": "/users/otis/authentication/temporaryAccessPassMethods", "body": {"isUsableOnce": true, "lifetimeInMinutes": 60}}]
	f.remediation.after.methodsRegistered == ["softwareOneTimePasscode", "microsoftAuthenticatorPush", "passKeyDeviceBound"]
}

test_phone_sign_in_is_not_phishing_resistant if {
	fs := prv009.findings with input as tenant(user("phil"), exchange_admin, [reg("phil", true, ["microsoftAuthenticatorPasswordless", "mobilePhone"])])
	count(fs) == 1
}

test_phishing_resistant_methods_are_clean if {
	every m in ["fido2SecurityKey", "fido2", "windowsHelloForBusiness", "passKeyDeviceBound", "passKeyDeviceBoundAuthenticator", "passKeyDeviceBoundWindowsHello", "passKeySynced", "macOsSecureEnclaveKey", "x509CertificateMultiFactor", "FIDO2SECURITYKEY"] {
		fs := prv009.findings with input as tenant(user("kai"), exchange_admin, [reg("kai", true, ["microsoftAuthenticatorPush", m])])
		count(fs) == 0
	}
}

test_single_factor_certificate_is_not_enough if {
	fs := prv009.findings with input as tenant(user("cy"), exchange_admin, [reg("cy", true, ["x509CertificateSingleFactor", "microsoftAuthenticatorPush"])])
	count(fs) == 1
}

test_no_mfa_or_no_record_is_left_to_prv001 if {
	fs := prv009.findings with input as tenant(user("pia"), exchange_admin, [reg("pia", false, [])])
	count(fs) == 0
	gs := prv009.findings with input as tenant(user("noel"), exchange_admin, [])
	count(gs) == 0
}

test_missing_method_list_is_flagged if {
	r := object.remove(reg("mo", true, []), ["methodsRegistered"])
	fs := prv009.findings with input as tenant(user("mo"), exchange_admin, [r])
	some f in fs
	contains(f.message, "(no method listed)")
}

test_guests_disabled_and_unprivileged_users_are_not_flagged if {
	guest := object.union(user("gita"), {"userType": "Guest"})
	count(prv009.findings) == 0 with input as tenant(guest, exchange_admin, [reg("gita", true, ["microsoftAuthenticatorPush"])])
	disabled := object.union(user("dana"), {"accountEnabled": false})
	count(prv009.findings) == 0 with input as tenant(disabled, exchange_admin, [reg("dana", true, ["microsoftAuthenticatorPush"])])
	count(prv009.findings) == 0 with input as tenant(user("fiona"), reports_reader, [reg("fiona", true, ["microsoftAuthenticatorPush"])])
}
