package cov.untested

import rego.v1

flag if {
	input.x == 1
}
