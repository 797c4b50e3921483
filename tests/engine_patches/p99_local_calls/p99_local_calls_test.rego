# govlint patch 99: a call whose name starts with a variable of the rule, and resolves to
# no function, is refused when the policy loads as OPA refuses it (`z := 1; z(1)`,
# `f(g) := g(1)`: `undefined function z`; see ../compile_probes.txt). These are the
# look-alikes OPA accepts: a variable of the rule named like a function or builtin, called
# outside its scope.
package p99_local_calls

f(x) := x + 1

xs := [count | count := 1]

ys := [f | f := 2]

test_count_called_outside_the_comprehension_declaring_it if {
	x := [count | count := 1]
	count(x) == 1
}

test_a_function_called_outside_the_comprehension_declaring_its_name if {
	x := [f | f := 1]
	f(count(x)) == 2
}

test_rules_declaring_them if {
	xs == [1]
	ys == [2]
}
