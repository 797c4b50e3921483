package p24_test

# strings.split_n splits the whole string as `split` does, then keeps the first n parts
# (n > 0), the last -n (n < 0) or none (n = 0); unlike Go's SplitN the last part is not the
# unsplit remainder.
test_first_n if {
	strings.split_n("a,b,c", ",", 2) == ["a", "b"]
	strings.split_n("a,b,c", ",", 1) == ["a"]
	strings.split_n("a,b,c", ",", 3) == ["a", "b", "c"]
	strings.split_n("a,b,c", ",", 10) == ["a", "b", "c"]
	strings.split_n("a::b::c", "::", 2) == ["a", "b"]
}

test_last_n if {
	strings.split_n("a,b,c", ",", -1) == ["c"]
	strings.split_n("a,b,c", ",", -2) == ["b", "c"]
	strings.split_n("a,b,c", ",", -10) == ["a", "b", "c"]
}

test_none if strings.split_n("a,b,c", ",", 0) == []

test_integral_float if strings.split_n("a,b,c", ",", 2.0) == ["a", "b"]

test_empty_parts if {
	strings.split_n("a,,b", ",", 5) == ["a", "", "b"]
	strings.split_n("", ",", 2) == [""]
	strings.split_n("abc", "x", -1) == ["abc"]
}

test_characters if {
	strings.split_n("héllo", "", 3) == ["h", "é", "l"]
	strings.split_n("héllo", "", -1) == ["o"]
	strings.split_n("", "", 2) == []
}

test_upn_domain if strings.split_n(input.upn, "@", -1) == ["contoso.com"] with input.upn as "alice@contoso.com"
