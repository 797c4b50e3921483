# HOS028 pairs-comprehension: a hostile rule for tests/hostile.rs; four million pairs (about 400 MB without a budget)
package govlint.rules.hos028

import rego.v1

metadata := {
	"code": "HOS028",
	"name": "pairs-comprehension",
	"title": "Hostile: pairs-comprehension",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	n := count([[a, b] | some a in numbers.range(1, 2000); some b in numbers.range(1, 2000)])
	n < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
