# HOS001 numbers-range: a hostile rule for tests/hostile.rs; one call asks for ten billion numbers
package govlint.rules.hos001

import rego.v1

metadata := {
	"code": "HOS001",
	"name": "numbers-range",
	"title": "Hostile: numbers-range",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	n := count(numbers.range(1, 1e10))
	n < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
