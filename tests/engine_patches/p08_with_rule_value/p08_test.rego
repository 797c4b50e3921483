package p08_test

r := ["a", "b"]

f(x) := x if input.k[0] == x

g := input.k

double(x) := x * 2

test_rule_in_value_and_expression if f(r[0]) with input.k as r

test_rule_indexed_in_expression if r[0] == "a" with input.k as r

test_builtin_over_the_rule if count(r) == 2 with input.k as r

test_rule_reading_the_replaced_input if g == ["a", "b"] with input.k as r

# The value is evaluated outside the `with`: `input.k` in it is the input before it.
outer_first := x if {
	x := g with input.k as [input.k[0]]
}

test_value_sees_the_outer_input if outer_first == [5] with input.k as [5, 6]

test_function_replaced_by_value if double(2) == 7 with double as 7
