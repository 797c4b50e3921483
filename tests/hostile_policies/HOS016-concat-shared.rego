# HOS016 concat-shared: a hostile rule for tests/hostile.rs; one concat of a hundred thousand shared 800 kB strings
package govlint.rules.hos016

import rego.v1

metadata := {
	"code": "HOS016",
	"name": "concat-shared",
	"title": "Hostile: concat-shared",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	big := concat("", [x | some _ in numbers.range(1, 1e5); x := "abcdefgh"])
	s := concat(",", [big | some _ in numbers.range(1, 1e5)])
	count(s) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
