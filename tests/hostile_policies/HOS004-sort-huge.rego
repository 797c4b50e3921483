# HOS004 sort-huge: a hostile rule for tests/hostile.rs; sort of an array built from the input
package govlint.rules.hos004

import rego.v1

metadata := {
	"code": "HOS004",
	"name": "sort-huge",
	"title": "Hostile: sort-huge",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	xs := [sprintf("%d", [i]) | some i in numbers.range(1, 3e6)]
	s := sort(array.reverse(xs))
	count(s) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
