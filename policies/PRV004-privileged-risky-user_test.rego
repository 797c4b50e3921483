package govlint.rules.prv004_test

import data.govlint.rules.prv004
import rego.v1

sec_admin := "194ae4cb-b126-40b2-bd5b-6091b380977d"

reports_reader := "4a5d8f65-41da-4de4-8968-e035b65339cf"

user(id) := {"id": id, "displayName": sprintf("User %s", [id]), "userType": "Member", "accountEnabled": true}

eligible(uid, role) := {"id": sprintf("e-%s", [uid]), "principalId": uid, "roleDefinitionId": role, "directoryScopeId": "/", "memberType": "Direct"}

risky(uid, state, level) := {
	"id": uid, "isDeleted": false, "isProcessing": false, "riskLastUpdatedDateTime": "2026-11-10T04:10:51Z",
	"riskLevel": level, "riskState": state, "riskDetail": "none", "userDisplayName": sprintf("User %s", [uid]),
}

tenant(uid, role, risks) := {
	"now": "2026-11-20T09:00:00Z", "now_ns": 0,
	"index": {
		"users": {uid: user(uid)},
		"principalRoles": {uid: {role: {"active": [], "eligible": [eligible(uid, role)]}}},
		"riskyUsers": {r.id: r | some r in risks},
	},
}

test_privileged_user_at_risk_is_flagged if {
	fs := prv004.findings with input as tenant("rik", sec_admin, [risky("rik", "atRisk", "high")])
	count(fs) == 1
	some f in fs
	f.object == {"collection": "users", "id": "rik", "displayName": "User rik"}
	f.related[0] == {"collection": "riskyUsers", "id": "rik", "displayName": "User rik"}
	f.related[1].id == sec_admin
	f.message == "User rik holds Security Administrator (eligible) and is at risk in Microsoft Entra ID Protection (risk level high since 2026-11-10T04:10:51Z)."
	f.remediation.requests == [{"method": "POST", "path": "/users/rik/revokeSignInSessions"}]
	contains(f.remediation.summary, "confirmCompromised")
	f.remediation.before.riskState == "atRisk"
	f.remediation.after.riskState == "remediated"
	f.remediation.after.riskLevel == "none"
}

test_confirmed_compromised_is_flagged if {
	fs := prv004.findings with input as tenant("cora", sec_admin, [risky("cora", "confirmedCompromised", "high")])
	count(fs) == 1
	some f in fs
	f.object.id == "cora"
	contains(f.message, "is confirmed compromised in Microsoft Entra ID Protection")
	startswith(f.remediation.summary, "User cora is confirmed compromised")
}

test_closed_risk_states_are_not_flagged if {
	every state in ["dismissed", "remediated", "confirmedSafe", "none"] {
		fs := prv004.findings with input as tenant("ned", sec_admin, [risky("ned", state, "none")])
		count(fs) == 0
	}
}

test_risk_state_is_compared_case_insensitively if {
	fs := prv004.findings with input as tenant("lia", sec_admin, [risky("lia", "ATRISK", "medium")])
	count(fs) == 1
}

test_hidden_risk_level_is_still_flagged if {
	fs := prv004.findings with input as tenant("hid", sec_admin, [risky("hid", "atRisk", "hidden")])
	count(fs) == 1
	some f in fs
	contains(f.message, "risk level hidden: needs Microsoft Entra ID P2 to show")
}

test_risky_user_without_privileged_role_is_not_flagged if {
	fs := prv004.findings with input as tenant("ray", reports_reader, [risky("ray", "atRisk", "high")])
	count(fs) == 0
}

test_privileged_user_with_no_risk_record_is_not_flagged if {
	fs := prv004.findings with input as tenant("pat", sec_admin, [risky("someone-else", "atRisk", "high")])
	count(fs) == 0
}
