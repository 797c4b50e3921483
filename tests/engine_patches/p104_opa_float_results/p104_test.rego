# govlint patch 104: a non-integer result of arithmetic keeps OPA's 64-bit value (big.Float):
# it prints OPA's digits and compares as the decimal they denote. Expected values are OPA
# 1.20.2's (scripts/opa-probe.py numbers, scripts/opa-oracle.sh).
package p104_opa_float_results

test_printed_digits_are_opas if {
	json.marshal(0.3 - 0.1) == "0.20000000000000000002"
	json.marshal(1 / 3) == "0.33333333333333333334"
	json.marshal(2 / 3) == "0.6666666666666666667"
	json.marshal(-1 / 3) == "-0.33333333333333333334"
	json.marshal(22 / 7) == "3.1428571428571428572"
	json.marshal(0.1 * 0.1) == "0.010000000000000000001"
	json.marshal(0.1 + 0.2) == "0.3"
	json.marshal(1 / 2) == "0.5"
}

# Go's %g: an exponent below 1e-4 and from 1e6 up, with two digits at least.
test_go_exponent_form if {
	json.marshal(1e-7 * 0.1) == "1e-08"
	json.marshal(0.00001 * 3) == "2.9999999999999999999e-05"
	json.marshal(0.0001 * 3) == "0.0003"
	json.marshal(123456789.123 + 0.1) == "1.23456789223e+08"
	json.marshal(2000000001 / 2) == "1.0000000005e+09"
	json.marshal(1e6 + 0.5) == "1.0000005e+06"
	json.marshal(100000.5 + 0.25) == "100000.75"
	json.marshal(product([1234567.5, 1])) == "1.2345675e+06"
	json.marshal(sum([1234567.5])) == "1.2345675e+06"
}

test_integer_results_print_every_digit if {
	json.marshal(1e20 + 0.1) == "100000000000000000000"
	json.marshal(1e20 / 0.3) == "333333333333333333300"
	json.marshal(1e20 * 0.3) == "30000000000000000002"
	json.marshal(9007199254740993 * 1.0) == "9007199254740993"
	sprintf("%v", [1e20 / 0.3]) == "333333333333333333300"
}

test_negative_zero if {
	json.marshal(0 / -5) == "-0"
	json.marshal(0 * -0.5) == "-0"
	json.marshal(0.1 - 0.1) == "0"
	0 / -5 == 0
}

# sprintf hands Go a float64 read from OPA's text (or the text, when it has no point).
test_sprintf_reads_opas_text if {
	sprintf("%v", [0.3 - 0.1]) == "0.2"
	sprintf("%.20f", [0.3 - 0.1]) == "0.20000000000000001110"
	sprintf("%d", [0.3 - 0.1]) == "%!d(float64=0.2)"
	sprintf("%v", [1 / 3]) == "0.3333333333333333"
	sprintf("%v", [1e-7 * 0.1]) == "1e-08"
	sprintf("%g", [1e-7 * 0.1]) == "%!g(string=1e-08)"
	sprintf("%v", [0.5 * 9007199254740993]) == "4.503599627370496e+15"
}

test_compared_as_decimals if {
	1 / 3 != 0.3333333333333333
	1 / 3 > 0.3333333333333333
	1 / 3 == 0.33333333333333333334
	0.3 - 0.1 != 0.2
	0.3 - 0.1 > 0.2
	0.1 + 0.2 == 0.3
	0.30000000000000000001 > 0.3
	count({1 / 3, 0.3333333333333333}) == 2
	third := 1 / 3
	not third in {0.3333333333333333}
	object.get({1 / 3: "a"}, 1 / 3, "none") == "a"
	object.get({1 / 3: "a"}, 0.3333333333333333, "none") == "none"
}

test_sort_orders_by_the_decimal if {
	json.marshal(sort([1 / 3, 0.3333333333333333, 0.33333333333333333334])) == "[0.3333333333333333,0.33333333333333333334,0.33333333333333333334]"
	json.marshal(max([1 / 3, 0.3333333333333333])) == "0.33333333333333333334"
}

test_object_keys if {
	json.marshal({1 / 3: 1}) == `{"0.33333333333333333334":1}`
	json.marshal({0.3 - 0.1: 1}) == `{"0.20000000000000000002":1}`
}

test_value_kept_for_the_next_operation if {
	product([2 / 3, 3]) == 2
	json.marshal(1 / 3 + 0) == "0.33333333333333333334"
	json.marshal(sum([1 / 3, 0])) == "0.33333333333333333334"
	json.marshal(1 / 3 + 1e-30) == "0.33333333333333333334"
	json.marshal([y | x := 1 / 3; y := -x]) == "[-0.33333333333333333334]"
	sum([1 / 3, 1 / 3, 1 / 3]) == 1
	format_int(1 / 3 * 300, 10) == "100"
}

test_quotients_of_large_integers if {
	json.marshal(9223372036854775807 / 2) == "4.6116860184273879035e+18"
	json.marshal(18446744073709551615 / 2) == "9.2233720368547758075e+18"
	json.marshal(-9223372036854775808 / 3) == "-3.0744573456182586028e+18"
	json.marshal(1728000000000000001 / 86400000000000) == "20000.000000000000012"
	json.marshal(3000000001 / 3000000000) == "1.0000000003333333334"
}

test_abs_keeps_the_value if {
	json.marshal(abs(-1 / 3)) == "0.33333333333333333334"
	json.marshal(abs(0.1 - 0.3)) == "0.20000000000000000002"
	abs(0.1 - 0.3) != 0.2
	json.marshal(abs(-1234567.5)) == "1.2345675e+06"
	json.marshal(abs(-1e-7)) == "1e-07"
	json.marshal(abs(-0.1)) == "0.1"
	abs(-3) == 3
}
