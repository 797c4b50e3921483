package p125_test

# Patch 125: OPA's scanner ends a string at a line break only, so a string without escapes may
# hold a tab; rego.parse_module reads a template string's expressions (comments included) and
# orders template strings among set elements and object keys as OPA 1.20.2 does. Every
# expected value is OPA's answer to the same call (scripts/parse-module-probe.py).

# Template strings sort after strings and before vars: plain before raw, fewer parts first, then part by part, a text or constant before an expression.
test_template_strings_as_set_elements_in_opas_order if {
	rego.parse_module("x.rego", "package a\np := {$\"b\", $\"a\", \"c\", y, $`a`, $\"{1}\", $\"{2}\", $\"a{1}\", $\"{y}\", $\"{1}b\", $\"{1}a\"}\n") == {"package":{"path":[{"type":"var","value":"data"},{"type":"string","value":"a"}]},"rules":[{"body":[{"index":0,"terms":{"type":"boolean","value":true}}],"head":{"assign":true,"name":"p","ref":[{"type":"var","value":"p"}],"value":{"type":"set","value":[{"type":"string","value":"c"},{"type":"templatestring","value":{"multi_line":false,"parts":[{"type":"number","value":1}]}},{"type":"templatestring","value":{"multi_line":false,"parts":[{"type":"number","value":2}]}},{"type":"templatestring","value":{"multi_line":false,"parts":[{"type":"string","value":"a"}]}},{"type":"templatestring","value":{"multi_line":false,"parts":[{"type":"string","value":"b"}]}},{"type":"templatestring","value":{"multi_line":false,"parts":[{"index":0,"terms":{"type":"var","value":"y"}}]}},{"type":"templatestring","value":{"multi_line":false,"parts":[{"type":"number","value":1},{"type":"string","value":"a"}]}},{"type":"templatestring","value":{"multi_line":false,"parts":[{"type":"number","value":1},{"type":"string","value":"b"}]}},{"type":"templatestring","value":{"multi_line":false,"parts":[{"type":"string","value":"a"},{"type":"number","value":1}]}},{"type":"templatestring","value":{"multi_line":true,"parts":[{"type":"string","value":"a"}]}},{"type":"var","value":"y"}]}}}]}
}

# Object keys that are template strings are ordered the same way; `$""` has no parts (null).
test_template_strings_as_object_keys_in_opas_order if {
	rego.parse_module("x.rego", "package a\np := {$\"b\": 1, $\"a\": 2, $`a`: 3, $\"\": 4, $\"{y}{z}\": 5, $\"{z}\": 6, $\"{z}{y}\": 7, $\"{[1]}\": 8, $\"{f(1)}\": 9, $\"{f(0)}\": 10}\n") == {"package":{"path":[{"type":"var","value":"data"},{"type":"string","value":"a"}]},"rules":[{"body":[{"index":0,"terms":{"type":"boolean","value":true}}],"head":{"assign":true,"name":"p","ref":[{"type":"var","value":"p"}],"value":{"type":"object","value":[[{"type":"templatestring","value":{"multi_line":false,"parts":null}},{"type":"number","value":4}],[{"type":"templatestring","value":{"multi_line":false,"parts":[{"type":"string","value":"a"}]}},{"type":"number","value":2}],[{"type":"templatestring","value":{"multi_line":false,"parts":[{"type":"string","value":"b"}]}},{"type":"number","value":1}],[{"type":"templatestring","value":{"multi_line":false,"parts":[{"index":0,"terms":{"type":"var","value":"z"}}]}},{"type":"number","value":6}],[{"type":"templatestring","value":{"multi_line":false,"parts":[{"index":0,"terms":{"type":"array","value":[{"type":"number","value":1}]}}]}},{"type":"number","value":8}],[{"type":"templatestring","value":{"multi_line":false,"parts":[{"index":0,"terms":[{"type":"ref","value":[{"type":"var","value":"f"}]},{"type":"number","value":0}]}]}},{"type":"number","value":10}],[{"type":"templatestring","value":{"multi_line":false,"parts":[{"index":0,"terms":[{"type":"ref","value":[{"type":"var","value":"f"}]},{"type":"number","value":1}]}]}},{"type":"number","value":9}],[{"type":"templatestring","value":{"multi_line":false,"parts":[{"index":0,"terms":{"type":"var","value":"y"}},{"index":0,"terms":{"type":"var","value":"z"}}]}},{"type":"number","value":5}],[{"type":"templatestring","value":{"multi_line":false,"parts":[{"index":0,"terms":{"type":"var","value":"z"}},{"index":0,"terms":{"type":"var","value":"y"}}]}},{"type":"number","value":7}],[{"type":"templatestring","value":{"multi_line":true,"parts":[{"type":"string","value":"a"}]}},{"type":"number","value":3}]]}}}]}
}

# A template string's expressions hold comments (OPA lists them); its text parts hold none.
test_comments_inside_template_string_expressions if {
	rego.parse_module("x.rego", "package a\n# a\nx := $\"{1 # c\n} and { {1: 2} # d\n}\" # e\ny := $`{2 # f\n}\n# not a comment\n{$\"{3 # g\n}\"}` # h\n") == {"comments":[{"Location":{"col":1,"file":"x.rego","row":2},"Text":"IGE="},{"Location":{"col":11,"file":"x.rego","row":3},"Text":"IGM="},{"Location":{"col":16,"file":"x.rego","row":4},"Text":"IGQ="},{"Location":{"col":4,"file":"x.rego","row":5},"Text":"IGU="},{"Location":{"col":11,"file":"x.rego","row":6},"Text":"IGY="},{"Location":{"col":7,"file":"x.rego","row":9},"Text":"IGc="},{"Location":{"col":6,"file":"x.rego","row":10},"Text":"IGg="}],"package":{"path":[{"type":"var","value":"data"},{"type":"string","value":"a"}]},"rules":[{"body":[{"index":0,"terms":{"type":"boolean","value":true}}],"head":{"assign":true,"name":"x","ref":[{"type":"var","value":"x"}],"value":{"type":"templatestring","value":{"multi_line":false,"parts":[{"type":"number","value":1},{"type":"string","value":" and "},{"index":0,"terms":{"type":"object","value":[[{"type":"number","value":1},{"type":"number","value":2}]]}}]}}}},{"body":[{"index":0,"terms":{"type":"boolean","value":true}}],"head":{"assign":true,"name":"y","ref":[{"type":"var","value":"y"}],"value":{"type":"templatestring","value":{"multi_line":true,"parts":[{"type":"number","value":2},{"type":"string","value":"\n# not a comment\n"},{"index":0,"terms":{"type":"templatestring","value":{"multi_line":false,"parts":[{"type":"number","value":3}]}}}]}}}}]}
}

# A tab inside a string or a template string's text is kept as written.
test_tabs_in_strings_and_template_text if {
	rego.parse_module("x.rego", "package a\np := \"a\tb\"\nq := $\"a\t{1}\tb\"\n") == {"package":{"path":[{"type":"var","value":"data"},{"type":"string","value":"a"}]},"rules":[{"body":[{"index":0,"terms":{"type":"boolean","value":true}}],"head":{"assign":true,"name":"p","ref":[{"type":"var","value":"p"}],"value":{"type":"string","value":"a\tb"}}},{"body":[{"index":0,"terms":{"type":"boolean","value":true}}],"head":{"assign":true,"name":"q","ref":[{"type":"var","value":"q"}],"value":{"type":"templatestring","value":{"multi_line":false,"parts":[{"type":"string","value":"a\t"},{"type":"number","value":1},{"type":"string","value":"\tb"}]}}}}]}
}

# An else head is `assign` when its own value is written `:=`, whatever the rule's head uses.
test_else_heads_assign_as_written if {
	rego.parse_module("x.rego", "package a\nx if { false } else := 3\ny := 1 if { false } else = 2\n") == {"package":{"path":[{"type":"var","value":"data"},{"type":"string","value":"a"}]},"rules":[{"body":[{"index":0,"terms":{"type":"boolean","value":false}}],"else":{"body":[{"index":0,"terms":{"type":"boolean","value":true}}],"head":{"assign":true,"name":"x","ref":[{"type":"var","value":"x"}],"value":{"type":"number","value":3}}},"head":{"name":"x","ref":[{"type":"var","value":"x"}],"value":{"type":"boolean","value":true}}},{"body":[{"index":0,"terms":{"type":"boolean","value":false}}],"else":{"body":[{"index":0,"terms":{"type":"boolean","value":true}}],"head":{"name":"y","ref":[{"type":"var","value":"y"}],"value":{"type":"number","value":2}}},"head":{"assign":true,"name":"y","ref":[{"type":"var","value":"y"}],"value":{"type":"number","value":1}}}]}
}

# The same, loaded as policy: the tab (between the quotes, written as is) is the string's own.
tab_string := "a	b"

tab_template := $"a	{1}"

test_a_tab_in_a_policy_string_is_kept if {
	tab_string == "a\tb"
	tab_template == "a\t1"
}
