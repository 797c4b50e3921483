# HOS032 regex-replace-product: a hostile rule for tests/hostile.rs; one regex.replace writing 400 MB
package govlint.rules.hos032

import rego.v1

metadata := {
	"code": "HOS032",
	"name": "regex-replace-product",
	"title": "Hostile: regex-replace-product",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	s := concat("", [x | some _ in numbers.range(1, 2500); x := "abcdefgh"])
	count(regex.replace(s, ".", s)) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
