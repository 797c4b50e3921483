# govlint patch 71: a `_` where a value is needed (`x if { _ == 1 }`), and a rule value naming
# a variable only a comprehension of its body binds, are refused when the policy loads, as OPA
# refuses them (`var _ is unsafe`; see ../compile_probes.txt). These are the forms OPA
# accepts: each must load and evaluate as under OPA.
package p71_unsafe_wildcards

pairs := [[1, "a"], [2, "b"]]

second(_, y) := y

test_a_wildcard_unified_with_a_literal if _ = 1

test_a_wildcard_as_an_index if pairs[_][0] == 2

test_a_wildcard_in_a_destructuring if {
	[_, v] := pairs[0]
	v == "a"
}

test_a_wildcard_as_a_builtin_output if count(pairs, _)

test_a_wildcard_as_a_function_output if second(1, 2, _)

test_a_wildcard_in_a_some_in_pattern if {
	some [_, v] in pairs
	v == "b"
}

test_a_wildcard_as_a_function_argument if second(3, 4) == 4

test_a_rule_value_bound_beside_a_comprehension if {
	y := 1
	z := [y | true]
	z == [1]
}

test_a_rule_value_bound_by_a_comprehension if {
	y := [v | some [_, v] in pairs]
	y == ["a", "b"]
}
