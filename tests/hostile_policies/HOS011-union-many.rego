# HOS011 union-many: a hostile rule for tests/hostile.rs; union of sets growing each step
package govlint.rules.hos011

import rego.v1

metadata := {
	"code": "HOS011",
	"name": "union-many",
	"title": "Hostile: union-many",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	s := union({{i | some i in numbers.range(1, 1e7)}, {i | some i in numbers.range(1, 1e7)}})
	count(s) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
