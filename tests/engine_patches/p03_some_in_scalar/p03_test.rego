package p03_test

# `some x in v` over null or a scalar iterates nothing: undefined, not an error.
members(v) := [x | some x in v]

first(v) := x if {
	some x in v
}

test_null_iterates_nothing if members(null) == []

test_number_iterates_nothing if members(3) == []

test_string_iterates_nothing if members("abc") == []

test_boolean_is_undefined if not first(true)

test_missing_input_is_undefined if not first(input.v) with input as {"v": null}

test_collections_still_iterate if {
	members([1, 2]) == [1, 2]
	members({"k": "v"}) == ["v"]
	first({3}) == 3
}
