# HOS030 sprintf-doubling: a hostile rule for tests/hostile.rs; a string doubled by sprintf eighteen times (512 MB without a budget)
package govlint.rules.hos030

import rego.v1

metadata := {
	"code": "HOS030",
	"name": "sprintf-doubling",
	"title": "Hostile: sprintf-doubling",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	s0 := concat("", [x | some _ in numbers.range(1, 1024); x := "x"])
	s1 := sprintf("%s%s", [s0, s0])
	s2 := sprintf("%s%s", [s1, s1])
	s3 := sprintf("%s%s", [s2, s2])
	s4 := sprintf("%s%s", [s3, s3])
	s5 := sprintf("%s%s", [s4, s4])
	s6 := sprintf("%s%s", [s5, s5])
	s7 := sprintf("%s%s", [s6, s6])
	s8 := sprintf("%s%s", [s7, s7])
	s9 := sprintf("%s%s", [s8, s8])
	s10 := sprintf("%s%s", [s9, s9])
	s11 := sprintf("%s%s", [s10, s10])
	s12 := sprintf("%s%s", [s11, s11])
	s13 := sprintf("%s%s", [s12, s12])
	s14 := sprintf("%s%s", [s13, s13])
	s15 := sprintf("%s%s", [s14, s14])
	s16 := sprintf("%s%s", [s15, s15])
	s17 := sprintf("%s%s", [s16, s16])
	s18 := sprintf("%s%s", [s17, s17])
	count(s18) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
