# govlint patch 73: a statement with `with` on a builtin or a function is type-checked
# against their declarations (`count(1) with count as f` is refused when the policy loads,
# as OPA refuses it; see ../compile_probes.txt), and a builtin replaced by a function of
# another arity is an `arity mismatch`. These are the `with` statements OPA accepts: each
# must load and evaluate as under OPA.
package p73_with_types

o := {"a": 1}

one(_) := 1

joined(_, _) := "joined"

twice(x) := concat("", [x, x])

test_a_builtin_replaced_by_a_function_of_its_arity if {
	count([]) == 1 with count as one
}

test_a_replaced_builtin_result_used_as_declared if {
	upper(concat("", [])) == "JOINED" with concat as joined
}

test_a_rule_replaced_through_data_then_indexed if {
	o.missing == 2 with data.p73_with_types.o as {"missing": 2}
}

test_a_function_replaced_by_a_builtin if {
	twice("a") == "A" with twice as upper
}

test_input_replaced if {
	o.a == 1 with input as {"a": 2}
}
