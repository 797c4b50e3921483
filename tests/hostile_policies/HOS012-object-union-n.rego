# HOS012 object-union-n: a hostile rule for tests/hostile.rs; object.union_n of many objects
package govlint.rules.hos012

import rego.v1

metadata := {
	"code": "HOS012",
	"name": "object-union-n",
	"title": "Hostile: object-union-n",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	objs := [{sprintf("%d", [i]): i} | some i in numbers.range(1, 1e7)]
	o := object.union_n(objs)
	count(o) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
