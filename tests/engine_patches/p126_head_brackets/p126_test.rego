package p126_test

# Patch 126: brackets of a rule head before its key may hold comprehensions and template
# strings (each scheduled, planned and evaluated with the body's bindings); before, only the
# last bracket could, and the rule failed when evaluated. Expected values are OPA 1.20.2's.

two_templates[$"{k}"][$"{j}"] := 1 if {
	some k in ["a"]
	some j in ["b", "c"]
}

template_then_var[$"{k}"][j] := k if {
	some k in ["a", "b"]
	some j in [1, 2]
	k != "b"
}

template_dot_template[$"{k}"].y[$"{j}"] := k if {
	some k in ["a"]
	some j in ["b"]
}

comprehensions[[y | y := k][0]][{z | z := j}] := 1 if {
	some k in ["a"]
	some j in ["b"]
}

contains_under_template[$"{k}"] contains j if {
	some k in ["a"]
	some j in ["b", "c"]
}

contains_under_two_templates[$"{k}"][$"{j}"] contains 1 if {
	some k in ["a"]
	some j in ["b"]
}

constant_template[$"{1}"][2] := 3

constant_template_then_field[$"{1}"].y := 3

test_two_template_brackets if two_templates == {"a": {"b": 1, "c": 1}}

test_a_template_before_a_variable if {
	template_then_var == {"a": {1: "a", 2: "a"}}
	template_then_var.a[2] == "a"
}

test_a_template_a_field_and_a_template if template_dot_template == {"a": {"y": {"b": "a"}}}

test_comprehensions_in_two_brackets if comprehensions == {"a": {{"b"}: 1}}

test_contains_rules_under_templates if {
	contains_under_template == {"a": {"b", "c"}}
	contains_under_two_templates == {"a": {"b": {1}}}
}

test_rules_without_a_body if {
	constant_template == {"1": {2: 3}}
	constant_template_then_field == {"1": {"y": 3}}
}
