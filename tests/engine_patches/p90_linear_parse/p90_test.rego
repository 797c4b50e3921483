package p90_test

# Terms nested 40 deep (30 for parentheses, which the engine bounds at 32) load and evaluate
# as in OPA; before patch 90 each bracket level doubled the parse time (2^40 parses). The
# comprehensions nest 8 deep and `every` 12 only because OPA 1.20.2 itself takes time
# exponential in their nesting (comprehensions of 12 levels: 3 s; `every` of 20: 10 s) and
# the oracle runs this suite under OPA. Every expected value is OPA 1.20.2's answer
# (scripts/opa-oracle.sh).

f(x) := x

a := [0]

arr := [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]

st := {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}

obj := {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": {"a": 1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}

objval := {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: {1: 1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}

call := f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(f(1))))))))))))))))))))))))))))))))))))))))

ref := a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[a[0]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]

parens := ((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))

acompr := [[[[[[[[1 | true] | true] | true] | true] | true] | true] | true] | true]

scompr := {{{{{{{{1 | true} | true} | true} | true} | true} | true} | true} | true}

every_nested if {
	every x0 in [1] { every x1 in [x0] { every x2 in [x1] { every x3 in [x2] { every x4 in [x3] { every x5 in [x4] { every x6 in [x5] { every x7 in [x6] { every x8 in [x7] { every x9 in [x8] { every x10 in [x9] { every x11 in [x10] { x11 == 1 } } } } } } } } } } } }
}

neg_nested if {
	not [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[false]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]
}

test_array if json.marshal(arr) == "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"

test_set if json.marshal(st) == "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"

test_object if json.marshal(obj) == "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}"

test_object_number_keys if json.marshal(objval) == "{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":{\"1\":1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}"

test_call if call == 1

test_ref if ref == 0

test_parens if parens == 1

test_array_comprehension if json.marshal(acompr) == "[[[[[[[[1]]]]]]]]"

test_set_comprehension if json.marshal(scompr) == "[[[[[[[[1]]]]]]]]"

test_every if every_nested

test_not if neg_nested
