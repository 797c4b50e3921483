# govlint patch 111: a call of a variable in scope where it is called is refused when the
# policy loads, whatever function or builtin its name shadows (`count := 1; count([1])`:
# `undefined function count`; nested in a term, `called function count shadowed`), and so
# is declaring with `:=` a name an earlier statement called (`var count referenced above`),
# as OPA refuses them (see ../compile_probes.txt). These are the look-alikes OPA accepts:
# the same names called out of the variable's scope.
package p111_local_call_scopes

f(x) := x + 1

x if {
	count := 1
	count == 2
} else := 3 if {
	count([1]) == 1
}

test_a_local_of_the_first_body_does_not_reach_the_else if {
	x == 3
}

test_a_local_of_a_comprehension_does_not_reach_after_it if {
	y := [count | count := 1]
	count(y) == 1
	z := [f | f := 2]
	f(count(z)) == 2
}

test_a_call_in_an_earlier_comprehension_then_a_declaration if {
	y := [1 | count([1]) == 1]
	count := 2
	y == [1]
	count == 2
}

test_a_call_then_a_declaration_in_a_later_comprehension if {
	count([1]) == 1
	y := [c | count := 1; c := count]
	y == [1]
}

test_an_every_variable_does_not_reach_after_it if {
	every f in [1] {
		f > 0
	}
	f(1) == 2
}
