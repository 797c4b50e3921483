package p30_test

# regex.globs_match: whether two "regex-style globs" (`.`, `[...]` sets and ranges, `*` and
# `+` after a token, `\` escapes) have a non-empty intersection, with the answers of the Go
# package OPA uses (github.com/yashtewari/glob-intersection v0.2.0), quirks included; each
# value below is OPA 1.20.2's.

test_intersecting if {
	regex.globs_match("a.a.[0-9]+z", ".b.b2359825792*594823z")
	regex.globs_match("[a-c]", "[c-e]")
	regex.globs_match("[ab]+c", "bbbbc")
	regex.globs_match("a+b+", "ab")
	regex.globs_match("a*b", "b")
	regex.globs_match("a*b*", "b")
	regex.globs_match("a+", "aa+")
	regex.globs_match(".*", "xyz")
	regex.globs_match("é", ".")
	regex.globs_match("[à-ÿ]", "é")
	regex.globs_match("[ab]*[bc]", ".")
	regex.globs_match("", "")
}

test_disjoint if {
	not regex.globs_match("[a-z]+", "[0-9]*")
	not regex.globs_match("[a-c]", "[d-e]")
	not regex.globs_match("ab", "a")
	not regex.globs_match("a", "ab")
}

# Everything but `.`, `[`, `]`, `*`, `+` and `\` is a plain character: no `?`, `|`, groups,
# counts or classes such as `\d`.
test_plain_characters if {
	not regex.globs_match("a?", "a")
	not regex.globs_match("(a)", "a")
	not regex.globs_match("a|b", "b")
	not regex.globs_match("a{2}", "aa")
	not regex.globs_match("\\d", "1")
	regex.globs_match("\\d", "d")
	regex.globs_match("-", "-")
}

test_escapes_and_sets if {
	regex.globs_match(`[a-z]+\[[0-9]+\]`, "foo\\[1\\]")
	not regex.globs_match(`[a-z]+\[[0-9]+\]`, "foo[\"bar\"]")
	regex.globs_match("\\.", ".")
	not regex.globs_match("\\.", "a")
	not regex.globs_match("a\\*", "a*")
	regex.globs_match("[.]", ".")
	not regex.globs_match("[.]", "b")
	regex.globs_match("[^a]", "a")
	not regex.globs_match("[^a]", "b")
	regex.globs_match("[a\\-z]", "-")
	not regex.globs_match("[a\\-z]", "b")
	regex.globs_match("[\\\\]", "\\\\")
}

# Where the Go package's answer is not the true intersection: a glob that has run out meets
# nothing but an empty one (so `a*` and `""` are disjoint), and the empty set `[]` never
# matches; a `.` still meets it.
test_quirks_of_the_go_package if {
	not regex.globs_match("a*", "")
	not regex.globs_match("a*", "b*")
	not regex.globs_match(".*", "")
	not regex.globs_match("x*y*z*", "")
	not regex.globs_match("a[]*", "a")
	not regex.globs_match("b+", "a*[b-c]")
	not regex.globs_match("b*", "a*[a-c]")
	regex.globs_match("bx+x+", "b.")
	regex.globs_match("[b-c]*.*[a-c]*c+c+", "[b-c]")
}

test_references if {
	xs := [x | some x in ["bar", "baz", "qux"]; regex.globs_match("b.*", x)]
	xs == ["bar", "baz"]
}
