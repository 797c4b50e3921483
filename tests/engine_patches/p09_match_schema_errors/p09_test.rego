package p09_test

schema := {
	"type": "object",
	"required": ["c"],
	"properties": {"a": {"type": "integer"}},
}

test_mismatch_gives_error_objects if {
	[ok, errors] := json.match_schema({"a": "x", "c": 1}, schema)
	ok == false
	count(errors) == 1
	e := errors[0]
	e.field == "a"
	e.type == "invalid_type"
	is_string(e.desc)
	e.error == concat(": ", ["a", e.desc])
}

test_missing_required_is_reported_at_the_root if {
	[ok, errors] := json.match_schema({"a": 1}, schema)
	ok == false
	errors[0].field == "(Root)"
	errors[0].type == "required"
}

test_match_has_no_errors if json.match_schema({"a": 1, "c": 2}, schema) == [true, []]

test_invalid_schema_is_undefined if not json.match_schema({}, {"type": 12})
