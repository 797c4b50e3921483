# HOS029 concat-doubling: a hostile rule for tests/hostile.rs; a string doubled by concat eighteen times (512 MB without a budget)
package govlint.rules.hos029

import rego.v1

metadata := {
	"code": "HOS029",
	"name": "concat-doubling",
	"title": "Hostile: concat-doubling",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	s0 := concat("", [x | some _ in numbers.range(1, 1024); x := "x"])
	s1 := concat("", [s0, s0])
	s2 := concat("", [s1, s1])
	s3 := concat("", [s2, s2])
	s4 := concat("", [s3, s3])
	s5 := concat("", [s4, s4])
	s6 := concat("", [s5, s5])
	s7 := concat("", [s6, s6])
	s8 := concat("", [s7, s7])
	s9 := concat("", [s8, s8])
	s10 := concat("", [s9, s9])
	s11 := concat("", [s10, s10])
	s12 := concat("", [s11, s11])
	s13 := concat("", [s12, s12])
	s14 := concat("", [s13, s13])
	s15 := concat("", [s14, s14])
	s16 := concat("", [s15, s15])
	s17 := concat("", [s16, s16])
	s18 := concat("", [s17, s17])
	count(s18) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
