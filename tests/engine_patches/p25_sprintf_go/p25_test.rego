package p25_test

# sprintf is Go's fmt.Sprintf over OPA's conversion of the arguments: an integer is an
# int64 (a larger one a *big.Int), another number a float64, a string itself, any other
# value its Rego text. Every expected value is OPA 1.20.2's answer (scripts/opa-probe.py).

test_mismatched_int if sprintf("%s", [3]) == "%!s(int64=3)"

test_mismatched_float if sprintf("%d", [1.5]) == "%!d(float64=1.5)"

test_mismatched_string if sprintf("%d", ["abc"]) == "%!d(string=abc)"

test_bool_is_string if sprintf("%t", [true]) == "%!t(string=true)"

test_pad_right if sprintf("%-5s|", ["abc"]) == "abc  |"

test_pad_left if sprintf("%5s", ["abc"]) == "  abc"

test_zero_pad_float if sprintf("%08.3f", [-1.5]) == "-001.500"

test_zero_pad_int if sprintf("%05d", [-3]) == "-0003"

test_plus_int if sprintf("%+d", [3]) == "+3"

test_space_int if sprintf("% d", [3]) == " 3"

test_precision_float if sprintf("%.2f", [0.125]) == "0.12"

test_round_half_even if sprintf("%.0f", [2.5]) == "2"

test_hex_string if sprintf("%x", ["héllo"]) == "68c3a96c6c6f"

test_hex_sharp_space if sprintf("%# x", ["abc"]) == "0x61 0x62 0x63"

test_hex_int if sprintf("%#x", [255]) == "0xff"

test_hex_negative if sprintf("%x", [-255]) == "-ff"

test_upper_hex if sprintf("%X", [255]) == "FF"

test_octal if sprintf("%#o", [65]) == "0101"

test_octal_O if sprintf("%O", [65]) == "0o101"

test_binary if sprintf("%b", [65]) == "1000001"

test_char if sprintf("%c", [65]) == "A"

test_char_invalid if sprintf("%c", [1114112]) == "�"

test_quote if sprintf("%q", ["a\"b\n"]) == "\"a\\\"b\\n\""

test_quote_ascii if sprintf("%+q", ["héllo"]) == "\"h\\u00e9llo\""

test_quote_backquote if sprintf("%#q", ["abc"]) == "`abc`"

test_quote_rune if sprintf("%q", [65]) == "'A'"

test_unicode if sprintf("%#U", [65]) == "U+0041 'A'"

test_exponent if sprintf("%e", [123456789.123]) == "1.234568e+08"

test_exponent_precision if sprintf("%.3e", [0.0001234]) == "1.234e-04"

test_g_shortest if sprintf("%g", [0.000001]) == "1e-06"

test_g_precision if sprintf("%.3g", [1234567.0]) == "%!g(int64=1234567)"

test_g_sharp if sprintf("%#.3g", [1.0]) == "%!g(int64=001)"

test_float_hex if sprintf("%x", [1.5]) == "0x1.8p+00"

test_float_binary if sprintf("%b", [1.5]) == "6755399441055744p-52"

test_v_float_big if sprintf("%v", [123456789.123]) == "1.23456789123e+08"

test_v_float_small if sprintf("%v", [0.000001]) == "1e-06"

test_v_float_tiny if sprintf("%v", [2e-300]) == "2e-300"

test_v_empty_set if sprintf("%v", [set()]) == "set()"

test_v_set_order if sprintf("%v", [{"a", "B", "b", 1, true, null, [1], {"k": 1}, {2}}]) == "{null, true, 1, \"B\", \"a\", \"b\", [1], {\"k\": 1}, {2}}"

test_v_object if sprintf("%v", [{"b": [1, {2}], "a": null}]) == "{\"a\": null, \"b\": [1, {2}]}"

test_v_mixed_array if sprintf("%v", [[1, "a", true, null, 1.5]]) == "[1, \"a\", true, null, 1.5]"

test_v_quoted_text if sprintf("%v", [{"\u00e9": "\u2028"}]) == "{\"é\": \"\\u2028\"}"

test_v_big_int if sprintf("%v", [123456789012345678901234567890]) == "123456789012345678901234567890"

test_big_int_hex if sprintf("%#X", [-123456789012345678901234567890]) == "-0X18EE90FF6C373E0EE4E3F0AD2"

test_big_int_bad_verb if sprintf("%f", [123456789012345678901234567890]) == "%!f(big.Int=123456789012345678901234567890)"

test_big_int_extra if sprintf("%s", [123456789012345678901234567890, 1, 2]) == "123456789012345678901234567890%!(EXTRA int64=1, int64=2)"

test_missing if sprintf("%d %s", [1]) == "1 %!s(MISSING)"

test_extra if sprintf("%d", [1, 2.5, "s", null]) == "1%!(EXTRA float64=2.5, string=s, string=null)"

test_percent if sprintf("%%%d%%", [7]) == "%7%"

test_no_verb if sprintf("abc%", []) == "abc%!(NOVERB)"

test_bad_verb if sprintf("%z", [3]) == "%!z(int64=3)"

test_bad_verb_flags if sprintf("%08s", [3]) == "%!s(int64=00000003)"

test_type if sprintf("%T", [[1]]) == "string"

test_star_width if sprintf("%-*d|", [5, 3]) == "3    |"

test_star_precision if sprintf("%.*f", [2, 3.14159]) == "3.14"

test_bad_width if sprintf("%*d", ["a", 3]) == "%!(BADWIDTH)3"

test_arg_index if sprintf("%[2]s %[1]s", ["a", "b"]) == "b a"

test_bad_index if sprintf("%[3]s", ["a"]) == "%!s(BADINDEX)"

test_precision_zero_int if sprintf("%.0d", [0]) == ""

test_truncate_runes if sprintf("%.1s|", ["日本"]) == "日|"

test_go_syntax_flags if sprintf("%#v %+v", ["a", 1]) == "\"a\" 1"

test_bad_precision if sprintf("%.*d", [-5, 3]) == "%!(BADPREC)3"
