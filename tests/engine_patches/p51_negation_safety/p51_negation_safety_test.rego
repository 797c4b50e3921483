# govlint patch 51: a negated expression may not introduce a variable (`not xs[_] == 3` is
# refused when the policy loads, as OPA refuses it; see ../compile_probes.txt). These are the
# forms OPA accepts: each must load and evaluate as under OPA.
package p51_negation_safety

xs := [1, 2]

has_three if xs[_] == 3

absent(a) if not a in xs

test_the_rewrite_negates_a_rule if not has_three

test_an_index_bound_before_the_negation if {
	some i
	xs[i] == 1
	not xs[i] == 3
}

test_an_index_bound_after_the_negation if {
	not xs[i] == 3
	xs[i] == 2
}

test_a_function_argument_in_a_negation if absent(3)

test_every_variables_in_a_negation if {
	every x in xs {
		not x == 3
	}
}

test_a_comprehension_in_a_negation_binds_its_own if {
	not count([x | some x in xs; x > 5]) > 0
}

test_a_negation_inside_a_comprehension if {
	[x | some x in xs; not x == 1] == [2]
}

test_a_with_value_bound_in_the_body if {
	v := true
	not has_three with input.v as v
}
