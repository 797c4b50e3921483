package p116_test

# Patch 116: a per-thread memory budget (counted by govlint's allocator) is tested wherever the
# engine checks its limits: each expression, each comprehension element, each builtin
# checkpoint. Under the default budget, work that stays within it answers as before; the
# budget firing is p116_a_query_past_its_memory_budget_is_its_error in tests/engine_patches.rs.
# Expected values are OPA v1.20.2's.

test_comprehensions_answer_as_before if {
	count([x | some x in numbers.range(1, 100000)]) == 100000
	count({x | some x in numbers.range(1, 1000)}) == 1000
	count({x: x | some x in numbers.range(1, 1000)}) == 1000
}

test_strings_built_in_steps_answer_as_before if {
	s := concat("", [s | some _ in numbers.range(1, 1000); s := "abcdefgh"])
	count(s) == 8000
	count(concat("", [s, s])) == 16000
	count(sprintf("%s%s", [s, s])) == 16000
}

test_object_union_answers_as_before if {
	object.union({"a": 1, "b": {"c": 2}}, {"b": {"d": 3}}) == {"a": 1, "b": {"c": 2, "d": 3}}
}
