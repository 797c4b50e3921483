# govlint patch 70: a call to a function no module defines (`foo(1)`, `lib.f(x)` without a
# `lib.f`) is refused when the policy loads, as OPA refuses it (`undefined function`; see
# ../compile_probes.txt). These are the calls OPA accepts: each must load and evaluate as
# under OPA.
package p70_undefined_functions

import data.p70_undefined_functions.lib
import data.p70_undefined_functions.lib.double

a.twice(x) := 2 * x

one(_) := 1

default fallback(_) := 0

test_a_function_defined_below_its_call if later(1) == 1

later(x) := x

test_a_ref_head_function if a.twice(2) == 4

test_a_ref_head_function_by_data_path if data.p70_undefined_functions.a.twice(3) == 6

test_a_default_only_function if fallback(1) == 0

test_a_function_through_an_import if lib.double(2) == 4

test_a_function_imported_by_its_own_path if double(5) == 10

test_a_builtin_replaced_by_a_function if {
	count([]) == 1 with count as one
}

test_a_function_replaced_by_a_builtin if {
	later("ab") == 2 with later as count
}

test_print_and_rego_metadata if {
	print("p70")
	rego.metadata.rule() == {}
}
