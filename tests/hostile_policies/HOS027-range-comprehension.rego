# HOS027 range-comprehension: a hostile rule for tests/hostile.rs; twenty million numbers, twice (640 MB without a budget)
package govlint.rules.hos027

import rego.v1

metadata := {
	"code": "HOS027",
	"name": "range-comprehension",
	"title": "Hostile: range-comprehension",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	n := count([y | some y in numbers.range(1, 2e7)])
	n < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
