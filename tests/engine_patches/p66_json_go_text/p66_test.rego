package p66_test

# json.unmarshal and json.is_valid read JSON as Go's encoding/json (OPA) does where serde_json
# refuses: an unpaired UTF-16 surrogate escape is U+FFFD, and a number beyond float64's range
# is a number that keeps its text. Expected values are OPA v1.20.2's answers (probes in
# vendor/regorus/PATCHES.md, patch 66).

test_lone_surrogate_is_replacement_character if {
	json.unmarshal(`"\ud800"`) == "\ufffd"
	json.unmarshal(`"\udc00"`) == "\ufffd"
	json.unmarshal(`["\ud800x\udc00"]`) == ["\ufffdx\ufffd"]
	json.unmarshal(`"\ud800\ud800"`) == "\ufffd\ufffd"
	json.unmarshal(`"\ud800\u0041"`) == "\ufffdA"
	json.marshal(json.unmarshal(`{"k\ud800": 1}`)) == "{\"k\ufffd\":1}"
	json.is_valid(`"\ud800"`)
	json.is_valid(`["\ud800x\udc00"]`)
}

test_surrogate_pairs_still_decode if {
	json.unmarshal(`"\ud83d\ude00"`) == "😀"
	json.unmarshal(`"\ud800\udc00"`) == "\ud800\udc00"
	json.unmarshal(`"\udbff\udfff"`) == "\udbff\udfff"
}

test_escaped_backslash_is_not_an_escape if {
	json.unmarshal(`"\\ud800"`) == `\ud800`
	json.is_valid(`"\\ud800"`)
}

test_number_beyond_float64_keeps_its_text if {
	json.unmarshal("1e400") == 1e400
	json.marshal(json.unmarshal("1e400")) == "1e400"
	json.marshal(json.unmarshal("-1e400")) == "-1e400"
	json.marshal(json.unmarshal("1E400")) == "1E400"
	json.marshal(json.unmarshal("1e+400")) == "1e+400"
	json.marshal(json.unmarshal("1.5e400")) == "1.5e400"
	json.marshal(json.unmarshal(`[1e400, "\ud800"]`)) == "[1e400,\"\ufffd\"]"
	json.unmarshal(`{"a": 1e400}`).a > 1e308
	json.is_valid("1e400")
	json.is_valid("-1e400")
}

test_invalid_json_is_still_refused if {
	not json.is_valid(`"\ud8"`)
	not json.is_valid(`"\ud8zz"`)
	not json.is_valid(`"\uZZZZ"`)
	not json.is_valid(`"\ud800\u12"`)
	not json.is_valid(`"\ud800`)
	not json.is_valid(`"\ud800\"`)
	not json.is_valid("1e")
	not json.is_valid("-")
	not json.is_valid("01")
	not json.is_valid("NaN")
	not json.is_valid("+1")
	not json.is_valid("1.")
	not json.is_valid(".5")
	not json.is_valid("1e400x")
	not json.is_valid("[1e400")
	not json.is_valid("\"\t\"")
	not json.is_valid("")
}

# An error in OPA ("found invalid Unicode character escape code" for yaml.unmarshal), so no
# value here.
test_unmarshal_of_invalid_text_has_no_value if {
	not yaml.unmarshal(`"\ud800"`)
	not json.unmarshal(`"\ud8"`)
	not json.unmarshal("1e")
	not json.unmarshal("[1e400")
}

test_yaml_refuses_a_lone_surrogate if {
	not yaml.is_valid(`"\ud800"`)
}
