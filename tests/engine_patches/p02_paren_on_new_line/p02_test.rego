package p02_test

# A `(` opening a line starts the next expression; it does not call the term above.
enough if {
	input.x
	(input.a - input.b) >= input.c
}

test_two_expressions if enough with input as {"x": true, "a": 5, "b": 1, "c": 3}

test_second_expression_counts if not enough with input as {"x": true, "a": 1, "b": 1, "c": 3}

test_first_expression_counts if not enough with input as {"x": false, "a": 5, "b": 1, "c": 3}

# A call whose arguments continue on the next lines is still a call.
test_call_across_lines if {
	s := concat(
		"-",
		["a", "b"],
	)
	s == "a-b"
}
