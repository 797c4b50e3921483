# HOS008 graph-reachable: a hostile rule for tests/hostile.rs; reachability over a dense graph
package govlint.rules.hos008

import rego.v1

metadata := {
	"code": "HOS008",
	"name": "graph-reachable",
	"title": "Hostile: graph-reachable",
	"severity": "low",
	"area": "hostile",
	"reads": ["users"],
}

findings contains f if {
	g := {sprintf("%d", [i]): [sprintf("%d", [j]) | some j in numbers.range(1, 3000)] | some i in numbers.range(1, 3000)}
	r := graph.reachable(g, {"1"})
	count(r) < 0
	f := {"object": {"collection": "users", "id": "x", "displayName": "x"}, "message": "unreachable"}
}
