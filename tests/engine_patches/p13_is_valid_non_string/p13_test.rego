package p13_test

# OPA answers `false` when json.is_valid or yaml.is_valid is given something other than a
# string (a number read from an attribute, null, an object already parsed): it is not a
# valid document. It is not an error that makes the expression undefined.
# The values come from the input, as a rule's would: OPA's type checker refuses a call whose
# argument it can prove is not a string, so literals would not compile there.
attrs := {"count": 3, "none": null, "parsed": {"a": 1}, "text": "{\"a\": 1}"}

test_json_number_is_not_valid if json.is_valid(input.count) == false with input as attrs

test_json_null_is_not_valid if json.is_valid(input.none) == false with input as attrs

test_json_object_is_not_valid if json.is_valid(input.parsed) == false with input as attrs

test_json_string_still_checked if {
	json.is_valid(input.text) with input as attrs
	json.is_valid("{") == false
}

test_yaml_number_is_not_valid if yaml.is_valid(input.count) == false with input as attrs

test_yaml_string_still_checked if yaml.is_valid("a: [1, 2]")

# The answer can be collected, as in OPA, instead of the whole comprehension failing.
test_collected if [v | some k in ["count", "text"]; v := json.is_valid(input[k])] == [false, true] with input as attrs
