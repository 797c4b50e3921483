# govlint patch 97: floor, ceil and format_int between -1 and 0 as OPA 1.20.2 computes them.
# Expected values are OPA's (scripts/opa-oracle.py).
package p97_floor_ceil_near_zero

test_floor_between_minus_one_and_zero_is_zero if {
	floor(-0.5) == 0
	floor(-0.9999) == 0
	floor(-1 / 3) == 0
}

test_ceil_between_minus_one_and_zero_is_one if {
	ceil(-0.5) == 1
	ceil(-0.0001) == 1
	ceil(-1 / 3) == 1
}

test_elsewhere_mathematical if {
	json.marshal([floor(-1.5), ceil(-1.5), floor(-4 / 3), ceil(-4 / 3)]) == "[-2,-1,-2,-1]"
	[floor(0.5), ceil(0.5), floor(2), ceil(2)] == [0, 1, 2, 2]
	json.marshal([floor(-1), ceil(-1), floor(0), ceil(0)]) == "[-1,-1,0,0]"
}

test_format_int_has_no_minus_zero if {
	format_int(-0.5, 10) == "0"
	format_int(-1 / 3, 16) == "0"
	format_int(-1.5, 10) == "-1"
	format_int(-4 / 3, 2) == "-1"
}
