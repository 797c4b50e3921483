package p45_test

# urlquery.* are Go's url.QueryEscape, QueryUnescape, ParseQuery and Values.Encode.
# Expected values are OPA 1.20.2's; a refusal is a builtin error, undefined under `opa test`.
test_tilde_kept if urlquery.encode("~") == "~"

test_star_escaped if urlquery.encode("*") == "%2A"

test_reserved if urlquery.encode("!'()*-._~") == "%21%27%28%29%2A-._~"

test_space_and_plus if urlquery.encode("a b+c") == "a+b%2Bc"

test_delimiters if urlquery.encode("é/?#[]@$&,;=:") == "%C3%A9%2F%3F%23%5B%5D%40%24%26%2C%3B%3D%3A"

test_decode if urlquery.decode("a%2Fb+c") == "a/b c"

test_decode_keeps_hash if urlquery.decode("a#b") == "a#b"

test_decode_keeps_pairs if urlquery.decode("a=&b=1") == "a=&b=1"

test_decode_keeps_semicolon if urlquery.decode("a;b") == "a;b"

test_decode_lower_case_hex if urlquery.decode("%7e~") == "~~"

test_short_escape_refused if not urlquery.decode("%2")

test_bad_hex_refused if not urlquery.decode("%zz")

test_lone_percent_refused if not urlquery.decode("%")

test_encode_object if urlquery.encode_object({"b": ["x y", "~"], "a": {"z", "y"}}) == "a=y&a=z&b=x+y&b=~"

test_encode_object_escapes_keys if urlquery.encode_object({"é&": "="}) == "%C3%A9%26=%3D"

test_encode_object_star if urlquery.encode_object({"a": "~*"}) == "a=~%2A"

test_encode_object_empty_list if urlquery.encode_object({"a": []}) == ""

test_decode_object if urlquery.decode_object("a=1=2&%7e=~+") == {"a": ["1=2"], "~": ["~ "]}

test_decode_object_hash_is_text if urlquery.decode_object("a#b=1") == {"a#b": ["1"]}

test_decode_object_empty_pairs if urlquery.decode_object("=1&&b=") == {"": ["1"], "b": [""]}

test_decode_object_bare_key if urlquery.decode_object("a&a=1") == {"a": ["", "1"]}

test_decode_object_bad_escape_refused if not urlquery.decode_object("a=%2")

test_decode_object_semicolon_refused if not urlquery.decode_object("a=1;b=2")
