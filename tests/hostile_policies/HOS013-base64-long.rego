# HOS013 base64-long: a hostile rule for tests/hostile.rs; base64 of a long text, many times
package govlint.rules.hos013

import rego.v1

metadata := {
	"code": "HOS013",
	"name": "base64-long",
	"title": "Hostile: base64-long",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	t := concat("", [x | some _ in numbers.range(1, 2e6); x := "YWJj"])
	n := count([i | some i in numbers.range(1, 1e6); base64.decode(t)])
	n < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
