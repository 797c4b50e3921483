package p40_test

# OPA computes on non-integers with big.Float at 64 bits of mantissa (the literal's text
# read at 64 bits), not with doubles: `0.1 + 0.2` is the 64-bit 0.3, `0.3 - 0.1` is
# 0.20000000000000000002, not 0.2. Every expected value below is what OPA v1.20.2 answered.
test_sum_of_decimals_equals_the_literal if {
	0.1 + 0.2 == 0.3
	0.1 + 0.2 + 0.3 == 0.6
	99.99 + 0.01 == 100
	1.5 + 1.5 == 3
}

test_difference_of_decimals if {
	2.5 - 0.5 == 2
	0.3 - 0.1 != 0.2
	0.3 - 0.1 > 0.2
	not 0.3 - 0.1 < 0.2
	0.1 - 0.3 != -0.2
	5 - 4.9 != 0.1
	abs(0.1 - 0.3) != 0.2
}

test_product_of_decimals if {
	0.1 * 3 == 0.3
	1.1 * 1.1 == 1.21
	100 * 1.1 == 110
	4.35 * 100 == 435
	0.2 * -0.1 != -0.02
	round(1.005 * 1000) == 1005
}

test_quotient_of_decimals if {
	3.3 / 1.1 == 3
	0.3 / 0.1 == 3
	0.5 / 0.25 == 2
	10 / 4 == 2.5
}

# Quotients that are not short decimals keep OPA's 64-bit value (patch 104).
test_inexact_quotients if {
	(2 / 3) * 3 == 2
	(1 / 3) * 3 == 1
	((1 / 3) + (1 / 3)) + (1 / 3) == 1
	(1 / 0.3) > 3.3333333333333
	(1 / 0.3) < 3.3333333333334
}

test_sum_aggregate_of_decimals if {
	sum([0.1, 0.2]) == 0.3
	sum([1.5, 2.25, 0.25]) == 4
	sum({0.1, 0.2}) == 0.3
	sum([1.1, 2.2, 3.3]) != 6.6
	sum([0.3, -0.1]) != 0.2
}

# product's accumulator has 53 bits in OPA (big.NewFloat), unlike `*`.
test_product_aggregate_of_decimals if {
	product([0.1, 0.2, 3]) == 0.06
	product([0.1, 3]) != 0.3
	0.1 * 3 == 0.3
	product([0.5, 0.5, 4]) == 1
}

test_integral_results_are_integers if {
	format_int(100 * 1.1, 10) == "110"
	json.marshal(0.1 + 0.2) == "0.3"
	json.marshal(0.7 * 100) == "70"
}

test_decimal_results_as_object_keys_and_set_members if {
	{0.1 + 0.2: 1}[0.3] == 1
	{0.3} == {0.1 + 0.2}
}

test_decimal_results_compare_with_literals if {
	not 0.1 + 0.2 > 0.3
	not 0.1 + 0.2 < 0.3
}

test_decimals_from_to_number if to_number("0.1") + to_number("0.2") == 0.3
