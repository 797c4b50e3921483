# HOS018 replace-n-empty-key: a hostile rule for tests/hostile.rs; an empty key whose replacement is the whole 1 MB text, put between each of its bytes (a terabyte)
package govlint.rules.hos018

import rego.v1

metadata := {
	"code": "HOS018",
	"name": "replace-n-empty-key",
	"title": "Hostile: replace-n-empty-key",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	big := concat("", [x | some _ in numbers.range(1, 20000); x := "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"])
	out := strings.replace_n({"": big}, big)
	count(out) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
