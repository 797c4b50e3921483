package p01_test

# OPA v1 reads a function head with no body and no value as `:= true`.
f(null)

accept("RunAsAny", _)

test_value_is_true if f(null) == true

# From the input: `f(1)` with a literal is a type error in OPA (f takes null).
test_other_argument_is_undefined if not f(input.v) with input.v as 1

test_wildcard_argument if accept("RunAsAny", 3)

test_first_argument_must_match if not accept("MustRunAs", 3)
