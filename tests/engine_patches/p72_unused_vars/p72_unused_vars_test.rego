# govlint patch 72: a variable declared by `some y` or `every y in` that nothing uses is
# refused when the policy loads, as OPA refuses it (`declared var y unused`; see
# ../compile_probes.txt). These are the declarations OPA accepts: each must load and
# evaluate as under OPA.
package p72_unused_vars

ys := [[1, 1], [2, 2]]

test_a_some_variable_used_later if {
	some i
	ys[i][0] == 2
}

test_a_some_variable_used_in_a_comprehension if {
	some i
	ys[i]
	z := [1 | ys[i][0] == 1]
	z == [1]
}

test_a_some_in_variable_not_used if {
	some y in ys
	true
}

test_an_every_value_used_in_a_comprehension if {
	every y in ys {
		count([1 | y]) == 1
	}
}

test_an_every_value_used_in_a_nested_every if {
	every y in ys {
		every z in y {
			z == y[0]
		}
	}
}

test_an_every_value_used_in_a_negation if {
	every y in ys {
		not y == []
	}
}

test_an_every_wildcard if {
	every _ in ys {
		count(ys) == 2
	}
}
