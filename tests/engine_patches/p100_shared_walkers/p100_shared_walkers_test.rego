# govlint patch 100: the undefined-function check (patch 70) walks expressions with patch
# 51's walker and reads rule names and imports as patches 50 and 51 do. Calls of defined
# functions nested in every kind of expression must still load and evaluate as under OPA.
package p100_shared_walkers

import data.p100_shared_walkers.lib

f(x) := x + 1

test_calls_in_collections if {
	[f(1)] == [2]
	{f(1)} == {2}
	{"a": f(1)} == {"a": 2}
	{f(1): "k"}[2] == "k"
}

test_calls_in_refs_and_operators if {
	y := [1, 2, 3][f(0)]
	y == 2
	z := -f(1)
	z == -2
	f(1) * f(2) == 6
	{f(1)} | {f(2)} == {2, 3}
}

test_calls_in_membership_and_comprehensions if {
	f(1) in [2]
	[f(x) | some x in [1]] == [2]
	{f(x) | some x in [1]} == {2}
	{f(x): f(x) | some x in [1]} == {2: 2}
}

test_calls_through_an_import if lib.g(1) == 3
