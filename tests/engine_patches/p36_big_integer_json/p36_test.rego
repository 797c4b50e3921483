package p36_test

# An integer beyond 64 bits is written with all its digits (json.marshal, and every JSON the
# engine writes), as OPA writes it; it used to become a rounded float.
test_marshal_beyond_u64 if {
	json.marshal(18446744073709551616) == "18446744073709551616"
	json.marshal([340282366920938463463374607431768211457]) == "[340282366920938463463374607431768211457]"
}

test_marshal_negative_beyond_i64 if json.marshal(-9223372036854775809) == "-9223372036854775809"

test_marshal_arithmetic_result if json.marshal(18446744073709551615 + 2) == "18446744073709551617"

test_small_numbers_unchanged if json.marshal([1, -2, 1.5]) == "[1,-2,1.5]"
