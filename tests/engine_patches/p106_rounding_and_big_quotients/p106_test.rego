# govlint patch 106: floor, ceil, round and format_int of a number OPA keeps at 64 bits work
# on that value, not on its double; a quotient of integers beyond 64 bits is OPA's 64-bit
# one. Expected values are OPA 1.20.2's (scripts/opa-oracle.sh).
package p106_rounding_and_big_quotients

ns_per_day := 86400000000000

# One nanosecond short of 20000 days: the double of the quotient is 20000, OPA's value not.
test_floor_of_a_quotient_just_below_an_integer if {
	floor(((ns_per_day * 20000) - 1) / ns_per_day) == 19999
	ceil(((ns_per_day * 20000) + 1) / ns_per_day) == 20001
	floor(0 - (((ns_per_day * 20000) - 1) / ns_per_day)) == -20000
	ceil(0 - (((ns_per_day * 20000) - 1) / ns_per_day)) == -19999
	format_int(((ns_per_day * 20000) - 1) / ns_per_day, 10) == "19999"
	format_int(0 - (((ns_per_day * 20000) - 1) / ns_per_day), 10) == "-19999"
}

test_round_adds_a_half_at_64_bits if {
	round(((ns_per_day * 20000) - 1) / ns_per_day) == 20000
	round((((ns_per_day * 20000) + (ns_per_day / 2)) - 1) / ns_per_day) == 20000
	round(((ns_per_day * 20000) + (ns_per_day / 2)) / ns_per_day) == 20001
	round(0.49999999999999999999) == 1
	round(0.4999999999999999999) == 0
	round(-0.4999999999999999999) == 0
	round(2 / 3) == 1
	round(-2 / 3) == -1
}

test_long_literals_round_from_their_digits if {
	floor(1.0000000000000000001) == 1
	ceil(1.0000000000000000001) == 2
	ceil(0.99999999999999999999) == 1
	floor(1e-400) == 0
	ceil(1e-400) == 1
}

test_quotients_of_big_integers if {
	json.marshal(18446744073709551617 / 1) == "18446744073709551616"
	json.marshal(1e30 / 7) == "142857142857142857140000000000"
	json.marshal(1e30 / 1e10) == "100000000000000000000"
	json.marshal(1e400 / 1e399) == "10"
	json.marshal(36893488147419103233 / 36893488147419103232) == "1"
	count(json.marshal(1e400 / 3)) == 400
}
