# HOS009 glob-long: a hostile rule for tests/hostile.rs; glob match on a long text, many times
package govlint.rules.hos009

import rego.v1

metadata := {
	"code": "HOS009",
	"name": "glob-long",
	"title": "Hostile: glob-long",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	t := concat("", [x | some _ in numbers.range(1, 2e6); x := "a"])
	n := count([i | some i in numbers.range(1, 1e6); glob.match("*a*a*a*a*b", [], t)])
	n < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
