package p11_test

# OPA evaluates the ref and call operands of a negated expression before the `not`:
# an undefined operand makes the body fail, it does not satisfy the `not`.
# Built at evaluation time: with a literal object OPA's type checker already rejects
# `o.missing` ("undefined ref") before anything is evaluated.
o := json.unmarshal(`{"a": 1, "xs": [1, 2]}`)

same(x, y) if x == y

acc("any", _, _) := true

undefined_ref_argument if not same(1, o.missing)

undefined_nested_call if not count(o.missing) > 0

undefined_operand_of_an_operator if not o.missing != 1

undefined_operand_in_a_unification if not [o.missing] = [1]

# `==` and `=` are the exception: their ref operands stay inside the `not`.
undefined_operand_of_equality_negates if {
	not o.missing == 1
	not o.missing = 1
}

undefined_index_of_a_ref if not o[input.missing]

undefined_in_a_literal_base if not [o.missing, 1][1] == 1

viol(p) := "v" if not acc(p.rule, 0, p.ranges)

test_undefined_ref_argument_fails_the_body if not undefined_ref_argument

test_undefined_nested_call_fails_the_body if not undefined_nested_call

test_undefined_operand_of_an_operator_fails_the_body if not undefined_operand_of_an_operator

test_undefined_operand_in_a_unification_fails_the_body if not undefined_operand_in_a_unification

test_undefined_ref_operand_of_equality_still_negates if undefined_operand_of_equality_negates

test_undefined_index_fails_the_body if not undefined_index_of_a_ref

test_undefined_operand_in_a_literal_base_fails_the_body if not undefined_in_a_literal_base

test_gatekeeper_pattern if not viol({"rule": "any"})

# Defined operands negate as before.
test_defined_arguments_still_negate if not same(2, o.a)

test_plain_undefined_ref_still_negates if not o.missing

test_undefined_rule_still_negates if not undefined_ref_argument

# OPA refuses a negation that introduces a variable (`not o.xs[_] == 3`: "var _ is
# unsafe"), so iteration is negated through a rule.
has_three if o.xs[_] == 3

test_iteration_in_a_negated_rule if not has_three

test_object_get_guard if not is_array(object.get(o, "missing", null))
