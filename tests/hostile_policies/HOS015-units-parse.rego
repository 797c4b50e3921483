# HOS015 units-parse: a hostile rule for tests/hostile.rs; units.parse of a huge exponent
package govlint.rules.hos015

import rego.v1

metadata := {
	"code": "HOS015",
	"name": "units-parse",
	"title": "Hostile: units-parse",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	n := units.parse("1e999999999")
	n < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
