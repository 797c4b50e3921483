# govlint patch 88: a decimal quotient by a negative divisor is OPA's, not one ulp off.
# Expected values are OPA 1.20.2's (scripts/opa-oracle.py).
package p88_negative_divisor

test_negative_over_negative if {
	-0.7 / -0.7 == 1
	json.marshal(-0.7 / -0.7) == "1"
	3 == -1.5 / -0.5
}

test_positive_over_negative if {
	json.marshal(7 / -0.7) == "-10"
	json.marshal(0.3 / -0.1) == "-3"
	json.marshal(2.5 / -0.5) == "-5"
	json.marshal(-2.5 / 0.5) == "-5"
}

test_sign_follows_the_operands if {
	-0.6 / -0.2 > 0
	0.6 / -0.2 < 0
}

test_positive_divisor_unchanged if {
	0.7 / 0.7 == 1
	7 / 0.7 == 10
}
