package p06_test

# Builtins deprecated before OPA 1.0, still there for v0 modules (--v0-compatible).
test_re_match {
	re_match("^a", "abc")
	not re_match("^b", "abc")
}

test_any {
	any([false, true])
	any({true})
	not any([false])
	not any([])
}

test_all {
	all([true, true])
	all([])
	not all([true, false])
	not all({"x"})
}

test_cast_array {
	cast_array({1, 2}) == [1, 2]
	cast_array([3]) == [3]
}

test_cast_set {
	cast_set([1, 1, 2]) == {1, 2}
}

test_same_type_casts {
	cast_string("s") == "s"
	cast_boolean(false) == false
	cast_null(null) == null
	cast_object({"a": 1}) == {"a": 1}
}

test_wrong_type_cast_is_undefined {
	not cast_string(1)
}

test_set_diff {
	set_diff({1, 2, 3}, {2}) == {1, 3}
}

test_cidr_overlap {
	net.cidr_overlap("10.0.0.0/8", "10.1.2.3")
	not net.cidr_overlap("10.0.0.0/8", "11.1.2.3")
}
