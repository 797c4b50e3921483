package p117_test

# Patch 117: `regex.replace` writes its output match by match and `strings.split_n` builds only
# the parts it keeps, both checking the rule's time and memory as they go (one call could
# write `len(s)` squared bytes, or list every part of a long text, with nothing to stop it).
# Results are unchanged. Expected values are OPA v1.20.2's.

test_regex_replace_literal if {
	regex.replace("abcabc", "b", "X") == "aXcaXc"
	regex.replace("abc", "", "-") == "-a-b-c-"
	regex.replace("abc", "z", "-") == "abc"
}

test_regex_replace_expands_groups if {
	regex.replace("abcabc", "(b)(c)", "$2$1") == "acbacb"
	regex.replace("abcabc", "(?P<x>b)", "[${x}]") == "a[b]ca[b]c"
	regex.replace("héllo", ".", "$0$0") == "hhéélllloo"
	regex.replace("abc", "b", "$$") == "a$c"
	regex.replace("abc", "b", "$9") == "ac"
}

test_split_n_keeps_the_first_or_last_parts if {
	strings.split_n("a,b,c,d", ",", 2) == ["a", "b"]
	strings.split_n("a,b,c,d", ",", -2) == ["c", "d"]
	strings.split_n("a,b,c,d", ",", 0) == []
	strings.split_n("a,b,c,d", ",", 10) == ["a", "b", "c", "d"]
	strings.split_n("a,b,c,d", ",", -10) == ["a", "b", "c", "d"]
	strings.split_n(",,", ",", -1) == [""]
	strings.split_n("", ",", 3) == [""]
}

test_split_n_into_characters if {
	strings.split_n("héllo", "", 3) == ["h", "é", "l"]
	strings.split_n("héllo", "", -2) == ["l", "o"]
	strings.split_n("", "", 3) == []
}
