# HOS003 replace-product: a hostile rule for tests/hostile.rs; a width past Go's bound (no error, as OPA), then one replace writing ten gigabytes
package govlint.rules.hos003

import rego.v1

metadata := {
	"code": "HOS003",
	"name": "replace-product",
	"title": "Hostile: replace-product",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	s := sprintf("%0999999999d", [1])
	count(s) > 0
	big := concat("", [x | some _ in numbers.range(1, 1e5); x := "a"])
	r := replace(big, "a", big)
	count(r) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
