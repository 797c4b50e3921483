# govlint patch 105: a number literal (or to_number's string) with more digits than a double
# holds is read from its text, all its digits, in arithmetic and in comparisons, as OPA
# reads it. Expected values are OPA 1.20.2's (scripts/opa-oracle.sh).
package p105_long_literals

test_arithmetic_reads_every_digit if {
	json.marshal(0.33333333333333333334 * 3) == "1"
	json.marshal(to_number("0.33333333333333333334") * 3) == "1"
	json.marshal(1.0000000000000000001 - 1) == "1.084202172485504434e-19"
	json.marshal(1.0000000000000000001 * 1) == "1.0000000000000000001"
	json.marshal(0.3333333333333333 * 3) == "0.99999999999999990004"
	json.marshal(0.1000000000000000000000001 + 0) == "0.1"
	json.marshal(12345678901234567890.123 * 1) == "12345678901234567890"
	json.marshal(123456789012345678901234567890.5 + 0) == "123456789012345678900000000000"
}

test_comparisons_use_every_digit if {
	1.0000000000000000001 != 1
	1.0000000000000000001 > 1
	0.33333333333333333334 > 0.3333333333333333
	0.1 == 0.10000000000000000000
	123456789012345678901234567890.5 > 123456789012345678901234567890
	count({0.33333333333333333334, 0.3333333333333333}) == 2
}

test_beyond_the_double_range if {
	1e-400 != 0
	1e-400 > 0
	json.marshal(1e-400 * 1) == "1e-400"
}

test_signed_zero_literals if {
	json.marshal(-0.0 * 1.5) == "-0"
	json.marshal(0.0 * -1.5) == "-0"
}
