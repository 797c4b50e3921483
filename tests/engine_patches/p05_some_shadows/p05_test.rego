package p05_test

Rules := {"a", "b"}

# `some Rules in ...` declares a local that hides the rule inside this body only.
picked contains r if {
	some Rules in input.rules
	r := Rules
}

ps := [1, 2, 3]

# The comprehension's `p` is its own variable, not the rule being defined.
p := [p | some p in ps; p > 1][0]

# Key and value both shadow.
pairs := {[Rules, ps] | some Rules, ps in {"x": 1}}

# A comprehension's `some` hides a variable of the enclosing body.
outer := [x, inner] if {
	x := 10
	inner := [x | some x in [1, 2]]
}

test_local_hides_the_rule if picked == {1, 2} with input.rules as [1, 2]

test_the_rule_is_unchanged if Rules == {"a", "b"}

test_comprehension_variable_named_like_its_rule if p == 2

test_key_and_value_shadow if pairs == {["x", 1]}

test_comprehension_hides_outer_variable if outer == [10, [1, 2]]
