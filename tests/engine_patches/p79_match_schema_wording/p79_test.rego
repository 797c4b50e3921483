package p79_test

# json.match_schema's errors in gojsonschema's words, types and order, and json.verify_schema's
# message for an invalid schema. Expected values are OPA v1.20.2's answers
# (scripts/opa-probe.py schema). A document in backquotes is JSON text, as OPA reads a string.

test_suite_case_invalid_document if {
	json.match_schema({"id": "foo"}, {"properties": {"id": {"type": "integer"}}, "required": ["id"]}) == [false, [{"desc": "Invalid type. Expected: integer, given: string", "error": "id: Invalid type. Expected: integer, given: string", "field": "id", "type": "invalid_type"}]]
}

test_type_and_required if {
	json.match_schema({}, {"required": ["a", "b"]}) == [false, [{"desc": "a is required", "error": "(Root): a is required", "field": "(Root)", "type": "required"}, {"desc": "b is required", "error": "(Root): b is required", "field": "(Root)", "type": "required"}]]
	json.match_schema(`5.5`, {"type": "integer"}) == [false, [{"desc": "Invalid type. Expected: integer, given: number", "error": "(Root): Invalid type. Expected: integer, given: number", "field": "(Root)", "type": "invalid_type"}]]
	json.match_schema(`null`, {"type": ["string", "integer"]}) == [false, [{"desc": "Invalid type. Expected: [string,integer], given: null", "error": "(Root): Invalid type. Expected: [string,integer], given: null", "field": "(Root)", "type": "invalid_type"}]]
	json.match_schema(`5.0`, {"type": "integer"}) == [true, []]
}

test_enum_and_const if {
	json.match_schema(`"c"`, {"enum": ["a", "b"]}) == [false, [{"desc": "(Root) must be one of the following: \"a\", \"b\"", "error": "(Root): (Root) must be one of the following: \"a\", \"b\"", "field": "(Root)", "type": "enum"}]]
	json.match_schema(`3`, {"enum": [1, "2", null, {"a": 1}]}) == [false, [{"desc": "(Root) must be one of the following: 1, \"2\", null, {\"a\":1}", "error": "(Root): (Root) must be one of the following: 1, \"2\", null, {\"a\":1}", "field": "(Root)", "type": "enum"}]]
	json.match_schema({"a": 2}, {"const": {"a": 1}}) == [false, [{"desc": "(Root) does not match: {\"a\":1}", "error": "(Root): (Root) does not match: {\"a\":1}", "field": "(Root)", "type": "const"}]]
	json.match_schema({"a": {"b": 1}}, {"properties": {"a": {"properties": {"b": {"enum": [2]}}}}}) == [false, [{"desc": "a.b must be one of the following: 2", "error": "a.b: a.b must be one of the following: 2", "field": "a.b", "type": "enum"}]]
}

test_numbers if {
	json.match_schema(`1.5`, {"minimum": 2.5}) == [false, [{"desc": "Must be greater than or equal to 2.5", "error": "(Root): Must be greater than or equal to 2.5", "field": "(Root)", "type": "number_gte"}]]
	json.match_schema(`3`, {"maximum": 2}) == [false, [{"desc": "Must be less than or equal to 2", "error": "(Root): Must be less than or equal to 2", "field": "(Root)", "type": "number_lte"}]]
	json.match_schema(`2`, {"exclusiveMinimum": 2}) == [false, [{"desc": "Must be greater than 2", "error": "(Root): Must be greater than 2", "field": "(Root)", "type": "number_gt"}]]
	json.match_schema(`7`, {"multipleOf": 3}) == [false, [{"desc": "Must be a multiple of 3", "error": "(Root): Must be a multiple of 3", "field": "(Root)", "type": "multiple_of"}]]
	json.match_schema(`123456789012`, {"maximum": 12345678901}) == [false, [{"desc": "Must be less than or equal to 1.2345678901e+10", "error": "(Root): Must be less than or equal to 1.2345678901e+10", "field": "(Root)", "type": "number_lte"}]]
	json.match_schema(`3`, {"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 3, "exclusiveMaximum": true}) == [false, [{"desc": "Must be less than 3", "error": "(Root): Must be less than 3", "field": "(Root)", "type": "number_lt"}]]
}

test_strings_and_formats if {
	json.match_schema(`"ab"`, {"minLength": 3, "pattern": "^z", "enum": ["q"], "format": "email"}) == [false, [{"desc": "(Root) must be one of the following: \"q\"", "error": "(Root): (Root) must be one of the following: \"q\"", "field": "(Root)", "type": "enum"}, {"desc": "Does not match format 'email'", "error": "(Root): Does not match format 'email'", "field": "(Root)", "type": "format"}, {"desc": "String length must be greater than or equal to 3", "error": "(Root): String length must be greater than or equal to 3", "field": "(Root)", "type": "string_gte"}, {"desc": "Does not match pattern '^z'", "error": "(Root): Does not match pattern '^z'", "field": "(Root)", "type": "pattern"}]]
	json.match_schema(`"日本語"`, {"maxLength": 2}) == [false, [{"desc": "String length must be less than or equal to 2", "error": "(Root): String length must be less than or equal to 2", "field": "(Root)", "type": "string_lte"}]]
	json.match_schema(`"x"`, {"format": "uuid"}) == [false, [{"desc": "Does not match format 'uuid'", "error": "(Root): Does not match format 'uuid'", "field": "(Root)", "type": "format"}]]
	json.match_schema(`"x"`, {"format": "date-time"}) == [false, [{"desc": "Does not match format 'date-time'", "error": "(Root): Does not match format 'date-time'", "field": "(Root)", "type": "format"}]]
}

test_objects if {
	json.match_schema({"a": 1, "b": 2}, {"properties": {"a": {}}, "additionalProperties": false}) == [false, [{"desc": "Additional property b is not allowed", "error": "(Root): Additional property b is not allowed", "field": "(Root)", "type": "additional_property_not_allowed"}]]
	json.match_schema({"ab": 1}, {"propertyNames": {"maxLength": 1}}) == [false, [{"desc": "Property name of \"ab\" does not match", "error": "(Root): Property name of \"ab\" does not match", "field": "(Root)", "type": "invalid_property_name"}, {"desc": "String length must be less than or equal to 1", "error": "(Root): String length must be less than or equal to 1", "field": "(Root)", "type": "string_lte"}]]
	json.match_schema({"a": 1}, {"minProperties": 2}) == [false, [{"desc": "Must have at least 2 properties", "error": "(Root): Must have at least 2 properties", "field": "(Root)", "type": "array_min_properties"}]]
	json.match_schema({"a": 1}, {"dependencies": {"a": ["b", "c"]}}) == [false, [{"desc": "Has a dependency on b", "error": "(Root): Has a dependency on b", "field": "(Root)", "type": "missing_dependency"}, {"desc": "Has a dependency on c", "error": "(Root): Has a dependency on c", "field": "(Root)", "type": "missing_dependency"}]]
	json.match_schema({"a": 1}, {"dependencies": {"a": {"required": ["b"]}}}) == [false, [{"desc": "b is required", "error": "(Root): b is required", "field": "(Root)", "type": "required"}]]
	json.match_schema({"a": {"b": [1, {"c": "x"}]}}, {"properties": {"a": {"properties": {"b": {"items": {"properties": {"c": {"type": "integer"}}}}}}}}) == [false, [{"desc": "Invalid type. Expected: integer, given: string", "error": "a.b.1.c: Invalid type. Expected: integer, given: string", "field": "a.b.1.c", "type": "invalid_type"}]]
}

test_arrays if {
	json.match_schema(`[1, 1]`, {"minItems": 3, "uniqueItems": true, "items": {"type": "string"}}) == [false, [{"desc": "Invalid type. Expected: string, given: integer", "error": "0: Invalid type. Expected: string, given: integer", "field": "0", "type": "invalid_type"}, {"desc": "Invalid type. Expected: string, given: integer", "error": "1: Invalid type. Expected: string, given: integer", "field": "1", "type": "invalid_type"}, {"desc": "Array must have at least 3 items", "error": "(Root): Array must have at least 3 items", "field": "(Root)", "type": "array_min_items"}, {"desc": "array items[0,1] must be unique", "error": "(Root): array items[0,1] must be unique", "field": "(Root)", "type": "unique"}]]
	json.match_schema(`[1, 2]`, {"items": [{}], "additionalItems": false}) == [false, [{"desc": "No additional items allowed on array", "error": "(Root): No additional items allowed on array", "field": "(Root)", "type": "array_no_additional_items"}]]
	json.match_schema(`[1]`, {"contains": {"type": "string"}}) == [false, [{"desc": "At least one of the items must match", "error": "(Root): At least one of the items must match", "field": "(Root)", "type": "contains"}, {"desc": "Invalid type. Expected: string, given: integer", "error": "0: Invalid type. Expected: string, given: integer", "field": "0", "type": "invalid_type"}]]
}

test_combinators if {
	json.match_schema(`5`, {"anyOf": [{"type": "string"}, {"minimum": 6}]}) == [false, [{"desc": "Must validate at least one schema (anyOf)", "error": "(Root): Must validate at least one schema (anyOf)", "field": "(Root)", "type": "number_any_of"}, {"desc": "Must be greater than or equal to 6", "error": "(Root): Must be greater than or equal to 6", "field": "(Root)", "type": "number_gte"}]]
	json.match_schema(`5`, {"oneOf": [{"type": "integer"}, {"minimum": 1}]}) == [false, [{"desc": "Must validate one and only one schema (oneOf)", "error": "(Root): Must validate one and only one schema (oneOf)", "field": "(Root)", "type": "number_one_of"}]]
	json.match_schema(`5`, {"allOf": [{"type": "integer"}, {"minimum": 6}, {"maximum": 1}]}) == [false, [{"desc": "Must be greater than or equal to 6", "error": "(Root): Must be greater than or equal to 6", "field": "(Root)", "type": "number_gte"}, {"desc": "Must be less than or equal to 1", "error": "(Root): Must be less than or equal to 1", "field": "(Root)", "type": "number_lte"}, {"desc": "Must validate all the schemas (allOf)", "error": "(Root): Must validate all the schemas (allOf)", "field": "(Root)", "type": "number_all_of"}]]
	json.match_schema(`5`, {"not": {"type": "integer"}}) == [false, [{"desc": "Must not validate the schema (not)", "error": "(Root): Must not validate the schema (not)", "field": "(Root)", "type": "number_not"}]]
	json.match_schema(`0`, {"if": {"minimum": 1}, "then": {"maximum": 2}, "else": {"type": "string"}}) == [false, [{"desc": "Must validate \"else\" as \"if\" was not valid", "error": "(Root): Must validate \"else\" as \"if\" was not valid", "field": "(Root)", "type": "condition_else"}, {"desc": "Invalid type. Expected: string, given: integer", "error": "(Root): Invalid type. Expected: string, given: integer", "field": "(Root)", "type": "invalid_type"}]]
	json.match_schema(`1`, `false`) == [false, [{"desc": "False always fails validation", "error": "(Root): False always fails validation", "field": "(Root)", "type": "false"}]]
	json.match_schema({"a": {"b": 1}}, {"properties": {"a": {"allOf": [{"properties": {"b": {"type": "string"}}}]}}}) == [false, [{"desc": "Invalid type. Expected: string, given: integer", "error": "a.b: Invalid type. Expected: string, given: integer", "field": "a.b", "type": "invalid_type"}, {"desc": "Must validate all the schemas (allOf)", "error": "a: Must validate all the schemas (allOf)", "field": "a", "type": "number_all_of"}]]
}

test_verify_schema_messages if {
	json.verify_schema({"type": "unknown_type"}) == [false, "jsonschema: has a primitive type that is NOT VALID -- given: /unknown_type/ Expected valid values are:[array boolean integer number null object string]"]
	json.verify_schema(`{"type": "unknown_type"}`) == [false, "jsonschema: has a primitive type that is NOT VALID -- given: /unknown_type/ Expected valid values are:[array boolean integer number null object string]"]
	json.verify_schema({"minimum": "a"}) == [false, "jsonschema: minimum must be of a Number"]
	json.verify_schema({"type": 5}) == [false, "jsonschema: Invalid type. Expected: type, given: string/Array Of Strings"]
	json.verify_schema({"required": "a"}) == [false, "jsonschema: required must be of an array"]
	json.verify_schema({"pattern": "("}) == [false, "jsonschema: pattern must be a valid regex"]
	json.verify_schema({"minLength": -1}) == [false, "jsonschema: minLength must be greater than or equal to 0"]
	json.verify_schema({"$ref": "#/nope"}) == [false, "jsonschema: Object has no key 'nope'"]
	json.verify_schema({"minimum": 2.5}) == [true, null]
}
