# HOS006 json-marshal-input: a hostile rule for tests/hostile.rs; marshal of a doubling document
package govlint.rules.hos006

import rego.v1

metadata := {
	"code": "HOS006",
	"name": "json-marshal-input",
	"title": "Hostile: json-marshal-input",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	s := json.marshal(_doubled)
	count(s) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}

_d0 := [1, 2, 3, 4, 5, 6, 7, 8]
_d1 := [_d0, _d0, _d0, _d0, _d0, _d0, _d0, _d0]
_d2 := [_d1, _d1, _d1, _d1, _d1, _d1, _d1, _d1]
_d3 := [_d2, _d2, _d2, _d2, _d2, _d2, _d2, _d2]
_d4 := [_d3, _d3, _d3, _d3, _d3, _d3, _d3, _d3]
_d5 := [_d4, _d4, _d4, _d4, _d4, _d4, _d4, _d4]
_d6 := [_d5, _d5, _d5, _d5, _d5, _d5, _d5, _d5]
_d7 := [_d6, _d6, _d6, _d6, _d6, _d6, _d6, _d6]
_d8 := [_d7, _d7, _d7, _d7, _d7, _d7, _d7, _d7]
_d9 := [_d8, _d8, _d8, _d8, _d8, _d8, _d8, _d8]
_doubled := [_d9, _d9, _d9, _d9, _d9, _d9, _d9, _d9]
