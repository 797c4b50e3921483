# HOS002 numbers-range-step: a hostile rule for tests/hostile.rs; a step of one over a trillion
package govlint.rules.hos002

import rego.v1

metadata := {
	"code": "HOS002",
	"name": "numbers-range-step",
	"title": "Hostile: numbers-range-step",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	n := count(numbers.range_step(1, 1e12, 1))
	n < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
