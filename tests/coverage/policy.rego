package cov

import rego.v1

allow if {
	input.user == "breakglass"
	input.ticket != ""
}

allow if {
	input.user == "admin"
	input.mfa
}

double(x) := y if {
	y := x * 2
}
