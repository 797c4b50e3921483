# HOS010 regex-long: a hostile rule for tests/hostile.rs; regex over a long text
package govlint.rules.hos010

import rego.v1

metadata := {
	"code": "HOS010",
	"name": "regex-long",
	"title": "Hostile: regex-long",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	t := concat("", [x | some _ in numbers.range(1, 2e6); x := "ab"])
	n := count([i | some i in numbers.range(1, 1e6); regex.find_n("a.b", t, -1)])
	n < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
