package p16_test

# OPA reads `-t` as `minus(0, t)` for any term, not only a number literal, and `-` binds to
# that term: `-x + 1` is `(-x) + 1`.
values := {
	"ref": -input.x,
	"ref_plus_one": -input.x + 1,
	"ref_times_two": -input.x * 2,
	"indexed_ref": -input.xs[0],
	"call": -count([1, 2]),
	"minus_minus": 3 - -input.x,
}

test_minus_of_a_ref_a_call_and_an_index if values == {
	"ref": -3,
	"ref_plus_one": -2,
	"ref_times_two": -6,
	"indexed_ref": -5,
	"call": -2,
	"minus_minus": 6,
} with input as {"x": 3, "xs": [5]}

test_minus_a_variable if {
	y := 2; -y == -2
}

test_minus_in_a_comprehension_head if [-x | some x in [1, 2]] == [-1, -2]

minus_missing := -input.missing

test_minus_an_undefined_ref_is_undefined if not minus_missing

# As a call, its operand is evaluated before a `not` (patch 11): undefined fails the body.
negated_minus_missing if not -input.missing

test_negated_minus_of_an_undefined_ref_fails_the_body if not negated_minus_missing

test_compared if -input.x < 0 with input.x as 3
