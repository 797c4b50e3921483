package p29_test

# json.marshal escapes as Go's encoding/json: <, >, & and U+2028, U+2029 inside strings.
# Expected values are OPA 1.20.2's.
test_html_characters if json.marshal("<>&") == `"\u003c\u003e\u0026"`

test_in_keys_and_arrays if json.marshal(["<a>", {"&": 1}]) == `["\u003ca\u003e",{"\u0026":1}]`

test_line_separators if json.marshal("\u2028\u2029") == `"\u2028\u2029"`

test_with_options if json.marshal_with_options({"a": "<"}, {}) == `{"a":"\u003c"}`

test_pretty if json.marshal_with_options({"a": "<"}, {"pretty": true}) == "{\n\t\"a\": \"\\u003c\"\n}"

test_round_trip if json.unmarshal(json.marshal("<&>")) == "<&>"

test_prefix_kept_verbatim if json.marshal_with_options(["<"], {"prefix": "> "}) == "> [\n> \t\"\\u003c\"\n> ]"
