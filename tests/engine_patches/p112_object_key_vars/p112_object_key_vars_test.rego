# govlint patch 112: an object's keys bind no variable, so a variable only ever written as
# a key (`z := {y: 1}`) is refused when the policy loads (`var y is unsafe`), and a use
# before the `:=` that declares a variable is OPA's `var y referenced above` (see
# ../compile_probes.txt). These are the look-alikes OPA accepts: a key bound by another
# statement, before or after, and a value bound by unification.
package p112_object_key_vars

f(y) := {y: 1}

test_a_key_bound_by_a_later_unification if {
	z := {y: 1}
	y = "a"
	z == {"a": 1}
}

test_a_key_declared_before if {
	y := "a"
	z := {y: 1}
	z == {"a": 1}
}

test_a_key_bound_by_some_in if {
	some y in ["a"]
	z := {y: 1}
	z == {"a": 1}
}

key_from_input := z if {
	z := {y: 1}
	y = input.k
}

test_a_key_bound_from_input_later if {
	key_from_input == {"b": 1} with input.k as "b"
}

test_a_value_bound_by_unification if {
	{"a": y} = {"a": 1}
	y == 1
}

test_an_object_comprehension_key if {
	z := {y: 1 | y := "a"}
	z == {"a": 1}
}

test_a_function_argument_key if {
	f("a") == {"a": 1}
}
