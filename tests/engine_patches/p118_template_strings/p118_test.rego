package p118_test

# Patch 118: template strings (OPA v1.12), `$"…{expr}…"` and `` $`…{expr}…` ``. Each
# expression's value is written as OPA writes a term, a string bare, `<undefined>` where the
# expression is undefined. Expected values are OPA v1.20.2's.

user := {"name": "Ada", "roles": ["admin", "ops"], "mfa": false}

test_values_of_every_type if {
	$"{1 + 2}|{"s"}|{[1, "a"]}|{{"b": 1}}|{{2, 1}}|{null}|{true}|{1.5}" == `3|s|[1, "a"]|{"b": 1}|{1, 2}|null|true|1.5`
}

test_numbers_as_terms if {
	$"{1 / 3} {0.1 + 0.2} {1e3} {1.0} {12345678901234567890123 * 10}" == "0.33333333333333333334 0.3 1e3 1.0 123456789012345678901230"
}

test_strings_bare_at_top_quoted_inside if {
	$"{"a\nb"} {["a\nb"]}" == "a\nb [\"a\\nb\"]"
}

test_undefined_is_written if {
	$"{input.missing} [{input.missing.deeper}]" == "<undefined> [<undefined>]"
}

test_rule_and_function_values if {
	$"{user.name} has {count(user.roles)} roles: {concat(", ", user.roles)}" == "Ada has 2 roles: admin, ops"
	$"{greet("Bob")}" == "hello Bob"
	$"{greet(1)}" == "<undefined>"
}

greet(n) := $"hello {n}" if is_string(n)

test_escapes if {
	$"a \{ b } c" == "a { b } c"
	$"tab\tq\"u\u00e9" == "tab\tq\"u\u00e9"
	$`raw \n \{ {1}` == "raw \\n { 1"
}

test_nesting_and_raw_inside if {
	$"{$"in {$"deep {1}"}"}" == "in deep 1"
	$"{`raw`} {"}"}" == "raw }"
}

test_comparisons_and_membership if {
	$"{1 == 1} {1 < 0} {"admin" in user.roles}" == "true false true"
}

test_with_inside if {
	$"{input.mfa with input.mfa as true}" == "true"
}

test_iteration_outside if {
	names := [$"{i}:{r}" | some i, r in user.roles]
	names == ["0:admin", "1:ops"]
}

messages contains $"role {r} of {user.name}" if some r in user.roles

by_role[$"{r}"] := true if some r in user.roles

test_rule_heads if {
	messages == {"role admin of Ada", "role ops of Ada"}
	by_role == {"admin": true, "ops": true}
}

test_multi_line if {
	$`a {1}
b` == "a 1\nb"
	$"{1 +
	2}" == "3"
}

test_parse_module_writes_templatestring if {
	rego.parse_module("m.rego", "package p\na := $\"x {input.y} {1} {$`r{2}`}\" if true\n").rules[0].head.value == {"type": "templatestring", "value": {"multi_line": false, "parts": [{"type": "string", "value": "x "}, {"index": 0, "terms": {"type": "ref", "value": [{"type": "var", "value": "input"}, {"type": "string", "value": "y"}]}}, {"type": "string", "value": " "}, {"type": "number", "value": 1}, {"type": "string", "value": " "}, {"index": 0, "terms": {"type": "templatestring", "value": {"multi_line": true, "parts": [{"type": "string", "value": "r"}, {"type": "number", "value": 2}]}}}]}}
}
