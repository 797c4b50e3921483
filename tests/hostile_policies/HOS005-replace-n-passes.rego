# HOS005 replace-n-passes: a hostile rule for tests/hostile.rs; a hundred thousand patterns, each a pass over 800 kB
package govlint.rules.hos005

import rego.v1

metadata := {
	"code": "HOS005",
	"name": "replace-n-passes",
	"title": "Hostile: replace-n-passes",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	text := concat("", [x | some _ in numbers.range(1, 1e5); x := "abcdefgh"])
	patterns := {sprintf("k%d", [i]): "v" | some i in numbers.range(1, 1e5)}
	s := strings.replace_n(patterns, text)
	count(s) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
