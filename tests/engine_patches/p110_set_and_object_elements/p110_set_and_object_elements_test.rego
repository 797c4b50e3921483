# govlint patch 110: a set written as a builtin's argument is judged element by element, and
# an object comprehension by its values, so `concat(",", {1, "a"})` and
# `graph.reachable({k: 1 | some k in ks}, s)` are refused when the policy loads, as OPA
# refuses them (see ../compile_probes.txt). These are the look-alikes OPA accepts: elements
# OPA lets take the declared type (a variable, a rule, a call, `input`) under a union of
# kinds, sets held by a variable, builtins whose elements are unconstrained, comprehensions'
# keys. Builtin results carry OPA's declared element types (`sum(split(s, ","))` is refused);
# here they reach arguments that take them.
package p110_set_and_object_elements

r := 1

s := {1}

g := {k: ["b"] | some k in ["a", "b"]}

test_a_set_of_a_string_and_input if {
	concat(",", {"a", input.x}) == "a,b" with input.x as "b"
}

test_a_local_a_rule_and_a_call_under_a_union_of_kinds if {
	y := 2
	sum({1, y, r, count([1, 1, 1])}) == 6
}

test_a_set_held_by_a_local_with_elements_of_two_kinds if {
	v := {1, "a"}
	count(v) == 2
	max(v) == "a"
}

test_unconstrained_elements if {
	sort({1, "a"}) == [1, "a"]
	sum({1, 2.5}) == 3.5
}

test_a_path_set_of_a_string_and_an_array if {
	json.filter({"a": 1, "b": {"c": 2}, "d": 3}, {"a", ["b", "c"]}) == {"a": 1, "b": {"c": 2}}
}

test_sets_of_sets_from_a_local_a_rule_a_comprehension_and_input if {
	y := {1, 2}
	intersection({y, s, {z | some z in [1, 3]}}) == {1}
	union({{1}, input.x}) == {1, 2} with input.x as {2}
	# A set comprehension: `{1}` for each `{2}`.
	intersection({{1} | {2}}) == {1}
}

test_object_comprehensions_whose_values_fit if {
	graph.reachable(g, {"a"}) == {"a", "b"}
	graph.reachable({k: {"c"} | some k in ["a", "c"]}, {"a"}) == {"a", "c"}
	strings.replace_n({"a": "b" | true}, "xa") == "xb"
	urlquery.encode_object({"a": ["b"] | true}) == "a=b"
	strings.render_template("{{.a}}", {"a": 1 | true}) == "1"
}

test_an_object_comprehension_of_input_values if {
	strings.replace_n({"a": input.x | true}, "xa") == "xc" with input.x as "c"
}

parts := split(input.s, ",")

test_results_whose_elements_fit if {
	concat("-", split("a,b", ",")) == "a-b"
	sum(numbers.range(1, 3)) == 6
	concat("-", net.cidr_merge(["10.0.0.0/8"])) == "10.0.0.0/8"
	sum([to_number(p) | some p in split("1,2", ",")]) == 3
	upper(uri.parse("http://a").hostname) == "A"
	concat("-", parts) == "a-b" with input.s as "a,b"
}
