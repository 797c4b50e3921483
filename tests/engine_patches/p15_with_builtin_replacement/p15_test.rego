package p15_test

# `with <function> as <builtin>`: a test swaps a helper, or a builtin, for a builtin, named
# without calling it. OPA accepts the name as a function reference.
members(g) := g.members

owner_count(g) := count(g.owners)

group := {"members": ["u1", "u2", "u3"], "owners": ["o1"]}

test_function_replaced_by_builtin if {
	# members(group) now runs object.keys(group): the group's attribute names.
	members(group) == {"members", "owners"} with members as object.keys
}

test_builtin_replaced_by_builtin if {
	owner_count(group) == ["o1"] with count as array.reverse
}

test_replacement_result_captured if {
	members(group, keys) with members as object.keys
	keys == {"members", "owners"}
}

test_without_with_unchanged if members(group) == ["u1", "u2", "u3"]

# A replacement that is a rule or a function of the package keeps working as before.
fixed(_) := ["x"]

test_function_replaced_by_function if members(group) == ["x"] with members as fixed
