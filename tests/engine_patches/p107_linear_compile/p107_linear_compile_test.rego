# govlint patch 107: the compile passes index rule paths, packages and imports instead of
# scanning them per rule, and lend scopes to nested queries instead of copying them. What
# loads, how statements are ordered and what each body binds must stay as under OPA.
package p107_linear_compile

import data.p107_linear_compile.lib
import data.p107_linear_compile.lib.g as h

a := 1

b := a + 1

c := lib.base + b

# Comprehensions read the locals bound before them, each statement in turn.
test_comprehensions_read_earlier_locals if {
	x := 1
	y := [z | z := x + 1]
	w := {v | some v in y}
	u := [t | some t in w; t > x]
	u == [2]
}

test_every_after_comprehensions if {
	xs := [n | some n in [1, 2, 3]]
	every n in xs { n > 0 }
	count({k: n | some k, n in xs}) == 3
}

test_rules_reading_rules if {
	c == 12
	lib.g(1) == 2
	h(2) == 3
}

# A package split over files shares its rules with each file.
test_package_split_over_files if {
	lib.base == 10
	lib.other == 11
}

# A negation inside a comprehension reads a local bound around it.
test_negation_in_comprehension_reads_outer_local if {
	x := 2
	[n | some n in [1, 2, 3]; not n == x] == [1, 3]
}
