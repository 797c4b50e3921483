# govlint patch 89: a builtin argument whose array items, set elements or object keys and
# values cannot have the declared element type is refused when the policy loads
# (`concat(",", [1, 2])`, `sum(["a"])`, `http.send({1: 2})`; see ../compile_probes.txt).
# These are the look-alikes OPA accepts: each must load and evaluate as under OPA.
package p89_builtin_element_types

names := ["a", "b"]

mixed contains "a"

mixed contains 1

test_concat_of_strings if concat(",", ["a", "b"]) == "a,b"

test_concat_of_an_item_of_unknown_type if concat(",", ["a", input.x]) == "a,b" with input.x as "b"

test_concat_of_a_string_comprehension if concat(",", [n | some n in names]) == "a,b"

test_concat_of_a_set_of_strings if concat(",", {"a"}) == "a"

test_sum_of_numbers if sum([1, 2]) == 3

test_sum_of_an_empty_array if sum([]) == 0

test_product_of_a_number_comprehension if product({n | some n in [2, 3]}) == 6

test_union_of_sets if union({{1}, {2}}) == {1, 2}

test_replace_n_of_string_values if strings.replace_n({"a": "b"}, "aa") == "bb"

test_json_filter_of_paths_as_arrays if json.filter({"a": {"b": 1}}, [["a", "b"]]) == {"a": {"b": 1}}

test_a_set_of_mixed_kinds_is_not_judged_by_element if count(mixed) == 2
