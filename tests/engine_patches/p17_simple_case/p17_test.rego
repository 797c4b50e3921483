package p17_test

# OPA's lower and upper map each character on its own (Go's strings.ToLower/ToUpper).
test_no_final_sigma if lower("ΑΣ Β") == "ασ β"

test_dotted_capital_i_lowers_to_i if lower("İ") == "i"

test_sharp_s_and_ligatures_stay if upper("straße ﬁ ŉ") == "STRAßE ﬁ ŉ"

test_ordinary_letters if {
	lower("ÄÖÜ Ǆ") == "äöü ǆ"
	upper("äöü ǆ") == "ÄÖÜ Ǆ"
}
