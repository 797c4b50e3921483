package p65_test

# OPA's number is the text it was read from (a json.Number): printing writes that text back,
# arithmetic prints its result, and comparisons use the value. Expected values are OPA
# v1.20.2's answers (scripts/opa-probe.py and the probes in vendor/regorus/PATCHES.md, patch 65).

test_json_marshal_writes_a_literal_as_written if {
	json.marshal(1.0) == "1.0"
	json.marshal(-1.0) == "-1.0"
	json.marshal(0.0) == "0.0"
	json.marshal(1e21) == "1e21"
	json.marshal(1e20) == "1e20"
	json.marshal(0.000001) == "0.000001"
	json.marshal(0.0000001) == "0.0000001"
	json.marshal({"a": 1.0, "b": [2.50, 1e3]}) == `{"a":1.0,"b":[2.50,1e3]}`
	json.marshal(1234567890123456789012345.67890) == "1234567890123456789012345.67890"
	json.marshal(1.00000000000000000000000000001) == "1.00000000000000000000000000001"
	json.marshal(123456789012345678901234567890) == "123456789012345678901234567890"
}

test_beyond_float64_prints_its_text if {
	json.marshal(2e308) == "2e308"
	json.marshal(1e400) == "1e400"
	json.marshal(1e-400) == "1e-400"
	sprintf("%v", [2e308]) == "2e308"
}

test_sprintf_hands_fmt_what_opa_does if {
	sprintf("%v", [1e6]) == "1e6"
	sprintf("%T %v", [1e6, 1e6]) == "string 1e6"
	sprintf("%T %v", [1.5e6, 1.5e6]) == "float64 1.5e+06"
	sprintf("%T %v", [2.00, 2.00]) == "int64 2"
	sprintf("%T %v", [1.0e0, 1.0e0]) == "float64 1"
	sprintf("%T %v", [9223372036854775808.0, 9223372036854775808.0]) == "float64 9.223372036854776e+18"
	sprintf("%T %v", [1.5e400, 1.5e400]) == "string 1.5e400"
	sprintf("%v", [1.5e300]) == "1.5e+300"
	sprintf("%g", [1e-5]) == "%!g(string=1e-5)"
	sprintf("%d", [1e3]) == "%!d(string=1e3)"
	sprintf("%d", [1.0]) == "1"
	sprintf("%v", [[1e6, 1.5e6, 0.000001]]) == "[1e6, 1.5e6, 0.000001]"
	sprintf("%s", [[1, 2.0, 3.25]]) == "[1, 2.0, 3.25]"
	sprintf("%v", [{"a": 1.5e300}]) == `{"a": 1.5e300}`
}

test_templates_and_tokens_print_the_text if {
	strings.render_template("{{.x}}", {"x": 0.000001}) == "0.000001"
	strings.render_template("{{.x}}", {"x": 1e21}) == "1e21"
	strings.render_template("{{.x}}", {"x": 1.0}) == "1.0"
	strings.render_template("{{.x}}", {"x": 2e308}) == "2e308"
	token := io.jwt.encode_sign({"alg": "HS256"}, {"n": 1.0, "m": 1e3, "k": 123456789012345678901234567890}, {"kty": "oct", "k": "c2VjcmV0"})
	token == "eyJhbGciOiJIUzI1NiJ9.eyJrIjoxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAsIm0iOjFlMywibiI6MS4wfQ.suuj0ZKAA7UAepRl5T_YkTmAalB470UbEa0Qzi6hTSU"
}

test_a_value_passed_on_keeps_its_text if {
	json.marshal(max([1.0, 2.0])) == "2.0"
	json.marshal(min([1e3, 2e3])) == "1e3"
	json.marshal(sort([2.0, 1e0])) == "[1e0,2.0]"
	json.marshal(object.get({"a": 1.0}, "a", 0)) == "1.0"
	json.marshal(to_number("1.0")) == "1.0"
	json.marshal(to_number("1e3")) == "1e3"
	json.marshal([x | some x in [1.0, 1e3]]) == "[1.0,1e3]"
	x := 1.0
	json.marshal(x) == "1.0"
}

test_a_computed_number_prints_its_value if {
	json.marshal(1.0 + 0) == "1"
	json.marshal(1.0 * 1) == "1"
	json.marshal(2.50 - 0) == "2.5"
	json.marshal(abs(-1.0)) == "1"
	json.marshal(round(1.0)) == "1"
	json.marshal(floor(2.0)) == "2"
	json.marshal(sum([1.0, 2.0])) == "3"
	json.marshal(1e3 / 1) == "1000"
	json.marshal(numbers.range(1.0, 2.0)) == "[1,2]"
	json.marshal(numbers.range(1.0, 1.0)) == "[1]"
	json.marshal(to_number("1.0") + 0) == "1"
	format_int(1e3, 16) == "3e8"
	yaml.marshal(1.0) == "1\n"
	yaml.marshal({"a": 1e3}) == "a: 1000\n"
}

test_equality_sets_and_keys_use_the_value if {
	1.0 == 1
	1e3 == 1000
	0.000001 == 1e-6
	count({1, 1.0}) == 1
	{1: "a", 1.0: "b"} == {1: "b"}
	{1.0: "a"}[1] == "a"
	{1: "a"}[1.0] == "a"
	json.marshal({1.0, 1}) == "[1.0]"
	json.marshal({1, 1.0}) == "[1]"
	json.marshal({1.0: "x"}) == `{"1.0":"x"}`
	json.marshal({x | some x in [1.0, 1]}) == "[1.0]"
	1.0 < 1.5
	1e3 > 999
}
