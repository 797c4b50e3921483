package p91_test

# Patch 91 makes `sort`, `concat`, `replace`, `strings.replace_n` and value serialization check
# their rule's time as they work (a sort of more than 65536 elements sorts runs of that size,
# then merges them pairwise). The answers must stay OPA's; expected values are OPA v1.20.2's. The time limit itself
# is tested in tests/engine_patches.rs (p91_*) and tests/hostile.rs.

test_sort_past_one_run_is_the_sort if {
	s := sort([[i % 3, -i] | some i in numbers.range(1, 70000)])
	s[0] == [0, -69999]
	s[69999] == [2, -2]
	count(s) == 70000
	every k in numbers.range(1, 69999) {
		s[k - 1] <= s[k]
	}
}

test_sort_of_sorted_and_reversed_input if {
	count(sort(numbers.range(1, 100000))) == 100000
	sort(numbers.range(100000, 1))[0] == 1
	sort(numbers.range(100000, 1))[99999] == 100000
}

test_sort_of_a_set_and_small_arrays if {
	sort({3, 1, 2}) == [1, 2, 3]
	sort([]) == []
	sort(["b", "a", "b"]) == ["a", "b", "b"]
}

test_concat_as_join if {
	concat(",", []) == ""
	concat(", ", ["a"]) == "a"
	concat("-", {"b", "a"}) == "a-b"
	count(concat("", [x | some _ in numbers.range(1, 5000); x := "ab"])) == 10000
}

test_replace_as_go if {
	replace("aXbXc", "X", "--") == "a--b--c"
	replace("abc", "", "-") == "-a-b-c-"
	replace("", "", "-") == "-"
	strings.replace_n({"X": "-", "Y": "+"}, "aXbYc") == "a-b+c"
}

test_marshal_of_shared_parts if {
	d := [1, 2]
	json.marshal([d, d, {"k": d}]) == "[[1,2],[1,2],{\"k\":[1,2]}]"
}
