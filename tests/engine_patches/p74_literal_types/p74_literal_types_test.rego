# govlint patch 74: what OPA's type checker proves from literals beyond their kinds is refused
# when the policy loads (`[1, 2][1.0]`, `{1, 2}.foo`, `{"a": 1} == {"b": 1}`, `o.missing`
# where `o := v if { v := {"a": 1} }`, `f.a` of a function; see ../compile_probes.txt).
# These are the look-alikes OPA accepts: each must load and evaluate as under OPA.
package p74_literal_types

o := v if {
	v := {"a": 1}
}

s contains 1

s contains "a"

f(x) := x

pairs := {[1]: "one", {"k": 2}: "two"}

test_an_integer_index if [1, 2][1] == 2

test_a_composite_key if {
	pairs[[1]] == "one"
	pairs[{"k": 2}] == "two"
	not pairs[[2]]
}

test_a_rule_value_bound_in_its_body if o.a == 1

test_a_set_of_mixed_kinds_indexed_by_a_string if s.a == "a"

test_objects_with_the_same_keys if {
	not {"a": 1} == {"a": 2}
	{"a": 1} == {"a": 1}
}

test_arrays_of_the_same_length if not [1, 2] == [3, 4]

test_a_local_shadowing_a_function if {
	f := 1
	f == 1
}

test_a_function_called if f(1) == 1
