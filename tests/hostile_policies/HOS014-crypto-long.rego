# HOS014 crypto-long: a hostile rule for tests/hostile.rs; sha256 of a long text, many times
package govlint.rules.hos014

import rego.v1

metadata := {
	"code": "HOS014",
	"name": "crypto-long",
	"title": "Hostile: crypto-long",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	t := concat("", [x | some _ in numbers.range(1, 2e6); x := "abcd"])
	n := count([i | some i in numbers.range(1, 1e6); crypto.sha256(t)])
	n < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
