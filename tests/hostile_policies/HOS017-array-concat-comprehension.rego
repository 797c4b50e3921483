# HOS017 array-concat-comprehension: a hostile rule for tests/hostile.rs; array.concat in a comprehension
package govlint.rules.hos017

import rego.v1

metadata := {
	"code": "HOS017",
	"name": "array-concat-comprehension",
	"title": "Hostile: array-concat-comprehension",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	xs := numbers.range(1, 1e6)
	n := count([i | some i in numbers.range(1, 1e6); array.concat(xs, xs)])
	n < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
