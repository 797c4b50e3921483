package p15_test

# `with <function> as <builtin>`: a test swaps a helper, or a builtin, for a builtin, named
# without calling it. OPA accepts the name as a function reference.
members(g) := g.members

size_total(g) := sum(g.sizes)

group := {"members": ["u1", "u2", "u3"], "sizes": [1, 2, 3]}

test_function_replaced_by_builtin if {
	# members(group) now runs object.keys(group): the group's attribute names.
	members(group) == {"members", "sizes"} with members as object.keys
}

test_builtin_replaced_by_builtin if {
	# sum(g.sizes) now runs count(g.sizes): 3, not 6 (same types, as OPA's checker wants).
	size_total(group) == 3 with sum as count
}

test_replacement_result_captured if {
	members(group, keys) with members as object.keys
	keys == {"members", "sizes"}
}

test_without_with_unchanged if members(group) == ["u1", "u2", "u3"]

# A replacement that is a rule or a function of the package keeps working as before.
fixed(_) := ["x"]

test_function_replaced_by_function if members(group) == ["x"] with members as fixed
