package p41_test

# OPA keeps a number literal beyond float64's range (`2e308`) as a big number: the policy
# loads, and the number is exact. Expected values are OPA v1.20.2's answers.
big := 2e308

test_a_literal_beyond_float64_loads if {
	is_number(big)
	big > 1e308
	2.5e308 > big
	-2e308 < 0
}

test_big_literal_arithmetic_is_exact if {
	big - big == 0
	big * 0 == 0
	big / big == 1
	(big + 1) - big == 1
	big / 2 == 1e308
}

test_big_literal_counts_and_compares if {
	count([big]) == 1
	big == 2e308
}

# Integers past 64 bits keep every digit, in results and in json.marshal.
test_integers_past_64_bits_keep_every_digit if {
	json.marshal(18446744073709551617 + 1) == "18446744073709551618"
	json.marshal(18446744073709551617 * 2) == "36893488147419103234"
	json.marshal(1e20 + 1) == "100000000000000000001"
}
