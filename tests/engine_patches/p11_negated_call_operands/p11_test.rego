package p11_test

# OPA evaluates the ref and call operands of a negated expression before the `not`:
# an undefined operand makes the body fail, it does not satisfy the `not`.
o := {"a": 1, "xs": [1, 2]}

eq(x, y) if x == y

acc("any", _, _) := true

undefined_ref_argument if not eq(1, o.missing)

undefined_nested_call if not count(o.missing) > 0

undefined_operand_of_an_operator if not o.missing == 1

undefined_index_of_a_ref if not o[input.missing]

viol(p) := "v" if not acc(p.rule, 0, p.ranges)

test_undefined_ref_argument_fails_the_body if not undefined_ref_argument

test_undefined_nested_call_fails_the_body if not undefined_nested_call

test_undefined_operand_of_an_operator_fails_the_body if not undefined_operand_of_an_operator

test_undefined_index_fails_the_body if not undefined_index_of_a_ref

test_gatekeeper_pattern if not viol({"rule": "any"})

# Defined operands negate as before.
test_defined_arguments_still_negate if not eq(2, o.a)

test_plain_undefined_ref_still_negates if not o.missing

test_undefined_rule_still_negates if not undefined_ref_argument

test_iteration_stays_inside_the_not if not o.xs[_] == 3

test_object_get_guard if not is_array(object.get(o, "missing", null))
