package p39_test

# strings.render_template renders a Go text/template over the variables, as OPA does: the
# expected strings are OPA 1.20.2's answers. The variables reach Go through JSON, so numbers are
# json.Number (truthy even when 0; %d refuses them, %s prints them), null and missing keys print
# "<no value>", which OPA replaces with "<undefined>" in the output, and objects print as
# Go maps (keys sorted).

test_action if strings.render_template(
	"Hello {{.name}}!",
	{"name": "x"},
) == "Hello x!"

test_values_as_go_prints_them if strings.render_template(
	"{{.a.b}} {{.missing}} {{.n}} {{.f}} {{.t}} {{.arr}} {{.obj}} {{.nul}}",
	{"a": {"b": 1}, "n": 1.5, "f": 10, "t": true, "arr": [1, "a", null], "obj": {"k": "v", "a": [1]}, "nul": null},
) == "1 <undefined> 1.5 10 true [1 a <nil>] map[a:[1] k:v] <undefined>"

test_range_list if strings.render_template(
	"{{range .xs}}[{{.}}]{{end}}",
	{"xs": [1, 2, 3]},
) == "[1][2][3]"

test_range_index_and_else if strings.render_template(
	"{{range $i, $x := .xs}}{{$i}}={{$x}} {{else}}none{{end}}",
	{"xs": ["a", "b"]},
) == "0=a 1=b "

test_range_empty_runs_else if strings.render_template(
	"{{range .xs}}x{{else}}none{{end}}",
	{"xs": []},
) == "none"

test_range_object_in_key_order if strings.render_template(
	"{{range $k, $v := .o}}{{$k}}:{{$v}};{{end}}",
	{"o": {"b": 2, "a": 1}},
) == "a:1;b:2;"

test_range_one_variable if strings.render_template(
	"{{range $x := .xs}}{{$x.n}},{{end}}",
	{"xs": [{"n": 1}, {"n": 2}]},
) == "1,2,"

test_else_if_json_number_zero_is_true if strings.render_template(
	"{{if .a}}yes{{else if .b}}b{{else}}no{{end}}",
	{"a": false, "b": 0},
) == "b"

test_else_if_false if strings.render_template(
	"{{if .a}}yes{{else if .b}}b{{else}}no{{end}}",
	{"a": false, "b": false},
) == "no"

test_with_else if strings.render_template(
	"{{with .a}}{{.b}}{{else}}none{{end}}|{{with .z}}z{{else}}none{{end}}",
	{"a": {"b": "in"}},
) == "in|none"

test_printf_verbs_on_json_numbers if strings.render_template(
	"{{printf \"%s-%d-%v-%.2f-%q\" .s .i .v .f .s}}",
	{"s": "x", "i": 3, "v": [1], "f": 2.5},
) == "x-%!d(json.Number=3)-[1]-%!f(json.Number=2.)-\"x\""

test_printf_width_and_hex if strings.render_template(
	"{{printf \"%v|%s|%5s|%-3s|%x|%d|%05d\" .a .s .s .s .s 7 42}}",
	{"a": 1, "s": "ab"},
) == "1|ab|   ab|ab |6162|7|00042"

test_printf_missing_and_extra if strings.render_template(
	"{{printf \"%s %s\" .a}} {{printf \"%s\" .a .a}}",
	{"a": "x"},
) == "x %!s(MISSING) x%!(EXTRA string=x)"

test_len_index_and_pipes if strings.render_template(
	"{{len .xs}} {{index .xs 1}} {{index .o \"k\"}} {{.s | len}} {{len .n}}",
	{"xs": [1, 2], "o": {"k": "v"}, "s": "abc", "n": 1234},
) == "2 2 v 3 4"

test_comparisons_and_logic if strings.render_template(
	"{{if eq .s \"y\"}}y{{end}} {{if ne .s \"x\"}}nx{{end}} {{if and .a .s}}and{{end}} {{if or 0 .s}}or{{end}} {{if not .z}}not{{end}} {{eq .a .b}} {{lt .s \"z\"}} {{eq .s \"a\" \"y\"}}",
	{"a": 1, "b": 1, "s": "y", "z": false},
) == "y nx and or not true true true"

test_truth_of_empty_values if strings.render_template(
	"{{if .xs}}t{{else}}f{{end}}{{if .o}}t{{else}}f{{end}}{{if .e}}t{{else}}f{{end}}{{if .z}}t{{else}}f{{end}}",
	{"xs": [], "o": {}, "e": "", "z": 0},
) == "ffft"

test_dot_is_the_object if strings.render_template(
	"{{.}}",
	{"a": 1, "b": "x"},
) == "map[a:1 b:x]"

test_trim_markers if strings.render_template(
	"{{- .a -}} x {{ .a }}\n  {{- .a}}",
	{"a": " A "},
) == " A x  A  A "

test_comment_variable_and_escapers if strings.render_template(
	"{{/* c */}}{{$x := .a}}{{$x}}{{html \"<a href='x'>&\"}}{{js \"x'<\"}}{{urlquery \"a b&c\"}}{{print 1 \"a\" 2 3}}{{println \"z\" 1}}",
	{"a": 5},
) == "5&lt;a href=&#39;x&#39;&gt;&amp;x\\'\\u003Ca+b%26c1a2 3z 1\n"

test_big_and_fractional_numbers if strings.render_template(
	"{{.a}} {{.b}} {{.c}}",
	{"a": 12345678901234567890, "b": 100000000, "c": 2.5},
) == "12345678901234567890 100000000 2.5"

test_variable_assignment if strings.render_template(
	"{{$x := 1}}{{if .a}}{{$x = 2}}{{end}}{{$x}}",
	{"a": true},
) == "2"

test_pipe_into_printf_and_paren_field if strings.render_template(
	"{{.a | printf \"%s!\"}} {{(index .xs 0).n}}",
	{"a": "hi", "xs": [{"n": "N"}]},
) == "hi! N"

test_no_value_text_becomes_undefined if strings.render_template(
	"no actions <no value>",
	{},
) == "no actions <undefined>"

test_missing_field_in_object if strings.render_template(
	"{{.a.b}}",
	{"a": {"c": 1}},
) == "<undefined>"

test_field_of_missing_key if strings.render_template(
	"{{.missing.b}}",
	{},
) == "<undefined>"

test_root_variable_in_range if strings.render_template(
	"{{$.a}}{{range .xs}}{{$.a}}{{end}}",
	{"a": "r", "xs": [1, 2]},
) == "rrr"

test_eq_nil if strings.render_template(
	"{{eq .a nil}}",
	{"a": 1},
) == "false"

test_nested_values_with_null if strings.render_template(
	"{{.a}}",
	{"a": [{"x": [1, {"y": null}]}]},
) == "[map[x:[1 map[y:<nil>]]]]"
