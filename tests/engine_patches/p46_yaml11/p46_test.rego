package p46_test

# OPA reads YAML with go-yaml v2 (YAML 1.1). Expected values are OPA v1.20.2's answers
# (scripts/opa-probe.py builtins --grep yaml).

test_plain_yes_no_on_off_are_booleans if {
	yaml.unmarshal("y") == true
	yaml.unmarshal("Y") == true
	yaml.unmarshal("yes") == true
	yaml.unmarshal("on") == true
	yaml.unmarshal("n") == false
	yaml.unmarshal("No") == false
	yaml.unmarshal("OFF") == false
	yaml.unmarshal("[y, n, yes, no, on, off]") == [true, false, true, false, true, false]
	yaml.unmarshal("a: y") == {"a": true}
}

test_quoted_and_tagged_stay_strings if {
	yaml.unmarshal(`a: "y"`) == {"a": "y"}
	yaml.unmarshal("a: 'on'") == {"a": "on"}
	yaml.unmarshal(`["no", off]`) == ["no", false]
	yaml.unmarshal("!!str 1") == "1"
	yaml.unmarshal("a: yes please") == {"a": "yes please"}
	yaml.unmarshal("tRue") == "tRue"
}

test_boolean_keys_become_true_false if {
	yaml.unmarshal("y: 1") == {"true": 1}
	yaml.unmarshal("{y: 1}") == {"true": 1}
	yaml.unmarshal("on: 1") == {"true": 1}
	yaml.unmarshal("true: 1") == {"true": 1}
	yaml.unmarshal("1.5: a") == {"1.5": "a"}
}

test_octal_and_underscores if {
	yaml.unmarshal("010") == 8
	yaml.unmarshal("-010") == -8
	yaml.unmarshal("a: +010") == {"a": 8}
	yaml.unmarshal("0_10") == 8
	yaml.unmarshal("09") == 9
	yaml.unmarshal("1_000") == 1000
	yaml.unmarshal("a: 1__0") == {"a": 10}
	yaml.unmarshal("1_0.5") == 10.5
	yaml.unmarshal("a: 0x_1F") == {"a": 31}
	yaml.unmarshal("1e400") == "1e400"
}

test_merge_keys if {
	yaml.unmarshal("<<: {a: 1}\nb: 2") == {"a": 1, "b": 2}
	yaml.unmarshal("x: &a {p: 1, q: 2}\nz:\n  <<: *a\n  q: 3") == {"x": {"p": 1, "q": 2}, "z": {"p": 1, "q": 3}}
	yaml.unmarshal("<<: [{a: 1}, {a: 2, b: 3}]\nc: 4") == {"a": 1, "b": 3, "c": 4}
	yaml.unmarshal(`"<<": {a: 1}`) == {"<<": {"a": 1}}
}

test_first_document_counts if {
	yaml.unmarshal("---\na: 1\n---\nb: 2") == {"a": 1}
	yaml.unmarshal("---\n- 1\n---\nb: 2") == [1]
}

test_null_sequence_and_mapping_keys_are_errors if {
	not yaml.is_valid("? [1]\n: 2")
	not yaml.is_valid("{a: 1}: 2")
	not yaml.is_valid("~: a")
	yaml.is_valid("1: a")
}

test_inf_and_nan_are_errors if {
	not yaml.is_valid(".inf")
	not yaml.is_valid(".nan")
}
