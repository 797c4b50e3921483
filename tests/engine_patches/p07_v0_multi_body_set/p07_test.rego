package p07_test

# v0: a partial set rule with several bodies holds for each of them.
v[m] {
	m := "a"
} {
	m := "b"
} {
	false
	m := "never"
}

w[x] {
	x := input.items[_]
	x > 1
} {
	x := input.extra
}

test_every_body_contributes {
	v == {"a", "b"}
}

test_bodies_iterate_and_read_input {
	w == {2, 3, 9} with input as {"items": [1, 2, 3], "extra": 9}
}

test_a_failing_body_adds_nothing {
	w == {2} with input as {"items": [2]}
}
