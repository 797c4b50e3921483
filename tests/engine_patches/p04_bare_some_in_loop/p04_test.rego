package p04_test

calls := [{"args": [1, 2]}, {"args": [3]}, {"args": []}]

# `some j` declares j afresh each time the outer iteration runs the rest of the body.
args contains a if {
	some i
	c := calls[i]
	some j
	a := c.args[j]
}

pairs contains [i, j] if {
	some i
	calls[i]
	some j
	calls[i].args[j] > 1
}

test_bare_some_in_outer_loop if args == {1, 2, 3}

test_indexes_are_fresh_per_iteration if pairs == {[0, 1], [1, 0]}

test_in_a_comprehension if {
	got := [a | some i; c := calls[i]; some j; a := c.args[j]]
	sort(got) == [1, 2, 3]
}
