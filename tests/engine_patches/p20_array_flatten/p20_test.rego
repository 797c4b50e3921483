package p20_test

# array.flatten unnests one level: an element that is an array is replaced by its elements,
# which stay as they are; sets and objects are elements like any other.
test_one_level if array.flatten([1, [2, [3, [4]]], 5]) == [1, 2, [3, [4]], 5]

test_empty_arrays if array.flatten([[], [[]], 1]) == [[], 1]

test_empty if array.flatten([]) == []

test_sets_and_objects_kept if {
	array.flatten([{1, [2]}, {"a": [1]}, [null]]) == [{1, [2]}, {"a": [1]}, null]
}

test_input_argument if {
	array.flatten(input.groups) == ["a", ["b"]] with input.groups as [["a"], [["b"]]]
}

test_role_lists if {
	lists := [["Global Administrator"], ["User Administrator", "Security Reader"]]
	array.flatten(lists) == ["Global Administrator", "User Administrator", "Security Reader"]
}
