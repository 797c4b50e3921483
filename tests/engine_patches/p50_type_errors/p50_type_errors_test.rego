# govlint patch 50: what OPA's type checker refuses is refused when the policy loads (the
# refused snippets are in ../compile_probes.txt). These are the look-alikes OPA accepts: each
# must load and evaluate as under OPA.
package p50_type_errors

o := {"a": 1, "n": {"b": 2}}

either := {"a": 1} if input.x
either := {"b": 2} if not input.x

f(null) := "null"

f(1) := "one"

g(v) := v

allow if input.ok

test_present_key_of_a_literal_object if o.a == 1

test_nested_present_key if o.n.b == 2

test_variable_key_of_a_literal_object if {
	some k
	o[k] == 1
	k == "a"
}

test_key_of_either_value if either.b == 2

test_function_called_with_each_head_pattern if {
	f(null) == "null"
	f(1) == "one"
}

test_function_called_with_input_is_not_judged if f(input.one) == "one" with input.one as 1

test_function_with_a_variable_head_takes_anything if g("s") == "s"

test_count_of_each_collection if {
	count("abc") == 3
	count([1]) == 1
	count({1}) == 1
	count({"a": 1}) == 1
}

test_some_in_a_literal_array if {
	some x in [1, 2]
	x == 2
}

test_membership_in_null_compiles_and_is_false if not 1 in null

over_a_number if {
	every x in 1 {
		x
	}
}

test_every_over_a_number_compiles if not over_a_number

test_input_refs_are_not_typed if not input.o.missing

local_from_input if {
	v := input.o
	v.missing
}

test_local_from_input_is_not_typed if local_from_input with input.o as {"missing": true}

test_unary_minus_is_number_or_set if {
	y := 1
	z := -y
	z == -1
}

test_a_local_shadowing_a_rule_is_its_own if {
	some o in [{"missing": true}]
	o.missing
}

test_a_boolean_rule if allow with input.ok as true

test_missing_key_under_with_data_is_not_judged if {
	o.missing with data.p50_type_errors.o as {"missing": true}
}

test_present_key_through_the_data_path if data.p50_type_errors.o.n.b == 2

test_a_comparison_of_kinds_as_a_term_is_false if {
	same := 1 == "1"
	same == false
}

test_comparing_values_that_can_match if count([1]) == 1
