package cov

import rego.v1

allow if {
	input.user == "admin"
	input.mfa
}

allow if {
	input.user == "breakglass"
	input.ticket != ""
}

double(x) := y if {
	y := x * 2
}
