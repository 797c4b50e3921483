package p103_test

# Patch 103: `strings.replace_n` replaces in one pass, as Go's strings.NewReplacer (which OPA
# calls with the pattern object's keys in order): at each position the first key that starts
# there wins and what it wrote is not searched again. Expected values are OPA v1.20.2's.

test_a_replacement_is_not_replaced_again if {
	strings.replace_n({"a": "b", "b": "c"}, "ab") == "bc"
	strings.replace_n({"a": "aa"}, "aaa") == "aaaaaa"
	strings.replace_n({"é": "e", "e": "é"}, "éeé") == "eée"
}

test_leftmost_then_first_key_wins if {
	strings.replace_n({"a": "x", "ab": "y"}, "ab") == "xb"
	strings.replace_n({"b": "x", "ab": "y"}, "abab") == "yy"
	strings.replace_n({"abc": "1", "bcd": "2"}, "abcd") == "1d"
	strings.replace_n({"c": "3", "abcd": "4"}, "abcd") == "4"
	strings.replace_n({"aa": "b"}, "aaa") == "ba"
}

test_an_empty_key_matches_at_every_position if {
	strings.replace_n({"": "-"}, "abc") == "-a-b-c-"
	strings.replace_n({"": "-", "a": "A"}, "abc") == "-A-b-c-"
	strings.replace_n({"": "-", "é": "E"}, "aéb") == "-a-E-b-"
	strings.replace_n({"": ""}, "€béb€b") == "€béb€b"
	strings.replace_n({"": "", "b": "y"}, "€€é€b") == "€€é€y"
}

# Go inserts between the bytes of a multi-byte character; each byte alone is invalid UTF-8,
# which OPA counts as one character per byte (and its JSON output shows as U+FFFD; inside OPA
# the string keeps the bytes, so only the counts are compared here).
test_an_empty_key_splits_multibyte_characters_as_go if {
	count(strings.replace_n({"": "-"}, "é")) == 5
	count(strings.replace_n({"": "-"}, "aé")) == 7
	count(strings.replace_n({"": "-"}, "€")) == 7
	strings.replace_n({"": "-"}, "é") != "-é-"
}

test_no_keys_or_no_text if {
	strings.replace_n({}, "abc") == "abc"
	strings.replace_n({"x": "y"}, "") == ""
	strings.replace_n({"": "-"}, "") == "-"
}
