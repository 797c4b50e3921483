# HOS031 object-union-huge: a hostile rule for tests/hostile.rs; object.union of two objects of a million keys each
package govlint.rules.hos031

import rego.v1

metadata := {
	"code": "HOS031",
	"name": "object-union-huge",
	"title": "Hostile: object-union-huge",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	a := {k: true | some k in numbers.range(1, 1e6)}
	b := {k: false | some k in numbers.range(1e6 + 1, 2e6)}
	count(object.union(a, b)) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
